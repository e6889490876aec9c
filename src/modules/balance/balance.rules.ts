import {
  addYearsCivil,
  daysBetween,
  formatDatePtBr,
  formatMonthPtBr,
  type IsoDate,
  monthOf,
  monthsInRange,
} from '../../platform/dates.ts';
import { Dec, formatBRL, formatPercent, roundToCents } from '../../platform/money.ts';

/**
 * The transparent balance: what a debt amounts to on a date, line by line, each line with the rule
 * (and the law) that produced it. Pure: the caller supplies the debt, the terms and the index table.
 */
export type BalanceLineKind = 'principal' | 'fine' | 'interest' | 'correction' | 'fees';

export interface BalanceLine {
  kind: BalanceLineKind;
  amountCents: number;
  /** pt-BR explanation of how the amount was reached. */
  rule: string;
  legalBasis?: string;
  /** True when the contract asked for more than the law allows and the cap applied. */
  capped?: boolean;
  /** Correction only: months the index table does not have (they contributed zero). */
  missingMonths?: string[];
}

export interface BalanceTerms {
  finePercent: string;
  monthlyInterestPercent: string;
  correctionIndex: 'none' | 'IPCA';
  feesPercent: string;
  feesInContract: boolean;
  financialInstitution: boolean;
}

/** Legal limits; configuration may change them (law and courts move), these are today's defaults. */
export interface BalanceLimits {
  /** CDC art. 52 §1. */
  fineCapPercent: string;
  /** Código Civil art. 406 / Lei 14.905: 1% a month for creditors that are not financial institutions. */
  interestCapPercent: string;
  /** Código Civil art. 206 §5 I. */
  prescriptionYears: number;
}

export const DEFAULT_LIMITS: BalanceLimits = {
  fineCapPercent: '2',
  interestCapPercent: '1',
  prescriptionYears: 5,
};

export interface BalanceInput {
  debtId: string;
  principalCents: number;
  dueDate: IsoDate;
  date: IsoDate;
  terms: BalanceTerms;
  /** Already collected by an agreement that later broke, deducted from the principal (never charged again). */
  alreadyPaidCents?: number;
  /** Monthly variation in percent by 'YYYY-MM' (only the months that exist in the table). */
  indexTable: ReadonlyMap<string, string>;
  limits?: BalanceLimits;
}

export interface Balance {
  debtId: string;
  date: IsoDate;
  dueDate: IsoDate;
  daysOverdue: number;
  principalCents: number;
  fineCents: number;
  interestCents: number;
  correctionCents: number;
  feesCents: number;
  totalCents: number;
  prescribed: boolean;
  /** Last day the debt may be collected (due date + 5 years, Código Civil art. 132 §3). */
  prescriptionDate: IsoDate;
  lines: BalanceLine[];
}

export function computeBalance(input: BalanceInput): Balance {
  const limits = input.limits ?? DEFAULT_LIMITS;
  const { principalCents, dueDate, date, terms } = input;
  const daysOverdue = Math.max(0, daysBetween(dueDate, date));
  const overdue = daysOverdue > 0;
  const prescriptionDate = addYearsCivil(dueDate, limits.prescriptionYears);
  const prescribed = date > prescriptionDate;

  const paid = input.alreadyPaidCents ?? 0;
  const principalLine: BalanceLine = {
    kind: 'principal',
    amountCents: principalCents,
    rule:
      (overdue
        ? `Valor original de ${formatBRL(principalCents + paid)}, vencido em ${formatDatePtBr(dueDate)} (${daysOverdue} dia(s) em atraso).`
        : `Valor original de ${formatBRL(principalCents + paid)}, com vencimento em ${formatDatePtBr(dueDate)} (ainda não vencido).`) +
      (paid > 0
        ? ` Já pagos ${formatBRL(paid)} em acordo desfeito, abatidos do principal: resta ${formatBRL(principalCents)}.`
        : ''),
  };
  const correction = correctionLine(principalCents, dueDate, date, overdue, terms, input.indexTable);
  const fine = fineLine(principalCents, overdue, terms, limits);
  const interest = interestLine(principalCents, daysOverdue, terms, limits);
  const fees = feesLine(
    principalCents + correction.amountCents + fine.amountCents + interest.amountCents,
    overdue,
    terms,
  );
  const lines = [principalLine, correction, fine, interest, fees];
  return {
    debtId: input.debtId,
    date,
    dueDate,
    daysOverdue,
    principalCents,
    fineCents: fine.amountCents,
    interestCents: interest.amountCents,
    correctionCents: correction.amountCents,
    feesCents: fees.amountCents,
    totalCents: lines.reduce((sum, l) => sum + l.amountCents, 0),
    prescribed,
    prescriptionDate,
    lines,
  };
}

/**
 * Monetary correction, "tabela prática" method: the monthly variations from the due date's month up
 * to (not including) the calculation month, compounded. A month missing from the table contributes
 * zero and is named; we never invent index values. Accumulated deflation never reduces the nominal
 * amount (STJ: correction restores value, it does not cut the debt).
 */
