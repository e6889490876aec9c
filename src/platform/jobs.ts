import { fromPglite, PgBoss } from 'pg-boss';
import type { Database } from './db.ts';
import type { Logger } from './log.ts';

/**
 * The job queue: pg-boss on the same database as the data (PGlite or PostgreSQL), so a job is
 * visible to every worker process that shares the database. Handlers must be idempotent: pg-boss
 * delivers at least once.
 */
export interface JobDefinition<T> {
  name: string;
  /** Validates a payload read back from the queue (job payloads are an edge like any other). */
  parse(data: unknown): T;
  handle(payload: T, ctx: { jobId: string }): Promise<void>;
  retryLimit?: number;
  expireInSeconds?: number;
}

export interface JobQueue {
  send<T>(job: JobDefinition<T>, payload: T, options?: { singletonKey?: string }): Promise<string | null>;
  /** Runs `job` on a cron schedule (one schedule per name across all processes sharing the queue). */
  schedule<T>(job: JobDefinition<T>, cron: string, payload: T): Promise<void>;
  /** Starts consuming the given jobs in this process. */
  work(jobs: JobDefinition<never>[]): Promise<void>;
  stop(): Promise<void>;
}

export async function startJobQueue(database: Database, log: Logger): Promise<JobQueue> {
  const boss =
    database.raw.kind === 'pglite'
      ? new PgBoss({ db: fromPglite(database.raw.pglite), backend: 'pglite', schema: 'pgboss' })
      : new PgBoss({ connectionString: database.raw.connectionString, schema: 'pgboss', max: 4 });
  boss.on('error', (error: unknown) => log.error('fila de jobs: erro', { error: String(error) }));
  await boss.start();
  const created = new Set<string>();
  const ensureQueue = async (job: JobDefinition<never>) => {
    if (created.has(job.name)) return;
    await boss.createQueue(job.name, {
      retryLimit: job.retryLimit ?? 3,
      retryBackoff: true,
      expireInSeconds: job.expireInSeconds ?? 15 * 60,
    });
    created.add(job.name);
  };
  return {
    async send(job, payload, options) {
      await ensureQueue(job as JobDefinition<never>);
      return boss.send(
        job.name,
        payload as object,
        options?.singletonKey ? { singletonKey: options.singletonKey } : {},
      );
    },
    async schedule(job, cron, payload) {
      await ensureQueue(job as JobDefinition<never>);
      await boss.schedule(job.name, cron, payload as object, { tz: 'America/Sao_Paulo' });
    },
    async work(jobs) {
      for (const job of jobs) {
        await ensureQueue(job);
        await boss.work(job.name, { pollingIntervalSeconds: 1 }, async (batch) => {
          for (const j of batch) {
            const payload = job.parse(j.data);
            log.info(`job ${job.name} iniciado`, { jobId: j.id });
            await job.handle(payload as never, { jobId: j.id });
            log.info(`job ${job.name} concluído`, { jobId: j.id });
          }
        });
      }
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}
