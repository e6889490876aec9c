import type { AppContext } from '../../platform/context.ts';
import type { IsoDate } from '../../platform/dates.ts';
import type { Tx } from '../../platform/db.ts';
import { principalsOf, reopenDebtsAfterBreak, settleDebts } from '../portfolio/index.ts';
import * as repo from './agreement.repository.ts';
import { allocatePaidOnBreak, evaluateAgreement, type LifecycleEvent } from './lifecycle.rules.ts';

export interface LifecycleSummary {
  date: IsoDate;
  checked: number;
  late: number;
  cured: number;
  broken: number;
  paid: number;
  /** True when nothing was written: what the run would have changed on `date`. */
  dryRun: boolean;
  /** Each agreement that changed (or would change), with its events, in order. */
  changes: { agreementId: string; events: LifecycleEvent[] }[];
}

/** Thrown inside a dry run's transaction to roll back what was just computed and applied. */
class DryRunRollback extends Error {
  constructor(readonly events: LifecycleEvent[]) {
    super('dry run');
  }
}

const PAGE = 500;

type AgreementHead = {
  id: string;
  tenant_id: string;
  status: string;
  grace_days: number;
  debt_ids: string[];
};

/**
 * Evaluates one agreement on `date` and applies what changed, in the caller's transaction: installment
 * statuses, the agreement's status (guarded by its current one, so two runs never apply a change twice),
 * settled debts when paid, restored debts when broken, and an event for each change. Returns the events.
 * Used by the daily job and, at once, after every payment.
 */
export async function applyLifecycle(
  trx: Tx,
  a: AgreementHead,
  date: IsoDate,
  actor: string,
): Promise<LifecycleEvent[]> {
  if (a.status !== 'active') return [];
  // Decide on the locked, current agreement: a payment committed since the caller listed it counts.
  const current = await repo.lockAgreement(trx, a.id);
  if (current.status !== 'active') return [];
  const installments = await repo.listInstallments(trx, a.id);
  const result = evaluateAgreement(
    {
      status: 'active',
      graceDays: a.grace_days,
      installments: installments.map((i) => ({
        id: i.id,
        number: i.number,
        dueDate: i.due_date,
        amountCents: i.amount_cents,
        paidCents: i.paid_cents,
        reductionCents: i.reduction_cents,
        status: i.status,
      })),
    },
    date,
  );
  if (result.events.length === 0) return [];
  if (result.status !== 'active' && !(await repo.transitionAgreement(trx, a.id, 'active', result.status))) {
    return [];
  }
  for (const i of result.installments) {
    const before = installments.find((x) => x.id === i.id);
    if (before && before.status !== i.status) await repo.setInstallmentStatus(trx, i.id, i.status);
  }
  if (result.status === 'paid') await settleDebts(trx, a.tenant_id, a.debt_ids);
  for (const e of result.events) {
    const { type, ...details } = e;
    await repo.insertEvent(trx, { agreementId: a.id, type, actor, details: { ...details, date } });
  }
  if (result.status === 'broken') {
    const paidCents = installments.reduce((s, i) => s + i.paid_cents, 0);
    const allocation = allocatePaidOnBreak(paidCents, await principalsOf(trx, a.tenant_id, a.debt_ids));
    await reopenDebtsAfterBreak(trx, a.tenant_id, allocation.deductions);
    await repo.insertEvent(trx, {
      agreementId: a.id,
      type: 'debts.restored',
      actor,
      details: {
        paidCents,
        deductions: allocation.deductions,
        unallocatedCents: allocation.unallocatedCents,
      },
    });
  }
  return result.events;
}

/**
 * Applies the lifecycle on `date` to every active agreement, each in its own transaction, so re-running
 * a day (or two workers at once) applies nothing twice. With `dryRun`, each agreement's transaction
 * is rolled back after the same computation, so the summary says exactly what the date would change
 * and nothing is written. Callers that take a date from a person refuse future dates before calling
 * (`refuseFutureRunDate` in platform/run-date.ts): a break cannot be undone.
 */
export async function runAgreementLifecycle(
  ctx: AppContext,
  date: IsoDate,
  actor: string,
  options: { dryRun?: boolean } = {},
): Promise<LifecycleSummary> {
  const db = ctx.database.db;
  const dryRun = options.dryRun === true;
  const summary: LifecycleSummary = {
    date,
    checked: 0,
    late: 0,
    cured: 0,
    broken: 0,
    paid: 0,
    dryRun,
    changes: [],
  };
  let after: string | null = null;
  for (;;) {
    const page = await repo.listActiveAgreements(db, after, PAGE);
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    for (const a of page) {
      summary.checked += 1;
      const events = dryRun
        ? await db
            .transaction()
            .execute(async (trx) => {
              throw new DryRunRollback(await applyLifecycle(trx, a, date, actor));
            })
            .catch((error: unknown) => {
              if (error instanceof DryRunRollback) return error.events;
              throw error;
            })
        : await db.transaction().execute((trx) => applyLifecycle(trx, a, date, actor));
      if (events.length > 0) summary.changes.push({ agreementId: a.id, events });
      for (const e of events) {
        if (e.type === 'installment.late') summary.late += 1;
        if (e.type === 'installment.cured') summary.cured += 1;
        if (e.type === 'agreement.broken') summary.broken += 1;
        if (e.type === 'agreement.paid') summary.paid += 1;
      }
    }
  }
  const { changes: _changes, ...counts } = summary;
  ctx.log.info('ciclo de vida dos acordos', { ...counts, changed: summary.changes.length });
  return summary;
}
