import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/platform/log.ts';
import { creditorBody, startTestApp, type TestApp } from '../support/app.ts';
import { type Api, startAsAdmin } from '../support/given.ts';

/**
 * What the HTTP kernel does for every route (issue 10, item 9): control characters and impossible
 * dates are 4xx (never 500), documents carry the security headers and personal data is not cached,
 * file names come only from validated ids, and failed authentication is rate-limited per address.
 */
let t: TestApp;
let admin: string;
let api: Api;
/** What the app wrote to the error log, as the operator reads it. */
const errorLog: { message: string; fields?: Record<string, unknown> }[] = [];
const log: Logger = {
  info: () => {},
  warn: () => {},
  error: (message, fields) => errorLog.push({ message, ...(fields ? { fields } : {}) }),
};

beforeAll(async () => {
  ({ t, admin, api } = await startAsAdmin({ config: { authFailuresPerWindow: 5 }, log }));
});
afterAll(async () => t?.close());

const get = (url: string, headers: Record<string, string> = { authorization: admin }) =>
  t.app.inject({ url, headers });

describe('control characters and impossible dates', () => {
  it('a NUL or another control character in a body field, query or path parameter is a 422', async () => {
    const body = await api('POST', '/api/v1/creditors', creditorBody({ name: 'Loja\u0000Teste' }));
    expect(body.statusCode).toBe(422);
    expect(body.json().errors).toEqual([{ field: 'name', message: expect.stringMatching(/controle/) }]);
    const nested = await api(
      'POST',
      '/api/v1/creditors',
      creditorBody({ address: { ...creditorBody().address, street: 'Rua\u001b[31m' } }),
    );
    expect(nested.statusCode).toBe(422);
    expect(nested.json().errors[0].field).toBe('address.street');
    expect((await get('/api/v1/debtors?document=529%00')).statusCode).toBe(422);
    expect((await get('/api/v1/debts/%00')).statusCode).toBe(422);
    // Tabs and line breaks are text, not control characters.
    const ok = await api('POST', '/api/v1/templates/check', { text: 'Olá,\n\tMaria' });
    expect(ok.statusCode).toBe(200);
  });

  it('an impossible date in a query is a 422', async () => {
    const r = await get('/api/v1/debts/0190f6a8-0000-7000-8000-000000000000/balance?date=2026-02-30');
    expect(r.statusCode).toBe(422);
    expect(r.json().errors[0].field).toMatch(/date/);
    // A month that does not exist, too (index tables are read by month).
    const month = await get('/api/v1/indexes/ipca?from=2025-13');
    expect(month.statusCode).toBe(422);
    expect(month.json().errors[0].field).toMatch(/from/);
  });
});

