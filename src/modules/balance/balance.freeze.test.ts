import { describe, expect, it } from 'vitest';
import {
  accrualSegments,
  type Balance,
  type BalanceInput,
  type BalanceLineKind,
  type BalanceTerms,
  type ChargeFreeze,
  computeBalance,
} from './balance.rules.ts';

/**
 * Issue 12 item 13: a repactuação (CDC art. 104-A) freezes charges. Expected values computed by hand
 * below each case (IPCA from the IBGE series: 2024-01 0.42%, 2024-02 0.83%, 2024-07 0.38%).
 */
const IPCA: ReadonlyMap<string, string> = new Map([
  ['2024-01', '0.42'],
  ['2024-02', '0.83'],
  ['2024-03', '0.16'],
  ['2024-04', '0.38'],
  ['2024-05', '0.46'],
  ['2024-06', '0.21'],
  ['2024-07', '0.38'],
  ['2024-08', '-0.02'],
]);

const TERMS: BalanceTerms = {
  finePercent: '2',
  monthlyInterestPercent: '1',
  correctionIndex: 'IPCA',
  feesPercent: '10',
  feesInContract: false,
  financialInstitution: false,
};

const X = '2024-03-10'; // the repactuação starts
const Y = '2024-07-10'; // it ends (exclusive: charges accrue again from this day)

function balance(date: string, freezes: ChargeFreeze[], extra: Partial<BalanceInput> = {}): Balance {
  return computeBalance({
    debtId: 'd1',
    principalCents: 100_000,
    dueDate: '2024-01-10', // a Wednesday, no holiday
    date,
    terms: TERMS,
    indexTable: IPCA,
    freezes,
    ...extra,
  });
}

const amount = (b: Balance, kind: BalanceLineKind) => b.lines.find((l) => l.kind === kind)!.amountCents;

describe('charges frozen by a repactuação (CDC art. 104-A)', () => {
  it('on X: R$ 1.000 due 10/01/2024, 2% fine, 1% a month, IPCA → R$ 1.052,53', () => {
    const b = balance(X, [{ from: X, until: null, reason: 'repactuation' }]);
    // fine 2% of 1.000,00 = 20,00; interest 1% × 2 civil months = 20,00;
    // IPCA Jan+Feb: 1.0042 × 1.0083 = 1.01253486 → 12,53486 → 12,53.
    expect(amount(b, 'fine')).toBe(2000);
    expect(amount(b, 'interest')).toBe(2000);
    expect(amount(b, 'correction')).toBe(1253);
    expect(b.totalCents).toBe(105_253);
    expect(b.chargesFrozen).toMatchObject({ since: X, until: null, reason: 'repactuation' });
    expect(b.chargesFrozen!.rule).toContain(
      'Encargos congelados desde 10/03/2024 (repactuação, CDC art. 104-A)',
    );
    expect(b.chargesFrozen!.legalBasis).toContain('CDC art. 104-A');
  });

  it('X + 60 days, still frozen: the same balance as on X, line by line, and a line says why', () => {
    const freezes: ChargeFreeze[] = [{ from: X, until: null, reason: 'repactuation' }];
    const onX = balance(X, freezes);
    const later = balance('2024-05-09', freezes);
    expect(later.lines.map((l) => l.amountCents)).toEqual(onX.lines.map((l) => l.amountCents));
    expect(later.totalCents).toBe(105_253);
    expect(later.daysOverdue).toBe(120);
    const principal = later.lines.find((l) => l.kind === 'principal')!;
    expect(principal.rule).toContain('Encargos congelados desde 10/03/2024 (repactuação, CDC art. 104-A)');
    expect(principal.legalBasis).toContain('CDC art. 104-A');
    // Without the freeze the same day would have accrued 4 civil months of interest and 4 of IPCA.
    expect(balance('2024-05-09', []).totalCents).toBeGreaterThan(105_253 + 2000);
  });

  it('after it ends on Y, Y + 30 days accrues only the 30 days after Y (the frozen period is never charged)', () => {
    const b = balance('2024-08-09', [{ from: X, until: Y, reason: 'repactuation' }]);
    // interest: 2 months before X + 30/31 of a month after Y (July 10 → August 10 has 31 days):
    // 1.000 × 1% × (2 + 30/31) = 29,677… → 29,68.
    expect(amount(b, 'interest')).toBe(2968);
    // IPCA: Jan, Feb (before X) and Jul (the month Y is in), never Mar–Jun:
    // 1.01253486 × 1.0038 = 1.01638249… → 16,38.
    expect(amount(b, 'correction')).toBe(1638);
    expect(amount(b, 'fine')).toBe(2000);
    expect(b.totalCents).toBe(100_000 + 1638 + 2000 + 2968);
    expect(b.chargesFrozen).toBeNull();
    expect(b.lines.find((l) => l.kind === 'principal')!.rule).toContain(
      'Encargos congelados de 10/03/2024 a 09/07/2024',
    );
    // On Y itself nothing has accrued since X.
    expect(balance(Y, [{ from: X, until: Y, reason: 'repactuation' }]).totalCents).toBe(105_253);
  });

  it('fees of a lawyer assigned during the freeze count only once it ends', () => {
    const extra = {
      terms: { ...TERMS, feesInContract: true },
      lawyer: { name: 'Ana Souza', oab: 'SP 123456', assignedOn: '2024-04-01' },
    };
    const during = balance('2024-05-09', [{ from: X, until: null, reason: 'repactuation' }], extra);
    expect(amount(during, 'fees')).toBe(0);
    const after = balance('2024-08-09', [{ from: X, until: Y, reason: 'repactuation' }], extra);
    // 10% of (1.000,00 + 16,38 + 20,00 + 29,68) = 106,606 → 106,61.
    expect(amount(after, 'fees')).toBe(10_661);
  });

  it('a freeze from before the due date: nothing accrues while it lasts', () => {
    const b = balance('2024-02-20', [{ from: '2024-01-05', until: null, reason: 'repactuation' }]);
    expect(b.totalCents).toBe(100_000);
    expect(amount(b, 'fine')).toBe(0);
    expect(b.lines.find((l) => l.kind === 'fine')!.rule).toContain('encargos congelados desde 05/01/2024');
  });

  it('a freeze that starts after the date changes nothing', () => {
    expect(balance('2024-03-01', [{ from: X, until: null, reason: 'repactuation' }]).totalCents).toBe(
      balance('2024-03-01', []).totalCents,
    );
  });

  it('accrual segments subtract every freeze', () => {
    expect(accrualSegments('2024-01-10', '2024-08-09', [])).toEqual([
      { from: '2024-01-10', to: '2024-08-09' },
    ]);
    expect(
      accrualSegments('2024-01-10', '2024-08-09', [
        { from: X, until: Y, reason: 'repactuation' },
        { from: '2024-07-20', until: '2024-07-25', reason: 'repactuation' },
      ]),
    ).toEqual([
      { from: '2024-01-10', to: X },
      { from: Y, to: '2024-07-20' },
      { from: '2024-07-25', to: '2024-08-09' },
    ]);
    expect(
      accrualSegments('2024-01-10', '2024-08-09', [
        { from: '2024-01-01', until: null, reason: 'repactuation' },
      ]),
    ).toEqual([]);
  });
});
