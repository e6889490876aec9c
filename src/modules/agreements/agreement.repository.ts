import { type Kysely, sql } from 'kysely';
import type { Schema } from '../../db-schema.ts';
import type { Tx } from '../../platform/db.ts';
import type { InterestMethod } from '../negotiation/index.ts';
import type { AgreementOrigin } from './cancellation.rules.ts';

type Db = Kysely<Schema>;

export interface NewAgreement {
  tenantId: string;
  creditorId: string;
  debtorId: string;
  offerId: string;
  idempotencyKey: string | null;
  debtIds: string[];
  balanceCents: number;
  discountCents: number;
  downPaymentCents: number;
  totalCents: number;
  monthlyRatePercent: string;
  cetAnnualPercent: string;
  graceDays: number;
  createdBy: string;
  effectiveAnnualRatePercent: string;
  interestMethod: InterestMethod;
  origin: AgreementOrigin;
  includesPrescribedDebt: boolean;
  /** The signature instant from the injected clock: CDC art. 49 counts 7 days from it. */
  createdAt?: Date;
}

export async function insertAgreement(db: Db, a: NewAgreement): Promise<string> {
  const row = await db
    .insertInto('agreements')
    .values({
      tenant_id: a.tenantId,
      creditor_id: a.creditorId,
      debtor_id: a.debtorId,
      offer_id: a.offerId,
      idempotency_key: a.idempotencyKey,
      debt_ids: a.debtIds,
      balance_cents: a.balanceCents,
      discount_cents: a.discountCents,
      down_payment_cents: a.downPaymentCents,
      total_cents: a.totalCents,
      monthly_rate_percent: a.monthlyRatePercent,
      cet_annual_percent: a.cetAnnualPercent,
      grace_days: a.graceDays,
      created_by: a.createdBy,
      effective_annual_rate_percent: a.effectiveAnnualRatePercent,
      interest_method: a.interestMethod,
      origin: a.origin,
      includes_prescribed_debt: a.includesPrescribedDebt,
      ...(a.createdAt ? { created_at: a.createdAt } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertInstallments(
  db: Db,
  agreementId: string,
  schedule: { number: number; dueDate: string; amountCents: number }[],
): Promise<{ id: string; dueDate: string; amountCents: number }[]> {
  const rows = await db
    .insertInto('agreement_installments')
    .values(
      schedule.map((p) => ({
        agreement_id: agreementId,
        number: p.number,
        due_date: p.dueDate,
        amount_cents: p.amountCents,
      })),
    )
    .returning(['id', 'due_date', 'amount_cents', 'number'])
    .execute();
  return rows
    .sort((a, b) => a.number - b.number)
    .map((r) => ({ id: r.id, dueDate: r.due_date, amountCents: r.amount_cents }));
}

/**
 * A new agreement on debts of broken agreements renegotiates them: they become `renegotiated` and
 * point to the new one. Returns the ids of the agreements replaced.
 */
export async function markRenegotiated(
  db: Db,
  tenantId: string,
  debtIds: string[],
  newAgreementId: string,
): Promise<string[]> {
  const rows = await db
    .updateTable('agreements')
    .set({ status: 'renegotiated', renegotiated_by: newAgreementId })
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'broken')
    .where('id', '!=', newAgreementId)
    .where(sql<boolean>`debt_ids && ${sql.val(debtIds)}::uuid[]`)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function setRenegotiationNumber(db: Db, id: string, n: number): Promise<void> {
  await db.updateTable('agreements').set({ renegotiation_number: n }).where('id', '=', id).execute();
}

export async function insertEvent(
  db: Db,
  e: { agreementId: string; type: string; actor: string; details?: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto('agreement_events')
    .values({
      agreement_id: e.agreementId,
      type: e.type,
      actor: e.actor,
      details: JSON.stringify(e.details ?? {}),
    })
    .execute();
}

export async function findAgreement(
  db: Db,
  scope: { tenantId: string; creditorId: string | null },
  id: string,
) {
  let q = db
    .selectFrom('agreements')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id);
  if (scope.creditorId) q = q.where('creditor_id', '=', scope.creditorId);
  return q.executeTakeFirst();
}

export async function findAgreementById(db: Db, id: string) {
  return db.selectFrom('agreements').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function agreementOfInstallment(db: Db, tenantId: string, installmentId: string) {
  const row = await db
    .selectFrom('agreement_installments')
    .innerJoin('agreements', 'agreements.id', 'agreement_installments.agreement_id')
    .select('agreements.id')
    .where('agreements.tenant_id', '=', tenantId)
    .where('agreement_installments.id', '=', installmentId)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The agreement, row-locked until the transaction ends (see the lock order in payment.service.ts). */
export async function lockAgreement(db: Tx, id: string) {
  return db.selectFrom('agreements').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
}

/** The installment, row-locked until the transaction ends (payments of one installment go one by one). */
export async function lockInstallment(db: Tx, tenantId: string, installmentId: string) {
  return db
    .selectFrom('agreement_installments')
    .innerJoin('agreements', 'agreements.id', 'agreement_installments.agreement_id')
    .selectAll('agreement_installments')
    .where('agreements.tenant_id', '=', tenantId)
    .where('agreement_installments.id', '=', installmentId)
    .forUpdate('agreement_installments')
    .executeTakeFirst();
}

export async function addInstallmentPaid(db: Db, installmentId: string, cents: number): Promise<void> {
  await db
    .updateTable('agreement_installments')
    .set((eb) => ({ paid_cents: eb('paid_cents', '+', cents) }))
    .where('id', '=', installmentId)
    .execute();
}

/** An installment with its agreement's scope, for staff reads (boleto, Pix image). */
export async function findInstallmentScoped(
  db: Db,
  scope: { tenantId: string; creditorId: string | null },
  installmentId: string,
) {
  let q = db
    .selectFrom('agreement_installments')
    .innerJoin('agreements', 'agreements.id', 'agreement_installments.agreement_id')
    .select([
      'agreement_installments.id',
      'agreement_installments.agreement_id',
      'agreement_installments.number',
      'agreement_installments.due_date',
      'agreement_installments.amount_cents',
      'agreement_installments.paid_cents',
      'agreement_installments.status',
      'agreements.creditor_id',
      'agreements.debtor_id',
      'agreements.status as agreement_status',
    ])
    .where('agreements.tenant_id', '=', scope.tenantId)
    .where('agreement_installments.id', '=', installmentId);
  if (scope.creditorId) q = q.where('agreements.creditor_id', '=', scope.creditorId);
  return q.executeTakeFirst();
}

export async function findAgreementByKey(db: Db, tenantId: string, key: string) {
  return db
    .selectFrom('agreements')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

export async function listInstallments(db: Db, agreementId: string) {
  return db
    .selectFrom('agreement_installments')
    .selectAll()
    .where('agreement_id', '=', agreementId)
    .orderBy('number')
    .execute();
}

export async function listEvents(db: Db, agreementId: string) {
  return db
    .selectFrom('agreement_events')
    .selectAll()
    .where('agreement_id', '=', agreementId)
    .orderBy('id')
    .execute();
}

/** Active agreements of every tenant, in pages (the daily job walks all of them). */
export async function listActiveAgreements(db: Db, after: string | null, limit: number) {
  let q = db
    .selectFrom('agreements')
    .select(['id', 'tenant_id', 'status', 'grace_days', 'debt_ids'])
    .where('status', '=', 'active');
  if (after) q = q.where('id', '>', after);
  return q.orderBy('id').limit(limit).execute();
}

export async function setInstallmentStatus(
  db: Db,
  id: string,
  status: 'pending' | 'late' | 'paid',
): Promise<void> {
  await db.updateTable('agreement_installments').set({ status }).where('id', '=', id).execute();
}

/** Moves an agreement from one status to another; false when another process moved it first. */
export async function transitionAgreement(
  db: Db,
  id: string,
  from: 'active',
  to: 'paid' | 'broken' | 'renegotiated',
): Promise<boolean> {
  const r = await db
    .updateTable('agreements')
    .set({ status: to })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** CDC art. 49: the agreement is withdrawn from (guarded by its current status). */
export async function markCancelled(db: Db, id: string, from: string, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('agreements')
    .set({ status: 'cancelled', cancelled_at: at })
    .where('id', '=', id)
    .where('status', '=', from as 'active' | 'paid')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The broken agreements this one renegotiated go back to broken when it is withdrawn from. */
export async function restoreRenegotiated(db: Db, tenantId: string, agreementId: string): Promise<string[]> {
  const rows = await db
    .updateTable('agreements')
    .set({ status: 'broken', renegotiated_by: null })
    .where('tenant_id', '=', tenantId)
    .where('renegotiated_by', '=', agreementId)
    .where('status', '=', 'renegotiated')
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

// ---- prepayments (CDC art. 52 §2º) --------------------------------------------------------------

export async function insertPrepayment(
  db: Tx,
  p: {
    tenantId: string;
    agreementId: string;
    creditorId: string;
    installmentNumbers: number[];
    installmentIds: string[];
    faceCents: number;
    amountCents: number;
    reductionCents: number;
    quoteDate: string;
    validUntil: string;
    createdBy: string;
  },
) {
  return db
    .insertInto('agreement_prepayments')
    .values({
      tenant_id: p.tenantId,
      agreement_id: p.agreementId,
      creditor_id: p.creditorId,
      installment_numbers: p.installmentNumbers,
      installment_ids: p.installmentIds,
      face_cents: p.faceCents,
      amount_cents: p.amountCents,
      reduction_cents: p.reductionCents,
      quote_date: p.quoteDate,
      valid_until: p.validUntil,
      created_by: p.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listPrepayments(db: Db, agreementId: string) {
  return db
    .selectFrom('agreement_prepayments')
    .selectAll()
    .where('agreement_id', '=', agreementId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

export async function findPrepayment(db: Db, id: string) {
  return db.selectFrom('agreement_prepayments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The prepayment, row-locked (taken after its agreement's lock: the lock order of payment.service.ts). */
export async function lockPrepayment(db: Tx, tenantId: string, id: string) {
  return db
    .selectFrom('agreement_prepayments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function markPrepaymentPaid(db: Tx, id: string, paidOn: string, paymentId: string) {
  const r = await db
    .updateTable('agreement_prepayments')
    .set({ status: 'paid', paid_on: paidOn, payment_id: paymentId })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** An installment settled by a prepayment: the cash received plus the interest given back. */
export async function settleInstallmentByPrepayment(
  db: Tx,
  installmentId: string,
  p: { payCents: number; reductionCents: number; prepaymentId: string },
): Promise<void> {
  await db
    .updateTable('agreement_installments')
    .set((eb) => ({
      paid_cents: eb('paid_cents', '+', p.payCents),
      reduction_cents: p.reductionCents,
      prepayment_id: p.prepaymentId,
      status: 'paid',
    }))
    .where('id', '=', installmentId)
    .execute();
}
