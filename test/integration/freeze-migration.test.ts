import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/platform/db.ts';
import { withDatabase } from '../global-setup.ts';

/**
 * Migration 021 on data written before it: a repactuação recorded as a contact suppression froze nothing;
 * after the migration its charges are frozen from the day it was recorded (São Paulo) until its end.
 * Runs the migration files on an empty database (a new PostgreSQL database when DATABASE_URL is set, an
 * in-memory PGlite otherwise).
 */
const DIR = new URL('../../migrations/', import.meta.url);
const files = readdirSync(DIR)
  .filter((f) => /^\d{3,}_[a-z0-9_]+\.sql$/.test(f))
  .sort();
const before = files.filter((f) => f < '021');
const ours = files.filter((f) => f.startsWith('021_'));

let database: Database;
let dropDatabase: (() => Promise<void>) | null = null;

async function adminQuery(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

const T = '00000000-0000-0000-0000-000000000001';
const D = '00000000-0000-0000-0000-0000000000d1';

beforeAll(async () => {
  if (process.env.DATABASE_URL) {
    const name = `trato_mig_${randomBytes(5).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    database = await openDatabase({ databaseUrl: withDatabase(process.env.DATABASE_URL, name), poolSize: 2 });
    dropDatabase = () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } else {
    database = await openDatabase({});
  }
  await database.session(async (s) => {
    for (const f of before) await s.exec(readFileSync(new URL(f, DIR), 'utf8'));
    await s.exec(`
      INSERT INTO tenants (id, slug, name) VALUES ('${T}', 'old', 'Old');
      INSERT INTO debtors (id, tenant_id, document, document_kind, name)
      VALUES ('${D}', '${T}', '52998224725', 'cpf', 'Maria');
      INSERT INTO contact_suppressions (id, tenant_id, debtor_id, kind, until, created_by, created_at) VALUES
        -- 01:30 UTC on 10/03 is still 09/03 in São Paulo.
        ('00000000-0000-0000-0000-0000000000a1', '${T}', '${D}', 'repactuation', NULL, 'token:x', '2024-03-10T01:30:00Z'),
        ('00000000-0000-0000-0000-0000000000a2', '${T}', '${D}', 'repactuation', '2024-07-10T03:00:00Z', 'token:x', '2024-05-02T15:00:00Z'),
        ('00000000-0000-0000-0000-0000000000a3', '${T}', '${D}', 'dispute', NULL, 'token:x', '2024-05-02T15:00:00Z');`);
    for (const f of ours) await s.exec(readFileSync(new URL(f, DIR), 'utf8'));
  });
});
afterAll(async () => {
  await database.close();
  await dropDatabase?.();
});

describe('migration 021: repactuações recorded before it freeze charges', () => {
  it('one freeze per repactuação, from its São Paulo day to its end; other kinds freeze nothing', async () => {
    const rows = await database.db
      .selectFrom('charge_freezes')
      .select(['source_id', 'debtor_id', 'reason', 'from_date', 'until_date'])
      .orderBy('from_date')
      .execute();
    expect(rows).toEqual([
      {
        source_id: '00000000-0000-0000-0000-0000000000a1',
        debtor_id: D,
        reason: 'repactuation',
        from_date: '2024-03-09',
        until_date: null,
      },
      {
        source_id: '00000000-0000-0000-0000-0000000000a2',
        debtor_id: D,
        reason: 'repactuation',
        from_date: '2024-05-02',
        until_date: '2024-07-10',
      },
    ]);
  });
});
