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
import type { LineError } from '../../platform/line-error.ts';
import { PRODUCT_TYPES } from './product-type.rules.ts';

/** One problem with one cell (or the whole line when `column` is null), as the API reports it. */
export type ImportLineError = LineError;

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
  'product_type',
  'last_acknowledgment_date',
] as const;
/**
 * A percent cell may say the debt's contract has no such clause: `nao` (or `não`, `nao_previsto`,
 * `não previsto`). An empty cell means "the creditor's terms".
 */
const NOT_AGREED = new Set(['nao', 'não', 'nao_previsto', 'não previsto', 'nao previsto', 'não_previsto']);
export type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

/**
 * Portuguese headers that spreadsheets exported by creditors commonly use, accepted as the layout's
 * names. Compared after `headerKey` (lower case, no accents, punctuation and spacing folded).
 */
export const COLUMN_ALIASES: Record<Column, readonly string[]> = {
  document: ['cpf', 'cnpj', 'cpf/cnpj', 'cpf ou cnpj', 'cpf cnpj', 'cnpj/cpf', 'documento', 'doc'],
  name: ['nome', 'nome completo', 'nome do devedor', 'devedor', 'cliente', 'nome do cliente', 'razao social'],
  external_id: [
    'contrato',
    'numero do contrato',
    'n do contrato',
    'no contrato',
    'n contrato',
    'num contrato',
    'codigo do contrato',
    'id externo',
  ],
  original_amount: ['valor', 'valor original', 'valor da divida', 'valor do debito', 'valor principal'],
  due_date: ['vencimento', 'data de vencimento', 'data do vencimento', 'data vencimento', 'dt vencimento'],
  birth_date: ['nascimento', 'data de nascimento', 'data nascimento', 'dt nascimento'],
  email: ['e-mail', 'e mail', 'correio eletronico'],
  phone: [
    'telefone',
    'celular',
    'fone',
    'tel',
    'telefone celular',
    'telefone/celular',
    'celular/telefone',
    'telefone ou celular',
    'fone/cel',
    'whatsapp',
  ],
  state: ['uf', 'estado'],
  city: ['cidade', 'municipio'],
  product: ['produto'],
  product_type: ['tipo da divida', 'tipo de divida'],
  last_acknowledgment_date: ['ultimo pagamento', 'data do ultimo pagamento', 'ultimo reconhecimento'],
  fine_percent: ['multa', 'multa %', 'percentual de multa'],
  monthly_interest_percent: ['juros', 'juros ao mes', 'juros a.m.', 'juros mensais', 'juros %'],
  fees_percent: ['honorarios', 'honorarios %'],
};

/** Header text → comparison key: lower case, accents removed, `_`/`-`/`º`/`.` and spaces folded. */
export function headerKey(raw: string): string {
  return raw
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[º°ª]/g, '')
    .replace(/[_\s]+/g, ' ')
    .trim();
}

const COLUMN_BY_KEY = new Map<string, Column>();
for (const column of [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]) {
  COLUMN_BY_KEY.set(headerKey(column), column);
  for (const alias of COLUMN_ALIASES[column]) COLUMN_BY_KEY.set(headerKey(alias), column);
}

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
  /** The debt's contract has no fine / no interest clause (overrides the creditor's terms). */
  fineNotAgreed: boolean;
  interestNotAgreed: boolean;
  productType: string | null;
  /** Last acknowledgment (partial payment) the creditor knows of: interrupts prescription once. */
  acknowledgedOn: IsoDate | null;
}

export interface HeaderMap {
  /** Position of each known column in a record. */
  index: Partial<Record<Column, number>>;
  /** The header text the file used for each column (for messages that quote the creditor's names). */
  names?: Partial<Record<Column, string>>;
  width: number;
  warnings: string[];
}

export type HeaderResult = { ok: true; header: HeaderMap } | { ok: false; errors: ImportLineError[] };

/**
 * Header names are matched case-insensitively, ignoring accents, spaces and underscores; the layout's
 * names and their common Portuguese aliases (CPF/CNPJ, Nome, Contrato, Valor, Vencimento…) are
 * accepted. The same layout name twice is an error; a second alias of a column already found
 * (e.g. "Telefone" and "Celular") is ignored with a warning.
 */
