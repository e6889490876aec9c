import { describe, expect, it } from 'vitest';
import {
  type Balance,
  type BalanceInput,
  type BalanceTerms,
  computeBalance,
  missingIndexNote,
} from './balance.rules.ts';

/** Issue #12 cases, expected values computed by hand in the comments. */
const TERMS: BalanceTerms = {
  finePercent: '2',
  monthlyInterestPercent: '1',
  correctionIndex: 'none',
  feesPercent: '0',
  feesInContract: false,
  financialInstitution: false,
};

function balance(o: Partial<Omit<BalanceInput, 'terms'>> & { terms?: Partial<BalanceTerms> } = {}): Balance {
  const { terms, ...rest } = o;
  return computeBalance({
    debtId: 'd',
    principalCents: 100000,
    dueDate: '2025-03-08',
    date: '2025-03-10',
    indexTable: new Map(),
    ...rest,
    terms: { ...TERMS, ...terms },
  });
}

const kinds = (b: Balance, kind: string) => b.lines.find((l) => l.kind === kind)!;

describe('item 1: a due date on a weekend or holiday moves to the next business day (CC art. 132 §1º)', () => {
  it('due Saturday 08/03/2025, paid Monday 10/03/2025: no fine, no interest', () => {
    const b = balance({ state: 'SP' });
    expect(b.effectiveDueDate).toBe('2025-03-10');
    expect(b.daysOverdue).toBe(0);
    expect(b.fineCents).toBe(0);
    expect(b.interestCents).toBe(0);
    expect(b.totalCents).toBe(100000);
    expect(kinds(b, 'principal').rule).toContain('passou para 10/03/2025');
    expect(kinds(b, 'principal').rule).toContain('Lei 7.089/1983');
  });

  it('paid Tuesday 11/03/2025: one day, counted from Monday', () => {
    // fine 100000 × 2% = 2000; interest 100000 × 1% × 1/31 (10/03 -> 10/04 has 31 days) = 32.26 -> 32
    const b = balance({ date: '2025-03-11' });
    expect(b.daysOverdue).toBe(1);
    expect(b.fineCents).toBe(2000);
    expect(b.interestCents).toBe(32);
    expect(b.totalCents).toBe(102032);
  });

  it("uses the debtor's state: 09/07/2025 (Wed) is a holiday in São Paulo, not in Rio de Janeiro", () => {
    const sp = balance({ dueDate: '2025-07-09', date: '2025-07-10', state: 'SP' });
    expect(sp.effectiveDueDate).toBe('2025-07-10');
    expect(sp.totalCents).toBe(100000);
    // RJ: one day late: 2000 + 100000 × 1% × 1/31 (09/07 -> 09/08) = 32.26 -> 32
    const rj = balance({ dueDate: '2025-07-09', date: '2025-07-10', state: 'RJ' });
    expect(rj.daysOverdue).toBe(1);
    expect(rj.totalCents).toBe(102032);
  });

  it("uses the capital's municipal holidays: 25/01/2027 (Mon) in São Paulo city, not in Campinas", () => {
    const capital = balance({ dueDate: '2027-01-25', date: '2027-01-26', state: 'SP', city: 'São Paulo' });
    expect(capital.effectiveDueDate).toBe('2027-01-26');
    expect(capital.totalCents).toBe(100000);
    const campinas = balance({ dueDate: '2027-01-25', date: '2027-01-26', state: 'SP', city: 'Campinas' });
    expect(campinas.daysOverdue).toBe(1);
    // Porto Alegre: Navegantes, 02/02/2026 (Mon) -> due moves to Tuesday 03/02
    const poa = balance({ dueDate: '2026-02-02', date: '2026-02-03', state: 'RS', city: 'porto alegre' });
    expect(poa.totalCents).toBe(100000);
  });
});

