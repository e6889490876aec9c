import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database } from './db.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));
const FILE_RE = /^(\d{3,})_[a-z0-9_]+\.sql$/;

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

/**
 * Applies forward-only numbered SQL migrations (migrations/NNN_name.sql), each in its own
 * transaction. An advisory lock makes concurrent starts of several processes safe on PostgreSQL.
 */
export async function migrate(database: Database): Promise<MigrationResult> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => FILE_RE.test(f)).sort();
  const applied: string[] = [];
  let alreadyApplied = 0;
  for (const file of files) {
    const version = file.replace(/\.sql$/, '');
    const script = await readFile(MIGRATIONS_DIR + file, 'utf8');
    const didApply = await database.session(async (s) => {
      await s.exec(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      await s.query('SELECT pg_advisory_xact_lock(724001)');
      const found = await s.query('SELECT 1 FROM schema_migrations WHERE version = $1', [version]);
      if (found.length > 0) return false;
      await s.exec(script);
      await s.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
      return true;
    });
    if (didApply) applied.push(version);
    else alreadyApplied += 1;
  }
  return { applied, alreadyApplied };
}
