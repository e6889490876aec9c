import { type Kysely, sql } from 'kysely';
import type { Schema } from '../../db-schema.ts';
import { dbNow } from '../../platform/db.ts';
import { uuidv7 } from '../../platform/uuid7.ts';
import type { Offer } from './offer.rules.ts';

type Db = Kysely<Schema>;

/**
 * Records a set of offers in one statement with a single JSON parameter: a request makes up to ~25 offers,
 * and 25 rows × 17 bound parameters cost more to build and send than the rows are worth. Ids are UUIDv7
 * made here, so nothing has to come back.
 */
export async function insertOffers(
  db: Db,
  scope: {
    tenantId: string;
    creditorId: string;
    debtorId: string;
    offerDate: string;
    createdBy: string;
    simulation?: boolean;
    origin?: 'policy' | 'proposal' | 'approval';
  },
  offers: Offer[],
): Promise<string[]> {
  if (offers.length === 0) return [];
  const ids = offers.map(() => uuidv7());
  const rows = offers.map((o, i) => ({
    id: ids[i],
    debt_ids: o.debtIds,
    kind: o.kind,
    installments_count: o.installmentsCount,
    down_payment_cents: o.downPaymentCents,
    total_cents: o.totalCents,
    discount_cents: o.discountCents,
    balance_cents: o.balanceCents,
    monthly_rate_percent: o.monthlyRatePercent,
    cet_annual_percent: o.cetAnnualPercent,
    valid_until: o.validUntil,
    schedule: o.schedule,
    explanation: o.explanation,
    effective_annual_rate_percent: o.effectiveAnnualRatePercent,
    interest_method: o.interestMethod,
    validity_days: o.validityDays,
    includes_prescribed_debt: o.includesPrescribedDebt,
  }));
  await sql`
    INSERT INTO offers (id, tenant_id, creditor_id, debtor_id, debt_ids, kind, installments_count,
      down_payment_cents, total_cents, discount_cents, balance_cents, monthly_rate_percent,
      cet_annual_percent, offer_date, valid_until, schedule, explanation, created_by,
      effective_annual_rate_percent, interest_method, validity_days, includes_prescribed_debt, simulation, origin)
    SELECT r.id, ${scope.tenantId}::uuid, ${scope.creditorId}::uuid, ${scope.debtorId}::uuid, r.debt_ids,
      r.kind, r.installments_count, r.down_payment_cents, r.total_cents, r.discount_cents, r.balance_cents,
      r.monthly_rate_percent, r.cet_annual_percent, ${scope.offerDate}::date, r.valid_until, r.schedule,
      r.explanation, ${scope.createdBy}, r.effective_annual_rate_percent, r.interest_method, r.validity_days,
      r.includes_prescribed_debt, ${scope.simulation ?? false}, ${scope.origin ?? 'policy'}
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(id uuid, debt_ids uuid[], kind text,
      installments_count integer, down_payment_cents bigint, total_cents bigint, discount_cents bigint,
      balance_cents bigint, monthly_rate_percent numeric, cet_annual_percent numeric, valid_until date,
      schedule jsonb, explanation jsonb, effective_annual_rate_percent numeric, interest_method text,
      validity_days integer, includes_prescribed_debt boolean)
  `.execute(db);
  return ids;
}

/** An offer of the caller's tenant (and creditor, for a creditor principal). */
export async function findOffer(db: Db, scope: { tenantId: string; creditorId: string | null }, id: string) {
  let q = db.selectFrom('offers').selectAll().where('tenant_id', '=', scope.tenantId).where('id', '=', id);
  if (scope.creditorId) q = q.where('creditor_id', '=', scope.creditorId);
  return q.executeTakeFirst();
}

/** The tenant's mínimo existencial, when it set one (negotiation_settings). */
export async function findMinimumExistential(db: Db, tenantId: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('negotiation_settings')
    .select('minimum_existential_cents')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.minimum_existential_cents);
}

export async function upsertMinimumExistential(
  db: Db,
  tenantId: string,
  cents: number,
  updatedBy: string,
): Promise<void> {
  await db
    .insertInto('negotiation_settings')
    .values({ tenant_id: tenantId, minimum_existential_cents: cents, updated_by: updatedBy })
    .onConflict((oc) =>
      oc.column('tenant_id').doUpdateSet({
        minimum_existential_cents: cents,
        updated_by: updatedBy,
        updated_at: dbNow,
      }),
    )
    .execute();
}
