import { isIsoDate } from '../../platform/dates.ts';
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
  OPERATION_RETORNO,
  RECORD,
  REMESSA,
  RETORNO,
  SEGMENT_T,
  SEGMENT_U,
  SERVICE_COBRANCA,
} from './cnab240.layout.ts';

/**
 * CNAB 240 "retorno de cobrança": the fixed-width file a bank sends back to the beneficiary with what
 * happened to each boleto (registered, rejected, paid, written off, fees charged…).
 *
 * Layout: FEBRABAN "Layout Padrão Febraban 240 posições" v10.x, serviço cobrança (tipo de serviço '01'),
 * segmentos T and U of the retorno; bank-specific notes from Bradesco's "Cobrança Bradesco CNAB 240"
 * manual (layout '084' / lote '042'). Positions below are 1-based and inclusive, as in the manuals.
 * Cross-checked against public implementations: CnabPHP's field tables (andersondanilo/CnabPHP,
 * cnab_yaml/cnab240/generic/{header_arquivo,header_lote,trailer_lote,trailer_arquivo}.yml and
 * retorno/detalhe_segmento_{t,u}.yml, "baseado na documentação da Febraban versão 08.8") and
 * eduardokum/laravel-boleto (src/Cnab/Retorno/Cnab240/Banco/Bradesco.php for the retorno fields and
 * the movement/occurrence table, src/Cnab/Remessa/Cnab240/Banco/Bradesco.php for Bradesco's header
 * constants), plus the real return files in laravel-boleto's test fixtures.
 *
 * The parser is strict on purpose: a return file moves money in our books, so a file with any
 * malformed record is rejected as a whole (the bank re-sends it) instead of being half-applied.
 * It reports every problem it finds (up to `MAX_CNAB_ERRORS`) with line, column and field, in pt-BR.
 *
 * Bank-specific interpretation of the "nosso número" (Bradesco: carteira 3 + zeros 5 + número 11 +
 * DV 1; Caixa, BB, Itaú: other splits) is deliberately NOT done here: the raw field, trimmed, is
 * returned and the bank adapter that issued the boleto decides how to match it.
 */

export { CNAB240_RECORD_LENGTH };
/** Errors kept per file; past this the list ends with one "N erros omitidos" entry. */
export const MAX_CNAB_ERRORS = 200;

export interface CnabError {
  /** 1-based line in the file. */
  line: number;
  /** 1-based column where the offending field (or character) starts. */
  position?: number;
  /** Machine name of the field (matches the `CnabEntry`/`CnabReturnFile` property when there is one). */
  field?: string;
  /** Raw content of the field, when it helps to show it. */
  value?: string;
  /** pt-BR, for the operator. */
  message: string;
}

export interface CnabEntry {
  /** Line of the segment T (the U is `uLine`). */
  line: number;
  uLine: number;
  lotNumber: number;
  bankCode: string;
  /** FEBRABAN C044 "código de movimento retorno" (T/U 16-17). */
  movementCode: string;
  movementDescription: string;
  /** Money came in for this boleto: movement '06' (liquidação) or '17' (liquidação após baixa). */
  settled: boolean;
  /** T 38-57, trimmed, uninterpreted (see module comment). */
  nossoNumero: string;
  /** T 59-73 "número do documento de cobrança" (seu número); null when blank. */
  documentNumber: string | null;
  /** T 74-81; null when '00000000' (e.g. "à vista" or echo of a rejected entry). */
  dueDate: string | null;
  /** T 82-96 valor nominal do título. */
  titleAmountCents: number;
  /** T 199-213 valor da tarifa / custas charged by the bank for this movement. */
  feeCents: number;
  /** T 133-148: 11 digits for a CPF, 14 characters for a CNPJ; null when zero/blank. */
  payerDocument: string | null;
  /** T 149-188; null when blank. */
  payerName: string | null;
  /** T 214-223: up to five 2-character motivos (C047: rejeição, tarifa, liquidação, baixa), '00' dropped. */
  reasonCodes: string[];
  /** U 18-32 juros / multa / encargos. */
  interestPenaltyCents: number;
  /** U 33-47 desconto concedido. */
  discountCents: number;
  /** U 48-62 abatimento concedido/cancelado. */
  rebateCents: number;
  /** U 63-77 IOF recolhido. */
  iofCents: number;
  /** U 78-92 valor pago pelo pagador. */
  amountPaidCents: number;
  /** U 93-107 valor líquido a ser creditado. */
  netCreditCents: number;
  /** U 108-122 outras despesas. */
  otherExpensesCents: number;
  /** U 123-137 outros créditos. */
  otherCreditsCents: number;
  /** U 138-145 data da ocorrência (payment day for a liquidação); null when zero/blank. */
  occurrenceDate: string | null;
  /** U 146-153 data da efetivação do crédito; null when zero/blank (non-settlement movements). */
  creditDate: string | null;
}

