import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/modules/negotiation/index.ts';
import type { TestApp } from '../support/app.ts';
import { type Api, apiAs, startAsAdmin } from '../support/given.ts';
import { pdfText } from '../support/pdf.ts';

let t: TestApp;
let api: Api;
let creditorId: string;
let debtorIds: Record<string, string>;

const CSV = [
  'document;name;external_id;original_amount;due_date;state',
  '529.982.247-25;Maria da Silva;M-1;1.000,00;2025-11-10;SP',
  '111.444.777-35;João Souza;J-1;800,00;2025-10-10;RJ',
  '390.533.447-05;Ana Lima;A-1;500,00;2025-09-10;MG',
  '168.995.350-09;Rui Costa;R-1;400,00;2025-09-10;SP',
].join('\n');

async function offersFor(key: string, body: Record<string, unknown> = {}) {
  const r = await api('POST', `/api/v1/debtors/${debtorIds[key]}/offers`, body);
  expect(r.statusCode, r.payload).toBe(200);
  return r.json().offers as {
    id: string;
    kind: string;
    installmentsCount: number;
    totalCents: number;
    schedule: unknown[];
  }[];
}

beforeAll(async () => {
  const world = await startAsAdmin();
  ({ t, api } = world);
  const { given } = world;
  // An SFN institution: its policy below charges 1.5% a month, compounded (Tabela Price), which a
  // creditor outside the SFN may not (Decreto 22.626/1933; Súmulas 539/541).
  creditorId = (await given.creditor({ financialInstitution: true })).id;
  await given.imported(creditorId, CSV);
  debtorIds = await given.debtorIds({
    maria: '52998224725',
    joao: '11144477735',
    ana: '39053344705',
    rui: '16899535009',
  });
  await given.policy(creditorId, {
    maxInstallments: 6,
    minDownPaymentPercent: 10,
    installmentMonthlyRatePercent: 1.5,
  });
});
afterAll(async () => t?.close());

