import { describe, expect, it } from 'vitest';
import { isBusinessDay } from '../../platform/calendar.ts';
import { seededRandom } from '../../platform/random.ts';
import { generateOffers, type OfferDebt, type OfferRequest } from './offer.rules.ts';
import { DEFAULT_POLICY, type NegotiationPolicy } from './policy.rules.ts';

const debt = (over: Partial<OfferDebt> = {}): OfferDebt => ({
  debtId: 'debt-0001-aaaa',
  daysOverdue: 400,
  prescribed: false,
  principalCents: 100_000,
  chargesCents: 20_000,
  ...over,
});

const request = (over: Partial<OfferRequest> = {}): OfferRequest => ({
  today: '2026-11-23',
  state: 'SP',
  debts: [debt()],
  policy: { ...DEFAULT_POLICY, maxInstallments: 12, minInstallmentCents: 5_000 },
  minimumExistentialCents: 60_000,
  debtorInitiated: false,
  creditorInFinancialSystem: true,
  ...over,
});

describe('generateOffers: lump sum', () => {
  it('applies the band of each debt to charges and principal', () => {
    // 400 days → band 365+: 100% of charges (20.000) and 30% of principal (30.000) = 50.000 off.
    const r = generateOffers(request());
    const lump = r.offers[0]!;
    expect(lump).toMatchObject({
      kind: 'lump_sum',
      installmentsCount: 1,
      discountCents: 50_000,
      totalCents: 70_000,
      balanceCents: 120_000,
    });
    expect(lump.schedule).toEqual([{ number: 1, dueDate: '2026-11-26', amountCents: 70_000 }]);
    expect(lump.validUntil).toBe('2026-11-30');
    expect(lump.explanation.join('\n')).toMatch(/faixa a partir de 365 dias/);
  });

  it('rounds each debt on its own band', () => {
    const r = generateOffers(
      request({
        debts: [
          debt({ debtId: 'a', daysOverdue: 40, chargesCents: 333 }),
          debt({ debtId: 'b', daysOverdue: 10 }),
        ],
      }),
    );
    // a: 50% of 333 = 166,5 → 166 (half-even); b: band 0 → 0.
    expect(r.offers[0]!.discountCents).toBe(166);
  });
});

