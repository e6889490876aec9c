import { describe, expect, it } from 'vitest';
import {
  addDays,
  addYears,
  daysBetween,
  daysInMonth,
  formatDatePtBr,
  formatMonthPtBr,
  isIsoDate,
  monthOf,
  monthsInRange,
} from './dates.ts';

describe('isIsoDate', () => {
  it.each([
    '2024-01-01',
    '2024-12-31',
    '2024-02-29', // 2024 is divisible by 4
    '2000-02-29', // 2000 is divisible by 400
    '2023-02-28',
    '2024-04-30',
    '1999-12-31',
  ])('accepts %s', (value) => {
    expect(isIsoDate(value)).toBe(true);
  });

  it.each([
    '2023-02-29', // 2023 is not a leap year
    '2100-02-29', // divisible by 100, not by 400
    '1900-02-29',
    '2024-02-30',
    '2024-04-31',
    '2024-13-01',
    '2024-00-10',
    '2024-01-00',
    '2024-01-32',
    '2024-1-01',
    '2024-01-1',
    '24-01-01',
    '20240101',
    '01/02/2024',
    '2024-01-01T00:00:00Z',
    ' 2024-01-01',
    '2024-01-01 ',
    '2024-01-01\n',
    '',
  ])('rejects %j', (value) => {
    expect(isIsoDate(value)).toBe(false);
  });
});

describe('daysInMonth', () => {
  it.each([
    [2024, 1, 31],
    [2024, 2, 29],
    [2023, 2, 28],
    [2000, 2, 29],
    [2100, 2, 28],
    [2024, 4, 30],
    [2024, 12, 31],
  ])('%i-%i has %i days', (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
  });
});

describe('daysBetween', () => {
  it('counts whole calendar days', () => {
    // 2024-01-10 -> 2024-01-31 = 21, + 24 days of February = 45
    expect(daysBetween('2024-01-10', '2024-02-24')).toBe(45);
    expect(daysBetween('2024-01-10', '2024-01-11')).toBe(1);
    expect(daysBetween('2024-01-10', '2024-01-10')).toBe(0);
  });

  it('is negative when `to` is earlier', () => {
    expect(daysBetween('2024-02-24', '2024-01-10')).toBe(-45);
    expect(daysBetween('2024-01-11', '2024-01-10')).toBe(-1);
  });

  it('counts 29 February in leap years only', () => {
    // 2024: 28 Feb -> 29 Feb -> 1 Mar = 2 days; 2023: 28 Feb -> 1 Mar = 1 day
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2023-02-28', '2023-03-01')).toBe(1);
    expect(daysBetween('2000-02-28', '2000-03-01')).toBe(2);
    expect(daysBetween('1900-02-28', '1900-03-01')).toBe(1);
    expect(daysBetween('2100-02-28', '2100-03-01')).toBe(1);
  });

  it('gives 366 days for a leap year and 365 otherwise', () => {
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2023-01-01', '2024-01-01')).toBe(365);
    // 2024-01-10 -> 2024-04-10: 21 (Jan) + 29 (Feb) + 31 (Mar) + 10 (Apr) = 91
    expect(daysBetween('2024-01-10', '2024-04-10')).toBe(91);
    // same span in 2023: 21 + 28 + 31 + 10 = 90
    expect(daysBetween('2023-01-10', '2023-04-10')).toBe(90);
  });

  it('crosses year ends and Brazilian/European DST dates without drifting', () => {
    expect(daysBetween('2023-12-31', '2024-01-01')).toBe(1);
    // Brazil used DST until 2019 (e.g. started 2018-11-04); Europe switches late March / October
    expect(daysBetween('2018-11-03', '2018-11-05')).toBe(2);
    expect(daysBetween('2024-03-30', '2024-04-01')).toBe(2);
    expect(daysBetween('2024-10-26', '2024-10-28')).toBe(2);
  });

  it('counts 5 years including one 29 February', () => {
    // 2020-03-15 -> 2025-03-15: 5 × 365 + 1 (29 Feb 2024) = 1826
    expect(daysBetween('2020-03-15', '2025-03-15')).toBe(1826);
    // 2019-01-01 -> 2024-01-01: 5 × 365 + 1 (29 Feb 2020) = 1826
    expect(daysBetween('2019-01-01', '2024-01-01')).toBe(1826);
  });
});

