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
import { appendFileSync, createReadStream, createWriteStream, mkdirSync, rmSync, statSync } from 'node:fs';
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

/**
 * PGlite runs on a data folder, as `npm start` does, created and migrated by a child of its own
 * (`prepare`) before the measured one: creating a database (initdb) inside the measured process would
 * add its own ~750 MB of peak RSS to the step, and an in-memory database keeps every table in RAM.
 */
async function openBenchDb(
  kind: 'pg' | 'pglite',
  url: string | undefined,
  dataDir?: string,
): Promise<Database> {
  return kind === 'pg' ? openDatabase({ databaseUrl: url, poolSize: 2 }) : openDatabase({ dataDir });
}

/** PGlite's COPY reads a Blob: the file goes in slices of this size, never whole. */
const PGLITE_COPY_SLICE = 4 * 1024 * 1024;

/** Child: one measured step. Prints a JSON StepResult on its last line. */
async function child(
  step: 'prepare' | 'floor' | 'import',
  kind: 'pg' | 'pglite',
  file: string,
  lines: number,
  url?: string,
  dataDir?: string,
) {
  const database = await openBenchDb(kind, url, dataDir);
  if (step === 'prepare') {
    await migrate(database);
    await database.close();
    process.stdout.write('{}\n');
    return;
  }
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
      // Whole lines per slice (the header only in the first): each slice one COPY of a small blob.
      const pglite = database.raw.pglite;
      let pending: Buffer = Buffer.alloc(0);
      let first = true;
      const send = async (data: Uint8Array) => {
        const sql = first ? copy : copy.replace(', HEADER true', '');
        first = false;
        await pglite.query(sql.replace('%SRC%', "'/dev/blob'"), [], { blob: new Blob([data]) });
      };
      for await (const chunk of createReadStream(file, { highWaterMark: PGLITE_COPY_SLICE })) {
        const bytes = pending.length > 0 ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer);
        const end = bytes.lastIndexOf(10) + 1;
        if (end > 0) await send(bytes.subarray(0, end));
        pending = bytes.subarray(end);
      }
      if (pending.length > 0) await send(pending);
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
  // Exits once the line is out: a handle PGlite leaves behind on a data folder would keep it alive.
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
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
      step as 'prepare' | 'floor' | 'import',
      arg('db') as 'pg' | 'pglite',
      arg('file')!,
      Number(arg('lines')),
      arg('url'),
      arg('datadir'),
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
  const run = (s: 'prepare' | 'floor' | 'import', kind: 'pg' | 'pglite', url?: string, dataDir?: string) => {
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
        ...(dataDir ? ['--datadir', dataDir] : []),
      ],
      {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    if (out.status !== 0) throw new Error(`${s}/${kind} falhou:\n${out.stderr}`);
    if (s === 'prepare') return;
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
      for (const s of ['floor', 'import'] as const) {
        const dataDir = join(dir, `pglite-${s}`);
        run('prepare', 'pglite', undefined, dataDir);
        run(s, 'pglite', undefined, dataDir);
        rmSync(dataDir, { recursive: true, force: true });
      }
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
