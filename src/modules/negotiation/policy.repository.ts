import type { Kysely } from 'kysely';
import type { Schema } from '../../db-schema.ts';
import { dbNow } from '../../platform/db.ts';
import type { NegotiationPolicy } from './policy.rules.ts';

type Db = Kysely<Schema>;

export async function findPolicy(db: Db, tenantId: string, creditorId: string) {
  return db
    .selectFrom('negotiation_policies')
    .select(['policy', 'updated_at', 'updated_by'])
    .where('tenant_id', '=', tenantId)
    .where('creditor_id', '=', creditorId)
    .executeTakeFirst();
}

export async function upsertPolicy(
  db: Db,
  values: { tenantId: string; creditorId: string; policy: NegotiationPolicy; updatedBy: string },
) {
  return db
    .insertInto('negotiation_policies')
    .values({
      tenant_id: values.tenantId,
      creditor_id: values.creditorId,
      policy: JSON.stringify(values.policy),
      updated_by: values.updatedBy,
    })
    .onConflict((oc) =>
      oc.column('creditor_id').doUpdateSet({
        policy: JSON.stringify(values.policy),
        updated_by: values.updatedBy,
        updated_at: dbNow,
      }),
    )
    .returning(['updated_at'])
    .executeTakeFirstOrThrow();
}