describe('POST /api/v1/agreements', () => {
  it('creates the agreement from an offer (201), with installments, and moves the debts to in_agreement', async () => {
    const offer = (await offersFor('maria')).find((o) => o.installmentsCount === 3)!;
    const r = await api(
      'POST',
      '/api/v1/agreements',
      { offerId: offer.id },
      { 'idempotency-key': 'maria-1' },
    );
    expect(r.statusCode, r.payload).toBe(201);
    const a = r.json();
    expect(a).toMatchObject({
      status: 'active',
      offerId: offer.id,
      totalCents: offer.totalCents,
      graceDays: DEFAULT_POLICY.graceDays,
    });
    expect(a.installments).toHaveLength(offer.schedule.length);
    expect(a.installments[0]).toMatchObject({ number: 1, paidCents: 0, status: 'pending' });
    expect(a.installments.reduce((s: number, i: { amountCents: number }) => s + i.amountCents, 0)).toBe(
      a.totalCents,
    );
    const debtor = await api('GET', `/api/v1/debtors/${debtorIds.maria}`);
    expect(debtor.json().debts[0].status).toBe('in_agreement');
    // Accepting acknowledges the debt: prescription is interrupted today (Código Civil art. 202 VI).
    expect(debtor.json().debts[0].prescriptionInterruptedOn).toBe('2026-11-23');

    const replay = await api(
      'POST',
      '/api/v1/agreements',
      { offerId: offer.id },
      { 'idempotency-key': 'maria-1' },
    );
    expect(replay.statusCode).toBe(200);
    expect(replay.json().id).toBe(a.id);
    const again = await api(
      'POST',
      '/api/v1/agreements',
      { offerId: offer.id },
      { 'idempotency-key': 'maria-2' },
    );
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('OFFER_ALREADY_ACCEPTED');
    const sameKeyOtherOffer = await api(
      'POST',
      '/api/v1/agreements',
      { offerId: (await offersFor('joao'))[0]!.id },
      { 'idempotency-key': 'maria-1' },
    );
    expect(sameKeyOtherOffer.statusCode).toBe(409);
    expect(sameKeyOtherOffer.json().code).toBe('IDEMPOTENCY_KEY_REUSED');

    const got = await api('GET', `/api/v1/agreements/${a.id}`);
    expect(got.json()).toEqual(a);
    const events = await api('GET', `/api/v1/agreements/${a.id}/events`);
    expect(events.json().items).toEqual([
      expect.objectContaining({ type: 'agreement.created', details: { offerId: offer.id } }),
    ]);
  });

  it('50 concurrent accepts of one offer create exactly one agreement', async () => {
    const offer = (await offersFor('joao'))[1]!;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api('POST', '/api/v1/agreements', { offerId: offer.id }, { 'idempotency-key': `joao-${i}` }),
      ),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
    const rows = await t.rt.ctx.database.db
      .selectFrom('agreements')
      .select('id')
      .where('offer_id', '=', offer.id)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('two offers for the same debt: the second accept is refused, nothing half-written', async () => {
    const [first, second] = await offersFor('ana');
    expect((await api('POST', '/api/v1/agreements', { offerId: first!.id })).statusCode).toBe(201);
    const r = await api('POST', '/api/v1/agreements', { offerId: second!.id });
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('DEBT_NOT_OPEN');
    const rows = await t.rt.ctx.database.db
      .selectFrom('agreements')
      .select('id')
      .where('offer_id', '=', second!.id)
      .execute();
    expect(rows).toHaveLength(0);
  });

  it('refuses an expired offer (422), an unknown one (404), a creditor token (403) and another tenant (404)', async () => {
    // An offer made on 2026-11-01, valid until 2026-11-08 (today is 2026-11-23).
    const old = (await offersFor('rui'))[0]!;
    await t.rt.ctx.database.db
      .updateTable('offers')
      .set({ offer_date: '2026-11-01', valid_until: '2026-11-08' })
      .where('id', '=', old.id)
      .execute();
    const expired = await api('POST', '/api/v1/agreements', { offerId: old.id });
    expect(expired.statusCode).toBe(422);
    expect(expired.json().code).toBe('OFFER_EXPIRED');
    expect(
      (await api('POST', '/api/v1/agreements', { offerId: '00000000-0000-0000-0000-000000000000' }))
        .statusCode,
    ).toBe(404);
    const fresh = (await offersFor('rui'))[0]!;
    const creditorToken = await t.token('creditor', { creditorId });
    expect(
      (await apiAs(t, creditorToken)('POST', '/api/v1/agreements', { offerId: fresh.id })).statusCode,
    ).toBe(403);
    const stranger = await t.token('admin', { tenant: 'outra' });
    expect((await apiAs(t, stranger)('POST', '/api/v1/agreements', { offerId: fresh.id })).statusCode).toBe(
      404,
    );
  });
});

describe('GET /api/v1/agreements/{id}/term.html', () => {
  it('identifies the creditor (name, CNPJ, address), the debts, the values, CET and the break rules', async () => {
    const list = await t.rt.ctx.database.db.selectFrom('agreements').select('id').limit(1).execute();
    const r = await api('GET', `/api/v1/agreements/${list[0]!.id}/term.html`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
    const html = r.body;
    for (const text of [
      'Termo de Acordo',
      'Loja Teste Ltda',
      '11.222.333/0001-81',
      'Rua das Flores, 100',
      'CEP 01001-000',
      'CET',
      'abatidos todos os valores já pagos',
    ]) {
      expect(html).toContain(text);
    }
  });
});

describe('GET /api/v1/agreements/{id}/term.pdf', () => {
  it('is an A4 PDF with the same content as the HTML term', async () => {
    const list = await t.rt.ctx.database.db.selectFrom('agreements').select('id').limit(1).execute();
    const r = await api('GET', `/api/v1/agreements/${list[0]!.id}/term.pdf`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(r);
    for (const s of [
      'Termo de Acordo',
      'Loja Teste Ltda',
      '11.222.333/0001-81',
      'Rua das Flores, 100',
      'CET',
      'abatidos todos os valores já pagos',
    ]) {
      expect(text).toContain(s);
    }
    const other = await t.token('admin', { tenant: 'outra' });
    const hidden = await apiAs(t, other)('GET', `/api/v1/agreements/${list[0]!.id}/term.pdf`);
    expect(hidden.statusCode).toBe(404);
  });
});
