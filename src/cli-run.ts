import { createInterface } from 'node:readline/promises';
import { type Command, Option } from 'commander';
import { startRuntime } from './app.ts';
import { agencyOnStart } from './cli-agency.ts';
import { loadDemo } from './cli-portfolio.ts';
import { cliPrincipal, configFrom, dataDirOption, positiveInt, withRuntime } from './cli-shared.ts';
import { type LifecycleEvent, runAgreementLifecycle } from './modules/agreements/index.ts';
import { seedShippedIndexes } from './modules/balance/index.ts';
import { adaptersFor, dispatchDue, sweepDay } from './modules/contact/index.ts';
import { createApiToken, DEFAULT_TENANT_SLUG, hasAnyToken } from './modules/identity/index.ts';
import { countPortfolio } from './modules/portfolio/index.ts';
import { disabledWebhooks } from './platform/config.ts';
import { formatDatePtBr, isIsoDate } from './platform/dates.ts';
import { AppError } from './platform/errors.ts';
import { createLogger } from './platform/log.ts';
import { refuseFutureRunDate } from './platform/run-date.ts';
import { ensurePortalBuilt } from './web-static.ts';

/** `serve`, `worker` and `migrate`: the processes of the product. */
export function registerServerCommands(program: Command): void {
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
}

/** `run`: the daily routines of a date (agreement lifecycle, the cadence sweep, optionally the dispatch). */
export function registerDailyRunCommand(program: Command): void {
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
          `Régua em ${formatDatePtBr(date)}: ${sweep.written} mensagem(ns) gravada(s) na fila por ${sweep.steps} passo(s) de ${sweep.cadences} régua(s) ativa(s).\n`,
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
