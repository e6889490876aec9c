import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Clock, isoDateInSaoPaulo } from '../../src/platform/clock.ts';
import type { TestApp } from '../support/app.ts';
import { type Api, startAsAdmin } from '../support/given.ts';

// Issue #12 items 5, 7, 9, 10, 12, 13 over HTTP, on the engine of the run (PGlite or PostgreSQL).
let t: TestApp;
let api: Api;
let creditorId: string;
let debtorIds: Record<string, string>;
let now = new Date('2026-11-23T15:00:00Z');
const clock: Clock = { now: () => new Date(now), today: () => isoDateInSaoPaulo(now) };

const CSV = [
  'document;name;external_id;original_amount;due_date;state',
  '529.982.247-25;Maria da Silva;M-1;1.000,00;2026-11-10;SP',
  '111.444.777-35;João Souza;J-1;800,00;2026-11-10;SP',
  '390.533.447-05;Ana Lima;A-1;500,00;2026-11-10;SP',
  '123.456.789-09;Rui Barros;R-1;1.000,00;2026-11-10;SP',
].join('\n');

interface OfferJson {
  id: string;
  kind: string;
  installmentsCount: number;
  totalCents: number;
  balanceCents: number;
  discountCents: number;
  downPaymentCents: number;
  cetAnnualPercent: number;
  monthlyRatePercent: number;
  effectiveAnnualRatePercent: number;
  interestMethod: string;
  validityDays: number;
  includesPrescribedDebt: boolean;
  explanation: string[];
  schedule: { number: number; dueDate: string; amountCents: number }[];
}

async function offersFor(key: string, body: Record<string, unknown> = {}) {
  const r = await api('POST', `/api/v1/debtors/${debtorIds[key]}/offers`, {
    firstDueDate: '2026-12-23',
    ...body,
  });
  expect(r.statusCode, r.payload).toBe(200);
  return r.json() as { offers: OfferJson[]; humanReviewRequired?: boolean; reason?: string };
}

beforeAll(async () => {
  const world = await startAsAdmin({ clock });
  ({ t, api } = world);
  const { given } = world;
  // A retailer (outside the SFN): installment interest at most 1% a month, simple.
  creditorId = (await given.creditor()).id;
  await given.imported(creditorId, CSV);
  debtorIds = await given.debtorIds({
    maria: '52998224725',
    joao: '11144477735',
    ana: '39053344705',
    rui: '12345678909',
  });
  await given.policy(creditorId, {
    maxInstallments: 3,
    minInstallmentCents: 100,
    installmentMonthlyRatePercent: 1,
  });
});
afterAll(async () => t?.close());

describe('offers from a creditor outside the SFN (items 5 and 9)', () => {
  it('simple interest at 1% a month, 12% a year beside the CET, valid 7 days, and why', async () => {
    const { offers } = await offersFor('maria');
    const plan = offers.find((o) => o.installmentsCount === 3)!;
    expect(plan).toMatchObject({
      monthlyRatePercent: 1,
      effectiveAnnualRatePercent: 12,
      interestMethod: 'simple',
      validityDays: 7,
      includesPrescribedDebt: false,
    });
    expect(plan.explanation.join('\n')).toContain('Decreto 22.626/1933');
    expect(offers[0]).toMatchObject({
      kind: 'lump_sum',
      interestMethod: 'none',
      effectiveAnnualRatePercent: 0,
    });
  });
});

