import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBoleto } from '../../src/modules/payments/index.ts';
import { type Clock, isoDateInSaoPaulo } from '../../src/platform/clock.ts';
import { daysBetween } from '../../src/platform/dates.ts';
import { Dec, roundToCents } from '../../src/platform/money.ts';
import type { TestApp } from '../support/app.ts';
import type { CnabReturnBuildEntry } from '../support/cnab240-builder.ts';
import { type AgreementView, type Api, type Given, startAsAdmin } from '../support/given.ts';
import { cnabReturn, ONE_PERCENT_PLANS, pixWebhook } from '../support/payments.ts';
import { pdfText } from '../support/pdf.ts';

/**
 * A prepayment's boleto (issue 12 item 10, CDC art. 52 §2º, "with a way to pay it: Pix/boleto"): issued
 * with its own nosso número and due on validUntil, applied by the CNAB 240 return on the day the payer
 * paid (the occurrence date, not the credit date); paid before the day it was quoted for, the
 * installments are settled at the quote of the day paid and the difference is a credit for refund.
 */
const SECRET = 'segredo-do-webhook-pix-com-32-caracteres-ou-mais';
let t: TestApp;
let api: Api;
let given: Given;
let creditorId: string;
let boletoOnlyId: string;
let noMethodId: string;
let debtorIds: Record<string, string>;
let now = new Date('2026-11-23T15:00:00Z');
const clock: Clock = { now: () => new Date(now), today: () => isoDateInSaoPaulo(now) };

type Installment = AgreementView['installments'][number];
type Boleto = { barcode: string; linhaDigitavel: string; nossoNumero: string; dueDate: string; bank: string };
type Prepayment = {
  id: string;
  amountCents: number;
  faceCents: number;
  reductionCents: number;
  validUntil: string;
  installmentNumbers: number[];
  pix: { txid: string; brCode: string | null } | null;
  boleto: Boleto | null;
};

/** An agreement of `installments` (no down payment: ONE_PERCENT_PLANS) with the first due date of these tests. */
function agreementOf(key: string, installments = 6): Promise<AgreementView> {
  return given.agreement(debtorIds[key]!, {
    installments,
    firstDueDate: '2026-12-23',
  }) as Promise<AgreementView>;
}

async function prepay(agreementId: string, body: object): Promise<Prepayment> {
  const r = await api('POST', `/api/v1/agreements/${agreementId}/prepayments`, body);
  expect(r.statusCode, r.payload).toBe(201);
  return r.json();
}

/** Simple interest at 1% a month: face / (1 + 0,01·days/30), summed, rounded once (half-even). */
function discounted(installments: Installment[], date: string): number {
  const sum = installments.reduce(
    (s, i) =>
      s.plus(new Dec(i.amountCents).div(new Dec('0.01').mul(daysBetween(date, i.dueDate)).div(30).plus(1))),
    new Dec(0),
  );
  return roundToCents(sum);
}

function liquidation(boleto: Boleto, cents: number, paidOn: string, creditOn: string): CnabReturnBuildEntry {
  return {
    // Bradesco "identificação do título": wallet, nosso número and its DV, as the bank writes it.
    nossoNumero: boleto.nossoNumero.replace(/\D/g, ''),
    titleAmountCents: cents,
    amountPaidCents: cents,
    occurrenceDate: paidOn,
    creditDate: creditOn,
  };
}

const postCnab = (file: string) =>
  api('POST', '/api/v1/payments/cnab240', file, { 'content-type': 'text/plain' });

async function at<T>(instant: string, f: () => Promise<T>): Promise<T> {
  const before = now;
  now = new Date(instant);
  try {
    return await f();
  } finally {
    now = before;
  }
}

