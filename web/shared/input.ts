/**
 * What people type in the portal, read the forgiving way (portal-ux.md §4): masks format and never
 * block, so every parser accepts digits with any usual punctuation or spaces, strips them, and
 * answers with the value or ONE pt-BR message that says what to do. Messages are the guide's
 * microcopy; the order of checks is missing → impossible → out of range. Pure: "today" is an input.
 */
import { formatDocument, normalizeDocument, validateCnpj, validateCpf } from '../../src/platform/format.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** CPF (or a company's CNPJ, numeric or alphanumeric) → its bare canonical value. */
export function parseDocument(raw: string): Parsed<{ kind: 'cpf' | 'cnpj'; value: string }> {
  const v = normalizeDocument(raw.replace(/[_,]/g, ''));
  if (v === '') return fail('Digite seu CPF');
  if (/^\d+$/.test(v) && v.length < 11) return fail('O CPF tem 11 números');
  if (/^\d+$/.test(v) && v.length > 11 && v.length !== 14) return fail('O CPF tem 11 números');
  if (v.length === 11) {
    return validateCpf(v)
      ? ok({ kind: 'cpf', value: v })
      : fail('Confira o CPF: os números não formam um CPF válido');
  }
  if (v.length === 14) {
    return validateCnpj(v)
      ? ok({ kind: 'cnpj', value: v })
      : fail('Confira o CNPJ: os números não formam um CNPJ válido');
  }
  return fail('Confira o CPF: use só números, pontos e traço');
}

/**
 * Shown in the field after leaving it, when it has a whole CPF's or CNPJ's length: "529.982.247-25"
 * (also when a check digit is wrong: the person sees the number grouped, the error says what to fix).
 */
export function displayDocument(raw: string): string {
  const v = normalizeDocument(raw);
  return /^\d{11}$/.test(v) || /^[0-9A-Z]{12}\d{2}$/.test(v) ? formatDocument(v) : raw;
}

const MONTH_NAMES = [
  'janeiro',
  'fevereiro',
  'março',
  'abril',
  'maio',
  'junho',
  'julho',
  'agosto',
  'setembro',
  'outubro',
  'novembro',
  'dezembro',
];

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * A birth date typed as one field: "27/03/1985", "27031985", "27/3/1985", "27-03-1985", "27 3 1985"
 * → "1985-03-27". `today` is São Paulo's date (YYYY-MM-DD), given by the caller.
 */
export function parseBirthDate(raw: string, today: string): Parsed<string> {
  const s = raw.trim();
  if (s === '') return fail('Digite sua data de nascimento');
  let day: string;
  let month: string;
  let year: string;
  const parts = s.split(/[\s/.-]+/).filter(Boolean);
  if (parts.length === 1 && /^\d{8}$/.test(parts[0]!)) {
    const d = parts[0]!;
    [day, month, year] = [d.slice(0, 2), d.slice(2, 4), d.slice(4)];
  } else if (parts.length === 3 && parts.every((p) => /^\d+$/.test(p))) {
    [day, month, year] = parts as [string, string, string];
  } else if (parts.every((p) => /^\d+$/.test(p))) {
    return fail('A data precisa ter dia, mês e ano');
  } else {
    return fail('Use só números, como 27/03/1985');
  }
  if (year.length !== 4) return fail('O ano precisa ter 4 números');
  const m = Number(month);
  const d = Number(day);
  const y = Number(year);
  if (m < 1 || m > 12) return fail('O mês vai de 1 a 12');
  if (d < 1 || d > daysInMonth(y, m)) {
    return fail(`O dia precisa ser de 1 a ${daysInMonth(y, m)} em ${MONTH_NAMES[m - 1]}`);
  }
  const iso = `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (iso >= today) return fail('A data de nascimento precisa ser no passado');
  if (y < 1900) return fail('Confira o ano: ele precisa ser depois de 1900');
  return ok(iso);
}

/**
 * Whole reais for the budget and income: "R$ 1.500", "1500", "1.500,00", "1 500" → centavos.
 * A dot is always the thousands separator (pt-BR); centavos other than ",00" are dropped with the
 * amount rounded down, since these fields ask for a rough monthly figure. Empty → null (optional).
 */
export function parseWholeReais(raw: string): Parsed<number | null> {
  let s = raw.trim().replace(/^R\$\s*/i, '');
  if (s === '') return ok(null);
  s = s.replace(/\s/g, '');
  const m = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/.exec(s);
  if (!m) return fail('Digite só o valor em reais, como 300 ou 1.500');
  const reais = Number(m[1]!.replace(/\./g, ''));
  if (!Number.isSafeInteger(reais) || reais > 10_000_000)
    return fail('Confira o valor: ele parece alto demais');
  return ok(reais * 100);
}

/** Money with centavos for a counter-proposal ("150", "150,50", "R$ 1.234,56") → centavos. */
export function parseMoney(raw: string): Parsed<number | null> {
  let s = raw.trim().replace(/^R\$\s*/i, '');
  if (s === '') return ok(null);
  s = s.replace(/\s/g, '');
  const m = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/.exec(s);
  if (!m) return fail('Digite o valor em reais, como 150 ou 150,50');
  const cents = Number(m[1]!.replace(/\./g, '')) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
  if (!Number.isSafeInteger(cents) || cents > 1_000_000_000)
    return fail('Confira o valor: ele parece alto demais');
  return ok(cents);
}

/** The 6-digit one-time code; spaces and hyphens are ignored so a pasted "123 456" works. */
export function parseCode(raw: string): Parsed<string> {
  const s = raw.replace(/[\s-]/g, '');
  if (s === '') return fail('Digite o código de 6 números');
  if (!/^\d{6}$/.test(s)) return fail('O código tem 6 números');
  return ok(s);
}

/** A whole number within bounds (number of installments). */
export function parseCount(raw: string, min: number, max: number, what: string): Parsed<number> {
  const s = raw.trim();
  if (s === '') return fail(`Digite o número de ${what}`);
  if (!/^\d+$/.test(s)) return fail(`Use só números para o número de ${what}`);
  const n = Number(s);
  if (n < min || n > max) return fail(`O número de ${what} vai de ${min} a ${max}`);
  return ok(n);
}

/** A phone for a callback: 10 or 11 digits with DDD, "(11) 91234-5678". */
export function parsePhone(raw: string): Parsed<string> {
  let d = raw.replace(/\D/g, '');
  if (d === '') return fail('Digite o telefone com DDD');
  if (d.length > 11 && d.startsWith('55')) d = d.slice(2);
  if (d.length < 10 || d.length > 11)
    return fail('O telefone tem DDD e 8 ou 9 números, como (11) 91234-5678');
  return ok(d);
}
