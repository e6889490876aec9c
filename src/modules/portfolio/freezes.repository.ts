import type { Kysely } from 'kysely';
import type { Schema } from '../../db-schema.ts';

type Db = Kysely<Schema>;

/**
 * Periods in which the charges of a debtor's debts are frozen: a repactuação under the
 * superendividamento procedure (CDC art. 104-A). The fact is the portfolio's (it is about the debts);
 * contact's suppression service records and ends it, the balance reads it (balance.rules.ts,
 * `accrualSegments`). Dates are São Paulo calendar days; [from_date, until_date).
 */
export async function freezeCharges(
  db: Db,
  f: {
    tenantId: string;
    debtorId: string;
    sourceId: string;
    reason: 'repactuation';
    from: string;
    until: string | null;
    by: string;
  },
): Promise<void> {
  await db
    .insertInto('charge_freezes')
    .values({
      tenant_id: f.tenantId,
      debtor_id: f.debtorId,
      source_id: f.sourceId,
      reason: f.reason,
      from_date: f.from,
      until_date: f.until,
      created_by: f.by,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'source_id']).doNothing())
    .execute();
}

/**
 * Ends a freeze on `until` (exclusive: charges accrue again from that day), only if it would otherwise
 * last longer; never before it started. Returns whether one changed.
 */
export async function endChargeFreeze(db: Db, tenantId: string, sourceId: string, until: string) {
  const r = await db
    .updateTable('charge_freezes')
    .set((eb) => ({ until_date: eb.fn('greatest', [eb.ref('from_date'), eb.val(until)]) }))
    .where('tenant_id', '=', tenantId)
    .where('source_id', '=', sourceId)
    .where((eb) => eb.or([eb('until_date', 'is', null), eb('until_date', '>', until)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The freezes of these debtors, by debtor. */
export async function chargeFreezesOf(
  db: Db,
  tenantId: string,
  debtorIds: readonly string[],
): Promise<Map<string, { from: string; until: string | null; reason: 'repactuation' }[]>> {
  const out = new Map<string, { from: string; until: string | null; reason: 'repactuation' }[]>();
  if (debtorIds.length === 0) return out;
  const rows = await db
    .selectFrom('charge_freezes')
    .select(['debtor_id', 'from_date', 'until_date', 'reason'])
    .where('tenant_id', '=', tenantId)
    .where('debtor_id', 'in', [...new Set(debtorIds)])
    .orderBy('from_date')
    .execute();
  for (const r of rows) {
    const list = out.get(r.debtor_id) ?? [];
    list.push({ from: r.from_date, until: r.until_date, reason: r.reason });
    out.set(r.debtor_id, list);
  }
  return out;
}
