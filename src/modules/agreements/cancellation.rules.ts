import { addDays, formatDatePtBr, type IsoDate } from '../../platform/dates.ts';

/**
 * The right to withdraw (CDC art. 49): an agreement made away from a commercial establishment — online
 * or by phone — may be cancelled within 7 days of its signature, with the previous state restored
 * without penalty and everything paid refunded. The protective reading: applied to debt agreements as
 * to any contract made at a distance; the 7 days are counted from the day after the signature (CC art.
 * 132), so an agreement signed on the 1st may be cancelled up to and including the 8th.
 */
export const AGREEMENT_ORIGINS = ['online', 'phone', 'in_person'] as const;
export type AgreementOrigin = (typeof AGREEMENT_ORIGINS)[number];

export const WITHDRAWAL_DAYS = 7;

export type CancellationCheck =
  | { allowed: true; lastDay: IsoDate }
  | { allowed: false; reason: string; lastDay: IsoDate | null };

export function cancellationRight(
  a: { origin: AgreementOrigin; signedOn: IsoDate; status: string },
  today: IsoDate,
): CancellationCheck {
  if (a.origin === 'in_person') {
    return {
      allowed: false,
      lastDay: null,
      reason:
        'O direito de arrependimento (CDC art. 49) vale para acordos feitos pela internet ou por telefone; este foi feito presencialmente.',
    };
  }
  const lastDay = addDays(a.signedOn, WITHDRAWAL_DAYS);
  if (a.status === 'cancelled') return { allowed: false, lastDay, reason: 'Este acordo já foi cancelado.' };
  if (a.status !== 'active' && a.status !== 'paid') {
    return {
      allowed: false,
      lastDay,
      reason: 'Só um acordo em andamento ou pago pode ser cancelado por arrependimento.',
    };
  }
  if (today > lastDay) {
    return {
      allowed: false,
      lastDay,
      reason: `O prazo de ${WITHDRAWAL_DAYS} dias para desistir (CDC art. 49) terminou em ${formatDatePtBr(lastDay)}.`,
    };
  }
  return { allowed: true, lastDay };
}
