/**
 * Import benchmark: N generated lines imported through the real pipeline (parse, validate, staging
 * COPY, set checks, upserts) on PostgreSQL and on PGlite, against the floor of a bare COPY of the
 * same file into an unvalidated all-text table on the same database. Each measurement runs in its
 * own child process so peak RSS is that step's alone.
 *
 *   npx tsx bench/import.ts [--lines 1000000] [--only pg|pglite] [--record]
 *
 * --record appends the results to docs/benchmarks.md. PostgreSQL: DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres); a scratch database is created and dropped.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import {
  appendFileSync,
  createReadStream,
  createWriteStream,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createCreditor } from '../src/modules/creditors/index.ts';
import { DEMO_COLUMNS, demoCsvLines } from '../src/modules/portfolio/demo.ts';
import { importPortfolio } from '../src/modules/portfolio/index.ts';
import { fixedClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { type Database, openDatabase } from '../src/platform/db.ts';
import { silentLogger } from '../src/platform/log.ts';
import { migrate } from '../src/platform/migrate.ts';
import { arg, args } from './support.ts';

const SELF = fileURLToPath(import.meta.url);
const TODAY = '2026-11-23';

interface StepResult {
  step: string;
  db: 'pg' | 'pglite';
  seconds: number;
  linesPerSecond: number;
  peakRssMb: number;
  accepted?: number;
}

async function generate(path: string, lines: number): Promise<void> {
  const out = createWriteStream(path);
  let count = -1; // the header is not a data line
  let buffer = '';
  for (const line of demoCsvLines({ debtors: lines, seed: 7, today: TODAY })) {
    if (count >= lines) break;
    buffer += line;
    count += 1;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.write(buffer);
  out.end();
  await once(out, 'finish');
}

async function openBenchDb(kind: 'pg' | 'pglite', url: string | undefined): Promise<Database> {
  return kind === 'pg' ? openDatabase({ databaseUrl: url, poolSize: 2 }) : openDatabase({});
}

/** Child: one measured step. Prints a JSON StepResult on its last line. */
async function child(
  step: 'floor' | 'import',
  kind: 'pg' | 'pglite',
  file: string,
  lines: number,
  url?: string,
) {
  const database = await openBenchDb(kind, url);
  let accepted: number | undefined;
  let seconds: number;
  if (step === 'floor') {
    const ddl = `CREATE UNLOGGED TABLE IF NOT EXISTS bench_floor (${DEMO_COLUMNS.map((c) => `${c} text`).join(', ')})`;
    await database.session((s) => s.exec(`DROP TABLE IF EXISTS bench_floor; ${ddl}`));
    const copy = `COPY bench_floor FROM %SRC% WITH (FORMAT csv, HEADER true, DELIMITER ';')`;
    const started = performance.now();
    if (database.raw.kind === 'postgres') {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await pipeline(createReadStream(file), client.query(copyFrom(copy.replace('%SRC%', 'STDIN'))));
      await client.end();
    } else {
      await database.raw.pglite.query(copy.replace('%SRC%', "'/dev/blob'"), [], {
        blob: new Blob([readFileSync(file)]),
      });
    }
    seconds = (performance.now() - started) / 1000;
  } else {
    await migrate(database);
    const clock = fixedClock(`${TODAY}T12:00:00Z`);
    const ctx = { database, clock, log: silentLogger, config: loadConfig({ dataDir: tmpdir() }), jobs: null };
    const tenant = await database.db
      .insertInto('tenants')
      .values({ slug: 'bench', name: 'bench' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const principal = { tenantId: tenant.id, role: 'admin' as const, creditorId: null, tokenId: 'bench' };
    const creditor = await createCreditor(database.db, principal, {
      name: 'Credor Benchmark',
      document: '11222333000181',
      address: 'Rua do Benchmark, 1 - Centro, São Paulo/SP, CEP 01000-000',
    });
    const started = performance.now();
    const report = await importPortfolio(ctx, principal, {
      creditorId: creditor.id,
      mode: 'all',
      source: createReadStream(file, { highWaterMark: 256 * 1024 }),
    });
    seconds = (performance.now() - started) / 1000;
    if (report.status !== 'completed')
      throw new Error(`import ${report.status}: ${JSON.stringify(report.errors.slice(0, 3))}`);
    accepted = report.accepted;
  }
  await database.close();
  const result: StepResult = {
    step,
    db: kind,
    seconds: Math.round(seconds * 100) / 100,
    linesPerSecond: Math.round(lines / seconds),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    ...(accepted !== undefined ? { accepted } : {}),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function main() {
  const step = arg('child');
  if (step) {
    await child(
      step as 'floor' | 'import',
      arg('db') as 'pg' | 'pglite',
      arg('file')!,
      Number(arg('lines')),
      arg('url'),
    );
    return;
  }
  const lines = Number(arg('lines') ?? 1_000_000);
  const only = arg('only');
  const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const dir = join(tmpdir(), `trato-bench-${randomBytes(3).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'portfolio.csv');
  process.stderr.write(`gerando ${lines} linhas em ${file}...\n`);
  await generate(file, lines);
  process.stderr.write(`arquivo: ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB\n`);

  const results: StepResult[] = [];
  const run = (s: 'floor' | 'import', kind: 'pg' | 'pglite', url?: string) => {
    process.stderr.write(`${s} em ${kind}...\n`);
    const out = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        SELF,
        '--child',
        s,
        '--db',
        kind,
        '--file',
        file,
        '--lines',
        String(lines),
        ...(url ? ['--url', url] : []),
      ],
      {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    if (out.status !== 0) throw new Error(`${s}/${kind} falhou:\n${out.stderr}`);
    const r = JSON.parse(out.stdout.trim().split('\n').pop()!) as StepResult;
    process.stderr.write(`  ${r.seconds}s, ${r.linesPerSecond} linhas/s, pico RSS ${r.peakRssMb} MB\n`);
    results.push(r);
  };

  try {
    if (only !== 'pglite') {
      const admin = new pg.Client({ connectionString: baseUrl });
      await admin.connect();
      for (const s of ['floor', 'import'] as const) {
        const name = `trato_bench_${s}_${randomBytes(3).toString('hex')}`;
        await admin.query(`CREATE DATABASE ${name}`);
        try {
          run(s, 'pg', withDatabase(baseUrl, name));
        } finally {
          await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        }
      }
      await admin.end();
    }
    if (only !== 'pg') {
      run('floor', 'pglite');
      run('import', 'pglite');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const table = summarise(results, lines);
  process.stdout.write(table);
  if (args.includes('--record')) {
    appendFileSync(new URL('../docs/benchmarks.md', import.meta.url), table);
    process.stderr.write('resultado gravado em docs/benchmarks.md\n');
  }
}

function summarise(results: StepResult[], lines: number): string {
  let pgVersion = '?';
  try {
    pgVersion = execFileSync('psql', ['--version'], { encoding: 'utf8' }).trim();
  } catch {}
  const machine = `${cpus()[0]?.model ?? '?'} × ${cpus().length} núcleos, ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.version}, ${pgVersion}, PGlite 0.5`;
  let md = `\n### Importação de ${lines.toLocaleString('pt-BR')} linhas — ${new Date().toISOString().slice(0, 10)}\n\nMáquina: ${machine}\n\n`;
  md +=
    '| banco | etapa | segundos | linhas/s | pico RSS (MB) | razão vs COPY |\n|---|---|---:|---:|---:|---:|\n';
  for (const r of results) {
    const floor = results.find((x) => x.db === r.db && x.step === 'floor');
    const ratio = floor && r.step === 'import' ? (r.seconds / floor.seconds).toFixed(2) + '×' : '—';
    md += `| ${r.db === 'pg' ? 'PostgreSQL' : 'PGlite'} | ${r.step === 'floor' ? 'COPY puro (piso)' : 'importação Trato'} | ${r.seconds} | ${r.linesPerSecond} | ${r.peakRssMb} | ${ratio} |\n`;
  }
  return md;
}

await main();
