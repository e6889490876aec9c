import type { IsoDate } from '../../platform/dates.ts';
import { Dec, roundToCents } from '../../platform/money.ts';

/**
 * Why a payment left a credit, and what is refunded (CDC art. 42 sole paragraph: a consumer charged an
 * undue amount is owed double what was overpaid, with monetary correction and legal interest, unless the
 * error was justifiable).
 *
 * - 'debtor': the person paid more than was asked (paid twice by mistake, rounded up, paid an old
 *   boleto after a Pix): nothing was charged unduly, the credit is refunded as it is.
 * - 'platform_reissued_charge': we charged again what was already paid (a reminder or a charge re-issued
 *   after payment); 'platform_computation_error': we computed and charged too much. Both are undue
 *   charges: double the credit, corrected, unless documented as a justifiable error (then single,
 *   corrected). The STJ (EAREsp 676.608/RS) no longer asks for bad faith, only for an error that is not
 *   justifiable; the documentation is the agency's burden, so it is a recorded note, not a default.
 * - Correction: IPCA, the legal index (CC art. 389 sole paragraph, Lei 14.905/2024), compounded from the
 *   month of the payment (inclusive) to the month of the refund (exclusive) like every correction here;
 *   a month missing from the table counts zero and is listed; accumulated deflation does not reduce it.
 */
export const OVERPAYMENT_CAUSE_VALUES = [
  'debtor',
  'platform_reissued_charge',
  'platform_computation_error',
] as const;
export type OverpaymentCause = (typeof OVERPAYMENT_CAUSE_VALUES)[number];

export const OVERPAYMENT_CAUSES: Readonly<Record<OverpaymentCause, string>> = {
  debtor: 'o devedor pagou a mais ou em duplicidade',
  platform_reissued_charge: 'cobrança emitida de novo depois do pagamento (erro da plataforma)',
  platform_computation_error: 'erro de cálculo no valor cobrado (erro da plataforma)',
};

export interface OverpaymentRefundInput {
  creditCents: number;
  cause: OverpaymentCause;
  /** Documented as a justifiable error (requires a note). */
  justifiable: boolean;
  paidOn: IsoDate;
  refundOn: IsoDate;
  /** IPCA monthly variation in percent by 'YYYY-MM'. */
  ipca: ReadonlyMap<string, string>;
}

export interface OverpaymentRefund {
  refundCents: number;
  /** 1 or 2. */
  multiplier: number;
  correctionCents: number;
  missingMonths: string[];
  explanation: string;
  legalBasis: string;
}

function monthsFrom(from: IsoDate, to: IsoDate): string[] {
  const months: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const end = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key >= end) break;
    months.push(key);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return months;
}

export function overpaymentRefund(input: OverpaymentRefundInput): OverpaymentRefund {
  if (!Number.isSafeInteger(input.creditCents) || input.creditCents < 0) {
    throw new RangeError(`Crédito inválido: ${input.creditCents} centavos.`);
  }
  const undue = input.cause !== 'debtor';
  const multiplier = undue && !input.justifiable ? 2 : 1;
  const months = monthsFrom(input.paidOn, input.refundOn);
  const missingMonths = months.filter((mo) => !input.ipca.has(mo));
  let factor = new Dec(1);
  for (const mo of months) factor = factor.mul(new Dec(input.ipca.get(mo) ?? '0').div(100).plus(1));
  if (factor.lt(1)) factor = new Dec(1);
  const base = new Dec(input.creditCents).mul(multiplier);
  const refundCents = roundToCents(base.mul(factor));
  const correctionCents = refundCents - input.creditCents * multiplier;
  const explanation =
    (undue
      ? input.justifiable
        ? `Cobrança indevida por ${OVERPAYMENT_CAUSES[input.cause]}, documentada como erro justificável: devolução simples, corrigida.`
        : `Cobrança indevida por ${OVERPAYMENT_CAUSES[input.cause]}: devolução em dobro, corrigida (CDC art. 42, parágrafo único).`
      : `Pagamento a mais: ${OVERPAYMENT_CAUSES.debtor}; devolução do valor, corrigido.`) +
    (missingMonths.length > 0 ? ` Meses sem IPCA na tabela (contam zero): ${missingMonths.join(', ')}.` : '');
  return {
    refundCents,
    multiplier,
    correctionCents,
    missingMonths,
    explanation,
    legalBasis: undue
      ? 'CDC art. 42, parágrafo único (repetição do indébito em dobro, salvo engano justificável); CC art. 389 (correção pelo IPCA)'
      : 'CC arts. 876 e 884 (pagamento indevido, restituição); CC art. 389 (correção pelo IPCA)',
  };
}
