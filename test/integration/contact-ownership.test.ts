import { beforeAll, describe, expect, it } from 'vitest';
import { confirmContact, contactsUsableFor, portalContactsOf } from '../../src/modules/portfolio/index.ts';
import type { MessagingSimulator } from '../../src/simulators/messaging-simulator.ts';
import type { TestApp } from '../support/app.ts';
import { dayAfterDueCadence, startContactWorld, sweepAndDispatch } from '../support/contact.ts';
import { type Api, type Given, givenFor } from '../support/given.ts';

/**
 * Contact ownership (issue #10 item 2): creditor A imports the CPF of a debtor who owes only creditor B,
 * with a new name, phone and e-mail. Nothing B supplied changes; B's messages still go to B's phone; A's
 * import answer is the same as for a person nobody knew; each contact shows who supplied it.
 */
let t: TestApp;
let api: Api;
let sim: MessagingSimulator;
let creditorA: string;
let creditorB: string;
/** Creditor A's and B's tokens. */
let asA: Given;
let asB: Given;
let debtorId: string;

const PHONE_B = '+5511987650001';
const PHONE_A = '+5511912345678';
const HEADER = 'document;name;state;phone;email;external_id;original_amount;due_date';

beforeAll(async () => {
  const world = await startContactWorld();
  ({ t, api, sim } = world);
  creditorB = (await world.given.creditor()).id;
  creditorA = (await world.given.creditor({ name: 'Credor A', document: '62.607.191/2770-90' })).id;
  asA = givenFor(t, await t.token('creditor', { creditorId: creditorA }));
  asB = givenFor(t, await t.token('creditor', { creditorId: creditorB }));
  await asB.imported(
    creditorB,
    `${HEADER}\n52998224725;Maria Souza;SP;${PHONE_B};maria@exemplo.com.br;B-1;500,00;2026-11-22\n`,
  );
  debtorId = await world.given.debtorId('52998224725');
  return world.close;
});

describe('an import never rewrites what another source supplied', () => {
  it("A's import of B's debtor: same answer as for an unknown person; the agency record is unchanged", async () => {
    const before = (await api('GET', `/api/v1/debtors/${debtorId}`)).json();
    const intruding = await asA.imported(
      creditorA,
      `${HEADER}\n52998224725;Fulano Falso;RJ;${PHONE_A};golpe@exemplo.com;A-1;50,00;2026-11-10\n`,
    );
    const fresh = await asA.imported(
      creditorA,
      `${HEADER}\n11144477735;Pessoa Nova;RJ;+5521987650009;nova@exemplo.com;A-2;50,00;2026-11-10\n`,
    );
    const shape = (r: Record<string, unknown>) => ({ ...r, importId: undefined, finishedAt: undefined });
    expect(shape(intruding)).toEqual(shape(fresh));
    expect(JSON.stringify(intruding)).not.toMatch(/Maria|98765|exemplo\.com\.br/);

    const after = (await api('GET', `/api/v1/debtors/${debtorId}`)).json();
    expect(after).toMatchObject({
      name: 'Maria Souza',
      phone: PHONE_B,
      email: 'maria@exemplo.com.br',
      state: 'SP',
      updatedAt: before.updatedAt,
    });
    // The agency sees every contact with its source and confirmation.
    const contacts = after.contacts.map((c: Record<string, unknown>) => ({
      kind: c.kind,
      value: c.value,
      source: c.source,
      creditorId: c.creditorId,
      confirmed: c.confirmed,
    }));
    expect(contacts).toEqual(
      expect.arrayContaining([
        { kind: 'phone', value: PHONE_B, source: 'creditor', creditorId: creditorB, confirmed: false },
        { kind: 'phone', value: PHONE_A, source: 'creditor', creditorId: creditorA, confirmed: false },
        {
          kind: 'email',
          value: 'maria@exemplo.com.br',
          source: 'creditor',
          creditorId: creditorB,
          confirmed: false,
        },
        {
          kind: 'email',
          value: 'golpe@exemplo.com',
          source: 'creditor',
          creditorId: creditorA,
          confirmed: false,
        },
      ]),
    );
    expect(contacts).toHaveLength(4);
  });

  it('each creditor sees only what it supplied, and not when the agency first knew the person', async () => {
    const a = (await asA.api('GET', `/api/v1/debtors/${debtorId}`)).json();
    expect(a).toMatchObject({ name: 'Fulano Falso', phone: PHONE_A });
    expect(a.contacts.map((c: { value: string }) => c.value).sort()).toEqual([
      '+5511912345678',
      'golpe@exemplo.com',
    ]);
    expect(JSON.stringify(a)).not.toMatch(/Maria|98765|B-1/);
    const b = (await asB.api('GET', `/api/v1/debtors/${debtorId}`)).json();
    expect(b).toMatchObject({ name: 'Maria Souza', phone: PHONE_B });
    expect(JSON.stringify(b)).not.toMatch(/Fulano|12345678|golpe|A-1/);
    expect(new Date(a.createdAt).getTime()).toBeGreaterThan(new Date(b.createdAt).getTime());
  });
});

