import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import cliProgress from 'cli-progress';
import { Command, InvalidArgumentError, Option } from 'commander';
import { type Runtime, startRuntime } from './app.ts';
import { agencyOnStart } from './cli-agency.ts';
import { registerPaymentCommands } from './cli-payments.ts';
import { registerSettingsCommands } from './cli-settings.ts';
import { type LifecycleEvent, runAgreementLifecycle } from './modules/agreements/index.ts';
import {
  countIndexValues,
  getDebtBalance,
  loadIndexTable,
  seedShippedIndexes,
  updateIndexFromSource,
} from './modules/balance/index.ts';
import { adaptersFor, dispatchDue, sweepDay } from './modules/contact/index.ts';
import { listCreditors } from './modules/creditors/index.ts';
import {
  createApiToken,
  DEFAULT_TENANT_SLUG,
  hasAnyToken,
  cliPrincipal as identityCliPrincipal,
  listApiTokens,
  type Principal,
  revokeApiToken,
} from './modules/identity/index.ts';
import {
  countPortfolio,
  createDemoPortfolio,
  type ImportReport,
  importPortfolio,
} from './modules/portfolio/index.ts';
import { systemClock } from './platform/clock.ts';
import { type Config, disabledWebhooks, loadConfig } from './platform/config.ts';
import { formatDatePtBr, isIsoDate } from './platform/dates.ts';
import { AppError } from './platform/errors.ts';
import { createLogger } from './platform/log.ts';
import { formatBRL } from './platform/money.ts';
import { refuseFutureRunDate } from './platform/run-date.ts';
import { startupProblem } from './platform/startup-errors.ts';
import { ensurePortalBuilt } from './web-static.ts';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('use um inteiro não negativo');
  return n;
}

const dataDirOption = () =>
  new Option(
    '--data-dir <dir>',
    'pasta do banco embutido (PGlite); ignorada quando DATABASE_URL está definida',
  ).default('./data');

function configFrom(opts: { dataDir?: string; port?: number; host?: string }): Config {
  return loadConfig({
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    ...(opts.host ? { host: opts.host } : {}),
  });
}

