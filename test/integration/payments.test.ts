import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgreementLifecycle } from '../../src/modules/agreements/index.ts';
import { decodeBrCode, parseBoleto, webhookBody } from '../../src/modules/payments/index.ts';
import { createPspSimulator, type PspSimulator } from '../../src/simulators/psp-simulator.ts';
import type { TestApp } from '../support/app.ts';
import type { CnabReturnBuildEntry } from '../support/cnab240-builder.ts';
import { type Api, apiAs, type Given, startAsAdmin } from '../support/given.ts';
import { cnabReturn, pixAndBoletoSettings, pixWebhook } from '../support/payments.ts';
import { pdfText } from '../support/pdf.ts';

/**
 * Payments end to end on the real database: the PSP simulator pays a Pix charge and calls our webhook
 * over HTTP; boletos are paid through a CNAB 240 return file; every payment is applied exactly once.
 */
const SECRET = 'segredo-do-webhook-pix-com-32-caracteres-ou-mais';
let t: TestApp;
let api: Api;
let given: Given;
let psp: PspSimulator;
let baseUrl: string;
let creditorId: string;

type Installment = {
  id: string;
  number: number;
  amountCents: number;
  paidCents: number;
  status: string;
  pix: { txid: string; brCode: string | null; expiresAt?: string | null } | null;
  boleto: { barcode: string; linhaDigitavel: string; nossoNumero: string; dueDate: string } | null;
};

async function countPayments(): Promise<number> {
  const r = await t.rt.ctx.database.db
    .selectFrom('payments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Imports one debtor, asks for offers and accepts the plan with `installments` payments. */
async function agreementFor(document: string, name: string, installments: number) {
  const debtor = await given.debtorWithDebts(creditorId, {
    document,
    name,
    debts: [{ externalId: `X-${document}`, amount: '900,00', dueDate: '2026-09-01' }],
  });
  const created = await given.agreement(debtor.id, { installments });
  return (await api('GET', `/api/v1/agreements/${created.id}`)).json() as {
    id: string;
    status: string;
    installments: Installment[];
  };
}

/** A boleto paid in full on 2026-11-23, credited the next day. */
function paidInFull(nossoNumero: string, cents: number): CnabReturnBuildEntry {
  return {
    nossoNumero,
    titleAmountCents: cents,
    amountPaidCents: cents,
    occurrenceDate: '2026-11-23',
    creditDate: '2026-11-24',
  };
}

beforeAll(async () => {
  ({ t, api, given } = await startAsAdmin());
  baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
  psp = await createPspSimulator({
    clientId: 'trato',
    clientSecret: 'segredo-cliente',
    webhookSecret: SECRET,
    webhookRetry: { attempts: 2, backoffMs: 50 },
    // The app's clock (a Pix whose horario is far from "now" is held for review).
    clock: () => new Date('2026-11-23T15:00:30Z'),
  });
  psp.setWebhook(`${baseUrl}/api/v1/webhooks`);
  creditorId = (await given.creditor({ terms: { correctionIndex: 'none' } })).id;
  await given.policy(creditorId, { maxInstallments: 3, minDownPaymentPercent: 0 });
  const settings = await api(
    'PUT',
    `/api/v1/creditors/${creditorId}/payment-settings`,
    pixAndBoletoSettings(psp.url),
  );
  expect(settings.statusCode).toBe(200);
  expect((await api('PUT', '/api/v1/settings/pix-webhook', { secret: SECRET })).statusCode).toBe(204);
});
afterAll(async () => {
  await psp?.close();
  await t?.close();
});

describe('payment settings', () => {
  it('hides the PSP secret and reports every invalid field at once', async () => {
    const got = (await api('GET', `/api/v1/creditors/${creditorId}/payment-settings`)).json();
    expect(got.pix).toMatchObject({
      key: '11222333000181',
      keyKind: 'cnpj',
      receiverName: 'Loja Teste Ltda',
      city: 'Sao Paulo',
    });
    expect(got.pix.psp).toEqual({ baseUrl: psp.url, clientId: 'trato', clientSecretSet: true });
    expect(got.boleto).toMatchObject({ bank: '237', account: '0012345' });
    const bad = await api('PUT', `/api/v1/creditors/${creditorId}/payment-settings`, {
      pix: {
        key: '123.456.789-00',
        receiverName: 'Um nome comprido demais para o Pix',
        city: 'São José dos Campos',
      },
      boleto: { bank: '341', agency: '12', account: '1', wallet: 'AB' },
    });
    expect(bad.statusCode).toBe(422);
    const fields = bad.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'pix.key',
        'pix.receiverName',
        'pix.city',
        'boleto.bank',
        'boleto.agency',
        'boleto.wallet',
      ]),
    );
  });
});

