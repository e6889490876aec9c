import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type Balance,
  type BalanceInput,
  type BalanceLine,
  type BalanceLineKind,
  type BalanceTerms,
  computeBalance,
  DEFAULT_LIMITS,
  type Lawyer,
} from './balance.rules.ts';

const LAWYER: Lawyer = { name: 'Ana Souza', oab: 'SP 123456', assignedOn: '2024-01-15' };

/**
 * IPCA monthly variation (%), copied from /work/shared/data/ipca-monthly.csv (IBGE series; the table
 * runs 2020-01..2025-11). Only the months these tests use; the last describe block checks them against
 * the CSV when the file is available.
 */
const IPCA_VALUES: Record<string, string> = {
  '2022-07': '-0.68',
  '2022-08': '-0.36',
  '2022-09': '-0.29',
  '2023-06': '-0.08',
  '2023-07': '0.12',
  '2024-01': '0.42',
  '2024-02': '0.83',
  '2024-03': '0.16',
  '2024-07': '0.38',
  '2024-08': '-0.02',
  '2024-09': '0.44',
  '2025-10': '0.09',
  '2025-11': '0.18',
};
const IPCA: ReadonlyMap<string, string> = new Map(Object.entries(IPCA_VALUES));
const IPCA_CSV = '/work/shared/data/ipca-monthly.csv';

const NO_CHARGES: BalanceTerms = {
  finePercent: '0',
  monthlyInterestPercent: '0',
  correctionIndex: 'none',
  feesPercent: '0',
  feesInContract: false,
  financialInstitution: false,
};

const TYPICAL: BalanceTerms = {
  finePercent: '2',
  monthlyInterestPercent: '1',
  correctionIndex: 'IPCA',
  feesPercent: '10',
  feesInContract: true,
  financialInstitution: false,
};

/** R$ 1.000,00 due 2024-01-10 with no charges, unless overridden. */
function balance(
  overrides: Partial<Omit<BalanceInput, 'terms'>> & { terms?: Partial<BalanceTerms> } = {},
): Balance {
  const { terms, ...rest } = overrides;
  return computeBalance({
    debtId: 'debt-1',
    principalCents: 100000,
    dueDate: '2024-01-10',
    date: '2024-01-10',
    indexTable: IPCA,
    ...rest,
    terms: { ...NO_CHARGES, ...terms },
  });
}

function line(b: Balance, kind: BalanceLineKind): BalanceLine {
  const found = b.lines.find((l) => l.kind === kind);
  if (!found) throw new Error(`no ${kind} line`);
  return found;
}

function sumOfLines(b: Balance): number {
  return b.lines.reduce((sum, l) => sum + l.amountCents, 0);
}

describe('computeBalance: structure', () => {
  it('has one line per kind, in order, each with a rule and an integer amount', () => {
    const b = balance({ date: '2024-04-10', terms: TYPICAL });
    expect(b.lines.map((l) => l.kind)).toEqual(['principal', 'correction', 'fine', 'interest', 'fees']);
    for (const l of b.lines) {
      expect(Number.isInteger(l.amountCents)).toBe(true);
      expect(l.rule.length).toBeGreaterThan(10);
    }
    expect(b.debtId).toBe('debt-1');
    expect(b.dueDate).toBe('2024-01-10');
    expect(b.date).toBe('2024-04-10');
  });

  it('mirrors each line amount in the summary fields', () => {
    const b = balance({ date: '2024-04-10', terms: TYPICAL });
    expect(b.principalCents).toBe(line(b, 'principal').amountCents);
    expect(b.correctionCents).toBe(line(b, 'correction').amountCents);
    expect(b.fineCents).toBe(line(b, 'fine').amountCents);
    expect(b.interestCents).toBe(line(b, 'interest').amountCents);
    expect(b.feesCents).toBe(line(b, 'fees').amountCents);
  });

  it('uses DEFAULT_LIMITS (2% fine, 1% moratory interest, 10% fees) when no limits are given', () => {
    expect(DEFAULT_LIMITS).toEqual({
      fineCapPercent: '2',
      moratoryInterestCapPercent: '1',
      legacyLegalInterestPercent: '1',
      feesCapPercent: '10',
    });
    const terms = { ...TYPICAL, finePercent: '10', monthlyInterestPercent: '3' };
    const implicit = balance({ date: '2024-04-10', terms });
    const explicit = balance({ date: '2024-04-10', terms, limits: DEFAULT_LIMITS });
    expect(implicit).toEqual(explicit);
  });
});

