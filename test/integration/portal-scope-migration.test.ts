import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db.ts';
import { migratedOver } from '../support/migration.ts';

/**
 * Migration 026 on data written before it: a confirmation made by the old portal (which counted for
 * every creditor) now counts only for the creditors that supplied that contact themselves; a contact
 * only the debtor gave counts for nobody until confirmed again; sessions opened with every creditor in
 * scope end. Runs the migration files on an empty database (PostgreSQL when DATABASE_URL is set).
 */
const T = '00000000-0000-0000-0000-000000000001';
const D = '00000000-0000-0000-0000-0000000000d1';
const A = '00000000-0000-0000-0000-0000000000ca';
const B = '00000000-0000-0000-0000-0000000000cb';

let database: Database;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ database, close } = await migratedOver(
    '026',
    `
      INSERT INTO tenants (id, slug, name) VALUES ('${T}', 'old', 'Old');
      INSERT INTO creditors (id, tenant_id, name, document, address) VALUES
        ('${A}', '${T}', 'A', '11444777000161', '{}'), ('${B}', '${T}', 'B', '62607191277090', '{}');
      INSERT INTO debtors (id, tenant_id, document, document_kind, name)
      VALUES ('${D}', '${T}', '33445566739', 'cpf', 'Vitima');
      INSERT INTO creditor_debtors (creditor_id, debtor_id, tenant_id, name, phone, email) VALUES
        ('${A}', '${D}', '${T}', 'Vitima', '+5511955554444', 'v@exemplo.com'),
        ('${B}', '${D}', '${T}', 'Vitima', '+5511966665555', 'v@exemplo.com');
      INSERT INTO contact_confirmations (tenant_id, debtor_id, kind, value, method, confirmed_at) VALUES
        ('${T}', '${D}', 'phone', '+5511966665555', 'portal_otp', '2026-11-01T10:00:00Z'),
        ('${T}', '${D}', 'email', 'v@exemplo.com', 'portal_otp', '2026-11-01T10:00:00Z'),
        ('${T}', '${D}', 'phone', '+5511900000000', 'portal_otp', '2026-11-01T10:00:00Z');
      INSERT INTO portal_sessions (id_hash, tenant_id, debtor_id, csrf_token, expires_at) VALUES
        ('live', '${T}', '${D}', 'x', now() + interval '1 hour');`,
  ));
});
afterAll(async () => close?.());

describe('migration 026: portal proof per creditor', () => {
  it('old confirmations count only for the creditors that supplied the contact', async () => {
    const rows = await database.db
      .selectFrom('contact_confirmations')
      .select(['value', 'creditor_ids'])
      .orderBy('value')
      .execute();
    expect(rows.map((r) => [r.value, [...r.creditor_ids].map(String).sort()])).toEqual([
      ['+5511900000000', []],
      ['+5511966665555', [B]],
      ['v@exemplo.com', [A, B]],
    ]);
  });

  it('sessions opened before it end', async () => {
    const s = await database.db.selectFrom('portal_sessions').select('revoked_at').executeTakeFirstOrThrow();
    expect(s.revoked_at).not.toBeNull();
  });
});
