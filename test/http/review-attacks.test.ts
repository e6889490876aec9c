import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchDue, sweepDay } from '../../src/modules/contact/index.ts';
import type { ChannelAdapter } from '../../src/modules/messaging/index.ts';
import { type Clock, isoDateInSaoPaulo } from '../../src/platform/clock.ts';
import { addDays } from '../../src/platform/dates.ts';
import { apiAs, type TestApp } from '../support/app.ts';
import { cadence, templateId } from '../support/contact.ts';
import { type AgreementView, type Api, type Given, startAsAdmin } from '../support/given.ts';
import { ONE_PERCENT_PLANS, pixWebhook, staticPix } from '../support/payments.ts';

/**
 * The day's new surface tried as an attacker and as a debtor's advocate would (prepayments, limits,
 * repactuação): another creditor's token, Pix applied twice, bad input of every kind.
 */
const SECRET = 'segredo-do-webhook-pix-com-32-caracteres-ou-mais';
let t: TestApp;
let admin: string;
let api: Api;
let given: Given;
let creditorId: string;
let otherCreditorId: string;
let mariaAgreement: string;
let debtorIds: Record<string, string>;
const now = new Date('2026-11-23T15:00:00Z');
const clock: Clock = { now: () => new Date(now), today: () => isoDateInSaoPaulo(now) };

const send = (method: 'PUT' | 'PATCH' | 'POST', url: string, payload: string, auth = admin) =>
  apiAs(t, auth)(method, url, payload, { 'content-type': 'application/json' });

let e2e = 0;
async function payPix(txid: string, amountCents: number, key?: string) {
  e2e += 1;
  const r = await pixWebhook(t, SECRET, [
    {
      endToEndId: `E99999999202611231500rev${String(e2e).padStart(8, '0')}`,
      txid,
      amountCents,
      paidAt: new Date(now).toISOString(),
      ...(key !== undefined ? { key } : {}),
    },
  ]);
  expect(r.statusCode, r.payload).toBe(200);
  return r.json().results[0];
}

async function agreementOf(key: string): Promise<AgreementView> {
  const offers = await api('POST', `/api/v1/debtors/${debtorIds[key]}/offers`, {
    firstDueDate: '2026-12-23',
  });
  expect(offers.statusCode, offers.payload).toBe(200);
  const plan = offers.json().offers.find((o: { installmentsCount: number }) => o.installmentsCount === 6);
  const a = await api('POST', '/api/v1/agreements', { offerId: plan.id });
  expect(a.statusCode, a.payload).toBe(201);
  return a.json();
}

beforeAll(async () => {
  const world = await startAsAdmin({ clock });
  ({ t, admin, api, given } = world);
  creditorId = (await given.creditor()).id;
  otherCreditorId = (await given.creditor({ name: 'Banco Teste', document: '11.444.777/0001-61' })).id;
  await given.imported(
    creditorId,
    [
      'document;name;external_id;original_amount;due_date;state',
      '529.982.247-25;Maria da Silva;P-1;600,00;2026-11-10;SP',
      '111.444.777-35;João Souza;P-2;600,00;2026-11-10;SP',
      '390.533.447-05;Ana Lima;P-3;600,00;2026-11-10;SP',
    ].join('\n'),
  );
  debtorIds = await given.debtorIds({ maria: '52998224725', joao: '11144477735', ana: '39053344705' });
  await given.policy(creditorId, ONE_PERCENT_PLANS);
  await staticPix(api, creditorId, SECRET);
});
afterAll(async () => t?.close());