function correctionLine(
  principalCents: number,
  dueDate: IsoDate,
  date: IsoDate,
  overdue: boolean,
  terms: BalanceTerms,
  table: ReadonlyMap<string, string>,
): BalanceLine {
  const legalBasis = 'Lei 14.905/2024 (IPCA quando o contrato não fixa índice); Código Civil art. 389';
  if (terms.correctionIndex === 'none') {
    return {
      kind: 'correction',
      amountCents: 0,
      rule: 'Sem correção monetária: o contrato não prevê índice.',
    };
  }
  const months = overdue ? monthsInRange(monthOf(dueDate), monthOf(date)) : [];
  if (months.length === 0) {
    return {
      kind: 'correction',
      amountCents: 0,
      rule: overdue
        ? `Correção pelo ${terms.correctionIndex}: vencimento e cálculo no mesmo mês, nenhum mês a corrigir.`
        : `Correção pelo ${terms.correctionIndex}: não se aplica antes do vencimento.`,
      legalBasis,
    };
  }
  let factor = new Dec(1);
  const missing: string[] = [];
  for (const month of months) {
    const percent = table.get(month);
    if (percent === undefined) missing.push(month);
    else factor = factor.mul(new Dec(percent).div(100).add(1));
  }
  const accumulatedPercent = factor.minus(1).mul(100);
  const raw = new Dec(principalCents).mul(factor.minus(1));
  const amountCents = raw.isNegative() ? 0 : roundToCents(raw);
  const span = `${formatMonthPtBr(months[0]!)} a ${formatMonthPtBr(months[months.length - 1]!)}`;
  let rule =
    `${terms.correctionIndex} acumulado de ${span} (${months.length} mês(es)): ` +
    `${formatPercent(accumulatedPercent.toDecimalPlaces(4))} sobre ${formatBRL(principalCents)}.`;
  if (raw.isNegative()) rule += ' Variação acumulada negativa: o valor nominal é preservado (correção zero).';
  if (missing.length > 0) {
    rule +=
      ` A tabela do ${terms.correctionIndex} não tem ${missing.length} mês(es) (${missing.map(formatMonthPtBr).join(', ')}):` +
      ' contaram como zero até serem carregados.';
  }
  return {
    kind: 'correction',
    amountCents,
    rule,
    legalBasis,
    ...(missing.length > 0 ? { missingMonths: missing } : {}),
  };
}

function fineLine(
  principalCents: number,
  overdue: boolean,
  terms: BalanceTerms,
  limits: BalanceLimits,
): BalanceLine {
  const legalBasis = 'CDC (Lei 8.078/1990) art. 52 §1: multa de mora de no máximo 2%';
  if (!overdue)
    return {
      kind: 'fine',
      amountCents: 0,
      rule: 'Sem multa: a dívida ainda não venceu.',
      legalBasis,
      capped: false,
    };
  const contract = new Dec(terms.finePercent);
  const cap = new Dec(limits.fineCapPercent);
  const capped = contract.greaterThan(cap);
  const rate = capped ? cap : contract;
  const amountCents = roundToCents(new Dec(principalCents).mul(rate).div(100));
  let rule = `Multa de ${formatPercent(rate)} sobre ${formatBRL(principalCents)}.`;
  if (capped)
    rule += ` O contrato prevê ${formatPercent(contract)}; aplicado o teto legal de ${formatPercent(cap)}.`;
  return { kind: 'fine', amountCents, rule, legalBasis, capped };
}

/** Simple interest, pro rata die: principal × monthly% × days / 30. */
function interestLine(
  principalCents: number,
  days: number,
  terms: BalanceTerms,
  limits: BalanceLimits,
): BalanceLine {
  const legalBasis = terms.financialInstitution
    ? 'Taxa contratual de instituição financeira (não sujeita ao teto de 1% a.m.)'
    : 'Código Civil arts. 406 e 591 e Lei 14.905/2024: juros de mora de até 1% ao mês';
  if (days === 0)
    return {
      kind: 'interest',
      amountCents: 0,
      rule: 'Sem juros de mora: a dívida ainda não venceu.',
      legalBasis,
    };
  const contract = new Dec(terms.monthlyInterestPercent);
  const cap = new Dec(limits.interestCapPercent);
  const capped = !terms.financialInstitution && contract.greaterThan(cap);
  const rate = capped ? cap : contract;
  const amountCents = roundToCents(new Dec(principalCents).mul(rate).div(100).mul(days).div(30));
  let rule = `Juros de mora simples de ${formatPercent(rate)} ao mês, pro rata die: ${formatBRL(principalCents)} × ${formatPercent(rate)} × ${days}/30 dias.`;
  if (capped)
    rule += ` O contrato prevê ${formatPercent(contract)} ao mês; aplicado o teto legal de ${formatPercent(cap)}.`;
  return { kind: 'interest', amountCents, rule, legalBasis, capped };
}

function feesLine(baseCents: number, overdue: boolean, terms: BalanceTerms): BalanceLine {
  const legalBasis =
    'Honorários de cobrança só podem ser cobrados do consumidor quando previstos em contrato (CDC art. 51)';
  if (!terms.feesInContract) {
    return { kind: 'fees', amountCents: 0, rule: 'Sem honorários: não previstos em contrato.', legalBasis };
  }
  if (!overdue)
    return { kind: 'fees', amountCents: 0, rule: 'Sem honorários: a dívida ainda não venceu.', legalBasis };
  const rate = new Dec(terms.feesPercent);
  const amountCents = roundToCents(new Dec(baseCents).mul(rate).div(100));
  return {
    kind: 'fees',
    amountCents,
    rule: `Honorários contratuais de ${formatPercent(rate)} sobre ${formatBRL(baseCents)} (valor corrigido mais multa e juros).`,
    legalBasis,
  };
}
