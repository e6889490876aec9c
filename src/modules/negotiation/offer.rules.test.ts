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
    // Σ 1/(1 + 0,01·k), k = 1..3 = 2,941365; 100000 / 2,941365 = 33997,82 → 33998, 33998, 33997.
    expect(plan.schedule.map((p) => p.amountCents)).toEqual([33_998, 33_998, 33_997]);
    expect(plan).toMatchObject({
      monthlyRatePercent: 1,
      effectiveAnnualRatePercent: 12,
      interestMethod: 'simple',
      totalCents: 101_993,
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
