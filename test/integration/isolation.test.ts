import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDocument, generateCnpj, generateCpf } from '../../src/platform/br-documents.ts';
import { seededRandom as seeded } from '../../src/platform/random.ts';
import { creditorBody, startTestApp, type TestApp } from '../support/app.ts';

/**
 * Tenant and creditor isolation, route by route. Two agencies (tenants) share one database:
 *
 *   agencia-a: creditors A1 and A2; one debtor (SHARED CPF) owes both, plus one debtor of each only.
 *   agencia-b: creditor B1; a debtor with the SAME shared CPF (a separate row of tenant B), plus one.
 *
 * Every principal × every route × every target row has an explicit expectation: rows of another
 * tenant (or, for a creditor token, of another creditor) answer 404 and never appear in lists;
 * missing role permissions answer 403; and no response ever carries a marker (id, name, document,
 * e-mail, external_id) of a row the caller may not read. Every refused write is checked against a
 * full snapshot of the tables it could have touched: nothing changed, not even the audit trail.
 */

type P = 'adminA' | 'managerA' | 'agentA' | 'credA1' | 'credA2' | 'adminB' | 'credB1';
const PRINCIPALS: readonly P[] = ['adminA', 'managerA', 'agentA', 'credA1', 'credA2', 'adminB', 'credB1'];
const TENANT_OF: Record<P, 'agencia-a' | 'agencia-b'> = {
  adminA: 'agencia-a',
  managerA: 'agencia-a',
  agentA: 'agencia-a',
  credA1: 'agencia-a',
  credA2: 'agencia-a',
  adminB: 'agencia-b',
  credB1: 'agencia-b',
};
const STAFF_A: readonly P[] = ['adminA', 'managerA', 'agentA'];
const STAFF_B: readonly P[] = ['adminB'];

/** What each role may write (the spec: agent reads only; creditor imports its own; admin alone mints tokens and loads indexes). */
const MAY: Record<'creditorsWrite' | 'import' | 'tokens' | 'indexes', readonly P[]> = {
  creditorsWrite: ['adminA', 'managerA', 'adminB'],
  import: ['adminA', 'managerA', 'credA1', 'credA2', 'adminB', 'credB1'],
  tokens: ['adminA', 'adminB'],
  indexes: ['adminA', 'adminB'],
};

// ---- fixture data (reproducible documents from a seeded generator) ----

const rand = seeded(20261123);
const CNPJ = { A1: generateCnpj(rand), A2: generateCnpj(rand), B1: generateCnpj(rand) };
const CPF = {
  shared: generateCpf(rand),
  onlyA1: generateCpf(rand),
  onlyA2: generateCpf(rand),
  onlyB: generateCpf(rand),
};

type CreditorKey = 'A1' | 'A2' | 'B1';
type DebtorKey = 'sharedA' | 'onlyA1' | 'onlyA2' | 'sharedB' | 'onlyB';
type DebtKey = 'A1shared' | 'A1only' | 'A2shared' | 'A2only' | 'B1shared' | 'B1only';

const CREDITORS: Record<CreditorKey, { tenant: P; name: string; cnpj: string; readers: readonly P[] }> = {
  A1: { tenant: 'adminA', name: 'Credor Alfa Um Ltda', cnpj: CNPJ.A1, readers: [...STAFF_A, 'credA1'] },
  A2: { tenant: 'adminA', name: 'Credor Alfa Dois Ltda', cnpj: CNPJ.A2, readers: [...STAFF_A, 'credA2'] },
  B1: { tenant: 'adminB', name: 'Credor Beta Um Ltda', cnpj: CNPJ.B1, readers: [...STAFF_B, 'credB1'] },
};

const DEBTORS: Record<DebtorKey, { cpf: string; name: string; email: string; readers: readonly P[] }> = {
  sharedA: {
    cpf: CPF.shared,
    name: 'Maria Compartilhada',
    email: 'maria.compartilhada@agencia-a.example',
    readers: [...STAFF_A, 'credA1', 'credA2'],
  },
  onlyA1: {
    cpf: CPF.onlyA1,
    name: 'Antonio Somente Alfa Um',
    email: 'antonio@agencia-a.example',
    readers: [...STAFF_A, 'credA1'],
  },
  onlyA2: {
    cpf: CPF.onlyA2,
    name: 'Alice Somente Alfa Dois',
    email: 'alice@agencia-a.example',
    readers: [...STAFF_A, 'credA2'],
  },
  sharedB: {
    cpf: CPF.shared,
    name: 'Maria Compartilhada',
    email: 'maria.compartilhada@agencia-b.example',
    readers: [...STAFF_B, 'credB1'],
  },
  onlyB: {
    cpf: CPF.onlyB,
    name: 'Bruno Somente Beta',
    email: 'bruno@agencia-b.example',
    readers: [...STAFF_B, 'credB1'],
  },
};