describe('computeBalance: the full example', () => {
  // R$ 1.000,00 due 2024-01-10 (Wed), computed on 2024-04-10: 2% fine, 1% a month, IPCA, 10% fees in
  // contract, a lawyer assigned on 2024-01-15.
  const b = balance({ date: '2024-04-10', terms: TYPICAL, lawyer: LAWYER });

  it('counts 91 days overdue (2024 is a leap year)', () => {
    // 21 (rest of Jan) + 29 (Feb 2024) + 31 (Mar) + 10 (Apr) = 91
    expect(b.daysOverdue).toBe(91);
  });

  it('corrects by IPCA Jan, Feb and Mar 2024 compounded', () => {
    // factor = 1.0042 × 1.0083 × 1.0016
    //        = 1.01253486 × 1.0016 = 1.014154915776
    // correction = 100000 × 0.014154915776 = 1415.4915776 -> 1415 centavos
    expect(b.correctionCents).toBe(1415);
    const l = line(b, 'correction');
    expect(l.rule).toContain('IPCA acumulado de jan/2024 a mar/2024 (3 mês(es))');
    // 1.4154915776% to 4 places -> 1,4155%
    expect(l.rule).toContain('1,4155%');
    expect(l.rule).toContain('R$ 1.000,00');
    expect(l.missingMonths).toBeUndefined();
    expect(l.legalBasis).toContain('14.905');
  });

  it('charges the 2% fine on the principal', () => {
    // 100000 × 2% = 2000
    expect(b.fineCents).toBe(2000);
    expect(line(b, 'fine').capped).toBe(false);
  });

  it('charges 1% a month over 3 civil months (Código Civil art. 132 §3)', () => {
    // 10/01 -> 10/04 is exactly 3 civil months: 100000 × 1% × 3 = 3000 (days/30 would give 91/30 -> 3033)
    expect(b.interestCents).toBe(3000);
    expect(line(b, 'interest').rule).toContain('3 mês(es)');
  });

  it('charges fees on principal + correction + fine + interest', () => {
    // base = 100000 + 1415 + 2000 + 3000 = 106415; 10% = 10641.5 -> 10642 (half-even: 10641 is odd)
    expect(b.feesCents).toBe(10642);
    expect(line(b, 'fees').rule).toContain('R$ 1.064,15');
    expect(line(b, 'fees').rule).toContain('10%');
    expect(line(b, 'fees').rule).toContain('Ana Souza (OAB SP 123456)');
  });

  it('adds up', () => {
    // 100000 + 1415 + 2000 + 3000 + 10642 = 117057
    expect(b.totalCents).toBe(117057);
    expect(b.totalCents).toBe(sumOfLines(b));
    expect(b.prescribed).toBe(false);
    expect(b.prescriptionDate).toBe('2029-01-10');
  });

  it('explains the principal', () => {
    expect(line(b, 'principal').rule).toContain('R$ 1.000,00');
    expect(line(b, 'principal').rule).toContain('10/01/2024');
    expect(line(b, 'principal').rule).toContain('91 dia(s) em atraso');
  });
});

describe('computeBalance: not yet due', () => {
  const heavy: Partial<BalanceTerms> = {
    ...TYPICAL,
    finePercent: '10',
    monthlyInterestPercent: '5',
    feesPercent: '20',
  };

  it.each([
    ['on the due date', '2024-01-10'],
    ['the day before', '2024-01-09'],
    ['months before', '2023-10-01'],
  ])('%s: no fine, interest, correction or fees', (_label, date) => {
    const b = balance({ date, terms: heavy });
    expect(b.daysOverdue).toBe(0);
    expect(b.fineCents).toBe(0);
    expect(b.interestCents).toBe(0);
    expect(b.correctionCents).toBe(0);
    expect(b.feesCents).toBe(0);
    expect(b.totalCents).toBe(100000);
    expect(b.totalCents).toBe(sumOfLines(b));
    expect(b.prescribed).toBe(false);
    expect(line(b, 'principal').rule).toContain('ainda não em atraso');
    expect(line(b, 'fine').rule).toContain('ainda não está em atraso');
    expect(line(b, 'interest').rule).toContain('ainda não está em atraso');
    expect(line(b, 'correction').rule).toContain('não se aplica antes do vencimento');
    expect(line(b, 'fees').rule).toContain('ainda não está em atraso');
    expect(line(b, 'fine').capped).toBeFalsy();
    expect(line(b, 'interest').capped).toBeFalsy();
  });

  it('is overdue from the day after the due date', () => {
    const b = balance({ date: '2024-01-11', terms: { finePercent: '2', monthlyInterestPercent: '1' } });
    expect(b.daysOverdue).toBe(1);
    // fine 100000 × 2% = 2000; interest 100000 × 1% × 1/31 (10/01 -> 10/02 has 31 days) = 32.26 -> 32
    expect(b.fineCents).toBe(2000);
    expect(b.interestCents).toBe(32);
    expect(b.totalCents).toBe(102032);
  });
});

