import type { FieldResult } from '../../platform/br-fields.ts';
import { isUuid } from '../../platform/ids.ts';
import { type PixKeyKind, parsePixKey } from './pix-key.rules.ts';

/**
 * Pix BR Code ("Pix Copia e Cola" and the text inside the QR code): building and checking.
 *
 * Sources:
 * - BCB, Manual de Padrões para Iniciação do Pix (BR Code), based on EMV® QR Code Specification for
 *   Payment Systems — Merchant-Presented Mode (EMV QRCPS-MPM) v1.0/1.1;
 * - BCB, Manual do BR Code (the "000201…63041D3D" example is from there);
 * - API Pix (bacen/pix-api) for the txid of a charge (cob): `^[a-zA-Z0-9]{26,35}$`.
 *
 * The payload is a list of TLV data objects: a 2-digit ID, a 2-digit length (01–99) and the value,
 * all in the EMV "ans" character set (printable ASCII, 0x20–0x7E). Templates (26, 62) hold nested TLVs.
 * The CRC (ID 63) is CRC-16/CCITT-FALSE over the whole payload up to and including "6304", and the
 * data object 63 is always the last one, its value 4 uppercase hex digits (EMV QRCPS-MPM, BR Code manual).
 *
 * Positions in decoding errors are 0-based offsets into the string as given (before trimming), so an
 * interface can underline the character the message talks about.
 */

export const PIX_GUI = 'br.gov.bcb.pix';
export const MAX_RECEIVER_NAME_LENGTH = 25;
export const MAX_CITY_LENGTH = 15;
export const MAX_STATIC_TXID_LENGTH = 25;
/** Tag 26-25 (location of the dynamic payload) and 26-01 (key) are limited to 77 characters. */
export const MAX_URL_LENGTH = 77;
export const MAX_KEY_LENGTH = 77;
/** EMV: the transaction amount has at most 13 characters ("9999999999.99"). */
export const MAX_AMOUNT_CENTS = 999_999_999_999;

// ---------------------------------------------------------------------------------------------
// CRC
// ---------------------------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n << 8;
    for (let k = 0; k < 8; k++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
    table[n] = c;
  }
  return table;
})();

/**
 * CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final XOR) over the UTF-8 bytes of
 * `text`, as 4 uppercase hex digits. This is the CRC the BR Code manual prescribes for ID 63 (check
 * value of "123456789" is 29B1).
 */
export function crc16CcittFalse(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc = ((crc << 8) & 0xffff) ^ CRC_TABLE[((crc >> 8) ^ byte) & 0xff]!;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

// ---------------------------------------------------------------------------------------------
// Text fields
// ---------------------------------------------------------------------------------------------

// Letters and punctuation that Unicode normalization does not turn into ASCII.
const TRANSLITERATION: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  ł: 'l',
  Ł: 'L',
  þ: 'th',
  Þ: 'TH',
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u2013': '-',
  '\u2014': '-',
};

/**
 * Text for the "ans" fields of the BR Code (printable ASCII only): NFKD then drop combining marks
 * ("São" → "Sao"; NFKD also maps "º"/"ª" and full-width letters to ASCII), transliterate a few letters
 * normalization leaves alone ("ß" → "ss"), drop anything else outside 0x20–0x7E, collapse whitespace,
 * trim and cut to `max` characters (without leaving a trailing space). May return ''.
 */
export function normalizePixText(s: string, max: number): string {
  const ascii = s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7E]/g, (c) => TRANSLITERATION[c] ?? (/\s/.test(c) ? ' ' : ''))
    .replace(/ {2,}/g, ' ')
    .trim();
  return ascii.slice(0, max).trimEnd();
}

function normalizeRequiredText(raw: string, max: number, what: string): FieldResult<string> {
  if (raw.trim() === '') return { ok: false, message: `${what} vazio(a)` };
  const value = normalizePixText(raw, max);
  if (value === '') {
    return {
      ok: false,
      message: `${what} sem nenhum caractere utilizável: o BR Code só aceita letras sem acento, números e pontuação ASCII`,
    };
  }
  return { ok: true, value };
}

