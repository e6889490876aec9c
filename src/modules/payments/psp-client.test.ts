import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { hasError, isDynamicPix, parsePix } from 'pix-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPspSimulator, type PspSimulator } from '../../simulators/psp-simulator.ts';
import { centsToValor, valorToCents } from './api-pix.ts';
import { endToEndIdProblem, parsePixWebhook, rfc3339ToIso, webhookBody } from './pix-webhook.rules.ts';
import { ApiPixClient, type ApiPixClientOptions, PspError } from './psp-client.ts';

const CLIENT_ID = 'trato-teste';
const CLIENT_SECRET = 's3cr3t:com:dois-pontos';
// Examples from the API Pix spec (cobBody2, corpo1): a valid EVP key, CPF and CNPJ.
const KEY = '7d9f0335-8dcc-4054-9bf9-0dbd61d36906';
const CPF = '12345678909';
const CNPJ = '12345678000195';

const newTxid = () => randomUUID().replaceAll('-', ''); // 32 alphanumeric characters

interface Call {
  url: string;
  method: string;
  body: string | undefined;
}

/** Real fetch that records what the client sends. */
function recordingFetch(): { fetch: typeof fetch; calls: Call[]; tokenRequests: () => number } {
  const calls: Call[] = [];
  const recorder: typeof fetch = (input, init) => {
    calls.push({
      url: String(input),
      method: init?.method ?? 'GET',
      body: typeof init?.body === 'string' ? init.body : undefined,
    });
    return fetch(input, init);
  };
  return {
    fetch: recorder,
    calls,
    tokenRequests: () => calls.filter((c) => c.url.endsWith('/oauth/token')).length,
  };
}

/** A fetch that never touches the network: answers with the given responses in order. */
function stubFetch(...responses: Array<() => Response>): typeof fetch {
  let i = 0;
  return async () => {
    const next = responses[Math.min(i++, responses.length - 1)];
    if (!next) throw new Error('stub sem respostas');
    return next();
  };
}

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
const tokenOk = () => json(200, { access_token: 'tok', token_type: 'Bearer', expires_in: 3600 });

async function expectPspError(promise: Promise<unknown>): Promise<PspError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PspError);
  return error as PspError;
}

describe('centsToValor / valorToCents (no floats: the decimal string is parsed by hand)', () => {
  it.each([
    [0, '0.00'],
    [1, '0.01'],
    [10, '0.10'],
    [100, '1.00'],
    [12345, '123.45'],
    [3700, '37.00'],
    [999_999_999_999, '9999999999.99'],
  ])('%i <-> %s', (cents, valor) => {
    expect(centsToValor(cents)).toBe(valor);
    expect(valorToCents(valor)).toBe(cents);
  });

  it('keeps large amounts exact (no 0.1 + 0.2 drift)', () => {
    expect(valorToCents('0.29')).toBe(29); // 0.29 * 100 = 28.999999999999996 in floating point
    expect(valorToCents('1234567.89')).toBe(123_456_789);
    expect(centsToValor(Number.MAX_SAFE_INTEGER)).toBe('90071992547409.91');
  });

  it.each([[1.5], [-1], [Number.NaN], [Number.POSITIVE_INFINITY], [2 ** 53]])('refuses %s cents', (cents) => {
    expect(() => centsToValor(cents)).toThrow(RangeError);
  });

  it.each([['10'], ['10,00'], ['-1.00'], ['1.234'], ['12345678901.00'], [' 1.00'], ['1.0'], ['.50'], ['']])(
    'valorToCents(%j) is null',
    (valor) => {
      expect(valorToCents(valor)).toBeNull();
    },
  );
});

