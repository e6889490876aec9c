import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  classifyReply,
  parseInbound,
  parseStatusCallback,
  SmsGatewayAdapter,
  verifyWhatsAppSignature,
  WhatsAppCloudAdapter,
} from '../modules/messaging/index.ts';
import { createMessagingSimulator, type MessagingSimulator, metaJson } from './messaging-simulator.ts';

const APP_SECRET = 'segredo-do-app-meta';
const SMS_TOKEN = 'tok-sms';
const WA_TOKEN = 'tok-wa';

interface Hit {
  url: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: unknown;
}

/** Our side, reduced to what matters: records the raw body and answers the given statuses in order. */
async function startReceiver() {
  const app = Fastify({ logger: false });
  const hits: Hit[] = [];
  const statuses: number[] = [];
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, { raw: body as string, json: JSON.parse(body as string) });
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.post('/*', async (request, reply) => {
    const { raw, json } = request.body as { raw: string; json: unknown };
    hits.push({ url: request.url, headers: request.headers, raw, body: json });
    return reply.code(statuses.shift() ?? 200).send({ ok: true });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, hits, statuses, close: () => app.close() };
}

async function waitFor(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condição não atingida a tempo');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('messaging simulator', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let sim: MessagingSimulator;
  let sms: SmsGatewayAdapter;
  let wa: WhatsAppCloudAdapter;

  beforeAll(async () => {
    receiver = await startReceiver();
    sim = await createMessagingSimulator({
      webhooks: {
        sms: {
          status: `${receiver.base}/api/v1/webhooks/sms/status`,
          inbound: `${receiver.base}/api/v1/webhooks/sms/inbound`,
        },
        whatsapp: {
          status: `${receiver.base}/api/v1/webhooks/whatsapp/status`,
          inbound: `${receiver.base}/api/v1/webhooks/whatsapp/inbound`,
        },
      },
      whatsappAppSecret: APP_SECRET,
      smsApiToken: SMS_TOKEN,
      whatsappAccessToken: WA_TOKEN,
      clock: () => new Date('2025-03-10T14:30:00Z'),
    });
    sms = new SmsGatewayAdapter({ baseUrl: sim.url, apiToken: SMS_TOKEN, from: 'trato' });
    wa = new WhatsAppCloudAdapter({
      baseUrl: sim.url,
      version: 'v21.0',
      phoneNumberId: '106540352242922',
      accessToken: WA_TOKEN,
    });
  });
  afterEach(() => {
    sim.reset();
    receiver.hits.length = 0;
    receiver.statuses.length = 0;
  });
  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });

  const send = {
    sms: () =>
      sms.send({
        channel: 'sms',
        to: '+5511987654321',
        text: 'Sua proposta está disponível',
        idempotencyKey: 'ob-1',
      }),
    whatsapp: () =>
      wa.send({
        channel: 'whatsapp',
        to: '+5511987654321',
        text: '',
        whatsappTemplate: { name: 'proposta', language: 'pt_BR', parameters: ['Maria', 'R$ 1.500,00'] },
        idempotencyKey: '0195a3c2-7f1e-7b3a-9c4d-2e8f6a1b5c70',
      }),
  };

  it('delivers a Zenvia MESSAGE_STATUS that parseStatusCallback accepts', async () => {
    const { providerMessageId } = await send.sms();
    await sim.deliver(providerMessageId);
    expect(receiver.hits).toHaveLength(1);
    const hit = receiver.hits[0]!;
    expect(hit.url).toBe('/api/v1/webhooks/sms/status');
    expect(hit.body).toMatchObject({
      type: 'MESSAGE_STATUS',
      channel: 'sms',
      messageId: providerMessageId,
      messageStatus: { code: 'DELIVERED', timestamp: '2025-03-10T14:30:00.000Z' },
    });
    expect(hit.headers['x-hub-signature-256']).toBeUndefined();
    expect(parseStatusCallback('sms', hit.body)).toEqual({
      ok: true,
      value: [{ providerMessageId, status: 'delivered', at: new Date('2025-03-10T14:30:00Z') }],
    });
    expect(sim.messages()[0]!.statuses).toEqual(['delivered']);
  });

  it('delivers a failed SMS with its cause', async () => {
    const { providerMessageId } = await send.sms();
    await sim.deliver(providerMessageId, 'failed', { error: 'Número inexistente' });
    const parsed = parseStatusCallback('sms', receiver.hits[0]!.body);
    expect(parsed.ok && parsed.value[0]).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('Número inexistente'),
    });
  });

  it('delivers signed WhatsApp statuses echoing biz_opaque_callback_data', async () => {
    const { providerMessageId } = await send.whatsapp();
    for (const status of ['sent', 'delivered', 'read', 'failed'] as const)
      await sim.deliver(providerMessageId, status);
    expect(receiver.hits.map((h) => h.url)).toEqual(Array(4).fill('/api/v1/webhooks/whatsapp/status'));
    for (const hit of receiver.hits) {
      expect(verifyWhatsAppSignature(hit.raw, hit.headers['x-hub-signature-256'] as string, APP_SECRET)).toBe(
        true,
      );
      expect(verifyWhatsAppSignature(hit.raw, hit.headers['x-hub-signature-256'] as string, 'outro')).toBe(
        false,
      );
      expect(hit.body).toMatchObject({
        object: 'whatsapp_business_account',
        entry: [{ changes: [{ field: 'messages', value: { messaging_product: 'whatsapp' } }] }],
      });
    }
    const parsed = receiver.hits.map((h) => parseStatusCallback('whatsapp', h.body));
    expect(parsed.map((p) => p.ok && p.value[0]!.status)).toEqual(['sent', 'delivered', 'read', 'failed']);
    expect(
      parsed.every((p) => p.ok && p.value[0]!.reference === '0195a3c2-7f1e-7b3a-9c4d-2e8f6a1b5c70'),
    ).toBe(true);
    expect(parsed[3]!.ok && parsed[3]!.value[0]!.error).toMatch(/^131026 Message undeliverable/);
  });

  it('sends inbound WhatsApp replies escaped like Meta does, and signed over those bytes', async () => {
    await send.whatsapp();
    const id = await sim.reply('+5511987654321', 'Não quero mais receber', 'whatsapp');
    const hit = receiver.hits[0]!;
    expect(hit.url).toBe('/api/v1/webhooks/whatsapp/inbound');
    expect(hit.raw).toContain('N\\u00e3o quero mais receber');
    expect(hit.raw).toBe(metaJson(hit.body));
    const header = hit.headers['x-hub-signature-256'] as string;
    expect(verifyWhatsAppSignature(hit.raw, header, APP_SECRET)).toBe(true);
    // The classic mistake: checking the re-serialized body.
    expect(verifyWhatsAppSignature(JSON.stringify(hit.body), header, APP_SECRET)).toBe(false);
    const parsed = parseInbound('whatsapp', hit.body);
    expect(parsed).toEqual({
      ok: true,
      value: [
        {
          from: '+5511987654321',
          text: 'Não quero mais receber',
          at: new Date('2025-03-10T14:30:00Z'),
          providerMessageId: id,
        },
      ],
    });
    expect(classifyReply(parsed.ok ? parsed.value[0]!.text : '')).toBe('opt_out');
    // Statuses and inbound messages share Meta's one callback: each parser ignores the other kind.
    expect(parseStatusCallback('whatsapp', hit.body)).toEqual({ ok: true, value: [] });
  });

  it('sends inbound SMS replies as Zenvia MESSAGE events to the last sender id', async () => {
    await send.sms();
    const id = await sim.reply('+5511987654321', 'Quero negociar', 'sms');
    const hit = receiver.hits[0]!;
    expect(hit.url).toBe('/api/v1/webhooks/sms/inbound');
    expect(hit.body).toMatchObject({
      type: 'MESSAGE',
      direction: 'IN',
      message: {
        id,
        from: '5511987654321',
        to: 'trato',
        contents: [{ type: 'text', text: 'Quero negociar' }],
      },
    });
    const parsed = parseInbound('sms', hit.body);
    expect(parsed.ok && parsed.value[0]).toMatchObject({ from: '+5511987654321', text: 'Quero negociar' });
    expect(classifyReply('Quero negociar')).toBe('negotiate');
  });

  it('rejects deliver/reply when our webhook does not answer 2xx, and records the attempt', async () => {
    const { providerMessageId } = await send.sms();
    receiver.statuses.push(500);
    await expect(sim.deliver(providerMessageId)).rejects.toThrow(/respondeu 500/);
    receiver.statuses.push(401);
    await expect(sim.reply('+5511987654321', 'SAIR', 'whatsapp')).rejects.toThrow(/respondeu 401/);
    expect(sim.deliveries().map((d) => [d.kind, d.status, d.ok])).toEqual([
      ['status', 500, false],
      ['inbound', 401, false],
    ]);
    await expect(sim.deliver('nao-existe')).rejects.toThrow(/mensagem desconhecida/);
    await expect(sim.reply('11987654321', 'oi', 'sms')).rejects.toThrow(/E\.164/);
  });

  it('autoDeliver posts sent then delivered after each send', async () => {
    const auto = await createMessagingSimulator({
      webhookBaseUrl: `${receiver.base}/api/v1/webhooks`,
      autoDeliver: true,
      autoDeliverDelayMs: 5,
    });
    try {
      const adapter = new SmsGatewayAdapter({ baseUrl: auto.url, apiToken: 'qualquer', from: 'trato' });
      const { providerMessageId } = await adapter.send({
        channel: 'sms',
        to: '+5521987654321',
        text: 'Olá',
        idempotencyKey: 'ob-2',
      });
      await waitFor(() => receiver.hits.length === 2);
      expect(receiver.hits.map((h) => h.url)).toEqual([
        '/api/v1/webhooks/sms/status',
        '/api/v1/webhooks/sms/status',
      ]);
      const statuses = receiver.hits.map((h) => {
        const p = parseStatusCallback('sms', h.body);
        return p.ok ? [p.value[0]!.providerMessageId, p.value[0]!.status] : null;
      });
      expect(statuses).toEqual([
        [providerMessageId, 'sent'],
        [providerMessageId, 'delivered'],
      ]);
    } finally {
      await auto.close();
    }
  });

  it('validates requests like the providers do', async () => {
    const zenvia = (body: unknown, token = SMS_TOKEN) =>
      fetch(`${sim.url}/v2/channels/sms/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-token': token },
        body: JSON.stringify(body),
      });
    let res = await zenvia({ from: 'trato', to: '5511987654321', contents: [] });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'VALIDATION_ERROR', details: [{ path: 'contents' }] });
    res = await zenvia({ from: 'trato', to: '+5511987654321', contents: [{ type: 'text', text: 'x' }] });
    expect(res.status).toBe(400);
    res = await zenvia({ from: 'trato', to: '5511987654321', contents: [{ type: 'text', text: 'x' }] }, '');
    expect(res.status).toBe(401);

    const graph = (path: string, body: unknown, token = WA_TOKEN) =>
      fetch(`${sim.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    const ok = {
      messaging_product: 'whatsapp',
      to: '5511987654321',
      type: 'template',
      template: { name: 'proposta', language: { code: 'pt_BR' } },
    };
    res = await graph('/v21.0/106540352242922/messages', { ...ok, messaging_product: 'sms' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 100, type: 'OAuthException' } });
    res = await graph('/21/106540352242922/messages', ok);
    expect(res.status).toBe(400);
    res = await graph('/v21.0/106540352242922/messages', {
      ...ok,
      template: {
        ...ok.template,
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'linha 1\nlinha 2' }] }],
      },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/new-line/);
    res = await graph('/v21.0/106540352242922/messages', ok, 'errado');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 190 } });
    res = await graph('/v21.0/106540352242922/messages', ok);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      messaging_product: 'whatsapp',
      contacts: [{ input: '5511987654321', wa_id: '5511987654321' }],
      messages: [{ id: expect.stringMatching(/^wamid\./) }],
    });
  });

  it('takes shared webhook URLs with a {provider} placeholder', async () => {
    const shared = await createMessagingSimulator({
      statusWebhookUrl: `${receiver.base}/hooks/{provider}/status`,
      inboundWebhookUrl: `${receiver.base}/hooks/{provider}/inbound`,
    });
    try {
      await shared.reply('+5511987654321', 'oi', 'sms');
      await shared.reply('+5511987654321', 'oi', 'whatsapp');
      expect(receiver.hits.map((h) => h.url)).toEqual(['/hooks/sms/inbound', '/hooks/whatsapp/inbound']);
      // No app secret configured: no signature header.
      expect(receiver.hits[1]!.headers['x-hub-signature-256']).toBeUndefined();
    } finally {
      await shared.close();
    }
  });

  it('refuses another phone-number-id when one is configured', async () => {
    const strict = await createMessagingSimulator({ whatsappPhoneNumberId: '111' });
    try {
      const adapter = new WhatsAppCloudAdapter({
        baseUrl: strict.url,
        version: 'v21.0',
        phoneNumberId: '222',
        accessToken: 'x',
      });
      const error = await adapter
        .send({ channel: 'whatsapp', to: '+5511987654321', text: 'oi', idempotencyKey: 'k' })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ retryable: false, status: 400, providerCode: '100' });
    } finally {
      await strict.close();
    }
  });

  it('exposes its controls over HTTP for the CLI', async () => {
    const { providerMessageId } = await send.sms();
    const list = (await (await fetch(`${sim.url}/sim/messages`)).json()) as { id: string }[];
    expect(list.map((m) => m.id)).toEqual([providerMessageId]);
    let res = await fetch(`${sim.url}/sim/messages/${providerMessageId}/deliver`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'read' }),
    });
    expect(res.status).toBe(200);
    res = await fetch(`${sim.url}/sim/reply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '+5511987654321', text: 'PARAR', provider: 'sms' }),
    });
    expect(res.status).toBe(200);
    expect(receiver.hits.map((h) => h.url)).toEqual([
      '/api/v1/webhooks/sms/status',
      '/api/v1/webhooks/sms/inbound',
    ]);
    res = await fetch(`${sim.url}/sim/reply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '+5511987654321', text: 'x', provider: 'telegram' }),
    });
    expect(res.status).toBe(400);
  });

  it('failNext checks its arguments and is consumed in order', async () => {
    expect(() => sim.failNext(0, 503)).toThrow();
    expect(() => sim.failNext(1, 200)).toThrow();
    sim.failNext(2, 500, 'sms');
    await expect(send.sms()).rejects.toMatchObject({ status: 500 });
    await expect(send.sms()).rejects.toMatchObject({ status: 500 });
    await expect(send.sms()).resolves.toMatchObject({ provider: 'zenvia' });
  });
});
