import type { Kysely } from 'kysely';
import type { Schema } from '../../db-schema.ts';
import { AppError, notFound, validationFailed } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { actorOf, can, canAccessCreditor, type Principal, recordAudit } from '../identity/index.ts';
import * as repo from './creditor.repository.ts';
import { type ContractTerms, type CreditorAddress, validateCreditorInput } from './creditor.rules.ts';
import type { CreditorInput } from './creditor.schemas.ts';

type Db = Kysely<Schema>;

/** A creditor as the API and other modules see it (percents as numbers). */
export interface Creditor {
  id: string;
  name: string;
  document: string;
  address: CreditorAddress;
  terms: Omit<
    ContractTerms,
    'finePercent' | 'monthlyInterestPercent' | 'remuneratoryInterestPercent' | 'feesPercent'
  > & {
    /** null = not agreed. */
    finePercent: number | null;
    monthlyInterestPercent: number | null;
    remuneratoryInterestPercent: number | null;
    feesPercent: number;
    /** The creditor chose not to charge correction (correctionIndex 'none'). */
    correctionWaived: boolean;
  };
  financialInstitution: boolean;
  createdAt: string;
}

export function toCreditor(row: repo.CreditorRow): Creditor {
  return {
    id: row.id,
    name: row.name,
    document: row.document,
    address: row.address as CreditorAddress,
    terms: {
      finePercent: row.fine_percent === null ? null : Number(row.fine_percent),
      monthlyInterestPercent:
        row.monthly_interest_percent === null ? null : Number(row.monthly_interest_percent),
      remuneratoryInterestPercent:
        row.remuneratory_interest_percent === null ? null : Number(row.remuneratory_interest_percent),
      correctionIndex: row.correction_index,
      correctionWaived: row.correction_index === 'none',
      feesPercent: Number(row.fees_percent),
      feesInContract: row.fees_in_contract,
      financialInstitution: row.financial_institution,
    },
    financialInstitution: row.financial_institution,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

function requireWrite(principal: Principal) {
  if (!can(principal, 'creditors:write')) {
    throw new AppError('FORBIDDEN', 'Seu papel não permite cadastrar ou alterar credores.');
  }
}

export async function createCreditor(db: Db, principal: Principal, input: CreditorInput): Promise<Creditor> {
  requireWrite(principal);
  const result = validateCreditorInput(input);
  if (!result.ok) throw validationFailed(result.errors);
  if (await repo.findCreditorByDocument(db, principal.tenantId, result.value.document)) {
    throw new AppError('CREDITOR_DOCUMENT_TAKEN', 'Já existe um credor com este CNPJ/CPF neste tenant.');
  }
  const row = await repo.insertCreditor(db, principal.tenantId, result.value);
  await recordAudit(db, {
    tenantId: principal.tenantId,
    actor: actorOf(principal),
    action: 'creditor.created',
    entity: 'creditor',
    entityId: row.id,
  });
  return toCreditor(row);
}

export async function updateCreditor(
  db: Db,
  principal: Principal,
  { id, ...input }: CreditorInput & { id: string },
): Promise<Creditor> {
  requireWrite(principal);
  await getCreditor(db, principal, { id });
  const result = validateCreditorInput(input);
  if (!result.ok) throw validationFailed(result.errors);
  const clash = await repo.findCreditorByDocument(db, principal.tenantId, result.value.document);
  if (clash && clash.id !== id)
    throw new AppError('CREDITOR_DOCUMENT_TAKEN', 'Já existe outro credor com este CNPJ/CPF neste tenant.');
  const row = await repo.updateCreditor(db, principal, id, result.value);
  if (!row) throw notFound('Credor');
  await recordAudit(db, {
    tenantId: principal.tenantId,
    actor: actorOf(principal),
    action: 'creditor.updated',
    entity: 'creditor',
    entityId: id,
  });
  return toCreditor(row);
}

export async function getCreditor(db: Db, principal: Principal, { id }: { id: string }): Promise<Creditor> {
  if (!isUuid(id) || !canAccessCreditor(principal, id)) throw notFound('Credor');
  const row = await repo.findCreditor(db, principal, id);
  if (!row) throw notFound('Credor');
  return toCreditor(row);
}

/** A creditor of the tenant for the agency's own processes (the dispatcher): no caller to scope by. */
export async function getCreditorInTenant(db: Db, tenantId: string, id: string): Promise<Creditor> {
  const row = isUuid(id) ? await repo.findCreditorInTenant(db, tenantId, id) : undefined;
  if (!row) throw notFound('Credor');
  return toCreditor(row);
}

export async function listCreditors(db: Db, principal: Principal, page: { limit: number; offset: number }) {
  const { items, total } = await repo.listCreditors(db, principal, page);
  return { items: items.map(toCreditor), total, limit: page.limit, offset: page.offset };
}

export async function findCreditorByName(
  db: Db,
  principal: Principal,
  { name }: { name: string },
): Promise<Creditor | undefined> {
  const row = await repo.findCreditorByName(db, principal, name);
  return row ? toCreditor(row) : undefined;
}