describe('interest counted to the real due date of each installment (issue #12 items 5, 6 and 9)', () => {
  it('first due in 3 business days: CET near 12%, and a payoff on the release day within what was financed', async () => {
    // Today Monday 23/11/2026; the default first due date is 3 business days later, Thursday 26/11.
    const { offers } = await offersFor('rui', { firstDueDate: undefined });
    const plan = offers.find((o) => o.installmentsCount === 3)!;
    expect(plan.schedule.map((p) => p.dueDate)).toEqual(['2026-11-26', '2026-12-28', '2027-01-26']);
    expect(plan.downPaymentCents).toBe(0);
    const financed = plan.balanceCents - plan.discountCents;
    // Months from 23/11 (civil months + pro rata of the running month): 26/11 → 3/30 (23/11 to 23/12 has
    // 30 days); 28/12 (26/12 is a Saturday) → 1 + 5/31; 26/01 → 2 + 3/31. Simple interest at 1%:
    // PMT = financed / Σ 1/(1 + 0,01·t), the total n·PMT rounded once, the last installment absorbing it.
    const t = [3 / 30, 1 + 5 / 31, 2 + 3 / 31];
    const exact = financed / t.reduce((s, x) => s + 1 / (1 + 0.01 * x), 0);
    const payment = Math.round(exact);
    const total = Math.round(3 * exact);
    expect(plan.schedule.map((p) => p.amountCents)).toEqual([payment, payment, total - 2 * payment]);
    expect(plan).toMatchObject({
      effectiveAnnualRatePercent: 12,
      interestMethod: 'simple',
      totalCents: total,
    });
    // The CET (days/365, compound) of 1% a month simple over ~2 months: a little above 12%, never the 30%
    // of a whole month of interest charged for the first 3 days.
    for (const o of offers.filter((x) => x.kind === 'installments')) {
      expect(o.cetAnnualPercent).toBeGreaterThan(12);
      expect(o.cetAnnualPercent).toBeLessThan(13);
    }

    const a = await api('POST', '/api/v1/agreements', { offerId: plan.id });
    expect(a.statusCode, a.payload).toBe(201);
    const payoff = await api('GET', `/api/v1/agreements/${a.json().id}/payoff?date=2026-11-23`);
    expect(payoff.statusCode, payoff.payload).toBe(200);
    // Settled the day it was made: no more than the amount financed (it cost ~1 month of interest before).
    expect(payoff.json().amountCents).toBeLessThanOrEqual(financed);
    expect(payoff.json().amountCents + payoff.json().reductionCents).toBe(plan.totalCents);
  });
});