export interface CnabReturnFile {
  /** Header 1-3 (same in every record). */
  bankCode: string;
  /** Header 103-132. */
  bankName?: string;
  /** Header 18-32: 11 digits (CPF) or 14 characters (CNPJ). */
  companyDocument?: string;
  /** Header 73-102. */
  companyName?: string;
  /** Header 33-52 "código do convênio no banco", trimmed; absent when blank or all zeros. */
  agreementCode?: string;
  /** Header 53-57 / 58 / 59-70 / 71, as written by the bank. */
  agency: string;
  agencyDigit?: string;
  account: string;
  accountDigit?: string;
  /** Header 144-151. */
  generatedAt: string;
  /** Header 158-163 NSA (número sequencial do arquivo). */
  fileSequence: number;
  lotCount: number;
  entries: CnabEntry[];
}

export type CnabParseResult = { ok: true; value: CnabReturnFile } | { ok: false; errors: CnabError[] };

/**
 * FEBRABAN C044 "código de movimento retorno" (cobrança), in pt-BR. Banks use the same numbering
 * (Bradesco's table in laravel-boleto's Bradesco.php and BB's list agree code by code); codes not
 * listed are still accepted and described generically, since banks add proprietary ones.
 */
export const MOVEMENT_DESCRIPTIONS: Readonly<Record<string, string>> = {
  '02': 'Entrada confirmada',
  '03': 'Entrada rejeitada',
  '04': 'Transferência de carteira/entrada',
  '05': 'Transferência de carteira/baixa',
  '06': 'Liquidação',
  '07': 'Confirmação do recebimento da instrução de desconto',
  '08': 'Confirmação do recebimento do cancelamento do desconto',
  '09': 'Baixa',
  '11': 'Títulos em carteira (em ser)',
  '12': 'Confirmação do recebimento da instrução de abatimento',
  '13': 'Confirmação do recebimento da instrução de cancelamento de abatimento',
  '14': 'Confirmação do recebimento da instrução de alteração de vencimento',
  '15': 'Franco de pagamento',
  '17': 'Liquidação após baixa ou liquidação de título não registrado',
  '19': 'Confirmação do recebimento da instrução de protesto',
  '20': 'Confirmação do recebimento da instrução de sustação/cancelamento de protesto',
  '23': 'Remessa a cartório (aponte em cartório)',
  '24': 'Retirada de cartório e manutenção em carteira',
  '25': 'Protestado e baixado (baixa por ter sido protestado)',
  '26': 'Instrução rejeitada',
  '27': 'Confirmação do pedido de alteração de outros dados',
  '28': 'Débito de tarifas/custas',
  '29': 'Ocorrências do pagador',
  '30': 'Alteração de dados rejeitada',
  '33': 'Confirmação da alteração dos dados do rateio de crédito',
  '34': 'Confirmação do cancelamento dos dados do rateio de crédito',
  '35': 'Confirmação do desagendamento do débito automático',
  '36': 'Confirmação de envio de e-mail/SMS',
  '37': 'Envio de e-mail/SMS rejeitado',
  '38': 'Confirmação de alteração do prazo limite de recebimento',
  '39': 'Confirmação de dispensa de prazo limite de recebimento',
  '40': 'Confirmação da alteração do número do título dado pelo beneficiário',
  '41': 'Confirmação da alteração do número de controle do participante',
  '42': 'Confirmação da alteração dos dados do pagador',
  '43': 'Confirmação da alteração dos dados do sacador/avalista',
  '44': 'Título pago com cheque devolvido',
  '45': 'Título pago com cheque compensado',
  '46': 'Instrução para cancelar protesto confirmada',
  '47': 'Instrução de protesto para fins falimentares confirmada',
  '48': 'Confirmação de instrução de transferência de carteira/modalidade de cobrança',
  '49': 'Alteração de contrato de cobrança',
  '50': 'Título pago com cheque pendente de liquidação',
  '51': 'Título DDA reconhecido pelo pagador',
  '52': 'Título DDA não reconhecido pelo pagador',
  '53': 'Título DDA recusado pela CIP',
  '54': 'Confirmação da instrução de baixa de título negativado sem protesto',
};

/**
 * Movements that mean the boleto was paid. '06' is the ordinary liquidação. '17' ("liquidação após
 * baixa ou liquidação título não registrado") is also money received — the payer paid a boleto the
 * bank had already written off — so it settles the debt too; ignoring it would leave a paid debt open.
 * Cheque movements ('44' devolvido, '45' compensado, '50' pendente) are NOT settlement here: they
 * qualify an earlier liquidação and are left to the reconciliation step.
 */
