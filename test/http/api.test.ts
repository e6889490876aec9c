import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditorBody, type TestApp } from '../support/app.ts';
import { type Api, apiAs, startAsAdmin } from '../support/given.ts';

/** One HTTP test for every route of the Foundation contract, through the real app and database. */
let t: TestApp;
let api: Api;
let creditorId: string;

const CSV = [
  'document;name;external_id;original_amount;due_date;email;phone;state;city;product',
  '529.982.247-25;Maria da Silva;C-1;1.000,00;10/01/2024;maria@example.com;(11) 98765-4321;SP;São Paulo;Cartão',
  '529.982.247-25;Maria da Silva;C-2;250,50;2025-06-15;;;SP;São Paulo;Crediário',
  '11144477735;João Souza;C-3;99,90;2026-12-01;joao@example.com;;RJ;Rio de Janeiro;Telefonia',
].join('\n');

const importCsv = (csv: string | Buffer, mode = 'all', id = creditorId) =>
  api('POST', `/api/v1/creditors/${id}/imports?mode=${mode}`, csv, {
    'content-type': 'text/csv',
  });

beforeAll(async () => {
  ({ t, api } = await startAsAdmin());
});
afterAll(async () => t?.close());

describe('public routes', () => {
  it('GET /health', async () => {
    const r = await t.app.inject('/health');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ status: 'ok' });
  });

  it('GET /api/v1/openapi.json documents every route of the contract', async () => {
    const r = await t.app.inject('/api/v1/openapi.json');
    expect(r.statusCode).toBe(200);
    const paths = Object.keys(r.json().paths);
    for (const p of [
      '/api/v1/creditors',
      '/api/v1/creditors/{id}',
      '/api/v1/creditors/{id}/imports',
      '/api/v1/imports/{id}',
      '/api/v1/debtors',
      '/api/v1/debtors/{id}',
      '/api/v1/debts/{id}',
      '/api/v1/debts/{id}/balance',
      '/api/v1/indexes/{name}',
      '/api/v1/tokens',
    ]) {
      expect(paths).toContain(p);
    }
  });

  it('GET /docs serves the browsable documentation', async () => {
    const r = await t.app.inject('/docs/');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
  });
});

describe('authentication', () => {
  it('rejects a missing or unknown token with problem+json in pt-BR', async () => {
    const missing = await t.app.inject('/api/v1/creditors');
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.json()).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(missing.json().detail).toMatch(/Authorization/);
    const unknown = await apiAs(t, 'Bearer trato_nope')('GET', '/api/v1/creditors');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().detail).toMatch(/inválido/);
  });

  it('decides authentication by the route, not by the URL text: an encoded prefix is still refused', async () => {
    for (const url of ['/%61pi/v1/creditors', '/API/v1/creditors', '//api/v1/creditors']) {
      const r = await t.app.inject(url);
      expect([401, 404], url).toContain(r.statusCode);
      expect(r.body).not.toContain('cnpj');
    }
    const encoded = await t.app.inject('/%61pi/v1/creditors');
    expect(encoded.statusCode).toBe(401);
  });

  it('unknown route is a 404 problem', async () => {
    const r = await api('GET', '/api/v1/nada');
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe('NOT_FOUND');
  });
});

