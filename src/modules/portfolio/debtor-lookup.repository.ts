import type { Kysely } from 'kysely';
import type { Schema } from '../../db-schema.ts';
import { dbNow } from '../../platform/db.ts';

type Db = Kysely<Schema>;

/** The debtor with this document in a tenant (the portal's identification), or undefined. */
export async function findDebtorByDocument(db: Db, tenantId: string, document: string) {
  return db
    .selectFrom('debtors')
    .select(['id', 'tenant_id', 'name', 'document', 'document_kind', 'birth_date', 'state', 'city'])
    .where('tenant_id', '=', tenantId)
    .where('document', '=', document)
    .executeTakeFirst();
}

export async function findDebtorById(db: Db, id: string) {
  return db
    .selectFrom('debtors')
    .select(['id', 'tenant_id', 'name', 'document', 'document_kind', 'birth_date', 'state', 'city'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * The contacts and birth dates each creditor supplied about this debtor (creditor_debtors). Only what a
 * creditor of the person's own debts sent counts for the portal's one-time code; the agency's merged
 * row can be overwritten by another creditor's import (issue 10 item 2).
 */
export async function creditorSuppliedFacts(db: Db, tenantId: string, debtorId: string) {
  return db
    .selectFrom('creditor_debtors')
    .select(['creditor_id', 'phone', 'email', 'birth_date', 'updated_at'])
    .where('tenant_id', '=', tenantId)
    .where('debtor_id', '=', debtorId)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('debts')
          .select('debts.id')
          .whereRef('debts.debtor_id', '=', 'creditor_debtors.debtor_id')
          .whereRef('debts.creditor_id', '=', 'creditor_debtors.creditor_id'),
      ),
    )
    .orderBy('updated_at', 'desc')
    .execute();
}

/** What these creditors supplied about the person (their own rows), the most recent first. */
export async function creditorRowsOf(
  db: Db,
  tenantId: string,
  debtorId: string,
  creditorIds: readonly string[],
) {
  if (creditorIds.length === 0) return [];
  return db
    .selectFrom('creditor_debtors')
    .select(['creditor_id', 'name', 'birth_date', 'email', 'phone', 'state', 'city', 'updated_at'])
    .where('tenant_id', '=', tenantId)
    .where('debtor_id', '=', debtorId)
    .where('creditor_id', 'in', [...creditorIds])
    .orderBy('updated_at', 'desc')
    .orderBy('creditor_id')
    .execute();
}

/** The creditor whose import created the agency's record of the person (debtors.source_creditor_id). */
export async function recordOwnerOf(db: Db, tenantId: string, debtorId: string): Promise<string | null> {
  const row = await db
    .selectFrom('debtors')
    .select('source_creditor_id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', debtorId)
    .executeTakeFirst();
  return row?.source_creditor_id ?? null;
}

/** "Não reconheço": the debt leaves collection at once (only an open debt; returns whether it moved). */
export async function markDebtDisputed(db: Db, tenantId: string, debtorId: string, debtId: string) {
  const row = await db
    .updateTable('debts')
    .set({ status: 'disputed', updated_at: dbNow })
    .where('tenant_id', '=', tenantId)
    .where('debtor_id', '=', debtorId)
    .where('id', '=', debtId)
    .where('status', '=', 'open')
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