describe('computeBalance: late fine (CDC art. 52 §1)', () => {
  const overdue = { date: '2024-02-24' };

  it('applies a contract rate under the cap as is', () => {
    // 100000 × 1.5% = 1500
    const b = balance({ ...overdue, terms: { finePercent: '1.5' } });
    expect(b.fineCents).toBe(1500);
    const l = line(b, 'fine');
    expect(l.capped).toBe(false);
    expect(l.rule).toBe('Multa prevista no contrato: 1,5% sobre R$ 1.000,00.');
    expect(l.legalBasis).toContain('art. 52');
  });

  it('applies a contract rate exactly at the cap, not flagged as capped', () => {
    // 100000 × 2% = 2000
    for (const finePercent of ['2', '2.0', '2.00']) {
      const b = balance({ ...overdue, terms: { finePercent } });
      expect(b.fineCents).toBe(2000);
      expect(line(b, 'fine').capped).toBe(false);
    }
  });

  it('caps a contract rate over 2% and says so', () => {
    // contract 10% -> capped to 2%: 100000 × 2% = 2000 (not 10000)
    const b = balance({ ...overdue, terms: { finePercent: '10' } });
    expect(b.fineCents).toBe(2000);
    const l = line(b, 'fine');
    expect(l.capped).toBe(true);
    expect(l.rule).toContain('Multa prevista no contrato: 2%');
    expect(l.rule).toContain('O contrato prevê 10%');
    expect(l.rule).toContain('teto legal de 2%');
  });

  it('caps even a hair over the cap', () => {
    // contract 2.01% -> 2%: 2000 (2.01% would be 2010)
    const b = balance({ ...overdue, terms: { finePercent: '2.01' } });
    expect(b.fineCents).toBe(2000);
    expect(line(b, 'fine').capped).toBe(true);
    expect(line(b, 'fine').rule).toContain('2,01%');
  });

  it('is a flat charge: same amount after 1 day and after 4 years', () => {
    const early = balance({ date: '2024-01-11', terms: { finePercent: '2' } });
    const late = balance({ date: '2028-01-10', terms: { finePercent: '2' } });
    expect(early.fineCents).toBe(2000);
    expect(late.fineCents).toBe(2000);
  });

  it('is zero when the contract has no fine', () => {
    const b = balance({ ...overdue, terms: { finePercent: '0' } });
    expect(b.fineCents).toBe(0);
    expect(line(b, 'fine').capped).toBe(false);
  });

  it('does not exist when the contract never provided it (null: Código Civil arts. 408-409)', () => {
    // A creditor created without terms: finePercent null -> no fine at all, not 2%.
    const b = balance({ ...overdue, terms: { finePercent: null } });
    expect(b.fineCents).toBe(0);
    expect(line(b, 'fine').rule).toBe('Sem multa: o contrato não prevê multa por atraso.');
    expect(line(b, 'fine').legalBasis).toContain('408');
  });

  it('follows configured limits', () => {
    // cap raised to 10%: contract 5% applies, 100000 × 5% = 5000
    const limits = { ...DEFAULT_LIMITS, fineCapPercent: '10' };
    const b = balance({ ...overdue, limits, terms: { finePercent: '5' } });
    expect(b.fineCents).toBe(5000);
    expect(line(b, 'fine').capped).toBe(false);
  });

  it.each([
    // principal × 2%: exactly half a centavo goes to the even neighbour
    [125, 2], // 125 × 2% = 2.5 -> 2 (even, down)
    [175, 4], // 175 × 2% = 3.5 -> 4 (even, up)
    [225, 4], // 225 × 2% = 4.5 -> 4 (even, down)
    [226, 5], // 226 × 2% = 4.52 -> 5 (not a tie)
    [224, 4], // 224 × 2% = 4.48 -> 4 (not a tie)
  ])('rounds half-even: %i centavos × 2%% -> %i', (principalCents, expected) => {
    const b = balance({ ...overdue, principalCents, terms: { finePercent: '2' } });
    expect(b.fineCents).toBe(expected);
  });
});

