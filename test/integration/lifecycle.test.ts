import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agreementLifecycleJob, runAgreementLifecycle } from '../../src/modules/agreements/index.ts';
import { type Clock, isoDateInSaoPaulo } from '../../src/platform/clock.ts';
import { startTestApp, TEST_TODAY, type TestApp } from '../support/app.ts';
import { type Api, apiAs, givenFor } from '../support/given.ts';

/**
 * The agreement lifecycle over simulated dates, on the real database: late → cured by a payment →
 * later broken → debt restored with the payment deducted. Payments are written straight to the
 * installment here (the payments module will apply them through the API).
 */
let t: TestApp;
let admin: string;
let api: Api;
let agreementId: string;
let debtId: string;
let debtorId: string;
// The days go by: offers that can be accepted are computed on the clock's day (never a caller's date).
let now = new Date(`${TEST_TODAY}T15:00:00Z`);
const clock: Clock = { now: () => new Date(now), today: () => isoDateInSaoPaulo(now) };
const setToday = (date: string) => {
  now = new Date(`${date}T15:00:00Z`);
};

beforeAll(async () => {
  t = await startTestApp({ clock });
  admin = await t.token('admin');
  api = apiAs(t, admin);
  const given = givenFor(t, admin);
  const creditor = await given.creditor({ terms: { correctionIndex: 'none' } });
  const debtor = await given.debtorWithDebts(creditor.id, {
    name: 'Maria',
    debts: [{ externalId: 'L-1', amount: '1.200,00', dueDate: '2026-10-01' }],
  });
  await given.policy(creditor.id, {
    graceDays: 10,
    maxInstallments: 3,
    maxRenegotiations: 1,
    offerValidityDays: 30,
  });
  debtorId = debtor.id;
  debtId = debtor.debts[0]!.id;
  agreementId = (await given.agreement(debtor.id, { installments: 3 })).id;
});
afterAll(async () => t?.close());

async function agreement() {
  return (await api('GET', `/api/v1/agreements/${agreementId}`)).json();
}