describe('Pix: simulator pays → webhook → installment paid → agreement paid → discharge letter', () => {
  it('works end to end, exactly once', async () => {
    const agreement = await agreementFor('52998224725', 'Maria da Silva', 2);
    for (const i of agreement.installments) {
      expect(i.pix?.txid).toMatch(/^[0-9a-f]{32}$/);
      const decoded = decodeBrCode(i.pix!.brCode!);
      expect(decoded.ok).toBe(true);
      if (decoded.ok) expect(decoded.value.url).toContain('pix.simulador.local');
      // The PSP charge lives until 30 days after the due date (23:59:59 in São Paulo), counted on the
      // PSP's calendar (its clock runs 30 s ahead of the app's here): stored and shown.
      const due = Date.parse(`${i.boleto!.dueDate}T23:59:59-03:00`);
      expect(Date.parse(i.pix!.expiresAt!) - (due + 30 * 86_400_000)).toBe(30_000);
      const boleto = parseBoleto(i.boleto!.linhaDigitavel, '2026-11-23');
      expect(boleto.ok && boleto.value.amountCents).toBe(i.amountCents);
      expect(boleto.ok && boleto.value.dueDate).toBe(i.boleto!.dueDate);
    }
    const [first, second] = agreement.installments as [Installment, Installment];
    const paid1 = await psp.pay(first.pix!.txid);
    expect(paid1.delivered).toBe(true);
    let now = (await api('GET', `/api/v1/agreements/${agreement.id}`)).json();
    expect(now.installments[0]).toMatchObject({ status: 'paid', paidCents: first.amountCents });
    expect(now.status).toBe('active');

    const png = await api('GET', `/api/v1/installments/${second.id}/pix.png`);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    const slip = await api('GET', `/api/v1/installments/${second.id}/boleto.pdf`);
    expect(slip.headers['content-type']).toBe('application/pdf');
    const slipText = await pdfText(slip);
    expect(slipText).toContain('Loja Teste Ltda');
    expect(slipText).toContain('11.222.333/0001-81');
    expect(slipText).toContain('Rua das Flores, 100');

    // Not paid yet: no discharge letter.
    const notPaid = await api('GET', `/api/v1/agreements/${agreement.id}/discharge.pdf`);
    expect(notPaid.statusCode).toBe(409);
    expect(notPaid.json().code).toBe('AGREEMENT_NOT_PAID');
    await psp.pay(second.pix!.txid);
    now = (await api('GET', `/api/v1/agreements/${agreement.id}`)).json();
    expect(now.status).toBe('paid');
    const events = (await api('GET', `/api/v1/agreements/${agreement.id}/events`))
      .json()
      .items.map((e: { type: string }) => e.type);
    expect(events).toEqual(
      expect.arrayContaining(['payment.received', 'installment.paid', 'agreement.paid']),
    );

    const payments = (await api('GET', '/api/v1/payments?status=applied')).json().items;
    const mine = payments.filter((p: { agreementId: string }) => p.agreementId === agreement.id);
    expect(mine).toHaveLength(2);
    const receipt = await api('GET', `/api/v1/payments/${mine[0].id}/receipt.pdf`);
    expect(receipt.statusCode).toBe(200);
    const receiptText = await pdfText(receipt);
    expect(receiptText).toContain('Recibo de Pagamento');
    expect(receiptText).toContain('Maria da Silva');

    const letter = await api('GET', `/api/v1/agreements/${agreement.id}/discharge.pdf`);
    expect(letter.statusCode).toBe(200);
    const text = await pdfText(letter);
    for (const s of [
      'Carta de Quitação',
      'Loja Teste Ltda',
      '11.222.333/0001-81',
      'Rua das Flores, 100',
      'Maria da Silva',
      '529.982.247-25',
      'X-52998224725',
    ]) {
      expect(text).toContain(s);
    }
  });

  it('100 concurrent replays of one webhook → one payment', async () => {
    const agreement = await agreementFor('11144477735', 'João Souza', 3);
    const inst = agreement.installments[0]!;
    const body = webhookBody([
      {
        endToEndId: 'E99999999202611231200abcdef12345',
        txid: inst.pix!.txid,
        amountCents: inst.amountCents,
        paidAt: '2026-11-23T12:00:00Z',
      },
    ]);
    const before = await countPayments();
    const replies = await Promise.all(Array.from({ length: 100 }, () => pixWebhook(t, SECRET, { body })));
    expect(replies.every((r) => r.statusCode === 200)).toBe(true);
    expect(await countPayments()).toBe(before + 1);
    const statuses = replies.map((r) => r.json().results[0].status);
    expect(statuses.filter((s) => s === 'applied')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(99);
    const after = (await api('GET', `/api/v1/agreements/${agreement.id}`)).json();
    expect(after.installments[0].paidCents).toBe(inst.amountCents);
  });

  it('refuses a webhook without the right secret and records an unknown txid as unmatched (200), then staff assigns it', async () => {
    const body = webhookBody([
      {
        endToEndId: 'E99999999202611231300zzzzzz00001',
        txid: 'naoexiste0000000000000000000001',
        amountCents: 1000,
        paidAt: '2026-11-23T13:00:00Z',
      },
    ]);
    expect((await pixWebhook(t, null, { body })).statusCode).toBe(401);
    expect((await pixWebhook(t, 'x'.repeat(40), { body })).statusCode).toBe(401);
    const r = await pixWebhook(t, SECRET, { body });
    expect(r.statusCode).toBe(200);
    expect(r.json().results[0].status).toBe('unmatched');
    const unmatched = (await api('GET', '/api/v1/payments?status=unmatched')).json().items;
    expect(unmatched).toHaveLength(1);
    const noReceipt = await api('GET', `/api/v1/payments/${unmatched[0].id}/receipt.pdf`);
    expect(noReceipt.statusCode).toBe(409);
    expect(noReceipt.json().code).toBe('PAYMENT_NOT_IDENTIFIED');

    const agreement = await agreementFor('39053344705', 'Ana Lima', 3);
    const target = agreement.installments[1]!;
    const assigned = await api('POST', `/api/v1/payments/${unmatched[0].id}/assign`, {
      installmentId: target.id,
    });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json()).toMatchObject({
      status: 'applied',
      installmentId: target.id,
      appliedCents: 1000,
      assignedBy: expect.stringMatching(/^token:/),
      assignedAt: '2026-11-23T15:00:00.000Z', // the injected clock, not the wall clock
    });
    const reassigned = await api('POST', `/api/v1/payments/${unmatched[0].id}/assign`, {
      installmentId: target.id,
    });
    expect(reassigned.statusCode).toBe(409);
    expect(reassigned.json().code).toBe('PAYMENT_ALREADY_APPLIED');
    const after = (await api('GET', `/api/v1/agreements/${agreement.id}`)).json();
    expect(after.installments[1]).toMatchObject({ paidCents: 1000, status: 'pending' });
  });

  it('partial payment leaves the installment partly paid; an overpayment is held as credit for refund', async () => {
    const agreement = await agreementFor('71428793860', 'Paula Reis', 2);
    const inst = agreement.installments[0]!;
    const pay = (e2e: string, cents: number) =>
      pixWebhook(t, SECRET, [
        {
          endToEndId: e2e,
          txid: inst.pix!.txid,
          amountCents: cents,
          paidAt: '2026-11-23T14:00:00Z',
        },
      ]);
    await pay('E99999999202611231400aaaaaaaaaa1', 10_000);
    let now = (await api('GET', `/api/v1/agreements/${agreement.id}`)).json();
    expect(now.installments[0]).toMatchObject({ paidCents: 10_000, status: 'pending' });
    await pay('E99999999202611231401aaaaaaaaaa2', inst.amountCents);
    now = (await api('GET', `/api/v1/agreements/${agreement.id}`)).json();
    expect(now.installments[0]).toMatchObject({ paidCents: inst.amountCents, status: 'paid' });
    const credit = (await api('GET', '/api/v1/payments?status=credit')).json().items;
    const over = credit.find(
      (p: { externalId: string }) => p.externalId === 'E99999999202611231401aaaaaaaaaa2',
    );
    expect(over).toMatchObject({
      appliedCents: inst.amountCents - 10_000,
      creditCents: 10_000,
      refundStatus: 'pending',
    });

    // Issue #12 item 11 (CDC art. 42 sole paragraph): why the credit happened. Charged again by the
    // platform after payment → double; same month as the payment → no correction: 2 × 10000 = 20000.
    const classify = (payload: unknown) => api('POST', `/api/v1/payments/${over.id}/overpayment`, payload);
    const undue = await classify({ cause: 'platform_reissued_charge' });
    expect(undue.statusCode, undue.payload).toBe(200);
    expect(undue.json()).toMatchObject({ creditCents: 10_000, refundDueCents: 20_000, multiplier: 2 });
    expect(undue.json().legalBasis).toContain('CDC art. 42');
    // A justifiable error must be documented.
    expect((await classify({ cause: 'platform_computation_error', justifiable: true })).statusCode).toBe(422);
    const justified = await classify({
      cause: 'platform_computation_error',
      justifiable: true,
      note: 'Boleto antigo reenviado pelo banco parceiro antes da baixa.',
    });
    expect(justified.json()).toMatchObject({ refundDueCents: 10_000, multiplier: 1 });
    expect((await classify({ cause: 'debtor' })).json()).toMatchObject({ refundDueCents: 10_000 });

    // Issue #12 item 12 (CDC art. 49): withdrawing within 7 days refunds everything paid on the agreement.
    const cancel = await api('POST', `/api/v1/agreements/${agreement.id}/cancel`, {});
    expect(cancel.statusCode, cancel.payload).toBe(200);
    expect(cancel.json()).toMatchObject({
      status: 'cancelled',
      refundCents: inst.amountCents,
      paymentsToRefund: 2,
    });
    const after = (await api('GET', '/api/v1/payments?status=credit')).json().items;
    const refunded = after.filter((p: { agreementId: string }) => p.agreementId === agreement.id);
    expect(refunded.reduce((sum: number, p: { creditCents: number }) => sum + p.creditCents, 0)).toBe(
      inst.amountCents + 10_000,
    );
    for (const p of refunded) expect(p).toMatchObject({ appliedCents: 0, refundStatus: 'pending' });
  });
});

