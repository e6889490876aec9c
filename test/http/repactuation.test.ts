import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/modules/negotiation/index.ts';
import { type Clock, isoDateInSaoPaulo } from '../../src/platform/clock.ts';
import { creditorBody, startTestApp, type TestApp } from '../support/app.ts';

/**
 * Issue 12 item 13 over HTTP, on the engine of the run (PGlite or PostgreSQL): a repactuação (CDC art.
 * 104-A) freezes the charges of the debtor's debts from the day it started; ending it resumes accrual
 * without charging the frozen period. R$ 1.000,00 due 10/01/2024, 2% fine, 1% a month, IPCA (the same
 * hand-computed case as src/modules/balance/balance.freeze.test.ts):
 * on 10/03/2024: 1.000 + IPCA 12,53 (1.0042 × 1.0083 − 1) + fine 20,00 + interest 20,00 = 1.052,53.
 */
let t: TestApp;
let admin: string;
let debtId: string;
let debtorId: string;
let now = new Date('2024-03-10T15:00:00Z');
const clock: Clock = { now: () => new Date(now), today: () => isoDateInSaoPaulo(now) };

const post = (url: string, payload: unknown, auth = admin) =>
  t.app.inject({ method: 'POST', url, headers: { authorization: auth }, payload: payload as object });
const get = (url: string, auth = admin) => t.app.inject({ url, headers: { authorization: auth } });
const balanceOn = async (date: string) => {
  const r = await get(`/api/v1/debts/${debtId}/balance?date=${date}`);
  expect(r.statusCode, r.payload).toBe(200);
  return r.json();
};

