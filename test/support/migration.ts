import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/platform/db.ts';
import { withDatabase } from '../global-setup.ts';

const DIR = new URL('../../migrations/', import.meta.url);

async function adminQuery(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * A migration on data written before it: on an empty database (a new PostgreSQL database when
 * DATABASE_URL is set, an in-memory PGlite otherwise) runs the migration files numbered below
 * `number`, then `seed` (the old data, SQL), then migration `number` itself. `close()` drops it all.
 */
export async function migratedOver(
  number: string,
  seed: string,
): Promise<{ database: Database; close(): Promise<void> }> {
  const files = readdirSync(DIR)
    .filter((f) => /^\d{3,}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
  const ours = files.filter((f) => f.startsWith(`${number}_`));
  if (ours.length === 0) throw new Error(`migração ${number} não encontrada`);
  let database: Database;
  let drop: (() => Promise<void>) | null = null;
  if (process.env.DATABASE_URL) {
    const name = `trato_mig_${randomBytes(5).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    database = await openDatabase({ databaseUrl: withDatabase(process.env.DATABASE_URL, name), poolSize: 2 });
    drop = () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } else {
    database = await openDatabase({});
  }
  await database.session(async (s) => {
    for (const f of files.filter((f) => f < number)) await s.exec(readFileSync(new URL(f, DIR), 'utf8'));
    await s.exec(seed);
    for (const f of ours) await s.exec(readFileSync(new URL(f, DIR), 'utf8'));
  });
  return {
    database,
    async close() {
      await database.close();
      await drop?.();
    },
  };
}