beforeAll(async () => {
  ({ t, api, given } = await startAsAdmin({ clock }));
  creditorId = (await given.creditor()).id;
  boletoOnlyId = (await given.creditor({ name: 'Só Boleto Ltda', document: '33.445.566/0001-86' })).id;
  noMethodId = (await given.creditor({ name: 'Sem Meio Ltda', document: '55.667.788/0001-86' })).id;
  const csv = (rows: string[]) =>
    ['document;name;external_id;original_amount;due_date;state', ...rows].join('\n');
  await given.imported(
    creditorId,
    csv([
      '246.813.579-28;Maria Boleto;Q-1;600,00;2026-11-10;SP',
      '135.792.468-28;Joana Atraso;Q-2;600,00;2026-11-10;SP',
      '864.213.579-46;Pedro Cedo;Q-3;600,00;2026-11-10;SP',
      '271.828.182-05;Lia Pix;Q-4;600,00;2026-11-10;SP',
    ]),
  );
  await given.imported(boletoOnlyId, csv(['975.318.642-82;Bruno Boleto;S-1;600,00;2026-11-10;SP']));
  await given.imported(noMethodId, csv(['314.159.265-90;Nina Nada;N-1;600,00;2026-11-10;SP']));
  debtorIds = await given.debtorIds({
    maria: '24681357928',
    joana: '13579246828',
    pedro: '86421357946',
    lia: '27182818205',
    bruno: '97531864282',
    nina: '31415926590',
  });
  for (const id of [creditorId, boletoOnlyId, noMethodId]) await given.policy(id, ONE_PERCENT_PLANS);
  const settings = await api('PUT', `/api/v1/creditors/${creditorId}/payment-settings`, {
    pix: { key: '11.222.333/0001-81', receiverName: 'Loja Teste Ltda', city: 'São Paulo' },
    boleto: { bank: '237', agency: '1234', account: '12345', wallet: '09' },
  });
  expect(settings.statusCode, settings.payload).toBe(200);
  const boletoOnly = await api('PUT', `/api/v1/creditors/${boletoOnlyId}/payment-settings`, {
    boleto: { bank: '237', agency: '1234', account: '54321', wallet: '09' },
  });
  expect(boletoOnly.statusCode, boletoOnly.payload).toBe(200);
  expect((await api('PUT', '/api/v1/settings/pix-webhook', { secret: SECRET })).statusCode).toBe(204);
});
afterAll(async () => t?.close());

