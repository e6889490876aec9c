import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { type Api, givenFor } from '../support/given.ts';

/**
 * SSRF through payment settings (issue 10, item 5): the PSP base URL is checked (shape, then every
 * address the name resolves to, with a stubbed resolver — no test sends traffic beyond loopback), and
 * the PSP is never called while answering a GET.
 */
let t: TestApp;
let api: Api;
let creditorId: string;
let psp: Server;
let pspUrl: string;
const pspRequests: string[] = [];

const settings = (baseUrl: string) => ({
  pix: {
    key: '11.222.333/0001-81',
    receiverName: 'Loja Teste Ltda',
    city: 'São Paulo',
    psp: { baseUrl, clientId: 'trato', clientSecret: 'segredo-cliente' },
  },
});

beforeAll(async () => {
  // A PSP on loopback that records every request and is always down.
  psp = createServer((req, res) => {
    pspRequests.push(`${req.method} ${req.url}`);
    res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => psp.listen(0, '127.0.0.1', resolve));
  pspUrl = `http://127.0.0.1:${(psp.address() as AddressInfo).port}`;
  t = await startTestApp();
  t.rt.ctx.resolver = async (host) => {
    const table: Record<string, string[]> = {
      'psp.example.com.br': ['200.160.2.3'],
      'metadados.example.com.br': ['169.254.169.254'],
      'interno.example.com.br': ['10.20.30.40'],
      'cgnat.example.com.br': ['100.64.1.1'],
      'v6.example.com.br': ['2804:14c::1', 'fd00::1'],
    };
    if (!table[host]) throw new Error(`ENOTFOUND ${host}`);
    return table[host];
  };
  const given = givenFor(t, await t.token('admin'));
  api = given.api;
  creditorId = (await given.creditor({ terms: { correctionIndex: 'none' } })).id;
  await given.policy(creditorId, { maxInstallments: 3 });
});
afterAll(async () => {
  await t?.close();
  psp?.close();
});

describe('PSP base URL', () => {
  it.each([
    ['http to a public name', 'http://psp.example.com.br', /https/],
    ['credentials in the URL', 'https://trato:segredo@psp.example.com.br', /usuário ou senha/],
    ['a query', 'https://psp.example.com.br/api?token=x', /consulta/],
    ['a private literal', 'https://10.0.0.1', /privada/],
    ['the metadata address', 'https://169.254.169.254', /metadados/],
    ['a name resolving to metadata', 'https://metadados.example.com.br', /169\.254\.169\.254/],
    ['a name resolving to a private address', 'https://interno.example.com.br', /10\.20\.30\.40/],
    ['a name resolving to CGNAT', 'https://cgnat.example.com.br', /CGNAT/],
    ['a name with one private IPv6 among its answers', 'https://v6.example.com.br', /fd00::1/],
    ['a name that does not resolve', 'https://nao-existe.example.com.br', /DNS/],
  ])('refuses %s (422, nothing saved)', async (_name, baseUrl, message) => {
    const r = await api('PUT', `/api/v1/creditors/${creditorId}/payment-settings`, settings(baseUrl));
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json().errors).toEqual([{ field: 'pix.psp.baseUrl', message: expect.stringMatching(message) }]);
    expect((await api('GET', `/api/v1/creditors/${creditorId}/payment-settings`)).statusCode).toBe(404);
  });

  it('accepts https to a public name, and loopback in development (the simulator)', async () => {
    const ok = await api(
      'PUT',
      `/api/v1/creditors/${creditorId}/payment-settings`,
      settings('https://psp.example.com.br'),
    );
    expect(ok.statusCode, ok.body).toBe(200);
    const local = await api('PUT', `/api/v1/creditors/${creditorId}/payment-settings`, settings(pspUrl));
    expect(local.statusCode, local.body).toBe(200);
  });

  it('production refuses loopback too', async () => {
    t.rt.ctx.config.production = true;
    try {
      const r = await api('PUT', `/api/v1/creditors/${creditorId}/payment-settings`, settings(pspUrl));
      expect(r.statusCode).toBe(422);
    } finally {
      t.rt.ctx.config.production = false;
    }
  });
});

describe('no PSP call while answering a GET', () => {
  it('the accept path tries the PSP; reading the agreement never does', async () => {
    const csv =
      'document;name;external_id;original_amount;due_date\n52998224725;Ana Souza;S-1;900,00;2026-09-01\n';
    await api('POST', `/api/v1/creditors/${creditorId}/imports`, csv, { 'content-type': 'text/csv' });
    const debtor = (await api('GET', '/api/v1/debtors?document=52998224725')).json().items[0];
    const offers = (
      await api('POST', `/api/v1/debtors/${debtor.id}/offers`, { firstDueDate: '2026-12-01' })
    ).json().offers as { id: string; installmentsCount: number }[];
    const offer = offers.find((o) => o.installmentsCount === 2)!;
    pspRequests.length = 0;
    const created = await api('POST', '/api/v1/agreements', { offerId: offer.id });
    expect(created.statusCode, created.body).toBe(201);
    const onAccept = pspRequests.length;
    expect(onAccept).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) {
      const got = await api('GET', `/api/v1/agreements/${created.json().id}`);
      expect(got.statusCode).toBe(200);
      expect(got.json().installments[0].pix.brCode).toBeNull();
    }
    expect(pspRequests.length).toBe(onAccept);
  });
});
