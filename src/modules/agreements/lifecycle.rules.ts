import { addDays, type IsoDate } from '../../platform/dates.ts';
import { splitByLargestRemainder } from '../../platform/money.ts';

/**
 * The agreement lifecycle on a date, as a pure function: installments become late after their due
 * date, a late installment paid in full is cured, an installment unpaid past the grace days breaks
 * the agreement, and an agreement whose installments are all paid is paid.
 */
export interface LifecycleInstallment {
  id: string;
  number: number;
  dueDate: IsoDate;
  amountCents: number;
  paidCents: number;
  /** Interest given back by a prepayment (CDC art. 52 §2º): paid + reduction = amount settles it. */
  reductionCents?: number;
  status: 'pending' | 'late' | 'paid';
}

export interface LifecycleAgreement {
  status: 'active' | 'paid' | 'broken' | 'renegotiated';
  graceDays: number;
  installments: LifecycleInstallment[];
}

export type LifecycleEvent =
  | { type: 'installment.late'; installmentId: string; number: number; dueDate: IsoDate }
  | { type: 'installment.paid'; installmentId: string; number: number }
  | { type: 'installment.cured'; installmentId: string; number: number }
  | { type: 'agreement.broken'; number: number; dueDate: IsoDate; graceDays: number }
  | { type: 'agreement.paid' };

export interface LifecycleResult {
  status: LifecycleAgreement['status'];
  installments: { id: string; status: LifecycleInstallment['status'] }[];
  events: LifecycleEvent[];
}

export function evaluateAgreement(a: LifecycleAgreement, date: IsoDate): LifecycleResult {
  const unchanged = {
    status: a.status,
    installments: a.installments.map((i) => ({ id: i.id, status: i.status })),
    events: [],
  };
  if (a.status !== 'active') return unchanged;
  const events: LifecycleEvent[] = [];
  const installments = a.installments.map((i) => {
    let status: LifecycleInstallment['status'];
    const settledCents = i.paidCents + (i.reductionCents ?? 0);
    if (settledCents >= i.amountCents) status = 'paid';
    else if (i.dueDate < date) status = 'late';
    else status = 'pending';
    if (status !== i.status) {
      if (status === 'paid') {
        events.push({
          type: i.status === 'late' ? 'installment.cured' : 'installment.paid',
          installmentId: i.id,
          number: i.number,
        });
      } else if (status === 'late') {
        events.push({ type: 'installment.late', installmentId: i.id, number: i.number, dueDate: i.dueDate });
      }
    }
    return { id: i.id, status };
  });
  if (installments.every((i) => i.status === 'paid')) {
    events.push({ type: 'agreement.paid' });
    return { status: 'paid', installments, events };
  }
  // Broken when an installment is still unpaid after its due date plus the grace days.
  const breaking = a.installments.find(
    (i) => i.paidCents + (i.reductionCents ?? 0) < i.amountCents && date > addDays(i.dueDate, a.graceDays),
  );
  if (breaking) {
    events.push({
      type: 'agreement.broken',
      number: breaking.number,
      dueDate: breaking.dueDate,
      graceDays: a.graceDays,
    });
    return { status: 'broken', installments, events };
  }
  return { status: 'active', installments, events };
}

/**
 * On a break, what was paid is deducted from the debts' principal first, in proportion to each
 * principal (largest remainder, so the parts add up to the paid total exactly); never more than a
 * debt's principal. Nothing paid is ever lost: any excess over all principals is returned as
 * `unallocatedCents` for the payments module to hold as a credit.
 */
export function allocatePaidOnBreak(
  paidCents: number,
  debts: { debtId: string; principalCents: number }[],
): { deductions: { debtId: string; deductCents: number }[]; unallocatedCents: number } {
  const totalPrincipal = debts.reduce((s, d) => s + d.principalCents, 0);
  const allocatable = Math.min(paidCents, totalPrincipal);
  const parts = splitByLargestRemainder(
    allocatable,
    debts.map((d) => d.principalCents),
  );
  return {
    deductions: debts.map((d, i) => ({ debtId: d.debtId, deductCents: parts[i] ?? 0 })),
    unallocatedCents: paidCents - allocatable,
  };
}
