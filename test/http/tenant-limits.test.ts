import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditorBody, startTestApp, type TestApp } from '../support/app.ts';
import { type Api, apiAs } from '../support/given.ts';

/**
 * Per-tenant limits (issue 10 item 8): each tenant's admin sets its own requests per minute, upload
 * size and Pix per webhook, within the operator's ceilings; a tenant's limit applies to it and to no
 * other tenant; over a limit the answer is 413/429 problem+json naming the limit and what to do.
 */
let t: TestApp;
let a: Api;
let b: Api;
const MiB = 1024 * 1024;

beforeAll(async () => {
  t = await startTestApp({
    config: {
      tenantRequestsPerMinute: 6000,
      maxImportBytes: 64 * MiB,
      maxPixPerWebhook: 500,
      limitCeilings: { requestsPerMinute: 60_000, maxUploadBytes: 128 * MiB, maxPixPerWebhook: 1000 },
    },
  });
  a = apiAs(t, await t.token('admin', { tenant: 'limites-a' }));
  b = apiAs(t, await t.token('admin', { tenant: 'limites-b' }));
});
afterAll(async () => t?.close());

describe('GET/PUT/PATCH /api/v1/settings/limits', () => {
  it('a new tenant has the environment defaults, with the bounds an admin may use', async () => {
    const r = await b('GET', '/api/v1/settings/limits');
    expect(r.statusCode, r.payload).toBe(200);
    expect(r.json()).toEqual({
      requestsPerMinute: 6000,
      maxUploadBytes: 64 * MiB,
      maxPixPerWebhook: 500,
      custom: { requestsPerMinute: null, maxUploadBytes: null, maxPixPerWebhook: null },
      defaults: { requestsPerMinute: 6000, maxUploadBytes: 64 * MiB, maxPixPerWebhook: 500 },
      minimums: { requestsPerMinute: 60, maxUploadBytes: MiB, maxPixPerWebhook: 10 },
      maximums: { requestsPerMinute: 60_000, maxUploadBytes: 128 * MiB, maxPixPerWebhook: 1000 },
      updatedAt: null,
      updatedBy: null,
    });
  });

  it('only an admin reads or changes them', async () => {
    const manager = apiAs(t, await t.token('manager', { tenant: 'limites-b' }));
    expect((await manager('GET', '/api/v1/settings/limits')).statusCode).toBe(403);
    expect((await manager('PUT', '/api/v1/settings/limits', { maxPixPerWebhook: 20 })).statusCode).toBe(403);
    expect((await manager('PATCH', '/api/v1/settings/limits', { maxPixPerWebhook: 20 })).statusCode).toBe(
      403,
    );
  });

  it('values outside the bounds are a 422 naming the field, the bounds and the operator variable', async () => {
    const below = await a('PUT', '/api/v1/settings/limits', { requestsPerMinute: 5 });
    expect(below.statusCode).toBe(422);
    expect(below.json().errors).toEqual([
      {
        field: 'requestsPerMinute',
        message: expect.stringMatching(/de 60 a 60\.000.*TRATO_LIMIT_MAX_REQUESTS/),
      },
    ]);
    const above = await a('PUT', '/api/v1/settings/limits', {
      maxUploadBytes: 129 * MiB,
      maxPixPerWebhook: 1001,
    });
    expect(above.statusCode).toBe(422);
    expect(above.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'maxUploadBytes',
      'maxPixPerWebhook',
    ]);
    expect((await a('PUT', '/api/v1/settings/limits', { maxPixPerWebhook: 1.5 })).statusCode).toBe(422);
    expect((await a('PUT', '/api/v1/settings/limits', { maxPixPerWebhook: '20' })).statusCode).toBe(422);
    expect((await a('PUT', '/api/v1/settings/limits', { burst: 3 })).statusCode).toBe(422);
    // Nothing was stored.
    expect((await a('GET', '/api/v1/settings/limits')).json().custom.requestsPerMinute).toBe(null);
  });

  it('PUT sets; PATCH changes only what it names; null returns to the default', async () => {
    const put = await a('PUT', '/api/v1/settings/limits', { maxUploadBytes: MiB, maxPixPerWebhook: 10 });
    expect(put.statusCode, put.payload).toBe(200);
    expect(put.json()).toMatchObject({
      requestsPerMinute: 6000,
      maxUploadBytes: MiB,
      maxPixPerWebhook: 10,
      custom: { requestsPerMinute: null, maxUploadBytes: MiB, maxPixPerWebhook: 10 },
      updatedBy: expect.stringMatching(/^token:/),
    });
    const patched = await a('PATCH', '/api/v1/settings/limits', { maxPixPerWebhook: 20 });
    expect(patched.statusCode, patched.payload).toBe(200);
    expect(patched.json().custom).toEqual({
      requestsPerMinute: null,
      maxUploadBytes: MiB,
      maxPixPerWebhook: 20,
    });
    const reset = await a('PATCH', '/api/v1/settings/limits', { maxPixPerWebhook: null });
    expect(reset.json()).toMatchObject({ maxPixPerWebhook: 500, custom: { maxPixPerWebhook: null } });
    expect((await a('PATCH', '/api/v1/settings/limits', { maxPixPerWebhook: 5 })).statusCode).toBe(422);
    expect((await a('PATCH', '/api/v1/settings/limits', { maxPixPerWebhook: 10 })).statusCode).toBe(200);
    // The other tenant still has its defaults.
    expect((await b('GET', '/api/v1/settings/limits')).json().custom.maxUploadBytes).toBe(null);
  });
});

