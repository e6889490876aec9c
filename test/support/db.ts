import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { createApiToken } from '../../src/modules/identity/index.ts';
import { type Database, openDatabase } from '../../src/platform/db.ts';
import { withDatabase } from '../global-setup.ts';

/** A fresh, migrated database for one test file, on PostgreSQL (DATABASE_URL) or PGlite. */
export async function openTestDatabase(): Promise<{
  database: Database;
  cleanup: () => Promise<void>;
  /** The test database's URL on PostgreSQL (for child processes); undefined on PGlite. */
  url?: string;
}> {
  if (inject('dbKind') === 'postgres') {
    const url = process.env.DATABASE_URL!;
    const name = `trato_t_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await createFromTemplate(admin, name, inject('templateDatabase'));
    await admin.end();
    const database = await openDatabase({ databaseUrl: withDatabase(url, name), poolSize: 5 });
    return {
      database,
      url: withDatabase(url, name),
      cleanup: async () => {
        await database.close();
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const tar = readFileSync(inject('pgliteTemplatePath'));
  const database = await openDatabase({ loadDataDir: new Blob([tar]) });
  return { database, cleanup: () => database.close() };
}

/** Cloning needs the template free of sessions; a parallel clone or a closing session may hold it briefly. */
async function createFromTemplate(admin: pg.Client, name: string, template: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      return;
    } catch (error) {
      if (attempt >= 50 || !/being accessed by other users/.test(String(error))) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
}

/** A real API token of a role (in the default tenant unless said otherwise): the secret, as issued. */
export async function testToken(
  database: Database,
  role: string,
  options: { tenant?: string; creditorId?: string } = {},
): Promise<string> {
  const created = await createApiToken(database.db, {
    role,
    creditorId: options.creditorId ?? null,
    ...(options.tenant ? { tenantSlug: options.tenant } : {}),
    actor: 'test',
  });
  return created.token;
}
