import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptOffer, getAgreement } from '../../src/modules/agreements/index.ts';
import { createCadence, getCadence, listCadences, updateCadence } from '../../src/modules/contact/index.ts';
import { createCreditor, getCreditor } from '../../src/modules/creditors/index.ts';
import {
  createOffersForDebtor,
  DEFAULT_POLICY,
  getPolicy,
  putPolicy,
} from '../../src/modules/negotiation/index.ts';
import { importPortfolio, searchDebtors } from '../../src/modules/portfolio/index.ts';
import { AppError } from '../../src/platform/errors.ts';
import type { Principal } from '../../src/platform/principal.ts';
import { creditorBody } from '../support/app.ts';
import { type ServiceWorld, startServiceWorld } from '../support/service.ts';

/**
 * Use cases called directly on the real database (both engines), beside the HTTP tier: the rules and
 * the isolation hold in the service itself, not only behind the routes.
 */
let w: ServiceWorld;
let admin: Principal;
let creditorId: string;

beforeAll(async () => {
  w = await startServiceWorld();
  admin = await w.principal('admin');
  const creditor = await createCreditor(
    w.ctx.database.db,
    admin,
    creditorBody({ terms: { correctionIndex: 'none', finePercent: 0, monthlyInterestPercent: 0 } }) as never,
  );
  creditorId = creditor.id;
});
afterAll(async () => w?.close());

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('negotiation policy (service)', () => {
  it('putPolicy saves and getPolicy reads it back; an invalid one is refused with every reason, nothing saved', async () => {
    expect(await getPolicy(w.ctx, admin, { creditorId })).toMatchObject({ source: 'default' });
    const saved = await putPolicy(w.ctx, admin, { creditorId, ...DEFAULT_POLICY, maxInstallments: 9 });
    expect(saved).toMatchObject({ maxInstallments: 9, source: 'creditor' });
    const bad = await refusal(
      putPolicy(w.ctx, admin, { creditorId, ...DEFAULT_POLICY, maxInstallments: 0, minInstallmentCents: 0 }),
    );
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect((bad.extra.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
      'maxInstallments',
      'minInstallmentCents',
    ]);
    expect(await getPolicy(w.ctx, admin, { creditorId })).toMatchObject({ maxInstallments: 9 });
  });

  it('an agent may not change it; another creditor’s token does not find the creditor', async () => {
    const agent = await w.principal('agent');
    expect((await refusal(putPolicy(w.ctx, agent, { creditorId, ...DEFAULT_POLICY }))).code).toBe(
      'FORBIDDEN',
    );
    const other = await createCreditor(
      w.ctx.database.db,
      admin,
      creditorBody({ name: 'Outro SA', document: '12.ABC.345/01DE-35' }) as never,
    );
    const otherCreditor = await w.principal('creditor', { creditorId: other.id });
    expect((await refusal(getCreditor(w.ctx.database.db, otherCreditor, { id: creditorId }))).code).toBe(
      'NOT_FOUND',
    );
    expect((await refusal(getPolicy(w.ctx, otherCreditor, { creditorId }))).code).toBe('NOT_FOUND');
    const foreign = await w.principal('admin', { tenant: 'agencia-b' });
    expect((await refusal(getPolicy(w.ctx, foreign, { creditorId }))).code).toBe('NOT_FOUND');
  });
});

describe('from import to agreement (service)', () => {
  it('imports, offers and accepts once: the same idempotency key returns the same agreement', async () => {
    const csv =
      'document;name;external_id;original_amount;due_date\n52998224725;Maria;S-1;1.200,00;2026-10-01\n';
    const report = await importPortfolio(w.ctx, admin, {
      creditorId,
      mode: 'all',
      source: Readable.from([Buffer.from(csv)]),
    });
    expect(report).toMatchObject({ status: 'completed', created: 1 });
    const found = await searchDebtors(w.ctx, admin, { document: '52998224725', limit: 10, offset: 0 });
    expect(found.items).toHaveLength(1);
    const offers = await createOffersForDebtor(w.ctx, admin, {
      debtorId: found.items[0]!.id,
      firstDueDate: '2026-12-01',
    });
    const three = offers.offers.find((o) => o.installmentsCount === 3);
    expect(three).toBeDefined();
    const first = await acceptOffer(w.ctx, admin, { offerId: three!.id, idempotencyKey: 'svc-1' });
    expect(first.created).toBe(true);
    const again = await acceptOffer(w.ctx, admin, { offerId: three!.id, idempotencyKey: 'svc-1' });
    expect(again).toMatchObject({ created: false, agreement: { id: first.agreement.id } });
    const agreement = await getAgreement(w.ctx, admin, { id: first.agreement.id });
    expect(agreement.installments).toHaveLength(3);
    expect(agreement.installments.reduce((s, i) => s + i.amountCents, 0)).toBe(
      agreement.totalCents - agreement.downPaymentCents,
    );
  });
});

describe('cadences (service)', () => {
  it('a tenant-wide cadence keeps creditorId null through create and update', async () => {
    const created = await createCadence(w.ctx, admin, {
      name: 'Toda a carteira',
      creditorId: null,
      active: false,
      steps: [],
    } as never).catch((e: AppError) => e);
    // A cadence needs at least one step: the same rule as over HTTP.
    expect(created).toBeInstanceOf(AppError);
    expect((created as AppError).code).toBe('VALIDATION_FAILED');
    const cadences = await listCadences(w.ctx, admin);
    expect(cadences.items.length).toBeGreaterThan(0);
    const base = cadences.items[0]!;
    const updated = await updateCadence(w.ctx, admin, {
      id: base.id,
      name: base.name,
      creditorId: null,
      segment: null,
      active: false,
      steps: base.steps,
    });
    expect(updated).toMatchObject({ creditorId: null, segment: null });
    expect(await getCadence(w.ctx, admin, { id: base.id })).toMatchObject({ creditorId: null });
  });
});
