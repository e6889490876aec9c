import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { cliPrincipal, configFrom, dataDirOption, withRuntime } from './cli-shared.ts';
import { getDebtBalance, loadIndexTable, updateIndexFromSource } from './modules/balance/index.ts';
import { DEFAULT_TENANT_SLUG } from './modules/identity/index.ts';
import { AppError } from './platform/errors.ts';
import { formatBRL } from './platform/money.ts';

/** `indexes update | load`: the monthly index tables (IPCA, INPC, IGP-M, taxa legal). */
export function registerIndexCommands(program: Command): void {
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
        const r = await updateIndexFromSource(rt.ctx, await cliPrincipal(rt, opts.tenant), { name });
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
        const r = await loadIndexTable(rt.ctx, principal, {
          name,
          csvText: readFileSync(file, 'utf8'),
          source: `arquivo ${file}`,
        });
        process.stdout.write(
          `${r.index}: ${r.months} mês(es) de ${r.firstMonth} a ${r.lastMonth}; ${r.changed} gravado(s) ou alterado(s).\n`,
        );
      });
    });
}

/** `balance <debtId>`: the updated balance of a debt, line by line. */
export function registerBalanceCommand(program: Command): void {
  program
    .command('balance')
    .description('mostra o saldo atualizado de uma dívida, linha a linha')
    .argument('<debtId>', 'ID da dívida')
    .option('--date <date>', 'data do cálculo (AAAA-MM-DD); padrão: hoje')
    .option('--tenant <slug>', 'tenant', DEFAULT_TENANT_SLUG)
    .addOption(dataDirOption())
    .action(async (debtId: string, opts: { date?: string; tenant: string; dataDir: string }) => {
      await withRuntime(configFrom(opts), 'balance', async (rt) => {
        const b = await getDebtBalance(rt.ctx, await cliPrincipal(rt, opts.tenant), {
          debtId,
          date: opts.date,
        });
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
}
