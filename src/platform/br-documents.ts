/**
 * CPF and CNPJ: the Brazilian taxpayer identifiers of people and companies.
 *
 * Canonical form (what we store and compare) is the bare value: 11 digits for a CPF, 14 uppercase
 * characters for a CNPJ. Punctuation is display only (`formatDocument`).
 *
 * CNPJ is alphanumeric from July 2026 (Receita Federal, IN RFB nº 2.229/2024): the first 12
 * characters (raiz + ordem) may be [0-9A-Z]; the 2 check digits stay numeric. The check-digit rule
 * is the old mod-11 with each character valued as its ASCII code − 48, so '0'..'9' keep their
 * values and every existing numeric CNPJ validates unchanged.
 */

export type DocumentKind = 'cpf' | 'cnpj';

export type DocumentClassification =
  | { ok: true; kind: DocumentKind; value: string }
  | { ok: false; message: string };

const CPF_RE = /^\d{11}$/;
const CNPJ_RE = /^[0-9A-Z]{12}\d{2}$/;
const CNPJ_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

// Receita Federal weights for the CNPJ check digits (DV1 over 12 chars, DV2 over 12 chars + DV1).
const CNPJ_WEIGHTS_1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
const CNPJ_WEIGHTS_2 = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

/** Strips the usual punctuation (`.`, `-`, `/`) and whitespace; uppercases letters (alphanumeric CNPJ). */
export function normalizeDocument(raw: string): string {
  return raw.replace(/[.\-/\s]/g, '').toUpperCase();
}

function allSame(value: string): boolean {
  return value.length > 0 && [...value].every((c) => c === value[0]);
}

/** Mod-11 check digit shared by CPF and CNPJ: remainder < 2 → 0, otherwise 11 − remainder. */
function mod11CheckDigit(values: readonly number[], weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] ?? 0) * (weights[i] ?? 0);
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

// CPF weights: 10..2 for the first check digit over 9 digits, 11..2 for the second over 10.
const CPF_WEIGHTS_1 = [10, 9, 8, 7, 6, 5, 4, 3, 2];
const CPF_WEIGHTS_2 = [11, 10, 9, 8, 7, 6, 5, 4, 3, 2];

function cpfCheckDigits(base9: readonly number[]): [number, number] {
  const d1 = mod11CheckDigit(base9, CPF_WEIGHTS_1);
  const d2 = mod11CheckDigit([...base9, d1], CPF_WEIGHTS_2);
  return [d1, d2];
}

function cnpjCharValue(c: string): number {
  return c.charCodeAt(0) - 48;
}

function cnpjCheckDigits(base12: string): [number, number] {
  const values = [...base12].map(cnpjCharValue);
  const d1 = mod11CheckDigit(values, CNPJ_WEIGHTS_1);
  const d2 = mod11CheckDigit([...values, d1], CNPJ_WEIGHTS_2);
  return [d1, d2];
}

/**
 * Expects a normalized CPF (11 digits, no punctuation; see `normalizeDocument`). All-same-digit
 * values (000.000.000-00, 111.111.111-11, …) pass mod-11 but are not issued: rejected.
 */
export function validateCpf(digits: string): boolean {
  if (!CPF_RE.test(digits) || allSame(digits)) return false;
  const nums = [...digits].map(Number);
  const [d1, d2] = cpfCheckDigits(nums.slice(0, 9));
  return nums[9] === d1 && nums[10] === d2;
}

/**
 * Expects a normalized CNPJ (14 chars, uppercase, no punctuation; see `normalizeDocument`).
 * Accepts both numeric and alphanumeric CNPJs; all-same-character values are rejected.
 */
export function validateCnpj(value: string): boolean {
  if (!CNPJ_RE.test(value) || allSame(value)) return false;
  const [d1, d2] = cnpjCheckDigits(value.slice(0, 12));
  return value.slice(12) === `${d1}${d2}`;
}

