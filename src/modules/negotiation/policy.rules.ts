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

/**
 * Plans of at most 60 installments (5 years): a policy choice, in line with the 5-year plans of the
 * superendividamento procedure (CDC art. 104-A, Lei 14.181/2021), which is a judicial/administrative
 * procedure and not a limit on every agreement.
 */
export const MAX_INSTALLMENTS_LIMIT = 60;

/** CDC art. 54-B §1º: the offer conditions are kept for at least 2 days. */
export const MIN_OFFER_VALIDITY_DAYS = 2;

/** Who the creditor is, for the interest an installment plan may carry. */
export interface CreditorKind {
  /** An institution of the Sistema Financeiro Nacional (bank, finance company, card issuer...). */
  financialInstitution: boolean;
}

/** The interest an installment plan may carry, by creditor type. */
export interface InstallmentInterestRule {
  maxMonthlyRatePercent: number;
  /** 'compound': Tabela Price; 'simple': equal installments at simple interest, no capitalisation. */
  method: 'compound' | 'simple';
  /** pt-BR, for the offer's explanation and the policy's refusal. */
  explanation: string;
  legalBasis: string;
}

/** Usury limit for creditors outside the SFN: 1% a month, 12% a year, simple. */
export const USURY_MONTHLY_RATE_PERCENT = 1;
/** A sanity ceiling for SFN institutions (their rates are free, Súmula 596; above this is a typo). */
export const SFN_MAX_MONTHLY_RATE_PERCENT = 20;

/**
 * A retailer, school or utility lending to a person is bound by the Lei de Usura: at most 12% a year
 * (Decreto 22.626/1933 art. 1º with CC art. 406 as then read; CC art. 591 for loans) and no interest on
 * interest (art. 4º). Monthly capitalisation is allowed only to SFN institutions, when agreed (MP
 * 2.170-36/2001 art. 5º; STJ Súmulas 539 and 541), whose rates are not limited by the usury law (STF
 * Súmula 596).
 */
export function installmentInterestRule(creditor: CreditorKind): InstallmentInterestRule {
  if (creditor.financialInstitution) {
    return {
      maxMonthlyRatePercent: SFN_MAX_MONTHLY_RATE_PERCENT,
      method: 'compound',
      explanation:
        'instituição do Sistema Financeiro Nacional: juros compostos (Tabela Price) permitidos quando pactuados (MP 2.170-36/2001 art. 5º; STJ Súmulas 539 e 541)',
      legalBasis: 'MP 2.170-36/2001 art. 5º; STJ Súmulas 539, 541 e 596 (STF)',
    };
  }
  return {
    maxMonthlyRatePercent: USURY_MONTHLY_RATE_PERCENT,
    method: 'simple',
    explanation:
      'credor fora do Sistema Financeiro Nacional: juros de no máximo 1% ao mês (12% ao ano), simples, sem capitalização mensal (Decreto 22.626/1933, Lei de Usura, arts. 1º e 4º; Código Civil art. 591; capitalização mensal só para o SFN, MP 2.170-36/2001 e STJ Súmulas 539 e 541)',
    legalBasis: 'Decreto 22.626/1933 arts. 1º e 4º; Código Civil art. 591; STJ Súmulas 539 e 541',
  };
}

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

/**
 * Every reason a policy is invalid, in pt-BR, so a manager fixes it in one round. With the creditor's
 * kind, the installment rate is held to that creditor's legal cap (`installmentInterestRule`); without
 * it, only to the general ceiling of 20% a month.
 */
export function validatePolicy(p: NegotiationPolicy, creditor?: CreditorKind): PolicyValidation {
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
    unit: ' parcelas (escolha da plataforma: planos de até 5 anos)',
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
    max: SFN_MAX_MONTHLY_RATE_PERCENT,
    unit: '% ao mês',
  });
  if (
    creditor &&
    Number.isFinite(p.installmentMonthlyRatePercent) &&
    p.installmentMonthlyRatePercent <= SFN_MAX_MONTHLY_RATE_PERCENT
  ) {
    const rule = installmentInterestRule(creditor);
    if (p.installmentMonthlyRatePercent > rule.maxMonthlyRatePercent) {
      errors.push({
        field: 'installmentMonthlyRatePercent',
        message: `deve ser no máximo ${rule.maxMonthlyRatePercent}% ao mês: ${rule.explanation}`,
      });
    }
  }
  checkNumber(errors, 'offerValidityDays', p.offerValidityDays, {
    min: MIN_OFFER_VALIDITY_DAYS,
    max: 90,
    integer: true,
    unit: ' dias (CDC art. 54-B: a oferta vale pelo menos 2 dias)',
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