describe('prepayments: another creditor, Pix twice', () => {
  it("another creditor's token sees nothing of the prepayments; the own creditor reads but cannot create", async () => {
    const a = await agreementOf('maria');
    mariaAgreement = a.id;
    expect(
      (await api('POST', `/api/v1/agreements/${a.id}/prepayments`, { installments: 1 })).statusCode,
    ).toBe(201);
    const other = await t.token('creditor', { creditorId: otherCreditorId });
    expect((await apiAs(t, other)('GET', `/api/v1/agreements/${a.id}/prepayments`)).statusCode).toBe(404);
    expect(
      (await apiAs(t, other)('POST', `/api/v1/agreements/${a.id}/prepayments`, { installments: 1 }))
        .statusCode,
    ).toBe(403);
    const own = await t.token('creditor', { creditorId });
    expect((await apiAs(t, own)('GET', `/api/v1/agreements/${a.id}/prepayments`)).statusCode).toBe(200);
  });

  it('two prepayments of the same installments, both paid: only the first settles them', async () => {
    const a = await agreementOf('joao');
    const p1 = (await api('POST', `/api/v1/agreements/${a.id}/prepayments`, { installments: 2 })).json();
    const p2 = (
      await api('POST', `/api/v1/agreements/${a.id}/prepayments`, { installments: 2, date: '2026-11-24' })
    ).json();
    expect(p2.id).not.toBe(p1.id);
    expect(p2.installmentNumbers).toEqual(p1.installmentNumbers);
    expect((await payPix(p1.pix.txid, p1.amountCents)).status).toBe('applied');
    expect((await payPix(p2.pix.txid, p2.amountCents)).status).toBe('applied');
    const after: AgreementView = (await api('GET', `/api/v1/agreements/${a.id}`)).json();
    // The second is an ordinary payment of installment 1 (what it owes; the rest a credit), never 3 and 4.
    expect(after.installments.map((i) => i.status)).toEqual([
      'paid',
      'pending',
      'pending',
      'pending',
      'paid',
      'paid',
    ]);
    const list = (await api('GET', `/api/v1/agreements/${a.id}/prepayments`)).json().items;
    expect(list.find((x: { id: string }) => x.id === p2.id).status).toBe('open');
    // Paying the first again (another endToEndId) does not settle anything twice either.
    expect((await payPix(p1.pix.txid, p1.amountCents)).status).toBe('applied');
    const again: AgreementView = (await api('GET', `/api/v1/agreements/${a.id}`)).json();
    expect(again.installments.slice(4).map((i) => i.paidCents)).toEqual(
      after.installments.slice(4).map((i) => i.paidCents),
    );
  });

  it("an installment's own Pix after a prepayment settled it is a credit, not paid again", async () => {
    const a = await agreementOf('ana');
    const p = (await api('POST', `/api/v1/agreements/${a.id}/prepayments`, { installments: 1 })).json();
    expect((await payPix(p.pix.txid, p.amountCents)).status).toBe('applied');
    const last = a.installments[5]!;
    const r = await payPix(last.pix!.txid, last.amountCents);
    expect(r.status).toBe('applied');
    const payment = (await api('GET', `/api/v1/payments/${r.paymentId}`)).json();
    expect(payment).toMatchObject({ appliedCents: 0, creditCents: last.amountCents });
  });
});

describe('prepayments asked again and again', () => {
  it('the same prepayment again is the one already open; at most 10 open at once', async () => {
    const imp = await api(
      'POST',
      `/api/v1/creditors/${creditorId}/imports`,
      [
        'document;name;external_id;original_amount;due_date;state',
        '935.411.347-80;Carla Dias;P-5;600,00;2026-11-10;SP',
      ].join('\n'),
      { 'content-type': 'text/csv' },
    );
    expect(imp.statusCode, imp.payload).toBe(200);
    debtorIds.carla = (await api('GET', '/api/v1/debtors?document=93541134780')).json().items[0].id;
    const a = await agreementOf('carla');
    const first = await api('POST', `/api/v1/agreements/${a.id}/prepayments`, { installments: 1 });
    const again = await api('POST', `/api/v1/agreements/${a.id}/prepayments`, { installments: 1 });
    expect(first.statusCode, first.payload).toBe(201);
    expect(again.statusCode, again.payload).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    expect(again.json().pix.txid).toBe(first.json().pix.txid);
    for (let n = 2; n <= 6; n++) {
      expect(
        (await api('POST', `/api/v1/agreements/${a.id}/prepayments`, { installments: n })).statusCode,
      ).toBe(201);
    }
    for (const date of ['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27']) {
      expect(
        (await api('POST', `/api/v1/agreements/${a.id}/prepayments`, { installments: 1, date })).statusCode,
      ).toBe(201);
    }
    const eleventh = await api('POST', `/api/v1/agreements/${a.id}/prepayments`, {
      installments: 2,
      date: '2026-11-24',
    });
    expect(eleventh.statusCode, eleventh.payload).toBe(422);
    expect(eleventh.json().detail).toContain('em aberto');
    expect((await api('GET', `/api/v1/agreements/${a.id}/prepayments`)).json().items).toHaveLength(10);
  });
});

