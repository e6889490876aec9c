import { civilMonthsBetween, daysBetween, type IsoDate, isIsoDate } from '../../platform/dates.ts';
import { Dec, percentToFraction, roundToCents, splitByLargestRemainder } from '../../platform/money.ts';

/**
 * Financial math of a negotiation: installments at simple or compound (Tabela Price) interest, each
 * installment's interest counted from the release date to its own due date; the Custo Efetivo Total (CET)
 * and rate conversions. Pure: amounts in integer centavos, rates as percent strings ("2.5" = 2,5%), every
 * amount rounded once with `roundToCents` (half-even, ABNT NBR 5891).
 */

export interface CashFlow {
  date: IsoDate;
  amountCents: number;
}

function parseRatePercent(percent: string): Dec {
  let rate: Dec;
  try {
    rate = new Dec(percent);
  } catch {
    throw new RangeError(`Taxa inválida: "${percent}".`);
  }
  if (!rate.isFinite() || rate.isNegative()) throw new RangeError(`Taxa inválida: "${percent}".`);
  return percentToFraction(rate);
}

function checkPrincipal(principalCents: number): void {
  if (!Number.isSafeInteger(principalCents) || principalCents < 0) {
    throw new RangeError(`Valor inválido: ${principalCents} centavos.`);
  }
}

function checkInstallments(n: number): void {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`Número de parcelas inválido: ${n}.`);
}

/**
 * Months from the release to a due date, as an exact decimal: whole civil months (Código Civil art. 132
 * §3) plus the days left over as a pro rata of the running month (`civilMonthsBetween`, the same count as
 * the interest of a debt), so a year is exactly 12 months. Zero for a date on or before the release.
 */
export function monthsElapsed(releaseDate: IsoDate, dueDate: IsoDate): Dec {
  return monthsOf(elapsed(releaseDate, dueDate));
}

type Elapsed = ReturnType<typeof civilMonthsBetween>;

function elapsed(releaseDate: IsoDate, dueDate: IsoDate): Elapsed {
  if (!isIsoDate(releaseDate)) throw new RangeError(`Data de liberação inválida "${releaseDate}".`);
  if (!isIsoDate(dueDate)) throw new RangeError(`Data de vencimento inválida "${dueDate}".`);
  return civilMonthsBetween(releaseDate, dueDate);
}

function monthsOf({ months, days, monthLength }: Elapsed): Dec {
  // (months·length + days) / length: dividing last keeps whole months exact (no 0,999… from a pro rata).
  return new Dec(months * monthLength + days).div(monthLength);
}

export type InterestMethod = 'compound' | 'simple';

/**
 * What one centavo due on each date is worth on the release date, v(t_k), t_k = `monthsElapsed`:
 * compound (Tabela Price) v = (1+i)^−t, simple v = 1/(1 + i·t). Null with a zero rate (no interest: the
 * principal is split, see `installmentsFromFactors`). The due dates must not go backwards.
 *
 * Offers price every plan of 2 to 60 installments over the same dates, so they compute these once per
 * request and pass slices to `installmentsFromFactors`.
 */
export function discountFactors(
  monthlyRatePercent: string,
  method: InterestMethod,
  releaseDate: IsoDate,
  dueDates: readonly IsoDate[],
): Dec[] | null {
  const counts = dueDates.map((d) => elapsed(releaseDate, d));
  for (let k = 1; k < counts.length; k += 1) {
    const [a, b] = [counts[k - 1] as Elapsed, counts[k] as Elapsed];
    if (b.months < a.months || (b.months === a.months && b.days * a.monthLength < a.days * b.monthLength)) {
      throw new RangeError(`Vencimentos fora de ordem: ${dueDates[k]} antes de ${dueDates[k - 1]}.`);
    }
  }
  const i = parseRatePercent(monthlyRatePercent);
  if (i.isZero()) return null;
  if (method === 'simple') {
    return counts.map((c) => new Dec(1).div(i.mul(monthsOf(c)).plus(1)));
  }
  // (1+i)^−t = (1+i)^−months · ((1+i)^(−1/length))^days: one fractional power per month length (28 to
  // 31 days), the costly part, and integer powers for the rest, at 40 significant digits.
  const base = i.plus(1);
  const inverse = new Dec(1).div(base);
  const wholePowers: Dec[] = [new Dec(1)];
  const wholePower = (m: number): Dec => {
    while (wholePowers.length <= m) wholePowers.push((wholePowers.at(-1) as Dec).mul(inverse));
    return wholePowers[m] as Dec;
  };
  const dayRoots = new Map<number, Dec>();
  return counts.map(({ months, days, monthLength }) => {
    if (days === 0) return wholePower(months);
    let root = dayRoots.get(monthLength);
    if (root === undefined) {
      root = inverseRoot(base, monthLength);
      dayRoots.set(monthLength, root);
    }
    return wholePower(months).mul(root.pow(days));
  });
}

