import { describe, expect, it } from 'vitest';
import { addMonthsKeepingDay } from '../../platform/calendar.ts';
import { addDays, addMonthsCivil, daysBetween, type IsoDate } from '../../platform/dates.ts';
import { Dec, roundToCents } from '../../platform/money.ts';
import { seededRandom as prng } from '../../platform/random.ts';
import {
  type CashFlow,
  cetAnnualPercent,
  effectiveAnnualFromMonthly,
  monthsElapsed,
  pricePaymentCents,
  priceSchedule,
  simpleAnnualFromMonthly,
  simpleInterestSchedule,
} from './finance.rules.ts';

/** The release date of the whole-month examples: installments due 1, 2, … n civil months after it. */
const RELEASE = '2026-01-15';

/** Due dates exactly 1, 2, … n months after `release` (the textbook schedules: t_k = k). */
function months(n: number, release: IsoDate = RELEASE): IsoDate[] {
  return Array.from({ length: n }, (_, k) => addMonthsCivil(release, k + 1));
}

describe('pricePaymentCents (Tabela Price)', () => {
  // Expected values computed by hand / with 50-digit decimals: PMT = PV·i / (1 − (1+i)^−n).
  it.each([
    // 1.02^12 = 1.268241795; 1 − 1/1.268241795 = 0.211506; 2000 / 0.211506 = 94.5596 -> R$ 94,56
    [100000, '2', 12, 9456],
    // classic textbook: R$ 1.000,00 at 1% for 12 months -> R$ 88,85 (88.848787)
    [100000, '1', 12, 8885],
    // R$ 100,00 at 10% for 3: 10 / (1 − 1/1.331) = 40.2115 -> R$ 40,21
    [10000, '10', 3, 4021],
    [500000, '1.99', 24, 26406], // 264.0561
    [123456, '5', 6, 24323], // 243.2299
    [1000000, '0.5', 360, 5996], // 59.9551
    [250000, '3.5', 48, 10827], // 108.2661
    // n = 1: principal plus one month of interest
    [100000, '2', 1, 102000],
  ])('PV %i, %s%% a.m., %ix -> %i', (pv, rate, n, expected) => {
    expect(pricePaymentCents(pv, rate, RELEASE, months(n))).toBe(expected);
  });

  it('with a zero rate returns the base of the exact split, ⌊PV/n⌋', () => {
    expect(pricePaymentCents(100000, '0', RELEASE, months(3))).toBe(33333);
    expect(pricePaymentCents(100000, '0.00', RELEASE, months(4))).toBe(25000);
    expect(pricePaymentCents(100, '0', RELEASE, months(3))).toBe(33);
  });

  it('refuses bad arguments', () => {
    expect(() => pricePaymentCents(100000, '-1', RELEASE, months(12))).toThrow(RangeError);
    expect(() => pricePaymentCents(100000, 'abc', RELEASE, months(12))).toThrow(RangeError);
    expect(() => pricePaymentCents(100000, '2', RELEASE, months(0))).toThrow(RangeError);
    expect(() => pricePaymentCents(100000, '2', RELEASE, ['2026-02-30'])).toThrow(RangeError);
    expect(() => pricePaymentCents(100000, '2', RELEASE, ['2026-03-15', '2026-02-15'])).toThrow(/ordem/);
    expect(() => pricePaymentCents(-1, '2', RELEASE, months(12))).toThrow(RangeError);
    expect(() => pricePaymentCents(10.5, '2', RELEASE, months(12))).toThrow(RangeError);
  });
});

describe('monthsElapsed: civil months from the release plus a pro rata of the running month', () => {
  it.each([
    ['2026-01-15', '2026-02-15', '1.000000000000'], // one civil month, whatever its length
    ['2026-01-15', '2027-01-15', '12.000000000000'], // a year is 12 months, not 365/30
    ['2026-12-02', '2026-12-07', '0.161290322581'], // 5/31: 02/12 to 02/01 has 31 days
    ['2026-12-02', '2027-01-07', '1.161290322581'], // 1 + 5/31
    ['2027-12-02', '2028-02-10', '2.275862068966'], // 2 + 8/29: 02/02 to 02/03/2028 (leap year)
    ['2026-01-31', '2026-02-28', '0.965517241379'], // 28/29: 31/01 + 1 month = 01/03 (CC 132 §3)
    ['2026-12-02', '2026-12-02', '0.000000000000'], // due on the release day: no interest
    ['2026-12-02', '2026-11-30', '0.000000000000'],
  ])('%s → %s: %s', (from, to, expected) => {
    expect(monthsElapsed(from, to).toFixed(12)).toBe(expected);
  });
});

