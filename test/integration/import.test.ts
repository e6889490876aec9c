import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCnpj, generateCpf } from '../../src/platform/br-documents.ts';
import { creditorBody, startTestApp, type TestApp } from '../support/app.ts';

/**
 * Portfolio import (issue "Foundation", item 5) through HTTP, on PGlite or PostgreSQL
 * (DATABASE_URL): encodings, delimiters, pt-BR numbers and dates, all-or-nothing, partial,
 * idempotent re-send, debtor merging, external_id rules, the background job, and a table of
 * malformed inputs that must be rejected with a clear error and nothing written.
 */
let t: TestApp;
let admin: string;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const FULL = [
  'document',
  'name',
  'external_id',
  'original_amount',
  'due_date',
  'birth_date',
  'email',
  'phone',
  'state',
  'city',
  'product',
  'fine_percent',
  'monthly_interest_percent',
  'fees_percent',
] as const;
type Col = (typeof FULL)[number];
type Line = Partial<Record<Col | string, string>>;

/** Deterministic random source, so documents are valid and reproducible. */
function seeded(seed: number): () => number {
  let x = (seed * 2654435761 + 12345) >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}
const cpf = (n: number) => generateCpf(seeded(n));
const cnpj = (n: number) => generateCnpj(seeded(10_000 + n));
/** "529.982.247-25" style, as creditors often send it. */
const masked = (c: string) => `${c.slice(0, 3)}.${c.slice(3, 6)}.${c.slice(6, 9)}-${c.slice(9)}`;

function cell(value: string, delimiter: string): string {
  return value.includes(delimiter) || value.includes('"') || /[\r\n]/.test(value)
    ? `"${value.replaceAll('"', '""')}"`
    : value;
}

/** A CSV text: header + one line per object (missing cells empty). */
function csv(
  lines: Line[],
  options: { header?: readonly string[]; delimiter?: ';' | ','; eol?: string; finalEol?: boolean } = {},
): string {
  const header = options.header ?? FULL;
  const d = options.delimiter ?? ';';
  const eol = options.eol ?? '\n';
  const text = [header.join(d), ...lines.map((l) => header.map((c) => cell(l[c] ?? '', d)).join(d))].join(
    eol,
  );
  return options.finalEol === false ? text : text + eol;
}

/** A valid line; `n` picks the debtor's CPF. */
function valid(n: number, externalId: string, overrides: Line = {}): Line {
  return {
    document: masked(cpf(n)),
    name: `Devedor ${n}`,
    external_id: externalId,
    original_amount: '100,00',
    due_date: '2024-01-10',
    ...overrides,
  };
}

interface ImportBody {
  importId: string;
  status: string | number;
  accepted: number;
  rejected: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: { line: number; column: string | null; value: string | null; message: string }[];
  errorsTotal: number;
  warnings: string[];
  lineWarnings: { line: number; column: string | null; value: string | null; message: string }[];
  lineWarningsTotal: number;
  encoding?: string;
  delimiter?: string;
}

async function importCsv(
  creditorId: string,
  payload: string | Buffer,
  query = 'mode=all',
  app: TestApp = t,
  auth = admin,
) {
  const r = await app.app.inject({
    method: 'POST',
    url: `/api/v1/creditors/${creditorId}/imports?${query}`,
    headers: { authorization: auth, 'content-type': 'text/csv' },
    payload,
  });
  return { status: r.statusCode, body: r.json() as ImportBody, headers: r.headers };
}

async function createCreditor(n: number, app: TestApp = t, auth = admin): Promise<string> {
  const r = await app.app.inject({
    method: 'POST',
    url: '/api/v1/creditors',
    headers: { authorization: auth },
    payload: creditorBody({ name: `Credor ${n}`, document: cnpj(n) }),
  });
  expect(r.statusCode).toBe(201);
  return r.json().id;
}

async function counts(app: TestApp = t) {
  const db = app.rt.ctx.database.db;
  const debtors = await db.selectFrom('debtors').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const debts = await db.selectFrom('debts').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return { debtors: Number(debtors.n), debts: Number(debts.n) };
}

async function debtor(document: string, app: TestApp = t) {
  return app.rt.ctx.database.db
    .selectFrom('debtors')
    .selectAll()
    .where('document', '=', document)
    .executeTakeFirst();
}

async function debtsOf(creditorId: string, app: TestApp = t) {
  return app.rt.ctx.database.db
    .selectFrom('debts')
    .selectAll()
    .where('creditor_id', '=', creditorId)
    .orderBy('external_id')
    .execute();
}

async function debt(creditorId: string, externalId: string) {
  return t.rt.ctx.database.db
    .selectFrom('debts')
    .selectAll()
    .where('creditor_id', '=', creditorId)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}

async function snapshot(creditorId: string) {
  const db = t.rt.ctx.database.db;
  const debts = await debtsOf(creditorId);
  if (debts.length === 0) return { debts, debtors: [] };
  const debtors = await db
    .selectFrom('debtors')
    .selectAll()
    .where(
      'id',
      'in',
      debts.map((d) => d.debtor_id),
    )
    .orderBy('document')
    .execute();
  return { debts, debtors };
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.token('admin');
});
afterAll(async () => t?.close());

// ---------------------------------------------------------------------------------------------
// Formats: delimiters, encodings, numbers, dates, headers
// ---------------------------------------------------------------------------------------------

