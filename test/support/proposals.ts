import type { Api, Given } from './given.ts';

/**
 * The world of the counter-proposal tests: Maria owes R$ 1.200,00 (debt P-1, due 2026-10-01) to a
 * creditor with no charges (0% fine and interest, no correction) and a policy with no discount band, so
 * the policy total is the principal; up to 6 installments of at least R$ 50,00; an agent may give up to
 * 10% extra, and above 5% a manager approves. Returns Maria's id.
 */
export async function debtorForProposals(given: Given): Promise<string> {
  const creditor = await given.creditor({
    terms: { correctionIndex: 'none', finePercent: 0, monthlyInterestPercent: 0 },
  });
  const debtor = await given.debtorWithDebts(creditor.id, {
    name: 'Maria',
    debts: [{ externalId: 'P-1', amount: '1.200,00', dueDate: '2026-10-01' }],
  });
  await given.policy(creditor.id, {
    discountBands: [],
    maxInstallments: 6,
    minInstallmentCents: 5_000,
    agentMaxExtraDiscountPercent: 10,
    approvalAboveExtraDiscountPercent: 5,
  });
  return debtor.id;
}

/** A counter-proposal of equal installments, no down payment (6 of them unless said). */
export function propose(as: Api, debtorId: string, installmentCents: number, installmentsCount = 6) {
  return as('POST', `/api/v1/debtors/${debtorId}/proposals`, {
    downPaymentCents: 0,
    installmentsCount,
    installmentCents,
  });
}
