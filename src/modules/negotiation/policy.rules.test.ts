import { describe, expect, it } from 'vitest';
import {
  bandFor,
  classifyExtraDiscount,
  DEFAULT_POLICY,
  installmentInterestRule,
  type NegotiationPolicy,
  validatePolicy,
} from './policy.rules.ts';

const policy = (over: Partial<NegotiationPolicy> = {}): NegotiationPolicy => ({ ...DEFAULT_POLICY, ...over });
const fields = (p: NegotiationPolicy) => {
  const r = validatePolicy(p);
  return r.ok ? [] : r.errors.map((e) => e.field);
};

describe('validatePolicy', () => {
  it('accepts the default policy', () => {
    expect(validatePolicy(DEFAULT_POLICY)).toEqual({ ok: true, policy: DEFAULT_POLICY });
  });

  it.each([
    [
      'discount over 100%',
      {
        discountBands: [
          { minDaysOverdue: 0, maxChargesDiscountPercent: 101, maxPrincipalDiscountPercent: 0 },
        ],
      },
      'discountBands[0].maxChargesDiscountPercent',
    ],
    [
      '100% of the principal',
      {
        discountBands: [
          { minDaysOverdue: 0, maxChargesDiscountPercent: 100, maxPrincipalDiscountPercent: 100 },
        ],
      },
      'discountBands[0].maxPrincipalDiscountPercent',
    ],
    [
      'negative discount',
      {
        discountBands: [{ minDaysOverdue: 0, maxChargesDiscountPercent: -1, maxPrincipalDiscountPercent: 0 }],
      },
      'discountBands[0].maxChargesDiscountPercent',
    ],
    [
      'bands out of order',
      {
        discountBands: [
          { minDaysOverdue: 90, maxChargesDiscountPercent: 10, maxPrincipalDiscountPercent: 0 },
          { minDaysOverdue: 30, maxChargesDiscountPercent: 5, maxPrincipalDiscountPercent: 0 },
        ],
      },
      'discountBands[1].minDaysOverdue',
    ],
    [
      'fractional days',
      {
        discountBands: [
          { minDaysOverdue: 1.5, maxChargesDiscountPercent: 10, maxPrincipalDiscountPercent: 0 },
        ],
      },
      'discountBands[0].minDaysOverdue',
    ],
    ['min installment 0', { minInstallmentCents: 0 }, 'minInstallmentCents'],
    ['min installment negative', { minInstallmentCents: -100 }, 'minInstallmentCents'],
    ['0 installments', { maxInstallments: 0 }, 'maxInstallments'],
    ['more than 5 years', { maxInstallments: 61 }, 'maxInstallments'],
    ['down payment 100%', { minDownPaymentPercent: 100 }, 'minDownPaymentPercent'],
    ['rate above 20% a month', { installmentMonthlyRatePercent: 25 }, 'installmentMonthlyRatePercent'],
    ['offer valid 0 days', { offerValidityDays: 0 }, 'offerValidityDays'],
    ['offer valid 1 day (CDC art. 54-B: at least 2)', { offerValidityDays: 1 }, 'offerValidityDays'],
    ['negative grace', { graceDays: -1 }, 'graceDays'],
    [
      'approval threshold above the agent maximum',
      { agentMaxExtraDiscountPercent: 5, approvalAboveExtraDiscountPercent: 8 },
      'approvalAboveExtraDiscountPercent',
    ],
    ['NaN', { maxRenegotiations: Number.NaN }, 'maxRenegotiations'],
  ] as const)('rejects %s', (_name, over, field) => {
    expect(fields(policy(over as Partial<NegotiationPolicy>))).toContain(field);
  });

  it('lists every problem at once, with pt-BR reasons', () => {
    const r = validatePolicy(policy({ minInstallmentCents: 0, maxInstallments: 100, graceDays: -2 }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.field)).toEqual(['maxInstallments', 'minInstallmentCents', 'graceDays']);
    // A policy choice, not a legal limit (CDC art. 104-A is the superendividamento procedure).
    expect(r.errors[0]?.message).toMatch(/planos de até 5 anos/);
    expect(r.errors[0]?.message).not.toMatch(/Lei 14\.181/);
    expect(r.errors[1]?.message).toBe('deve ser maior que 0');
  });
});

describe('validatePolicy: installment interest by creditor type (issue #12 item 5)', () => {
  const outside = { financialInstitution: false };
  const bank = { financialInstitution: true };

  it('outside the SFN: at most 1% a month, with the reason and the law', () => {
    expect(validatePolicy(policy({ installmentMonthlyRatePercent: 1 }), outside).ok).toBe(true);
    const r = validatePolicy(policy({ installmentMonthlyRatePercent: 1.99 }), outside);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.field).toBe('installmentMonthlyRatePercent');
    expect(r.errors[0]!.message).toMatch(/^deve ser no máximo 1% ao mês: credor fora do Sistema Financeiro/);
    expect(r.errors[0]!.message).toContain('Decreto 22.626/1933');
    expect(r.errors[0]!.message).toContain('Súmulas 539 e 541');
  });

  it('an SFN institution may go up to the 20% ceiling, compounded', () => {
    expect(validatePolicy(policy({ installmentMonthlyRatePercent: 1.99 }), bank).ok).toBe(true);
    expect(installmentInterestRule(bank)).toMatchObject({ method: 'compound', maxMonthlyRatePercent: 20 });
    expect(installmentInterestRule(outside)).toMatchObject({ method: 'simple', maxMonthlyRatePercent: 1 });
  });

  it('offers last at least 2 days (CDC art. 54-B)', () => {
    const r = validatePolicy(policy({ offerValidityDays: 1 }));
    expect(r.ok ? [] : r.errors.map((e) => e.message)).toEqual([
      'deve ser no mínimo 2 dias (CDC art. 54-B: a oferta vale pelo menos 2 dias)',
    ]);
    expect(validatePolicy(policy({ offerValidityDays: 2 })).ok).toBe(true);
  });
});

describe('bandFor', () => {
  it('picks the highest band not above the debt age', () => {
    expect(bandFor(DEFAULT_POLICY, 0).minDaysOverdue).toBe(0);
    expect(bandFor(DEFAULT_POLICY, 29).minDaysOverdue).toBe(0);
    expect(bandFor(DEFAULT_POLICY, 30).minDaysOverdue).toBe(30);
    expect(bandFor(DEFAULT_POLICY, 364).minDaysOverdue).toBe(180);
    expect(bandFor(DEFAULT_POLICY, 5000).minDaysOverdue).toBe(365);
  });

  it('gives no discount when no band applies', () => {
    const p = policy({
      discountBands: [{ minDaysOverdue: 60, maxChargesDiscountPercent: 50, maxPrincipalDiscountPercent: 5 }],
    });
    expect(bandFor(p, 10)).toEqual({
      minDaysOverdue: 0,
      maxChargesDiscountPercent: 0,
      maxPrincipalDiscountPercent: 0,
    });
  });
});

describe('classifyExtraDiscount', () => {
  it('separates policy, agent, approval and refusal', () => {
    expect(classifyExtraDiscount(DEFAULT_POLICY, 0)).toBe('within_policy');
    expect(classifyExtraDiscount(DEFAULT_POLICY, 5)).toBe('agent_limit');
    expect(classifyExtraDiscount(DEFAULT_POLICY, 5.01)).toBe('needs_approval');
    expect(classifyExtraDiscount(DEFAULT_POLICY, 10)).toBe('needs_approval');
    expect(classifyExtraDiscount(DEFAULT_POLICY, 10.5)).toBe('refused');
  });
});
