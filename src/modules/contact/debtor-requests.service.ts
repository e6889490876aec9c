import { formatDocument } from '../../platform/br-documents.ts';
import type { AppContext } from '../../platform/context.ts';
import { isUuid } from '../../platform/ids.ts';
import { uuidv7 } from '../../platform/uuid7.ts';
import { getAgencyProfile } from '../agency/index.ts';
import { getCreditor } from '../creditors/index.ts';
import { recordAudit } from '../identity/index.ts';
import type { ChannelAdapter, ChannelName } from '../messaging/index.ts';
import * as repo from './contact.repository.ts';
import * as requests from './debtor-requests.repository.ts';
import { decideContact } from './guardrail.rules.ts';
import { type ContactWindow, windowOn } from './window.rules.ts';

/**
 * What a debtor asks for themselves (on the portal): a one-time code, a person to call them, a pause,
 * an opt-out or opt-in. The debtor is already identified by the caller (the portal's session), so these
 * take the debtor as the subject instead of a staff principal; every change is audited with the actor.
 */
export interface DebtorSubject {
  tenantId: string;
  debtorId: string;
  /** Who acts, for the audit trail: e.g. "portal:<session>". */
  actor: string;
  /** The debtor's state (UF), for the contact window. */
  uf?: string | null;
  /** The debtor's city: municipal holidays, where known. */
  city?: string | null;
  /**
   * The creditors the actor was proved to (a portal session's scope): pauses and opt-outs it asks count
   * for them only, and it sees only those that count for them. Absent: every creditor (the agency).
   */
  creditorIds?: readonly string[];
}

/** The suppressions a subject may see: all for the agency; for a portal scope, those counting for it. */
function visibleTo<T extends { creditor_ids: readonly string[] | null }>(
  subject: DebtorSubject,
  rows: T[],
): T[] {
  return rows.filter((r) => repo.suppressionCounts(r, subject.creditorIds ?? null));
}

/**
 * Sends a one-time code (or any message the debtor is waiting for on the portal) through the channel
 * adapter, after the same guardrail as every message: transactional and requested now, so no contact
 * window and no cap holds it back — the person is at the portal waiting for it, at whatever hour, and a
 * code is not collection (guardrail.rules.ts) — but a deceased flag or the debtor's opt-out of that
 * channel still stops it (the caller then tries another channel). The text is never stored or logged:
 * the event records only the channel and the outcome.
 */
export async function sendRequestedMessage(
  ctx: AppContext,
  subject: DebtorSubject,
  input: {
    channel: ChannelName;
    to: string;
    subject: string;
    text: string;
    whatsappTemplate?: string;
    parameters?: string[];
  },
  adapters: Partial<Record<ChannelName, ChannelAdapter>>,
): Promise<{ sent: boolean; reason: string | null }> {
  const db = ctx.database.db;
  const at = ctx.clock.now();
  const facts = await repo.guardrailFacts(db, subject.tenantId, subject.debtorId, at);
  const decision = decideContact({
    at,
    ...(subject.uf ? { uf: subject.uf } : {}),
    city: subject.city ?? null,
    channel: input.channel,
    transactional: true,
    requestedNow: true,
    history: facts.history,
    suppressions: facts.suppressions,
    flags: facts.flags,
    debts: [],
  });
  let reason: string | null = null;
  if (decision.status === 'suppressed') reason = decision.reason;
  else if (decision.status === 'deferred') reason = decision.reason;
  const adapter = adapters[input.channel];
  if (!reason && !adapter) reason = `canal ${input.channel} não configurado`;
  if (!reason && adapter) {
    try {
      await adapter.send({
        channel: input.channel,
        to: input.to,
        ...(input.channel === 'email' ? { subject: input.subject } : {}),
        text: input.text,
        ...(input.channel === 'whatsapp' && input.whatsappTemplate
          ? {
              whatsappTemplate: {
                name: input.whatsappTemplate,
                language: 'pt_BR',
                parameters: input.parameters ?? [],
              },
            }
          : {}),
        idempotencyKey: uuidv7(),
      });
    } catch (error) {
      reason = (error as Error).message;
    }
  }
  await repo.insertEvent(db, {
    tenantId: subject.tenantId,
    debtorId: subject.debtorId,
    outboxId: null,
    type: reason ? 'portal_code_failed' : 'portal_code_sent',
    channel: input.channel,
    reason,
    at,
  });
  return { sent: reason === null, reason };
}

