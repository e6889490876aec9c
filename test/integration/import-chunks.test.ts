import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/modules/identity/index.ts';
import { demoCsvLines } from '../../src/modules/portfolio/demo.ts';
import { importJob, importPortfolio } from '../../src/modules/portfolio/index.ts';
import { generateCnpj } from '../../src/platform/br-documents.ts';
import { type Database, openDatabase } from '../../src/platform/db.ts';
import { startTestApp, TEST_TODAY, type TestApp } from '../support/app.ts';
import { givenFor } from '../support/given.ts';

/**
 * The chunked import (ADR 0004), on PGlite and PostgreSQL: checks that span chunks, an apply
 * interrupted half-way (never reported completed, finished from the staged rows by the job's retry or
 * by the next import of the creditor, with the file's counts), and the lock that keeps two imports of
 * one creditor from interleaving.
 */
let t: TestApp;
/** An admin of the creditors' tenant, for calling the service directly. */
let principal: Principal;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

/** `lines` lines of the demo generator (header included), as text. */
function portfolio(lines: number, seed: number): string[] {
  const out: string[] = [];
  for (const line of demoCsvLines({ debtors: lines, seed, today: TEST_TODAY })) {
    if (out.length > lines) break;
    out.push(line);
  }
  return out;
}

const documentOf = (line: string) => (line.split(';')[0] ?? '').replace(/\D/g, '');
const externalIdOf = (line: string) => line.split(';')[2] ?? '';

async function creditor(n: number): Promise<string> {
  const given = givenFor(t, await t.token('admin'));
  let x = 977 + n;
  const rand = () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
  const id = (await given.creditor({ name: `Credor Lotes ${n}`, document: generateCnpj(rand) })).id;
  const row = await t.rt.ctx.database.db
    .selectFrom('creditors')
    .select('tenant_id')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  principal = { tenantId: row.tenant_id, role: 'admin', creditorId: null, tokenId: 'test' };
  return id;
}

