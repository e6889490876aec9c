import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import {
  type DeliveryStatus,
  type MessagingProvider,
  normalizeProviderPhone,
  whatsAppSignature,
} from '../modules/messaging/index.ts';

/**
 * A local stand-in for the two messaging providers Trato talks to, for development, demos and tests:
 *
 * - SMS, shaped like Zenvia API v2 (github.com/zenvia/zenvia-openapi-spec): `POST /v2/channels/sms/messages`
 *   authenticated by `X-API-TOKEN`, body `{ from, to, contents: [{ type: 'text', text }] }`, answer the
 *   created message; errors `{ code, message }`. Callbacks: `MESSAGE_STATUS` and `MESSAGE` events.
 * - WhatsApp, shaped like Meta's Cloud API: `POST /{version}/{phone-number-id}/messages` authenticated by
 *   `Authorization: Bearer`, template (or text) messages, answer `{ messaging_product, contacts, messages:
 *   [{ id: 'wamid.…' }] }`; Graph API errors `{ error: { message, type, code, error_data, fbtrace_id } }`.
 *   Callbacks: `whatsapp_business_account` notifications with `statuses` or `messages`, signed with
 *   `X-Hub-Signature-256` when an app secret is configured. Like Meta, the signed body escapes non-ASCII
 *   characters as \uXXXX, so a receiver that checks a re-serialized body instead of the raw one fails.
 *
 * Test controls: `deliver` (a status callback), `reply` (an inbound message), `failNext` (the next sends
 * fail with an HTTP status, a dropped connection or no answer at all), `messages`, `deliveries`.
 * The same controls exist over HTTP under `/sim/*` for the CLI (`trato simulator messaging`).
 *
 * Everything lives in memory and listens on 127.0.0.1 only.
 */

export interface ProviderWebhookUrls {
  /** Where status callbacks go, e.g. http://127.0.0.1:3000/api/v1/webhooks/sms/status. */
  status?: string;
  /** Where inbound messages go, e.g. http://127.0.0.1:3000/api/v1/webhooks/sms/inbound. */
  inbound?: string;
}

export interface MessagingSimulatorOptions {
  /** Default 0 (ephemeral); `startMessagingSimulator` defaults to 8788. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Full URLs per provider; they win over the options below. */
  webhooks?: Partial<Record<MessagingProvider, ProviderWebhookUrls>>;
  /**
   * Status callback URL for both providers; a `{provider}` in it becomes 'sms' or 'whatsapp', e.g.
   * http://127.0.0.1:3000/api/v1/webhooks/{provider}/status.
   */
  statusWebhookUrl?: string;
  /** Inbound message URL for both providers, with the same `{provider}` placeholder. */
  inboundWebhookUrl?: string;
  /** e.g. http://127.0.0.1:3000/api/v1/webhooks: `{base}/{sms|whatsapp}/{status|inbound}`. */
  webhookBaseUrl?: string;
  /** After each accepted send, post 'sent' then 'delivered' callbacks. */
  autoDeliver?: boolean;
  /** Wait before the automatic callbacks; default 20 ms. */
  autoDeliverDelayMs?: number;
  /** Signs WhatsApp callbacks with X-Hub-Signature-256 when set. */
  whatsappAppSecret?: string;
  /** Accepted X-API-TOKEN; when unset any non-empty token is accepted. */
  smsApiToken?: string;
  /** Sent as X-Webhook-Secret on SMS callbacks (a custom header of the Zenvia subscription). */
  smsWebhookSecret?: string;
  /** Accepted Bearer token; when unset any non-empty token is accepted. */
  whatsappAccessToken?: string;
  /** When set, sends to another phone-number-id are refused (as the Graph API does). */
  whatsappPhoneNumberId?: string;
  /** `metadata.display_phone_number` of callbacks; default '5511999990000'. */
  whatsappDisplayPhoneNumber?: string;
  /** `entry[].id`; default '102290129340398'. */
  whatsappBusinessAccountId?: string;
  /**
   * Approved templates by name (body with {{1}}, {{2}}…). When given, unknown names and a wrong number of
   * parameters are refused (Cloud API errors 132001 and 132000) and `messages()[].text` is the rendered body.
   */
  whatsappTemplates?: Record<string, { body: string; language?: string }>;
  /** Sender id used by `reply` for SMS when nothing was sent yet; default 'trato'. */
  smsSenderId?: string;
  clock?: () => Date;
  /** Per callback; default 5 s. */
  webhookTimeoutMs?: number;
}

