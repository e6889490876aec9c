import { classifyDocument, type DocumentKind } from '../../platform/br-documents.ts';
import {
  type FieldResult,
  parseAmountToCents,
  parseDate,
  parseEmail,
  parseName,
  parsePercent,
  parsePhone,
  parseUf,
} from '../../platform/br-fields.ts';
import type { IsoDate } from '../../platform/dates.ts';

/** One problem with one cell (or the whole line when `column` is null), as the API reports it. */
export interface ImportLineError {
  line: number;
  column: string | null;
  value: string | null;
  message: string;
}

export const REQUIRED_COLUMNS = ['document', 'name', 'external_id', 'original_amount', 'due_date'] as const;
export const OPTIONAL_COLUMNS = [
  'birth_date',
  'email',
  'phone',
  'state',
  'city',
  'product',
  'fine_percent',
  'monthly_interest_percent',
  'fees_percent',
] as const;
export type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];
const KNOWN: readonly string[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];

/** A validated line, ready for the staging table. */
export interface StagedRow {
  line: number;
  document: string;
  documentKind: DocumentKind;
  name: string;
  birthDate: IsoDate | null;
  email: string | null;
  phone: string | null;
  state: string | null;
  city: string | null;
  externalId: string;
  product: string | null;
  amountCents: number;
  dueDate: IsoDate;
  finePercent: string | null;
  monthlyInterestPercent: string | null;
  feesPercent: string | null;
}

export interface HeaderMap {
  /** Position of each known column in a record. */
  index: Partial<Record<Column, number>>;
  width: number;
  warnings: string[];
}

export type HeaderResult = { ok: true; header: HeaderMap } | { ok: false; errors: ImportLineError[] };

/** Header names are matched case-insensitively, ignoring surrounding spaces. */
export function mapHeader(fields: readonly string[]): HeaderResult {
  const errors: ImportLineError[] = [];
  const warnings: string[] = [];
  const index: Partial<Record<Column, number>> = {};
  fields.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (!KNOWN.includes(name)) {
      warnings.push(`coluna "${raw.trim()}" ignorada: não faz parte do layout`);
      return;
    }
    if (index[name as Column] !== undefined) {
      errors.push({
        line: 1,
        column: name,
        value: raw,
        message: `coluna "${name}" aparece mais de uma vez no cabeçalho`,
      });
      return;
    }
    index[name as Column] = i;
  });
  for (const required of REQUIRED_COLUMNS) {
    if (index[required] === undefined) {
      errors.push({
        line: 1,
        column: required,
        value: null,
        message: `coluna obrigatória "${required}" ausente no cabeçalho`,
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, header: { index, width: fields.length, warnings } };
}

export type RowResult = { ok: true; row: StagedRow } | { ok: false; errors: ImportLineError[] };

const MAX_TEXT = { external_id: 100, product: 120, city: 100 } as const;

/**
 * Validates one data line. Collects every problem of the line (not just the first), so the
 * creditor fixes a file in one round.
 */
export function validateRow(
  fields: readonly string[],
  line: number,
  header: HeaderMap,
  today: IsoDate,
): RowResult {
  const errors: ImportLineError[] = [];
  if (fields.length !== header.width) {
    return {
      ok: false,
      errors: [
        {
          line,
          column: null,
          value: null,
          message: `a linha tem ${fields.length} coluna(s), mas o cabeçalho tem ${header.width}`,
        },
      ],
    };
  }
  const cell = (c: Column): string => {
    const i = header.index[c];
    return i === undefined ? '' : (fields[i] ?? '').trim();
  };
  const fail = (column: Column, value: string, message: string) =>
    errors.push({ line, column, value, message });
  const check = <T>(column: Column, result: FieldResult<T>): T | null => {
    if (result.ok) return result.value;
    fail(column, cell(column), result.message);
    return null;
  };
  const optional = <T>(column: Column, parse: (raw: string) => FieldResult<T>): T | null => {
    const raw = cell(column);
    return raw === '' ? null : check(column, parse(raw));
  };
  const text = (column: keyof typeof MAX_TEXT, required: boolean): string | null => {
    const raw = cell(column).replace(/\s+/g, ' ');
    if (raw === '') {
      if (required) fail(column, raw, 'campo obrigatório vazio');
      return null;
    }
    if (raw.length > MAX_TEXT[column]) fail(column, raw, `deve ter no máximo ${MAX_TEXT[column]} caracteres`);
    return raw;
  };

  for (const [i, value] of fields.entries()) {
    if (value.includes('\uFFFD')) {
      const column =
        (Object.entries(header.index).find(([, idx]) => idx === i)?.[0] as Column | undefined) ?? null;
      errors.push({
        line,
        column,
        value,
        message: 'caractere inválido: salve o arquivo em UTF-8 ou Windows-1252 sem misturar codificações',
      });
    }
  }

  const rawDocument = cell('document');
  const doc = classifyDocument(rawDocument);
  if (!doc.ok) fail('document', rawDocument, doc.message);
  const name = check('name', parseName(cell('name')));
  const externalId = text('external_id', true);
  const amountCents = check('original_amount', parseAmountToCents(cell('original_amount')));
  const dueDate = check('due_date', parseDate(cell('due_date')));
  const birthDate = optional('birth_date', parseDate);
  if (birthDate && birthDate > today) fail('birth_date', cell('birth_date'), 'data de nascimento no futuro');
  const email = optional('email', parseEmail);
  const phone = optional('phone', parsePhone);
  const state = optional('state', parseUf);
  const city = text('city', false);
  const product = text('product', false);
  const finePercent = optional('fine_percent', parsePercent);
  const monthlyInterestPercent = optional('monthly_interest_percent', parsePercent);
  const feesPercent = optional('fees_percent', parsePercent);

  if (errors.length > 0 || !doc.ok) return { ok: false, errors };
  return {
    ok: true,
    row: {
      line,
      document: doc.value,
      documentKind: doc.kind,
      name: name!,
      birthDate,
      email,
      phone,
      state,
      city,
      externalId: externalId!,
      product,
      amountCents: amountCents!,
      dueDate: dueDate!,
      finePercent,
      monthlyInterestPercent,
      feesPercent,
    },
  };
}

/** Column order of the staging table; `toStagingCsv` writes rows in this order. */
export const STAGING_COLUMNS = [
  'line',
  'document',
  'document_kind',
  'name',
  'birth_date',
  'email',
  'phone',
  'state',
  'city',
  'external_id',
  'product',
  'amount_cents',
  'due_date',
  'fine_percent',
  'monthly_interest_percent',
  'fees_percent',
] as const;

function csvText(value: string | null): string {
  // Unquoted empty = NULL in COPY csv; quoted strings keep commas, quotes and newlines intact.
  if (value === null) return '';
  return '"' + value.replaceAll('"', '""') + '"';
}

export function toStagingCsv(r: StagedRow): string {
  return (
    `${r.line},${r.document},${r.documentKind},${csvText(r.name)},${r.birthDate ?? ''},${csvText(r.email)},` +
    `${r.phone ?? ''},${r.state ?? ''},${csvText(r.city)},${csvText(r.externalId)},${csvText(r.product)},` +
    `${r.amountCents},${r.dueDate},${r.finePercent ?? ''},${r.monthlyInterestPercent ?? ''},${r.feesPercent ?? ''}\n`
  );
}