describe('file formats', () => {
  let creditor: string;
  beforeAll(async () => {
    creditor = await createCreditor(1);
  });

  it('imports a `;` UTF-8 file with every column, normalising each value', async () => {
    const file = csv([
      {
        document: masked(cpf(1)),
        name: 'Maria  da Silva',
        external_id: 'F-1',
        original_amount: '1.234,56',
        due_date: '10/01/2024',
        birth_date: '17/05/1980',
        email: 'Maria@Example.COM.BR',
        phone: '(11) 98765-4321',
        state: 'sp',
        city: 'São Paulo',
        product: 'Cartão',
        fine_percent: '2%',
        monthly_interest_percent: '1,5',
        fees_percent: '10',
      },
      valid(2, 'F-2', { document: cnpj(500), name: 'Empresa Devedora Ltda' }),
    ]);
    const before = await counts();
    const r = await importCsv(creditor, file);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      status: 'completed',
      accepted: 2,
      rejected: 0,
      created: 2,
      errors: [],
      warnings: [],
      encoding: 'utf-8',
      delimiter: ';',
    });
    expect(await counts()).toEqual({ debtors: before.debtors + 2, debts: before.debts + 2 });
    expect(await debtor(cpf(1))).toMatchObject({
      document_kind: 'cpf',
      name: 'Maria da Silva',
      birth_date: '1980-05-17',
      email: 'Maria@example.com.br',
      phone: '+5511987654321',
      state: 'SP',
      city: 'São Paulo',
    });
    expect(await debtor(cnpj(500))).toMatchObject({ document_kind: 'cnpj', name: 'Empresa Devedora Ltda' });
    const d = await debt(creditor, 'F-1');
    expect(d).toMatchObject({
      original_amount_cents: 123456,
      due_date: '2024-01-10',
      product: 'Cartão',
      status: 'open',
      import_id: r.body.importId,
    });
    expect(Number(d?.fine_percent)).toBe(2);
    expect(Number(d?.monthly_interest_percent)).toBe(1.5);
    expect(Number(d?.fees_percent)).toBe(10);
  });

  it('imports a `,` file whose pt-BR amounts are quoted ("1.234,56")', async () => {
    const file = [
      'document,name,external_id,original_amount,due_date,city',
      `${cpf(3)},"Souza, Ana",C-1,"1.234,56",2024-02-01,"Rio de Janeiro"`,
      `${cpf(3)},"Souza, Ana",C-2,"1234,56",01/02/2024,`,
      `${cpf(3)},"Souza, Ana",C-3,1234.56,2024-02-01,"Santa Bárbara d'Oeste, SP"`,
      '',
    ].join('\n');
    const r = await importCsv(creditor, file);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ accepted: 3, rejected: 0, delimiter: ',' });
    for (const id of ['C-1', 'C-2', 'C-3']) {
      expect((await debt(creditor, id))?.original_amount_cents).toBe(123456);
    }
    expect(await debtor(cpf(3))).toMatchObject({ name: 'Souza, Ana', city: "Santa Bárbara d'Oeste, SP" });
  });

  it('amounts 1234.56, 1234,56, 1.234,56 (and R$ 1.234,56) are the same centavos', async () => {
    const amounts = ['1234.56', '1234,56', '1.234,56', 'R$ 1.234,56'];
    const file = csv(amounts.map((a, i) => valid(4, `AMT-${i}`, { original_amount: a })));
    const r = await importCsv(creditor, file);
    expect(r.status).toBe(200);
    expect(r.body.accepted).toBe(4);
    for (let i = 0; i < amounts.length; i++) {
      expect((await debt(creditor, `AMT-${i}`))?.original_amount_cents).toBe(123456);
    }
  });

  it('dates YYYY-MM-DD and DD/MM/YYYY mean the same day (never month-first)', async () => {
    const file = csv([
      valid(5, 'DT-1', { due_date: '2024-03-05', birth_date: '1980-12-25' }),
      valid(6, 'DT-2', { due_date: '05/03/2024', birth_date: '25/12/1980' }),
      valid(7, 'DT-3', { due_date: '5/3/2024' }),
    ]);
    const r = await importCsv(creditor, file);
    expect(r.status).toBe(200);
    for (const id of ['DT-1', 'DT-2', 'DT-3'])
      expect((await debt(creditor, id))?.due_date).toBe('2024-03-05');
    expect((await debtor(cpf(5)))?.birth_date).toBe('1980-12-25');
    expect((await debtor(cpf(6)))?.birth_date).toBe('1980-12-25');
  });

  it('UTF-8 with BOM: the first header name is recognised and accents are kept', async () => {
    const text = csv([valid(8, 'BOM-1', { name: 'João Conceição', city: 'São Paulo' })], { eol: '\r\n' });
    const r = await importCsv(creditor, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ accepted: 1, encoding: 'utf-8', warnings: [] });
    expect(await debtor(cpf(8))).toMatchObject({ name: 'João Conceição', city: 'São Paulo' });
  });

  it('Windows-1252: accents are decoded, not mangled', async () => {
    const bytes = iconv.encode(
      csv([valid(9, 'WIN-1', { name: 'João Conceição', city: 'São Paulo', product: 'Crédito Pessoal' })], {
        eol: '\r\n',
      }),
      'win1252',
    );
    expect(bytes.includes(0xe3)).toBe(true); // ã as one byte: not UTF-8
    const r = await importCsv(creditor, bytes);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ accepted: 1, encoding: 'windows-1252' });
    expect(await debtor(cpf(9))).toMatchObject({ name: 'João Conceição', city: 'São Paulo' });
    expect((await debt(creditor, 'WIN-1'))?.product).toBe('Crédito Pessoal');
  });

  it('Windows-1252 whose only accent is the last byte of the file (no final newline)', async () => {
    const text = csv([valid(10, 'WIN-2', { city: 'Belém', product: 'Pará' })], {
      header: [...FULL.slice(0, 5), 'city', 'product'],
      finalEol: false,
    });
    const r = await importCsv(creditor, iconv.encode(text, 'win1252'));
    expect(r.status).toBe(200);
    expect(r.body.encoding).toBe('windows-1252');
    expect((await debt(creditor, 'WIN-2'))?.product).toBe('Pará');
    expect((await debtor(cpf(10)))?.city).toBe('Belém');
  });

  it('a quote inside an unquoted field is kept literally', async () => {
    const file = `${FULL.slice(0, 5).join(';')};product\n${cpf(13)};Rui Lima;Q-1;10;2024-01-01;TV 32" LED\n`;
    const r = await importCsv(creditor, file);
    expect(r.status).toBe(200);
    expect((await debt(creditor, 'Q-1'))?.product).toBe('TV 32" LED');
  });

  it('an extra column is ignored with a warning and the file is still imported', async () => {
    const r = await importCsv(
      creditor,
      csv([{ ...valid(11, 'EXT-1'), observacao: 'cliente antigo' }], {
        header: [...FULL.slice(0, 5), 'observacao'],
      }),
    );
    expect(r.status).toBe(200);
    expect(r.body.accepted).toBe(1);
    expect(r.body.warnings).toEqual([expect.stringMatching(/observacao.*ignorada/)]);
    expect(await debt(creditor, 'EXT-1')).toBeDefined();
  });

  it('header names are case-insensitive, in any order; a quoted multi-line field keeps line numbers', async () => {
    const file = [
      ' DUE_DATE ;Name;Document;External_Id;Original_Amount;City',
      `2024-01-01;Lia Reis;${cpf(12)};ORD-1;10;"Vila\r\nNova"`,
      `2024-01-01;Lia Reis;${cpf(12)};ORD-2;0;`,
      '',
    ].join('\r\n');
    const r = await importCsv(creditor, file, 'mode=partial');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ accepted: 1, rejected: 1 });
    // ORD-2 is on physical line 4 (line 2 spans two lines).
    expect(r.body.errors).toEqual([
      { line: 4, column: 'original_amount', value: '0', message: expect.stringMatching(/maior que zero/) },
    ]);
    expect((await debtor(cpf(12)))?.city).toBe('Vila Nova');
  });
});