export const SETTLEMENT_MOVEMENT_CODES: readonly string[] = ['06', '17'];

export function describeMovement(code: string): string {
  return MOVEMENT_DESCRIPTIONS[code] ?? `Movimento não mapeado (código ${code})`;
}

/** "Linha 3, posição 82: …" — one-line rendering for logs and CLI output. */
export function formatCnabError(error: CnabError): string {
  const where = error.position === undefined ? '' : `, posição ${error.position}`;
  return `Linha ${error.line}${where}: ${error.message}`;
}

// ---------------------------------------------------------------------------------------------------
// Parser

interface ErrorSink {
  errors: CnabError[];
  dropped: number;
  firstDroppedLine: number;
  add(error: CnabError): void;
}

function createSink(): ErrorSink {
  const sink: ErrorSink = {
    errors: [],
    dropped: 0,
    firstDroppedLine: 0,
    add(error) {
      if (sink.errors.length < MAX_CNAB_ERRORS) {
        sink.errors.push(error);
        return;
      }
      if (sink.dropped === 0) sink.firstDroppedLine = error.line;
      sink.dropped += 1;
    },
  };
  return sink;
}

/** Errors in file order (line, then column); checks run in passes, so they are not found in order. */
function finishErrors(sink: ErrorSink): CnabError[] {
  const sorted = [...sink.errors].sort((a, b) => a.line - b.line || (a.position ?? 0) - (b.position ?? 0));
  if (sink.dropped === 0) return sorted;
  return [
    ...sorted,
    {
      line: sink.firstDroppedLine,
      message: `Mais ${sink.dropped} erro(s) omitido(s) a partir desta linha (limite de ${MAX_CNAB_ERRORS}).`,
    },
  ];
}

interface RawRecord {
  line: number;
  text: string;
  /** Exactly 240 characters: field positions can be trusted. */
  complete: boolean;
}

const slice = (rec: RawRecord, s: FieldSpec): string => rec.text.slice(s.start - 1, s.end);

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function where(s: FieldSpec): string {
  return s.start === s.end ? `posição ${s.start}` : `posições ${s.start}-${s.end}`;
}

function fieldError(rec: RawRecord, s: FieldSpec, problem: string): CnabError {
  return {
    line: rec.line,
    position: s.start,
    field: s.key,
    value: slice(rec, s),
    message: `${capitalize(s.label)} (${where(s)}) ${problem}`,
  };
}

/** Numeric picture 9(n): digits only, zero-filled (FEBRABAN "campos numéricos"). */
function readNumber(rec: RawRecord, s: FieldSpec, sink: ErrorSink): number | null {
  const raw = slice(rec, s);
  if (!/^\d+$/.test(raw)) {
    sink.add(fieldError(rec, s, `deve conter apenas dígitos; encontrado "${raw}".`));
    return null;
  }
  return Number(raw);
}

/**
 * DDMMAAAA dates. Zeros — and blanks, which some banks write in unused date fields —
 * mean "no date" when `optional`.
 */
function readDate(rec: RawRecord, s: FieldSpec, sink: ErrorSink, optional: boolean): string | null {
  const raw = slice(rec, s);
  if (optional && (/^0+$/.test(raw) || raw.trim() === '')) return null;
  const m = /^(\d{2})(\d{2})(\d{4})$/.exec(raw);
  const iso = m ? `${m[3]}-${m[2]}-${m[1]}` : '';
  if (!isIsoDate(iso)) {
    sink.add(fieldError(rec, s, `contém data inválida "${raw}" (formato DDMMAAAA).`));
    return null;
  }
  return iso;
}

function readText(rec: RawRecord, s: FieldSpec): string {
  return slice(rec, s).trim();
}

/**
 * Inscription number (CPF/CNPJ) right-aligned and zero-filled. Letters are accepted because the CNPJ
 * is alphanumeric from July 2026 (IN RFB nº 2.229/2024); the manuals' 9(n) picture predates that.
 */
function readDocument(
  rec: RawRecord,
  typeSpec: FieldSpec,
  numberSpec: FieldSpec,
  sink: ErrorSink,
): string | null {
  const raw = slice(rec, numberSpec);
  if (raw.trim() === '' || /^0+$/.test(raw)) return null;
  if (!/^[0-9A-Z]+$/.test(raw)) {
    sink.add(
      fieldError(rec, numberSpec, `deve conter apenas dígitos ou letras maiúsculas; encontrado "${raw}".`),
    );
    return null;
  }
  // Tipo de inscrição: '1' CPF, '2' CNPJ; other values keep the number without leading zeros.
  const kind = slice(rec, typeSpec);
  if (kind === '1') return raw.slice(-11);
  if (kind === '2') return raw.slice(-14);
  return raw.replace(/^0+/, '');
}

