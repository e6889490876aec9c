import type { Kysely } from 'kysely';
import type { Schema } from '../../db-schema.ts';
import { dbNow } from '../../platform/db.ts';
import type { IndexName, IndexValue } from './index-table.rules.ts';

type Db = Kysely<Schema>;

/** Upserts months (a corrected month replaces the old value). Returns how many rows changed. */
export async function upsertIndexValues(
  db: Db,
  tenantId: string,
  name: IndexName,
  values: IndexValue[],
  source: string,
): Promise<number> {
  if (values.length === 0) return 0;
  const result = await db
    .insertInto('index_values')
    .values(
      values.map((v) => ({
        tenant_id: tenantId,
        index_name: name,
        month: v.month,
        percent: v.percent,
        source,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'index_name', 'month'])
        .doUpdateSet((eb) => ({
          percent: eb.ref('excluded.percent'),
          source: eb.ref('excluded.source'),
          loaded_at: dbNow,
        }))
        .where((eb) => eb('index_values.percent', 'is distinct from', eb.ref('excluded.percent'))),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

export async function findIndexValues(db: Db, tenantId: string, name: IndexName, from?: string, to?: string) {
  let q = db
    .selectFrom('index_values')
    .select(['month', 'percent', 'source', 'loaded_at'])
    .where('tenant_id', '=', tenantId)
    .where('index_name', '=', name);
  if (from) q = q.where('month', '>=', from);
  if (to) q = q.where('month', '<=', to);
  return q.orderBy('month').execute();
}

export async function countIndexValues(db: Db, tenantId: string, name: IndexName): Promise<number> {
  const row = await db
    .selectFrom('index_values')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('index_name', '=', name)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
