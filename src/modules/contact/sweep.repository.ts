import { type Kysely, sql } from 'kysely';
import type { Schema } from '../../db-schema.ts';
import type { IsoDate } from '../../platform/dates.ts';
import type { CadenceStep } from './cadence.rules.ts';

type Db = Kysely<Schema>;

/**
 * The daily sweep, as set-based SQL: one INSERT … SELECT per cadence step writes the outbox rows of every
 * debtor the step reaches on the date, grouped per debtor and creditor (one consolidated message for
 * several debts), `ON CONFLICT DO NOTHING` on (cadence, step, debtor, creditor, date) so a re-run writes
 * nothing twice. These statements read the portfolio and agreements tables: the one place outside their
 * modules that does, because a million rows cannot go through per-row service calls (CONVENTIONS.md).
 */
export interface SweepStep {
  tenantId: string;
  cadenceId: string;
  creditorId: string | null;
  segment: string | null;
  step: CadenceStep;
  runDate: IsoDate;
  anchorDate: IsoDate;
  notBefore: Date;
  statuses: string[];
}

const amountFilter = (expr: ReturnType<typeof sql>, s: CadenceStep) => {
  const c = s.conditions ?? {};
  return sql`${c.minAmountCents !== undefined ? sql`AND ${expr} >= ${c.minAmountCents}` : sql``}
    ${c.maxAmountCents !== undefined ? sql`AND ${expr} <= ${c.maxAmountCents}` : sql``}`;
};

async function inserted(q: Promise<{ numAffectedRows?: bigint }>): Promise<number> {
  return Number((await q).numAffectedRows ?? 0n);
}

export async function sweepDebtDue(db: Db, s: SweepStep): Promise<number> {
  // The literal lets PostgreSQL use the partial index debts_open_due for the usual case.
  const status =
    s.statuses.length === 1 && s.statuses[0] === 'open'
      ? sql`d.status = 'open'`
      : sql`d.status = ANY(${s.statuses}::text[])`;
  return inserted(
    sql`
    INSERT INTO outbox (tenant_id, debtor_id, creditor_id, cadence_id, step_id, run_date, channel,
      template_id, debt_ids, not_before)
    SELECT d.tenant_id, d.debtor_id, d.creditor_id, ${s.cadenceId}::uuid, ${s.step.id}, ${s.runDate}::date,
      ${s.step.channel}, ${s.step.templateId}::uuid, array_agg(d.id ORDER BY d.id), ${s.notBefore}
    FROM debts d
    WHERE d.tenant_id = ${s.tenantId}::uuid AND ${status} AND d.due_date = ${s.anchorDate}::date
      ${s.creditorId ? sql`AND d.creditor_id = ${s.creditorId}::uuid` : sql``}
      ${s.segment ? sql`AND d.product = ${s.segment}` : sql``}
      ${amountFilter(sql`(d.original_amount_cents - d.paid_cents)`, s.step)}
    GROUP BY d.tenant_id, d.debtor_id, d.creditor_id
    ON CONFLICT DO NOTHING
  `.execute(db),
  );
}

export async function sweepInstallmentDue(db: Db, s: SweepStep): Promise<number> {
  return inserted(
    sql`
    INSERT INTO outbox (tenant_id, debtor_id, creditor_id, cadence_id, step_id, run_date, channel,
      template_id, debt_ids, installment_id, not_before)
    SELECT DISTINCT ON (a.debtor_id, a.creditor_id) a.tenant_id, a.debtor_id, a.creditor_id, ${s.cadenceId}::uuid,
      ${s.step.id}, ${s.runDate}::date, ${s.step.channel}, ${s.step.templateId}::uuid, a.debt_ids, i.id,
      ${s.notBefore}
    FROM agreement_installments i JOIN agreements a ON a.id = i.agreement_id
    WHERE a.tenant_id = ${s.tenantId}::uuid AND i.due_date = ${s.anchorDate}::date AND i.status <> 'paid'
      AND a.status = ANY(${s.statuses}::text[])
      ${s.creditorId ? sql`AND a.creditor_id = ${s.creditorId}::uuid` : sql``}
      ${amountFilter(sql`(i.amount_cents - i.paid_cents)`, s.step)}
    ORDER BY a.debtor_id, a.creditor_id, i.number
    ON CONFLICT DO NOTHING
  `.execute(db),
  );
}

/** Agreement anchors: the day it was created (São Paulo) or the day it broke (lifecycle event). */
export async function sweepAgreement(db: Db, s: SweepStep, anchor: 'created' | 'broken'): Promise<number> {
  const anchorMatches =
    anchor === 'created'
      ? sql`(a.created_at AT TIME ZONE 'America/Sao_Paulo')::date = ${s.anchorDate}::date`
      : sql`EXISTS (SELECT 1 FROM agreement_events e WHERE e.agreement_id = a.id AND e.type = 'agreement.broken'
          AND (e.details->>'date')::date = ${s.anchorDate}::date)`;
  return inserted(
    sql`
    INSERT INTO outbox (tenant_id, debtor_id, creditor_id, cadence_id, step_id, run_date, channel,
      template_id, debt_ids, not_before)
    SELECT DISTINCT ON (a.debtor_id, a.creditor_id) a.tenant_id, a.debtor_id, a.creditor_id, ${s.cadenceId}::uuid,
      ${s.step.id}, ${s.runDate}::date, ${s.step.channel}, ${s.step.templateId}::uuid, a.debt_ids, ${s.notBefore}
    FROM agreements a
    WHERE a.tenant_id = ${s.tenantId}::uuid AND ${anchorMatches}
      AND a.status = ANY(${s.statuses}::text[])
      ${s.creditorId ? sql`AND a.creditor_id = ${s.creditorId}::uuid` : sql``}
      ${amountFilter(sql`a.total_cents`, s.step)}
    ORDER BY a.debtor_id, a.creditor_id, a.created_at DESC
    ON CONFLICT DO NOTHING
  `.execute(db),
  );
}

/**
 * Receipts: payments applied on the anchor date (São Paulo day of paid_at). The outbox key is per
 * debtor, creditor and day, so several payments of one day share one receipt message (naming the first).
 */
export async function sweepPaymentReceived(db: Db, s: SweepStep): Promise<number> {
  return inserted(
    sql`
    INSERT INTO outbox (tenant_id, debtor_id, creditor_id, cadence_id, step_id, run_date, channel,
      template_id, debt_ids, installment_id, payment_id, not_before)
    SELECT DISTINCT ON (a.debtor_id, a.creditor_id) a.tenant_id, a.debtor_id, a.creditor_id, ${s.cadenceId}::uuid,
      ${s.step.id}, ${s.runDate}::date, ${s.step.channel}, ${s.step.templateId}::uuid, a.debt_ids, p.installment_id,
      p.id, ${s.notBefore}
    FROM payments p JOIN agreements a ON a.id = p.agreement_id
    WHERE p.tenant_id = ${s.tenantId}::uuid AND p.status = 'applied'
      AND (p.paid_at AT TIME ZONE 'America/Sao_Paulo')::date = ${s.anchorDate}::date
      AND a.status = ANY(${s.statuses}::text[])
      ${s.creditorId ? sql`AND a.creditor_id = ${s.creditorId}::uuid` : sql``}
      ${amountFilter(sql`p.amount_cents`, s.step)}
    ORDER BY a.debtor_id, a.creditor_id, p.paid_at
    ON CONFLICT DO NOTHING
  `.execute(db),
  );
}