describe('a prepayment has a boleto, and the CNAB 240 return applies it', () => {
  let a: AgreementView;
  let pre: Prepayment;

  it('POST prepayments issues a Pix and a boleto due on validUntil, for the quoted amount', async () => {
    a = await agreementOf('maria');
    pre = await prepay(a.id, { installments: 2 });
    expect(pre.pix?.brCode).toBeTruthy();
    expect(pre.boleto).toMatchObject({ bank: '237', dueDate: '2026-11-23' });
    expect(pre.validUntil).toBe('2026-11-23');
    const slip = parseBoleto(pre.boleto!.linhaDigitavel, '2026-11-23');
    expect(slip.ok, JSON.stringify(slip)).toBe(true);
    if (slip.ok) {
      expect(slip.value.barcode).toBe(pre.boleto!.barcode);
      expect(slip.value.amountCents).toBe(pre.amountCents);
      expect(slip.value.dueDate).toBe('2026-11-23');
    }
    // Its own nosso número: not one of the installments' boletos.
    const installmentNumbers = (await api('GET', `/api/v1/agreements/${a.id}`))
      .json()
      .installments.map((i: { boleto: Boleto | null }) => i.boleto?.nossoNumero);
    expect(installmentNumbers).not.toContain(pre.boleto!.nossoNumero);
    const list = (await api('GET', `/api/v1/agreements/${a.id}/prepayments`)).json();
    expect(list.items[0].boleto).toEqual(pre.boleto);
    // Its PDF: the linha digitável, the amount and what it settles.
    const pdf = await api('GET', `/api/v1/agreements/${a.id}/prepayments/${pre.id}/boleto.pdf`);
    expect(pdf.statusCode, pdf.payload.slice(0, 300)).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf);
    expect(text).toContain(pre.boleto!.linhaDigitavel.slice(0, 5));
    expect(text).toContain('Quitação antecipada das parcelas 5, 6');
  });

  it('a return for another account settles nothing', async () => {
    const r = await postCnab(
      cnabReturn(1, [liquidation(pre.boleto!, pre.amountCents, '2026-11-23', '2026-11-24')], '99999'),
    );
    expect(r.statusCode, r.payload).toBe(200);
    expect(r.json()).toMatchObject({ applied: 0, unmatched: 1 });
    const list = (await api('GET', `/api/v1/agreements/${a.id}/prepayments`)).json();
    expect(list.items[0].status).toBe('open');
  });

  it('paid on validUntil, credited the next day: the return applies it as the prepayment, once', async () => {
    const file = cnabReturn(2, [liquidation(pre.boleto!, pre.amountCents, '2026-11-23', '2026-11-24')]);
    const r = await at('2026-11-24T15:00:00Z', () => postCnab(file));
    expect(r.statusCode, r.payload).toBe(200);
    expect(r.json()).toMatchObject({ applied: 1, unmatched: 0 });
    expect(r.json().results[0].message).toBe('Pagamento aplicado à quitação antecipada.');
    const after: AgreementView = (await api('GET', `/api/v1/agreements/${a.id}`)).json();
    const [i5, i6] = [after.installments[4]!, after.installments[5]!];
    expect([i5.status, i6.status]).toEqual(['paid', 'paid']);
    expect(i5.paidCents + i6.paidCents).toBe(pre.amountCents);
    expect(i5.reductionCents + i6.reductionCents).toBe(pre.reductionCents);
    expect(after.installments.slice(0, 4).every((i) => i.status === 'pending')).toBe(true);
    const list = (await api('GET', `/api/v1/agreements/${a.id}/prepayments`)).json();
    expect(list.items[0]).toMatchObject({ status: 'paid', paidOn: '2026-11-23' });
    // Paid: no boleto left to pay.
    expect((await api('GET', `/api/v1/agreements/${a.id}/prepayments/${pre.id}/boleto.pdf`)).statusCode).toBe(
      404,
    );
    const payment = (await api('GET', `/api/v1/payments/${r.json().results[0].paymentId}`)).json();
    expect(payment).toMatchObject({
      source: 'cnab240',
      status: 'applied',
      prepaymentId: pre.id,
      appliedCents: pre.amountCents,
      creditCents: 0,
      refundStatus: 'none',
    });
    // The same liquidation again (another file with the same line): nothing twice.
    const again = await at('2026-11-25T15:00:00Z', () =>
      postCnab(cnabReturn(3, [liquidation(pre.boleto!, pre.amountCents, '2026-11-23', '2026-11-24')])),
    );
    expect(again.json()).toMatchObject({ applied: 0, duplicates: 1 });
    const same: AgreementView = (await api('GET', `/api/v1/agreements/${a.id}`)).json();
    expect(same.installments.map((i) => i.paidCents)).toEqual(after.installments.map((i) => i.paidCents));
  });

  it('paid after validUntil: an ordinary payment of the next installment, the prepayment stays open', async () => {
    const b = await agreementOf('joana');
    const p = await prepay(b.id, { installments: 1 });
    const r = await at('2026-11-25T15:00:00Z', () =>
      postCnab(cnabReturn(4, [liquidation(p.boleto!, p.amountCents, '2026-11-24', '2026-11-25')])),
    );
    expect(r.json()).toMatchObject({ applied: 1 });
    const after: AgreementView = (await api('GET', `/api/v1/agreements/${b.id}`)).json();
    expect(after.installments[5]).toMatchObject({ status: 'pending', paidCents: 0, reductionCents: 0 });
    expect(after.installments[0]!.paidCents).toBe(
      Math.min(p.amountCents, after.installments[0]!.amountCents),
    );
    const events = (await api('GET', `/api/v1/agreements/${b.id}/events`)).json().items;
    expect(
      events.find((e: { type: string }) => e.type === 'prepayment.not_applied').details.reason,
    ).toContain('depois da validade');
  });
});

