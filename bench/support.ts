/**
 * Shared set-up for the HTTP benchmarks: a scratch database (PostgreSQL by default, created and dropped;
 * or PGlite in memory), the whole app on it, an admin token, a creditor and a debtor with 3 debts.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type Runtime, startRuntime } from '../src/app.ts';
import { createApiToken, type Principal } from '../src/modules/identity/index.ts';
import { fixedClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db.ts';
import type { App } from '../src/platform/http.ts';
import { silentLogger } from '../src/platform/log.ts';

const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const IPCA = fileURLToPath(new URL('../reference/ipca-monthly.csv', import.meta.url));
const AUTOCANNON = fileURLToPath(new URL('../node_modules/autocannon/autocannon.js', import.meta.url));

export const args = process.argv.slice(2);
export const arg = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? undefined : args[i + 1];
};

export interface BenchApp {
  rt: Runtime;
  app: App;
  auth: string;
  principal: Principal;
  creditorId: string;
  // biome-ignore lint/suspicious/noExplicitAny: set-up code reads loose JSON answers
  call(method: 'POST' | 'PUT' | 'GET', url: string, payload?: unknown, type?: string): Promise<any>;
  close(): Promise<void>;
}

export async function startBenchApp(db: 'pg' | 'pglite'): Promise<BenchApp> {
  let scratch: string | undefined;
  let databaseUrl: string | undefined;
  if (db === 'pg') {
    scratch = `trato_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: BASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${scratch}`);
    await admin.end();
    const u = new URL(BASE_URL);
    u.pathname = `/${scratch}`;
    databaseUrl = u.toString();
  }
  const database = await openDatabase(databaseUrl ? { databaseUrl, poolSize: 10 } : {});
  const rt = await startRuntime({
    config: loadConfig({ dataDir: '/nonexistent' }),
    log: silentLogger,
    clock: fixedClock('2026-11-23T15:00:00Z'),
    jobs: 'none',
    command: 'bench',
    database,
  });
  const app = await rt.buildHttp();
  const created = await createApiToken(database.db, { role: 'admin', actor: 'bench', creditorId: null });
  const auth = `Bearer ${created.token}`;
  const call = async (method: 'POST' | 'PUT' | 'GET', url: string, payload?: unknown, type?: string) => {
    const r = await app.inject({
      method,
      url,
      headers: { authorization: auth, ...(type ? { 'content-type': type } : {}) },
      ...(payload !== undefined ? { payload: payload as string } : {}),
    });
    if (r.statusCode >= 300) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
    return r.statusCode === 204 ? null : r.json();
  };
  await call('PUT', '/api/v1/indexes/ipca', readFileSync(IPCA, 'utf8'), 'text/csv');
  const creditor = await call('POST', '/api/v1/creditors', {
    name: 'Credor Benchmark Ltda',
    document: '11.222.333/0001-81',
    address: {
      street: 'Rua do Benchmark',
      number: '1',
      district: 'Centro',
      city: 'São Paulo',
      state: 'SP',
      zipCode: '01001-000',
    },
    terms: { finePercent: 2, monthlyInterestPercent: 1, correctionIndex: 'IPCA', feesPercent: 10 },
  });
  const tenant = await database.db
    .selectFrom('creditors')
    .select('tenant_id')
    .where('id', '=', creditor.id)
    .executeTakeFirstOrThrow();
  return {
    rt,
    app,
    auth,
    principal: { tenantId: tenant.tenant_id, role: 'admin', creditorId: null, tokenId: created.id },
    creditorId: creditor.id,
    call,
    async close() {
      await app.close();
      await rt.close();
      await database.close();
      if (scratch) {
        const admin = new pg.Client({ connectionString: BASE_URL });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${scratch}`);
        await admin.end();
      }
    },
  };
}

export interface LoadResult {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
}

/** autocannon in its own process, so the load generator does not share the server's event loop. */
export function autocannon(
  url: string,
  opts: {
    seconds: number;
    connections: number;
    method: string;
    headers: Record<string, string>;
    body?: string;
  },
): Promise<LoadResult> {
  const argv = [
    AUTOCANNON,
    '-c',
    String(opts.connections),
    '-d',
    String(opts.seconds),
    '-m',
    opts.method,
    '--json',
  ];
  for (const [k, v] of Object.entries(opts.headers)) argv.push('-H', `${k}=${v}`);
  if (opts.body) argv.push('-b', opts.body);
  argv.push(url);
  return new Promise<LoadResult>((resolve, reject) => {
    const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`autocannon saiu com código ${code}`));
      const r = JSON.parse(out);
      resolve({
        requestsPerSecond: Math.round(r.requests.average),
        latencyP50Ms: r.latency.p50,
        latencyP99Ms: r.latency.p99,
        non2xx: r.non2xx ?? 0,
      });
    });
  });
}

export function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

export function appendBenchmarks(lines: string[]): void {
  appendFileSync(new URL('../docs/benchmarks.md', import.meta.url), `${lines.join('\n')}\n`);
}
