import { createHmac, timingSafeEqual } from 'node:crypto';
import { hasControlCharacters } from '../../platform/control-chars.ts';

/**
 * Pure rules for what the messaging providers send us: delivery status callbacks, inbound messages
 * (replies from debtors), the WhatsApp webhook signature, and the classification of a reply.
 *
 * Provider shapes (field names exactly as documented):
 *
 * - SMS — Zenvia API v2 (github.com/zenvia/zenvia-openapi-spec, `spec/tags/subscriptions.md` and
 *   `spec/components/schemas/events/*`): a subscription posts one event per request.
 *   `MESSAGE_STATUS`: `{ id, timestamp, type: 'MESSAGE_STATUS', subscriptionId, channel, messageId,
 *   contentIndex, messageStatus: { timestamp, code, description, causes: [{ channelErrorCode, reason,
 *   details }] } }` with `code` one of REJECTED, SENT, DELIVERED, NOT_DELIVERED, READ, DELETED, CLICKED,
 *   VERIFIED. `MESSAGE`: `{ id, timestamp, type: 'MESSAGE', subscriptionId, channel, direction, message:
 *   { id, from, to, direction: 'IN' | 'OUT', channel, contents: [{ type: 'text', text }] } }`. Phone
 *   numbers are digits with the country code and no '+' ("5511987654321").
 * - WhatsApp — Meta Cloud API webhooks (developers.facebook.com/documentation/business-messaging/
 *   whatsapp/webhooks/reference/messages/status and .../messages/text): `{ object:
 *   'whatsapp_business_account', entry: [{ id, changes: [{ field: 'messages', value: { messaging_product,
 *   metadata: { display_phone_number, phone_number_id }, contacts?, messages?: [{ from, id, timestamp,
 *   type, text: { body } }], statuses?: [{ id, status, timestamp, recipient_id, biz_opaque_callback_data?,
 *   errors?: [{ code, title, message, error_data: { details } }] }] } }] }] }`. `timestamp` is a string of
 *   Unix seconds; `from`/`recipient_id` are digits without '+'.
 *
 * Meta delivers statuses and inbound messages of an app to ONE callback URL, often in the same POST; so
 * for WhatsApp `parseStatusCallback` ignores `messages` and `parseInbound` ignores `statuses` (each
 * returns an empty list for a payload that only has the other kind). A route may call both on one body.
 *
 * Statuses we do not track (Zenvia DELETED; WhatsApp deleted, warning, played) are skipped, not errors;
 * a value outside the documented enums is an error, so a change of the provider's API is noticed.
 */

export type MessagingProvider = 'sms' | 'whatsapp';
export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

export interface StatusUpdate {
  providerMessageId: string;
  status: DeliveryStatus;
  at: Date;
  /** pt-BR/provider text of why the message failed (only for 'failed'). */
  error?: string;
  /** WhatsApp `biz_opaque_callback_data`: our outbox id, echoed back by Meta. */
  reference?: string;
}

export interface InboundMessage {
  /** E.164, e.g. "+5511987654321". */
  from: string;
  /** The text the person sent; '' for media without caption, stickers, locations, etc. */
  text: string;
  at: Date;
  providerMessageId: string;
}

export interface WebhookParseError {
  path: string;
  message: string;
}

export type WebhookParseResult<T> = { ok: true; value: T[] } | { ok: false; errors: WebhookParseError[] };

const MAX_ERRORS = 50;

// ---------------------------------------------------------------------------------------------------
// Phones
// ---------------------------------------------------------------------------------------------------

/** ITU-T E.164: '+', country code not starting with 0, at most 15 digits in all. */
export const E164_PATTERN = /^\+[1-9]\d{7,14}$/;

export function isE164(phone: string): boolean {
  return E164_PATTERN.test(phone);
}

