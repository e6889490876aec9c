import type { Kysely } from 'kysely';
import type { Schema } from '../../db-schema.ts';
import { parseUf } from '../../platform/br-fields.ts';
import type { AppContext } from '../../platform/context.ts';
import { type IsoDate, isIsoDate, monthOf } from '../../platform/dates.ts';
import { AppError } from '../../platform/errors.ts';
import { type Creditor, getCreditor, getCreditorInTenant } from '../creditors/index.ts';
import { actorOf, can, type Principal, recordAudit } from '../identity/index.ts';
import { chargeFreezesOf, getDebts, getDebtsInTenant } from '../portfolio/index.ts';
import {
  type Balance,
  type BalanceLimits,
  computeBalance,
  DEFAULT_LIMITS,
  TAXA_LEGAL_FROM,
} from './balance.rules.ts';
import * as indexRepo from './index-table.repository.ts';
import { type IndexName, parseIndexCsv, parseIndexName } from './index-table.rules.ts';
import { parseProductType } from './prescription.rules.ts';

/** The balance of one debt on a date (default: today in São Paulo), explained line by line. */
export async function getDebtBalance(
  ctx: AppContext,
  principal: Principal,
  { debtId, date }: { debtId: string; date?: string | undefined },
): Promise<Balance> {
  const [balance] = await getDebtBalances(ctx, principal, { debtIds: [debtId], date });
  return balance!;
}

/**
 * Balances of several debts on one date, in the order asked, with one query for the debts and one
 * creditor and index-table read per creditor (an offer for a debtor's debts values them all at once).
 */
export async function getDebtBalances(
  ctx: AppContext,
  principal: Principal,
  { debtIds, date }: { debtIds: string[]; date?: string | undefined },
): Promise<Balance[]> {
  const on = date ?? ctx.clock.today();
  if (!isIsoDate(on)) throw new AppError('VALIDATION_FAILED', `Data inválida "${on}": use AAAA-MM-DD.`);
  const debts = await getDebts(ctx, principal, { ids: debtIds });
  const db = ctx.database.db;
  return balancesOf(
    ctx,
    db,
    principal.tenantId,
    debts,
    on,
    async (id) => (await getCreditor(db, principal, { id: id })).terms,
  );
}

/**
 * The same balances for the agency's own processes (the dispatcher pricing a message, inside its
 * transaction `db`): there is no caller, so the debts and creditors are those of the tenant — no
 * stand-in principal.
 */
export async function getDebtBalancesInTenant(
  ctx: Pick<AppContext, 'config'>,
  db: Kysely<Schema>,
  tenantId: string,
  debtIds: string[],
  on: IsoDate,
): Promise<Balance[]> {
  const debts = await getDebtsInTenant(db, tenantId, debtIds);
  return balancesOf(
    ctx,
    db,
    tenantId,
    debts,
    on,
    async (id) => (await getCreditorInTenant(db, tenantId, id)).terms,
  );
}

