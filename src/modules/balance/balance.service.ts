import type { AppContext } from '../../platform/context.ts';
import { isIsoDate, monthOf } from '../../platform/dates.ts';
import { AppError } from '../../platform/errors.ts';
import { getCreditor } from '../creditors/index.ts';
import { can, type Principal, recordAudit } from '../identity/index.ts';
import { getDebt } from '../portfolio/index.ts';
import { type Balance, computeBalance } from './balance.rules.ts';
import * as indexRepo from './index-table.repository.ts';
import { type IndexName, parseIndexCsv, parseIndexName } from './index-table.rules.ts';

/** The balance of one debt on a date (default: today in São Paulo), explained line by line. */
export async function getDebtBalance(
  ctx: AppContext,
  principal: Principal,
  debtId: string,
  date?: string,
): Promise<Balance> {
  const on = date ?? ctx.clock.today();
  if (!isIsoDate(on)) throw new AppError('VALIDATION_FAILED', `Data inválida "${on}": use AAAA-MM-DD.`);
  const debt = await getDebt(ctx, principal, debtId);
  const db = ctx.database.db;
  const { terms } = await getCreditor(db, principal, debt.creditor_id);
  const indexTable = new Map<string, string>();
  if (terms.correctionIndex !== 'none' && on > debt.due_date) {
    const rows = await indexRepo.findIndexValues(
      db,
      principal.tenantId,
      terms.correctionIndex,
      monthOf(debt.due_date),
      monthOf(on),
    );
    for (const r of rows) indexTable.set(r.month, r.percent);
  }
  return computeBalance({
    debtId: debt.id,
    principalCents: debt.original_amount_cents - debt.paid_cents,
    alreadyPaidCents: debt.paid_cents,
    dueDate: debt.due_date,
    date: on,
    terms: {
      // A percent on the debt line (from the import) overrides the creditor's default terms.
      finePercent: debt.fine_percent ?? String(terms.finePercent),
      monthlyInterestPercent: debt.monthly_interest_percent ?? String(terms.monthlyInterestPercent),
      feesPercent: debt.fees_percent ?? String(terms.feesPercent),
      correctionIndex: terms.correctionIndex,
      feesInContract: terms.feesInContract,
      financialInstitution: terms.financialInstitution,
    },
    indexTable,
  });
}

export function requireIndexName(raw: string): IndexName {
  const name = parseIndexName(raw);
  if (!name) throw new AppError('NOT_FOUND', `Índice "${raw}" não suportado. Disponível: IPCA.`);
  return name;
}

/** Loads (upserts) an index table from CSV text; all or nothing, with line errors. Admin only. */
export async function loadIndexTable(
  ctx: AppContext,
  principal: Principal,
  rawName: string,
  csvText: string,
  source: string,
): Promise<{ index: IndexName; months: number; changed: number; firstMonth: string; lastMonth: string }> {
  if (!can(principal, 'indexes:write')) {
    throw new AppError('FORBIDDEN', 'Apenas administradores carregam tabelas de índices.');
  }
  const name = requireIndexName(rawName);
  const parsed = parseIndexCsv(csvText);
  if (!parsed.ok) {
    throw new AppError(
      'INDEX_TABLE_INVALID',
      `Tabela ${name} rejeitada: ${parsed.errors.length} erro(s). Nada foi gravado.`,
      {
        errors: parsed.errors,
      },
    );
  }
  const changed = await indexRepo.upsertIndexValues(
    ctx.database.db,
    principal.tenantId,
    name,
    parsed.values,
    source,
  );
  await recordAudit(ctx.database.db, {
    tenantId: principal.tenantId,
    actor: `token:${principal.tokenId}`,
    action: 'index.loaded',
    entity: 'index',
    entityId: name,
    details: { months: parsed.values.length, changed, source },
  });
  const months = parsed.values.map((v) => v.month).sort();
  return {
    index: name,
    months: months.length,
    changed,
    firstMonth: months[0]!,
    lastMonth: months[months.length - 1]!,
  };
}

export async function listIndexValues(
  ctx: AppContext,
  principal: Principal,
  rawName: string,
  from?: string,
  to?: string,
) {
  const name = requireIndexName(rawName);
  const rows = await indexRepo.findIndexValues(ctx.database.db, principal.tenantId, name, from, to);
  return {
    index: name,
    items: rows.map((r) => ({ month: r.month, percent: Number(r.percent), source: r.source })),
  };
}

export async function countIndexValues(
  ctx: AppContext,
  principal: Principal,
  name: IndexName,
): Promise<number> {
  return indexRepo.countIndexValues(ctx.database.db, principal.tenantId, name);
}
