import type { Kysely } from 'kysely';
import type { Schema } from '../../db-schema.ts';
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
    })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
}

export async function findActiveTokenByHash(db: Db, tokenHash: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'tenant_id', 'role', 'creditor_id'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
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
