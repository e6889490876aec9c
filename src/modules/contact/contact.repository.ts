import { type Kysely, type Selectable, sql } from 'kysely';
import type { AgentTaskKind, OutboxTable, Schema } from '../../db-schema.ts';
import { dbNow, type Tx } from '../../platform/db.ts';
import type { ContactRecord } from './caps.rules.ts';
import type { SuppressionEntry } from './suppression.rules.ts';

type Db = Kysely<Schema>;

// ---- templates -------------------------------------------------------------------------------

export async function insertTemplate(
  db: Db,
  t: {
    tenantId: string;
    key: string;
    name: string;
    channel: string;
    transactional: boolean;
    content: unknown;
    by: string;
    creditorId?: string | null;
  },
) {
  const row = await db
    .insertInto('templates')
    .values({
      tenant_id: t.tenantId,
      creditor_id: t.creditorId ?? null,
      key: t.key,
      name: t.name,
      channel: t.channel,
      transactional: t.transactional,
      content: JSON.stringify(t.content),
      updated_by: t.by,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'key']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (row) {
    await db
      .insertInto('template_versions')
      .values({ template_id: row.id, version: 1, content: JSON.stringify(t.content), created_by: t.by })
      .execute();
  }
  return row;
}

/** A new version of the content; the previous versions stay (messages record which one they used). */
export async function updateTemplate(
  db: Db,
  id: string,
  t: { name: string; transactional: boolean; content: unknown; by: string },
) {
  const row = await db
    .updateTable('templates')
    .set((eb) => ({
      name: t.name,
      transactional: t.transactional,
      content: JSON.stringify(t.content),
      version: eb('version', '+', 1),
      updated_by: t.by,
      updated_at: dbNow,
    }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('template_versions')
    .values({ template_id: id, version: row.version, content: JSON.stringify(t.content), created_by: t.by })
    .execute();
  return row;
}

/**
 * `visibleTo`: a creditor's id — only that creditor's rows and the tenant's shared ones (creditor_id
 * null). Omitted: every row of the tenant (staff, the sweep).
 */
export async function findTemplate(db: Db, tenantId: string, id: string, visibleTo?: string | null) {
  return db
    .selectFrom('templates')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .$if(!!visibleTo, (q) =>
      q.where((eb) => eb.or([eb('creditor_id', 'is', null), eb('creditor_id', '=', visibleTo!)])),
    )
    .executeTakeFirst();
}

export async function listTemplates(db: Db, tenantId: string, visibleTo?: string | null) {
  return db
    .selectFrom('templates')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .$if(!!visibleTo, (q) =>
      q.where((eb) => eb.or([eb('creditor_id', 'is', null), eb('creditor_id', '=', visibleTo!)])),
    )
    .orderBy('key')
    .execute();
}

// ---- cadences --------------------------------------------------------------------------------

export async function insertCadence(
  db: Db,
  c: {
    tenantId: string;
    name: string;
    creditorId: string | null;
    segment: string | null;
    active: boolean;
    steps: unknown;
    by: string;
  },
) {
  return db
    .insertInto('cadences')
    .values({
      tenant_id: c.tenantId,
      name: c.name,
      creditor_id: c.creditorId,
      segment: c.segment,
      active: c.active,
      steps: JSON.stringify(c.steps),
      updated_by: c.by,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateCadence(
  db: Db,
  id: string,
  c: {
    name: string;
    creditorId: string | null;
    segment: string | null;
    active: boolean;
    steps: unknown;
    by: string;
  },
) {
  return db
    .updateTable('cadences')
    .set({
      name: c.name,
      creditor_id: c.creditorId,
      segment: c.segment,
      active: c.active,
      steps: JSON.stringify(c.steps),
      updated_by: c.by,
      updated_at: dbNow,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findCadence(db: Db, tenantId: string, id: string, visibleTo?: string | null) {
  return db
    .selectFrom('cadences')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .$if(!!visibleTo, (q) =>
      q.where((eb) => eb.or([eb('creditor_id', 'is', null), eb('creditor_id', '=', visibleTo!)])),
    )
    .executeTakeFirst();
}

export async function listCadences(db: Db, tenantId: string, activeOnly = false, visibleTo?: string | null) {
  let q = db.selectFrom('cadences').selectAll().where('tenant_id', '=', tenantId);
  if (activeOnly) q = q.where('active', '=', true);
  if (visibleTo)
    q = q.where((eb) => eb.or([eb('creditor_id', 'is', null), eb('creditor_id', '=', visibleTo)]));
  return q.orderBy('created_at').execute();
}

export async function tenantsWithActiveCadences(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('cadences')
    .select('tenant_id')
    .distinct()
    .where('active', '=', true)
    .execute();
  return rows.map((r) => r.tenant_id);
}

// ---- suppressions and flags --------------------------------------------------------------------

export async function insertSuppression(
  db: Db,
  s: {
    tenantId: string;
    debtorId: string;
    kind: 'opt_out' | 'dispute' | 'hardship' | 'repactuation';
    channel: string | null;
    until: Date | null;
    note: string | null;
    by: string;
    /** The creditors it counts for (a portal session's scope); absent: every creditor. */
    creditorIds?: readonly string[] | undefined;
  },
) {
  return db
    .insertInto('contact_suppressions')
    .values({
      tenant_id: s.tenantId,
      debtor_id: s.debtorId,
      kind: s.kind,
      channel: s.channel,
      until: s.until,
      note: s.note,
      created_by: s.by,
      creditor_ids: s.creditorIds ? sql<string[]>`${[...s.creditorIds]}::uuid[]` : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findSuppression(db: Db, tenantId: string, debtorId: string, id: string) {
  return db
    .selectFrom('contact_suppressions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('debtor_id', '=', debtorId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** Ends a suppression at `at` (it stays in the history). */
export async function endSuppression(db: Db, id: string, at: Date) {
  return db
    .updateTable('contact_suppressions')
    .set({ until: at })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function suppressionsOf(db: Db, tenantId: string, debtorId: string) {
  return db
    .selectFrom('contact_suppressions')
    .select(['id', 'kind', 'channel', 'until', 'note', 'created_by', 'created_at'])
    .select(sql<string[] | null>`creditor_ids::text[]`.as('creditor_ids'))
    .where('tenant_id', '=', tenantId)
    .where('debtor_id', '=', debtorId)
    .orderBy('created_at')
    .execute();
}

/**
 * Whether a suppression counts for a message about these creditors: one recorded for every creditor
 * (null) always; one asked in a portal session only for that session's creditors. Creditors unknown
 * (a message about no debt in particular): every suppression counts.
 */
export function suppressionCounts(
  s: { creditor_ids: readonly string[] | null },
  creditorIds: readonly string[] | null,
): boolean {
  return (
    s.creditor_ids === null || creditorIds === null || s.creditor_ids.some((id) => creditorIds.includes(id))
  );
}

export async function flagsOf(db: Db, debtorId: string) {
  return db.selectFrom('contact_flags').selectAll().where('debtor_id', '=', debtorId).executeTakeFirst();
}

/** Moves the last conversation forward only, and never past now (a provider's retry or clock skew). */
export async function markConversation(db: Db, tenantId: string, debtorId: string, at: Date) {
  const when = sql<Date>`LEAST(${at}::timestamptz, now())`;
  await db
    .insertInto('contact_flags')
    .values({ debtor_id: debtorId, tenant_id: tenantId, last_conversation_at: when })
    .onConflict((oc) =>
      oc.column('debtor_id').doUpdateSet({
        last_conversation_at: sql<Date>`GREATEST(contact_flags.last_conversation_at, ${when})`,
        updated_at: dbNow,
      }),
    )
    .execute();
}

export async function setFlags(
  db: Db,
  tenantId: string,
  debtorId: string,
  flags: { deceased?: boolean; vulnerable?: boolean; identityVerified?: boolean },
) {
  const set = {
    ...(flags.deceased !== undefined ? { deceased: flags.deceased } : {}),
    ...(flags.vulnerable !== undefined ? { vulnerable: flags.vulnerable } : {}),
    ...(flags.identityVerified !== undefined ? { identity_verified: flags.identityVerified } : {}),
  };
  await db
    .insertInto('contact_flags')
    .values({ debtor_id: debtorId, tenant_id: tenantId, ...set })
    .onConflict((oc) => oc.column('debtor_id').doUpdateSet({ ...set, updated_at: dbNow }))
    .execute();
}

// ---- outbox ------------------------------------------------------------------------------------

/**
 * Claims due messages with a lease: in one statement, rows are picked with `FOR UPDATE SKIP LOCKED` (so
 * several worker processes drain the outbox side by side, each row going to exactly one of them) and
 * set to 'sending' until `leaseUntil`. A worker that dies mid-send leaves its rows 'sending'; when the
 * lease expires they are due again and are re-sent with the same idempotency key (the outbox id), which
 * the provider uses to drop the repeat.
 */
export async function claimDue(db: Db, now: Date, leaseUntil: Date, limit: number) {
  const result = await sql<Selectable<OutboxTable>>`
    UPDATE outbox SET status = 'sending', not_before = ${leaseUntil}
    WHERE id IN (
      SELECT id FROM outbox
      WHERE status IN ('pending', 'deferred', 'sending') AND not_before <= ${now}
        AND cadence_id <> ${AGENT_CADENCE}::uuid
      ORDER BY not_before LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING *
  `.execute(db);
  return result.rows;
}

export type OutboxRow = Selectable<OutboxTable>;

/** Whether this worker's claim (its lease instant) still holds the row; locks it for the send. */
export async function stillClaimed(db: Tx, id: string, lease: Date): Promise<boolean> {
  const row = await db
    .selectFrom('outbox')
    .select('id')
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .where('not_before', '=', lease)
    .forUpdate()
    .executeTakeFirst();
  return row !== undefined;
}

/** Serialises the messages of one debtor across workers (the frequency caps must see each other's sends). */
export async function lockDebtor(db: Tx, debtorId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${debtorId}, 7))`.execute(db);
}

export async function updateOutbox(
  db: Db,
  id: string,
  set: Partial<{
    status: 'pending' | 'sending' | 'sent' | 'deferred' | 'suppressed' | 'failed' | 'task';
    not_before: Date;
    attempts: number;
    reason: string | null;
    legal_basis: string | null;
    template_version: number;
    rendered_mode: string;
    provider: string;
    provider_message_id: string;
    last_error: string | null;
    sent_at: Date;
    delivery_status: string;
  }>,
) {
  await db.updateTable('outbox').set(set).where('id', '=', id).execute();
}

export async function insertEvent(
  db: Db,
  e: {
    tenantId: string;
    debtorId: string | null;
    outboxId: string | null;
    type: string;
    channel: string | null;
    reason?: string | null;
    details?: unknown;
    at: Date;
  },
) {
  await db
    .insertInto('contact_events')
    .values({
      tenant_id: e.tenantId,
      debtor_id: e.debtorId,
      outbox_id: e.outboxId,
      type: e.type,
      channel: e.channel,
      reason: e.reason ?? null,
      details: JSON.stringify(e.details ?? {}),
      at: e.at,
    })
    .execute();
}

/** Proactive contacts already made (sent) to a debtor since `since`, for the frequency caps. */
export async function sentSince(db: Db, debtorId: string, since: Date) {
  return (
    db
      .selectFrom('outbox')
      // Agent-written messages have no template: they are proactive contacts like any cadence step.
      .leftJoin('templates', 'templates.id', 'outbox.template_id')
      .select(['outbox.sent_at', 'templates.transactional'])
      .where('outbox.debtor_id', '=', debtorId)
      // A phone step (an agent's call) is a contact too.
      .where('outbox.status', 'in', ['sent', 'task'])
      .where('outbox.sent_at', '>=', since)
      .execute()
  );
}

/** An agent-written message, recorded in the outbox like the cadence's so the caps count it. */
export async function insertAgentMessage(
  db: Db,
  m: { tenantId: string; debtorId: string; creditorId: string; channel: string; runDate: string; at: Date },
) {
  return db
    .insertInto('outbox')
    .values({
      tenant_id: m.tenantId,
      debtor_id: m.debtorId,
      creditor_id: m.creditorId,
      cadence_id: AGENT_CADENCE,
      step_id: `agente-${m.at.getTime()}`,
      run_date: m.runDate,
      channel: m.channel,
      template_id: AGENT_CADENCE,
      debt_ids: [],
      not_before: m.at,
      status: 'sending',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Stands for "no cadence / no template" on messages an agent wrote. */
export const AGENT_CADENCE = '00000000-0000-0000-0000-000000000000';

/** One message of the tenant's outbox (scoping by creditor is the caller's: see letterDocument). */
export async function findOutbox(db: Db, tenantId: string, id: string) {
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findOutboxByProviderId(db: Db, providerMessageId: string) {
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('provider_message_id', '=', providerMessageId)
    .executeTakeFirst();
}

export async function messagesOf(db: Db, tenantId: string, debtorId: string, limit: number, offset: number) {
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('debtor_id', '=', debtorId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function eventsOf(db: Db, tenantId: string, debtorId: string, limit: number) {
  return db
    .selectFrom('contact_events')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('debtor_id', '=', debtorId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function recentEvent(db: Db, debtorId: string, type: string, since: Date): Promise<boolean> {
  const row = await db
    .selectFrom('contact_events')
    .select('id')
    .where('debtor_id', '=', debtorId)
    .where('type', '=', type)
    .where('at', '>=', since)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertTask(
  db: Db,
  t: {
    tenantId: string;
    debtorId: string | null;
    kind: AgentTaskKind;
    channel: string | null;
    text: string | null;
    outboxId: string | null;
    details?: Record<string, unknown>;
  },
) {
  return db
    .insertInto('agent_tasks')
    .values({
      tenant_id: t.tenantId,
      debtor_id: t.debtorId,
      kind: t.kind,
      channel: t.channel,
      text: t.text,
      outbox_id: t.outboxId,
      details: JSON.stringify(t.details ?? {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** The open task of this kind about this debtor and creditor, if any (to update instead of repeating). */
export async function findOpenTask(
  db: Db,
  q: { tenantId: string; debtorId: string; kind: AgentTaskKind; creditorId: string },
) {
  return db
    .selectFrom('agent_tasks')
    .select(['id'])
    .where('tenant_id', '=', q.tenantId)
    .where('debtor_id', '=', q.debtorId)
    .where('kind', '=', q.kind)
    .where('status', '=', 'open')
    .where(sql<string>`details->>'creditorId'`, '=', q.creditorId)
    .executeTakeFirst();
}

export async function updateTask(db: Db, id: string, t: { text: string; details: Record<string, unknown> }) {
  await db
    .updateTable('agent_tasks')
    .set({ text: t.text, details: JSON.stringify(t.details) })
    .where('id', '=', id)
    .execute();
}

/** A task for a person to review an automated decision (LGPD art. 20); returns its id and creation time. */
export async function insertReviewTask(
  db: Db,
  t: { tenantId: string; debtorId: string; text: string },
): Promise<{ id: string; createdAt: Date }> {
  const row = await db
    .insertInto('agent_tasks')
    .values({
      tenant_id: t.tenantId,
      debtor_id: t.debtorId,
      kind: 'human_review',
      channel: null,
      text: t.text,
    })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
  return { id: row.id, createdAt: new Date(row.created_at) };
}

/** The debtor's human-review requests still open (agent_tasks of kind human_review), oldest first. */
export async function openReviewTasksOf(db: Db, tenantId: string, debtorId: string) {
  return db
    .selectFrom('agent_tasks')
    .select(['id', 'text', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('debtor_id', '=', debtorId)
    .where('kind', '=', 'human_review')
    .where('status', '=', 'open')
    .orderBy('created_at')
    .execute();
}

export async function openTasks(db: Db, tenantId: string, limit: number, offset: number) {
  return db
    .selectFrom('agent_tasks')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'open')
    .orderBy('created_at')
    .limit(limit)
    .offset(offset)
    .execute();
}

/**
 * Who a reply is from: the debtor we last wrote to who has this phone or e-mail, from any source (a
 * number can be registered for people in several tenants, and a reply belongs to the conversation it
 * answers). Empty when we never wrote to it (the caller then asks the portfolio for every debtor
 * registered with it).
 */
export async function lastRecipient(db: Db, contact: string) {
  const r = await sql<{ id: string; tenant_id: string }>`
    SELECT o.debtor_id AS id, o.tenant_id FROM outbox o
    WHERE o.status = 'sent' AND o.debtor_id IN (${debtorIdsWith(contact)})
    ORDER BY o.sent_at DESC LIMIT 1`.execute(db);
  return r.rows;
}

// Read-only, like the sweep: the contacts of every source (portfolio's tables), matched in the database.
const debtorIdsWith = (contact: string) => sql`
  SELECT cd.debtor_id FROM creditor_debtors cd WHERE cd.phone = ${contact} OR lower(cd.email) = ${contact.toLowerCase()}
  UNION SELECT c.debtor_id FROM debtor_contacts c WHERE lower(c.value) = ${contact.toLowerCase()}`;

/**
 * What the guardrail knows about a debtor, read the same way by the dispatcher, the contact plan, agent
 * messages and replies: the contacts of the last 8 days (the 7-day cap window and a day's margin) with
 * the last conversation, the suppressions, and the flags.
 */
export async function guardrailFacts(
  db: Db,
  tenantId: string,
  debtorId: string,
  now: Date,
  /** The creditors the message is about (null: unknown, every suppression counts). */
  creditorIds: readonly string[] | null = null,
) {
  const flags = await flagsOf(db, debtorId);
  const history: ContactRecord[] = (
    await sentSince(db, debtorId, new Date(now.getTime() - 8 * 86_400_000))
  ).map((h) => ({ at: new Date(h.sent_at!), proactive: !h.transactional }));
  const lastConversationAt = flags?.last_conversation_at ? new Date(flags.last_conversation_at) : null;
  if (lastConversationAt) history.push({ at: lastConversationAt, proactive: false, conversation: true });
  const suppressions: SuppressionEntry[] = (await suppressionsOf(db, tenantId, debtorId))
    .filter((s) => suppressionCounts(s, creditorIds))
    .map((s) => ({
      kind: s.kind,
      channel: s.channel,
      until: s.until ? new Date(s.until) : null,
    }));
  return {
    history,
    suppressions,
    flags: { deceased: flags?.deceased ?? false, vulnerable: flags?.vulnerable ?? false },
    identityVerified: flags?.identity_verified ?? false,
    lastConversationAt,
  };
}

/**
 * Claims a provider's inbound message id: true the first time, false for a replay (the same callback
 * again). Run in the transaction that records what the message does, so a message whose effects were
 * rolled back can arrive again.
 */
export async function claimInboundMessage(
  db: Db,
  provider: 'sms' | 'whatsapp',
  providerMessageId: string,
): Promise<boolean> {
  const row = await db
    .insertInto('inbound_messages')
    .values({ provider, provider_message_id: providerMessageId })
    .onConflict((oc) => oc.columns(['provider', 'provider_message_id']).doNothing())
    .returning('provider_message_id')
    .executeTakeFirst();
  return row !== undefined;
}