export type DebtorTaskKind = 'callback' | 'dispute' | 'help_request' | 'human_review';

/** A task for a person of the agency (the agents' inbox: GET /api/v1/tasks). */
export async function createDebtorTask(
  ctx: AppContext,
  subject: DebtorSubject,
  input: { kind: DebtorTaskKind; channel?: string | null; text: string; dueAt?: Date | null },
) {
  const row = await requests.insertDebtorTask(ctx.database.db, {
    tenantId: subject.tenantId,
    debtorId: subject.debtorId,
    kind: input.kind,
    channel: input.channel ?? null,
    text: input.text,
    dueAt: input.dueAt ?? null,
  });
  await repo.insertEvent(ctx.database.db, {
    tenantId: subject.tenantId,
    debtorId: subject.debtorId,
    outboxId: null,
    type: `task.${input.kind}`,
    channel: input.channel ?? null,
    at: ctx.clock.now(),
  });
  return { id: row.id, createdAt: new Date(row.created_at).toISOString() };
}

/** A pause (hardship, until a date) or an opt-out (a channel, or all) asked by the debtor. */
export async function addDebtorSuppression(
  ctx: AppContext,
  subject: DebtorSubject,
  input: {
    kind: 'hardship' | 'opt_out' | 'dispute';
    channel?: string | null;
    until?: Date | null;
    note?: string | null;
  },
) {
  const db = ctx.database.db;
  const row = await repo.insertSuppression(db, {
    tenantId: subject.tenantId,
    debtorId: subject.debtorId,
    kind: input.kind,
    channel: input.channel ?? null,
    until: input.until ?? null,
    note: input.note ?? null,
    by: subject.actor,
    creditorIds: subject.creditorIds,
  });
  await repo.insertEvent(db, {
    tenantId: subject.tenantId,
    debtorId: subject.debtorId,
    outboxId: null,
    type: `suppression.${input.kind}`,
    channel: input.channel ?? null,
    reason: input.note ?? null,
    at: ctx.clock.now(),
  });
  await recordAudit(db, {
    tenantId: subject.tenantId,
    actor: subject.actor,
    action: 'contact.suppressed',
    entity: 'debtor',
    entityId: subject.debtorId,
    details: { kind: input.kind, channel: input.channel ?? null, until: input.until?.toISOString() ?? null },
  });
  return {
    id: row.id,
    kind: row.kind,
    channel: row.channel,
    until: row.until ? new Date(row.until).toISOString() : null,
  };
}

/** The debtor takes a channel back (ends their opt-outs of it from now on). */
export async function endDebtorOptOut(ctx: AppContext, subject: DebtorSubject, channel: string) {
  const at = ctx.clock.now();
  await requests.endOptOuts(
    ctx.database.db,
    subject.tenantId,
    subject.debtorId,
    channel,
    at,
    subject.creditorIds,
  );
  await repo.insertEvent(ctx.database.db, {
    tenantId: subject.tenantId,
    debtorId: subject.debtorId,
    outboxId: null,
    type: 'suppression.opt_in',
    channel,
    at,
  });
  await recordAudit(ctx.database.db, {
    tenantId: subject.tenantId,
    actor: subject.actor,
    action: 'contact.opt_in',
    entity: 'debtor',
    entityId: subject.debtorId,
    details: { channel },
  });
}

/** Suppressions in force now (pauses, opt-outs, disputes) of the debtor. */
export async function activeSuppressions(ctx: AppContext, subject: DebtorSubject) {
  const now = ctx.clock.now();
  const rows = visibleTo(
    subject,
    await repo.suppressionsOf(ctx.database.db, subject.tenantId, subject.debtorId),
  );
  return rows
    .filter((r) => r.until === null || new Date(r.until) > now)
    .map((r) => ({
      id: r.id,
      kind: r.kind,
      channel: r.channel,
      until: r.until ? new Date(r.until).toISOString() : null,
      createdAt: new Date(r.created_at).toISOString(),
    }));
}