/** Tag 59 (Merchant Name): at most 25 characters. */
export function normalizeReceiverName(raw: string): FieldResult<string> {
  return normalizeRequiredText(raw, MAX_RECEIVER_NAME_LENGTH, 'nome do recebedor');
}

/** Tag 60 (Merchant City): at most 15 characters. */
export function normalizeReceiverCity(raw: string): FieldResult<string> {
  return normalizeRequiredText(raw, MAX_CITY_LENGTH, 'cidade do recebedor');
}

// ---------------------------------------------------------------------------------------------
// txid
// ---------------------------------------------------------------------------------------------

export type TxidKind = 'static' | 'cob';

// Static BR Code (62-05, EMV Reference Label): up to 25 characters; the Pix manual restricts it to
// letters and digits. A charge created through the API Pix (cob) has a txid of 26 to 35.
const STATIC_TXID_RE = /^[A-Za-z0-9]{1,25}$/;
const COB_TXID_RE = /^[a-zA-Z0-9]{26,35}$/;
const UUID_BITS = 128n;

export function isValidTxid(txid: string, kind: TxidKind): boolean {
  return (kind === 'static' ? STATIC_TXID_RE : COB_TXID_RE).test(txid);
}

/**
 * The txid that identifies an installment's payment, derived from its id (a UUID), so reconciling a
 * received Pix needs no lookup table and generating it twice gives the same code:
 * - static: the 128 bits of the UUID in base 36, uppercase, left-padded to 25 characters
 *   (36^25 ≈ 8.1e38 > 2^128 ≈ 3.4e38, so every UUID fits). Uppercase-only so a PSP that changes the
 *   case of the txid cannot make two installments collide;
 * - cob: the 32 lowercase hex digits of the UUID (within the API Pix 26–35 range).
 * Both are injective (one UUID ↔ one txid); `installmentIdFromTxid` reverses them.
 */
export function txidForInstallment(installmentId: string, kind: TxidKind): string {
  if (!isUuid(installmentId)) throw new RangeError(`Id de parcela inválido: "${installmentId}".`);
  const hex = installmentId.replace(/-/g, '').toLowerCase();
  if (kind === 'cob') return hex;
  return BigInt(`0x${hex}`).toString(36).toUpperCase().padStart(MAX_STATIC_TXID_LENGTH, '0');
}

