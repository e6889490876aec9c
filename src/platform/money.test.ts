import { describe, expect, it } from 'vitest';
import {
  Dec,
  formatBRL,
  formatPercent,
  percentToFraction,
  roundToCents,
  splitByLargestRemainder,
} from './money.ts';

describe('roundToCents (half-even, ABNT NBR 5891)', () => {
  it.each([
    // exactly half a centavo: goes to the even neighbour
    ['0.5', 0],
    ['1.5', 2],
    ['2.5', 2],
    ['3.5', 4],
    ['1234.5', 1234],
    ['1235.5', 1236],
    ['-1.5', -2],
    ['-2.5', -2],
    // not exactly half: ordinary nearest
    ['2.4999999', 2],
    ['2.5000001', 3],
    ['2.51', 3],
    ['2.49', 2],
    ['0.4', 0],
    ['7', 7],
  ])('%s -> %i', (value, expected) => {
    expect(roundToCents(value)).toBe(expected);
  });

  it('accepts numbers and Decimals as well as strings', () => {
    expect(roundToCents(10.5)).toBe(10);
    expect(roundToCents(11.5)).toBe(12);
    expect(roundToCents(new Dec('100000').mul('0.015'))).toBe(1500);
  });

  it('is exact where binary floating point is not', () => {
    // 0.1 + 0.2 in decimal is exactly 0.3; ×5 = 1.5 -> 2 (half-even, 2 is even)
    expect(roundToCents(new Dec('0.1').add('0.2').mul(5))).toBe(2);
    // 1.005 × 100 = 100.5 exactly in decimal -> 100 (even); floats would give 100.49999999999999
    expect(roundToCents(new Dec('1.005').mul(100))).toBe(100);
  });

  it('returns an integer number', () => {
    expect(Number.isInteger(roundToCents('123456.789'))).toBe(true);
    expect(roundToCents('123456.789')).toBe(123457);
  });
});

describe('percentToFraction', () => {
  it('divides by 100 exactly', () => {
    expect(percentToFraction('2.5').toString()).toBe('0.025');
    expect(percentToFraction(1).toString()).toBe('0.01');
    expect(percentToFraction('0.42').toString()).toBe('0.0042');
  });
});

describe('formatBRL', () => {
  it.each([
    [0, 'R$ 0,00'],
    [1, 'R$ 0,01'],
    [10, 'R$ 0,10'],
    [99, 'R$ 0,99'],
    [100, 'R$ 1,00'],
    [1500, 'R$ 15,00'],
    [99999, 'R$ 999,99'],
    [100000, 'R$ 1.000,00'],
    [123456, 'R$ 1.234,56'],
    [12345678, 'R$ 123.456,78'],
    [100000000, 'R$ 1.000.000,00'],
    [123456789012, 'R$ 1.234.567.890,12'],
    [-150, '-R$ 1,50'],
    [-123456, '-R$ 1.234,56'],
  ])('%i -> %s', (cents, expected) => {
    expect(formatBRL(cents)).toBe(expected);
  });
});

describe('formatPercent', () => {
  it.each([
    ['2.5', '2,5%'],
    ['2.50', '2,5%'],
    ['2', '2%'],
    ['0.42', '0,42%'],
    ['-0.68', '-0,68%'],
    ['1.4155', '1,4155%'],
  ])('%s -> %s', (value, expected) => {
    expect(formatPercent(value)).toBe(expected);
  });

  it('accepts numbers and Decimals', () => {
    expect(formatPercent(1)).toBe('1%');
    expect(formatPercent(new Dec('10'))).toBe('10%');
  });
});

describe('splitByLargestRemainder', () => {
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

  it('splits exactly when the division is exact', () => {
    // 1000 × 50/100 = 500, × 30/100 = 300, × 20/100 = 200
    expect(splitByLargestRemainder(1000, [50, 30, 20])).toEqual([500, 300, 200]);
    expect(splitByLargestRemainder(1000, ['0.5', '0.3', '0.2'])).toEqual([500, 300, 200]);
  });

  it('gives the leftover centavo to the largest remainder', () => {
    // 100 × 1/3 = 33.33 (frac .33), 100 × 2/3 = 66.67 (frac .67) -> floors 33 + 66 = 99, 1 left -> 2nd part
    expect(splitByLargestRemainder(100, [1, 2])).toEqual([33, 67]);
    // 10 × 0.15 = 1.5, × 0.25 = 2.5, × 0.6 = 6 -> floors 1 + 2 + 6 = 9, 1 left; tie .5/.5 -> earliest
    expect(splitByLargestRemainder(10, ['0.15', '0.25', '0.6'])).toEqual([2, 2, 6]);
    // 7 × 0.1 = 0.7, × 0.2 = 1.4, × 0.7 = 4.9 -> floors 0 + 1 + 4 = 5, 2 left -> .9 then .7
    expect(splitByLargestRemainder(7, ['0.1', '0.2', '0.7'])).toEqual([1, 1, 5]);
  });

  it('breaks ties in favour of the earliest part', () => {
    // 100 / 3 = 33.33 each -> floors 99, 1 left -> first part
    expect(splitByLargestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
    // 101 / 3 = 33.67 each -> floors 99, 2 left -> first two parts
    expect(splitByLargestRemainder(101, [1, 1, 1])).toEqual([34, 34, 33]);
    // 1 centavo among 4 equal parts -> the first
    expect(splitByLargestRemainder(1, [1, 1, 1, 1])).toEqual([1, 0, 0, 0]);
    // 3 centavos in 4 parts -> the first three
    expect(splitByLargestRemainder(3, [5, 5, 5, 5])).toEqual([1, 1, 1, 0]);
  });

  it('handles installment-like splits (R$ 1.000,00 in 3)', () => {
    const parts = splitByLargestRemainder(100000, [1, 1, 1]);
    expect(parts).toEqual([33334, 33333, 33333]);
    expect(sum(parts)).toBe(100000);
  });

  it('returns [] for no weights', () => {
    expect(splitByLargestRemainder(100, [])).toEqual([]);
  });

  it('puts everything in the first part when all weights are zero', () => {
    expect(splitByLargestRemainder(100, [0, 0, 0])).toEqual([100, 0, 0]);
  });

  it('gives zero parts for a zero total and zero-weight parts', () => {
    expect(splitByLargestRemainder(0, [1, 2, 3])).toEqual([0, 0, 0]);
    expect(splitByLargestRemainder(100, [0, 1, 0])).toEqual([0, 100, 0]);
  });

  it('a single part takes everything', () => {
    expect(splitByLargestRemainder(12345, ['0.0001'])).toEqual([12345]);
  });

  it('always adds up exactly and stays within one centavo of the proportional share', () => {
    // deterministic pseudo-random cases (LCG) so a failure is reproducible
    let seed = 42;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    for (let n = 0; n < 300; n += 1) {
      const total = next() % 10_000_000;
      const count = 1 + (next() % 12);
      const weights = Array.from({ length: count }, () => String((next() % 100_000) / 100));
      const weightSum = weights.reduce((a, w) => a.add(w), new Dec(0));
      const parts = splitByLargestRemainder(total, weights);
      expect(parts).toHaveLength(count);
      expect(sum(parts)).toBe(total);
      for (const [i, part] of parts.entries()) {
        expect(Number.isInteger(part)).toBe(true);
        if (weightSum.isZero()) continue;
        const exact = new Dec(total).mul(weights[i]!).div(weightSum);
        expect(new Dec(part).minus(exact).abs().lessThan(1)).toBe(true);
      }
    }
  });
});
