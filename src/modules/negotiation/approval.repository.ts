import type { Kysely } from 'kysely';
import type { Schema } from '../../db-schema.ts';

type Db = Kysely<Schema>;

export async function insertApproval(
  db: Db,
  a: {
    tenantId: string;
    creditorId: string;
    debtorId: string;
    reason: string;
    extraDiscountPercent: number;
    proposal: unknown;
    offer: unknown;
    offerDate: string;
    requestedBy: string;
  },
): Promise<string> {
  const row = await db
    .insertInto('approvals')
    .values({
      tenant_id: a.tenantId,
      creditor_id: a.creditorId,
      debtor_id: a.debtorId,
      reason: a.reason,
      extra_discount_percent: a.extraDiscountPercent,
      proposal: JSON.stringify(a.proposal),
      offer: JSON.stringify(a.offer),
      offer_date: a.offerDate,
      requested_by: a.requestedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listApprovals(
  db: Db,
  scope: { tenantId: string; creditorId: string | null },
  status?: string,
) {
  let q = db.selectFrom('approvals').selectAll().where('tenant_id', '=', scope.tenantId);
  if (scope.creditorId) q = q.where('creditor_id', '=', scope.creditorId);
  if (status) q = q.where('status', '=', status as 'pending');
  return q.orderBy('created_at').orderBy('id').limit(500).execute();
}

export async function findApproval(db: Db, tenantId: string, id: string) {
  return db
    .selectFrom('approvals')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Decides a pending approval; undefined when it was already decided (one decision wins). */
export async function decideApproval(
  db: Db,
  tenantId: string,
  id: string,
  d: {
    status: 'approved' | 'rejected';
    decidedBy: string;
    decidedAt: Date;
    note: string | null;
    offerId: string | null;
  },
) {
  return db
    .updateTable('approvals')
    .set({
      status: d.status,
      decided_by: d.decidedBy,
      decided_at: d.decidedAt,
      decision_note: d.note,
      offer_id: d.offerId,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
}
