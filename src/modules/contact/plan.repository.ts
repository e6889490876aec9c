import { type Kysely, sql } from 'kysely';
import type { Schema } from '../../db-schema.ts';
import type { Principal } from '../identity/index.ts';

type Db = Kysely<Schema>;

/**
 * Read-only views of one debtor's installments and agreements for the contact plan (the same
 * rows the sweep reads in bulk), scoped to the caller's tenant and, for a creditor principal, creditor.
 */
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
