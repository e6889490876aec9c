import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { type Api, apiAs, startAsAdmin } from '../support/given.ts';
import { debtorForProposals, propose } from '../support/proposals.ts';

/**
 * Approvals need four eyes (issue #10 item 16): the token that asked for an exception cannot approve
 * or reject it; and a refused counter-proposal's nearest option is a recorded offer that can be accepted.
 */
let t: TestApp;
let admin: Api;
let debtorId: string;

beforeAll(async () => {
  const world = await startAsAdmin();
  ({ t, api: admin } = world);
  debtorId = await debtorForProposals(world.given);
});
afterAll(async () => t?.close());

describe('four eyes on approvals', () => {
  it('the manager who asked cannot approve nor reject; another manager can', async () => {
    const asking = apiAs(t, await t.token('manager'));
    const other = apiAs(t, await t.token('manager'));
    const r = await propose(asking, debtorId, 18_400);
    expect(r.json()).toMatchObject({ status: 'pending_approval' });
    const id = r.json().approvalId;
    for (const action of ['approve', 'reject']) {
      const own = await asking('POST', `/api/v1/approvals/${id}/${action}`, {});
      expect(own.statusCode).toBe(403);
      expect(own.json().code).toBe('SELF_APPROVAL');
    }
    const pending = await admin('GET', '/api/v1/approvals?status=pending');
    expect(pending.json().items.map((a: { id: string }) => a.id)).toContain(id);
    const approved = await other('POST', `/api/v1/approvals/${id}/approve`, {});
    expect(approved.statusCode, approved.payload).toBe(200);
    expect(approved.json()).toMatchObject({
      status: 'approved',
      offer: { totalCents: 110_400, simulation: false },
    });
  });
});

describe('four eyes compares people, not tokens', () => {
  /** A manager token created over the API for a person; returns its Authorization header and id. */
  async function managerFor(person?: string) {
    const r = await admin('POST', '/api/v1/tokens', { role: 'manager', ...(person ? { person } : {}) });
    expect(r.statusCode, r.payload).toBe(201);
    expect(r.json().person).toBe(person?.trim() ?? null);
    return { auth: `Bearer ${r.json().token}`, id: r.json().id as string };
  }
  async function ask(auth: string) {
    const r = await propose(apiAs(t, auth), debtorId, 18_400);
    expect(r.json()).toMatchObject({ status: 'pending_approval' });
    return r.json().approvalId as string;
  }

  it('one person with two tokens cannot approve their own request; another person can', async () => {
    const first = await managerFor('ana@assessoria.com.br');
    const second = await managerFor('  ANA@assessoria.com.br ');
    const id = await ask(first.auth);
    for (const action of ['approve', 'reject']) {
      const own = await apiAs(t, second.auth)('POST', `/api/v1/approvals/${id}/${action}`, {});
      expect(own.statusCode, own.payload).toBe(403);
      expect(own.json()).toMatchObject({ code: 'SELF_APPROVAL' });
    }
    // The listing shows who holds each token (never the secret).
    const listed = await admin('GET', '/api/v1/tokens');
    const mine = listed.json().items.find((i: { id: string }) => i.id === second.id);
    expect(mine).toMatchObject({ person: 'ANA@assessoria.com.br' });
    const bia = await managerFor('bia@assessoria.com.br');
    const approved = await apiAs(t, bia.auth)('POST', `/api/v1/approvals/${id}/approve`, {});
    expect(approved.statusCode, approved.payload).toBe(200);
  });

  it('a token without a person is compared by its id', async () => {
    const named = await managerFor('carla@assessoria.com.br');
    const anonymous = await managerFor();
    const id = await ask(named.auth);
    const other = await apiAs(t, anonymous.auth)('POST', `/api/v1/approvals/${id}/reject`, {});
    expect(other.statusCode, other.payload).toBe(200);
  });

  it('a person longer than 200 characters is a 422', async () => {
    const r = await admin('POST', '/api/v1/tokens', { role: 'manager', person: 'a'.repeat(201) });
    expect(r.statusCode).toBe(422);
  });
});

describe('a refused counter-proposal', () => {
  it('carries the nearest option with an id that can be accepted', async () => {
    const agent = apiAs(t, await t.token('agent'));
    const r = await propose(agent, debtorId, 17_000);
    expect(r.json()).toMatchObject({
      status: 'refused',
      nearest: { id: expect.any(String), installmentsCount: 6, totalCents: 120_000, simulation: false },
    });
    const accepted = await agent(
      'POST',
      '/api/v1/agreements',
      { offerId: r.json().nearest.id },
      {
        'idempotency-key': 'nearest-1',
      },
    );
    expect(accepted.statusCode, accepted.payload).toBe(201);
    expect(accepted.json()).toMatchObject({ totalCents: 120_000, offerId: r.json().nearest.id });
  });
});
