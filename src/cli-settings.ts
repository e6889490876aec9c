import { type Command, InvalidArgumentError, type Option } from 'commander';
import type { Runtime } from './app.ts';
import {
  DEFAULT_TENANT_SLUG,
  type LimitsView,
  limitsAsInput,
  type Principal,
  putLimitsSettings,
  readLimitsSettings,
} from './modules/identity/index.ts';
import type { Config } from './platform/config.ts';
import { formatBytes, LIMIT_KEYS, type LimitKey } from './platform/limits.ts';

/** What the CLI's composition root lends its command groups (cli.ts owns the runtime). */
export interface CliDeps {
  dataDirOption: () => Option;
  configFrom(opts: { dataDir?: string }): Config;
  withRuntime<T>(config: Config, command: string, fn: (rt: Runtime) => Promise<T>): Promise<T>;
  cliPrincipal(rt: Runtime, tenantSlug: string): Promise<Principal>;
}

const LABEL: Record<LimitKey, string> = {
  requestsPerMinute: 'requisições por minuto',
  maxUploadBytes: 'tamanho de arquivo enviado',
  maxPixPerWebhook: 'Pix por notificação',
};

/** `key=value`: a limit's name and an integer, or `padrao`/`null` for the default. */
function parseSetting(raw: string, previous: Record<string, number | null> = {}) {
  const match = /^([A-Za-z]+)=(.+)$/.exec(raw.trim());
  const key = match?.[1] as LimitKey | undefined;
  if (!match || !key || !(LIMIT_KEYS as readonly string[]).includes(key)) {
    throw new InvalidArgumentError(`use chave=valor, com a chave entre ${LIMIT_KEYS.join(', ')}`);
  }
  const value = match[2]!.trim().toLowerCase();
  if (['padrao', 'padrão', 'null', 'default'].includes(value)) return { ...previous, [key]: null };
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`${key}: use um inteiro ou "padrao"`);
  return { ...previous, [key]: n };
}

function printLimits(v: LimitsView): void {
  const show = (key: LimitKey, n: number) =>
    key === 'maxUploadBytes' ? `${n} (${formatBytes(n)})` : String(n);
  for (const key of LIMIT_KEYS) {
    const own = v.custom[key] !== null;
    process.stdout.write(
      `${key.padEnd(18)} ${show(key, v[key]).padEnd(24)} ${own ? 'definido pelo admin' : 'padrão'}  ` +
        `(${LABEL[key]}; de ${show(key, v.minimums[key])} a ${show(key, v.maximums[key])})\n`,
    );
  }
}

/**
 * `trato settings limits [--set chave=valor ...]`: a tenant's limits (issue 10 item 8), read or
 * changed as its admin, with the same rules as PATCH /api/v1/settings/limits. With the server running,
 * a change reaches its process within the cache's 10 s (the API applies at once).
 */
export function registerSettingsCommands(program: Command, deps: CliDeps): void {
  const settings = program.command('settings').description('configurações do tenant');
  settings
    .command('limits')
    .description(
      'limites da assessoria: requestsPerMinute, maxUploadBytes, maxPixPerWebhook (mostra; --set altera)',
    )
    .option(
      '--set <chave=valor>',
      'altera um limite (repetível), ex.: --set maxPixPerWebhook=100; valor "padrao" volta ao padrão',
      parseSetting,
    )
    .option('--tenant <slug>', 'tenant (agência)', DEFAULT_TENANT_SLUG)
    .addOption(deps.dataDirOption())
    .action(async (opts: { set?: Record<string, number | null>; tenant: string; dataDir: string }) => {
      await deps.withRuntime(deps.configFrom(opts), 'settings limits', async (rt) => {
        const principal = await deps.cliPrincipal(rt, opts.tenant);
        if (opts.set) {
          const current = await limitsAsInput(rt.ctx, principal);
          printLimits(await putLimitsSettings(rt.ctx, principal, { ...current, ...opts.set }));
          process.stdout.write('Limites gravados.\n');
        } else {
          printLimits(await readLimitsSettings(rt.ctx, principal));
        }
      });
    });
}
