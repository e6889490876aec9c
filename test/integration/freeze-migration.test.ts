import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db.ts';
import { migratedOver } from '../support/migration.ts';

/**
 * Migration 021 on data written before it: a repactuação recorded as a contact suppression froze nothing;
 * after the migration its charges are frozen from the day it was recorded (São Paulo) until its end.
 * Runs the migration files on an empty database (a new PostgreSQL database when DATABASE_URL is set, an
 * in-memory PGlite otherwise).
 */
const T = '00000000-0000-0000-0000-000000000001';
const D = '00000000-0000-0000-0000-0000000000d1';

let database: Database;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ database, close } = await migratedOver(
    '021',
    `
      INSERT INTO tenants (id, slug, name) VALUES ('${T}', 'old', 'Old');
      INSERT INTO debtors (id, tenant_id, document, document_kind, name)
      VALUES ('${D}', '${T}', '52998224725', 'cpf', 'Maria');
      INSERT INTO contact_suppressions (id, tenant_id, debtor_id, kind, until, created_by, created_at) VALUES
        -- 01:30 UTC on 10/03 is still 09/03 in São Paulo.
        ('00000000-0000-0000-0000-0000000000a1', '${T}', '${D}', 'repactuation', NULL, 'token:x', '2024-03-10T01:30:00Z'),
        ('00000000-0000-0000-0000-0000000000a2', '${T}', '${D}', 'repactuation', '2024-07-10T03:00:00Z', 'token:x', '2024-05-02T15:00:00Z'),
        ('00000000-0000-0000-0000-0000000000a3', '${T}', '${D}', 'dispute', NULL, 'token:x', '2024-05-02T15:00:00Z');`,
  ));
});
afterAll(async () => close?.());

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
