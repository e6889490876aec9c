import { addDays, daysBetween, formatDatePtBr, isIsoDate } from '../../platform/dates.ts';

/**
 * Boleto de cobrança (bank slip) numbers: the 44-digit barcode, the 47-digit linha digitável and the
 * due-date factor, independent of the issuing bank.
 *
 * Sources:
 * - FEBRABAN / Banco Central, Carta-Circular 2.926 (25/07/2000) and the "Especificações Técnicas para
 *   Confecção de Boleto de Cobrança" of the banks (BB "Especificações do Código de Barras", Bradesco
 *   "Boleto de Cobrança – Layout"): barcode layout, linha digitável fields, DV rules.
 * - FEBRABAN "Manual Operacional do Fator de Vencimento da Cobrança Bancária" (v01, 01/06/2012) and the
 *   FEBRABAN 2025 restart rule: factor 1000 = 03/07/2000, 9999 = 21/02/2025, and from 22/02/2025 the
 *   count restarts at 1000.
 * - FEBRABAN "Layout Padrão de Arrecadação/Recebimento com Utilização do Código de Barras": the leading
 *   '8' that marks guias de arrecadação (utilities, taxes), which are out of scope here.
 * Public implementations cross-checked: pyboleto (eduardocereto/pyboleto), OpenBoleto (PHP),
 * boleto_bancario (tomas-stefano, Ruby) and boleto-brasileiro-validator (npm, used in the tests).
 *
 * Barcode (44 digits, 1-based positions):
 *   1-3 bank code | 4 currency (9 = real) | 5 general DV (mod 11) | 6-9 due-date factor |
 *   10-19 amount in centavos | 20-44 campo livre (25 digits, bank-specific)
 * Linha digitável (47 digits): the same content reordered in 5 fields so that a person can type it,
 * with a mod-10 DV closing each of the first three fields:
 *   field 1: bank(3) currency(1) campoLivre[1-5] DV1       -> "AAABC.CCCCX"
 *   field 2: campoLivre[6-15] DV2                          -> "DDDDD.DDDDDY"
 *   field 3: campoLivre[16-25] DV3                         -> "EEEEE.EEEEEZ"
 *   field 4: the barcode's general DV                      -> "K"
 *   field 5: due-date factor(4) amount(10)                 -> "UUUUVVVVVVVVVV"
 */

export type BoletoError = { position: number; message: string };
export type BoletoResult<T> = { ok: true; value: T } | { ok: false; errors: BoletoError[] };

export const BARCODE_LENGTH = 44;
export const LINHA_DIGITAVEL_LENGTH = 47;
/** The amount field has 10 digits: R$ 99.999.999,99 is the largest amount a boleto can carry. */
export const MAX_BOLETO_AMOUNT_CENTS = 9_999_999_999;

/** Factor 0 is day 1997-10-07 (Carta-Circular 2.926); only 0000 ("no due date") is printed for it. */
const FACTOR_BASE_DATE = '1997-10-07';
/** Factor 1000. Every cycle of the FEBRABAN restart rule runs 1000..9999 and starts on such a day. */
export const FIRST_FACTOR_DATE = '2000-07-03';
/** 9999 - 1000 + 1 days per cycle: 2000-07-03..2025-02-21, 2025-02-22..2049-10-13, ... */
export const FACTOR_CYCLE_DAYS = 9000;

// ---------------------------------------------------------------------------------------------
// Check digits
// ---------------------------------------------------------------------------------------------

function assertDigits(digits: string, what: string): void {
  if (!/^\d+$/.test(digits)) throw new RangeError(`${what} deve conter só dígitos; recebido "${digits}".`);
}

/**
 * FEBRABAN módulo 10 (linha digitável fields): weights 2,1,2,1... from the right; a product above 9
 * counts as the sum of its digits; DV = 10 - (sum mod 10), and 0 when the remainder is 0.
 */
