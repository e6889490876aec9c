import { describe, expect, it } from 'vitest';
import { buildBarcode } from './boleto.rules.ts';
import {
  BOLETO_NARROW_BAR_MM,
  ITF_WIDE_TO_NARROW_RATIO,
  interleaved2of5,
  itfBars,
  itfPatternString,
} from './itf.rules.ts';

// Bars upper-case, spaces lower-case; N/n narrow, W/w wide.
const START = 'NnNn';
const STOP = 'WnN';

/** boletophp's fbarcode() table ("1" = wide), written out independently of the module's. */
const BOLETOPHP_TABLE = [
  '00110',
  '10001',
  '01001',
  '11000',
  '00101',
  '10100',
  '01100',
  '00011',
  '10010',
  '01010',
];

/** Reads the digits back from a pattern string, with the table above. */
function decode(pattern: string): string {
  expect(pattern.startsWith(START)).toBe(true);
  expect(pattern.endsWith(STOP)).toBe(true);
  const body = pattern.slice(START.length, pattern.length - STOP.length);
  let out = '';
  for (let i = 0; i < body.length; i += 10) {
    const chunk = body.slice(i, i + 10);
    const bars = [0, 2, 4, 6, 8].map((k) => (chunk[k] === 'W' ? '1' : '0')).join('');
    const spaces = [1, 3, 5, 7, 9].map((k) => (chunk[k] === 'w' ? '1' : '0')).join('');
    out += String(BOLETOPHP_TABLE.indexOf(bars)) + String(BOLETOPHP_TABLE.indexOf(spaces));
  }
  return out;
}

describe('interleaved2of5', () => {
  it('"12", by hand: 1 = wnnnw in the bars, 2 = nwnnw in the spaces', () => {
    expect(itfPatternString(interleaved2of5('12'))).toBe(`${START}WnNwNnNnWw${STOP}`);
  });

  it('"00": 0 = nnwwn in both', () => {
    expect(itfPatternString(interleaved2of5('00'))).toBe(`${START}NnNnWwWwNn${STOP}`);
  });

  it('"90": 9 = nwnwn bars, 0 = nnwwn spaces', () => {
    expect(itfPatternString(interleaved2of5('90'))).toBe(`${START}NnWnNwWwNn${STOP}`);
  });

  it('start is four narrow elements and stop is wide bar, narrow space, narrow bar', () => {
    const e = interleaved2of5('1234');
    expect(e.slice(0, 4)).toEqual([
      { bar: true, wide: false },
      { bar: false, wide: false },
      { bar: true, wide: false },
      { bar: false, wide: false },
    ]);
    expect(e.slice(-3)).toEqual([
      { bar: true, wide: true },
      { bar: false, wide: false },
      { bar: true, wide: false },
    ]);
  });

  it('every pair 00..99 decodes back with boletophp’s table, two wide elements of five per digit', () => {
    for (let n = 0; n < 100; n++) {
      const pair = String(n).padStart(2, '0');
      const pattern = itfPatternString(interleaved2of5(pair));
      expect(decode(pattern)).toBe(pair);
      const body = pattern.slice(4, 14);
      expect(body.replace(/[^W]/g, '')).toHaveLength(2);
      expect(body.replace(/[^w]/g, '')).toHaveLength(2);
    }
  });

  it('a boleto barcode: 44 digits -> 227 elements alternating bar/space, 114 bars', () => {
    const barcode = buildBarcode({
      bankCode: '237',
      dueDate: '2011-02-05',
      amountCents: 828000,
      campoLivre: '0278060000212552500392320',
    });
    const elements = interleaved2of5(barcode);
    expect(elements).toHaveLength(4 + 44 * 5 + 3);
    expect(elements.every((e, i) => e.bar === (i % 2 === 0))).toBe(true);
    expect(elements.filter((e) => e.bar)).toHaveLength(114);
    expect(decode(itfPatternString(elements))).toBe(barcode);
  });

  it.each([
    ['odd length', '123', 'Código de barras ITF inválido: o número de dígitos deve ser par; são 3.'],
    [
      'odd boleto-like length',
      '1'.repeat(43),
      'Código de barras ITF inválido: o número de dígitos deve ser par; são 43.',
    ],
    ['letters', '12a4', 'Código de barras ITF inválido "12a4": use só dígitos.'],
    ['empty', '', 'Código de barras ITF inválido "": use só dígitos.'],
  ])('refuses %s', (_label, digits, message) => {
    expect(() => interleaved2of5(digits)).toThrow(new RangeError(message));
  });
});

describe('itfBars', () => {
  it('lays out "12" with narrow 1 and ratio 3', () => {
    // N n N n | W n N w N n N n W w | W n N
    // x: 0 1 2 3 | 4(3) 7 8 9(3) 12 13 14 15 16(3) 19(3) | 22(3) 25 26 -> total 27
    expect(itfBars('12', 1)).toEqual({
      bars: [
        { x: 0, width: 1 },
        { x: 2, width: 1 },
        { x: 4, width: 3 },
        { x: 8, width: 1 },
        { x: 12, width: 1 },
        { x: 14, width: 1 },
        { x: 16, width: 3 },
        { x: 22, width: 3 },
        { x: 26, width: 1 },
      ],
      totalWidth: 27,
    });
  });

  it('a 44-digit boleto barcode is 405 narrow modules at 1:3 (≈103 mm at 0.254 mm), 316 at 1:2', () => {
    const digits = '2'.repeat(44);
    expect(ITF_WIDE_TO_NARROW_RATIO).toBe(3);
    expect(itfBars(digits, 1).totalWidth).toBe(405);
    expect(itfBars(digits, 1, 2).totalWidth).toBe(316);
    expect(itfBars(digits, BOLETO_NARROW_BAR_MM).totalWidth).toBeCloseTo(102.87, 6);
  });

  it('refuses nonsensical geometry', () => {
    expect(() => itfBars('12', 0)).toThrow('Largura da barra estreita inválida: 0.');
    expect(() => itfBars('12', Number.NaN)).toThrow(RangeError);
    expect(() => itfBars('12', 1, 1.5)).toThrow(
      'Razão barra larga/estreita inválida: 1.5; o ITF admite de 2 a 3.',
    );
  });
});