/** Decides CPF vs CNPJ by length after normalization and explains, in pt-BR, why a value is rejected. */
export function classifyDocument(raw: string): DocumentClassification {
  const value = normalizeDocument(raw);
  if (value === '') return { ok: false, message: 'documento vazio' };
  if (!/^[0-9A-Z]+$/.test(value)) {
    return {
      ok: false,
      message: 'documento contém caracteres inválidos: use apenas números, letras (CNPJ), ".", "-" e "/"',
    };
  }
  if (value.length === 11) {
    if (!CPF_RE.test(value)) return { ok: false, message: 'CPF deve conter apenas dígitos' };
    if (allSame(value)) return { ok: false, message: 'CPF inválido: todos os dígitos são iguais' };
    if (!validateCpf(value)) return { ok: false, message: 'CPF com dígito verificador inválido' };
    return { ok: true, kind: 'cpf', value };
  }
  if (value.length === 14) {
    if (!CNPJ_RE.test(value)) {
      return { ok: false, message: 'CNPJ deve terminar com 2 dígitos verificadores numéricos' };
    }
    if (allSame(value)) return { ok: false, message: 'CNPJ inválido: todos os caracteres são iguais' };
    if (!validateCnpj(value)) return { ok: false, message: 'CNPJ com dígito verificador inválido' };
    return { ok: true, kind: 'cnpj', value };
  }
  return { ok: false, message: 'documento deve ter 11 dígitos (CPF) ou 14 caracteres (CNPJ)' };
}

/**
 * "52998224725" → "529.982.247-25"; "12ABC34501DE35" → "12.ABC.345/01DE-35". Input is normalized
 * first; a value of any other length is returned normalized but unmasked.
 */
/** "CPF 529.982.247-25" / "CNPJ 11.222.333/0001-81": how a document is named in letters and slips. */
export function labelledDocument(value: string): string {
  return `${normalizeDocument(value).length === 11 ? 'CPF' : 'CNPJ'} ${formatDocument(value)}`;
}

export function formatDocument(value: string): string {
  const v = normalizeDocument(value);
  if (v.length === 11) return `${v.slice(0, 3)}.${v.slice(3, 6)}.${v.slice(6, 9)}-${v.slice(9)}`;
  if (v.length === 14) {
    return `${v.slice(0, 2)}.${v.slice(2, 5)}.${v.slice(5, 8)}/${v.slice(8, 12)}-${v.slice(12)}`;
  }
  return v;
}

/** Index in [0, size) from `rand()` in [0, 1); clamped so a sloppy rand returning 1 stays in range. */
function pick(rand: () => number, size: number): number {
  return Math.min(size - 1, Math.max(0, Math.floor(rand() * size)));
}

/**
 * A valid CPF (11 digits) from a caller-supplied random source, so tests and demo data are
 * reproducible. If the 9 drawn digits are all equal the last one is bumped (instead of drawing
 * again) so a constant `rand` can never loop forever.
 */
export function generateCpf(rand: () => number): string {
  const base = Array.from({ length: 9 }, () => pick(rand, 10));
  if (base.every((d) => d === base[0])) base[8] = ((base[8] ?? 0) + 1) % 10;
  return [...base, ...cpfCheckDigits(base)].join('');
}

/**
 * A valid CNPJ (14 chars). Numeric by default (what every CNPJ issued before July 2026 looks like);
 * `{ alphanumeric: true }` draws the first 12 characters from [0-9A-Z].
 */
export function generateCnpj(rand: () => number, options: { alphanumeric?: boolean } = {}): string {
  const alphabet = options.alphanumeric ? CNPJ_ALPHABET : CNPJ_ALPHABET.slice(0, 10);
  const chars = Array.from({ length: 12 }, () => alphabet[pick(rand, alphabet.length)] ?? '0');
  if (chars.every((c) => c === chars[0])) {
    chars[11] = alphabet[(alphabet.indexOf(chars[11] ?? '0') + 1) % alphabet.length] ?? '0';
  }
  const base = chars.join('');
  return base + cnpjCheckDigits(base).join('');
}