function isAllowedChar(code: number): boolean {
  // Printable ASCII (0x20-0x7E) and printable Latin-1 (0xA0-0xFF). C0/C1 controls, DEL and anything
  // beyond Latin-1 (often a wrong decoding, e.g. U+FFFD) are rejected: banks write ISO-8859-1 text.
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff);
}

function describeChar(code: number): string {
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) ? `caractere de controle ${hex}` : `caractere ${hex}`;
}

interface SegmentTData {
  rec: RawRecord;
  movementCode: string | null;
  nossoNumero: string;
  documentNumber: string | null;
  dueDate: string | null;
  titleAmountCents: number | null;
  feeCents: number | null;
  payerDocument: string | null;
  payerName: string | null;
  reasonCodes: string[];
}

interface SegmentUData {
  movementCode: string | null;
  interestPenaltyCents: number | null;
  discountCents: number | null;
  rebateCents: number | null;
  iofCents: number | null;
  amountPaidCents: number | null;
  netCreditCents: number | null;
  otherExpensesCents: number | null;
  otherCreditsCents: number | null;
  occurrenceDate: string | null;
  creditDate: string | null;
}

function readMovementCode(rec: RawRecord, sink: ErrorSink): string | null {
  return readNumber(rec, COMMON.movementCode, sink) === null ? null : slice(rec, COMMON.movementCode);
}

function readSegmentT(rec: RawRecord, sink: ErrorSink): SegmentTData {
  const movementCode = readMovementCode(rec, sink);
  const nossoNumero = readText(rec, SEGMENT_T.nossoNumero);
  if (nossoNumero === '') sink.add(fieldError(rec, SEGMENT_T.nossoNumero, 'está em branco.'));
  const documentNumber = readText(rec, SEGMENT_T.documentNumber);
  const reasons = slice(rec, SEGMENT_T.reasons);
  const reasonCodes: string[] = [];
  for (let i = 0; i < reasons.length; i += 2) {
    const code = reasons.slice(i, i + 2).trim();
    if (code !== '' && code !== '00') reasonCodes.push(code);
  }
  const payerName = readText(rec, SEGMENT_T.payerName);
  return {
    rec,
    movementCode,
    nossoNumero,
    documentNumber: documentNumber === '' ? null : documentNumber,
    dueDate: readDate(rec, SEGMENT_T.dueDate, sink, true),
    titleAmountCents: readNumber(rec, SEGMENT_T.titleAmount, sink),
    feeCents: readNumber(rec, SEGMENT_T.fee, sink),
    payerDocument: readDocument(rec, SEGMENT_T.payerDocumentType, SEGMENT_T.payerDocument, sink),
    payerName: payerName === '' ? null : payerName,
    reasonCodes,
  };
}

function readSegmentU(rec: RawRecord, sink: ErrorSink): SegmentUData {
  return {
    movementCode: readMovementCode(rec, sink),
    interestPenaltyCents: readNumber(rec, SEGMENT_U.interestPenalty, sink),
    discountCents: readNumber(rec, SEGMENT_U.discount, sink),
    rebateCents: readNumber(rec, SEGMENT_U.rebate, sink),
    iofCents: readNumber(rec, SEGMENT_U.iof, sink),
    amountPaidCents: readNumber(rec, SEGMENT_U.amountPaid, sink),
    netCreditCents: readNumber(rec, SEGMENT_U.netCredit, sink),
    otherExpensesCents: readNumber(rec, SEGMENT_U.otherExpenses, sink),
    otherCreditsCents: readNumber(rec, SEGMENT_U.otherCredits, sink),
    occurrenceDate: readDate(rec, SEGMENT_U.occurrenceDate, sink, true),
    creditDate: readDate(rec, SEGMENT_U.creditDate, sink, true),
  };
}

interface FileHeaderData {
  bankName?: string;
  companyDocument?: string;
  companyName?: string;
  agreementCode?: string;
  agency: string;
  agencyDigit?: string;
  account: string;
  accountDigit?: string;
  generatedAt: string | null;
  fileSequence: number | null;
}

const optionalText = (value: string): string | undefined => (value === '' ? undefined : value);

function readFileHeader(rec: RawRecord, sink: ErrorSink): FileHeaderData {
  return {
    bankName: optionalText(readText(rec, FILE_HEADER.bankName)),
    companyDocument:
      readDocument(rec, FILE_HEADER.companyDocumentType, FILE_HEADER.companyDocument, sink) ?? undefined,
    companyName: optionalText(readText(rec, FILE_HEADER.companyName)),
    agreementCode: optionalText(readText(rec, FILE_HEADER.agreementCode).replace(/^0+$/, '')),
    agency: readText(rec, FILE_HEADER.agency),
    agencyDigit: optionalText(readText(rec, FILE_HEADER.agencyDigit)),
    account: readText(rec, FILE_HEADER.account),
    accountDigit: optionalText(readText(rec, FILE_HEADER.accountDigit)),
    generatedAt: readDate(rec, FILE_HEADER.generatedAt, sink, false),
    fileSequence: readNumber(rec, FILE_HEADER.fileSequence, sink),
  };
}

