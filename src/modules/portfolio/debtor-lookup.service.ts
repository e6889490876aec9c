import { normalizeDocument } from '../../platform/br-documents.ts';
import type { AppContext } from '../../platform/context.ts';
import * as repo from './debtor-lookup.repository.ts';

/**
 * Lookups for the debtor portal, where the person (not a staff principal) is the subject: the caller has
 * already decided the tenant (typed entry) or holds a signed link (link entry).
 */
export interface PortalDebtor {
  id: string;
  tenantId: string;
  name: string;
  document: string;
  documentKind: 'cpf' | 'cnpj';
  state: string | null;
}

function view(row: NonNullable<Awaited<ReturnType<typeof repo.findDebtorById>>>): PortalDebtor {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    document: row.document,
    documentKind: row.document_kind,
    state: row.state,
  };
}

export async function findDebtorByDocument(
  ctx: AppContext,
  tenantId: string,
  document: string,
): Promise<PortalDebtor | null> {
  const row = await repo.findDebtorByDocument(ctx.database.db, tenantId, normalizeDocument(document));
  return row ? view(row) : null;
}

export async function findDebtorById(ctx: AppContext, id: string): Promise<PortalDebtor | null> {
  const row = await repo.findDebtorById(ctx.database.db, id);
  return row ? view(row) : null;
}

export interface ContactsUsable {
  phones: string[];
  emails: string[];
  /** Birth dates the debtor's creditors supplied (any of them identifies the person). */
  birthDates: string[];
}

/**
 * The contacts an identification code may go to: those the debtor's own creditors supplied (newest
 * first). The one place that decides it — when the contact-ownership model lands (contacts with source
 * and confirmation), this becomes its `contactsUsableFor`.
 */
export async function portalContactsOf(
  ctx: AppContext,
  tenantId: string,
  debtorId: string,
): Promise<ContactsUsable> {
  const rows = await repo.creditorSuppliedFacts(ctx.database.db, tenantId, debtorId);
  const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => !!x))];
  return {
    phones: uniq(rows.map((r) => r.phone)),
    emails: uniq(rows.map((r) => r.email)),
    birthDates: uniq(rows.map((r) => r.birth_date)),
  };
}

export async function markDebtDisputed(
  ctx: AppContext,
  input: { tenantId: string; debtorId: string; debtId: string },
): Promise<boolean> {
  return repo.markDebtDisputed(ctx.database.db, input.tenantId, input.debtorId, input.debtId);
}
