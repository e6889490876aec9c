import type { Kysely, Selectable } from 'kysely';
import type { AgencyProfilesTable, Schema } from '../../db-schema.ts';
import { AppError, validationFailed } from '../../platform/errors.ts';
import type { CreditorAddress } from '../creditors/index.ts';
import { actorOf, can, type Principal, recordAudit } from '../identity/index.ts';
import * as repo from './agency.repository.ts';
import { type AgencyProfile, defaultAgencyProfile, validateAgencyProfile } from './agency.rules.ts';
import type { AgencyProfileInput } from './agency.schemas.ts';

type Db = Kysely<Schema>;

function toProfile(row: Selectable<AgencyProfilesTable>): AgencyProfile {
  return {
    legalName: row.legal_name,
    tradeName: row.trade_name,
    document: row.document,
    address: row.address as CreditorAddress,
    phone: row.phone,
    email: row.email,
    whatsapp: row.whatsapp,
    website: row.website,
    configured: true,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/**
 * The agency's profile for a tenant (the default one, which says it must be changed, until an admin
 * sets it). No principal: messages, documents and the debtor portal (its footer) all show it, and it is
 * the agency's public identification, not personal data.
 */
export async function getAgencyProfile(db: Db, tenantId: string): Promise<AgencyProfile> {
  const row = await repo.findProfile(db, tenantId);
  return row ? toProfile(row) : defaultAgencyProfile();
}

function requireAdmin(principal: Principal) {
  if (!can(principal, 'settings:write'))
    throw new AppError('FORBIDDEN', 'Apenas administradores consultam e alteram o perfil da assessoria.');
}

/** GET /api/v1/settings/agency (admin). */
export async function readAgencySettings(db: Db, principal: Principal): Promise<AgencyProfile> {
  requireAdmin(principal);
  return getAgencyProfile(db, principal.tenantId);
}

/** PUT /api/v1/settings/agency (admin): the whole profile, validated; recorded in the audit trail. */
export async function putAgencyProfile(
  db: Db,
  principal: Principal,
  input: AgencyProfileInput,
): Promise<AgencyProfile> {
  requireAdmin(principal);
  const result = validateAgencyProfile(input);
  if (!result.ok) throw validationFailed(result.errors);
  const actor = actorOf(principal);
  const row = await repo.upsertProfile(db, principal.tenantId, result.value, actor);
  await recordAudit(db, {
    tenantId: principal.tenantId,
    actor,
    action: 'agency.profile_updated',
    entity: 'agency_profile',
    entityId: principal.tenantId,
  });
  return toProfile(row);
}