describe('ApiPixClient against the simulator (real HTTP)', () => {
  let sim: PspSimulator;
  const client = (extra: Partial<ApiPixClientOptions> = {}) =>
    new ApiPixClient({ baseUrl: sim.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...extra });

  beforeAll(async () => {
    sim = await createPspSimulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('creates a charge with the API Pix body and reads it back', async () => {
    const rec = recordingFetch();
    const psp = client({ fetch: rec.fetch });
    const txid = newTxid();
    const created = await psp.createCharge({
      txid,
      amountCents: 12345,
      key: KEY,
      expiresInSeconds: 3600,
      payer: { cpf: CPF, name: 'Francisco da Silva' },
      description: 'Acordo 123, parcela 1/3',
    });

    const put = rec.calls.find((c) => c.method === 'PUT');
    expect(put?.url).toBe(`${sim.url}/v2/cob/${txid}`);
    expect(JSON.parse(put?.body ?? 'null')).toEqual({
      calendario: { expiracao: 3600 },
      valor: { original: '123.45' },
      chave: KEY,
      devedor: { nome: 'Francisco da Silva', cpf: CPF },
      solicitacaoPagador: 'Acordo 123, parcela 1/3',
    });

    expect(created).toMatchObject({ txid, status: 'ATIVA', amountCents: 12345, key: KEY, revision: 0 });
    expect(created.location).toMatch(/^pix\.simulador\.local\/qr\/v2\/[0-9a-f]{32}$/);
    expect(created.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(created.pix).toBeUndefined();
    // The BR Code is a valid dynamic Pix pointing at the location (tag 26.25).
    const brCode = parsePix(created.pixCopiaECola ?? '');
    expect(hasError(brCode)).toBe(false);
    expect(!hasError(brCode) && isDynamicPix(brCode) && brCode.url).toBe(created.location);

    const read = await psp.getCharge(txid);
    expect(read).toEqual(created);
  });

  it('sends the default expiration (86400 s) and no optional fields when none are given', async () => {
    const rec = recordingFetch();
    await client({ fetch: rec.fetch }).createCharge({ txid: newTxid(), amountCents: 1, key: KEY });
    const put = rec.calls.find((c) => c.method === 'PUT');
    expect(JSON.parse(put?.body ?? 'null')).toEqual({
      calendario: { expiracao: 86400 },
      valor: { original: '0.01' },
      chave: KEY,
    });
  });

  it('fetches the token once and reuses it', async () => {
    const rec = recordingFetch();
    const psp = client({ fetch: rec.fetch });
    const txid = newTxid();
    await psp.createCharge({ txid, amountCents: 500, key: KEY });
    await psp.getCharge(txid);
    await psp.getCharge(txid);
    expect(rec.tokenRequests()).toBe(1);
    const token = rec.calls[0];
    expect(token?.method).toBe('POST');
    expect(new URLSearchParams(token?.body ?? '').get('grant_type')).toBe('client_credentials');
    expect(new URLSearchParams(token?.body ?? '').get('scope')).toBe('cob.write cob.read');
  });

  it('shares one token request among concurrent calls', async () => {
    const rec = recordingFetch();
    const psp = client({ fetch: rec.fetch });
    const txid = newTxid();
    await Promise.all([
      psp.createCharge({ txid, amountCents: 100, key: KEY }),
      psp.createCharge({ txid: newTxid(), amountCents: 200, key: KEY }),
      psp.createCharge({ txid: newTxid(), amountCents: 300, key: KEY }),
    ]);
    expect(rec.tokenRequests()).toBe(1);
  });

  it('renews the token shortly before it expires (expires_in 3600 → after 3540 s)', async () => {
    const rec = recordingFetch();
    let now = Date.UTC(2025, 0, 1);
    const psp = client({ fetch: rec.fetch, now: () => now });
    const txid = newTxid();
    await psp.createCharge({ txid, amountCents: 100, key: KEY });
    now += 3539_000;
    await psp.getCharge(txid);
    expect(rec.tokenRequests()).toBe(1);
    now += 1_000;
    await psp.getCharge(txid);
    expect(rec.tokenRequests()).toBe(2);
  });

  it('on a 401 (token revoked by the PSP) gets a new token once and succeeds', async () => {
    const rec = recordingFetch();
    const psp = client({ fetch: rec.fetch });
    const txid = newTxid();
    await psp.createCharge({ txid, amountCents: 100, key: KEY });
    sim.revokeTokens();
    const charge = await psp.getCharge(txid);
    expect(charge.txid).toBe(txid);
    expect(rec.tokenRequests()).toBe(2);
  });

  it('reads a paid charge: CONCLUIDA with the received Pix', async () => {
    const psp = client();
    const txid = newTxid();
    await psp.createCharge({ txid, amountCents: 9990, key: KEY });
    const paid = await sim.pay(txid);
    const charge = await psp.getCharge(txid);
    expect(charge.status).toBe('CONCLUIDA');
    expect(charge.pix).toEqual([
      { endToEndId: paid.endToEndId, amountCents: 9990, paidAt: expect.any(String) },
    ]);
    expect(endToEndIdProblem(paid.endToEndId)).toBeNull();
  });

  it('maps a 400 with violacoes to PspError (zero amount)', async () => {
    const error = await expectPspError(client().createCharge({ txid: newTxid(), amountCents: 0, key: KEY }));
    expect(error).toMatchObject({
      operation: 'createCharge',
      status: 400,
      type: 'https://pix.bcb.gov.br/api/v2/error/CobOperacaoInvalida',
      title: 'Cobrança inválida.',
      retryable: false,
    });
    expect(error.violacoes).toEqual([
      { razao: 'O campo cob.valor.original é zero.', propriedade: 'cob.valor.original', valor: '0.00' },
    ]);
    expect(error.message).toBe('O PSP recusou a requisição (HTTP 400): O campo cob.valor.original é zero.');
  });

  it('reports every violation the PSP found (amount too large, bad CPF, bad key)', async () => {
    const error = await expectPspError(
      client().createCharge({
        txid: newTxid(),
        amountCents: 1_000_000_000_000, // "10000000000.00": 11 integer digits
        key: 'não é chave',
        payer: { cpf: '12345678900', name: 'Fulano' },
      }),
    );
    expect(error.status).toBe(400);
    expect(error.violacoes.map((v) => v.propriedade)).toEqual([
      'cob.valor.original',
      'cob.devedor.cpf',
      'cob.chave',
    ]);
    expect(error.violacoes[0]?.razao).toBe('O campo cob.valor.original não respeita o _schema_.');
    expect(error.message).toContain('CPF inválido');
  });

  it('refuses a malformed txid locally, without any HTTP request', async () => {
    const rec = recordingFetch();
    const psp = client({ fetch: rec.fetch });
    for (const txid of ['curto', 'a'.repeat(36), `${'a'.repeat(25)}-`, 'ç'.repeat(30)]) {
      const error = await expectPspError(psp.createCharge({ txid, amountCents: 100, key: KEY }));
      expect(error).toMatchObject({ status: 0, retryable: false });
      expect(error.violacoes[0]?.propriedade).toBe('txid');
      expect(error.message).toMatch(/^txid inválido: O txid deve ter de 26 a 35 letras ou dígitos/);
      await expectPspError(psp.getCharge(txid));
    }
    expect(rec.calls).toEqual([]);
  });

  it('refuses an amount with no API Pix form (fraction or negative) locally', async () => {
    const rec = recordingFetch();
    const psp = client({ fetch: rec.fetch });
    for (const amountCents of [10.5, -100]) {
      const error = await expectPspError(psp.createCharge({ txid: newTxid(), amountCents, key: KEY }));
      expect(error).toMatchObject({ status: 0, retryable: false });
      expect(error.violacoes[0]?.propriedade).toBe('cob.valor.original');
      expect(error.message).toContain('inteiro e não negativo de centavos');
    }
    expect(rec.calls).toEqual([]);
  });

  it('401 on bad credentials → PspError with the OAuth2 error code', async () => {
    const psp = new ApiPixClient({ baseUrl: sim.url, clientId: CLIENT_ID, clientSecret: 'errado' });
    const error = await expectPspError(psp.getCharge(newTxid()));
    expect(error).toMatchObject({
      operation: 'token',
      status: 401,
      type: 'invalid_client',
      retryable: false,
    });
    expect(error.message).toBe(
      'O PSP recusou as credenciais (client_id/client_secret) ao emitir o token de acesso.',
    );
  });

  it('403 when the token lacks the scope', async () => {
    const error = await expectPspError(
      client({ scope: 'cob.read' }).createCharge({ txid: newTxid(), amountCents: 100, key: KEY }),
    );
    expect(error).toMatchObject({ status: 403, type: 'https://pix.bcb.gov.br/api/v2/error/AcessoNegado' });
    expect(error.message).toMatch(/^Acesso negado pelo PSP \(HTTP 403\)/);
  });

  it('404 for an unknown charge', async () => {
    const txid = newTxid();
    const error = await expectPspError(client().getCharge(txid));
    expect(error).toMatchObject({
      status: 404,
      type: 'https://pix.bcb.gov.br/api/v2/error/CobNaoEncontrado',
    });
    expect(error.message).toBe(`Cobrança não encontrada no PSP (txid ${txid}).`);
  });

  it('a PSP that does not answer → status 0, retryable', async () => {
    const port = await closedPort();
    const psp = new ApiPixClient({
      baseUrl: `http://127.0.0.1:${port}`,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
    });
    const error = await expectPspError(psp.getCharge(newTxid()));
    expect(error).toMatchObject({ operation: 'token', status: 0, retryable: true });
    expect(error.message).toMatch(/^Falha de comunicação com o PSP: /);
  });
});

describe('ApiPixClient against odd PSP answers (stubbed fetch)', () => {
  const client = (f: typeof fetch) =>
    new ApiPixClient({
      baseUrl: 'https://psp.invalid/api/',
      clientId: 'id',
      clientSecret: 'secret',
      fetch: f,
    });

  it('503 problem → retryable, pt-BR message', async () => {
    const problem = {
      type: 'https://pix.bcb.gov.br/api/v2/error/ServicoIndisponivel',
      title: 'x',
      status: 503,
    };
    const error = await expectPspError(
      client(stubFetch(tokenOk, () => json(503, problem, 'application/problem+json'))).getCharge(newTxid()),
    );
    expect(error).toMatchObject({ status: 503, retryable: true, type: problem.type });
    expect(error.message).toBe('O PSP está indisponível no momento (HTTP 503); tente novamente.');
  });

  it('an error body that is not JSON still gives a PspError', async () => {
    const error = await expectPspError(
      client(stubFetch(tokenOk, () => new Response('<html>Bad Gateway</html>', { status: 502 }))).getCharge(
        newTxid(),
      ),
    );
    expect(error).toMatchObject({ status: 502, type: undefined, violacoes: [], retryable: true });
  });

  it('a 2xx without the charge fields → "Resposta inesperada"', async () => {
    const error = await expectPspError(
      client(stubFetch(tokenOk, () => json(200, { ok: true }))).getCharge(newTxid()),
    );
    expect(error).toMatchObject({ status: 200, retryable: false });
    expect(error.message).toBe('Resposta inesperada do PSP: "txid" ausente ou inválido.');
  });

  it('an unknown status is refused rather than guessed', async () => {
    const txid = newTxid();
    const cob = {
      txid,
      status: 'EM_ANALISE',
      revisao: 0,
      chave: KEY,
      valor: { original: '1.00' },
      calendario: { criacao: '2020-09-09T20:15:00.358Z', expiracao: 3600 },
      location: 'pix.example.com/qr/v2/abc',
    };
    const error = await expectPspError(client(stubFetch(tokenOk, () => json(200, cob))).getCharge(txid));
    expect(error.message).toBe('Resposta inesperada do PSP: "status" desconhecido: "EM_ANALISE".');
  });

  it('takes the location from loc.location and drops a scheme; offsets in criacao become UTC', async () => {
    const txid = newTxid();
    const cob = {
      txid,
      status: 'ATIVA',
      revisao: 2,
      chave: KEY,
      valor: { original: '37.00', modalidadeAlteracao: 0 },
      calendario: { criacao: '2020-09-09T17:15:00-03:00', expiracao: 3600 },
      loc: { id: 789, location: 'https://pix.example.com/qr/v2/9d36b84f', tipoCob: 'cob' },
      campoNovo: 'tolerado',
    };
    const charge = await client(stubFetch(tokenOk, () => json(200, cob))).getCharge(txid);
    expect(charge).toEqual({
      txid,
      status: 'ATIVA',
      amountCents: 3700,
      key: KEY,
      location: 'pix.example.com/qr/v2/9d36b84f',
      createdAt: '2020-09-09T20:15:00.000Z',
      expiresInSeconds: 3600,
      revision: 2,
    });
  });

  it('a token response without access_token → PspError on the token operation', async () => {
    const error = await expectPspError(
      client(stubFetch(() => json(200, { token_type: 'Bearer' }))).getCharge(newTxid()),
    );
    expect(error).toMatchObject({ operation: 'token', status: 200 });
    expect(error.message).toBe('Resposta inesperada do PSP: o token de acesso não veio em "access_token".');
  });

  it('a 401 that persists after renewing the token → PspError 401 (tried twice, not more)', async () => {
    let calls = 0;
    const f: typeof fetch = async (input) => {
      calls++;
      return String(input).endsWith('/oauth/token') ? tokenOk() : json(401, { title: 'não autorizado' });
    };
    const error = await expectPspError(client(f).getCharge(newTxid()));
    expect(error.status).toBe(401);
    expect(calls).toBe(4); // token, cob, token, cob
  });
});

describe('parsePixWebhook', () => {
  // Example `pixWebhook1` of the spec (with devolucoes as the object the example has).
  const VALID = {
    endToEndId: 'E12345678202009091221kkkkkkkkkkk',
    txid: 'c3e0e7a4e7f1469a9f782d3d4999343c',
    valor: '110.00',
    horario: '2020-09-09T20:15:00.358Z',
    infoPagador: '0123456789',
  };
  const body = (overrides: Record<string, unknown>) => ({ pix: [{ ...VALID, ...overrides }] });

  it('accepts the spec examples and converts them', () => {
    const result = parsePixWebhook({
      pix: [
        {
          ...VALID,
          devolucoes: {
            id: '123ABC',
            rtrId: 'D12345678202009091221abcdf098765',
            valor: '10.00',
            horario: { solicitacao: '2020-09-09T20:15:00.358Z' },
            status: 'EM_PROCESSAMENTO',
          },
        },
        {
          endToEndId: 'E87654321202009091221dfghi123456',
          txid: '971122d8f37211eaadc10242ac120002',
          valor: '110.00',
          horario: '2020-09-09T17:15:00.358-03:00',
        },
      ],
    });
    expect(result).toEqual({
      ok: true,
      value: [
        {
          endToEndId: 'E12345678202009091221kkkkkkkkkkk',
          txid: 'c3e0e7a4e7f1469a9f782d3d4999343c',
          amountCents: 11000,
          paidAt: '2020-09-09T20:15:00.358Z',
          payerInfo: '0123456789',
        },
        {
          endToEndId: 'E87654321202009091221dfghi123456',
          txid: '971122d8f37211eaadc10242ac120002',
          amountCents: 11000,
          paidAt: '2020-09-09T20:15:00.358Z',
        },
      ],
    });
  });

  it('accepts an empty list as a no-op (the schema sets no minimum)', () => {
    expect(parsePixWebhook({ pix: [] })).toEqual({ ok: true, value: [] });
  });

  it('tolerates extra fields (componentesValor, gnExtras, pagador …) and a Pix without txid', () => {
    const result = parsePixWebhook({
      pix: [
        {
          ...VALID,
          txid: undefined,
          chave: KEY,
          componentesValor: { original: { valor: '110.00' } },
          pagador: { nome: 'Fulano' },
        },
      ],
      gnExtras: { qualquer: 'coisa' },
    });
    expect(result.ok && result.value[0]).toMatchObject({ txid: null, amountCents: 11000 });
    expect(parsePixWebhook(body({ txid: null })).ok).toBe(true);
  });

  it('normalizes RFC 3339 variants (lowercase t/z, microseconds, offsets) to a UTC ISO instant', () => {
    expect(rfc3339ToIso('2020-09-09t20:15:00.358123z')).toBe('2020-09-09T20:15:00.358Z');
    expect(rfc3339ToIso('2024-02-29T23:59:59+00:00')).toBe('2024-02-29T23:59:59.000Z');
  });

  it.each<[string, unknown, string, string]>([
    ['body is null', null, '', 'O corpo da notificação deve ser um objeto JSON com a lista "pix".'],
    ['body is an array', [VALID], '', 'O corpo da notificação deve ser um objeto JSON com a lista "pix".'],
    ['pix missing', {}, 'pix', 'Campo obrigatório ausente: a lista "pix" de Pix recebidos.'],
    ['pix is an object', { pix: VALID }, 'pix', 'Deve ser uma lista (array) de Pix recebidos.'],
    [
      'entry is a string',
      { pix: ['E123'] },
      'pix[0]',
      'Cada Pix deve ser um objeto com endToEndId, valor e horario.',
    ],
    [
      'entry is null',
      { pix: [null] },
      'pix[0]',
      'Cada Pix deve ser um objeto com endToEndId, valor e horario.',
    ],
    [
      'endToEndId missing',
      body({ endToEndId: undefined }),
      'pix[0].endToEndId',
      'Campo obrigatório ausente.',
    ],
    [
      'endToEndId is a number',
      body({ endToEndId: 123 }),
      'pix[0].endToEndId',
      'Deve ser texto de 32 caracteres.',
    ],
    [
      'endToEndId with 31 characters',
      body({ endToEndId: 'E12345678202009091221kkkkkkkkkk' }),
      'pix[0].endToEndId',
      'Deve ter 32 caracteres (tem 31).',
    ],
    [
      'endToEndId of a refund (rtrId)',
      body({ endToEndId: 'D12345678202009091000abcde123456' }),
      'pix[0].endToEndId',
      'Começa com "D", que identifica uma devolução (rtrId), não um pagamento: deve começar com "E".',
    ],
    [
      'endToEndId without the E',
      body({ endToEndId: 'X12345678202009091221kkkkkkkkkkk' }),
      'pix[0].endToEndId',
      'Deve começar com "E" (identificador fim a fim de um pagamento no SPI).',
    ],
    [
      'endToEndId with a letter in the ISPB',
      body({ endToEndId: 'E1234567A202009091221kkkkkkkkkkk' }),
      'pix[0].endToEndId',
      'Os caracteres 2 a 9 devem ser o ISPB do participante do pagador (8 dígitos).',
    ],
    [
      'endToEndId in month 13',
      body({ endToEndId: 'E12345678202013091221kkkkkkkkkkk' }),
      'pix[0].endToEndId',
      'Os caracteres 10 a 21 devem ser data e hora UTC válidas no formato AAAAMMDDHHmm.',
    ],
    [
      'endToEndId on 30 February',
      body({ endToEndId: 'E12345678202002301221kkkkkkkkkkk' }),
      'pix[0].endToEndId',
      'Os caracteres 10 a 21 devem ser data e hora UTC válidas no formato AAAAMMDDHHmm.',
    ],
    [
      'endToEndId with a hyphen in the sequence',
      body({ endToEndId: 'E12345678202009091221kkkkk-kkkkk' }),
      'pix[0].endToEndId',
      'Os últimos 11 caracteres devem ser letras ou dígitos.',
    ],
    ['valor missing', body({ valor: undefined }), 'pix[0].valor', 'Campo obrigatório ausente.'],
    [
      'valor as a number',
      body({ valor: 110 }),
      'pix[0].valor',
      'Deve ser texto no formato "123.45" (a API Pix envia valores como string, não número).',
    ],
    [
      'valor "10"',
      body({ valor: '10' }),
      'pix[0].valor',
      'Deve ter duas casas decimais após o ponto (ex.: "10.00").',
    ],
    [
      'valor "10,00"',
      body({ valor: '10,00' }),
      'pix[0].valor',
      'Use ponto como separador decimal e nenhum separador de milhar (ex.: "1234.56"), não vírgula.',
    ],
    ['valor "-1.00"', body({ valor: '-1.00' }), 'pix[0].valor', 'O valor não pode ser negativo.'],
    [
      'valor "1.234"',
      body({ valor: '1.234' }),
      'pix[0].valor',
      'Deve ter exatamente duas casas decimais (tem 3); não use ponto como separador de milhar.',
    ],
    [
      'valor with 11 integer digits',
      body({ valor: '12345678901.00' }),
      'pix[0].valor',
      'A parte inteira tem no máximo 10 dígitos (tem 11).',
    ],
    [
      'valor "R$ 10.00"',
      body({ valor: 'R$ 10.00' }),
      'pix[0].valor',
      'Deve estar no formato "123.45": dígitos, ponto e duas casas decimais.',
    ],
    [
      'valor "0.00"',
      body({ valor: '0.00' }),
      'pix[0].valor',
      'O valor de um Pix recebido deve ser maior que zero.',
    ],
    [
      'horario without offset',
      body({ horario: '2020-09-09T20:15:00' }),
      'pix[0].horario',
      'Falta o fuso horário: use "Z" ou um deslocamento como "-03:00" (RFC 3339).',
    ],
    [
      'horario in Brazilian format',
      body({ horario: '09/09/2020 20:15' }),
      'pix[0].horario',
      'Deve ser data e hora RFC 3339 com fuso (ex.: "2020-09-09T20:15:00.358Z").',
    ],
    [
      'horario on 30 February',
      body({ horario: '2020-02-30T10:00:00Z' }),
      'pix[0].horario',
      'Data ou hora inexistente.',
    ],
    [
      'horario at 24:00',
      body({ horario: '2020-09-09T24:00:00Z' }),
      'pix[0].horario',
      'Data ou hora inexistente.',
    ],
    [
      'horario as epoch seconds',
      body({ horario: 1599682500 }),
      'pix[0].horario',
      'Deve ser texto com data e hora RFC 3339.',
    ],
    [
      'txid too long',
      body({ txid: 'a'.repeat(36) }),
      'pix[0].txid',
      'Deve ter de 1 a 35 caracteres (tem 36).',
    ],
    ['txid empty', body({ txid: '' }), 'pix[0].txid', 'Deve ter de 1 a 35 caracteres (tem 0).'],
    ['txid with a hyphen', body({ txid: 'abc-def' }), 'pix[0].txid', 'Deve conter apenas letras e dígitos.'],
    ['txid as a number', body({ txid: 123 }), 'pix[0].txid', 'Deve ser texto (de 1 a 35 letras ou dígitos).'],
    [
      'infoPagador longer than 140',
      body({ infoPagador: 'x'.repeat(141) }),
      'pix[0].infoPagador',
      'Deve ter até 140 caracteres (tem 141).',
    ],
    [
      'chave longer than 77',
      body({ chave: 'x'.repeat(78) }),
      'pix[0].chave',
      'Deve ter até 77 caracteres (tem 78).',
    ],
  ])('%s', (_name, input, path, message) => {
    const result = parsePixWebhook(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([{ path, message }]);
  });

  it('reports every error of every entry, each with its own path', () => {
    const result = parsePixWebhook({
      pix: [VALID, { ...VALID, valor: '1,00', horario: 'ontem' }, 42],
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: 'pix[1].valor',
          message:
            'Use ponto como separador decimal e nenhum separador de milhar (ex.: "1234.56"), não vírgula.',
        },
        {
          path: 'pix[1].horario',
          message: 'Deve ser data e hora RFC 3339 com fuso (ex.: "2020-09-09T20:15:00.358Z").',
        },
        { path: 'pix[2]', message: 'Cada Pix deve ser um objeto com endToEndId, valor e horario.' },
      ],
    });
  });

  it('round-trips webhookBody', () => {
    const entries = [
      {
        endToEndId: 'E99999999202501011200abcdefghijk',
        txid: newTxid(),
        amountCents: 123_456_789,
        paidAt: '2025-01-01T12:00:30.000Z',
        payerInfo: 'contrato 42',
      },
      {
        endToEndId: 'E99999999202501011201ABCDEFGHIJK',
        txid: null,
        amountCents: 1,
        paidAt: '2025-01-01T12:01:00.000Z',
      },
    ];
    const built = webhookBody(entries);
    expect(built.pix[0]).toEqual({
      endToEndId: entries[0]!.endToEndId,
      txid: entries[0]!.txid,
      valor: '1234567.89',
      horario: '2025-01-01T12:00:30.000Z',
      infoPagador: 'contrato 42',
    });
    expect(built.pix[1]).not.toHaveProperty('txid');
    expect(parsePixWebhook(JSON.parse(JSON.stringify(built)))).toEqual({ ok: true, value: entries });
    expect(webhookBody([{ ...entries[1]!, key: CNPJ }]).pix[0]?.chave).toBe(CNPJ);
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
