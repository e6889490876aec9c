import { nextBusinessDay } from '../../platform/calendar.ts';
import {
  addDays,
  civilMonthsBetween,
  daysBetween,
  daysInMonth,
  formatDatePtBr,
  formatMonthPtBr,
  type IsoDate,
  monthOf,
  monthsInRange,
} from '../../platform/dates.ts';
import { Dec, formatBRL, formatPercent, roundToCents } from '../../platform/money.ts';
import type { IndexName } from './index-table.rules.ts';
import { type PrescriptionStatus, type ProductType, prescriptionOf } from './prescription.rules.ts';

/**
 * The transparent balance: what a debt amounts to on a date, line by line, each line with the rule
 * (and the law) that produced it. Pure: the caller supplies the debt, the terms and the index tables.
 * The legal reading behind each line, and the choices where courts diverge, are in docs/legal.md.
 */
export type BalanceLineKind =
  | 'principal'
  | 'fine'
  | 'interest'
  | 'remuneratory_interest'
  | 'correction'
  | 'fees';

export interface BalanceLine {
  kind: BalanceLineKind;
  amountCents: number;
  /** pt-BR explanation of how the amount was reached. */
  rule: string;
  legalBasis?: string;
  /** True when the contract asked for more than the law allows and the cap applied. */
  capped?: boolean;
  /** Correction and taxa legal: months the index table does not have (they contributed zero). */
  missingMonths?: string[];
}

export type CorrectionIndex = 'none' | 'IPCA' | 'INPC' | 'IGPM';

export interface BalanceTerms {
  /** null = the contract has no fine clause: no fine (Código Civil arts. 408-409). */
  finePercent: string | null;
  /** Moratory interest a month; null = not agreed: the taxa legal (CC art. 406, Lei 14.905/2024). */
  monthlyInterestPercent: string | null;
  /** Remuneratory interest a month after default, financial institutions only (Res. CMN 4.882/2020). */
  remuneratoryInterestPercent?: string | null;
  /** 'none' = the creditor waives correction (the law would apply IPCA, CC art. 389). */
  correctionIndex: CorrectionIndex;
  feesPercent: string;
  /** The contract has a collection-fees clause, reciprocal (CDC art. 51 XII). */
  feesInContract: boolean;
  financialInstitution: boolean;
}

/** Legal limits; configuration may change them (law and courts move), these are today's defaults. */
export interface BalanceLimits {
  /** CDC art. 52 §1. */
  fineCapPercent: string;
  /** Moratory interest: Decreto 22.626/1933 art. 1º, CC art. 406; STJ Súmula 379 (banks too). */
  moratoryInterestCapPercent: string;
  /** Interest not agreed before 30/08/2024: 1% a month (CC art. 406 former wording + CTN art. 161 §1). */
  legacyLegalInterestPercent: string;
  /** Honorários ceiling (a policy choice; the contract's rate above it is capped). */
  feesCapPercent: string;
}

export const DEFAULT_LIMITS: BalanceLimits = {
  fineCapPercent: '2',
  moratoryInterestCapPercent: '1',
  legacyLegalInterestPercent: '1',
  feesCapPercent: '10',
};

/** Lei 14.905/2024 took effect on 30/08/2024: from then on, interest not agreed is the taxa legal. */
export const TAXA_LEGAL_FROM: IsoDate = '2024-08-30';

export const CREDIT_CARD_TYPES: readonly ProductType[] = ['credit_card_revolving', 'credit_card_installment'];

export interface Lawyer {
  name: string;
  oab: string;
  assignedOn: IsoDate;
}