async function debtCount(creditorId: string): Promise<number> {
  const row = await t.rt.ctx.database.db
    .selectFrom('debts')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('creditor_id', '=', creditorId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function stagedRows(importId: string): Promise<number> {
  const row = await t.rt.ctx.database.db
    .selectFrom('import_staging')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('import_id', '=', importId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function run(creditorId: string, text: string, mode: 'all' | 'partial' = 'all', importId?: string) {
  return importPortfolio(t.rt.ctx, principal, {
    creditorId,
    mode,
    source: (async function* () {
      yield Buffer.from(text);
    })(),
    ...(importId ? { importId } : {}),
  });
}

describe('checks that span chunks', () => {
  it('mode=all: a duplicate external_id 2,500 lines after its first use rejects the file; nothing is written', async () => {
    const c = await creditor(0);
    const lines = portfolio(2_600, 21);
    const header = lines[0] ?? '';
    const first = lines[1] ?? '';
    // The last line repeats the first line's external_id (another debtor): found across check chunks.
    const dup = (lines[lines.length - 1] ?? '').split(';');
    dup[2] = externalIdOf(first);
    const text = [header, ...lines.slice(1, -1), `${dup.join(';')}\n`].join('');
    const report = await run(c, text);
    expect(report.status).toBe('rejected');
    expect(report.errorsTotal).toBe(1);
    expect(report.errors[0]).toMatchObject({ line: 2_601, column: 'external_id' });
    expect(report.errors[0]?.message).toMatch(/já aparece na linha 2\)/);
    expect(await debtCount(c)).toBe(0);
    expect(await stagedRows(report.importId)).toBe(0);
  });
});

describe('an apply interrupted half-way', () => {
  // Enough lines for several apply chunks on either engine (PGlite: 500 lines, PostgreSQL: 10,000).
  const N = process.env.DATABASE_URL ? 12_000 : 1_500;
  const lines = portfolio(N, 33);
  const text = lines.join('');
  // The debt of the line with the largest document is applied in the last chunk (chunks go by document).
  const last = lines.slice(1).reduce((a, b) => (documentOf(b) > documentOf(a) ? b : a));
  const boom = externalIdOf(last);

  async function breakDebtInsert() {
    const db = t.rt.ctx.database.db;
    await sql
      .raw(`CREATE OR REPLACE FUNCTION test_boom() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.external_id = '${boom}' THEN RAISE EXCEPTION 'queda simulada'; END IF; RETURN NEW; END $$`)
      .execute(db);
    await sql
      .raw('CREATE TRIGGER test_boom BEFORE INSERT ON debts FOR EACH ROW EXECUTE FUNCTION test_boom()')
      .execute(db);
  }
  async function repair() {
    await sql.raw('DROP TRIGGER test_boom ON debts').execute(t.rt.ctx.database.db);
  }

  async function interrupted(c: string) {
    await breakDebtInsert();
    try {
      await expect(run(c, text)).rejects.toThrow(/queda simulada/);
    } finally {
      await repair();
    }
    const row = await t.rt.ctx.database.db
      .selectFrom('imports')
      .selectAll()
      .where('creditor_id', '=', c)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    // Some chunks were applied, the last was not: failed, never completed; the report is the file's.
    expect(row).toMatchObject({
      status: 'failed',
      apply_state: 'applying',
      accepted: N,
      created_count: N,
    });
    const written = await debtCount(c);
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(N);
    expect(await stagedRows(row.id)).toBe(N);
    return row.id;
  }

  it("the job's retry finishes it from the staged rows, with the file's counts", async () => {
    const c = await creditor(1);
    const importId = await interrupted(c);
    await importJob(t.rt.ctx).handle({ importId }, { jobId: 'retry' });
    const row = await t.rt.ctx.database.db
      .selectFrom('imports')
      .selectAll()
      .where('id', '=', importId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'completed',
      apply_state: 'applied',
      created_count: N,
      accepted: N,
    });
    expect(await debtCount(c)).toBe(N);
    expect(await stagedRows(importId)).toBe(0);
    // Re-sending the same file changes nothing.
    expect(await run(c, text)).toMatchObject({
      status: 'completed',
      created: 0,
      updated: 0,
      unchanged: N,
    });
  });

  it('the next import of the same creditor finishes it first', async () => {
    const c = await creditor(2);
    const importId = await interrupted(c);
    const next = await run(c, text);
    const earlier = await t.rt.ctx.database.db
      .selectFrom('imports')
      .selectAll()
      .where('id', '=', importId)
      .executeTakeFirstOrThrow();
    expect(earlier).toMatchObject({ status: 'completed', created_count: N });
    expect(next).toMatchObject({ status: 'completed', created: 0, unchanged: N });
    expect(await debtCount(c)).toBe(N);
    expect(await stagedRows(importId)).toBe(0);
  });
});

describe('one import per creditor at a time', () => {
  it('withLock runs holders of one key one after the other, and other keys alongside', async () => {
    const db = t.rt.ctx.database;
    const events: string[] = [];
    const hold = (key: string, name: string) =>
      db.withLock(key, async () => {
        events.push(`${name}+`);
        await new Promise((resolve) => setTimeout(resolve, 150));
        events.push(`${name}-`);
      });
    await Promise.all([hold('k1', 'a'), hold('k1', 'b'), hold('k2', 'c')]);
    // a and b never overlap; c (another key) starts while a holds k1.
    const a = events.indexOf('a-');
    const b = events.indexOf('b+');
    expect(a).toBeLessThan(b);
    expect(events.indexOf('c+')).toBeLessThan(a);
  });

  it('on PostgreSQL, between two processes: a holder in one keeps the other waiting', async () => {
    if (!t.databaseUrl) return; // PGlite: one process owns the data folder (trato.lock)
    const other = await openDatabase({ databaseUrl: t.databaseUrl, poolSize: 1 });
    try {
      const events: string[] = [];
      const hold = (db: Database, name: string) =>
        db.withLock('k3', async () => {
          events.push(`${name}+`);
          await new Promise((resolve) => setTimeout(resolve, 300));
          events.push(`${name}-`);
        });
      await Promise.all([hold(t.rt.ctx.database, 'a'), hold(other, 'b')]);
      // One holder enters and leaves before the other enters: a+ a- b+ b- or b+ b- a+ a-.
      expect(events).toHaveLength(4);
      expect(events[1]).toBe(`${events[0]?.[0]}-`);
    } finally {
      await other.close();
    }
  });

  it('more imports of one creditor sent together than the pool has connections: all complete, exact counts', async () => {
    // The test database's pool has 5 connections (test/support/db.ts): a lock holding a pool connection
    // per import would leave the holder without one to work (deadlock).
    const c = await creditor(3);
    const text = portfolio(300, 44).join('');
    const reports = await Promise.all(Array.from({ length: 7 }, () => run(c, text)));
    reports.sort((p, q) => q.created - p.created);
    expect(reports.map((r) => r.status)).toEqual(Array(7).fill('completed'));
    expect(reports[0]).toMatchObject({ created: 300, unchanged: 0 });
    for (const r of reports.slice(1)) expect(r).toMatchObject({ created: 0, unchanged: 300 });
    expect(await debtCount(c)).toBe(300);
  }, 60_000);
});
