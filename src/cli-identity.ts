import type { Command } from 'commander';
import { cliPrincipal, configFrom, dataDirOption, withRuntime } from './cli-shared.ts';
import { seedShippedIndexes } from './modules/balance/index.ts';
import {
  createApiToken,
  DEFAULT_TENANT_SLUG,
  listApiTokens,
  revokeApiToken,
} from './modules/identity/index.ts';
import { AppError } from './platform/errors.ts';

/** `token create | list | revoke`: API tokens of a tenant. */
export function registerTokenCommands(program: Command): void {
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
        const tokens = await listApiTokens(rt.ctx.database.db, await cliPrincipal(rt, opts.tenant), {
          now: rt.ctx.clock.now(),
        });
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
        await revokeApiToken(rt.ctx.database.db, await cliPrincipal(rt, opts.tenant), {
          id,
          now: rt.ctx.clock.now(),
        });
        process.stdout.write(`Token ${id} revogado.\n`);
      });
    });
}
