import type { Selectable } from 'kysely';
import type { DebtsTable } from '../../db-schema.ts';
import { normalizeDocument } from '../../platform/br-documents.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { actorOf, can, type Principal, recordAudit } from '../identity/index.ts';
import { contactsForView } from './contacts.service.ts';
import * as repo from './debtors.repository.ts';

export interface DebtView {
  id: string;
  debtorId: string;
  creditorId: string;
  externalId: string;
  product: string | null;
  originalAmountCents: number;
  dueDate: string;
  status: string;
  /** Agreements on this debt that broke (counted against the policy's maxRenegotiations). */
  brokenAgreements: number;
  finePercent: number | null;
  monthlyInterestPercent: number | null;
  feesPercent: number | null;
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
    status: row.status,
    brokenAgreements: row.broken_agreements,
    finePercent: pct(row.fine_percent),
    monthlyInterestPercent: pct(row.monthly_interest_percent),
    feesPercent: pct(row.fees_percent),
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
export async function getDebtorWithDebts(ctx: AppContext, principal: Principal, id: string) {
  requireRead(principal);
  if (!isUuid(id)) throw notFound('Devedor');
  const row = await repo.findDebtor(ctx.database.db, principal, id);
  if (!row) throw notFound('Devedor');
  const debts = await repo.listDebtsOfDebtor(ctx.database.db, principal, id);
  const contacts = await contactsForView(ctx.database.db, principal, id);
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
export async function getDebts(ctx: AppContext, principal: Principal, ids: string[]) {
  requireRead(principal);
  if (!ids.every(isUuid)) throw notFound('Dívida');
  const rows = await repo.findDebts(ctx.database.db, principal, [...new Set(ids)]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => {
    const row = byId.get(id);
    if (!row) throw notFound('Dívida');
    return row;
  });
}

export async function getDebt(ctx: AppContext, principal: Principal, id: string) {
  requireRead(principal);
  if (!isUuid(id)) throw notFound('Dívida');
  const row = await repo.findDebt(ctx.database.db, principal, id);
  if (!row) throw notFound('Dívida');
  return row;
}
