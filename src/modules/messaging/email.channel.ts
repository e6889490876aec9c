import { createHash } from 'node:crypto';
import { createTransport } from 'nodemailer';
import {
  assertChannel,
  type ChannelAdapter,
  ChannelError,
  DEFAULT_TIMEOUT_MS,
  invalid,
  type OutboundMessage,
  type SendResult,
} from './channel.ts';

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
