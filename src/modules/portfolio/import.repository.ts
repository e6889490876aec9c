import { type Kysely, sql } from 'kysely';
import type { Schema } from '../../db-schema.ts';
import { storableJson, storableText } from '../../platform/control-chars.ts';
import { dbNow, type Session } from '../../platform/db.ts';
import { type ImportLineError, STAGING_COLUMNS } from './import.rules.ts';

type Db = Kysely<Schema>;

/**
 * SQL of the import (ADR 0004). Validated rows are bulk-loaded (COPY) into `import_staging`, keyed by
 * import, in batches; then checked as a set, classified and applied chunk by chunk, each chunk a short
 * transaction of its own, so no step holds a connection (the only one, on PGlite) for long. Every
 * step is idempotent: a chunk that runs twice writes nothing new.
 */
const STAGING_COPY_COLUMNS = ['import_id', ...STAGING_COLUMNS] as const;

/** One batch of validated rows (CSV: the import id, then the columns of STAGING_COLUMNS). */
export function copyStaged(s: Session, csv: Uint8Array): Promise<void> {
  return s.copyCsv('import_staging', STAGING_COPY_COLUMNS, csv);
}

/** Planner statistics once a file is staged (the set checks join it with debts and debtors). */
export async function analyzeStaging(s: Session): Promise<void> {
  await s.exec('ANALYZE import_staging');
}

