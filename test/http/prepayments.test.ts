import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBrCode } from '../../src/modules/payments/index.ts';
import { type Clock, isoDateInSaoPaulo } from '../../src/platform/clock.ts';
import { daysBetween } from '../../src/platform/dates.ts';
import { Dec, roundToCents } from '../../src/platform/money.ts';
import { createPspSimulator, type PspSimulator } from '../../src/simulators/psp-simulator.ts';
import type { TestApp } from '../support/app.ts';
import { type AgreementView, type Api, apiAs, type Given, startAsAdmin } from '../support/given.ts';
import { ONE_PERCENT_PLANS, pixWebhook, staticPix } from '../support/payments.ts';

/**
 * Issue 12 item 10 over HTTP, on the engine of the run: a prepayment of the last n installments has its
 * own Pix (txid naming it); the Pix webhook settles those installments and the plan ends earlier; the
 * full payoff pays the agreement; another amount or a late payment is an ordinary installment payment.
 */
const SECRET = 'segredo-do-webhook-pix-com-32-caracteres-ou-mais';
let t: TestApp;
let api: Api;
let given: Given;
let creditorId: string;
let debtorIds: Record<string, string>;
let now = new Date('2026-11-23T15:00:00Z');
const clock: Clock = { now: () => new Date(now), today: () => isoDateInSaoPaulo(now) };

type Installment = AgreementView['installments'][number];
type Agreement = AgreementView & { monthlyRatePercent: number; interestMethod: string };

let e2e = 0;
/** A Pix notification as the PSP sends it (endToEndId unique per call unless given). */
async function payPix(txid: string, amountCents: number, endToEndId?: string, paidAt?: Date) {
  e2e += 1;
  const id = endToEndId ?? `E99999999202611231500pre${String(e2e).padStart(8, '0')}`;
  const r = await pixWebhook(t, SECRET, [
    { endToEndId: id, txid, amountCents, paidAt: (paidAt ?? new Date(now)).toISOString() },
  ]);
  expect(r.statusCode, r.payload).toBe(200);
  return { ...r.json().results[0], endToEndId: id };
}

/** An agreement of `installments` (no down payment: ONE_PERCENT_PLANS) with the first due date of these tests. */
function agreementOf(key: string, installments = 6): Promise<Agreement> {
  return given.agreement(debtorIds[key]!, { installments, firstDueDate: '2026-12-23' }) as Promise<Agreement>;
}

/** Simple interest (a creditor outside the SFN): face / (1 + i·days/30), summed, rounded once (half-even). */
function discounted(installments: Installment[], ratePercent: number, date: string): number {
  const sum = installments.reduce(
    (s, i) =>
      s.plus(
        new Dec(i.amountCents).div(
          new Dec(ratePercent).div(100).mul(daysBetween(date, i.dueDate)).div(30).plus(1),
        ),
      ),
    new Dec(0),
  );
  return roundToCents(sum);
}

beforeAll(async () => {
  ({ t, api, given } = await startAsAdmin({ clock }));
  creditorId = (await given.creditor()).id;
  await given.imported(
    creditorId,
    [
      'document;name;external_id;original_amount;due_date;state',
      '529.982.247-25;Maria da Silva;P-1;600,00;2026-11-10;SP',
      '111.444.777-35;João Souza;P-2;600,00;2026-11-10;SP',
      '390.533.447-05;Ana Lima;P-3;600,00;2026-11-10;SP',
      '123.456.789-09;Rui Barros;P-4;600,00;2026-11-10;SP',
    ].join('\n'),
  );
  debtorIds = await given.debtorIds({
    maria: '52998224725',
    joao: '11144477735',
    ana: '39053344705',
    rui: '12345678909',
  });
  await given.policy(creditorId, ONE_PERCENT_PLANS);
  await staticPix(api, creditorId, SECRET);
});
afterAll(async () => t?.close());

