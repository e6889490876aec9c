import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { type Api, apiAs, type Given, startAsAdmin } from '../support/given.ts';

let t: TestApp;
let api: Api;
let given: Given;
let creditorId: string;
let otherCreditorId: string;
let debtorId: string;
let debtIds: Record<string, string>;

// Maria: two debts with creditor A (one ~2 years old, one prescribed) and one with creditor B.
const CSV_A = [
  'document;name;external_id;original_amount;due_date;state',
  '529.982.247-25;Maria da Silva;A-1;1.000,00;2024-11-10;SP',
  '529.982.247-25;Maria da Silva;A-OLD;500,00;2019-01-10;SP',
].join('\n');
const CSV_B = [
  'document;name;external_id;original_amount;due_date',
  '52998224725;Maria da Silva;B-1;300,00;2026-06-10',
].join('\n');

beforeAll(async () => {
  const world = await startAsAdmin();
  ({ t, api, given } = world);
  creditorId =
    // An SFN institution: the policy below compounds 1.99% a month (Súmulas 539/541).
    (
      await given.creditor({
        terms: { finePercent: 2, monthlyInterestPercent: 1, correctionIndex: 'none' },
        financialInstitution: true,
      })
    ).id;
  otherCreditorId = (await given.creditor({ name: 'Outro SA', document: '12.ABC.345/01DE-35' })).id;
  await given.imported(creditorId, CSV_A);
  await given.imported(otherCreditorId, CSV_B);
  debtorId = await given.debtorId('52998224725');
  const debtor = await api('GET', `/api/v1/debtors/${debtorId}`);
  debtIds = Object.fromEntries(
    debtor.json().debts.map((d: { externalId: string; id: string }) => [d.externalId, d.id]),
  );
  await given.policy(creditorId, { maxInstallments: 6, installmentMonthlyRatePercent: 1.99 });
});
afterAll(async () => t?.close());

describe('POST /api/v1/debtors/{id}/offers', () => {
  it('offers lump sum and 2..6 installments for one creditor, prescribed debt left out', async () => {
    const r = await api('POST', `/api/v1/debtors/${debtorId}/offers`, {
      debtIds: [debtIds['A-1'], debtIds['A-OLD']],
      date: '2026-11-23',
    });
    expect(r.statusCode, r.payload).toBe(200);
    const body = r.json();
    expect(body.noAffordableOffer).toBe(false);
    expect(body.offers.map((o: { installmentsCount: number }) => o.installmentsCount)).toEqual([
      1, 2, 3, 4, 5, 6,
    ]);
    const lump = body.offers[0];
    // R$ 1.000,00 due Sunday 2024-11-10 -> Monday 11/11 (CC art. 132 §1), 742 days on 2026-11-23:
    // fine 2000; interest 24 civil months to 11/11/2026 + 12 of the 30 days to 11/12:
    // 100000 × 1% × (24 + 12/30) = 24400. Band 365+: 100% of charges + 30% of principal → discount
    // 26400 + 30000 = 56400; total 100000 − 30000 = 70000.
    expect(lump).toMatchObject({
      kind: 'lump_sum',
      balanceCents: 126400,
      discountCents: 56400,
      totalCents: 70000,
      debtIds: [debtIds['A-1']],
    });
    expect(lump.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lump.validUntil).toBe('2026-11-30');
    expect(lump.explanation.join(' ')).toMatch(/prescrita/);
    // Debts are named by the creditor's contract number, which the debtor knows.
    expect(lump.explanation.join(' ')).toMatch(/Dívida A-1: 742 dia\(s\) de atraso/);
    for (const o of body.offers)
      expect(o.schedule.reduce((s: number, p: { amountCents: number }) => s + p.amountCents, 0)).toBe(
        o.totalCents,
      );
  });

  it('includes the prescribed debt when the debtor asked', async () => {
    const r = await api('POST', `/api/v1/debtors/${debtorId}/offers`, {
      debtIds: [debtIds['A-1'], debtIds['A-OLD']],
      debtorInitiated: true,
    });
    expect(r.json().offers[0].debtIds).toHaveLength(2);
  });

  it('the missing-index note speaks only of the debts in the offer (not of a prescribed debt left out)', async () => {
    const ipcaCreditor = (await given.creditor({ name: 'Loja IPCA', document: '45.723.174/0001-10' })).id;
    await given.imported(
      ipcaCreditor,
      'document;name;external_id;original_amount;due_date\n' +
        '39053344705;João;P-OLD;1.000,00;2019-05-10\n' +
        '39053344705;João;P-NEW;500,00;2024-05-10\n',
    );
    const joao = await given.debtorId('39053344705');
    const notes = async (body: Record<string, unknown>) => {
      const r = await api('POST', `/api/v1/debtors/${joao}/offers`, body);
      expect(r.statusCode, r.payload).toBe(200);
      return (r.json().offers[0].explanation as string[]).join(' ');
    };
    // Left out: its months (2019) are not this offer's business.
    expect(await notes({})).not.toMatch(/2019/);
    // Asked for by the debtor: it is in, and so are its missing months.
    expect(await notes({ debtorInitiated: true })).toMatch(/mai\/2019/);
  });

  it('"nenhuma opção cabe" hands the agents only the debts the offer could include (no prescribed debt left out)', async () => {
    const joao = await given.debtorId('39053344705');
    const debts = (await api('GET', `/api/v1/debtors/${joao}`)).json().debts as {
      id: string;
      externalId: string;
    }[];
    const idOf = (x: string) => debts.find((d) => d.externalId === x)!.id;
    const r = await api('POST', `/api/v1/debtors/${joao}/offers`, { monthlyBudgetCents: 100 });
    expect(r.json().noAffordableOffer).toBe(true);
    const task = (await api('GET', '/api/v1/tasks'))
      .json()
      .items.find((i: { id: string }) => i.id === r.json().taskId);
    expect(task.details.debtIds).toEqual([idOf('P-NEW')]);
  });

  it('respects the budget and the mínimo existencial, or says none fits', async () => {
    const ids = [debtIds['A-1']];
    const budget = await api('POST', `/api/v1/debtors/${debtorId}/offers`, {
      debtIds: ids,
      monthlyBudgetCents: 25_000,
    });
    for (const o of budget.json().offers)
      for (const p of o.schedule) expect(p.amountCents).toBeLessThanOrEqual(25_000);
    expect(budget.json().offers.length).toBeGreaterThan(0);
    const none = await api('POST', `/api/v1/debtors/${debtorId}/offers`, {
      debtIds: ids,
      monthlyIncomeCents: 62_000,
    });
    expect(none.json()).toMatchObject({ offers: [], noAffordableOffer: true, paymentCapCents: 2_000 });
    expect(none.json().reason).toMatch(/pessoa/);
  });

  it('refuses debts of two creditors together, unknown debts and bad dates (422)', async () => {
    const mixed = await api('POST', `/api/v1/debtors/${debtorId}/offers`, {});
    expect(mixed.statusCode).toBe(422);
    expect(mixed.json().detail).toMatch(/credores diferentes/);
    const unknown = await api('POST', `/api/v1/debtors/${debtorId}/offers`, {
      debtIds: ['00000000-0000-0000-0000-000000000000'],
    });
    expect(unknown.statusCode).toBe(422);
    const badDate = await api('POST', `/api/v1/debtors/${debtorId}/offers`, {
      debtIds: [debtIds['B-1']],
      firstDueDate: '31/12/2026',
    });
    expect(badDate.statusCode).toBe(422);
  });

  it('a creditor token gets offers only for its own debts; another tenant gets 404', async () => {
    const own = await t.token('creditor', { creditorId: otherCreditorId });
    const r = await apiAs(t, own)('POST', `/api/v1/debtors/${debtorId}/offers`, {});
    expect(r.statusCode, r.payload).toBe(200);
    expect(r.json().offers[0].debtIds).toEqual([debtIds['B-1']]);
    const stranger = await t.token('admin', { tenant: 'outra' });
    expect((await apiAs(t, stranger)('POST', `/api/v1/debtors/${debtorId}/offers`, {})).statusCode).toBe(404);
  });
});

