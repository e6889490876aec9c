import { describe, expect, it } from 'vitest';
import { addMonthsKeepingDay, nextBusinessDay } from '../../platform/calendar.ts';
import { addDays } from '../../platform/dates.ts';
import { seededRandom } from '../../platform/random.ts';
import { priceSchedule, simpleInterestSchedule } from '../negotiation/index.ts';
import { type PayoffInstallment, payoffQuote, prepaymentOptions, prepaymentQuote } from './payoff.rules.ts';

// Three installments of R$ 100,00 due 2026-01-10 (already paid), 2026-02-09 and 2026-03-11: on
// 2026-01-10 the last two are 30 and 60 days ahead. In months, the larger of days/30 and the civil count:
// 30 days = 1 (civil: 30/31, January having 31 days); 60 days = 2, but civil 2 + 1/31 = 63/31 (10/01 to
// 10/03 is 2 months, February's 28 days among them, and 1 day of a 31-day month).
const plan: PayoffInstallment[] = [
  { id: 'a', number: 1, dueDate: '2026-01-10', amountCents: 10_000, paidCents: 10_000 },
  { id: 'b', number: 2, dueDate: '2026-02-09', amountCents: 10_000, paidCents: 0 },
  { id: 'c', number: 3, dueDate: '2026-03-11', amountCents: 10_000, paidCents: 0 },
];

