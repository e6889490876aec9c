import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { AppContext } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { uuidv7 } from '../../platform/uuid7.ts';
import { getCreditor } from '../creditors/index.ts';
import { actorOf, can, canAccessCreditor, type Principal, recordAudit } from '../identity/index.ts';
import { CsvFormatError, openCsv } from './csv-reader.ts';
import * as repo from './import.repository.ts';
import {
  type HeaderMap,
  type ImportLineError,
  mapHeader,
  toStagingCsv,
  validateRow,
} from './import.rules.ts';

export type ImportMode = 'all' | 'partial';

/** What the API returns for an import (also stored in `imports`). */
export interface ImportReport {
  importId: string;
  status: 'queued' | 'running' | 'completed' | 'rejected' | 'failed';
  mode: ImportMode;
  lines: number;
  accepted: number;
  rejected: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: ImportLineError[];
  errorsTotal: number;
  warnings: string[];
  /** Lines kept without an invalid optional contact (phone, e-mail): line, column, value and cause. */
  lineWarnings: ImportLineError[];
  lineWarningsTotal: number;
  encoding?: string;
  delimiter?: string;
}

export interface ImportProgress {
  bytes: number;
  lines: number;
}

/** Errors kept in the report; the count stays exact beyond it. */
export const MAX_REPORTED_ERRORS = 10_000;

/**
 * The sizes of the import's chunks (ADR 0004), per engine. Each chunk is one short transaction, and
 * the import yields to the event loop between chunks, so on the embedded database (one connection,
 * queries run one at a time, in this very process) another tenant's request waits for at most one
 * chunk, not for the whole file: there chunks are small (tens of ms to ~150 ms each). On PostgreSQL
 * other requests use other connections of the pool, so chunks only need to be short enough to keep
 * each transaction (and what a crash loses) small, and larger chunks cost far fewer round trips.
 */
interface ChunkSizes {
  /** Staged rows sent per COPY: on PGlite small blobs keep the engine's memory flat. */
  copyBytes: number;
  /** Line numbers per set-check and classification chunk. */
  checkLines: number;
  /** Accepted lines per apply chunk (whole debtors: a chunk ends at a document boundary). */
  applyLines: number;
  /** Staged rows deleted per transaction when an import is over. */
  deleteLines: number;
}
const CHUNKS_BY_ENGINE: Record<'pglite' | 'postgres', ChunkSizes> = {
  pglite: { copyBytes: 512 * 1024, checkLines: 2_000, applyLines: 500, deleteLines: 10_000 },
  postgres: { copyBytes: 4 * 1024 * 1024, checkLines: 25_000, applyLines: 10_000, deleteLines: 50_000 },
};
const chunksOf = (ctx: AppContext): ChunkSizes => CHUNKS_BY_ENGINE[ctx.database.kind];

/** Lets other requests (and other tenants' queries) run between two chunks. */
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function resolveImportTarget(
  ctx: AppContext,
  principal: Principal,
  { creditorId }: { creditorId: string },
) {
  if (!can(principal, 'portfolio:import'))
    throw new AppError('FORBIDDEN', 'Seu papel não permite importar carteiras.');
  const creditor = await getCreditor(ctx.database.db, principal, { id: creditorId }); // 404 unless visible
  return { tenantId: principal.tenantId, creditorId: creditor.id };
}

type ImportRow = NonNullable<Awaited<ReturnType<typeof repo.findImportById>>>;

/**
 * Imports a CSV portfolio for one creditor (ADR 0004). Streams the file (flat memory), validates every
 * line and stages the valid ones (COPY in small batches) into `import_staging`; checks the staged set
 * and classifies each line against what is stored; then applies the accepted lines chunk by chunk.
 * Mode `all` applies nothing when any line is invalid (validation of the whole file ends before the
 * first write); mode `partial` applies the valid lines. The import stays 'running' until the last
 * chunk is applied; an apply interrupted by a crash is finished, from the staged rows, by the job's
 * retry or by the next import of the same creditor. Imports of one creditor run one at a time.
 * Re-sending the same file changes nothing.
 */