describe('prepay the last 2 of 6 installments, paid by Pix (CDC art. 52 §2º)', () => {
  let a: Agreement;
  let prepayment: {
    id: string;
    amountCents: number;
    reductionCents: number;
    pix: { txid: string; brCode: string };
  };

  it('POST prepayments prices the last 2 at the agreement rate and issues a Pix naming this prepayment', async () => {
    a = await agreementOf('maria');
    expect(a).toMatchObject({ monthlyRatePercent: 1, interestMethod: 'simple' });
    expect(a.installments).toHaveLength(6);
    const r = await api('POST', `/api/v1/agreements/${a.id}/prepayments`, { installments: 2 });
    expect(r.statusCode, r.payload).toBe(201);
    prepayment = r.json();
    const last2 = a.installments.slice(4);
    const face = last2.reduce((s, i) => s + i.amountCents, 0);
    const expected = discounted(last2, 1, '2026-11-23');
    expect(r.json()).toMatchObject({
      agreementId: a.id,
      installmentNumbers: [6, 5],
      faceCents: face,
      amountCents: expected,
      reductionCents: face - expected,
      date: '2026-11-23',
      validUntil: '2026-11-23',
      status: 'open',
      boleto: null,
    });
    expect(prepayment.reductionCents).toBeGreaterThan(0);
    expect(r.json().legalBasis).toContain('CDC art. 52 §2º');
    // The same amount the payoff quote offers for "the last 2".
    const payoff = (await api('GET', `/api/v1/agreements/${a.id}/payoff`)).json();
    expect(payoff.prepaymentOptions[1]).toMatchObject({ numbers: [6, 5], amountCents: expected });
    // A static BR Code (no PSP): the amount and a txid that is neither the agreement's nor an installment's.
    const decoded = decodeBrCode(prepayment.pix.brCode);
    expect(decoded.ok).toBe(true);
    if (decoded.ok) {
      expect(decoded.value.amountCents).toBe(expected);
      expect(decoded.value.txid).toBe(prepayment.pix.txid);
    }
    const list = (await api('GET', `/api/v1/agreements/${a.id}/prepayments`)).json();
    expect(list.items.map((p: { id: string }) => p.id)).toEqual([prepayment.id]);
  });

  it('the Pix webhook pays it: installments 5 and 6 are paid, the plan ends at 4, exactly once', async () => {
    const paid = await payPix(prepayment.pix.txid, prepayment.amountCents);
    expect(paid.status).toBe('applied');
    const after: Agreement = (await api('GET', `/api/v1/agreements/${a.id}`)).json();
    expect(after.status).toBe('active');
    const [i5, i6] = [after.installments[4]!, after.installments[5]!];
    expect([i5.status, i6.status]).toEqual(['paid', 'paid']);
    expect(i5.paidCents + i6.paidCents).toBe(prepayment.amountCents);
    expect(i5.reductionCents + i6.reductionCents).toBe(prepayment.reductionCents);
    expect(i5.paidCents + i5.reductionCents).toBe(i5.amountCents);
    expect(after.installments).toHaveLength(6);
    expect(after.installments.slice(0, 4).every((i) => i.status === 'pending')).toBe(true);
    // The plan now ends at installment 4: the payoff covers 1–4 only.
    const payoff = (await api('GET', `/api/v1/agreements/${a.id}/payoff`)).json();
    expect(payoff.lines.map((l: { number: number }) => l.number)).toEqual([1, 2, 3, 4]);
    const events = (await api('GET', `/api/v1/agreements/${a.id}/events`)).json().items;
    expect(events.filter((e: { type: string }) => e.type === 'installment.prepaid')).toHaveLength(2);
    expect(events.some((e: { type: string }) => e.type === 'prepayment.paid')).toBe(true);
    const list = (await api('GET', `/api/v1/agreements/${a.id}/prepayments`)).json();
    expect(list.items[0]).toMatchObject({ status: 'paid', paidOn: '2026-11-23' });
    const payment = (await api('GET', `/api/v1/payments/${paid.paymentId}`)).json();
    expect(payment).toMatchObject({
      status: 'applied',
      prepaymentId: prepayment.id,
      agreementId: a.id,
      appliedCents: prepayment.amountCents,
      creditCents: 0,
    });
    // A replay (same endToEndId) applies nothing.
    const replay = await payPix(prepayment.pix.txid, prepayment.amountCents, paid.endToEndId);
    expect(replay.status).toBe('duplicate');
    const again: Agreement = (await api('GET', `/api/v1/agreements/${a.id}`)).json();
    expect(again.installments.map((i) => i.paidCents)).toEqual(after.installments.map((i) => i.paidCents));
  });

  it('the full payoff of what is left (n = all 4) pays the agreement and settles the debt', async () => {
    const r = await api('POST', `/api/v1/agreements/${a.id}/prepayments`, { installments: 4 });
    expect(r.statusCode, r.payload).toBe(201);
    expect(r.json().installmentNumbers).toEqual([4, 3, 2, 1]);
    const payoff = (await api('GET', `/api/v1/agreements/${a.id}/payoff`)).json();
    expect(r.json().amountCents).toBe(payoff.amountCents);
    expect((await payPix(r.json().pix.txid, r.json().amountCents)).status).toBe('applied');
    const after: Agreement = (await api('GET', `/api/v1/agreements/${a.id}`)).json();
    expect(after.status).toBe('paid');
    expect(after.installments).toHaveLength(6);
    expect(after.installments.every((i) => i.status === 'paid')).toBe(true);
    const debtor = (await api('GET', `/api/v1/debtors/${debtorIds.maria}`)).json();
    expect(debtor.debts[0].status).toBe('settled');
    expect((await api('GET', `/api/v1/agreements/${a.id}/discharge.pdf`)).statusCode).toBe(200);
    // Nothing left to prepay.
    expect(
      (await api('POST', `/api/v1/agreements/${a.id}/prepayments`, { installments: 1 })).statusCode,
    ).toBe(422);
  });
});