describe("messages about B's debts go only to contacts B supplied or the debtor confirmed", () => {
  it("the cadence writes to B's phone, never to the phone A imported", async () => {
    await dayAfterDueCadence(api, 'SMS D+1', 'sms');
    const d = await sweepAndDispatch(t, '2026-11-23');
    expect(d.sent).toBe(1);
    expect(sim.messages().map((m) => m.to)).toEqual([PHONE_B]);
    // The name in it is the one B supplied.
    expect(sim.messages()[0]!.text).toMatch(/Maria/);
    expect(sim.messages()[0]!.text).not.toMatch(/Fulano/);
  });

  it('contactsUsableFor: per creditor, only what that creditor supplied', async () => {
    const usable = await contactsUsableFor(t.rt.ctx.database.db, {
      tenantId: await tenantId(),
      debtorId,
      creditorIds: [creditorB],
    });
    expect(usable.phones.map((p) => p.value)).toEqual([PHONE_B]);
    expect(usable.emails.map((p) => p.value)).toEqual(['maria@exemplo.com.br']);
    const forA = await contactsUsableFor(t.rt.ctx.database.db, {
      tenantId: await tenantId(),
      debtorId,
      creditorIds: [creditorA],
    });
    expect(forA.phones.map((p) => p.value)).toEqual([PHONE_A]);
    // The portal's one-time code: the first creditor's phone first, never the intruder's while it has one.
    const portal = await portalContactsOf(t.rt.ctx, await tenantId(), debtorId);
    expect(portal.phones[0]).toEqual({ value: PHONE_B, creditorIds: [creditorB] });
    expect(portal.emails[0]).toEqual({ value: 'maria@exemplo.com.br', creditorIds: [creditorB] });
  });

  it('a contact the debtor confirmed is usable for the creditors it was confirmed for, first; an agent’s is not until confirmed', async () => {
    const tenant = await tenantId();
    const added = await api('POST', `/api/v1/debtors/${debtorId}/contacts`, {
      kind: 'phone',
      value: '(11) 97777-0000',
    });
    expect(added.statusCode, added.payload).toBe(201);
    expect(added.json()).toMatchObject({ value: '+5511977770000', source: 'agent', confirmed: false });
    const db = t.rt.ctx.database.db;
    let forB = await contactsUsableFor(db, { tenantId: tenant, debtorId, creditorIds: [creditorB] });
    expect(forB.phones.map((p) => p.value)).toEqual([PHONE_B]);
    const confirmed = await confirmContact(db, {
      tenantId: tenant,
      debtorId,
      kind: 'phone',
      value: '+5511977770000',
      at: new Date('2026-11-23T15:00:00Z'),
      creditorIds: [creditorB],
    });
    expect(confirmed).toMatchObject({ confirmed: true, confirmedAt: '2026-11-23T15:00:00.000Z' });
    // B's phone and the confirmed one both vouch for B only: the confirmed one first.
    expect((await portalContactsOf(t.rt.ctx, tenant, debtorId)).phones[0]).toEqual({
      value: '+5511977770000',
      creditorIds: [creditorB],
    });
    forB = await contactsUsableFor(db, { tenantId: tenant, debtorId, creditorIds: [creditorB] });
    expect(forB.phones.map((p) => [p.value, p.confirmed])).toEqual([
      ['+5511977770000', true],
      [PHONE_B, false],
    ]);
    // Confirmed for B only: not usable for A's debts.
    const forA = await contactsUsableFor(db, { tenantId: tenant, debtorId, creditorIds: [creditorA] });
    expect(forA.phones.map((p) => p.value)).toEqual([PHONE_A]);
    // A creditor sees none of it; a creditor token cannot add contacts.
    expect(
      (await asA.api('POST', `/api/v1/debtors/${debtorId}/contacts`, { kind: 'phone', value: PHONE_A }))
        .statusCode,
    ).toBe(403);
    const a = (await asA.api('GET', `/api/v1/debtors/${debtorId}`)).json();
    expect(JSON.stringify(a)).not.toMatch(/97777/);
    // Another tenant's debtor id is unknown.
    await expect(
      confirmContact(db, {
        tenantId: '00000000-0000-4000-8000-000000000000',
        debtorId,
        kind: 'phone',
        value: PHONE_A,
        at: new Date(),
        creditorIds: [creditorA],
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

async function tenantId(): Promise<string> {
  const row = await t.rt.ctx.database.db
    .selectFrom('debtors')
    .select('tenant_id')
    .where('id', '=', debtorId)
    .executeTakeFirstOrThrow();
  return row.tenant_id;
}
