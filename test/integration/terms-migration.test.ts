import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db.ts';
import { migratedOver } from '../support/migration.ts';

/**
 * Migration 010 on data written before it: a creditor's terms equal to the old defaults (fine 2%,
 * interest 1% a month, which the API filled when the creditor said nothing) become "not agreed"; any
 * other value was typed by someone and stays. Runs the migration files on an empty database: a new
 * PostgreSQL database when DATABASE_URL is set, an in-memory PGlite otherwise.
 */
let database: Database;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ database, close } = await migratedOver(
    '010',
    `
      INSERT INTO tenants (id, slug, name) VALUES ('00000000-0000-0000-0000-000000000001', 'old', 'Old');
      INSERT INTO creditors (id, tenant_id, name, document, address, fine_percent, monthly_interest_percent, correction_index)
      VALUES
        ('00000000-0000-0000-0000-00000000000a', '00000000-0000-0000-0000-000000000001', 'Defaults', '11222333000181', '"x"', 2, 1, 'IPCA'),
        ('00000000-0000-0000-0000-00000000000b', '00000000-0000-0000-0000-000000000001', 'Typed', '11444777000161', '"x"', 1.5, 0.8, 'none'),
        ('00000000-0000-0000-0000-00000000000c', '00000000-0000-0000-0000-000000000001', 'Bank', '60701190000104', '"x"', 2, 3.5, 'IPCA');`,
  ));
});
afterAll(async () => close?.());

describe('migration 010: creditor terms', () => {
  it('turns the old defaults into "not agreed" and keeps typed values', async () => {
    const rows = await database.db
      .selectFrom('creditors')
      .select(['name', 'fine_percent', 'monthly_interest_percent', 'correction_index'])
      .orderBy('name')
      .execute();
    expect(rows).toEqual([
      // 3.5% a month stays as typed: the balance caps moratory interest at 1% (Súmula 379) and says so.
      { name: 'Bank', fine_percent: null, monthly_interest_percent: '3.500000', correction_index: 'IPCA' },
      { name: 'Defaults', fine_percent: null, monthly_interest_percent: null, correction_index: 'IPCA' },
      {
        name: 'Typed',
        fine_percent: '1.500000',
        monthly_interest_percent: '0.800000',
        correction_index: 'none',
      },
    ]);
  });

  it('accepts the new index names and product types', async () => {
    await database.db
      .insertInto('index_values')
      .values({
        tenant_id: '00000000-0000-0000-0000-000000000001',
        index_name: 'TAXA_LEGAL',
        month: '2024-09',
        percent: '0.5',
      })
      .execute();
    await expect(
      database.db
        .updateTable('creditors')
        .set({ correction_index: 'XYZ' as never })
        .execute(),
    ).rejects.toThrow();
  });
});
