import { describe, expect, it } from 'vitest';
import {
  classifyDocument,
  formatDocument,
  generateCnpj,
  generateCpf,
  normalizeDocument,
  validateCnpj,
  validateCpf,
} from './br-documents.ts';
import { seededRandom as seeded } from './random.ts';

/** Every value obtained by replacing exactly one position with a different decimal digit. */
function singleDigitMutations(value: string, positions: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < positions; i++) {
    for (let d = 0; d < 10; d++) {
      if (value[i] === String(d)) continue;
      out.push(value.slice(0, i) + d + value.slice(i + 1));
    }
  }
  return out;
}

describe('normalizeDocument', () => {
  it('strips punctuation and spaces and uppercases letters', () => {
    expect(normalizeDocument(' 529.982.247-25 ')).toBe('52998224725');
    expect(normalizeDocument('12.abc.345/01de-35')).toBe('12ABC34501DE35');
    expect(normalizeDocument('11 222 333 0001 81')).toBe('11222333000181');
  });
});

describe('validateCpf', () => {
  it('accepts known valid CPFs', () => {
    expect(validateCpf('52998224725')).toBe(true);
    expect(validateCpf('11144477735')).toBe(true);
    expect(validateCpf('00000000191')).toBe(true);
  });

  it('rejects wrong check digits, wrong length, punctuation and repeated digits', () => {
    expect(validateCpf('52998224724')).toBe(false);
    expect(validateCpf('52998224715')).toBe(false);
    expect(validateCpf('5299822472')).toBe(false);
    expect(validateCpf('529982247250')).toBe(false);
    expect(validateCpf('529.982.247-25')).toBe(false);
    expect(validateCpf('5299822472A')).toBe(false);
    for (let d = 0; d <= 9; d++) expect(validateCpf(String(d).repeat(11))).toBe(false);
  });
});

describe('validateCnpj', () => {
  it('accepts known valid numeric and alphanumeric CNPJs', () => {
    expect(validateCnpj('11222333000181')).toBe(true);
    expect(validateCnpj('11444777000161')).toBe(true);
    // Example published by Receita Federal for the alphanumeric CNPJ (from July 2026).
    expect(validateCnpj('12ABC34501DE35')).toBe(true);
  });

  it('rejects wrong check digits, lowercase, letters in the check digits and repeated characters', () => {
    expect(validateCnpj('11222333000182')).toBe(false);
    expect(validateCnpj('12ABC34501DE36')).toBe(false);
    expect(validateCnpj('12ABC34501DF35')).toBe(false);
    expect(validateCnpj('12abc34501de35')).toBe(false);
    expect(validateCnpj('12ABC34501DE3A')).toBe(false);
    expect(validateCnpj('1122233300018')).toBe(false);
    expect(validateCnpj('11.222.333/0001-81')).toBe(false);
    expect(validateCnpj('00000000000000')).toBe(false);
    expect(validateCnpj('AAAAAAAAAAAAAA')).toBe(false);
  });
});

describe('classifyDocument', () => {
  it('classifies valid CPF and CNPJ, with or without punctuation', () => {
    expect(classifyDocument('529.982.247-25')).toEqual({ ok: true, kind: 'cpf', value: '52998224725' });
    expect(classifyDocument('52998224725')).toEqual({ ok: true, kind: 'cpf', value: '52998224725' });
    expect(classifyDocument('11.222.333/0001-81')).toEqual({
      ok: true,
      kind: 'cnpj',
      value: '11222333000181',
    });
    expect(classifyDocument(' 12.abc.345/01de-35 ')).toEqual({
      ok: true,
      kind: 'cnpj',
      value: '12ABC34501DE35',
    });
  });

  it('explains each rejection precisely', () => {
    expect(classifyDocument('')).toEqual({ ok: false, message: 'documento vazio' });
    expect(classifyDocument(' .-/ ')).toEqual({ ok: false, message: 'documento vazio' });
    expect(classifyDocument('529.982.247-24')).toEqual({
      ok: false,
      message: 'CPF com dígito verificador inválido',
    });
    expect(classifyDocument('11.222.333/0001-82')).toEqual({
      ok: false,
      message: 'CNPJ com dígito verificador inválido',
    });
    expect(classifyDocument('12345')).toEqual({
      ok: false,
      message: 'documento deve ter 11 dígitos (CPF) ou 14 caracteres (CNPJ)',
    });
    expect(classifyDocument('111.111.111-11')).toEqual({
      ok: false,
      message: 'CPF inválido: todos os dígitos são iguais',
    });
    expect(classifyDocument('00.000.000/0000-00')).toEqual({
      ok: false,
      message: 'CNPJ inválido: todos os caracteres são iguais',
    });
    expect(classifyDocument('5299822472A')).toEqual({ ok: false, message: 'CPF deve conter apenas dígitos' });
    expect(classifyDocument('12ABC34501DE3X')).toEqual({
      ok: false,
      message: 'CNPJ deve terminar com 2 dígitos verificadores numéricos',
    });
    const bad = classifyDocument('529*982*247*25');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toMatch(/^documento contém caracteres inválidos/);
  });
});

