import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardrailFacts } from '../../src/modules/contact/contact.repository.ts';
import { contactsUsableFor } from '../../src/modules/portfolio/index.ts';
import { type Given, givenFor } from '../support/given.ts';
import { Browser, type PortalWorld, startPortalWorld } from './support.ts';

/**
 * A creditor's data must not open the portal onto another creditor's debts (audit issue 10 item 2,
 * re-opened through the portal). Creditor B imports the CPF of creditor A's debtor with B's own phone
 * and birth date, before A does: the code goes to B's phone, but the session it opens covers only B's
 * debts — A's debt is neither shown, counted, exported nor acted on — and the confirmation of B's phone
 * does not make it usable for messages about A's debts. The genuine journeys keep working: several
 * creditors that supplied the same phone open one session over all of them.
 * Runs on both engines (DATABASE_URL=postgres://… for PostgreSQL).
 */
let w: PortalWorld;
let asA: Given;
let asB: Given;
let creditorA: string;
let creditorB: string;
let tenantId: string;

const VICTIM = { document: '33445566739', phoneA: '+5511955554444', phoneB: '+5511966665555' };
const HEADER = 'document,name,external_id,original_amount,due_date,phone,birth_date';

beforeAll(async () => {
  w = await startPortalWorld({ generousLimits: true });
  const admin = givenFor(w.t, w.admin);
  creditorA = (await admin.creditor({ name: 'Banco Verdadeiro', document: '11.444.777/0001-61' })).id;
  creditorB = (await admin.creditor({ name: 'Credor Intruso', document: '62.607.191/2770-90' })).id;
  asA = givenFor(w.t, await w.t.token('creditor', { creditorId: creditorA }));
  asB = givenFor(w.t, await w.t.token('creditor', { creditorId: creditorB }));
  // 1. B first (so B "owns" the agency's record), then A with the real data.
  await asB.imported(
    creditorB,
    `${HEADER}\n33445566739,Vitima Qualquer,B-77,1.00,2026-10-01,11966665555,1990-01-01\n`,
  );
  await asA.imported(
    creditorA,
    `${HEADER}\n33445566739,Vitima Verdadeira,A-77,5000.00,2025-10-01,11955554444,1985-05-05\n`,
  );
  tenantId = (
    await w.t.rt.ctx.database.db
      .selectFrom('creditors')
      .select('tenant_id')
      .where('id', '=', creditorA)
      .executeTakeFirstOrThrow()
  ).tenant_id;
});
afterAll(async () => w?.close());

async function debtIdOf(contract: string, debtorId: string): Promise<string> {
  const d = (await w.staff('GET', `/api/v1/debtors/${debtorId}`)).json();
  return d.debts.find((x: { externalId: string }) => x.externalId === contract).id;
}

/** Nothing of A's: no contract, name, phone, birth date or amount. */
const A_TRACES = /A-77|Verdadeira|955554444|1985-05-05|Banco Verdadeiro|11\.444\.777|500000|501351/;

