import type { Kysely } from 'kysely';
import type { Schema } from '../../db-schema.ts';
import { dbNow } from '../../platform/db.ts';
import type { Role } from './identity.rules.ts';

type Db = Kysely<Schema>;

export async function findTenantBySlug(db: Db, slug: string) {
  return db.selectFrom('tenants').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst();
}

export async function findTenantById(db: Db, id: string) {
  return db.selectFrom('tenants').select(['id', 'slug', 'name']).where('id', '=', id).executeTakeFirst();
}

export async function insertTenantIfMissing(db: Db, slug: string, name: string) {
  await db
    .insertInto('tenants')
    .values({ slug, name })
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
  return (await findTenantBySlug(db, slug))!;
}

export async function insertToken(
  db: Db,
  values: {
    tenantId: string;
    role: Role;
    creditorId: string | null;
    tokenHash: string;
    label: string | null;
    expiresAt: Date | null;
    person: string | null;
  },
) {
  return db
    .insertInto('api_tokens')
    .values({
      tenant_id: values.tenantId,
      role: values.role,
      creditor_id: values.creditorId,
      token_hash: values.tokenHash,
      label: values.label,
      expires_at: values.expiresAt,
      person: values.person,
    })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
}

/** A token that is neither revoked nor expired at `now`. */
export async function findActiveTokenByHash(db: Db, tokenHash: string, now: Date) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'tenant_id', 'role', 'creditor_id', 'last_used_at', 'person'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();
}

export async function touchToken(db: Db, id: string, now: Date) {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

/** The tenant's tokens that are not revoked, newest first — never the hash. */
export async function listTokens(db: Db, tenantId: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'role', 'creditor_id', 'label', 'person', 'created_at', 'last_used_at', 'expires_at'])
    .where('tenant_id', '=', tenantId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

/** Revokes a token of this tenant; false when there is none (or it was already revoked). */
export async function revokeToken(db: Db, tenantId: string, id: string, now: Date): Promise<boolean> {
  const row = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The person recorded on a token of this tenant (revoked or not); null when none or no such token. */
export async function findTokenPerson(db: Db, tenantId: string, id: string): Promise<string | null> {
  const row = await db
    .selectFrom('api_tokens')
    .select('person')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.person ?? null;
}

export async function countTokens(db: Db): Promise<number> {
  const row = await db
    .selectFrom('api_tokens')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function creditorBelongsToTenant(
  db: Db,
  tenantId: string,
  creditorId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('creditors')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', creditorId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function recordAudit(
  db: Db,
  event: {
    tenantId: string | null;
    actor: string;
    action: string;
    entity: string;
    entityId?: string;
    details?: object;
  },
) {
  await db
    .insertInto('audit_events')
    .values({
      tenant_id: event.tenantId,
      actor: event.actor,
      action: event.action,
      entity: event.entity,
      entity_id: event.entityId ?? null,
      details: JSON.stringify(event.details ?? {}),
    })
    .execute();
}

/** Every tenant's id (jobs that act for all tenants, like the index tables' monthly update). */
export async function listTenantIds(db: Db): Promise<string[]> {
  return (await db.selectFrom('tenants').select('id').orderBy('id').execute()).map((r) => r.id);
}

/** The limits a tenant's admin set (null columns: the default); undefined when never set. */
export async function findTenantLimits(db: Db, tenantId: string) {
  return db.selectFrom('tenant_limits').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
}

export async function upsertTenantLimits(
  db: Db,
  tenantId: string,
  limits: {
    requestsPerMinute: number | null;
    maxUploadBytes: number | null;
    maxPixPerWebhook: number | null;
  },
  by: string,
) {
  const values = {
    requests_per_minute: limits.requestsPerMinute,
    max_upload_bytes: limits.maxUploadBytes,
    max_pix_per_webhook: limits.maxPixPerWebhook,
    updated_at: dbNow,
    updated_by: by,
  };
  return db
    .insertInto('tenant_limits')
    .values({ tenant_id: tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
}