describe('payoffQuote: early settlement with proportional interest reduction (CDC art. 52 §2º)', () => {
  it('Price at 2% a month: each installment discounted at the agreement rate, by hand', () => {
    // 10000 / 1,02 = 9803,92; 10000 / 1,02^(63/31) = 9605,55; sum 19409,47 → 19409;
    // reduction 20000 − 19409 = 591 (days/30 alone, 1,02², gave 584).
    const q = payoffQuote(plan, { monthlyRatePercent: 2, interestMethod: 'compound' }, '2026-01-10');
    expect(q).toMatchObject({ amountCents: 19_409, reductionCents: 591, validUntil: '2026-01-10' });
    expect(q.lines.map((l) => l.number)).toEqual([2, 3]);
  });

  it('simple interest at 1% a month (creditor outside the SFN): no capitalisation in the discount either', () => {
    // 10000 / 1,01 + 10000 / (1 + 0,01·63/31) = 9900,99 + 9800,82 = 19701,81 → 19702; reduction 298.
    const q = payoffQuote(plan, { monthlyRatePercent: 1, interestMethod: 'simple' }, '2026-01-10');
    expect(q).toMatchObject({ amountCents: 19_702, reductionCents: 298 });
  });

  it('a fraction of a month counts pro rata (days / 30)', () => {
    // On 2025-12-26 installment 2 is 45 days ahead: 10000 / 1,02^1,5 = 9707,33 → 9707. (The civil count,
    // 1 month + 14/31, is less: days/30 stays.)
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

describe('payoffQuote on the release day: never more than was financed (issue #12 item 6)', () => {
  const owed = (dates: string[], amounts: number[]): PayoffInstallment[] =>
    amounts.map((amountCents, k) => ({
      id: `p${k + 1}`,
      number: k + 1,
      dueDate: dates[k] as string,
      amountCents,
      paidCents: 0,
    }));

  it("the audit's plan: R$ 1.000,00 at 1% simple, due 07/12 and 07/01, settled on 02/12", () => {
    // The schedule (finance.rules.test.ts, by hand): 50329 + 50330. On 02/12 they are 5 and 36 days
    // ahead: days/30 = 0,1667 and 1,2 months (more than the schedule's 5/31 and 36/31):
    // 50329 / 1,0016667 + 50330 / 1,012 = 50245,26 + 49733,20 = 99978,46 → 99978 ≤ 100000.
    // Before the fix the plan was 50749 + 50749 and the same payoff 100812: 812 centavos of interest for
    // a loan repaid the day it was made.
    const q = payoffQuote(owed(['2026-12-07', '2027-01-07'], [50_329, 50_330]), SIMPLE_1, '2026-12-02');
    expect(q).toMatchObject({ amountCents: 99_978, reductionCents: 681 });
  });

  it('across a February too (days/30 alone would count 28 days as 0,93 month): random plans', () => {
    // Any plan the offers build (first due 0 to 45 days after the release, then monthly on business
    // days), settled on its release day, costs at most the amount financed.
    const rand = seededRandom(20261202);
    for (let run = 0; run < 300; run += 1) {
      const release = addDays('2024-01-01', Math.floor(rand() * 2500));
      const first = addDays(release, Math.floor(rand() * 46));
      const n = 1 + Math.floor(rand() * 24);
      const day = Number(first.slice(8, 10));
      const dates = Array.from({ length: n }, (_, k) =>
        nextBusinessDay(addMonthsKeepingDay(first, k, day), 'SP'),
      );
      const financed = 100 + Math.floor(rand() * 50_000_000);
      const compound = rand() < 0.5;
      const rate = compound ? String(Math.round(rand() * 2000) / 100) : '1';
      const amounts = (compound ? priceSchedule : simpleInterestSchedule)(financed, rate, release, dates);
      const terms = { monthlyRatePercent: rate, interestMethod: compound ? 'compound' : 'simple' } as const;
      const q = payoffQuote(owed(dates, amounts), terms, release);
      expect(q.amountCents, `${n}x ${rate}% from ${release}, first ${first}`).toBeLessThanOrEqual(financed);
    }
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
      // 10000 / 1,02^(63/31) = 9605,55 → 9606.
      { installments: 1, numbers: [3], amountCents: 9_606, reductionCents: 394 },
      { installments: 2, numbers: [3, 2], amountCents: 19_409, reductionCents: 591 },
    ]);
  });
});

// Six installments of R$ 100,00 at 1% a month, simple (a creditor outside the SFN), due on the 10th of
// January to June 2026; the first two paid. On 2026-03-10, #5 is 61 days ahead and #6 92 days.
const six: PayoffInstallment[] = [1, 2, 3, 4, 5, 6].map((n) => ({
  id: `i${n}`,
  number: n,
  dueDate: `2026-0${n}-10`,
  amountCents: 10_000,
  paidCents: n <= 2 ? 10_000 : 0,
}));
const SIMPLE_1 = { monthlyRatePercent: 1, interestMethod: 'simple' as const };

describe('prepaymentQuote: the last n installments, payable (issue 12 item 10)', () => {
  it('the last 2 of 6 on 10/03/2026, by hand', () => {
    // #5: 10000 / (1 + 0,01 × 61/30) = 10000 / 1,0203333 = 9800,7187
    // #6: 10000 / (1 + 0,01 × 92/30) = 10000 / 1,0306667 = 9702,4580
    // sum 19503,1767 → 19503; reduction 20000 − 19503 = 497, split by each one's own discount
    // (199,2813 and 297,5420): 199,36 and 297,64 → 199 and 298 (largest remainder).
    const q = prepaymentQuote(six, SIMPLE_1, '2026-03-10', 2)!;
    expect(q).toMatchObject({
      faceCents: 20_000,
      amountCents: 19_503,
      reductionCents: 497,
      validUntil: '2026-03-10',
    });
    expect(q.lines).toEqual([
      {
        installmentId: 'i6',
        number: 6,
        dueDate: '2026-06-10',
        remainingCents: 10_000,
        payCents: 9_702,
        reductionCents: 298,
      },
      {
        installmentId: 'i5',
        number: 5,
        dueDate: '2026-05-10',
        remainingCents: 10_000,
        payCents: 9_801,
        reductionCents: 199,
      },
    ]);
    // The same amount the payoff GET offers for "the last 2".
    expect(prepaymentOptions(six, SIMPLE_1, '2026-03-10')[1]).toMatchObject({
      amountCents: 19_503,
      reductionCents: 497,
    });
  });

  it('n = all still owed is the full payoff (an installment already due counts at face value)', () => {
    const full = prepaymentQuote(six, SIMPLE_1, '2026-03-10', 4)!;
    const payoff = payoffQuote(six, SIMPLE_1, '2026-03-10');
    expect(full.amountCents).toBe(payoff.amountCents);
    expect(full.reductionCents).toBe(payoff.reductionCents);
    expect(full.lines.map((l) => l.number)).toEqual([6, 5, 4, 3]);
    // #3 is due on the date: face value, nothing given back.
    expect(full.lines.find((l) => l.number === 3)).toMatchObject({ payCents: 10_000, reductionCents: 0 });
    expect(full.lines.reduce((s, l) => s + l.payCents, 0)).toBe(full.amountCents);
  });

  it('more installments than are owed, zero or a fraction: no quote', () => {
    expect(prepaymentQuote(six, SIMPLE_1, '2026-03-10', 5)).toBeNull();
    expect(prepaymentQuote(six, SIMPLE_1, '2026-03-10', 0)).toBeNull();
    expect(prepaymentQuote(six, SIMPLE_1, '2026-03-10', 1.5)).toBeNull();
  });

  it('installments already prepaid (paid + reduction = amount) are not owed any more', () => {
    const prepaid = six.map((i) => (i.number >= 5 ? { ...i, paidCents: 9_800, reductionCents: 200 } : i));
    expect(prepaymentQuote(prepaid, SIMPLE_1, '2026-03-10', 3)).toBeNull();
    expect(prepaymentQuote(prepaid, SIMPLE_1, '2026-03-10', 2)!.lines.map((l) => l.number)).toEqual([4, 3]);
  });
});
