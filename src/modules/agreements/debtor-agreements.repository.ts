import type { Kysely } from 'kysely';
import type { Schema } from '../../db-schema.ts';

type Db = Kysely<Schema>;

/** Every agreement of one debtor in a tenant, newest first (the debtor's own view on the portal). */
export async function agreementsOfDebtor(db: Db, tenantId: string, debtorId: string) {
  return db
    .selectFrom('agreements')
    .select(['id', 'status', 'creditor_id', 'total_cents', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('debtor_id', '=', debtorId)
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
}

/** A cheap fingerprint of an agreement's payment state: changes whenever a payment lands. */
export async function paymentState(db: Db, agreementId: string) {
  return db
    .selectFrom('agreement_installments')
    .select(({ fn }) => [fn.sum<string>('paid_cents').as('paid'), fn.countAll<string>().as('count')])
    .where('agreement_id', '=', agreementId)
    .executeTakeFirst();
}

export async function setInstallmentDueDate(db: Db, installmentId: string, dueDate: string) {
  await db
    .updateTable('agreement_installments')
    .set({ due_date: dueDate })
    .where('id', '=', installmentId)
    .execute();
}
