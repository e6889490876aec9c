import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/modules/negotiation/index.ts';
import type { TestApp } from '../support/app.ts';
import { type Api, apiAs, startAsAdmin } from '../support/given.ts';

let t: TestApp;
let api: Api;
let creditorId: string;
let otherCreditorId: string;

beforeAll(async () => {
  const world = await startAsAdmin();
  ({ t, api } = world);
  const { given } = world;
  // A bank (SFN): its policy may compound up to 20% a month; the other creditor is a retailer.
  creditorId = (await given.creditor({ financialInstitution: true })).id;
  otherCreditorId = (await given.creditor({ name: 'Outro Credor SA', document: '12.ABC.345/01DE-35' })).id;
});
afterAll(async () => t?.close());

const policyUrl = (id: string) => `/api/v1/creditors/${id}/policy`;

describe('negotiation policy API', () => {
  it('GET returns the product default until one is saved', async () => {
    const r = await api('GET', policyUrl(creditorId));
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ ...DEFAULT_POLICY, creditorId, source: 'default', updatedAt: null });
  });

  it('PUT saves a valid policy (numbers like 1.99) and GET returns it', async () => {
    const body = { ...DEFAULT_POLICY, installmentMonthlyRatePercent: 1.99, maxInstallments: 12 };
    const r = await api('PUT', policyUrl(creditorId), body);
    expect(r.statusCode, r.payload).toBe(200);
    expect(r.json()).toMatchObject({ ...body, source: 'creditor' });
    const g = await api('GET', policyUrl(creditorId));
    expect(g.json()).toMatchObject({
      installmentMonthlyRatePercent: 1.99,
      maxInstallments: 12,
      source: 'creditor',
    });
  });

  it('a creditor outside the SFN: above 1% a month is refused with the reason (issue #12 item 5)', async () => {
    const r = await api('PUT', policyUrl(otherCreditorId), {
      ...DEFAULT_POLICY,
      installmentMonthlyRatePercent: 1.99,
      offerValidityDays: 1,
    });
    expect(r.statusCode).toBe(422);
    const errors = r.json().errors as { field: string; message: string }[];
    expect(errors.map((e) => e.field)).toEqual(['installmentMonthlyRatePercent', 'offerValidityDays']);
    expect(errors[0]!.message).toContain('Decreto 22.626/1933');
    expect(errors[1]!.message).toContain('CDC art. 54-B');
    const ok = await api('PUT', policyUrl(otherCreditorId), {
      ...DEFAULT_POLICY,
      installmentMonthlyRatePercent: 1,
    });
    expect(ok.statusCode, ok.payload).toBe(200);
  });

  it('the mínimo existencial is a tenant setting, R$ 600,00 by default, never below it', async () => {
    const g = await api('GET', '/api/v1/settings/negotiation');
    expect(g.json()).toMatchObject({ minimumExistentialCents: 60_000, source: 'default' });
    expect(g.json().legalBasis).toContain('Decreto 11.150/2022');
    const low = await api('PUT', '/api/v1/settings/negotiation', { minimumExistentialCents: 50_000 });
    expect(low.statusCode).toBe(422);
    const put = await api('PUT', '/api/v1/settings/negotiation', { minimumExistentialCents: 80_000 });
    expect(put.statusCode, put.payload).toBe(200);
    const again = await api('GET', '/api/v1/settings/negotiation');
    expect(again.json()).toMatchObject({ minimumExistentialCents: 80_000, source: 'tenant' });
    const agent = await t.token('agent');
    const denied = await apiAs(t, agent)('PUT', '/api/v1/settings/negotiation', {
      minimumExistentialCents: 90_000,
    });
    expect(denied.statusCode).toBe(403);
  });

  it('PUT rejects an invalid policy with 422 and every reason; nothing changes', async () => {
    const body = {
      ...DEFAULT_POLICY,
      minInstallmentCents: 0,
      discountBands: [{ minDaysOverdue: 0, maxChargesDiscountPercent: 150, maxPrincipalDiscountPercent: 0 }],
    };
    const r = await api('PUT', policyUrl(creditorId), body);
    expect(r.statusCode).toBe(422);
    expect(r.json().code).toBe('VALIDATION_FAILED');
    expect(r.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'discountBands[0].maxChargesDiscountPercent',
      'minInstallmentCents',
    ]);
    const g = await api('GET', policyUrl(creditorId));
    expect(g.json().minInstallmentCents).toBe(DEFAULT_POLICY.minInstallmentCents);
  });

  it('rejects missing and unknown fields', async () => {
    const { graceDays: _omit, ...partial } = DEFAULT_POLICY;
    const r = await api('PUT', policyUrl(creditorId), partial);
    expect(r.statusCode).toBe(422);
    expect(r.json().errors).toContainEqual({ field: 'graceDays', message: 'campo obrigatório' });
    const extra = await api('PUT', policyUrl(creditorId), { ...DEFAULT_POLICY, surprise: 1 });
    expect(extra.statusCode).toBe(422);
  });

  it('agents cannot change a policy; a creditor token sees only its own', async () => {
    const agent = await t.token('agent');
    const r = await apiAs(t, agent)('PUT', policyUrl(creditorId), DEFAULT_POLICY);
    expect(r.statusCode).toBe(403);
    const own = await t.token('creditor', { creditorId });
    expect((await apiAs(t, own)('GET', policyUrl(creditorId))).statusCode).toBe(200);
    expect((await apiAs(t, own)('GET', policyUrl(otherCreditorId))).statusCode).toBe(404);
    const otherTenant = await t.token('admin', { tenant: 'outra-agencia' });
    expect((await apiAs(t, otherTenant)('GET', policyUrl(creditorId))).statusCode).toBe(404);
  });
});
