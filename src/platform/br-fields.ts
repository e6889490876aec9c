import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { isIsoDate } from './dates.ts';

/**
 * Parsers for single values found in Brazilian CSV files (debtor and debt imports). Each one is
 * total: it never throws, and a rejection carries a pt-BR message saying what was expected, so the
 * import report can show it to the operator next to the line number.
 */
export type FieldResult<T> = { ok: true; value: T } | { ok: false; message: string };

function ok<T>(value: T): FieldResult<T> {
  return { ok: true, value };
}

function fail<T>(message: string): FieldResult<T> {
  return { ok: false, message };
}

// ---------------------------------------------------------------------------------------------
// Amounts
// ---------------------------------------------------------------------------------------------

/** R$ 999.999.999.999,99 in centavos: 14 digits, far below Number.MAX_SAFE_INTEGER (9 × 10^15). */
export const MAX_AMOUNT_CENTS = 99_999_999_999_999;

const AMOUNT_FORMAT_MESSAGE = 'valor inválido: use formatos como 1234,56, 1.234,56 ou R$ 1.234,56';

/**
 * Splits a separator-bearing amount into integer digits and decimal digits, or null when the
 * grouping is malformed. Disambiguation rules (CSV exports mix pt-BR "1.234,56" and en-US "1,234.56"):
 * - both `.` and `,` present: the last one is the decimal separator, the other groups thousands;
 * - one kind only, appearing once: 1–2 digits after it → decimal ("1234,5", "1234.56");
 *   exactly 3 digits after it and a valid leading group (1-3 digits, no leading zero) before it →
 *   thousands ("1.234" and "1,234" are both R$ 1.234,00). Money never has 3 decimal places, so such a
 *   value can only be grouping, which is how pt-BR spreadsheets write integers;
 * - one kind only, appearing more than once: thousands grouping ("1.234.567").
 */
function splitAmount(body: string): { int: string; frac: string } | { error: string } | null {
  const lastDot = body.lastIndexOf('.');
  const lastComma = body.lastIndexOf(',');
  if (lastDot === -1 && lastComma === -1) return { int: body, frac: '' };

  let decimalSep: string | null;
  let groupSep: string;
  if (lastDot !== -1 && lastComma !== -1) {
    decimalSep = lastDot > lastComma ? '.' : ',';
    groupSep = decimalSep === '.' ? ',' : '.';
  } else {
    const sep = lastDot !== -1 ? '.' : ',';
    const parts = body.split(sep);
    const tail = parts[parts.length - 1] ?? '';
    // "0,125" or "1234,567" cannot be thousands (a group's lead has 1-3 digits and no leading zero),
    // so they read as decimals and are rejected for having 3 places instead of silently becoming
    // R$ 125,00 or R$ 1.234.567,00.
    const head = parts[0] ?? '';
    if (parts.length === 2 && (tail.length !== 3 || !/^[1-9]\d{0,2}$/.test(head))) {
      decimalSep = sep;
      groupSep = sep === '.' ? ',' : '.';
    } else {
      decimalSep = null;
      groupSep = sep;
    }
  }

  let intPart = body;
  let frac = '';
  if (decimalSep !== null) {
    const at = body.lastIndexOf(decimalSep);
    intPart = body.slice(0, at);
    frac = body.slice(at + 1);
    if (intPart.includes(decimalSep)) return null;
    if (!/^\d+$/.test(frac)) return null;
    if (frac.length > 2) return { error: 'valor com mais de 2 casas decimais' };
  }
  if (intPart.includes(groupSep)) {
    const groupRe = groupSep === '.' ? /^[1-9]\d{0,2}(\.\d{3})+$/ : /^[1-9]\d{0,2}(,\d{3})+$/;
    if (!groupRe.test(intPart)) return null;
    intPart = intPart.split(groupSep).join('');
  }
  if (!/^\d+$/.test(intPart)) return null;
  return { int: intPart, frac };
}

/**
 * A monetary amount as integer centavos, parsed from the digits of the string (never through a
 * float, so "0,29" is exactly 29). Accepts an optional "R$" prefix; see `splitAmount` for
 * separators. Must be > 0 and ≤ R$ 999.999.999.999,99.
 */
