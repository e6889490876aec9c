import { type Kysely, sql } from 'kysely';
import type { Schema } from '../../db-schema.ts';

type Db = Kysely<Schema>;

/**
 * SQL for what the debtor asks on the portal (tasks for a person, pauses, opt-outs, message checks).
 * The tables are contact's: agent_tasks, contact_suppressions, outbox.
 */

export async function insertDebtorTask(
  db: Db,
  t: {
    tenantId: string;
    debtorId: string;
    kind: 'callback' | 'dispute' | 'help_request' | 'human_review';
    channel: string | null;
    text: string;
    dueAt: Date | null;
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
      outbox_id: null,
      due_at: t.dueAt,
    })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
}

/** Ends the debtor's open-ended or future opt-outs of a channel now (the debtor opted back in). */
export async function endOptOuts(
  db: Db,
  tenantId: string,
  debtorId: string,
  channel: string,
  at: Date,
  /** A portal session's scope: only opt-outs asked within it end (never one covering other creditors). */
  creditorIds?: readonly string[],
) {
  await db
    .updateTable('contact_suppressions')
    .set({ until: at })
    .where('tenant_id', '=', tenantId)
    .where('debtor_id', '=', debtorId)
    .where('kind', '=', 'opt_out')
    .where('channel', '=', channel)
    .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>', at)]))
    .$if(creditorIds !== undefined, (q) =>
      q.where(sql<boolean>`creditor_ids IS NOT NULL AND creditor_ids <@ ${[...(creditorIds ?? [])]}::uuid[]`),
    )
    .execute();
}

/** The messages and letters carrying this verification code (normally one). */
export async function findByVerificationCode(db: Db, code: string) {
  return db
    .selectFrom('outbox')
    .select(['id', 'tenant_id', 'creditor_id', 'channel', 'status', 'run_date', 'sent_at'])
    .where('verification_code', '=', code)
    .orderBy('created_at', 'desc')
    .limit(5)
    .execute();
}

export async function tasksOf(db: Db, tenantId: string, debtorId: string) {
  return db
    .selectFrom('agent_tasks')
    .select(['id', 'kind', 'channel', 'text', 'status', 'created_at', 'due_at'])
    .where('tenant_id', '=', tenantId)
    .where('debtor_id', '=', debtorId)
    .orderBy('created_at', 'desc')
    .limit(500)
    .execute();
}

/** The debtor a message link points to: an outbox message, or a NEGOCIAR reply's reference. */
export async function debtorOfLinkRef(db: Db, ref: string, isUuidRef: boolean) {
  if (isUuidRef) {
    const msg = await db
      .selectFrom('outbox')
      .select(['debtor_id', 'tenant_id', 'creditor_id'])
      .where('id', '=', ref)
      .executeTakeFirst();
    if (msg) return msg;
  }
  const reply = await db
    .selectFrom('contact_events')
    .select(['debtor_id', 'tenant_id'])
    .where('type', '=', 'reply_sent')
    .where(sql<boolean>`details->>'ref' = ${ref}`)
    .executeTakeFirst();
  return reply?.debtor_id
    ? { debtor_id: reply.debtor_id, tenant_id: reply.tenant_id, creditor_id: null }
    : undefined;
}
