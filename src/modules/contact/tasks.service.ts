import type { Kysely } from 'kysely';
import type { Schema } from '../../db-schema.ts';
import { formatBRL } from '../../platform/money.ts';
import * as repo from './contact.repository.ts';

type Db = Kysely<Schema>;

export interface NoAffordableOfferTask {
  tenantId: string;
  debtorId: string;
  creditorId: string;
  debtIds: string[];
  monthlyBudgetCents?: number | undefined;
  monthlyIncomeCents?: number | undefined;
  otherDebtPaymentsCents?: number | undefined;
  /** The most a payment could be (budget, or income above the mínimo existencial). */
  paymentCapCents?: number | undefined;
  reason: string;
  by: string;
}

/**
 * "Nenhuma opção cabe — encaminhamos para conversar com uma pessoa": the promise becomes a task in the
 * agents' inbox (a help_request, details.reason "no_affordable_offer"), carrying what the person said
 * fits (budget, income, other payments) so nobody has to ask again. One open task per debtor and
 * creditor: asking again updates it with the latest numbers.
 */
export async function openNoAffordableOfferTask(db: Db, t: NoAffordableOfferTask): Promise<string> {
  const details = {
    reason: 'no_affordable_offer',
    creditorId: t.creditorId,
    debtIds: t.debtIds,
    ...(t.monthlyBudgetCents !== undefined ? { monthlyBudgetCents: t.monthlyBudgetCents } : {}),
    ...(t.monthlyIncomeCents !== undefined ? { monthlyIncomeCents: t.monthlyIncomeCents } : {}),
    ...(t.otherDebtPaymentsCents !== undefined ? { otherDebtPaymentsCents: t.otherDebtPaymentsCents } : {}),
    ...(t.paymentCapCents !== undefined ? { paymentCapCents: t.paymentCapCents } : {}),
    requestedBy: t.by,
  };
  const numbers = [
    t.monthlyBudgetCents !== undefined ? `cabe ${formatBRL(t.monthlyBudgetCents)} por mês` : null,
    t.monthlyIncomeCents !== undefined ? `renda de ${formatBRL(t.monthlyIncomeCents)}` : null,
    t.otherDebtPaymentsCents ? `outras parcelas de ${formatBRL(t.otherDebtPaymentsCents)}` : null,
  ].filter(Boolean);
  const text =
    `Nenhuma opção da política coube (${numbers.join(', ') || 'sem orçamento informado'}). ` +
    'Converse com a pessoa sobre um plano especial (situação de dificuldade). ' +
    t.reason;
  const open = await repo.findOpenTask(db, {
    tenantId: t.tenantId,
    debtorId: t.debtorId,
    kind: 'help_request',
    creditorId: t.creditorId,
  });
  if (open) {
    await repo.updateTask(db, open.id, { text, details });
    return open.id;
  }
  const row = await repo.insertTask(db, {
    tenantId: t.tenantId,
    debtorId: t.debtorId,
    kind: 'help_request',
    channel: null,
    text,
    outboxId: null,
    details,
  });
  return row.id;
}