describe('schedules counted to each real due date (issue #12 items 5, 6, 9)', () => {
  // Released 02/12/2026, due 07/12 and 07/01: t = 5/31 and 36/31 months, not 1 and 2.
  const dates = ['2026-12-07', '2027-01-07'];

  it('simple interest, 1% a month: 5 days of interest on the first installment, not a month', () => {
    // 1/(1 + 0,01·5/31) + 1/(1 + 0,01·36/31) = 31/31,05 + 31/31,36 = 0,998390 + 0,988520 = 1,986910;
    // PMT = 100000 / 1,986910 = 50329,40 → 50329; total 2 × 50329,40 = 100658,81 → 100659; last 50330.
    expect(simpleInterestSchedule(100_000, '1', '2026-12-02', dates)).toEqual([50_329, 50_330]);
    // The whole-month count (t = 1, 2) charged 50749 twice: 839 centavos more, for 5 days of credit.
    expect(simpleInterestSchedule(100_000, '1', '2026-12-02', months(2, '2026-12-02'))).toEqual([
      50_749, 50_749,
    ]);
  });

  it('Price, 2% a month', () => {
    // 1,02^(−5/31) + 1,02^(−36/31) = 0,996811 + 0,977266 = 1,974077; PMT = 100000 / 1,974077 = 50656,59
    // → 50657; total 2 × 50656,59 = 101313,17 → 101313; last 101313 − 50657 = 50656.
    expect(priceSchedule(100_000, '2', '2026-12-02', dates)).toEqual([50_657, 50_656]);
  });

  it('an installment due on the release day carries no interest', () => {
    // 1 + 1/1,01 = 1,990099; PMT = 100000 / 1,990099 = 50248,76 → 50249; total 100497,51 → 100498;
    // last 100498 − 50249 = 50249.
    expect(simpleInterestSchedule(100_000, '1', '2026-12-02', ['2026-12-02', '2027-01-02'])).toEqual([
      50_249, 50_249,
    ]);
    expect(priceSchedule(100_000, '1', '2026-12-02', ['2026-12-02'])).toEqual([100_000]);
  });
});

describe('priceSchedule', () => {
  it('equal installments when n·PMT rounds to n·round(PMT)', () => {
    // 12 × 94.559597 = 1134.7195 -> 113472 = 12 × 9456
    expect(priceSchedule(100000, '2', RELEASE, months(12))).toEqual(Array.from({ length: 12 }, () => 9456));
  });

  it('the last installment absorbs the rounding difference', () => {
    // PMT 243.229885...: rounded 24323; total 6 × 243.229885 = 1459.3793 -> 145938 = 6 × 24323:
    // nothing to absorb
    expect(priceSchedule(123456, '5', RELEASE, months(6))).toEqual([
      24323, 24323, 24323, 24323, 24323, 24323,
    ]);
    // PMT 59.955052...: rounded 5996; total 360 × 59.955052 = 21583.82 -> 2158382;
    // last = 2158382 − 359 × 5996
    const long = priceSchedule(1000000, '0.5', RELEASE, months(360));
    expect(long.slice(0, 359).every((a) => a === 5996)).toBe(true);
    expect(long[359]).toBe(2158382 - 359 * 5996);
    expect(long[359]).toBe(5818); // 178 centavos less: within ⌈360/2⌉
    expect(long.reduce((a, b) => a + b, 0)).toBe(2158382);
    // PMT 264.05611...: total 24 × 264.05611 = 6337.3468 -> 633735; last = 633735 − 23 × 26406 = 26397
    expect(priceSchedule(500000, '1.99', RELEASE, months(24)).at(-1)).toBe(26397);
  });

  it('with a zero rate splits by largest remainder (larger ones first, at most 1 centavo apart)', () => {
    expect(priceSchedule(100000, '0', RELEASE, months(3))).toEqual([33334, 33333, 33333]);
    expect(priceSchedule(100, '0', RELEASE, months(6))).toEqual([17, 17, 17, 17, 16, 16]);
    expect(priceSchedule(120000, '0', RELEASE, months(12))).toEqual(Array.from({ length: 12 }, () => 10000));
  });

  it('a single installment is the whole total', () => {
    expect(priceSchedule(100000, '2', RELEASE, months(1))).toEqual([102000]);
    expect(priceSchedule(100000, '0', RELEASE, months(1))).toEqual([100000]);
  });

  it('a zero principal gives zero installments', () => {
    expect(priceSchedule(0, '2', RELEASE, months(3))).toEqual([0, 0, 0]);
  });

  it('degenerate tiny installments never go negative', () => {
    // PMT 0.5542 rounds to 1, but 20 × 0.5542 = 11.08 -> 11 < 19 × 1: falls back to an even split
    const s = priceSchedule(10, '1', RELEASE, months(20));
    expect(s.every((a) => a >= 0)).toBe(true);
    expect(s.reduce((a, b) => a + b, 0)).toBe(roundToCents(exactPayment(10, '1', 20).mul(20)));
    expect(Math.max(...s) - Math.min(...s)).toBeLessThanOrEqual(1);
  });
});

