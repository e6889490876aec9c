import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { type Api, apiAs, startAsAdmin } from '../support/given.ts';

/**
 * Creditor tokens see only their own creditor's cadences and templates, plus the tenant's shared ones,
 * and edit none of the shared ones (issue #10 item 17).
 */
let t: TestApp;
let api: Api;
let creditorA: string;
let creditorB: string;
/** Creditor A's token. */
let asA: Api;
let templateB: string;
let templateShared: string;
let cadenceA: string;
let cadenceB: string;
let debtorA: string;

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
  const world = await startAsAdmin();
  ({ t, api } = world);
  const { given } = world;
  creditorA = (await given.creditor()).id;
  creditorB = (await given.creditor({ name: 'Credor B', document: '62.607.191/2770-90' })).id;
  asA = apiAs(t, await t.token('creditor', { creditorId: creditorA }));
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
  await given.imported(
    creditorA,
    'document;name;external_id;original_amount;due_date\n52998224725;Ana;A-1;100,00;2026-11-01\n',
  );
  debtorA = await given.debtorId('52998224725');
});
afterAll(async () => t?.close());

describe("a creditor's token and the cadences", () => {
  it('lists its own and the shared cadences, never another creditor’s', async () => {
    const list = (await asA('GET', '/api/v1/cadences')).json().items as {
      id: string;
      creditorId: string | null;
    }[];
    const ids = list.map((c) => c.id);
    expect(ids).toContain(cadenceA);
    expect(ids).not.toContain(cadenceB);
    expect(list.every((c) => c.creditorId === null || c.creditorId === creditorA)).toBe(true);
    expect(list.some((c) => c.creditorId === null)).toBe(true); // the tenant's default cadence
    expect((await asA('GET', `/api/v1/cadences/${cadenceB}`)).statusCode).toBe(404);
    expect((await asA('GET', `/api/v1/cadences/${cadenceA}`)).statusCode).toBe(200);
    // Staff see them all.
    const staff = (await api('GET', '/api/v1/cadences')).json().items.map((c: { id: string }) => c.id);
    expect(staff).toEqual(expect.arrayContaining([cadenceA, cadenceB]));
  });

  it('lists its own and the shared templates, never another creditor’s', async () => {
    const list = (await asA('GET', '/api/v1/templates')).json().items as {
      id: string;
      creditorId: string | null;
    }[];
    const ids = list.map((x) => x.id);
    expect(ids).toContain(templateShared);
    expect(ids).not.toContain(templateB);
    expect((await asA('GET', `/api/v1/templates/${templateB}`)).statusCode).toBe(404);
  });

  it('edits none of the shared ones (nor creates any)', async () => {
    const shared = (await asA('GET', '/api/v1/cadences'))
      .json()
      .items.find((c: { creditorId: string | null }) => c.creditorId === null);
    expect(
      (await asA('PUT', `/api/v1/cadences/${shared.id}`, cadence('Mudei', templateShared))).statusCode,
    ).toBe(403);
    expect(
      (
        await asA('PUT', `/api/v1/templates/${templateShared}`, {
          name: 'x',
          content: smsTemplate('x').content,
        })
      ).statusCode,
    ).toBe(403);
    expect((await asA('POST', '/api/v1/templates', smsTemplate('do-a', creditorA))).statusCode).toBe(403);
  });

  it("a cadence uses only its creditor's and the shared templates", async () => {
    const r = await api('POST', '/api/v1/cadences', cadence('A com modelo do B', templateB, creditorA));
    expect(r.statusCode).toBe(422);
    const shared = await api('POST', '/api/v1/cadences', cadence('Compartilhada com modelo do B', templateB));
    expect(shared.statusCode).toBe(422);
  });

  it("the contact plan does not preview another creditor's cadence", async () => {
    const r = await asA(
      'GET',
      `/api/v1/debtors/${debtorA}/contact-plan?from=2026-11-01&days=5&cadenceId=${cadenceB}`,
    );
    expect(r.statusCode).toBe(404);
  });
});