/** Inverse of `txidForInstallment`; null when the txid was not made by it. */
export function installmentIdFromTxid(txid: string, kind: TxidKind): string | null {
  let hex: string;
  if (kind === 'cob') {
    if (!/^[0-9a-f]{32}$/.test(txid)) return null;
    hex = txid;
  } else {
    if (!/^[0-9A-Z]{25}$/.test(txid)) return null;
    let n = 0n;
    for (const c of txid) n = n * 36n + BigInt(Number.parseInt(c, 36));
    if (n >> UUID_BITS !== 0n) return null;
    hex = n.toString(16).padStart(32, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ---------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------

export interface StaticBrCodeInput {
  /** Any accepted form of the key (see `parsePixKey`); it is normalized before going in. */
  key: string;
  receiverName: string;
  city: string;
  /** Omitted: the payer types the amount. */
  amountCents?: number;
  /** Up to 25 letters/digits; omitted → "***" (no identifier). */
  txid?: string;
  /** Free text shown to the payer (26-02); must fit with the key in the 99 characters of ID 26. */
  description?: string;
}

export interface DynamicBrCodeInput {
  /** `location` of the charge (cob) at the PSP, with or without "https://". */
  location: string;
  receiverName: string;
  city: string;
  /** Informative: for a dynamic code the payer's app uses the amount in the signed payload. */
  amountCents?: number;
}

function tlv(id: string, value: string): string {
  if (value.length < 1 || value.length > 99) {
    throw new RangeError(`Campo ${id} do BR Code com ${value.length} caracteres: o limite é de 1 a 99.`);
  }
  return id + String(value.length).padStart(2, '0') + value;
}

function withCrc(body: string): string {
  const head = `${body}6304`;
  return head + crc16CcittFalse(head);
}

/** 12345 → "123.45": digits from integer arithmetic, never through a float. */
export function formatBrCodeAmount(amountCents: number): string {
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0 || amountCents > MAX_AMOUNT_CENTS) {
    throw new RangeError(
      `Valor inválido para o BR Code: ${amountCents} centavos (deve ser inteiro, maior que zero e até R$ 9.999.999.999,99).`,
    );
  }
  return `${Math.floor(amountCents / 100)}.${String(amountCents % 100).padStart(2, '0')}`;
}

// ID 26 holds 00 (GUI, 4 + 14 chars), 01 (4 + key) and 02 (4 + description) within 99 characters.
const GUI_TLV_LENGTH = 4 + PIX_GUI.length;

/** Room left for the description (26-02) next to this (normalized) key; 0 when there is none. */
export function maxDescriptionLength(normalizedKey: string): number {
  return Math.max(0, 99 - GUI_TLV_LENGTH - (4 + normalizedKey.length) - 4);
}

function requireText(result: FieldResult<string>): string {
  if (!result.ok) throw new RangeError(`${result.message}.`);
  return result.value;
}

function mandatoryTail(receiverName: string, city: string, txid: string): string {
  const name = requireText(normalizeReceiverName(receiverName));
  const town = requireText(normalizeReceiverCity(city));
  return tlv('58', 'BR') + tlv('59', name) + tlv('60', town) + tlv('62', tlv('05', txid));
}

/**
 * Static BR Code (the manual's "QR Code estático"): the key in 26-01, optional amount, txid or "***".
 * ID 01 (Point of Initiation Method) is omitted, as in the manual's example: it is optional and only
 * "12" carries meaning (do not pay twice), which a reusable code must not claim.
 */
export function buildStaticBrCode(input: StaticBrCodeInput): string {
  const key = parsePixKey(input.key);
  if (!key.ok) throw new RangeError(`Chave Pix inválida: ${key.message}.`);
  const txid = input.txid ?? '***';
  if (txid !== '***' && !isValidTxid(txid, 'static')) {
    throw new RangeError(
      `txid inválido para QR estático: "${txid}" (até 25 letras sem acento ou números, sem espaços).`,
    );
  }
  const description =
    input.description === undefined ? '' : normalizePixText(input.description, Number.MAX_SAFE_INTEGER);
  const room = maxDescriptionLength(key.value.key);
  if (description.length > room) {
    throw new RangeError(
      `Descrição com ${description.length} caracteres: com esta chave cabem no máximo ${room} ` +
        '(chave e descrição dividem os 99 caracteres do campo 26 do BR Code).',
    );
  }
  const account =
    tlv('00', PIX_GUI) + tlv('01', key.value.key) + (description === '' ? '' : tlv('02', description));
  const amount = input.amountCents === undefined ? '' : tlv('54', formatBrCodeAmount(input.amountCents));
  return withCrc(
    tlv('00', '01') +
      tlv('26', account) +
      tlv('52', '0000') +
      tlv('53', '986') +
      amount +
      mandatoryTail(input.receiverName, input.city, txid),
  );
}

/**
 * Dynamic BR Code for a PSP charge (cob): 01 = "12" (one payment only), the charge location in 26-25
 * without the scheme (the payer's app always fetches it over HTTPS), and 62-05 = "***" because the
 * txid travels in the signed payload the location returns, not in the code.
 */
export function buildDynamicBrCode(input: DynamicBrCodeInput): string {
  let location = input.location.trim();
  if (/^https:\/\//i.test(location)) location = location.slice('https://'.length);
  else if (/^[a-z][a-z0-9+.-]*:/i.test(location)) {
    throw new RangeError('URL da cobrança deve usar https (informe sem o esquema ou com https://).');
  }
  if (location === '') throw new RangeError('URL da cobrança vazia.');
  if (!/^[\x21-\x7E]+$/.test(location)) {
    throw new RangeError('URL da cobrança com espaço ou caractere fora do ASCII.');
  }
  if (location.length > MAX_URL_LENGTH) {
    throw new RangeError(
      `URL da cobrança com ${location.length} caracteres: o BR Code admite no máximo ${MAX_URL_LENGTH}.`,
    );
  }
  const amount = input.amountCents === undefined ? '' : tlv('54', formatBrCodeAmount(input.amountCents));
  return withCrc(
    tlv('00', '01') +
      tlv('01', '12') +
      tlv('26', tlv('00', PIX_GUI) + tlv('25', location)) +
      tlv('52', '0000') +
      tlv('53', '986') +
      amount +
      mandatoryTail(input.receiverName, input.city, '***'),
  );
}

// ---------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------

export interface BrCodeError {
  /** 0-based offset in the input as given (surrounding whitespace included). */
  position: number;
  /** Data object the error is about: "59", or "26.01" for an object nested in a template. */
  tag?: string;
  message: string;
}

export interface DecodedBrCode {
  /** The payload after trimming surrounding whitespace. */
  payload: string;
  payloadFormatIndicator: string;
  /** ID 01: "11" → static, "12" → dynamic (one payment only); absent in most static codes. */
  pointOfInitiation?: 'static' | 'dynamic';
  gui: string;
  key?: string;
  keyKind?: PixKeyKind;
  url?: string;
  description?: string;
  merchantCategoryCode: string;
  currency: string;
  amountCents?: number;
  countryCode: string;
  receiverName: string;
  city: string;
  postalCode?: string;
  /** 62-05 as found: "***" means no identifier. */
  txid: string;
  crc: string;
  /** static: the code carries the key (26-01); dynamic: it carries a location (26-25). */
  kind: 'static' | 'dynamic';
  /**
   * Data objects this decoder does not interpret, kept as found (EMV reserves 02–51 for other
   * payment networks' account templates, 55–57, 64, 65–79 RFU and 80–99 unreserved templates).
   */
  otherFields: { tag: string; value: string }[];
}

export type BrCodeDecodeResult = { ok: true; value: DecodedBrCode } | { ok: false; errors: BrCodeError[] };

interface DataObject {
  /** Full path: "59", "26.01". */
  tag: string;
  value: string;
  /** Absolute position of the ID. */
  position: number;
  /** Absolute position of the value. */
  valuePosition: number;
}

const LABELS: Record<string, string> = {
  '00': 'indicador de formato',
  '01': 'método de iniciação',
  '26': 'conta Pix',
  '26.00': 'GUI do arranjo',
  '26.01': 'chave Pix',
  '26.02': 'informação adicional',
  '26.25': 'URL do QR dinâmico',
  '52': 'categoria do estabelecimento',
  '53': 'moeda',
  '54': 'valor',
  '58': 'país',
  '59': 'nome do recebedor',
  '60': 'cidade do recebedor',
  '61': 'CEP',
  '62': 'dados adicionais',
  '62.05': 'txid',
  '63': 'CRC',
};

function field(tag: string): string {
  const label = LABELS[tag];
  return label === undefined ? `campo ${tag}` : `campo ${tag} (${label})`;
}

/**
 * Splits `text` (which starts at absolute position `offset`) into TLV data objects. A structural error
 * makes everything after it unreadable, so it is reported and null returned.
 */
function parseTlvList(
  text: string,
  offset: number,
  template: string | null,
  errors: BrCodeError[],
): DataObject[] | null {
  const objects: DataObject[] = [];
  const where = template === null ? 'do código' : `do ${field(template)}`;
  let i = 0;
  while (i < text.length) {
    const at = offset + i;
    const remaining = text.length - i;
    if (remaining < 4) {
      errors.push({
        position: at,
        ...(template === null ? {} : { tag: template }),
        message:
          `sobra(m) ${remaining} caractere(s) ("${text.slice(i)}") no fim ${where}: ` +
          'cada campo precisa de ID (2 dígitos), tamanho (2 dígitos) e valor',
      });
      return null;
    }
    const id = text.slice(i, i + 2);
    if (!/^\d{2}$/.test(id)) {
      errors.push({
        position: at,
        ...(template === null ? {} : { tag: template }),
        message: `ID de campo deve ter 2 dígitos; encontrado "${id}"`,
      });
      return null;
    }
    const tag = template === null ? id : `${template}.${id}`;
    const lengthText = text.slice(i + 2, i + 4);
    if (!/^\d{2}$/.test(lengthText)) {
      errors.push({
        position: at + 2,
        tag,
        message: `tamanho do campo ${tag} deve ter 2 dígitos; encontrado "${lengthText}"`,
      });
      return null;
    }
    const length = Number(lengthText);
    if (length === 0) {
      errors.push({
        position: at + 2,
        tag,
        message: `campo ${tag} com tamanho 00: um campo presente deve ter de 01 a 99 caracteres`,
      });
      return null;
    }
    const available = remaining - 4;
    if (length > available) {
      errors.push({
        position: at + 2,
        tag,
        message:
          `campo ${tag} declara ${length} caractere(s), mas só resta(m) ${available} até o fim ${where} ` +
          '(código truncado ou tamanho errado)',
      });
      return null;
    }
    objects.push({ tag, value: text.slice(i + 4, i + 4 + length), position: at, valuePosition: at + 4 });
    i += 4 + length;
  }
  return objects;
}

/** Indexes by tag; a repeated tag is an error (EMV: each data object ID appears at most once). */
function indexByTag(objects: DataObject[], errors: BrCodeError[]): Map<string, DataObject> {
  const byTag = new Map<string, DataObject>();
  for (const o of objects) {
    const first = byTag.get(o.tag);
    if (first) {
      errors.push({
        position: o.position,
        tag: o.tag,
        message: `${field(o.tag)} repetido (já aparece na posição ${first.position})`,
      });
    } else {
      byTag.set(o.tag, o);
    }
  }
  return byTag;
}

/** Where a missing object would go, keeping IDs in ascending order: before the first greater ID. */
function insertionPoint(objects: DataObject[], tag: string, end: number): number {
  return objects.find((o) => o.tag > tag)?.position ?? end;
}

function requireObject(
  byTag: Map<string, DataObject>,
  objects: DataObject[],
  tag: string,
  end: number,
  errors: BrCodeError[],
): DataObject | undefined {
  const o = byTag.get(tag);
  if (!o) errors.push({ position: insertionPoint(objects, tag, end), tag, message: `${field(tag)} ausente` });
  return o;
}

const AMOUNT_RE = /^\d{1,10}\.\d{2}$/;
// `u`: an emoji is one character (one error), not two lone surrogates.
const CONTROL_OR_NON_ASCII_RE = /[^\x20-\x7E]/gu;
const MAX_CHARACTER_ERRORS = 5;

function characterErrors(payload: string, base: number): BrCodeError[] {
  const errors: BrCodeError[] = [];
  for (const m of payload.matchAll(CONTROL_OR_NON_ASCII_RE)) {
    const c = m[0];
    const position = base + m.index;
    if (c === '\n' || c === '\r') {
      errors.push({
        position,
        message: 'quebra de linha no meio do código: copie o código inteiro, numa linha só',
      });
    } else {
      const code = `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      errors.push({
        position,
        message: `caractere não permitido "${c}" (${code}): o BR Code só admite caracteres ASCII imprimíveis, sem acentos`,
      });
    }
    if (errors.length === MAX_CHARACTER_ERRORS) break;
  }
  return errors;
}

function checkAmount(o: DataObject, errors: BrCodeError[]): number | undefined {
  const v = o.value;
  if (v.startsWith('-')) {
    errors.push({
      position: o.valuePosition,
      tag: '54',
      message: `${field('54')} não pode ser negativo: "${v}"`,
    });
    return undefined;
  }
  if (!AMOUNT_RE.test(v)) {
    errors.push({
      position: o.valuePosition,
      tag: '54',
      message: `${field('54')} deve ter até 10 dígitos, ponto e 2 casas decimais, como 123.45; encontrado "${v}"`,
    });
    return undefined;
  }
  const [int = '', frac = ''] = v.split('.');
  const cents = Number(int) * 100 + Number(frac);
  if (cents === 0) {
    errors.push({ position: o.valuePosition, tag: '54', message: `${field('54')} deve ser maior que zero` });
    return undefined;
  }
  return cents;
}

function checkText(o: DataObject, max: number, errors: BrCodeError[]): void {
  if (o.value.length > max) {
    errors.push({
      position: o.valuePosition + max,
      tag: o.tag,
      message: `${field(o.tag)} deve ter no máximo ${max} caracteres; encontrado ${o.value.length}`,
    });
  } else if (o.value.trim() === '') {
    errors.push({ position: o.valuePosition, tag: o.tag, message: `${field(o.tag)} em branco` });
  }
}

interface AccountInfo {
  gui: string;
  key?: string;
  keyKind?: PixKeyKind;
  url?: string;
  description?: string;
}

function checkAccount(account: DataObject, errors: BrCodeError[], other: DataObject[]): AccountInfo | null {
  const objects = parseTlvList(account.value, account.valuePosition, '26', errors);
  if (!objects) return null;
  const end = account.valuePosition + account.value.length;
  const byTag = indexByTag(objects, errors);
  const gui = requireObject(byTag, objects, '26.00', end, errors);
  if (gui && gui.value.toLowerCase() !== PIX_GUI) {
    errors.push({
      position: gui.valuePosition,
      tag: '26.00',
      message: `${field('26.00')} deve ser "${PIX_GUI}"; encontrado "${gui.value}"`,
    });
  }
  const key = byTag.get('26.01');
  const url = byTag.get('26.25');
  const description = byTag.get('26.02');
  const info: AccountInfo = { gui: gui?.value ?? '' };
  if (key && url) {
    errors.push({
      position: url.position,
      tag: '26.25',
      message:
        'campo 26 traz chave (26.01) e URL (26.25) ao mesmo tempo: o QR estático leva só a chave e o ' +
        'dinâmico só a URL',
    });
  } else if (!key && !url) {
    errors.push({
      position: account.position,
      tag: '26',
      message: 'campo 26 (conta Pix) sem chave Pix (26.01) nem URL do QR dinâmico (26.25)',
    });
  }
  if (key) {
    info.key = key.value;
    if (key.value.length > MAX_KEY_LENGTH) {
      errors.push({
        position: key.valuePosition,
        tag: '26.01',
        message: `${field('26.01')} deve ter no máximo ${MAX_KEY_LENGTH} caracteres; encontrado ${key.value.length}`,
      });
    } else {
      const parsed = parsePixKey(key.value);
      if (!parsed.ok) {
        errors.push({
          position: key.valuePosition,
          tag: '26.01',
          message: `chave Pix inválida: ${parsed.message}`,
        });
      } else if (parsed.value.key !== key.value) {
        // The payer's bank looks the key up in the DICT as written: "529.982.247-25" would not be found.
        errors.push({
          position: key.valuePosition,
          tag: '26.01',
          message: `chave Pix fora do formato do DICT: "${key.value}" deveria ser "${parsed.value.key}"`,
        });
      } else {
        info.keyKind = parsed.value.kind;
      }
    }
  }
  if (url) {
    info.url = url.value;
    if (url.value.length > MAX_URL_LENGTH) {
      errors.push({
        position: url.valuePosition,
        tag: '26.25',
        message: `${field('26.25')} deve ter no máximo ${MAX_URL_LENGTH} caracteres; encontrado ${url.value.length}`,
      });
    } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url.value)) {
      errors.push({
        position: url.valuePosition,
        tag: '26.25',
        message: `${field('26.25')} não leva o esquema ("https://"): o app do pagador sempre usa HTTPS`,
      });
    }
  }
  if (description) info.description = description.value;
  for (const o of objects) if (!['26.00', '26.01', '26.02', '26.25'].includes(o.tag)) other.push(o);
  return info;
}

function checkAdditionalData(data: DataObject, errors: BrCodeError[], other: DataObject[]): string | null {
  const objects = parseTlvList(data.value, data.valuePosition, '62', errors);
  if (!objects) return null;
  const end = data.valuePosition + data.value.length;
  const byTag = indexByTag(objects, errors);
  const txid = requireObject(byTag, objects, '62.05', end, errors);
  for (const o of objects) if (o.tag !== '62.05') other.push(o);
  if (!txid) return null;
  const v = txid.value;
  if (v === '***') return v;
  if (v.length > MAX_STATIC_TXID_LENGTH) {
    errors.push({
      position: txid.valuePosition + MAX_STATIC_TXID_LENGTH,
      tag: '62.05',
      message: `${field('62.05')} deve ter no máximo ${MAX_STATIC_TXID_LENGTH} caracteres; encontrado ${v.length}`,
    });
    return null;
  }
  const bad = /[^A-Za-z0-9]/.exec(v);
  if (bad) {
    errors.push({
      position: txid.valuePosition + bad.index,
      tag: '62.05',
      message: `${field('62.05')} aceita só letras sem acento e números (ou "***"); encontrado "${bad[0]}"`,
    });
    return null;
  }
  return v;
}

const KNOWN_TOP_LEVEL = new Set(['00', '01', '26', '52', '53', '54', '58', '59', '60', '61', '62', '63']);

/**
 * Reads a BR Code and checks it against the manual: structure, mandatory objects and their formats,
 * the Pix account template and the CRC. Surrounding whitespace (a pasted code often carries a newline)
 * is ignored; a line break inside the code is an error. All errors found are reported, except that a
 * structural error stops the reading of the level it is in, and characters outside printable ASCII
 * stop everything (lengths would be ambiguous). Beyond the format, the key in 26-01 must be a valid
 * Pix key already in its DICT form, because that string is what the payer's bank looks up.
 * Accepted although optional or variant: 01 absent/"11"/"12", GUI in any case, 61 (postal code),
 * and any other ID (kept in `otherFields`).
 */
export function decodeBrCode(input: string): BrCodeDecodeResult {
  const payload = input.trim();
  const base = input.length - input.trimStart().length;
  if (payload === '') return { ok: false, errors: [{ position: 0, message: 'código Pix vazio' }] };

  const charErrors = characterErrors(payload, base);
  if (charErrors.length > 0) return { ok: false, errors: charErrors };

  const errors: BrCodeError[] = [];
  const objects = parseTlvList(payload, base, null, errors);
  if (!objects) return { ok: false, errors };
  const end = base + payload.length;
  const byTag = indexByTag(objects, errors);
  const other: DataObject[] = [];

  const pfi = requireObject(byTag, objects, '00', end, errors);
  if (pfi) {
    if (objects[0] !== pfi) {
      errors.push({
        position: pfi.position,
        tag: '00',
        message: `${field('00')} deve ser o primeiro do código`,
      });
    }
    if (pfi.value !== '01') {
      errors.push({
        position: pfi.valuePosition,
        tag: '00',
        message: `${field('00')} deve valer "01"; encontrado "${pfi.value}"`,
      });
    }
  }

  let pointOfInitiation: DecodedBrCode['pointOfInitiation'];
  const poi = byTag.get('01');
  if (poi) {
    if (poi.value === '11') pointOfInitiation = 'static';
    else if (poi.value === '12') pointOfInitiation = 'dynamic';
    else {
      errors.push({
        position: poi.valuePosition,
        tag: '01',
        message: `${field('01')} deve ser "11" (reutilizável) ou "12" (uso único); encontrado "${poi.value}"`,
      });
    }
  }

  const accountObject = requireObject(byTag, objects, '26', end, errors);
  const account = accountObject ? checkAccount(accountObject, errors, other) : null;

  const mcc = requireObject(byTag, objects, '52', end, errors);
  if (mcc && !/^\d{4}$/.test(mcc.value)) {
    errors.push({
      position: mcc.valuePosition,
      tag: '52',
      message: `${field('52')} deve ter 4 dígitos (0000 quando não informado); encontrado "${mcc.value}"`,
    });
  }
  const currency = requireObject(byTag, objects, '53', end, errors);
  if (currency && currency.value !== '986') {
    errors.push({
      position: currency.valuePosition,
      tag: '53',
      message: `${field('53')} deve ser "986" (real, ISO 4217); encontrado "${currency.value}"`,
    });
  }
  const amountObject = byTag.get('54');
  const amountCents = amountObject ? checkAmount(amountObject, errors) : undefined;
  const country = requireObject(byTag, objects, '58', end, errors);
  if (country && country.value !== 'BR') {
    errors.push({
      position: country.valuePosition,
      tag: '58',
      message: `${field('58')} deve ser "BR"; encontrado "${country.value}"`,
    });
  }
  const name = requireObject(byTag, objects, '59', end, errors);
  if (name) checkText(name, MAX_RECEIVER_NAME_LENGTH, errors);
  const city = requireObject(byTag, objects, '60', end, errors);
  if (city) checkText(city, MAX_CITY_LENGTH, errors);
  const additional = requireObject(byTag, objects, '62', end, errors);
  const txid = additional ? checkAdditionalData(additional, errors, other) : null;

  const crcObject = byTag.get('63');
  const last = objects[objects.length - 1];
  if (!crcObject) {
    errors.push({
      position: end,
      tag: '63',
      message: `${field('63')} ausente: o código deve terminar com 6304 e 4 dígitos hexadecimais`,
    });
  } else if (crcObject !== last) {
    errors.push({
      position: crcObject.position,
      tag: '63',
      message: `${field('63')} deve ser o último do código`,
    });
  } else if (crcObject.value.length !== 4) {
    errors.push({
      position: crcObject.position + 2,
      tag: '63',
      message: `${field('63')} deve ter tamanho 04; encontrado ${String(crcObject.value.length).padStart(2, '0')}`,
    });
  } else if (!/^[0-9A-F]{4}$/.test(crcObject.value)) {
    errors.push({
      position: crcObject.valuePosition,
      tag: '63',
      message: `${field('63')} deve ter 4 dígitos hexadecimais maiúsculos (0-9, A-F); encontrado "${crcObject.value}"`,
    });
  } else {
    const expected = crc16CcittFalse(payload.slice(0, crcObject.valuePosition - base));
    if (expected !== crcObject.value) {
      errors.push({
        position: crcObject.valuePosition,
        tag: '63',
        message: `CRC não confere: calculado ${expected}, encontrado ${crcObject.value} (código alterado ou copiado com erro)`,
      });
    }
  }

  for (const o of objects) if (!KNOWN_TOP_LEVEL.has(o.tag)) other.push(o);

  if (errors.length > 0) return { ok: false, errors };
  // Everything below was checked present and valid above.
  const info = account!;
  const value: DecodedBrCode = {
    payload,
    payloadFormatIndicator: pfi!.value,
    gui: info.gui,
    merchantCategoryCode: mcc!.value,
    currency: currency!.value,
    countryCode: country!.value,
    receiverName: name!.value,
    city: city!.value,
    txid: txid!,
    crc: crcObject!.value,
    kind: info.key !== undefined ? 'static' : 'dynamic',
    otherFields: other.sort((a, b) => a.position - b.position).map((o) => ({ tag: o.tag, value: o.value })),
  };
  if (pointOfInitiation) value.pointOfInitiation = pointOfInitiation;
  if (info.key !== undefined) value.key = info.key;
  if (info.keyKind) value.keyKind = info.keyKind;
  if (info.url !== undefined) value.url = info.url;
  if (info.description !== undefined) value.description = info.description;
  if (amountCents !== undefined) value.amountCents = amountCents;
  const postal = byTag.get('61');
  if (postal) value.postalCode = postal.value;
  return { ok: true, value };
}