/**
 * (1+i)^(−1/L) to the 40 significant digits of `Dec`: Newton on x^L = 1/(1+i) from the float64 value (16
 * digits), each step doubling the correct digits, so three steps are plenty. A decimal power with a
 * fractional exponent (exp∘ln) cost ~0,3 ms each, several per offer request; this is ~20 times less.
 */
function inverseRoot(base: Dec, length: number): Dec {
  const target = new Dec(1).div(base);
  let x = new Dec(base.toNumber() ** (-1 / length));
  for (let step = 0; step < 3; step += 1) {
    // x ← ((L − 1)·x + c / x^(L−1)) / L
    x = x
      .mul(length - 1)
      .plus(target.div(x.pow(length - 1)))
      .div(length);
  }
  return x;
}

/**
 * Equal installments, one per discount factor (`discountFactors` of their due dates): the exact PMT
 * solves PV = Σ_k PMT·v_k, then `equalInstallments` rounds. `factors` null (a zero rate): `n` parts of
 * the principal.
 */
export function installmentsFromFactors(
  principalCents: number,
  factors: readonly Dec[] | null,
  n: number,
): number[] {
  checkPrincipal(principalCents);
  checkInstallments(n);
  if (factors !== null && factors.length !== n)
    throw new RangeError(`Esperados ${n} fatores de desconto, vieram ${factors.length}.`);
  return equalInstallments(principalCents, exactPayment(principalCents, factors), n);
}

/** The unrounded PMT solving PV = Σ_k PMT·v_k; null with a zero rate (no factors). */
function exactPayment(principalCents: number, factors: readonly Dec[] | null): Dec | null {
  if (factors === null) return null;
  return new Dec(principalCents).div(factors.reduce((acc, v) => acc.plus(v), new Dec(0)));
}

/** The exact PMT of a plan due on `dueDates` (the checks of every schedule first). */
function exactPaymentOn(
  principalCents: number,
  monthlyRatePercent: string,
  releaseDate: IsoDate,
  dueDates: readonly IsoDate[],
  method: InterestMethod,
): Dec | null {
  checkPrincipal(principalCents);
  checkInstallments(dueDates.length);
  return exactPayment(principalCents, discountFactors(monthlyRatePercent, method, releaseDate, dueDates));
}

/**
 * The installments from the exact payment: the total paid is n·PMT rounded once; every installment is the
 * rounded PMT except the last, which absorbs the difference between that total and n rounded installments.
 * Each rounded installment is off by at most half a centavo, so the last one differs from the others by
 * at most |n·PMT − n·round(PMT)| + ½ ≤ (n + 1)/2, i.e. ⌈n/2⌉ centavos (never more than n).
 *
 * With a zero rate (`exact` null) PV is split by largest remainder: installments differ by at most one
 * centavo and the larger ones come first.
 *
 * Degenerate case: when an installment is worth less than about n/2 centavos the absorbing installment
 * could turn negative; the total is then split by largest remainder like the zero-rate case.
 */
function equalInstallments(principalCents: number, exact: Dec | null, n: number): number[] {
  const equalWeights = Array.from({ length: n }, () => 1);
  if (exact === null) return splitByLargestRemainder(principalCents, equalWeights);
  const payment = roundToCents(exact);
  const total = roundToCents(exact.mul(n));
  const last = total - payment * (n - 1);
  if (last < 0) return splitByLargestRemainder(total, equalWeights);
  return [...Array.from({ length: n - 1 }, () => payment), last];
}

/**
 * Tabela Price (French system) installment, rounded to the centavo: the PMT for which
 *
 *   PV = Σ_k PMT·(1+i)^−t_k
 *
 * with t_k the months from the release to due date k (`monthsElapsed`). When the installments fall due
 * 1, 2, … n whole months after the release this is the textbook PMT = PV·i / (1 − (1+i)^−n).
 *
 * With a zero rate there is no interest and the installment is PV/n; as PV rarely divides evenly, this
 * returns the base of the exact split, ⌊PV/n⌋: `priceSchedule` then adds one centavo to the first
 * PV mod n installments, so no installment is below this value and none is more than one centavo above.
 */
