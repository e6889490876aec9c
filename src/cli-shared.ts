import { InvalidArgumentError, Option } from 'commander';
import { type Runtime, startRuntime } from './app.ts';
import { seedShippedIndexes } from './modules/balance/index.ts';
import { cliPrincipal as identityCliPrincipal, type Principal } from './modules/identity/index.ts';
import { type Config, loadConfig } from './platform/config.ts';
import { createLogger } from './platform/log.ts';

/** What every command group of the CLI shares: option parsing, the runtime of a one-shot command, who it acts as. */

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('use um inteiro não negativo');
  return n;
}

export const dataDirOption = () =>
  new Option(
    '--data-dir <dir>',
    'pasta do banco embutido (PGlite); ignorada quando DATABASE_URL está definida',
  ).default('./data');

export function configFrom(opts: { dataDir?: string; port?: number; host?: string }): Config {
  return loadConfig({
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    ...(opts.host ? { host: opts.host } : {}),
  });
}

/** Runs a one-shot command against the database, closing everything afterwards. */
export async function withRuntime<T>(
  config: Config,
  command: string,
  fn: (rt: Runtime) => Promise<T>,
): Promise<T> {
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
export async function cliPrincipal(rt: Runtime, tenantSlug: string): Promise<Principal> {
  const principal = await identityCliPrincipal(rt.ctx.database.db, tenantSlug);
  await seedShippedIndexes(rt.ctx);
  return principal;
}
