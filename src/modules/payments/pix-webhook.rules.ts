import {
  type ApiPix,
  type ApiPixWebhookBody,
  centsToValor,
  isRecord,
  PIX_TXID_PATTERN,
  VALOR_PATTERN,
  valorToCents,
} from './api-pix.ts';

/**
 * The Pix webhook callback (`POST {webhookUrl}/pix`, body `WebhookPixBody` of the API Pix): pure
 * parsing and validation of what a PSP posts when a Pix arrives, and `webhookBody` to write one.
 */

// ---------------------------------------------------------------------------------------------------
// Webhook (callback `POST {webhookUrl}/pix`)
// ---------------------------------------------------------------------------------------------------

export interface PixWebhookEntry {
  endToEndId: string;
  /** Null for a Pix without txid (static QR, manual transfer to the key). */
  txid: string | null;
  amountCents: number;
  /** `horario` as an ISO 8601 instant in UTC. */
  paidAt: string;
  /** `infoPagador`: free text typed by the payer. */
  payerInfo?: string;
}

export interface PixWebhookError {
  /** JSON path such as `pix[0].valor`; '' is the body itself. */
  path: string;
  message: string;
}

export type PixWebhookResult =
  | { ok: true; value: PixWebhookEntry[] }
  | { ok: false; errors: PixWebhookError[] };

/**
 * Validates a `WebhookPixBody` (`{"pix": [Pix, …]}`) and converts it. All errors are reported, each
 * with its path, so a PSP's support team can be told exactly what was wrong.
 *
 * - An empty `pix` array is accepted as a no-op: the schema sets no minimum, and answering 4xx would
 *   only make the PSP retry a notification that has nothing in it.
 * - Unknown fields are tolerated (the spec lists new response fields as a compatible change), and so
 *   is any `devolucoes` value: its content is not used here, and the spec's own example `pixWebhook1`
 *   sends it as an object, not as the array its schema says.
 * - The same `endToEndId` is notified again when a refund reaches a final status: consumers must
 *   treat the endToEndId as the idempotency key of a payment.
 */
/**
 * Most Pix one notification may carry, by default (TRATO_MAX_PIX_PER_WEBHOOK; each tenant's admin may
 * set its own, settings/limits). PSPs send a handful per call; 3,000 in one POST held the embedded
 * database (and so every tenant) for seconds. Above the limit the notification is refused whole,
 * before anything is applied, and the PSP's retry (or its support) splits it.
 */
export const MAX_PIX_PER_NOTIFICATION = 500;

/** Pix items in a notification body (0 when it has no list): checked against the limit before parsing. */
export function pixItemCount(body: unknown): number {
  return isRecord(body) && Array.isArray(body.pix) ? body.pix.length : 0;
}

export function parsePixWebhook(body: unknown, maxItems = MAX_PIX_PER_NOTIFICATION): PixWebhookResult {
  const errors: PixWebhookError[] = [];
  if (!isRecord(body)) {
    errors.push({ path: '', message: 'O corpo da notificação deve ser um objeto JSON com a lista "pix".' });
    return { ok: false, errors };
  }
  if (body.pix === undefined || body.pix === null) {
    errors.push({ path: 'pix', message: 'Campo obrigatório ausente: a lista "pix" de Pix recebidos.' });
    return { ok: false, errors };
  }
  if (Array.isArray(body.pix) && body.pix.length > maxItems) {
    errors.push({
      path: 'pix',
      message: `No máximo ${maxItems} Pix por notificação (recebidos ${body.pix.length}); nada foi aplicado.`,
    });
    return { ok: false, errors };
  }
  const value = parsePixList(body.pix, 'pix', errors);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}

export function parsePixList(raw: unknown, path: string, errors: PixWebhookError[]): PixWebhookEntry[] {
  if (!Array.isArray(raw)) {
    errors.push({ path, message: 'Deve ser uma lista (array) de Pix recebidos.' });
    return [];
  }
  const out: PixWebhookEntry[] = [];
  raw.forEach((item, i) => {
    const entry = parsePixEntry(item, `${path}[${i}]`, errors);
    if (entry) out.push(entry);
  });
  return out;
}