export function pricePaymentCents(
  principalCents: number,
  monthlyRatePercent: string,
  releaseDate: IsoDate,
  dueDates: readonly IsoDate[],
): number {
  const exact = exactPaymentOn(principalCents, monthlyRatePercent, releaseDate, dueDates, 'compound');
  return exact === null ? Math.floor(principalCents / dueDates.length) : roundToCents(exact);
}

/**
 * The Price installments (compound interest, SFN institutions only) due on `dueDates`, which add up
 * exactly to the total paid. Each installment's interest runs from the release date to ITS due date: a
 * first installment due 3 days after the release carries 3 days of interest, not a month's. See
 * `equalInstallments` for the rounding, the zero rate and the degenerate case.
 */
export function priceSchedule(
  principalCents: number,
  monthlyRatePercent: string,
  releaseDate: IsoDate,
  dueDates: readonly IsoDate[],
): number[] {
  const exact = exactPaymentOn(principalCents, monthlyRatePercent, releaseDate, dueDates, 'compound');
  return equalInstallments(principalCents, exact, dueDates.length);
}

/**
 * Equal installments at simple interest, with no capitalisation: the installment PMT for which
 *
 *   PV = Σ_k PMT / (1 + i·t_k)
 *
 * with t_k the months from the release to due date k (`monthsElapsed`): each installment, discounted at
 * simple interest for the time until it is due, pays back part of the principal; interest never earns
 * interest. This is how a creditor outside the Sistema Financeiro Nacional may charge installment
 * interest: the Lei de Usura (Decreto 22.626/1933 art. 4º) forbids "contar juros dos juros", and monthly
 * capitalisation is allowed only to SFN institutions (MP 2.170-36/2001 art. 5º; STJ Súmulas 539 and 541).
 * Rounding as in `priceSchedule` (`equalInstallments`).
 */
export function simpleInterestSchedule(
  principalCents: number,
  monthlyRatePercent: string,
  releaseDate: IsoDate,
  dueDates: readonly IsoDate[],
): number[] {
  const exact = exactPaymentOn(principalCents, monthlyRatePercent, releaseDate, dueDates, 'simple');
  return equalInstallments(principalCents, exact, dueDates.length);
}

/** i × 12 as a percent with two decimals: the annual rate of simple interest, e.g. '1' -> '12.00'. */
export function simpleAnnualFromMonthly(monthlyRatePercent: string): string {
  return toPercentString(parseRatePercent(monthlyRatePercent).mul(12));
}

/** (1 + i)^12 − 1 as a percent with two decimals (half-even), e.g. '2' -> '26.82'. */
export function effectiveAnnualFromMonthly(monthlyRatePercent: string): string {
  const i = parseRatePercent(monthlyRatePercent);
  return toPercentString(i.plus(1).pow(12).minus(1));
}

/** A fraction as a percent string with two decimals, half-even (NBR 5891); never "-0.00". */
function toPercentString(fraction: Dec): string {
  const percent = fraction.mul(100).toDecimalPlaces(2, Dec.ROUND_HALF_EVEN);
  return percent.isZero() ? '0.00' : percent.toFixed(2);
}

/**
 * Solver tolerance on ln(1 + annual rate): on the rate relative to 1 + rate (the CET is published with 4
 * decimals of a fraction).
 */
const CET_TOLERANCE = 1e-12;
const CET_MAX_ITERATIONS = 200;

/**
 * Custo Efetivo Total, owed to the consumer by CDC arts. 52 and 54-B and computed as Resolução CMN
 * 4.881/2020 art. 4 (formerly the annex of Res. CMN 3.517/2007) defines it: the annual rate CET for which
 *
 *   amountFinanced = Σ_j flow_j / (1 + CET)^((d_j − d_0) / 365)
 *
 * with d_0 the release date and d_j the date of each payment, in calendar days (a 365-day year even in
 * leap years, as the formula says). Published as a percent with two decimals rounded per NBR 5891
 * (half-even), e.g. '26.82'. `amountFinancedCents` is what the debtor actually receives (net of fees
 * and taxes charged upfront); the flows are everything the debtor pays, fees included.
 *
 * Returns '0.00' when the flows add up to the amount financed, and a negative rate when they add up to
 * less (a discount larger than the interest).
 *
 * Solved by Newton's method on v = ln(1 + CET), applied to g(v) = ln(Σ F_j·e^(−t_j·v)) − ln(amountFinanced),
 * which is decreasing and convex, so from v = 0 Newton never overshoots past the root more than once and
 * then converges monotonically, with no bracket needed; being nearly linear far from the root, it also
 * gets back fast from an overshoot.
 */