export function parseAmountToCents(raw: string): FieldResult<number> {
  let s = raw.trim();
  if (s === '') return fail('valor vazio');
  // "-R$ 10,00", "R$ -10,00" and "-10,00" are all negative: pull the sign out around the currency.
  let negative = false;
  if (s.startsWith('-')) {
    negative = true;
    s = s.slice(1).trim();
  }
  s = s.replace(/^R\$\s*/i, '');
  if (s.startsWith('-')) {
    negative = true;
    s = s.slice(1).trim();
  }
  if (!/^[\d.,]+$/.test(s)) return fail(AMOUNT_FORMAT_MESSAGE);
  const split = splitAmount(s);
  if (split === null) return fail(AMOUNT_FORMAT_MESSAGE);
  if ('error' in split) return fail(split.error);
  const intDigits = split.int.replace(/^0+/, '');
  // Over 12 integer digits is above the maximum; checked on the string so Number() stays exact.
  if (intDigits.length > 12) return fail('valor acima do máximo de R$ 999.999.999.999,99');
  const cents = Number((intDigits || '0') + split.frac.padEnd(2, '0'));
  if (negative || cents === 0) return fail('valor deve ser maior que zero');
  return ok(cents);
}

// ---------------------------------------------------------------------------------------------
// Percent
// ---------------------------------------------------------------------------------------------

const PERCENT_FORMAT_MESSAGE = 'percentual inválido: use formatos como 2, 2,5 ou 2,5%';

/**
 * A percentage in [0, 100] as a canonical decimal string ("2,50%" → "2.5"), ready for decimal.js
 * (`percentToFraction`). Either `,` or `.` is the decimal separator; no thousands separator since
 * the value is at most 100. Up to 6 decimal places (monthly interest rates such as 0,033333%).
 */
export function parsePercent(raw: string): FieldResult<string> {
  let s = raw.trim();
  if (s === '') return fail('percentual vazio');
  s = s.replace(/\s*%$/, '');
  let negative = false;
  if (s.startsWith('-')) {
    negative = true;
    s = s.slice(1);
  }
  const m = /^(\d+)(?:[.,](\d+))?$/.exec(s);
  if (!m) return fail(PERCENT_FORMAT_MESSAGE);
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > 6) return fail('percentual com mais de 6 casas decimais');
  const int = (m[1] ?? '').replace(/^0+(?=\d)/, '');
  const isZero = /^0+$/.test(int) && frac === '';
  // Compared as strings/integers, not floats: anything with more than 3 integer digits is > 100.
  const intValue = int.length > 3 ? Number.POSITIVE_INFINITY : Number(int);
  if ((negative && !isZero) || intValue > 100 || (intValue === 100 && frac !== '')) {
    return fail('percentual deve estar entre 0 e 100');
  }
  return ok(frac === '' ? int : `${int}.${frac}`);
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

const DATE_FORMAT_MESSAGE = 'data inválida: use AAAA-MM-DD ou DD/MM/AAAA';
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

/**
 * ISO `YYYY-MM-DD` or pt-BR `DD/MM/YYYY` (day and month may have 1 digit) → ISO date. Never
 * `MM/DD/YYYY`: in a Brazilian file "03/05/2024" is 3 May. Two-digit years are rejected rather than
 * guessed. Years outside 1900..2100 are almost certainly typos (e.g. "0204" for 2024).
 */
export function parseDate(raw: string): FieldResult<string> {
  const s = raw.trim();
  if (s === '') return fail('data vazia');
  let iso: string;
  const isoMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const brMatch = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (isoMatch) {
    iso = s;
  } else if (brMatch) {
    const [day = '', month = '', year = ''] = brMatch.slice(1);
    iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  } else {
    return fail(DATE_FORMAT_MESSAGE);
  }
  if (!isIsoDate(iso)) return fail(`data inexistente no calendário: ${s}`);
  const year = Number(iso.slice(0, 4));
  if (year < MIN_YEAR || year > MAX_YEAR) {
    return fail(`data fora do intervalo: o ano deve estar entre ${MIN_YEAR} e ${MAX_YEAR}`);
  }
  return ok(iso);
}