export async function importPortfolio(
  ctx: AppContext,
  principal: Principal,
  input: {
    creditorId: string;
    mode: ImportMode;
    source: AsyncIterable<Uint8Array> | Readable;
    importId?: string;
    onProgress?: (p: ImportProgress) => void;
  },
): Promise<ImportReport> {
  const target = await resolveImportTarget(ctx, principal, { creditorId: input.creditorId });
  const db = ctx.database.db;
  // 'queued' until the creditor's lock is held: 'running' means someone holds it (see finishLeftovers).
  const importId =
    input.importId ??
    (await repo.insertImport(db, {
      ...target,
      mode: input.mode,
      status: 'queued',
      createdBy: isUuid(principal.tokenId) ? principal.tokenId : null,
    }));
  return ctx.database.withLock(`portfolio.import:${target.creditorId}`, async () => {
    await finishLeftovers(ctx, target.creditorId, importId);
    const row = await repo.findImportById(db, importId);
    // A retried job whose apply had begun: finish it from the staged rows (the file is not read again).
    if (row?.apply_state === 'applying') return resumeApply(ctx, row);
    await repo.markImportRunning(db, importId);
    return runImport(ctx, principal, { ...target, importId }, input);
  });
}

/**
 * Under the creditor's lock nobody else imports for it, so what an earlier import of it left is
 * left by a process that stopped: an apply under way is finished, staged rows of an import that never
 * reached the apply are deleted, and such an import is marked failed (nothing of it was written).
 */
async function finishLeftovers(ctx: AppContext, creditorId: string, importId: string): Promise<void> {
  const db = ctx.database.db;
  const left = await repo.leftoverImports(db, creditorId, importId);
  for (const id of left.applying) {
    const row = await repo.findImportById(db, id);
    if (row) await resumeApply(ctx, row);
  }
  for (const id of left.stale) await deleteStaging(ctx, id);
  await repo.failInterruptedImports(db, creditorId, importId);
}

async function deleteStaging(ctx: AppContext, importId: string): Promise<void> {
  for (;;) {
    const n = await ctx.database.session((s) =>
      repo.deleteStagedBatch(s, importId, chunksOf(ctx).deleteLines),
    );
    if (n === 0) return;
    await yieldToOthers();
  }
}

/** Applies the accepted staged lines after document `after` (null = all), one chunk per transaction. */
async function applyChunks(
  ctx: AppContext,
  scope: { tenantId: string; creditorId: string; importId: string },
  after: string | null,
): Promise<void> {
  let from = after;
  for (;;) {
    await yieldToOthers();
    const through = await ctx.database.session(async (s) => {
      const end = await repo.nextApplyBoundary(s, scope.importId, from, chunksOf(ctx).applyLines);
      await repo.applyStagedChunk(s, scope, from, end);
      return end;
    });
    if (through === null) return;
    from = through;
  }
}

/** Finishes an import whose apply had begun (its report is already stored), from its staged rows. */
async function resumeApply(ctx: AppContext, row: ImportRow): Promise<ImportReport> {
  const db = ctx.database.db;
  const scope = { tenantId: row.tenant_id, creditorId: row.creditor_id, importId: row.id };
  try {
    await applyChunks(ctx, scope, row.applied_through);
    await repo.completeApplied(db, row.id);
  } catch (error) {
    await repo.markImportFailed(db, row.id, String((error as Error)?.message ?? error)).catch(() => {});
    throw error;
  }
  await recordAudit(db, {
    tenantId: row.tenant_id,
    actor: actorOf(uploaderOf(row)),
    action: 'import.completed',
    entity: 'import',
    entityId: row.id,
    details: {
      creditorId: row.creditor_id,
      lines: row.lines,
      accepted: row.accepted,
      rejected: row.rejected,
    },
  });
  await deleteStaging(ctx, row.id);
  const done = await repo.findImportById(db, row.id);
  return reportOf(done ?? row);
}

/** Who an import acts for when no request is behind it (a job, a resumed apply): its uploader. */
export function uploaderOf(row: { tenant_id: string; created_by: string | null }): Principal {
  return { tenantId: row.tenant_id, role: 'manager', creditorId: null, tokenId: row.created_by ?? 'job' };
}

