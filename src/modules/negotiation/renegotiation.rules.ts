import type { OfferResult } from './offer.rules.ts';

/**
 * Renegotiation after broken agreements. Each debt counts the agreements covering it that broke; a
 * new installment plan for a debt is its renegotiation number `max(broken counts)`, allowed while it
 * is ≤ the policy's `maxRenegotiations`. Past the limit, only paying in full (lump sum) remains: a
 * settlement at once is never a promise that can break again, and refusing it would only keep the
 * person in debt.
 */
export interface RenegotiationStatus {
  /** 0 = first agreement; n = n-th renegotiation of these debts. */
  number: number;
  max: number;
  installmentsAllowed: boolean;
}

export function renegotiationStatus(brokenAgreements: readonly number[], max: number): RenegotiationStatus {
  const number = brokenAgreements.reduce((m, n) => Math.max(m, n), 0);
  return { number, max, installmentsAllowed: number <= max };
}

export function renegotiationLimitMessage(status: RenegotiationStatus): string {
  return (
    `Parcelamento indisponível: estas dívidas já tiveram ${status.number} acordo(s) rompido(s) e a ` +
    `política do credor permite até ${status.max} renegociação(ões). A quitação à vista continua disponível.`
  );
}

/** Keeps only the lump sum when the renegotiation limit was reached, saying why. */
export function applyRenegotiationLimit(result: OfferResult, status: RenegotiationStatus): OfferResult {
  if (status.installmentsAllowed) {
    if (status.number === 0) return result;
    const note = `Renegociação nº ${status.number} de até ${status.max} permitidas pela política do credor.`;
    return { ...result, offers: result.offers.map((o) => ({ ...o, explanation: [...o.explanation, note] })) };
  }
  const message = renegotiationLimitMessage(status);
  const offers = result.offers
    .filter((o) => o.kind === 'lump_sum')
    .map((o) => ({ ...o, explanation: [...o.explanation, message] }));
  return { ...result, offers, reason: result.reason ?? message };
}