describe('computeBalance: late interest (simple, civil months plus a pro rata of the last)', () => {
  it('R$ 1.000,00 at 1% a month for 45 days (1 month + 14/29) is R$ 14,83', () => {
    // 2024-01-10 -> 2024-02-10 is one civil month; 2024-02-10 -> 2024-02-24 is 14 of the 29 days to 10/03
    // 100000 × 1% × (1 + 14/29) = 1000 × 1.482758... = 1482.76 -> 1483
    const b = balance({ date: '2024-02-24', terms: { monthlyInterestPercent: '1' } });
    expect(b.daysOverdue).toBe(45);
    expect(b.interestCents).toBe(1483);
    const l = line(b, 'interest');
    expect(l.capped).toBe(false);
    expect(l.rule).toContain('1 mês(es) + 14/29 de mês');
    expect(l.legalBasis).toContain('Súmula 379');
  });

  it.each([
    ['2024-01-11', 1, 32], // 1000 × 1/31 = 32.26 -> 32
    ['2024-01-12', 2, 65], // 1000 × 2/31 = 64.52 -> 65
    ['2024-02-09', 30, 968], // 1000 × 30/31 = 967.74 -> 968
    ['2024-03-10', 60, 2000], // two civil months: 1000 × 2 = 2000
    ['2025-01-10', 366, 12000], // a year is 12 months: 12% exactly (days/30 gave 366/30 = 12.2%)
  ])('counts civil months: on %s (%i days) -> %i', (date, days, expected) => {
    const b = balance({ date, terms: { monthlyInterestPercent: '1' } });
    expect(b.daysOverdue).toBe(days);
    expect(b.interestCents).toBe(expected);
  });

  it('a year at 1% a month is 12%, never 12.17% (the issue #12 case)', () => {
    // due 2024-03-15 (Fri) -> 2025-03-15: 365 days; days/30 = 12.1667 months would give 12167
    const b = balance({ dueDate: '2024-03-15', date: '2025-03-15', terms: { monthlyInterestPercent: '1' } });
    expect(b.daysOverdue).toBe(365);
    expect(b.interestCents).toBe(12000);
  });

  it('is simple, not compounded', () => {
    // 12 months at 1%: 100000 × 12% = 12000 (compound would be 12683)
    const b = balance({ date: '2025-01-10', terms: { monthlyInterestPercent: '1' } });
    expect(b.interestCents).toBe(12000);
  });

  it('caps agreed moratory interest at 1% a month (Decreto 22.626/1933; Súmula 379)', () => {
    // contract 3% -> 1%: 100000 × 1% × (1 + 14/29) = 1483 (3% would be 4448)
    const b = balance({ date: '2024-02-24', terms: { monthlyInterestPercent: '3' } });
    expect(b.interestCents).toBe(1483);
    const l = line(b, 'interest');
    expect(l.capped).toBe(true);
    expect(l.rule).toContain('1% ao mês');
    expect(l.rule).toContain('O contrato prevê 3% ao mês');
    expect(l.rule).toContain('não passam de 1% ao mês');
  });

  it('caps moratory interest at 1% for a financial institution too, and charges remuneratory interest on its own line', () => {
    // moratory: 3% -> 1% (STJ Súmula 379): 1483
    // remuneratory at the contract's 3%: 100000 × 3% × (1 + 14/29) = 3000 × 1.482758... = 4448.28 -> 4448
    const b = balance({
      date: '2024-02-24',
      terms: { monthlyInterestPercent: '3', remuneratoryInterestPercent: '3', financialInstitution: true },
    });
    expect(b.interestCents).toBe(1483);
    expect(line(b, 'interest').capped).toBe(true);
    expect(line(b, 'interest').rule).toContain('Juros de mora');
    const r = line(b, 'remuneratory_interest');
    expect(r.amountCents).toBe(4448);
    expect(b.remuneratoryInterestCents).toBe(4448);
    expect(r.rule).toContain('Juros remuneratórios do contrato: 3% ao mês');
    expect(r.legalBasis).toContain('4.882/2020');
    expect(b.totalCents).toBe(100000 + 1483 + 4448);
    expect(b.lines.map((l) => l.kind)).toEqual([
      'principal',
      'correction',
      'fine',
      'interest',
      'remuneratory_interest',
      'fees',
    ]);
  });

  it('has no remuneratory line for a creditor outside the financial system', () => {
    const b = balance({
      date: '2024-02-24',
      terms: { monthlyInterestPercent: '1', remuneratoryInterestPercent: '3' },
    });
    expect(b.lines.some((l) => l.kind === 'remuneratory_interest')).toBe(false);
    expect(b.remuneratoryInterestCents).toBe(0);
  });

  it('applies a rate under the cap as is, for both kinds of creditor', () => {
    // 100000 × 0.5% × (1 + 14/29) = 500 × 1.482758... = 741.38 -> 741
    for (const financialInstitution of [false, true]) {
      const b = balance({
        date: '2024-02-24',
        terms: { monthlyInterestPercent: '0.5', financialInstitution },
      });
      expect(b.interestCents).toBe(741);
      expect(line(b, 'interest').capped).toBe(false);
    }
  });

  it('follows configured limits', () => {
    // cap 2%: contract 3% -> 2%; 2000 × (1 + 14/29) = 2965.52 -> 2966
    const limits = { ...DEFAULT_LIMITS, moratoryInterestCapPercent: '2' };
    const b = balance({ date: '2024-02-24', limits, terms: { monthlyInterestPercent: '3' } });
    expect(b.interestCents).toBe(2966);
    expect(line(b, 'interest').capped).toBe(true);
  });

  it('counts 29 February in leap years', () => {
    // 2024-02-28 -> 2024-03-01 = 2 days of the month 28/02 -> 28/03 (29 days): 1000 × 2/29 = 68.97 -> 69
    const leap = balance({
      dueDate: '2024-02-28',
      date: '2024-03-01',
      terms: { monthlyInterestPercent: '1' },
    });
    expect(leap.daysOverdue).toBe(2);
    expect(leap.interestCents).toBe(69);
    // 2023-02-28 -> 2023-03-01 = 1 day of 28 (28/02 -> 28/03): 1000 / 28 = 35.71 -> 36
    const common = balance({
      dueDate: '2023-02-28',
      date: '2023-03-01',
      terms: { monthlyInterestPercent: '1' },
    });
    expect(common.daysOverdue).toBe(1);
    expect(common.interestCents).toBe(36);
  });

  it.each([
    // principal × 1% × 1/31 (one day of 10/01 -> 10/02): chosen so the result is exactly x.5
    [1550, 0], // 0.5 -> 0 (even, down)
    [4650, 2], // 1.5 -> 2 (even, up)
    [7750, 2], // 2.5 -> 2 (even, down)
    [10850, 4], // 3.5 -> 4 (even, up)
    [1580, 1], // 0.5097 -> 1 (not a tie)
  ])('rounds half-even: %i centavos for 1 day -> %i', (principalCents, expected) => {
    const b = balance({ principalCents, date: '2024-01-11', terms: { monthlyInterestPercent: '1' } });
    expect(b.interestCents).toBe(expected);
  });
});