// Issue 12 items 2/13 and 7: what surrounds a staff offer (the index months still missing, the agents'
// task when nothing fits) speaks only of the debts the offer carries, never of the prescribed one left out.
describe('a prescribed debt left out of a staff offer', () => {
  let d2: string;
  let p1: string;
  let p2: string;
  beforeAll(async () => {
    // IPCA correction (the default terms): the tenant's IPCA starts in jan/2020, so P-1 (due 2019) needs
    // months nobody has; P-2 (2024) does not.
    const ipcaCreditor = (await given.creditor({ name: 'Credor IPCA SA', document: '11.444.777/0001-61' }))
      .id;
    await given.policy(ipcaCreditor, { maxInstallments: 6 });
    const debtor = await given.debtorWithDebts(ipcaCreditor, {
      document: '11144477735',
      debts: [
        { externalId: 'P-1', amount: '500,00', dueDate: '2019-05-10' },
        { externalId: 'P-2', amount: '1.000,00', dueDate: '2024-06-10' },
      ],
    });
    d2 = debtor.id;
    const byRef = Object.fromEntries(debtor.debts.map((d) => [d.externalId, d.id]));
    p1 = byRef['P-1']!;
    p2 = byRef['P-2']!;
  });

  it('the missing index months are those of the debts offered, not of the prescribed one', async () => {
    const r = await api('POST', `/api/v1/debtors/${d2}/offers`, {});
    expect(r.statusCode, r.payload).toBe(200);
    const lump = r.json().offers[0];
    expect(lump.debtIds).toEqual([p2]);
    const text = lump.explanation.join('\n');
    expect(text).toMatch(/1 dívida\(s\) prescrita\(s\) ficaram de fora/);
    expect(text).not.toMatch(/2019/);
    // Asked by the debtor, the prescribed debt is in the offer, and so are its months.
    const asked = await api('POST', `/api/v1/debtors/${d2}/offers`, { debtorInitiated: true });
    expect(asked.json().offers[0].debtIds).toHaveLength(2);
    expect(asked.json().offers[0].explanation.join('\n')).toMatch(/IPCA de [^.]*mai\/2019/);
  });

  it('the "nenhuma opção cabe" task carries only the debts offered', async () => {
    const r = await api('POST', `/api/v1/debtors/${d2}/offers`, { monthlyBudgetCents: 100 });
    expect(r.statusCode, r.payload).toBe(200);
    expect(r.json()).toMatchObject({ noAffordableOffer: true, taskId: expect.any(String) });
    const task = (
      (await api('GET', '/api/v1/tasks?limit=500')).json().items as {
        id: string;
        details: { debtIds: string[] };
      }[]
    ).find((x) => x.id === r.json().taskId);
    expect(task?.details.debtIds).toEqual([p2]);
    expect(task?.details.debtIds).not.toContain(p1);
  });
});
