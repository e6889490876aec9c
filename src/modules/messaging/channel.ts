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

export const DEFAULT_TIMEOUT_MS = 10_000;

export function describeCause(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const code = (cause as { code?: unknown } | undefined)?.code ?? (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}

export function assertChannel(adapter: ChannelAdapter, m: OutboundMessage): void {
  if (m.channel !== adapter.channel) {
    throw new ChannelError(
      `Mensagem do canal "${m.channel}" enviada ao adaptador de ${adapter.channel} (${adapter.provider}).`,
      { retryable: false, channel: adapter.channel, provider: adapter.provider },
    );
  }
}

export function invalid(adapter: ChannelAdapter, message: string): ChannelError {
  return new ChannelError(message, {
    retryable: false,
    channel: adapter.channel,
    provider: adapter.provider,
  });
}

export function assertPhone(adapter: ChannelAdapter, to: string): string {
  if (typeof to !== 'string' || !isE164(to)) {
    throw invalid(
      adapter,
      `Telefone de destino inválido: ${JSON.stringify(to)} (esperado E.164, ex.: +5511987654321).`,
    );
  }
  return to.slice(1);
}
