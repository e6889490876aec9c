import type { AppContext } from '../../platform/context.ts';
import { isIsoDate } from '../../platform/dates.ts';
import type { JobDefinition } from '../../platform/jobs.ts';
import { refuseFutureRunDate } from '../../platform/run-date.ts';
import { runAgreementLifecycle } from './lifecycle.service.ts';

export interface LifecyclePayload {
  /** The day to evaluate; the scheduled run sends none and means today (São Paulo). */
  date?: string;
}

/** The daily lifecycle run (late, cured, broken, paid). Idempotent for a date: see the service. */
export function agreementLifecycleJob(ctx: AppContext): JobDefinition<LifecyclePayload> {
  return {
    name: 'agreements.lifecycle',
    retryLimit: 3,
    parse(data) {
      const d = (data ?? {}) as { date?: unknown };
      // The scheduled run sends `{}` (today); a queued catch-up run names its date.
      if (d.date !== undefined && (typeof d.date !== 'string' || !isIsoDate(d.date)))
        throw new Error('payload inválido para agreements.lifecycle');
      return d.date ? { date: d.date } : {};
    },
    async handle({ date }, { jobId }) {
      const today = ctx.clock.today();
      if (date) refuseFutureRunDate(date, today);
      await runAgreementLifecycle(ctx, date ?? today, `job:${jobId}`);
    },
  };
}