describe('paid before the day it was quoted for: settled at the quote of the day paid, the rest a credit', () => {
  it('a prepayment dated 03/12 paid by boleto on 25/11: amounts computed by hand', async () => {
    const a = await agreementOf('pedro');
    const pre = await prepay(a.id, { installments: 2, date: '2026-12-03' });
    expect(pre).toMatchObject({ validUntil: '2026-12-03', installmentNumbers: [6, 5] });
    expect(pre.boleto!.dueDate).toBe('2026-12-03');
    const last2 = a.installments.slice(4);
    const face = last2.reduce((s, i) => s + i.amountCents, 0);
    // The quote for 03/12 (what the boleto charges) and for 25/11 (the day paid): simple interest, 1%/month.
    const quotedCents = discounted(last2, '2026-12-03');
    const paidDayCents = discounted(last2, '2026-11-25');
    expect(pre.amountCents).toBe(quotedCents);
    expect(paidDayCents).toBeLessThan(quotedCents);
    const creditCents = quotedCents - paidDayCents;

    const r = await at('2026-11-26T15:00:00Z', () =>
      postCnab(cnabReturn(5, [liquidation(pre.boleto!, pre.amountCents, '2026-11-25', '2026-11-26')])),
    );
    expect(r.json()).toMatchObject({ applied: 1 });
    const after: AgreementView = (await api('GET', `/api/v1/agreements/${a.id}`)).json();
    const [i5, i6] = [after.installments[4]!, after.installments[5]!];
    expect([i5.status, i6.status]).toEqual(['paid', 'paid']);
    // The installments took the quote of 25/11: cash + interest given back = face, each and in total.
    expect(i5.paidCents + i6.paidCents).toBe(paidDayCents);
    expect(i5.reductionCents + i6.reductionCents).toBe(face - paidDayCents);
    expect(i5.paidCents + i5.reductionCents).toBe(i5.amountCents);
    expect(i6.paidCents + i6.reductionCents).toBe(i6.amountCents);
    // The difference is a credit for refund on the payment.
    const payment = (await api('GET', `/api/v1/payments/${r.json().results[0].paymentId}`)).json();
    expect(payment).toMatchObject({
      prepaymentId: pre.id,
      amountCents: quotedCents,
      appliedCents: paidDayCents,
      creditCents,
      refundStatus: 'pending',
    });
    const events = (await api('GET', `/api/v1/agreements/${a.id}/events`)).json().items;
    const paid = events.find((e: { type: string }) => e.type === 'prepayment.paid');
    expect(paid.details).toMatchObject({
      paidOn: '2026-11-25',
      quoteDate: '2026-12-03',
      settledCents: paidDayCents,
      creditCents,
      reductionCents: face - paidDayCents,
    });
    expect(paid.details.note).toContain('crédito a devolver');
    const list = (await api('GET', `/api/v1/agreements/${a.id}/prepayments`)).json();
    expect(list.items[0]).toMatchObject({ status: 'paid', paidOn: '2026-11-25' });
  });

  it('the same by Pix: paid today for a prepayment dated 03/12, settled at today’s quote', async () => {
    const a = await agreementOf('lia');
    const pre = await prepay(a.id, { installments: 1, date: '2026-12-03' });
    const last = a.installments.slice(5);
    const todayCents = discounted(last, '2026-11-23');
    expect(pre.amountCents).toBe(discounted(last, '2026-12-03'));
    const r = await pixWebhook(t, SECRET, [
      {
        endToEndId: 'E99999999202611231500preb0000001',
        txid: pre.pix!.txid,
        amountCents: pre.amountCents,
        paidAt: now.toISOString(),
      },
    ]);
    expect(r.statusCode, r.payload).toBe(200);
    const payment = (await api('GET', `/api/v1/payments/${r.json().results[0].paymentId}`)).json();
    expect(payment).toMatchObject({
      status: 'applied',
      prepaymentId: pre.id,
      appliedCents: todayCents,
      creditCents: pre.amountCents - todayCents,
    });
    const after: AgreementView = (await api('GET', `/api/v1/agreements/${a.id}`)).json();
    expect(after.installments[5]).toMatchObject({
      status: 'paid',
      paidCents: todayCents,
      reductionCents: last[0]!.amountCents - todayCents,
    });
  });
});

describe('which creditors can price a prepayment', () => {
  it('boleto only (no Pix): created, with its boleto and no Pix', async () => {
    const a = await agreementOf('bruno');
    const pre = await prepay(a.id, { installments: 1 });
    expect(pre.pix).toBeNull();
    expect(pre.boleto).toMatchObject({ bank: '237', dueDate: pre.validUntil });
  });

  it('neither Pix nor boleto: refused in pt-BR, and nothing recorded', async () => {
    const a = await agreementOf('nina');
    const r = await api('POST', `/api/v1/agreements/${a.id}/prepayments`, { installments: 1 });
    expect(r.statusCode, r.payload).toBe(409);
    expect(r.json()).toMatchObject({ code: 'PAYMENT_NOT_CONFIGURED' });
    expect(r.json().detail).toContain('não recebe por Pix nem por boleto');
    expect((await api('GET', `/api/v1/agreements/${a.id}/prepayments`)).json().items).toEqual([]);
  });
});
