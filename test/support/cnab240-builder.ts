import {
  CNAB240_RECORD_LENGTH,
  COMMON,
  FILE_HEADER,
  FILE_HEADER_LOT,
  FILE_TRAILER,
  FILE_TRAILER_LOT,
  type FieldSpec,
  LOT_HEADER,
  LOT_TRAILER,
  MAX_DETAILS_PER_LOT,
  OPERATION_RETORNO,
  RECORD,
  RETORNO,
  SEGMENT_T,
  SEGMENT_U,
  SERVICE_COBRANCA,
  width,
} from '../../src/modules/payments/cnab240.layout.ts';
import { isIsoDate } from '../../src/platform/dates.ts';

/**
 * Writes a CNAB 240 retorno de cobrança from entries, with the same layout table the parser reads:
 * test support (integration tests post what a bank would send), not part of the product — Trato
 * only reads return files.
 */

export interface CnabReturnBuildEntry {
  nossoNumero: string;
  documentNumber?: string;
  dueDate?: string | null;
  titleAmountCents: number;
  amountPaidCents: number;
  /** Default '06' (liquidação). */
  movementCode?: string;
  occurrenceDate: string;
  /** Null/absent → zeros (no credit, e.g. '02' entrada confirmada). */
  creditDate?: string | null;
  payerName?: string;
  /** CPF (11 digits) or CNPJ (14 characters); punctuation is ignored. */
  payerDocument?: string;
  feeCents?: number;
  interestPenaltyCents?: number;
  discountCents?: number;
  rebateCents?: number;
  /** Default amountPaidCents − feeCents. */
  netCreditCents?: number;
  /** Up to five 2-character motivos (T 214-223). */
  reasonCodes?: string[];
}

export interface CnabReturnBuildInput {
  bankCode: string;
  /** Default: the bank's usual name for a few known codes, else "BANCO <code>". */
  bankName?: string;
  companyName: string;
  /** CNPJ, 14 characters (punctuation ignored). */
  companyDocument: string;
  /** Up to 5 digits, optionally "-DV" (e.g. "1234-5"). */
  agency: string;
  /** Up to 12 digits, optionally "-DV". */
  account: string;
  /** Código do convênio (up to 20 digits); default zeros. */
  agreementCode?: string;
  fileSequence: number;
  generatedAt: string;
  /** Split the entries into lots of this many T/U pairs; default one lot. */
  entriesPerLot?: number;
  entries: CnabReturnBuildEntry[];
}

const BANK_NAMES: Readonly<Record<string, string>> = {
  '001': 'BANCO DO BRASIL S.A.',
  '033': 'BANCO SANTANDER',
  '104': 'CAIXA ECONOMICA FEDERAL',
  '237': 'BRADESCO',
  '341': 'BANCO ITAU SA',
  '748': 'SICREDI',
  '756': 'SICOOB',
};

/** Bradesco's layout versions (arquivo '084', lote '042') and density, as in its CNAB 240 remessa. */
const BUILD_FILE_LAYOUT_VERSION = '084';
const BUILD_LOT_LAYOUT_VERSION = '042';
const BUILD_DENSITY = '01600';

function buildError(message: string): never {
  throw new RangeError(`buildCnab240Return: ${message}`);
}

/** Alphanumeric fields: uppercase, no accents, printable ASCII only (FEBRABAN "campos alfanuméricos"). */
function toCnabText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^\x20-\x7e]/g, ' ');
}

class RecordWriter {
  private readonly chars: string[] = new Array<string>(CNAB240_RECORD_LENGTH).fill(' ');

  /** Left-aligned, space-padded. Names may be truncated; identifiers must fit. */
  alpha(s: FieldSpec, value: string, options: { truncate?: boolean } = {}): this {
    let v = toCnabText(value);
    if (v.length > width(s)) {
      if (!options.truncate) buildError(`${s.key} "${value}" excede ${width(s)} caracteres.`);
      v = v.slice(0, width(s));
    }
    return this.put(s, v.padEnd(width(s), ' '));
  }

