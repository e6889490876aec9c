import { createHash } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { isE164 } from './provider-webhooks.rules.ts';

/**
 * Channel adapters: how an outbox message leaves Trato.
 *
 * - e-mail: SMTP through nodemailer (`createTransport`, nodemailer.com/smtp and /message);
 * - SMS: Zenvia API v2, `POST /v2/channels/sms/messages` with the `X-API-TOKEN` header and body
 *   `{ from, to, contents: [{ type: 'text', text }] }`; the answer is the created message (`id`, `from`, `to`,
 *   `direction`, `channel`, `contents`); errors are `{ code, message }` with 400 VALIDATION_ERROR,
 *   401 AUTHENTICATION_ERROR, 404 NOT_FOUND, 409 DUPLICATED (not retried) and 500 INTERNAL_ERROR (retried)
 *   — github.com/zenvia/zenvia-openapi-spec (`spec/info/description.md` "Error Handling" and
 *   "Authentication", `spec/code_samples/channels/sms-messages/sample.sh`);
 * - WhatsApp: Meta Cloud API, `POST https://graph.facebook.com/{version}/{phone-number-id}/messages` with
 *   `Authorization: Bearer {token}` and body `{ messaging_product: 'whatsapp', recipient_type: 'individual',
 *   to, type: 'template', template: { name, language: { code }, components: [{ type: 'body', parameters:
 *   [{ type: 'text', text }] }] } }`; the answer is `{ messaging_product, contacts: [{ input, wa_id }],
 *   messages: [{ id: 'wamid.…' }] }`; errors are Graph API errors `{ error: { message, type, code,
 *   error_data: { details }, fbtrace_id } }` (developers.facebook.com/docs/whatsapp/cloud-api/
 *   reference/messages, /docs/whatsapp/cloud-api/support/error-codes).
 *
 * Idempotency: none of these APIs deduplicates a send for us, so a retry after a timeout may deliver
 * twice; the outbox (the caller) owns idempotency. What we can do: the e-mail Message-ID is derived from
 * the outbox id (a resend carries the same Message-ID, which mail clients and our own logs recognise),
 * and WhatsApp echoes `biz_opaque_callback_data` (we send the outbox id) in every status callback.
 */

export type ChannelName = 'email' | 'sms' | 'whatsapp';

export interface OutboundMessage {
  channel: ChannelName;
  /** E-mail address, or an E.164 phone ("+5511987654321") for SMS and WhatsApp. */
  to: string;
  /** E-mail only (required there). */
  subject?: string;
  /** E-mail only: the display name of the sender (the agency), with the configured address. */
  fromName?: string;
  text: string;
  /** E-mail only: the HTML alternative of `text`. */
  html?: string;
  /**
   * WhatsApp: the approved template and the values of its body variables {{1}}, {{2}}, … Without it a
   * free-form text message is sent, which Meta only accepts within 24 h of the person's last message.
   */
  whatsappTemplate?: { name: string; language: string; parameters: string[] };
  /** Our outbox id. */
  idempotencyKey: string;
}

export interface SendResult {
  providerMessageId: string;
  provider: string;
}

export interface ChannelErrorInit {
  retryable: boolean;
  /** HTTP status (SMS, WhatsApp) or SMTP reply code (e-mail); absent when nothing answered. */
  status?: number | undefined;
  /** The provider's own error code (Zenvia `code`, Graph API `error.code`, nodemailer `code`). */
  providerCode?: string | undefined;
  channel?: ChannelName | undefined;
  provider?: string | undefined;
  cause?: unknown;
}

/** A send that failed. `message` is pt-BR, for the people who read the outbox. */
export class ChannelError extends Error {
  override readonly name = 'ChannelError';
  /** Worth trying again later (network, timeout, 429, 5xx, SMTP 4xx); false when it will fail the same way. */
  readonly retryable: boolean;
  readonly status?: number;
  readonly providerCode?: string;
  readonly channel?: ChannelName;
  readonly provider?: string;

