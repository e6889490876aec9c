import { daysBetween, type IsoDate } from '../../platform/dates.ts';
import { Dec, percentToFraction, roundToCents, splitByLargestRemainder } from '../../platform/money.ts';
import { monthsElapsed } from '../negotiation/index.ts';

/**
 * Early settlement with a proportional reduction of interest (CDC art. 52 §2º): what is still owed on
 * the installments not yet due is brought to the settlement date at the agreement's own rate, as Res.
 * CMN 3.516/2007 art. 2º prescribes for prefixed-rate credit ("taxa de juros pactuada no contrato").
 *
 * - An installment already due (due date ≤ settlement date) counts at its face value: there is no future
 *   interest left in it to reduce.
 * - One not yet due, `t` months ahead, counts at remaining / (1 + i)^t when the agreement compounds
 *   (Tabela Price, SFN institutions) and remaining / (1 + i·t) when it charges simple interest (creditors
 *   outside the SFN); without interest there is nothing to reduce.
 * - t = calendar days / 30, the commercial month, or the schedule's own count (civil months plus a pro
 *   rata of the running month, the negotiation's `monthsElapsed`) when that is more: whichever gives more reduction, the
 *   reading in the consumer's favour. Over 31-day months days/30 is slightly more than a month; across a
 *   February it is less (28 days = 0,93 month), and days/30 alone would then discount an installment by
 *   less than the interest the schedule put in it: settling on the release day would cost more than was
 *   financed. With the larger of the two it never does (up to the centavo of rounding).
 * - The sum of the present values is rounded once (half-even, NBR 5891); the reduction is the face value
 *   minus that amount, so both add up to what is owed exactly.
 * - Partial prepayment shortens the plan from the last installment (the consumer keeps the monthly
 *   amount and finishes earlier): `prepaymentOptions` prices settling the last 1, 2, … installments.
 */
export interface PayoffInstallment {
  id: string;
  number: number;
  dueDate: IsoDate;
  amountCents: number;
  paidCents: number;
  /** Interest already given back by an earlier prepayment (settles the rest of the installment). */
  reductionCents?: number;
}

export interface PayoffTerms {
  monthlyRatePercent: number | string;
  interestMethod: 'compound' | 'simple' | 'none';
}

export interface PayoffLine {
  installmentId: string;
  number: number;
  dueDate: IsoDate;
  remainingCents: number;
  /** Present value on the settlement date, unrounded (a decimal string). */
  presentValue: string;
}

export interface PayoffQuote {
  /** What settles everything still owed, paid on `date`. */
  amountCents: number;
  /** Interest given back: what is still owed at face value minus `amountCents`. */
  reductionCents: number;
  /** The quote is for payment on this date; a later day costs a little more (less discount). */
  validUntil: IsoDate;
  lines: PayoffLine[];
}

function presentValue(remaining: number, due: IsoDate, date: IsoDate, terms: PayoffTerms): Dec {
  const face = new Dec(remaining);
  const days = daysBetween(date, due);
  if (days <= 0 || terms.interestMethod === 'none') return face;
  const i = percentToFraction(new Dec(terms.monthlyRatePercent));
  if (i.isZero()) return face;
  const t = Dec.max(new Dec(days).div(30), monthsElapsed(date, due));
  return terms.interestMethod === 'compound' ? face.div(i.plus(1).pow(t)) : face.div(i.mul(t).plus(1));
}

function linesOf(
  installments: readonly PayoffInstallment[],
  terms: PayoffTerms,
  date: IsoDate,
): PayoffLine[] {
  return [...installments]
    .filter((i) => i.paidCents + (i.reductionCents ?? 0) < i.amountCents)
    .sort((a, b) => a.number - b.number)
    .map((i) => {
      const remainingCents = i.amountCents - i.paidCents - (i.reductionCents ?? 0);
      return {
        installmentId: i.id,
        number: i.number,
        dueDate: i.dueDate,
        remainingCents,
        presentValue: presentValue(remainingCents, i.dueDate, date, terms).toString(),
      };
    });
}

function total(lines: readonly PayoffLine[]): { amountCents: number; reductionCents: number } {
  const face = lines.reduce((s, l) => s + l.remainingCents, 0);
  const amountCents = roundToCents(lines.reduce((s, l) => s.plus(l.presentValue), new Dec(0)));
  return { amountCents, reductionCents: face - amountCents };
}

/** The amount that settles the agreement on `date`, and the interest it gives back. */
export function payoffQuote(
  installments: readonly PayoffInstallment[],
  terms: PayoffTerms,
  date: IsoDate,
): PayoffQuote {
  const lines = linesOf(installments, terms, date);
  return { ...total(lines), validUntil: date, lines };
}

export interface PrepaymentOption {
  /** How many installments, counted from the last, this prepayment settles. */
  installments: number;
  /** Their numbers, last first. */
  numbers: number[];
  amountCents: number;
  reductionCents: number;
}

/**
 * Partial prepayments that shorten the plan from the last installment: settling the last k installments
 * on `date` costs the sum of their present values (rounded once). Installments already due are not
 * included (they are paid as they are, at face value).
 */
export function prepaymentOptions(
  installments: readonly PayoffInstallment[],
  terms: PayoffTerms,
  date: IsoDate,
): PrepaymentOption[] {
  const future = linesOf(installments, terms, date)
    .filter((l) => l.dueDate > date)
    .reverse();
  return future.map((_, k) => {
    const chosen = future.slice(0, k + 1);
    return { installments: k + 1, numbers: chosen.map((l) => l.number), ...total(chosen) };
  });
}

export interface PrepaymentQuoteLine {
  installmentId: string;
  number: number;
  dueDate: IsoDate;
  /** Still owed at face value. */
  remainingCents: number;
  /** Of the prepayment amount, what settles this installment; the rest of it is `reductionCents`. */
  payCents: number;
  reductionCents: number;
}

export interface PrepaymentQuote {
  /** The installments settled, last first. */
  lines: PrepaymentQuoteLine[];
  faceCents: number;
  amountCents: number;
  reductionCents: number;
  validUntil: IsoDate;
}

/**
 * Settling the LAST `n` installments still owed on `date` (n = all of them = the full payoff, the same
 * amount as `payoffQuote`): the sum of their present values at the agreement's rate, rounded once. An
 * installment already due counts at face value. The interest given back is split among the installments
 * in proportion to each one's own reduction (largest remainder: the parts add up exactly), so each
 * installment records what settled it. Null when fewer than `n` installments are owed.
 */
export function prepaymentQuote(
  installments: readonly PayoffInstallment[],
  terms: PayoffTerms,
  date: IsoDate,
  n: number,
): PrepaymentQuote | null {
  const owed = linesOf(installments, terms, date);
  if (!Number.isInteger(n) || n < 1 || n > owed.length) return null;
  const chosen = owed.slice(owed.length - n).reverse();
  const { amountCents, reductionCents } = total(chosen);
  const shares = splitByLargestRemainder(
    reductionCents,
    chosen.map((l) => new Dec(l.remainingCents).minus(l.presentValue)),
  );
  const lines = chosen.map((l, i) => {
    const reduction = Math.min(shares[i] ?? 0, l.remainingCents);
    return {
      installmentId: l.installmentId,
      number: l.number,
      dueDate: l.dueDate,
      remainingCents: l.remainingCents,
      payCents: l.remainingCents - reduction,
      reductionCents: reduction,
    };
  });
  return {
    lines,
    faceCents: amountCents + reductionCents,
    amountCents,
    reductionCents,
    validUntil: date,
  };
}