export interface SimMessage {
  id: string;
  provider: MessagingProvider;
  /** E.164. */
  to: string;
  /** SMS sender id, or the business phone number for WhatsApp. */
  from: string;
  /** The SMS text, the WhatsApp text body, or the rendered template (see `whatsappTemplates`). */
  text: string;
  template?: { name: string; language: string; parameters: string[] };
  /** WhatsApp `biz_opaque_callback_data`. */
  reference?: string;
  /** The request body as received. */
  request: unknown;
  receivedAt: Date;
  /** Statuses posted so far, in order. */
  statuses: DeliveryStatus[];
}

export interface SimWebhookDelivery {
  provider: MessagingProvider;
  kind: 'status' | 'inbound';
  url: string;
  /** 0 when nothing answered. */
  status: number;
  ok: boolean;
  body: unknown;
  headers: Record<string, string>;
  error?: string;
  at: Date;
}

export type SimFailure = number | 'network' | 'hang';

export interface MessagingSimulator {
  app: FastifyInstance;
  /** e.g. http://127.0.0.1:40123 — the `baseUrl` of SmsGatewayAdapter and WhatsAppCloudAdapter. */
  url: string;
  close(): Promise<void>;
  messages(): SimMessage[];
  deliveries(): SimWebhookDelivery[];
  /** Posts a status callback for a sent message; rejects unless the receiver answers 2xx. */
  deliver(providerMessageId: string, status?: DeliveryStatus, opts?: { error?: string }): Promise<void>;
  /** Posts an inbound message from `from` (E.164); resolves to its provider id; rejects unless 2xx. */
  reply(from: string, text: string, provider: MessagingProvider): Promise<string>;
  /**
   * The next `n` sends (of `provider`, or of either) fail: with that HTTP status and an error body in the
   * provider's shape, with the connection dropped ('network'), or never answered ('hang', for timeouts).
   */
  failNext(n: number, status: SimFailure, provider?: MessagingProvider): void;
  /** Forgets messages, deliveries and pending failures. */
  reset(): void;
}

export const DEFAULT_MESSAGING_SIMULATOR_PORT = 8788;
const MAX_RECORDS = 5000;

/** Builds the simulator and starts listening. */
export async function createMessagingSimulator(
  options: MessagingSimulatorOptions = {},
): Promise<MessagingSimulator> {
  const sim = buildMessagingSimulator(options);
  await sim.app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = sim.app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  sim.handle.url = `http://${host}:${address.port}`;
  return sim.handle;
}

/** For the CLI (`trato simulator messaging`): same as `createMessagingSimulator`, on port 8788 by default. */
export function startMessagingSimulator(
  options: MessagingSimulatorOptions = {},
): Promise<MessagingSimulator> {
  return createMessagingSimulator({ ...options, port: options.port ?? DEFAULT_MESSAGING_SIMULATOR_PORT });
}

interface PendingFailure {
  remaining: number;
  status: SimFailure;
  provider: MessagingProvider | undefined;
}

class ValidationFailure extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON as Meta sends it: non-ASCII characters escaped as \uXXXX (lowercase hex). */
export function metaJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function newWamid(): string {
  return `wamid.HBgN${randomBytes(28).toString('base64')}`;
}