export function mod10(digits: string): number {
  assertDigits(digits, 'O número para o módulo 10');
  let sum = 0;
  let weight = 2;
  for (let i = digits.length - 1; i >= 0; i--) {
    const product = Number(digits[i]) * weight;
    sum += product > 9 ? product - 9 : product;
    weight = weight === 2 ? 1 : 2;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * Remainder of the weighted sum mod 11, weights 2..maxWeight repeating from the right. Shared by the
 * barcode DV (maxWeight 9), Banco do Brasil's nosso número (9) and Bradesco's nosso número (7).
 */
export function mod11Remainder(digits: string, maxWeight = 9): number {
  assertDigits(digits, 'O número para o módulo 11');
  let sum = 0;
  let weight = 2;
  for (let i = digits.length - 1; i >= 0; i--) {
    sum += Number(digits[i]) * weight;
    weight = weight === maxWeight ? 2 : weight + 1;
  }
  return sum % 11;
}

/**
 * General barcode DV (position 5), over the other 43 digits: 11 - (sum mod 11) with weights 2..9 from
 * the right; when that gives 0, 10 or 11 the DV is 1 (a barcode DV is never 0).
 */
export function mod11Barcode(digits: string): number {
  const dv = 11 - mod11Remainder(digits, 9);
  return dv === 0 || dv === 10 || dv === 11 ? 1 : dv;
}

// ---------------------------------------------------------------------------------------------
// Due-date factor
// ---------------------------------------------------------------------------------------------

/**
 * The 4-digit due-date factor. Factor 1000 is 2000-07-03; 9999 is 2025-02-21; from 2025-02-22 the
 * FEBRABAN rule restarts the count at 1000, so a factor is `1000 + (days since 2000-07-03) mod 9000`;
 * 9999 comes again on 2049-10-13 and the next restart on 2049-10-14.
 *
 * Dates before 2000-07-03 are refused: factors 0001-0999 only ever existed for 1997-2000, and issuing a
 * boleto due then is certainly a bug (a wrong year, an unparsed date). Boletos without a due date use
 * factor 0000, which `buildBarcode` writes for `dueDate: null`.
 */
export function dueDateFactor(dueDate: string): string {
  if (!isIsoDate(dueDate)) throw new RangeError(`Data de vencimento inválida "${dueDate}": use AAAA-MM-DD.`);
  const days = daysBetween(FIRST_FACTOR_DATE, dueDate);
  if (days < 0) {
    throw new RangeError(
      `Vencimento ${formatDatePtBr(dueDate)} anterior a 03/07/2000 (fator 1000): ` +
        'boletos com fator de vencimento só podem vencer a partir dessa data.',
    );
  }
  return String(1000 + (days % FACTOR_CYCLE_DAYS));
}

/**
 * The due date a factor stands for, or null for '0000' (boleto without a due date).
 *
 * Since the 2025 restart a factor names one day in every 9000-day cycle, so the reader must pick the
 * cycle; FEBRABAN leaves the choice to proximity. We take the date nearest to `referenceDate` (usually
 * today): the accepted window is from 4499 days before to 4500 days after the reference (about 12.3
 * years each way; an exact tie goes to the later cycle). Collection boletos older than that are long
 * prescribed, and none is issued for more than a decade ahead.
 *
 * Factors 0001-0999 predate the restart rule: they belong only to 1997-10-08..2000-07-02 and are
 * returned as such, whatever the reference.
 */
export function dueDateFromFactor(factor: string, referenceDate: string): string | null {
  if (!/^\d{4}$/.test(factor))
    throw new RangeError(`Fator de vencimento inválido "${factor}": use 4 dígitos.`);
  if (!isIsoDate(referenceDate)) {
    throw new RangeError(`Data de referência inválida "${referenceDate}": use AAAA-MM-DD.`);
  }
  const n = Number(factor);
  if (n === 0) return null;
  if (n < 1000) return addDays(FACTOR_BASE_DATE, n);
  const firstCycleDate = addDays(FIRST_FACTOR_DATE, n - 1000);
  const cycle = Math.max(0, Math.round(daysBetween(firstCycleDate, referenceDate) / FACTOR_CYCLE_DAYS));
  return addDays(firstCycleDate, cycle * FACTOR_CYCLE_DAYS);
}

// ---------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------

export type BarcodeInput = {
  /** Compe code of the issuing bank, 3 digits ('237', '001'). */
  bankCode: string;
  /** '9' = real, the only currency in use; kept as a parameter because the layout has the field. */
  currencyCode?: string;
  /** ISO date; null writes factor 0000 (no due date). */
  dueDate: string | null;
  /** Integer centavos, 0..9_999_999_999 (0 = amount filled in at payment). */
  amountCents: number;
  /** 25 digits, layout of the issuing bank (see boleto-banks.rules.ts). */
  campoLivre: string;
};

/** The 44-digit barcode; throws RangeError (pt-BR message) on malformed input. */
export function buildBarcode(input: BarcodeInput): string {
  const { bankCode, currencyCode = '9', dueDate, amountCents, campoLivre } = input;
  if (!/^\d{3}$/.test(bankCode))
    throw new RangeError(`Código do banco inválido "${bankCode}": use 3 dígitos.`);
  if (!/^\d$/.test(currencyCode))
    throw new RangeError(`Código da moeda inválido "${currencyCode}": use 1 dígito.`);
  if (!Number.isSafeInteger(amountCents) || amountCents < 0) {
    throw new RangeError(`Valor inválido: ${amountCents} centavos; use um inteiro não negativo.`);
  }
  if (amountCents > MAX_BOLETO_AMOUNT_CENTS) {
    throw new RangeError(
      `Valor de ${amountCents} centavos acima do máximo de um boleto (R$ 99.999.999,99, 10 dígitos).`,
    );
  }
  if (!/^\d{25}$/.test(campoLivre)) {
    throw new RangeError(`Campo livre inválido "${campoLivre}": deve ter 25 dígitos.`);
  }
  const factor = dueDate === null ? '0000' : dueDateFactor(dueDate);
  const amount = String(amountCents).padStart(10, '0');
  const withoutDv = bankCode + currencyCode + factor + amount + campoLivre;
  return withoutDv.slice(0, 4) + String(mod11Barcode(withoutDv)) + withoutDv.slice(4);
}

/** Barcode digits without the general DV at position 5: the input of the mod-11 check. */
function barcodeWithoutDv(barcode: string): string {
  return barcode.slice(0, 4) + barcode.slice(5);
}

function fieldWithDv(digits: string): string {
  return digits + String(mod10(digits));
}

/**
 * The linha digitável (47 digits, unformatted) for a barcode. A pure rearrangement: the barcode's own
 * general DV is copied, not checked (use `parseBoleto` to validate a barcode).
 */
export function barcodeToLinhaDigitavel(barcode: string): string {
  if (!/^\d{44}$/.test(barcode))
    throw new RangeError(`Código de barras inválido "${barcode}": use 44 dígitos.`);
  const field1 = fieldWithDv(barcode.slice(0, 4) + barcode.slice(19, 24));
  const field2 = fieldWithDv(barcode.slice(24, 34));
  const field3 = fieldWithDv(barcode.slice(34, 44));
  return field1 + field2 + field3 + barcode[4] + barcode.slice(5, 19);
}

const SEPARATORS_RE = /[\s.-]/g;

/**
 * The barcode behind a linha digitável (47 digits; dots, spaces and hyphens ignored). The field DVs
 * are dropped without being checked (use `parseBoleto` to validate a line).
 */
export function linhaDigitavelToBarcode(line: string): string {
  const digits = line.replace(SEPARATORS_RE, '');
  if (!/^\d{47}$/.test(digits)) throw new RangeError(`Linha digitável inválida "${line}": use 47 dígitos.`);
  return (
    digits.slice(0, 4) +
    digits[32] +
    digits.slice(33, 47) +
    digits.slice(4, 9) +
    digits.slice(10, 20) +
    digits.slice(21, 31)
  );
}

/** "23790.27804 60000.212559 25003.923205 4 48690000828000": the layout printed on the slip. */
export function formatLinhaDigitavel(line: string): string {
  const d = line.replace(SEPARATORS_RE, '');
  if (!/^\d{47}$/.test(d)) throw new RangeError(`Linha digitável inválida "${line}": use 47 dígitos.`);
  return (
    `${d.slice(0, 5)}.${d.slice(5, 10)} ${d.slice(10, 15)}.${d.slice(15, 21)} ` +
    `${d.slice(21, 26)}.${d.slice(26, 32)} ${d[32]} ${d.slice(33)}`
  );
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

export type ParsedBoleto = {
  /** Which representation the input was. */
  source: 'linhaDigitavel' | 'barcode';
  barcode: string;
  /** 47 digits, unformatted (see `formatLinhaDigitavel`). */
  linhaDigitavel: string;
  bankCode: string;
  currencyCode: string;
  dueDateFactor: string;
  /** null when the factor is 0000; otherwise resolved against the reference date. */
  dueDate: string | null;
  /** 0 means the amount is informed at payment. */
  amountCents: number;
  campoLivre: string;
};

/** 0-based digit indexes of the check digits in a linha digitável. */
const LINE_FIELDS = [
  { field: 1, from: 0, to: 9 },
  { field: 2, from: 10, to: 20 },
  { field: 3, from: 21, to: 31 },
] as const;
const LINE_GENERAL_DV_INDEX = 32;
const BARCODE_GENERAL_DV_INDEX = 4;
const CURRENCY_INDEX = 3;

const MAX_CHARACTER_ERRORS = 5;

/**
 * Validates a boleto de cobrança typed or scanned by a person: a linha digitável (47 digits) or a
 * barcode (44 digits), with or without dots, spaces and hyphens.
 *
 * Every error carries `position`: the 1-based position, in the input as given (separators included),
 * of the character at fault, or 0 when the fault is the input as a whole (empty, wrong length). All
 * check-digit failures are reported together, in position order, so the person sees every field to fix.
 */
export function parseBoleto(input: string, referenceDate: string): BoletoResult<ParsedBoleto> {
  if (!isIsoDate(referenceDate)) {
    throw new RangeError(`Data de referência inválida "${referenceDate}": use AAAA-MM-DD.`);
  }
  const digits: string[] = [];
  /** inputPosition[i] = 1-based position in `input` of digits[i]. */
  const inputPosition: number[] = [];
  const charErrors: BoletoError[] = [];
  Array.from(input).forEach((char, i) => {
    if (/\d/.test(char)) {
      digits.push(char);
      inputPosition.push(i + 1);
    } else if (!/[\s.-]/.test(char) && charErrors.length < MAX_CHARACTER_ERRORS) {
      charErrors.push({
        position: i + 1,
        message: `Caractere inválido "${char}" na posição ${i + 1}: use só dígitos (pontos e espaços são ignorados).`,
      });
    }
  });
  if (charErrors.length > 0) return { ok: false, errors: charErrors };

  const code = digits.join('');
  if (code.length === 0) {
    return {
      ok: false,
      errors: [
        {
          position: 0,
          message: 'Informe a linha digitável (47 dígitos) ou o código de barras (44 dígitos) do boleto.',
        },
      ],
    };
  }
  // FEBRABAN reserves a leading 8 for guias de arrecadação (48-digit line / 44-digit barcode); bank
  // codes never start with 8, so the two kinds cannot be confused.
  if (code[0] === '8' && (code.length === 48 || code.length === BARCODE_LENGTH)) {
    return {
      ok: false,
      errors: [
        {
          position: inputPosition[0] ?? 1,
          message:
            'Guia de arrecadação (conta de consumo ou tributo, iniciada por 8) não é suportada: ' +
            'informe a linha digitável de um boleto de cobrança bancária.',
        },
      ],
    };
  }
  if (code.length !== LINHA_DIGITAVEL_LENGTH && code.length !== BARCODE_LENGTH) {
    return {
      ok: false,
      errors: [
        {
          position: 0,
          message:
            `Foram informados ${code.length} dígitos: a linha digitável do boleto tem 47 dígitos ` +
            'e o código de barras, 44.',
        },
      ],
    };
  }

  const errors: BoletoError[] = [];
  const at = (digitIndex: number): number => inputPosition[digitIndex] ?? 0;
  const source = code.length === LINHA_DIGITAVEL_LENGTH ? 'linhaDigitavel' : 'barcode';
  let barcode: string;
  let generalDvIndex: number;
  if (source === 'linhaDigitavel') {
    for (const { field, from, to } of LINE_FIELDS) {
      const expected = mod10(code.slice(from, to));
      const informed = Number(code[to]);
      if (expected !== informed) {
        errors.push({
          position: at(to),
          message: `Dígito verificador do campo ${field} inválido: esperado ${expected}, informado ${informed}.`,
        });
      }
    }
    barcode = linhaDigitavelToBarcode(code);
    generalDvIndex = LINE_GENERAL_DV_INDEX;
  } else {
    barcode = code;
    generalDvIndex = BARCODE_GENERAL_DV_INDEX;
  }

  const currencyCode = barcode[CURRENCY_INDEX] as string;
  if (currencyCode !== '9') {
    errors.push({
      position: at(CURRENCY_INDEX),
      message: `Código da moeda ${currencyCode} não suportado: boletos em real usam o código 9.`,
    });
  }
  const expectedDv = mod11Barcode(barcodeWithoutDv(barcode));
  const informedDv = Number(barcode[BARCODE_GENERAL_DV_INDEX]);
  if (expectedDv !== informedDv) {
    errors.push({
      position: at(generalDvIndex),
      message: `Dígito verificador geral inválido: esperado ${expectedDv}, informado ${informedDv}.`,
    });
  }
  if (errors.length > 0) {
    return { ok: false, errors: errors.sort((a, b) => a.position - b.position) };
  }

  const factor = barcode.slice(5, 9);
  return {
    ok: true,
    value: {
      source,
      barcode,
      linhaDigitavel: source === 'linhaDigitavel' ? code : barcodeToLinhaDigitavel(barcode),
      bankCode: barcode.slice(0, 3),
      currencyCode,
      dueDateFactor: factor,
      dueDate: dueDateFromFactor(factor, referenceDate),
      amountCents: Number(barcode.slice(9, 19)),
      campoLivre: barcode.slice(19),
    },
  };
}
