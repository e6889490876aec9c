import type { AppContext } from '../../platform/context.ts';
import { isUuid } from '../../platform/ids.ts';
import type { JobDefinition } from '../../platform/jobs.ts';
import { registerPspCharges } from './payments.service.ts';

export interface PspChargesPayload {
  tenantId: string;
  creditorId: string;
  installmentIds: string[];
  /** Prepayments (CDC art. 52 §2º) whose Pix charge is still to be registered. */
  prepaymentIds?: string[];
}

/**
 * Registers at the PSP the charges still missing (settings saved after the agreement, or a PSP that
 * was down when it was accepted). Queued by the agreement view, so a GET never waits on — or sends
 * credentials to — the PSP. Idempotent: only charges without a location are registered.
 */
export function pspChargesJob(ctx: AppContext): JobDefinition<PspChargesPayload> {
  return {
    name: 'payments.register-psp',
    retryLimit: 5,
    parse(data) {
      const d = (data ?? {}) as Record<string, unknown>;
      const ids = d.installmentIds;
      if (
        typeof d.tenantId !== 'string' ||
        !isUuid(d.tenantId) ||
        typeof d.creditorId !== 'string' ||
        !isUuid(d.creditorId) ||
        !Array.isArray(ids) ||
        ids.length > 1000 ||
        !ids.every((i) => typeof i === 'string' && isUuid(i))
      ) {
        throw new Error('payload inválido para payments.register-psp');
      }
      const pre = d.prepaymentIds ?? [];
      if (!Array.isArray(pre) || pre.length > 1000 || !pre.every((i) => typeof i === 'string' && isUuid(i))) {
        throw new Error('payload inválido para payments.register-psp');
      }
      return {
        tenantId: d.tenantId,
        creditorId: d.creditorId,
        installmentIds: ids as string[],
        prepaymentIds: pre as string[],
      };
    },
    async handle(payload) {
      await registerPspCharges(
        ctx,
        { tenantId: payload.tenantId, creditorId: payload.creditorId },
        payload.installmentIds,
        payload.prepaymentIds ?? [],
      );
    },
  };
}
