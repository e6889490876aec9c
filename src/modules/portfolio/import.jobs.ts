import type { AppContext } from '../../platform/context.ts';
import type { JobDefinition } from '../../platform/jobs.ts';
import * as repo from './import.repository.ts';
import { importPortfolio } from './import.service.ts';

export interface ImportJobPayload {
  importId: string;
}

/**
 * Large uploads are stored in `import_uploads` and imported by a worker (any process sharing the
 * database). Idempotent: a retried job whose import already finished does nothing, and the import
 * itself is a single transaction, so a crash mid-way leaves nothing half-applied.
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
      const row = await db.selectFrom('imports').selectAll().where('id', '=', importId).executeTakeFirst();
      if (!row || (row.status !== 'queued' && row.status !== 'running')) return;
      await importPortfolio(
        ctx,
        // The job acts for whoever uploaded: same tenant, same creditor, recorded as that token.
        { tenantId: row.tenant_id, role: 'manager', creditorId: null, tokenId: row.created_by ?? 'job' },
        {
          creditorId: row.creditor_id,
          mode: row.mode,
          source: repo.readUploadChunks(db, importId),
          importId,
        },
      );
      await repo.deleteUpload(db, importId);
    },
  };
}
