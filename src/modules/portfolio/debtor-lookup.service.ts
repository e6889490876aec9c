import { normalizeDocument } from '../../platform/br-documents.ts';
import type { AppContext } from '../../platform/context.ts';
import { contactsOf } from './contacts.repository.ts';
import { confirmContact } from './contacts.service.ts';
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

/** A contact the portal's code may go to, with the creditors it vouches for. */
export interface VouchedContact {
  value: string;
  /**
   * The creditors (of the person's debts) this contact proves the person to: those that supplied it in
   * their own imports, and those it was confirmed for in an earlier session that covered them.
   */
  creditorIds: string[];
}

export interface ContactsUsable {
  phones: VouchedContact[];
  emails: VouchedContact[];
  /** The birth date each creditor of the person's debts supplied (null: that creditor sent none). */
  birthDates: Record<string, string | null>;
}

/**
 * The contacts an identification code may go to, best first, each with the creditors it vouches for.
 * A code proves the person only to the creditors whose own data it matched (audit issue 10 item 2: a
 * creditor that imports someone else's debtor with its own phone and birth date must not open the
 * other creditors' debts). Order: the contact that vouches for the most creditors (supplied by several,
 * or confirmed across them); then a confirmed one; then the one of the creditor that first sent the
 * person (the agency's record); then the other creditors' (newest first). A contact no creditor of the
 * person's debts supplied and none confirmed for is not usable.
 */
export async function portalContactsOf(
  ctx: AppContext,
  tenantId: string,
  debtorId: string,
): Promise<ContactsUsable> {
  const db = ctx.database.db;
  const facts = await repo.creditorSuppliedFacts(db, tenantId, debtorId);
  const creditors = new Set(facts.map((r) => r.creditor_id));
  const owner = await repo.recordOwnerOf(db, tenantId, debtorId);
  const rows = await contactsOf(db, { tenantId, debtorId });
  const build = (kind: 'phone' | 'email') => {
    const byValue = new Map<
      string,
      { value: string; ids: Set<string>; confirmed: boolean; owner: boolean }
    >();
    for (const r of rows) {
      if (r.kind !== kind) continue;
      const key = r.value.toLowerCase();
      const entry = byValue.get(key) ?? { value: r.value, ids: new Set(), confirmed: false, owner: false };
      if (r.source === 'creditor' && r.creditor_id && creditors.has(r.creditor_id)) {
        entry.ids.add(r.creditor_id);
        if (r.creditor_id === owner) entry.owner = true;
      }
      for (const id of r.confirmed_for)
        if (creditors.has(id)) {
          entry.ids.add(id);
          entry.confirmed = true;
        }
      byValue.set(key, entry);
    }
    // Rows come confirmed first, then newest first; the sort is stable, so that order breaks ties.
    return [...byValue.values()]
      .filter((e) => e.ids.size > 0)
      .sort(
        (a, b) =>
          b.ids.size - a.ids.size ||
          Number(b.confirmed) - Number(a.confirmed) ||
          Number(b.owner) - Number(a.owner),
      )
      .map((e) => ({ value: e.value, creditorIds: [...e.ids].sort() }));
  };
  const birthDates: Record<string, string | null> = {};
  for (const r of facts) birthDates[r.creditor_id] = r.birth_date ?? null;
  return { phones: build('phone'), emails: build('email'), birthDates };
}

/**
 * The person proved they hold this contact (a portal code reached it) in a session scoped to
 * `creditorIds`: recorded as confirmed for those creditors only.
 */
export async function confirmPortalContact(
  ctx: AppContext,
  c: { tenantId: string; debtorId: string; kind: 'phone' | 'email'; value: string; creditorIds: string[] },
) {
  await confirmContact(ctx.database.db, { ...c, at: ctx.clock.now(), method: 'portal_otp' });
}

/** The person as the creditors of a portal session's scope supplied them. */
export interface ScopedPerson {
  name: string;
  birthDate: string | null;
  email: string | null;
  phone: string | null;
  state: string | null;
  city: string | null;
}

/**
 * The person as a portal session may show them: only what the creditors in its scope supplied (the
 * agency's record may hold another creditor's data — its name, phone, birth date — which a session
 * scoped to one creditor must not reveal). The record owner's row when it is in scope, else the most
 * recent; null when none of them sent a row.
 */
export async function portalPersonOf(
  ctx: AppContext,
  q: { tenantId: string; debtorId: string; creditorIds: readonly string[] },
): Promise<ScopedPerson | null> {
  const db = ctx.database.db;
  const rows = await repo.creditorRowsOf(db, q.tenantId, q.debtorId, q.creditorIds);
  const owner = await repo.recordOwnerOf(db, q.tenantId, q.debtorId);
  const row = rows.find((r) => r.creditor_id === owner) ?? rows[0];
  if (!row) return null;
  const pick = <K extends 'birth_date' | 'email' | 'phone' | 'state' | 'city'>(k: K) =>
    row[k] ?? rows.find((r) => r[k])?.[k] ?? null;
  return {
    name: row.name,
    birthDate: pick('birth_date'),
    email: pick('email'),
    phone: pick('phone'),
    state: pick('state'),
    city: pick('city'),
  };
}

export async function markDebtDisputed(
  ctx: AppContext,
  input: { tenantId: string; debtorId: string; debtId: string },
): Promise<boolean> {
  return repo.markDebtDisputed(ctx.database.db, input.tenantId, input.debtorId, input.debtId);
}
