import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditorBody, startTestApp, type TestApp } from '../support/app.ts';

/**
 * Creditor tokens see only their own creditor's cadences and templates, plus the tenant's shared ones,
 * and edit none of the shared ones (issue #10 item 17).
 */
let t: TestApp;
let admin: string;
let creditorA: string;
let creditorB: string;
let tokenA: string;
let templateB: string;
let templateShared: string;
let cadenceA: string;
let cadenceB: string;
let debtorA: string;

async function api(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, auth = admin) {
  return t.app.inject({
    method,
    url,
    headers: { authorization: auth },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
}

const smsTemplate = (key: string, creditorId?: string) => ({
  key,
  name: key,
  channel: 'sms',
  content: { body: 'Olá, {{primeiro_nome}}. A equipe {{agencia}} tem uma mensagem para você: {{link}}' },
  ...(creditorId ? { creditorId } : {}),
});
const cadence = (name: string, templateId: string, creditorId?: string) => ({
  name,
  ...(creditorId ? { creditorId } : {}),
  steps: [{ id: 'd1', anchor: 'debt_due', offsetDays: 1, channel: 'sms', templateId }],
});

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.token('admin');
  creditorA = (await api('POST', '/api/v1/creditors', creditorBody())).json().id;
  creditorB = (
    await api('POST', '/api/v1/creditors', creditorBody({ name: 'Credor B', document: '62.607.191/2770-90' }))
  ).json().id;
  tokenA = await t.token('creditor', { creditorId: creditorA });
  const b = await api('POST', '/api/v1/templates', smsTemplate('so-do-b', creditorB));
  expect(b.statusCode, b.payload).toBe(201);
  expect(b.json().creditorId).toBe(creditorB);
  templateB = b.json().id;
  templateShared = (await api('POST', '/api/v1/templates', smsTemplate('de-todos'))).json().id;
  const cb = await api('POST', '/api/v1/cadences', cadence('Régua do B', templateB, creditorB));
  expect(cb.statusCode, cb.payload).toBe(201);
  cadenceB = cb.json().id;
  cadenceA = (await api('POST', '/api/v1/cadences', cadence('Régua do A', templateShared, creditorA))).json()
    .id;
  await t.app.inject({
    method: 'POST',
    url: `/api/v1/creditors/${creditorA}/imports`,
    headers: { authorization: admin, 'content-type': 'text/csv' },
    payload: 'document;name;external_id;original_amount;due_date\n52998224725;Ana;A-1;100,00;2026-11-01\n',
  });
  debtorA = (await api('GET', '/api/v1/debtors?document=52998224725')).json().items[0].id;
});
afterAll(async () => t?.close());

describe("a creditor's token and the cadences", () => {
  it('lists its own and the shared cadences, never another creditor’s', async () => {
    const list = (await api('GET', '/api/v1/cadences', undefined, tokenA)).json().items as {
      id: string;
      creditorId: string | null;
    }[];
    const ids = list.map((c) => c.id);
    expect(ids).toContain(cadenceA);
    expect(ids).not.toContain(cadenceB);
    expect(list.every((c) => c.creditorId === null || c.creditorId === creditorA)).toBe(true);
    expect(list.some((c) => c.creditorId === null)).toBe(true); // the tenant's default cadence
    expect((await api('GET', `/api/v1/cadences/${cadenceB}`, undefined, tokenA)).statusCode).toBe(404);
    expect((await api('GET', `/api/v1/cadences/${cadenceA}`, undefined, tokenA)).statusCode).toBe(200);
    // Staff see them all.
    const staff = (await api('GET', '/api/v1/cadences')).json().items.map((c: { id: string }) => c.id);
    expect(staff).toEqual(expect.arrayContaining([cadenceA, cadenceB]));
  });

  it('lists its own and the shared templates, never another creditor’s', async () => {
    const list = (await api('GET', '/api/v1/templates', undefined, tokenA)).json().items as {
      id: string;
      creditorId: string | null;
    }[];
    const ids = list.map((x) => x.id);
    expect(ids).toContain(templateShared);
    expect(ids).not.toContain(templateB);
    expect((await api('GET', `/api/v1/templates/${templateB}`, undefined, tokenA)).statusCode).toBe(404);
  });

  it('edits none of the shared ones (nor creates any)', async () => {
    const shared = (await api('GET', '/api/v1/cadences', undefined, tokenA))
      .json()
      .items.find((c: { creditorId: string | null }) => c.creditorId === null);
    expect(
      (await api('PUT', `/api/v1/cadences/${shared.id}`, cadence('Mudei', templateShared), tokenA))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await api(
          'PUT',
          `/api/v1/templates/${templateShared}`,
          { name: 'x', content: smsTemplate('x').content },
          tokenA,
        )
      ).statusCode,
    ).toBe(403);
    expect((await api('POST', '/api/v1/templates', smsTemplate('do-a', creditorA), tokenA)).statusCode).toBe(
      403,
    );
  });

  it("a cadence uses only its creditor's and the shared templates", async () => {
    const r = await api('POST', '/api/v1/cadences', cadence('A com modelo do B', templateB, creditorA));
    expect(r.statusCode).toBe(422);
    const shared = await api('POST', '/api/v1/cadences', cadence('Compartilhada com modelo do B', templateB));
    expect(shared.statusCode).toBe(422);
  });

  it("the contact plan does not preview another creditor's cadence", async () => {
    const r = await api(
      'GET',
      `/api/v1/debtors/${debtorA}/contact-plan?from=2026-11-01&days=5&cadenceId=${cadenceB}`,
      undefined,
      tokenA,
    );
    expect(r.statusCode).toBe(404);
  });
});
