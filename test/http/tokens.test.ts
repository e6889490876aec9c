import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

/**
 * Tokens can be listed (never their secret), revoked at once and given an expiry (issue 10, item 7).
 * The test clock is 2026-11-23T15:00:00Z.
 */
let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.token('admin');
});
afterAll(async () => t?.close());

const call = (method: 'GET' | 'POST' | 'DELETE', url: string, auth: string, payload?: object) =>
  t.app.inject({ method, url, headers: { authorization: auth }, ...(payload ? { payload } : {}) });

describe('tokens', () => {
  it('lists id, role, creditor, label, created, last used and expiry — never the secret or its hash', async () => {
    const created = (
      await call('POST', '/api/v1/tokens', admin, {
        role: 'agent',
        label: 'Ana (mesa 3)',
        person: 'ana@assessoria.com.br',
        expiresAt: '2026-12-31T23:59:59-03:00',
      })
    ).json();
    expect(created.expiresAt).toBe('2027-01-01T02:59:59.000Z');
    expect((await call('GET', '/api/v1/creditors', `Bearer ${created.token}`)).statusCode).toBe(200);
    const list = await call('GET', '/api/v1/tokens', admin);
    expect(list.statusCode).toBe(200);
    const item = list.json().items.find((i: { id: string }) => i.id === created.id);
    expect(item).toEqual({
      id: created.id,
      role: 'agent',
      creditorId: null,
      label: 'Ana (mesa 3)',
      person: 'ana@assessoria.com.br',
      createdAt: expect.any(String),
      lastUsedAt: '2026-11-23T15:00:00.000Z',
      expiresAt: '2027-01-01T02:59:59.000Z',
      expired: false,
    });
    expect(list.body).not.toContain(created.token);
    expect(list.body).not.toMatch(/hash|trato_/);
  });

  it('only an admin lists or revokes', async () => {
    const manager = await t.token('manager');
    expect((await call('GET', '/api/v1/tokens', manager)).statusCode).toBe(403);
    const { id } = (await call('POST', '/api/v1/tokens', admin, { role: 'agent' })).json();
    expect((await call('DELETE', `/api/v1/tokens/${id}`, manager)).statusCode).toBe(403);
  });

  it('a revoked token is refused on the very next call; revoking again or another tenant’s token is 404', async () => {
    const { id, token } = (await call('POST', '/api/v1/tokens', admin, { role: 'manager' })).json();
    expect((await call('GET', '/api/v1/creditors', `Bearer ${token}`)).statusCode).toBe(200);
    expect((await call('DELETE', `/api/v1/tokens/${id}`, admin)).statusCode).toBe(204);
    expect((await call('GET', '/api/v1/creditors', `Bearer ${token}`)).statusCode).toBe(401);
    expect((await call('DELETE', `/api/v1/tokens/${id}`, admin)).statusCode).toBe(404);
    expect(
      (await call('GET', '/api/v1/tokens', admin)).json().items.map((i: { id: string }) => i.id),
    ).not.toContain(id);
    const otherAdmin = await t.token('admin', { tenant: 'outra-agencia' });
    const mine = (await call('POST', '/api/v1/tokens', admin, { role: 'agent' })).json();
    expect((await call('DELETE', `/api/v1/tokens/${mine.id}`, otherAdmin)).statusCode).toBe(404);
    expect((await call('DELETE', '/api/v1/tokens/nao-e-uuid', admin)).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/creditors', `Bearer ${mine.token}`)).statusCode).toBe(200);
  });

  it('an expired token is 401; an expiry in the past or without a time zone is refused at creation', async () => {
    const soon = (
      await call('POST', '/api/v1/tokens', admin, { role: 'agent', expiresAt: '2026-11-23T15:00:01Z' })
    ).json();
    expect((await call('GET', '/api/v1/creditors', `Bearer ${soon.token}`)).statusCode).toBe(200);
    const later = await startLaterClock();
    expect(
      (
        await later.app.inject({
          url: '/api/v1/creditors',
          headers: { authorization: `Bearer ${soon.token}` },
        })
      ).statusCode,
    ).toBe(401);
    expect(
      (await call('POST', '/api/v1/tokens', admin, { role: 'agent', expiresAt: '2026-11-23T14:59:59Z' }))
        .statusCode,
    ).toBe(422);
    expect(
      (await call('POST', '/api/v1/tokens', admin, { role: 'agent', expiresAt: '2026-12-31T10:00:00' }))
        .statusCode,
    ).toBe(422);
    expect(
      (await call('POST', '/api/v1/tokens', admin, { role: 'agent', expiresAt: '2027-02-29T10:00:00Z' }))
        .statusCode,
    ).toBe(422);
  });

  it('a creditor token without its creditor names the API field (creditorId), with errors', async () => {
    const missing = await call('POST', '/api/v1/tokens', admin, { role: 'creditor' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().detail).toContain('creditorId');
    expect(missing.json().errors).toEqual([{ field: 'creditorId', message: expect.any(String) }]);
    const extra = await call('POST', '/api/v1/tokens', admin, {
      role: 'agent',
      creditorId: '00000000-0000-4000-8000-000000000000',
    });
    expect(extra.statusCode).toBe(422);
    expect(extra.json().errors).toEqual([{ field: 'creditorId', message: expect.any(String) }]);
  });
});

/** The same database seen one minute later: the token that expired in between is refused. */
async function startLaterClock() {
  const { createHttpApp } = await import('../../src/platform/http.ts');
  const { authenticateBearer } = await import('../../src/modules/identity/index.ts');
  const app = await createHttpApp(t.rt.ctx, {
    staff: (token) => authenticateBearer(t.rt.ctx.database.db, token, new Date('2026-11-23T15:01:00Z')),
  });
  app.get('/api/v1/creditors', async () => ({ ok: true }));
  return { app };
}
