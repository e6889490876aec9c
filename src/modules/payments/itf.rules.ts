/**
 * Interleaved 2 of 5 (ITF), the symbology FEBRABAN mandates for the boleto barcode (Carta-Circular
 * 2.926 / bank layouts: "código de barras padrão Intercalado 2 de 5", 44 digits plus start and stop).
 *
 * Each digit is 5 elements, 2 of them wide ("2 of 5"). Digits go in pairs: the first digit of a pair
 * is drawn by the bars, the second by the spaces between them, interleaved bar/space. The symbol is
 *   start (narrow bar, narrow space, narrow bar, narrow space)
 *   pairs ...
 *   stop  (wide bar, narrow space, narrow bar)
 * (ISO/IEC 16390; the same digit patterns as boletophp's fbarcode(), "00110" = 0 ... "01010" = 9.)
 *
 * Widths: this module only says which elements are wide; `itfBars` turns that into geometry. ITF
 * admits a wide:narrow ratio from 2 to 3; we default to 1:3, the ratio boletophp's fbarcode() draws
 * ($fino = 1, $largo = 3) and the one recommended for boletos (the wider the ratio, the more tolerant
 * a reader is of ink spread). With 1:3 a 44-digit barcode is 405 narrow modules, so a narrow module of
 * 0.254 mm (1/100 inch) gives a 102.9 mm symbol, the ~103 mm commonly quoted for the boleto barcode
 * (height, 13 mm, and the quiet zones are the caller's).
 */

export type ItfElement = { bar: boolean; wide: boolean };

/** Wide elements per digit, in order (n = narrow, w = wide). */
const DIGIT_PATTERNS = [
  'nnwwn', // 0
  'wnnnw', // 1
  'nwnnw', // 2
  'wwnnn', // 3
  'nnwnw', // 4
  'wnwnn', // 5
  'nwwnn', // 6
  'nnnww', // 7
  'wnnwn', // 8
  'nwnwn', // 9
] as const;

export const ITF_WIDE_TO_NARROW_RATIO = 3;
/** 1/100 inch: with the 1:3 ratio a 44-digit boleto barcode is 102.87 mm wide. */
export const BOLETO_NARROW_BAR_MM = 0.254;

function pattern(digit: string): string {
  return DIGIT_PATTERNS[Number(digit)] as string;
}

/**
 * The ITF elements for an even number of digits, start and stop included, alternating bar/space and
 * starting with a bar. Throws RangeError for an empty, non-numeric or odd-length input (ITF cannot
 * encode an odd count; the boleto barcode always has 44 digits).
 */
export function interleaved2of5(digits: string): ItfElement[] {
  if (!/^\d+$/.test(digits)) {
    throw new RangeError(`Código de barras ITF inválido "${digits}": use só dígitos.`);
  }
  if (digits.length % 2 !== 0) {
    throw new RangeError(
      `Código de barras ITF inválido: o número de dígitos deve ser par; são ${digits.length}.`,
    );
  }
  const elements: ItfElement[] = [
    { bar: true, wide: false },
    { bar: false, wide: false },
    { bar: true, wide: false },
    { bar: false, wide: false },
  ];
  for (let i = 0; i < digits.length; i += 2) {
    const bars = pattern(digits[i] as string);
    const spaces = pattern(digits[i + 1] as string);
    for (let k = 0; k < 5; k++) {
      elements.push({ bar: true, wide: bars[k] === 'w' });
      elements.push({ bar: false, wide: spaces[k] === 'w' });
    }
  }
  elements.push({ bar: true, wide: true }, { bar: false, wide: false }, { bar: true, wide: false });
  return elements;
}

/** Compact text form for tests and debugging: bars upper-case, spaces lower-case ("NnNn...WnN"). */
export function itfPatternString(elements: ItfElement[]): string {
  return elements
    .map((e) => {
      const c = e.wide ? 'w' : 'n';
      return e.bar ? c.toUpperCase() : c;
    })
    .join('');
}

export type ItfBar = { x: number; width: number };

/**
 * The black bars to draw, as offsets from the left edge of the symbol (quiet zone excluded), in the
 * unit of `narrowWidth` (e.g. mm or PDF points). `totalWidth` includes the trailing bar.
 */
export function itfBars(
  digits: string,
  narrowWidth: number,
  ratio: number = ITF_WIDE_TO_NARROW_RATIO,
): { bars: ItfBar[]; totalWidth: number } {
  if (!(narrowWidth > 0) || !Number.isFinite(narrowWidth)) {
    throw new RangeError(`Largura da barra estreita inválida: ${narrowWidth}.`);
  }
  if (!(ratio >= 2 && ratio <= 3)) {
    throw new RangeError(`Razão barra larga/estreita inválida: ${ratio}; o ITF admite de 2 a 3.`);
  }
  const bars: ItfBar[] = [];
  let x = 0;
  for (const e of interleaved2of5(digits)) {
    const width = e.wide ? narrowWidth * ratio : narrowWidth;
    if (e.bar) bars.push({ x, width });
    x += width;
  }
  return { bars, totalWidth: x };
}
