import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/modules/negotiation/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { givenFor } from '../support/given.ts';

let t: TestApp;
let admin: string;
let creditorId: string;
let otherCreditorId: string;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.token('admin');
  const given = givenFor(t, admin);
  creditorId = (await given.creditor()).id;
  otherCreditorId = (await given.creditor({ name: 'Outro Credor SA', document: '12.ABC.345/01DE-35' })).id;
});
afterAll(async () => t?.close());

const policyUrl = (id: string) => `/api/v1/creditors/${id}/policy`;

describe('negotiation policy API', () => {
  it('GET returns the product default until one is saved', async () => {
    const r = await t.app.inject({ url: policyUrl(creditorId), headers: { authorization: admin } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ ...DEFAULT_POLICY, creditorId, source: 'default', updatedAt: null });
  });

  it('PUT saves a valid policy (numbers like 1.99) and GET returns it', async () => {
    const body = { ...DEFAULT_POLICY, installmentMonthlyRatePercent: 1.99, maxInstallments: 12 };
    const r = await t.app.inject({
      method: 'PUT',
      url: policyUrl(creditorId),
      headers: { authorization: admin },
      payload: body,
    });
    expect(r.statusCode, r.payload).toBe(200);
    expect(r.json()).toMatchObject({ ...body, source: 'creditor' });
    const g = await t.app.inject({ url: policyUrl(creditorId), headers: { authorization: admin } });
    expect(g.json()).toMatchObject({
      installmentMonthlyRatePercent: 1.99,
      maxInstallments: 12,
      source: 'creditor',
    });
  });

  it('PUT rejects an invalid policy with 422 and every reason; nothing changes', async () => {
    const body = {
      ...DEFAULT_POLICY,
      minInstallmentCents: 0,
      discountBands: [{ minDaysOverdue: 0, maxChargesDiscountPercent: 150, maxPrincipalDiscountPercent: 0 }],
    };
    const r = await t.app.inject({
      method: 'PUT',
      url: policyUrl(creditorId),
      headers: { authorization: admin },
      payload: body,
    });
    expect(r.statusCode).toBe(422);
    expect(r.json().code).toBe('VALIDATION_FAILED');
    expect(r.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'discountBands[0].maxChargesDiscountPercent',
      'minInstallmentCents',
    ]);
    const g = await t.app.inject({ url: policyUrl(creditorId), headers: { authorization: admin } });
    expect(g.json().minInstallmentCents).toBe(DEFAULT_POLICY.minInstallmentCents);
  });

  it('rejects missing and unknown fields', async () => {
    const { graceDays: _omit, ...partial } = DEFAULT_POLICY;
    const r = await t.app.inject({
      method: 'PUT',
      url: policyUrl(creditorId),
      headers: { authorization: admin },
      payload: partial,
    });
    expect(r.statusCode).toBe(422);
    expect(r.json().errors).toContainEqual({ field: 'graceDays', message: 'campo obrigatório' });
    const extra = await t.app.inject({
      method: 'PUT',
      url: policyUrl(creditorId),
      headers: { authorization: admin },
      payload: { ...DEFAULT_POLICY, surprise: 1 },
    });
    expect(extra.statusCode).toBe(422);
  });

  it('agents cannot change a policy; a creditor token sees only its own', async () => {
    const agent = await t.token('agent');
    const r = await t.app.inject({
      method: 'PUT',
      url: policyUrl(creditorId),
      headers: { authorization: agent },
      payload: DEFAULT_POLICY,
    });
    expect(r.statusCode).toBe(403);
    const own = await t.token('creditor', { creditorId });
    expect(
      (await t.app.inject({ url: policyUrl(creditorId), headers: { authorization: own } })).statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ url: policyUrl(otherCreditorId), headers: { authorization: own } })).statusCode,
    ).toBe(404);
    const otherTenant = await t.token('admin', { tenant: 'outra-agencia' });
    expect(
      (await t.app.inject({ url: policyUrl(creditorId), headers: { authorization: otherTenant } }))
        .statusCode,
    ).toBe(404);
  });
});