  /** Right-aligned, zero-padded. */
  num(s: FieldSpec, value: number | string): this {
    const v = typeof value === 'number' ? numberText(value, s.key) : value;
    if (!/^\d*$/.test(v)) buildError(`${s.key} "${v}" deve conter apenas dígitos.`);
    if (v.length > width(s)) buildError(`${s.key} "${v}" excede ${width(s)} dígitos.`);
    return this.put(s, v.padStart(width(s), '0'));
  }

  /** DDMMAAAA, or zeros when absent. */
  date(s: FieldSpec, iso: string | null | undefined): this {
    if (iso === null || iso === undefined) return this.put(s, '0'.repeat(width(s)));
    if (!isIsoDate(iso)) buildError(`${s.key} "${iso}" não é uma data AAAA-MM-DD válida.`);
    return this.put(s, `${iso.slice(8, 10)}${iso.slice(5, 7)}${iso.slice(0, 4)}`);
  }

  put(s: FieldSpec, value: string): this {
    if (value.length !== width(s)) buildError(`campo ${s.key} com tamanho ${value.length} ≠ ${width(s)}.`);
    for (let i = 0; i < value.length; i++) this.chars[s.start - 1 + i] = value.charAt(i);
    return this;
  }

  toString(): string {
    return this.chars.join('');
  }
}

function numberText(value: number, what: string): string {
  if (!Number.isSafeInteger(value) || value < 0)
    buildError(`${what} deve ser um inteiro não negativo: ${value}.`);
  return String(value);
}

function splitDigit(value: string, maxDigits: number, what: string): { number: string; digit: string } {
  const m = new RegExp(`^(\\d{1,${maxDigits}})(?:-([0-9A-Za-z]))?$`).exec(value.trim());
  if (!m) buildError(`${what} "${value}" deve ter até ${maxDigits} dígitos, opcionalmente com "-DV".`);
  return { number: m[1] ?? '', digit: (m[2] ?? '').toUpperCase() };
}

function normalizeDocument(raw: string): string {
  return raw.replace(/[.\-/\s]/g, '').toUpperCase();
}

/**
 * Writes a valid retorno de cobrança (CRLF line breaks, final CRLF) for the given movements, one T/U
 * pair per entry. Throws RangeError on input that cannot be represented (field overflow, bad date…).
 */
