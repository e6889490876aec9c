import { addDays } from '../../platform/dates.ts';
import { formatBRL, formatPercent } from '../../platform/money.ts';
import {
  buildSchedule,
  generateOffers,
  nominalFirstDueDate,
  type Offer,
  type OfferRequest,
  PRESCRIBED_DEBT_NOTICE,
} from './offer.rules.ts';
import { classifyExtraDiscount } from './policy.rules.ts';

/**
 * A counter-proposal: the debtor (or an agent for them) says what they can pay. Inside the policy it
 * becomes an offer at once; within the agent's limit too; above the approval threshold it waits for
 * a manager; beyond the agent's maximum it is refused — always with the nearest plan the policy allows.
 */
export interface Proposal {
  downPaymentCents: number;
  installmentsCount: number;
  installmentCents: number;
}

export type ProposalDecision =
  | { status: 'accepted'; offer: Offer; reason: string }
  | { status: 'pending_approval'; offer: Offer; reason: string; extraDiscountPercent: number }
  | { status: 'refused'; reason: string; nearest: Offer | null };

export function evaluateProposal(
  req: Omit<OfferRequest, 'monthlyBudgetCents' | 'monthlyIncomeCents' | 'otherDebtPaymentsCents'>,
  p: Proposal,
): ProposalDecision {
  const { policy } = req;
  const plans = generateOffers(req).offers;
  const largest = plans.reduce<Offer | null>(
    (a, o) => (a && a.installmentsCount >= o.installmentsCount ? a : o),
    null,
  );
  if (
    !Number.isInteger(p.installmentsCount) ||
    p.installmentsCount < 1 ||
    p.installmentsCount > policy.maxInstallments
  ) {
    return {
      status: 'refused',
      reason: `A política deste credor permite de 1 a ${policy.maxInstallments} parcela(s).`,
      nearest: largest,
    };
  }
  const reference = plans.find((o) => o.installmentsCount === p.installmentsCount) ?? largest;
  if (!reference)
    return { status: 'refused', reason: 'Nenhuma dívida em aberto para negociar.', nearest: null };
  if (p.installmentsCount > 1 && p.installmentCents < policy.minInstallmentCents) {
    return {
      status: 'refused',
      reason: `A parcela mínima deste credor é ${formatBRL(policy.minInstallmentCents)}.`,
      nearest: reference,
    };
  }
  if (p.downPaymentCents < reference.downPaymentCents) {
    return {
      status: 'refused',
      reason: `A entrada mínima para ${p.installmentsCount} parcela(s) é ${formatBRL(reference.downPaymentCents)}.`,
      nearest: reference,
    };
  }
  const total = p.downPaymentCents + p.installmentsCount * p.installmentCents;
  if (total > Math.max(reference.balanceCents, reference.totalCents)) {
    return {
      status: 'refused',
      reason: `A proposta soma ${formatBRL(total)}, mais do que a política pede (${formatBRL(reference.totalCents)}).`,
      nearest: reference,
    };
  }
  const offer = proposalOffer(req, p, reference, total);
  const extra =
    total >= reference.totalCents ? 0 : ((reference.totalCents - total) / reference.balanceCents) * 100;
  const extraText = formatPercent(Math.round(extra * 100) / 100);
  switch (classifyExtraDiscount(policy, extra)) {
    case 'within_policy':
      return { status: 'accepted', offer, reason: 'A proposta está dentro da política do credor.' };
    case 'agent_limit':
      return {
        status: 'accepted',
        offer,
        reason: `Desconto extra de ${extraText}, dentro do limite de negociação.`,
      };
    case 'needs_approval':
      return {
        status: 'pending_approval',
        offer,
        extraDiscountPercent: Math.round(extra * 100) / 100,
        reason:
          `Desconto extra de ${extraText} sobre a política: acima de ${formatPercent(policy.approvalAboveExtraDiscountPercent)} ` +
          'precisa da aprovação de um gestor.',
      };
    default:
      return {
        status: 'refused',
        reason: `Desconto extra de ${extraText}: acima do máximo de ${formatPercent(policy.agentMaxExtraDiscountPercent)} que pode ser concedido.`,
        nearest: reference,
      };
  }
}

/** The person's own numbers as an offer: down payment, then equal installments monthly on business days. */
function proposalOffer(
  req: Parameters<typeof evaluateProposal>[0],
  p: Proposal,
  reference: Offer,
  total: number,
): Offer {
  // The date as chosen, so the installments keep its day of the month, like the policy's plans.
  const schedule = buildSchedule(
    nominalFirstDueDate(req),
    req.state,
    p.downPaymentCents,
    Array.from({ length: p.installmentsCount }, () => p.installmentCents),
  );
  return {
    kind: p.installmentsCount === 1 && p.downPaymentCents === 0 ? 'lump_sum' : 'installments',
    installmentsCount: p.installmentsCount,
    downPaymentCents: p.downPaymentCents,
    totalCents: total,
    discountCents: Math.max(0, reference.balanceCents - total),
    balanceCents: reference.balanceCents,
    monthlyRatePercent: 0,
    effectiveAnnualRatePercent: 0,
    interestMethod: 'none',
    cetAnnualPercent: 0,
    validUntil: addDays(req.today, req.policy.offerValidityDays),
    validityDays: req.policy.offerValidityDays,
    includesPrescribedDebt: reference.includesPrescribedDebt,
    schedule,
    explanation: [
      ...(reference.includesPrescribedDebt ? [PRESCRIBED_DEBT_NOTICE] : []),
      `Proposta do devedor: ${p.downPaymentCents > 0 ? `entrada de ${formatBRL(p.downPaymentCents)} e ` : ''}${p.installmentsCount} × ${formatBRL(p.installmentCents)} = ${formatBRL(total)}.`,
      `A política pede ${formatBRL(reference.totalCents)} em ${reference.installmentsCount} parcela(s); saldo atualizado ${formatBRL(reference.balanceCents)}.`,
      'Sem juros: o valor total é a soma dos pagamentos propostos.',
    ],
    debtIds: reference.debtIds,
  };
}