interface LotState {
  number: number | null;
  /** Line of the lot header; null for a lot opened by a detail with no header (already reported). */
  headerLine: number | null;
  /** Records seen so far in the lot, its header included (the lot trailer counts header and trailer). */
  records: number;
  expectedSequence: number | null;
  /** After a sequence mismatch, the other number also accepted next (see `checkSequence`). */
  alternateSequence: number | null;
  pendingT: SegmentTData | null;
  /** The previous detail closed a T/U pair, so an optional Y may follow. */
  afterPair: boolean;
}

function recordTypeName(type: string): string {
  switch (type) {
    case RECORD.fileHeader:
      return 'header de arquivo';
    case RECORD.lotHeader:
      return 'header de lote';
    case RECORD.detail:
      return 'detalhe';
    case RECORD.lotTrailer:
      return 'trailer de lote';
    case RECORD.fileTrailer:
      return 'trailer de arquivo';
    default:
      return `tipo '${type}'`;
  }
}

const pad = (n: number, digits: number): string => String(n).padStart(digits, '0');

/**
 * Parses a CNAB 240 retorno de cobrança. Accepts LF or CRLF, an optional final line break and a
 * UTF-8 BOM; everything else must follow the layout. `ok: false` lists every problem found.
 */
export function parseCnab240Return(text: string): CnabParseResult {
  const sink = createSink();
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') {
    return {
      ok: false,
      errors: [{ line: 1, message: 'Arquivo vazio: nenhum registro CNAB 240 encontrado.' }],
    };
  }
  const lines = body.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();

  // Pass 1, per line: length and character set.
  const records: RawRecord[] = [];
  lines.forEach((content, index) => {
    const line = index + 1;
    const complete = content.length === CNAB240_RECORD_LENGTH;
    if (!complete) {
      sink.add({
        line,
        message:
          content.length === 0
            ? 'Linha vazia: todo registro CNAB 240 deve ter exatamente 240 caracteres.'
            : `Registro com ${content.length} caracteres: o layout CNAB 240 exige exatamente 240.`,
      });
    }
    for (let i = 0; i < content.length; i++) {
      const code = content.charCodeAt(i);
      if (!isAllowedChar(code)) {
        // One report per line: a badly decoded file would otherwise flood the list.
        sink.add({
          line,
          position: i + 1,
          message: `${capitalize(describeChar(code))} na posição ${i + 1}: só são aceitos caracteres imprimíveis ASCII/Latin-1.`,
        });
        break;
      }
    }
    records.push({ line, text: content, complete });
  });

  // Pass 2: structure (record order, lots, T/U pairs) and fields.
  const entries: CnabEntry[] = [];
  let state: 'start' | 'file' | 'end' = 'start';
  let header: FileHeaderData | null = null;
  let fileBank: string | null = null;
  let fileHeaderLine = 0;
  let fileTrailerLine = 0;
  let lot: LotState | null = null;
  let lotsWithHeader = 0;
  let fileRecords = 0;
  let expectedLotNumber = 1;

  const closePendingT = (current: LotState, next: RawRecord | null): void => {
    const t = current.pendingT;
    if (!t) return;
    const following =
      next === null ? 'o lote terminou' : `o registro seguinte (linha ${next.line}) não é um segmento U`;
    sink.add({
      line: t.rec.line,
      position: COMMON.segment.start,
      field: COMMON.segment.key,
      message: `Segmento T sem o segmento U correspondente: ${following}.`,
    });
    current.pendingT = null;
  };

  const checkLotNumber = (rec: RawRecord, current: LotState): void => {
    if (current.number === null) return;
    const raw = slice(rec, COMMON.lotNumber);
    if (raw !== pad(current.number, 4)) {
      sink.add(
        fieldError(
          rec,
          COMMON.lotNumber,
          `deveria ser ${pad(current.number, 4)} (o do header do lote); encontrado "${raw}".`,
        ),
      );
    }
  };

  /**
   * Sequence number (9-13): 1, 2, 3… within the lot. After a mismatch the next record may follow either the
   * expected count ("this number was wrong") or the number found ("a record is missing or extra"), so
   * one fault is reported once instead of on every later record.
   */
  const checkSequence = (rec: RawRecord, current: LotState): void => {
    const seqRaw = slice(rec, COMMON.sequence);
    const seq = /^\d{5}$/.test(seqRaw) ? Number(seqRaw) : null;
    if (seq === null) {
      sink.add(fieldError(rec, COMMON.sequence, `deve conter apenas dígitos; encontrado "${seqRaw}".`));
    }
    const expected = current.expectedSequence;
    if (seq !== null && expected !== null && seq !== expected && seq !== current.alternateSequence) {
      sink.add(
        fieldError(
          rec,
          COMMON.sequence,
          `fora de ordem: esperado ${pad(expected, 5)}, encontrado ${seqRaw}.`,
        ),
      );
      current.expectedSequence = expected + 1;
      current.alternateSequence = seq + 1;
      return;
    }
    current.expectedSequence = seq !== null ? seq + 1 : expected === null ? null : expected + 1;
    current.alternateSequence = null;
  };

  const handleDetail = (rec: RawRecord, current: LotState): void => {
    current.records += 1;
    checkLotNumber(rec, current);
    checkSequence(rec, current);

    const segment = slice(rec, COMMON.segment);
    if (segment === 'T') {
      closePendingT(current, rec);
      current.afterPair = false;
      current.pendingT = rec.complete ? readSegmentT(rec, sink) : emptyT(rec);
      return;
    }
    if (segment === 'U') {
      const t = current.pendingT;
      current.pendingT = null;
      const u = rec.complete ? readSegmentU(rec, sink) : null;
      if (!t) {
        current.afterPair = false;
        sink.add({
          line: rec.line,
          position: COMMON.segment.start,
          field: COMMON.segment.key,
          message: 'Segmento U sem o segmento T correspondente imediatamente antes.',
        });
        return;
      }
      current.afterPair = true;
      if (!u || !t.rec.complete) return;
      if (t.movementCode !== null && u.movementCode !== null && t.movementCode !== u.movementCode) {
        sink.add(
          fieldError(
            rec,
            COMMON.movementCode,
            `do segmento U ("${u.movementCode}") difere do segmento T da linha ${t.rec.line} ("${t.movementCode}").`,
          ),
        );
      }
      const entry = buildEntry(t, u, rec, current.number ?? 0, fileBank ?? '');
      if (entry) entries.push(entry);
      return;
    }
    if (segment === 'Y') {
      // Segmento Y (opcional, e.g. Y-03 Pix) may follow a T/U pair; it carries nothing we use.
      closePendingT(current, rec);
      if (!current.afterPair) {
        sink.add({
          line: rec.line,
          position: COMMON.segment.start,
          field: COMMON.segment.key,
          message: 'Segmento Y (opcional) só pode vir depois de um par de segmentos T/U.',
        });
      }
      return;
    }
    // Unknown segment: it may be a corrupted U, so drop the pending T without a second report.
    current.pendingT = null;
    current.afterPair = false;
    sink.add({
      line: rec.line,
      position: COMMON.segment.start,
      field: COMMON.segment.key,
      value: segment,
      message: `Segmento "${segment}" não previsto em retorno de cobrança: esperado T, U ou Y.`,
    });
  };

  const closeLotWithoutTrailer = (rec: RawRecord | null, reason: string): void => {
    if (!lot) return;
    closePendingT(lot, null);
    if (lot.headerLine !== null && lot.number !== null) {
      sink.add({
        line: rec?.line ?? records.length,
        message: `Lote ${pad(lot.number, 4)} (header na linha ${lot.headerLine}) não foi encerrado por um trailer de lote (tipo 5) ${reason}.`,
      });
    }
    lot = null;
  };

  for (const rec of records) {
    // Too short to say what it is (already reported as such): not counted as a record, so a stray
    // blank line costs one error and not a cascade of count mismatches.
    if (rec.text.length < COMMON.segment.end) continue;
    fileRecords += 1;
    const type = slice(rec, COMMON.recordType);
    if (state === 'end') {
      sink.add({
        line: rec.line,
        position: COMMON.recordType.start,
        field: COMMON.recordType.key,
        message: `Registro (${recordTypeName(type)}) depois do trailer de arquivo da linha ${fileTrailerLine}.`,
      });
      continue;
    }
    if (state === 'start' && type !== RECORD.fileHeader) {
      sink.add({
        line: rec.line,
        position: COMMON.recordType.start,
        field: COMMON.recordType.key,
        value: type,
        message: `Header de arquivo (tipo 0) ausente: o primeiro registro é ${recordTypeName(type)}.`,
      });
      state = 'file';
    }

    // Bank code: the file header's (or, without one, the first record's) must repeat everywhere.
    const bank = slice(rec, COMMON.bankCode);
    if (fileBank === null) {
      fileBank = bank;
      if (!/^\d{3}$/.test(bank)) {
        sink.add(fieldError(rec, COMMON.bankCode, `deve ter 3 dígitos; encontrado "${bank}".`));
      }
    } else if (bank !== fileBank) {
      sink.add(
        fieldError(
          rec,
          COMMON.bankCode,
          `"${bank}" difere do informado no header de arquivo ("${fileBank}").`,
        ),
      );
    }

    switch (type) {
      case RECORD.fileHeader: {
        if (state !== 'start') {
          sink.add({
            line: rec.line,
            position: COMMON.recordType.start,
            field: COMMON.recordType.key,
            message:
              fileHeaderLine === 0
                ? 'Header de arquivo (tipo 0) fora de ordem: deve ser o primeiro registro.'
                : `Header de arquivo (tipo 0) repetido: o arquivo já começou na linha ${fileHeaderLine}.`,
          });
          break;
        }
        state = 'file';
        fileHeaderLine = rec.line;
        if (slice(rec, COMMON.lotNumber) !== FILE_HEADER_LOT) {
          sink.add(fieldError(rec, COMMON.lotNumber, `deve ser ${FILE_HEADER_LOT} no header de arquivo.`));
        }
        if (!rec.complete) break;
        const kind = slice(rec, FILE_HEADER.fileKind);
        if (kind === REMESSA) {
          // A remessa has P/Q segments: checking it as a retorno would only add noise.
          sink.add(
            fieldError(
              rec,
              FILE_HEADER.fileKind,
              `= '1': arquivo de remessa, não de retorno. Envie o arquivo de retorno recebido do banco.`,
            ),
          );
          return { ok: false, errors: finishErrors(sink) };
        }
        if (kind !== RETORNO) {
          sink.add(fieldError(rec, FILE_HEADER.fileKind, `deve ser '2' (retorno); encontrado "${kind}".`));
        }
        header = readFileHeader(rec, sink);
        break;
      }
      case RECORD.lotHeader: {
        if (lot) closeLotWithoutTrailer(rec, 'antes do header de lote seguinte');
        lotsWithHeader += 1;
        const raw = slice(rec, COMMON.lotNumber);
        let number: number | null = null;
        if (!/^\d{4}$/.test(raw)) {
          sink.add(fieldError(rec, COMMON.lotNumber, `deve conter apenas dígitos; encontrado "${raw}".`));
        } else {
          number = Number(raw);
          if (number !== expectedLotNumber) {
            sink.add(
              fieldError(
                rec,
                COMMON.lotNumber,
                `fora de sequência: esperado ${pad(expectedLotNumber, 4)}, encontrado ${raw}.`,
              ),
            );
          }
          expectedLotNumber = number + 1;
        }
        lot = {
          number,
          headerLine: rec.line,
          records: 1,
          expectedSequence: 1,
          alternateSequence: null,
          pendingT: null,
          afterPair: false,
        };
        if (!rec.complete) break;
        const operation = slice(rec, LOT_HEADER.operationType);
        if (operation !== OPERATION_RETORNO) {
          sink.add(
            fieldError(
              rec,
              LOT_HEADER.operationType,
              `deve ser 'T' (arquivo retorno); encontrado "${operation}".`,
            ),
          );
        }
        const service = slice(rec, LOT_HEADER.serviceType);
        if (service !== SERVICE_COBRANCA) {
          sink.add(
            fieldError(rec, LOT_HEADER.serviceType, `deve ser '01' (cobrança); encontrado "${service}".`),
          );
        }
        break;
      }
      case RECORD.detail: {
        if (!lot) {
          sink.add({
            line: rec.line,
            position: COMMON.recordType.start,
            field: COMMON.recordType.key,
            message: 'Registro detalhe fora de lote: falta o header de lote (tipo 1) antes dele.',
          });
          const raw = slice(rec, COMMON.lotNumber);
          const seqRaw = slice(rec, COMMON.sequence);
          lot = {
            number: /^\d{4}$/.test(raw) ? Number(raw) : null,
            headerLine: null,
            records: 0,
            expectedSequence: /^\d{5}$/.test(seqRaw) ? Number(seqRaw) : null,
            alternateSequence: null,
            pendingT: null,
            afterPair: false,
          };
        }
        handleDetail(rec, lot);
        break;
      }
      case RECORD.lotTrailer: {
        if (!lot) {
          sink.add({
            line: rec.line,
            position: COMMON.recordType.start,
            field: COMMON.recordType.key,
            message: 'Trailer de lote (tipo 5) sem o header de lote correspondente.',
          });
          break;
        }
        const current: LotState = lot;
        closePendingT(current, rec);
        current.records += 1;
        checkLotNumber(rec, current);
        if (rec.complete && current.headerLine !== null) {
          const declared = readNumber(rec, LOT_TRAILER.recordCount, sink);
          if (declared !== null && declared !== current.records) {
            sink.add(
              fieldError(
                rec,
                LOT_TRAILER.recordCount,
                `informa ${declared}, mas o lote tem ${current.records} registros (header e trailer incluídos).`,
              ),
            );
          }
        }
        lot = null;
        break;
      }
      case RECORD.fileTrailer: {
        if (lot) closeLotWithoutTrailer(rec, 'antes do trailer de arquivo');
        state = 'end';
        fileTrailerLine = rec.line;
        if (slice(rec, COMMON.lotNumber) !== FILE_TRAILER_LOT) {
          sink.add(fieldError(rec, COMMON.lotNumber, `deve ser ${FILE_TRAILER_LOT} no trailer de arquivo.`));
        }
        if (!rec.complete) break;
        const lotCount = readNumber(rec, FILE_TRAILER.lotCount, sink);
        if (lotCount !== null && lotCount !== lotsWithHeader) {
          sink.add(
            fieldError(
              rec,
              FILE_TRAILER.lotCount,
              `informa ${lotCount}, mas o arquivo tem ${lotsWithHeader} lote(s).`,
            ),
          );
        }
        const recordCount = readNumber(rec, FILE_TRAILER.recordCount, sink);
        if (recordCount !== null && recordCount !== fileRecords) {
          sink.add(
            fieldError(
              rec,
              FILE_TRAILER.recordCount,
              `informa ${recordCount}, mas o arquivo tem ${fileRecords} registros (header e trailer incluídos).`,
            ),
          );
        }
        break;
      }
      default: {
        sink.add(fieldError(rec, COMMON.recordType, `inválido "${type}": esperado 0, 1, 3, 5 ou 9.`));
        if (lot) {
          // Probably a detail with a damaged type: the next record may or may not count it.
          lot.records += 1;
          lot.alternateSequence = lot.expectedSequence;
          if (lot.expectedSequence !== null) lot.expectedSequence += 1;
        }
      }
    }
  }

  if (lot) closeLotWithoutTrailer(null, 'antes do fim do arquivo');
  if (state !== 'end') {
    sink.add({ line: records.length, message: 'Fim do arquivo sem o trailer de arquivo (tipo 9).' });
  }

  if (sink.errors.length > 0 || header === null || fileBank === null) {
    return { ok: false, errors: finishErrors(sink) };
  }
  const h: FileHeaderData = header;
  return {
    ok: true,
    value: {
      bankCode: fileBank,
      bankName: h.bankName,
      companyDocument: h.companyDocument,
      companyName: h.companyName,
      agreementCode: h.agreementCode,
      agency: h.agency,
      agencyDigit: h.agencyDigit,
      account: h.account,
      accountDigit: h.accountDigit,
      generatedAt: h.generatedAt ?? '',
      fileSequence: h.fileSequence ?? 0,
      lotCount: lotsWithHeader,
      entries,
    },
  };
}

