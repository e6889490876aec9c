import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredRoutes } from '../../src/platform/http.ts';
import { Browser, JOAO, MARIA, type PortalWorld, startPortalWorld } from './support.ts';

/**
 * The portal's isolation matrix, generated from the registered routes (a new portal route cannot ship
 * outside it): every `auth: 'portal'` route refuses a request without a session and a staff bearer
 * token (401); every route with an id answers another person's id with 404; and no staff route accepts
 * a portal session.
 */
let w: PortalWorld;
let maria: Browser;
let joao: Browser;
const ids: Record<string, string> = {};

/** A body each write route accepts (so that validation never hides the answer under test). */
const BODIES: Record<string, unknown> = {
  'POST /api/portal/v1/agreements/:id/installments/:installmentId/due-date': { dueDate: '2026-12-30' },
  'POST /api/portal/v1/agreements/:id/cancel': {},
  'POST /api/portal/v1/agreements/:id/prepayments': { installments: 1 },
};

function fill(url: string): string {
  return url
    .replace('/agreements/:id', `/agreements/${ids.agreement}`)
    .replace(':installmentId', ids.installment!)
    .replace('/installments/:id', `/installments/${ids.installment}`)
    .replace('/offers/:id', `/offers/${ids.offer}`)
    .replace('/payments/:id', `/payments/${ids.payment ?? '0190f6a8-0000-7000-8000-000000000000'}`);
}

beforeAll(async () => {
  w = await startPortalWorld({ generousLimits: true });
  await w.t.app.inject({
    method: 'PUT',
    url: `/api/v1/creditors/${w.creditorId}/payment-settings`,
    headers: { authorization: w.admin },
    payload: { pix: { key: '11.222.333/0001-81', receiverName: 'Loja Teste Ltda', city: 'São Paulo' } },
  });
  maria = new Browser(w, '203.0.113.70');
  await maria.identify(MARIA);
  joao = new Browser(w, '203.0.113.71');
  await joao.identify({ document: JOAO.document, phone: JOAO.phone });
  const offers = (await maria.call('POST', '/api/portal/v1/offers', {})).json().offers;
  ids.offer = offers.find((o: { installmentsCount: number }) => o.installmentsCount > 1).id;
  const other = offers.find((o: { id: string }) => o.id !== ids.offer).id;
  const a = (
    await maria.call(
      'POST',
      '/api/portal/v1/agreements',
      { offerId: ids.offer },
      { 'idempotency-key': 'iso-0001' },
    )
  ).json();
  ids.agreement = a.id;
  ids.installment = a.installments[1].id;
  ids.otherOffer = other;
});
afterAll(async () => w?.close());

const portalRoutes = () =>
  registeredRoutes(w.t.app).filter((r) => r.auth === 'portal' && r.url.startsWith('/api/portal/v1'));

describe('portal isolation matrix (from the registered routes)', () => {
  it('covers every portal route', () => {
    expect(portalRoutes().length).toBeGreaterThanOrEqual(25);
  });

  it('no session, or a staff token → 401 on every portal route', async () => {
    for (const r of portalRoutes()) {
      const url = fill(r.url);
      const key = `${r.method} ${r.url}`;
      const payload = BODIES[key] ?? (r.method === 'GET' ? undefined : {});
      const bare = await w.t.app.inject({
        method: r.method as 'GET',
        url,
        ...(payload ? { payload: payload as object } : {}),
      });
      expect(bare.statusCode, key).toBe(401);
      const staff = await w.t.app.inject({
        method: r.method as 'GET',
        url,
        headers: { authorization: w.admin },
        ...(payload ? { payload: payload as object } : {}),
      });
      expect(staff.statusCode, `${key} (token da equipe)`).toBe(401);
    }
  });

  it("another person's ids → 404 on every portal route that takes one", async () => {
    const withIds = portalRoutes().filter((r) => r.url.includes(':') && !r.url.includes('/payments/'));
    expect(withIds.length).toBeGreaterThanOrEqual(12);
    for (const r of withIds) {
      const key = `${r.method} ${r.url}`;
      const payload = BODIES[key] ?? (r.method === 'GET' ? undefined : {});
      const res = await joao.call(r.method as 'GET', fill(r.url), payload);
      expect(res.statusCode, key).toBe(404);
    }
    // And Maria herself reaches them (the 404 above is about ownership, not a broken URL).
    expect((await maria.call('GET', `/api/portal/v1/agreements/${ids.agreement}`)).statusCode).toBe(200);
  });

  it('prepayments (CDC art. 52 §2º): the debtor prepays her own agreement, the same contract as staff', async () => {
    const r = await maria.call('POST', `/api/portal/v1/agreements/${ids.agreement}/prepayments`, {
      installments: 1,
    });
    expect(r.statusCode, r.payload).toBe(201);
    const staff = await w.t.app.inject({
      url: `/api/v1/agreements/${ids.agreement}/prepayments`,
      headers: { authorization: w.admin },
    });
    expect(staff.json().items[0]).toEqual(r.json());
    expect(r.json()).toMatchObject({ agreementId: ids.agreement, status: 'open', boleto: null });
    expect(r.json().pix.brCode).toEqual(expect.any(String));
    const list = await maria.call('GET', `/api/portal/v1/agreements/${ids.agreement}/prepayments`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([r.json()]);
    // Bad input: a clear 422, never 500.
    const bad = await maria.call('POST', `/api/portal/v1/agreements/${ids.agreement}/prepayments`, {
      installments: 99,
    });
    expect(bad.statusCode).toBe(422);
    // Another person's agreement: 404 (also covered by the matrix above).
    const other = await joao.call('GET', `/api/portal/v1/agreements/${ids.agreement}/prepayments`);
    expect(other.statusCode).toBe(404);
  });

  it('a portal session is refused on every staff route (401)', async () => {
    const staffRoutes = registeredRoutes(w.t.app).filter(
      (r) => r.auth === 'staff' && !r.url.startsWith('/docs'),
    );
    expect(staffRoutes.length).toBeGreaterThan(40);
    for (const r of staffRoutes) {
      const url = r.url.replace(/:[A-Za-z]+/g, ids.agreement!);
      const res = await maria.call(
        r.method as 'GET',
        url,
        r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
      );
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
    }
  });
});