describe('what is not a prepayment, and bad input', () => {
  let anaAgreement: string;
  it('another amount is an ordinary payment of the next installment; the rest is a credit', async () => {
    const a = await agreementOf('joao');
    const pre = (await api('POST', `/api/v1/agreements/${a.id}/prepayments`, { installments: 1 })).json();
    const first = a.installments[0]!;
    const amount = pre.amountCents - 1;
    const r = await payPix(pre.pix.txid, amount);
    expect(r.status).toBe('applied');
    const after: Agreement = (await api('GET', `/api/v1/agreements/${a.id}`)).json();
    expect(after.installments[5]).toMatchObject({ status: 'pending', paidCents: 0, reductionCents: 0 });
    expect(after.installments[0]!.paidCents).toBe(Math.min(amount, first.amountCents));
    const payment = (await api('GET', `/api/v1/payments/${r.paymentId}`)).json();
    expect(payment).toMatchObject({
      installmentId: first.id,
      prepaymentId: pre.id,
      appliedCents: Math.min(amount, first.amountCents),
      creditCents: Math.max(0, amount - first.amountCents),
    });
    const events = (await api('GET', `/api/v1/agreements/${a.id}/events`)).json().items;
    expect(
      events.find((e: { type: string }) => e.type === 'prepayment.not_applied').details.reason,
    ).toContain('diferente');
    expect((await api('GET', `/api/v1/agreements/${a.id}/prepayments`)).json().items[0].status).toBe('open');
  });

  it('after validUntil the prepayment is expired and a payment of it is an ordinary payment', async () => {
    const a = await agreementOf('ana');
    anaAgreement = a.id;
    const pre = (await api('POST', `/api/v1/agreements/${a.id}/prepayments`, { installments: 2 })).json();
    now = new Date('2026-11-24T15:00:00Z');
    try {
      expect((await api('GET', `/api/v1/agreements/${a.id}/prepayments`)).json().items[0].status).toBe(
        'expired',
      );
      expect((await payPix(pre.pix.txid, pre.amountCents)).status).toBe('applied');
      const after: Agreement = (await api('GET', `/api/v1/agreements/${a.id}`)).json();
      expect(after.installments).toHaveLength(6);
      expect(after.installments.slice(4).every((i) => i.status === 'pending')).toBe(true);
      expect(after.installments[0]!.status).toBe('paid');
    } finally {
      now = new Date('2026-11-23T15:00:00Z');
    }
  });

  it('paid at 23:59 on its day and notified after midnight: still the prepayment', async () => {
    const a = await agreementOf('rui');
    const pre = (await api('POST', `/api/v1/agreements/${a.id}/prepayments`, { installments: 1 })).json();
    now = new Date('2026-11-24T03:05:00Z'); // 00:05 of 24/11 in São Paulo
    try {
      const r = await payPix(pre.pix.txid, pre.amountCents, undefined, new Date('2026-11-24T02:59:00Z'));
      expect(r.status).toBe('applied');
      const after: Agreement = (await api('GET', `/api/v1/agreements/${a.id}`)).json();
      expect(after.installments[5]).toMatchObject({ status: 'paid', reductionCents: pre.reductionCents });
      expect((await api('GET', `/api/v1/agreements/${a.id}/prepayments`)).json().items[0]).toMatchObject({
        status: 'paid',
        paidOn: '2026-11-23',
      });
    } finally {
      now = new Date('2026-11-23T15:00:00Z');
    }
  });

  it('refuses bad input with a clear 4xx', async () => {
    const id = anaAgreement;
    const cases: [unknown, string][] = [
      [{ installments: 0 }, 'installments'],
      [{ installments: 7 }, 'installments'],
      [{ installments: 1, date: '2026-11-22' }, 'date'],
      [{ installments: 1, date: '2027-01-30' }, 'date'],
      [{ installments: 1, date: 'amanhã' }, 'date'],
    ];
    for (const [body, field] of cases) {
      const r = await api('POST', `/api/v1/agreements/${id}/prepayments`, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(422);
      expect(r.payload).toContain(field);
    }
    expect(
      (await api('POST', `/api/v1/agreements/${id}/prepayments`, { installments: 1, extra: 1 })).statusCode,
    ).toBe(422);
    const creditorToken = await t.token('creditor', { creditorId });
    expect(
      (await apiAs(t, creditorToken)('POST', `/api/v1/agreements/${id}/prepayments`, { installments: 1 }))
        .statusCode,
    ).toBe(403);
  });
});

describe('with a PSP: the dynamic charge (cob) is registered on the POST and paid through the simulator', () => {
  let psp: PspSimulator;
  afterAll(async () => psp?.close());

  it('the PSP pays the cob → webhook → installments prepaid', async () => {
    const baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
    psp = await createPspSimulator({
      clientId: 'trato',
      clientSecret: 'segredo-cliente',
      webhookSecret: SECRET,
      webhookRetry: { attempts: 2, backoffMs: 50 },
      clock: () => new Date(now.getTime() + 30_000),
    });
    psp.setWebhook(`${baseUrl}/api/v1/webhooks`);
    const other = (await given.creditor({ name: 'Banco Teste', document: '11.444.777/0001-61' })).id;
    const set = await api('PUT', `/api/v1/creditors/${other}/payment-settings`, {
      pix: {
        key: '11.444.777/0001-61',
        receiverName: 'Banco Teste',
        city: 'São Paulo',
        psp: { baseUrl: psp.url, clientId: 'trato', clientSecret: 'segredo-cliente' },
      },
    });
    expect(set.statusCode, set.payload).toBe(200);
    await given.policy(other, ONE_PERCENT_PLANS);
    await given.imported(
      other,
      [
        'document;name;external_id;original_amount;due_date;state',
        '935.411.347-80;Carla Dias;B-1;600,00;2026-11-10;SP',
      ].join('\n'),
    );
    debtorIds.carla = await given.debtorId('93541134780');
    const a = await agreementOf('carla', 3);
    const r = await api('POST', `/api/v1/agreements/${a.id}/prepayments`, { installments: 1 });
    expect(r.statusCode, r.payload).toBe(201);
    expect(r.json().pix.txid).toMatch(/^[0-9a-f]{32}$/);
    expect(r.json().pix.brCode).not.toBeNull();
    const paid = await fetch(`${psp.url}/sim/cob/${r.json().pix.txid}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(paid.status).toBeLessThan(300);
    let after: Agreement | undefined;
    for (let i = 0; i < 50; i++) {
      after = (await api('GET', `/api/v1/agreements/${a.id}`)).json();
      if (after!.installments[2]!.status === 'paid') break;
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(after!.installments[2]).toMatchObject({ status: 'paid' });
    expect(after!.installments[2]!.reductionCents).toBeGreaterThan(0);
  });
});