/**
 * Everything contact holds about the debtor (LGPD art. 18 II): messages, decisions, tasks, pauses. With
 * `creditorIds` (a portal session's scope), only the messages about those creditors' debts and their
 * events: a session proved to creditor B tells nothing of what was sent about creditor A's debts.
 */
export async function debtorContactData(
  ctx: AppContext,
  subject: DebtorSubject,
  scope?: { creditorIds: readonly string[] },
) {
  const db = ctx.database.db;
  const all = await repo.messagesOf(db, subject.tenantId, subject.debtorId, 1000, 0);
  const messages = scope
    ? all.filter((m) => m.creditor_id !== null && scope.creditorIds.includes(m.creditor_id))
    : all;
  const shown = new Set(messages.map((m) => m.id));
  const events = (await repo.eventsOf(db, subject.tenantId, subject.debtorId, 1000)).filter(
    (e) => !scope || e.outbox_id === null || shown.has(e.outbox_id),
  );
  const tasks = await requests.tasksOf(db, subject.tenantId, subject.debtorId);
  const suppressions = visibleTo(subject, await repo.suppressionsOf(db, subject.tenantId, subject.debtorId));
  return {
    messages: messages.map((m) => ({
      id: m.id,
      date: m.run_date,
      channel: m.channel,
      status: m.status,
      creditorId: m.creditor_id,
      sentAt: m.sent_at ? new Date(m.sent_at).toISOString() : null,
      verificationCode: m.verification_code,
    })),
    events: events.map((e) => ({
      type: e.type,
      channel: e.channel,
      reason: e.reason,
      at: new Date(e.at).toISOString(),
    })),
    tasks: tasks.map((t) => ({
      kind: t.kind,
      status: t.status,
      createdAt: new Date(t.created_at).toISOString(),
      dueAt: t.due_at ? new Date(t.due_at).toISOString() : null,
    })),
    suppressions: suppressions.map((s) => ({
      kind: s.kind,
      channel: s.channel,
      until: s.until ? new Date(s.until).toISOString() : null,
      createdAt: new Date(s.created_at).toISOString(),
    })),
  };
}

/**
 * "É mesmo da gente?": who issued the message or letter carrying this verification code and when —
 * agency, creditor (name and CNPJ), channel and date; never the addressee, an amount or a debt.
 */
export async function findIssuedMessage(ctx: AppContext, code: string) {
  const rows = await requests.findByVerificationCode(ctx.database.db, code);
  const out = [];
  for (const r of rows.filter((x) => x.status === 'sent' || x.status === 'task' || x.channel === 'letter')) {
    const agency = await getAgencyProfile(ctx.database.db, r.tenant_id);
    // Read as the agency of the message (the public caller has no principal; the code is the key).
    const creditor = await getCreditor(ctx.database.db, systemReader(r.tenant_id), { id: r.creditor_id });
    out.push({
      agency: agency.legalName,
      agencyCnpj: agency.document ? formatDocument(agency.document) : null,
      creditor: { name: creditor.name, cnpj: formatDocument(creditor.document) },
      channel: r.channel,
      issuedOn: r.run_date,
      sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
    });
  }
  return out;
}

/** The legal contact hours on a local date in the debtor's state (null: no calls that day). */
export function contactWindowOn(
  date: string,
  uf: string | null | undefined,
  city?: string | null,
): ContactWindow | null {
  return windowOn(date, uf ?? undefined, undefined, city);
}

/** Who a message link (its opaque reference) was sent to: { tenantId, debtorId }, or null. */
export async function debtorOfMessageLink(ctx: AppContext, ref: string) {
  const row = await requests.debtorOfLinkRef(ctx.database.db, ref, isUuid(ref));
  // The creditor whose message carried the link (null for a reply's link): the portal sends the code to a
  // contact that creditor supplied, the route its own message already took.
  return row ? { tenantId: row.tenant_id, debtorId: row.debtor_id, creditorId: row.creditor_id } : null;
}

function systemReader(tenantId: string) {
  return { tenantId, role: 'agent' as const, creditorId: null, tokenId: 'system:verify-code' };
}
