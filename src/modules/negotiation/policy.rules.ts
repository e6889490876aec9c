import type { FieldError } from '../../platform/errors.ts';

/**
 * A creditor's negotiation policy: what may be offered without asking anyone, what an agent may
 * add, and what needs a manager. Pure validation and lookups; storage lives in the repository.
 */
export interface DiscountBand {
  /** The band applies from this many days overdue on (the highest band not above the debt's age wins). */
  minDaysOverdue: number;
  /** Maximum discount on the charges: fine, interest, correction and fees. */
  maxChargesDiscountPercent: number;
  /** Maximum discount on the principal itself. */
  maxPrincipalDiscountPercent: number;
}

export interface NegotiationPolicy {
  discountBands: DiscountBand[];
  maxInstallments: number;
  minInstallmentCents: number;
  minDownPaymentPercent: number;
  /** Monthly rate on installment plans (Tabela Price); 0 allowed. */
  installmentMonthlyRatePercent: number;
  offerValidityDays: number;
  /** Days an installment may stay unpaid after its due date before the agreement breaks. */
  graceDays: number;
  maxRenegotiations: number;
  /** The most extra discount (percentage points over the band) an agent may put in an offer. */
  agentMaxExtraDiscountPercent: number;
  /** Extra discount above this needs a manager's approval. */
  approvalAboveExtraDiscountPercent: number;
}

/**
 * Defaults: gentle discounts growing with the debt's age, up to 24 installments of at least R$ 50,
 * no down payment required, no interest on installments, offers valid 7 days, 10 grace days.
 */
export const DEFAULT_POLICY: NegotiationPolicy = {
  discountBands: [
    { minDaysOverdue: 0, maxChargesDiscountPercent: 0, maxPrincipalDiscountPercent: 0 },
    { minDaysOverdue: 30, maxChargesDiscountPercent: 50, maxPrincipalDiscountPercent: 0 },
    { minDaysOverdue: 180, maxChargesDiscountPercent: 80, maxPrincipalDiscountPercent: 10 },
    { minDaysOverdue: 365, maxChargesDiscountPercent: 100, maxPrincipalDiscountPercent: 30 },
  ],
  maxInstallments: 24,
  minInstallmentCents: 5_000,
  minDownPaymentPercent: 0,
  installmentMonthlyRatePercent: 0,
  offerValidityDays: 7,
  graceDays: 10,
  maxRenegotiations: 2,
  agentMaxExtraDiscountPercent: 10,
  approvalAboveExtraDiscountPercent: 5,
};

/** Lei 14.181/2021: repayment plans of at most 5 years. */
export const MAX_INSTALLMENTS_LIMIT = 60;

export type PolicyValidation = { ok: true; policy: NegotiationPolicy } | { ok: false; errors: FieldError[] };

function checkNumber(
  errors: FieldError[],
  field: string,
  value: number,
  rule: { min: number; max: number; integer?: boolean; minExclusive?: boolean; unit?: string },
): void {
  const unit = rule.unit ?? '';
  if (!Number.isFinite(value)) {
    errors.push({ field, message: 'deve ser um número' });
  } else if (rule.integer && !Number.isInteger(value)) {
    errors.push({ field, message: 'deve ser um número inteiro' });
  } else if (rule.minExclusive ? value <= rule.min : value < rule.min) {
    errors.push({
      field,
      message: `deve ser ${rule.minExclusive ? 'maior que' : 'no mínimo'} ${rule.min}${unit}`,
    });
  } else if (value > rule.max) {
    errors.push({ field, message: `deve ser no máximo ${rule.max}${unit}` });
  }
}

