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