  /** `new ChannelError(message, { retryable, status, … })`, or the short form `(message, retryable, status?)`. */
  constructor(message: string, init: ChannelErrorInit | boolean, status?: number) {
    if (typeof init === 'boolean') init = { retryable: init, status };
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.retryable = init.retryable;
    if (init.status !== undefined) this.status = init.status;
    if (init.providerCode !== undefined) this.providerCode = init.providerCode;
    if (init.channel !== undefined) this.channel = init.channel;
    if (init.provider !== undefined) this.provider = init.provider;
  }
}

export interface ChannelAdapter {
  readonly channel: ChannelName;
  readonly provider: string;
  send(m: OutboundMessage): Promise<SendResult>;
}

const DEFAULT_TIMEOUT_MS = 10_000;

function describeCause(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const code = (cause as { code?: unknown } | undefined)?.code ?? (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}

function assertChannel(adapter: ChannelAdapter, m: OutboundMessage): void {
  if (m.channel !== adapter.channel) {
    throw new ChannelError(
      `Mensagem do canal "${m.channel}" enviada ao adaptador de ${adapter.channel} (${adapter.provider}).`,
      { retryable: false, channel: adapter.channel, provider: adapter.provider },
    );
  }
}

function invalid(adapter: ChannelAdapter, message: string): ChannelError {
  return new ChannelError(message, {
    retryable: false,
    channel: adapter.channel,
    provider: adapter.provider,
  });
}

function assertPhone(adapter: ChannelAdapter, to: string): string {
  if (typeof to !== 'string' || !isE164(to)) {
    throw invalid(
      adapter,
      `Telefone de destino inválido: ${JSON.stringify(to)} (esperado E.164, ex.: +5511987654321).`,
    );
  }
  return to.slice(1);
}

// ---------------------------------------------------------------------------------------------------
// E-mail (SMTP)
// ---------------------------------------------------------------------------------------------------

export interface SmtpEmailConfig {
  host: string;
  port: number;
  /** TLS from the start (port 465). Otherwise STARTTLS is used when the server offers it. */
  secure?: boolean;
  /** Refuse to send unless the server upgrades with STARTTLS. */
  requireTLS?: boolean;
  auth?: { user: string; pass: string };
  /** e.g. '"Trato Cobranças" <contato@trato.com.br>'. */
  from: string;
  replyTo?: string;
  /**
   * `List-Unsubscribe` (RFC 2369). With an https `url`, `List-Unsubscribe-Post: List-Unsubscribe=One-Click`
   * is added too (RFC 8058), which Gmail and Yahoo ask of bulk senders. `url` may be a function of the
   * message, to put a signed per-recipient link (platform/signed-link.ts) in it.
   */
  listUnsubscribe?: {
    mailto?: string;
    url?: string | ((m: OutboundMessage) => string | undefined);
  };
  /** Right-hand side of the Message-ID; default the domain of `from`. */
  messageIdDomain?: string;
  /** Connection, greeting and socket inactivity timeouts; default 10 s. */
  timeoutMs?: number;
  tls?: { rejectUnauthorized?: boolean; servername?: string };
}

/** SMTP codes (nodemailer `err.code`) that mean the connection failed, not that the message was refused. */
const TRANSIENT_SMTP_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'EPROXY']);
const LOCAL_PART = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;

/** The address of a configured sender: "Trato <nao-responda@x.com>" → "nao-responda@x.com". */
export function senderAddress(from: string): string {
  return /<([^>]+)>\s*$/.exec(from)?.[1] ?? from.trim();
}

export class SmtpEmailAdapter implements ChannelAdapter {
  readonly channel = 'email' as const;
  readonly provider = 'smtp';
  readonly #config: SmtpEmailConfig;
  readonly #transport: ReturnType<typeof createTransport>;
  readonly #domain: string;

  constructor(config: SmtpEmailConfig) {
    this.#config = config;
    const timeout = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#transport = createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure ?? false,
      requireTLS: config.requireTLS ?? false,
      ...(config.auth ? { auth: { user: config.auth.user, pass: config.auth.pass } } : {}),
      ...(config.tls ? { tls: config.tls } : {}),
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
    const domain = config.messageIdDomain ?? /@([^\s>]+)>?\s*$/.exec(config.from)?.[1];
    if (!domain) throw new Error(`Remetente de e-mail sem domínio: ${config.from}`);
    this.#domain = domain.toLowerCase();
  }