function emptyT(rec: RawRecord): SegmentTData {
  return {
    rec,
    movementCode: null,
    nossoNumero: '',
    documentNumber: null,
    dueDate: null,
    titleAmountCents: null,
    feeCents: null,
    payerDocument: null,
    payerName: null,
    reasonCodes: [],
  };
}

/** Null when a field failed to parse: the error is already recorded and the file will be rejected. */
function buildEntry(
  t: SegmentTData,
  u: SegmentUData,
  uRec: RawRecord,
  lotNumber: number,
  bankCode: string,
): CnabEntry | null {
  const { movementCode, titleAmountCents, feeCents } = t;
  const {
    interestPenaltyCents,
    discountCents,
    rebateCents,
    iofCents,
    amountPaidCents,
    netCreditCents,
    otherExpensesCents,
    otherCreditsCents,
  } = u;
  if (
    movementCode === null ||
    titleAmountCents === null ||
    feeCents === null ||
    interestPenaltyCents === null ||
    discountCents === null ||
    rebateCents === null ||
    iofCents === null ||
    amountPaidCents === null ||
    netCreditCents === null ||
    otherExpensesCents === null ||
    otherCreditsCents === null
  ) {
    return null;
  }
  return {
    line: t.rec.line,
    uLine: uRec.line,
    lotNumber,
    bankCode,
    movementCode,
    movementDescription: describeMovement(movementCode),
    settled: SETTLEMENT_MOVEMENT_CODES.includes(movementCode),
    nossoNumero: t.nossoNumero,
    documentNumber: t.documentNumber,
    dueDate: t.dueDate,
    titleAmountCents,
    feeCents,
    payerDocument: t.payerDocument,
    payerName: t.payerName,
    reasonCodes: t.reasonCodes,
    interestPenaltyCents,
    discountCents,
    rebateCents,
    iofCents,
    amountPaidCents,
    netCreditCents,
    otherExpensesCents,
    otherCreditsCents,
    occurrenceDate: u.occurrenceDate,
    creditDate: u.creditDate,
  };
}