function parsePixEntry(raw: unknown, path: string, errors: PixWebhookError[]): PixWebhookEntry | null {
  if (!isRecord(raw)) {
    errors.push({ path, message: 'Cada Pix deve ser um objeto com endToEndId, valor e horario.' });
    return null;
  }
  const before = errors.length;
  const err = (field: string, message: string) => errors.push({ path: `${path}.${field}`, message });

  // endToEndId (required)
  const e2e = raw.endToEndId;
  if (e2e === undefined || e2e === null) err('endToEndId', 'Campo obrigatório ausente.');
  else if (typeof e2e !== 'string') err('endToEndId', 'Deve ser texto de 32 caracteres.');
  else {
    const problem = endToEndIdProblem(e2e);
    if (problem) err('endToEndId', problem);
  }

  // txid (optional; schema Pix.txid "[a-zA-Z0-9]{1,35}")
  const txid = raw.txid;
  if (txid !== undefined && txid !== null) {
    if (typeof txid !== 'string') err('txid', 'Deve ser texto (de 1 a 35 letras ou dígitos).');
    else if (txid.length === 0 || txid.length > 35) {
      err('txid', `Deve ter de 1 a 35 caracteres (tem ${txid.length}).`);
    } else if (!PIX_TXID_PATTERN.test(txid)) err('txid', 'Deve conter apenas letras e dígitos.');
  }

  // valor (required)
  const valor = raw.valor;
  let amountCents: number | null = null;
  if (valor === undefined || valor === null) err('valor', 'Campo obrigatório ausente.');
  else if (typeof valor !== 'string') {
    err('valor', 'Deve ser texto no formato "123.45" (a API Pix envia valores como string, não número).');
  } else {
    const problem = valorProblem(valor);
    if (problem) err('valor', problem);
    else {
      amountCents = valorToCents(valor);
      if (amountCents === 0) err('valor', 'O valor de um Pix recebido deve ser maior que zero.');
    }
  }

  // horario (required, RFC 3339 date-time)
  const horario = raw.horario;
  let paidAt: string | null = null;
  if (horario === undefined || horario === null) err('horario', 'Campo obrigatório ausente.');
  else if (typeof horario !== 'string') err('horario', 'Deve ser texto com data e hora RFC 3339.');
  else {
    paidAt = rfc3339ToIso(horario);
    if (paidAt === null) err('horario', rfc3339Problem(horario));
  }

  // infoPagador and chave (optional)
  const info = raw.infoPagador;
  if (info !== undefined && info !== null) {
    if (typeof info !== 'string') err('infoPagador', 'Deve ser texto.');
    else if (info.length > 140) err('infoPagador', `Deve ter até 140 caracteres (tem ${info.length}).`);
  }
  const chave = raw.chave;
  if (chave !== undefined && chave !== null) {
    if (typeof chave !== 'string') err('chave', 'Deve ser texto.');
    else if (chave.length > 77) err('chave', `Deve ter até 77 caracteres (tem ${chave.length}).`);
  }

  if (errors.length > before || amountCents === null || paidAt === null) return null;
  const entry: PixWebhookEntry = {
    endToEndId: e2e as string,
    txid: typeof txid === 'string' ? txid : null,
    amountCents,
    paidAt,
  };
  if (typeof info === 'string' && info !== '') entry.payerInfo = info;
  return entry;
}