  /**
   * `<outbox-id@domain>`: the same outbox message always gets the same Message-ID. An id with
   * characters a Message-ID cannot carry is replaced by its SHA-256 (still deterministic).
   */
  messageIdFor(idempotencyKey: string): string {
    const local =
      LOCAL_PART.test(idempotencyKey) && !idempotencyKey.includes('..')
        ? idempotencyKey
        : createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40);
    return `<${local}@${this.#domain}>`;
  }

  async send(m: OutboundMessage): Promise<SendResult> {
    assertChannel(this, m);
    if (typeof m.to !== 'string' || !EMAIL.test(m.to)) {
      throw invalid(this, `Endereço de e-mail de destino inválido: ${JSON.stringify(m.to)}.`);
    }
    if (!m.subject || m.subject.trim() === '') throw invalid(this, 'E-mail sem assunto.');
    if (!m.idempotencyKey) throw invalid(this, 'Mensagem sem identificador (idempotencyKey).');
    const messageId = this.messageIdFor(m.idempotencyKey);
    const headers: Record<string, string> = {};
    const unsubscribe = this.#unsubscribeTargets(m);
    if (unsubscribe.length > 0) {
      headers['List-Unsubscribe'] = unsubscribe.map((u) => `<${u}>`).join(', ');
      if (unsubscribe.some((u) => u.startsWith('https://'))) {
        headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
      }
    }
    try {
      const info = await this.#transport.sendMail({
        from: m.fromName
          ? { name: m.fromName, address: senderAddress(this.#config.from) }
          : this.#config.from,
        to: m.to,
        ...(this.#config.replyTo ? { replyTo: this.#config.replyTo } : {}),
        subject: m.subject,
        text: m.text,
        ...(m.html ? { html: m.html } : {}),
        messageId,
        headers,
      });
      if (info.rejected.length > 0 && info.accepted.length === 0) {
        throw new ChannelError(`O servidor SMTP recusou o destinatário ${m.to}.`, {
          retryable: false,
          channel: 'email',
          provider: this.provider,
        });
      }
      return { providerMessageId: info.messageId || messageId, provider: this.provider };
    } catch (error) {
      if (error instanceof ChannelError) throw error;
      throw smtpError(error);
    }
  }

  #unsubscribeTargets(m: OutboundMessage): string[] {
    const config = this.#config.listUnsubscribe;
    if (!config) return [];
    const out: string[] = [];
    if (config.mailto)
      out.push(config.mailto.startsWith('mailto:') ? config.mailto : `mailto:${config.mailto}`);
    const url = typeof config.url === 'function' ? config.url(m) : config.url;
    if (url) out.push(url);
    return out;
  }

  /** Closes pooled connections (none are pooled by default; harmless). */
  close(): void {
    this.#transport.close();
  }
}

interface NodemailerLikeError {
  code?: string;
  responseCode?: number;
  response?: string;
  permanent?: boolean;
  message?: string;
}

/**
 * RFC 5321 §4.2.1: 4yz is a transient negative completion (try again later), 5yz permanent — except
 * 503 (bad sequence of commands), a session problem that a new connection fixes. Without any reply, a
 * connection/timeout failure is transient; an authentication or configuration failure is not.
 */
export function smtpError(error: unknown): ChannelError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as NodemailerLikeError;
  const reply = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  let retryable: boolean;
  if (reply !== undefined) retryable = !(reply >= 500 && reply < 600 && reply !== 503);
  else retryable = e.code !== undefined && TRANSIENT_SMTP_CODES.has(e.code);
  const detail = (e.response ?? e.message ?? String(error)).trim();
  const message =
    reply !== undefined
      ? `O servidor SMTP recusou o e-mail (${reply}${retryable ? ', temporário' : ', definitivo'}): ${detail}`
      : retryable
        ? `Falha de comunicação com o servidor SMTP: ${detail}`
        : `Falha no envio do e-mail: ${detail}`;
  return new ChannelError(message, {
    retryable,
    status: reply,
    providerCode: e.code,
    channel: 'email',
    provider: 'smtp',
    cause: error,
  });
}

// ---------------------------------------------------------------------------------------------------
// HTTP providers
// ---------------------------------------------------------------------------------------------------

interface HttpAnswer {
  status: number;
  payload: unknown;
  text: string;
}

