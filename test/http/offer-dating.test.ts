import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { type Api, acceptOffer, type Given, startAsAdmin } from '../support/given.ts';

/**
 * Offers can't be dated by the caller (issue #10 item 3). An agent asked for offers two years ahead,
 * fell into a larger discount band and accepted at once. Now: a date makes a simulation, marked as such,
 * that cannot be accepted; acceptance checks validity and the current policy again.
 */
let t: TestApp;
let api: Api;
let given: Given;
let creditorId: string;
let debtorId: string;

async function offers(body: Record<string, unknown> = {}) {
  const r = await api('POST', `/api/v1/debtors/${debtorId}/offers`, body);
  expect(r.statusCode, r.payload).toBe(200);
  return r.json() as {
    simulation: boolean;
    offers: {
      id: string;
      kind: string;
      discountCents: number;
      totalCents: number;
      simulation: boolean;
      explanation: string[];
    }[];
  };
}

const accept = (offerId: string, idempotencyKey?: string) => acceptOffer(api, offerId, idempotencyKey);

beforeAll(async () => {
  ({ t, api, given } = await startAsAdmin()); // today: 2026-11-23
  creditorId = (await given.creditor()).id;
  // 44 days overdue today (band 30+: 50% of the charges); two years ahead it is in the 365+ band.
  await given.imported(
    creditorId,
    'document;name;external_id;original_amount;due_date\n52998224725;Maria;M-1;10.000,00;2026-10-10\n',
  );
  debtorId = await given.debtorId('52998224725');
  await given.policy(creditorId, { maxInstallments: 3 });
});
afterAll(async () => t?.close());

describe('offers dated by the caller are simulations', () => {
  it('"date" two years ahead: a larger discount, marked simulation, and accepting it is refused (422)', async () => {
    const today = await offers();
    const ahead = await offers({ date: '2028-11-23' });
    expect(ahead.simulation).toBe(true);
    expect(ahead.offers.length).toBeGreaterThan(0);
    expect(ahead.offers.every((o) => o.simulation)).toBe(true);
    expect(ahead.offers[0]!.explanation[0]).toMatch(/Simulação para 23\/11\/2028/);
    // The reason this matters: the future band gives much more discount than today's.
    expect(ahead.offers[0]!.discountCents).toBeGreaterThan(today.offers[0]!.discountCents);
    const refused = await accept(ahead.offers[0]!.id);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('OFFER_SIMULATION');
    expect(refused.json().detail).toMatch(/simulação para 23\/11\/2028/);
    const rows = await t.rt.ctx.database.db.selectFrom('agreements').select('id').execute();
    expect(rows).toHaveLength(0);
  });

  it('backdated offers are simulations too', async () => {
    const back = await offers({ date: '2026-11-20' });
    expect(back.offers.length).toBeGreaterThan(0);
    expect(back.offers.every((o) => o.simulation)).toBe(true);
    expect((await accept(back.offers[0]!.id)).json().code).toBe('OFFER_SIMULATION');
  });

  it('an offer recorded for a future day (before this rule) is refused too', async () => {
    const sim = await offers({ date: '2028-11-23' });
    await t.rt.ctx.database.db
      .updateTable('offers')
      .set({ simulation: false })
      .where('id', '=', sim.offers[0]!.id)
      .execute();
    expect((await accept(sim.offers[0]!.id)).json().code).toBe('OFFER_SIMULATION');
  });

  it('the discount is checked against the policy in force at acceptance', async () => {
    const today = await offers();
    expect(today.simulation).toBe(false);
    const lump = today.offers.find((o) => o.kind === 'lump_sum')!;
    expect(lump.discountCents).toBeGreaterThan(0);
    // The creditor lowers its discounts before the offer is accepted.
    await given.policy(creditorId, {
      maxInstallments: 3,
      discountBands: [{ minDaysOverdue: 0, maxChargesDiscountPercent: 0, maxPrincipalDiscountPercent: 0 }],
    });
    const refused = await accept(lump.id);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'OFFER_OUT_OF_POLICY', allowedDiscountCents: 0 });
    // Today's offers under the new policy are accepted.
    const fresh = (await offers()).offers.find((o) => o.kind === 'lump_sum')!;
    expect(fresh).toMatchObject({ simulation: false, discountCents: 0 });
    const ok = await accept(fresh.id, 'dating-ok');
    expect(ok.statusCode, ok.payload).toBe(201);
  });
});

describe('invalid dates in an offer request name their field', () => {
  it('date, firstDueDate and debtIds: 422 with errors [{field, message}]', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ date: '2026-02-30' }, 'date'],
      [{ firstDueDate: '2026-02-30' }, 'firstDueDate'],
      [{ firstDueDate: '2026-11-01' }, 'firstDueDate'],
      [{ debtIds: ['nao-existe'] }, 'debtIds'],
    ];
    for (const [body, field] of cases) {
      const r = await api('POST', `/api/v1/debtors/${debtorId}/offers`, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(422);
      expect(r.json().errors).toEqual([{ field, message: expect.any(String) }]);
    }
  });
});