describe('computeBalance: monetary correction', () => {
  const ipca: Partial<BalanceTerms> = { correctionIndex: 'IPCA' };

  it('is zero when due date and calculation date are in the same month', () => {
    const b = balance({
      dueDate: '2024-03-05',
      date: '2024-03-28',
      terms: { ...ipca, monthlyInterestPercent: '1' },
    });
    expect(b.daysOverdue).toBe(23);
    expect(b.correctionCents).toBe(0);
    expect(line(b, 'correction').rule).toContain('mesmo mês');
    expect(line(b, 'correction').missingMonths).toBeUndefined();
    // the debt is still overdue: 100000 × 1% × 23/31 (05/03 -> 05/04) = 741.94 -> 742
    expect(b.interestCents).toBe(742);
  });

  it('counts the due month in full once the calendar month turns', () => {
    // due 2024-01-31, date 2024-02-01 (1 day): months [2024-01] -> 100000 × 0.42% = 420
    const b = balance({ dueDate: '2024-01-31', date: '2024-02-01', terms: ipca });
    expect(b.daysOverdue).toBe(1);
    expect(b.correctionCents).toBe(420);
    expect(line(b, 'correction').rule).toContain('jan/2024 a jan/2024 (1 mês(es))');
  });

  it('excludes the calculation month', () => {
    // date 2024-04-30 still stops at March: same 1415 as on 2024-04-10
    const b = balance({ date: '2024-04-30', terms: ipca });
    expect(b.correctionCents).toBe(1415);
  });

  it('compounds the months', () => {
    // 10% and 10%: 1.1 × 1.1 = 1.21 -> 100000 × 0.21 = 21000 (simple sum would be 20000)
    const table = new Map([
      ['2024-01', '10'],
      ['2024-02', '10'],
    ]);
    const b = balance({ date: '2024-03-10', indexTable: table, terms: ipca });
    expect(b.correctionCents).toBe(21000);
    expect(line(b, 'correction').rule).toContain('21%');
  });

  it.each([
    // one month at 1%: principal × 0.01 chosen to be exactly x.5
    [50, 0], // 0.5 -> 0 (even, down)
    [150, 2], // 1.5 -> 2 (even, up)
    [250, 2], // 2.5 -> 2 (even, down)
    [350, 4], // 3.5 -> 4 (even, up)
    [251, 3], // 2.51 -> 3 (not a tie)
  ])('rounds half-even: %i centavos × 1%% -> %i', (principalCents, expected) => {
    const b = balance({
      principalCents,
      date: '2024-02-10',
      indexTable: new Map([['2024-01', '1']]),
      terms: ipca,
    });
    expect(b.correctionCents).toBe(expected);
  });

  it('treats months missing from the table as zero and names them', () => {
    // due 2025-10-15, date 2026-02-10: months Oct, Nov, Dec 2025 and Jan 2026; the table ends 2025-11
    // factor = 1.0009 × 1.0018 = 1.00270162 -> 100000 × 0.00270162 = 270.162 -> 270
    const b = balance({ dueDate: '2025-10-15', date: '2026-02-10', terms: ipca });
    expect(b.correctionCents).toBe(270);
    const l = line(b, 'correction');
    expect(l.missingMonths).toEqual(['2025-12', '2026-01']);
    expect(l.rule).toContain('out/2025 a jan/2026 (4 mês(es))');
    // 0.270162% to 4 places -> 0,2702%
    expect(l.rule).toContain('0,2702%');
    expect(l.rule).toContain('não tem 2 mês(es) (dez/2025, jan/2026)');
    expect(l.rule).toContain('contaram como zero');
  });

  it('names a gap in the middle of the table', () => {
    // Feb 2024 missing: 1.0042 × 1.0016 = 1.00580672 -> 100000 × 0.00580672 = 580.672 -> 581
    const table = new Map(IPCA);
    table.delete('2024-02');
    const b = balance({ date: '2024-04-10', indexTable: table, terms: ipca });
    expect(b.correctionCents).toBe(581);
    expect(line(b, 'correction').missingMonths).toEqual(['2024-02']);
    expect(line(b, 'correction').rule).toContain('(fev/2024)');
  });

  it('gives zero and names every month when none is in the table', () => {
    const b = balance({ dueDate: '2026-01-05', date: '2026-03-05', terms: ipca });
    expect(b.correctionCents).toBe(0);
    expect(line(b, 'correction').missingMonths).toEqual(['2026-01', '2026-02']);
    const empty = balance({ date: '2024-04-10', indexTable: new Map(), terms: ipca });
    expect(empty.correctionCents).toBe(0);
    expect(line(empty, 'correction').missingMonths).toEqual(['2024-01', '2024-02', '2024-03']);
  });

  it("is zero with correctionIndex 'none', whatever the table holds", () => {
    for (const date of ['2024-04-10', '2026-03-05']) {
      const b = balance({ date, terms: { correctionIndex: 'none' } });
      expect(b.correctionCents).toBe(0);
      const l = line(b, 'correction');
      expect(l.rule).toContain('Sem correção monetária');
      expect(l.missingMonths).toBeUndefined();
    }
  });

  it('preserves the nominal value under accumulated deflation', () => {
    // Jul, Aug, Sep 2022: 0.9932 × 0.9964 × 0.9971 = 0.98962448 × 0.9971 = 0.986754569008
    // accumulated -1.3245430992% -> raw correction -1324.54 -> 0 (never reduces the debt)
    const b = balance({
      dueDate: '2022-07-10',
      date: '2022-10-10',
      terms: { ...ipca, monthlyInterestPercent: '1' },
    });
    expect(b.correctionCents).toBe(0);
    expect(Object.is(b.correctionCents, 0)).toBe(true);
    const l = line(b, 'correction');
    expect(l.rule).toContain('-1,3245%');
    expect(l.rule).toContain('Variação acumulada negativa');
    expect(l.rule).toContain('valor nominal é preservado');
    // the other charges are unaffected. Due Sunday 10/07/2022 -> Monday 11/07 (CC art. 132 §1):
    // 91 days; 2 civil months to 11/09 + 29 of the 30 days to 11/10: 1000 × (2 + 29/30) = 2966.67 -> 2967
    expect(b.daysOverdue).toBe(91);
    expect(b.interestCents).toBe(2967);
    expect(b.totalCents).toBe(100000 + 2967);
  });

  it('gives +0, never -0, for a tiny negative variation', () => {
    // R$ 1,00 over Aug 2024 (-0.02%): 100 × -0.0002 = -0.02 -> 0
    const b = balance({ principalCents: 100, dueDate: '2024-08-10', date: '2024-09-10', terms: ipca });
    expect(Object.is(b.correctionCents, 0)).toBe(true);
    expect(Object.is(b.totalCents, 100)).toBe(true);
  });

  it('nets a deflation month against the others', () => {
    // Jun 2023 (-0.08) and Jul 2023 (+0.12): 0.9992 × 1.0012 = 1.00039904 -> 39.904 -> 40
    const b = balance({ dueDate: '2023-06-05', date: '2023-08-05', terms: ipca });
    expect(b.correctionCents).toBe(40);
    expect(line(b, 'correction').rule).not.toContain('negativa');
    // Jul, Aug (-0.02), Sep 2024: 1.0038 × 0.9998 × 1.0044 = 1.00359924 × 1.0044 = 1.008015076656
    // -> 100000 × 0.008015076656 = 801.51 -> 802
    const c = balance({ dueDate: '2024-07-01', date: '2024-10-01', terms: ipca });
    expect(c.correctionCents).toBe(802);
  });

  it('gives zero for a single deflation month', () => {
    // Jun 2023: -0.08% -> raw -80 -> 0
    const b = balance({ dueDate: '2023-06-05', date: '2023-07-05', terms: ipca });
    expect(b.correctionCents).toBe(0);
    expect(line(b, 'correction').rule).toContain('-0,08%');
  });

  it('corrects the principal only (fine and interest are on the principal too)', () => {
    const b = balance({
      date: '2024-04-10',
      terms: { ...ipca, finePercent: '2', monthlyInterestPercent: '1' },
    });
    // fine 100000 × 2% = 2000 and interest 3000 (3 months), the same as without correction: on the
    // principal, not on the corrected value (a choice in the consumer's favour, docs/legal.md)
    expect(b.fineCents).toBe(2000);
    expect(b.interestCents).toBe(3000);
  });
});