const DEBTS: Record<DebtKey, { creditor: CreditorKey; debtor: DebtorKey; externalId: string }> = {
  A1shared: { creditor: 'A1', debtor: 'sharedA', externalId: 'EXT-ALFA1-SHARED' },
  A1only: { creditor: 'A1', debtor: 'onlyA1', externalId: 'EXT-ALFA1-ONLY' },
  A2shared: { creditor: 'A2', debtor: 'sharedA', externalId: 'EXT-ALFA2-SHARED' },
  A2only: { creditor: 'A2', debtor: 'onlyA2', externalId: 'EXT-ALFA2-ONLY' },
  B1shared: { creditor: 'B1', debtor: 'sharedB', externalId: 'EXT-BETA1-SHARED' },
  B1only: { creditor: 'B1', debtor: 'onlyB', externalId: 'EXT-BETA1-ONLY' },
};
const debtReaders = (k: DebtKey) => CREDITORS[DEBTS[k].creditor].readers;

const CSV_HEADER = 'document;name;external_id;original_amount;due_date;email;state;city;product';
function csvOf(creditor: CreditorKey): string {
  const lines = (Object.keys(DEBTS) as DebtKey[])
    .filter((k) => DEBTS[k].creditor === creditor)
    .map((k, i) => {
      const d = DEBTORS[DEBTS[k].debtor];
      return `${formatDocument(d.cpf)};${d.name};${DEBTS[k].externalId};${150 + i * 100},00;15/03/2024;${d.email};SP;São Paulo;Cartão`;
    });
  return [CSV_HEADER, ...lines].join('\n');
}
/** What a refused importer tries: change an existing debt's amount and plant a new debtor and debt. */
function hostileCsv(creditor: CreditorKey): string {
  const victim = (Object.keys(DEBTS) as DebtKey[]).find((k) => DEBTS[k].creditor === creditor)!;
  const d = DEBTORS[DEBTS[victim].debtor];
  return [
    CSV_HEADER,
    `${d.cpf};Nome Trocado;${DEBTS[victim].externalId};99999,99;01/01/2024;invasor@example.com;RJ;Rio;X`,
    `${generateCpf(seeded(7))};Devedor Plantado;EXT-PLANTADO;10,00;01/01/2024;;SP;São Paulo;X`,
  ].join('\n');
}

// ---- runtime state ----

let t: TestApp;
const auth = {} as Record<P, string>;
const creditorId = {} as Record<CreditorKey, string>;
const importId = {} as Record<CreditorKey, string>;
const debtorId = {} as Record<DebtorKey, string>;
const debtId = {} as Record<DebtKey, string>;
/** Every raw token this file ever held, to prove none of them is stored. */
const rawTokens: string[] = [];

const body = (k: CreditorKey) =>
  creditorBody({ name: CREDITORS[k].name, document: formatDocument(CREDITORS[k].cnpj) });

async function call(
  p: P,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: string | object,
  contentType?: string,
) {
  const headers: Record<string, string> = { authorization: auth[p] };
  if (contentType) headers['content-type'] = contentType;
  const r = await t.app.inject({ method, url, headers, ...(payload !== undefined ? { payload } : {}) });
  assertNoLeak(p, r.payload, url + (typeof payload === 'string' ? payload : JSON.stringify(payload ?? '')));
  return r;
}

/**
 * Markers of every row `p` may not read must be absent from the response — except what the caller
 * itself put in the request (e.g. the creditorId echoed in a 404 detail).
 */