describe('item 2: interest not agreed is the taxa legal (CC art. 406, Lei 14.905/2024)', () => {
  // Test values for the taxa legal (not the published ones): Aug 0.5%, Sep 0.6%, Oct 0.7% a month.
  const TL = new Map([
    ['2024-08', '0.5'],
    ['2024-09', '0.6'],
    ['2024-10', '0.7'],
  ]);

  it('before 30/08/2024 the former regime (1% a month), from then the taxa legal month by month', () => {
    // due Wed 10/07/2024, computed on 10/10/2024:
    // former regime, 10/07 -> 30/08: 1 civil month (to 10/08) + 20 of the 31 days to 10/09:
    //   100000 × 1% × (1 + 20/31) = 1000 × 51/31 = 1645.161...
    // taxa legal, 30/08 -> 10/10: Aug 2 of 31 days at 0.5 = 1/31; Sep 30/30 at 0.6 = 0.6;
    //   Oct 9 of 31 days at 0.7 = 6.3/31 -> 0.6 + 7.3/31 = 0.835484%  -> 100000 × 0.835484% = 835.484
    // total 1645.161 + 835.484 = 2480.645 -> 2481
    const b = balance({
      dueDate: '2024-07-10',
      date: '2024-10-10',
      legalRateTable: TL,
      terms: { monthlyInterestPercent: null },
    });
    expect(b.interestCents).toBe(2481);
    const l = kinds(b, 'interest');
    expect(l.legalBasis).toContain('Lei 14.905/2024');
    expect(l.legalBasis).toContain('5.171/2024');
    expect(l.rule).toContain('1% ao mês de 10/07/2024 a 29/08/2024');
    expect(l.rule).toContain('taxa legal de 30/08/2024 a 09/10/2024');
    expect(l.missingMonths).toBeUndefined();
  });

  it('a month the table lacks counts zero and is named; a negative taxa legal counts zero', () => {
    // Sep missing: 1645.161 + 100000 × (7.3/31)% = 1645.161 + 235.484 = 1880.645 -> 1881
    const missing = new Map(TL);
    missing.delete('2024-09');
    const b = balance({
      dueDate: '2024-07-10',
      date: '2024-10-10',
      legalRateTable: missing,
      terms: { monthlyInterestPercent: null },
    });
    expect(b.interestCents).toBe(1881);
    expect(kinds(b, 'interest').missingMonths).toEqual(['2024-09']);
    expect(b.missingIndexMonths).toEqual([{ index: 'TAXA_LEGAL', months: ['2024-09'] }]);
    const negative = new Map(TL).set('2024-09', '-0.1');
    const n = balance({
      dueDate: '2024-07-10',
      date: '2024-10-10',
      legalRateTable: negative,
      terms: { monthlyInterestPercent: null },
    });
    expect(n.interestCents).toBe(1881);
    expect(kinds(n, 'interest').missingMonths).toBeUndefined();
  });

  it('entirely after 30/08/2024: only the taxa legal', () => {
    // due Tue 10/09/2024 -> 10/10: Sep 21 of 30 days at 0.6 = 0.42; Oct 9 of 31 at 0.7 = 0.203226
    // 0.623226% × 100000 = 623.23 -> 623
    const b = balance({
      dueDate: '2024-09-10',
      date: '2024-10-10',
      legalRateTable: TL,
      terms: { monthlyInterestPercent: null },
    });
    expect(b.interestCents).toBe(623);
  });

  it('entirely before: 1% a month, civil months', () => {
    // due Tue 10/01/2023 -> 10/04/2023: 3 months × 1% × 100000 = 3000
    const b = balance({ dueDate: '2023-01-10', date: '2023-04-10', terms: { monthlyInterestPercent: null } });
    expect(b.interestCents).toBe(3000);
  });

  it('a creditor created without terms: no fine, taxa legal, IPCA', () => {
    const b = balance({
      dueDate: '2024-09-10',
      date: '2024-10-10',
      legalRateTable: TL,
      indexTable: new Map([['2024-09', '0.44']]),
      terms: { finePercent: null, monthlyInterestPercent: null, correctionIndex: 'IPCA' },
    });
    // correction 100000 × 0.44% = 440; no fine; interest 623 (above)
    expect(b.correctionCents).toBe(440);
    expect(b.fineCents).toBe(0);
    expect(b.interestCents).toBe(623);
    expect(b.totalCents).toBe(100000 + 440 + 623);
  });

  it('a creditor that waives correction says so, and why the law would allow it', () => {
    const b = balance({ date: '2025-06-10', terms: { correctionIndex: 'none' } });
    expect(kinds(b, 'correction').rule).toBe(
      'Sem correção monetária: o credor optou por não cobrá-la (a lei permitiria corrigir pelo IPCA).',
    );
    expect(kinds(b, 'correction').legalBasis).toContain('art. 389');
  });
});

