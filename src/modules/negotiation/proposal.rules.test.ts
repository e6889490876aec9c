import { describe, expect, it } from 'vitest';
import { generateOffers, type OfferRequest } from './offer.rules.ts';
import { DEFAULT_POLICY } from './policy.rules.ts';
import { evaluateProposal } from './proposal.rules.ts';

// R$ 1.200,00 of principal, 40 days overdue, R$ 100,00 of charges: band 30+ → 50% of charges.
const req: OfferRequest = {
  today: '2026-11-23',
  state: 'SP',
  debts: [
    { debtId: 'd1', daysOverdue: 40, prescribed: false, principalCents: 120_000, chargesCents: 10_000 },
  ],
  policy: {
    ...DEFAULT_POLICY,
    maxInstallments: 6,
    minInstallmentCents: 5_000,
    agentMaxExtraDiscountPercent: 10,
    approvalAboveExtraDiscountPercent: 5,
  },
  minimumExistentialCents: 60_000,
  debtorInitiated: true,
};
const policyTotal = (n: number) =>
  generateOffers(req).offers.find((o) => o.installmentsCount === n)!.totalCents;

describe('evaluateProposal', () => {
  it('accepts a proposal that pays at least what the policy asks, as an offer with the person’s numbers', () => {
    const six = policyTotal(6); // 130.000 − 5.000×1/6 discount = 129.167
    const r = evaluateProposal(req, {
      downPaymentCents: 0,
      installmentsCount: 6,
      installmentCents: Math.ceil(six / 6),
    });
    expect(r.status).toBe('accepted');
    if (r.status !== 'accepted') return;
    expect(r.offer.schedule).toHaveLength(6);
    expect(r.offer.totalCents).toBe(6 * Math.ceil(six / 6));
  });

  it('accepts a small extra discount within the agent limit', () => {
    // 3% of the balance (130.000) below the 6x policy total.
    const r = evaluateProposal(req, {
      downPaymentCents: 0,
      installmentsCount: 6,
      installmentCents: Math.floor((policyTotal(6) - 3_900) / 6),
    });
    expect(r).toMatchObject({ status: 'accepted', reason: expect.stringMatching(/limite de negociação/) });
  });

  it('queues for a manager between the approval threshold and the agent maximum', () => {
    const r = evaluateProposal(req, {
      downPaymentCents: 0,
      installmentsCount: 6,
      installmentCents: Math.floor((policyTotal(6) - 9_100) / 6),
    });
    expect(r.status).toBe('pending_approval');
    if (r.status !== 'pending_approval') return;
    expect(r.extraDiscountPercent).toBeGreaterThan(5);
    expect(r.extraDiscountPercent).toBeLessThanOrEqual(10);
    expect(r.reason).toMatch(/aprovação de um gestor/);
  });

  it('refuses beyond the agent maximum, with the nearest plan', () => {
    const r = evaluateProposal(req, { downPaymentCents: 0, installmentsCount: 6, installmentCents: 15_000 });
    expect(r.status).toBe('refused');
    if (r.status !== 'refused') return;
    expect(r.nearest?.installmentsCount).toBe(6);
    expect(r.reason).toMatch(/acima do máximo/);
  });

  it('refuses too many installments, an installment below the minimum, or more than owed', () => {
    expect(
      evaluateProposal(req, { downPaymentCents: 0, installmentsCount: 12, installmentCents: 11_000 }),
    ).toMatchObject({
      status: 'refused',
      reason: expect.stringMatching(/de 1 a 6/),
      nearest: expect.objectContaining({ installmentsCount: 6 }),
    });
    expect(
      evaluateProposal(req, { downPaymentCents: 0, installmentsCount: 6, installmentCents: 4_000 }),
    ).toMatchObject({
      status: 'refused',
      reason: expect.stringMatching(/parcela mínima/),
    });
    expect(
      evaluateProposal(req, { downPaymentCents: 0, installmentsCount: 2, installmentCents: 100_000 }),
    ).toMatchObject({
      status: 'refused',
      reason: expect.stringMatching(/mais do que a política pede/),
    });
  });
});
