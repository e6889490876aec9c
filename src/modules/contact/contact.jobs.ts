import type { AppContext } from '../../platform/context.ts';
import { isIsoDate } from '../../platform/dates.ts';
import type { JobDefinition } from '../../platform/jobs.ts';
import { refuseFutureRunDate } from '../../platform/run-date.ts';
import { adaptersFor } from './adapters.ts';
import { dispatchDue } from './dispatch.service.ts';
import { sweepDay } from './sweep.service.ts';

/** The sweep (hourly 06:00–22:00 in São Paulo, idempotent): writes the day's cadence messages into the outbox. */
export function contactSweepJob(ctx: AppContext): JobDefinition<{ date?: string }> {
  return {
    name: 'contact.sweep',
    retryLimit: 3,
    parse(data) {
      const d = (data ?? {}) as { date?: unknown };
      if (d.date !== undefined && (typeof d.date !== 'string' || !isIsoDate(d.date))) {
        throw new Error('payload inválido para contact.sweep');
      }
      return d.date ? { date: d.date } : {};
    },
    async handle({ date }) {
      const today = ctx.clock.today();
      // Messages written for a future day would go out early: only today or a missed past day.
      if (date) refuseFutureRunDate(date, today);
      await sweepDay(ctx, date ?? today);
    },
  };
}

/**
 * Every minute: drain due messages. Any number of worker processes run it at once; the outbox claim
 * (FOR UPDATE SKIP LOCKED) gives each message to exactly one of them.
 */
export function contactDispatchJob(ctx: AppContext): JobDefinition<Record<string, never>> {
  const adapters = adaptersFor(ctx.config.messaging);
  return {
    name: 'contact.dispatch',
    retryLimit: 0,
    expireInSeconds: 15 * 60,
    parse: () => ({}),
    async handle() {
      await dispatchDue(ctx, {
        adapters,
        portalUrl: ctx.config.publicUrl,
        linkSecret: ctx.config.linkSecrets,
      });
    },
  };
}