describe('agreement lifecycle', () => {
  it('the scheduled job payload {} means today; a future date in a payload is refused before writing', async () => {
    const job = agreementLifecycleJob(t.rt.ctx);
    expect(job.parse({})).toEqual({});
    expect(job.parse({ date: '2026-11-30' })).toEqual({ date: '2026-11-30' });
    expect(() => job.parse({ date: 'amanhã' })).toThrow();
    await expect(job.handle({ date: '2099-01-01' }, { jobId: 'j1' })).rejects.toThrow(/depois de hoje/);
  });

  it('runs day by day: late, cured, broken, restored — and re-running a day changes nothing', async () => {
    const ctx = t.rt.ctx;
    const first = (await agreement()).installments[0];
    expect(first).toMatchObject({ dueDate: '2026-12-01', status: 'pending' });

    expect(await runAgreementLifecycle(ctx, '2026-12-01', 'test')).toMatchObject({ checked: 1, late: 0 });
    expect(await runAgreementLifecycle(ctx, '2026-12-02', 'test')).toMatchObject({ late: 1, broken: 0 });
    expect((await agreement()).installments[0].status).toBe('late');
    expect(await runAgreementLifecycle(ctx, '2026-12-02', 'test')).toMatchObject({ late: 0 }); // idempotent

    // The debtor pays the first installment late but within the grace days: cured.
    await ctx.database.db
      .updateTable('agreement_installments')
      .set({ paid_cents: first.amountCents })
      .where('id', '=', first.id)
      .execute();
    expect(await runAgreementLifecycle(ctx, '2026-12-05', 'test')).toMatchObject({ cured: 1, broken: 0 });

    // The second installment (due 2027-01-04) is never paid: broken after 10 grace days.
    const second = (await agreement()).installments[1];
    expect(await runAgreementLifecycle(ctx, second.dueDate.replace(/-\d\d$/, '-14'), 'test')).toMatchObject({
      broken: 0,
    });
    // A dry run on the break date says what would change and writes nothing.
    const dry = await runAgreementLifecycle(ctx, '2027-01-15', 'test', { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, broken: 1 });
    expect(dry.changes).toHaveLength(1);
    expect(dry.changes[0]!.events.map((e) => e.type)).toContain('agreement.broken');
    expect((await agreement()).status).toBe('active');
    expect((await api('GET', `/api/v1/debts/${debtId}`)).json().status).toBe('in_agreement');

    const run = await runAgreementLifecycle(ctx, '2027-01-15', 'test');
    expect(run).toMatchObject({ dryRun: false, broken: 1 });
    expect(run.changes.map((c) => c.agreementId)).toEqual([agreementId]);
    const broken = await agreement();
    expect(broken.status).toBe('broken');
    expect(await runAgreementLifecycle(ctx, '2027-01-16', 'test')).toMatchObject({ checked: 0 });

    // The debt is open again with what was paid deducted from its principal — nothing paid is lost.
    const debt = (await api('GET', `/api/v1/debts/${debtId}`)).json();
    expect(debt.status).toBe('open');
    const balance = (await api('GET', `/api/v1/debts/${debtId}/balance?date=2027-01-15`)).json();
    expect(balance.principalCents).toBe(120_000 - first.amountCents);
    expect(balance.lines[0].rule).toMatch(/Já pagos/);

    const events = (await api('GET', `/api/v1/agreements/${agreementId}/events`))
      .json()
      .items.map((e: { type: string }) => e.type);
    expect(events).toEqual([
      'agreement.created',
      'installment.late',
      'installment.cured',
      'installment.late',
      'agreement.broken',
      'debts.restored',
    ]);
  });

  it('renegotiates a broken agreement up to the policy limit, then offers only the lump sum', async () => {
    const ctx = t.rt.ctx;
    // First renegotiation (limit 1): installment plans are offered again, and say so.
    setToday('2027-01-16');
    const res = (
      await api('POST', `/api/v1/debtors/${debtorId}/offers`, {
        firstDueDate: '2027-01-20',
      })
    ).json();
    expect(res.renegotiation).toEqual({ number: 1, max: 1, installmentsAllowed: true });
    const two = res.offers.find((o: { installmentsCount: number }) => o.installmentsCount === 2);
    const three = res.offers.find((o: { installmentsCount: number }) => o.installmentsCount === 3);
    // (Offers made on 2027-01-16 may also note index months not published yet, after this line.)
    expect(three.explanation.join('\n')).toMatch(/Renegociação nº 1 de até 1/);
    // The balance was recomputed on the principal left after the first agreement's payment.
    expect(three.balanceCents).toBeLessThan(120_000);

    const renegotiated = (await api('POST', '/api/v1/agreements', { offerId: three.id })).json();
    expect(renegotiated).toMatchObject({ status: 'active', renegotiationNumber: 1, renegotiatedBy: null });
    const old = await agreement();
    expect(old).toMatchObject({ status: 'renegotiated', renegotiatedBy: renegotiated.id });
    const oldEvents = (await api('GET', `/api/v1/agreements/${agreementId}/events`)).json().items;
    expect(oldEvents.at(-1)).toMatchObject({
      type: 'agreement.renegotiated',
      details: { renegotiatedBy: renegotiated.id },
    });
    const newEvents = (await api('GET', `/api/v1/agreements/${renegotiated.id}/events`)).json().items;
    expect(newEvents[0].details).toMatchObject({ renegotiates: [agreementId], renegotiationNumber: 1 });
    // The lifecycle job leaves a renegotiated agreement alone.
    expect(await runAgreementLifecycle(ctx, '2027-01-21', 'test')).toMatchObject({ checked: 1, late: 1 });

    // The renegotiated agreement breaks too: the debt has now broken twice, past the limit of 1.
    expect(await runAgreementLifecycle(ctx, '2027-02-01', 'test')).toMatchObject({ broken: 1 });
    const debt = (await api('GET', `/api/v1/debts/${debtId}`)).json();
    expect(debt).toMatchObject({ status: 'open', brokenAgreements: 2 });

    setToday('2027-02-01');
    const after = (await api('POST', `/api/v1/debtors/${debtorId}/offers`, {})).json();
    expect(after.offers.map((o: { kind: string }) => o.kind)).toEqual(['lump_sum']);
    expect(after.renegotiation).toEqual({ number: 2, max: 1, installmentsAllowed: false });
    expect(after.reason).toMatch(/permite até 1 renegociação/);

    const proposal = await api('POST', `/api/v1/debtors/${debtorId}/proposals`, {
      downPaymentCents: 10_000,
      installmentsCount: 3,
      installmentCents: 20_000,
    });
    expect(proposal.json()).toMatchObject({
      status: 'refused',
      reason: expect.stringMatching(/Parcelamento indisponível/),
    });

    // An installment offer made before the second break is refused at acceptance, inside the database
    // transaction, and nothing changes.
    const late = await api('POST', '/api/v1/agreements', { offerId: two.id });
    expect(late.statusCode).toBe(422);
    expect(late.json().code).toBe('RENEGOTIATION_LIMIT');
    expect((await api('GET', `/api/v1/debts/${debtId}`)).json().status).toBe('open');

    // Paying in full stays possible.
    const lump = await api('POST', '/api/v1/agreements', { offerId: after.offers[0].id });
    expect(lump.statusCode).toBe(201);
    expect(lump.json()).toMatchObject({ renegotiationNumber: 2, installments: [expect.any(Object)] });
  });
});