/**
 * Digits as the providers send them ("5511987654321", maybe with a '+') -> E.164, or null.
 *
 * Brazil: WhatsApp IDs of accounts created before the ninth digit (2012–2016) still lack it, so a mobile
 * number arrives as "55 11 8765-4321" (12 digits) while our contact has "+55 11 98765-4321". A Brazilian
 * number with 8 subscriber digits starting with 6–9 is a mobile (landlines start with 2–5): the 9 is put
 * back so it matches the number we have on file.
 */
export function normalizeProviderPhone(raw: string): string | null {
  const trimmed = raw.trim();
  const digits = trimmed.startsWith('+') ? trimmed.slice(1) : trimmed;
  if (!/^\d+$/.test(digits)) return null;
  let normalized = digits;
  const br = /^55([1-9][1-9])([6-9]\d{7})$/.exec(digits);
  if (br) normalized = `55${br[1]}9${br[2]}`;
  const e164 = `+${normalized}`;
  return isE164(e164) ? e164 : null;
}

// ---------------------------------------------------------------------------------------------------
// WhatsApp signature
// ---------------------------------------------------------------------------------------------------

/**
 * `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>` (Graph API
 * Webhooks, "Event Notifications" / "Validating Payloads"). Must be computed over the exact bytes
 * received: Meta escapes non-ASCII characters as \uXXXX in the body it signs, so a re-serialized
 * `JSON.stringify(request.body)` does not match. Compared in constant time.
 */
export function verifyWhatsAppSignature(
  rawBody: string | Buffer,
  header: string | undefined,
  appSecret: string,
): boolean {
  if (!appSecret || typeof header !== 'string') return false;
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!match) return false;
  const given = Buffer.from(match[1]!, 'hex');
  const expected = createHmac('sha256', appSecret)
    .update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody)
    .digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The header value Meta would send for `rawBody` (for the simulator and tests). */
export function whatsAppSignature(rawBody: string | Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

// ---------------------------------------------------------------------------------------------------
// Status callbacks
// ---------------------------------------------------------------------------------------------------

/** Zenvia `messageStatus.code` -> our status; null = known but not tracked. */
const ZENVIA_STATUS: Record<string, DeliveryStatus | null> = {
  SENT: 'sent',
  DELIVERED: 'delivered',
  // "delivered, and the device app acknowledged the sender as verified".
  VERIFIED: 'delivered',
  READ: 'read',
  // A link in the message was clicked: it was read.
  CLICKED: 'read',
  REJECTED: 'failed',
  NOT_DELIVERED: 'failed',
  // About a message the *user* sent and then deleted: nothing to record on our outbound message.
  DELETED: null,
};

/** WhatsApp `statuses[].status` -> our status; null = known but not tracked. */
const WHATSAPP_STATUS: Record<string, DeliveryStatus | null> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  failed: 'failed',
  deleted: null,
  warning: null,
  played: null,
};

export function parseStatusCallback(
  provider: MessagingProvider,
  body: unknown,
): WebhookParseResult<StatusUpdate> {
  return provider === 'sms' ? parseZenviaStatus(body) : parseWhatsAppStatuses(body);
}

export function parseInbound(provider: MessagingProvider, body: unknown): WebhookParseResult<InboundMessage> {
  return provider === 'sms' ? parseZenviaInbound(body) : parseWhatsAppInbound(body);
}

class Errors {
  readonly list: WebhookParseError[] = [];
  add(path: string, message: string): void {
    if (this.list.length < MAX_ERRORS) this.list.push({ path, message });
  }
  get count(): number {
    return this.list.length;
  }
}

