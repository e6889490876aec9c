import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect, type RawBuilder, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import type { Schema } from '../db-schema.ts';

/**
 * One database abstraction for the two ways Trato runs:
 * - embedded: PGlite (PostgreSQL compiled to WASM, in-process, one connection, data in a folder);
 * - server: PostgreSQL over `pg` when DATABASE_URL is set.
 * Application code uses `db` (Kysely) for ordinary queries and `session` for the few operations
 * that need one connection for a whole transaction: migrations (multi-statement scripts) and bulk
 * loads (COPY into a temporary staging table).
 */
/**
 * An open transaction. A function that must run inside one (it locks rows, or its writes must commit
 * with the caller's) takes `Tx`, so the compiler refuses a plain connection.
 */
export type Tx = Transaction<Schema>;

/**
 * The database's transaction time, for the bookkeeping columns (`updated_at`, `loaded_at`,
 * `finished_at`) that an UPDATE sets: the same source as the `DEFAULT now()` of their INSERT, so a
 * row's timestamps stay comparable. Business instants (a decision, a payment, a message) come from
 * the injected Clock instead, passed in by the service.
 */
export const dbNow: RawBuilder<Date> = sql<Date>`now()`;

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /** Where the data lives, for humans: a folder or a URL without password. */
  readonly location: string;
  readonly db: Kysely<Schema>;
  /** Runs `fn` in one transaction on one connection; rolls back if `fn` throws. */
  session<T>(fn: (s: Session) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` while holding an exclusive lock named `key`, across every process sharing the database
   * (PostgreSQL: a session advisory lock on one connection per process kept for locks, outside the
   * pool, released if the process dies; PGlite: one process owns the data folder, so an in-process
   * queue). `fn` runs its own transactions: the lock spans many of them (a chunked import), unlike a
   * row lock.
   */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** The raw handle pg-boss runs on (the same database). */
  readonly raw: { kind: 'pglite'; pglite: PGlite } | { kind: 'postgres'; connectionString: string };
  close(): Promise<void>;
}

export interface Session {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  /** Runs a multi-statement SQL script (no parameters). */
  exec(script: string): Promise<void>;
  /** Bulk-loads CSV text (RFC 4180, no header) into `table(columns)` with COPY. */
  copyCsv(table: string, columns: readonly string[], csv: string | Uint8Array): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** PGlite folder; omitted = in memory. */
  dataDir?: string | undefined;
  /** PGlite only: start from a dumped data dir (tests use a migrated template). */
  loadDataDir?: Blob | undefined;
  poolSize?: number;
}

// Type parsers: int8 as number (centavos fit in 2^53), dates as 'YYYY-MM-DD' strings, numeric as string.
const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;
pg.types.setTypeParser(INT8, (v) => Number(v));
pg.types.setTypeParser(DATE, (v) => v);
const pgliteParsers = {
  [INT8]: (v: string) => Number(v),
  [DATE]: (v: string) => v,
  [NUMERIC]: (v: string) => v,
};

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options.dataDir, options.loadDataDir);
}

function copySql(table: string, columns: readonly string[], source: string): string {
  const cols = columns.map((c) => `"${c}"`).join(', ');
  return `COPY ${table} (${cols}) FROM ${source} WITH (FORMAT csv)`;
}

/** How often a holder waiting for another process's lock asks again. */
const LOCK_POLL_MS = 100;

/** An in-process lock per key: callers of the same key run one after the other, in arrival order. */
function keyedMutex() {
  const tails = new Map<string, Promise<unknown>>();
  return async <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const tail = run.catch(() => {});
    tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}

/**
 * PGlite's buffer pool lives in the process's memory (the WASM heap, which never shrinks), unlike a
 * server's. The default 128 MB is most of the embedded engine's footprint once a large import has
 * touched every buffer; 32 MB keeps a 1,000,000-line import under 500 MB of RSS (docs/benchmarks.md).
 * Pages that do not fit are read again from the data folder through the OS page cache, outside the
 * process. work_mem stays at the default 4 MB: the import's statements work on small chunks (ADR 0004).
 */
const PGLITE_CONF = ["shared_buffers = '32MB'"];

async function openPglite(dataDir: string | undefined, loadDataDir: Blob | undefined): Promise<Database> {
  // Loaded only in embedded mode: the WASM engine costs ~60 MB of memory a server deployment never needs.
  // Embedded on a data folder (a long-running `trato serve`, not a test's in-memory copy): the engine
  // shares the process, so V8 favours memory — it collects garbage sooner instead of letting the heap
  // grow. A 1,000,000-line import parses ~150 MB of text on the event loop, and left alone V8 let the
  // garbage of that pile up by ~200 MB of RSS (docs/benchmarks.md); the cost is some CPU.
  if (dataDir) (await import('node:v8')).setFlagsFromString('--optimize-for-size');
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create({
    postgresqlconf: PGLITE_CONF,
    ...(dataDir ? { dataDir } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
    parsers: pgliteParsers,
  });
  const db = new Kysely<Schema>({ dialect: new PGliteDialect({ pglite }) });
  let closed = false;
  return {
    kind: 'pglite',
    location: dataDir ?? '(memória)',
    db,
    raw: { kind: 'pglite', pglite },
    withLock: keyedMutex(),
    session: (fn) =>
      pglite.transaction(async (tx) =>
        fn({
          query: async (text, params) => (await tx.query(text, params ?? [])).rows as never[],
          exec: async (script) => {
            await tx.exec(script);
          },
          copyCsv: async (table, columns, csv) => {
            await tx.query(copySql(table, columns, `'/dev/blob'`), [], { blob: new Blob([csv]) });
          },
        }),
      ),
    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy(); // closes the PGlite instance too
    },
  };
}

async function openPostgres(connectionString: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // An idle connection dropped by the server (restart, admin command) must not crash the process;
  // the pool replaces it on the next checkout.
  pool.on('error', () => {});
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  await pool.query('SELECT 1'); // fail fast with a clear error when the server is unreachable
  // Locks that span many transactions (a chunked import) are session advisory locks held on ONE
  // connection of their own, outside the pool: a holder never keeps a pool connection, so any number
  // of imports (running or waiting) cannot starve the pool their own queries need. A session's
  // advisory lock is re-entrant, so holders in this process queue in memory first (`inProcess`);
  // between processes a waiter polls pg_try_advisory_lock. The lock goes with the connection: if the
  // process dies, the server releases it.
  const inProcess = keyedMutex();
  let lockClient: Promise<pg.Client> | null = null;
  const lockConnection = () => {
    lockClient ??= (async () => {
      const client = new pg.Client({ connectionString });
      client.on('error', () => {
        lockClient = null; // the next holder reconnects (the locks of this one are gone with it)
      });
      await client.connect();
      return client;
    })().catch((error) => {
      lockClient = null;
      throw error;
    });
    return lockClient;
  };
  const crossProcess = async <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const client = await lockConnection();
    for (;;) {
      const { rows } = await client.query<{ ok: boolean }>(
        'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok',
        [key],
      );
      if (rows[0]?.ok) break;
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
    try {
      return await fn();
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]).catch(() => {});
    }
  };
  const safeUrl = connectionString.replace(/:\/\/([^:@/]+):[^@/]*@/, '://$1:***@');
  let closed = false;
  return {
    kind: 'postgres',
    location: safeUrl,
    db,
    raw: { kind: 'postgres', connectionString },
    withLock: (key, fn) => inProcess(key, () => crossProcess(key, fn)),
    session: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: async (text, params) => (await client.query(text, params ?? [])).rows,
          exec: async (script) => {
            await client.query(script);
          },
          copyCsv: (table, columns, csv) =>
            new Promise<void>((resolve, reject) => {
              const stream = client.query(copyFromStdin(copySql(table, columns, 'STDIN')));
              stream.on('error', reject);
              stream.on('finish', () => resolve());
              stream.end(csv);
            }),
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      const locks = lockClient;
      lockClient = null;
      if (locks) await (await locks.catch(() => null))?.end().catch(() => {});
      await db.destroy(); // ends the pool
    },
  };
}
