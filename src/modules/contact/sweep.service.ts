import type { Kysely } from 'kysely';
import type { Schema } from '../../db-schema.ts';
import { saoPauloMidnight } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import type { IsoDate } from '../../platform/dates.ts';
import { anchorDateFor, type CadenceStep, defaultStatuses } from './cadence.rules.ts';
import * as repo from './contact.repository.ts';
import {
  type SweepStep,
  sweepAgreement,
  sweepDebtDue,
  sweepInstallmentDue,
  sweepPaymentReceived,
} from './sweep.repository.ts';

type Db = Kysely<Schema>;

export interface SweepSummary {
  date: IsoDate;
  cadences: number;
  steps: number;
  written: number;
}

/**
 * The daily sweep for `date`: every active cadence step writes its messages into the outbox in one
 * set-based statement (see sweep.repository.ts). Idempotent: re-running the day writes nothing new.
 */
export async function sweepDay(ctx: AppContext, date: IsoDate): Promise<SweepSummary> {
  const db = ctx.database.db;
  const summary: SweepSummary = { date, cadences: 0, steps: 0, written: 0 };
  for (const tenantId of await repo.tenantsWithActiveCadences(db)) {
    for (const cadence of await repo.listCadences(db, tenantId, true)) {
      summary.cadences += 1;
      for (const step of cadence.steps as CadenceStep[]) {
        const written = await sweepStep(db, {
          tenantId,
          cadenceId: cadence.id,
          creditorId: cadence.creditor_id,
          segment: cadence.segment,
          step,
          runDate: date,
          anchorDate: anchorDateFor(step, date),
          notBefore: saoPauloMidnight(date),
          statuses: step.conditions?.statuses ?? defaultStatuses(step.anchor),
        });
        summary.steps += 1;
        summary.written += written;
      }
    }
  }
  ctx.log.info('régua: mensagens do dia gravadas', { ...summary });
  return summary;
}

async function sweepStep(db: Db, s: SweepStep): Promise<number> {
  // Days overdue of a debt-anchored step are its offset, so that condition is decided here once;
  // statuses and amounts are filtered in the SQL.
  const { minDaysOverdue, maxDaysOverdue } = s.step.conditions ?? {};
  const days = s.step.offsetDays;
  if (
    s.step.anchor === 'debt_due' &&
    ((minDaysOverdue !== undefined && days < minDaysOverdue) ||
      (maxDaysOverdue !== undefined && days > maxDaysOverdue))
  ) {
    return 0;
  }
  switch (s.step.anchor) {
    case 'debt_due':
      return sweepDebtDue(db, s);
    case 'installment_due':
      return sweepInstallmentDue(db, s);
    case 'agreement_created':
      return sweepAgreement(db, s, 'created');
    case 'agreement_broken':
      return sweepAgreement(db, s, 'broken');
    case 'payment_received':
      return sweepPaymentReceived(db, s);
    case 'promise':
      // No promise-to-pay records exist yet (they come with the debtor portal): nothing to anchor on.
      return 0;
  }
}
