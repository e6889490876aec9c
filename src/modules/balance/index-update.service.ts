import { readFileSync } from 'node:fs';
import type { AppContext } from '../../platform/context.ts';
import { addDays } from '../../platform/dates.ts';
import { AppError } from '../../platform/errors.ts';
import type { JobDefinition } from '../../platform/jobs.ts';
import { actorOf, can, listTenantIds, type Principal, recordAudit } from '../identity/index.ts';
import { requireIndexName } from './balance.service.ts';
import { fetchIndex } from './index-source.client.ts';
import { IndexSourceError, sourceFor } from './index-source.rules.ts';
import * as indexRepo from './index-table.repository.ts';
import { INDEX_NAMES, type IndexName, type IndexValue, parseIndexCsv } from './index-table.rules.ts';

/** The IPCA table shipped with the product (IBGE values, reference/README.md). */
const SHIPPED_IPCA = new URL('../../../reference/ipca-monthly.csv', import.meta.url);
const SHIPPED_SOURCE = 'tabela embarcada (reference/ipca-monthly.csv, IBGE)';

/**
 * A new tenant has no IPCA table, and correction would silently count zero: on start (and on each
 * monthly update), every tenant without a single IPCA month gets the shipped table. Months after it keep
 * counting as zero and are named in the balance until the update job or an admin loads them.
 */
export async function seedShippedIndexes(ctx: AppContext): Promise<{ tenants: number }> {
  const parsed = parseIndexCsv(readFileSync(SHIPPED_IPCA, 'utf8'));
  if (!parsed.ok) throw new Error('reference/ipca-monthly.csv inválido');
  let tenants = 0;
  for (const tenantId of await listTenantIds(ctx.database.db)) {
    if ((await indexRepo.countIndexValues(ctx.database.db, tenantId, 'IPCA')) > 0) continue;
    await indexRepo.upsertIndexValues(ctx.database.db, tenantId, 'IPCA', parsed.values, SHIPPED_SOURCE);
    tenants += 1;
  }
  if (tenants > 0) ctx.log.info('tabela do IPCA embarcada carregada', { tenants });
  return { tenants };
}

/** Fetches an index from its publisher (36 months back) and upserts it into one tenant. Admin only. */
export async function updateIndexFromSource(
  ctx: AppContext,
  principal: Principal,
  {
    name: rawName,
    fetchImpl = globalThis.fetch,
  }: {
    name: string;
    /** The HTTP client (tests pass recorded answers). */
    fetchImpl?: typeof fetch;
  },
): Promise<{ index: IndexName; months: number; changed: number; source: string; lastMonth: string | null }> {
  if (!can(principal, 'indexes:write'))
    throw new AppError('FORBIDDEN', 'Apenas administradores atualizam tabelas de índices.');
  const name = requireIndexName(rawName);
  const { values, label } = await fetchFromSource(ctx, name, fetchImpl);
  const changed = await indexRepo.upsertIndexValues(ctx.database.db, principal.tenantId, name, values, label);
  await recordAudit(ctx.database.db, {
    tenantId: principal.tenantId,
    actor: actorOf(principal),
    action: 'index.updated',
    entity: 'index',
    entityId: name,
    details: { months: values.length, changed, source: label },
  });
  const months = values.map((v) => v.month).sort();
  return { index: name, months: values.length, changed, source: label, lastMonth: months.at(-1) ?? null };
}

async function fetchFromSource(
  ctx: AppContext,
  name: IndexName,
  fetchImpl: typeof fetch,
): Promise<{ values: IndexValue[]; label: string }> {
  const source = sourceFor(name, { taxaLegalSeries: ctx.config.sgsTaxaLegalSeries });
  if (!source)
    throw new AppError(
      'VALIDATION_FAILED',
      `A fonte da ${name === 'TAXA_LEGAL' ? 'taxa legal' : name} não está configurada (TRATO_SGS_TAXA_LEGAL: o código da série no SGS do Banco Central). Carregue a tabela por CSV ou configure a série.`,
    );
  const today = ctx.clock.today();
  try {
    const values = await fetchIndex(
      name,
      source,
      { fromMonth: addDays(today, -3 * 366).slice(0, 7), toDate: today },
      fetchImpl,
    );
    return { values, label: source.label };
  } catch (error) {
    if (error instanceof IndexSourceError) {
      if (error.cause !== undefined) {
        ctx.log.warn(`índice ${name}: ${error.message}`, {
          source: source.label,
          cause: technicalCause(error.cause),
        });
      }
      throw new AppError('INDEX_SOURCE_UNAVAILABLE', error.message);
    }
    throw error;
  }
}

/** "TypeError: fetch failed (ECONNREFUSED)": what failed underneath, for the operator's log. */
function technicalCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const inner = error.cause as { code?: unknown; message?: unknown } | undefined;
  const code = typeof inner?.code === 'string' ? inner.code : undefined;
  return `${error.name}: ${error.message}${code ? ` (${code})` : ''}`;
}

/**
 * Monthly job: every index with a configured source, fetched once and upserted into every tenant
 * (a tenant's table is its own, but the public values are the same). Idempotent: an unchanged month is
 * not rewritten. A source that fails is logged and the others still run; the job fails at the end so
 * pg-boss retries it.
 */
export function indexesUpdateJob(
  ctx: AppContext,
  fetchImpl: typeof fetch = globalThis.fetch,
): JobDefinition<Record<string, never>> {
  return {
    name: 'indexes.update',
    retryLimit: 5,
    parse: () => ({}),
    async handle() {
      await seedShippedIndexes(ctx);
      const failures: string[] = [];
      const tenants = await listTenantIds(ctx.database.db);
      for (const name of INDEX_NAMES) {
        if (!sourceFor(name, { taxaLegalSeries: ctx.config.sgsTaxaLegalSeries })) continue;
        try {
          const { values, label } = await fetchFromSource(ctx, name, fetchImpl);
          for (const tenantId of tenants)
            await indexRepo.upsertIndexValues(ctx.database.db, tenantId, name, values, label);
          ctx.log.info(`índice ${name} atualizado`, { months: values.length, tenants: tenants.length });
        } catch (error) {
          failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (failures.length > 0) throw new Error(`atualização de índices incompleta: ${failures.join('; ')}`);
    },
  };
}
