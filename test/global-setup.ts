import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/platform/db.ts';
import { migrate } from '../src/platform/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** 'postgres' when DATABASE_URL is set (the suite runs on that server), else 'pglite'. */
    dbKind: 'postgres' | 'pglite';
    /** postgres: a migrated template database to clone per test file. */
    templateDatabase: string;
    /** pglite: a migrated data dir dump (tar) to load per test file. */
    pgliteTemplatePath: string;
  }
}

/**
 * Builds one migrated database template for the whole run; every test file then starts from a
 * fresh copy of it (CREATE DATABASE ... TEMPLATE on PostgreSQL, loadDataDir on PGlite), which is far
 * cheaper than migrating each time and keeps test files isolated.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `trato_tpl_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const db = await openDatabase({ databaseUrl: withDatabase(url, name), poolSize: 2 });
    await migrate(db);
    await db.close();
    project.provide('dbKind', 'postgres');
    project.provide('templateDatabase', name);
    project.provide('pgliteTemplatePath', '');
    return async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  }
  const db = await openDatabase({});
  await migrate(db);
  if (db.raw.kind !== 'pglite') throw new Error('esperado PGlite');
  const dump = await db.raw.pglite.dumpDataDir('none');
  await db.close();
  const dir = mkdtempSync(join(tmpdir(), 'trato-test-'));
  const path = join(dir, 'template.tar');
  writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
  project.provide('dbKind', 'pglite');
  project.provide('templateDatabase', '');
  project.provide('pgliteTemplatePath', path);
  return async () => rmSync(dir, { recursive: true, force: true });
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
