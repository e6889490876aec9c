import type { IsoDate } from '../../platform/dates.ts';
import type { Tx } from '../../platform/db.ts';
import { deductFromDebts, principalsOf, recordAcknowledgment } from '../portfolio/index.ts';
import * as repo from './agreement.repository.ts';
import { allocatePaidOnBreak } from './lifecycle.rules.ts';
import { applyLifecycle } from './lifecycle.service.ts';

export interface InstallmentPaymentResult {
  agreementId: string;
  creditorId: string;
  debtorId: string;
  installmentNumber: number;
  /** Settled the installment. */
  appliedCents: number;
  /** Deducted from the debts' principal (the agreement had broken). */
  debtAppliedCents: number;
  /** Held as a credit, to be refunded: more than the installment, or an agreement already paid. */
  creditCents: number;
  agreementStatus: string;
  installmentStatus: string;
}

/**
 * Applies a received payment to an installment, inside the caller's transaction (the one that records
 * the payment, so both happen or neither). The installment row is locked, so two payments of the same
 * installment are applied one after the other. Then the agreement's lifecycle runs at once on `date`:
 * the installment is paid or cured, the agreement paid — no waiting for the nightly job.
 *
 * - active agreement: up to what the installment still owes; the rest is a credit for refund.
 * - broken: the whole amount goes to the debts' principal (never lost), any excess over the principals
 *   is a credit.
 * - renegotiated: its debts now belong to a new agreement whose schedule would not change, so the amount
 *   is held as a credit for refund (or for staff to assign to the new agreement) — never absorbed.
 * - paid: all of it is a credit.
 */
export async function applyInstallmentPayment(
  trx: Tx,
  p: {
    tenantId: string;
    installmentId: string;
    amountCents: number;
    date: IsoDate;
    actor: string;
    paymentId: string;
  },
): Promise<InstallmentPaymentResult | null> {
  // Lock order, everywhere: the agreement, then its installments. The nightly lifecycle takes the same
  // agreement lock, so a payment and a break (or two payments) never decide on a stale picture.
  const agreementId = await repo.agreementOfInstallment(trx, p.tenantId, p.installmentId);
  if (!agreementId) return null;
  const a = await repo.lockAgreement(trx, agreementId);
  const inst = await repo.lockInstallment(trx, p.tenantId, p.installmentId);
  if (!inst) return null;
  let appliedCents = 0;
  let debtAppliedCents = 0;
  if (a.status === 'active') {
    appliedCents = Math.max(
      0,
      Math.min(p.amountCents, inst.amount_cents - inst.paid_cents - inst.reduction_cents),
    );
    if (appliedCents > 0) await repo.addInstallmentPaid(trx, inst.id, appliedCents);
  } else if (a.status === 'broken') {
    const allocation = allocatePaidOnBreak(p.amountCents, await principalsOf(trx, a.tenant_id, a.debt_ids));
    await deductFromDebts(trx, a.tenant_id, allocation.deductions);
    debtAppliedCents = p.amountCents - allocation.unallocatedCents;
    await repo.insertEvent(trx, {
      agreementId: a.id,
      type: 'payment.applied_to_debts',
      actor: p.actor,
      details: { paymentId: p.paymentId, deductions: allocation.deductions },
    });
  }
  // A partial payment acknowledges the debts: prescription is interrupted once (CC art. 202 VI).
  if (appliedCents + debtAppliedCents > 0) await recordAcknowledgment(trx, a.tenant_id, a.debt_ids, p.date);
  const creditCents = p.amountCents - appliedCents - debtAppliedCents;
  await repo.insertEvent(trx, {
    agreementId: a.id,
    type: 'payment.received',
    actor: p.actor,
    details: {
      paymentId: p.paymentId,
      installmentNumber: inst.number,
      amountCents: p.amountCents,
      appliedCents,
      debtAppliedCents,
      creditCents,
      date: p.date,
    },
  });
  await applyLifecycle(trx, a, p.date, p.actor);
  const after = await repo.findAgreementById(trx, a.id);
  const instAfter = await repo.lockInstallment(trx, p.tenantId, inst.id);
  return {
    agreementId: a.id,
    creditorId: a.creditor_id,
    debtorId: a.debtor_id,
    installmentNumber: inst.number,
    appliedCents,
    debtAppliedCents,
    creditCents,
    agreementStatus: after.status,
    installmentStatus: instAfter!.status,
  };
}
