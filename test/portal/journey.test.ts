import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookBody } from '../../src/modules/payments/index.ts';
import { Browser, MARIA, type PortalWorld, startPortalWorld } from './support.ts';

/**
 * The debtor's journey through the portal API, as the web front end calls it: link → identify → debts
 * → offers for a budget → accept (exactly once) → Pix → payment seen without reload → receipt; and the
 * side paths (proposal, dispute, callback, hardship, due-date change, preferences, my data, "é mesmo da
 * gente?"). Another person's ids are 404 throughout.
 */
let w: PortalWorld;
let maria: Browser;
let joao: Browser;
const SECRET = 'segredo-do-webhook-pix-de-teste-123';

beforeAll(async () => {
  w = await startPortalWorld({ generousLimits: true });
  const put = await w.staff('PUT', `/api/v1/creditors/${w.creditorId}/payment-settings`, {
    pix: { key: '11.222.333/0001-81', receiverName: 'Loja Teste Ltda', city: 'São Paulo' },
    boleto: { bank: '237', agency: '1234', account: '12345', wallet: '09' },
  });
  expect(put.statusCode, put.payload).toBe(200);
  await w.staff('PUT', '/api/v1/settings/pix-webhook', { secret: SECRET });
  maria = new Browser(w, '203.0.113.50');
  await maria.identify(MARIA);
  joao = new Browser(w, '203.0.113.51');
  await joao.identify({ document: '11144477735', phone: '+5521987654321' });
});
afterAll(async () => w?.close());

describe('debts', () => {
  it('lists the open debts by creditor (CDC 42-A), with every balance line and its rule; no-store', async () => {
    const r = await maria.call('GET', '/api/portal/v1/debts');
    expect(r.statusCode, r.payload).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    const body = r.json();
    expect(body.heading).toBe('Encontramos 2 dívidas no seu CPF');
    expect(body.creditors).toHaveLength(1);
    expect(body.creditors[0].creditor).toMatchObject({
      legalName: 'Loja Teste Ltda',
      cnpj: '11.222.333/0001-81',
      address: expect.stringContaining('Rua das Flores'),
    });
    const debt = body.creditors[0].debts.find((d: { contract: string }) => d.contract === 'M-1');
    expect(debt.lines.length).toBeGreaterThanOrEqual(3);
    expect(debt.lines.map((l: { label: string }) => l.label)).toContain('Multa por atraso');
    expect(debt.lines.reduce((s: number, l: { amountCents: number }) => s + l.amountCents, 0)).toBe(
      debt.totalCents,
    );
    expect(debt.prescribed).toBe(false);
  });
});

let offerId: string;
let agreementId: string;