describe("a tenant's own limits apply to it and not to another tenant", () => {
  const big = 'x'.repeat(MiB + 10);

  it('upload size: a CNAB file above the limit is 413 before it is read; the other tenant parses it', async () => {
    const over = await a('POST', '/api/v1/payments/cnab240', big, { 'content-type': 'text/plain' });
    expect(over.statusCode).toBe(413);
    expect(over.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(over.json()).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      limit: 'maxUploadBytes',
      limitValue: MiB,
    });
    expect(over.json().detail).toMatch(/limite de envio desta assessoria, 1 MB \(maxUploadBytes\)/);
    expect(over.json().detail).toMatch(/PUT \/api\/v1\/settings\/limits/);
    // Without Content-Length (chunked): measured once read, still 413.
    const chunked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/payments/cnab240',
      headers: { authorization: await tokenOfA(), 'content-type': 'text/plain' },
      payload: Readable.from([Buffer.from(big)]),
    });
    expect(chunked.statusCode, chunked.payload).toBe(413);
    expect(chunked.json()).toMatchObject({ limit: 'maxUploadBytes', limitValue: MiB });
    // Tenant B's limit is the default: the same file reaches the parser (and is not a CNAB file).
    const other = await b('POST', '/api/v1/payments/cnab240', big, { 'content-type': 'text/plain' });
    expect(other.statusCode, other.payload).not.toBe(413);
    expect(other.statusCode).toBe(422);
  });

  it('upload size: portfolio imports and index tables, declared or streamed without a length', async () => {
    const creditorId = (await a('POST', '/api/v1/creditors', creditorBody())).json().id;
    const url = `/api/v1/creditors/${creditorId}/imports`;
    const declared = await a('POST', url, big, { 'content-type': 'text/csv' });
    expect(declared.statusCode).toBe(413);
    expect(declared.json()).toMatchObject({ limit: 'maxUploadBytes' });
    // Chunked (no Content-Length): counted while streaming, stopped past the limit.
    const streamed = await t.app.inject({
      method: 'POST',
      url,
      headers: { authorization: (await tokenOfA()) as string, 'content-type': 'text/csv' },
      payload: Readable.from([Buffer.from('document;name\n'), Buffer.from(big)]),
    });
    expect(streamed.statusCode, streamed.payload).toBe(413);
    expect(streamed.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: 'maxUploadBytes' });
    const index = await a('PUT', '/api/v1/indexes/ipca', big, { 'content-type': 'text/csv' });
    expect(index.statusCode).toBe(413);
    expect(index.json()).toMatchObject({ limit: 'maxUploadBytes' });
  });

  it("Pix per notification: over the tenant's limit the whole notification is 413, nothing applied", async () => {
    const secretA = 'segredo-do-webhook-pix-limites-a-32-caracteres';
    const secretB = 'segredo-do-webhook-pix-limites-b-32-caracteres';
    expect((await a('PUT', '/api/v1/settings/pix-webhook', { secret: secretA })).statusCode).toBe(204);
    expect((await b('PUT', '/api/v1/settings/pix-webhook', { secret: secretB })).statusCode).toBe(204);
    const entry = (i: number) => ({
      endToEndId: `E99999999202611231500${String(i).padStart(11, '0')}`,
      valor: '1.00',
      horario: '2026-11-23T14:59:00Z',
    });
    const notify = (secret: string, n: number) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/webhooks/pix',
        headers: { 'x-webhook-secret': secret },
        payload: { pix: Array.from({ length: n }, (_, i) => entry(i)) },
      });
    const over = await notify(secretA, 11);
    expect(over.statusCode).toBe(413);
    expect(over.json()).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      limit: 'maxPixPerWebhook',
      limitValue: 10,
    });
    expect(over.json().detail).toMatch(/No máximo 10 Pix por notificação \(recebidos 11\)/);
    expect(await paymentsCount()).toBe(0);
    expect((await notify(secretA, 10)).statusCode).toBe(200);
    // Tenant B keeps the default (500): 11 items are received.
    const other = await notify(secretB, 11);
    expect(other.statusCode, other.payload).toBe(200);
    expect(other.json().received).toBe(11);
  });

  it('requests per minute: past its own limit a tenant gets 429; the other tenant is unaffected', async () => {
    const c = apiAs(t, await t.token('admin', { tenant: 'limites-c' }));
    expect((await c('PUT', '/api/v1/settings/limits', { requestsPerMinute: 60 })).statusCode).toBe(200);
    // The test clock stands still: every call falls in the same minute.
    let refused: Awaited<ReturnType<Api>> | undefined;
    for (let i = 0; i < 61 && !refused; i++) {
      const r = await c('GET', '/api/v1/creditors');
      if (r.statusCode === 429) refused = r;
      else expect(r.statusCode).toBe(200);
    }
    expect(refused).toBeDefined();
    expect(refused!.json()).toMatchObject({
      code: 'RATE_LIMITED',
      limit: 'requestsPerMinute',
      limitValue: 60,
    });
    expect(refused!.json().detail).toMatch(/Limite de 60 requisições por minuto desta assessoria/);
    expect(Number(refused!.headers['retry-after'])).toBeGreaterThan(0);
    expect((await b('GET', '/api/v1/creditors')).statusCode).toBe(200);
  });
});