describe('item 3: credit cards, interest and charges never above 100% of the debt (Lei 14.690/2023)', () => {
  it('cuts the excess from the last lines first', () => {
    // due Fri 10/01/2020 -> 10/01/2025 = 60 civil months. Fine 2000; moratory 1% × 60 = 60000;
    // remuneratory 8% × 60 = 480% = 480000. Charges 542000 > 100000: excess 442000 comes off the
    // remuneratory line (the last with an amount; fees are zero): 480000 - 442000 = 38000.
    const b = balance({
      dueDate: '2020-01-10',
      date: '2025-01-10',
      productType: 'credit_card_revolving',
      terms: { financialInstitution: true, remuneratoryInterestPercent: '8' },
    });
    expect(b.fineCents).toBe(2000);
    expect(b.interestCents).toBe(60000);
    expect(b.remuneratoryInterestCents).toBe(38000);
    expect(b.totalCents).toBe(200000);
    const r = kinds(b, 'remuneratory_interest');
    expect(r.capped).toBe(true);
    expect(r.rule).toContain('Reduzido em R$ 4.420,00');
    expect(r.legalBasis).toContain('Lei 14.690/2023');
  });

  it('also for a card installment debt, and not for other products', () => {
    // Mon 12/01/2015 -> 12/01/2025 = 120 months: interest 120000 + fine 2000 = 122000; excess 22000 off
    // the interest: 98000. Total 200000.
    const card = balance({
      dueDate: '2015-01-12',
      date: '2025-01-12',
      productType: 'credit_card_installment',
    });
    expect(card.interestCents).toBe(98000);
    expect(card.fineCents).toBe(2000);
    expect(card.totalCents).toBe(200000);
    const loan = balance({ dueDate: '2015-01-12', date: '2025-01-12', productType: 'loan' });
    expect(loan.totalCents).toBe(222000);
  });
});

describe('item 8: prescription per product type, interrupted once (CC arts. 202 and 206)', () => {
  it('an acknowledgment restarts the term once', () => {
    // due 10/06/2019, 5 years -> 10/06/2024. Interrupted 01/03/2022 -> 01/03/2027.
    const plain = balance({ dueDate: '2019-06-10', date: '2025-01-10' });
    expect(plain.prescribed).toBe(true);
    expect(plain.prescriptionDate).toBe('2024-06-10');
    const interrupted = balance({
      dueDate: '2019-06-10',
      date: '2025-01-10',
      prescriptionInterruptedOn: '2022-03-01',
    });
    expect(interrupted.prescribed).toBe(false);
    expect(interrupted.prescriptionDate).toBe('2027-03-01');
    expect(interrupted.prescription.rule).toContain('interrompido uma vez em 01/03/2022');
  });

  it('an acknowledgment after the term ran out does not interrupt it', () => {
    const late = balance({
      dueDate: '2019-06-10',
      date: '2025-01-10',
      prescriptionInterruptedOn: '2024-07-01',
    });
    expect(late.prescribed).toBe(true);
    expect(late.prescription.interruptedOn).toBeNull();
  });

  it('lodging and food: 1 year (CC art. 206 §1º I)', () => {
    const b = balance({ dueDate: '2024-03-11', date: '2025-03-12', productType: 'lodging_food' });
    expect(b.prescriptionDate).toBe('2025-03-11');
    expect(b.prescribed).toBe(true);
  });
});

describe('missingIndexNote', () => {
  it('names each table and its months once, sorted, or says nothing', () => {
    expect(missingIndexNote([{ missingIndexMonths: [] }])).toBeNull();
    expect(
      missingIndexNote([
        { missingIndexMonths: [{ index: 'IPCA', months: ['2026-01', '2025-12'] }] },
        {
          missingIndexMonths: [
            { index: 'IPCA', months: ['2025-12'] },
            { index: 'TAXA_LEGAL', months: ['2026-01'] },
          ],
        },
      ]),
    ).toBe(
      'Meses ainda sem índice publicado ou carregado contaram como zero, a seu favor: IPCA de dez/2025, jan/2026; taxa legal de jan/2026.',
    );
  });
});
