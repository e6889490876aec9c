import { agencyRoutes } from './modules/agency/index.ts';
import { agreementLifecycleJob, agreementRoutes } from './modules/agreements/index.ts';
import { balanceRoutes, indexesUpdateJob, seedShippedIndexes } from './modules/balance/index.ts';
import { contactDispatchJob, contactRoutes, contactSweepJob } from './modules/contact/index.ts';
import { creditorRoutes } from './modules/creditors/index.ts';
import { authenticateBearer, identityRoutes, tenantLimitsOf } from './modules/identity/index.ts';
import { negotiationRoutes } from './modules/negotiation/index.ts';
import { paymentsRoutes, pspChargesJob } from './modules/payments/index.ts';
import { createPortal, type PortalOptions, portalPurgeJob } from './modules/portal/index.ts';
import { importJob, portfolioRoutes } from './modules/portfolio/index.ts';
import { settlementRoutes } from './modules/settlement/index.ts';
import { type Clock, systemClock } from './platform/clock.ts';
import { type Config, productionSecretsProblem } from './platform/config.ts';
import type { AppContext } from './platform/context.ts';
import { lockDataDir } from './platform/data-dir-lock.ts';
import { type Database, openDatabase } from './platform/db.ts';
import { AppError } from './platform/errors.ts';
import { type App, createHttpApp } from './platform/http.ts';
import { type JobQueue, startJobQueue } from './platform/jobs.ts';
import type { Logger } from './platform/log.ts';
import { migrate } from './platform/migrate.ts';
import { portalStaticRoutes } from './web-static.ts';

/**
 * Composition root: opens the database (locking an embedded data dir), migrates, starts the job
 * queue and wires every module. `serve`, `worker` and the one-shot CLI commands all start here.
 */
export interface Runtime {
  ctx: AppContext;
  /** Registers the modules' routes on a new HTTP app (not listening). */
  buildHttp(): Promise<App>;
  setPublicUrl(url: string): void;
  /** Waits for the portal's one-time codes still being delivered (tests, shutdown). */
  portalFlush?(): Promise<void>;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  config: Config;
  log: Logger;
  clock?: Clock;
  /** `serve`/`worker`: start pg-boss; `work`: also consume jobs in this process. */
  jobs: 'none' | 'send' | 'work';
  command: string;
  /** Tests pass an already-open database (e.g. from a migrated template). */
  database?: Database;
  /** Portal timing floors and limits (tests shorten them). */
  portal?: PortalOptions;
}

/** Every background job the app defines; the worker consumes all of them. */
export function allJobs(ctx: AppContext) {
  return [
    importJob(ctx),
    agreementLifecycleJob(ctx),
    contactSweepJob(ctx),
    contactDispatchJob(ctx),
    pspChargesJob(ctx),
    indexesUpdateJob(ctx),
    portalPurgeJob(ctx),
  ];
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { config, log } = options;
  // Production never runs on a secret written in the repository, nor with a webhook open to anyone.
  const secretsProblem = productionSecretsProblem(config);
  if (secretsProblem) throw new AppError('CONFIG_INVALID', secretsProblem);
  const lock = options.database || config.databaseUrl ? null : lockDataDir(config.dataDir, options.command);
  let database: Database | undefined;
  let jobs: JobQueue | null = null;
  try {
    database =
      options.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
    const migrated = await migrate(database);
    if (migrated.applied.length > 0) log.info('migrações aplicadas', { applied: migrated.applied });
    const ctx: AppContext = { database, clock: options.clock ?? systemClock, log, config, jobs: null };
    // Every tenant without an IPCA table gets the shipped one (correction would silently count zero).
    await seedShippedIndexes(ctx);
    if (options.jobs !== 'none') {
      jobs = await startJobQueue(database, log);
      ctx.jobs = jobs;
      if (options.jobs === 'work') {
        await jobs.work(allJobs(ctx) as never);
        // Daily at 01:00 in São Paulo: installments late, agreements broken or paid.
        await jobs.schedule(agreementLifecycleJob(ctx), '0 1 * * *', {});
        // The day's cadence messages into the outbox; every minute: send what is due (in window).
        // Hourly from 06:00 to 22:00 (idempotent): same-day anchors — a payment's receipt, a new
        // agreement's welcome — are picked up within the hour, not the next morning.
        await jobs.schedule(contactSweepJob(ctx), '0 6-22 * * *', {});
        await jobs.schedule(contactDispatchJob(ctx), '* * * * *', {});
        // Index tables from IBGE/BCB: IPCA and INPC come out around the 10th, IGP-M at the month's end.
        await jobs.schedule(indexesUpdateJob(ctx), '0 9 12,28 * *', {});
        // Daily at 03:30: expired one-time codes and long-ended portal sessions are deleted.
        await jobs.schedule(portalPurgeJob(ctx), '30 3 * * *', {});
      }
    }
    const db = database;
    const portals: ReturnType<typeof createPortal>[] = [];
    return {
      ctx,
      async portalFlush() {
        await Promise.all(portals.map((p) => p.auth.flush()));
      },
      async buildHttp() {
        const portal = createPortal(ctx, options.portal);
        portals.push(portal);
        const app = await createHttpApp(ctx, {
          staff: (token) => authenticateBearer(db.db, token, ctx.clock.now()),
          portal: portal.authenticate,
          tenantLimits: (tenantId) => tenantLimitsOf(ctx, tenantId),
        });
        app.addHook('onClose', () => portal.auth.flush());
        await app.register(identityRoutes(ctx));
        await app.register(agencyRoutes(ctx));
        await app.register(creditorRoutes(ctx));
        await app.register(portfolioRoutes(ctx));
        await app.register(balanceRoutes(ctx));
        await app.register(negotiationRoutes(ctx));
        await app.register(agreementRoutes(ctx));
        await app.register(paymentsRoutes(ctx));
        await app.register(settlementRoutes(ctx));
        await app.register(contactRoutes(ctx));
        await app.register(portal.routes);
        await portalStaticRoutes(app);
        return app;
      },
      setPublicUrl(url) {
        lock?.setUrl(url);
      },
      async close() {
        await jobs?.stop().catch(() => {});
        if (!options.database) await db.close();
        lock?.release();
      },
    };
  } catch (error) {
    await jobs?.stop().catch(() => {});
    if (database && !options.database) await database.close().catch(() => {});
    lock?.release();
    throw error;
  }
}