// ---------------------------------------------------------------------------------------------
// Phone
// ---------------------------------------------------------------------------------------------

const PHONE_FORMAT_MESSAGE = 'telefone inválido: use DDD + número, como (11) 98765-4321 ou (11) 3456-7890';

// Only lines that reach a person. 0800/0300/4004 numbers are valid in the numbering plan but belong
// to companies' call centres, never to a debtor.
const PERSONAL_PHONE_TYPES = new Set(['MOBILE', 'FIXED_LINE', 'FIXED_LINE_OR_MOBILE']);

/**
 * A Brazilian phone number (mobile or landline) in E.164, e.g. "+5511987654321". Uses the "max"
 * metadata of libphonenumber-js, which checks the number against the Anatel numbering plan: the
 * default ("min") metadata only checks lengths and would accept pre-2016 8-digit mobiles such as
 * "(11) 8765-4321" and numbers without a DDD. `extract: false` requires the whole cell to be the
 * number instead of fishing one out of free text.
 */
export function parsePhone(raw: string): FieldResult<string> {
  const s = raw.trim();
  if (s === '') return fail('telefone vazio');
  const fast = fastBrazilianPhone(s);
  if (fast) return ok(fast);
  const phone = parsePhoneNumberFromString(s, { defaultCountry: 'BR', extract: false });
  if (!phone?.isValid()) {
    // Name the real cause when the shape is right and only the area code is wrong.
    const ddd = unknownDdd(s);
    return fail(
      ddd
        ? `telefone inválido: o DDD ${ddd} não existe (plano de numeração da Anatel)`
        : PHONE_FORMAT_MESSAGE,
    );
  }
  if (phone.country !== 'BR') return fail('telefone deve ser brasileiro (+55)');
  if (phone.ext) return fail('telefone com ramal não é aceito: informe apenas DDD + número');
  const type = phone.getType();
  if (type === undefined || !PERSONAL_PHONE_TYPES.has(type)) {
    return fail('telefone deve ser celular ou fixo (números 0800, 0300 e 4004 não são aceitos)');
  }
  return ok(phone.number);
}

// Area codes (DDD) in use, from Anatel's numbering plan; the same set libphonenumber encodes as
// (?:[14689][1-9]|2[12478]|3[1-578]|5[13-5]|7[13-579]).
const DDDS = new Set(
  (
    '11 12 13 14 15 16 17 18 19 21 22 24 27 28 31 32 33 34 35 37 38 41 42 43 44 45 46 47 48 49 ' +
    '51 53 54 55 61 62 63 64 65 66 67 68 69 71 73 74 75 77 79 81 82 83 84 85 86 87 88 89 ' +
    '91 92 93 94 95 96 97 98 99'
  ).split(' '),
);
const PHONE_CHARS_RE = /^\+?[\d\s().-]+$/;

/** The area code of a number shaped like DDD + 8 or 9 digits whose DDD is not in use; else null. */
function unknownDdd(s: string): string | null {
  if (!PHONE_CHARS_RE.test(s)) return null;
  let digits = s.replace(/\D/g, '');
  if ((s.startsWith('+') || digits.length >= 12) && digits.startsWith('55')) digits = digits.slice(2);
  if (digits.length !== 10 && digits.length !== 11) return null;
  const ddd = digits.slice(0, 2);
  return DDDS.has(ddd) ? null : ddd;
}

/**
 * The two everyday shapes, checked without libphonenumber (which costs ~14 µs a call, too slow for
 * million-line imports): DDD + 9 + 8 digits (mobile, Anatel since 2016) and DDD + [2-5] + 7 digits
 * (landline), optionally with +55. Anything else falls through to the full parser. A test checks
 * this path agrees with libphonenumber on every DDD.
 */