describe("B's data opens only B's debts", () => {
  let b: Browser;
  let victimId: string;
  let debtA: string;

  beforeAll(async () => {
    victimId = await givenFor(w.t, w.admin).debtorId(VICTIM.document);
    debtA = await debtIdOf('A-77', victimId);
  });

  it("the code goes to B's phone (B sent the person first), never to A's", async () => {
    b = new Browser(w, '198.51.100.77');
    const s = await b.call('POST', '/api/portal/v1/auth/start', { document: VICTIM.document });
    expect(s.statusCode, s.payload).toBe(200);
    await b.codeSentTo(VICTIM.phoneB);
    expect(w.sim.messages().some((m) => m.to === VICTIM.phoneA)).toBe(false);
  });

  it("B's phone with A's birth date proves nothing (401)", async () => {
    const code = await b.codeSentTo(VICTIM.phoneB);
    const r = await b.call('POST', '/api/portal/v1/auth/verify', {
      document: VICTIM.document,
      birthDate: '1985-05-05',
      code,
    });
    expect(r.statusCode, r.payload).toBe(401);
  });

  it("B's phone and B's birth date open a session over B's debt only: nothing tells A's exists", async () => {
    const code = await b.codeSentTo(VICTIM.phoneB);
    const v = await b.call('POST', '/api/portal/v1/auth/verify', {
      document: VICTIM.document,
      birthDate: '1990-01-01',
      code,
    });
    expect(v.statusCode, v.payload).toBe(200);
    b.csrf = v.json().csrfToken;
    expect(v.payload).not.toMatch(A_TRACES);
    const session = await b.call('GET', '/api/portal/v1/session');
    expect(session.payload).not.toMatch(A_TRACES);

    const debts = await b.call('GET', '/api/portal/v1/debts');
    expect(debts.statusCode, debts.payload).toBe(200);
    expect(debts.json()).toMatchObject({ count: 1, heading: 'Encontramos 1 dívida no seu CPF' });
    expect(debts.json().creditors).toHaveLength(1);
    expect(debts.json().creditors[0].creditor.id).toBe(creditorB);
    expect(debts.payload).not.toMatch(A_TRACES);
    expect(debts.payload).not.toContain(debtA);
  });

  it("B's session cannot see or act on A's debt by id: offers, accept, proposal, dispute → nothing / 404", async () => {
    const offers = await b.call('POST', '/api/portal/v1/offers', { creditorId: creditorA });
    expect(offers.statusCode, offers.payload).toBe(200);
    expect(offers.json().groups).toEqual([]);
    const all = await b.call('POST', '/api/portal/v1/offers', {});
    expect(all.json().groups.map((g: { creditor: { id: string } }) => g.creditor.id)).toEqual([creditorB]);
    expect(all.payload).not.toMatch(A_TRACES);
    expect(all.payload).not.toContain(debtA);

    // An offer for A's debt exists (made by the agency): B's session cannot read its term or accept it.
    const offerA = (
      await givenFor(w.t, w.admin).offers(victimId, { firstDueDate: '2026-12-01', debtIds: [debtA] })
    )[0];
    expect(offerA).toBeDefined();
    expect((await b.call('GET', `/api/portal/v1/offers/${offerA!.id}/term`)).statusCode).toBe(404);
    const accept = await b.accept(offerA!.id, 'intruso-0001');
    expect(accept.statusCode, accept.payload).toBe(404);

    const proposal = await b.call('POST', '/api/portal/v1/proposals', {
      creditorId: creditorA,
      downPaymentCents: 0,
      installmentsCount: 1,
      installmentCents: 100,
    });
    expect(proposal.statusCode, proposal.payload).toBe(422);
    expect(proposal.payload).not.toMatch(A_TRACES);

    const dispute = await b.call('POST', '/api/portal/v1/disputes', { debtId: debtA, reason: 'not_mine' });
    expect(dispute.statusCode, dispute.payload).toBe(404);
    const after = (await w.staff('GET', `/api/v1/debtors/${victimId}`)).json();
    expect(after.debts.find((x: { id: string }) => x.id === debtA).status).toBe('open');
  });

  it("B's session cannot reach an agreement of A's (404) nor list it", async () => {
    const [offer] = await givenFor(w.t, w.admin).offers(victimId, {
      firstDueDate: '2026-12-01',
      debtIds: [debtA],
    });
    const made = await w.staff('POST', '/api/v1/agreements', { offerId: offer!.id });
    expect(made.statusCode, made.payload).toBe(201);
    const agreement = made.json();
    expect(agreement.creditorId).toBe(creditorA);
    expect((await b.call('GET', `/api/portal/v1/agreements/${agreement.id}`)).statusCode).toBe(404);
    expect((await b.call('GET', `/api/portal/v1/agreements/${agreement.id}/term`)).statusCode).toBe(404);
    expect((await b.call('GET', `/api/portal/v1/agreements/${agreement.id}/payoff`)).statusCode).toBe(404);
    const list = await b.call('GET', '/api/portal/v1/agreements');
    expect(list.statusCode, list.payload).toBe(200);
    expect(list.json().items).toEqual([]);
  });

  it("the data export holds B's debt and what B supplied, nothing of A's", async () => {
    const data = await b.call('GET', '/api/portal/v1/me/data');
    expect(data.statusCode, data.payload).toBe(200);
    const json = data.json();
    expect(json.debts.map((x: { contract: string }) => x.contract)).toEqual(['B-77']);
    expect(json.agreements).toEqual([]);
    expect(json.person).toMatchObject({ name: 'Vitima Qualquer', birthDate: '1990-01-01' });
    expect(data.payload).not.toMatch(A_TRACES);
    expect(data.payload).not.toContain(debtA);
  });

  it("after the code, B's phone is confirmed for B only: never usable for messages about A's debts", async () => {
    const db = w.t.rt.ctx.database.db;
    const forA = await contactsUsableFor(db, { tenantId, debtorId: victimId, creditorIds: [creditorA] });
    expect(forA.phones.map((p) => p.value)).toEqual([VICTIM.phoneA]);
    const forB = await contactsUsableFor(db, { tenantId, debtorId: victimId, creditorIds: [creditorB] });
    expect(forB.phones.map((p) => [p.value, p.confirmed])).toEqual([[VICTIM.phoneB, true]]);
    const row = await db
      .selectFrom('contact_confirmations')
      .select(['value', 'creditor_ids'])
      .where('debtor_id', '=', victimId)
      .execute();
    expect(row.map((r) => [r.value, [...r.creditor_ids].map(String)])).toEqual([
      [VICTIM.phoneB, [creditorB]],
    ]);
  });

  it("B's session pauses and silences B's collection only: A's messages are not suppressed", async () => {
    const hardship = await b.call('POST', '/api/portal/v1/hardship', { note: 'Pausa.' });
    expect(hardship.statusCode, hardship.payload).toBe(201);
    const optOut = await b.call('PUT', '/api/portal/v1/me/preferences', {
      channels: [{ channel: 'sms', optedOut: true }],
    });
    expect(optOut.statusCode, optOut.payload).toBe(200);
    const db = w.t.rt.ctx.database.db;
    const now = w.t.rt.ctx.clock.now();
    const forB = await guardrailFacts(db, tenantId, victimId, now, [creditorB]);
    expect(forB.suppressions.map((x) => x.kind).sort()).toEqual(['hardship', 'opt_out']);
    const forA = await guardrailFacts(db, tenantId, victimId, now, [creditorA]);
    expect(forA.suppressions).toEqual([]);
  });
});

