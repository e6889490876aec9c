import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Database } from './db.ts';
import type { JobQueue } from './jobs.ts';
import type { Logger } from './log.ts';
import type { HostResolver } from './outbound.ts';

/** Everything a use case may need from the outside world, built once in the composition root. */
export interface AppContext {
  database: Database;
  clock: Clock;
  log: Logger;
  config: Config;
  /** Null in one-shot CLI commands that enqueue nothing. */
  jobs: JobQueue | null;
  /** Resolves names of servers a tenant configures (the PSP); tests stub it, nothing resolves for real. */
  resolver?: HostResolver;
}
