import { Decimal } from 'decimal.js';

/**
 * Money is always an integer number of centavos (`bigint` in Postgres, `number` in JS: safe up to
 * R$ 90 trillion). Rates and intermediate products use decimal.js; every amount becomes centavos
 * through exactly one function, `roundToCents`.
 *
 * Rounding is half-even ("arredondamento bancário"), the rule of ABNT NBR 5891: a remainder of
 * exactly half a centavo goes to the even centavo, so repeated roundings carry no upward bias.
 */
const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });

export { D as Dec };
export type Dec = Decimal;

export function roundToCents(value: Decimal.Value): number {
  return new D(value).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).toNumber();
}

/** A percent string/number (e.g. "2.5") as a Decimal fraction (0.025). */
export function percentToFraction(percent: Decimal.Value): Decimal {
  return new D(percent).div(100);
}

/** 123456 -> "R$ 1.234,56" (pt-BR display). */
export function formatBRL(cents: number): string {
  const negative = cents < 0;
  const abs = Math.abs(cents);
  const reais = Math.trunc(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const centavos = String(abs % 100).padStart(2, '0');
  return `${negative ? '-' : ''}R$ ${reais},${centavos}`;
}

/** "2.5" -> "2,5" for pt-BR sentences. */
export function formatPercent(percent: Decimal.Value): string {
  return new D(percent).toFixed().replace('.', ',') + '%';
}

/**
 * Splits `totalCents` into parts proportional to `weights` so the parts add up exactly
 * (largest remainder method; ties go to the earliest part).
 */
export function splitByLargestRemainder(totalCents: number, weights: readonly Decimal.Value[]): number[] {
  const ws = weights.map((w) => new D(w));
  const sum = ws.reduce((a, b) => a.add(b), new D(0));
  if (ws.length === 0) return [];
  if (sum.isZero()) return ws.map((_, i) => (i === 0 ? totalCents : 0));
  const exact = ws.map((w) => new D(totalCents).mul(w).div(sum));
  const floors = exact.map((e) => e.floor().toNumber());
  let rest = totalCents - floors.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => ({ i, frac: e.minus(e.floor()) }))
    .sort((a, b) => b.frac.comparedTo(a.frac) || a.i - b.i);
  for (const { i } of order) {
    if (rest <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    rest -= 1;
  }
  return floors;
}
