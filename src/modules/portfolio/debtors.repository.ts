import type { Kysely } from 'kysely';
import type { Schema } from '../../db-schema.ts';
import type { Principal } from '../identity/index.ts';

type Db = Kysely<Schema>;

const DEBTOR_COLUMNS = [
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
] as const;

/**
 * Debtors of the caller's tenant; a creditor principal sees only debtors that have a debt with it
 * (the debtor record is shared by the tenant's creditors, their debts are not).
 */
function visibleDebtors(db: Db, principal: Principal) {
  let q = db.selectFrom('debtors').where('debtors.tenant_id', '=', principal.tenantId);
  if (principal.role === 'creditor') {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('debts')
          .select('debts.id')
          .whereRef('debts.debtor_id', '=', 'debtors.id')
          .where('debts.creditor_id', '=', principal.creditorId!),
      ),
    );
  }
  return q;
}

export async function listDebtors(
  db: Db,
  principal: Principal,
  filter: { document?: string; limit: number; offset: number },
) {
  let q = visibleDebtors(db, principal);
  if (filter.document) q = q.where('debtors.document', '=', filter.document);
  const items = await q
    .select(DEBTOR_COLUMNS)
    .orderBy('debtors.name')
    .orderBy('debtors.id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { items, total: Number(total.n) };
}

export async function findDebtor(db: Db, principal: Principal, id: string) {
  return visibleDebtors(db, principal).select(DEBTOR_COLUMNS).where('debtors.id', '=', id).executeTakeFirst();
}

function visibleDebts(db: Db, principal: Principal) {
  let q = db.selectFrom('debts').where('debts.tenant_id', '=', principal.tenantId);
  if (principal.role === 'creditor') q = q.where('debts.creditor_id', '=', principal.creditorId!);
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

export async function countPortfolio(db: Db, tenantId?: string) {
  const q = db.selectFrom('debts').select((eb) => eb.fn.countAll<number>().as('n'));
  const row = await (tenantId ? q.where('tenant_id', '=', tenantId) : q).executeTakeFirstOrThrow();
  return Number(row.n);
}