export function cetAnnualPercent(
  amountFinancedCents: number,
  releaseDate: IsoDate,
  flows: readonly CashFlow[],
): string {
  if (!Number.isSafeInteger(amountFinancedCents) || amountFinancedCents <= 0) {
    throw new RangeError(`Valor financiado inválido: ${amountFinancedCents} centavos.`);
  }
  if (!isIsoDate(releaseDate)) throw new RangeError(`Data de liberação inválida "${releaseDate}".`);
  const terms = flows.map((f) => {
    if (!isIsoDate(f.date)) throw new RangeError(`Data de pagamento inválida "${f.date}".`);
    if (!Number.isSafeInteger(f.amountCents) || f.amountCents < 0) {
      throw new RangeError(`Valor de pagamento inválido: ${f.amountCents} centavos.`);
    }
    const days = daysBetween(releaseDate, f.date);
    if (days < 0) throw new RangeError(`Pagamento em ${f.date} anterior à liberação (${releaseDate}).`);
    return { days, amount: new Dec(f.amountCents) };
  });
  // Flows adding up to the amount financed cost nothing, as documented above, also when none falls after
  // the release (then any rate solves the equation): a plan of 1 centavo due from today is [1, 0], which
  // used to throw below and take down the whole offer.
  const total = flows.reduce((sum, f) => sum + f.amountCents, 0);
  if (total === amountFinancedCents) return '0.00';
  // With no payment after the release the equation has no solution (the rate would not matter).
  if (!terms.some((t) => t.days > 0 && t.amount.gt(0))) {
    throw new RangeError('O CET exige ao menos um pagamento com valor após a data de liberação.');
  }
  const upfront = terms.filter((t) => t.days === 0).reduce((sum, t) => sum.plus(t.amount), new Dec(0));
  // Payments on the release day are not discounted: if alone they cover the amount financed, no rate can
  // make the later payments worth zero.
  if (upfront.gte(amountFinancedCents)) {
    throw new RangeError('Pagamentos na data de liberação cobrem o valor financiado: o CET não existe.');
  }

  // Newton on v = ln(1 + CET) in float64: ~15 significant digits are far more than a rate shown with
  // two decimals needs, and it is ~100× faster than decimal exponentials (offers compute one CET per
  // plan, dozens per request). Only the final rounding uses Decimal (half-even, NBR 5891).
  //
  // Newton runs on g(v) = ln(Σ F_j·e^(−t_j·v)) − ln(amountFinanced) rather than on the sum itself: same
  // root, also decreasing and convex (a log-sum-exp), but nearly linear far from the root. On the plain sum
  // a first step from v = 0 could leap far below the root when the flows add up to less than financed; from
  // there e^(−t·v) overflowed (∞, or 0·∞ = NaN for a zero flow) or Newton crawled back ~1/t_max per step
  // and gave up ("não convergiu"), e.g. 443 financed, 220 the next day and 1 centavo five years later. The
  // sum is taken around its largest term (log-sum-exp), so no exponential overflows, with the flows as
  // fractions of the amount financed, so the logarithms stay small and lose no precision.
  const points = terms
    .filter((t) => t.amount.gt(0))
    .map((t) => ({ years: t.days / 365, logAmount: Math.log(t.amount.toNumber() / amountFinancedCents) }));
  let v = 0;
  for (let iteration = 0; iteration < CET_MAX_ITERATIONS; iteration += 1) {
    const exponents = points.map((p) => p.logAmount - v * p.years);
    const largest = Math.max(...exponents);
    let sum = 0;
    let weightedYears = 0;
    points.forEach((p, j) => {
      const w = Math.exp((exponents[j] as number) - largest);
      sum += w;
      weightedYears += w * p.years;
    });
    const g = largest + Math.log(sum);
    const next = v + g / (weightedYears / sum);
    // Converged when the step moves 1 + CET by less than CET_TOLERANCE, relatively: |Δv| = |Δ ln(1 + CET)|
    // (relative to v itself once |v| > 1, where float64 resolves no better). For everyday rates that is the
    // tolerance on the rate itself. It used to be absolute on the rate, |e^next − e^v|, which float64 cannot
    // resolve for rates in the thousands of percent (a few centavos of rounding on a tiny amount due within
    // days: 16 financed, 17 paid the next day), where Newton wandered in the last bits and never stopped;
    // and which near −100% stopped at once while v was still far off.
    const converged = Math.abs(next - v) < CET_TOLERANCE * Math.max(1, Math.abs(v));
    v = next;
    if (converged) return toPercentString(new Dec(Math.expm1(v)));
  }
  throw new Error('O cálculo do CET não convergiu.');
}