export interface BalanceInput {
  debtId: string;
  principalCents: number;
  dueDate: IsoDate;
  date: IsoDate;
  terms: BalanceTerms;
  /** Already collected by an agreement that later broke, deducted from the principal (never charged again). */
  alreadyPaidCents?: number;
  /** Monthly variation in percent by 'YYYY-MM' of `terms.correctionIndex` (only the months loaded). */
  indexTable: ReadonlyMap<string, string>;
  /** Taxa legal in percent a month by 'YYYY-MM' (only the months loaded). */
  legalRateTable?: ReadonlyMap<string, string>;
  /** The debtor's state (UF) and city: a due date on their holiday moves to the next business day. */
  state?: string | null;
  city?: string | null;
  productType?: ProductType | null;
  /** The lawyer acting on the debt (honorários only from the assignment). */
  lawyer?: Lawyer | null;
  /** Acknowledgment that interrupted prescription (CC art. 202 VI), if any. */
  prescriptionInterruptedOn?: IsoDate | null;
  /** Periods in which charges do not accrue (repactuação, CDC art. 104-A): see `accrualSegments`. */
  freezes?: readonly ChargeFreeze[];
  limits?: BalanceLimits;
}

/**
 * A period in which no correction, fine, interest or fees accrue on the debt: [from, until), until null =
 * until ended. Today only the repactuação of the superendividamento procedure (CDC art. 104-A).
 */
export interface ChargeFreeze {
  from: IsoDate;
  until: IsoDate | null;
  reason: 'repactuation';
}

export const CHARGE_FREEZE_LEGAL_BASIS =
  'CDC art. 104-A, incluído pela Lei 14.181/2021 (repactuação de dívidas do consumidor superendividado): ' +
  'enquanto dura, os encargos ficam congelados; ao fim, voltam a correr sem cobrar o período congelado';

/** The freeze in force on the balance date, as shown to people. */
export interface ChargesFrozen {
  since: IsoDate;
  until: IsoDate | null;
  reason: 'repactuation';
  rule: string;
  legalBasis: string;
}

export interface Balance {
  debtId: string;
  date: IsoDate;
  dueDate: IsoDate;
  /** The due date moved to the next business day when it fell on a weekend or holiday (CC art. 132 §1). */
  effectiveDueDate: IsoDate;
  daysOverdue: number;
  principalCents: number;
  fineCents: number;
  interestCents: number;
  remuneratoryInterestCents: number;
  correctionCents: number;
  feesCents: number;
  totalCents: number;
  prescribed: boolean;
  /** Last day the debt may be collected (the term of its product type, restarted by an interruption). */
  prescriptionDate: IsoDate;
  prescription: PrescriptionStatus;
  /** Months an index table lacked (they counted as zero, in the debtor's favour), by table. */
  missingIndexMonths: { index: IndexName; months: string[] }[];
  /** Charges frozen on `date` (repactuação, CDC art. 104-A): the figures are those of `since`. */
  chargesFrozen: ChargesFrozen | null;
  lines: BalanceLine[];
}

type Segment = { from: IsoDate; to: IsoDate };

/**
 * The days on which charges accrue: [start, date) minus every freeze [from, until). A freeze that ended
 * does not charge its days afterwards (the debtor's favour, docs/legal.md): accrual resumes from `until`
 * as if the clock had stopped. Segments are in order and never empty.
 */
export function accrualSegments(start: IsoDate, date: IsoDate, freezes: readonly ChargeFreeze[]): Segment[] {
  if (date <= start) return [];
  let segments: Segment[] = [{ from: start, to: date }];
  for (const f of freezes) {
    const next: Segment[] = [];
    for (const s of segments) {
      const fUntil = f.until ?? '9999-12-31';
      if (fUntil <= s.from || f.from >= s.to) {
        next.push(s);
        continue;
      }
      if (f.from > s.from) next.push({ from: s.from, to: f.from });
      if (fUntil < s.to) next.push({ from: fUntil, to: s.to });
    }
    segments = next;
  }
  return segments.sort((a, b) => (a.from < b.from ? -1 : 1));
}