describe('computeBalance: fees (CDC art. 51 XII; REsp 1.274.629/AP)', () => {
  it('are zero when not in the contract, whatever the percent', () => {
    const b = balance({
      date: '2024-04-10',
      lawyer: LAWYER,
      terms: { ...TYPICAL, feesPercent: '20', feesInContract: false },
    });
    expect(b.feesCents).toBe(0);
    expect(line(b, 'fees').rule).toContain('o contrato não prevê honorários');
    expect(line(b, 'fees').legalBasis).toContain('51 XII');
    // 100000 + 1415 + 2000 + 3000 = 106415
    expect(b.totalCents).toBe(106415);
  });

  it('are zero with the clause but no lawyer acting on the debt (the issue #12 case)', () => {
    const b = balance({ date: '2024-04-10', terms: TYPICAL });
    expect(b.feesCents).toBe(0);
    expect(line(b, 'fees').rule).toBe('Sem honorários: nenhum advogado atua nesta dívida.');
    expect(line(b, 'fees').legalBasis).toContain('REsp 1.274.629/AP');
  });

  it('start on the day the lawyer is assigned', () => {
    const lawyer = { ...LAWYER, assignedOn: '2024-04-11' };
    const before = balance({ date: '2024-04-10', lawyer, terms: TYPICAL });
    expect(before.feesCents).toBe(0);
    expect(line(before, 'fees').rule).toContain('passa a atuar em 11/04/2024');
    // on 11/04: base 100000 + 1415 (IPCA Jan-Mar) + 2000 + interest 1000 × (3 + 1/30) = 3033.33 -> 3033
    // = 106448; 10% = 10644.8 -> 10645
    const on = balance({ date: '2024-04-11', lawyer, terms: TYPICAL });
    expect(on.feesCents).toBe(10645);
  });

  it('are capped at 10% by default, configurable', () => {
    // contract 20% -> 10% of 106415 = 10641.5 -> 10642
    const b = balance({ date: '2024-04-10', lawyer: LAWYER, terms: { ...TYPICAL, feesPercent: '20' } });
    expect(b.feesCents).toBe(10642);
    expect(line(b, 'fees').capped).toBe(true);
    expect(line(b, 'fees').rule).toContain('O contrato prevê 20%; aplicado o teto de 10%');
    // with a 30% ceiling, the contract's 20% applies: 106415 × 20% = 21283
    const limits = { ...DEFAULT_LIMITS, feesCapPercent: '30' };
    const c = balance({
      date: '2024-04-10',
      lawyer: LAWYER,
      limits,
      terms: { ...TYPICAL, feesPercent: '20' },
    });
    expect(c.feesCents).toBe(21283);
    expect(line(c, 'fees').capped).toBe(false);
    expect(c.totalCents).toBe(106415 + 21283);
  });

  it('use the already-rounded components as base', () => {
    // R$ 0,90 at 1% a month for 20 days: 90 × 0.01 × 20/31 = 0.58 -> 1 centavo of interest
    // base = 90 + 1 = 91; 50% = 45.5 -> 46 (half-even); an unrounded base would give 90.58 × 0.5 = 45.29 -> 45
    const b = balance({
      principalCents: 90,
      date: '2024-01-30',
      lawyer: { ...LAWYER, assignedOn: '2024-01-11' },
      limits: { ...DEFAULT_LIMITS, feesCapPercent: '50' },
      terms: { monthlyInterestPercent: '1', feesPercent: '50', feesInContract: true },
    });
    expect(b.interestCents).toBe(1);
    expect(b.feesCents).toBe(46);
    expect(b.totalCents).toBe(90 + 1 + 46);
  });

  it.each([
    // 10% on a base ending in 5 centavos: exactly x.5
    [1005, 100], // 100.5 -> 100 (even, down)
    [1015, 102], // 101.5 -> 102 (even, up)
    [1025, 102], // 102.5 -> 102 (even, down)
  ])('round half-even: 10%% of %i -> %i', (principalCents, expected) => {
    const b = balance({
      principalCents,
      date: '2024-02-10',
      lawyer: LAWYER,
      terms: { feesPercent: '10', feesInContract: true },
    });
    expect(b.feesCents).toBe(expected);
  });

  it('are zero while the debt is not due even when in the contract', () => {
    const b = balance({
      date: '2024-01-10',
      lawyer: LAWYER,
      terms: { feesPercent: '10', feesInContract: true },
    });
    expect(b.feesCents).toBe(0);
  });
});