/** Runs a one-shot command against the database, closing everything afterwards. */
async function withRuntime<T>(config: Config, command: string, fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await startRuntime({ config, log: createLogger({ json: false }), jobs: 'none', command });
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

/**
 * The CLI acts as the tenant's administrator (it has the machine; the API needs a token). The tenant may
 * be created right here: it gets the shipped IPCA table like every tenant does on start.
 */
async function cliPrincipal(rt: Runtime, tenantSlug: string): Promise<Principal> {
  const principal = await identityCliPrincipal(rt.ctx.database.db, tenantSlug);
  await seedShippedIndexes(rt.ctx);
  return principal;
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

export function buildCli(): Command {
  const program = new Command('trato')
    .description('Trato — cobrança e renegociação humanizada de dívidas')
    .showHelpAfterError()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('serve')
    .description(
      'sobe a API, o portal do devedor (/portal), a documentação (/docs) e o worker de jobs no mesmo processo',
    )
    .addOption(new Option('--port <n>', 'porta HTTP').argParser(positiveInt).env('PORT').default(3000))
    .addOption(new Option('--host <host>', 'endereço de escuta').env('HOST').default('127.0.0.1'))
    .addOption(dataDirOption())
    .option('--no-worker', 'não consome jobs neste processo (use `trato worker` à parte)')
    .option('--demo [n]', 'carrega uma carteira de demonstração com N devedores se o banco estiver vazio')
    .action(
      async (opts: {
        port: number;
        host: string;
        dataDir: string;
        worker: boolean;
        demo?: string | boolean;
      }) => {
        const config = configFrom(opts);
        const log = createLogger();
        const rt = await startRuntime({ config, log, jobs: opts.worker ? 'work' : 'send', command: 'serve' });
        await ensurePortalBuilt(log);
        const app = await rt.buildHttp();
        // A taken port ends the process with one line (runCli): stop the jobs and free the data dir first.
        const address = await app.listen({ port: config.port, host: config.host }).catch(async (error) => {
          await app.close().catch(() => {});
          await rt.close();
          throw error;
        });
        const url = address.replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
        rt.setPublicUrl(url);
        const db = rt.ctx.database.db;
        const out = process.stdout;
        out.write(
          `\nTrato no ar: ${url}\n  portal do devedor: ${url}/portal  ·  API: ${url}/api/v1  ·  documentação: ${url}/docs  ·  saúde: ${url}/health\n`,
        );
        out.write(
          `  banco: ${rt.ctx.database.kind === 'pglite' ? `embutido (PGlite) em ${rt.ctx.database.location}` : rt.ctx.database.location}\n`,
        );
        const closed = disabledWebhooks(config);
        if (closed.length > 0) {
          out.write(
            `  webhooks recusando tudo por falta de segredo: ${closed.join('; ')} — em desenvolvimento, passe o mesmo segredo ao \`trato simulator messaging\`\n`,
          );
        }
        const firstRun = !(await hasAnyToken(db));
        if (firstRun) {
          const created = await createApiToken(db, {
            role: 'admin',
            actor: 'serve:first-run',
            label: 'primeiro admin',
          });
          await seedShippedIndexes(rt.ctx);
          out.write(
            '\nBanco novo: criamos um token de administrador (guarde-o; ele não será mostrado de novo):\n' +
              `  ${created.token}\n` +
              `  Teste: curl -H "Authorization: Bearer ${created.token}" ${url}/api/v1/creditors\n` +
              '  Outros tokens: POST /api/v1/tokens com este token, ou, com o servidor parado, npx trato token create --role admin\n',
          );
        }
        // The agency's name, CNPJ and address: asked once at the terminal on a new database.
        const rl =
          process.stdin.isTTY && process.stdout.isTTY
            ? createInterface({ input: process.stdin, output: process.stdout })
            : null;
        try {
          await agencyOnStart(db, await cliPrincipal(rt, DEFAULT_TENANT_SLUG), {
            firstRun,
            ask: rl ? (q) => rl.question(q) : null,
            write: (s) => out.write(s),
          });
        } finally {
          rl?.close();
        }
        if ((await countPortfolio(db)) === 0) {
          let load = opts.demo !== undefined && opts.demo !== false;
          if (!load && process.stdin.isTTY && process.stdout.isTTY) {
            const rl = createInterface({ input: process.stdin, output: process.stdout });
            const answer = await rl.question(
              '\nA carteira está vazia. Carregar uma carteira de demonstração com 200 devedores? [s/N] ',
            );
            rl.close();
            load = /^s(im)?$/i.test(answer.trim());
          } else if (!load) {
            out.write(
              '\nCarteira vazia. Para uma demonstração: npm start -- --demo (ou npx trato demo --debtors 200 com o servidor parado)\n',
            );
          }
          if (load) {
            const n = typeof opts.demo === 'string' ? positiveInt(opts.demo) : 200;
            await loadDemo(rt, DEFAULT_TENANT_SLUG, n, 42);
          }
        }
        const shutdown = async () => {
          out.write('\nEncerrando...\n');
          await app.close();
          await rt.close();
          process.exit(0);
        };
        process.once('SIGINT', shutdown);
        process.once('SIGTERM', shutdown);
      },
    );

  program
    .command('worker')
    .description('consome jobs em segundo plano (vários workers podem dividir a fila com DATABASE_URL)')
    .addOption(dataDirOption())
    .action(async (opts: { dataDir: string }) => {
      const rt = await startRuntime({
        config: configFrom(opts),
        log: createLogger(),
        jobs: 'work',
        command: 'worker',
      });
      process.stdout.write(`Worker consumindo jobs de ${rt.ctx.database.location}. Ctrl+C para parar.\n`);
      const shutdown = async () => {
        await rt.close();
        process.exit(0);
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    });

  program
    .command('migrate')
    .description('aplica as migrações pendentes (também são aplicadas ao subir)')
    .addOption(dataDirOption())
    .action(async (opts: { dataDir: string }) => {
      await withRuntime(configFrom(opts), 'migrate', async (rt) => {
        process.stdout.write(`Banco em dia: ${rt.ctx.database.location}\n`);
      });
    });

  const token = program.command('token').description('tokens de acesso à API');
  token
    .command('create')
    .description('cria um token (cria o tenant na primeira vez)')
    .requiredOption('--role <role>', 'admin | manager | agent | creditor')
    .option('--creditor <id>', 'credor do token (obrigatório para --role creditor)')
    .option('--tenant <slug>', 'tenant (agência)', DEFAULT_TENANT_SLUG)
    .option('--label <text>', 'descrição do token')
    .option('--person <quem>', 'a pessoa que vai usar o token (e-mail ou nome; quatro olhos compara pessoas)')
    .option(
      '--expires-at <instante>',
      'validade, ex.: 2027-01-31T23:59:59-03:00 (depois dela o token é recusado)',
    )
    .addOption(dataDirOption())
    .action(
      async (opts: {
        role: string;
        creditor?: string;
        tenant: string;
        label?: string;
        person?: string;
        expiresAt?: string;
        dataDir: string;
      }) => {
        const expiresAt = opts.expiresAt ? new Date(opts.expiresAt) : null;
        if (expiresAt && Number.isNaN(expiresAt.getTime())) {
          throw new AppError('VALIDATION_FAILED', `--expires-at inválido: "${opts.expiresAt}".`);
        }
        await withRuntime(configFrom(opts), 'token create', async (rt) => {
          const created = await createApiToken(rt.ctx.database.db, {
            role: opts.role,
            creditorId: opts.creditor ?? null,
            tenantSlug: opts.tenant,
            label: opts.label ?? null,
            person: opts.person ?? null,
            expiresAt,
            now: rt.ctx.clock.now(),
            actor: 'cli',
          });
          await seedShippedIndexes(rt.ctx);
          process.stdout.write(
            `Token ${created.role} criado no tenant "${created.tenantSlug}"${created.creditorId ? ` para o credor ${created.creditorId}` : ''}${created.expiresAt ? `, válido até ${created.expiresAt}` : ''} (id ${created.id}).\n` +
              'Guarde-o agora; só o hash fica no banco:\n' +
              `${created.token}\n`,
          );
        });
      },
    );
  token
    .command('list')
    .description('lista os tokens ativos do tenant (nunca o segredo)')
    .option('--tenant <slug>', 'tenant (agência)', DEFAULT_TENANT_SLUG)
    .addOption(dataDirOption())
    .action(async (opts: { tenant: string; dataDir: string }) => {
      await withRuntime(configFrom(opts), 'token list', async (rt) => {
        const tokens = await listApiTokens(
          rt.ctx.database.db,
          await cliPrincipal(rt, opts.tenant),
          rt.ctx.clock.now(),
        );
        if (tokens.length === 0) process.stdout.write('Nenhum token ativo.\n');
        for (const t of tokens) {
          process.stdout.write(
            `${t.id}  ${t.role.padEnd(8)}  criado ${t.createdAt}  último uso ${t.lastUsedAt ?? 'nunca'}  ` +
              `${t.expiresAt ? `${t.expired ? 'expirou' : 'vale até'} ${t.expiresAt}` : 'sem validade'}` +
              `${t.creditorId ? `  credor ${t.creditorId}` : ''}${t.person ? `  pessoa ${t.person}` : ''}${t.label ? `  "${t.label}"` : ''}\n`,
          );
        }
      });
    });
  token
    .command('revoke')
    .description('revoga um token na hora (a próxima chamada com ele recebe 401)')
    .argument('<id>', 'ID do token (de `trato token list`)')
    .option('--tenant <slug>', 'tenant (agência)', DEFAULT_TENANT_SLUG)
    .addOption(dataDirOption())
    .action(async (id: string, opts: { tenant: string; dataDir: string }) => {
      await withRuntime(configFrom(opts), 'token revoke', async (rt) => {
        await revokeApiToken(rt.ctx.database.db, await cliPrincipal(rt, opts.tenant), id, rt.ctx.clock.now());
        process.stdout.write(`Token ${id} revogado.\n`);
      });
    });

  const creditors = program.command('creditors').description('credores');
  creditors
    .command('list')
    .description('lista os credores do tenant (para achar o ID usado em `trato import`)')
    .option('--tenant <slug>', 'tenant', DEFAULT_TENANT_SLUG)
    .addOption(dataDirOption())
    .action(async (opts: { tenant: string; dataDir: string }) => {
      await withRuntime(configFrom(opts), 'creditors list', async (rt) => {
        const list = await listCreditors(rt.ctx.database.db, await cliPrincipal(rt, opts.tenant), {
          limit: 500,
          offset: 0,
        });
        if (list.items.length === 0)
          process.stdout.write(
            'Nenhum credor. Cadastre pela API (POST /api/v1/creditors) ou rode `trato demo`.\n',
          );
        for (const c of list.items) process.stdout.write(`${c.id}  ${c.document}  ${c.name}\n`);
      });
    });

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

  const indexes = program
    .command('indexes')
    .description(
      'tabelas de índices (ipca, inpc, igpm, taxa-legal): carregar de um CSV ou atualizar da fonte',
    );
  indexes
    .command('update')
    .description(
      'busca os meses mais recentes na fonte oficial (IPCA/INPC: IBGE SIDRA; IGP-M e taxa legal: Banco Central SGS) e grava',
    )
    .argument('<name>', 'índice: ipca, inpc, igpm ou taxa-legal')
    .option('--tenant <slug>', 'tenant', DEFAULT_TENANT_SLUG)
    .addOption(dataDirOption())
    .action(async (name: string, opts: { tenant: string; dataDir: string }) => {
      await withRuntime(configFrom(opts), 'indexes update', async (rt) => {
        const r = await updateIndexFromSource(rt.ctx, await cliPrincipal(rt, opts.tenant), name);
        process.stdout.write(
          `${r.index}: ${r.months} mês(es) lidos de ${r.source} (até ${r.lastMonth ?? '—'}); ${r.changed} gravado(s) ou alterado(s).\n`,
        );
      });
    });
  indexes
    .command('load')
    .description(
      'carrega meses de um índice a partir de um CSV month,percent (ex.: trato indexes load ipca ipca.csv)',
    )
    .argument('<name>', 'índice: ipca, inpc, igpm ou taxa-legal')
    .argument('<file>', 'CSV com colunas month,percent')
    .option('--tenant <slug>', 'tenant', DEFAULT_TENANT_SLUG)
    .addOption(dataDirOption())
    .action(async (name: string, file: string, opts: { tenant: string; dataDir: string }) => {
      if (!existsSync(file)) throw new AppError('NOT_FOUND', `Arquivo não encontrado: ${file}`);
      await withRuntime(configFrom(opts), 'indexes load', async (rt) => {
        const principal = await cliPrincipal(rt, opts.tenant);
        const r = await loadIndexTable(
          rt.ctx,
          principal,
          name,
          readFileSync(file, 'utf8'),
          `arquivo ${file}`,
        );
        process.stdout.write(
          `${r.index}: ${r.months} mês(es) de ${r.firstMonth} a ${r.lastMonth}; ${r.changed} gravado(s) ou alterado(s).\n`,
        );
      });
    });

  program
    .command('run')
    .description(
      'roda as rotinas diárias de uma data: ciclo de vida dos acordos (atraso, quebra, quitação) e a régua (mensagens do dia na fila)',
    )
    .option('--date <date>', 'data (AAAA-MM-DD, até hoje); padrão: hoje em São Paulo')
    .option('--dry-run', 'mostra o que mudaria na data (inclusive futura) sem gravar nada')
    .option(
      '--dispatch',
      'também envia agora o que estiver dentro da janela e dos limites (o worker faz isso a cada minuto)',
    )
    .addOption(dataDirOption())
    .action(async (opts: { date?: string; dataDir: string; dispatch?: boolean; dryRun?: boolean }) => {
      await withRuntime(configFrom(opts), 'run', async (rt) => {
        const date = opts.date ?? rt.ctx.clock.today();
        if (!isIsoDate(date))
          throw new AppError('VALIDATION_FAILED', `Data inválida "${date}": use AAAA-MM-DD.`);
        if (!opts.dryRun) refuseFutureRunDate(date, rt.ctx.clock.today());
        const s = await runAgreementLifecycle(rt.ctx, date, 'cli:run', { dryRun: opts.dryRun === true });
        const verb = s.dryRun ? 'mudaria' : 'mudou';
        process.stdout.write(
          `${s.dryRun ? 'Simulação (nada foi gravado). ' : ''}Acordos em ${formatDatePtBr(s.date)}: ${s.checked} verificado(s); ` +
            `${s.late} parcela(s) em atraso, ${s.cured} regularizada(s); ` +
            `${s.broken} acordo(s) quebrado(s), ${s.paid} quitado(s).\n`,
        );
        const SHOWN = 50;
        for (const change of s.changes.slice(0, SHOWN))
          process.stdout.write(
            `  acordo ${change.agreementId} ${verb}: ${change.events.map(describeLifecycleEvent).join('; ')}\n`,
          );
        if (s.changes.length > SHOWN)
          process.stdout.write(
            `  … e mais ${s.changes.length - SHOWN} acordo(s) (veja os eventos de cada acordo na API).\n`,
          );
        if (s.dryRun) {
          process.stdout.write('A régua e o envio não rodam numa simulação.\n');
          return;
        }
        const sweep = await sweepDay(rt.ctx, date);
        process.stdout.write(
          `Régua em ${date}: ${sweep.written} mensagem(ns) gravada(s) na fila por ${sweep.steps} passo(s) de ${sweep.cadences} régua(s) ativa(s).\n`,
        );
        if (opts.dispatch) {
          const d = await dispatchDue(rt.ctx, {
            adapters: adaptersFor(rt.ctx.config.messaging),
            portalUrl: rt.ctx.config.publicUrl,
            linkSecret: rt.ctx.config.linkSecrets,
          });
          process.stdout.write(
            `Envio: ${d.sent} enviada(s), ${d.deferred} adiada(s) para a janela/limites, ${d.suppressed} suprimida(s), ` +
              `${d.tasks} tarefa(s) de ligação, ${d.failed} falha(s), ${d.retried} para nova tentativa.\n`,
          );
        }
      });
    });

  program
    .command('balance')
    .description('mostra o saldo atualizado de uma dívida, linha a linha')
    .argument('<debtId>', 'ID da dívida')
    .option('--date <date>', 'data do cálculo (AAAA-MM-DD); padrão: hoje')
    .option('--tenant <slug>', 'tenant', DEFAULT_TENANT_SLUG)
    .addOption(dataDirOption())
    .action(async (debtId: string, opts: { date?: string; tenant: string; dataDir: string }) => {
      await withRuntime(configFrom(opts), 'balance', async (rt) => {
        const b = await getDebtBalance(rt.ctx, await cliPrincipal(rt, opts.tenant), debtId, opts.date);
        process.stdout.write(
          `Saldo em ${b.date} (${b.daysOverdue} dia(s) de atraso)${b.prescribed ? ' — PRESCRITA' : ''}\n`,
        );
        for (const l of b.lines)
          process.stdout.write(
            `  ${l.kind.padEnd(10)} ${formatBRL(l.amountCents).padStart(16)}  ${l.rule}\n`,
          );
        process.stdout.write(`  ${'total'.padEnd(10)} ${formatBRL(b.totalCents).padStart(16)}\n`);
        process.stdout.write(`  Prescrição: ${b.prescription.rule}\n`);
      });
    });

  registerPaymentCommands(program, () => systemClock.today());
  registerSettingsCommands(program, { dataDirOption, configFrom, withRuntime, cliPrincipal });
  return program;
}

function describeLifecycleEvent(e: LifecycleEvent): string {
  switch (e.type) {
    case 'installment.late':
      return `parcela ${e.number} em atraso`;
    case 'installment.cured':
      return `parcela ${e.number} regularizada`;
    case 'installment.paid':
      return `parcela ${e.number} paga`;
    case 'agreement.broken':
      return 'acordo quebrado (dívidas reabertas com o que foi pago abatido)';
    case 'agreement.paid':
      return 'acordo quitado';
  }
}

async function loadDemo(rt: Runtime, tenantSlug: string, debtors: number, seed: number): Promise<void> {
  const out = process.stdout;
  const principal = await cliPrincipal(rt, tenantSlug);
  // The shipped table was loaded with the tenant (seedShippedIndexes, in cliPrincipal).
  out.write(`IPCA carregado: ${await countIndexValues(rt.ctx, principal, 'IPCA')} meses.\n`);
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

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    if (error instanceof AppError) {
      process.stderr.write(`erro: ${error.message}\n`);
      const errors =
        (error.extra.errors as { line?: number; field?: string; message: string }[] | undefined) ?? [];
      for (const e of errors.slice(0, 50))
        process.stderr.write(
          `  ${e.line ? `linha ${e.line}: ` : e.field ? `${e.field}: ` : ''}${e.message}\n`,
        );
      process.exitCode = 2;
      return;
    }
    // The database missing or unreachable, the port taken: one line saying what to do, no stack trace.
    const problem = startupProblem(error, { databaseUrl: process.env.DATABASE_URL, port: portOf(argv) });
    if (problem) {
      process.stderr.write(`erro: ${problem}\n`);
      // Exit now: what did start (the job queue's timers) was closed but may keep the loop alive.
      process.exit(1);
    }
    throw error;
  }
}

function portOf(argv: string[]): number | undefined {
  const i = argv.indexOf('--port');
  const raw = i >= 0 ? argv[i + 1] : process.env.PORT;
  return raw ? Number(raw) : undefined;
}
