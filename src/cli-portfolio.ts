import { createReadStream, existsSync, statSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { type Command, Option } from 'commander';
import type { Runtime } from './app.ts';
import { cliPrincipal, configFrom, dataDirOption, positiveInt, withRuntime } from './cli-shared.ts';
import { countIndexValues } from './modules/balance/index.ts';
import { DEFAULT_TENANT_SLUG } from './modules/identity/index.ts';
import { createDemoPortfolio, type ImportReport, importPortfolio } from './modules/portfolio/index.ts';
import { AppError } from './platform/errors.ts';

/** `import` (a CSV portfolio, with a progress bar) and `demo` (a synthetic portfolio). */
export function registerPortfolioCommands(program: Command): void {
  program
    .command('import')
    .description('importa uma carteira CSV para um credor (streaming, com barra de progresso)')
    .argument('<file>', 'arquivo CSV')
    .requiredOption('--creditor <id>', 'ID do credor')
    .addOption(
      new Option(
        '--mode <mode>',
        'all: rejeita o arquivo inteiro se houver erro; partial: importa as linhas válidas',
      )
        .choices(['all', 'partial'])
        .default('all'),
    )
    .option('--tenant <slug>', 'tenant', DEFAULT_TENANT_SLUG)
    .addOption(dataDirOption())
    .action(
      async (
        file: string,
        opts: { creditor: string; mode: 'all' | 'partial'; tenant: string; dataDir: string },
      ) => {
        if (!existsSync(file)) throw new AppError('NOT_FOUND', `Arquivo não encontrado: ${file}`);
        const size = statSync(file).size;
        const report = await withRuntime(configFrom(opts), 'import', async (rt) => {
          const principal = await cliPrincipal(rt, opts.tenant);
          const bar = progressBar(size, 'bytes');
          try {
            return await importPortfolio(rt.ctx, principal, {
              creditorId: opts.creditor,
              mode: opts.mode,
              source: createReadStream(file, { highWaterMark: 256 * 1024 }),
              onProgress: (p) => bar.update(p.bytes, p.lines),
            });
          } finally {
            bar.stop();
          }
        });
        printImportReport(report);
        if (report.status !== 'completed') process.exitCode = 1;
      },
    );

  program
    .command('demo')
    .description('cria um credor de demonstração e N devedores sintéticos (CPFs válidos gerados)')
    .addOption(new Option('--debtors <n>', 'quantidade de devedores').argParser(positiveInt).default(200))
    .addOption(
      new Option('--seed <n>', 'semente: a mesma semente gera a mesma carteira (na mesma data)')
        .argParser(positiveInt)
        .default(42),
    )
    .option('--tenant <slug>', 'tenant', DEFAULT_TENANT_SLUG)
    .addOption(dataDirOption())
    .action(async (opts: { debtors: number; seed: number; tenant: string; dataDir: string }) => {
      await withRuntime(configFrom(opts), 'demo', async (rt) => {
        await loadDemo(rt, opts.tenant, opts.debtors, opts.seed);
      });
    });
}

function printImportReport(report: ImportReport): void {
  const out = process.stdout;
  out.write(
    `\nImportação ${report.importId}: ${report.status === 'completed' ? 'concluída' : 'REJEITADA'}\n` +
      `  linhas: ${report.lines}  aceitas: ${report.accepted} (novas ${report.created}, alteradas ${report.updated}, ` +
      `iguais ${report.unchanged})  rejeitadas: ${report.rejected}\n`,
  );
  for (const w of report.warnings) out.write(`  aviso: ${w}\n`);
  for (const e of report.errors.slice(0, 50)) {
    out.write(
      `  linha ${e.line}${e.column ? `, coluna ${e.column}` : ''}${e.value !== null ? ` ("${e.value}")` : ''}: ${e.message}\n`,
    );
  }
  if (report.errorsTotal > 50)
    out.write(
      `  ... e mais ${report.errorsTotal - 50} erro(s) (veja GET /api/v1/imports/${report.importId})\n`,
    );
  if (report.status === 'rejected' && report.mode === 'all') {
    out.write(
      '  Nada foi gravado. Corrija o arquivo e reenvie, ou use --mode partial para importar as linhas válidas.\n',
    );
  }
}

function progressBar(total: number, unit: string) {
  if (!process.stderr.isTTY) {
    let last = 0;
    return {
      update(value: number, lines: number) {
        if (Date.now() - last > 2000) {
          last = Date.now();
          process.stderr.write(`  ${Math.round((value / Math.max(total, 1)) * 100)}% (${lines} linhas)\n`);
        }
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: `  {bar} {percentage}% | {lines} linhas | {eta_formatted} restantes`,
      hideCursor: true,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { lines: 0, unit });
  return {
    update(value: number, lines: number) {
      bar.update(Math.min(value, total), { lines });
    },
    stop() {
      bar.update(total);
      bar.stop();
    },
  };
}

export async function loadDemo(
  rt: Runtime,
  tenantSlug: string,
  debtors: number,
  seed: number,
): Promise<void> {
  const out = process.stdout;
  const principal = await cliPrincipal(rt, tenantSlug);
  // The shipped table was loaded with the tenant (seedShippedIndexes, in cliPrincipal).
  out.write(`IPCA carregado: ${await countIndexValues(rt.ctx, principal, { name: 'IPCA' })} meses.\n`);
  out.write(`Gerando ${debtors} devedores de demonstração (semente ${seed})...\n`);
  const { creditor, report } = await createDemoPortfolio(rt.ctx, principal, {
    debtors,
    seed,
    onProgress: (p) => {
      if (p.lines % 100_000 === 0 && p.lines > 0) out.write(`  ${p.lines} linhas...\n`);
    },
  });
  out.write(`Credor de demonstração: ${creditor.name} (${creditor.id})\n`);
  printImportReport(report);
}