describe('computeBalance: prescription (5 years)', () => {
  it('is not prescribed on exactly due date + 5 years, and is the day after', () => {
    const on = balance({ dueDate: '2020-03-15', date: '2025-03-15' });
    expect(on.prescriptionDate).toBe('2025-03-15');
    expect(on.prescribed).toBe(false);
    const before = balance({ dueDate: '2020-03-15', date: '2025-03-14' });
    expect(before.prescribed).toBe(false);
    const after = balance({ dueDate: '2020-03-15', date: '2025-03-16' });
    expect(after.prescribed).toBe(true);
    expect(after.prescriptionDate).toBe('2025-03-15');
  });

  it('still computes the balance when prescribed', () => {
    // Due Sunday 15/03/2020 -> mora from Monday 16/03/2020 (CC art. 132 §1); on 2025-03-16 that is
    // 1826 days and exactly 60 civil months: fine 2000; interest 100000 × 1% × 60 = 60000
    const b = balance({
      dueDate: '2020-03-15',
      date: '2025-03-16',
      terms: { finePercent: '2', monthlyInterestPercent: '1' },
    });
    expect(b.prescribed).toBe(true);
    expect(b.daysOverdue).toBe(1826);
    expect(b.fineCents).toBe(2000);
    expect(b.interestCents).toBe(60000);
    expect(b.totalCents).toBe(162000);
  });

  it('due on 29 February: ends on 1 March of a non-leap year (Código Civil art. 132 §3)', () => {
    // No 29 Feb in 2025: the period ends "no imediato" day, 1 March.
    const on = balance({ dueDate: '2020-02-29', date: '2025-03-01' });
    expect(on.prescriptionDate).toBe('2025-03-01');
    expect(on.prescribed).toBe(false);
    const after = balance({ dueDate: '2020-02-29', date: '2025-03-02' });
    expect(after.prescribed).toBe(true);
    const due2024 = balance({ dueDate: '2024-02-29', date: '2029-03-01' });
    expect(due2024.prescriptionDate).toBe('2029-03-01');
    expect(due2024.prescribed).toBe(false);
  });

  it('follows the term of the product type (rent: 3 years, CC art. 206 §3 I)', () => {
    expect(balance({ dueDate: '2020-03-15', date: '2023-03-15', productType: 'rent' }).prescribed).toBe(
      false,
    );
    const after = balance({ dueDate: '2020-03-15', date: '2023-03-16', productType: 'rent' });
    expect(after.prescribed).toBe(true);
    expect(after.prescription.years).toBe(3);
    expect(after.prescription.basis).toContain('206 §3º I');
  });

  it('is never prescribed before the due date', () => {
    const b = balance({ dueDate: '2024-01-10', date: '2020-01-01' });
    expect(b.prescribed).toBe(false);
    expect(b.prescriptionDate).toBe('2029-01-10');
  });
});