describe('payment methods added after the agreement', () => {
  it('a creditor that adds boleto settings later gets boletos on the unpaid installments', async () => {
    const other = (await given.creditor({ name: 'Outra Loja Ltda', document: '34.028.316/0001-03' })).id;
    await given.policy(other, { maxInstallments: 2, minDownPaymentPercent: 0 });
    const pixOnly = { pix: { key: 'pix@outraloja.com.br', receiverName: 'Outra Loja', city: 'Campinas' } };
    expect((await api('PUT', `/api/v1/creditors/${other}/payment-settings`, pixOnly)).statusCode).toBe(200);
    await api(
      'POST',
      `/api/v1/creditors/${other}/imports`,
      'document;name;external_id;original_amount;due_date\n67260574909;Lia Prado;O-1;400,00;2026-09-01\n',
      { 'content-type': 'text/csv' },
    );
    const debtor = (await api('GET', '/api/v1/debtors?document=67260574909')).json().items[0];
    const offers = (
      await api('POST', `/api/v1/debtors/${debtor.id}/offers`, { firstDueDate: '2026-12-01' })
    ).json().offers;
    const created = (
      await api('POST', '/api/v1/agreements', {
        offerId: offers.find((o: { installmentsCount: number }) => o.installmentsCount === 2).id,
      })
    ).json();
    const before = (await api('GET', `/api/v1/agreements/${created.id}`)).json();
    expect(before.installments).toHaveLength(2);
    expect(before.installments.filter((i: Installment) => !(i.pix && i.boleto === null))).toEqual([]);
    await api('PUT', `/api/v1/creditors/${other}/payment-settings`, {
      ...pixOnly,
      boleto: { bank: '237', agency: '4321', account: '7654321', wallet: '09' },
    });
    const after = (await api('GET', `/api/v1/agreements/${created.id}`)).json();
    for (const i of after.installments as Installment[]) {
      expect(i.pix?.txid).toBe(before.installments.find((b: Installment) => b.id === i.id).pix.txid);
      const parsed = parseBoleto(i.boleto!.linhaDigitavel, '2026-11-23');
      expect(parsed.ok && parsed.value.amountCents).toBe(i.amountCents);
    }
  });
});

