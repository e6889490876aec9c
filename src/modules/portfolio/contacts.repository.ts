import { type Kysely, sql } from 'kysely';
import type { ContactKind, Schema } from '../../db-schema.ts';

type Db = Kysely<Schema>;

export type ContactSource = 'creditor' | 'debtor' | 'agent';

export interface ContactRow {
  kind: ContactKind;
  value: string;
  source: ContactSource;
  creditor_id: string | null;
  created_at: Date;
  /** When the debtor confirmed it for (one of) the creditors asked about; null when not. */
  confirmed_at: Date | null;
  /** Every creditor the confirmation counts for (the scopes of the sessions that confirmed it). */
  confirmed_for: string[];
}

/**
 * Every contact of a debtor with its source and confirmation, in one statement: what each creditor's
 * imports supplied (creditor_debtors: the latest phone and e-mail of each creditor), and what the debtor
 * or an agent added (debtor_contacts). `creditorIds` limits creditor-supplied contacts to those
 * creditors; `confirmedOnly` keeps, of the rest, only what the debtor confirmed.
 */
export async function contactsOf(
  db: Db,
  q: { tenantId: string; debtorId: string; creditorIds?: readonly string[]; onlyUsable?: boolean },
): Promise<ContactRow[]> {
  const ids = q.creditorIds ? [...q.creditorIds] : null;
  // A confirmation counts only for the creditors of the session that made it: asked about creditors X,
  // a contact confirmed in a session about Y only is not confirmed (audit issue 10 item 2, portal).
  const confirmedHere = ids
    ? sql`(cc.confirmed_at IS NOT NULL AND cc.creditor_ids && ${ids}::uuid[])`
    : sql`(cc.confirmed_at IS NOT NULL AND cardinality(cc.creditor_ids) > 0)`;
  const r = await sql<ContactRow>`
    WITH supplied AS (
      SELECT 'phone' AS kind, cd.phone AS value, 'creditor' AS source, cd.creditor_id, cd.created_at
      FROM creditor_debtors cd
      WHERE cd.tenant_id = ${q.tenantId}::uuid AND cd.debtor_id = ${q.debtorId}::uuid AND cd.phone IS NOT NULL
      UNION ALL
      SELECT 'email', cd.email, 'creditor', cd.creditor_id, cd.created_at
      FROM creditor_debtors cd
      WHERE cd.tenant_id = ${q.tenantId}::uuid AND cd.debtor_id = ${q.debtorId}::uuid AND cd.email IS NOT NULL
      UNION ALL
      SELECT c.kind, c.value, c.source, NULL::uuid, c.created_at
      FROM debtor_contacts c
      WHERE c.tenant_id = ${q.tenantId}::uuid AND c.debtor_id = ${q.debtorId}::uuid
    )
    SELECT s.kind, s.value, s.source, s.creditor_id, s.created_at,
      CASE WHEN ${confirmedHere} THEN cc.confirmed_at END AS confirmed_at,
      COALESCE(cc.creditor_ids, '{}'::uuid[])::text[] AS confirmed_for
    FROM supplied s
    LEFT JOIN contact_confirmations cc ON cc.debtor_id = ${q.debtorId}::uuid AND cc.kind = s.kind
      AND cc.value = s.value
    WHERE true
      ${
        q.onlyUsable
          ? sql`AND (${confirmedHere} OR (s.source = 'creditor' AND s.creditor_id = ANY(${ids ?? []}::uuid[])))`
          : ids
            ? sql`AND (s.source <> 'creditor' OR s.creditor_id = ANY(${ids}::uuid[]))`
            : sql``
      }
    ORDER BY (NOT ${confirmedHere}), cc.confirmed_at DESC, s.created_at DESC, s.source, s.value`.execute(db);
  // `::text[]` comes back as an array on both drivers (as `creditor_ids` elsewhere).
  return r.rows.map((row) => ({ ...row, created_at: new Date(row.created_at) }));
}

/** Whether any source supplied this contact for the debtor (a confirmation of an unknown one adds it). */
export async function contactKnown(db: Db, debtorId: string, kind: ContactKind, value: string) {
  const column = kind === 'phone' ? sql.ref('phone') : sql.ref('email');
  const r = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM (
      SELECT 1 FROM creditor_debtors WHERE debtor_id = ${debtorId}::uuid AND ${column} = ${value}
      UNION ALL
      SELECT 1 FROM debtor_contacts WHERE debtor_id = ${debtorId}::uuid AND kind = ${kind} AND value = ${value}
    ) x`.execute(db);
  return (r.rows[0]?.n ?? 0) > 0;
}

export async function insertContact(
  db: Db,
  c: {
    tenantId: string;
    debtorId: string;
    kind: ContactKind;
    value: string;
    source: 'debtor' | 'agent';
    by: string;
  },
): Promise<boolean> {
  const r = await db
    .insertInto('debtor_contacts')
    .values({
      tenant_id: c.tenantId,
      debtor_id: c.debtorId,
      kind: c.kind,
      value: c.value,
      source: c.source,
      created_by: c.by,
    })
    .onConflict((oc) => oc.columns(['debtor_id', 'kind', 'value', 'source']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Records a confirmation for these creditors, adding them to those it already counted for. */
export async function upsertConfirmation(
  db: Db,
  c: {
    tenantId: string;
    debtorId: string;
    kind: ContactKind;
    value: string;
    method: string;
    at: Date;
    creditorIds: readonly string[];
  },
) {
  const ids = [...new Set(c.creditorIds)];
  await sql`
    INSERT INTO contact_confirmations (tenant_id, debtor_id, kind, value, method, confirmed_at, creditor_ids)
    VALUES (${c.tenantId}::uuid, ${c.debtorId}::uuid, ${c.kind}, ${c.value}, ${c.method}, ${c.at},
      ${ids}::uuid[])
    ON CONFLICT (debtor_id, kind, value) DO UPDATE SET method = EXCLUDED.method,
      confirmed_at = EXCLUDED.confirmed_at,
      creditor_ids = ARRAY(SELECT DISTINCT x FROM unnest(contact_confirmations.creditor_ids || EXCLUDED.creditor_ids) x ORDER BY x)`.execute(
    db,
  );
}

export async function debtorInTenant(db: Db, tenantId: string, debtorId: string): Promise<boolean> {
  const row = await db
    .selectFrom('debtors')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', debtorId)
    .executeTakeFirst();
  return row !== undefined;
}
