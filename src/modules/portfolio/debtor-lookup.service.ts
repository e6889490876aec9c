import { normalizeDocument } from '../../platform/br-documents.ts';
import type { AppContext } from '../../platform/context.ts';
import { type ContactView, confirmContact, contactsUsableFor } from './contacts.service.ts';
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
  /** The city, for municipal holidays in the contact window (where known). */
  city: string | null;
}

function view(row: NonNullable<Awaited<ReturnType<typeof repo.findDebtorById>>>): PortalDebtor {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    document: row.document,
    documentKind: row.document_kind,
    state: row.state,
    city: row.city,
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
 * The contacts an identification code may go to (contact ownership, `contactsUsableFor`): those the
 * debtor's creditors supplied or the debtor confirmed, best first — a confirmed contact, then those of
 * the creditor that first sent the person (the agency's record), then the other creditors' (newest
 * first). So a creditor that imports someone else's debtor with its own phone does not receive that
 * person's code while the first creditor supplied one.
 */
export async function portalContactsOf(
  ctx: AppContext,
  tenantId: string,
  debtorId: string,
): Promise<ContactsUsable> {
  const db = ctx.database.db;
  const rows = await repo.creditorSuppliedFacts(db, tenantId, debtorId);
  const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => !!x))];
  const owner = await repo.recordOwnerOf(db, tenantId, debtorId);
  const usable = await contactsUsableFor(db, {
    tenantId,
    debtorId,
    creditorIds: uniq(rows.map((r) => r.creditor_id)),
  });
  const rank = (c: ContactView) =>
    c.confirmed ? 0 : c.creditorId !== null && c.creditorId === owner ? 1 : 2;
  // Array.prototype.sort is stable: within a rank the order of contactsUsableFor (newest first) stays.
  const ranked = (list: ContactView[]) => [...list].sort((a, b) => rank(a) - rank(b)).map((c) => c.value);
  return {
    phones: ranked(usable.phones),
    emails: ranked(usable.emails),
    birthDates: uniq(rows.map((r) => r.birth_date)),
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