export function computeBalance(input: BalanceInput): Balance {
  const limits = input.limits ?? DEFAULT_LIMITS;
  const { principalCents, dueDate, date, terms } = input;
  // CC art. 132 §1 and Lei 7.089/1983 art. 1º: a due date that falls on a Saturday, Sunday or holiday
  // moves to the next business day of the debtor's place; paying then is paying on time.
  const effectiveDue = nextBusinessDay(dueDate, input.state ?? undefined, input.city);
  const daysOverdue = Math.max(0, daysBetween(effectiveDue, date));
  const overdue = daysOverdue > 0;
  const prescription = prescriptionOf({
    dueDate,
    productType: input.productType ?? null,
    interruptedOn: input.prescriptionInterruptedOn ?? null,
    date,
  });

  // Repactuação (CDC art. 104-A): the days on which charges accrue, without the frozen ones.
  const freezes = (input.freezes ?? []).filter((f) => f.from < date || f.from === date);
  const segments = overdue ? accrualSegments(effectiveDue, date, freezes) : [];
  const frozenTouches = freezes.filter(
    (f) => overdue && (f.until === null || f.until > effectiveDue) && f.from <= date,
  );
  const chargeable = segments.length > 0;
  const accruedUntil = chargeable ? segments[segments.length - 1]!.to : effectiveDue;
  const active = freezes
    .filter((f) => f.from <= date && (f.until === null || date < f.until))
    .sort((a, b) => (a.from < b.from ? -1 : 1))[0];
  const chargesFrozen: ChargesFrozen | null = active
    ? {
        since: active.from,
        until: active.until,
        reason: active.reason,
        rule:
          `Encargos congelados desde ${formatDatePtBr(active.from)} (repactuação, CDC art. 104-A): correção, multa, juros e honorários ficam como estavam nessa data` +
          (active.until
            ? ` até ${formatDatePtBr(addDays(active.until, -1))}.`
            : ' enquanto durar a repactuação.'),
        legalBasis: CHARGE_FREEZE_LEGAL_BASIS,
      }
    : null;
  const frozenNote = frozenTouches
    .map((f) =>
      f === active
        ? ` ${chargesFrozen!.rule}`
        : ` Encargos congelados de ${formatDatePtBr(f.from)} a ${formatDatePtBr(addDays(f.until!, -1))} (repactuação, CDC art. 104-A): esses dias não entram na conta.`,
    )
    .join('');

  const paid = input.alreadyPaidCents ?? 0;
  const moved =
    effectiveDue !== dueDate
      ? ` O vencimento caiu em dia sem expediente e passou para ${formatDatePtBr(effectiveDue)} (Código Civil art. 132 §1º; Lei 7.089/1983).`
      : '';
  const principalLine: BalanceLine = {
    kind: 'principal',
    amountCents: principalCents,
    rule:
      (overdue
        ? `Valor original de ${formatBRL(principalCents + paid)}, vencido em ${formatDatePtBr(dueDate)} (${daysOverdue} dia(s) em atraso).`
        : `Valor original de ${formatBRL(principalCents + paid)}, com vencimento em ${formatDatePtBr(dueDate)} (ainda não em atraso).`) +
      moved +
      (paid > 0
        ? ` Já pagos ${formatBRL(paid)} em acordo desfeito, abatidos do principal: resta ${formatBRL(principalCents)}.`
        : '') +
      frozenNote,
    ...(frozenNote ? { legalBasis: CHARGE_FREEZE_LEGAL_BASIS } : {}),
  };
  const correction = correctionLine(principalCents, segments, chargeable, terms, input.indexTable);
  const fine = fineLine(principalCents, chargeable, terms, limits);
  const interest = interestLine(principalCents, segments, chargeable, terms, limits, input.legalRateTable);
  const remuneratory = terms.financialInstitution
    ? remuneratoryLine(principalCents, segments, chargeable, terms)
    : null;
  const fees = feesLine(
    principalCents +
      correction.amountCents +
      fine.amountCents +
      interest.amountCents +
      (remuneratory?.amountCents ?? 0),
    chargeable,
    accruedUntil,
    terms,
    input.lawyer ?? null,
    limits,
  );
  const charges = [correction, fine, interest, ...(remuneratory ? [remuneratory] : []), fees];
  if (overdue && !chargeable) {
    // Frozen since before the due date: nothing ever accrued (the lines said "not overdue").
    for (const line of charges)
      if (line.amountCents === 0)
        line.rule = `Nada a acrescentar: encargos congelados desde ${formatDatePtBr(frozenTouches[0]?.from ?? date)} (repactuação, CDC art. 104-A).`;
  }
  if (input.productType && CREDIT_CARD_TYPES.includes(input.productType))
    capCreditCard(principalCents, charges);
  const lines = [principalLine, ...charges];
  const missingIndexMonths: Balance['missingIndexMonths'] = [];
  // Without correction ('none') no month is read, so none can be missing.
  if (correction.missingMonths && terms.correctionIndex !== 'none')
    missingIndexMonths.push({ index: terms.correctionIndex, months: correction.missingMonths });
  if (interest.missingMonths)
    missingIndexMonths.push({ index: 'TAXA_LEGAL', months: interest.missingMonths });
  return {
    debtId: input.debtId,
    date,
    dueDate,
    effectiveDueDate: effectiveDue,
    daysOverdue,
    principalCents,
    fineCents: fine.amountCents,
    interestCents: interest.amountCents,
    remuneratoryInterestCents: remuneratory?.amountCents ?? 0,
    correctionCents: correction.amountCents,
    feesCents: fees.amountCents,
    totalCents: lines.reduce((sum, l) => sum + l.amountCents, 0),
    prescribed: prescription.prescribed,
    prescriptionDate: prescription.endsOn,
    prescription,
    missingIndexMonths,
    chargesFrozen,
    lines,
  };
}

