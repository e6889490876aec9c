import { type Kysely, sql } from 'kysely';
import type { Schema } from '../../db-schema.ts';

type Db = Kysely<Schema>;

// ---- identification (codes, failures, locks) --------------------------------------------------

export async function identification(db: Db, tenantId: string, subject: string) {
  return db
    .selectFrom('portal_identifications')
    .select(['failed_attempts', 'locked_until'])
    .where('tenant_id', '=', tenantId)
    .where('subject', '=', subject)
    .executeTakeFirst();
}

export async function saveIdentification(
  db: Db,
  tenantId: string,
  subject: string,
  state: { failedAttempts: number; lockedUntil: Date | null },
  at: Date,
) {
  await db
    .insertInto('portal_identifications')
    .values({
      tenant_id: tenantId,
      subject,
      failed_attempts: state.failedAttempts,
      locked_until: state.lockedUntil,
      updated_at: at,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'subject']).doUpdateSet({
        failed_attempts: state.failedAttempts,
        locked_until: state.lockedUntil,
        updated_at: at,
      }),
    )
    .execute();
}

/** Serialises verification attempts of one subject (no two wrong guesses counted as one). */
export async function lockIdentification(db: Db, tenantId: string, subject: string) {
  await db
    .insertInto('portal_identifications')
    .values({ tenant_id: tenantId, subject })
    .onConflict((oc) => oc.columns(['tenant_id', 'subject']).doNothing())
    .execute();
  await db
    .selectFrom('portal_identifications')
    .select('subject')
    .where('tenant_id', '=', tenantId)
    .where('subject', '=', subject)
    .forUpdate()
    .execute();
}

export async function insertCode(
  db: Db,
  c: {
    tenantId: string;
    subject: string;
    debtorId: string | null;
    codeHash: string;
    channel: string | null;
    contactValue: string | null;
    creditorIds: readonly string[];
    expiresAt: Date;
  },
) {
  await db
    .insertInto('portal_codes')
    .values({
      tenant_id: c.tenantId,
      subject: c.subject,
      debtor_id: c.debtorId,
      code_hash: c.codeHash,
      channel: c.channel,
      contact_value: c.contactValue,
      creditor_ids: sql<string[]>`${[...c.creditorIds]}::uuid[]`,
      expires_at: c.expiresAt,
    })
    .execute();
}

/** Codes of the subject still valid at `at` (unused, not expired). */
export async function liveCodes(db: Db, tenantId: string, subject: string, at: Date) {
  return db
    .selectFrom('portal_codes')
    .select(['id', 'code_hash', 'debtor_id', 'channel', 'contact_value'])
    .select(sql<string[]>`creditor_ids::text[]`.as('creditor_ids'))
    .where('tenant_id', '=', tenantId)
    .where('subject', '=', subject)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .orderBy('created_at', 'desc')
    .limit(10)
    .execute();
}

/** Single use: only one caller gets `true` for a code. */
export async function useCode(db: Db, id: string, at: Date): Promise<boolean> {
  const row = await db
    .updateTable('portal_codes')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

// ---- rate limits ------------------------------------------------------------------------------

/** Adds one hit to the window and returns the count after it (atomic across processes). */
export async function hit(db: Db, key: string, windowStart: Date): Promise<number> {
  const row = await db
    .insertInto('portal_rate_limits')
    .values({ key, window_start: windowStart, hits: 1 })
    .onConflict((oc) =>
      oc.columns(['key', 'window_start']).doUpdateSet({ hits: sql`portal_rate_limits.hits + 1` }),
    )
    .returning('hits')
    .executeTakeFirstOrThrow();
  return row.hits;
}

export async function purgeRateLimits(db: Db, before: Date): Promise<number> {
  const r = await db.deleteFrom('portal_rate_limits').where('window_start', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** One-time codes past their expiry: useless (only live codes are compared), so not kept. */
export async function purgeCodes(db: Db, before: Date): Promise<number> {
  const r = await db.deleteFrom('portal_codes').where('expires_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Sessions that ended before `before` (their expiry is never earlier than their end). */
export async function purgeSessions(db: Db, before: Date): Promise<number> {
  const r = await db.deleteFrom('portal_sessions').where('expires_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

// ---- sessions ---------------------------------------------------------------------------------

export async function insertSession(
  db: Db,
  s: {
    idHash: string;
    tenantId: string;
    debtorId: string;
    csrfToken: string;
    at: Date;
    expiresAt: Date;
    creditorIds: readonly string[];
  },
) {
  await db
    .insertInto('portal_sessions')
    .values({
      id_hash: s.idHash,
      tenant_id: s.tenantId,
      debtor_id: s.debtorId,
      csrf_token: s.csrfToken,
      created_at: s.at,
      last_seen_at: s.at,
      expires_at: s.expiresAt,
      creditor_ids: sql<string[]>`${[...s.creditorIds]}::uuid[]`,
    })
    .execute();
}

export async function findSession(db: Db, idHash: string) {
  return db
    .selectFrom('portal_sessions')
    .select(['tenant_id', 'debtor_id', 'csrf_token', 'created_at', 'last_seen_at'])
    .select(sql<string[]>`creditor_ids::text[]`.as('creditor_ids'))
    .where('id_hash', '=', idHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function touchSession(db: Db, idHash: string, at: Date, expiresAt: Date) {
  await db
    .updateTable('portal_sessions')
    .set({ last_seen_at: at, expires_at: expiresAt })
    .where('id_hash', '=', idHash)
    .execute();
}

export async function revokeSession(db: Db, idHash: string, at: Date) {
  await db
    .updateTable('portal_sessions')
    .set({ revoked_at: at })
    .where('id_hash', '=', idHash)
    .where('revoked_at', 'is', null)
    .execute();
}

// ---- disputes ---------------------------------------------------------------------------------

export async function insertDispute(
  db: Db,
  d: {
    tenantId: string;
    debtorId: string;
    debtId: string;
    protocol: string;
    reason: 'not_mine' | 'already_paid' | 'wrong_amount' | 'other';
    details: string | null;
    answerBy: string;
  },
) {
  return db
    .insertInto('portal_disputes')
    .values({
      tenant_id: d.tenantId,
      debtor_id: d.debtorId,
      debt_id: d.debtId,
      protocol: d.protocol,
      reason: d.reason,
      details: d.details,
      answer_by: d.answerBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function disputesOf(db: Db, tenantId: string, debtorId: string) {
  return db
    .selectFrom('portal_disputes')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('debtor_id', '=', debtorId)
    .orderBy('created_at', 'desc')
    .execute();
}

/** The person's sessions whose scope lies within `creditorIds` (another scope's sessions are not told). */
export async function sessionsOf(db: Db, tenantId: string, debtorId: string, creditorIds: readonly string[]) {
  return db
    .selectFrom('portal_sessions')
    .select(['created_at', 'last_seen_at', 'revoked_at'])
    .where('tenant_id', '=', tenantId)
    .where('debtor_id', '=', debtorId)
    .where(sql<boolean>`cardinality(creditor_ids) > 0 AND creditor_ids <@ ${[...creditorIds]}::uuid[]`)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
}
