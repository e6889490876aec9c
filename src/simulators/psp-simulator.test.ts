import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import Fastify from 'fastify';
import { hasError, isDynamicPix, parsePix } from 'pix-utils';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiPixClient, endToEndIdProblem, parsePixWebhook } from '../modules/payments/index.ts';
import {
  callbackUrl,
  createPspSimulator,
  generateEndToEndId,
  isDictKey,
  type PspSimulator,
  type PspSimulatorOptions,
} from './psp-simulator.ts';

const CLIENT_ID = 'trato';
const CLIENT_SECRET = 'segredo';
const WEBHOOK_SECRET = 'segredo-do-webhook';
const KEY = '7d9f0335-8dcc-4054-9bf9-0dbd61d36906';
const OTHER_KEY = '40a0932d-1918-4eee-845d-35a2da1690dc';
const PROBLEM = 'https://pix.bcb.gov.br/api/v2/error/';

const newTxid = () => randomUUID().replaceAll('-', '');
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

/** A movable simulated clock. */
function movableClock(start: string) {
  let now = Date.parse(start);
  return { clock: () => new Date(now), advance: (ms: number) => (now += ms) };
}

interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** A local webhook receiver answering the given statuses in order (then 200). */
async function startReceiver(statuses: number[] = []) {
  const app = Fastify({ logger: false });
  const received: Received[] = [];
  let i = 0;
  app.post('/*', async (request, reply) => {
    received.push({ url: request.url, headers: request.headers, body: request.body });
    const status = statuses[i++] ?? 200;
    return reply.code(status).send({ status });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => app.close() };
}

describe('PSP simulator', () => {
  let sim: PspSimulator;
  const time = movableClock('2025-03-10T14:30:00.000Z');
  const closers: Array<() => Promise<void>> = [];

  async function token(scope?: string): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) });
    const res = await fetch(`${sim.url}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: basic(CLIENT_ID, CLIENT_SECRET),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: form.toString(),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { access_token: string }).access_token;
  }

  async function call(method: string, path: string, body?: unknown, bearer?: string) {
    const headers: Record<string, string> = { authorization: `Bearer ${bearer ?? (await token())}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${sim.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
    };
  }

  const cobBody = (overrides: Record<string, unknown> = {}) => ({
    calendario: { expiracao: 3600 },
    valor: { original: '250.00' },
    chave: KEY,
    ...overrides,
  });

  async function simulator(extra: Partial<PspSimulatorOptions> = {}): Promise<PspSimulator> {
    const s = await createPspSimulator({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      webhookSecret: WEBHOOK_SECRET,
      clock: time.clock,
      webhookRetry: { attempts: 4, backoffMs: 5, timeoutMs: 2000 },
      ...extra,
    });
    closers.push(() => s.close());
    return s;
  }

  beforeAll(async () => {
    sim = await simulator({ keys: [KEY, OTHER_KEY] });
  });
  afterEach(async () => {
    // Receivers and extra simulators of a test; the shared simulator stays.
    while (closers.length > 1) await closers.pop()?.();
  });
  afterAll(async () => {
    while (closers.length > 0) await closers.pop()?.();
  });

  describe('POST /oauth/token (RFC 6749 client credentials)', () => {
    const post = (headers: Record<string, string>, body: string) =>
      fetch(`${sim.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body,
      });

    it('issues a Bearer token with expires_in, scope and no-store', async () => {
      const res = await post(
        { authorization: basic(CLIENT_ID, CLIENT_SECRET) },
        'grant_type=client_credentials',
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toEqual({
        access_token: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
        token_type: 'Bearer',
        expires_in: 3600,
        scope: 'cob.write cob.read webhook.write webhook.read',
      });
    });

    it.each([
      ['no Authorization header', {}],
      ['a wrong secret', { authorization: basic(CLIENT_ID, 'errado') }],
      ['a wrong id', { authorization: basic('outro', CLIENT_SECRET) }],
      ['a Bearer instead of Basic', { authorization: 'Bearer abc' }],
    ])('401 invalid_client with %s', async (_name, headers) => {
      const res = await post(headers, 'grant_type=client_credentials');
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="psp-simulador"');
      expect(await res.json()).toEqual({
        error: 'invalid_client',
        error_description: 'Credenciais do cliente inválidas.',
      });
    });

    it.each([
      ['', 'invalid_request'],
      ['grant_type=password', 'unsupported_grant_type'],
      ['grant_type=client_credentials&scope=cob.write%20pix.write', 'invalid_scope'],
    ])('400 for body %j: %s', async (body, error) => {
      const res = await post({ authorization: basic(CLIENT_ID, CLIENT_SECRET) }, body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe(error);
    });
  });

  describe('bearer tokens on /v2', () => {
    it('401 problem without a token, with a WWW-Authenticate challenge', async () => {
      const res = await fetch(`${sim.url}/v2/cob/${newTxid()}`);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="psp-simulador"');
      expect(await res.json()).toMatchObject({ type: `${PROBLEM}AcessoNegado`, status: 401 });
    });

    it('401 once the token expires (simulated clock)', async () => {
      const bearer = await token();
      expect((await call('PUT', `/v2/cob/${newTxid()}`, cobBody(), bearer)).status).toBe(201);
      time.advance(3600_000);
      const res = await call('GET', `/v2/cob/${newTxid()}`, undefined, bearer);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="psp-simulador", error="invalid_token"');
    });

    it('403 AcessoNegado without the scope', async () => {
      const res = await call('PUT', `/v2/cob/${newTxid()}`, cobBody(), await token('cob.read'));
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ type: `${PROBLEM}AcessoNegado`, title: 'Acesso Negado', status: 403 });
    });
  });

  describe('PUT /v2/cob/{txid}', () => {
    it('creates a CobGerada: revisao 0, loc, location without scheme, valid dynamic BR Code', async () => {
      const txid = newTxid();
      const res = await call(
        'PUT',
        `/v2/cob/${txid}`,
        cobBody({
          devedor: { cnpj: '12345678000195', nome: 'Empresa de Serviços SA' },
          solicitacaoPagador: 'Ref 1',
        }),
      );
      expect(res.status).toBe(201);
      const cob = res.body as Record<string, unknown> & { location: string; pixCopiaECola: string };
      expect(cob).toEqual({
        calendario: { criacao: time.clock().toISOString(), expiracao: 3600 },
        txid,
        revisao: 0,
        loc: {
          id: expect.any(Number),
          location: cob.location,
          tipoCob: 'cob',
          criacao: time.clock().toISOString(),
        },
        location: expect.stringMatching(/^pix\.simulador\.local\/qr\/v2\/[0-9a-f]{32}$/),
        status: 'ATIVA',
        devedor: { cnpj: '12345678000195', nome: 'Empresa de Serviços SA' },
        valor: { original: '250.00' },
        chave: KEY,
        solicitacaoPagador: 'Ref 1',
        pixCopiaECola: expect.stringMatching(/^000201010212/),
      });
      const decoded = parsePix(cob.pixCopiaECola);
      expect(hasError(decoded)).toBe(false);
      if (!hasError(decoded) && isDynamicPix(decoded)) {
        expect(decoded).toMatchObject({
          url: cob.location,
          merchantName: 'TRATO SIMULADOR',
          merchantCity: 'SAO PAULO',
        });
      } else expect.fail('BR Code should be dynamic');
    });

    it('400 CobOperacaoInvalida for a malformed txid, as problem+json with violacoes', async () => {
      const res = await call('PUT', '/v2/cob/curto-demais', cobBody());
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body).toEqual({
        type: `${PROBLEM}CobOperacaoInvalida`,
        title: 'Cobrança inválida.',
        status: 400,
        detail:
          'A requisição que busca alterar ou criar uma cobrança para pagamento imediato não respeita o _schema_ ' +
          'ou está semanticamente errada.',
        violacoes: [
          {
            razao: 'O campo cob.txid não respeita o _schema_ (de 26 a 35 letras ou dígitos).',
            propriedade: 'cob.txid',
            valor: 'curto-demais',
          },
        ],
      });
    });

    it.each<[string, unknown, string, string]>([
      [
        'body not an object',
        '"texto"',
        'cob',
        'O corpo da requisição deve ser um objeto JSON (CobSolicitada).',
      ],
      [
        'calendario missing',
        { ...cobBody(), calendario: undefined },
        'cob.calendario',
        'O objeto cob.calendario não respeita o _schema_.',
      ],
      [
        'expiracao zero',
        cobBody({ calendario: { expiracao: 0 } }),
        'cob.calendario.expiracao',
        'O campo cob.calendario.expiracao é igual ou menor que zero.',
      ],
      [
        'expiracao as text',
        cobBody({ calendario: { expiracao: '3600' } }),
        'cob.calendario.expiracao',
        'O campo cob.calendario.expiracao não respeita o _schema_.',
      ],
      [
        'valor missing',
        { ...cobBody(), valor: undefined },
        'cob.valor',
        'O objeto cob.valor não respeita o _schema_.',
      ],
      [
        'valor.original "10"',
        cobBody({ valor: { original: '10' } }),
        'cob.valor.original',
        'O campo cob.valor.original não respeita o _schema_.',
      ],
      [
        'valor.original as a number',
        cobBody({ valor: { original: 10 } }),
        'cob.valor.original',
        'O campo cob.valor.original não respeita o _schema_.',
      ],
      [
        'valor.original zero',
        cobBody({ valor: { original: '0.00' } }),
        'cob.valor.original',
        'O campo cob.valor.original é zero.',
      ],
      [
        'modalidadeAlteracao 2',
        cobBody({ valor: { original: '1.00', modalidadeAlteracao: 2 } }),
        'cob.valor.modalidadeAlteracao',
        'O campo cob.valor.modalidadeAlteracao não respeita o _schema_.',
      ],
      [
        'devedor with cpf and cnpj',
        cobBody({ devedor: { cpf: '12345678909', cnpj: '12345678000195', nome: 'X' } }),
        'cob.devedor',
        'O objeto cob.devedor não respeita o _schema_: cpf e cnpj não podem estar preenchidos juntos.',
      ],
      [
        'devedor with a wrong CPF check digit',
        cobBody({ devedor: { cpf: '12345678900', nome: 'X' } }),
        'cob.devedor.cpf',
        'O objeto cob.devedor não respeita o _schema_: CPF inválido (11 dígitos, com dígitos verificadores corretos).',
      ],
      [
        'devedor without nome',
        cobBody({ devedor: { cpf: '12345678909' } }),
        'cob.devedor.nome',
        'O objeto cob.devedor não respeita o _schema_: nome obrigatório, até 200 caracteres.',
      ],
      [
        'chave missing',
        { ...cobBody(), chave: undefined },
        'cob.chave',
        'O campo cob.chave não respeita o _schema_.',
      ],
      [
        'chave not a DICT key',
        cobBody({ chave: 'minha chave' }),
        'cob.chave',
        'O campo cob.chave não respeita o _schema_.',
      ],
      [
        'chave of someone else',
        cobBody({ chave: '+5561912345678' }),
        'cob.chave',
        'O campo cob.chave corresponde a uma conta que não pertence a este usuário recebedor.',
      ],
      [
        'solicitacaoPagador over 140',
        cobBody({ solicitacaoPagador: 'x'.repeat(141) }),
        'cob.solicitacaoPagador',
        'O campo solicitacaoPagador não respeita o _schema_.',
      ],
      [
        'infoAdicionais malformed',
        cobBody({ infoAdicionais: [{ nome: 'só nome' }] }),
        'cob.infoAdicionais',
        'O objeto infoAdicionais não respeita o _schema_.',
      ],
      [
        'loc.id unknown',
        cobBody({ loc: { id: 789 } }),
        'cob.loc.id',
        'O location referenciado por loc.id inexiste.',
      ],
    ])('400 when %s', async (_name, body, propriedade, razao) => {
      const res = await call('PUT', `/v2/cob/${newTxid()}`, body);
      expect(res.status).toBe(400);
      expect(res.body?.type).toBe(`${PROBLEM}CobOperacaoInvalida`);
      const violacoes = res.body?.violacoes as Array<{ propriedade: string; razao: string }>;
      expect(violacoes).toHaveLength(1);
      expect(violacoes[0]).toMatchObject({ propriedade, razao });
    });

    it('accepts valor.original zero when the payer chooses the amount (modalidadeAlteracao 1)', async () => {
      const res = await call(
        'PUT',
        `/v2/cob/${newTxid()}`,
        cobBody({ valor: { original: '0.00', modalidadeAlteracao: 1 } }),
      );
      expect(res.status).toBe(201);
    });

    it('lists every violation at once', async () => {
      const res = await call('PUT', '/v2/cob/x', {
        calendario: { expiracao: -1 },
        valor: { original: '1,00' },
      });
      const violacoes = res.body?.violacoes as Array<{ propriedade: string }>;
      expect(violacoes.map((v) => v.propriedade)).toEqual([
        'cob.txid',
        'cob.calendario.expiracao',
        'cob.valor.original',
        'cob.chave',
      ]);
    });

    it('400 RequisicaoInvalida for malformed JSON', async () => {
      const res = await call('PUT', `/v2/cob/${newTxid()}`, '{"valor": ');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ type: `${PROBLEM}RequisicaoInvalida`, status: 400 });
    });

    it('a repeated identical PUT changes nothing; a different one revises (revisao + 1)', async () => {
      const txid = newTxid();
      const first = await call('PUT', `/v2/cob/${txid}`, cobBody());
      const again = await call('PUT', `/v2/cob/${txid}`, cobBody());
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      const revised = await call('PUT', `/v2/cob/${txid}`, cobBody({ valor: { original: '300.00' } }));
      expect(revised.body).toMatchObject({
        revisao: 1,
        valor: { original: '300.00' },
        location: first.body?.location,
      });
      expect((await call('GET', `/v2/cob/${txid}?revisao=0`)).body).toMatchObject({
        revisao: 0,
        valor: { original: '250.00' },
      });
      const missing = await call('GET', `/v2/cob/${txid}?revisao=7`);
      expect(missing.status).toBe(400);
      expect(missing.body).toMatchObject({ type: `${PROBLEM}CobConsultaInvalida` });
    });

    it('refuses to change a charge that is no longer ATIVA', async () => {
      const txid = newTxid();
      await call('PUT', `/v2/cob/${txid}`, cobBody());
      await sim.pay(txid);
      const res = await call('PUT', `/v2/cob/${txid}`, cobBody());
      expect(res.status).toBe(400);
      expect(res.body?.violacoes).toEqual([
        {
          razao: 'A cobrança já existe, não está no status ATIVA, e a presente requisição busca alterá-la.',
          propriedade: 'cob.status',
          valor: 'CONCLUIDA',
        },
      ]);
    });
  });

  describe('GET /v2/cob/{txid}', () => {
    it('404 CobNaoEncontrado for an unknown txid; 404 NaoEncontrado for an unknown route', async () => {
      const res = await call('GET', `/v2/cob/${newTxid()}`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        type: `${PROBLEM}CobNaoEncontrado`,
        title: 'Cobrança não encontrada.',
        status: 404,
        detail: 'Cobrança não encontrada para o txid informado.',
      });
      const route = await fetch(`${sim.url}/v2/cobv/${newTxid()}`);
      expect(route.status).toBe(404);
      expect(await route.json()).toMatchObject({ type: `${PROBLEM}NaoEncontrado` });
    });

    it('after payment: CONCLUIDA with the Pix (and the payer name as an extension field)', async () => {
      const txid = newTxid();
      await call('PUT', `/v2/cob/${txid}`, cobBody());
      const paid = await sim.pay(txid, { payerName: 'Maria Souza', payerInfo: 'parcela 1' });
      const res = await call('GET', `/v2/cob/${txid}`);
      expect(res.body).toMatchObject({
        status: 'CONCLUIDA',
        pix: [
          {
            endToEndId: paid.endToEndId,
            txid,
            valor: '250.00',
            horario: time.clock().toISOString(),
            infoPagador: 'parcela 1',
            chave: KEY,
            pagador: { nome: 'Maria Souza' },
          },
        ],
      });
      expect(sim.charges().find((c) => c.txid === txid)).toMatchObject({
        status: 'CONCLUIDA',
        pix: [{ endToEndId: paid.endToEndId, amountCents: 25000, paidAt: time.clock().toISOString() }],
      });
    });
  });

  describe('PUT|GET|DELETE /v2/webhook/{chave}', () => {
    it('registers, shows and removes a webhook per key', async () => {
      const put = await call('PUT', `/v2/webhook/${OTHER_KEY}`, {
        webhookUrl: 'https://trato.example/webhooks/psp',
      });
      expect(put.status).toBe(200);
      expect((await call('GET', `/v2/webhook/${OTHER_KEY}`)).body).toEqual({
        webhookUrl: 'https://trato.example/webhooks/psp',
        chave: OTHER_KEY,
        criacao: time.clock().toISOString(),
      });
      expect((await call('DELETE', `/v2/webhook/${OTHER_KEY}`)).status).toBe(204);
      const gone = await call('GET', `/v2/webhook/${OTHER_KEY}`);
      expect(gone.status).toBe(404);
      expect(gone.body).toMatchObject({ type: `${PROBLEM}WebhookNaoEncontrado` });
    });

    it('400 WebhookOperacaoInvalida for a bad URL or a key that is not ours', async () => {
      const bad = await call('PUT', `/v2/webhook/${KEY}`, { webhookUrl: 'ftp://x' });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({
        type: `${PROBLEM}WebhookOperacaoInvalida`,
        violacoes: [
          { razao: 'Campo webhook.webhookUrl não respeita o _schema_.', propriedade: 'webhook.webhookUrl' },
        ],
      });
      const notOurs = await call('PUT', '/v2/webhook/fulano@example.com', {
        webhookUrl: 'https://x.example',
      });
      expect(notOurs.body?.violacoes).toEqual([
        {
          razao: 'O parâmetro {chave} não corresponde a uma chave DICT pertencente a este usuário recebedor.',
          propriedade: 'chave',
          valor: 'fulano@example.com',
        },
      ]);
    });
  });

  describe('payment and webhook delivery', () => {
    async function receiverFor(statuses: number[] = []) {
      const receiver = await startReceiver(statuses);
      closers.push(receiver.close);
      return receiver;
    }

    it('POSTs {pix:[…]} to {webhookUrl}/pix with X-Webhook-Secret; parsePixWebhook accepts it', async () => {
      const s = await simulator();
      const receiver = await receiverFor();
      const psp = new ApiPixClient({ baseUrl: s.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
      const txid = newTxid();
      await psp.createCharge({ txid, amountCents: 12_345, key: KEY });
      const bearer = await (async () => {
        const res = await fetch(`${s.url}/oauth/token`, {
          method: 'POST',
          headers: { authorization: basic(CLIENT_ID, CLIENT_SECRET), 'content-type': 'application/json' },
          body: JSON.stringify({ grant_type: 'client_credentials', scope: 'webhook.write' }),
        });
        return ((await res.json()) as { access_token: string }).access_token;
      })();
      const put = await fetch(`${s.url}/v2/webhook/${KEY}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify({ webhookUrl: `${receiver.url}/webhooks/psp` }),
      });
      expect(put.status).toBe(200);

      const result = await s.pay(txid, { payerInfo: 'obrigado' });
      expect(result).toEqual({ endToEndId: expect.any(String), delivered: true, status: 200 });
      expect(receiver.received).toHaveLength(1);
      const [hit] = receiver.received;
      expect(hit?.url).toBe('/webhooks/psp/pix');
      expect(hit?.headers['x-webhook-secret']).toBe(WEBHOOK_SECRET);
      expect(hit?.headers['content-type']).toBe('application/json');
      expect(hit?.body).toEqual({
        pix: [
          {
            endToEndId: result.endToEndId,
            txid,
            valor: '123.45',
            horario: time.clock().toISOString(),
            chave: KEY,
            infoPagador: 'obrigado',
          },
        ],
      });
      expect(parsePixWebhook(hit?.body)).toEqual({
        ok: true,
        value: [
          {
            endToEndId: result.endToEndId,
            txid,
            amountCents: 12_345,
            paidAt: time.clock().toISOString(),
            payerInfo: 'obrigado',
            key: KEY,
          },
        ],
      });
      // The endToEndId carries the simulated instant (yyyyMMddHHmm, UTC) and the payer's ISPB.
      const stamp = time.clock().toISOString().replace(/[-T:]/g, '').slice(0, 12);
      expect(result.endToEndId.slice(0, 21)).toBe(`E99999999${stamp}`);
      expect((await psp.getCharge(txid)).status).toBe('CONCLUIDA');
    });

    it('setWebhook: default target for every key, with extra headers; the payer name as extension', async () => {
      const s = await simulator();
      const receiver = await receiverFor();
      s.setWebhook(`${receiver.url}/hooks/?canal=psp`, { authorization: 'Bearer do-receptor' });
      const txid = newTxid();
      const psp = new ApiPixClient({ baseUrl: s.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
      await psp.createCharge({ txid, amountCents: 100, key: OTHER_KEY });
      const result = await s.pay(txid, { amountCents: 90, payerName: 'Maria' });
      expect(result.delivered).toBe(true);
      const [hit] = receiver.received;
      expect(hit?.url).toBe('/hooks/pix?canal=psp');
      expect(hit?.headers.authorization).toBe('Bearer do-receptor');
      expect(hit?.body).toMatchObject({ pix: [{ valor: '0.90', pagador: { nome: 'Maria' } }] });
      expect(parsePixWebhook(hit?.body)).toMatchObject({ ok: true, value: [{ amountCents: 90 }] });
    });

    it('retries with backoff: 500, 500, then 200 → delivered on the third attempt', async () => {
      const s = await simulator();
      const receiver = await receiverFor([500, 500]);
      s.setWebhook(receiver.url);
      const txid = newTxid();
      await new ApiPixClient({
        baseUrl: s.url,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
      }).createCharge({
        txid,
        amountCents: 5000,
        key: KEY,
      });
      const result = await s.pay(txid);
      expect(result).toMatchObject({ delivered: true, status: 200 });
      expect(receiver.received).toHaveLength(3);
      expect(receiver.received.map((r) => r.body)).toEqual([
        receiver.received[0]?.body,
        receiver.received[0]?.body,
        receiver.received[0]?.body,
      ]);
      const res = await fetch(`${s.url}/sim/deliveries`);
      const { deliveries } = (await res.json()) as { deliveries: Array<Record<string, unknown>> };
      expect(deliveries.map((d) => [d.attempt, d.status, d.ok])).toEqual([
        [1, 500, false],
        [2, 500, false],
        [3, 200, true],
      ]);
      expect(deliveries[0]).toMatchObject({
        txid,
        endToEndId: result.endToEndId,
        url: `${receiver.url}/pix`,
      });
    });

    it('gives up after the configured attempts; a network failure is status 0 with the error', async () => {
      const s = await simulator({ webhookRetry: { attempts: 3, backoffMs: 1 } });
      const receiver = await receiverFor([503, 503, 503]);
      s.setWebhook(receiver.url);
      const psp = new ApiPixClient({ baseUrl: s.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
      const txid = newTxid();
      await psp.createCharge({ txid, amountCents: 100, key: KEY });
      expect(await s.pay(txid)).toMatchObject({ delivered: false, status: 503 });
      expect(receiver.received).toHaveLength(3);

      s.setWebhook(`http://127.0.0.1:${await closedPort()}`);
      const other = newTxid();
      await psp.createCharge({ txid: other, amountCents: 100, key: KEY });
      expect(await s.pay(other)).toMatchObject({ delivered: false, status: 0 });
      const failed = s.deliveries().filter((d) => d.txid === other);
      expect(failed).toHaveLength(3);
      expect(failed[0]).toMatchObject({ status: 0, ok: false, error: expect.any(String) });
    });

    it('without a webhook the charge is paid and nothing is sent', async () => {
      const s = await simulator();
      const txid = newTxid();
      await new ApiPixClient({
        baseUrl: s.url,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
      }).createCharge({
        txid,
        amountCents: 100,
        key: KEY,
      });
      expect(await s.pay(txid)).toMatchObject({ delivered: false, status: 0 });
      expect(s.deliveries()).toEqual([]);
      expect(s.charges()[0]?.status).toBe('CONCLUIDA');
    });

    it('POST /sim/cob/{txid}/pay: 200 with the result; 404, 409 (paid, expired) and 400 as problems', async () => {
      const s = await simulator();
      const psp = new ApiPixClient({ baseUrl: s.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
      const pay = (txid: string, body: unknown = {}) =>
        fetch(`${s.url}/sim/cob/${txid}/pay`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const txid = newTxid();
      await psp.createCharge({ txid, amountCents: 100, key: KEY, expiresInSeconds: 60 });

      const bad = await pay(txid, { amountCents: 1.5 });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ type: 'https://pix.simulador.local/erro/ValorInvalido' });

      const ok = await pay(txid, { amountCents: 100 });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ endToEndId: expect.any(String), delivered: false, status: 0 });

      const twice = await pay(txid);
      expect(twice.status).toBe(409);
      expect(await twice.json()).toMatchObject({
        type: 'https://pix.simulador.local/erro/CobNaoAtiva',
        detail: 'A cobrança está CONCLUIDA e não pode acolher outro pagamento.',
      });
      expect((await pay(newTxid())).status).toBe(404);
      await expect(s.pay(txid)).rejects.toThrow('não pode acolher outro pagamento');

      const late = newTxid();
      await psp.createCharge({ txid: late, amountCents: 100, key: KEY, expiresInSeconds: 60 });
      time.advance(60_000);
      const expired = await pay(late);
      expect(expired.status).toBe(409);
      expect(await expired.json()).toMatchObject({ type: 'https://pix.simulador.local/erro/CobExpirada' });

      const listed = (await (await fetch(`${s.url}/sim/charges`)).json()) as {
        charges: Array<{ txid: string }>;
      };
      expect(listed.charges.map((c) => c.txid)).toEqual([txid, late]);
    });
  });
});