describe('computeBalance: totals', () => {
  const termsGrid: Partial<BalanceTerms>[] = [
    TYPICAL,
    { ...TYPICAL, finePercent: '10', monthlyInterestPercent: '3' },
    { ...TYPICAL, monthlyInterestPercent: '3', financialInstitution: true, feesPercent: '15.5' },
    { ...TYPICAL, correctionIndex: 'none', feesInContract: false },
    { finePercent: '1.33', monthlyInterestPercent: '0.77', correctionIndex: 'IPCA' },
  ];
  const dates = ['2024-01-10', '2024-01-11', '2024-02-24', '2024-04-10', '2024-10-01', '2026-02-10'];
  const principals = [1, 99, 12345, 100000, 987654321];

  it('total equals the sum of the line amounts, and of the summary fields', () => {
    for (const terms of termsGrid) {
      for (const date of dates) {
        for (const principalCents of principals) {
          const b = balance({ principalCents, date, terms });
          expect(b.totalCents).toBe(sumOfLines(b));
          expect(b.totalCents).toBe(
            b.principalCents + b.correctionCents + b.fineCents + b.interestCents + b.feesCents,
          );
          for (const l of b.lines) {
            expect(Number.isInteger(l.amountCents)).toBe(true);
            expect(l.amountCents).toBeGreaterThanOrEqual(0);
          }
        }
      }
    }
  });
});

describe.skipIf(!existsSync(IPCA_CSV))('computeBalance with the IPCA table from the CSV', () => {
  const csvTable = new Map(
    readFileSync(IPCA_CSV, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((row) => row.trim().split(',') as [string, string]),
  );

  it('matches the values hard-coded in this file', () => {
    for (const [month, percent] of Object.entries(IPCA_VALUES)) {
      expect(csvTable.get(month), month).toBe(percent);
    }
  });

  it('gives the same Jan-Mar 2024 correction (1415) with the full table', () => {
    const b = balance({ date: '2024-04-10', indexTable: csvTable, terms: TYPICAL, lawyer: LAWYER });
    expect(b.correctionCents).toBe(1415);
    expect(b.totalCents).toBe(117057);
  });

  it('has every month from 2020-01 to 2025-11, and 2025-12 is missing', () => {
    const b = balance({ dueDate: '2020-01-10', date: '2025-12-10', indexTable: csvTable, terms: TYPICAL });
    expect(line(b, 'correction').missingMonths).toBeUndefined();
    expect(line(b, 'correction').rule).toContain('jan/2020 a nov/2025 (71 mês(es))');
    expect(b.correctionCents).toBeGreaterThan(0);
    const c = balance({ dueDate: '2020-01-10', date: '2026-01-10', indexTable: csvTable, terms: TYPICAL });
    expect(line(c, 'correction').missingMonths).toEqual(['2025-12']);
    expect(c.correctionCents).toBe(b.correctionCents);
  });
});
