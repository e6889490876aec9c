import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { type Api, apiAs, startAsAdmin } from '../support/given.ts';
import { debtorForProposals, propose } from '../support/proposals.ts';

let t: TestApp;
let admin: Api;
let agent: Api;
let debtorId: string;

beforeAll(async () => {
  const world = await startAsAdmin();
  ({ t, api: admin } = world);
  agent = apiAs(t, await t.token('agent'));
  debtorId = await debtorForProposals(world.given);
});
afterAll(async () => t?.close());

describe('counter-proposals and approvals', () => {
  it('inside the policy → an offer at once', async () => {
    const r = await propose(agent, debtorId, 20_000);
    expect(r.statusCode, r.payload).toBe(200);
    expect(r.json()).toMatchObject({
      status: 'accepted',
      offer: { totalCents: 120_000, installmentsCount: 6 },
    });
    expect(r.json().offer.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('within the agent limit (3% off) → accepted with the reason', async () => {
    const r = await propose(agent, debtorId, 19_400);
    expect(r.json()).toMatchObject({ status: 'accepted', reason: expect.stringMatching(/3%/) });
  });

  it('beyond the agent maximum (15% off) or too many installments → refused with the nearest plan', async () => {
    const r = await propose(agent, debtorId, 17_000);
    expect(r.json()).toMatchObject({
      status: 'refused',
      nearest: { installmentsCount: 6, totalCents: 120_000 },
    });
    const many = await propose(agent, debtorId, 10_000, 12);
    expect(many.json()).toMatchObject({ status: 'refused', reason: expect.stringMatching(/de 1 a 6/) });
  });

  it('above the approval threshold (8% off) → queued; a manager approves and it becomes an acceptable offer', async () => {
    const r = await propose(agent, debtorId, 18_400);
    expect(r.json()).toMatchObject({
      status: 'pending_approval',
      reason: expect.stringMatching(/aprovação de um gestor/),
    });
    const approvalId = r.json().approvalId;
    const pending = await admin('GET', '/api/v1/approvals?status=pending');
    expect(pending.json().items.map((a: { id: string }) => a.id)).toContain(approvalId);
    expect((await agent('POST', `/api/v1/approvals/${approvalId}/approve`, {})).statusCode).toBe(403);
    const approved = await admin('POST', `/api/v1/approvals/${approvalId}/approve`, {
      note: 'cliente com desemprego recente',
    });
    expect(approved.statusCode, approved.payload).toBe(200);
    expect(approved.json()).toMatchObject({
      status: 'approved',
      decidedAt: '2026-11-23T15:00:00.000Z', // the injected clock, not the wall clock
      offer: { totalCents: 110_400 },
    });
    const twice = await admin('POST', `/api/v1/approvals/${approvalId}/reject`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('APPROVAL_ALREADY_DECIDED');
    const agreement = await agent('POST', '/api/v1/agreements', { offerId: approved.json().offer.id });
    expect(agreement.statusCode, agreement.payload).toBe(201);
  });

  it('once the debt is in an agreement there is nothing left to propose on', async () => {
    const r = await propose(agent, debtorId, 10_000);
    expect(r.statusCode).toBe(422); // no open debt left
    expect(r.json().detail).toMatch(/Nenhuma dívida em aberto/);
  });
});