describe('early settlement (item 10)', () => {
  let agreementId: string;

  it('GET payoff: remaining installments discounted at the agreement rate; amount + reduction = owed', async () => {
    const plan = (await offersFor('maria')).offers.find((o) => o.installmentsCount === 3)!;
    const a = await api('POST', '/api/v1/agreements', { offerId: plan.id });
    expect(a.statusCode, a.payload).toBe(201);
    agreementId = a.json().id;
    expect(a.json()).toMatchObject({
      interestMethod: 'simple',
      effectiveAnnualRatePercent: 12,
      origin: 'online',
    });
    const r = await api('GET', `/api/v1/agreements/${agreementId}/payoff?date=2026-11-23`);
    expect(r.statusCode, r.payload).toBe(200);
    const q = r.json();
    expect(q.amountCents + q.reductionCents).toBe(plan.totalCents);
    expect(q.reductionCents).toBeGreaterThan(0);
    expect(q.validUntil).toBe('2026-11-23');
    expect(q.legalBasis).toContain('CDC art. 52 §2º');
    expect(q.prepaymentOptions.map((o: { numbers: number[] }) => o.numbers)).toEqual([
      [3],
      [3, 2],
      [3, 2, 1],
    ]);
    // On the last due date nothing is left to discount.
    const last = plan.schedule.at(-1)!.dueDate;
    const late = await api('GET', `/api/v1/agreements/${agreementId}/payoff?date=${last}`);
    expect(late.json()).toMatchObject({ amountCents: plan.totalCents, reductionCents: 0 });
    // A past date or a malformed one is refused, naming the field (errors [{field, message}], like every 422).
    for (const q of ['2026-11-01', 'ontem', '2026-02-30']) {
      const refused = await api('GET', `/api/v1/agreements/${agreementId}/payoff?date=${q}`);
      expect(refused.statusCode).toBe(422);
      expect(refused.json().errors).toEqual([{ field: 'date', message: expect.any(String) }]);
    }
  });

  it('cancellation within 7 days (item 12): the debt reopens, a second cancel is refused', async () => {
    const r = await api('POST', `/api/v1/agreements/${agreementId}/cancel`, {});
    expect(r.statusCode, r.payload).toBe(200);
    expect(r.json()).toMatchObject({ status: 'cancelled', refundCents: 0, paymentsToRefund: 0 });
    expect(r.json().legalBasis).toContain('CDC art. 49');
    const debtor = await api('GET', `/api/v1/debtors/${debtorIds.maria}`);
    expect(debtor.json().debts[0].status).toBe('open');
    const a = await api('GET', `/api/v1/agreements/${agreementId}`);
    expect(a.json()).toMatchObject({ status: 'cancelled' });
    expect(a.json().cancelledAt).not.toBeNull();
    expect((await api('POST', `/api/v1/agreements/${agreementId}/cancel`, {})).statusCode).toBe(422);
    // The debt can be negotiated again at once.
    expect((await offersFor('maria')).offers.length).toBeGreaterThan(0);
  });

  it('not in person, and not after the 7th day', async () => {
    const inPerson = (await offersFor('joao')).offers[0]!;
    const a = await api('POST', '/api/v1/agreements', { offerId: inPerson.id, origin: 'in_person' });
    expect(a.statusCode, a.payload).toBe(201);
    const refused = await api('POST', `/api/v1/agreements/${a.json().id}/cancel`, {});
    expect(refused.statusCode).toBe(422);
    expect(refused.json().detail).toContain('CDC art. 49');

    const byPhone = (await offersFor('ana')).offers[0]!;
    const b = await api('POST', '/api/v1/agreements', { offerId: byPhone.id, origin: 'phone' });
    expect(b.statusCode, b.payload).toBe(201);
    now = new Date('2026-12-01T15:00:00Z'); // signed 23/11: the last day was 30/11
    try {
      const late = await api('POST', `/api/v1/agreements/${b.json().id}/cancel`, {});
      expect(late.statusCode).toBe(422);
      expect(late.json().detail).toContain('30/11/2026');
    } finally {
      now = new Date('2026-11-23T15:00:00Z');
    }
  });
});

describe('vulnerable debtors and human review (item 13)', () => {
  it('plans with interest are held for a person; a review request creates an agent task', async () => {
    const flags = await api('PUT', `/api/v1/debtors/${debtorIds.maria}/contact-flags`, { vulnerable: true });
    expect(flags.statusCode, flags.payload).toBe(200);
    const r = await offersFor('maria');
    expect(r.offers.map((o) => o.kind)).toEqual(['lump_sum']);
    expect(r.humanReviewRequired).toBe(true);
    expect(r.reason).toContain('CDC art. 54-C IV');

    const review = await api('POST', `/api/v1/debtors/${debtorIds.maria}/reviews`, {
      subject: 'offers',
      reason: 'Quero falar com uma pessoa sobre o parcelamento.',
    });
    expect(review.statusCode, review.payload).toBe(201);
    expect(review.json()).toMatchObject({ status: 'open', subject: 'offers', replyBy: '2026-12-08' });
    expect(review.json().legalBasis).toContain('LGPD art. 20');
    const tasks = await api('GET', '/api/v1/tasks');
    const task = tasks.json().items.find((x: { id: string }) => x.id === review.json().id);
    expect(task).toMatchObject({ kind: 'human_review', debtorId: debtorIds.maria });
    expect(task.text).toContain('Quero falar com uma pessoa');
    expect(
      (await api('POST', `/api/v1/debtors/${debtorIds.maria}/reviews`, { subject: 'x' })).statusCode,
    ).toBe(422);
  });
});