describe('repactuação: who may backdate the freeze', () => {
  it('a manager records one that started 90 days ago; an agent one of 30 days, not 31', async () => {
    const agent = await t.token('agent');
    const manager = await t.token('manager');
    const d = debtorIds.ana!;
    const r31 = await apiAs(t, agent)('POST', `/api/v1/debtors/${d}/suppressions`, {
      kind: 'repactuation',
      startedOn: '2026-10-23',
    });
    expect(r31.statusCode, r31.payload).toBe(422);
    const r30 = await apiAs(t, agent)('POST', `/api/v1/debtors/${d}/suppressions`, {
      kind: 'repactuation',
      startedOn: '2026-10-24',
    });
    expect(r30.statusCode, r30.payload).toBe(201);
    const r90 = await apiAs(t, manager)('POST', `/api/v1/debtors/${d}/suppressions`, {
      kind: 'repactuation',
      startedOn: '2026-08-25',
    });
    expect(r90.statusCode, r90.payload).toBe(201);
  });
});

describe('bad input never gives 500', () => {
  it('prepayments', async () => {
    const id = mariaAgreement;
    const bodies = [
      '{"installments":1,"date":"2026-11-23\\u0000"}',
      '{"installments":"abc"}',
      '{"installments":1e300}',
      '{"installments":-1}',
      '{"installments":1.5}',
      '{"installments":[1]}',
      '{"installments":null}',
      '[]',
      '"x"',
      '{"installments":1,"date":9}',
      `{"installments":1,"date":"${'9'.repeat(100_000)}"}`,
      '{"installments":1,"date":"2026-02-30"}',
      '{"installments":99999999999999999999}',
    ];
    for (const b of bodies) {
      const r = await send('POST', `/api/v1/agreements/${id}/prepayments`, b);
      expect(r.statusCode, `${b.slice(0, 60)} → ${r.payload.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, `${b.slice(0, 60)} → ${r.payload.slice(0, 300)}`).toBeLessThan(500);
    }
    for (const bad of ['nope', '%00', '00000000-0000-7000-8000-000000000000']) {
      const r = await api('GET', `/api/v1/agreements/${bad}/prepayments`);
      expect(r.statusCode, r.payload).toBe(bad === '%00' ? 422 : 404);
    }
    for (const q of ['%00', '2026-13-01', '99999-01-01', '2026-11-23T00:00', '9999-12-31']) {
      const r = await api('GET', `/api/v1/agreements/${id}/payoff?date=${q}`);
      expect(r.statusCode, `${q} → ${r.payload.slice(0, 300)}`).toBeLessThan(500);
    }
  });

  it('limits', async () => {
    for (const b of [
      '{"requestsPerMinute":1e20}',
      '{"requestsPerMinute":99999999999999999999}',
      '{"maxUploadBytes":-1}',
      '{"maxUploadBytes":1.5}',
      '{"maxPixPerWebhook":"abc"}',
      '{"maxPixPerWebhook":0}',
      '{"requestsPerMinute":"60\\u0000"}',
      '{"x":1}',
      '[]',
      'null',
    ]) {
      for (const method of ['PUT', 'PATCH'] as const) {
        const r = await send(method, '/api/v1/settings/limits', b);
        expect(r.statusCode, `${method} ${b} → ${r.payload.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
        expect(r.statusCode, `${method} ${b} → ${r.payload.slice(0, 300)}`).toBeLessThan(500);
      }
    }
    const agent = await t.token('agent');
    expect((await apiAs(t, agent)('GET', '/api/v1/settings/limits')).statusCode).toBe(403);
    expect((await send('PUT', '/api/v1/settings/limits', '{"requestsPerMinute":60}', agent)).statusCode).toBe(
      403,
    );
  });

  it('suppressions', async () => {
    const d = debtorIds.maria!;
    for (const b of [
      '{"kind":"repactuation","startedOn":"2026-11-01\\u0000"}',
      '{"kind":"repactuation","startedOn":"0000-01-01"}',
      '{"kind":"repactuation","startedOn":20261101}',
      '{"kind":"repactuation","until":"+275760-09-13"}',
      '{"kind":"repactuation","until":"275760-09-13T00:00:00Z"}',
      '{"kind":"repactuation","until":"99999-01-01T00:00:00Z"}',
    ]) {
      const r = await send('POST', `/api/v1/debtors/${d}/suppressions`, b);
      expect(r.statusCode, `${b} → ${r.payload.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, `${b} → ${r.payload.slice(0, 300)}`).toBeLessThan(500);
    }
    for (const b of ['{"note":"a\\u0000"}', '{"note":5}', '[]']) {
      const r = await send(
        'POST',
        `/api/v1/debtors/${d}/suppressions/00000000-0000-7000-8000-000000000000/end`,
        b,
      );
      expect(r.statusCode, `${b} → ${r.payload.slice(0, 300)}`).toBeLessThan(500);
    }
  });
});

describe('a debtor is not chased for an installment a prepayment settled', () => {
  it('the D−1 reminder queued before the prepayment was paid is suppressed, not sent', async () => {
    await given.imported(
      creditorId,
      [
        'document;name;email;external_id;original_amount;due_date;state',
        '123.456.789-09;Rui Barros;rui@exemplo.com.br;P-4;600,00;2026-11-10;SP',
      ].join('\n'),
    );
    debtorIds.rui = await given.debtorId('12345678909');
    const a = await agreementOf('rui');
    const last = a.installments[5]!;
    await cadence(api, {
      name: 'Lembrete D-1',
      creditorId,
      steps: [
        {
          id: 'parcela-d-1',
          anchor: 'installment_due',
          offsetDays: -1,
          channel: 'email',
          templateId: await templateId(api, 'installment-reminder-email'),
        },
      ],
    });
    const db = t.rt.ctx.database.db;
    await sweepDay(t.rt.ctx, addDays(last.dueDate, -1));
    const queued = await db
      .selectFrom('outbox')
      .selectAll()
      .where('installment_id', '=', last.id)
      .executeTakeFirstOrThrow();
    // Now the debtor prepays the last installment (interest given back: paid + reduction = amount).
    const p = (await api('POST', `/api/v1/agreements/${a.id}/prepayments`, { installments: 1 })).json();
    expect((await payPix(p.pix.txid, p.amountCents)).status).toBe('applied');
    const sent: string[] = [];
    const recorder: ChannelAdapter = {
      channel: 'email',
      provider: 'teste',
      async send(m) {
        sent.push(`${m.to} ${m.subject}\n${m.text}`);
        return { provider: 'teste', providerMessageId: `t-${sent.length}` };
      },
    };
    await dispatchDue(t.rt.ctx, {
      adapters: { email: recorder },
      now: new Date(`${addDays(last.dueDate, -1)}T14:00:00Z`),
    });
    const row = await db
      .selectFrom('outbox')
      .selectAll()
      .where('id', '=', queued.id)
      .executeTakeFirstOrThrow();
    expect(row.status, JSON.stringify(row)).toBe('suppressed');
    expect(row.reason).toContain('já foi paga');
    expect(sent.filter((m) => m.includes('rui@exemplo.com.br'))).toEqual([]);
  });
});

describe("the payoff's own Pix (the portal's QR) settles the agreement by itself", () => {
  it('paid exactly today: a full prepayment, the agreement paid; another amount waits for a person', async () => {
    const imp = await api(
      'POST',
      `/api/v1/creditors/${creditorId}/imports`,
      [
        'document;name;external_id;original_amount;due_date;state',
        '200.300.400-94;Lia Prado;P-6;600,00;2026-11-10;SP',
        '314.159.265-90;Téo Dias;P-7;600,00;2026-11-10;SP',
      ].join('\n'),
      { 'content-type': 'text/csv' },
    );
    expect(imp.statusCode, imp.payload).toBe(200);
    debtorIds.lia = (await api('GET', '/api/v1/debtors?document=20030040094')).json().items[0].id;
    debtorIds.teo = (await api('GET', '/api/v1/debtors?document=31415926590')).json().items[0].id;
    const lia = await agreementOf('lia');
    const payoff = (await api('GET', `/api/v1/agreements/${lia.id}/payoff`)).json();
    expect(payoff.pix.txid).toHaveLength(25);
    const paid = await payPix(payoff.pix.txid, payoff.amountCents);
    expect(paid.status).toBe('applied');
    const after: AgreementView = (await api('GET', `/api/v1/agreements/${lia.id}`)).json();
    expect(after.status).toBe('paid');
    expect(after.installments.every((i) => i.status === 'paid')).toBe(true);
    const payment = (await api('GET', `/api/v1/payments/${paid.paymentId}`)).json();
    expect(payment).toMatchObject({ status: 'applied', agreementId: lia.id, creditCents: 0 });
    expect(payment.prepaymentId).not.toBeNull();
    const prepayments = (await api('GET', `/api/v1/agreements/${lia.id}/prepayments`)).json().items;
    expect(prepayments).toHaveLength(1);
    expect(prepayments[0]).toMatchObject({ status: 'paid', amountCents: payoff.amountCents });
    // What a person reads about it is pt-BR, never the status code.
    for (const r of [
      await api('GET', `/api/v1/agreements/${lia.id}/payoff`),
      await api('POST', `/api/v1/agreements/${lia.id}/prepayments`, { installments: 1 }),
    ]) {
      expect(r.statusCode, r.payload).toBe(422);
      expect(r.json().detail).toContain('(este está quitado)');
    }

    const teo = await agreementOf('teo');
    const quote = (await api('GET', `/api/v1/agreements/${teo.id}/payoff`)).json();
    const short = await payPix(quote.pix.txid, quote.amountCents - 1);
    expect(short.status).toBe('unmatched');
    const still: AgreementView = (await api('GET', `/api/v1/agreements/${teo.id}`)).json();
    expect(still.status).toBe('active');
    expect(still.installments.every((i) => i.paidCents === 0)).toBe(true);
    expect((await api('GET', `/api/v1/agreements/${teo.id}/prepayments`)).json().items).toHaveLength(0);
  });
});

describe('human review requests (LGPD art. 20) cannot flood the agents', () => {
  it('the same request again is the open one; at most 5 open per person', async () => {
    const d = debtorIds.joao!;
    const first = await api('POST', `/api/v1/debtors/${d}/reviews`, { subject: 'offers' });
    const again = await api('POST', `/api/v1/debtors/${d}/reviews`, { subject: 'offers' });
    expect(first.statusCode, first.payload).toBe(201);
    expect(again.statusCode, again.payload).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    for (const reason of ['um', 'dois', 'três', 'quatro']) {
      const r = await api('POST', `/api/v1/debtors/${d}/reviews`, { subject: 'offers', reason });
      expect(r.statusCode, r.payload).toBe(201);
    }
    const sixth = await api('POST', `/api/v1/debtors/${d}/reviews`, { subject: 'contact', reason: 'cinco' });
    expect(sixth.statusCode, sixth.payload).toBe(422);
    expect(sixth.json().detail).toContain('em aberto');
    const tasks = await t.rt.ctx.database.db
      .selectFrom('agent_tasks')
      .select('id')
      .where('debtor_id', '=', d)
      .where('kind', '=', 'human_review')
      .execute();
    expect(tasks).toHaveLength(5);
  });
});

describe("ending a suppression that is the debtor's own request", () => {
  it('an opt-out or a dispute is not ended without saying why; a repactuação is', async () => {
    const d = debtorIds.joao!;
    for (const kind of ['opt_out', 'dispute'] as const) {
      const s = await api('POST', `/api/v1/debtors/${d}/suppressions`, { kind });
      expect(s.statusCode, s.payload).toBe(201);
      const bare = await api('POST', `/api/v1/debtors/${d}/suppressions/${s.json().id}/end`, {});
      expect(bare.statusCode, bare.payload).toBe(422);
      expect(JSON.stringify(bare.json().errors)).toContain('note');
      const why = await api('POST', `/api/v1/debtors/${d}/suppressions/${s.json().id}/end`, {
        note: 'O devedor ligou em 23/11 e pediu para voltar a receber mensagens.',
      });
      expect(why.statusCode, why.payload).toBe(200);
    }
  });
});

describe('a Pix counts for a creditor only if it reached that creditor’s key', () => {
  it('an installment Pix received on another key is held for review; the payoff’s only on the right key', async () => {
    const imp = await api(
      'POST',
      `/api/v1/creditors/${creditorId}/imports`,
      [
        'document;name;external_id;original_amount;due_date;state',
        '987.654.321-00;Bia Reis;P-8;600,00;2026-11-10;SP',
      ].join('\n'),
      { 'content-type': 'text/csv' },
    );
    expect(imp.statusCode, imp.payload).toBe(200);
    debtorIds.bia = (await api('GET', '/api/v1/debtors?document=98765432100')).json().items[0].id;
    const a = await agreementOf('bia');
    const first = a.installments[0]!;
    const elsewhere = await payPix(first.pix!.txid, first.amountCents, 'outra.loja@exemplo.com.br');
    expect(elsewhere.status).toBe('review');
    const unpaid: AgreementView = (await api('GET', `/api/v1/agreements/${a.id}`)).json();
    expect(unpaid.installments[0]!.paidCents).toBe(0);
    // The creditor's own key, written another way (CNPJ without punctuation), is the same key.
    expect((await payPix(first.pix!.txid, first.amountCents, '11222333000181')).status).toBe('applied');

    const quote = (await api('GET', `/api/v1/agreements/${a.id}/payoff`)).json();
    const wrong = await payPix(quote.pix.txid, quote.amountCents, 'outra.loja@exemplo.com.br');
    expect(wrong.status).toBe('unmatched');
    const right = await payPix(quote.pix.txid, quote.amountCents, '11222333000181');
    expect(right.status).toBe('applied');
    expect((await api('GET', `/api/v1/agreements/${a.id}`)).json().status).toBe('paid');
  });
});
