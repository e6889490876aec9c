import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { apiAs, givenFor } from '../support/given.ts';

let t: TestApp;
let admin: string;
let agent: string;
let debtorId: string;

const post = (url: string, payload: unknown, auth = admin) => apiAs(t, auth)('POST', url, payload);

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.token('admin');
  agent = await t.token('agent');
  const given = givenFor(t, admin);
  const creditor = await given.creditor({
    terms: { correctionIndex: 'none', finePercent: 0, monthlyInterestPercent: 0 },
  });
  debtorId = (
    await given.debtorWithDebts(creditor.id, {
      name: 'Maria',
      debts: [{ externalId: 'P-1', amount: '1.200,00', dueDate: '2026-10-01' }],
    })
  ).id;
  // No discount band, no charges (0% fine and interest): the policy total is the principal, R$ 1.200,00.
  await given.policy(creditor.id, {
    discountBands: [],
    maxInstallments: 6,
    minInstallmentCents: 5_000,
    agentMaxExtraDiscountPercent: 10,
    approvalAboveExtraDiscountPercent: 5,
  });
});
afterAll(async () => t?.close());

const url = () => `/api/v1/debtors/${debtorId}/proposals`;

describe('counter-proposals and approvals', () => {
  it('inside the policy → an offer at once', async () => {
    const r = await post(
      url(),
      { downPaymentCents: 0, installmentsCount: 6, installmentCents: 20_000 },
      agent,
    );
    expect(r.statusCode, r.payload).toBe(200);
    expect(r.json()).toMatchObject({
      status: 'accepted',
      offer: { totalCents: 120_000, installmentsCount: 6 },
    });
    expect(r.json().offer.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('within the agent limit (3% off) → accepted with the reason', async () => {
    const r = await post(
      url(),
      { downPaymentCents: 0, installmentsCount: 6, installmentCents: 19_400 },
      agent,
    );
    expect(r.json()).toMatchObject({ status: 'accepted', reason: expect.stringMatching(/3%/) });
  });

  it('beyond the agent maximum (15% off) or too many installments → refused with the nearest plan', async () => {
    const r = await post(
      url(),
      { downPaymentCents: 0, installmentsCount: 6, installmentCents: 17_000 },
      agent,
    );
    expect(r.json()).toMatchObject({
      status: 'refused',
      nearest: { installmentsCount: 6, totalCents: 120_000 },
    });
    const many = await post(
      url(),
      { downPaymentCents: 0, installmentsCount: 12, installmentCents: 10_000 },
      agent,
    );
    expect(many.json()).toMatchObject({ status: 'refused', reason: expect.stringMatching(/de 1 a 6/) });
  });

  it('above the approval threshold (8% off) → queued; a manager approves and it becomes an acceptable offer', async () => {
    const r = await post(
      url(),
      { downPaymentCents: 0, installmentsCount: 6, installmentCents: 18_400 },
      agent,
    );
    expect(r.json()).toMatchObject({
      status: 'pending_approval',
      reason: expect.stringMatching(/aprovação de um gestor/),
    });
    const approvalId = r.json().approvalId;
    const pending = await t.app.inject({
      url: '/api/v1/approvals?status=pending',
      headers: { authorization: admin },
    });
    expect(pending.json().items.map((a: { id: string }) => a.id)).toContain(approvalId);
    expect((await post(`/api/v1/approvals/${approvalId}/approve`, {}, agent)).statusCode).toBe(403);
    const approved = await post(`/api/v1/approvals/${approvalId}/approve`, {
      note: 'cliente com desemprego recente',
    });
    expect(approved.statusCode, approved.payload).toBe(200);
    expect(approved.json()).toMatchObject({
      status: 'approved',
      decidedAt: '2026-11-23T15:00:00.000Z', // the injected clock, not the wall clock
      offer: { totalCents: 110_400 },
    });
    const twice = await post(`/api/v1/approvals/${approvalId}/reject`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('APPROVAL_ALREADY_DECIDED');
    const agreement = await t.app.inject({
      method: 'POST',
      url: '/api/v1/agreements',
      headers: { authorization: agent },
      payload: { offerId: approved.json().offer.id },
    });
    expect(agreement.statusCode, agreement.payload).toBe(201);
  });

  it('once the debt is in an agreement there is nothing left to propose on', async () => {
    const r = await post(
      url(),
      { downPaymentCents: 0, installmentsCount: 6, installmentCents: 10_000 },
      agent,
    );
    expect(r.statusCode).toBe(422); // no open debt left
    expect(r.json().detail).toMatch(/Nenhuma dívida em aberto/);
  });
});
