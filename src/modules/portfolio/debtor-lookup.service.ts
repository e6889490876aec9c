import { normalizeDocument } from '../../platform/br-documents.ts';
import type { AppContext } from '../../platform/context.ts';
import { confirmContact, contactsUsableFor } from './contacts.service.ts';
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
 * The contacts an identification code may go to: those the debtor's own creditors supplied or the debtor
 * confirmed (the contact-ownership model's `contactsUsableFor`, confirmed first), and the birth dates
 * those creditors sent. Never a contact typed on the portal and not yet confirmed.
 */
export async function portalContactsOf(
  ctx: AppContext,
  tenantId: string,
  debtorId: string,
): Promise<ContactsUsable> {
  const db = ctx.database.db;
  const creditorIds = await repo.creditorsOfDebtor(db, tenantId, debtorId);
  const usable = await contactsUsableFor(db, { tenantId, debtorId, creditorIds });
  const rows = await repo.creditorSuppliedFacts(db, tenantId, debtorId);
  return {
    phones: usable.phones.map((c) => c.value),
    emails: usable.emails.map((c) => c.value),
    birthDates: [...new Set(rows.map((r) => r.birth_date).filter((x): x is string => !!x))],
  };
}

/** The person proved they hold this contact (a portal code reached it): recorded as confirmed. */
export async function confirmPortalContact(
  ctx: AppContext,
  c: { tenantId: string; debtorId: string; kind: 'phone' | 'email'; value: string },
) {
  await confirmContact(ctx.database.db, { ...c, at: ctx.clock.now(), method: 'portal_otp' });
}

export async function markDebtDisputed(
  ctx: AppContext,
  input: { tenantId: string; debtorId: string; debtId: string },
): Promise<boolean> {
  return repo.markDebtDisputed(ctx.database.db, input.tenantId, input.debtorId, input.debtId);
}