// ---------------------------------------------------------------------------------------------
// All-or-nothing, partial, idempotence
// ---------------------------------------------------------------------------------------------

describe('NUL bytes in a file (issue 10, item 9)', () => {
  it('are a line error (422 whole file, 200 partial), never a 500; the report shows where', async () => {
    const creditorId = await createCreditor(9101);
    const file = `document;name;external_id;original_amount;due_date\n${cpf(9101)};Ana\u0000Souza;NUL-1;10,00;2024-01-10\n${cpf(9102)};Bia Souza;NUL-2;10,00;2024-01-10\n`;
    const all = await importCsv(creditorId, file);
    expect(all.status).toBe(422);
    expect(all.body.errors[0]).toMatchObject({ line: 2, column: 'name' });
    const partial = await importCsv(creditorId, file, 'mode=partial');
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({ accepted: 1, rejected: 1 });
    const saved = await t.app.inject({
      url: `/api/v1/imports/${partial.body.importId}`,
      headers: { authorization: admin },
    });
    expect(saved.statusCode).toBe(200);
    expect(JSON.stringify(saved.json().errors)).toContain('Ana\u2400Souza');
  });
});

describe('all-or-nothing, partial and re-send', () => {
  let creditor: string;
  const lines = [
    valid(20, 'P-1'),
    valid(21, 'P-2', { email: 'p2@example.com' }),
    valid(22, 'P-3', { original_amount: 'abc', due_date: '31/02/2024' }),
    valid(23, 'P-4', { phone: '(11) 3456-7890' }),
    valid(24, 'P-5', { document: '529.982.247-26' }),
  ];
  const file = csv(lines);
  beforeAll(async () => {
    creditor = await createCreditor(2);
  });

  it('mode=all (the default) rejects the whole file with 422, lists every error, writes nothing', async () => {
    const before = await counts();
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/v1/creditors/${creditor}/imports`,
      headers: { authorization: admin, 'content-type': 'text/csv' },
      payload: file,
    });
    expect(r.statusCode).toBe(422);
    expect(r.headers['content-type']).toContain('application/problem+json');
    const body = r.json() as ImportBody & { code: string; detail: string };
    expect(body).toMatchObject({ code: 'IMPORT_REJECTED', accepted: 0, rejected: 2, errorsTotal: 3 });
    expect(body.detail).toMatch(/Nada foi gravado/);
    expect(body.errors).toEqual([
      { line: 4, column: 'original_amount', value: 'abc', message: expect.stringMatching(/valor inválido/) },
      { line: 4, column: 'due_date', value: '31/02/2024', message: expect.stringMatching(/inexistente/) },
      {
        line: 6,
        column: 'document',
        value: '529.982.247-26',
        message: 'CPF com dígito verificador inválido',
      },
    ]);
    expect(await counts()).toEqual(before);
    expect(await debtsOf(creditor)).toEqual([]);
    expect(await debtor(cpf(20))).toBeUndefined();
    const stored = await t.app.inject({
      url: `/api/v1/imports/${body.importId}`,
      headers: { authorization: admin },
    });
    expect(stored.json()).toMatchObject({ status: 'rejected', accepted: 0, rejected: 2, errorsTotal: 3 });
    expect(stored.json().errors).toEqual(body.errors);
  });

  it('mode=partial imports the valid lines and reports the others', async () => {
    const before = await counts();
    const r = await importCsv(creditor, file, 'mode=partial');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      status: 'completed',
      accepted: 3,
      rejected: 2,
      created: 3,
      errorsTotal: 3,
    });
    expect(r.body.errors.map((e) => [e.line, e.column])).toEqual([
      [4, 'original_amount'],
      [4, 'due_date'],
      [6, 'document'],
    ]);
    expect(await counts()).toEqual({ debtors: before.debtors + 3, debts: before.debts + 3 });
    expect((await debtsOf(creditor)).map((d) => d.external_id)).toEqual(['P-1', 'P-2', 'P-4']);
    expect((await debtor(cpf(23)))?.phone).toBe('+551134567890');
  });

  it('re-sending the same file gives the same counts and changes no row (not even updated_at)', async () => {
    const before = await snapshot(creditor);
    const totals = await counts();
    const again = await importCsv(creditor, file, 'mode=partial');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ accepted: 3, rejected: 2, created: 0, updated: 0, unchanged: 3 });
    expect(again.body.errors).toHaveLength(3);
    expect(await counts()).toEqual(totals);
    expect(await snapshot(creditor)).toEqual(before);
    // A rejected re-send in mode=all changes nothing either.
    const all = await importCsv(creditor, file);
    expect(all.status).toBe(422);
    expect(await snapshot(creditor)).toEqual(before);
  });

  it('a clean file sent twice: 200 both times, same counts, no new rows, rows untouched', async () => {
    const clean = csv([valid(25, 'R-1', { email: 'r1@example.com' }), valid(25, 'R-2'), valid(26, 'R-3')]);
    const first = await importCsv(creditor, clean);
    expect(first.body).toMatchObject({ accepted: 3, rejected: 0, created: 3 });
    const before = await snapshot(creditor);
    const totals = await counts();
    for (let i = 0; i < 2; i++) {
      const again = await importCsv(creditor, clean);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ accepted: 3, rejected: 0, created: 0, updated: 0, unchanged: 3 });
      expect(again.body.importId).not.toBe(first.body.importId);
    }
    expect(await counts()).toEqual(totals);
    expect(await snapshot(creditor)).toEqual(before);
  });

  it('mode=partial with a broken header is still rejected whole (422)', async () => {
    const before = await counts();
    const r = await importCsv(
      creditor,
      csv([valid(27, 'H-1')], { header: ['document', 'name'] }),
      'mode=partial',
    );
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e) => e.column)).toEqual(['external_id', 'original_amount', 'due_date']);
    expect(await counts()).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------
// Debtors: one per document per tenant; later lines update contacts; empty never erases
// ---------------------------------------------------------------------------------------------

describe('debtor merging', () => {
  let creditor: string;
  beforeAll(async () => {
    creditor = await createCreditor(3);
  });

  it('a later line of the same document updates contacts; an empty cell does not erase them', async () => {
    const before = await counts();
    const r = await importCsv(
      creditor,
      csv([
        valid(30, 'M-1', {
          name: 'Carla Dias',
          email: 'carla@old.com.br',
          phone: '(11) 98765-4321',
          state: 'SP',
        }),
        valid(30, 'M-2', { name: 'Carla Dias', email: 'carla@new.com.br', phone: '' }),
        valid(30, 'M-3', { name: 'Carla Dias', email: '', state: '' }),
      ]),
    );
    expect(r.status).toBe(200);
    expect(r.body.accepted).toBe(3);
    expect(await counts()).toEqual({ debtors: before.debtors + 1, debts: before.debts + 3 });
    expect(await debtor(cpf(30))).toMatchObject({
      email: 'carla@new.com.br',
      phone: '+5511987654321',
      state: 'SP',
    });
  });

  it('a later file with a new e-mail updates the debtor; an empty e-mail keeps the stored one', async () => {
    const stored = await debtor(cpf(30));
    const before = await counts();
    const newEmail = await importCsv(
      creditor,
      csv([valid(30, 'M-1', { name: 'Carla Dias', email: 'carla@newest.com.br' })]),
    );
    expect(newEmail.status).toBe(200);
    const afterEmail = await debtor(cpf(30));
    expect(afterEmail?.id).toBe(stored?.id);
    expect(afterEmail?.email).toBe('carla@newest.com.br');
    expect(afterEmail?.updated_at.getTime()).toBeGreaterThan(stored!.updated_at.getTime());

    const empty = await importCsv(
      creditor,
      csv([valid(30, 'M-4', { name: 'Carla Dias', email: '', phone: '(21) 99876-5432', city: 'Niterói' })]),
    );
    expect(empty.status).toBe(200);
    expect(await debtor(cpf(30))).toMatchObject({
      id: stored?.id,
      email: 'carla@newest.com.br',
      phone: '+5521998765432',
      state: 'SP',
      city: 'Niterói',
    });
    expect(await counts()).toEqual({ debtors: before.debtors, debts: before.debts + 1 });
  });

  it('the same document masked or bare is the same debtor, also across creditors', async () => {
    const other = await createCreditor(4);
    const before = await counts();
    const r = await importCsv(other, csv([valid(30, 'M-1', { document: cpf(30), name: 'Carla Dias' })]));
    expect(r.status).toBe(200);
    expect(await counts()).toEqual({ debtors: before.debtors, debts: before.debts + 1 });
    // M-1 exists for both creditors: a debt is unique by (creditor, external_id).
    const a = await debt(creditor, 'M-1');
    const b = await debt(other, 'M-1');
    expect(a?.id).not.toBe(b?.id);
    expect(a?.debtor_id).toBe(b?.debtor_id);
  });
});

// ---------------------------------------------------------------------------------------------
// Debts: unique by (creditor, external_id)
// ---------------------------------------------------------------------------------------------

describe('external_id rules', () => {
  let creditor: string;
  beforeAll(async () => {
    creditor = await createCreditor(5);
    const r = await importCsv(creditor, csv([valid(40, 'X-1', { original_amount: '500,00' })]));
    expect(r.status).toBe(200);
  });

  it('the same external_id twice in a file: error on the second line', async () => {
    const file = csv([valid(41, 'DUP-1'), valid(42, 'X-2'), valid(43, 'DUP-1')]);
    const before = await counts();
    const all = await importCsv(creditor, file);
    expect(all.status).toBe(422);
    expect(all.body.errors).toEqual([
      {
        line: 4,
        column: 'external_id',
        value: 'DUP-1',
        message: expect.stringMatching(/repetido.*linha 2/),
      },
    ]);
    expect(await counts()).toEqual(before);
    const partial = await importCsv(creditor, file, 'mode=partial');
    expect(partial.body).toMatchObject({ accepted: 2, rejected: 1 });
    const d = await debt(creditor, 'DUP-1');
    expect(d?.debtor_id).toBe((await debtor(cpf(41)))?.id);
    expect(await debtor(cpf(43))).toBeUndefined();
  });

  it("an existing external_id sent with another debtor's document is an error", async () => {
    const before = await counts();
    const owner = await debt(creditor, 'X-1');
    const r = await importCsv(
      creditor,
      csv([valid(44, 'X-3'), valid(45, 'X-1', { original_amount: '500,00' })]),
    );
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([
      {
        line: 3,
        column: 'document',
        value: cpf(45),
        message: expect.stringMatching(/X-1.*outro devedor/),
      },
    ]);
    expect(await counts()).toEqual(before);
    expect(await debt(creditor, 'X-1')).toEqual(owner);
    expect(await debtor(cpf(45))).toBeUndefined();
  });

  it('an existing external_id with a new amount updates the same debt', async () => {
    const old = await debt(creditor, 'X-1');
    const r = await importCsv(creditor, csv([valid(40, 'X-1', { original_amount: '550,00' })]));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ accepted: 1, created: 0, updated: 1, unchanged: 0 });
    const now = await debt(creditor, 'X-1');
    expect(now?.id).toBe(old?.id);
    expect(now?.original_amount_cents).toBe(55000);
    expect(now?.import_id).toBe(r.body.importId);
  });
});

// ---------------------------------------------------------------------------------------------
// Large files: the background job (pg-boss)
// ---------------------------------------------------------------------------------------------

describe('async import through the job queue', () => {
  let w: TestApp;
  let auth: string;
  let creditor: string;
  beforeAll(async () => {
    w = await startTestApp({ jobs: 'work', inlineImportMaxBytes: 100 });
    auth = await w.token('admin');
    creditor = await createCreditor(6, w, auth);
  });
  afterAll(async () => w?.close());

  async function waitForImport(importId: string): Promise<ImportBody> {
    const deadline = Date.now() + 45_000;
    for (;;) {
      const r = await w.app.inject({ url: `/api/v1/imports/${importId}`, headers: { authorization: auth } });
      expect(r.statusCode).toBe(200);
      const body = r.json() as ImportBody;
      if (body.status !== 'queued' && body.status !== 'running') return body;
      if (Date.now() > deadline) throw new Error(`import ${importId} still ${body.status} after 45 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  const bigFile = csv([
    valid(60, 'J-1', { name: 'João Conceição' }),
    valid(61, 'J-2'),
    valid(61, 'J-3', { original_amount: '1.234,56' }),
  ]);

  it('a body above inlineImportMaxBytes is queued (202) and the job imports it', async () => {
    expect(Buffer.byteLength(bigFile)).toBeGreaterThan(100);
    const before = await counts(w);
    const r = await importCsv(creditor, bigFile, 'mode=all', w, auth);
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ status: 'queued', accepted: 0 });
    expect(r.body.importId).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.headers.location).toBe(`/api/v1/imports/${r.body.importId}`);
    const done = await waitForImport(r.body.importId);
    expect(done).toMatchObject({ status: 'completed', accepted: 3, rejected: 0, created: 3, errors: [] });
    expect(await counts(w)).toEqual({ debtors: before.debtors + 2, debts: before.debts + 3 });
    expect((await debtor(cpf(60), w))?.name).toBe('João Conceição');
    // The job deletes the stored upload right after the import finishes.
    const deadline = Date.now() + 10_000;
    let uploads = 1;
    while (uploads > 0 && Date.now() < deadline) {
      const row = await w.rt.ctx.database.db
        .selectFrom('import_uploads')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('import_id', '=', r.body.importId)
        .executeTakeFirstOrThrow();
      uploads = Number(row.n);
      if (uploads > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(uploads).toBe(0);
  });

  it('re-sending the file through the job changes nothing', async () => {
    const before = await debtsOf(creditor, w);
    const r = await importCsv(creditor, bigFile, 'mode=all', w, auth);
    expect(r.status).toBe(202);
    const done = await waitForImport(r.body.importId);
    expect(done).toMatchObject({ status: 'completed', accepted: 3, created: 0, unchanged: 3 });
    expect(await debtsOf(creditor, w)).toEqual(before);
  });

  it('?async=true queues even a small file; a rejected file reports its errors and writes nothing', async () => {
    const small = 'document;name;external_id;original_amount;due_date\n1;A;B;0;x\n';
    const before = await counts(w);
    const r = await importCsv(creditor, small, 'mode=all&async=true', w, auth);
    expect(r.status).toBe(202);
    const done = await waitForImport(r.body.importId);
    expect(done.status).toBe('rejected');
    expect(done.errors.map((e) => e.column)).toEqual(['document', 'name', 'original_amount', 'due_date']);
    expect(await counts(w)).toEqual(before);

    const ok = await importCsv(creditor, csv([valid(62, 'J-4')]).slice(0, 99), 'async=true', w, auth);
    expect(ok.status).toBe(202);
    expect(await waitForImport(ok.body.importId)).toMatchObject({ status: 'completed' });
  });

  it('mode=partial through the job imports the valid lines', async () => {
    const r = await importCsv(
      creditor,
      csv([valid(63, 'J-5'), valid(64, 'J-6', { state: 'ZZ' })]),
      'mode=partial',
      w,
      auth,
    );
    expect(r.status).toBe(202);
    const done = await waitForImport(r.body.importId);
    expect(done).toMatchObject({ status: 'completed', accepted: 1, rejected: 1 });
    expect(done.errors).toEqual([
      { line: 3, column: 'state', value: 'ZZ', message: expect.stringMatching(/UF inválida/) },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Malformed inputs: clear error, nothing written
// ---------------------------------------------------------------------------------------------

interface Expected {
  line: number;
  /** Omitted: any column (binary garbage); null: a whole-line or whole-file error. */
  column?: string | null;
  message: RegExp;
  value?: string | null;
}
interface Case {
  name: string;
  body: string | Buffer;
  status?: number;
  errors: Expected[];
  warning?: RegExp;
}

/** Header + a fresh valid line (line 2, never stored) + the line under test (line 3). */
function badLine(overrides: Line): string {
  return csv([valid(900, 'MAL-OK'), valid(901, 'MAL-1', overrides)]);
}

/** One cell of line 3 is invalid. */
function cellCase(
  column: Col,
  value: string,
  message: RegExp,
  name = `${column} = ${JSON.stringify(value)}`,
): Case {
  return {
    name,
    body: badLine({ [column]: value }),
    errors: [{ line: 3, column, value: value.trim(), message }],
  };
}

function buildCases(): Case[] {
  const req = FULL.slice(0, 5);
  const missing = (col: string): Case => ({
    name: `missing required column ${col}`,
    body: csv([valid(900, 'MAL-OK')], { header: FULL.filter((c) => c !== col) }),
    errors: [{ line: 1, column: col, value: null, message: /coluna obrigatória.*ausente/ }],
  });
  const cases: Case[] = [
    // --- whole file ---
    { name: 'empty body', body: '', errors: [{ line: 1, column: null, message: /arquivo vazio/ }] },
    {
      name: 'only blank lines',
      body: '\r\n\r\n\r\n',
      errors: [{ line: 1, column: null, message: /arquivo vazio/ }],
    },
    {
      name: 'header only (no data lines): accepted, nothing to write, with a warning',
      body: `${FULL.join(';')}\n`,
      status: 200,
      errors: [],
      warning: /não tem linhas de dados/,
    },
    ...req.map(missing),
    {
      name: 'duplicate column',
      body: csv([valid(900, 'MAL-OK')], { header: [...req, 'email', 'EMAIL'] }),
      errors: [{ line: 1, column: 'email', message: /mais de uma vez/ }],
    },
    {
      name: 'Portuguese headers that are not aliases of the layout',
      body: 'identidade;apelido;id_externo;quantia;prazo\n52998224725;Ana;1;10;2024-01-01\n',
      errors: req
        .filter((column) => column !== 'external_id') // "id_externo" is an alias of external_id
        .map((column) => ({
          line: 1,
          column,
          message: /coluna obrigatória.*Cabeçalho encontrado: "identidade"/,
        })),
    },
    {
      name: 'no header (the first line is data)',
      body: `${cpf(900)};Ana;MAL-1;10,00;2024-01-01\n`,
      errors: [{ line: 1, column: 'document', message: /coluna obrigatória/ }],
    },
    {
      name: 'tab-separated file',
      body: `${req.join('\t')}\n${cpf(900)}\tAna\tMAL-1\t10\t2024-01-01\n`,
      errors: [{ line: 1, column: 'document', message: /coluna obrigatória/ }],
    },
    {
      name: 'unclosed quote',
      body: `${req.join(';')}\n${cpf(900)};Ana;MAL-OK;10;2024-01-01\n${cpf(901)};"Ana;MAL-1;10;2024-01-01\n${cpf(902)};Bia;MAL-2;10;2024-01-01\n`,
      errors: [{ line: 3, column: null, message: /aspas abertas/ }],
    },
    {
      name: 'binary garbage',
      body: Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x22, 0x0a, 0x41, 0x90, 0x81, 0x00, 0x3b, 0x2c]),
      errors: [{ line: 1, message: /coluna obrigatória/ }],
    },
    {
      name: 'a PNG image',
      body: Buffer.from([
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00,
        0x00, 0x01, 0x00, 0x08, 0x06, 0x00, 0x00, 0x00, 0x5c, 0x72, 0xa8, 0x66,
      ]),
      errors: [{ line: 1, message: /coluna obrigatória/ }],
    },
    {
      name: 'a gzip file',
      body: Buffer.from([
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xcb, 0x48, 0xcd, 0xc9, 0xc9,
      ]),
      errors: [{ line: 1, message: /coluna obrigatória/ }],
    },
    {
      name: 'UTF-16 (Excel "Unicode text")',
      body: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${req.join(';')}\n`, 'utf16le')]),
      errors: [{ line: 1, message: /UTF-16/ }],
    },
    {
      name: 'a byte undefined in Windows-1252 (0x81)',
      body: Buffer.concat([
        iconv.encode(csv([valid(900, 'MAL-OK', { name: 'Conceição' })]), 'win1252'),
        Buffer.from(`${cpf(901)};Jo`),
        Buffer.from([0x81]),
        Buffer.from('o;MAL-1;10;2024-01-01;;;;;;;;;\n'),
      ]),
      errors: [{ line: 3, column: 'name', message: /caractere inválido/ }],
    },

    // --- document ---
    cellCase(
      'document',
      '529.982.247-26',
      /CPF com dígito verificador inválido/,
      'CPF with a wrong check digit',
    ),
    cellCase('document', '5299822472', /11 dígitos \(CPF\) ou 14/, 'CPF with 10 digits'),
    cellCase('document', '529982247250', /11 dígitos \(CPF\) ou 14/, 'CPF with 12 digits'),
    cellCase('document', '111.111.111-11', /todos os dígitos são iguais/, 'CPF with all digits equal'),
    cellCase(
      'document',
      '11.222.333/0001-82',
      /CNPJ com dígito verificador inválido/,
      'CNPJ with a wrong check digit',
    ),
    cellCase(
      'document',
      '12ABC34501DEXY',
      /CNPJ deve terminar com 2 dígitos/,
      'CNPJ with letters as check digits',
    ),
    cellCase('document', '529*982*247#25', /caracteres inválidos/, 'document with symbols'),
    cellCase('document', '', /documento vazio/, 'empty document'),
    // --- name ---
    cellCase('name', '', /nome vazio/, 'empty name'),
    cellCase('name', '12345', /ao menos uma letra/, 'name with digits only'),
    cellCase('name', 'A', /entre 2 e 200/, 'one-letter name'),
    cellCase('name', 'N'.repeat(201), /entre 2 e 200/, 'name with 201 characters'),
    cellCase('name', 'Ana\u0001Maria', /caracteres de controle/, 'name with a control character'),
    // --- external_id ---
    cellCase('external_id', '', /obrigatório/, 'empty external_id'),
    cellCase('external_id', 'E'.repeat(101), /máximo 100/, 'external_id with 101 characters'),
    // --- original_amount ---
    cellCase('original_amount', '0', /maior que zero/, 'amount zero'),
    cellCase('original_amount', '0,00', /maior que zero/, 'amount 0,00'),
    cellCase('original_amount', '-10,00', /maior que zero/, 'negative amount'),
    cellCase('original_amount', 'R$ -1.234,56', /maior que zero/, 'negative amount with R$'),
    cellCase('original_amount', 'abc', /valor inválido/, 'amount in letters'),
    cellCase('original_amount', 'mil reais', /valor inválido/, 'amount in words'),
    cellCase('original_amount', '1234,567', /mais de 2 casas decimais/, 'amount with 3 decimals'),
    cellCase('original_amount', '1.000.000.000.000,00', /acima do máximo/, 'amount too large'),
    cellCase('original_amount', '1.23.4,56', /valor inválido/, 'amount with broken grouping'),
    cellCase('original_amount', '1e3', /valor inválido/, 'amount in scientific notation'),
    cellCase('original_amount', '', /valor vazio/, 'empty amount'),
    // --- due_date ---
    cellCase('due_date', '31/02/2024', /inexistente/, 'due date 31/02/2024'),
    cellCase('due_date', '2024-13-01', /inexistente/, 'due date month 13'),
    cellCase('due_date', '29/02/2023', /inexistente/, 'due date 29/02 in a common year'),
    cellCase('due_date', '2024-04-31', /inexistente/, 'due date 31 April'),
    cellCase('due_date', '05/03/24', /data inválida/, 'due date with a 2-digit year'),
    cellCase('due_date', '2024/03/05', /data inválida/, 'due date YYYY/MM/DD'),
    cellCase('due_date', '05-03-2024', /data inválida/, 'due date DD-MM-YYYY'),
    cellCase('due_date', '1899-12-31', /fora do intervalo/, 'due date before 1900'),
    cellCase('due_date', '', /data vazia/, 'empty due date'),
    // --- optional columns ---
    cellCase('birth_date', '2030-01-01', /no futuro/, 'birth date in the future'),
    cellCase('birth_date', '24/11/2026', /no futuro/, 'birth date tomorrow'),
    cellCase('birth_date', '32/01/1980', /inexistente/, 'birth date day 32'),
    cellCase('state', 'XX', /UF inválida/, 'unknown UF'),
    cellCase('state', 'São Paulo', /UF inválida/, 'state name instead of UF'),
    cellCase('city', 'C'.repeat(101), /máximo 100/, 'city with 101 characters'),
    cellCase('product', 'P'.repeat(121), /máximo 120/, 'product with 121 characters'),
    cellCase('fine_percent', '150', /entre 0 e 100/, 'fine above 100%'),
    cellCase('fine_percent', '2,1234567', /mais de 6 casas decimais/, 'fine with 7 decimals'),
    cellCase('monthly_interest_percent', '-1', /entre 0 e 100/, 'negative interest'),
    cellCase('monthly_interest_percent', 'um', /percentual inválido/, 'interest in words'),
    cellCase('fees_percent', '100,5', /entre 0 e 100/, 'fees just above 100%'),
    cellCase('fees_percent', '10%%', /percentual inválido/, 'fees with a doubled %'),

    // --- line structure ---
    {
      name: 'line with too few columns',
      body: `${csv([valid(900, 'MAL-OK')])}${cpf(901)};Ana;MAL-1\n`,
      errors: [{ line: 3, column: null, value: null, message: /3 coluna\(s\), mas o cabeçalho tem 14/ }],
    },
    {
      name: 'line with too many columns',
      body: `${csv([valid(900, 'MAL-OK')])}${cpf(901)};Ana;MAL-1;10;2024-01-01;;;;;;;;;;extra\n`,
      errors: [{ line: 3, column: null, message: /15 coluna\(s\)/ }],
    },
    {
      name: 'comma file with an unquoted decimal comma',
      body: `${req.join(',')}\n${cpf(900)},Ana,MAL-OK,10,2024-01-01\n${cpf(901)},Bia,MAL-1,1.234,56,2024-01-01\n`,
      errors: [{ line: 3, column: null, message: /coluna/ }],
    },
    {
      name: 'several problems on one line are all listed',
      body: badLine({ document: '123', original_amount: '0', due_date: '30/02/2024', email: 'x@' }),
      errors: [
        { line: 3, column: 'document', message: /11 dígitos/ },
        { line: 3, column: 'original_amount', message: /maior que zero/ },
        { line: 3, column: 'due_date', message: /inexistente/ },
      ],
    },
    {
      name: 'problems on several lines are all listed',
      body: csv([
        valid(900, 'MAL-OK'),
        valid(901, 'MAL-1', { state: 'XY' }),
        valid(902, 'MAL-2'),
        valid(903, 'MAL-3', { birth_date: '31/04/1980' }),
      ]),
      errors: [
        { line: 3, column: 'state', message: /UF/ },
        { line: 5, column: 'birth_date', message: /inexistente/ },
      ],
    },
    {
      name: 'an invalid line after blank lines and a multi-line field keeps its physical line',
      body: `${req.join(';')}\r\n\r\n${cpf(900)};"Ana\r\nMaria";MAL-OK;10;2024-01-01\r\n\r\n${cpf(901)};Bia;MAL-1;zero;2024-01-01\r\n`,
      errors: [{ line: 6, column: 'original_amount', value: 'zero', message: /valor inválido/ }],
    },
    {
      name: 'Windows-1252 file with an invalid line',
      body: iconv.encode(
        csv([
          valid(900, 'MAL-OK', { name: 'João' }),
          valid(901, 'MAL-1', { name: 'Conceição', state: 'Bahia' }),
        ]),
        'win1252',
      ),
      errors: [{ line: 3, column: 'state', value: 'Bahia', message: /UF inválida/ }],
    },
    {
      name: 'the same external_id twice in the file',
      body: csv([valid(900, 'MAL-OK'), valid(901, 'MAL-OK')]),
      errors: [{ line: 3, column: 'external_id', value: 'MAL-OK', message: /repetido/ }],
    },
    {
      name: "an existing external_id with another debtor's document",
      body: csv([valid(900, 'MAL-OK'), valid(901, 'BASE-1')]),
      errors: [{ line: 3, column: 'document', value: cpf(901), message: /outro devedor/ }],
    },
  ];
  return cases;
}

describe('malformed inputs: clear error, nothing written', () => {
  let creditor: string;
  const cases = buildCases();

  beforeAll(async () => {
    creditor = await createCreditor(7);
    // One valid import first, so "nothing written" is measured against a non-empty portfolio.
    const r = await importCsv(
      creditor,
      csv([valid(890, 'BASE-1'), valid(891, 'BASE-2'), valid(891, 'BASE-3')]),
    );
    expect(r.status).toBe(200);
    expect(r.body.accepted).toBe(3);
  });

  it('has at least 55 distinct malformed inputs', () => {
    expect(cases.filter((c) => (c.status ?? 422) === 422).length).toBeGreaterThanOrEqual(55);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    expect(
      new Set(cases.map((c) => (typeof c.body === 'string' ? c.body : c.body.toString('hex')))).size,
    ).toBe(cases.length);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = await counts();
    const baseline = await snapshot(creditor);
    const r = await importCsv(creditor, c.body);
    expect(r.status, JSON.stringify(r.body)).toBe(c.status ?? 422);
    for (const e of r.body.errors) {
      expect(Object.keys(e).sort()).toEqual(['column', 'line', 'message', 'value']);
      expect(e.message.length).toBeGreaterThan(5);
    }
    if (c.errors.length === 0) expect(r.body.errors).toEqual([]);
    for (const want of c.errors) {
      const found = r.body.errors.find(
        (e) =>
          e.line === want.line &&
          (want.column === undefined || e.column === want.column) &&
          want.message.test(e.message) &&
          (want.value === undefined || e.value === want.value),
      );
      expect(
        found,
        `expected ${JSON.stringify({ ...want, message: String(want.message) })} in ${JSON.stringify(r.body.errors)}`,
      ).toBeDefined();
    }
    if (c.status === undefined || c.status === 422) {
      expect(r.body).toMatchObject({ accepted: 0 });
      expect(r.body.rejected).toBeGreaterThan(0);
      expect(r.body.errorsTotal).toBe(r.body.errors.length);
    }
    if (c.warning)
      expect(r.body.warnings).toEqual(expect.arrayContaining([expect.stringMatching(c.warning)]));
    expect(await counts()).toEqual(before);
    expect(await snapshot(creditor)).toEqual(baseline);
  });
});

describe('an invalid optional contact drops the contact, never the debt', () => {
  const contactCases: [string, string, string, RegExp][] = [
    ['phone whose DDD does not exist', 'phone', '(20) 98765-4321', /o DDD 20 não existe/],
    ['e-mail without domain', 'email', 'maria@', /e-mail inválido/],
    ['e-mail without @', 'email', 'maria.example.com', /e-mail inválido/],
    ['e-mail without TLD', 'email', 'maria@example', /e-mail inválido/],
    ['e-mail with a space', 'email', 'ana maria@example.com', /e-mail inválido/],
    ['phone too short', 'phone', '123', /telefone inválido/],
    ['mobile without the 9th digit', 'phone', '(11) 8765-4321', /telefone inválido/],
    ['toll-free phone', 'phone', '0800 123 4567', /telefone deve ser celular ou fixo/],
    ['foreign phone', 'phone', '+1 212 555 1234', /telefone deve ser brasileiro/],
  ];

  it.each(contactCases)(
    '%s: the debt is imported, the contact is reported with line, column and cause',
    async (_n, column, value, cause) => {
      const creditor = await createCreditor(40 + contactCases.findIndex((c) => c[2] === value));
      const r = await importCsv(
        creditor,
        csv([valid(930, 'CT-OK'), valid(931, 'CT-1', { [column]: value })]),
      );
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toMatchObject({ status: 'completed', accepted: 2, rejected: 0, errors: [] });
      expect(r.body.lineWarnings).toHaveLength(1);
      expect(r.body.lineWarnings[0]).toMatchObject({ line: 3, column, value });
      expect(r.body.lineWarnings[0]!.message).toMatch(cause);
      expect(r.body.lineWarnings[0]!.message).toMatch(/dívida foi importada/);
      expect(r.body.warnings.join(' ')).toMatch(/1 contato\(s\) inválido\(s\) descartado/);
      // The stored import says the same (what GET /imports/{id} shows later).
      const stored = await t.app.inject({
        url: `/api/v1/imports/${r.body.importId}`,
        headers: { authorization: admin },
      });
      expect(stored.json().lineWarnings).toEqual(r.body.lineWarnings);
      const debtor = await t.app.inject({
        url: `/api/v1/debtors?document=${cpf(931)}`,
        headers: { authorization: admin },
      });
      expect(debtor.statusCode).toBe(200);
      expect(JSON.stringify(debtor.json())).not.toContain(value.trim());
    },
  );

  it('in partial mode the debt of a line with a bad phone is kept too', async () => {
    const creditor = await createCreditor(60);
    const r = await importCsv(
      creditor,
      csv([
        valid(932, 'CT-P1', { phone: '(20) 3456-7890' }),
        valid(933, 'CT-P2', { due_date: '31/02/2024' }),
      ]),
      'mode=partial',
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ accepted: 1, rejected: 1 });
    expect(r.body.lineWarnings).toHaveLength(1);
    expect(r.body.lineWarnings[0]).toMatchObject({ line: 2, column: 'phone' });
  });
});

describe('Portuguese header names', () => {
  it('accepts the usual names of a creditor spreadsheet as aliases of the layout', async () => {
    const creditor = await createCreditor(61);
    const body =
      'CPF/CNPJ;Nome;Nº Contrato;Valor;Data de Vencimento;Nascimento;E-mail;Celular;UF;Cidade;Produto\n' +
      `${masked(cpf(934))};Ana Souza;PT-1;1.234,56;10/01/2024;27/03/1985;ana@exemplo.com.br;(11) 98765-4321;SP;São Paulo;Cartão\n`;
    const r = await importCsv(creditor, body);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ accepted: 1, errors: [], warnings: [] });
  });

  it('a second alias of a column already found is ignored with a warning (Telefone and Celular)', async () => {
    const creditor = await createCreditor(62);
    const body =
      'cpf;nome;contrato;valor;vencimento;telefone;celular\n' +
      `${cpf(935)};Ana;PT-2;10,00;2024-01-10;(11) 3456-7890;(11) 98765-4321\n`;
    const r = await importCsv(creditor, body);
    expect(r.status).toBe(200);
    expect(r.body.warnings).toEqual([
      expect.stringMatching(/coluna "celular" ignorada: "telefone" já é usada como phone/),
    ]);
  });

  it('a missing column lists the header found and the names expected', async () => {
    const creditor = await createCreditor(63);
    const r = await importCsv(creditor, `cpf;nome;contrato;valor\n${cpf(936)};Ana;PT-3;10,00\n`);
    expect(r.status).toBe(422);
    expect(r.body.errors).toHaveLength(1);
    expect(r.body.errors[0]!.column).toBe('due_date');
    expect(r.body.errors[0]!.message).toMatch(/nomes aceitos: "due_date", "vencimento"/);
    expect(r.body.errors[0]!.message).toMatch(/Cabeçalho encontrado: "cpf", "nome", "contrato", "valor"/);
  });
});