/** The simulator without listening; `handle.url` is filled in by `createMessagingSimulator`. */
export function buildMessagingSimulator(options: MessagingSimulatorOptions = {}): {
  app: FastifyInstance;
  handle: MessagingSimulator;
} {
  const clock = options.clock ?? (() => new Date());
  const displayPhone = options.whatsappDisplayPhoneNumber ?? '5511999990000';
  const wabaId = options.whatsappBusinessAccountId ?? '102290129340398';
  const webhookTimeoutMs = options.webhookTimeoutMs ?? 5000;
  const autoDelay = options.autoDeliverDelayMs ?? 20;

  const messages: SimMessage[] = [];
  const byId = new Map<string, SimMessage>();
  const deliveries: SimWebhookDelivery[] = [];
  let failures: PendingFailure[] = [];
  const hung = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<unknown>>();
  let lastSmsSender = options.smsSenderId ?? 'trato';
  let lastPhoneNumberId = options.whatsappPhoneNumberId ?? '106540352242922';
  let closed = false;

  const app = Fastify({ logger: false, bodyLimit: 256 * 1024 });

  function webhookUrl(provider: MessagingProvider, kind: 'status' | 'inbound'): string {
    const explicit = options.webhooks?.[provider]?.[kind];
    if (explicit) return explicit;
    const shared = kind === 'status' ? options.statusWebhookUrl : options.inboundWebhookUrl;
    if (shared) return shared.replaceAll('{provider}', provider);
    if (options.webhookBaseUrl) return `${options.webhookBaseUrl.replace(/\/+$/, '')}/${provider}/${kind}`;
    throw new Error(`Simulador: nenhuma URL de webhook configurada para ${provider}/${kind}.`);
  }

  function record(message: SimMessage): void {
    messages.push(message);
    byId.set(message.id, message);
    if (messages.length > MAX_RECORDS) {
      const dropped = messages.shift()!;
      byId.delete(dropped.id);
    }
  }

  function takeFailure(provider: MessagingProvider): SimFailure | null {
    const f = failures.find((x) => x.remaining > 0 && (x.provider === undefined || x.provider === provider));
    if (!f) return null;
    f.remaining--;
    failures = failures.filter((x) => x.remaining > 0);
    return f.status;
  }

  /** Answers a failure injected by `failNext`; true when the request was handled. */
  function injectFailure(
    provider: MessagingProvider,
    request: FastifyRequest,
    reply: FastifyReply,
  ): { status: number; body: unknown } | 'handled' | null {
    const failure = takeFailure(provider);
    if (failure === null) return null;
    if (failure === 'network') {
      reply.hijack();
      request.raw.socket.destroy();
      return 'handled';
    }
    if (failure === 'hang') {
      reply.hijack();
      hung.add(request.raw.socket);
      request.raw.socket.once('close', () => hung.delete(request.raw.socket));
      return 'handled';
    }
    return { status: failure, body: provider === 'sms' ? zenviaError(failure) : graphError(failure) };
  }

  // --- Zenvia: POST /v2/channels/sms/messages ------------------------------------------------------

  app.post('/v2/channels/sms/messages', async (request, reply) => {
    const token = request.headers['x-api-token'];
    const tokenOk =
      typeof token === 'string' &&
      token !== '' &&
      (options.smsApiToken === undefined || token === options.smsApiToken);
    if (!tokenOk) {
      return reply
        .code(401)
        .send({ code: 'AUTHENTICATION_ERROR', message: 'No authorization token was found' });
    }
    const failure = injectFailure('sms', request, reply);
    if (failure === 'handled') return reply;
    if (failure) return reply.code(failure.status).send(failure.body);
    let parsed: { from: string; to: string; text: string };
    try {
      parsed = validateZenviaSms(request.body);
    } catch (error) {
      if (!(error instanceof ValidationFailure)) throw error;
      return reply.code(400).send({
        code: 'VALIDATION_ERROR',
        message: 'Validation error',
        details: [{ code: 'INVALID_PARAMETER', path: error.path, message: error.message }],
      });
    }
    const id = randomUUID();
    lastSmsSender = parsed.from;
    record({
      id,
      provider: 'sms',
      to: normalizeProviderPhone(parsed.to) ?? `+${parsed.to}`,
      from: parsed.from,
      text: parsed.text,
      request: request.body,
      receivedAt: clock(),
      statuses: [],
    });
    scheduleAutoDeliver(id);
    return reply.code(200).send({
      id,
      from: parsed.from,
      to: parsed.to,
      direction: 'OUT',
      channel: 'sms',
      contents: (request.body as { contents: unknown }).contents,
      timestamp: clock().toISOString(),
    });
  });

  // --- Cloud API: POST /{version}/{phone-number-id}/messages --------------------------------------

  app.post<{ Params: { version: string; phoneNumberId: string } }>(
    '/:version/:phoneNumberId/messages',
    async (request, reply) => {
      const auth = request.headers.authorization;
      const token =
        typeof auth === 'string' && /^Bearer\s+\S+$/i.test(auth) ? auth.replace(/^Bearer\s+/i, '') : '';
      if (
        token === '' ||
        (options.whatsappAccessToken !== undefined && token !== options.whatsappAccessToken)
      ) {
        return reply.code(401).send(graphError(401));
      }
      const { version, phoneNumberId } = request.params;
      if (!/^v\d+\.\d+$/.test(version)) {
        return reply
          .code(400)
          .send(graphErrorBody(2500, `Unknown path components: /${version}`, 'OAuthException'));
      }
      if (options.whatsappPhoneNumberId !== undefined && phoneNumberId !== options.whatsappPhoneNumberId) {
        return reply
          .code(400)
          .send(
            graphErrorBody(
              100,
              `Unsupported post request. Object with ID '${phoneNumberId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
              'GraphMethodException',
            ),
          );
      }
      const failure = injectFailure('whatsapp', request, reply);
      if (failure === 'handled') return reply;
      if (failure) return reply.code(failure.status).send(failure.body);
      let parsed: ReturnType<typeof validateCloudMessage>;
      try {
        parsed = validateCloudMessage(request.body, options.whatsappTemplates);
      } catch (error) {
        if (error instanceof TemplateFailure) {
          return reply
            .code(error.httpStatus)
            .send(graphErrorBody(error.code, error.title, 'OAuthException', error.message));
        }
        if (!(error instanceof ValidationFailure)) throw error;
        return reply
          .code(400)
          .send(
            graphErrorBody(100, 'Invalid parameter', 'OAuthException', `${error.path}: ${error.message}`),
          );
      }
      const id = newWamid();
      lastPhoneNumberId = phoneNumberId;
      const message: SimMessage = {
        id,
        provider: 'whatsapp',
        to: normalizeProviderPhone(parsed.to) ?? `+${parsed.to}`,
        from: `+${displayPhone}`,
        text: parsed.text,
        request: request.body,
        receivedAt: clock(),
        statuses: [],
      };
      if (parsed.template) message.template = parsed.template;
      if (parsed.reference !== undefined) message.reference = parsed.reference;
      record(message);
      scheduleAutoDeliver(id);
      return reply.code(200).send({
        messaging_product: 'whatsapp',
        contacts: [{ input: parsed.to, wa_id: parsed.to.replace(/^\+/, '') }],
        messages: [{ id, message_status: 'accepted' }],
      });
    },
  );

  // --- Simulator controls over HTTP (for the CLI) -------------------------------------------------

  app.get('/sim/messages', async () => messages);
  app.get('/sim/deliveries', async () => deliveries);
  app.post<{ Params: { id: string }; Body: { status?: DeliveryStatus; error?: string } | null }>(
    '/sim/messages/:id/deliver',
    async (request, reply) => {
      const status = request.body?.status ?? 'delivered';
      if (!['sent', 'delivered', 'read', 'failed'].includes(status)) {
        return reply.code(400).send({ erro: 'status deve ser sent, delivered, read ou failed' });
      }
      await handle.deliver(
        request.params.id,
        status,
        request.body?.error ? { error: request.body.error } : {},
      );
      return { ok: true };
    },
  );
  app.post<{ Body: { from?: string; text?: string; provider?: MessagingProvider } | null }>(
    '/sim/reply',
    async (request, reply) => {
      const { from, text, provider } = request.body ?? {};
      if (
        typeof from !== 'string' ||
        typeof text !== 'string' ||
        (provider !== 'sms' && provider !== 'whatsapp')
      ) {
        return reply.code(400).send({ erro: 'informe from (E.164), text e provider (sms ou whatsapp)' });
      }
      return { id: await handle.reply(from, text, provider) };
    },
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    const message = status < 500 ? error.message : 'Internal error';
    if (request.url.startsWith('/v2/')) {
      return reply.code(status).send({ code: status < 500 ? 'VALIDATION_ERROR' : 'INTERNAL_ERROR', message });
    }
    if (request.url.startsWith('/sim/')) return reply.code(status).send({ erro: error.message });
    return reply.code(status).send(graphErrorBody(status < 500 ? 100 : 1, message, 'OAuthException'));
  });

  // --- Callbacks -----------------------------------------------------------------------------------

  async function post(
    provider: MessagingProvider,
    kind: 'status' | 'inbound',
    body: unknown,
  ): Promise<SimWebhookDelivery> {
    const url = webhookUrl(provider, kind);
    const raw = provider === 'whatsapp' ? metaJson(body) : JSON.stringify(body);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': provider === 'whatsapp' ? 'facebookexternalua' : 'Zenvia-Webhook/2.0 (simulador)',
    };
    if (provider === 'whatsapp' && options.whatsappAppSecret) {
      headers['x-hub-signature-256'] = whatsAppSignature(raw, options.whatsappAppSecret);
    }
    // Zenvia subscriptions carry custom headers set at creation: the secret goes in one of them.
    if (provider === 'sms' && options.smsWebhookSecret)
      headers['x-webhook-secret'] = options.smsWebhookSecret;
    const delivery: SimWebhookDelivery = {
      provider,
      kind,
      url,
      status: 0,
      ok: false,
      body,
      headers,
      at: clock(),
    };
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body: raw,
        signal: AbortSignal.timeout(webhookTimeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      delivery.status = response.status;
      delivery.ok = response.ok;
    } catch (error) {
      delivery.error = error instanceof Error ? error.message : String(error);
    }
    deliveries.push(delivery);
    if (deliveries.length > MAX_RECORDS) deliveries.shift();
    return delivery;
  }

  function track<T>(promise: Promise<T>): Promise<T> {
    inFlight.add(promise);
    promise.finally(() => inFlight.delete(promise)).catch(() => undefined);
    return promise;
  }

  function statusBody(message: SimMessage, status: DeliveryStatus, error: string | undefined): unknown {
    const at = clock();
    if (message.provider === 'sms') {
      const code = { sent: 'SENT', delivered: 'DELIVERED', read: 'READ', failed: 'NOT_DELIVERED' }[status];
      const messageStatus: Record<string, unknown> = {
        timestamp: at.toISOString(),
        code,
        description: { sent: 'Sent', delivered: 'Delivered', read: 'Read', failed: 'Not delivered' }[status],
      };
      if (status === 'failed') {
        messageStatus.causes = [
          { channelErrorCode: '015', reason: 'Unavailable', details: error ?? 'Destinatário inacessível' },
        ];
      }
      return {
        id: randomUUID(),
        timestamp: at.toISOString(),
        type: 'MESSAGE_STATUS',
        subscriptionId: 'sim-sms-status',
        channel: 'sms',
        messageId: message.id,
        contentIndex: 0,
        messageStatus,
      };
    }
    const entry: Record<string, unknown> = {
      id: message.id,
      status,
      timestamp: String(Math.floor(at.getTime() / 1000)),
      recipient_id: message.to.replace(/^\+/, ''),
    };
    if (message.reference !== undefined) entry.biz_opaque_callback_data = message.reference;
    if (status === 'sent' || status === 'delivered') {
      entry.pricing = { billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' };
    }
    if (status === 'failed') {
      entry.errors = [
        {
          code: 131026,
          title: 'Message undeliverable',
          message: 'Message undeliverable',
          error_data: { details: error ?? 'Message Undeliverable.' },
          href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
        },
      ];
    }
    return whatsappNotification({ statuses: [entry] });
  }

  function whatsappNotification(extra: Record<string, unknown>): unknown {
    return {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: wabaId,
          changes: [
            {
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: displayPhone, phone_number_id: lastPhoneNumberId },
                ...extra,
              },
              field: 'messages',
            },
          ],
        },
      ],
    };
  }

  function scheduleAutoDeliver(id: string): void {
    if (!options.autoDeliver || closed) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (closed) return;
      track(
        (async () => {
          await handle.deliver(id, 'sent');
          await handle.deliver(id, 'delivered');
        })(),
      ).catch(() => undefined); // recorded in deliveries()
    }, autoDelay);
    timers.add(timer);
  }

  const handle: MessagingSimulator = {
    app,
    url: '',
    async close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const socket of hung) socket.destroy();
      hung.clear();
      await Promise.allSettled([...inFlight]);
      await app.close();
    },
    messages: () => [...messages],
    deliveries: () => [...deliveries],
    async deliver(providerMessageId, status = 'delivered', opts = {}) {
      const message = byId.get(providerMessageId);
      if (!message) throw new Error(`Simulador: mensagem desconhecida: ${providerMessageId}`);
      const delivery = await track(post(message.provider, 'status', statusBody(message, status, opts.error)));
      message.statuses.push(status);
      if (!delivery.ok) {
        throw new Error(
          `Simulador: o webhook de status ${delivery.url} respondeu ${delivery.status || delivery.error}.`,
        );
      }
    },
    async reply(from, text, provider) {
      const phone = normalizeProviderPhone(from);
      if (!phone || !from.startsWith('+')) throw new Error(`Simulador: telefone não está em E.164: ${from}`);
      const digits = phone.slice(1);
      const at = clock();
      let id: string;
      let body: unknown;
      if (provider === 'sms') {
        id = randomUUID();
        body = {
          id: randomUUID(),
          timestamp: at.toISOString(),
          type: 'MESSAGE',
          subscriptionId: 'sim-sms-message',
          channel: 'sms',
          direction: 'IN',
          message: {
            id,
            from: digits,
            to: lastSmsSender,
            direction: 'IN',
            channel: 'sms',
            contents: [{ type: 'text', text }],
          },
        };
      } else {
        id = newWamid();
        body = whatsappNotification({
          contacts: [{ profile: { name: 'Cliente Simulado' }, wa_id: digits }],
          messages: [
            {
              from: digits,
              id,
              timestamp: String(Math.floor(at.getTime() / 1000)),
              type: 'text',
              text: { body: text },
            },
          ],
        });
      }
      const delivery = await track(post(provider, 'inbound', body));
      if (!delivery.ok) {
        throw new Error(
          `Simulador: o webhook de entrada ${delivery.url} respondeu ${delivery.status || delivery.error}.`,
        );
      }
      return id;
    },
    failNext(n, status, provider) {
      if (!Number.isInteger(n) || n < 1) throw new Error('failNext: n deve ser um inteiro positivo');
      if (typeof status === 'number' && (status < 400 || status > 599)) {
        throw new Error('failNext: status deve ser 4xx ou 5xx');
      }
      failures.push({ remaining: n, status, provider });
    },
    reset() {
      messages.length = 0;
      byId.clear();
      deliveries.length = 0;
      failures = [];
    },
  };

  return { app, handle };
}

// ---------------------------------------------------------------------------------------------------
// Request validation
// ---------------------------------------------------------------------------------------------------

function validateZenviaSms(body: unknown): { from: string; to: string; text: string } {
  if (!isRecord(body)) throw new ValidationFailure('', 'body must be an object');
  if (typeof body.from !== 'string' || body.from.trim() === '')
    throw new ValidationFailure('from', 'is required');
  if (typeof body.to !== 'string' || !/^\d{10,15}$/.test(body.to)) {
    throw new ValidationFailure('to', 'must be the phone number with country code, digits only');
  }
  if (!Array.isArray(body.contents) || body.contents.length === 0) {
    throw new ValidationFailure('contents', 'must have at least 1 item');
  }
  const texts: string[] = [];
  body.contents.forEach((c, i) => {
    if (!isRecord(c) || c.type !== 'text') {
      throw new ValidationFailure(
        `contents[${i}].type`,
        'only "text" contents are supported on the SMS channel',
      );
    }
    if (typeof c.text !== 'string' || c.text === '')
      throw new ValidationFailure(`contents[${i}].text`, 'is required');
    texts.push(c.text);
  });
  return { from: body.from, to: body.to, text: texts.join('\n') };
}

class TemplateFailure extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: number,
    readonly title: string,
    details: string,
  ) {
    super(details);
  }
}

function validateCloudMessage(
  body: unknown,
  templates: MessagingSimulatorOptions['whatsappTemplates'],
): {
  to: string;
  text: string;
  template?: { name: string; language: string; parameters: string[] };
  reference?: string;
} {
  if (!isRecord(body)) throw new ValidationFailure('', 'body must be a JSON object');
  if (body.messaging_product !== 'whatsapp') {
    throw new ValidationFailure(
      'messaging_product',
      'The parameter messaging_product is required and must be "whatsapp".',
    );
  }
  if (body.recipient_type !== undefined && body.recipient_type !== 'individual') {
    throw new ValidationFailure('recipient_type', 'must be "individual"');
  }
  if (typeof body.to !== 'string' || !/^\+?\d{8,15}$/.test(body.to)) {
    throw new ValidationFailure('to', 'must be a phone number with country code');
  }
  const to = body.to.replace(/^\+/, '');
  const out: ReturnType<typeof validateCloudMessage> = { to, text: '' };
  if (body.biz_opaque_callback_data !== undefined) {
    if (typeof body.biz_opaque_callback_data !== 'string' || body.biz_opaque_callback_data.length > 512) {
      throw new ValidationFailure('biz_opaque_callback_data', 'must be a string of at most 512 characters');
    }
    out.reference = body.biz_opaque_callback_data;
  }
  if (body.type === 'text') {
    const text = body.text;
    if (!isRecord(text) || typeof text.body !== 'string' || text.body === '' || text.body.length > 4096) {
      throw new ValidationFailure('text.body', 'is required (1 to 4096 characters)');
    }
    out.text = text.body;
    return out;
  }
  if (body.type !== 'template')
    throw new ValidationFailure('type', 'only "template" and "text" are simulated');
  const t = body.template;
  if (!isRecord(t)) throw new ValidationFailure('template', 'is required for type "template"');
  if (typeof t.name !== 'string' || !/^[a-z0-9_]{1,512}$/.test(t.name)) {
    throw new ValidationFailure('template.name', 'must be lowercase letters, digits and underscores');
  }
  if (!isRecord(t.language) || typeof t.language.code !== 'string' || t.language.code === '') {
    throw new ValidationFailure('template.language.code', 'is required');
  }
  const parameters: string[] = [];
  if (t.components !== undefined) {
    if (!Array.isArray(t.components)) throw new ValidationFailure('template.components', 'must be an array');
    t.components.forEach((c, i) => {
      const p = `template.components[${i}]`;
      if (!isRecord(c) || !['header', 'body', 'button'].includes(c.type as string)) {
        throw new ValidationFailure(`${p}.type`, 'must be header, body or button');
      }
      if (c.type !== 'body') return;
      if (!Array.isArray(c.parameters)) throw new ValidationFailure(`${p}.parameters`, 'must be an array');
      c.parameters.forEach((param, j) => {
        const pp = `${p}.parameters[${j}]`;
        if (!isRecord(param) || param.type !== 'text') {
          throw new ValidationFailure(`${pp}.type`, 'only "text" parameters are simulated');
        }
        if (typeof param.text !== 'string' || param.text === '')
          throw new ValidationFailure(`${pp}.text`, 'is required');
        if (/[\n\t]| {5,}/.test(param.text)) {
          throw new ValidationFailure(
            `${pp}.text`,
            'Param text cannot have new-line/tab characters or more than 4 consecutive spaces',
          );
        }
        parameters.push(param.text);
      });
    });
  }
  const template = { name: t.name, language: t.language.code, parameters };
  out.template = template;
  const known = templates?.[t.name];
  if (templates && (!known || (known.language !== undefined && known.language !== template.language))) {
    throw new TemplateFailure(
      404,
      132001,
      'Template name does not exist in the translation',
      `template name (${t.name}) does not exist in ${template.language}`,
    );
  }
  if (known) {
    const expected = new Set([...known.body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => m[1])).size;
    if (expected !== parameters.length) {
      throw new TemplateFailure(
        400,
        132000,
        'Number of parameters does not match the expected number of params',
        `body: number of localizable_params (${parameters.length}) does not match the expected number of params (${expected})`,
      );
    }
    out.text = known.body.replace(/\{\{(\d+)\}\}/g, (_, n: string) => parameters[Number(n) - 1] ?? '');
  } else {
    out.text = `[${template.name}] ${parameters.join(' | ')}`.trim();
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Provider error bodies
// ---------------------------------------------------------------------------------------------------

/** Zenvia error object; the table of `spec/info/description.md` ("Error Handling"). */
function zenviaError(status: number): { code: string; message: string } {
  if (status === 401) return { code: 'AUTHENTICATION_ERROR', message: 'No authorization token was found' };
  if (status === 404) return { code: 'NOT_FOUND', message: 'Not found' };
  if (status === 409) return { code: 'DUPLICATED', message: 'Entity already exists' };
  if (status === 429) return { code: 'TOO_MANY_REQUESTS', message: 'Too many requests' };
  if (status >= 500) return { code: 'INTERNAL_ERROR', message: 'Internal error' };
  return { code: 'VALIDATION_ERROR', message: 'Validation error' };
}

function graphErrorBody(code: number, message: string, type: string, details?: string): unknown {
  return {
    error: {
      message: code === 100 || code >= 130000 ? `(#${code}) ${message}` : message,
      type,
      code,
      ...(details ? { error_data: { messaging_product: 'whatsapp', details } } : {}),
      fbtrace_id: randomBytes(9).toString('base64url'),
    },
  };
}

/** Graph API errors typical of each HTTP status (Cloud API error codes page). */
function graphError(status: number): unknown {
  if (status === 401) {
    return graphErrorBody(190, 'Invalid OAuth access token - Cannot parse access token', 'OAuthException');
  }
  if (status === 429) {
    return graphErrorBody(
      130429,
      'Rate limit hit',
      'OAuthException',
      'Message failed to send because there were too many messages sent from this phone number in a short period of time',
    );
  }
  if (status === 503) return graphErrorBody(2, 'Service temporarily unavailable', 'OAuthException');
  if (status >= 500) return graphErrorBody(1, 'An unknown error occurred', 'OAuthException');
  if (status === 403)
    return graphErrorBody(10, 'Application does not have permission for this action', 'OAuthException');
  return graphErrorBody(100, 'Invalid parameter', 'OAuthException', 'Simulated failure');
}