describe('the error log holds internal errors only', () => {
  it('a webhook refused for lack of a secret (503, on purpose) writes no "erro interno" with a stack', async () => {
    errorLog.length = 0;
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks/sms/inbound',
      headers: { 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(r.statusCode).toBe(503);
    expect(r.json().code).toBe('WEBHOOK_NOT_CONFIGURED');
    // Anyone can call it: each refusal logged as an internal failure would fill the log with stacks.
    expect(errorLog).toEqual([]);
  });
});

describe('security headers, by what the response is', () => {
  it('HTML pages: CSP with frame-ancestors none, nosniff, no-store', async () => {
    const r = await t.app.inject({ url: '/l/nao-e-um-token' });
    expect(r.headers['content-type']).toMatch(/text\/html/);
    expect(r.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(r.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('the API documentation page (Swagger UI, its own scripts) cannot be framed either', async () => {
    const r = await t.app.inject({ url: '/docs' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/text\/html/);
    const csp = String(r.headers['content-security-policy'] ?? '');
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/script-src 'self'/);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it('authenticated JSON is not cached; public JSON may be; every answer is nosniff', async () => {
    const staff = await get('/api/v1/creditors');
    expect(staff.headers['cache-control']).toBe('no-store');
    expect(staff.headers['x-content-type-options']).toBe('nosniff');
    const health = await t.app.inject({ url: '/health' });
    expect(health.headers['cache-control']).toBeUndefined();
    expect(health.headers['x-content-type-options']).toBe('nosniff');
  });

  it('Content-Disposition only from a validated id: a crafted id is a plain 404 without the header', async () => {
    const crafted = encodeURIComponent('x"; filename="boleto.exe');
    for (const url of [
      `/api/v1/payments/${crafted}/receipt.pdf`,
      `/api/v1/agreements/${crafted}/term.pdf`,
      `/api/v1/agreements/${crafted}/discharge.pdf`,
      `/api/v1/messages/${crafted}/letter.pdf`,
    ]) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(404);
      expect(r.headers['content-disposition'], url).toBeUndefined();
    }
  });
});

describe('failed authentication is rate-limited per address', () => {
  it('past the limit: 429 with Retry-After, even for a valid token, from that address only', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await get('/api/v1/creditors', { authorization: `Bearer trato_errado${i}` })).statusCode).toBe(
        401,
      );
    }
    const limited = await get('/api/v1/creditors', { authorization: 'Bearer trato_errado' });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await get('/api/v1/creditors')).statusCode).toBe(429);
    // Webhook secrets are guesses too.
    const webhook = await t.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks/pix',
      headers: { 'x-webhook-secret': 'x'.repeat(40) },
      payload: { pix: [] },
    });
    expect(webhook.statusCode).toBe(429);
    // Another address is unaffected.
    const other = await t.app.inject({
      url: '/api/v1/creditors',
      headers: { authorization: admin },
      remoteAddress: '198.51.100.7',
    });
    expect(other.statusCode).toBe(200);
  });
});

describe('one tenant cannot stall the others (issue 10, item 8)', () => {
  it('requests per tenant per minute: past the limit 429 with Retry-After; another tenant is unaffected', async () => {
    const limited = await startTestApp({ config: { tenantRequestsPerMinute: 3 } });
    try {
      const a = await limited.token('admin', { tenant: 'agencia-a' });
      const b = await limited.token('admin', { tenant: 'agencia-b' });
      const call = (auth: string) =>
        limited.app.inject({ url: '/api/v1/creditors', headers: { authorization: auth } });
      for (let i = 0; i < 3; i++) expect((await call(a)).statusCode).toBe(200);
      const over = await call(a);
      expect(over.statusCode).toBe(429);
      expect(over.json().code).toBe('RATE_LIMITED');
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      expect((await call(b)).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('a Pix notification with more items than the cap is refused whole (413), nothing applied', async () => {
    const { MAX_PIX_PER_NOTIFICATION } = await import('../../src/modules/payments/pix-webhook.rules.ts');
    const secret = 'segredo-do-webhook-pix-de-teste-com-32-caracteres';
    await t.app.inject({
      method: 'PUT',
      url: '/api/v1/settings/pix-webhook',
      headers: { authorization: admin },
      payload: { secret },
      // 127.0.0.1 was rate-limited by the test above.
      remoteAddress: '203.0.113.9',
    });
    const entry = (i: number) => ({
      endToEndId: `E99999999202611231500${String(i).padStart(11, '0')}`,
      valor: '1.00',
      horario: '2026-11-23T14:59:00Z',
    });
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks/pix',
      headers: { 'x-webhook-secret': secret },
      payload: { pix: Array.from({ length: MAX_PIX_PER_NOTIFICATION + 1 }, (_, i) => entry(i)) },
      remoteAddress: '203.0.113.9',
    });
    expect(r.statusCode).toBe(413);
    expect(r.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: 'maxPixPerWebhook', limitValue: 500 });
    expect(r.json().errors[0].message).toMatch(/No máximo 500 Pix/);
    const n = await t.rt.ctx.database.db
      .selectFrom('payments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(0);
  });
});
