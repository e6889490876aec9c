import type { Command } from 'commander';
import { cliPrincipal, configFrom, dataDirOption, withRuntime } from './cli-shared.ts';
import { listCreditors } from './modules/creditors/index.ts';
import { DEFAULT_TENANT_SLUG } from './modules/identity/index.ts';

/** `creditors list`. */
export function registerCreditorCommands(program: Command): void {
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
}