function assertNoLeak(p: P, responseText: string, requestText: string) {
  const hidden: string[] = [];
  for (const k of Object.keys(CREDITORS) as CreditorKey[]) {
    if (CREDITORS[k].readers.includes(p)) continue;
    hidden.push(creditorId[k], importId[k], CREDITORS[k].name, CREDITORS[k].cnpj);
  }
  for (const k of Object.keys(DEBTORS) as DebtorKey[]) {
    if (DEBTORS[k].readers.includes(p)) continue;
    hidden.push(debtorId[k], DEBTORS[k].email);
    if (k !== 'sharedA' && k !== 'sharedB') hidden.push(DEBTORS[k].name, DEBTORS[k].cpf);
  }
  for (const k of Object.keys(DEBTS) as DebtKey[]) {
    if (debtReaders(k).includes(p)) continue;
    hidden.push(debtId[k], DEBTS[k].externalId);
  }
  for (const marker of hidden) {
    if (!marker || requestText.includes(marker)) continue;
    expect(responseText, `resposta para ${p} vaza "${marker}"`).not.toContain(marker);
  }
}

/** Everything a write could touch; compared before/after each refused write. */
async function snapshot() {
  const db = t.rt.ctx.database.db;
  return {
    tenants: await db.selectFrom('tenants').selectAll().orderBy('id').execute(),
    creditors: await db.selectFrom('creditors').selectAll().orderBy('id').execute(),
    debtors: await db.selectFrom('debtors').selectAll().orderBy('id').execute(),
    debts: await db.selectFrom('debts').selectAll().orderBy('id').execute(),
    imports: await db.selectFrom('imports').selectAll().orderBy('id').execute(),
    apiTokens: await db.selectFrom('api_tokens').selectAll().orderBy('id').execute(),
    indexValues: await db
      .selectFrom('index_values')
      .selectAll()
      .orderBy('tenant_id')
      .orderBy('month')
      .execute(),
    uploads: await db.selectFrom('import_uploads').select(['import_id', 'seq']).execute(),
    auditEvents: Number(
      (
        await db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  };
}

function expectProblem(r: { statusCode: number; json(): { code: string } }, status: 403 | 404) {
  expect(r.statusCode).toBe(status);
  expect(r.json().code).toBe(status === 403 ? 'FORBIDDEN' : 'NOT_FOUND');
}

async function importAs(p: P, creditor: CreditorKey, csv: string) {
  return call(p, 'POST', `/api/v1/creditors/${creditorId[creditor]}/imports`, csv, 'text/csv');
}

beforeAll(async () => {
  t = await startTestApp();
  const token = async (p: P, role: string, creditorKey?: CreditorKey) => {
    auth[p] = await t.token(role, {
      tenant: TENANT_OF[p],
      ...(creditorKey ? { creditorId: creditorId[creditorKey] } : {}),
    });
    rawTokens.push(auth[p].slice('Bearer '.length));
  };
  await token('adminA', 'admin');
  await token('managerA', 'manager');
  await token('agentA', 'agent');
  await token('adminB', 'admin');

  for (const k of Object.keys(CREDITORS) as CreditorKey[]) {
    const r = await call(CREDITORS[k].tenant, 'POST', '/api/v1/creditors', body(k));
    expect(r.statusCode, r.payload).toBe(201);
    creditorId[k] = r.json().id;
  }
  await token('credA1', 'creditor', 'A1');
  await token('credA2', 'creditor', 'A2');
  await token('credB1', 'creditor', 'B1');

  for (const k of Object.keys(CREDITORS) as CreditorKey[]) {
    const r = await importAs(CREDITORS[k].tenant, k, csvOf(k));
    expect(r.statusCode, r.payload).toBe(200);
    expect(r.json()).toMatchObject({ status: 'completed', created: 2, rejected: 0 });
    importId[k] = r.json().importId;
  }

  const db = t.rt.ctx.database.db;
  const tenants = await db.selectFrom('tenants').select(['id', 'slug']).execute();
  const tenantIdOf = (slug: string) => tenants.find((x) => x.slug === slug)!.id;
  for (const k of Object.keys(DEBTS) as DebtKey[]) {
    const row = await db
      .selectFrom('debts')
      .innerJoin('debtors', 'debtors.id', 'debts.debtor_id')
      .select(['debts.id as debtId', 'debtors.id as debtorId', 'debtors.tenant_id', 'debtors.document'])
      .where('debts.creditor_id', '=', creditorId[DEBTS[k].creditor])
      .where('debts.external_id', '=', DEBTS[k].externalId)
      .executeTakeFirstOrThrow();
    expect(row.document).toBe(DEBTORS[DEBTS[k].debtor].cpf);
    expect(row.tenant_id).toBe(tenantIdOf(TENANT_OF[CREDITORS[DEBTS[k].creditor].tenant]));
    debtId[k] = row.debtId;
    debtorId[DEBTS[k].debtor] = row.debtorId;
  }

  const ipca = await call(
    'adminA',
    'PUT',
    '/api/v1/indexes/ipca',
    'month,percent\n2020-01,0.21\n',
    'text/csv',
  );
  expect(ipca.statusCode, ipca.payload).toBe(200);
});
afterAll(async () => t?.close());

describe('fixture', () => {
  it('the shared CPF is one debtor row per tenant, owing A1 and A2 in agencia-a', () => {
    expect(new Set(Object.values(CNPJ)).size).toBe(3);
    expect(debtorId.sharedA).not.toBe(debtorId.sharedB);
    expect(new Set(Object.values(debtorId)).size).toBe(5);
    expect(new Set(Object.values(debtId)).size).toBe(6);
  });
});

// ---- reads ----

/** Every principal against every target, as [principal, target] rows for `it.each`. */
const pairs = <K extends string>(keys: readonly K[]) =>
  PRINCIPALS.flatMap((p) => keys.map((k): [P, K] => [p, k]));
const CREDITOR_KEYS = Object.keys(CREDITORS) as CreditorKey[];
const DEBTOR_KEYS = Object.keys(DEBTORS) as DebtorKey[];
const DEBT_KEYS = Object.keys(DEBTS) as DebtKey[];

describe('reads: other tenant/creditor rows are 404 and absent from lists', () => {
  it.each(PRINCIPALS)('%s: GET /api/v1/creditors lists only its rows', async (p) => {
    const r = await call(p, 'GET', '/api/v1/creditors');
    expect(r.statusCode).toBe(200);
    const expected = CREDITOR_KEYS.filter((k) => CREDITORS[k].readers.includes(p)).map((k) => creditorId[k]);
    expect(
      r
        .json()
        .items.map((c: { id: string }) => c.id)
        .sort(),
    ).toEqual(expected.sort());
    expect(r.json().total).toBe(expected.length);
  });

  it.each(pairs(CREDITOR_KEYS))('%s: GET /api/v1/creditors/{%s}', async (p, k) => {
    const r = await call(p, 'GET', `/api/v1/creditors/${creditorId[k]}`);
    if (!CREDITORS[k].readers.includes(p)) return expectProblem(r, 404);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      id: creditorId[k],
      name: CREDITORS[k].name,
      document: CREDITORS[k].cnpj,
    });
  });

  it.each(pairs(CREDITOR_KEYS))('%s: GET /api/v1/imports/{import of %s}', async (p, k) => {
    const r = await call(p, 'GET', `/api/v1/imports/${importId[k]}`);
    if (!CREDITORS[k].readers.includes(p)) return expectProblem(r, 404);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ importId: importId[k], status: 'completed', created: 2 });
  });

  it.each(PRINCIPALS)('%s: GET /api/v1/debtors lists only debtors it may see', async (p) => {
    const r = await call(p, 'GET', '/api/v1/debtors');
    expect(r.statusCode).toBe(200);
    const expected = DEBTOR_KEYS.filter((k) => DEBTORS[k].readers.includes(p)).map((k) => debtorId[k]);
    expect(
      r
        .json()
        .items.map((d: { id: string }) => d.id)
        .sort(),
    ).toEqual(expected.sort());
    expect(r.json().total).toBe(expected.length);
  });

  const DOCS = { shared: CPF.shared, onlyA1: CPF.onlyA1, onlyA2: CPF.onlyA2, onlyB: CPF.onlyB };
  it.each(pairs(Object.keys(DOCS) as (keyof typeof DOCS)[]))(
    '%s: GET /api/v1/debtors?document=<%s CPF>',
    async (p, k) => {
      const r = await call(p, 'GET', `/api/v1/debtors?document=${formatDocument(DOCS[k])}`);
      expect(r.statusCode).toBe(200);
      const expected = DEBTOR_KEYS.filter(
        (d) => DEBTORS[d].cpf === DOCS[k] && DEBTORS[d].readers.includes(p),
      ).map((d) => debtorId[d]);
      expect(r.json().items.map((d: { id: string }) => d.id)).toEqual(expected);
      expect(r.json().total).toBe(expected.length);
    },
  );

  it.each(pairs(DEBTOR_KEYS))('%s: GET /api/v1/debtors/{%s} shows only its debts', async (p, k) => {
    const r = await call(p, 'GET', `/api/v1/debtors/${debtorId[k]}`);
    if (!DEBTORS[k].readers.includes(p)) return expectProblem(r, 404);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ id: debtorId[k], document: DEBTORS[k].cpf, email: DEBTORS[k].email });
    const expected = DEBT_KEYS.filter((d) => DEBTS[d].debtor === k && debtReaders(d).includes(p));
    expect(
      r
        .json()
        .debts.map((d: { id: string }) => d.id)
        .sort(),
    ).toEqual(expected.map((d) => debtId[d]).sort());
    for (const d of r.json().debts as { creditorId: string }[]) {
      if (p.startsWith('cred')) expect(d.creditorId).toBe(creditorId[p.slice(4) as CreditorKey]);
    }
  });

  it.each(pairs(DEBT_KEYS))('%s: GET /api/v1/debts/{%s}', async (p, k) => {
    const r = await call(p, 'GET', `/api/v1/debts/${debtId[k]}`);
    if (!debtReaders(k).includes(p)) return expectProblem(r, 404);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      id: debtId[k],
      externalId: DEBTS[k].externalId,
      creditorId: creditorId[DEBTS[k].creditor],
      debtorId: debtorId[DEBTS[k].debtor],
    });
  });

  it.each(pairs(DEBT_KEYS))('%s: GET /api/v1/debts/{%s}/balance', async (p, k) => {
    const r = await call(p, 'GET', `/api/v1/debts/${debtId[k]}/balance?date=2025-06-30`);
    if (!debtReaders(k).includes(p)) return expectProblem(r, 404);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ debtId: debtId[k], date: '2025-06-30' });
  });

  it('the spelled-out cases of the spec hold', async () => {
    // creditor-A1 sees the shared debtor with A1's debt only; the A2 debt is absent.
    const shared = await call('credA1', 'GET', `/api/v1/debtors/${debtorId.sharedA}`);
    expect(shared.json().debts.map((d: { externalId: string }) => d.externalId)).toEqual([
      'EXT-ALFA1-SHARED',
    ]);
    const staff = await call('agentA', 'GET', `/api/v1/debtors/${debtorId.sharedA}`);
    expect(
      staff
        .json()
        .debts.map((d: { externalId: string }) => d.externalId)
        .sort(),
    ).toEqual(['EXT-ALFA1-SHARED', 'EXT-ALFA2-SHARED']);
    // creditor-A1: 404 on A2's creditor, debt, balance and import.
    for (const url of [
      `/api/v1/creditors/${creditorId.A2}`,
      `/api/v1/debts/${debtId.A2shared}`,
      `/api/v1/debts/${debtId.A2shared}/balance`,
      `/api/v1/imports/${importId.A2}`,
    ]) {
      expectProblem(await call('credA1', 'GET', url), 404);
    }
    // The same CPF in tenant B resolves to B's own row, never A's.
    const b = await call('adminB', 'GET', `/api/v1/debtors?document=${CPF.shared}`);
    expect(b.json().items).toEqual([
      expect.objectContaining({ id: debtorId.sharedB, email: DEBTORS.sharedB.email }),
    ]);
  });
});