describe('a payment on a broken agreement', () => {
  it('still counts: it is deducted from the debt principal, never lost', async () => {
    const agreement = await agreementFor('86288366757', 'Rita Alves', 2);
    const inst = agreement.installments[0]!;
    // Nothing paid; past the grace days the agreement breaks and the debt reopens at full principal.
    expect(await runAgreementLifecycle(t.rt.ctx, '2027-03-01', 'test')).toMatchObject({
      broken: expect.any(Number),
    });
    expect((await api('GET', `/api/v1/agreements/${agreement.id}`)).json().status).toBe('broken');
    const debtId = (await api('GET', `/api/v1/agreements/${agreement.id}`)).json().debtIds[0];
    // The acceptance interrupted prescription; cleared here so the payment's own hook shows.
    await t.rt.ctx.database.db
      .updateTable('debts')
      .set({ prescription_interrupted_on: null })
      .where('id', '=', debtId)
      .execute();
    const r = await pixWebhook(t, SECRET, [
      {
        endToEndId: 'E99999999202611231600cccccccccc1',
        txid: inst.pix!.txid,
        amountCents: 20_000,
        paidAt: '2026-11-23T14:59:00Z',
      },
    ]);
    expect(r.json().results[0].status).toBe('applied');
    const payment = (await api('GET', `/api/v1/payments/${r.json().results[0].paymentId}`)).json();
    expect(payment).toMatchObject({ appliedCents: 0, debtAppliedCents: 20_000, creditCents: 0 });
    const balance = (await api('GET', `/api/v1/debts/${debtId}/balance?date=2027-03-01`)).json();
    expect(balance.principalCents).toBe(90_000 - 20_000);
    // A partial payment acknowledges the debt: prescription interrupted on the payment's day (CC art. 202 VI).
    expect(balance.prescription.interruptedOn).toBe('2026-11-23');
  });
});