describe('generateOffers: installments', () => {
  const r = generateOffers(
    request({
      policy: {
        ...DEFAULT_POLICY,
        maxInstallments: 12,
        installmentMonthlyRatePercent: 1.99,
        minDownPaymentPercent: 10,
      },
    }),
  );
  const plans = r.offers.filter((o) => o.kind === 'installments');

  it('offers 2..max installments, best (cheapest) first, totals never decreasing', () => {
    expect(r.offers[0]!.kind).toBe('lump_sum');
    expect(plans.map((p) => p.installmentsCount)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    for (let i = 1; i < r.offers.length; i++)
      expect(r.offers[i]!.totalCents).toBeGreaterThanOrEqual(r.offers[i - 1]!.totalCents);
  });

  it('down payment + installments add up exactly to the total', () => {
    for (const p of plans) {
      expect(p.schedule.reduce((s, x) => s + x.amountCents, 0)).toBe(p.totalCents);
      expect(p.schedule[0]!.amountCents).toBe(p.downPaymentCents);
      expect(p.schedule).toHaveLength(p.installmentsCount + 1);
    }
  });

  it('puts every due date on a business day, monthly on the same day', () => {
    const twelve = plans.at(-1)!;
    for (const p of twelve.schedule) expect(isBusinessDay(p.dueDate, 'SP'), p.dueDate).toBe(true);
    // First due: 3 business days after Mon 23/11/2026 → Thu 26/11; then the 26th of each month or the next business day.
    expect(twelve.schedule.map((p) => p.dueDate)).toEqual([
      '2026-11-26',
      '2026-12-28', // 26/12 is a Saturday
      '2027-01-26',
      '2027-02-26',
      '2027-03-29', // 26/03/2027 is Good Friday
      '2027-04-26',
      '2027-05-26',
      '2027-06-28', // 26/06 is a Saturday
      '2027-07-26',
      '2027-08-26',
      '2027-09-27', // 26/09 is a Sunday
      '2027-10-26',
      '2027-11-26',
    ]);
  });

  it('shows the rate, a CET with two decimals and where the numbers come from', () => {
    const twelve = plans.at(-1)!;
    expect(twelve.monthlyRatePercent).toBe(1.99);
    expect(twelve.cetAnnualPercent).toBeGreaterThan(20);
    expect(Number.isInteger(twelve.cetAnnualPercent * 100)).toBe(true);
    const text = twelve.explanation.join('\n');
    expect(text).toMatch(/Tabela Price/);
    expect(text).toMatch(
      /CET \(custo efetivo total, CDC arts\. 52 e 54-B; calculado como na Resolução CMN 4\.881\/2020\)/,
    );
    expect(text).toMatch(/Entrada de R\$/);
  });

  it('skips plans whose installment would fall below the policy minimum', () => {
    const small = generateOffers(
      request({ debts: [debt({ principalCents: 20_000, chargesCents: 0, daysOverdue: 10 })] }),
    );
    // R$ 200,00 with a R$ 50,00 minimum: at most 4 installments.
    expect(Math.max(...small.offers.map((o) => o.installmentsCount))).toBe(4);
  });
});

describe('generateOffers: what fits the person', () => {
  it('never offers a payment above the stated budget', () => {
    const r = generateOffers(request({ monthlyBudgetCents: 10_000 }));
    expect(r.offers.length).toBeGreaterThan(0);
    for (const o of r.offers) for (const p of o.schedule) expect(p.amountCents).toBeLessThanOrEqual(10_000);
    expect(r.offers[0]!.explanation.at(-1)).toMatch(/R\$ 100,00/);
  });

  it('keeps the mínimo existencial: installment ≤ income − other payments − R$ 600', () => {
    // Income 1.500, other debts 800 → 100 free a month.
    const r = generateOffers(request({ monthlyIncomeCents: 150_000, otherDebtPaymentsCents: 80_000 }));
    expect(r.paymentCapCents).toBe(10_000);
    for (const o of r.offers) for (const p of o.schedule) expect(p.amountCents).toBeLessThanOrEqual(10_000);
  });

  it('says so, and offers a person, when nothing fits', () => {
    const r = generateOffers(request({ monthlyIncomeCents: 65_000 }));
    expect(r).toMatchObject({ offers: [], noAffordableOffer: true, paymentCapCents: 5_000 });
    expect(r.reason).toMatch(/conversar com uma pessoa/);
  });
});

describe('generateOffers: prescribed debts', () => {
  it('are left out of proactive offers and included when the debtor asks', () => {
    const debts = [debt({ debtId: 'old', prescribed: true, daysOverdue: 2500 }), debt({ debtId: 'new' })];
    const proactive = generateOffers(request({ debts }));
    expect(proactive.offers[0]!.debtIds).toEqual(['new']);
    expect(proactive.offers[0]!.explanation.join('\n')).toMatch(/prescrita/);
    const asked = generateOffers(request({ debts, debtorInitiated: true }));
    expect(asked.offers[0]!.debtIds).toEqual(['old', 'new']);
    expect(generateOffers(request({ debts: [debts[0]!] }))).toMatchObject({
      offers: [],
      noAffordableOffer: false,
    });
  });
});

describe('generateOffers: interest by creditor type (issue #12 item 5) and rates shown (item 9)', () => {
  // One debt of R$ 1.000,00 with no charges and no discount band, plans of 3, first due 2026-12-23.
  const base = (over: Partial<OfferRequest>) =>
    request({
      debts: [debt({ daysOverdue: 10, principalCents: 100_000, chargesCents: 0 })],
      policy: {
        ...DEFAULT_POLICY,
        maxInstallments: 3,
        minInstallmentCents: 1,
        installmentMonthlyRatePercent: 1.99,
      },
      firstDueDate: '2026-12-23',
      ...over,
    });

  it('outside the SFN: the policy rate is capped at 1% a month, simple, and the offer says why', () => {
    const r = generateOffers(base({ creditorInFinancialSystem: false }));
    const plan = r.offers.find((o) => o.installmentsCount === 3)!;
    // Released 23/11, due 23/12 (1 month), 25/01 (23/01 is a Saturday: 2 months + 2/31, the month from
    // 23/01 to 23/02 having 31 days) and 23/02 (3 months):
    // v = 1/1,01 + 1/(1 + 0,01·64/31) + 1/1,03 = 0,990099 + 0,979772 + 0,970874 = 2,940745;
    // PMT = 100000 / 2,940745 = 34004,986 → 34005; total 3 × 34004,986 = 102014,96 → 102015 = 3 × 34005.
    // (Counting whole months 1, 2, 3 would give 33998, 33998, 33997: the two days to Monday are not free.)
    expect(plan.schedule.map((p) => p.dueDate)).toEqual(['2026-12-23', '2027-01-25', '2027-02-23']);
    expect(plan.schedule.map((p) => p.amountCents)).toEqual([34_005, 34_005, 34_005]);
    expect(plan).toMatchObject({
      monthlyRatePercent: 1,
      effectiveAnnualRatePercent: 12,
      interestMethod: 'simple',
      totalCents: 102_015,
    });
    const text = plan.explanation.join('\n');
    expect(text).toContain('A política previa 1,99% ao mês; para este credor o limite é 1% ao mês.');
    expect(text).toContain('Juros simples de 1% ao mês');
    expect(text).toContain('Decreto 22.626/1933');
    expect(text).toContain('Súmulas 539 e 541');
    expect(text).toContain('CDC arts. 52 e 54-B');
    expect(text).toContain('redução proporcional dos juros (CDC art. 52 §2º)');
  });

  it('an SFN institution: Price at the policy rate, effective annual rate beside the CET', () => {
    const plan = generateOffers(base({})).offers.find((o) => o.installmentsCount === 3)!;
    // 1,0199^12 − 1 = 0,26668... → 26,68% a.a.
    expect(plan).toMatchObject({ monthlyRatePercent: 1.99, effectiveAnnualRatePercent: 26.68 });
    expect(plan.interestMethod).toBe('compound');
    expect(plan.validityDays).toBe(DEFAULT_POLICY.offerValidityDays);
    const lump = generateOffers(base({})).offers[0]!;
    expect(lump).toMatchObject({ effectiveAnnualRatePercent: 0, interestMethod: 'none' });
  });

  it('a vulnerable debtor is not shown plans with interest: a person presents them (CDC art. 54-C IV)', () => {
    const r = generateOffers(base({ vulnerable: true }));
    expect(r.offers.map((o) => o.kind)).toEqual(['lump_sum']);
    expect(r.humanReviewRequired).toBe(true);
    expect(r.reason).toContain('CDC art. 54-C IV');
    // Without interest nothing is held back.
    const free = generateOffers(
      base({ vulnerable: true, policy: { ...DEFAULT_POLICY, maxInstallments: 3, minInstallmentCents: 1 } }),
    );
    expect(free.offers).toHaveLength(3);
    expect(free.humanReviewRequired).toBeUndefined();
  });
});

describe('generateOffers: interest counted to the real due date of each installment (issue #12 items 5, 6, 9)', () => {
  // The audit's case: released Wednesday 02/12/2026, first due date 3 business days later (Monday 07/12),
  // no down payment, so installment 1 is due in 5 days. R$ 1.000,00, no charges, no discount band.
  // Months from the release (civil months + a pro rata of the running month):
  //   07/12 → 5/31 (02/12 to 02/01 has 31 days)      07/01 → 1 + 5/31 (02/01 to 02/02: 31 days)
  //   10/02 → 2 + 8/28 (08-09/02 Carnaval, 10/02 the next business day; 02/02 to 02/03: 28 days)
  //   08/03 → 3 + 6/31 (07/03 is a Sunday)            07/04 → 4 + 5/30            07/05 → 5 + 5/31
  const audit = (over: Partial<OfferRequest>) =>
    request({
      today: '2026-12-02',
      debts: [debt({ daysOverdue: 10, principalCents: 100_000, chargesCents: 0 })],
      policy: {
        ...DEFAULT_POLICY,
        maxInstallments: 6,
        minInstallmentCents: 1,
        installmentMonthlyRatePercent: 1,
      },
      ...over,
    });
  const plan = (over: Partial<OfferRequest>, n: number) =>
    generateOffers(audit(over)).offers.find((o) => o.installmentsCount === n)!;

  it('outside the SFN, 1% a month simple, 2x: 5 days of interest on the first installment, CET near 12%', () => {
    const two = plan({ creditorInFinancialSystem: false }, 2);
    expect(two.schedule.map((p) => p.dueDate)).toEqual(['2026-12-07', '2027-01-07']);
    // v1 = 1/(1 + 0,01·5/31) = 31/31,05 = 0,998390; v2 = 1/(1 + 0,01·36/31) = 31/31,36 = 0,988520;
    // Σ = 1,986910; PMT = 100000 / 1,986910 = 50329,403 → 50329; total 2 × 50329,403 = 100658,81 → 100659;
    // the last absorbs it: 100659 − 50329 = 50330. Whole months (1 and 2) charged 50749 + 50749 = 101498.
    expect(two.schedule.map((p) => p.amountCents)).toEqual([50_329, 50_330]);
    expect(two).toMatchObject({
      totalCents: 100_659,
      effectiveAnnualRatePercent: 12,
      interestMethod: 'simple',
    });
    // CET: 100000 = 50329/(1+c)^(5/365) + 50330/(1+c)^(36/365) → c = 12,43% (it was 30,46%). Above 12%
    // only because a short simple-interest plan compounds once a year in the CET's formula.
    expect(two.cetAnnualPercent).toBe(12.43);
  });

  it('outside the SFN, 6x: CET near 12%, never 30%', () => {
    const six = plan({ creditorInFinancialSystem: false }, 6);
    expect(six.schedule.map((p) => p.dueDate)).toEqual([
      '2026-12-07',
      '2027-01-07',
      '2027-02-10',
      '2027-03-08',
      '2027-04-07',
      '2027-05-07',
    ]);
    // v_k = 1/(1 + 0,01·t_k): 0,998390 + 0,988520 + 0,977654 + 0,969053 + 0,960000 + 0,950920 = 5,844537;
    // PMT = 100000 / 5,844537 = 17109,996 → 17110; total 6 × 17109,996 = 102659,97 → 102660 = 6 × 17110.
    expect(six.schedule.map((p) => p.amountCents)).toEqual(Array.from({ length: 6 }, () => 17_110));
    expect(six.totalCents).toBe(102_660);
    // 100000 = Σ 17110/(1+c)^(d_k/365), d = 5, 36, 70, 96, 126, 156 days → c = 12,55% (it was 16,63%).
    expect(six.cetAnnualPercent).toBe(12.55);
    for (const n of [2, 3, 4, 5, 6]) {
      const cet = plan({ creditorInFinancialSystem: false }, n).cetAnnualPercent;
      expect(cet).toBeGreaterThan(12);
      expect(cet).toBeLessThan(13);
    }
  });

  it('an SFN institution at 2% a month (Price), 2x: CET near the 26,82% effective rate, not 70%', () => {
    const two = plan(
      { creditorInFinancialSystem: true, policy: { ...audit({}).policy, installmentMonthlyRatePercent: 2 } },
      2,
    );
    // v1 = 1,02^(−5/31) = 0,996811; v2 = 1,02^(−36/31) = 0,977266; Σ = 1,974077;
    // PMT = 100000 / 1,974077 = 50656,587 → 50657; total 2 × 50656,587 = 101313,17 → 101313;
    // the last: 101313 − 50657 = 50656. Whole months charged 51505 + 51505 = 103010.
    expect(two.schedule.map((p) => p.amountCents)).toEqual([50_657, 50_656]);
    expect(two).toMatchObject({
      totalCents: 101_313,
      effectiveAnnualRatePercent: 26.82,
      interestMethod: 'compound',
    });
    // 100000 = 50657/(1+c)^(5/365) + 50656/(1+c)^(36/365) → c = 26,25% (it was 70,33%): a little under
    // 26,82% because December and January have 31 days and the CET's year 365.
    expect(two.cetAnnualPercent).toBe(26.25);
  });

  it('the same plan costs less the sooner it starts: totals follow the first due date', () => {
    const soon = plan({ creditorInFinancialSystem: false }, 6);
    const later = plan({ creditorInFinancialSystem: false, firstDueDate: '2027-01-04' }, 6);
    expect(later.totalCents).toBeGreaterThan(soon.totalCents);
  });
});

describe('generateOffers: prescribed debts are offered with the CC art. 191 warning (issue #12 item 7)', () => {
  it('the exact sentence leads the explanation when a prescribed debt is in the offer', () => {
    const debts = [debt({ debtId: 'old', prescribed: true, daysOverdue: 2500 })];
    const r = generateOffers(request({ debts, debtorInitiated: true }));
    for (const o of r.offers) {
      expect(o.includesPrescribedDebt).toBe(true);
      expect(o.explanation[0]).toBe(
        'Esta dívida está prescrita: você não é obrigado a pagá-la. Ao fechar um acordo, você renuncia à prescrição (Código Civil, art. 191).',
      );
    }
    const fresh = generateOffers(request());
    expect(fresh.offers[0]!.includesPrescribedDebt).toBe(false);
    expect(fresh.offers[0]!.explanation.join('\n')).not.toContain('art. 191');
  });
});

describe('generateOffers: invariants over random policies and debts', () => {
  it('holds for 300 random cases', () => {
    const rand = seededRandom(2026);
    for (let c = 0; c < 300; c++) {
      const policy: NegotiationPolicy = {
        ...DEFAULT_POLICY,
        discountBands: [
          {
            minDaysOverdue: 0,
            maxChargesDiscountPercent: Math.floor(rand() * 50),
            maxPrincipalDiscountPercent: 0,
          },
          {
            minDaysOverdue: 90,
            maxChargesDiscountPercent: Math.floor(rand() * 100),
            maxPrincipalDiscountPercent: Math.floor(rand() * 40),
          },
        ],
        maxInstallments: 1 + Math.floor(rand() * 36),
        minInstallmentCents: 1_000 + Math.floor(rand() * 10_000),
        minDownPaymentPercent: Math.floor(rand() * 30),
        installmentMonthlyRatePercent: Math.round(rand() * 500) / 100,
      };
      const debts = Array.from({ length: 1 + Math.floor(rand() * 3) }, (_, i) =>
        debt({
          debtId: `d${i}`,
          daysOverdue: Math.floor(rand() * 1500),
          principalCents: 1_000 + Math.floor(rand() * 2_000_000),
          chargesCents: Math.floor(rand() * 500_000),
        }),
      );
      const budget = rand() < 0.5 ? 1_000 + Math.floor(rand() * 200_000) : undefined;
      const r = generateOffers(request({ policy, debts, monthlyBudgetCents: budget }));
      let previousTotal = 0;
      for (const o of r.offers) {
        const sum = o.schedule.reduce((s, p) => s + p.amountCents, 0);
        expect(sum).toBe(o.totalCents);
        expect(o.totalCents + o.discountCents).toBeGreaterThanOrEqual(o.balanceCents);
        expect(o.totalCents).toBeGreaterThanOrEqual(previousTotal);
        previousTotal = o.totalCents;
        if (budget !== undefined)
          for (const p of o.schedule) expect(p.amountCents).toBeLessThanOrEqual(budget);
        if (o.kind === 'installments') {
          const installments = o.schedule.slice(o.downPaymentCents > 0 ? 1 : 0);
          expect(installments).toHaveLength(o.installmentsCount);
          for (const p of installments)
            expect(p.amountCents).toBeGreaterThanOrEqual(policy.minInstallmentCents);
          const max = Math.max(...installments.map((p) => p.amountCents));
          const min = Math.min(...installments.map((p) => p.amountCents));
          expect(max - min).toBeLessThanOrEqual(o.installmentsCount);
        }
      }
      expect(r.noAffordableOffer).toBe(budget !== undefined && r.offers.length === 0);
      // Deterministic: the same request gives the same answer.
      expect(generateOffers(request({ policy, debts, monthlyBudgetCents: budget }))).toEqual(r);
    }
  });
});