async function postJson(
  adapter: ChannelAdapter,
  fetchImpl: typeof fetch,
  url: string,
  headers: Record<string, string>,
  body: unknown,
  timeoutMs: number,
): Promise<HttpAnswer> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    const message = timedOut
      ? `${providerLabel(adapter)} não respondeu em ${timeoutMs / 1000} s.`
      : `Falha de comunicação com ${providerLabel(adapter)}: ${describeCause(error)}.`;
    throw new ChannelError(message, {
      retryable: true,
      channel: adapter.channel,
      provider: adapter.provider,
      cause: error,
    });
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new ChannelError(`Falha ao ler a resposta de ${providerLabel(adapter)}: ${describeCause(error)}.`, {
      retryable: true,
      status: response.status,
      channel: adapter.channel,
      provider: adapter.provider,
      cause: error,
    });
  }
  let payload: unknown = null;
  try {
    payload = text === '' ? null : JSON.parse(text);
  } catch {
    payload = null;
  }
  return { status: response.status, payload, text };
}

function providerLabel(adapter: ChannelAdapter): string {
  return adapter.provider === 'zenvia' ? 'o gateway de SMS (Zenvia)' : 'a API do WhatsApp (Meta)';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** A 2xx whose body we cannot use: the provider may have sent it, so a retry could duplicate it. */
function unexpectedAnswer(adapter: ChannelAdapter, answer: HttpAnswer, what: string): ChannelError {
  return new ChannelError(
    `Resposta inesperada de ${providerLabel(adapter)} (HTTP ${answer.status}): ${what}. ` +
      'A mensagem pode ter sido enviada; não será reenviada automaticamente.',
    { retryable: false, status: answer.status, channel: adapter.channel, provider: adapter.provider },
  );
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

// --- SMS: Zenvia -----------------------------------------------------------------------------------

export interface SmsGatewayConfig {
  /** Default 'https://api.zenvia.com'. */
  baseUrl?: string;
  apiToken: string;
  /** Sender id registered at Zenvia (the "from" of the SMS channel integration). */
  from: string;
  fetch?: typeof fetch;
  /** Per request; default 10 s. */
  timeoutMs?: number;
}

/** Zenvia request body of `POST /v2/channels/sms/messages`. */
export interface ZenviaSmsRequest {
  from: string;
  to: string;
  contents: { type: 'text'; text: string }[];
}

export class SmsGatewayAdapter implements ChannelAdapter {
  readonly channel = 'sms' as const;
  readonly provider = 'zenvia';
  readonly #baseUrl: string;
  readonly #config: SmsGatewayConfig;
  readonly #fetch: typeof fetch;

  constructor(config: SmsGatewayConfig) {
    this.#config = config;
    this.#baseUrl = (config.baseUrl ?? 'https://api.zenvia.com').replace(/\/+$/, '');
    this.#fetch = config.fetch ?? globalThis.fetch;
  }

  async send(m: OutboundMessage): Promise<SendResult> {
    assertChannel(this, m);
    // Zenvia takes the number with country code, digits only: "5511987654321".
    const to = assertPhone(this, m.to);
    if (typeof m.text !== 'string' || m.text.trim() === '') throw invalid(this, 'SMS sem texto.');
    const body: ZenviaSmsRequest = {
      from: this.#config.from,
      to,
      contents: [{ type: 'text', text: m.text }],
    };
    const answer = await postJson(
      this,
      this.#fetch,
      `${this.#baseUrl}/v2/channels/sms/messages`,
      { 'x-api-token': this.#config.apiToken },
      body,
      this.#config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    if (answer.status < 200 || answer.status > 299) throw this.#error(answer);
    const payload = answer.payload;
    if (!isRecord(payload) || typeof payload.id !== 'string' || payload.id === '') {
      throw unexpectedAnswer(this, answer, 'sem o "id" da mensagem');
    }
    return { providerMessageId: payload.id, provider: this.provider };
  }

  /** Zenvia error object `{ code, message }` (older documents: `description`), maybe with `details`. */
  #error(answer: HttpAnswer): ChannelError {
    const p = isRecord(answer.payload) ? answer.payload : {};
    const code = typeof p.code === 'string' ? p.code : undefined;
    const text =
      typeof p.message === 'string'
        ? p.message
        : typeof p.description === 'string'
          ? p.description
          : snippet(answer.text);
    const details = Array.isArray(p.details)
      ? p.details
          .filter(isRecord)
          .map((d) => [d.path, d.message].filter((x) => typeof x === 'string').join(': '))
          .filter((d) => d !== '')
      : [];
    const retryable = isRetryableStatus(answer.status);
    const why =
      [code, text].filter(Boolean).join(' — ') + (details.length > 0 ? ` (${details.join('; ')})` : '');
    const prefix =
      answer.status === 401
        ? 'Token da API de SMS (Zenvia) recusado'
        : retryable
          ? 'Gateway de SMS (Zenvia) indisponível'
          : 'O gateway de SMS (Zenvia) recusou a mensagem';
    return new ChannelError(`${prefix} (HTTP ${answer.status}): ${why || 'sem detalhes'}.`, {
      retryable,
      status: answer.status,
      providerCode: code,
      channel: this.channel,
      provider: this.provider,
    });
  }
}

// --- WhatsApp: Meta Cloud API ----------------------------------------------------------------------

export interface WhatsAppCloudConfig {
  /** Default 'https://graph.facebook.com'. */
  baseUrl?: string;
  /** Graph API version, e.g. 'v21.0'. */
  version: string;
  phoneNumberId: string;
  accessToken: string;
  fetch?: typeof fetch;
  /** Per request; default 10 s. */
  timeoutMs?: number;
}

/** Cloud API request body of `POST /{version}/{phone-number-id}/messages` (the subset we send). */
export type WhatsAppSendRequest = {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  to: string;
  biz_opaque_callback_data?: string;
} & (
  | {
      type: 'template';
      template: {
        name: string;
        language: { code: string };
        components?: { type: 'body'; parameters: { type: 'text'; text: string }[] }[];
      };
    }
  | { type: 'text'; text: { body: string; preview_url: boolean } }
);

/**
 * Graph API error codes that a later attempt may get past, whatever the HTTP status (Cloud API error
 * codes page): 1 and 2 (API unknown / service temporarily unavailable), 4 and 80007 (rate limits),
 * 130429 (throughput), 131000 (something went wrong), 131048 (spam rate limit), 131056 (pair rate
 * limit), 133004 (server temporarily unavailable).
 */
const WHATSAPP_RETRYABLE_CODES = new Set([1, 2, 4, 80007, 130429, 131000, 131048, 131056, 133004]);

/** Meta refuses template parameters with a newline, a tab or more than four consecutive spaces. */
const BAD_TEMPLATE_PARAM = /[\n\t]| {5,}/;

export class WhatsAppCloudAdapter implements ChannelAdapter {
  readonly channel = 'whatsapp' as const;
  readonly provider = 'whatsapp-cloud';
  readonly #url: string;
  readonly #config: WhatsAppCloudConfig;
  readonly #fetch: typeof fetch;

  constructor(config: WhatsAppCloudConfig) {
    if (!/^v\d+\.\d+$/.test(config.version)) {
      throw new Error(`Versão da Graph API inválida: ${config.version} (ex.: v21.0).`);
    }
    if (!/^\d+$/.test(config.phoneNumberId)) {
      throw new Error(`phoneNumberId do WhatsApp inválido: ${config.phoneNumberId} (só dígitos).`);
    }
    this.#config = config;
    const base = (config.baseUrl ?? 'https://graph.facebook.com').replace(/\/+$/, '');
    this.#url = `${base}/${config.version}/${config.phoneNumberId}/messages`;
    this.#fetch = config.fetch ?? globalThis.fetch;
  }

  async send(m: OutboundMessage): Promise<SendResult> {
    assertChannel(this, m);
    const answer = await postJson(
      this,
      this.#fetch,
      this.#url,
      { authorization: `Bearer ${this.#config.accessToken}` },
      this.requestBody(m),
      this.#config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    if (answer.status < 200 || answer.status > 299) throw this.#error(answer);
    const payload = answer.payload;
    const messages = isRecord(payload) && Array.isArray(payload.messages) ? payload.messages : [];
    const first = messages[0];
    if (!isRecord(first) || typeof first.id !== 'string' || first.id === '') {
      throw unexpectedAnswer(this, answer, 'sem "messages[0].id"');
    }
    return { providerMessageId: first.id, provider: this.provider };
  }

  /** The exact body sent (exported for tests and for the lead's logs). */
  requestBody(m: OutboundMessage): WhatsAppSendRequest {
    const to = assertPhone(this, m.to);
    const base = {
      messaging_product: 'whatsapp' as const,
      recipient_type: 'individual' as const,
      to,
      // Up to 512 characters; echoed in every status webhook of this message.
      ...(m.idempotencyKey && m.idempotencyKey.length <= 512
        ? { biz_opaque_callback_data: m.idempotencyKey }
        : {}),
    };
    const t = m.whatsappTemplate;
    if (!t) {
      if (typeof m.text !== 'string' || m.text.trim() === '')
        throw invalid(this, 'Mensagem de WhatsApp sem texto.');
      return { ...base, type: 'text', text: { body: m.text, preview_url: false } };
    }
    if (!/^[a-z0-9_]{1,512}$/.test(t.name)) {
      throw invalid(this, `Nome de modelo (template) do WhatsApp inválido: ${JSON.stringify(t.name)}.`);
    }
    if (!/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/.test(t.language)) {
      throw invalid(
        this,
        `Idioma do modelo do WhatsApp inválido: ${JSON.stringify(t.language)} (ex.: pt_BR).`,
      );
    }
    t.parameters.forEach((p, i) => {
      if (typeof p !== 'string' || p.trim() === '') {
        throw invalid(this, `Parâmetro {{${i + 1}}} do modelo "${t.name}" está vazio.`);
      }
      if (BAD_TEMPLATE_PARAM.test(p)) {
        throw invalid(
          this,
          `Parâmetro {{${i + 1}}} do modelo "${t.name}" tem quebra de linha, tabulação ou mais de 4 espaços seguidos.`,
        );
      }
    });
    return {
      ...base,
      type: 'template',
      template: {
        name: t.name,
        language: { code: t.language },
        ...(t.parameters.length > 0
          ? {
              components: [
                { type: 'body', parameters: t.parameters.map((text) => ({ type: 'text', text })) },
              ],
            }
          : {}),
      },
    } as WhatsAppSendRequest;
  }

  #error(answer: HttpAnswer): ChannelError {
    const e = isRecord(answer.payload) && isRecord(answer.payload.error) ? answer.payload.error : {};
    const code = typeof e.code === 'number' ? e.code : undefined;
    const details =
      isRecord(e.error_data) && typeof e.error_data.details === 'string' ? e.error_data.details : '';
    const message = typeof e.message === 'string' ? e.message : snippet(answer.text);
    const retryable =
      isRetryableStatus(answer.status) || (code !== undefined && WHATSAPP_RETRYABLE_CODES.has(code));
    const why = [message, details].filter(Boolean).join(' — ');
    const prefix =
      answer.status === 401 || code === 190
        ? 'Token de acesso do WhatsApp recusado'
        : retryable
          ? 'API do WhatsApp indisponível ou limitando envios'
          : 'A API do WhatsApp recusou a mensagem';
    return new ChannelError(
      `${prefix} (HTTP ${answer.status}${code !== undefined ? `, código ${code}` : ''}): ${why || 'sem detalhes'}.`,
      {
        retryable,
        status: answer.status,
        providerCode: code === undefined ? undefined : String(code),
        channel: this.channel,
        provider: this.provider,
      },
    );
  }
}

// ---------------------------------------------------------------------------------------------------
// Factory
// ---------------------------------------------------------------------------------------------------

export interface ChannelsConfig {
  email?: SmtpEmailConfig;
  sms?: SmsGatewayConfig;
  whatsapp?: WhatsAppCloudConfig;
}

/** One adapter per configured channel; a channel without configuration has none. */
export function createAdapters(config: ChannelsConfig): Partial<Record<ChannelName, ChannelAdapter>> {
  const adapters: Partial<Record<ChannelName, ChannelAdapter>> = {};
  if (config.email) adapters.email = new SmtpEmailAdapter(config.email);
  if (config.sms) adapters.sms = new SmsGatewayAdapter(config.sms);
  if (config.whatsapp) adapters.whatsapp = new WhatsAppCloudAdapter(config.whatsapp);
  return adapters;
}