describe('the hot path reads limits from a per-process cache', () => {
  it('a change written by another process is not read on every request; one through this process applies at once', async () => {
    const { tenantLimitsOf } = await import('../../src/modules/identity/index.ts');
    const db = t.rt.ctx.database.db;
    const tenant = await db
      .selectFrom('tenants')
      .select('id')
      .where('slug', '=', 'limites-a')
      .executeTakeFirstOrThrow();
    const before = await tenantLimitsOf(t.rt.ctx, tenant.id);
    // As another `serve` process would: straight to the table. This process keeps its cached value (for
    // up to LIMITS_CACHE_TTL_MS) instead of reading the database on each request.
    await db
      .updateTable('tenant_limits')
      .set({ max_pix_per_webhook: 77 })
      .where('tenant_id', '=', tenant.id)
      .execute();
    expect((await tenantLimitsOf(t.rt.ctx, tenant.id)).maxPixPerWebhook).toBe(before.maxPixPerWebhook);
    // Through the API of this process: at once.
    const r = await a('PATCH', '/api/v1/settings/limits', { maxPixPerWebhook: 30 });
    expect(r.statusCode).toBe(200);
    expect((await tenantLimitsOf(t.rt.ctx, tenant.id)).maxPixPerWebhook).toBe(30);
  });
});

let tokenA: string | undefined;
async function tokenOfA() {
  tokenA ??= await t.token('admin', { tenant: 'limites-a' });
  return tokenA;
}

async function paymentsCount() {
  const n = await t.rt.ctx.database.db
    .selectFrom('payments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n.n);
}
