import type { Kysely, Selectable } from 'kysely';
import type { CreditorsTable, Schema } from '../../db-schema.ts';
import { dbNow } from '../../platform/db.ts';
import { creditorScopeOf, type Principal } from '../identity/index.ts';
import type { ValidCreditor } from './creditor.rules.ts';

type Db = Kysely<Schema>;
export type CreditorRow = Selectable<CreditorsTable>;

/** Every read is scoped: the caller's tenant, and only its own creditor for a creditor principal. */
function scoped(db: Db, principal: Principal) {
  let q = db.selectFrom('creditors').selectAll().where('tenant_id', '=', principal.tenantId);
  const scope = creditorScopeOf(principal);
  if (scope !== null) q = q.where('id', '=', scope);
  return q;
}

export async function insertCreditor(db: Db, tenantId: string, c: ValidCreditor): Promise<CreditorRow> {
  return db
    .insertInto('creditors')
    .values({
      tenant_id: tenantId,
      name: c.name,
      document: c.document,
      address: JSON.stringify(c.address),
      fine_percent: c.terms.finePercent,
      monthly_interest_percent: c.terms.monthlyInterestPercent,
      remuneratory_interest_percent: c.terms.remuneratoryInterestPercent,
      correction_index: c.terms.correctionIndex,
      fees_percent: c.terms.feesPercent,
      fees_in_contract: c.terms.feesInContract,
      financial_institution: c.terms.financialInstitution,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateCreditor(db: Db, principal: Principal, id: string, c: ValidCreditor) {
  return db
    .updateTable('creditors')
    .set({
      name: c.name,
      document: c.document,
      address: JSON.stringify(c.address),
      fine_percent: c.terms.finePercent,
      monthly_interest_percent: c.terms.monthlyInterestPercent,
      remuneratory_interest_percent: c.terms.remuneratoryInterestPercent,
      correction_index: c.terms.correctionIndex,
      fees_percent: c.terms.feesPercent,
      fees_in_contract: c.terms.feesInContract,
      financial_institution: c.terms.financialInstitution,
      updated_at: dbNow,
    })
    .where('tenant_id', '=', principal.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function findCreditor(
  db: Db,
  principal: Principal,
  id: string,
): Promise<CreditorRow | undefined> {
  return scoped(db, principal).where('id', '=', id).executeTakeFirst();
}

/** A creditor of the tenant, for the agency's own processes (no caller to scope by). */
export async function findCreditorInTenant(db: Db, tenantId: string, id: string) {
  return db
    .selectFrom('creditors')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findCreditorByDocument(db: Db, tenantId: string, document: string) {
  return db
    .selectFrom('creditors')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('document', '=', document)
    .executeTakeFirst();
}

export async function listCreditors(db: Db, principal: Principal, page: { limit: number; offset: number }) {
  const items = await scoped(db, principal)
    .orderBy('name')
    .orderBy('id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const total = await db
    .selectFrom('creditors')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', principal.tenantId)
    .$if(creditorScopeOf(principal) !== null, (q) => q.where('id', '=', creditorScopeOf(principal)!))
    .executeTakeFirstOrThrow();
  return { items, total: Number(total.n) };
}

export async function findCreditorByName(
  db: Db,
  principal: Principal,
  name: string,
): Promise<CreditorRow | undefined> {
  return scoped(db, principal).where('name', '=', name).executeTakeFirst();
}