describe('effectiveAnnualFromMonthly', () => {
  it.each([
    ['2', '26.82'], // 1.02^12 − 1 = 0.268242
    ['1', '12.68'], // 0.126825
    ['0', '0.00'],
    ['0.5', '6.17'], // 0.061678
    ['10', '213.84'], // 1.1^12 = 3.138428
    ['1.99', '26.68'], // 0.266790
  ])('%s%% a.m. -> %s%% a.a.', (monthly, annual) => {
    expect(effectiveAnnualFromMonthly(monthly)).toBe(annual);
  });
});

/** Independent check: bisection in plain floating point on the CET equation. */
function cetByBisection(amountFinanced: number, release: string, flows: readonly CashFlow[]): number {
  const f = (r: number) =>
    flows.reduce((s, fl) => s + fl.amountCents / (1 + r) ** (daysBetween(release, fl.date) / 365), 0) -
    amountFinanced;
  let lo = -0.99;
  let hi = 1000;
  for (let k = 0; k < 200; k += 1) {
    const mid = (lo + hi) / 2;
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return lo * 100;
}

function monthlyFlows(release: string, day: number, amounts: readonly number[]): CashFlow[] {
  return amounts.map((amountCents, k) => ({ date: addMonthsKeepingDay(release, k + 1, day), amountCents }));
}

describe('cetAnnualPercent (Resolução CMN 4.881/2020 art. 4)', () => {
  it('one payment of 1100 exactly 365 days after 1000 -> 10.00', () => {
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(cetAnnualPercent(100000, '2026-01-01', [{ date: '2027-01-01', amountCents: 110000 }])).toBe(
      '10.00',
    );
  });

  it('the year is 365 days even across a leap year: 366 days -> 1.1^(365/366) − 1 = 9.97%', () => {
    expect(cetAnnualPercent(100000, '2024-01-01', [{ date: '2025-01-01', amountCents: 110000 }])).toBe(
      '9.97',
    );
  });

  it('1.21 after two 365-day years -> 10.00', () => {
    expect(cetAnnualPercent(100000, '2026-01-01', [{ date: '2028-01-01', amountCents: 121000 }])).toBe(
      '10.00',
    );
  });

  it('no cost: flows adding up to the amount financed -> 0.00', () => {
    const flows = monthlyFlows('2026-01-15', 15, priceSchedule(100000, '0', RELEASE, months(3)));
    expect(cetAnnualPercent(100000, '2026-01-15', flows)).toBe('0.00');
  });

  it('Price at 2% a.m. paid every 30 days: CET ≈ 1.02^(365/30) − 1', () => {
    const amounts = priceSchedule(100000, '2', RELEASE, months(12));
    const flows = amounts.map((amountCents, k) => ({
      date: addDays('2026-01-15', 30 * (k + 1)),
      amountCents,
    }));
    // 1.02^(365/30) − 1 = 27.2434%; the centavo rounding of PMT (94.56 vs 94.5596) adds 0.001 pp
    const theoretical = new Dec('1.02').pow(new Dec(365).div(30)).minus(1).mul(100);
    expect(theoretical.toFixed(4)).toBe('27.2434');
    expect(cetAnnualPercent(100000, '2026-01-15', flows)).toBe('27.24');
    expect(cetByBisection(100000, '2026-01-15', flows)).toBeCloseTo(27.2445, 3);
  });

  it('Price at 2% a.m. on real month ends and mid-months (irregular month lengths)', () => {
    const amounts = priceSchedule(100000, '2', RELEASE, months(12));
    // Due on the 15th: 31, 59, 90, ... 365 days. February pulls every later payment ~2 days earlier than
    // an even 365/12 spacing, so the CET is above the 26.82% of 1.02^12 − 1.
    const mid = monthlyFlows('2026-01-15', 15, amounts);
    expect(mid.at(-1)?.date).toBe('2027-01-15');
    expect(cetAnnualPercent(100000, '2026-01-15', mid)).toBe('26.95');
    expect(cetByBisection(100000, '2026-01-15', mid)).toBeCloseTo(26.9536, 3);
    // Due on day 31 (clamped to month ends)
    const ends = monthlyFlows('2026-01-31', 31, amounts);
    expect(ends[0]?.date).toBe('2026-02-28');
    expect(cetAnnualPercent(100000, '2026-01-31', ends)).toBe('27.05');
    expect(cetByBisection(100000, '2026-01-31', ends)).toBeCloseTo(27.0516, 3);
  });

  it('a fee withheld at release raises the CET above the interest rate', () => {
    // R$ 30,00 withheld: the debtor receives R$ 970,00 and pays the Price installments of R$ 1.000,00
    const flows = monthlyFlows('2026-01-15', 15, priceSchedule(100000, '2', RELEASE, months(12)));
    expect(cetAnnualPercent(97000, '2026-01-15', flows)).toBe('34.65');
    expect(cetByBisection(97000, '2026-01-15', flows)).toBeCloseTo(34.654, 2);
  });

  it('a fee paid on the release day counts undiscounted', () => {
    // 1000 released, 50 paid at once and 1050 + 5% a year later: 950 = 1102.5 / (1 + r) -> 16.05%
    const flows = [
      { date: '2026-01-01', amountCents: 5000 },
      { date: '2027-01-01', amountCents: 110250 },
    ];
    expect(cetAnnualPercent(100000, '2026-01-01', flows)).toBe('16.05');
  });

  it('paying back less than financed gives a negative CET', () => {
    expect(cetAnnualPercent(100000, '2026-01-01', [{ date: '2027-01-01', amountCents: 90000 }])).toBe(
      '-10.00',
    );
  });

  it('converges on extreme rates', () => {
    // double in 7 days: 2^(365/7) − 1, about 4.4e15 %
    const extreme = cetAnnualPercent(100000, '2026-01-01', [{ date: '2026-01-08', amountCents: 200000 }]);
    const expected = new Dec(2).pow(new Dec(365).div(7)).minus(1).mul(100);
    // Float64 carries ~15 significant digits: at 18-digit rates the cents are noise, the rate is not.
    expect(new Dec(extreme).minus(expected).abs().div(expected).toNumber()).toBeLessThan(1e-12);
  });

  it('refuses impossible inputs', () => {
    const later = { date: '2027-01-01', amountCents: 110000 };
    expect(() => cetAnnualPercent(0, '2026-01-01', [later])).toThrow(RangeError);
    expect(() => cetAnnualPercent(100000, '2026-02-30', [later])).toThrow(RangeError);
    expect(() => cetAnnualPercent(100000, '2026-01-01', [])).toThrow(RangeError);
    expect(() =>
      cetAnnualPercent(100000, '2026-01-01', [{ date: '2025-12-31', amountCents: 110000 }]),
    ).toThrow(/anterior/);
    expect(() =>
      cetAnnualPercent(100000, '2026-01-01', [{ date: '2026-01-01', amountCents: 110000 }]),
    ).toThrow(RangeError);
    expect(() =>
      cetAnnualPercent(100000, '2026-01-01', [{ date: '2026-01-01', amountCents: 100000 }, later]),
    ).toThrow(/não existe/);
    expect(() => cetAnnualPercent(100000, '2026-01-01', [{ ...later, amountCents: -1 }])).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over random inputs (a seeded generator, so a failure reproduces)
// ---------------------------------------------------------------------------------------------

function intBetween(rand: () => number, min: number, max: number): number {
  return min + Math.floor(rand() * (max - min + 1));
}

/** A monthly rate between 0 and 15% with up to 4 decimals; 0 one time in ten. */
function randomRate(rand: () => number): string {
  if (rand() < 0.1) return '0';
  return new Dec(intBetween(rand, 1, 150000)).div(10000).toString();
}

function exactPayment(pv: number, ratePercent: string, n: number): Dec {
  const i = new Dec(ratePercent).div(100);
  return new Dec(pv).mul(i).div(new Dec(1).minus(i.plus(1).pow(-n)));
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe('properties', () => {
  it('the schedule adds up exactly and only the last installment differs, by at most ⌈n/2⌉ ≤ n', () => {
    const rand = prng(20260115);
    for (let run = 0; run < 400; run += 1) {
      const pv = intBetween(rand, 100, 100_000_000);
      const rate = randomRate(rand);
      const n = intBetween(rand, 1, 120);
      const s = priceSchedule(pv, rate, RELEASE, months(n));
      const context = `PV ${pv}, ${rate}%, ${n}x`;
      expect(s, context).toHaveLength(n);
      expect(
        s.every((a) => Number.isSafeInteger(a) && a >= 0),
        context,
      ).toBe(true);
      if (new Dec(rate).isZero()) {
        expect(sum(s), context).toBe(pv);
        expect(Math.max(...s) - Math.min(...s), context).toBeLessThanOrEqual(1);
        continue;
      }
      const exact = exactPayment(pv, rate, n);
      expect(sum(s), context).toBe(roundToCents(exact.mul(n)));
      const payment = pricePaymentCents(pv, rate, RELEASE, months(n));
      expect(payment, context).toBe(roundToCents(exact));
      if (payment * (n - 1) > sum(s)) {
        // degenerate tiny installments: even split instead of a negative last one
        expect(Math.max(...s) - Math.min(...s), context).toBeLessThanOrEqual(1);
        continue;
      }
      expect(
        s.slice(0, -1).every((a) => a === payment),
        context,
      ).toBe(true);
      const drift = Math.abs((s.at(-1) ?? 0) - payment);
      expect(drift, context).toBeLessThanOrEqual(Math.ceil(n / 2));
      expect(drift, context).toBeLessThanOrEqual(n);
      // and the total is never below the principal
      expect(sum(s), context).toBeGreaterThanOrEqual(pv);
    }
  });

  it('more installments at the same positive rate never cost less in total', () => {
    const rand = prng(7);
    for (let run = 0; run < 200; run += 1) {
      const pv = intBetween(rand, 100, 100_000_000);
      const rate = new Dec(intBetween(rand, 1, 150000)).div(10000).toString();
      const n = intBetween(rand, 1, 119);
      const context = `PV ${pv}, ${rate}%, ${n}x vs ${n + 1}x`;
      expect(sum(priceSchedule(pv, rate, RELEASE, months(n + 1))), context).toBeGreaterThanOrEqual(
        sum(priceSchedule(pv, rate, RELEASE, months(n))),
      );
    }
  });

  it('CET ≥ 0 whenever the total paid is at least the amount financed', () => {
    const rand = prng(4881);
    for (let run = 0; run < 150; run += 1) {
      const pv = intBetween(rand, 100, 100_000_000);
      const rate = randomRate(rand);
      const n = intBetween(rand, 1, 60);
      const release = addDays('2024-01-01', intBetween(rand, 0, 1500));
      const day = intBetween(rand, 1, 31);
      const dates = monthlyFlows(
        release,
        day,
        Array.from({ length: n }, () => 0),
      ).map((f) => f.date);
      const amounts = priceSchedule(pv, rate, release, dates);
      const flows = dates.map((date, k) => ({ date, amountCents: amounts[k] as number }));
      // sometimes finance less than the principal (fees withheld), never more
      const financed = pv - intBetween(rand, 0, Math.floor(pv / 10));
      const context = `PV ${pv}, financed ${financed}, ${rate}%, ${n}x from ${release} on day ${day}`;
      const cet = cetAnnualPercent(financed, release, flows);
      expect(Number(cet), context).toBeGreaterThanOrEqual(0);
      expect(cet, context).toMatch(/^\d+\.\d{2}$/);
    }
  });
});

describe('simpleInterestSchedule: no capitalisation (Decreto 22.626/1933 art. 4º; Súmulas 539/541)', () => {
  it('R$ 1.000,00 at 1% a month in 3 installments, by hand', () => {
    // Σ 1/(1 + 0,01·k), k = 1..3 = 0,990099 + 0,980392 + 0,970874 = 2,941365
    // PMT = 100000 / 2,941365 = 33997,82 → 33998 centavos; total 3 × 33997,82 = 101993,46 → 101993;
    // the last installment absorbs the rounding: 101993 − 2 × 33998 = 33997.
    expect(simpleInterestSchedule(100_000, '1', RELEASE, months(3))).toEqual([33_998, 33_998, 33_997]);
    // Price (compound) on the same terms costs more: 1000 × 0,01 / (1 − 1,01^−3) = 340,02.
    expect(priceSchedule(100_000, '1', RELEASE, months(3))[0]).toBe(34_002);
  });

  it('zero rate splits the principal; annual simple rate is 12 × monthly', () => {
    expect(simpleInterestSchedule(100_001, '0', RELEASE, months(2))).toEqual([50_001, 50_000]);
    expect(simpleAnnualFromMonthly('1')).toBe('12.00');
    expect(effectiveAnnualFromMonthly('1')).toBe('12.68');
  });
});