const INDEX_LABEL: Record<CorrectionIndex, string> = { none: '', IPCA: 'IPCA', INPC: 'INPC', IGPM: 'IGP-M' };

/**
 * Monetary correction, "tabela prática" method: the monthly variations from the due date's month up
 * to (not including) the calculation month, compounded. A month missing from the table contributes
 * zero and is named; we never invent index values. Accumulated deflation never reduces the nominal
 * amount (STJ: correction restores value, it does not cut the debt). Without an index in the contract
 * the law applies IPCA (CC art. 389 sole paragraph, Lei 14.905/2024); a creditor may waive it.
 */
function correctionLine(
  principalCents: number,
  segments: readonly Segment[],
  overdue: boolean,
  terms: BalanceTerms,
  table: ReadonlyMap<string, string>,
): BalanceLine {
  const legalBasis =
    terms.correctionIndex === 'IPCA' || terms.correctionIndex === 'none'
      ? 'Código Civil art. 389, parágrafo único (Lei 14.905/2024): sem índice no contrato, aplica-se o IPCA'
      : 'Código Civil art. 389: índice de correção previsto no contrato';
  if (terms.correctionIndex === 'none') {
    return {
      kind: 'correction',
      amountCents: 0,
      rule: 'Sem correção monetária: o credor optou por não cobrá-la (a lei permitiria corrigir pelo IPCA).',
      legalBasis,
    };
  }
  const label = INDEX_LABEL[terms.correctionIndex];
  // Months of each accruing segment (one segment without a freeze: due month up to the calculation
  // month, exclusive). A frozen month is left out; a freeze inside one month changes nothing here.
  const months = [...new Set(segments.flatMap((s) => monthsInRange(monthOf(s.from), monthOf(s.to))))].sort();
  const gap = segments.length > 1 ? ' (sem os meses congelados)' : '';
  if (months.length === 0) {
    return {
      kind: 'correction',
      amountCents: 0,
      rule: overdue
        ? `Correção pelo ${label}: vencimento e cálculo no mesmo mês, nenhum mês a corrigir.`
        : `Correção pelo ${label}: não se aplica antes do vencimento.`,
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
    `${label} acumulado de ${span}${gap} (${months.length} mês(es)): ` +
    `${formatPercent(accumulatedPercent.toDecimalPlaces(4))} sobre ${formatBRL(principalCents)}.`;
  if (raw.isNegative()) rule += ' Variação acumulada negativa: o valor nominal é preservado (correção zero).';
  if (missing.length > 0) {
    rule +=
      ` A tabela do ${label} não tem ${missing.length} mês(es) (${missing.map(formatMonthPtBr).join(', ')}):` +
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

/** A fine exists only when the contract provides it (CC arts. 408-409), at most 2% (CDC art. 52 §1). */
function fineLine(
  principalCents: number,
  overdue: boolean,
  terms: BalanceTerms,
  limits: BalanceLimits,
): BalanceLine {
  const legalBasis =
    'Código Civil arts. 408 e 409 (multa só quando prevista no contrato); CDC (Lei 8.078/1990) art. 52 §1º (no máximo 2%)';
  if (terms.finePercent === null)
    return {
      kind: 'fine',
      amountCents: 0,
      rule: 'Sem multa: o contrato não prevê multa por atraso.',
      legalBasis,
      capped: false,
    };
  if (!overdue)
    return {
      kind: 'fine',
      amountCents: 0,
      rule: 'Sem multa: a dívida ainda não está em atraso.',
      legalBasis,
      capped: false,
    };
  const contract = new Dec(terms.finePercent);
  const cap = new Dec(limits.fineCapPercent);
  const capped = contract.greaterThan(cap);
  const rate = capped ? cap : contract;
  // On the principal, not the corrected value: a choice in the consumer's favour (docs/legal.md).
  const amountCents = roundToCents(new Dec(principalCents).mul(rate).div(100));
  let rule = `Multa prevista no contrato: ${formatPercent(rate)} sobre ${formatBRL(principalCents)}.`;
  if (capped)
    rule += ` O contrato prevê ${formatPercent(contract)}; aplicado o teto legal de ${formatPercent(cap)}.`;
  return { kind: 'fine', amountCents, rule, legalBasis, capped };
}

/** Months (a decimal) of simple interest between two dates: civil months plus a pro rata of the last. */
function civilMonthsFactor(from: IsoDate, to: IsoDate): { times: (amount: Dec) => Dec; text: string } {
  const { months, days, monthLength } = civilMonthsBetween(from, to);
  // amount × (months + days/length), dividing last so exact ties (x.5 centavo) stay exact for rounding.
  const times = (amount: Dec) => amount.mul(months * monthLength + days).div(monthLength);
  const parts: string[] = [];
  if (months > 0) parts.push(`${months} mês(es)`);
  if (days > 0) parts.push(`${days}/${monthLength} de mês`);
  return { times, text: parts.join(' + ') || '0 mês' };
}

/**
 * Moratory interest, simple, on the principal (not the corrected value: the consumer's favour).
 * Counted in civil months (CC art. 132 §3) plus a pro rata of the running month, so a year is 12
 * months. Agreed: at most 1% a month (Decreto 22.626/1933 art. 1º; STJ Súmula 379, also for banks).
 * Not agreed: the taxa legal (CC art. 406, Lei 14.905/2024, Res. CMN 5.171/2024), month by month as the
 * Banco Central publishes it, floor zero, pro rata of each calendar month; before 30/08/2024 the former
 * regime, 1% a month (CC art. 406 former wording with CTN art. 161 §1).
 */
function interestLine(
  principalCents: number,
  segments: readonly Segment[],
  overdue: boolean,
  terms: BalanceTerms,
  limits: BalanceLimits,
  legalRates: ReadonlyMap<string, string> | undefined,
): BalanceLine {
  const agreed = terms.monthlyInterestPercent !== null;
  const legalBasis = agreed
    ? 'Juros de mora convencionados, no máximo 1% ao mês: Decreto 22.626/1933 art. 1º e Código Civil art. 406; STJ Súmula 379 (também em contratos bancários)'
    : 'Código Civil art. 406 (Lei 14.905/2024): sem taxa no contrato, taxa legal mensal (Res. CMN 5.171/2024, publicada pelo Banco Central); antes de 30/08/2024, 1% ao mês (art. 406 na redação anterior e CTN art. 161 §1º)';
  if (!overdue)
    return {
      kind: 'interest',
      amountCents: 0,
      rule: 'Sem juros de mora: a dívida ainda não está em atraso.',
      legalBasis,
    };
  const principal = new Dec(principalCents);
  if (agreed) {
    const contract = new Dec(terms.monthlyInterestPercent!);
    const cap = new Dec(limits.moratoryInterestCapPercent);
    const capped = contract.greaterThan(cap);
    const rate = capped ? cap : contract;
    const { amount, text } = overSegments(segments, principal.mul(rate));
    const amountCents = roundToCents(amount.div(100));
    let rule =
      `Juros de mora previstos no contrato: ${formatPercent(rate)} ao mês, simples, sobre ${formatBRL(principalCents)}` +
      ` por ${text}.`;
    if (capped)
      rule += ` O contrato prevê ${formatPercent(contract)} ao mês; juros de mora não passam de ${formatPercent(cap)} ao mês.`;
    return { kind: 'interest', amountCents, rule, legalBasis, capped };
  }

  // Not agreed: the former regime up to 29/08/2024, the taxa legal from 30/08/2024.
  let total = new Dec(0);
  const parts: string[] = [];
  const missing: string[] = [];
  for (const s of segments) {
    const r = legalInterest(principal, s.from, s.to, limits, legalRates);
    total = total.add(r.total);
    parts.push(...r.parts);
    for (const m of r.missing) if (!missing.includes(m)) missing.push(m);
  }
  const amountCents = roundToCents(total);
  return {
    kind: 'interest',
    amountCents,
    rule: `Juros de mora sem taxa no contrato, simples, sobre ${formatBRL(principalCents)}: ${parts.join('; ')}.`,
    legalBasis,
    ...(missing.length > 0 ? { missingMonths: missing } : {}),
  };
}

/** Simple interest over accruing segments: civil months plus a pro rata of each (no freeze: one). */
function overSegments(segments: readonly Segment[], perMonth: Dec): { amount: Dec; text: string } {
  let amount = new Dec(0);
  const texts: string[] = [];
  for (const s of segments) {
    const { times, text } = civilMonthsFactor(s.from, s.to);
    amount = amount.add(times(perMonth));
    texts.push(
      segments.length > 1
        ? `${text} de ${formatDatePtBr(s.from)} a ${formatDatePtBr(addDays(s.to, -1))}`
        : `${text} desde ${formatDatePtBr(s.from)}`,
    );
  }
  return { amount, text: texts.join(' e ') };
}

/** Interest not agreed over [from, date): unrounded, with the explanation parts. */
function legalInterest(
  principal: Dec,
  from: IsoDate,
  date: IsoDate,
  limits: BalanceLimits,
  legalRates: ReadonlyMap<string, string> | undefined,
): { total: Dec; parts: string[]; missing: string[] } {
  let total = new Dec(0);
  const parts: string[] = [];
  const missing: string[] = [];
  if (from < TAXA_LEGAL_FROM) {
    const end = date < TAXA_LEGAL_FROM ? date : TAXA_LEGAL_FROM;
    const legacy = new Dec(limits.legacyLegalInterestPercent);
    const { times, text } = civilMonthsFactor(from, end);
    total = total.add(times(principal.mul(legacy)).div(100));
    parts.push(
      `${formatPercent(legacy)} ao mês de ${formatDatePtBr(from)} a ${formatDatePtBr(addDays(end, -1))} (${text})`,
    );
  }
  if (date > TAXA_LEGAL_FROM) {
    const start = from > TAXA_LEGAL_FROM ? from : TAXA_LEGAL_FROM;
    let sumPercent = new Dec(0);
    for (const month of monthsInRange(monthOf(start), nextMonth(monthOf(date)))) {
      const [y, m] = month.split('-').map(Number) as [number, number];
      const first = `${month}-01`;
      const afterLast = `${nextMonth(month)}-01`;
      const a = start > first ? start : first;
      const b = date < afterLast ? date : afterLast;
      const days = daysBetween(a, b);
      if (days <= 0) continue;
      const published = legalRates?.get(month);
      if (published === undefined) {
        missing.push(month);
        continue;
      }
      // Res. CMN 5.171/2024: a negative taxa legal counts as zero (CC art. 406 §3).
      const rate = Dec.max(new Dec(published), 0);
      const share = rate.mul(days).div(daysInMonth(y, m));
      sumPercent = sumPercent.add(share);
    }
    total = total.add(principal.mul(sumPercent).div(100));
    let part = `taxa legal de ${formatDatePtBr(start)} a ${formatDatePtBr(addDays(date, -1))}, mês a mês, proporcional aos dias: ${formatPercent(sumPercent.toDecimalPlaces(4))} no período`;
    if (missing.length > 0)
      part += ` (sem a taxa de ${missing.map(formatMonthPtBr).join(', ')}: contaram como zero até serem carregadas)`;
    parts.push(part);
  }
  return { total, parts, missing };
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * A financial institution may charge, after default, the contract's remuneratory interest (Res. CMN
 * 4.882/2020; STJ Súmulas 296 and 472) beside moratory interest of at most 1% a month (Súmula 379):
 * two lines, never one "juros de mora" above 1%.
 */
function remuneratoryLine(
  principalCents: number,
  segments: readonly Segment[],
  overdue: boolean,
  terms: BalanceTerms,
): BalanceLine {
  const legalBasis =
    'Res. CMN 4.882/2020 e STJ Súmulas 296 e 472: juros remuneratórios do contrato de instituição financeira após o atraso, além dos juros de mora';
  const pct = terms.remuneratoryInterestPercent;
  if (pct === null || pct === undefined || new Dec(pct).isZero())
    return {
      kind: 'remuneratory_interest',
      amountCents: 0,
      rule: 'Sem juros remuneratórios após o atraso: o contrato não os prevê.',
      legalBasis,
    };
  if (!overdue)
    return {
      kind: 'remuneratory_interest',
      amountCents: 0,
      rule: 'Sem juros remuneratórios de atraso: a dívida ainda não está em atraso.',
      legalBasis,
    };
  const rate = new Dec(pct);
  const { amount, text } = overSegments(segments, new Dec(principalCents).mul(rate));
  return {
    kind: 'remuneratory_interest',
    amountCents: roundToCents(amount.div(100)),
    rule: `Juros remuneratórios do contrato: ${formatPercent(rate)} ao mês, simples, sobre ${formatBRL(principalCents)} por ${text}.`,
    legalBasis,
  };
}

/**
 * Honorários: only with a reciprocal clause in the contract (CDC art. 51 XII) AND a lawyer acting on the
 * debt, from the day assigned (STJ REsp 1.274.629/AP, the stricter reading; REsp 1.002.445/DF is looser),
 * at most `feesCapPercent` (default 10%, configurable).
 */
function feesLine(
  baseCents: number,
  overdue: boolean,
  date: IsoDate,
  terms: BalanceTerms,
  lawyer: Lawyer | null,
  limits: BalanceLimits,
): BalanceLine {
  const legalBasis =
    'Código Civil arts. 389, 395 e 404; CDC art. 51 XII (cláusula com reciprocidade); STJ REsp 1.274.629/AP (só com atuação de advogado)';
  const none = (rule: string): BalanceLine => ({ kind: 'fees', amountCents: 0, rule, legalBasis });
  if (!terms.feesInContract) return none('Sem honorários: o contrato não prevê honorários de cobrança.');
  if (!overdue) return none('Sem honorários: a dívida ainda não está em atraso.');
  if (!lawyer) return none('Sem honorários: nenhum advogado atua nesta dívida.');
  if (lawyer.assignedOn > date)
    return none(
      `Sem honorários: o advogado ${lawyer.name} (OAB ${lawyer.oab}) passa a atuar em ${formatDatePtBr(lawyer.assignedOn)}.`,
    );
  const contract = new Dec(terms.feesPercent);
  const cap = new Dec(limits.feesCapPercent);
  const capped = contract.greaterThan(cap);
  const rate = capped ? cap : contract;
  const amountCents = roundToCents(new Dec(baseCents).mul(rate).div(100));
  let rule =
    `Honorários previstos no contrato: ${formatPercent(rate)} sobre ${formatBRL(baseCents)} (valor corrigido mais multa e juros),` +
    ` porque o advogado ${lawyer.name} (OAB ${lawyer.oab}) atua na dívida desde ${formatDatePtBr(lawyer.assignedOn)}.`;
  if (capped)
    rule += ` O contrato prevê ${formatPercent(contract)}; aplicado o teto de ${formatPercent(cap)}.`;
  return { kind: 'fees', amountCents, rule, legalBasis, capped };
}

/**
 * Credit cards (revolving or card installment): interest and charges never above 100% of the original
 * debt (Lei 14.690/2023 art. 28; Res. CMN 5.112/2023). Every addition counts (correction and fees too)
 * and the base is the principal still owed: both choices in the consumer's favour. The excess is cut from
 * the last lines first (fees, remuneratory interest, moratory interest, fine, correction).
 */
function capCreditCard(principalCents: number, charges: BalanceLine[]): void {
  let excess = charges.reduce((s, l) => s + l.amountCents, 0) - principalCents;
  if (excess <= 0) return;
  for (const line of [...charges].reverse()) {
    if (excess <= 0) break;
    const cut = Math.min(line.amountCents, excess);
    if (cut === 0) continue;
    line.amountCents -= cut;
    excess -= cut;
    line.capped = true;
    line.rule += ` Reduzido em ${formatBRL(cut)}: no cartão de crédito, juros e encargos não passam de 100% do valor da dívida (${formatBRL(principalCents)}).`;
    line.legalBasis = `${line.legalBasis ?? ''}; Lei 14.690/2023 art. 28 e Res. CMN 5.112/2023 (teto de 100% no cartão de crédito)`;
  }
}

/** How the note starts: documents built from a stored offer find it among the offer's explanation. */
export const MISSING_INDEX_NOTE_PREFIX =
  'Meses ainda sem índice publicado ou carregado contaram como zero, a seu favor';

const INDEX_NAMES_PT: Record<string, string> = {
  IPCA: 'IPCA',
  INPC: 'INPC',
  IGPM: 'IGP-M',
  TAXA_LEGAL: 'taxa legal',
};

/**
 * One pt-BR sentence naming the index months that counted as zero because the table lacks them (the
 * debtor's favour), for offers and documents built on balances; null when nothing is missing.
 */
export function missingIndexNote(balances: readonly Pick<Balance, 'missingIndexMonths'>[]): string | null {
  const byIndex = new Map<string, Set<string>>();
  for (const b of balances)
    for (const m of b.missingIndexMonths) {
      const set = byIndex.get(m.index) ?? new Set<string>();
      for (const month of m.months) set.add(month);
      byIndex.set(m.index, set);
    }
  if (byIndex.size === 0) return null;
  const parts = [...byIndex].map(
    ([index, months]) =>
      `${INDEX_NAMES_PT[index] ?? index} de ${[...months].sort().map(formatMonthPtBr).join(', ')}`,
  );
  return `${MISSING_INDEX_NOTE_PREFIX}: ${parts.join('; ')}.`;
}