describe('CNAB 240 return file', () => {
  it('reads the nosso número right-aligned: a zero-padded field never matches a truncated number', async () => {
    const agreement = await agreementFor('07068093868', 'Beatriz Nunes', 2);
    const second = agreement.installments[1]!;
    const digits = second.boleto!.nossoNumero.replace(/\D/g, ''); // wallet (2) + nosso número (11) + DV
    const nossoNumero = digits.slice(2, 13);
    // Wallet with 3 digits, 5 zeros, the nosso número and its DV: the left windows of this field are
    // truncated numbers (…00000001…), some of which exist as other installments' nosso números.
    const field = `009${'0'.repeat(5)}${nossoNumero}${digits.slice(-1)}`;
    const file = cnabReturn(7, [paidInFull(field, second.amountCents)]);
    const r = await api('POST', '/api/v1/payments/cnab240', file, { 'content-type': 'text/plain' });
    expect(r.json()).toMatchObject({ applied: 1 });
    const now = (await api('GET', `/api/v1/agreements/${agreement.id}`)).json();
    expect(now.installments.map((i: { status: string }) => i.status)).toEqual(['pending', 'paid']);
  });

  it('settles boletos by nosso número; the same file twice applies nothing twice', async () => {
    const agreement = await agreementFor('15350946056', 'Carlos Dias', 2);
    const inst = agreement.installments[0]!;
    // Bradesco "identificação do título": wallet, nosso número (11) and its DV, as the bank writes it.
    const nn = inst.boleto!.nossoNumero.replace(/\D/g, '');
    const file = cnabReturn(1, [
      paidInFull(nn, inst.amountCents),
      paidInFull('99999999999', 5000),
      {
        nossoNumero: nn,
        titleAmountCents: inst.amountCents,
        amountPaidCents: 0,
        movementCode: '02',
        occurrenceDate: '2026-11-20',
      },
    ]);
    const post = () => api('POST', '/api/v1/payments/cnab240', file, { 'content-type': 'text/plain' });
    const first = await post();
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ duplicateFile: false, applied: 1, unmatched: 1, ignored: 1 });
    expect(first.json().results[0]).toMatchObject({ line: 3, status: 'applied' });
    const count = await countPayments();
    const second = await post();
    expect(second.json()).toMatchObject({ duplicateFile: true, applied: 0, duplicates: 2, ignored: 1 });
    expect(await countPayments()).toBe(count);
    const now = (await api('GET', `/api/v1/agreements/${agreement.id}`)).json();
    expect(now.installments[0]).toMatchObject({ status: 'paid', paidCents: inst.amountCents });
  });
});