function result<T>(value: T[], errors: Errors): WebhookParseResult<T> {
  return errors.count > 0 ? { ok: false, errors: errors.list } : { ok: true, value };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/i;

/** Zenvia `format: date-time` (RFC 3339). */
function parseIsoInstant(value: unknown): Date | null {
  if (typeof value !== 'string' || !RFC3339.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** WhatsApp: Unix seconds, as a string of digits (a number is accepted too). */
function parseUnixSeconds(value: unknown): Date | null {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,12}$/.test(text)) return null;
  return new Date(Number(text) * 1000);
}

/**
 * The longest inbound text we accept. WhatsApp caps a text message at 4,096 characters and a
 * concatenated SMS is far shorter, so anything longer did not come from a person's phone: it would
 * only fill the agents' inbox (and the database) with whatever an attacker posts.
 */
export const MAX_INBOUND_TEXT_LENGTH = 4096;
/** Provider message ids are short opaque strings (Zenvia UUIDs, Meta wamids of ~60 characters). */
const MAX_PROVIDER_ID_LENGTH = 200;

function checkInboundText(text: string, path: string, errors: Errors): void {
  if (text.length > MAX_INBOUND_TEXT_LENGTH) {
    errors.add(path, `Texto longo demais: no máximo ${MAX_INBOUND_TEXT_LENGTH} caracteres.`);
  } else if (hasControlCharacters(text)) {
    // A NUL byte cannot be stored in a PostgreSQL text column: refused here, before anything is written.
    errors.add(path, 'O texto contém caracteres de controle (por exemplo, o byte nulo).');
  }
}

function checkProviderId(id: string, path: string, errors: Errors): void {
  if (id.length > MAX_PROVIDER_ID_LENGTH || hasControlCharacters(id)) {
    errors.add(
      path,
      `Identificador da mensagem inválido (até ${MAX_PROVIDER_ID_LENGTH} caracteres, sem caracteres de controle).`,
    );
  }
}

// --- Zenvia ----------------------------------------------------------------------------------------

function zenviaEvent(body: unknown, type: 'MESSAGE' | 'MESSAGE_STATUS', errors: Errors) {
  if (!isRecord(body)) {
    errors.add('', 'O corpo do webhook deve ser um objeto JSON (evento da Zenvia).');
    return null;
  }
  if (body.type !== type) {
    errors.add(
      'type',
      `Tipo de evento inesperado: esperado "${type}", recebido ${JSON.stringify(body.type)}.`,
    );
    return null;
  }
  return body;
}

function parseZenviaStatus(body: unknown): WebhookParseResult<StatusUpdate> {
  const errors = new Errors();
  const event = zenviaEvent(body, 'MESSAGE_STATUS', errors);
  if (!event) return result([], errors);
  if (!nonEmptyString(event.messageId)) errors.add('messageId', 'Campo obrigatório ausente: id da mensagem.');
  const status = event.messageStatus;
  if (!isRecord(status)) {
    errors.add('messageStatus', 'Campo obrigatório ausente: objeto messageStatus.');
    return result([], errors);
  }
  const code = status.code;
  let mapped: DeliveryStatus | null = null;
  if (typeof code !== 'string' || !(code in ZENVIA_STATUS)) {
    errors.add('messageStatus.code', `Código de status desconhecido: ${JSON.stringify(code)}.`);
  } else mapped = ZENVIA_STATUS[code]!;
  // `messageStatus.timestamp` is required by the schema; the event's own timestamp is a fallback.
  const at = parseIsoInstant(status.timestamp) ?? parseIsoInstant(event.timestamp);
  if (!at) errors.add('messageStatus.timestamp', 'Data e hora ausente ou fora do formato RFC 3339.');
  if (errors.count > 0 || mapped === null) return result([], errors);
  const update: StatusUpdate = { providerMessageId: event.messageId as string, status: mapped, at: at! };
  if (mapped === 'failed') update.error = zenviaFailure(status, code as string);
  return result([update], errors);
}

function zenviaFailure(status: Record<string, unknown>, code: string): string {
  const parts: string[] = [];
  if (Array.isArray(status.causes)) {
    for (const cause of status.causes) {
      if (!isRecord(cause)) continue;
      const text = [cause.reason, cause.details].filter(nonEmptyString).join(' — ');
      const channelCode = nonEmptyString(cause.channelErrorCode) ? `[${cause.channelErrorCode}] ` : '';
      if (text || channelCode) parts.push(`${channelCode}${text}`.trim());
    }
  }
  if (parts.length === 0 && nonEmptyString(status.description)) parts.push(status.description);
  return parts.length > 0 ? `${code}: ${parts.join('; ')}` : code;
}

function parseZenviaInbound(body: unknown): WebhookParseResult<InboundMessage> {
  const errors = new Errors();
  const event = zenviaEvent(body, 'MESSAGE', errors);
  if (!event) return result([], errors);
  const message = event.message;
  if (!isRecord(message)) {
    errors.add('message', 'Campo obrigatório ausente: objeto message.');
    return result([], errors);
  }
  const direction = message.direction ?? event.direction;
  // A subscription may include our own outgoing messages (direction OUT): not a reply.
  if (direction === 'OUT') return result([], errors);
  if (direction !== undefined && direction !== 'IN') {
    errors.add('message.direction', `Direção desconhecida: ${JSON.stringify(direction)}.`);
  }
  if (!nonEmptyString(message.id)) errors.add('message.id', 'Campo obrigatório ausente: id da mensagem.');
  const from = typeof message.from === 'string' ? normalizeProviderPhone(message.from) : null;
  if (!from) errors.add('message.from', 'Remetente ausente ou não é um telefone com código do país.');
  const at = parseIsoInstant(event.timestamp) ?? parseIsoInstant(message.timestamp);
  if (!at) errors.add('timestamp', 'Data e hora ausente ou fora do formato RFC 3339.');
  const texts: string[] = [];
  if (!Array.isArray(message.contents) || message.contents.length === 0) {
    errors.add('message.contents', 'Deve ser uma lista não vazia de conteúdos.');
  } else {
    message.contents.forEach((content, i) => {
      if (!isRecord(content) || typeof content.type !== 'string') {
        errors.add(`message.contents[${i}]`, 'Cada conteúdo deve ser um objeto com "type".');
      } else if (content.type === 'text') {
        if (typeof content.text !== 'string') {
          errors.add(`message.contents[${i}].text`, 'Conteúdo de texto sem o campo "text".');
        } else texts.push(content.text);
      }
    });
  }
  if (errors.count === 0) checkInboundText(texts.join('\n'), 'message.contents', errors);
  if (nonEmptyString(message.id)) checkProviderId(message.id, 'message.id', errors);
  if (errors.count > 0) return result([], errors);
  return result(
    [{ from: from!, text: texts.join('\n'), at: at!, providerMessageId: message.id as string }],
    errors,
  );
}

// --- WhatsApp --------------------------------------------------------------------------------------

interface WhatsAppValue {
  value: Record<string, unknown>;
  path: string;
}

/** Walks `entry[].changes[]` and returns the `value` of each change with `field: 'messages'`. */
function whatsAppValues(body: unknown, errors: Errors): WhatsAppValue[] {
  if (!isRecord(body)) {
    errors.add('', 'O corpo do webhook deve ser um objeto JSON (notificação da WhatsApp Cloud API).');
    return [];
  }
  if (body.object !== 'whatsapp_business_account') {
    errors.add(
      'object',
      `Objeto inesperado: ${JSON.stringify(body.object)} (esperado "whatsapp_business_account").`,
    );
    return [];
  }
  if (!Array.isArray(body.entry)) {
    errors.add('entry', 'Deve ser uma lista (array) de entradas.');
    return [];
  }
  const values: WhatsAppValue[] = [];
  body.entry.forEach((entry, i) => {
    if (!isRecord(entry) || !Array.isArray(entry.changes)) {
      errors.add(`entry[${i}].changes`, 'Cada entrada deve ter a lista "changes".');
      return;
    }
    entry.changes.forEach((change, j) => {
      const path = `entry[${i}].changes[${j}]`;
      if (!isRecord(change)) {
        errors.add(path, 'Cada alteração deve ser um objeto com "field" e "value".');
        return;
      }
      // Other fields (template status, account updates…) share the callback URL: not ours to parse.
      if (change.field !== undefined && change.field !== 'messages') return;
      if (!isRecord(change.value)) {
        errors.add(`${path}.value`, 'Campo obrigatório ausente: objeto value.');
        return;
      }
      values.push({ value: change.value, path: `${path}.value` });
    });
  });
  return values;
}

function whatsAppErrorText(raw: unknown): string | undefined {
  if (!Array.isArray(raw)) return undefined;
  const parts = raw.filter(isRecord).map((e) => {
    const title = nonEmptyString(e.title) ? e.title : nonEmptyString(e.message) ? e.message : 'erro';
    const data =
      isRecord(e.error_data) && nonEmptyString(e.error_data.details) ? `: ${e.error_data.details}` : '';
    const code = typeof e.code === 'number' || typeof e.code === 'string' ? `${e.code} ` : '';
    return `${code}${title}${data}`;
  });
  return parts.length > 0 ? parts.join('; ') : undefined;
}

function parseWhatsAppStatuses(body: unknown): WebhookParseResult<StatusUpdate> {
  const errors = new Errors();
  const out: StatusUpdate[] = [];
  for (const { value, path } of whatsAppValues(body, errors)) {
    if (value.statuses === undefined) continue;
    if (!Array.isArray(value.statuses)) {
      errors.add(`${path}.statuses`, 'Deve ser uma lista (array) de status.');
      continue;
    }
    value.statuses.forEach((raw, k) => {
      const p = `${path}.statuses[${k}]`;
      if (!isRecord(raw)) {
        errors.add(p, 'Cada status deve ser um objeto com id, status e timestamp.');
        return;
      }
      const before = errors.count;
      if (!nonEmptyString(raw.id))
        errors.add(`${p}.id`, 'Campo obrigatório ausente: id da mensagem (wamid).');
      let mapped: DeliveryStatus | null = null;
      if (typeof raw.status !== 'string' || !(raw.status in WHATSAPP_STATUS)) {
        errors.add(`${p}.status`, `Status desconhecido: ${JSON.stringify(raw.status)}.`);
      } else mapped = WHATSAPP_STATUS[raw.status]!;
      const at = parseUnixSeconds(raw.timestamp);
      if (!at) errors.add(`${p}.timestamp`, 'Deve ser um instante em segundos Unix (texto só com dígitos).');
      if (errors.count > before || mapped === null) return;
      const update: StatusUpdate = { providerMessageId: raw.id as string, status: mapped, at: at! };
      if (mapped === 'failed') update.error = whatsAppErrorText(raw.errors) ?? 'failed';
      if (nonEmptyString(raw.biz_opaque_callback_data)) update.reference = raw.biz_opaque_callback_data;
      out.push(update);
    });
  }
  return result(out, errors);
}

/** Message types that are not something the person wrote to us. */
const WHATSAPP_SKIPPED_TYPES = new Set(['system', 'reaction', 'unsupported', 'ephemeral', 'request_welcome']);

function whatsAppMessageText(message: Record<string, unknown>): string {
  const type = message.type;
  const part = typeof type === 'string' ? message[type] : undefined;
  if (type === 'text') return isRecord(part) && typeof part.body === 'string' ? part.body : '';
  // Quick-reply button of a template.
  if (type === 'button') return isRecord(part) && typeof part.text === 'string' ? part.text : '';
  if (type === 'interactive' && isRecord(part)) {
    const reply = isRecord(part.button_reply)
      ? part.button_reply
      : isRecord(part.list_reply)
        ? part.list_reply
        : null;
    return reply && typeof reply.title === 'string' ? reply.title : '';
  }
  // image, video, document: the caption, if any; audio, sticker, location, contacts: nothing to read.
  return isRecord(part) && typeof part.caption === 'string' ? part.caption : '';
}

function parseWhatsAppInbound(body: unknown): WebhookParseResult<InboundMessage> {
  const errors = new Errors();
  const out: InboundMessage[] = [];
  for (const { value, path } of whatsAppValues(body, errors)) {
    if (value.messages === undefined) continue;
    if (!Array.isArray(value.messages)) {
      errors.add(`${path}.messages`, 'Deve ser uma lista (array) de mensagens.');
      continue;
    }
    value.messages.forEach((raw, k) => {
      const p = `${path}.messages[${k}]`;
      if (!isRecord(raw)) {
        errors.add(p, 'Cada mensagem deve ser um objeto com from, id, timestamp e type.');
        return;
      }
      if (typeof raw.type === 'string' && WHATSAPP_SKIPPED_TYPES.has(raw.type)) return;
      const before = errors.count;
      if (!nonEmptyString(raw.id))
        errors.add(`${p}.id`, 'Campo obrigatório ausente: id da mensagem (wamid).');
      if (!nonEmptyString(raw.type)) errors.add(`${p}.type`, 'Campo obrigatório ausente: tipo da mensagem.');
      const from = typeof raw.from === 'string' ? normalizeProviderPhone(raw.from) : null;
      if (!from) errors.add(`${p}.from`, 'Remetente ausente ou não é um telefone com código do país.');
      const at = parseUnixSeconds(raw.timestamp);
      if (!at) errors.add(`${p}.timestamp`, 'Deve ser um instante em segundos Unix (texto só com dígitos).');
      if (raw.type === 'text' && !(isRecord(raw.text) && typeof raw.text.body === 'string')) {
        errors.add(`${p}.text.body`, 'Mensagem de texto sem o campo "text.body".');
      }
      if (nonEmptyString(raw.id)) checkProviderId(raw.id, `${p}.id`, errors);
      if (errors.count > before) return;
      const text = whatsAppMessageText(raw);
      checkInboundText(text, `${p}.text.body`, errors);
      if (errors.count > before) return;
      out.push({ from: from!, text, at: at!, providerMessageId: raw.id as string });
    });
  }
  return result(out, errors);
}

// ---------------------------------------------------------------------------------------------------
// Replies
// ---------------------------------------------------------------------------------------------------

export const REPLY_INTENTS = ['opt_out', 'dispute', 'negotiate', 'other'] as const;
export type ReplyIntent = (typeof REPLY_INTENTS)[number];

/**
 * Lower case, accents and punctuation removed, emojis dropped, common SMS spellings expanded:
 * "Não quero mais receber!!! 😡" -> ['nao', 'quero', 'mais', 'receber'].
 */
export function replyTokens(text: string): string[] {
  const plain = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  if (plain === '') return [];
  return plain.split(' ').map((t) => SPELLINGS[t] ?? t);
}

const SPELLINGS: Record<string, string> = {
  n: 'nao',
  naum: 'nao',
  nn: 'nao',
  q: 'que',
  vcs: 'voces',
  pfv: 'pf',
  pfvr: 'pf',
  porfavor: 'pf',
  msg: 'mensagem',
  msgs: 'mensagens',
  zap: 'whatsapp',
  wpp: 'whatsapp',
  whats: 'whatsapp',
  zapzap: 'whatsapp',
};

/** Words that, alone or as the first word of an otherwise filler-only message, ask to stop. */
const OPT_OUT_KEYWORDS = new Set([
  'sair',
  'parar',
  'pare',
  'parem',
  'stop',
  'cancelar',
  'cancela',
  'descadastrar',
  'descadastre',
  'descadastro',
  'remover',
  'unsubscribe',
]);

/** Whole messages that ask to stop but are too common as words to be keywords. */
const OPT_OUT_WHOLE = new Set(['para', 'chega', 'basta', 'nao quero mais', 'para com isso', 'pare com isso']);

/**
 * What may follow an opt-out keyword without changing its meaning ("SAIR por favor", "parar de
 * receber mensagens", "cancelar o envio de sms"). Anything else makes the message a sentence about
 * something else ("cancelar o acordo", "parar de pagar"), which is not an opt-out.
 */
const OPT_OUT_FILLER = new Set([
  'pf',
  'por',
  'favor',
  'obrigado',
  'obrigada',
  'obg',
  'grato',
  'grata',
  'ja',
  'agora',
  'mesmo',
  'ok',
  'sim',
  'de',
  'da',
  'do',
  'das',
  'dos',
  'desta',
  'dessa',
  'deste',
  'desse',
  'sua',
  'seu',
  'o',
  'a',
  'os',
  'as',
  'e',
  'me',
  'meu',
  'minha',
  'eu',
  'quero',
  'isso',
  'tudo',
  'todas',
  'todos',
  'lista',
  'receber',
  'mandar',
  'enviar',
  'ligar',
  'incomodar',
  'envio',
  'envios',
  'mensagem',
  'mensagens',
  'sms',
  'whatsapp',
  'email',
  'mail',
  'notificacao',
  'notificacoes',
  'contato',
  'contatos',
  'numero',
  'telefone',
  'cadastro',
]);

/** Unambiguous requests to stop, wherever they appear in the message. */
const OPT_OUT_PHRASES: RegExp[] = [
  /\bnao (quero|desejo) (mais )?(receber|ser contatad[oa]|ser incomodad[oa])\b/,
  /\bnao (me )?(mande|mandem|manda|envie|enviem|envia|liguem|ligue) mais\b/,
  /\b(para|pare|parem|parar) de (me )?(mandar|enviar|ligar|incomodar|perturbar|receber)\b/,
  /\b(tire|tira|tirem|remova|remove|removam|exclua|exclui|excluam|retire) (o )?meu (numero|contato|telefone|cadastro|email|nome)\b/,
  /\b(me )?(tire|tira|tirem|remova|remove|removam|exclua|excluam|retire) (da|dessa|desta|de sua|da sua) lista\b/,
  /\bdescadastr/,
];

const NEGOTIATE_KEYWORDS = new Set([
  'negociar',
  'negociacao',
  'renegociar',
  'renegociacao',
  'acordo',
  'parcelar',
  'parcelamento',
  'desconto',
  'proposta',
]);

/** Words that, right after a "não" shortly before a negotiation word, make it a refusal. */
const REFUSAL_VERBS = new Set(['quero', 'desejo', 'preciso', 'aceito', 'vou', 'quer', 'faco', 'farei']);
/** Words that start a new, positive clause between the refusal and the negotiation word. */
const POSITIVE_INTENT = new Set([
  'quero',
  'queria',
  'gostaria',
  'posso',
  'aceito',
  'preciso',
  'mas',
  'porem',
]);

/**
 * The person says the debt is not theirs ("essa dívida não é minha", "não reconheço", "desconheço essa
 * cobrança", "nunca contratei", "não devo nada"): a dispute. Collection stops until a person looks at it
 * (CDC art. 42: no charge of what may not be owed; CDC art. 43 §3: the consumer may demand correction).
 * "Não é minha culpa" is not a dispute.
 */
const DISPUTE_PHRASES: RegExp[] = [
  /\bnao (e|eh|sao) (minha|meu|minhas|meus)\b(?! (culpa|intencao|vontade|praia))/,
  /\bnao (a |as |o |os )?reconhec(o|emos)\b/,
  /\bdesconhec(o|emos)\b/,
  /\bnao (devo|fiz|contratei|fizemos|contratamos|assinei) (isso|essa|esta|esse|este|nada|nenhuma|nenhum|divida|contrato|compra)\b/,
  /\bnunca (contratei|assinei|comprei|fiz (essa|esta|esse|este|isso|divida|compra|contrato)|tive (conta|cartao|contrato|emprestimo))\b/,
  /\b(quero |vou |gostaria de )?contest(ar|o|amos)\b/,
];

/** Greetings and politeness that may come before an opt-out keyword ("Oi, quero sair"). */
const LEADING_FILLER = new Set([
  'oi',
  'ola',
  'bom',
  'boa',
  'dia',
  'tarde',
  'noite',
  'eu',
  'quero',
  'gostaria',
  'de',
  'pf',
  'por',
  'favor',
]);

/**
 * Classifies a reply to a collection message.
 *
 * opt_out — the person asks us to stop: the message is essentially an opt-out keyword (SAIR, PARAR,
 * PARE, STOP, CANCELAR, DESCADASTRAR, REMOVER): the keyword is its first word after greetings and
 * politeness ("Oi, quero sair"), followed only by filler ("Sair, por favor!", "PARAR DE RECEBER
 * MENSAGENS"); or the whole message is "para", "chega", "basta", "não quero mais"; or it contains an unambiguous phrase ("não quero mais receber", "parem de
 * me ligar", "me tire da lista", "descadastrar"). A keyword inside a sentence about something else is
 * NOT an opt-out: "vou parar no banco amanhã para pagar", "cancelar o acordo", "preciso sair do
 * vermelho". Wrongly opting someone out loses a channel they may want; wrongly not opting out is
 * handled by the phrases above and by the human reading the conversation.
 *
 * dispute — the person says the debt is not theirs ("essa dívida não é minha", "não reconheço",
 * "desconheço", "nunca contratei", "quero contestar"): collection stops and an agent looks at it.
 *
 * negotiate — the message mentions negotiating (NEGOCIAR, ACORDO, RENEGOCIAR, PARCELAR, DESCONTO,
 * PROPOSTA, "quero negociar", "fazer acordo") and does not refuse it ("não quero acordo").
 *
 * An opt-out wins over a negotiation request in the same message: a request to stop must be honoured
 * on that channel, and the person can still negotiate through the link or another channel.
 */
export function classifyReply(text: string): ReplyIntent {
  const tokens = replyTokens(text);
  if (tokens.length === 0) return 'other';
  const joined = tokens.join(' ');
  if (OPT_OUT_WHOLE.has(joined)) return 'opt_out';
  let start = 0;
  while (start < tokens.length - 1 && LEADING_FILLER.has(tokens[start]!)) start++;
  const first = tokens[start]!;
  const rest = tokens.slice(start + 1);
  if (OPT_OUT_KEYWORDS.has(first) && rest.every((t) => OPT_OUT_FILLER.has(t) || OPT_OUT_KEYWORDS.has(t))) {
    return 'opt_out';
  }
  if (OPT_OUT_PHRASES.some((re) => re.test(joined))) return 'opt_out';
  // Before "negotiate": "não reconheço essa dívida, mas quero negociar" is checked by a person first.
  if (DISPUTE_PHRASES.some((re) => re.test(joined))) return 'dispute';

  for (let i = 0; i < tokens.length; i++) {
    if (!NEGOTIATE_KEYWORDS.has(tokens[i]!)) continue;
    // "não quero acordo", "não tenho interesse em negociar", "não vou fazer acordo": a "não" at most
    // four words before, directly followed by a refusal verb. "não consigo pagar, quero negociar" is
    // not a refusal (the "não" is followed by "consigo"), nor is "não vou pagar tudo, quero acordo".
    let refused = false;
    for (let j = Math.max(0, i - 4); j < i; j++) {
      if (tokens[j] !== 'nao') continue;
      const next = tokens[j + 1] ?? '';
      const interest = next === 'tenho' && tokens[j + 2] === 'interesse';
      if (!REFUSAL_VERBS.has(next) && !interest) continue;
      // "não vou pagar à vista, quero acordo": a new clause after the refusal asks for it after all.
      const between = tokens.slice(j + (interest ? 3 : 2), i);
      refused = !between.some((t) => POSITIVE_INTENT.has(t));
    }
    if (!refused) return 'negotiate';
  }
  return 'other';
}
