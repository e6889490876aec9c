import { type Runtime, startRuntime } from '../../src/app.ts';
import { authenticateBearer } from '../../src/modules/identity/index.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { loadConfig } from '../../src/platform/config.ts';
import type { AppContext } from '../../src/platform/context.ts';
import { silentLogger } from '../../src/platform/log.ts';
import type { Principal } from '../../src/platform/principal.ts';
import { TEST_TODAY } from './app.ts';
import { openTestDatabase, testToken } from './db.ts';

/**
 * The service tier: use cases called directly — `(ctx, principal, input)` — on a fresh real database
 * (PGlite, or PostgreSQL with DATABASE_URL), without HTTP. Principals come from real tokens.
 */
export interface ServiceWorld {
  ctx: AppContext;
  /** A principal of a role, resolved from a real token as a request would be. */
  principal(role: string, options?: { tenant?: string; creditorId?: string }): Promise<Principal>;
  close(): Promise<void>;
}

export async function startServiceWorld(): Promise<ServiceWorld> {
  const { database, cleanup } = await openTestDatabase();
  const rt: Runtime = await startRuntime({
    config: loadConfig({ dataDir: '/nonexistent', messaging: {} }),
    log: silentLogger,
    clock: fixedClock(`${TEST_TODAY}T15:00:00Z`),
    jobs: 'none',
    command: 'test',
    database,
  });
  return {
    ctx: rt.ctx,
    async principal(role, options = {}) {
      const principal = await authenticateBearer(database.db, await testToken(database, role, options));
      if (!principal) throw new Error('token recém-criado não autenticou');
      return principal;
    },
    async close() {
      await rt.close();
      await cleanup();
    },
  };
}
