import type { Kysely } from 'kysely';
import type { Schema } from '../../db-schema.ts';
import { AppError } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import * as repo from './identity.repository.ts';
import {
  DEFAULT_TENANT_SLUG,
  generateToken,
  hashToken,
  isRole,
  isValidSlug,
  type Principal,
  type Role,
} from './identity.rules.ts';

type Db = Kysely<Schema>;

export interface CreatedToken {
  id: string;
  token: string;
  tenantId: string;
  tenantSlug: string;
  role: Role;
  creditorId: string | null;
}

/**
 * Creates a bearer token. The tenant is created on first use (so a fresh install needs one
 * command); a creditor token must name a creditor of that tenant. Only the hash is stored.
 */
export async function createApiToken(
  db: Db,
  input: {
    role: string;
    creditorId?: string | null;
    tenantSlug?: string;
    label?: string | null;
    actor: string;
  },
): Promise<CreatedToken> {
  const slug = input.tenantSlug ?? DEFAULT_TENANT_SLUG;
  if (!isRole(input.role)) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Papel inválido "${input.role}": use admin, manager, agent ou creditor.`,
    );
  }
  const creditorId = input.creditorId ?? null;
  if (input.role === 'creditor' && !creditorId) {
    throw new AppError('VALIDATION_FAILED', 'Um token do papel creditor precisa de --creditor ID.');
  }
  if (input.role !== 'creditor' && creditorId) {
    throw new AppError('VALIDATION_FAILED', 'Apenas tokens do papel creditor são vinculados a um credor.');
  }
  const tenant = await ensureTenant(db, slug);
  if (
    creditorId &&
    !(isUuid(creditorId) && (await repo.creditorBelongsToTenant(db, tenant.id, creditorId)))
  ) {
    throw new AppError('NOT_FOUND', `Credor ${creditorId} não encontrado no tenant "${slug}".`);
  }
  const token = generateToken();
  const row = await repo.insertToken(db, {
    tenantId: tenant.id,
    role: input.role,
    creditorId,
    tokenHash: hashToken(token),
    label: input.label ?? null,
  });
  await repo.recordAudit(db, {
    tenantId: tenant.id,
    actor: input.actor,
    action: 'token.created',
    entity: 'api_token',
    entityId: row.id,
    details: { role: input.role, creditorId },
  });
  return { id: row.id, token, tenantId: tenant.id, tenantSlug: tenant.slug, role: input.role, creditorId };
}

/** The tenant with this slug, created on first use (the CLI and first start need no set-up step). */
export async function ensureTenant(db: Db, slug: string): Promise<{ id: string; slug: string }> {
  if (!isValidSlug(slug)) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Identificador de tenant inválido "${slug}": use letras minúsculas, números e hífen (2 a 63 caracteres).`,
    );
  }
  return repo.insertTenantIfMissing(db, slug, slug === DEFAULT_TENANT_SLUG ? 'Tenant padrão' : slug);
}

/** Who the CLI acts as: the tenant's administrator (it runs on the machine; the API needs a token). */
export async function cliPrincipal(db: Db, tenantSlug: string): Promise<Principal> {
  const tenant = await ensureTenant(db, tenantSlug);
  return { tenantId: tenant.id, role: 'admin', creditorId: null, tokenId: 'cli' };
}

/** A token in the caller's own tenant (POST /api/v1/tokens). */
export async function createApiTokenInTenantOf(
  db: Db,
  principal: Principal,
  input: { role: string; creditorId?: string | null; label?: string | null },
): Promise<CreatedToken> {
  const tenant = await repo.findTenantById(db, principal.tenantId);
  if (!tenant) throw new AppError('NOT_FOUND', 'Tenant não encontrado.');
  return createApiToken(db, { ...input, tenantSlug: tenant.slug, actor: `token:${principal.tokenId}` });
}

export async function authenticateBearer(db: Db, token: string): Promise<Principal | null> {
  const row = await repo.findActiveTokenByHash(db, hashToken(token));
  if (!row) return null;
  return { tenantId: row.tenant_id, role: row.role, creditorId: row.creditor_id, tokenId: row.id };
}

export async function hasAnyToken(db: Db): Promise<boolean> {
  return (await repo.countTokens(db)) > 0;
}

export const recordAudit = repo.recordAudit;

/** Every tenant's id, for jobs that act for all tenants. */
export function listTenantIds(db: Db): Promise<string[]> {
  return repo.listTenantIds(db);
}
