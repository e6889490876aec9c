import { type Kysely, sql } from 'kysely';
import type { Schema } from '../../db-schema.ts';
import type { Principal } from '../identity/index.ts';

type Db = Kysely<Schema>;

/**
 * Read-only views of one debtor's debts, installments and agreements for the contact plan (the same
 * rows the sweep reads in bulk), scoped to the caller's tenant and, for a creditor principal, creditor.
 */
export async function debtor(db: Db, p: Principal, id: string) {
  let q = db
    .selectFrom('debtors')
    .select(['id', 'state'])
    .where('tenant_id', '=', p.tenantId)
    .where('id', '=', id);
  // A creditor sees only the people it has debts with (as in the portfolio's creditor view).
  if (p.creditorId) {
    const creditorId = p.creditorId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('debts')
          .select('debts.id')
          .whereRef('debts.debtor_id', '=', 'debtors.id')
          .where('debts.creditor_id', '=', creditorId),
      ),
    );
  }
  return q.executeTakeFirst();
}

export async function debts(db: Db, p: Principal, debtorId: string) {
  let q = db
    .selectFrom('debts')
    .select([
      'id',
      'creditor_id',
      'due_date',
      'status',
      'product',
      'original_amount_cents',
      'paid_cents',
      'product_type',
      'prescription_interrupted_on',
    ])
    .where('tenant_id', '=', p.tenantId)
    .where('debtor_id', '=', debtorId);
  if (p.creditorId) q = q.where('creditor_id', '=', p.creditorId);
  return q.execute();
}

export async function installments(db: Db, p: Principal, debtorId: string) {
  let q = db
    .selectFrom('agreement_installments as i')
    .innerJoin('agreements as a', 'a.id', 'i.agreement_id')
    .select([
      'a.creditor_id',
      'i.due_date',
      'i.status',
      'a.status as agreement_status',
      'i.amount_cents',
      'i.paid_cents',
    ])
    .where('a.tenant_id', '=', p.tenantId)
    .where('a.debtor_id', '=', debtorId);
  if (p.creditorId) q = q.where('a.creditor_id', '=', p.creditorId);
  return q.execute();
}

export async function agreements(db: Db, p: Principal, debtorId: string) {
  let q = db
    .selectFrom('agreements as a')
    .select([
      'a.creditor_id',
      'a.status',
      'a.total_cents',
      sql<string>`to_char(a.created_at AT TIME ZONE 'America/Sao_Paulo', 'YYYY-MM-DD')`.as('created_date'),
      sql<string | null>`(SELECT e.details->>'date' FROM agreement_events e
        WHERE e.agreement_id = a.id AND e.type = 'agreement.broken' ORDER BY e.id DESC LIMIT 1)`.as(
        'broken_date',
      ),
    ])
    .where('a.tenant_id', '=', p.tenantId)
    .where('a.debtor_id', '=', debtorId);
  if (p.creditorId) q = q.where('a.creditor_id', '=', p.creditorId);
  return q.execute();
}