async function balancesOf(
  ctx: Pick<AppContext, 'config'>,
  db: Kysely<Schema>,
  tenantId: string,
  debts: Awaited<ReturnType<typeof getDebtsInTenant>>,
  on: IsoDate,
  termsOf: (creditorId: string) => Promise<Creditor['terms']>,
): Promise<Balance[]> {
  const limits: BalanceLimits = { ...DEFAULT_LIMITS, feesCapPercent: ctx.config.feesCapPercent ?? '10' };
  // Taxa legal: read once for all debts (the same table for every creditor of the tenant).
  const legalRateTable = new Map<string, string>();
  const overdueAll = debts.filter((d) => on > d.due_date);
  if (overdueAll.length > 0) {
    const earliest = overdueAll.map((d) => d.due_date).sort()[0]!;
    if (on > TAXA_LEGAL_FROM) {
      const from = [earliest, TAXA_LEGAL_FROM].sort()[1]!;
      const rows = await indexRepo.findIndexValues(db, tenantId, 'TAXA_LEGAL', monthOf(from), monthOf(on));
      for (const r of rows) legalRateTable.set(r.month, r.percent);
    }
  }
  const creditors = new Map<string, { terms: Creditor['terms']; indexTable: Map<string, string> }>();
  for (const creditorId of new Set(debts.map((d) => d.creditor_id))) {
    const terms = await termsOf(creditorId);
    const indexTable = new Map<string, string>();
    const overdue = debts.filter((d) => d.creditor_id === creditorId && on > d.due_date);
    if (terms.correctionIndex !== 'none' && overdue.length > 0) {
      const earliest = overdue.map((d) => d.due_date).sort()[0]!;
      const rows = await indexRepo.findIndexValues(
        db,
        tenantId,
        terms.correctionIndex,
        monthOf(earliest),
        monthOf(on),
      );
      for (const r of rows) indexTable.set(r.month, r.percent);
    }
    creditors.set(creditorId, { terms, indexTable });
  }
  // Repactuação (CDC art. 104-A): the periods in which the debtors' charges are frozen.
  const freezes = await chargeFreezesOf(
    db,
    tenantId,
    debts.map((d) => d.debtor_id),
  );
  return debts.map((debt) => {
    const { terms, indexTable } = creditors.get(debt.creditor_id)!;
    const pct = (v: number | null) => (v === null ? null : String(v));
    return computeBalance({
      debtId: debt.id,
      principalCents: debt.original_amount_cents - debt.paid_cents,
      alreadyPaidCents: debt.paid_cents,
      dueDate: debt.due_date,
      date: on,
      terms: {
        // The debt line (from the import) overrides the creditor's terms: a percent is "agreed X%",
        // the not-agreed flag is "the contract of this debt has no such clause", empty inherits.
        finePercent: debt.fine_not_agreed ? null : (debt.fine_percent ?? pct(terms.finePercent)),
        monthlyInterestPercent: debt.interest_not_agreed
          ? null
          : (debt.monthly_interest_percent ?? pct(terms.monthlyInterestPercent)),
        remuneratoryInterestPercent: pct(terms.remuneratoryInterestPercent),
        feesPercent: debt.fees_percent ?? String(terms.feesPercent),
        correctionIndex: terms.correctionIndex,
        feesInContract: terms.feesInContract,
        financialInstitution: terms.financialInstitution,
      },
      indexTable,
      legalRateTable,
      // A state that is not a valid UF (data from before validation) falls back to the national calendar.
      state: debt.debtor_state && parseUf(debt.debtor_state).ok ? debt.debtor_state : null,
      city: debt.debtor_city,
      productType: debt.product_type ? parseProductType(debt.product_type) : null,
      lawyer:
        debt.lawyer_name && debt.lawyer_oab && debt.lawyer_assigned_on
          ? { name: debt.lawyer_name, oab: debt.lawyer_oab, assignedOn: debt.lawyer_assigned_on }
          : null,
      prescriptionInterruptedOn: debt.prescription_interrupted_on,
      freezes: freezes.get(debt.debtor_id) ?? [],
      limits,
    });
  });
}

export function requireIndexName(raw: string): IndexName {
  const name = parseIndexName(raw);
  if (!name)
    throw new AppError(
      'NOT_FOUND',
      `Índice "${raw}" não suportado. Disponíveis: ipca, inpc, igpm, taxa-legal.`,
    );
  return name;
}

/** Loads (upserts) an index table from CSV text; all or nothing, with line errors. Admin only. */
export async function loadIndexTable(
  ctx: AppContext,
  principal: Principal,
  { name: rawName, csvText, source }: { name: string; csvText: string; source: string },
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
  { name: rawName, from, to }: { name: string; from?: string | undefined; to?: string | undefined },
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
  { name }: { name: IndexName },
): Promise<number> {
  return indexRepo.countIndexValues(ctx.database.db, principal.tenantId, name);
}
