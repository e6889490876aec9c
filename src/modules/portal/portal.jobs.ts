import type { AppContext } from '../../platform/context.ts';
import type { JobDefinition } from '../../platform/jobs.ts';
import { purgeExpiredPortalRecords } from './auth.service.ts';

/**
 * Daily: deletes what the portal no longer needs — expired one-time codes, sessions ended more than 30
 * days ago, old rate-limit counters (auth.service.ts `purgeExpiredPortalRecords`). Idempotent.
 */
export function portalPurgeJob(ctx: AppContext): JobDefinition<Record<string, never>> {
  return {
    name: 'portal.purge',
    retryLimit: 3,
    parse(data) {
      if (data !== undefined && data !== null && (typeof data !== 'object' || Object.keys(data).length > 0))
        throw new Error('payload inválido para portal.purge');
      return {};
    },
    async handle() {
      const purged = await purgeExpiredPortalRecords(ctx);
      ctx.log.info('portal: registros vencidos apagados', purged);
    },
  };
}