/** Deletes up to `limit` staged rows of an import; returns how many went (0 = none left). */
export async function deleteStagedBatch(s: Session, importId: string, limit: number): Promise<number> {
  const rows = await s.query<{ n: number }>(
    `WITH gone AS (
       DELETE FROM import_staging WHERE import_id = $1 AND line IN (
         SELECT line FROM import_staging WHERE import_id = $1 ORDER BY line LIMIT $2)
       RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [importId, limit],
  );
  return rows[0]?.n ?? 0;
}

/**
 * Imports of a creditor left behind by a process that stopped: staged rows of imports that are not
 * being applied (`stale`: to delete) and imports whose apply had started (`applying`: to finish).
 * Called under the creditor's import lock, so none of them is running.
 */
export async function leftoverImports(
  db: Db,
  creditorId: string,
  exceptId: string,
): Promise<{ stale: string[]; applying: string[] }> {
  const rows = await sql<{ id: string; apply_state: string | null }>`
    SELECT i.id, i.apply_state FROM imports i
    WHERE i.creditor_id = ${creditorId} AND i.id <> ${exceptId}
      AND (i.apply_state = 'applying' OR EXISTS (SELECT 1 FROM import_staging st WHERE st.import_id = i.id))
    ORDER BY i.created_at`.execute(db);
  return {
    stale: rows.rows.filter((r) => r.apply_state !== 'applying').map((r) => r.id),
    applying: rows.rows.filter((r) => r.apply_state === 'applying').map((r) => r.id),
  };
}

/**
 * Imports of the creditor marked running without holding the lock the caller holds now: their
 * process stopped before the apply began (nothing was written). A queued job retries them.
 */
export async function failInterruptedImports(db: Db, creditorId: string, exceptId: string): Promise<void> {
  await db
    .updateTable('imports')
    .set({
      status: 'failed',
      failure:
        'importação interrompida antes de gravar (o processo parou); nada foi gravado — reenvie o arquivo',
      finished_at: dbNow,
    })
    .where('creditor_id', '=', creditorId)
    .where('id', '<>', exceptId)
    .where('status', '=', 'running')
    .where('apply_state', 'is', null)
    .execute();
}

/**
 * Set-level checks and classification of the staged lines whose line number is in [fromLine, toLine),
 * in one short transaction. Marks offending lines `rejected` and returns their errors (each chunk
 * sees the whole file: a duplicate is found against every earlier line). Then counts, over the
 * accepted lines, how each relates to what is stored (new, changed, identical debt) — before anything is
 * written; the caller stores the counts with the report before the apply (startApplying), so they stay
 * those of the file even if the apply is interrupted and resumed.
 */
export async function checkStagedChunk(
  s: Session,
  scope: { tenantId: string; creditorId: string; importId: string },
  fromLine: number,
  toLine: number,
): Promise<{ errors: ImportLineError[]; created: number; updated: number; unchanged: number }> {
  // The same external_id twice in one file: the first line stands, the others are errors.
  const dupRows = await s.query<{ line: number; external_id: string; first_line: number }>(
    `WITH ranked AS (
       SELECT st.line, (SELECT min(o.line) FROM import_staging o
                        WHERE o.import_id = $1 AND o.external_id = st.external_id) AS first_line
       FROM import_staging st WHERE st.import_id = $1 AND st.line >= $2 AND st.line < $3
     ), marked AS (
       UPDATE import_staging s SET rejected = true FROM ranked r
       WHERE s.import_id = $1 AND s.line = r.line AND r.first_line < r.line
       RETURNING s.line, s.external_id, r.first_line
     )
     SELECT * FROM marked ORDER BY line`,
    [scope.importId, fromLine, toLine],
  );
  // An existing debt cannot move to another debtor, nor change once it left 'open' (e.g. in an agreement).
  const conflictRows = await s.query<{ line: number; external_id: string; document: string; reason: string }>(
    `WITH conflicts AS (
       SELECT st.line, st.external_id, st.document,
         CASE WHEN d.document <> st.document THEN 'owner' ELSE 'status:' || debt.status END AS reason
       FROM import_staging st
       JOIN debts debt ON debt.creditor_id = $5 AND debt.external_id = st.external_id
       JOIN debtors d ON d.id = debt.debtor_id
       WHERE st.import_id = $1 AND st.line >= $2 AND st.line < $3 AND NOT st.rejected AND debt.tenant_id = $4
         AND (d.document <> st.document OR (debt.status <> 'open' AND
           (debt.original_amount_cents, debt.due_date) IS DISTINCT FROM (st.amount_cents, st.due_date)))
     ), marked AS (
       UPDATE import_staging s SET rejected = true FROM conflicts c WHERE s.import_id = $1 AND s.line = c.line
       RETURNING c.line, c.external_id, c.document, c.reason
     )
     SELECT * FROM marked ORDER BY line`,
    [scope.importId, fromLine, toLine, scope.tenantId, scope.creditorId],
  );
  const [counts] = await s.query<{ created: number; updated: number; unchanged: number }>(
    `SELECT
       count(*) FILTER (WHERE d.id IS NULL)::int AS created,
       count(*) FILTER (WHERE d.id IS NOT NULL AND ${DEBT_CHANGED})::int AS updated,
       count(*) FILTER (WHERE d.id IS NOT NULL AND NOT ${DEBT_CHANGED})::int AS unchanged
     FROM import_staging st
     LEFT JOIN debts d ON d.creditor_id = $5 AND d.external_id = st.external_id AND d.tenant_id = $4
     WHERE st.import_id = $1 AND st.line >= $2 AND st.line < $3 AND NOT st.rejected`,
    [scope.importId, fromLine, toLine, scope.tenantId, scope.creditorId],
  );
  const errors: ImportLineError[] = [];
  for (const r of dupRows) {
    errors.push({
      line: r.line,
      column: 'external_id',
      value: r.external_id,
      message: `external_id repetido no arquivo (já aparece na linha ${r.first_line})`,
    });
  }
  for (const r of conflictRows) {
    errors.push({
      line: r.line,
      column: r.reason === 'owner' ? 'document' : 'original_amount',
      // The cell the error names: the line's document for an owner conflict.
      value: r.reason === 'owner' ? r.document : r.external_id,
      message:
        r.reason === 'owner'
          ? `a dívida ${r.external_id} já está cadastrada para outro devedor (documento diferente)`
          : `a dívida ${r.external_id} está em situação "${r.reason.slice(7)}" e não pode ter valor ou vencimento alterados por importação`,
    });
  }
  errors.sort((a, b) => a.line - b.line);
  return { errors, ...(counts ?? { created: 0, updated: 0, unchanged: 0 }) };
}

// Written against aliases d (stored debt) and st (staged line).
const DEBT_CHANGED = `((d.product, d.original_amount_cents, d.due_date, d.fine_percent, d.monthly_interest_percent, d.fees_percent,
    d.fine_not_agreed, d.interest_not_agreed, d.product_type, d.prescription_interrupted_on)
  IS DISTINCT FROM (st.product, st.amount_cents, st.due_date, st.fine_percent, st.monthly_interest_percent, st.fees_percent,
    st.fine_not_agreed, st.interest_not_agreed, st.product_type, COALESCE(d.prescription_interrupted_on, st.acknowledged_on)))`;

/**
 * The end of the next apply chunk: the document `size` accepted lines after `after` (null = the
 * start), or null when fewer remain (the chunk runs to the end). A chunk holds every line of each of
 * its documents, so a debtor is merged from all of its lines at once.
 */
export async function nextApplyBoundary(
  s: Session,
  importId: string,
  after: string | null,
  size: number,
): Promise<string | null> {
  const rows = await s.query<{ document: string }>(
    `SELECT document FROM import_staging
     WHERE import_id = $1 AND ($2::text IS NULL OR document > $2) AND NOT rejected
     ORDER BY document OFFSET $3 LIMIT 1`,
    [importId, after, size - 1],
  );
  return rows[0]?.document ?? null;
}

/**
 * Applies the accepted lines whose document is in (after, through] (through null = to the end) and
 * records the progress, in the caller's (short) transaction. Debtors: one per document per tenant;
 * for each field the latest line of the file that has a value wins, and an empty cell never erases a
 * stored contact. Rows whose values did not change are not rewritten, so re-sending a file — or
 * running a chunk again after a crash — changes nothing.
 */
export async function applyStagedChunk(
  s: Session,
  scope: { tenantId: string; creditorId: string; importId: string },
  after: string | null,
  through: string | null,
): Promise<void> {
  const params = [scope.tenantId, scope.creditorId, scope.importId, after, through];
  const inRange = `st.import_id = $3 AND NOT st.rejected AND ($4::text IS NULL OR st.document > $4)
    AND ($5::text IS NULL OR st.document <= $5)`;
  // The same range on the stored debtors: the planner then reads only this chunk's part of the
  // (tenant, document) index, whatever its statistics say (without it, a hash join read every debtor
  // of the tenant for each chunk).
  const debtorInRange = (alias: string) =>
    `($4::text IS NULL OR ${alias}.document > $4) AND ($5::text IS NULL OR ${alias}.document <= $5)`;
  // One row per document: for each field, the latest line of the file that has a value.
  const importDebtors = `(SELECT document, min(document_kind) AS document_kind,
      (array_agg(debtor_id ORDER BY line))[1] AS new_debtor_id,
      (array_agg(name ORDER BY line DESC))[1] AS name,
      (array_agg(birth_date ORDER BY line DESC) FILTER (WHERE birth_date IS NOT NULL))[1] AS birth_date,
      (array_agg(email ORDER BY line DESC) FILTER (WHERE email IS NOT NULL))[1] AS email,
      (array_agg(phone ORDER BY line DESC) FILTER (WHERE phone IS NOT NULL))[1] AS phone,
      (array_agg(state ORDER BY line DESC) FILTER (WHERE state IS NOT NULL))[1] AS state,
      (array_agg(city ORDER BY line DESC) FILTER (WHERE city IS NOT NULL))[1] AS city
    FROM import_staging st WHERE ${inRange} GROUP BY document)`;
  // The agency's view: one debtor per document per tenant; an empty cell never erases a contact.
  // Only the creditor that first supplied the person updates it: another creditor importing the same
  // CPF (by mistake or on purpose) must not rename the person or redirect another creditor's messages —
  // what it sent lives in its own creditor_debtors row.
  await s.query(
    `INSERT INTO debtors AS t (id, tenant_id, document, document_kind, name, birth_date, email, phone, state, city,
       source_creditor_id)
     SELECT new_debtor_id, $1, document, document_kind, name, birth_date, email, phone, state, city, $2
     FROM ${importDebtors} x
     ON CONFLICT (tenant_id, document) DO UPDATE SET ${MERGE_CONTACTS},
       source_creditor_id = EXCLUDED.source_creditor_id, updated_at = now()
     WHERE (t.source_creditor_id = $2 OR t.source_creditor_id IS NULL) AND ${CONTACTS_CHANGED}`,
    params,
  );
  // The creditor's own view: what this creditor sent, never what another creditor of the agency sent.
  await s.query(
    `INSERT INTO creditor_debtors AS t (creditor_id, debtor_id, tenant_id, name, birth_date, email, phone, state, city)
     SELECT $2, d.id, $1, x.name, x.birth_date, x.email, x.phone, x.state, x.city
     FROM ${importDebtors} x JOIN debtors d ON d.tenant_id = $1 AND d.document = x.document AND ${debtorInRange('d')}
     ON CONFLICT (creditor_id, debtor_id) DO UPDATE SET ${MERGE_CONTACTS}, updated_at = now()
     WHERE ${CONTACTS_CHANGED}`,
    params,
  );
  await s.query(
    // prescription_interrupted_on: an interruption happens once (CC art. 202 caput), so a stored one is
    // never replaced by a later file; an empty cell never erases it.
    `INSERT INTO debts AS d (id, tenant_id, creditor_id, debtor_id, external_id, product, original_amount_cents, due_date,
       fine_percent, monthly_interest_percent, fees_percent, fine_not_agreed, interest_not_agreed, product_type,
       prescription_interrupted_on, import_id)
     SELECT st.debt_id, $1, $2, db.id, st.external_id, st.product, st.amount_cents, st.due_date,
       st.fine_percent, st.monthly_interest_percent, st.fees_percent, st.fine_not_agreed, st.interest_not_agreed,
       st.product_type, st.acknowledged_on, $3
     FROM import_staging st JOIN debtors db ON db.tenant_id = $1 AND db.document = st.document AND ${debtorInRange('db')}
     WHERE ${inRange}
     ON CONFLICT (creditor_id, external_id) DO UPDATE SET
       product = EXCLUDED.product,
       original_amount_cents = EXCLUDED.original_amount_cents,
       due_date = EXCLUDED.due_date,
       fine_percent = EXCLUDED.fine_percent,
       monthly_interest_percent = EXCLUDED.monthly_interest_percent,
       fees_percent = EXCLUDED.fees_percent,
       fine_not_agreed = EXCLUDED.fine_not_agreed,
       interest_not_agreed = EXCLUDED.interest_not_agreed,
       product_type = EXCLUDED.product_type,
       prescription_interrupted_on = COALESCE(d.prescription_interrupted_on, EXCLUDED.prescription_interrupted_on),
       import_id = EXCLUDED.import_id,
       updated_at = now()
     WHERE d.tenant_id = $1
       -- Checked before the apply (checkStagedChunk); checked again here because an agreement may have
       -- been accepted on the debt since: a debt that left 'open' never gets a new amount or due date.
       AND (d.status = 'open' OR (d.original_amount_cents, d.due_date) IS NOT DISTINCT FROM
         (EXCLUDED.original_amount_cents, EXCLUDED.due_date))
       AND (d.product, d.original_amount_cents, d.due_date, d.fine_percent, d.monthly_interest_percent,
         d.fees_percent, d.fine_not_agreed, d.interest_not_agreed, d.product_type, d.prescription_interrupted_on)
       IS DISTINCT FROM (EXCLUDED.product, EXCLUDED.original_amount_cents, EXCLUDED.due_date, EXCLUDED.fine_percent,
         EXCLUDED.monthly_interest_percent, EXCLUDED.fees_percent, EXCLUDED.fine_not_agreed, EXCLUDED.interest_not_agreed,
         EXCLUDED.product_type, COALESCE(d.prescription_interrupted_on, EXCLUDED.prescription_interrupted_on))`,
    params,
  );
  await s.query('UPDATE imports SET applied_through = $2 WHERE id = $1', [scope.importId, through]);
}

// Written against the conflicting row `t` and the proposed row EXCLUDED.
const MERGE_CONTACTS = `name = EXCLUDED.name,
  birth_date = COALESCE(EXCLUDED.birth_date, t.birth_date), email = COALESCE(EXCLUDED.email, t.email),
  phone = COALESCE(EXCLUDED.phone, t.phone), state = COALESCE(EXCLUDED.state, t.state),
  city = COALESCE(EXCLUDED.city, t.city)`;
const CONTACTS_CHANGED = `(t.name, t.birth_date, t.email, t.phone, t.state, t.city) IS DISTINCT FROM
  (EXCLUDED.name, COALESCE(EXCLUDED.birth_date, t.birth_date), COALESCE(EXCLUDED.email, t.email),
   COALESCE(EXCLUDED.phone, t.phone), COALESCE(EXCLUDED.state, t.state), COALESCE(EXCLUDED.city, t.city))`;

// ---- the imports table (the record of every attempt, accepted or not) ----

export async function insertImport(
  db: Db,
  values: {
    tenantId: string;
    creditorId: string;
    mode: 'all' | 'partial';
    status: 'queued' | 'running';
    createdBy: string | null;
  },
): Promise<string> {
  const row = await db
    .insertInto('imports')
    .values({
      tenant_id: values.tenantId,
      creditor_id: values.creditorId,
      mode: values.mode,
      status: values.status,
      created_by: values.createdBy,
      errors: '[]',
      warnings: '[]',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface ImportOutcome {
  status: 'completed' | 'rejected' | 'failed';
  fileSha256: string | null;
  fileBytes: number;
  lines: number;
  accepted: number;
  rejected: number;
  created: number;
  updated: number;
  unchanged: number;
  errorsTotal: number;
  errors: ImportLineError[];
  warnings: string[];
  lineWarnings: ImportLineError[];
  lineWarningsTotal: number;
  failure: string | null;
}

/** The import's report as stored: the same columns when the apply starts and when the import ends. */
function reportColumns(o: Omit<ImportOutcome, 'status' | 'failure'>) {
  return {
    file_sha256: o.fileSha256,
    file_bytes: o.fileBytes,
    lines: o.lines,
    accepted: o.accepted,
    rejected: o.rejected,
    created_count: o.created,
    updated_count: o.updated,
    unchanged_count: o.unchanged,
    errors_total: o.errorsTotal,
    // Errors quote the file's cells, which may hold a NUL (jsonb cannot).
    errors: storableJson(o.errors),
    warnings: storableJson(o.warnings),
    line_warnings: storableJson(o.lineWarnings),
    line_warnings_total: o.lineWarningsTotal,
  };
}

export async function finishImport(db: Db, id: string, o: ImportOutcome): Promise<void> {
  await db
    .updateTable('imports')
    .set({
      status: o.status,
      ...reportColumns(o),
      failure: o.failure === null ? null : storableText(o.failure),
      finished_at: dbNow,
    })
    .where('id', '=', id)
    .execute();
}

/**
 * The whole file is validated and classified: the report is stored as it will be shown (status still
 * 'running'), and the chunked apply begins. From here on a retry finishes the apply instead of
 * starting over.
 */
export async function startApplying(db: Db, id: string, o: Omit<ImportOutcome, 'status' | 'failure'>) {
  await db
    .updateTable('imports')
    .set({
      status: 'running',
      apply_state: 'applying',
      applied_through: null,
      ...reportColumns(o),
      failure: null,
    })
    .where('id', '=', id)
    .execute();
}

/** Every chunk was applied: the import is completed (its stored report is final since startApplying). */
export async function completeApplied(db: Db, id: string): Promise<void> {
  await db
    .updateTable('imports')
    .set({ status: 'completed', apply_state: 'applied', finished_at: dbNow })
    .where('id', '=', id)
    .execute();
}

/** An attempt failed; the stored report is kept (an apply under way is finished by the retry). */
export async function markImportFailed(db: Db, id: string, failure: string): Promise<void> {
  await db
    .updateTable('imports')
    .set({ status: 'failed', failure: storableText(failure), finished_at: dbNow })
    .where('id', '=', id)
    .execute();
}

export async function markImportRunning(db: Db, id: string): Promise<void> {
  await db.updateTable('imports').set({ status: 'running' }).where('id', '=', id).execute();
}

/** Unscoped: for the import job, which acts on an import already authorised at upload. */
export async function findImportById(db: Db, id: string) {
  return db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findImport(db: Db, tenantId: string, id: string) {
  return db
    .selectFrom('imports')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function saveUploadChunk(
  db: Db,
  importId: string,
  seq: number,
  chunk: Uint8Array,
): Promise<void> {
  await db.insertInto('import_uploads').values({ import_id: importId, seq, chunk }).execute();
}

export async function* readUploadChunks(db: Db, importId: string): AsyncGenerator<Uint8Array> {
  for (let seq = 0; ; seq++) {
    const row = await db
      .selectFrom('import_uploads')
      .select('chunk')
      .where('import_id', '=', importId)
      .where('seq', '=', seq)
      .executeTakeFirst();
    if (!row) return;
    yield row.chunk;
  }
}

export async function deleteUpload(db: Db, importId: string): Promise<void> {
  await db.deleteFrom('import_uploads').where('import_id', '=', importId).execute();
}
