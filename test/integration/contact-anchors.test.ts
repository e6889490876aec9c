import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgreementLifecycle } from '../../src/modules/agreements/index.ts';
import { dispatchDue, sweepDay } from '../../src/modules/contact/index.ts';
import type { ChannelAdapter } from '../../src/modules/messaging/index.ts';
import { fixedClock, isoDateInSaoPaulo } from '../../src/platform/clock.ts';
import { addDays } from '../../src/platform/dates.ts';
import type { TestApp } from '../support/app.ts';
import { cadence, templateId } from '../support/contact.ts';
import { type Api, type Given, startAsAdmin } from '../support/given.ts';
import { pixWebhook } from '../support/payments.ts';

/** The sweep on every anchor: agreement created, installment due (D−1), agreement broken (D+1). */
let t: TestApp;
let api: Api;
let given: Given;

beforeAll(async () => {
  ({ t, api, given } = await startAsAdmin());
});
afterAll(async () => t?.close());

describe('cadence anchors', () => {
  it('writes one message per anchor on the right day, with the installment attached', async () => {
    const creditorId = (await given.creditor({ terms: { correctionIndex: 'none' } })).id;
    await given.policy(creditorId, { graceDays: 5, maxInstallments: 3 });
    await given.imported(
      creditorId,
      'document;name;email;external_id;original_amount;due_date\n52998224725;Maria;maria@exemplo.com.br;K-1;600,00;2026-09-01\n',
    );
    const debtorId = await given.debtorId('52998224725');
    const offers = await given.offers(debtorId, { firstDueDate: '2026-12-01' });
    const plan = offers.find((o) => o.installmentsCount === 3)!;
    const agreement = (await api('POST', '/api/v1/agreements', { offerId: plan.id })).json();

    const byKey = (key: string) => templateId(api, key);
    await cadence(api, {
      name: 'Acordos',
      creditorId,
      steps: [
        {
          id: 'boas-vindas',
          anchor: 'agreement_created',
          offsetDays: 0,
          channel: 'email',
          templateId: await byKey('agreement-welcome-email'),
        },
        {
          id: 'parcela-d-1',
          anchor: 'installment_due',
          offsetDays: -1,
          channel: 'whatsapp',
          templateId: await byKey('installment-reminder-whatsapp'),
        },
        {
          id: 'rompido',
          anchor: 'agreement_broken',
          offsetDays: 1,
          channel: 'email',
          templateId: await byKey('agreement-broken-email'),
        },
        {
          id: 'recibo',
          anchor: 'payment_received',
          offsetDays: 0,
          channel: 'email',
          templateId: await byKey('payment-receipt-email'),
        },
      ],
    });

    // created_at is the database's clock; the anchor is its São Paulo day (UTC−3).
    const created = isoDateInSaoPaulo(new Date(agreement.createdAt));
    expect(await sweepDay(t.rt.ctx, created)).toMatchObject({ written: 1 });
    expect(await sweepDay(t.rt.ctx, created)).toMatchObject({ written: 0 });
    const first = agreement.installments[0];
    expect(await sweepDay(t.rt.ctx, addDays(first.dueDate, -1))).toMatchObject({ written: 1 });
    const reminder = await t.rt.ctx.database.db
      .selectFrom('outbox')
      .selectAll()
      .where('step_id', '=', 'parcela-d-1')
      .executeTakeFirstOrThrow();
    expect(reminder).toMatchObject({
      installment_id: first.id,
      channel: 'whatsapp',
      debt_ids: agreement.debtIds,
    });

    // A payment on Wednesday 25/11 → the receipt step writes one message about it that day.
    await api('PUT', `/api/v1/creditors/${creditorId}/payment-settings`, {
      pix: { key: 'pix@loja.com.br', receiverName: 'Loja Teste', city: 'Sao Paulo' },
    });
    const secret = 'segredo-do-webhook-de-teste-com-32-caracteres';
    await api('PUT', '/api/v1/settings/pix-webhook', { secret });
    const withPix = (await api('GET', `/api/v1/agreements/${agreement.id}`)).json();
    // The notification arrives on the 25th (a Pix far from "now" would be held for review).
    const clock = t.rt.ctx.clock;
    t.rt.ctx.clock = fixedClock('2026-11-25T15:00:30Z');
    const paid = await pixWebhook(t, secret, [
      {
        endToEndId: 'E99999999202611251500abcdefghijk',
        txid: withPix.installments[0].pix.txid,
        amountCents: 10_000,
        paidAt: '2026-11-25T15:00:00Z',
      },
    ]);
    t.rt.ctx.clock = clock;
    expect(paid.json().results[0].status).toBe('applied');
    expect(await sweepDay(t.rt.ctx, '2026-11-25')).toMatchObject({ written: 1 });
    await api('PUT', `/api/v1/debtors/${debtorId}/contact-flags`, { identityVerified: true });
    const outbox: string[] = [];
    const recorder: ChannelAdapter = {
      channel: 'email',
      provider: 'teste',
      async send(m) {
        outbox.push(`${m.subject}\n${m.text}`);
        return { provider: 'teste', providerMessageId: `t-${outbox.length}` };
      },
    };
    const sent = await dispatchDue(t.rt.ctx, {
      adapters: { email: recorder },
      now: new Date('2026-11-25T15:00:00Z'),
    });
    expect(sent.sent).toBeGreaterThanOrEqual(1);
    const receipt = outbox.find((m) => m.startsWith('Pagamento recebido'));
    expect(receipt).toMatch(/R\$ 100,00/);
    expect(receipt).toMatch(/25\/11\/2026/);
    expect(receipt).toMatch(/Loja Teste Ltda/);

    const breakDay = addDays(first.dueDate, 6);
    expect(await runAgreementLifecycle(t.rt.ctx, breakDay, 'test')).toMatchObject({ broken: 1 });
    expect(await sweepDay(t.rt.ctx, addDays(breakDay, 1))).toMatchObject({ written: 1 });
    const steps = (await t.rt.ctx.database.db.selectFrom('outbox').select('step_id').execute()).map(
      (r) => r.step_id,
    );
    expect(steps.sort()).toEqual(['boas-vindas', 'parcela-d-1', 'recibo', 'rompido']);
  });
});