describe('simulator helpers', () => {
  it('callbackUrl appends /pix to the path ({$request.body#/webhookUrl}/pix)', () => {
    expect(callbackUrl('https://trato.example/api/webhook')).toBe('https://trato.example/api/webhook/pix');
    expect(callbackUrl('https://trato.example/api/webhook/')).toBe('https://trato.example/api/webhook/pix');
    expect(callbackUrl('https://trato.example')).toBe('https://trato.example/pix');
    expect(callbackUrl('https://trato.example/h?t=1')).toBe('https://trato.example/h/pix?t=1');
  });

  it('generateEndToEndId follows E + ISPB + yyyyMMddHHmm + 11 alphanumerics', () => {
    const at = new Date('2024-02-29T23:59:59.999Z');
    for (let i = 0; i < 50; i++) {
      const id = generateEndToEndId('12345678', at);
      expect(id).toMatch(/^E12345678202402292359[a-zA-Z0-9]{11}$/);
      expect(endToEndIdProblem(id)).toBeNull();
    }
  });

  it.each([
    ['12345678909', true],
    ['12345678900', false],
    ['12345678000195', true],
    ['+5561912345678', true],
    ['5561912345678', false],
    ['fulano@example.com', true],
    ['7d9f0335-8dcc-4054-9bf9-0dbd61d36906', true],
    ['7d9f0335-8dcc-4054-9bf9', false],
    ['', false],
    // 77 characters is the DICT limit; the local part stays within RFC 5321's 64.
    [`${'a'.repeat(64)}@exemp.com.br`, true],
    [`${'a'.repeat(64)}@exempl.com.br`, false],
  ])('isDictKey(%j) is %s', (key, expected) => {
    expect(isDictKey(key)).toBe(expected);
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
