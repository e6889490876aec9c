import type { Kysely, Selectable } from 'kysely';
import type { DebtsTable, Schema } from '../../db-schema.ts';
import { normalizeDocument } from '../../platform/br-documents.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError, notFound, validationFailed } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { actorOf, can, type Principal, recordAudit } from '../identity/index.ts';
import { contactsForView } from './contacts.service.ts';
import * as repo from './debtors.repository.ts';
import { type LawyerInput, validateLawyer } from './lawyer.rules.ts';

/**
 * A debt's status. The column is free text (migration 015 added 'disputed' without a constraint); these
 * are all the values the code writes: open, in an agreement, settled by one, disputed on the portal.
 */
export const DEBT_STATUSES = ['open', 'in_agreement', 'settled', 'disputed'] as const;
export type DebtStatus = (typeof DEBT_STATUSES)[number];

export interface DebtView {
  id: string;
  debtorId: string;
  creditorId: string;
  externalId: string;
  product: string | null;
  originalAmountCents: number;
  dueDate: string;
  status: DebtStatus;
  /** Agreements on this debt that broke (counted against the policy's maxRenegotiations). */
  brokenAgreements: number;
  finePercent: number | null;
  monthlyInterestPercent: number | null;
  feesPercent: number | null;
  /** The debt's own contract has no fine / no agreed interest (overrides the creditor's terms). */
  fineNotAgreed: boolean;
  interestNotAgreed: boolean;
  /** What the debt is (credit card, rent...): its prescription term and the card's 100% ceiling. */
  productType: string | null;
  /** The acknowledgment that interrupted prescription, if any (Código Civil art. 202). */
  prescriptionInterruptedOn: string | null;
  lawyer: { name: string; oab: string; assignedOn: string } | null;
  createdAt: string;
  updatedAt: string;
}

export function toDebtView(row: Selectable<DebtsTable>): DebtView {
  const pct = (v: string | null) => (v === null ? null : Number(v));
  return {
    id: row.id,
    debtorId: row.debtor_id,
    creditorId: row.creditor_id,
    externalId: row.external_id,
    product: row.product,
    originalAmountCents: row.original_amount_cents,
    dueDate: row.due_date,
    status: row.status as DebtStatus,
    brokenAgreements: row.broken_agreements,
    finePercent: pct(row.fine_percent),
    monthlyInterestPercent: pct(row.monthly_interest_percent),
    feesPercent: pct(row.fees_percent),
    fineNotAgreed: row.fine_not_agreed,
    interestNotAgreed: row.interest_not_agreed,
    productType: row.product_type,
    prescriptionInterruptedOn: row.prescription_interrupted_on,
    lawyer:
      row.lawyer_name && row.lawyer_oab && row.lawyer_assigned_on
        ? { name: row.lawyer_name, oab: row.lawyer_oab, assignedOn: row.lawyer_assigned_on }
        : null,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function toDebtorView(row: repo.DebtorRow) {
  return {
    id: row.id,
    name: row.name,
    document: row.document,
    documentKind: row.document_kind,
    birthDate: row.birth_date,
    email: row.email,
    phone: row.phone,
    state: row.state,
    city: row.city,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function requireRead(principal: Principal) {
  if (!can(principal, 'portfolio:read'))
    throw new AppError('FORBIDDEN', 'Seu papel não permite consultar a carteira.');
}

export async function searchDebtors(
  ctx: AppContext,
  principal: Principal,
  query: { document?: string; limit: number; offset: number },
) {
  requireRead(principal);
  const document = query.document ? normalizeDocument(query.document) : undefined;
  const { items, total } = await repo.listDebtors(ctx.database.db, principal, { ...query, document });
  return { items: items.map(toDebtorView), total, limit: query.limit, offset: query.offset };
}

/** A debtor with the debts the caller may see. Reading personal data is recorded (LGPD). */
export async function getDebtorWithDebts(ctx: AppContext, principal: Principal, { id }: { id: string }) {
  requireRead(principal);
  if (!isUuid(id)) throw notFound('Devedor');
  const row = await repo.findDebtor(ctx.database.db, principal, id);
  if (!row) throw notFound('Devedor');
  const debts = await repo.listDebtsOfDebtor(ctx.database.db, principal, id);
  const contacts = await contactsForView(ctx.database.db, principal, { debtorId: id });
  await recordAudit(ctx.database.db, {
    tenantId: principal.tenantId,
    actor: actorOf(principal),
    action: 'debtor.viewed',
    entity: 'debtor',
    entityId: id,
  });
  return { ...toDebtorView(row), contacts, debts: debts.map(toDebtView) };
}

/** Several debts in one query, in the order asked; 404 if any is missing or not visible. */
export async function getDebts(ctx: AppContext, principal: Principal, { ids }: { ids: string[] }) {
  requireRead(principal);
  if (!ids.every(isUuid)) throw notFound('Dívida');
  return inOrder(ids, await repo.findDebts(ctx.database.db, principal, [...new Set(ids)]));
}

/**
 * Several debts of a tenant for the agency's own processes (the dispatcher pricing a message, in its
 * transaction): no caller to scope by and nothing shown to a person, so no permission to check.
 */
export async function getDebtsInTenant(db: Kysely<Schema>, tenantId: string, ids: string[]) {
  if (!ids.every(isUuid)) throw notFound('Dívida');
  return inOrder(ids, await repo.findDebtsInTenant(db, tenantId, [...new Set(ids)]));
}

function inOrder<T extends { id: string }>(ids: string[], rows: T[]): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => {
    const row = byId.get(id);
    if (!row) throw notFound('Dívida');
    return row;
  });
}

export async function getDebt(ctx: AppContext, principal: Principal, { id }: { id: string }) {
  requireRead(principal);
  if (!isUuid(id)) throw notFound('Dívida');
  const row = await repo.findDebt(ctx.database.db, principal, id);
  if (!row) throw notFound('Dívida');
  return row;
}

/**
 * Assigns (PUT) or removes (null) the lawyer acting on a debt. Honorários are charged only from the
 * assignment date, and only when the contract has the clause (REsp 1.274.629/AP; CDC art. 51 XII).
 */
export async function setLawyer(
  ctx: AppContext,
  principal: Principal,
  { debtId, lawyer: input }: { debtId: string /** null: removes the lawyer. */; lawyer: LawyerInput | null },
): Promise<DebtView> {
  if (!can(principal, 'portfolio:import'))
    throw new AppError('FORBIDDEN', 'Seu papel não permite alterar dívidas da carteira.');
  if (!isUuid(debtId)) throw notFound('Dívida');
  let lawyer = null;
  if (input) {
    const result = validateLawyer(input);
    if (!result.ok) throw validationFailed(result.errors);
    lawyer = result.value;
  }
  const row = await repo.setDebtLawyer(ctx.database.db, principal, debtId, lawyer);
  if (!row) throw notFound('Dívida');
  await recordAudit(ctx.database.db, {
    tenantId: principal.tenantId,
    actor: actorOf(principal),
    action: lawyer ? 'debt.lawyer_assigned' : 'debt.lawyer_removed',
    entity: 'debt',
    entityId: debtId,
    ...(lawyer ? { details: { oab: lawyer.oab, assignedOn: lawyer.assignedOn } } : {}),
  });
  return toDebtView(row);
}
