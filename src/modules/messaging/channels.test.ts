import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMessagingSimulator, type MessagingSimulator } from '../../simulators/messaging-simulator.ts';
import {
  ChannelError,
  createAdapters,
  type OutboundMessage,
  SmsGatewayAdapter,
  SmtpEmailAdapter,
  WhatsAppCloudAdapter,
} from './channels.ts';

// ---------------------------------------------------------------------------------------------------
// A tiny MIME reader (enough for what nodemailer writes: RFC 2047 words, quoted-printable, base64)
// ---------------------------------------------------------------------------------------------------

interface MimePart {
  headers: Map<string, string>;
  body: string;
}

function splitHeaders(raw: string): MimePart {
  const sep = raw.indexOf('\r\n\r\n');
  const head = (sep < 0 ? raw : raw.slice(0, sep)).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return { headers, body: sep < 0 ? '' : raw.slice(sep + 4) };
}

function bytesToUtf8(encoded: string, qp: boolean): string {
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    const hex = encoded.slice(i + 1, i + 3);
    if (encoded[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(qp && encoded[i] === '_' ? 0x20 : encoded.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047 encoded words; whitespace between two adjacent words is dropped. */
function decodeWords(value: string): string {
  return value.replace(
    /=\?([^?]+)\?([QqBb])\?([^?]*)\?=(\s+(?==\?))?/g,
    (_m, _charset, enc: string, text: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : bytesToUtf8(text, true),
  );
}

function decodeBody(part: MimePart): string {
  const cte = (part.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (cte === 'quoted-printable') return bytesToUtf8(part.body.replace(/=\r\n/g, ''), false);
  if (cte === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return part.body;
}

function parseMessage(raw: string) {
  const top = splitHeaders(raw);
  const contentType = top.headers.get('content-type') ?? '';
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  const parts: { type: string; text: string }[] = [];
  if (boundary) {
    for (const chunk of top.body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break;
      const part = splitHeaders(chunk.replace(/^\r\n/, ''));
      parts.push({
        type: part.headers.get('content-type') ?? '',
        text: decodeBody(part).replace(/\r\n$/, ''),
      });
    }
  }
  return { headers: top.headers, contentType, parts };
}

// ---------------------------------------------------------------------------------------------------
// A real SMTP server
// ---------------------------------------------------------------------------------------------------

interface Received {
  raw: string;
  mailFrom: string;
  rcptTo: string[];
}

type SmtpReply = { code: number; message: string } | null;

async function startSmtp() {
  const received: Received[] = [];
  const behaviour: { rcpt: SmtpReply; data: SmtpReply } = { rcpt: null, data: null };
  const reject = (r: { code: number; message: string }) =>
    Object.assign(new Error(r.message), { responseCode: r.code });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      callback(behaviour.rcpt ? reject(behaviour.rcpt) : null);
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (behaviour.data) return callback(reject(behaviour.data));
        const env = session.envelope;
        received.push({
          raw: Buffer.concat(chunks).toString('utf8'),
          mailFrom: env.mailFrom ? env.mailFrom.address : '',
          rcptTo: env.rcptTo.map((r) => r.address),
        });
        callback(null);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    behaviour,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

async function expectChannelError(promise: Promise<unknown>): Promise<ChannelError> {
  const error = await promise.then(
    () => {
      throw new Error('esperava falha, mas o envio deu certo');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChannelError);
  return error as ChannelError;
}

const OUTBOX_ID = '0195a3c2-7f1e-7b3a-9c4d-2e8f6a1b5c70';

function email(over: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    channel: 'email',
    to: 'maria.jose@example.com.br',
    subject: 'Proposta de acordo disponível — Cartão',
    text: 'Olá, Maria José! Sua dívida pode ser negociada com condições especiais. Ação válida até 15/03.',
    html: '<p>Olá, <strong>Maria José</strong>! Sua dívida pode ser negociada. Ação válida até 15/03.</p>',
    idempotencyKey: OUTBOX_ID,
    ...over,
  };
}

describe('SmtpEmailAdapter (real SMTP server)', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let adapter: SmtpEmailAdapter;

  beforeAll(async () => {
    smtp = await startSmtp();
    adapter = new SmtpEmailAdapter({
      host: '127.0.0.1',
      port: smtp.port,
      from: '"Trato Cobranças" <contato@trato.com.br>',
      replyTo: 'atendimento@trato.com.br',
      listUnsubscribe: {
        mailto: 'descadastro@trato.com.br',
        url: (m) => `https://trato.com.br/l/${m.idempotencyKey}`,
      },
      timeoutMs: 5000,
    });
  });
  afterEach(() => {
    smtp.behaviour.rcpt = null;
    smtp.behaviour.data = null;
    smtp.received.length = 0;
  });
  afterAll(async () => {
    adapter.close();
    await smtp.close();
  });

  it('sends From/To/Subject, a Message-ID from the outbox id and text + html parts with accents intact', async () => {
    const result = await adapter.send(email());
    expect(result).toEqual({ providerMessageId: `<${OUTBOX_ID}@trato.com.br>`, provider: 'smtp' });
    expect(smtp.received).toHaveLength(1);
    const got = smtp.received[0]!;
    expect(got.mailFrom).toBe('contato@trato.com.br');
    expect(got.rcptTo).toEqual(['maria.jose@example.com.br']);

    const mail = parseMessage(got.raw);
    expect(decodeWords(mail.headers.get('from')!)).toBe('Trato Cobranças <contato@trato.com.br>');
    expect(mail.headers.get('to')).toBe('maria.jose@example.com.br');
    expect(mail.headers.get('reply-to')).toBe('atendimento@trato.com.br');
    expect(decodeWords(mail.headers.get('subject')!)).toBe('Proposta de acordo disponível — Cartão');
    // Non-ASCII never goes raw into a header.
    expect(mail.headers.get('subject')).toMatch(/^[\x20-\x7e]+$/);
    expect(mail.headers.get('message-id')).toBe(`<${OUTBOX_ID}@trato.com.br>`);
    expect(mail.contentType).toMatch(/^multipart\/alternative;/);
    expect(mail.parts.map((p) => p.type.split(';')[0])).toEqual(['text/plain', 'text/html']);
    expect(mail.parts[0]!.type).toMatch(/charset=utf-8/i);
    expect(mail.parts[0]!.text).toBe(email().text);
    expect(mail.parts[1]!.text).toBe(email().html);
    expect(mail.headers.get('list-unsubscribe')).toBe(
      `<mailto:descadastro@trato.com.br>, <https://trato.com.br/l/${OUTBOX_ID}>`,
    );
    expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
  });

  it('gives a resend of the same outbox message the same Message-ID', async () => {
    await adapter.send(email());
    await adapter.send(email({ subject: 'Lembrete: proposta disponível' }));
    await adapter.send(email({ idempotencyKey: '0195a3c2-7f1e-7b3a-9c4d-000000000001' }));
    const ids = smtp.received.map((r) => parseMessage(r.raw).headers.get('message-id'));
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
    // An id that cannot be a Message-ID local part is hashed, still deterministically.
    expect(adapter.messageIdFor('outbox 42/<x>')).toBe(adapter.messageIdFor('outbox 42/<x>'));
    expect(adapter.messageIdFor('outbox 42/<x>')).toMatch(/^<[0-9a-f]{40}@trato\.com\.br>$/);
  });

  it('sends a text-only e-mail as a single text/plain part', async () => {
    await adapter.send(email({ html: undefined }));
    const mail = parseMessage(smtp.received[0]!.raw);
    expect(mail.contentType).toMatch(/^text\/plain/);
  });

  it('treats 451 (transient) as retryable', async () => {
    smtp.behaviour.data = { code: 451, message: 'Requested action aborted: local error in processing' };
    const error = await expectChannelError(adapter.send(email()));
    expect(error).toMatchObject({ retryable: true, status: 451, channel: 'email', provider: 'smtp' });
    expect(error.message).toMatch(/451.*temporário/);
  });

  it('treats 550 (permanent) as not retryable', async () => {
    smtp.behaviour.rcpt = { code: 550, message: 'Mailbox unavailable' };
    const error = await expectChannelError(adapter.send(email()));
    expect(error).toMatchObject({ retryable: false, status: 550 });
    expect(error.message).toMatch(/550.*definitivo/);
    expect(smtp.received).toHaveLength(0);
  });

  it('treats 452 at RCPT (mailbox full, try later) as retryable', async () => {
    smtp.behaviour.rcpt = { code: 452, message: 'Insufficient system storage' };
    const error = await expectChannelError(adapter.send(email()));
    expect(error).toMatchObject({ retryable: true, status: 452 });
  });

  it('refuses a bad address or a missing subject without connecting', async () => {
    for (const m of [
      email({ to: 'maria' }),
      email({ to: 'a@b.com\r\nBcc: x@y.com' }),
      email({ subject: ' ' }),
    ]) {
      const error = await expectChannelError(adapter.send(m));
      expect(error.retryable).toBe(false);
    }
    const wrong = await expectChannelError(adapter.send({ ...email(), channel: 'sms' }));
    expect(wrong.retryable).toBe(false);
    expect(smtp.received).toHaveLength(0);
  });

  it('treats a refused connection as retryable', async () => {
    const port = await freePort();
    const down = new SmtpEmailAdapter({
      host: '127.0.0.1',
      port,
      from: 'contato@trato.com.br',
      timeoutMs: 2000,
    });
    const error = await expectChannelError(down.send(email()));
    expect(error.retryable).toBe(true);
    expect(error.status).toBeUndefined();
    expect(error.message).toMatch(/comunicação/);
  });

  it('times out on a server that never greets (retryable)', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((s) => sockets.add(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const slow = new SmtpEmailAdapter({
        host: '127.0.0.1',
        port,
        from: 'contato@trato.com.br',
        timeoutMs: 300,
      });
      const started = Date.now();
      const error = await expectChannelError(slow.send(email()));
      expect(error.retryable).toBe(true);
      expect(error.providerCode).toBe('ETIMEDOUT');
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// SMS and WhatsApp against the simulator, over real HTTP
// ---------------------------------------------------------------------------------------------------

const SMS_TOKEN = 'zenvia-token-de-teste';
const WA_TOKEN = 'EAAG-token-de-teste';
const PHONE_NUMBER_ID = '106540352242922';

describe('HTTP adapters against the messaging simulator', () => {
  let sim: MessagingSimulator;
  let sms: SmsGatewayAdapter;
  let wa: WhatsAppCloudAdapter;

  beforeAll(async () => {
    sim = await createMessagingSimulator({
      smsApiToken: SMS_TOKEN,
      whatsappAccessToken: WA_TOKEN,
      whatsappPhoneNumberId: PHONE_NUMBER_ID,
      whatsappTemplates: {
        proposta_disponivel: {
          body: 'Olá, {{1}}! Sua proposta de {{2}} está disponível: {{3}}',
          language: 'pt_BR',
        },
        lembrete_simples: { body: 'Você tem uma mensagem da Trato.', language: 'pt_BR' },
      },
    });
    sms = new SmsGatewayAdapter({ baseUrl: sim.url, apiToken: SMS_TOKEN, from: 'trato', timeoutMs: 2000 });
    wa = new WhatsAppCloudAdapter({
      baseUrl: sim.url,
      version: 'v21.0',
      phoneNumberId: PHONE_NUMBER_ID,
      accessToken: WA_TOKEN,
      timeoutMs: 2000,
    });
  });
  afterEach(() => sim.reset());
  afterAll(() => sim.close());

  const smsMessage = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
    channel: 'sms',
    to: '+5511987654321',
    text: 'Trato: sua proposta está disponível. Veja em https://trato.com.br/l/abc',
    idempotencyKey: OUTBOX_ID,
    ...over,
  });
  const waMessage = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
    channel: 'whatsapp',
    to: '+5511987654321',
    text: 'Olá, Maria! Sua proposta de R$ 1.500,00 está disponível.',
    whatsappTemplate: {
      name: 'proposta_disponivel',
      language: 'pt_BR',
      parameters: ['Maria', 'R$ 1.500,00', 'https://trato.com.br/l/abc'],
    },
    idempotencyKey: OUTBOX_ID,
    ...over,
  });

  describe('SmsGatewayAdapter (Zenvia shape)', () => {
    it('posts exactly {from, to, contents:[{type:"text", text}]} and returns the provider id', async () => {
      const result = await sms.send(smsMessage());
      const [got] = sim.messages();
      expect(got).toBeDefined();
      expect(result).toEqual({ providerMessageId: got!.id, provider: 'zenvia' });
      expect(got!.request).toEqual({
        from: 'trato',
        to: '5511987654321',
        contents: [{ type: 'text', text: smsMessage().text }],
      });
      expect(got!.to).toBe('+5511987654321');
    });

    it('a bad token is a 401, not retryable', async () => {
      const bad = new SmsGatewayAdapter({ baseUrl: sim.url, apiToken: 'errado', from: 'trato' });
      const error = await expectChannelError(bad.send(smsMessage()));
      expect(error).toMatchObject({ retryable: false, status: 401, providerCode: 'AUTHENTICATION_ERROR' });
      expect(error.message).toMatch(/Token da API de SMS.*No authorization token was found/);
      expect(sim.messages()).toHaveLength(0);
    });

    it('failNext(1, 503) is retryable, and the next send goes through', async () => {
      sim.failNext(1, 503);
      const error = await expectChannelError(sms.send(smsMessage()));
      expect(error).toMatchObject({ retryable: true, status: 503, providerCode: 'INTERNAL_ERROR' });
      await expect(sms.send(smsMessage())).resolves.toMatchObject({ provider: 'zenvia' });
      expect(sim.messages()).toHaveLength(1);
    });

    it('429 is retryable; 400 is not and carries the provider text', async () => {
      sim.failNext(1, 429);
      expect((await expectChannelError(sms.send(smsMessage()))).retryable).toBe(true);
      sim.failNext(1, 400);
      const error = await expectChannelError(sms.send(smsMessage()));
      expect(error).toMatchObject({ retryable: false, status: 400, providerCode: 'VALIDATION_ERROR' });
      expect(error.message).toMatch(/recusou a mensagem.*Validation error/);
    });

    it('a dropped connection and a timeout are retryable', async () => {
      sim.failNext(1, 'network');
      const dropped = await expectChannelError(sms.send(smsMessage()));
      expect(dropped.retryable).toBe(true);
      expect(dropped.status).toBeUndefined();

      sim.failNext(1, 'hang');
      const quick = new SmsGatewayAdapter({
        baseUrl: sim.url,
        apiToken: SMS_TOKEN,
        from: 'trato',
        timeoutMs: 200,
      });
      const timedOut = await expectChannelError(quick.send(smsMessage()));
      expect(timedOut.retryable).toBe(true);
      expect(timedOut.message).toMatch(/não respondeu em 0.2 s/);
    });

    it('refuses a phone that is not E.164 before calling the provider', async () => {
      for (const to of ['11987654321', '+55 11 98765-4321', '5511987654321', '']) {
        const error = await expectChannelError(sms.send(smsMessage({ to })));
        expect(error.retryable).toBe(false);
      }
      expect(sim.messages()).toHaveLength(0);
    });
  });

  describe('WhatsAppCloudAdapter (Cloud API shape)', () => {
    it('posts a template message with body parameters and our outbox id as biz_opaque_callback_data', async () => {
      const result = await wa.send(waMessage());
      const [got] = sim.messages();
      expect(result).toEqual({ providerMessageId: got!.id, provider: 'whatsapp-cloud' });
      expect(got!.id).toMatch(/^wamid\./);
      expect(got!.request).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '5511987654321',
        biz_opaque_callback_data: OUTBOX_ID,
        type: 'template',
        template: {
          name: 'proposta_disponivel',
          language: { code: 'pt_BR' },
          components: [
            {
              type: 'body',
              parameters: [
                { type: 'text', text: 'Maria' },
                { type: 'text', text: 'R$ 1.500,00' },
                { type: 'text', text: 'https://trato.com.br/l/abc' },
              ],
            },
          ],
        },
      });
      expect(got!.text).toBe(
        'Olá, Maria! Sua proposta de R$ 1.500,00 está disponível: https://trato.com.br/l/abc',
      );
    });

    it('omits components for a template without variables, and sends free text without a template', async () => {
      await wa.send(
        waMessage({ whatsappTemplate: { name: 'lembrete_simples', language: 'pt_BR', parameters: [] } }),
      );
      await wa.send(waMessage({ whatsappTemplate: undefined, text: 'Recebemos sua mensagem, obrigado!' }));
      const [tpl, text] = sim.messages();
      expect((tpl!.request as { template: unknown }).template).toEqual({
        name: 'lembrete_simples',
        language: { code: 'pt_BR' },
      });
      expect(text!.request).toMatchObject({
        type: 'text',
        text: { body: 'Recebemos sua mensagem, obrigado!', preview_url: false },
      });
    });

    it('a bad token is a 401 (code 190), not retryable', async () => {
      const bad = new WhatsAppCloudAdapter({
        baseUrl: sim.url,
        version: 'v21.0',
        phoneNumberId: PHONE_NUMBER_ID,
        accessToken: 'expirado',
      });
      const error = await expectChannelError(bad.send(waMessage()));
      expect(error).toMatchObject({ retryable: false, status: 401, providerCode: '190' });
      expect(error.message).toMatch(/Token de acesso do WhatsApp recusado/);
    });

    it('failNext(1, 503) is retryable; 429 too; a 400 is not', async () => {
      sim.failNext(1, 503, 'whatsapp');
      expect(await expectChannelError(wa.send(waMessage()))).toMatchObject({ retryable: true, status: 503 });
      sim.failNext(1, 429, 'whatsapp');
      expect(await expectChannelError(wa.send(waMessage()))).toMatchObject({
        retryable: true,
        status: 429,
        providerCode: '130429',
      });
      sim.failNext(1, 400, 'whatsapp');
      expect(await expectChannelError(wa.send(waMessage()))).toMatchObject({ retryable: false, status: 400 });
      await expect(wa.send(waMessage())).resolves.toMatchObject({ provider: 'whatsapp-cloud' });
    });

    it('a failure armed for SMS does not hit WhatsApp', async () => {
      sim.failNext(1, 503, 'sms');
      await expect(wa.send(waMessage())).resolves.toMatchObject({ provider: 'whatsapp-cloud' });
      expect((await expectChannelError(sms.send(smsMessage()))).status).toBe(503);
    });

    it('reports the provider error text for an unknown template or a wrong parameter count', async () => {
      const unknown = await expectChannelError(
        wa.send(
          waMessage({ whatsappTemplate: { name: 'nao_existe', language: 'pt_BR', parameters: ['x'] } }),
        ),
      );
      expect(unknown).toMatchObject({ retryable: false, status: 404, providerCode: '132001' });
      expect(unknown.message).toMatch(/Template name does not exist.*nao_existe/);

      const count = await expectChannelError(
        wa.send(
          waMessage({
            whatsappTemplate: { name: 'proposta_disponivel', language: 'pt_BR', parameters: ['x'] },
          }),
        ),
      );
      expect(count).toMatchObject({ retryable: false, status: 400, providerCode: '132000' });
      expect(count.message).toMatch(/does not match the expected number of params \(3\)/);
    });

    it('refuses locally what Meta would refuse: template names with "-", parameters with newlines', async () => {
      const cases: OutboundMessage[] = [
        waMessage({ whatsappTemplate: { name: 'negociar-link', language: 'pt_BR', parameters: ['x'] } }),
        waMessage({
          whatsappTemplate: {
            name: 'proposta_disponivel',
            language: 'pt_BR',
            parameters: ['a\nb', 'c', 'd'],
          },
        }),
        waMessage({
          whatsappTemplate: { name: 'proposta_disponivel', language: 'pt_BR', parameters: ['a', '', 'd'] },
        }),
        waMessage({
          whatsappTemplate: { name: 'proposta_disponivel', language: 'Português', parameters: ['a'] },
        }),
        waMessage({ to: '5511987654321' }),
      ];
      for (const m of cases) expect((await expectChannelError(wa.send(m))).retryable).toBe(false);
      expect(sim.messages()).toHaveLength(0);
    });

    it('a timeout is retryable', async () => {
      sim.failNext(1, 'hang', 'whatsapp');
      const quick = new WhatsAppCloudAdapter({
        baseUrl: sim.url,
        version: 'v21.0',
        phoneNumberId: PHONE_NUMBER_ID,
        accessToken: WA_TOKEN,
        timeoutMs: 200,
      });
      const error = await expectChannelError(quick.send(waMessage()));
      expect(error.retryable).toBe(true);
      expect(error.message).toMatch(/WhatsApp.*não respondeu/);
    });
  });
});

// ---------------------------------------------------------------------------------------------------
// Edge cases of the answers, with a stubbed fetch
// ---------------------------------------------------------------------------------------------------

function stubFetch(status: number, body: unknown): typeof fetch {
  return (async () =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    })) as typeof fetch;
}

function waWith(fetchImpl: typeof fetch) {
  return new WhatsAppCloudAdapter({
    version: 'v21.0',
    phoneNumberId: '1',
    accessToken: 't',
    fetch: fetchImpl,
  });
}

const WA: OutboundMessage = {
  channel: 'whatsapp',
  to: '+5511987654321',
  text: 'x',
  whatsappTemplate: { name: 'lembrete', language: 'pt_BR', parameters: [] },
  idempotencyKey: OUTBOX_ID,
};

describe('answers the providers may give', () => {
  it('retries Graph throughput errors even when the HTTP status is 400', async () => {
    const body = {
      error: { message: '(#131056) Pair rate limit hit', type: 'OAuthException', code: 131056 },
    };
    const error = await expectChannelError(waWith(stubFetch(400, body)).send(WA));
    expect(error).toMatchObject({ retryable: true, status: 400, providerCode: '131056' });
  });

  it('does not retry a re-engagement error (outside the 24 h window)', async () => {
    const body = {
      error: {
        message: '(#131047) Re-engagement message',
        type: 'OAuthException',
        code: 131047,
        error_data: {
          messaging_product: 'whatsapp',
          details: 'More than 24 hours have passed since the customer last replied',
        },
      },
    };
    const error = await expectChannelError(waWith(stubFetch(400, body)).send(WA));
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/Re-engagement message — More than 24 hours/);
  });

  it('does not retry a 2xx without a message id (it may have been sent)', async () => {
    const error = await expectChannelError(
      waWith(stubFetch(200, { messaging_product: 'whatsapp' })).send(WA),
    );
    expect(error).toMatchObject({ retryable: false, status: 200 });
    expect(error.message).toMatch(/pode ter sido enviada/);
    const sms = new SmsGatewayAdapter({ apiToken: 't', from: 'trato', fetch: stubFetch(200, 'ok') });
    expect((await expectChannelError(sms.send({ ...WA, channel: 'sms' }))).retryable).toBe(false);
  });

  it('keeps the text of a non-JSON error page', async () => {
    const sms = new SmsGatewayAdapter({
      apiToken: 't',
      from: 'trato',
      fetch: stubFetch(502, '<html><body>502 Bad Gateway</body></html>'),
    });
    const error = await expectChannelError(sms.send({ ...WA, channel: 'sms' }));
    expect(error).toMatchObject({ retryable: true, status: 502 });
    expect(error.message).toMatch(/502 Bad Gateway/);
  });

  it('calls the documented URLs with the documented headers', async () => {
    const calls: { url: string; headers: Headers }[] = [];
    const spy = (async (url: string | URL | Request, init?: RequestInit) => {
      calls.push({ url: String(url), headers: new Headers(init?.headers) });
      return new Response(JSON.stringify({ id: 'z1', messages: [{ id: 'wamid.1' }] }), { status: 200 });
    }) as typeof fetch;
    await new SmsGatewayAdapter({ apiToken: 'tok', from: 'trato', fetch: spy }).send({
      ...WA,
      channel: 'sms',
    });
    await new WhatsAppCloudAdapter({
      version: 'v21.0',
      phoneNumberId: '123',
      accessToken: 'EAAG',
      fetch: spy,
    }).send(WA);
    expect(calls[0]!.url).toBe('https://api.zenvia.com/v2/channels/sms/messages');
    expect(calls[0]!.headers.get('x-api-token')).toBe('tok');
    expect(calls[0]!.headers.get('content-type')).toBe('application/json');
    expect(calls[1]!.url).toBe('https://graph.facebook.com/v21.0/123/messages');
    expect(calls[1]!.headers.get('authorization')).toBe('Bearer EAAG');
  });

  it('ChannelError accepts the short form (message, retryable, status)', () => {
    const e = new ChannelError('canal sms não configurado', false);
    expect(e).toMatchObject({ retryable: false, name: 'ChannelError', message: 'canal sms não configurado' });
    expect(new ChannelError('x', true, 503).status).toBe(503);
  });
});

describe('createAdapters', () => {
  it('builds one adapter per configured channel', () => {
    const none = createAdapters({});
    expect(none).toEqual({});
    const all = createAdapters({
      email: { host: '127.0.0.1', port: 2525, from: 'contato@trato.com.br' },
      sms: { apiToken: 't', from: 'trato' },
      whatsapp: { version: 'v21.0', phoneNumberId: '1', accessToken: 't' },
    });
    expect(Object.keys(all).sort()).toEqual(['email', 'sms', 'whatsapp']);
    expect(all.email?.provider).toBe('smtp');
    expect(all.sms?.channel).toBe('sms');
    expect(all.whatsapp?.provider).toBe('whatsapp-cloud');
    (all.email as SmtpEmailAdapter).close();
    expect(() =>
      createAdapters({ whatsapp: { version: '21', phoneNumberId: '1', accessToken: 't' } }),
    ).toThrow(/Versão da Graph API/);
  });
});
