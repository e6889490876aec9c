import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgreementLifecycle } from '../../src/modules/agreements/index.ts';
import { sweepDay } from '../../src/modules/contact/index.ts';
import { DEFAULT_POLICY } from '../../src/modules/negotiation/index.ts';
import { addDays } from '../../src/platform/dates.ts';
import { creditorBody, startTestApp, type TestApp } from '../support/app.ts';

/** The sweep on every anchor: agreement created, installment due (D−1), agreement broken (D+1). */
let t: TestApp;
let admin: string;

async function api(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
  return t.app.inject({
    method,
    url,
    headers: { authorization: admin },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.token('admin');
});
afterAll(async () => t?.close());

describe('cadence anchors', () => {
  it('writes one message per anchor on the right day, with the installment attached', async () => {
    const creditorId = (
      await api('POST', '/api/v1/creditors', creditorBody({ terms: { correctionIndex: 'none' } }))
    ).json().id;
    await api('PUT', `/api/v1/creditors/${creditorId}/policy`, {
      ...DEFAULT_POLICY,
      graceDays: 5,
      maxInstallments: 3,
    });
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/creditors/${creditorId}/imports`,
      headers: { authorization: admin, 'content-type': 'text/csv' },
      payload:
        'document;name;external_id;original_amount;due_date\n52998224725;Maria;K-1;600,00;2026-09-01\n',
    });
    const debtor = (await api('GET', '/api/v1/debtors?document=52998224725')).json().items[0];
    const offers = (
      await api('POST', `/api/v1/debtors/${debtor.id}/offers`, { firstDueDate: '2026-12-01' })
    ).json().offers;
    const plan = offers.find((o: { installmentsCount: number }) => o.installmentsCount === 3);
    const agreement = (await api('POST', '/api/v1/agreements', { offerId: plan.id })).json();

    const templates = (await api('GET', '/api/v1/templates')).json().items as { id: string; key: string }[];
    const byKey = (k: string) => templates.find((x) => x.key === k)!.id;
    const cadence = await api('POST', '/api/v1/cadences', {
      name: 'Acordos',
      creditorId,
      steps: [
        {
          id: 'boas-vindas',
          anchor: 'agreement_created',
          offsetDays: 0,
          channel: 'email',
          templateId: byKey('agreement-welcome-email'),
        },
        {
          id: 'parcela-d-1',
          anchor: 'installment_due',
          offsetDays: -1,
          channel: 'whatsapp',
          templateId: byKey('installment-reminder-whatsapp'),
        },
        {
          id: 'rompido',
          anchor: 'agreement_broken',
          offsetDays: 1,
          channel: 'email',
          templateId: byKey('agreement-broken-email'),
        },
      ],
    });
    expect(cadence.statusCode).toBe(201);

    // created_at is the database's clock; the anchor is its São Paulo day (UTC−3).
    const created = new Date(Date.parse(agreement.createdAt) - 3 * 3_600_000).toISOString().slice(0, 10);
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

    const breakDay = addDays(first.dueDate, 6);
    expect(await runAgreementLifecycle(t.rt.ctx, breakDay, 'test')).toMatchObject({ broken: 1 });
    expect(await sweepDay(t.rt.ctx, addDays(breakDay, 1))).toMatchObject({ written: 1 });
    const steps = (await t.rt.ctx.database.db.selectFrom('outbox').select('step_id').execute()).map(
      (r) => r.step_id,
    );
    expect(steps.sort()).toEqual(['boas-vindas', 'parcela-d-1', 'rompido']);
  });
});