async function runImport(
  ctx: AppContext,
  principal: Principal,
  scope: { tenantId: string; creditorId: string; importId: string },
  input: {
    mode: ImportMode;
    source: AsyncIterable<Uint8Array> | Readable;
    onProgress?: (p: ImportProgress) => void;
  },
): Promise<ImportReport> {
  const db = ctx.database.db;
  const { importId } = scope;
  const hash = createHash('sha256');
  let digest: string | null = null;
  const fileSha256 = () => (digest ??= hash.digest('hex'));
  let bytes = 0;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of input.source as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      bytes += chunk.length;
      yield chunk;
    }
  }

  const errors: ImportLineError[] = [];
  let errorsTotal = 0;
  /** Keeps at most MAX_REPORTED_ERRORS errors; `count` is exact even when `list` was already capped. */
  const addErrors = (list: ImportLineError[], count = list.length) => {
    errorsTotal += count;
    for (const e of list) if (errors.length < MAX_REPORTED_ERRORS) errors.push(e);
  };
  let warnings: string[] = [];
  const lineWarnings: ImportLineError[] = [];
  let lineWarningsTotal = 0;
  let lines = 0;
  let invalidLines = 0;
  let encoding: string | undefined;
  let delimiter: string | undefined;
  let applying = false;

  const outcomeOf = (
    o: Pick<
      repo.ImportOutcome,
      'status' | 'accepted' | 'rejected' | 'created' | 'updated' | 'unchanged' | 'failure'
    >,
  ): repo.ImportOutcome => {
    errors.sort((a, b) => a.line - b.line);
    if (lineWarningsTotal > 0)
      warnings.push(
        `${lineWarningsTotal} contato(s) inválido(s) descartado(s); as dívidas dessas linhas foram importadas (veja lineWarnings)`,
      );
    return {
      ...o,
      fileSha256: fileSha256(),
      fileBytes: bytes,
      lines,
      errors,
      errorsTotal,
      warnings,
      lineWarnings,
      lineWarningsTotal,
    };
  };
  const audit = (o: repo.ImportOutcome) =>
    recordAudit(db, {
      tenantId: scope.tenantId,
      actor: actorOf(principal),
      action: `import.${o.status}`,
      entity: 'import',
      entityId: importId,
      details: { creditorId: scope.creditorId, lines, accepted: o.accepted, rejected: o.rejected },
    });
  const report = (o: repo.ImportOutcome): ImportReport => ({
    importId,
    status: o.status,
    mode: input.mode,
    lines,
    accepted: o.accepted,
    rejected: o.rejected,
    created: o.created,
    updated: o.updated,
    unchanged: o.unchanged,
    errors,
    errorsTotal,
    warnings,
    lineWarnings,
    lineWarningsTotal,
    ...(encoding ? { encoding } : {}),
    ...(delimiter ? { delimiter } : {}),
  });
  /** Rejected or failed before the apply began: nothing was written; the staged rows go. */
  const finishUnapplied = async (o: repo.ImportOutcome) => {
    await repo.finishImport(db, importId, o);
    await audit(o);
    await deleteStaging(ctx, importId);
    return report(o);
  };
  const empty = { accepted: 0, created: 0, updated: 0, unchanged: 0, failure: null };

  try {
    await deleteStaging(ctx, importId); // an earlier attempt of this import that stopped while staging
    const csv = await openCsv(counted());
    delimiter = csv.delimiter;
    const staged = await stageRecords(ctx, importId, csv.batches, ctx.clock.today(), {
      onHeader: (h) => {
        warnings = h.warnings;
      },
      onErrors: (list) => {
        invalidLines += 1;
        addErrors(list);
      },
      onWarnings: (list) => {
        lineWarningsTotal += list.length;
        for (const w of list) if (lineWarnings.length < MAX_REPORTED_ERRORS) lineWarnings.push(w);
      },
      onLine: () => {
        lines += 1;
        if (input.onProgress && lines % 10_000 === 0) input.onProgress({ bytes, lines });
      },
      onFileError: (list) => addErrors(list),
    });
    encoding = csv.encoding;
    input.onProgress?.({ bytes, lines });
    if (!staged.headerOk)
      return await finishUnapplied(
        outcomeOf({ status: 'rejected', ...empty, rejected: Math.max(invalidLines, 1) }),
      );

    // The whole file is checked as a set and classified before anything is written.
    await ctx.database.session((s) => repo.analyzeStaging(s));
    const counts = { created: 0, updated: 0, unchanged: 0 };
    let setRejected = 0;
    const { checkLines } = chunksOf(ctx);
    for (let from = 0; from <= staged.lastLine; from += checkLines) {
      await yieldToOthers();
      const chunk = await ctx.database.session((s) =>
        repo.checkStagedChunk(s, scope, from, from + checkLines),
      );
      addErrors(chunk.errors);
      setRejected += chunk.errors.length;
      counts.created += chunk.created;
      counts.updated += chunk.updated;
      counts.unchanged += chunk.unchanged;
    }
    const rejected = invalidLines + setRejected;
    if (lines === 0) warnings.push('o arquivo não tem linhas de dados (só o cabeçalho)');
    if (rejected > 0 && input.mode === 'all')
      return await finishUnapplied(outcomeOf({ status: 'rejected', ...empty, rejected }));

    const outcome = outcomeOf({
      status: 'completed',
      accepted: counts.created + counts.updated + counts.unchanged,
      rejected,
      ...counts,
      failure: null,
    });
    await repo.startApplying(db, importId, outcome);
    applying = true;
    await applyChunks(ctx, scope, null);
    await repo.completeApplied(db, importId);
    await audit(outcome);
    await deleteStaging(ctx, importId);
    return report(outcome);
  } catch (error) {
    if (applying) {
      // The report stays; the staged rows stay for the retry (or the next import) to finish the apply.
      await repo.markImportFailed(db, importId, String((error as Error)?.message ?? error)).catch(() => {});
      throw error;
    }
    if (error instanceof CsvFormatError) {
      addErrors([{ line: error.line, column: null, value: null, message: error.message }]);
      return await finishUnapplied(outcomeOf({ status: 'rejected', ...empty, rejected: invalidLines + 1 }));
    }
    await finishUnapplied(
      outcomeOf({
        status: 'failed',
        ...empty,
        rejected: 0,
        failure: String((error as Error)?.message ?? error),
      }),
    ).catch(() => {});
    throw error;
  }
}