// ---- writes ----

describe('writes: refused with 403 (role) or 404 (row), and nothing changes', () => {
  it.each(pairs(CREDITOR_KEYS))('%s: PUT /api/v1/creditors/{%s}', async (p, k) => {
    const before = await snapshot();
    const r = await call(p, 'PUT', `/api/v1/creditors/${creditorId[k]}`, {
      ...body(k),
      name: `Invadido por ${p}`,
    });
    if (!MAY.creditorsWrite.includes(p)) expectProblem(r, 403);
    else if (!CREDITORS[k].readers.includes(p)) expectProblem(r, 404);
    else {
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ id: creditorId[k], name: `Invadido por ${p}` });
      const restore = await call(CREDITORS[k].tenant, 'PUT', `/api/v1/creditors/${creditorId[k]}`, body(k));
      expect(restore.json().name).toBe(CREDITORS[k].name);
      return;
    }
    expect(await snapshot()).toEqual(before);
  });

  it.each(pairs(CREDITOR_KEYS))('%s: POST /api/v1/creditors/{%s}/imports', async (p, k) => {
    const before = await snapshot();
    const allowed = MAY.import.includes(p) && CREDITORS[k].readers.includes(p);
    // Allowed callers re-send the creditor's own file (idempotent); refused ones try a hostile file.
    const r = await importAs(p, k, allowed ? csvOf(k) : hostileCsv(k));
    if (!MAY.import.includes(p)) expectProblem(r, 403);
    else if (!allowed) expectProblem(r, 404);
    else {
      expect(r.statusCode, r.payload).toBe(200);
      expect(r.json()).toMatchObject({ status: 'completed', created: 0, updated: 0, unchanged: 2 });
      const after = await snapshot();
      expect(after.debts).toEqual(before.debts);
      expect(after.debtors).toEqual(before.debtors);
      const newImport = after.imports.find((i) => i.id === r.json().importId)!;
      expect(newImport.creditor_id).toBe(creditorId[k]);
      expect(after.imports).toHaveLength(before.imports.length + 1);
      return;
    }
    expect(await snapshot()).toEqual(before);
  });

  const TOKEN_BODIES = {
    agent: () => ({ role: 'agent' }),
    creditorA1: () => ({ role: 'creditor', creditorId: creditorId.A1 }),
    creditorA2: () => ({ role: 'creditor', creditorId: creditorId.A2 }),
    creditorB1: () => ({ role: 'creditor', creditorId: creditorId.B1 }),
  };
  const tokenTarget: Record<keyof typeof TOKEN_BODIES, CreditorKey | null> = {
    agent: null,
    creditorA1: 'A1',
    creditorA2: 'A2',
    creditorB1: 'B1',
  };
  it.each(pairs(Object.keys(TOKEN_BODIES) as (keyof typeof TOKEN_BODIES)[]))(
    '%s: POST /api/v1/tokens (%s)',
    async (p, k) => {
      const before = await snapshot();
      const r = await call(p, 'POST', '/api/v1/tokens', TOKEN_BODIES[k]());
      const target = tokenTarget[k];
      if (!MAY.tokens.includes(p)) expectProblem(r, 403);
      else if (target && CREDITORS[target].tenant !== p) expectProblem(r, 404);
      else {
        expect(r.statusCode, r.payload).toBe(201);
        const created = r.json();
        rawTokens.push(created.token);
        expect(created).toMatchObject({
          tenantSlug: TENANT_OF[p],
          creditorId: target ? creditorId[target] : null,
        });
        // The new token lives in the caller's tenant (and creditor): it lists only those creditors.
        const list = await t.app.inject({
          url: '/api/v1/creditors',
          headers: { authorization: `Bearer ${created.token}` },
        });
        const expected = target
          ? [creditorId[target]]
          : CREDITOR_KEYS.filter((c) => CREDITORS[c].tenant === p).map((c) => creditorId[c]);
        expect(
          list
            .json()
            .items.map((c: { id: string }) => c.id)
            .sort(),
        ).toEqual(expected.sort());
        return;
      }
      expect(await snapshot()).toEqual(before);
    },
  );

  it.each(PRINCIPALS)('%s: PUT /api/v1/indexes/ipca', async (p) => {
    const before = await snapshot();
    const allowed = MAY.indexes.includes(p);
    const csv = `month,percent\n2020-01,${allowed ? '0.21' : '99'}\n`;
    const r = await call(p, 'PUT', '/api/v1/indexes/ipca', csv, 'text/csv');
    if (!allowed) {
      expectProblem(r, 403);
      expect(await snapshot()).toEqual(before);
      return;
    }
    expect(r.statusCode).toBe(200);
    // Index tables are per tenant: an admin loads its own tenant's months and never another's.
    const tenant = await t.rt.ctx.database.db
      .selectFrom('tenants')
      .select('id')
      .where('slug', '=', TENANT_OF[p])
      .executeTakeFirstOrThrow();
    const own = tenant.id;
    const others = (rows: { tenant_id: string }[]) => rows.filter((row) => row.tenant_id !== own);
    const after = await snapshot();
    expect(others(after.indexValues)).toEqual(others(before.indexValues));
    expect(after.indexValues.filter((row) => row.tenant_id === own)).toMatchObject([
      { month: '2020-01', percent: '0.210000' },
    ]);
    expect(r.json()).toMatchObject({ index: 'IPCA', months: 1, changed: p === 'adminA' ? 0 : 1 });
  });

  it('a CNPJ registered in tenant A is no obstacle (nor an oracle) in tenant B', async () => {
    const r = await call('adminB', 'POST', '/api/v1/creditors', { ...body('A1'), document: CNPJ.A1 });
    expect(r.statusCode, r.payload).toBe(201);
    expect(r.json().id).not.toBe(creditorId.A1);
    const a = await call('adminA', 'GET', `/api/v1/creditors/${creditorId.A1}`);
    expect(a.json()).toMatchObject({ id: creditorId.A1, name: CREDITORS.A1.name });
    const aList = await call('adminA', 'GET', '/api/v1/creditors');
    expect(aList.json().items.map((c: { id: string }) => c.id)).not.toContain(r.json().id);
  });
});

