import type { AppContext } from '../../platform/context.ts';
import type { JobDefinition } from '../../platform/jobs.ts';
import * as repo from './import.repository.ts';
import { importPortfolio, uploaderOf } from './import.service.ts';

export interface ImportJobPayload {
  importId: string;
}

/**
 * Large uploads are stored in `import_uploads` and imported by a worker (any process sharing the
 * database). Idempotent: a retried job whose import already completed or was rejected does nothing;
 * one whose apply had begun finishes it from the staged rows (ADR 0004) — never a half-applied import
 * reported as completed. The upload is read chunk by chunk, each read a query of its own: the import
 * no longer holds the connection between them, so PGlite can stream it too.
 */
export function importJob(ctx: AppContext): JobDefinition<ImportJobPayload> {
  return {
    name: 'portfolio.import',
    retryLimit: 2,
    expireInSeconds: 60 * 60,
    parse(data) {
      const d = data as Partial<ImportJobPayload> | null;
      if (!d || typeof d.importId !== 'string') throw new Error('payload inválido para portfolio.import');
      return { importId: d.importId };
    },
    async handle({ importId }) {
      const db = ctx.database.db;
      const row = await repo.findImportById(db, importId);
      // A finished import is final; 'failed' (an attempt that crashed) is retried by pg-boss.
      if (!row || row.status === 'completed' || row.status === 'rejected') return;
      // The job acts for whoever uploaded: same tenant, same creditor, recorded as that token.
      await importPortfolio(ctx, uploaderOf(row), {
        creditorId: row.creditor_id,
        mode: row.mode,
        source: repo.readUploadChunks(db, importId),
        importId,
      });
      await repo.deleteUpload(db, importId);
    },
  };
}
