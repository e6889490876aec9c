import type { AppContext } from '../../platform/context.ts';
import { isIsoDate } from '../../platform/dates.ts';
import type { JobDefinition } from '../../platform/jobs.ts';
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
      const d = (data ?? {}) as Partial<LifecyclePayload>;
      if (typeof d.date !== 'string' || !isIsoDate(d.date))
        throw new Error('payload inválido para agreements.lifecycle');
      return { date: d.date };
    },
    async handle({ date }, { jobId }) {
      await runAgreementLifecycle(ctx, date ?? ctx.clock.today(), `job:${jobId}`);
    },
  };
}