describe('addDays', () => {
  it('adds and subtracts days across months, years and 29 February', () => {
    expect(addDays('2024-01-10', 45)).toBe('2024-02-24');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2024-01-10', 0)).toBe('2024-01-10');
  });

  it('is the inverse of daysBetween', () => {
    for (const days of [0, 1, 29, 30, 31, 59, 60, 365, 366, 1826]) {
      expect(daysBetween('2023-11-20', addDays('2023-11-20', days))).toBe(days);
    }
  });
});

describe('addYears', () => {
  it('keeps day and month', () => {
    expect(addYears('2020-03-15', 5)).toBe('2025-03-15');
    expect(addYears('2023-12-31', 1)).toBe('2024-12-31');
    expect(addYears('2024-01-01', -1)).toBe('2023-01-01');
    expect(addYears('2024-02-28', 1)).toBe('2025-02-28');
    expect(addYears('2024-07-04', 0)).toBe('2024-07-04');
  });

  it('turns 29 February into 28 February in a non-leap year', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2020-02-29', 5)).toBe('2025-02-28');
    expect(addYears('2024-02-29', -1)).toBe('2023-02-28');
    expect(addYears('2000-02-29', 100)).toBe('2100-02-28');
  });

  it('keeps 29 February when the target year is a leap year', () => {
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2024-02-29', -4)).toBe('2020-02-29');
    expect(addYears('2000-02-29', 400)).toBe('2400-02-29');
  });

  it('pads the result as an ISO date', () => {
    expect(isIsoDate(addYears('2024-02-29', 1))).toBe(true);
    expect(addYears('2024-01-05', 5)).toBe('2029-01-05');
  });
});

describe('monthOf', () => {
  it('returns YYYY-MM', () => {
    expect(monthOf('2024-01-10')).toBe('2024-01');
    expect(monthOf('2025-12-31')).toBe('2025-12');
  });
});

describe('monthsInRange', () => {
  it('lists months from `from` (inclusive) to `to` (exclusive)', () => {
    expect(monthsInRange('2024-01', '2024-04')).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(monthsInRange('2024-01', '2024-02')).toEqual(['2024-01']);
  });

  it('crosses year boundaries', () => {
    expect(monthsInRange('2025-10', '2026-02')).toEqual(['2025-10', '2025-11', '2025-12', '2026-01']);
    expect(monthsInRange('2023-12', '2024-01')).toEqual(['2023-12']);
  });

  it('is empty for the same month or a reversed range', () => {
    expect(monthsInRange('2024-03', '2024-03')).toEqual([]);
    expect(monthsInRange('2024-04', '2024-01')).toEqual([]);
    expect(monthsInRange('2025-01', '2024-12')).toEqual([]);
  });

  it('has 12 × years entries for whole years', () => {
    const months = monthsInRange('2020-01', '2025-01');
    expect(months).toHaveLength(60);
    expect(months[0]).toBe('2020-01');
    expect(months[59]).toBe('2024-12');
    expect(new Set(months).size).toBe(60);
  });
});

describe('pt-BR formatting', () => {
  it('formats months', () => {
    expect(formatMonthPtBr('2024-01')).toBe('jan/2024');
    expect(formatMonthPtBr('2024-03')).toBe('mar/2024');
    expect(formatMonthPtBr('2025-12')).toBe('dez/2025');
  });

  it('formats dates', () => {
    expect(formatDatePtBr('2024-03-05')).toBe('05/03/2024');
    expect(formatDatePtBr('2029-02-28')).toBe('28/02/2029');
  });
});

describe('day arithmetic agrees with Date over four centuries', () => {
  it('addDays and daysBetween match the UTC Date computation for every 7th day 1900–2300', () => {
    const start = Date.UTC(1900, 0, 1);
    for (let ms = start, i = 0; i < 21_000; i++, ms += 7 * 86_400_000) {
      const iso = new Date(ms).toISOString().slice(0, 10);
      expect(addDays('1900-01-01', i * 7)).toBe(iso);
      expect(daysBetween('1900-01-01', iso)).toBe(i * 7);
      expect(addDays(iso, 1)).toBe(new Date(ms + 86_400_000).toISOString().slice(0, 10));
      expect(addDays(iso, -1)).toBe(new Date(ms - 86_400_000).toISOString().slice(0, 10));
    }
  });

  it('refuses malformed dates instead of computing garbage', () => {
    expect(() => addDays('2026-1-01', 1)).toThrow(/Data inválida/);
    expect(() => daysBetween('20261101', '2026-11-02')).toThrow(/Data inválida/);
  });
});
