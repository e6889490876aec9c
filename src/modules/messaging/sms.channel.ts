import {
  assertChannel,
  assertPhone,
  type ChannelAdapter,
  ChannelError,
  DEFAULT_TIMEOUT_MS,
  invalid,
  type OutboundMessage,
  type SendResult,
} from './channel.ts';
import {
  type HttpAnswer,
  isRecord,
  isRetryableStatus,
  postJson,
  snippet,
  unexpectedAnswer,
} from './channel-http.ts';

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
