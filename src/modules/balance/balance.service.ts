import type { AppContext } from '../../platform/context.ts';
import { isIsoDate, monthOf } from '../../platform/dates.ts';
import { AppError } from '../../platform/errors.ts';
import { type Creditor, getCreditor } from '../creditors/index.ts';
import { actorOf, can, type Principal, recordAudit } from '../identity/index.ts';
import { getDebts } from '../portfolio/index.ts';
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
  const [balance] = await getDebtBalances(ctx, principal, [debtId], date);
  return balance!;
}

/**
 * Balances of several debts on one date, in the order asked, with one query for the debts and one
 * creditor and index-table read per creditor (an offer for a debtor's debts values them all at once).
 */
export async function getDebtBalances(
  ctx: AppContext,
  principal: Principal,
  debtIds: string[],
  date?: string,
): Promise<Balance[]> {
  const on = date ?? ctx.clock.today();
  if (!isIsoDate(on)) throw new AppError('VALIDATION_FAILED', `Data inválida "${on}": use AAAA-MM-DD.`);
  const debts = await getDebts(ctx, principal, debtIds);
  const db = ctx.database.db;
  const creditors = new Map<string, { terms: Creditor['terms']; indexTable: Map<string, string> }>();
  for (const creditorId of new Set(debts.map((d) => d.creditor_id))) {
    const { terms } = await getCreditor(db, principal, creditorId);
    const indexTable = new Map<string, string>();
    const overdue = debts.filter((d) => d.creditor_id === creditorId && on > d.due_date);
    if (terms.correctionIndex !== 'none' && overdue.length > 0) {
      const earliest = overdue.map((d) => d.due_date).sort()[0]!;
      const rows = await indexRepo.findIndexValues(
        db,
        principal.tenantId,
        terms.correctionIndex,
        monthOf(earliest),
        monthOf(on),
      );
      for (const r of rows) indexTable.set(r.month, r.percent);
    }
    creditors.set(creditorId, { terms, indexTable });
  }
  return debts.map((debt) => {
    const { terms, indexTable } = creditors.get(debt.creditor_id)!;
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
    actor: actorOf(principal),
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
