import type { Kysely } from 'kysely';
import type { Schema } from '../../db-schema.ts';
import type { Offer } from './offer.rules.ts';

type Db = Kysely<Schema>;

export async function insertOffers(
  db: Db,
  scope: { tenantId: string; creditorId: string; debtorId: string; offerDate: string; createdBy: string },
  offers: Offer[],
): Promise<string[]> {
  if (offers.length === 0) return [];
  const rows = await db
    .insertInto('offers')
    .values(
      offers.map((o) => ({
        tenant_id: scope.tenantId,
        creditor_id: scope.creditorId,
        debtor_id: scope.debtorId,
        debt_ids: o.debtIds,
        kind: o.kind,
        installments_count: o.installmentsCount,
        down_payment_cents: o.downPaymentCents,
        total_cents: o.totalCents,
        discount_cents: o.discountCents,
        balance_cents: o.balanceCents,
        monthly_rate_percent: o.monthlyRatePercent,
        cet_annual_percent: o.cetAnnualPercent,
        offer_date: scope.offerDate,
        valid_until: o.validUntil,
        schedule: JSON.stringify(o.schedule),
        explanation: JSON.stringify(o.explanation),
        created_by: scope.createdBy,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** An offer of the caller's tenant (and creditor, for a creditor principal). */
export async function findOffer(db: Db, scope: { tenantId: string; creditorId: string | null }, id: string) {
  let q = db.selectFrom('offers').selectAll().where('tenant_id', '=', scope.tenantId).where('id', '=', id);
  if (scope.creditorId) q = q.where('creditor_id', '=', scope.creditorId);
  return q.executeTakeFirst();
}
