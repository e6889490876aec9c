/**
 * Daily-run benchmark (issue 5): the cadence sweep over N open debts on PostgreSQL (messages written to
 * the outbox), beside the floor of one `INSERT … SELECT` writing one row per debt into a table shaped
 * like the outbox (same columns and defaults, no indexes).
 *
 *   npx tsx bench/daily-run.ts [--debts 1000000] [--record]
 *
 * The portfolio is generated in SQL (one debtor per debt, due dates spread over D−1, D−5, D−15 and D−30,
 * so each debt meets exactly one step of the default cadence and the run writes one message per debt).
 */
import { sweepDay } from '../src/modules/contact/index.ts';
import { ensureDefaults } from '../src/modules/contact/templates.service.ts';
import { addDays } from '../src/platform/dates.ts';
import { appendBenchmarks, arg, args, machine, startBenchApp } from './support.ts';

const DEBTS = Number(arg('debts') ?? 1_000_000);
const DATE = '2026-11-23';

const b = await startBenchApp('pg');
try {
  const db = b.rt.ctx.database;
  const tenantId = b.principal.tenantId;
  const started = performance.now();
  await db.session(async (s) => {
    await s.exec(`
      INSERT INTO debtors (id, tenant_id, document, document_kind, name, phone, state)
      SELECT gen_random_uuid(), '${tenantId}', lpad(g::text, 11, '0'), 'cpf', 'Devedor ' || g,
        '+55119' || lpad(g::text, 8, '0'), 'SP'
      FROM generate_series(1, ${DEBTS}) g;
      INSERT INTO debts (tenant_id, creditor_id, debtor_id, external_id, original_amount_cents, due_date)
      SELECT d.tenant_id, '${b.creditorId}', d.id, 'B-' || d.document, 10000 + (random() * 500000)::int,
        (ARRAY['${addDays(DATE, -1)}', '${addDays(DATE, -5)}', '${addDays(DATE, -15)}', '${addDays(DATE, -30)}'])[1 + (row_number() OVER ()) % 4]::date
      FROM debtors d WHERE d.tenant_id = '${tenantId}';
      ANALYZE debtors; ANALYZE debts;
    `);
  });
  console.log(`carteira gerada: ${DEBTS} dívidas em ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await ensureDefaults(b.rt.ctx, tenantId);
  await db.db.updateTable('cadences').set({ active: true }).where('tenant_id', '=', tenantId).execute();

  // Floor: one INSERT … SELECT, one row per open debt, into an outbox-shaped table without indexes.
  const floorStarted = performance.now();
  await db.session(async (s) => {
    await s.exec(`
      CREATE TABLE bench_floor (LIKE outbox INCLUDING DEFAULTS);
      INSERT INTO bench_floor (tenant_id, debtor_id, creditor_id, cadence_id, step_id, run_date, channel,
        template_id, debt_ids, not_before)
      SELECT d.tenant_id, d.debtor_id, d.creditor_id, (SELECT id FROM cadences LIMIT 1), 'floor', '${DATE}', 'sms',
        (SELECT id FROM templates LIMIT 1), ARRAY[d.id], now()
      FROM debts d WHERE d.tenant_id = '${tenantId}' AND d.status = 'open';
    `);
  });
  const floorSeconds = (performance.now() - floorStarted) / 1000;
  // The same single statement into the outbox itself (its unique key and indexes), then emptied.
  const floorOutboxStarted = performance.now();
  await db.session(async (s) => {
    await s.exec(`
      INSERT INTO outbox (tenant_id, debtor_id, creditor_id, cadence_id, step_id, run_date, channel,
        template_id, debt_ids, not_before)
      SELECT d.tenant_id, d.debtor_id, d.creditor_id, (SELECT id FROM cadences LIMIT 1), 'floor', '${DATE}', 'sms',
        (SELECT id FROM templates LIMIT 1), ARRAY[d.id], now()
      FROM debts d WHERE d.tenant_id = '${tenantId}' AND d.status = 'open';
    `);
  });
  const floorOutboxSeconds = (performance.now() - floorOutboxStarted) / 1000;
  await db.session((s) => s.exec(`DELETE FROM outbox`));
  await db.session((s) => s.exec(`ANALYZE outbox`));

  const runStarted = performance.now();
  const summary = await sweepDay(b.rt.ctx, DATE);
  const runSeconds = (performance.now() - runStarted) / 1000;
  const rerunStarted = performance.now();
  const rerun = await sweepDay(b.rt.ctx, DATE);
  const rerunSeconds = (performance.now() - rerunStarted) / 1000;
  const rssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const result = {
    debts: DEBTS,
    written: summary.written,
    rerunWritten: rerun.written,
    floorSeconds: Math.round(floorSeconds * 100) / 100,
    floorOutboxSeconds: Math.round(floorOutboxSeconds * 100) / 100,
    runSeconds: Math.round(runSeconds * 100) / 100,
    rerunSeconds: Math.round(rerunSeconds * 100) / 100,
    rowsPerSecond: Math.round(summary.written / runSeconds),
    floorRowsPerSecond: Math.round(DEBTS / floorSeconds),
    ratio: Math.round((runSeconds / floorSeconds) * 100) / 100,
    ratioSameTable: Math.round((runSeconds / floorOutboxSeconds) * 100) / 100,
    peakRssMb: rssMb,
  };
  console.log(JSON.stringify(result, null, 2));
  if (result.written !== DEBTS || result.rerunWritten !== 0) throw new Error('varredura inconsistente');
  if (args.includes('--record')) {
    appendBenchmarks([
      '',
      `### Régua diária — ${new Date().toISOString().slice(0, 10)} (PostgreSQL, ${DEBTS.toLocaleString('pt-BR')} dívidas em aberto)`,
      '',
      `Máquina: ${machine()}.`,
      '',
      '| medida | tempo (s) | linhas/s |',
      '|---|---:|---:|',
      `| piso A: um \`INSERT … SELECT\` (uma linha por dívida) numa tabela com as colunas da fila, sem índices | ${result.floorSeconds} | ${result.floorRowsPerSecond.toLocaleString('pt-BR')} |`,
      `| piso B: o mesmo \`INSERT … SELECT\` na própria \`outbox\` (chave única e índices) | ${result.floorOutboxSeconds} | ${Math.round(DEBTS / result.floorOutboxSeconds).toLocaleString('pt-BR')} |`,
      `| \`sweepDay\`: régua padrão (7 passos), mensagens na fila (\`outbox\`, chave única e índices) | ${result.runSeconds} | ${result.rowsPerSecond.toLocaleString('pt-BR')} |`,
      `| repetir o mesmo dia (nada gravado de novo) | ${result.rerunSeconds} | — |`,
      '',
      `Razão régua/piso B (mesma tabela): **${result.ratioSameTable}×**; régua/piso A (tabela nua): **${result.ratio}×** (meta ≤ 3× e < 2 min). ${result.written.toLocaleString('pt-BR')} mensagens gravadas; RSS de pico do processo ${result.peakRssMb} MB (o trabalho é do PostgreSQL).`,
    ]);
  }
} finally {
  await b.close();
}