describe('api tokens are stored hashed', () => {
  it('token_hash is the SHA-256 of the token and no token string appears anywhere in api_tokens', async () => {
    const db = t.rt.ctx.database.db;
    const rows = await db.selectFrom('api_tokens').selectAll().execute();
    // 7 principals + 1 API-created agent token per admin + creditor tokens of each admin's own tenant.
    expect(rawTokens.length).toBeGreaterThanOrEqual(7 + 2 + 3);
    expect(rows).toHaveLength(rawTokens.length);
    const dump = JSON.stringify(rows);
    const audit = JSON.stringify(await db.selectFrom('audit_events').selectAll().execute());
    const hashes = new Set(rows.map((r) => r.token_hash));
    for (const token of rawTokens) {
      expect(token).toMatch(/^trato_[A-Za-z0-9_-]{43}$/);
      const secret = token.slice('trato_'.length);
      expect(dump).not.toContain(secret);
      expect(audit).not.toContain(secret);
      expect(hashes.has(createHash('sha256').update(token).digest('hex'))).toBe(true);
    }
    for (const row of rows) {
      expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(rawTokens).not.toContain(row.token_hash);
    }
  });
});

describe('creditors of one agency do not see each other’s data about a shared debtor', () => {
  it('creditor A1 importing a CPF that A2 sent sees only what A1 sent; the agency record keeps what A2 sent', async () => {
    const cpf = generateCpf(seeded(4242));
    const a2 = await importAs(
      'adminA',
      'A2',
      `document;name;external_id;original_amount;due_date;email;phone\n${cpf};Maria Segredo da Silva;A2-PRIV;500,00;2025-01-10;segredo@example.com;(11) 98888-7777`,
    );
    expect(a2.statusCode, a2.payload).toBe(200);
    const before = await call('credA1', 'GET', `/api/v1/debtors?document=${cpf}`);
    expect(before.json()).toMatchObject({ items: [], total: 0 });

    const a1 = await importAs(
      'credA1',
      'A1',
      `document;name;external_id;original_amount;due_date\n${cpf};M. S. Silva;A1-PROBE;0,01;2025-01-10`,
    );
    expect(a1.statusCode, a1.payload).toBe(200);
    const seen = await call('credA1', 'GET', `/api/v1/debtors?document=${cpf}`);
    expect(seen.json().items).toHaveLength(1);
    expect(seen.json().items[0]).toMatchObject({ name: 'M. S. Silva', email: null, phone: null });
    expect(seen.payload).not.toContain('segredo@example.com');
    expect(seen.payload).not.toContain('98888');
    const one = await call('credA1', 'GET', `/api/v1/debtors/${seen.json().items[0].id}`);
    expect(one.payload).not.toContain('segredo');
    expect(one.json().debts.map((d: { externalId: string }) => d.externalId)).toEqual(['A1-PROBE']);

    const a2View = await call('credA2', 'GET', `/api/v1/debtors?document=${cpf}`);
    expect(a2View.json().items[0]).toMatchObject({
      name: 'Maria Segredo da Silva',
      email: 'segredo@example.com',
      phone: '+5511988887777',
    });
    const staff = await call('adminA', 'GET', `/api/v1/debtors?document=${cpf}`);
    // The agency's record is what the creditor that first sent the person supplied: another creditor's
    // import changes nothing there (issue #10 item 2); its contacts are listed with their source.
    expect(staff.json().items[0]).toMatchObject({
      name: 'Maria Segredo da Silva',
      email: 'segredo@example.com',
      phone: '+5511988887777',
    });
  });
});