beforeAll(async () => {
  t = await startTestApp({ clock });
  admin = await t.token('admin');
  const ipca = await t.app.inject({
    method: 'PUT',
    url: '/api/v1/indexes/ipca',
    headers: { authorization: admin, 'content-type': 'text/csv' },
    payload: [
      'month,percent',
      '2024-01,0.42',
      '2024-02,0.83',
      '2024-03,0.16',
      '2024-04,0.38',
      '2024-05,0.46',
      '2024-06,0.21',
      '2024-07,0.38',
      '2024-08,-0.02',
    ].join('\n'),
  });
  expect(ipca.statusCode, ipca.payload).toBe(200);
  const creditorId = (await post('/api/v1/creditors', creditorBody())).json().id;
  const imp = await t.app.inject({
    method: 'POST',
    url: `/api/v1/creditors/${creditorId}/imports`,
    headers: { authorization: admin, 'content-type': 'text/csv' },
    payload: [
      'document;name;external_id;original_amount;due_date;state',
      '529.982.247-25;Maria da Silva;R-1;1.000,00;2024-01-10;SP',
    ].join('\n'),
  });
  expect(imp.statusCode, imp.payload).toBe(200);
  const debtor = (await get('/api/v1/debtors?document=52998224725')).json().items[0];
  debtorId = debtor.id;
  debtId = (await get(`/api/v1/debtors/${debtorId}`)).json().debts[0].id;
  const p = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/creditors/${creditorId}/policy`,
    headers: { authorization: admin },
    payload: { ...DEFAULT_POLICY, minInstallmentCents: 100 },
  });
  expect(p.statusCode, p.payload).toBe(200);
});
afterAll(async () => t?.close());

describe('a repactuação freezes charges (CDC art. 104-A)', () => {
  let suppressionId: string;

  it('refuses a start date in the future, or on another kind', async () => {
    const future = await post(`/api/v1/debtors/${debtorId}/suppressions`, {
      kind: 'repactuation',
      startedOn: '2024-03-11',
    });
    expect(future.statusCode).toBe(422);
    expect(JSON.stringify(future.json().errors)).toContain('startedOn');
    const other = await post(`/api/v1/debtors/${debtorId}/suppressions`, {
      kind: 'dispute',
      startedOn: '2024-03-01',
    });
    expect(other.statusCode).toBe(422);
  });

  it('from X, the balance on X + 60 days equals the balance on X, with the reason', async () => {
    const r = await post(`/api/v1/debtors/${debtorId}/suppressions`, { kind: 'repactuation' });
    expect(r.statusCode, r.payload).toBe(201);
    suppressionId = r.json().id;
    const onX = await balanceOn('2024-03-10');
    expect(onX.totalCents).toBe(105_253);
    const later = await balanceOn('2024-05-09');
    expect(later.totalCents).toBe(105_253);
    expect(later.lines.map((l: { amountCents: number }) => l.amountCents)).toEqual(
      onX.lines.map((l: { amountCents: number }) => l.amountCents),
    );
    expect(later.chargesFrozen).toMatchObject({ since: '2024-03-10', until: null, reason: 'repactuation' });
    expect(later.chargesFrozen.rule).toContain(
      'Encargos congelados desde 10/03/2024 (repactuação, CDC art. 104-A)',
    );
    expect(later.chargesFrozen.legalBasis).toContain('CDC art. 104-A');
    // Before X nothing changes.
    expect((await balanceOn('2024-03-01')).chargesFrozen).toBeNull();
  });

  it('offers price the frozen figure (every reader goes through the balance module)', async () => {
    now = new Date('2024-05-09T15:00:00Z');
    const r = await post(`/api/v1/debtors/${debtorId}/offers`, { firstDueDate: '2024-05-20' });
    expect(r.statusCode, r.payload).toBe(200);
    expect(r.json().offers[0].balanceCents).toBe(105_253);
  });

  it('ended on Y: Y + 30 days accrues only the 30 days after Y', async () => {
    now = new Date('2024-07-10T15:00:00Z');
    const end = await post(`/api/v1/debtors/${debtorId}/suppressions/${suppressionId}/end`, {});
    expect(end.statusCode, end.payload).toBe(200);
    expect(end.json().until).toBe('2024-07-10T15:00:00.000Z');
    const b = await balanceOn('2024-08-09');
    // Interest 1.000 × 1% × (2 + 30/31) = 29,68; IPCA Jan, Feb and Jul: 1.01253486 × 1.0038 − 1 → 16,38.
    expect(b.totalCents).toBe(100_000 + 1638 + 2000 + 2968);
    expect(b.chargesFrozen).toBeNull();
    expect(b.lines[0].rule).toContain('Encargos congelados de 10/03/2024 a 09/07/2024');
    // Ending it again changes nothing; an unknown or malformed id is 404.
    expect((await post(`/api/v1/debtors/${debtorId}/suppressions/${suppressionId}/end`, {})).statusCode).toBe(
      200,
    );
    expect((await balanceOn('2024-08-09')).totalCents).toBe(106_606);
    expect(
      (await post(`/api/v1/debtors/${debtorId}/suppressions/00000000-0000-7000-8000-000000000000/end`, {}))
        .statusCode,
    ).toBe(404);
    expect((await post(`/api/v1/debtors/${debtorId}/suppressions/nope/end`, {})).statusCode).toBe(404);
  });

  it('a repactuação with an end date stops the freeze on that date', async () => {
    now = new Date('2024-08-09T15:00:00Z');
    const r = await post(`/api/v1/debtors/${debtorId}/suppressions`, {
      kind: 'repactuation',
      until: '2024-08-20',
    });
    expect(r.statusCode, r.payload).toBe(201);
    const during = await balanceOn('2024-08-15');
    expect(during.chargesFrozen).toMatchObject({ since: '2024-08-09', until: '2024-08-20' });
    expect(during.totalCents).toBe(106_606);
    // From 20/08 charges accrue again: 11 frozen days are not charged.
    const after = await balanceOn('2024-08-25');
    expect(after.chargesFrozen).toBeNull();
    expect(after.totalCents).toBeGreaterThan(106_606);
  });
});