export function buildCnab240Return(input: CnabReturnBuildInput): string {
  const bank = input.bankCode;
  if (!/^\d{3}$/.test(bank)) buildError(`bankCode "${bank}" deve ter 3 dígitos.`);
  const companyDocument = normalizeDocument(input.companyDocument);
  if (!/^[0-9A-Z]{12}\d{2}$/.test(companyDocument)) {
    buildError(`companyDocument "${input.companyDocument}" deve ser um CNPJ de 14 caracteres.`);
  }
  const agency = splitDigit(input.agency, 5, 'agency');
  const account = splitDigit(input.account, 12, 'account');
  const agreement = input.agreementCode ?? '';
  const bankName = input.bankName ?? BANK_NAMES[bank] ?? `BANCO ${bank}`;
  const perLot = input.entriesPerLot ?? Math.max(1, input.entries.length);
  if (!Number.isSafeInteger(perLot) || perLot < 1) buildError(`entriesPerLot deve ser um inteiro ≥ 1.`);
  const pairsPerLot = Math.min(perLot, Math.floor(MAX_DETAILS_PER_LOT / 2));

  // The company's block: the same fields in the file header and in each lot header (other positions).
  const company = (w: RecordWriter, at: typeof FILE_HEADER | typeof LOT_HEADER, documentWidth: number) =>
    w
      .put(at.companyDocumentType, '2')
      .put(at.companyDocument, companyDocument.padStart(documentWidth, '0'))
      .num(at.agreementCode, agreement)
      .num(at.agency, agency.number)
      .alpha(at.agencyDigit, agency.digit)
      .num(at.account, account.number)
      .alpha(at.accountDigit, account.digit)
      .alpha(at.companyName, input.companyName, { truncate: true });

  const lines: string[] = [];
  const fileHeader = company(
    new RecordWriter()
      .num(COMMON.bankCode, bank)
      .put(COMMON.lotNumber, FILE_HEADER_LOT)
      .put(COMMON.recordType, RECORD.fileHeader),
    FILE_HEADER,
    14,
  )
    .alpha(FILE_HEADER.bankName, bankName, { truncate: true })
    .put(FILE_HEADER.fileKind, RETORNO)
    .date(FILE_HEADER.generatedAt, input.generatedAt)
    .num(FILE_HEADER.generatedTime, 0)
    .num(FILE_HEADER.fileSequence, input.fileSequence)
    .put(FILE_HEADER.layoutVersion, BUILD_FILE_LAYOUT_VERSION)
    .put(FILE_HEADER.density, BUILD_DENSITY);
  lines.push(fileHeader.toString());

  const chunks: CnabReturnBuildEntry[][] = [];
  for (let i = 0; i < input.entries.length; i += pairsPerLot)
    chunks.push(input.entries.slice(i, i + pairsPerLot));
  // A retorno with no movement still carries one (empty) lot, as banks send it.
  if (chunks.length === 0) chunks.push([]);

  chunks.forEach((chunk, lotIndex) => {
    const lotNumber = lotIndex + 1;
    const control = (w: RecordWriter, type: string): RecordWriter =>
      w.num(COMMON.bankCode, bank).num(COMMON.lotNumber, lotNumber).put(COMMON.recordType, type);

    const lotHeader = company(
      control(new RecordWriter(), RECORD.lotHeader)
        .put(LOT_HEADER.operationType, OPERATION_RETORNO)
        .put(LOT_HEADER.serviceType, SERVICE_COBRANCA)
        .put(LOT_HEADER.layoutVersion, BUILD_LOT_LAYOUT_VERSION),
      LOT_HEADER,
      15,
    )
      .num(LOT_HEADER.returnNumber, input.fileSequence)
      .date(LOT_HEADER.recordedAt, input.generatedAt)
      .date(LOT_HEADER.creditDate, null);
    lines.push(lotHeader.toString());

    let sequence = 0;
    let titlesTotal = 0;
    for (const entry of chunk) {
      const movement = entry.movementCode ?? '06';
      if (!/^\d{2}$/.test(movement)) buildError(`movementCode "${movement}" deve ter 2 dígitos.`);
      if (entry.nossoNumero.trim() === '') buildError('nossoNumero em branco.');
      numberText(entry.amountPaidCents, 'amountPaidCents');
      const fee = entry.feeCents ?? 0;
      const net = entry.netCreditCents ?? entry.amountPaidCents - fee;
      if (net < 0) buildError(`netCreditCents negativo para o nosso número ${entry.nossoNumero}.`);
      const payerDoc = entry.payerDocument === undefined ? '' : normalizeDocument(entry.payerDocument);
      let payerType = '0';
      if (payerDoc.length === 11 && /^\d{11}$/.test(payerDoc)) payerType = '1';
      else if (/^[0-9A-Z]{12}\d{2}$/.test(payerDoc)) payerType = '2';
      else if (payerDoc !== '') buildError(`payerDocument "${entry.payerDocument}" não é CPF nem CNPJ.`);
      const reasons = entry.reasonCodes ?? [];
      if (reasons.length > 5 || reasons.some((r) => !/^[0-9A-Z]{2}$/.test(r))) {
        buildError(`reasonCodes deve ter até 5 códigos de 2 caracteres: ${JSON.stringify(reasons)}.`);
      }

      sequence += 1;
      const t = control(new RecordWriter(), RECORD.detail)
        .num(COMMON.sequence, sequence)
        .put(COMMON.segment, 'T')
        .put(COMMON.movementCode, movement)
        .num(SEGMENT_T.agency, agency.number)
        .alpha(SEGMENT_T.agencyDigit, agency.digit)
        .num(SEGMENT_T.account, account.number)
        .alpha(SEGMENT_T.accountDigit, account.digit)
        .alpha(SEGMENT_T.nossoNumero, entry.nossoNumero)
        .put(SEGMENT_T.wallet, '1')
        .alpha(SEGMENT_T.documentNumber, entry.documentNumber ?? '')
        .date(SEGMENT_T.dueDate, entry.dueDate)
        .num(SEGMENT_T.titleAmount, entry.titleAmountCents)
        .num(SEGMENT_T.collectingBank, bank)
        .num(SEGMENT_T.collectingAgency, 0)
        .num(SEGMENT_T.collectingAgencyDigit, 0)
        .num(SEGMENT_T.currency, 9)
        .put(SEGMENT_T.payerDocumentType, payerType)
        .put(SEGMENT_T.payerDocument, payerDoc.padStart(15, '0'))
        .alpha(SEGMENT_T.payerName, entry.payerName ?? '', { truncate: true })
        .num(SEGMENT_T.creditContract, 0)
        .num(SEGMENT_T.fee, fee)
        .alpha(SEGMENT_T.reasons, reasons.join(''));
      lines.push(t.toString());

      sequence += 1;
      const u = control(new RecordWriter(), RECORD.detail)
        .num(COMMON.sequence, sequence)
        .put(COMMON.segment, 'U')
        .put(COMMON.movementCode, movement)
        .num(SEGMENT_U.interestPenalty, entry.interestPenaltyCents ?? 0)
        .num(SEGMENT_U.discount, entry.discountCents ?? 0)
        .num(SEGMENT_U.rebate, entry.rebateCents ?? 0)
        .num(SEGMENT_U.iof, 0)
        .num(SEGMENT_U.amountPaid, entry.amountPaidCents)
        .num(SEGMENT_U.netCredit, net)
        .num(SEGMENT_U.otherExpenses, 0)
        .num(SEGMENT_U.otherCredits, 0)
        .date(SEGMENT_U.occurrenceDate, entry.occurrenceDate)
        .date(SEGMENT_U.creditDate, entry.creditDate)
        .date(SEGMENT_U.payerOccurrenceDate, null)
        .num(SEGMENT_U.payerOccurrenceAmount, 0)
        .num(SEGMENT_U.correspondentBank, 0)
        .num(SEGMENT_U.correspondentNossoNumero, 0);
      lines.push(u.toString());
      titlesTotal += entry.titleAmountCents;
    }

    const lotTrailer = control(new RecordWriter(), RECORD.lotTrailer)
      .num(LOT_TRAILER.recordCount, sequence + 2)
      .num(LOT_TRAILER.simpleCount, chunk.length)
      .num(LOT_TRAILER.simpleAmount, titlesTotal)
      .num(LOT_TRAILER.linkedCount, 0)
      .num(LOT_TRAILER.linkedAmount, 0)
      .num(LOT_TRAILER.pledgedCount, 0)
      .num(LOT_TRAILER.pledgedAmount, 0)
      .num(LOT_TRAILER.discountedCount, 0)
      .num(LOT_TRAILER.discountedAmount, 0);
    lines.push(lotTrailer.toString());
  });

  const fileTrailer = new RecordWriter()
    .num(COMMON.bankCode, bank)
    .put(COMMON.lotNumber, FILE_TRAILER_LOT)
    .put(COMMON.recordType, RECORD.fileTrailer)
    .num(FILE_TRAILER.lotCount, chunks.length)
    .num(FILE_TRAILER.recordCount, lines.length + 1)
    .num(FILE_TRAILER.accountCount, 0);
  lines.push(fileTrailer.toString());

  return `${lines.join('\r\n')}\r\n`;
}