describe('formatDocument', () => {
  it('masks CPF and CNPJ (numeric and alphanumeric)', () => {
    expect(formatDocument('52998224725')).toBe('529.982.247-25');
    expect(formatDocument('11222333000181')).toBe('11.222.333/0001-81');
    expect(formatDocument('12ABC34501DE35')).toBe('12.ABC.345/01DE-35');
    expect(formatDocument('12.abc.345/01de-35')).toBe('12.ABC.345/01DE-35');
  });

  it('returns other lengths normalized but unmasked', () => {
    expect(formatDocument('12.345')).toBe('12345');
  });
});

describe('generateCpf / generateCnpj (property tests)', () => {
  const rand = seeded(20260701);
  const cpfs = Array.from({ length: 500 }, () => generateCpf(rand));
  const cnpjs = Array.from({ length: 500 }, () => generateCnpj(rand));
  const alphaCnpjs = Array.from({ length: 500 }, () => generateCnpj(rand, { alphanumeric: true }));

  it('generates valid documents that classify as their kind', () => {
    for (const cpf of cpfs) {
      expect(cpf).toMatch(/^\d{11}$/);
      expect(validateCpf(cpf)).toBe(true);
      expect(classifyDocument(formatDocument(cpf))).toEqual({ ok: true, kind: 'cpf', value: cpf });
    }
    for (const cnpj of [...cnpjs, ...alphaCnpjs]) {
      expect(cnpj).toMatch(/^[0-9A-Z]{12}\d{2}$/);
      expect(validateCnpj(cnpj)).toBe(true);
      expect(classifyDocument(formatDocument(cnpj))).toEqual({ ok: true, kind: 'cnpj', value: cnpj });
    }
    expect(cnpjs.every((c) => /^\d{14}$/.test(c))).toBe(true);
    expect(alphaCnpjs.some((c) => /[A-Z]/.test(c))).toBe(true);
  });

  it('is deterministic for the same random source', () => {
    expect(generateCpf(seeded(7))).toBe(generateCpf(seeded(7)));
    expect(generateCnpj(seeded(7), { alphanumeric: true })).toBe(
      generateCnpj(seeded(7), { alphanumeric: true }),
    );
  });

  it('never produces an all-same-digit document, even from a constant random source', () => {
    for (const r of [0, 0.5, 0.999999, 1]) {
      expect(validateCpf(generateCpf(() => r))).toBe(true);
      expect(validateCnpj(generateCnpj(() => r))).toBe(true);
      expect(validateCnpj(generateCnpj(() => r, { alphanumeric: true }))).toBe(true);
    }
  });

  it('rejects any change of a check digit', () => {
    const survivors = [
      ...cpfs.flatMap((cpf) =>
        singleDigitMutations(cpf, 11).filter((m) => m.slice(0, 9) === cpf.slice(0, 9) && validateCpf(m)),
      ),
      ...[...cnpjs, ...alphaCnpjs].flatMap((cnpj) =>
        singleDigitMutations(cnpj, 14).filter((m) => m.slice(0, 12) === cnpj.slice(0, 12) && validateCnpj(m)),
      ),
    ];
    expect(survivors).toEqual([]);
  });

  // Mod-11 maps remainders 0 and 1 both to check digit 0, so a substituted digit can go unnoticed
  // only when a check digit is 0. With both check digits non-zero, every single-digit change fails.
  it('rejects any single-digit change when both check digits are non-zero', () => {
    const cpfMutations = cpfs
      .filter((c) => !c.slice(9).includes('0'))
      .flatMap((c) => singleDigitMutations(c, 11));
    const cnpjMutations = cnpjs
      .filter((c) => !c.slice(12).includes('0'))
      .flatMap((c) => singleDigitMutations(c, 14));
    expect(cpfMutations.length + cnpjMutations.length).toBeGreaterThan(50_000);
    expect(cpfMutations.filter(validateCpf)).toEqual([]);
    expect(cnpjMutations.filter(validateCnpj)).toEqual([]);
  });

  it('documents the mod-11 blind spots (these are inherent to the official algorithm)', () => {
    // Both are valid CPFs: first digit 8 → 7 moves the DV1 remainder from 0 to 1, DV1 stays 0.
    expect(validateCpf('83138777902')).toBe(true);
    expect(validateCpf('73138777902')).toBe(true);
    // Alphanumeric CNPJ: '6' (value 6) and 'A' (value 65 − 48 = 17) differ by 11 ≡ 0 (mod 11), so
    // swapping one for the other keeps both check digits.
    expect(validateCnpj('61234567890120')).toBe(true);
    expect(validateCnpj('A1234567890120')).toBe(true);
  });
});
