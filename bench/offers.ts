/**
 * Offers benchmark (issue 3): offers per second for one debtor with 3 debts (IPCA correction, fine,
 * interest — the full balance path), in-process and over HTTP, beside a bare Fastify route returning a
 * constant on the same machine. Every request computes and *records* the offers (one row per option),
 * as the product does, so the database write is part of the cost.
 *
 *   npx tsx bench/offers.ts [--seconds 10] [--connections 10] [--db pg|pglite] [--record]
 *
 * HTTP load comes from autocannon in a child process (its own CPU), the server runs here. PostgreSQL:
 * DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres); a scratch database is created and
 * dropped. --record appends the results to docs/benchmarks.md.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import pg from 'pg';
import { startRuntime } from '../src/app.ts';
import { createApiToken } from '../src/modules/identity/index.ts';
import { createOffersForDebtor } from '../src/modules/negotiation/index.ts';
import { fixedClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db.ts';
import { silentLogger } from '../src/platform/log.ts';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? undefined : args[i + 1];
};
const SECONDS = Number(arg('seconds') ?? 10);
const CONNECTIONS = Number(arg('connections') ?? 10);
const DB = (arg('db') ?? 'pg') as 'pg' | 'pglite';
const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const AUTOCANNON = fileURLToPath(new URL('../node_modules/autocannon/autocannon.js', import.meta.url));
const IPCA = fileURLToPath(new URL('../../shared/data/ipca-monthly.csv', import.meta.url));

interface LoadResult {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
}

/** autocannon in its own process, so the load generator does not share the server's event loop. */
function autocannon(url: string, opts: { method: string; headers: Record<string, string>; body?: string }) {
  const argv = [AUTOCANNON, '-c', String(CONNECTIONS), '-d', String(SECONDS), '-m', opts.method, '--json'];
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

async function bareRoute(): Promise<LoadResult> {
  const app = Fastify({ logger: false });
  app.get('/bare', async () => ({ ok: true }));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    return await autocannon(`${url}/bare`, { method: 'GET', headers: {} });
  } finally {
    await app.close();
  }
}

async function main() {
  let scratch: string | undefined;
  let databaseUrl: string | undefined;
  if (DB === 'pg') {
    scratch = `acerto_bench_offers_${randomBytes(4).toString('hex')}`;
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
  try {
    const { token } = await createApiToken(database.db, { role: 'admin', actor: 'bench', creditorId: null });
    const auth = `Bearer ${token}`;
    const call = async (method: 'POST' | 'PUT' | 'GET', url: string, payload?: unknown, type?: string) => {
      const r = await app.inject({
        method,
        url,
        headers: { authorization: auth, ...(type ? { 'content-type': type } : {}) },
        ...(payload !== undefined ? { payload: payload as string } : {}),
      });
      if (r.statusCode >= 300) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
      return r.json();
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
    await call(
      'POST',
      `/api/v1/creditors/${creditor.id}/imports`,
      'document;name;state;external_id;original_amount;due_date\n' +
        '52998224725;Maria da Silva;SP;C-1;1.250,00;2025-03-10\n' +
        '52998224725;Maria da Silva;SP;C-2;389,90;2026-01-15\n' +
        '52998224725;Maria da Silva;SP;C-3;4.980,00;2024-06-30\n',
      'text/csv',
    );
    const debtor = (await call('GET', '/api/v1/debtors?document=52998224725')).items[0];
    const principal = { tenantId: debtor.tenantId, role: 'admin' as const, creditorId: null, tokenId: 'bench' };
    const tenantId = (
      await database.db.selectFrom('debtors').select('tenant_id').where('id', '=', debtor.id).executeTakeFirstOrThrow()
    ).tenant_id;
    principal.tenantId = tenantId;
    const sample = await createOffersForDebtor(rt.ctx, principal, debtor.id, {});
    const optionsPerRequest = sample.offers.length;

    // In-process: the service call alone (balance, rules, insert), one at a time.
    let n = 0;
    const started = performance.now();
    while (performance.now() - started < SECONDS * 1000) {
      await createOffersForDebtor(rt.ctx, principal, debtor.id, {});
      n += 1;
    }
    const inProcess = n / ((performance.now() - started) / 1000);

    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const http = await autocannon(`${url}/api/v1/debtors/${debtor.id}/offers`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: '{}',
    });
    const bare = await bareRoute();
    const ratio = http.requestsPerSecond / bare.requestsPerSecond;
    const result = {
      db: DB,
      optionsPerRequest,
      inProcessRequestsPerSecond: Math.round(inProcess),
      http,
      bare,
      ratioPercent: Math.round(ratio * 1000) / 10,
    };
    console.log(JSON.stringify(result, null, 2));
    if (args.includes('--record')) record(result);
  } finally {
    await app.close();
    await rt.close();
    await database.close();
    if (scratch) {
      const admin = new pg.Client({ connectionString: BASE_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${scratch}`);
      await admin.end();
    }
  }
}

function record(r: {
  db: string;
  optionsPerRequest: number;
  inProcessRequestsPerSecond: number;
  http: LoadResult;
  bare: LoadResult;
  ratioPercent: number;
}) {
  const date = new Date().toISOString().slice(0, 10);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const lines = [
    '',
    `### Ofertas — ${date} (${r.db === 'pg' ? 'PostgreSQL' : 'PGlite'}, ${SECONDS} s, ${CONNECTIONS} conexões)`,
    '',
    `Máquina: ${machine}. Devedor com 3 dívidas (IPCA, multa, juros); ${r.optionsPerRequest} opções por pedido, gravadas.`,
    '',
    '| medida | pedidos/s | p50 (ms) | p99 (ms) |',
    '|---|---:|---:|---:|',
    `| em processo (serviço, 1 por vez) | ${r.inProcessRequestsPerSecond} | — | — |`,
    `| HTTP \`POST /debtors/{id}/offers\` | ${r.http.requestsPerSecond} | ${r.http.latencyP50Ms} | ${r.http.latencyP99Ms} |`,
    `| HTTP rota Fastify nua (constante) | ${r.bare.requestsPerSecond} | ${r.bare.latencyP50Ms} | ${r.bare.latencyP99Ms} |`,
    '',
    `Razão ofertas/rota nua: **${r.ratioPercent}%** (meta ≥ 40%).`,
    '',
  ];
  appendFileSync(new URL('../docs/benchmarks.md', import.meta.url), lines.join('\n'));
}

await main();