/** Every reason a policy is invalid, in pt-BR, so a manager fixes it in one round. */
export function validatePolicy(p: NegotiationPolicy): PolicyValidation {
  const errors: FieldError[] = [];
  const percent = { min: 0, max: 100, unit: '%' };
  p.discountBands.forEach((band, i) => {
    const at = `discountBands[${i}]`;
    checkNumber(errors, `${at}.minDaysOverdue`, band.minDaysOverdue, { min: 0, max: 36_500, integer: true });
    checkNumber(errors, `${at}.maxChargesDiscountPercent`, band.maxChargesDiscountPercent, percent);
    checkNumber(errors, `${at}.maxPrincipalDiscountPercent`, band.maxPrincipalDiscountPercent, percent);
    if (band.maxPrincipalDiscountPercent >= 100) {
      errors.push({
        field: `${at}.maxPrincipalDiscountPercent`,
        message: 'desconto de 100% do principal não é uma negociação',
      });
    }
    const previous = p.discountBands[i - 1];
    if (previous && band.minDaysOverdue <= previous.minDaysOverdue) {
      errors.push({
        field: `${at}.minDaysOverdue`,
        message: 'as faixas devem estar em ordem crescente de dias de atraso, sem repetição',
      });
    }
  });
  checkNumber(errors, 'maxInstallments', p.maxInstallments, {
    min: 1,
    max: MAX_INSTALLMENTS_LIMIT,
    integer: true,
    unit: ' parcelas (Lei 14.181/2021: planos de até 5 anos)',
  });
  checkNumber(errors, 'minInstallmentCents', p.minInstallmentCents, {
    min: 0,
    max: 1e13,
    integer: true,
    minExclusive: true,
  });
  checkNumber(errors, 'minDownPaymentPercent', p.minDownPaymentPercent, { min: 0, max: 99, unit: '%' });
  checkNumber(errors, 'installmentMonthlyRatePercent', p.installmentMonthlyRatePercent, {
    min: 0,
    max: 20,
    unit: '% ao mês',
  });
  checkNumber(errors, 'offerValidityDays', p.offerValidityDays, {
    min: 1,
    max: 90,
    integer: true,
    unit: ' dias',
  });
  checkNumber(errors, 'graceDays', p.graceDays, { min: 0, max: 90, integer: true, unit: ' dias' });
  checkNumber(errors, 'maxRenegotiations', p.maxRenegotiations, { min: 0, max: 10, integer: true });
  checkNumber(errors, 'agentMaxExtraDiscountPercent', p.agentMaxExtraDiscountPercent, percent);
  checkNumber(errors, 'approvalAboveExtraDiscountPercent', p.approvalAboveExtraDiscountPercent, percent);
  if (p.approvalAboveExtraDiscountPercent > p.agentMaxExtraDiscountPercent) {
    errors.push({
      field: 'approvalAboveExtraDiscountPercent',
      message: 'o limite que exige aprovação não pode passar do desconto extra máximo do agente',
    });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, policy: p };
}

/** The band for a debt's age: the highest `minDaysOverdue` not above it (none → no discount). */
export function bandFor(policy: NegotiationPolicy, daysOverdue: number): DiscountBand {
  let chosen: DiscountBand = {
    minDaysOverdue: 0,
    maxChargesDiscountPercent: 0,
    maxPrincipalDiscountPercent: 0,
  };
  for (const band of policy.discountBands) if (band.minDaysOverdue <= daysOverdue) chosen = band;
  return chosen;
}

export type ExtraDiscountDecision = 'within_policy' | 'agent_limit' | 'needs_approval' | 'refused';

/**
 * Who may grant `extraPercent` points of discount beyond the band: 0 is the policy itself; up to the
 * approval threshold an agent decides; up to the agent's maximum a manager must approve; beyond, no.
 */
export function classifyExtraDiscount(
  policy: NegotiationPolicy,
  extraPercent: number,
): ExtraDiscountDecision {
  if (extraPercent <= 0) return 'within_policy';
  if (extraPercent <= policy.approvalAboveExtraDiscountPercent) return 'agent_limit';
  if (extraPercent <= policy.agentMaxExtraDiscountPercent) return 'needs_approval';
  return 'refused';
}