interface StageHooks {
  onHeader(h: HeaderMap): void;
  onErrors(list: ImportLineError[]): void;
  onWarnings(list: ImportLineError[]): void;
  onLine(): void;
  onFileError(list: ImportLineError[]): void;
}

/**
 * Validates records one by one and COPYs the valid ones in small batches, each its own transaction.
 * The next batch is parsed while the previous COPY is in flight (one at a time), so parsing and
 * loading overlap on PostgreSQL; between two batches of the file the event loop runs other work.
 */
async function stageRecords(
  ctx: AppContext,
  importId: string,
  batches: AsyncIterable<{ line: number; fields: string[] }[]>,
  today: string,
  hooks: StageHooks,
): Promise<{ headerOk: boolean; lastLine: number }> {
  let header: HeaderMap | null = null;
  let lastLine = 0;
  const prefix = `${importId},`;
  // Rows are written straight into a byte buffer: each row's string dies young instead of being
  // kept (and promoted to the old generation) until its batch is sent, which keeps the heap flat.
  // Two buffers, reused: one is filled while the other's COPY is in flight.
  const { copyBytes } = chunksOf(ctx);
  let buffer = Buffer.allocUnsafe(copyBytes);
  let spare = Buffer.allocUnsafe(copyBytes);
  let used = 0;
  let inFlight: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (used === 0) return;
    const data = buffer.subarray(0, used);
    await inFlight; // the spare buffer's COPY is over: it can be filled again
    [buffer, spare] = [spare, buffer];
    used = 0;
    inFlight = ctx.database.session((s) => repo.copyStaged(s, data));
    // Handled here so a failed COPY is not reported as unhandled before we await it.
    inFlight.catch(() => {});
  };
  for await (const records of batches) {
    for (const record of records) {
      if (!header) {
        const mapped = mapHeader(record.fields, record.line);
        if (!mapped.ok) {
          hooks.onFileError(mapped.errors);
          await inFlight;
          return { headerOk: false, lastLine };
        }
        header = mapped.header;
        hooks.onHeader(header);
        continue;
      }
      hooks.onLine();
      const result = validateRow(record.fields, record.line, header, today);
      if (!result.ok) {
        hooks.onErrors(result.errors);
        continue;
      }
      if (result.warnings.length > 0) hooks.onWarnings(result.warnings);
      const row = prefix + toStagingCsv(result.row, { debtId: uuidv7(), debtorId: uuidv7() });
      if (used + Buffer.byteLength(row) > buffer.length) await flush();
      used += buffer.write(row, used);
      lastLine = record.line;
    }
    await yieldToOthers();
  }
  if (!header) {
    hooks.onFileError([
      {
        line: 1,
        column: null,
        value: null,
        message: 'arquivo vazio: falta o cabeçalho com os nomes das colunas',
      },
    ]);
    return { headerOk: false, lastLine };
  }
  await flush();
  await inFlight;
  return { headerOk: true, lastLine };
}

function reportOf(row: ImportRow): ImportReport {
  return {
    importId: row.id,
    status: row.status,
    mode: row.mode,
    lines: row.lines,
    accepted: row.accepted,
    rejected: row.rejected,
    created: row.created_count,
    updated: row.updated_count,
    unchanged: row.unchanged_count,
    errors: row.errors as ImportLineError[],
    errorsTotal: row.errors_total,
    warnings: row.warnings as string[],
    lineWarnings: row.line_warnings as ImportLineError[],
    lineWarningsTotal: row.line_warnings_total,
  };
}

export async function getImport(
  ctx: AppContext,
  principal: Principal,
  { id }: { id: string },
): Promise<ImportReport> {
  if (!isUuid(id)) throw notFound('Importação');
  const row = await repo.findImport(ctx.database.db, principal.tenantId, id);
  if (!row || !canAccessCreditor(principal, row.creditor_id)) throw notFound('Importação');
  return reportOf(row);
}