/** Why `value` is not an endToEndId of a payment, or null when it is one. */
export function endToEndIdProblem(value: string): string | null {
  if (value.length !== 32) return `Deve ter 32 caracteres (tem ${value.length}).`;
  if (value[0] === 'D') {
    return 'Começa com "D", que identifica uma devolução (rtrId), não um pagamento: deve começar com "E".';
  }
  if (value[0] !== 'E') return 'Deve começar com "E" (identificador fim a fim de um pagamento no SPI).';
  if (!/^\d{8}$/.test(value.slice(1, 9))) {
    return 'Os caracteres 2 a 9 devem ser o ISPB do participante do pagador (8 dígitos).';
  }
  if (!isValidUtcStamp(value.slice(9, 21))) {
    return 'Os caracteres 10 a 21 devem ser data e hora UTC válidas no formato AAAAMMDDHHmm.';
  }
  if (!/^[a-zA-Z0-9]{11}$/.test(value.slice(21)))
    return 'Os últimos 11 caracteres devem ser letras ou dígitos.';
  return null;
}

function isValidUtcStamp(stamp: string): boolean {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(stamp);
  if (!m) return false;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  return isValidDate(year, month, day) && hour <= 23 && minute <= 59;
}

/** Why `valor` does not match `\d{1,10}\.\d{2}`, in terms a person fixing the sender understands. */
function valorProblem(valor: string): string | null {
  if (VALOR_PATTERN.test(valor)) return null;
  if (valor.trim().startsWith('-')) return 'O valor não pode ser negativo.';
  if (valor.includes(',')) {
    return 'Use ponto como separador decimal e nenhum separador de milhar (ex.: "1234.56"), não vírgula.';
  }
  const m = /^(\d+)(?:\.(\d*))?$/.exec(valor);
  if (!m) return 'Deve estar no formato "123.45": dígitos, ponto e duas casas decimais.';
  const [, reais = '', decimals] = m;
  if (decimals === undefined) return 'Deve ter duas casas decimais após o ponto (ex.: "10.00").';
  if (decimals.length !== 2) {
    const hint = decimals.length === 3 ? '; não use ponto como separador de milhar' : '';
    return `Deve ter exatamente duas casas decimais (tem ${decimals.length})${hint}.`;
  }
  if (reais.length > 10) return `A parte inteira tem no máximo 10 dígitos (tem ${reais.length}).`;
  return 'Deve estar no formato "123.45": dígitos, ponto e duas casas decimais.';
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/;

/** RFC 3339 `date-time` (offset required) -> ISO instant in UTC; null when malformed or nonexistent. */
export function rfc3339ToIso(value: string): string | null {
  const m = RFC3339.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Date.parse rolls 2020-02-30 over to 1 March instead of failing: check the calendar ourselves.
  // Second 60 (leap second) is valid RFC 3339 but JavaScript cannot represent it.
  if (!isValidDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  if (m[9] !== undefined && (Number(m[10]) > 23 || Number(m[11]) > 59)) return null;
  const ms = Date.parse(value.toUpperCase());
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function rfc3339Problem(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(value)) {
    return 'Falta o fuso horário: use "Z" ou um deslocamento como "-03:00" (RFC 3339).';
  }
  if (RFC3339.test(value)) return 'Data ou hora inexistente.';
  return 'Deve ser data e hora RFC 3339 com fuso (ex.: "2020-09-09T20:15:00.358Z").';
}

function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

export interface PixWebhookEntryInput {
  endToEndId: string;
  txid?: string | null;
  amountCents: number;
  paidAt: string | Date;
  payerInfo?: string;
  key?: string;
}

/** Builds a `WebhookPixBody` from our types (the simulator sends these; tests feed them back). */
export function webhookBody(entries: readonly PixWebhookEntryInput[]): ApiPixWebhookBody {
  return {
    pix: entries.map((e) => {
      const pix: ApiPix = {
        endToEndId: e.endToEndId,
        valor: centsToValor(e.amountCents),
        horario: (e.paidAt instanceof Date ? e.paidAt : new Date(e.paidAt)).toISOString(),
      };
      if (e.txid !== undefined && e.txid !== null) pix.txid = e.txid;
      if (e.payerInfo !== undefined) pix.infoPagador = e.payerInfo;
      if (e.key !== undefined) pix.chave = e.key;
      return pix;
    }),
  };
}
