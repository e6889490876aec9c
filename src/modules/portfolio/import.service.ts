import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { AppContext } from '../../platform/context.ts';
import type { Session } from '../../platform/db.ts';
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
/** Staged rows sent per COPY: big enough to amortise the round trip, small enough for flat memory. */
const COPY_BATCH_BYTES = 4 * 1024 * 1024;

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

/**
 * Imports a CSV portfolio for one creditor. Streams the file (flat memory), validates every line,
 * bulk-loads valid lines into a staging table and applies them in ONE transaction:
 * mode `all` applies nothing when any line is invalid; mode `partial` applies the valid lines.
 * Either way the outcome is recorded in `imports`, and re-sending the same file changes nothing.
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
  const importId =
    input.importId ??
    (await repo.insertImport(db, {
      ...target,
      mode: input.mode,
      status: 'running',
      createdBy: isUuid(principal.tokenId) ? principal.tokenId : null,
    }));
  if (input.importId) await repo.markImportRunning(db, importId);

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

  const finish = async (
    o: Omit<
      repo.ImportOutcome,
      | 'fileSha256'
      | 'fileBytes'
      | 'errors'
      | 'errorsTotal'
      | 'warnings'
      | 'lines'
      | 'lineWarnings'
      | 'lineWarningsTotal'
    >,
  ) => {
    errors.sort((a, b) => a.line - b.line);
    if (lineWarningsTotal > 0)
      warnings.push(
        `${lineWarningsTotal} contato(s) inválido(s) descartado(s); as dívidas dessas linhas foram importadas (veja lineWarnings)`,
      );
    const outcome: repo.ImportOutcome = {
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
    await repo.finishImport(db, importId, outcome);
    await recordAudit(db, {
      tenantId: target.tenantId,
      actor: actorOf(principal),
      action: `import.${o.status}`,
      entity: 'import',
      entityId: importId,
      details: { creditorId: target.creditorId, lines, accepted: o.accepted, rejected: o.rejected },
    });
    return {
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
    } satisfies ImportReport;
  };
  const empty = { accepted: 0, created: 0, updated: 0, unchanged: 0, failure: null };

  try {
    const result = await ctx.database.session(async (s) => {
      const csv = await openCsv(counted());
      delimiter = csv.delimiter;
      await repo.createStaging(s);
      const staged = await stageRecords(s, csv.batches, ctx.clock.today(), {
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
      if (!staged.headerOk) return { kind: 'rejected' as const };
      await repo.analyzeStaging(s);
      const setCheck = await repo.checkStagingSet(s, target, MAX_REPORTED_ERRORS);
      addErrors(setCheck.errors, setCheck.count);
      const rejected = invalidLines + setCheck.count;
      if (lines === 0) warnings.push('o arquivo não tem linhas de dados (só o cabeçalho)');
      if (rejected > 0 && input.mode === 'all') return { kind: 'rejected' as const, rejected };
      const counts = await repo.classifyStaged(s, target);
      await repo.applyStaged(s, { ...target, importId });
      return { kind: 'completed' as const, rejected, counts };
    });
    input.onProgress?.({ bytes, lines });
    if (result.kind === 'rejected') {
      return await finish({
        status: 'rejected',
        ...empty,
        rejected: result.rejected ?? Math.max(invalidLines, 1),
      });
    }
    const { created, updated, unchanged } = result.counts;
    return await finish({
      status: 'completed',
      accepted: created + updated + unchanged,
      rejected: result.rejected,
      created,
      updated,
      unchanged,
      failure: null,
    });
  } catch (error) {
    if (error instanceof CsvFormatError) {
      addErrors([{ line: error.line, column: null, value: null, message: error.message }]);
      return await finish({ status: 'rejected', ...empty, rejected: invalidLines + 1 });
    }
    await finish({
      status: 'failed',
      ...empty,
      rejected: 0,
      failure: String((error as Error)?.message ?? error),
    }).catch(() => {});
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
 * Validates records one by one and COPYs the valid ones in batches. The next batch is parsed while
 * the previous COPY is in flight (one at a time), so parsing and loading overlap on PostgreSQL.
 */
async function stageRecords(
  s: Session,
  batches: AsyncIterable<{ line: number; fields: string[] }[]>,
  today: string,
  hooks: StageHooks,
): Promise<{ headerOk: boolean }> {
  let header: HeaderMap | null = null;
  // Rows are written straight into a byte buffer: each row's string dies young instead of being
  // kept (and promoted to the old generation) until its batch is sent, which keeps the heap flat.
  let buffer = Buffer.allocUnsafe(COPY_BATCH_BYTES);
  let used = 0;
  let inFlight: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (used === 0) return;
    const data = buffer.subarray(0, used);
    buffer = Buffer.allocUnsafe(COPY_BATCH_BYTES);
    used = 0;
    await inFlight;
    inFlight = repo.copyStaged(s, data);
    // Handled here so a failed COPY is not reported as unhandled before we await it.
    inFlight.catch(() => {});
  };
  for await (const records of batches) {
    for (const record of records) {
      if (!header) {
        const mapped = mapHeader(record.fields, record.line);
        if (!mapped.ok) {
          hooks.onFileError(mapped.errors);
          return { headerOk: false };
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
      const row = toStagingCsv(result.row, { debtId: uuidv7(), debtorId: uuidv7() });
      if (used + Buffer.byteLength(row) > buffer.length) await flush();
      used += buffer.write(row, used);
    }
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
    return { headerOk: false };
  }
  await flush();
  await inFlight;
  return { headerOk: true };
}

export async function getImport(
  ctx: AppContext,
  principal: Principal,
  { id }: { id: string },
): Promise<ImportReport> {
  if (!isUuid(id)) throw notFound('Importação');
  const row = await repo.findImport(ctx.database.db, principal.tenantId, id);
  if (!row || !canAccessCreditor(principal, row.creditor_id)) throw notFound('Importação');
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