export function mapHeader(fields: readonly string[], line = 1): HeaderResult {
  const errors: ImportLineError[] = [];
  const warnings: string[] = [];
  const index: Partial<Record<Column, number>> = {};
  const names: Partial<Record<Column, string>> = {};
  fields.forEach((raw, i) => {
    const text = raw.trim();
    const column = COLUMN_BY_KEY.get(headerKey(text));
    if (column === undefined) {
      warnings.push(`coluna "${text}" ignorada: não faz parte do layout`);
      return;
    }
    if (index[column] !== undefined) {
      if (headerKey(text) === headerKey(names[column] ?? '')) {
        errors.push({
          line,
          column,
          value: raw,
          message: `coluna "${text}" aparece mais de uma vez no cabeçalho`,
        });
      } else {
        warnings.push(`coluna "${text}" ignorada: "${names[column]}" já é usada como ${column}`);
      }
      return;
    }
    index[column] = i;
    names[column] = text;
  });
  const found = quotedHeader(fields);
  for (const required of REQUIRED_COLUMNS) {
    if (index[required] === undefined) {
      const accepted = [required, ...COLUMN_ALIASES[required].slice(0, 4)].map((n) => `"${n}"`).join(', ');
      errors.push({
        line,
        column: required,
        value: null,
        message:
          `coluna obrigatória "${required}" ausente no cabeçalho (nomes aceitos: ${accepted}…). ` +
          `Cabeçalho encontrado: ${found}`,
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, header: { index, names, width: fields.length, warnings } };
}

/** The header as found, for messages: control characters shown as "?", at most 200 characters. */
function quotedHeader(fields: readonly string[]): string {
  const text = fields.map((f) => `"${f.trim()}"`).join(', ');
  const printable = text.replace(/[\u0000-\u001F\u007F-\u009F\uFFFD]/g, '?');
  return printable.length > 200 ? `${printable.slice(0, 200)}…` : printable;
}

/**
 * U+FFFD (a byte that did not decode) or a control character (Windows-1252's undefined bytes 0x81,
 * 0x8D, 0x8F, 0x90 and 0x9D decode to C1 controls): the file is corrupt or in another encoding.
 */
const INVALID_CHARS = /[\uFFFD\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/**
 * A valid line may still carry warnings: an invalid optional contact (phone or e-mail) is dropped
 * and reported with its line, column and reason — the debt itself is kept.
 */
export type RowResult =
  | { ok: true; row: StagedRow; warnings: ImportLineError[] }
  | { ok: false; errors: ImportLineError[] };

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
  if (fields.length !== header.width) {
    const message = `a linha tem ${fields.length} coluna(s), mas o cabeçalho tem ${header.width}`;
    return { ok: false, errors: [{ line, column: null, value: null, message }] };
  }
  const r = new RowCheck(fields, line, header);
  for (let i = 0; i < fields.length; i++) {
    const value = fields[i]!;
    if (INVALID_CHARS.test(value)) {
      const column =
        (Object.entries(header.index).find(([, idx]) => idx === i)?.[0] as Column | undefined) ?? null;
      r.errors.push({
        line,
        column,
        value,
        message: 'caractere inválido: salve o arquivo em UTF-8 ou Windows-1252 sem misturar codificações',
      });
    }
  }

  const rawDocument = r.cell('document');
  const doc = classifyDocument(rawDocument);
  if (!doc.ok) r.fail('document', rawDocument, doc.message);
  const name = r.check('name', parseName(r.cell('name')));
  const externalId = r.text('external_id', true);
  const amountCents = r.check('original_amount', parseAmountToCents(r.cell('original_amount')));
  const dueDate = r.check('due_date', parseDate(r.cell('due_date')));
  const birthDate = r.optional('birth_date', parseDate);
  if (birthDate && birthDate > today)
    r.fail('birth_date', r.cell('birth_date'), 'data de nascimento no futuro');
  const email = r.contact('email', parseEmail);
  const phone = r.contact('phone', parsePhone);
  const state = r.optional('state', parseUf);
  const city = r.text('city', false);
  const product = r.text('product', false);
  const fineNotAgreed = NOT_AGREED.has(r.cell('fine_percent').toLowerCase());
  const interestNotAgreed = NOT_AGREED.has(r.cell('monthly_interest_percent').toLowerCase());
  const finePercent = fineNotAgreed ? null : r.optional('fine_percent', parsePercent);
  const monthlyInterestPercent = interestNotAgreed
    ? null
    : r.optional('monthly_interest_percent', parsePercent);
  // A rate above 1% a month is kept as the contract says: the balance caps moratory interest at 1%
  // (STJ Súmula 379) and its line says so.
  const feesPercent = r.optional('fees_percent', parsePercent);
  const rawType = r.cell('product_type').toLowerCase();
  const productType =
    rawType === '' ? null : (PRODUCT_TYPES as readonly string[]).includes(rawType) ? rawType : null;
  if (rawType !== '' && productType === null)
    r.fail(
      'product_type',
      r.cell('product_type'),
      `tipo de produto inválido: use ${PRODUCT_TYPES.join(', ')}`,
    );
  const acknowledgedOn = r.optional('last_acknowledgment_date', parseDate);
  if (acknowledgedOn && acknowledgedOn > today)
    r.fail('last_acknowledgment_date', r.cell('last_acknowledgment_date'), 'data no futuro');
  else if (acknowledgedOn && dueDate && acknowledgedOn < dueDate)
    r.fail(
      'last_acknowledgment_date',
      r.cell('last_acknowledgment_date'),
      'data anterior ao vencimento: um pagamento parcial só interrompe a prescrição depois de vencida a dívida',
    );

  if (r.errors.length > 0 || !doc.ok) return { ok: false, errors: r.errors };
  return {
    ok: true,
    warnings: r.warnings,
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
      fineNotAgreed,
      interestNotAgreed,
      productType,
      acknowledgedOn,
    },
  };
}

/**
 * One line being checked. A class rather than closures inside `validateRow`: this runs a million
 * times per large file, and per-call closures cost allocations (and tsx's name wrappers) each time.
 */
class RowCheck {
  readonly errors: ImportLineError[] = [];
  readonly warnings: ImportLineError[] = [];

  constructor(
    private readonly fields: readonly string[],
    private readonly line: number,
    private readonly header: HeaderMap,
  ) {}

  cell(column: Column): string {
    const i = this.header.index[column];
    return i === undefined ? '' : (this.fields[i] ?? '').trim();
  }

  fail(column: Column, value: string, message: string): void {
    this.errors.push({ line: this.line, column, value, message });
  }

  check<T>(column: Column, result: FieldResult<T>): T | null {
    if (result.ok) return result.value;
    this.fail(column, this.cell(column), result.message);
    return null;
  }

  optional<T>(column: Column, parse: (raw: string) => FieldResult<T>): T | null {
    const raw = this.cell(column);
    return raw === '' ? null : this.check(column, parse(raw));
  }

  /** An optional contact: invalid → null plus a warning naming the cause; the line stays valid. */
  contact<T>(column: Column, parse: (raw: string) => FieldResult<T>): T | null {
    const raw = this.cell(column);
    if (raw === '') return null;
    const result = parse(raw);
    if (result.ok) return result.value;
    this.warnings.push({
      line: this.line,
      column,
      value: raw,
      message: `${result.message} — contato descartado; a dívida foi importada sem ele`,
    });
    return null;
  }

  text(column: keyof typeof MAX_TEXT, required: boolean): string | null {
    const raw = this.cell(column).replace(/\s+/g, ' ');
    if (raw === '') {
      if (required) this.fail(column, raw, 'campo obrigatório vazio');
      return null;
    }
    if (raw.length > MAX_TEXT[column])
      this.fail(column, raw, `deve ter no máximo ${MAX_TEXT[column]} caracteres`);
    return raw;
  }
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
  'debt_id',
  'debtor_id',
  'fine_not_agreed',
  'interest_not_agreed',
  'product_type',
  'acknowledged_on',
] as const;

/** Ids for the rows a line may create (used only when the debt or the debtor is new). */
export interface StagedIds {
  debtId: string;
  debtorId: string;
}

function csvText(value: string | null): string {
  // Unquoted empty = NULL in COPY csv; quoted strings keep commas, quotes and newlines intact.
  if (value === null) return '';
  return '"' + value.replaceAll('"', '""') + '"';
}

export function toStagingCsv(r: StagedRow, ids: StagedIds): string {
  return (
    `${r.line},${r.document},${r.documentKind},${csvText(r.name)},${r.birthDate ?? ''},${csvText(r.email)},` +
    `${r.phone ?? ''},${r.state ?? ''},${csvText(r.city)},${csvText(r.externalId)},${csvText(r.product)},` +
    `${r.amountCents},${r.dueDate},${r.finePercent ?? ''},${r.monthlyInterestPercent ?? ''},${r.feesPercent ?? ''},` +
    `${ids.debtId},${ids.debtorId},${r.fineNotAgreed},${r.interestNotAgreed},${r.productType ?? ''},${r.acknowledgedOn ?? ''}\n`
  );
}
