import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AppContext } from '../../platform/context.ts';
import type { JobDefinition } from '../../platform/jobs.ts';
import * as repo from './import.repository.ts';
import { importPortfolio } from './import.service.ts';

export interface ImportJobPayload {
  importId: string;
}

/**
 * Large uploads are stored in `import_uploads` and imported by a worker (any process sharing the
 * database). Idempotent: a retried job whose import already completed or was rejected does nothing; the import
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
      const row = await repo.findImportById(db, importId);
      // A finished import is final; 'failed' (an attempt that crashed) is retried by pg-boss.
      if (!row || row.status === 'completed' || row.status === 'rejected') return;
      // PGlite runs one thing at a time: while the import's transaction is open, reading the upload
      // through `db` would wait for that very transaction (deadlock). Spool it to a temporary file
      // first there (memory stays flat); PostgreSQL streams it from the table.
      let spool: string | null = null;
      let source: AsyncIterable<Uint8Array> = repo.readUploadChunks(db, importId);
      if (ctx.database.kind === 'pglite') {
        spool = await mkdtemp(join(tmpdir(), 'trato-import-'));
        const file = join(spool, 'upload.csv');
        await pipeline(Readable.from(source), createWriteStream(file));
        source = createReadStream(file);
      }
      try {
        await importPortfolio(
          ctx,
          // The job acts for whoever uploaded: same tenant, same creditor, recorded as that token.
          { tenantId: row.tenant_id, role: 'manager', creditorId: null, tokenId: row.created_by ?? 'job' },
          { creditorId: row.creditor_id, mode: row.mode, source, importId },
        );
      } finally {
        if (spool) await rm(spool, { recursive: true, force: true });
      }
      await repo.deleteUpload(db, importId);
    },
  };
}
