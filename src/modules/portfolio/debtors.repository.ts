import { type Kysely, type Selectable, sql } from 'kysely';
import type { DebtorsTable, Schema } from '../../db-schema.ts';
import { dbNow, type Tx } from '../../platform/db.ts';
import { creditorScopeOf, type Principal } from '../identity/index.ts';

type Db = Kysely<Schema>;

/** A debtor as the caller may see it (for a creditor principal, names and contacts are its own). */
export type DebtorRow = Omit<Selectable<DebtorsTable>, 'tenant_id' | 'source_creditor_id'>;

interface DebtorFilter {
  id?: string;
  document?: string;
}

/**
 * Debtors of the caller's tenant. Staff see the agency's merged record. A creditor principal sees
 * only debtors it sent, and only what it sent itself (names and contacts from `creditor_debtors`):
 * one creditor of an agency never learns what another creditor knows about the same person.
 */
function visibleDebtors(db: Db, principal: Principal, filter: DebtorFilter) {
  const scope = creditorScopeOf(principal);
  if (scope !== null) {
    let q = db
      .selectFrom('creditor_debtors as cd')
      .innerJoin('debtors', 'debtors.id', 'cd.debtor_id')
      .where('cd.tenant_id', '=', principal.tenantId)
      .where('debtors.tenant_id', '=', principal.tenantId)
      .where('cd.creditor_id', '=', scope);
    if (filter.id) q = q.where('debtors.id', '=', filter.id);
    if (filter.document) q = q.where('debtors.document', '=', filter.document);
    return q.select([
      'debtors.id',
      'debtors.document',
      'debtors.document_kind',
      'cd.name',
      'cd.birth_date',
      'cd.email',
      'cd.phone',
      'cd.state',
      'cd.city',
      // When this creditor first sent the person, not when the agency first knew them (that would tell
      // the creditor another creditor has the same debtor).
      'cd.created_at',
      'cd.updated_at',
    ]);
  }
  let q = db.selectFrom('debtors').where('debtors.tenant_id', '=', principal.tenantId);
  if (filter.id) q = q.where('debtors.id', '=', filter.id);
  if (filter.document) q = q.where('debtors.document', '=', filter.document);
  return q.select([
    'debtors.id',
    'debtors.document',
    'debtors.document_kind',
    'debtors.name',
    'debtors.birth_date',
    'debtors.email',
    'debtors.phone',
    'debtors.state',
    'debtors.city',
    'debtors.created_at',
    'debtors.updated_at',
  ]);
}