describe('Pix horario far from now (issue 10, item 9)', () => {
  it('is held for review, not applied; a person can then assign it', async () => {
    const agreement = await agreementFor('73519426846', 'Fábio Reis', 2);
    const inst = agreement.installments[0]!;
    const post = (endToEndId: string, paidAt: string) =>
      pixWebhook(t, SECRET, [{ endToEndId, txid: inst.pix!.txid, amountCents: inst.amountCents, paidAt }]);
    const old = await post('E99999999202611201500dddddddddd1', '2026-11-20T15:00:00Z');
    expect(old.json().results[0].status).toBe('review');
    const ahead = await post('E99999999202611231600dddddddddd2', '2026-11-23T16:00:00Z');
    expect(ahead.json().results[0].status).toBe('review');
    let now = (await api('GET', `/api/v1/agreements/${agreement.id}`)).json();
    expect(now.installments[0]).toMatchObject({ status: 'pending', paidCents: 0 });
    const held = (await api('GET', '/api/v1/payments?status=review'))
      .json()
      .items.map((p: { id: string }) => p.id);
    expect(held).toEqual(
      expect.arrayContaining([old.json().results[0].paymentId, ahead.json().results[0].paymentId]),
    );
    // A replay of the held notification is still a duplicate, never applied.
    expect(
      (await post('E99999999202611201500dddddddddd1', '2026-11-20T15:00:00Z')).json().results[0].status,
    ).toBe('duplicate');
    const assigned = await api('POST', `/api/v1/payments/${old.json().results[0].paymentId}/assign`, {
      installmentId: inst.id,
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    now = (await api('GET', `/api/v1/agreements/${agreement.id}`)).json();
    expect(now.installments[0]).toMatchObject({ status: 'paid', paidCents: inst.amountCents });
  });
});

describe('Pix webhook secret shared by two tenants (issue 10, item 9)', () => {
  it('setting another tenant’s secret confirms nothing; its payments still reach only that tenant', async () => {
    const otherAdmin = apiAs(t, await t.token('admin', { tenant: 'outra-agencia-pix' }));
    const put = await otherAdmin('PUT', '/api/v1/settings/pix-webhook', { secret: SECRET });
    expect(put.statusCode).toBe(204);
    const agreement = await agreementFor('90715324888', 'Hugo Lima', 2);
    const inst = agreement.installments[0]!;
    const post = (endToEndId: string, txid: string) =>
      pixWebhook(t, SECRET, [
        { endToEndId, txid, amountCents: inst.amountCents, paidAt: '2026-11-23T14:59:00Z' },
      ]);
    const paid = await post('E99999999202611231459ffffffffff1', inst.pix!.txid);
    expect(paid.json().results[0].status).toBe('applied');
    const now = (await api('GET', `/api/v1/agreements/${agreement.id}`)).json();
    expect(now.installments[0]).toMatchObject({ status: 'paid' });
    const theirs = await otherAdmin('GET', '/api/v1/payments');
    expect(theirs.json().total).toBe(0);
    // A txid of nobody's, under a shared secret: recorded for no tenant.
    const unknown = await post('E99999999202611231459ffffffffff2', 'naoexistenenhumtxid0000000000000');
    expect(unknown.json().results[0]).toMatchObject({ status: 'ambiguous', paymentId: null });
  });
});

describe('CSV export (issue 10, item 9)', () => {
  it('opens well in Excel pt-BR and runs no formula', async () => {
    const agreement = await agreementFor('61420583735', '=2+3 Gil Souza', 2);
    const inst = agreement.installments[0]!;
    const paid = await pixWebhook(t, SECRET, [
      {
        endToEndId: 'E99999999202611231500eeeeeeeeee1',
        txid: inst.pix!.txid,
        amountCents: 123_456,
        paidAt: '2026-11-23T14:58:00Z',
        payerInfo: '@SUM(1+1)*cmd',
      },
    ]);
    expect(paid.json().results[0].status).toBe('applied');
    const r = await api('GET', '/api/v1/payments?format=csv&from=2026-11-23&to=2026-11-23');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/text\/csv; charset=utf-8/);
    expect(r.headers['content-disposition']).toBe(
      'attachment; filename="pagamentos-2026-11-23-2026-11-23.csv"',
    );
    expect(r.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = r.body.replace(/^\uFEFF/, '').split('\r\n');
    const header = lines[0]!.split(';');
    // Every column named in pt-BR (docs/payments.md, "Conciliação").
    expect(header).toEqual([
      'id_pagamento',
      'origem',
      'id_externo',
      'situacao',
      'valor',
      'pago_em',
      'txid',
      'nosso_numero',
      'id_parcela',
      'id_acordo',
      'id_credor',
      'aplicado',
      'abatido_da_divida',
      'credito_a_devolver',
      'devolucao',
      'atribuido_por',
      'atribuido_em',
      'devedor',
      'documento_devedor',
      'pagador_informado',
    ]);
    const row = lines.find((l) => l.includes('E99999999202611231500eeeeeeeeee1'))!;
    const cells = row.split(';');
    const cell = (name: string) => cells[header.indexOf(name)];
    // Paid at 14:58 UTC = 11:58 in São Paulo, as Excel pt-BR reads a date and time.
    expect(cell('pago_em')).toBe('23/11/2026 11:58');
    expect(cell('origem')).toBe('Pix');
    expect(cell('situacao')).toBe('aplicado');
    expect(cell('valor')).toBe('1234,56');
    expect(row).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(row).toContain(";'=2+3 Gil Souza;");
    expect(row).toContain("'@SUM(1+1)*cmd");
    expect(row).toContain('614.205.837-35');
    // No cell of any line starts with a formula character.
    for (const line of lines.slice(1)) {
      for (const cell of line.split(';')) expect(cell).not.toMatch(/^"?[=+@\t]/);
    }
  });

  it('an impossible date in the query is a 422, not a 500', async () => {
    const r = await api('GET', '/api/v1/payments?format=csv&from=2026-02-30');
    expect(r.statusCode).toBe(422);
  });
});

describe('CNAB 240: account and nosso número (issue 10, item 6)', () => {
  const returnFile = (
    account: string,
    fileSequence: number,
    entries: { nossoNumero: string; cents: number }[],
  ) =>
    cnabReturn(
      fileSequence,
      entries.map((e) => paidInFull(e.nossoNumero, e.cents)),
      account,
    );

  it('a header account that matches no creditor settles nothing', async () => {
    const agreement = await agreementFor('39053344705', 'Diego Prado', 2);
    const inst = agreement.installments[0]!;
    const nn = inst.boleto!.nossoNumero.replace(/\D/g, '');
    const r = await api(
      'POST',
      '/api/v1/payments/cnab240',
      returnFile('99999', 21, [{ nossoNumero: nn, cents: inst.amountCents }]),
      {
        'content-type': 'text/plain',
      },
    );
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ applied: 0, unmatched: 1 });
    const now = (await api('GET', `/api/v1/agreements/${agreement.id}`)).json();
    expect(now.installments[0]).toMatchObject({ status: 'pending', paidCents: 0 });
  });

  it('the same liquidation with and without the check digit is applied once (one file or two)', async () => {
    const agreement = await agreementFor('48291357609', 'Elisa Moura', 2);
    const inst = agreement.installments[0]!;
    // Displayed as wallet/nosso número-DV (Bradesco's DV may be 'P').
    const [, nn, dv] = /^\d+\/(\d{11})-(\w)$/.exec(inst.boleto!.nossoNumero)!;
    const withDv = `${nn}${dv}`;
    const withoutDv = nn!;
    const before = await countPayments();
    const one = await api(
      'POST',
      '/api/v1/payments/cnab240',
      returnFile('12345', 22, [
        { nossoNumero: withDv, cents: inst.amountCents },
        { nossoNumero: withoutDv, cents: inst.amountCents },
      ]),
      { 'content-type': 'text/plain' },
    );
    expect(one.json()).toMatchObject({ applied: 1, duplicates: 1 });
    const two = await api(
      'POST',
      '/api/v1/payments/cnab240',
      returnFile('12345', 23, [{ nossoNumero: `000${withDv}`, cents: inst.amountCents }]),
      { 'content-type': 'text/plain' },
    );
    expect(two.json(), two.body).toMatchObject({ applied: 0, duplicates: 1 });
    expect(await countPayments()).toBe(before + 1);
    const now = (await api('GET', `/api/v1/agreements/${agreement.id}`)).json();
    expect(now.installments[0]).toMatchObject({
      status: 'paid',
      paidCents: inst.amountCents,
    });
  });
});

describe('malformed inputs: clear errors and nothing written', () => {
  const e2e = 'E99999999202611231500bbbbbbbbbb1';
  const goodEntry = { endToEndId: e2e, txid: 'abc', valor: '10.00', horario: '2026-11-23T15:00:00Z' };
  const badWebhooks: [string, unknown][] = [
    ['not an object', '"pix"'],
    ['array body', []],
    ['no pix', {}],
    ['pix not array', { pix: {} }],
    ['entry not object', { pix: ['x'] }],
    ['no endToEndId', { pix: [{ ...goodEntry, endToEndId: undefined }] }],
    ['short endToEndId', { pix: [{ ...goodEntry, endToEndId: 'E123' }] }],
    ['endToEndId with symbols', { pix: [{ ...goodEntry, endToEndId: 'E99999999202611231500bbbbbbbbb-1' }] }],
    ['valor without cents', { pix: [{ ...goodEntry, valor: '10' }] }],
    ['valor with comma', { pix: [{ ...goodEntry, valor: '10,00' }] }],
    ['valor negative', { pix: [{ ...goodEntry, valor: '-1.00' }] }],
    ['valor number', { pix: [{ ...goodEntry, valor: 10 }] }],
    ['valor zero', { pix: [{ ...goodEntry, valor: '0.00' }] }],
    ['horario missing', { pix: [{ ...goodEntry, horario: undefined }] }],
    ['horario not a date', { pix: [{ ...goodEntry, horario: 'ontem' }] }],
    ['horario impossible', { pix: [{ ...goodEntry, horario: '2026-02-30T10:00:00Z' }] }],
    ['txid too long', { pix: [{ ...goodEntry, txid: 'a'.repeat(36) }] }],
    ['txid symbols', { pix: [{ ...goodEntry, txid: 'abc-def' }] }],
    ['second entry broken', { pix: [goodEntry, { ...goodEntry, valor: 'x' }] }],
    ['valor too many digits', { pix: [{ ...goodEntry, valor: '12345678901.00' }] }],
  ];
  it.each(badWebhooks)('webhook: %s → 422 with the path, nothing recorded', async (_name, body) => {
    const before = await countPayments();
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks/pix',
      headers: { 'x-webhook-secret': SECRET, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    expect(r.statusCode).toBe(422);
    expect(r.json().code).toBe('VALIDATION_FAILED');
    expect(r.json().errors.length).toBeGreaterThan(0);
    expect(await countPayments()).toBe(before);
  });

  const valid = cnabReturn(2, [paidInFull('00000000001', 100)]);
  const lines = valid.split('\r\n').filter(Boolean);
  const replaceAt = (line: string, pos: number, text: string) =>
    line.slice(0, pos - 1) + text + line.slice(pos - 1 + text.length);
  const withLine = (i: number, f: (l: string) => string) =>
    lines.map((l, j) => (j === i ? f(l) : l)).join('\r\n');
  const badFiles: [string, string][] = [
    ['empty', ''],
    ['blank lines', '\r\n\r\n'],
    ['short header', withLine(0, (l) => l.slice(0, 200))],
    ['long detail', withLine(2, (l) => `${l}X`)],
    ['no file trailer', lines.slice(0, -1).join('\r\n')],
    ['no file header', lines.slice(1).join('\r\n')],
    ['segment U missing', lines.filter((_, i) => i !== 3).join('\r\n')],
    ['segment T missing', lines.filter((_, i) => i !== 2).join('\r\n')],
    ['amount with letters', withLine(3, (l) => replaceAt(l, 78, 'ABC'))],
    ['impossible credit date', withLine(3, (l) => replaceAt(l, 146, '31022026'))],
    ['remessa, not retorno', withLine(0, (l) => replaceAt(l, 143, '1'))],
    ['wrong record type', withLine(2, (l) => replaceAt(l, 8, '7'))],
    ['other bank in a detail', withLine(2, (l) => replaceAt(l, 1, '001'))],
    ['wrong trailer count', withLine(lines.length - 1, (l) => replaceAt(l, 24, '000099'))],
    ['control character', withLine(2, (l) => replaceAt(l, 100, '\u0001'))],
    ['unknown segment', withLine(2, (l) => replaceAt(l, 14, 'Z'))],
    ['binary garbage', '\u0000\u0001\u0002'],
    ['csv instead of cnab', 'document;name\n1;2\n'],
  ];
  it.each(badFiles)('CNAB: %s → 422 with line errors, nothing applied', async (_name, text) => {
    const before = await countPayments();
    const r = await api('POST', '/api/v1/payments/cnab240', text, { 'content-type': 'text/plain' });
    expect(r.statusCode).toBe(422);
    expect(r.json().errors.length).toBeGreaterThan(0);
    expect(r.json().errors[0]).toHaveProperty('line');
    expect(await countPayments()).toBe(before);
  });

  const badSettings: [string, unknown][] = [
    ['empty body', {}],
    ['unknown field', { pix: { key: 'a@b.com', receiverName: 'A', city: 'B', extra: 1 } }],
    ['invalid e-mail key', { pix: { key: 'a@@b', receiverName: 'A', city: 'B' } }],
    ['phone key without +55', { pix: { key: '11987654321', receiverName: 'A', city: 'B' } }],
    [
      'malformed random key',
      { pix: { key: '123e4567-e89b-12d3-a456-42661417400', receiverName: 'A', city: 'B' } },
    ],
    ['empty receiver name', { pix: { key: 'a@b.com', receiverName: ' ', city: 'B' } }],
    [
      'psp with bad url',
      {
        pix: {
          key: 'a@b.com',
          receiverName: 'A',
          city: 'B',
          psp: { baseUrl: 'ftp:/x', clientId: 'a', clientSecret: 'b' },
        },
      },
    ],
    ['boleto bank unsupported', { boleto: { bank: '999', agency: '1234', account: '1', wallet: '09' } }],
    [
      'boleto account too long',
      { boleto: { bank: '237', agency: '1234', account: '123456789', wallet: '09' } },
    ],
    ['BB without convenio', { boleto: { bank: '001', agency: '1234', account: '1', wallet: '17' } }],
    [
      'BB convenio with letters',
      { boleto: { bank: '001', agency: '1234', account: '1', wallet: '17', convenio: '12A4567' } },
    ],
    ['short webhook secret', null],
  ];
  it.each(badSettings)('settings: %s → 422, nothing saved', async (name, body) => {
    const before = (await api('GET', `/api/v1/creditors/${creditorId}/payment-settings`)).json();
    const r =
      name === 'short webhook secret'
        ? await api('PUT', '/api/v1/settings/pix-webhook', { secret: 'curto' })
        : await api('PUT', `/api/v1/creditors/${creditorId}/payment-settings`, body);
    expect(r.statusCode).toBe(422);
    expect((await api('GET', `/api/v1/creditors/${creditorId}/payment-settings`)).json()).toEqual(before);
  });
});