describe('which contact gets the code', () => {
  it('the one that vouches for the most creditors, over the record owner’s', async () => {
    const header = HEADER;
    // B sends the person first (owner) with its own phone; A and the third creditor send another one.
    const doc2 = '15350946056';
    await asB.imported(creditorB, `${header}\n${doc2},Eva Reis,B-11,10.00,2026-10-01,11966661111,\n`);
    await asA.imported(creditorA, `${header}\n${doc2},Eva Reis,A-11,10.00,2026-10-01,11955551111,\n`);
    await w.staff(
      'POST',
      `/api/v1/creditors/${w.creditorId}/imports`,
      `${header}\n${doc2},Eva Reis,C-11,10.00,2026-10-01,11955551111,\n`,
      {
        'content-type': 'text/csv',
      },
    );
    const eva = new Browser(w, '198.51.100.11');
    await eva.identify({ document: doc2, phone: '+5511955551111' });
    const debts = (await eva.call('GET', '/api/portal/v1/debts')).json();
    expect(debts.creditors.map((g: { creditor: { id: string } }) => g.creditor.id).sort()).toEqual(
      [creditorA, w.creditorId].sort(),
    );
    expect(w.sim.messages().some((m) => m.to === '+5511966661111')).toBe(false);
  });
});

describe('genuine journeys', () => {
  it("A's own phone with A's birth date never proves the person to B (B's birth date is refused)", async () => {
    // Here A sent the person first: the code goes to A's phone.
    const doc = '39053344705';
    await asA.imported(
      creditorA,
      `${HEADER}\n${doc},Ana Real,A-88,700.00,2026-05-01,11955550001,1970-02-02\n`,
    );
    await asB.imported(
      creditorB,
      `${HEADER}\n${doc},Ana Falsa,B-88,2.00,2026-10-01,11966660001,1999-09-09\n`,
    );
    const someone = new Browser(w, '198.51.100.88');
    await someone.call('POST', '/api/portal/v1/auth/start', { document: doc });
    const code = await someone.codeSentTo('+5511955550001');
    const withB = await someone.call('POST', '/api/portal/v1/auth/verify', {
      document: doc,
      birthDate: '1999-09-09',
      code,
    });
    expect(withB.statusCode, withB.payload).toBe(401);
    const ok = await someone.call('POST', '/api/portal/v1/auth/verify', {
      document: doc,
      birthDate: '1970-02-02',
      code,
    });
    expect(ok.statusCode, ok.payload).toBe(200);
    const debts = (await someone.call('GET', '/api/portal/v1/debts')).json();
    expect(debts.count).toBe(1);
    expect(debts.creditors.map((g: { creditor: { id: string } }) => g.creditor.id)).toEqual([creditorA]);
    expect(JSON.stringify(debts)).not.toMatch(/B-88|Falsa|Credor Intruso/);
  });

  it('two creditors that supplied the same phone and birth date: one session covers both', async () => {
    const doc = '86288366757';
    await asA.imported(
      creditorA,
      `${HEADER}\n${doc},Carla Dias,A-99,300.00,2026-06-01,11955550099,1980-08-08\n`,
    );
    await asB.imported(
      creditorB,
      `${HEADER}\n${doc},Carla Dias,B-99,200.00,2026-07-01,11955550099,1980-08-08\n`,
    );
    const carla = new Browser(w, '198.51.100.99');
    await carla.identify({ document: doc, phone: '+5511955550099', birthDate: '1980-08-08' });
    const debts = (await carla.call('GET', '/api/portal/v1/debts')).json();
    expect(debts.count).toBe(2);
    expect(debts.creditors.map((g: { creditor: { id: string } }) => g.creditor.id).sort()).toEqual(
      [creditorA, creditorB].sort(),
    );
    const data = (await carla.call('GET', '/api/portal/v1/me/data')).json();
    expect(data.debts.map((x: { contract: string }) => x.contract).sort()).toEqual(['A-99', 'B-99']);
    // The phone is confirmed for both: usable for either creditor's messages.
    const debtorId = await givenFor(w.t, w.admin).debtorId(doc);
    for (const creditorId of [creditorA, creditorB]) {
      const usable = await contactsUsableFor(w.t.rt.ctx.database.db, {
        tenantId,
        debtorId,
        creditorIds: [creditorId],
      });
      expect(usable.phones.map((p) => [p.value, p.confirmed])).toEqual([['+5511955550099', true]]);
    }
  });

  it('the same phone, different birth dates: the session covers only the creditor whose date matched', async () => {
    const doc = '71428793860';
    await asA.imported(
      creditorA,
      `${HEADER}\n${doc},Davi Lima,A-55,300.00,2026-06-01,11955550055,1981-01-01\n`,
    );
    await asB.imported(
      creditorB,
      `${HEADER}\n${doc},Davi Lima,B-55,200.00,2026-07-01,11955550055,1982-02-02\n`,
    );
    const davi = new Browser(w, '198.51.100.55');
    await davi.identify({ document: doc, phone: '+5511955550055', birthDate: '1982-02-02' });
    const debts = (await davi.call('GET', '/api/portal/v1/debts')).json();
    expect(debts.creditors.map((g: { creditor: { id: string } }) => g.creditor.id)).toEqual([creditorB]);
    expect(JSON.stringify(debts)).not.toMatch(/A-55|Banco Verdadeiro/);
  });
});

