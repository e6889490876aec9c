import { describe, expect, it } from 'vitest';
import {
  allocatePaidOnBreak,
  evaluateAgreement,
  type LifecycleAgreement,
  type LifecycleInstallment,
} from './lifecycle.rules.ts';

const inst = (
  n: number,
  dueDate: string,
  paidCents = 0,
  status: LifecycleInstallment['status'] = 'pending',
): LifecycleInstallment => ({
  id: `i${n}`,
  number: n,
  dueDate,
  amountCents: 10_000,
  paidCents,
  status,
});
const agreement = (
  installments: LifecycleInstallment[],
  over: Partial<LifecycleAgreement> = {},
): LifecycleAgreement => ({
  status: 'active',
  graceDays: 10,
  installments,
  ...over,
});

describe('evaluateAgreement', () => {
  const schedule = [inst(1, '2026-12-01'), inst(2, '2027-01-04'), inst(3, '2027-02-01')];

  it('leaves everything pending up to and on the due date', () => {
    expect(evaluateAgreement(agreement(schedule), '2026-12-01')).toMatchObject({
      status: 'active',
      events: [],
    });
  });

  it('marks an installment late the day after its due date', () => {
    const r = evaluateAgreement(agreement(schedule), '2026-12-02');
    expect(r.status).toBe('active');
    expect(r.installments[0]!.status).toBe('late');
    expect(r.events).toEqual([
      { type: 'installment.late', installmentId: 'i1', number: 1, dueDate: '2026-12-01' },
    ]);
  });

  it('does not break within the grace days, breaks the day after', () => {
    expect(evaluateAgreement(agreement(schedule), '2026-12-11').status).toBe('active');
    const r = evaluateAgreement(agreement(schedule), '2026-12-12');
    expect(r.status).toBe('broken');
    expect(r.events.at(-1)).toEqual({
      type: 'agreement.broken',
      number: 1,
      dueDate: '2026-12-01',
      graceDays: 10,
    });
  });

  it('cures a late installment once it is paid in full; a partial payment does not', () => {
    const late = [inst(1, '2026-12-01', 10_000, 'late'), inst(2, '2027-01-04')];
    const r = evaluateAgreement(agreement(late), '2026-12-05');
    expect(r.events).toEqual([{ type: 'installment.cured', installmentId: 'i1', number: 1 }]);
    expect(r.status).toBe('active');
    const partial = [inst(1, '2026-12-01', 9_999, 'late'), inst(2, '2027-01-04')];
    expect(evaluateAgreement(agreement(partial), '2026-12-20').status).toBe('broken');
  });

  it('is paid when every installment is paid', () => {
    const paid = schedule.map((i) => ({ ...i, paidCents: i.amountCents }));
    const r = evaluateAgreement(agreement(paid), '2026-11-30');
    expect(r.status).toBe('paid');
    expect(r.events.map((e) => e.type)).toEqual([
      'installment.paid',
      'installment.paid',
      'installment.paid',
      'agreement.paid',
    ]);
  });

  it('changes nothing once the agreement is no longer active', () => {
    for (const status of ['paid', 'broken', 'renegotiated'] as const) {
      expect(evaluateAgreement(agreement(schedule, { status }), '2030-01-01')).toMatchObject({
        status,
        events: [],
      });
    }
  });
});

describe('allocatePaidOnBreak', () => {
  it('deducts what was paid from each principal in proportion, adding up exactly', () => {
    const r = allocatePaidOnBreak(10_001, [
      { debtId: 'a', principalCents: 100_000 },
      { debtId: 'b', principalCents: 50_000 },
    ]);
    expect(r.deductions).toEqual([
      { debtId: 'a', deductCents: 6_667 },
      { debtId: 'b', deductCents: 3_334 },
    ]);
    expect(r.unallocatedCents).toBe(0);
  });

  it('never deducts more than the principal; the rest is kept as a credit, not lost', () => {
    const r = allocatePaidOnBreak(200_000, [{ debtId: 'a', principalCents: 150_000 }]);
    expect(r).toEqual({ deductions: [{ debtId: 'a', deductCents: 150_000 }], unallocatedCents: 50_000 });
  });
});

describe('prepaid installments (CDC art. 52 §2º)', () => {
  it('paid + interest given back settles an installment: it never turns late or breaks the plan', () => {
    const prepaid = { ...inst(3, '2027-02-01', 9_700, 'paid'), reductionCents: 300 };
    const r = evaluateAgreement(
      agreement([inst(1, '2026-12-01', 10_000, 'paid'), inst(2, '2027-01-04', 10_000, 'paid'), prepaid]),
      '2027-03-01',
    );
    expect(r.status).toBe('paid');
    expect(r.events).toEqual([{ type: 'agreement.paid' }]);
  });

  it('without the reduction the same cash would still be owed', () => {
    const short = inst(3, '2027-02-01', 9_700, 'pending');
    const r = evaluateAgreement(
      agreement([inst(1, '2026-12-01', 10_000, 'paid'), inst(2, '2027-01-04', 10_000, 'paid'), short]),
      '2027-03-01',
    );
    expect(r.status).toBe('broken');
  });
});