describe('creditors', () => {
  it('POST /api/v1/creditors creates a creditor (201)', async () => {
    const r = await api('POST', '/api/v1/creditors', creditorBody());
    expect(r.statusCode).toBe(201);
    const c = r.json();
    expect(c).toMatchObject({
      name: 'Loja Teste Ltda',
      document: '11222333000181',
      terms: {
        finePercent: 2,
        monthlyInterestPercent: 1,
        correctionIndex: 'IPCA',
        feesPercent: 10,
        feesInContract: false,
      },
      financialInstitution: false,
    });
    expect(c.address.zipCode).toBe('01001000');
    creditorId = c.id;
  });

  it('accepts the alphanumeric CNPJ and a one-line address', async () => {
    const r = await api(
      'POST',
      '/api/v1/creditors',
      creditorBody({
        document: '12.ABC.345/01DE-35',
        address: 'Rua B, 20 - Centro, Recife/PE, CEP 50000-000',
        financialInstitution: true,
      }),
    );
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ document: '12ABC34501DE35', financialInstitution: true });
  });

  it('rejects an invalid CNPJ with 422 and the field', async () => {
    const r = await api('POST', '/api/v1/creditors', creditorBody({ document: '11.222.333/0001-82' }));
    expect(r.statusCode).toBe(422);
    expect(r.json().code).toBe('VALIDATION_FAILED');
    expect(r.json().errors[0]).toMatchObject({ field: 'document' });
    expect(r.json().detail).toMatch(/dígito verificador/);
  });

  it('rejects unknown fields and wrong types (422, pt-BR)', async () => {
    const r = await api('POST', '/api/v1/creditors', { ...creditorBody(), color: 'blue' });
    expect(r.statusCode).toBe(422);
    expect(r.json().errors).toContainEqual({ field: 'color', message: 'campo não permitido' });
    const r2 = await api('POST', '/api/v1/creditors', { ...creditorBody(), terms: { finePercent: 'dois' } });
    expect(r2.statusCode).toBe(422);
  });

  it('rejects a second creditor with the same CNPJ (409)', async () => {
    const r = await api('POST', '/api/v1/creditors', creditorBody());
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('CREDITOR_DOCUMENT_TAKEN');
  });

  it('GET /api/v1/creditors/{id}, list, PUT, and 404', async () => {
    const one = await api('GET', `/api/v1/creditors/${creditorId}`);
    expect(one.statusCode).toBe(200);
    expect(one.json().id).toBe(creditorId);
    const list = await api('GET', '/api/v1/creditors?limit=1');
    expect(list.json()).toMatchObject({ total: 2, limit: 1, offset: 0 });
    expect(list.json().items).toHaveLength(1);
    const put = await api(
      'PUT',
      `/api/v1/creditors/${creditorId}`,
      creditorBody({
        terms: {
          finePercent: 10,
          monthlyInterestPercent: 1,
          correctionIndex: 'ipca',
          feesPercent: 10,
          feesInContract: true,
        },
      }),
    );
    expect(put.statusCode).toBe(200);
    expect(put.json().terms).toMatchObject({
      finePercent: 10,
      correctionIndex: 'IPCA',
      feesInContract: true,
    });
    const missing = await api('GET', '/api/v1/creditors/00000000-0000-0000-0000-000000000000');
    expect(missing.statusCode).toBe(404);
    const malformed = await api('GET', '/api/v1/creditors/abc');
    expect(malformed.statusCode).toBe(404);
  });
});

describe('tokens', () => {
  it('POST /api/v1/tokens (admin) creates a working token; others get 403', async () => {
    const r = await api('POST', '/api/v1/tokens', { role: 'agent' });
    expect(r.statusCode).toBe(201);
    const agent = `Bearer ${r.json().token}`;
    const list = await apiAs(t, agent)('GET', '/api/v1/creditors');
    expect(list.statusCode).toBe(200);
    const forbidden = await apiAs(t, agent)('POST', '/api/v1/tokens', { role: 'admin' });
    expect(forbidden.statusCode).toBe(403);
    const creditorToken = await api('POST', '/api/v1/tokens', { role: 'creditor', creditorId });
    expect(creditorToken.statusCode).toBe(201);
    expect(creditorToken.json().creditorId).toBe(creditorId);
  });
});