describe('a message link sends the code where that creditor’s message went', () => {
  it("B sent the person first with B's phone, but A's message link gets the code on A's phone: a session over A", async () => {
    const doc = '41829376519';
    await asB.imported(
      creditorB,
      `${HEADER}\n${doc},Bia Falsa,B-77L,3.00,2026-10-01,11966660177,1999-09-09\n`,
    );
    await asA.imported(
      creditorA,
      `${HEADER}\n${doc},Bia Real,A-77L,900.00,2026-05-01,11955550188,1971-03-03\n`,
    );
    const db = w.t.rt.ctx.database.db;
    const debtorId = await givenFor(w.t, w.admin).debtorId(doc);
    const debtA = await debtIdOf('A-77L', debtorId);
    // A's cadence message about A's debt, and the link it carried.
    const outbox = await db
      .insertInto('outbox')
      .values({
        tenant_id: tenantId,
        debtor_id: debtorId,
        creditor_id: creditorA,
        cadence_id: '00000000-0000-7000-8000-000000000001',
        step_id: 'divida-d1',
        run_date: '2026-11-20',
        channel: 'sms',
        template_id: '00000000-0000-7000-8000-000000000002',
        debt_ids: [debtA],
        not_before: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { createSignedToken } = await import('../../src/platform/signed-link.ts');
    const exp = Math.floor(w.t.rt.ctx.clock.now().getTime() / 1000) + 3600;
    const token = createSignedToken(
      { purpose: 'portal', ref: outbox.id, exp },
      w.t.rt.ctx.config.linkSecrets,
    );

    // Typed entry: B's phone still wins the tie (B sent the person first) — and opens only B's debt.
    const typed = new Browser(w, '198.51.100.177');
    await typed.call('POST', '/api/portal/v1/auth/start', { document: doc });
    await typed.codeSentTo('+5511966660177');

    // Link entry from A's message: the code goes to A's phone.
    const person = new Browser(w, '198.51.100.178');
    expect((await person.call('GET', `/l/${token}`)).statusCode).toBe(303);
    const entry = (await person.call('GET', '/api/portal/v1/auth/entry')).json();
    expect(entry.channels).toEqual([{ channel: 'sms', destination: 'celular terminado em 88' }]);
    const start = await person.call('POST', '/api/portal/v1/auth/start', {});
    expect(start.statusCode, start.payload).toBe(200);
    expect(start.json().destination).toBe('celular terminado em 88');
    const code = await person.codeSentTo('+5511955550188');
    const v = await person.call('POST', '/api/portal/v1/auth/verify', { code, birthDate: '1971-03-03' });
    expect(v.statusCode, v.payload).toBe(200);
    const debts = (await person.call('GET', '/api/portal/v1/debts')).json();
    expect(debts.count).toBe(1);
    expect(debts.creditors.map((g: { creditor: { id: string } }) => g.creditor.id)).toEqual([creditorA]);
    expect(JSON.stringify(debts)).not.toMatch(/B-77L|Falsa|Credor Intruso/);
  });
});