export function fastBrazilianPhone(s: string): string | null {
  if (!PHONE_CHARS_RE.test(s)) return null;
  let digits = s.replace(/\D/g, '');
  if (s.startsWith('+')) {
    if (!digits.startsWith('55')) return null;
    digits = digits.slice(2);
  } else if ((digits.length === 12 || digits.length === 13) && digits.startsWith('55')) {
    digits = digits.slice(2);
  }
  if (!DDDS.has(digits.slice(0, 2))) return null;
  const subscriber = digits.slice(2);
  const mobile = subscriber.length === 9 && subscriber[0] === '9';
  const landline = subscriber.length === 8 && subscriber[0]! >= '2' && subscriber[0]! <= '5';
  return mobile || landline ? `+55${digits}` : null;
}

// ---------------------------------------------------------------------------------------------
// E-mail
// ---------------------------------------------------------------------------------------------

const EMAIL_FORMAT_MESSAGE = 'e-mail inválido: use o formato nome@dominio.com.br';
// Pragmatic subset of RFC 5322 "dot-atom": no quoted local parts, no IP-literal domains.
const EMAIL_LOCAL_RE = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL_RE = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const TLD_RE = /^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * Trimmed e-mail with the domain lowercased (domains are case-insensitive, RFC 1035 §2.3.3; the local
 * part is kept as typed because RFC 5321 §2.4 lets the receiving server treat it case-sensitively).
 * At most 254 characters overall (RFC 5321 path limit) and 64 in the local part.
 */
export function parseEmail(raw: string): FieldResult<string> {
  const s = raw.trim();
  if (s === '') return fail('e-mail vazio');
  if (s.length > 254) return fail('e-mail deve ter no máximo 254 caracteres');
  const at = s.lastIndexOf('@');
  if (at <= 0) return fail(EMAIL_FORMAT_MESSAGE);
  const local = s.slice(0, at);
  const domain = s.slice(at + 1).toLowerCase();
  if (local.length > 64 || !EMAIL_LOCAL_RE.test(local)) return fail(EMAIL_FORMAT_MESSAGE);
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => DOMAIN_LABEL_RE.test(l))) return fail(EMAIL_FORMAT_MESSAGE);
  if (!TLD_RE.test(labels[labels.length - 1] ?? '')) return fail(EMAIL_FORMAT_MESSAGE);
  return ok(`${local}@${domain}`);
}

// ---------------------------------------------------------------------------------------------
// UF
// ---------------------------------------------------------------------------------------------

/** The 26 states and the Federal District (IBGE abbreviations), alphabetical. */
export const UFS = [
  'AC',
  'AL',
  'AM',
  'AP',
  'BA',
  'CE',
  'DF',
  'ES',
  'GO',
  'MA',
  'MG',
  'MS',
  'MT',
  'PA',
  'PB',
  'PE',
  'PI',
  'PR',
  'RJ',
  'RN',
  'RO',
  'RR',
  'RS',
  'SC',
  'SE',
  'SP',
  'TO',
] as const;
export type Uf = (typeof UFS)[number];

const UF_SET: ReadonlySet<string> = new Set(UFS);

export function parseUf(raw: string): FieldResult<Uf> {
  const s = raw.trim().toUpperCase();
  if (s === '') return fail('UF vazia');
  if (!UF_SET.has(s)) {
    return fail(`UF inválida: "${raw.trim()}"; use a sigla do estado com 2 letras, como 'SP'`);
  }
  return ok(s as Uf);
}

// ---------------------------------------------------------------------------------------------
// Name
// ---------------------------------------------------------------------------------------------

/**
 * A person's or company's name: trimmed, inner whitespace collapsed, NFC-normalized (files saved on
 * macOS may carry decomposed accents, and "José" must equal "José" when matching debtors).
 * 2..200 characters (code points) and at least one letter; digits are allowed for company names.
 */
export function parseName(raw: string): FieldResult<string> {
  const s = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (s === '') return fail('nome vazio');
  if (/\p{Cc}/u.test(s)) return fail('nome contém caracteres de controle');
  const length = [...s].length;
  if (length < 2 || length > 200) return fail('nome deve ter entre 2 e 200 caracteres');
  if (!/\p{L}/u.test(s)) return fail('nome deve conter ao menos uma letra');
  return ok(s);
}
