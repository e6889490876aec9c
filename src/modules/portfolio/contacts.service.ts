import type { Kysely } from 'kysely';
import type { ContactKind, Schema } from '../../db-schema.ts';
import { parseEmail, parsePhone } from '../../platform/br-fields.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError, notFound, validationFailed } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { actorOf, can, creditorScopeOf, type Principal, recordAudit } from '../identity/index.ts';
import * as repo from './contacts.repository.ts';

type Db = Kysely<Schema>;

/**
 * Contact ownership. A phone or e-mail keeps who supplied it — a creditor's import (that creditor), the
 * debtor in the portal, an agent — and whether the debtor confirmed it (proved control, e.g. with a
 * one-time code). Messages about creditor X's debts go only to contacts X supplied or the debtor
 * confirmed: a creditor that imports someone else's debtor with its own phone cannot redirect the other
 * creditor's messages (or the portal's one-time code) to that phone (LGPD art. 6 — security,
 * prevention; CDC art. 42: no debt revealed to a third party).
 */
export interface ContactView {
  kind: ContactKind;
  value: string;
  source: repo.ContactSource;
  /** The creditor whose import supplied it (source "creditor"). */
  creditorId: string | null;
  confirmed: boolean;
  confirmedAt: string | null;
  createdAt: string;
}

function toView(r: repo.ContactRow): ContactView {
  return {
    kind: r.kind,
    value: r.value,
    source: r.source,
    creditorId: r.creditor_id,
    confirmed: r.confirmed_at !== null,
    confirmedAt: r.confirmed_at ? new Date(r.confirmed_at).toISOString() : null,
    createdAt: r.created_at.toISOString(),
  };
}

/**
 * The phones and e-mails that may receive a message about these creditors' debts: those the creditors
 * supplied and those the debtor confirmed for (one of) them, best first (confirmed, then the most recent). The portal
 * sends its one-time code only to one of these; the dispatcher writes only to the first.
 */
export async function contactsUsableFor(
  db: Db,
  q: { tenantId: string; debtorId: string; creditorIds: readonly string[] },
): Promise<{ phones: ContactView[]; emails: ContactView[] }> {
  const rows = await repo.contactsOf(db, { ...q, onlyUsable: true });
  const seen = new Set<string>();
  const phones: ContactView[] = [];
  const emails: ContactView[] = [];
  for (const r of rows) {
    // One entry per value: the best-ranked source of it (rows come confirmed first).
    const key = `${r.kind}:${r.value.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    (r.kind === 'phone' ? phones : emails).push(toView(r));
  }
  return { phones, emails };
}

/**
 * Every contact the caller may see, with source and confirmation. Staff: all of them (the agency
 * decides where to write). A creditor: only what it supplied itself, without the confirmation (which
 * tells about the debtor's dealings outside that creditor).
 */
export async function contactsForView(
  db: Db,
  principal: Principal,
  { debtorId }: { debtorId: string },
): Promise<ContactView[]> {
  const scope = creditorScopeOf(principal);
  if (scope !== null) {
    const own = await repo.contactsOf(db, { tenantId: principal.tenantId, debtorId, creditorIds: [scope] });
    return own
      .filter((r) => r.source === 'creditor')
      .map((r) => ({ ...toView(r), confirmed: false, confirmedAt: null }));
  }
  return (await repo.contactsOf(db, { tenantId: principal.tenantId, debtorId })).map(toView);
}

function normalize(kind: ContactKind, raw: string): string {
  const r = kind === 'phone' ? parsePhone(raw) : parseEmail(raw);
  if (!r.ok) throw validationFailed([{ field: 'value', message: r.message }]);
  return r.value;
}

/**
 * The debtor proved control of a contact (the portal's one-time code reached it and came back) in a
 * session that covered `creditorIds`. From then on it may be used for those creditors' debts only: a
 * session proves the person to the creditors whose own data it matched, so a contact creditor B
 * supplied and confirmed in a B-only session is not usable for creditor A's debts. A contact no source
 * supplied yet is added as the debtor's own, confirmed for the same creditors.
 */
export async function confirmContact(
  db: Db,
  c: {
    tenantId: string;
    debtorId: string;
    kind: ContactKind;
    value: string;
    at: Date;
    method?: string;
    creditorIds: readonly string[];
  },
): Promise<ContactView> {
  if (!isUuid(c.debtorId) || !(await repo.debtorInTenant(db, c.tenantId, c.debtorId)))
    throw notFound('Devedor');
  const value = normalize(c.kind, c.value);
  if (!(await repo.contactKnown(db, c.debtorId, c.kind, value))) {
    await repo.insertContact(db, { ...c, value, source: 'debtor', by: 'debtor' });
  }
  await repo.upsertConfirmation(db, { ...c, value, method: c.method ?? 'portal_otp' });
  const rows = await repo.contactsOf(db, {
    tenantId: c.tenantId,
    debtorId: c.debtorId,
    creditorIds: c.creditorIds,
  });
  return toView(rows.find((r) => r.kind === c.kind && r.value === value)!);
}

/**
 * A contact the debtor gave on the portal (not confirmed yet: it is used only once confirmed), or an
 * agent recorded (POST /api/v1/debtors/{id}/contacts) — likewise unconfirmed until the debtor proves it.
 */
export async function addContact(
  db: Db,
  c: {
    tenantId: string;
    debtorId: string;
    kind: ContactKind;
    value: string;
    source: 'debtor' | 'agent';
    by: string;
  },
): Promise<ContactView> {
  if (!isUuid(c.debtorId) || !(await repo.debtorInTenant(db, c.tenantId, c.debtorId)))
    throw notFound('Devedor');
  const value = normalize(c.kind, c.value);
  await repo.insertContact(db, { ...c, value });
  const rows = await repo.contactsOf(db, { tenantId: c.tenantId, debtorId: c.debtorId });
  return toView(rows.find((r) => r.kind === c.kind && r.value === value && r.source === c.source)!);
}

/** POST /api/v1/debtors/{id}/contacts: an agent records a contact the person gave (agency roles only). */
export async function addAgentContact(
  ctx: AppContext,
  principal: Principal,
  input: { debtorId: string; kind: ContactKind; value: string },
): Promise<ContactView> {
  const { debtorId } = input;
  if (!can(principal, 'contact:record'))
    throw new AppError('FORBIDDEN', 'Contatos informados pelo devedor são registrados pela agência.');
  const view = await addContact(ctx.database.db, {
    tenantId: principal.tenantId,
    debtorId,
    kind: input.kind,
    value: input.value,
    source: 'agent',
    by: actorOf(principal),
  });
  await recordAudit(ctx.database.db, {
    tenantId: principal.tenantId,
    actor: actorOf(principal),
    action: 'debtor.contact_added',
    entity: 'debtor',
    entityId: debtorId,
    details: { kind: input.kind },
  });
  return view;
}