describe('imports, debtors, debts', () => {
  it('POST /imports imports the file (200) and re-sending changes nothing', async () => {
    const r = await importCsv(CSV);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ accepted: 3, rejected: 0, created: 3, errors: [], status: 'completed' });
    expect(r.json().importId).toBeTruthy();
    const again = await importCsv(CSV);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ accepted: 3, rejected: 0, created: 0, updated: 0, unchanged: 3 });
    const status = await api('GET', `/api/v1/imports/${r.json().importId}`);
    expect(status.json()).toMatchObject({ status: 'completed', accepted: 3 });
  });

  it('mode=all rejects the whole file with 422 and every error; partial imports the valid lines', async () => {
    const bad = `${CSV}\n52998224726;Fulano;C-9;abc;31/02/2024;;;;;`;
    const r = await importCsv(bad);
    expect(r.statusCode).toBe(422);
    expect(r.headers['content-type']).toContain('application/problem+json');
    const body = r.json();
    expect(body).toMatchObject({ code: 'IMPORT_REJECTED', accepted: 0, rejected: 1 });
    expect(body.errors).toEqual([
      { line: 5, column: 'document', value: '52998224726', message: 'CPF com dígito verificador inválido' },
      expect.objectContaining({ line: 5, column: 'original_amount', value: 'abc' }),
      expect.objectContaining({ line: 5, column: 'due_date', value: '31/02/2024' }),
    ]);
    const partial = await importCsv(bad, 'partial');
    expect(partial.statusCode).toBe(200);
    expect(partial.json()).toMatchObject({ accepted: 3, rejected: 1, unchanged: 3 });
  });

  it('GET /api/v1/debtors?document= finds by digits or mask; GET debtor and debt', async () => {
    const r = await api('GET', '/api/v1/debtors?document=52998224725');
    expect(r.statusCode).toBe(200);
    expect(r.json().items).toHaveLength(1);
    const d = r.json().items[0];
    expect(d).toMatchObject({
      name: 'Maria da Silva',
      document: '52998224725',
      email: 'maria@example.com',
      phone: '+5511987654321',
      state: 'SP',
    });
    const masked = await api('GET', '/api/v1/debtors?document=529.982.247-25');
    expect(masked.json().items[0].id).toBe(d.id);
    const one = await api('GET', `/api/v1/debtors/${d.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json().debts.map((x: { externalId: string }) => x.externalId)).toEqual(['C-1', 'C-2']);
    const debt = one.json().debts[0];
    expect(debt).toMatchObject({
      originalAmountCents: 100000,
      dueDate: '2024-01-10',
      status: 'open',
      creditorId,
    });
    const viaDebt = await api('GET', `/api/v1/debts/${debt.id}`);
    expect(viaDebt.json()).toEqual(debt);
    const none = await api('GET', '/api/v1/debtors?document=00000000000');
    expect(none.json()).toMatchObject({ items: [], total: 0 });
  });
});

describe('indexes and balance', () => {
  it('PUT /api/v1/indexes/ipca loads the IPCA table (admin) and GET lists it', async () => {
    const csv = readFileSync(new URL('../../reference/ipca-monthly.csv', import.meta.url), 'utf8');
    const r = await api('PUT', '/api/v1/indexes/ipca', csv, { 'content-type': 'text/csv' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      index: 'IPCA',
      months: 71,
      firstMonth: '2020-01',
      lastMonth: '2025-11',
    });
    const list = await api('GET', '/api/v1/indexes/IPCA?from=2024-01&to=2024-03');
    expect(list.json().items).toEqual([
      { month: '2024-01', percent: 0.42, source: 'api' },
      { month: '2024-02', percent: 0.83, source: 'api' },
      { month: '2024-03', percent: 0.16, source: 'api' },
    ]);
    const bad = await api('PUT', '/api/v1/indexes/ipca', 'month,percent\n2024-13,0.1\n', {
      'content-type': 'text/csv',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0]).toMatchObject({ line: 2, column: 'month' });
  });

  it('PUT /api/v1/indexes/ipca also takes JSON {values:[{month, percent}]} and says what is wrong', async () => {
    const r = await api('PUT', '/api/v1/indexes/ipca', { values: [{ month: '2025-11', percent: 0.18 }] });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ months: 1, firstMonth: '2025-11' });
    const bad = await api('PUT', '/api/v1/indexes/ipca', { rows: [] });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail).toMatch(/month,percent/);
  });

  it('GET /api/v1/debts/{id}/balance explains every centavo', async () => {
    const debtor = (await api('GET', '/api/v1/debtors?document=52998224725')).json().items[0];
    const debts = (await api('GET', `/api/v1/debtors/${debtor.id}`)).json().debts;
    const r = await api('GET', `/api/v1/debts/${debts[0].id}/balance?date=2024-04-10`);
    expect(r.statusCode).toBe(200);
    const b = r.json();
    // Creditor terms after the PUT above: fine 10% (capped to 2%), interest 1%, IPCA, fees 10% in contract.
    // R$ 1.000,00 due Wed 2024-01-10, 91 days = 3 civil months: correction Jan–Mar 2024 = 1415, fine
    // 2000, interest 100000 × 1% × 3 = 3000; no fees: no lawyer acts on the debt (REsp 1.274.629/AP).
    expect(b).toMatchObject({
      debtId: debts[0].id,
      date: '2024-04-10',
      daysOverdue: 91,
      principalCents: 100000,
      correctionCents: 1415,
      fineCents: 2000,
      interestCents: 3000,
      feesCents: 0,
      totalCents: 106415,
      prescribed: false,
    });
    expect(b.lines.map((l: { kind: string }) => l.kind)).toEqual([
      'principal',
      'correction',
      'fine',
      'interest',
      'fees',
    ]);
    expect(b.lines.find((l: { kind: string }) => l.kind === 'fine')).toMatchObject({ capped: true });
    const bad = await api('GET', `/api/v1/debts/${debts[0].id}/balance?date=10/04/2024`);
    expect(bad.statusCode).toBe(422);
    const today = await api('GET', `/api/v1/debts/${debts[0].id}/balance`);
    expect(today.json().date).toBe('2026-11-23');
    expect(today.json().lines.find((l: { kind: string }) => l.kind === 'correction').missingMonths).toContain(
      '2025-12',
    );
  });
});

// Last, so the creditor it creates does not change the counts the tests above assert.
describe('creditor identified by CPF', () => {
  it('accepts a person as creditor (CPF, CDC art. 42-A), never as a financial institution', async () => {
    const r = await api(
      'POST',
      '/api/v1/creditors',
      creditorBody({ name: 'Maria Locadora', document: '529.982.247-25' }),
    );
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ document: '52998224725', financialInstitution: false });
    const bank = await api(
      'POST',
      '/api/v1/creditors',
      creditorBody({ name: 'João Banqueiro', document: '111.444.777-35', financialInstitution: true }),
    );
    expect(bank.statusCode).toBe(422);
    expect(bank.json().errors).toHaveLength(1);
    expect(bank.json().errors[0]).toMatchObject({ field: 'terms.financialInstitution' });
    expect(bank.json().detail).toMatch(/pessoa física \(CPF\) não é instituição financeira/);
  });
});
