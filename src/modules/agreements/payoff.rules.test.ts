import { describe, expect, it } from 'vitest';
import { type PayoffInstallment, payoffQuote, prepaymentOptions } from './payoff.rules.ts';

// Three installments of R$ 100,00 due 2026-01-10 (already paid), 2026-02-09 and 2026-03-11: on
// 2026-01-10 the last two are 30 and 60 days ahead.
const plan: PayoffInstallment[] = [
  { id: 'a', number: 1, dueDate: '2026-01-10', amountCents: 10_000, paidCents: 10_000 },
  { id: 'b', number: 2, dueDate: '2026-02-09', amountCents: 10_000, paidCents: 0 },
  { id: 'c', number: 3, dueDate: '2026-03-11', amountCents: 10_000, paidCents: 0 },
];

describe('payoffQuote: early settlement with proportional interest reduction (CDC art. 52 §2º)', () => {
  it('Price at 2% a month: each installment discounted at the agreement rate, by hand', () => {
    // 10000 / 1,02 = 9803,92; 10000 / 1,02² = 9611,69; sum 19415,61 → 19416; reduction 20000 − 19416 = 584.
    const q = payoffQuote(plan, { monthlyRatePercent: 2, interestMethod: 'compound' }, '2026-01-10');
    expect(q).toMatchObject({ amountCents: 19_416, reductionCents: 584, validUntil: '2026-01-10' });
    expect(q.lines.map((l) => l.number)).toEqual([2, 3]);
  });

  it('simple interest at 1% a month (creditor outside the SFN): no capitalisation in the discount either', () => {
    // 10000 / 1,01 + 10000 / 1,02 = 9900,99 + 9803,92 = 19704,91 → 19705; reduction 295.
    const q = payoffQuote(plan, { monthlyRatePercent: 1, interestMethod: 'simple' }, '2026-01-10');
    expect(q).toMatchObject({ amountCents: 19_705, reductionCents: 295 });
  });

  it('a fraction of a month counts pro rata (days / 30)', () => {
    // On 2025-12-26 installment 2 is 45 days ahead: 10000 / 1,02^1,5 = 9707,33 → 9707.
    const one = [plan[1]!];
    const q = payoffQuote(one, { monthlyRatePercent: 2, interestMethod: 'compound' }, '2025-12-26');
    expect(q).toMatchObject({ amountCents: 9_707, reductionCents: 293 });
  });

  it('installments already due, partly paid ones and plans without interest are not discounted', () => {
    const partly = [{ ...plan[1]!, paidCents: 2_500 }];
    expect(
      payoffQuote(partly, { monthlyRatePercent: 2, interestMethod: 'compound' }, '2026-02-20'),
    ).toMatchObject({ amountCents: 7_500, reductionCents: 0 });
    expect(payoffQuote(plan, { monthlyRatePercent: 0, interestMethod: 'none' }, '2026-01-10')).toMatchObject({
      amountCents: 20_000,
      reductionCents: 0,
    });
    expect(
      payoffQuote(plan.slice(0, 1), { monthlyRatePercent: 2, interestMethod: 'compound' }, '2026-01-10'),
    ).toMatchObject({ amountCents: 0, reductionCents: 0 });
  });
});

describe('prepaymentOptions: partial prepayment shortens the plan from the last installment', () => {
  it('settling the last one, then the last two, by hand', () => {
    const options = prepaymentOptions(
      plan,
      { monthlyRatePercent: 2, interestMethod: 'compound' },
      '2026-01-10',
    );
    expect(options).toEqual([
      // 10000 / 1,02² = 9611,69 → 9612.
      { installments: 1, numbers: [3], amountCents: 9_612, reductionCents: 388 },
      { installments: 2, numbers: [3, 2], amountCents: 19_416, reductionCents: 584 },
    ]);
  });
});
