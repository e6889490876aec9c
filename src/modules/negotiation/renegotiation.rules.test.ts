import { describe, expect, it } from 'vitest';
import type { Offer, OfferResult } from './offer.rules.ts';
import { applyRenegotiationLimit, renegotiationStatus } from './renegotiation.rules.ts';

function offer(kind: Offer['kind'], n: number): Offer {
  return {
    kind,
    installmentsCount: n,
    downPaymentCents: 0,
    totalCents: 1000 * n,
    discountCents: 0,
    balanceCents: 1000,
    monthlyRatePercent: 0,
    effectiveAnnualRatePercent: 0,
    interestMethod: 'none',
    cetAnnualPercent: 0,
    validUntil: '2026-12-01',
    validityDays: 7,
    includesPrescribedDebt: false,
    schedule: [],
    explanation: ['base'],
    debtIds: ['d'],
  };
}
const result: OfferResult = {
  offers: [offer('lump_sum', 1), offer('installments', 2), offer('installments', 3)],
  noAffordableOffer: false,
};

describe('renegotiation limit', () => {
  it('counts the most-broken debt: first agreement is 0, then n-th renegotiation', () => {
    expect(renegotiationStatus([], 2)).toEqual({ number: 0, max: 2, installmentsAllowed: true });
    expect(renegotiationStatus([0, 2, 1], 2)).toEqual({ number: 2, max: 2, installmentsAllowed: true });
    expect(renegotiationStatus([3], 2).installmentsAllowed).toBe(false);
    expect(renegotiationStatus([1], 0).installmentsAllowed).toBe(false);
  });

  it('leaves a first negotiation untouched', () => {
    expect(applyRenegotiationLimit(result, renegotiationStatus([0], 1))).toBe(result);
  });

  it('notes the renegotiation number within the limit', () => {
    const out = applyRenegotiationLimit(result, renegotiationStatus([1], 2));
    expect(out.offers).toHaveLength(3);
    expect(out.offers[1]!.explanation.at(-1)).toBe(
      'Renegociação nº 1 de até 2 permitidas pela política do credor.',
    );
  });

  it('past the limit keeps only the lump sum and says why', () => {
    const out = applyRenegotiationLimit(result, renegotiationStatus([2], 1));
    expect(out.offers.map((o) => o.kind)).toEqual(['lump_sum']);
    expect(out.reason).toMatch(/já tiveram 2 acordo\(s\) rompido\(s\).*até 1 renegociação/);
    expect(out.offers[0]!.explanation.at(-1)).toMatch(/quitação à vista continua disponível/);
  });
});