describe('offers and acceptance', () => {
  it('offers as of today, marking which fit the budget; nothing fitting says so and offers a way out', async () => {
    const r = await maria.call('POST', '/api/portal/v1/offers', { monthlyBudgetCents: 30_000 });
    expect(r.statusCode, r.payload).toBe(200);
    const body = r.json();
    expect(body.offers.length).toBeGreaterThan(1);
    const fits = body.offers.filter((o: { fitsBudget: boolean }) => o.fitsBudget);
    expect(fits.length).toBeGreaterThan(0);
    expect(body.offers[0].fitsBudget).toBe(true);
    for (const o of fits) {
      expect(o.schedule.length).toBeGreaterThan(0);
      expect(o.schedule.every((s: { amountCents: number }) => s.amountCents <= 30_000)).toBe(true);
    }
    expect(body.offers[0]).toMatchObject({
      totalCents: expect.any(Number),
      installmentCents: expect.any(Number),
      installmentsCount: expect.any(Number),
      firstDueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      discountCents: expect.any(Number),
      cetAnnualPercent: expect.any(Number),
      // CDC art. 52 II: the effective annual rate beside the CET, in the portal too (issue 12, item 9).
      effectiveAnnualRatePercent: expect.any(Number),
      // As the staff's offers carry them (issue 12, items 7 and 9): the validity and the prescribed flag.
      validityDays: expect.any(Number),
      includesPrescribedDebt: false,
    });
    expect(body.offers[0].validityDays).toBeGreaterThanOrEqual(2);
    const none = (await maria.call('POST', '/api/portal/v1/offers', { monthlyBudgetCents: 100 })).json();
    expect(none.nothingFits).toBe(true);
    expect(none.message).toMatch(/Nenhuma opção cabe em R\$\s1,00 por mês/);
    expect(none.alternatives.map((a: { kind: string }) => a.kind)).toEqual([
      'proposal',
      'talk_to_person',
      'hardship',
    ]);
    offerId = fits.find((o: { installmentsCount: number }) => o.installmentsCount >= 2)?.id ?? fits[0].id;
  });

  it('shows the full term before acceptance; another person cannot read it', async () => {
    const r = await maria.call('GET', `/api/portal/v1/offers/${offerId}/term`);
    expect(r.statusCode, r.payload).toBe(200);
    expect(r.json().payee).toEqual({ legalName: 'Loja Teste Ltda', cnpj: '11.222.333/0001-81' });
    expect((await joao.call('GET', `/api/portal/v1/offers/${offerId}/term`)).statusCode).toBe(404);
  });

  it('another person cannot accept my offer (404)', async () => {
    const r = await joao.accept(offerId, 'joao-tenta-1');
    expect(r.statusCode).toBe(404);
  });

  it('creates the agreement exactly once: 201, the same key → 200 and the same agreement; two tabs → one', async () => {
    // Two tabs send the same key at once.
    const [a, b] = await Promise.all([
      maria.accept(offerId, 'aba-1-0001'),
      maria.accept(offerId, 'aba-1-0001'),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json().id).toBe(b.json().id);
    agreementId = a.json().id;
    const other = await maria.accept(offerId, 'aba-2-0002');
    expect(other.statusCode).toBe(409);
    const ag = a.json();
    expect(ag.installments.length).toBeGreaterThan(0);
    for (const i of ag.installments) {
      expect(i.pixCopyPaste).toMatch(/^000201/);
      expect(i.boletoLine).toMatch(/^\d{47}$/);
      expect(i.payee).toEqual({ legalName: 'Loja Teste Ltda', cnpj: '11.222.333/0001-81' });
    }
    expect(ag.statusText).toMatch(/Em dia/);
  });

  it('the agreement is mine only: list, detail, term and Pix QR; anyone else gets 404', async () => {
    const list = (await maria.call('GET', '/api/portal/v1/agreements')).json();
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([agreementId]);
    expect((await joao.call('GET', '/api/portal/v1/agreements')).json().items).toEqual([]);
    for (const url of [
      `/api/portal/v1/agreements/${agreementId}`,
      `/api/portal/v1/agreements/${agreementId}/status`,
      `/api/portal/v1/agreements/${agreementId}/term`,
    ]) {
      expect((await maria.call('GET', url)).statusCode, url).toBe(200);
      expect((await joao.call('GET', url)).statusCode, url).toBe(404);
    }
    const detail = (await maria.call('GET', `/api/portal/v1/agreements/${agreementId}`)).json();
    const qr = await maria.call('GET', detail.installments[0].pixQrSvgUrl);
    expect(qr.statusCode).toBe(200);
    expect(qr.headers['content-type']).toMatch(/image\/svg\+xml/);
    expect((await joao.call('GET', detail.installments[0].pixQrSvgUrl)).statusCode).toBe(404);
    const boleto = await maria.call('GET', detail.installments[0].boletoPdfUrl);
    expect(boleto.statusCode).toBe(200);
    expect(boleto.headers['content-type']).toBe('application/pdf');
    expect((await joao.call('GET', detail.installments[0].boletoPdfUrl)).statusCode).toBe(404);
    expect((await maria.call('GET', '/api/portal/v1/agreements/not-a-uuid')).statusCode).toBe(404);
  });

  it('a Pix payment reaching another server instance shows up on the next status poll (no reload); receipt', async () => {
    const before = (await maria.call('GET', `/api/portal/v1/agreements/${agreementId}/status`)).json();
    // The PSP's webhook lands on a second HTTP server (another `serve` process on the same database):
    // the page's poll reads the database, so whichever process got the webhook does not matter.
    const other = await w.t.rt.buildHttp();
    const staff = (await w.staff('GET', `/api/v1/agreements/${agreementId}`)).json();
    const inst = staff.installments[0];
    const hook = await other.inject({
      method: 'POST',
      url: '/api/v1/webhooks/pix',
      headers: { 'x-webhook-secret': SECRET },
      payload: webhookBody([
        {
          endToEndId: 'E12345678202611231400portal00001',
          txid: inst.pix.txid,
          amountCents: inst.amountCents,
          paidAt: '2026-11-23T14:00:00Z',
        },
      ]),
    });
    expect(hook.statusCode, hook.payload).toBe(200);
    await other.close();
    const after = (await maria.call('GET', `/api/portal/v1/agreements/${agreementId}/status`)).json();
    expect(after.paymentState).not.toBe(before.paymentState);
    expect(after.installments[0].status).toBe('paid');
    const detail = (await maria.call('GET', `/api/portal/v1/agreements/${agreementId}`)).json();
    expect(detail.installments[0].pixCopyPaste).toBeNull();
    expect(detail.payments).toHaveLength(1);
    const receipt = await maria.call('GET', detail.payments[0].receiptUrl);
    expect(receipt.statusCode).toBe(200);
    expect(receipt.headers['content-type']).toBe('application/pdf');
    expect((await joao.call('GET', detail.payments[0].receiptUrl)).statusCode).toBe(404);
  });

  it('one self-service due-date change within the allowed dates', async () => {
    const detail = (await maria.call('GET', `/api/portal/v1/agreements/${agreementId}`)).json();
    const next = detail.installments.find((i: { status: string }) => i.status !== 'paid');
    if (!next) return;
    const base = `/api/portal/v1/agreements/${agreementId}/installments/${next.id}`;
    const options = (await maria.call('GET', `${base}/due-dates`)).json();
    expect(options.available).toBe(true);
    expect(options.dates.length).toBeGreaterThan(0);
    expect((await maria.call('POST', `${base}/due-date`, { dueDate: '2030-01-01' })).statusCode).toBe(422);
    expect((await joao.call('POST', `${base}/due-date`, { dueDate: options.dates[0].date })).statusCode).toBe(
      404,
    );
    const changed = await maria.call('POST', `${base}/due-date`, { dueDate: options.dates[0].date });
    expect(changed.statusCode, changed.payload).toBe(200);
    const moved = changed.json().installments.find((i: { id: string }) => i.id === next.id);
    expect(moved.dueDate).toBe(options.dates[0].date);
    expect(moved.boletoLine).toMatch(/^\d{47}$/);
    expect(moved.boletoLine).not.toBe(next.boletoLine);
    expect(changed.json().dueDateChangeAvailable).toBe(false);
    expect((await maria.call('GET', `${base}/due-dates`)).json().available).toBe(false);
  });
});

describe('early settlement and withdrawal', () => {
  it('payoff of my own agreement (interest given back), 404 for anyone else', async () => {
    const r = await maria.call('GET', `/api/portal/v1/agreements/${agreementId}/payoff`);
    expect(r.statusCode, r.payload).toBe(200);
    expect(r.json().amountCents).toBeLessThanOrEqual(r.json().outstandingCents);
    // The payoff's own QR Code (the same text as its copia e cola): mine only.
    const payoffQr = `/api/portal/v1/agreements/${agreementId}/payoff/pix.svg`;
    expect((await maria.call('GET', payoffQr)).headers['content-type']).toMatch(/image\/svg\+xml/);
    expect((await joao.call('GET', payoffQr)).statusCode).toBe(404);
    // A prepayment's QR Code (the same text as its copia e cola, to pay from another phone): mine only.
    const pre = await maria.call('POST', `/api/portal/v1/agreements/${agreementId}/prepayments`, {
      installments: 1,
    });
    expect(pre.statusCode, pre.payload).toBe(201);
    const qrUrl = `/api/portal/v1/agreements/${agreementId}/prepayments/${pre.json().id}/pix.svg`;
    const qr = await maria.call('GET', qrUrl);
    expect(qr.statusCode, qr.payload).toBe(200);
    expect(qr.headers['content-type']).toMatch(/image\/svg\+xml/);
    expect((await joao.call('GET', qrUrl)).statusCode).toBe(404);
    const unknown = `/api/portal/v1/agreements/${agreementId}/prepayments/0190f6a8-0000-7000-8000-000000000009/pix.svg`;
    expect((await maria.call('GET', unknown)).statusCode).toBe(404);
    expect((await joao.call('GET', `/api/portal/v1/agreements/${agreementId}/payoff`)).statusCode).toBe(404);
  });

  it('withdrawal within 7 days: cancelled without penalty, what was paid is refunded, the debts reopen', async () => {
    // The page offers it only while the right exists: made here on Monday 23/11, last day 30/11.
    const before = (await maria.call('GET', `/api/portal/v1/agreements/${agreementId}`)).json();
    expect(before.cancellableUntil).toBe('2026-11-30');
    // A static BR Code does not expire: no "válido até".
    expect(before.installments.length).toBeGreaterThan(0);
    expect(before.installments.every((i: { pixValidUntil: unknown }) => i.pixValidUntil === null)).toBe(true);
    expect((await joao.call('POST', `/api/portal/v1/agreements/${agreementId}/cancel`)).statusCode).toBe(404);
    const r = await maria.call('POST', `/api/portal/v1/agreements/${agreementId}/cancel`);
    expect(r.statusCode, r.payload).toBe(200);
    expect(r.json()).toMatchObject({ status: 'cancelled', refundCents: expect.any(Number) });
    expect(r.json().refundCents).toBeGreaterThan(0);
    const after = (await maria.call('GET', `/api/portal/v1/agreements/${agreementId}`)).json();
    expect(after.cancellableUntil).toBeNull();
    expect(after.statusText).toBe('Acordo cancelado por desistência');
    expect((await maria.call('GET', '/api/portal/v1/debts')).json().count).toBe(2);
  });

  it('asks a person to review an automated decision (LGPD art. 20)', async () => {
    const r = await maria.call('POST', '/api/portal/v1/reviews', {
      subject: 'no_affordable_offer',
      reason: 'Minha renda mudou.',
    });
    expect(r.statusCode, r.payload).toBe(201);
    expect(r.json().replyBy).toBe('2026-12-08');
  });
});

describe('a person, a pause, a dispute', () => {
  it('counter-proposal answered at once', async () => {
    const r = await joao.call('POST', '/api/portal/v1/proposals', {
      downPaymentCents: 0,
      installmentsCount: 2,
      installmentCents: 100,
    });
    expect(r.statusCode, r.payload).toBe(200);
    expect(['accepted', 'pending_approval', 'refused']).toContain(r.json().status);
    if (r.json().status === 'refused' && r.json().nearestOfferId) {
      const term = await joao.call('GET', `/api/portal/v1/offers/${r.json().nearestOfferId}/term`);
      expect(term.statusCode).toBe(200);
    }
  });

  it('"não reconheço": collection stops at once, protocol and answer date; no more offers for it', async () => {
    const debts = (await joao.call('GET', '/api/portal/v1/debts')).json();
    const debtId = debts.creditors[0].debts[0].id;
    expect(
      (await maria.call('POST', '/api/portal/v1/disputes', { debtId, reason: 'not_mine' })).statusCode,
    ).toBe(404);
    const r = await joao.call('POST', '/api/portal/v1/disputes', {
      debtId,
      reason: 'not_mine',
      details: 'Nunca comprei nessa loja.',
    });
    expect(r.statusCode, r.payload).toBe(201);
    expect(r.json().protocol).toMatch(/^2026-\d{8}$/);
    expect(r.json().answerBy).toBe('2026-11-30');
    const after = (await joao.call('GET', '/api/portal/v1/debts')).json();
    expect(after.creditors[0].debts[0]).toMatchObject({ status: 'disputed', disputed: true });
    expect((await joao.call('POST', '/api/portal/v1/offers', {})).json().offers).toEqual([]);
    const tasks = (await w.staff('GET', '/api/v1/tasks')).json().items;
    expect(
      tasks.some(
        (t: { kind: string; text: string }) => t.kind === 'dispute' && t.text.includes(r.json().protocol),
      ),
    ).toBe(true);
  });

  it('callback inside the legal contact hours → a task; outside → 422', async () => {
    const slots = (await maria.call('GET', '/api/portal/v1/callbacks/slots')).json().slots;
    expect(slots.length).toBeGreaterThan(0);
    const bad = await maria.call('POST', '/api/portal/v1/callbacks', {
      date: '2026-11-24',
      from: '21:00',
      to: '22:00',
    });
    expect(bad.statusCode).toBe(422);
    // It is 11:00 in São Paulo: a window that ended at 10:00 today has passed.
    const past = await maria.call('POST', '/api/portal/v1/callbacks', {
      date: '2026-11-23',
      from: '08:00',
      to: '10:00',
    });
    expect(past.statusCode).toBe(422);
    const ok = await maria.call('POST', '/api/portal/v1/callbacks', {
      date: '2026-11-24',
      from: '09:00',
      to: '12:00',
      reason: 'nothing_fits',
      monthlyBudgetCents: 10_000,
    });
    expect(ok.statusCode, ok.payload).toBe(201);
    expect(ok.json().message).toMatch(/Vamos ligar/);
    const tasks = (await w.staff('GET', '/api/v1/tasks')).json().items;
    expect(
      tasks.some(
        (t: { kind: string; text: string }) => t.kind === 'help_request' && /R\$\s100,00/.test(t.text),
      ),
    ).toBe(true);
  });

  it('hardship pauses collection contact for 30 days', async () => {
    const r = await maria.call('POST', '/api/portal/v1/hardship', { note: 'Perdi o emprego.' });
    expect(r.statusCode, r.payload).toBe(201);
    expect(r.json().pausedUntil).toMatch(/^2026-12-23/);
    const prefs = (await maria.call('GET', '/api/portal/v1/me/preferences')).json();
    expect(prefs.pauses).toEqual([expect.objectContaining({ kind: 'hardship' })]);
  });

  it('channel preferences: opt out of WhatsApp, and back in', async () => {
    const off = await maria.call('PUT', '/api/portal/v1/me/preferences', {
      channels: [{ channel: 'whatsapp', optedOut: true }],
    });
    expect(off.statusCode, off.payload).toBe(200);
    expect(off.json().channels.find((c: { channel: string }) => c.channel === 'whatsapp').optedOut).toBe(
      true,
    );
    const on = await maria.call('PUT', '/api/portal/v1/me/preferences', {
      channels: [{ channel: 'whatsapp', optedOut: false }],
    });
    expect(on.json().channels.find((c: { channel: string }) => c.channel === 'whatsapp').optedOut).toBe(
      false,
    );
    // What the GET returned goes back as it is: the pauses are read-only, accepted and ignored.
    const got = (await maria.call('GET', '/api/portal/v1/me/preferences')).json();
    expect(got.pauses.length).toBeGreaterThan(0);
    const back = await maria.call('PUT', '/api/portal/v1/me/preferences', got);
    expect(back.statusCode, back.payload).toBe(200);
    expect(back.json()).toEqual(got);
  });

  it('my data: everything held, JSON and PDF, no-store', async () => {
    const json = await maria.call('GET', '/api/portal/v1/me/data');
    expect(json.statusCode, json.payload).toBe(200);
    expect(json.headers['cache-control']).toBe('no-store');
    expect(json.json().person).toMatchObject({
      name: 'Maria da Silva',
      document: MARIA.document,
      birthDate: MARIA.birthDate,
    });
    expect(json.json().agreements).toHaveLength(1);
    expect(json.json().debts).toHaveLength(2);
    const pdf = await maria.call('GET', '/api/portal/v1/me/data?format=pdf');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
  });
});

describe('public', () => {
  it('"é mesmo da gente?": an unknown code says so; the check needs no session', async () => {
    const r = await w.t.app.inject({ url: '/api/portal/v1/verify-code/ABCD-EF12-3456' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ found: false });
  });

  it('a session is needed for everything personal', async () => {
    for (const url of [
      '/api/portal/v1/debts',
      '/api/portal/v1/agreements',
      '/api/portal/v1/me/data',
      '/api/portal/v1/session',
    ]) {
      expect((await w.t.app.inject({ url })).statusCode, url).toBe(401);
    }
  });
});