export async function listDebtors(
  db: Db,
  principal: Principal,
  filter: { document?: string; limit: number; offset: number },
): Promise<{ items: DebtorRow[]; total: number }> {
  const q = visibleDebtors(db, principal, filter);
  const items = await q.orderBy('name').orderBy('id').limit(filter.limit).offset(filter.offset).execute();
  const total = await db
    .selectFrom(q.as('v'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { items: items as DebtorRow[], total: Number(total.n) };
}

export async function findDebtor(db: Db, principal: Principal, id: string): Promise<DebtorRow | undefined> {
  return (await visibleDebtors(db, principal, { id }).executeTakeFirst()) as DebtorRow | undefined;
}

/**
 * A debtor as the agency knows them (the name a message greets, the state that sets the contact window,
 * the e-mail and phone messages go to), when the principal may see them by the one visibility rule above: the contact
 * module decides and sends on the agency's record whoever asks.
 */
export async function findDebtorForContact(db: Db, principal: Principal, id: string) {
  const visible = await findDebtor(db, principal, id);
  if (!visible) return undefined;
  if (creditorScopeOf(principal) === null) {
    return {
      id: visible.id,
      name: visible.name,
      state: visible.state,
      city: visible.city,
      email: visible.email,
      phone: visible.phone,
    };
  }
  return db
    .selectFrom('debtors')
    .select(['id', 'name', 'state', 'city', 'email', 'phone'])
    .where('tenant_id', '=', principal.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Debtors with this phone (E.164) or e-mail from any source — a creditor's import, the debtor, an
 * agent — in any tenant (inbound replies).
 */
export async function debtorsByContact(db: Db, contact: string) {
  const lower = contact.toLowerCase();
  const r = await sql<{ id: string; tenant_id: string }>`
    SELECT d.id, d.tenant_id FROM debtors d WHERE d.id IN (
      SELECT cd.debtor_id FROM creditor_debtors cd WHERE cd.phone = ${contact} OR lower(cd.email) = ${lower}
      UNION SELECT c.debtor_id FROM debtor_contacts c WHERE lower(c.value) = ${lower})`.execute(db);
  return r.rows;
}

function visibleDebts(db: Db, principal: Principal) {
  let q = db.selectFrom('debts').where('debts.tenant_id', '=', principal.tenantId);
  const scope = creditorScopeOf(principal);
  if (scope !== null) q = q.where('debts.creditor_id', '=', scope);
  return q;
}

export async function listDebtsOfDebtor(db: Db, principal: Principal, debtorId: string) {
  return visibleDebts(db, principal)
    .selectAll('debts')
    .where('debts.debtor_id', '=', debtorId)
    .orderBy('debts.due_date')
    .orderBy('debts.id')
    .execute();
}

export async function findDebt(db: Db, principal: Principal, id: string) {
  return visibleDebts(db, principal).selectAll('debts').where('debts.id', '=', id).executeTakeFirst();
}

/**
 * Debts by id, with the debtor's state and city (the agency's record): the balance moves a due date
 * that falls on a local holiday (Código Civil art. 132 §1º).
 */
export async function findDebts(db: Db, principal: Principal, ids: string[]) {
  return debtsWithPlace(visibleDebts(db, principal), ids);
}

/**
 * The same rows for the agency's own processes (the dispatcher pricing a message): there is no caller
 * to scope by, so only the tenant.
 */
export async function findDebtsInTenant(db: Db, tenantId: string, ids: string[]) {
  return debtsWithPlace(db.selectFrom('debts').where('debts.tenant_id', '=', tenantId), ids);
}

async function debtsWithPlace(q: ReturnType<typeof visibleDebts>, ids: string[]) {
  if (ids.length === 0) return [];
  return q
    .innerJoin('debtors', 'debtors.id', 'debts.debtor_id')
    .selectAll('debts')
    .select(['debtors.state as debtor_state', 'debtors.city as debtor_city'])
    .where('debts.id', 'in', ids)
    .execute();
}

export async function countPortfolio(db: Db, tenantId?: string) {
  const q = db.selectFrom('debts').select((eb) => eb.fn.countAll<number>().as('n'));
  const row = await (tenantId ? q.where('tenant_id', '=', tenantId) : q).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Moves open debts into an agreement inside the caller's transaction; returns the debts that moved
 * (with how many agreements on each broke before), so the caller can refuse (and roll back) when one
 * was no longer open or the renegotiation limit is passed.
 */
export async function moveDebtsToAgreement(
  db: Tx,
  tenantId: string,
  debtIds: string[],
): Promise<{ debtId: string; brokenAgreements: number }[]> {
  const rows = await db
    .updateTable('debts')
    .set({ status: 'in_agreement', updated_at: dbNow })
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', debtIds)
    .where('status', '=', 'open')
    .returning(['id', 'broken_agreements'])
    .execute();
  return rows.map((r) => ({ debtId: r.id, brokenAgreements: r.broken_agreements }));
}

/** Principal still owed per debt (original amount minus what broken agreements collected). */
export async function principalsOf(db: Db, tenantId: string, debtIds: string[]) {
  const rows = await db
    .selectFrom('debts')
    .select(['id', 'original_amount_cents', 'paid_cents'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', debtIds)
    .execute();
  return debtIds.map((id) => {
    const r = rows.find((x) => x.id === id);
    return { debtId: id, principalCents: r ? r.original_amount_cents - r.paid_cents : 0 };
  });
}

/** A broken agreement gives its debts back, with what was paid deducted from their principal. */
export async function reopenDebtsAfterBreak(
  db: Db,
  tenantId: string,
  deductions: { debtId: string; deductCents: number }[],
): Promise<void> {
  for (const d of deductions) {
    await db
      .updateTable('debts')
      .set((eb) => ({
        status: 'open',
        paid_cents: eb('paid_cents', '+', d.deductCents),
        broken_agreements: eb('broken_agreements', '+', 1),
        updated_at: dbNow,
      }))
      .where('tenant_id', '=', tenantId)
      .where('id', '=', d.debtId)
      .where('status', '=', 'in_agreement')
      .execute();
  }
}

/**
 * A payment that arrives on a broken agreement still counts: it is deducted from the debts' principal
 * (whatever their status now), so it is never charged again.
 */
export async function deductFromDebts(
  db: Db,
  tenantId: string,
  deductions: { debtId: string; deductCents: number }[],
): Promise<void> {
  for (const d of deductions) {
    if (d.deductCents === 0) continue;
    await db
      .updateTable('debts')
      .set((eb) => ({ paid_cents: eb('paid_cents', '+', d.deductCents), updated_at: dbNow }))
      .where('tenant_id', '=', tenantId)
      .where('id', '=', d.debtId)
      .execute();
  }
}

/**
 * An agreement cancelled within the 7 days of CDC art. 49: its debts go back to open as they were, with
 * no penalty and no broken-agreement count (the consumer withdrew; nothing broke).
 */
export async function reopenDebtsAfterCancellation(
  db: Db,
  tenantId: string,
  debtIds: string[],
): Promise<void> {
  if (debtIds.length === 0) return;
  await db
    .updateTable('debts')
    .set({ status: 'open', updated_at: dbNow })
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', debtIds)
    .where('status', 'in', ['in_agreement', 'settled'])
    .execute();
}

export async function settleDebts(db: Db, tenantId: string, debtIds: string[]): Promise<void> {
  await db
    .updateTable('debts')
    .set({ status: 'settled', updated_at: dbNow })
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', debtIds)
    .where('status', '=', 'in_agreement')
    .execute();
}

/** Records (or replaces) the lawyer acting on a debt; null removes it. Returns the updated row. */
export async function setDebtLawyer(
  db: Db,
  principal: Principal,
  debtId: string,
  lawyer: { name: string; oab: string; assignedOn: string } | null,
) {
  let q = db
    .updateTable('debts')
    .set({
      lawyer_name: lawyer?.name ?? null,
      lawyer_oab: lawyer?.oab ?? null,
      lawyer_assigned_on: lawyer?.assignedOn ?? null,
      updated_at: dbNow,
    })
    .where('tenant_id', '=', principal.tenantId)
    .where('id', '=', debtId);
  const scope = creditorScopeOf(principal);
  if (scope !== null) q = q.where('creditor_id', '=', scope);
  return q.returningAll().executeTakeFirst();
}

/**
 * An acknowledgment of the debt (an accepted agreement, a partial payment) interrupts prescription —
 * once (Código Civil art. 202 caput and VI): only the first one is kept. Whether it came before the term
 * ran out is the balance module's rule (an acknowledgment after it is no interruption).
 */
export async function recordAcknowledgment(
  db: Db,
  tenantId: string,
  debtIds: string[],
  on: string,
): Promise<void> {
  if (debtIds.length === 0) return;
  await db
    .updateTable('debts')
    .set({ prescription_interrupted_on: on })
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', debtIds)
    .where('prescription_interrupted_on', 'is', null)
    .where('due_date', '<=', on)
    .execute();
}
