import { addBusinessDays, addMonthsKeepingDay, nextBusinessDay } from '../../platform/calendar.ts';
import { addDays, formatDatePtBr, type IsoDate } from '../../platform/dates.ts';
import { Dec, formatBRL, formatPercent, roundToCents } from '../../platform/money.ts';
import {
  cetAnnualPercent,
  discountFactors,
  effectiveAnnualFromMonthly,
  type InterestMethod,
  installmentsFromFactors,
  simpleAnnualFromMonthly,
} from './finance.rules.ts';
import {
  bandFor,
  type InstallmentInterestRule,
  installmentInterestRule,
  type NegotiationPolicy,
} from './policy.rules.ts';

/**
 * CC art. 191: paying or agreeing to pay a prescribed debt waives the prescription. The person is told
 * so, in these exact words, in the offer, the portal and the term (STJ REsp 2.103.726/SP: a prescribed
 * debt may be offered for voluntary settlement on a channel the debtor opens, never collected).
 */
export const PRESCRIBED_DEBT_NOTICE =
  'Esta dívida está prescrita: você não é obrigado a pagá-la. Ao fechar um acordo, você renuncia à prescrição (Código Civil, art. 191).';

/**
 * Offer generation: personalised settlement options within a creditor's policy, sized to what the
 * person says fits their budget and never below the protected minimum income. Pure and
 * deterministic for a given date, policy, debts and budget.
 */
export interface OfferDebt {
  debtId: string;
  /** How the debtor knows the debt (the creditor's contract number); ids are not for people. */
  label?: string;
  daysOverdue: number;
  prescribed: boolean;
  principalCents: number;
  /** Fine + interest + correction + fees on the offer date. */
  chargesCents: number;
}

export interface OfferRequest {
  today: IsoDate;
  /** Debtor's UF, for state holidays on due dates. */
  state?: string | undefined;
  debts: OfferDebt[];
  policy: NegotiationPolicy;
  firstDueDate?: IsoDate | undefined;
  monthlyBudgetCents?: number | undefined;
  monthlyIncomeCents?: number | undefined;
  otherDebtPaymentsCents?: number | undefined;
  /** Decreto 11.150/2022 (as amended): R$ 600,00 by default, configurable per tenant. */
  minimumExistentialCents: number;
  /** Prescribed debts are offered only when the debtor started the conversation. */
  debtorInitiated: boolean;
  /**
   * The creditor is an institution of the Sistema Financeiro Nacional. Absent = not (the conservative
   * reading): installment interest at most 1% a month, simple (policy.rules.ts `installmentInterestRule`).
   */
  creditorInFinancialSystem?: boolean | undefined;
  /**
   * A vulnerable debtor (CDC art. 54-C IV: age, health, condition): installment offers with interest are
   * never shown automatically; a person presents them.
   */
  vulnerable?: boolean | undefined;
}

export interface SchedulePayment {
  number: number;
  dueDate: IsoDate;
  amountCents: number;
}

export interface Offer {
  kind: 'lump_sum' | 'installments';
  installmentsCount: number;
  downPaymentCents: number;
  totalCents: number;
  discountCents: number;
  /** What the debts amount to on the offer date, before any discount. */
  balanceCents: number;
  monthlyRatePercent: number;
  /**
   * The annual rate of the plan's interest, beside the CET (CDC art. 52 II; art. 54-B): (1+i)^12 − 1 for
   * compound interest, 12·i for simple interest; 0 without interest.
   */
  effectiveAnnualRatePercent: number;
  /** 'compound' (Tabela Price, SFN institutions) or 'simple' (no capitalisation); 'none' without interest. */
  interestMethod: 'compound' | 'simple' | 'none';
  cetAnnualPercent: number;
  validUntil: IsoDate;
  /** Days the offer is valid (CDC art. 54-B: at least 2), for the term's summary. */
  validityDays: number;
  /** Some of the debts are prescribed: the offer carries `PRESCRIBED_DEBT_NOTICE`. */
  includesPrescribedDebt: boolean;
  schedule: SchedulePayment[];
  explanation: string[];
  debtIds: string[];
}

export interface OfferResult {
  offers: Offer[];
  noAffordableOffer: boolean;
  reason?: string;
  /** The most any single payment may be, and why (budget or mínimo existencial). */
  paymentCapCents?: number;
  /**
   * Offers were held back for a person to present (a vulnerable debtor and a plan with interest, CDC art.
   * 54-C IV); the debtor may also ask for a human review of any automated result (LGPD art. 20).
   */
  humanReviewRequired?: boolean;
}

/**
 * The debts an offer carries: a prescribed debt only when the debtor started the conversation (STJ REsp
 * 2.088.100/SP). The service asks the same question for what goes around the offer (the index months
 * still missing, the agents' task), so nothing speaks of a debt the offer left out.
 */
export function offeredDebts<D extends Pick<OfferDebt, 'prescribed'>>(
  req: Pick<OfferRequest, 'debtorInitiated'> & { debts: readonly D[] },
): D[] {
  return req.debtorInitiated ? [...req.debts] : req.debts.filter((d) => !d.prescribed);
}

export function generateOffers(req: OfferRequest): OfferResult {
  const debts = offeredDebts(req);
  if (debts.length === 0) {
    return {
      offers: [],
      noAffordableOffer: false,
      reason:
        req.debts.length > 0
          ? 'Dívidas prescritas não recebem proposta ativa (STJ REsp 2.088.100/SP); o devedor pode pedir uma proposta pelo portal (REsp 2.103.726/SP).'
          : 'Nenhuma dívida em aberto para negociar.',
    };
  }
  const { policy } = req;
  const balanceCents = debts.reduce((s, d) => s + d.principalCents + d.chargesCents, 0);
  const maxDiscountCents = debts.reduce((s, d) => s + maxDiscountFor(policy, d), 0);
  const cap = paymentCap(req);
  const nominalFirst = nominalFirstDueDate(req);
  const first = nextBusinessDay(nominalFirst, req.state);
  const validUntil = addDays(req.today, policy.offerValidityDays);
  const common = commonExplanation(req, debts, balanceCents, maxDiscountCents);
  const includesPrescribedDebt = debts.some((d) => d.prescribed);
  if (includesPrescribedDebt) common.unshift(PRESCRIBED_DEBT_NOTICE);

  // The dates first, then the amounts: each installment's interest runs from today (the release, the
  // CET's d0) to its own due date, so a first installment due in 3 business days carries 3 days of
  // interest, not a month's. Every plan uses the same dates (the down payment, if any, on the first), so
  // they and their discount factors are computed once for the longest plan.
  const plan = planInterest(req);
  const dates = scheduleDueDates(nominalFirst, req.state, policy.maxInstallments + 1);
  const factors = discountFactors(plan.rate, plan.method, req.today, dates);

  const candidates: Offer[] = [];
  candidates.push({
    kind: 'lump_sum',
    installmentsCount: 1,
    downPaymentCents: 0,
    totalCents: balanceCents - maxDiscountCents,
    discountCents: maxDiscountCents,
    balanceCents,
    monthlyRatePercent: 0,
    effectiveAnnualRatePercent: 0,
    interestMethod: 'none',
    cetAnnualPercent: 0,
    validUntil,
    validityDays: policy.offerValidityDays,
    includesPrescribedDebt,
    schedule: [{ number: 1, dueDate: first, amountCents: balanceCents - maxDiscountCents }],
    explanation: [
      ...common,
      `À vista: desconto máximo da política, ${formatBRL(maxDiscountCents)}; pague ${formatBRL(balanceCents - maxDiscountCents)} até ${formatDatePtBr(first)}.`,
    ],
    debtIds: debts.map((d) => d.debtId),
  });
  for (let n = 2; n <= policy.maxInstallments; n++) {
    candidates.push(
      installmentOffer(req, debts, n, {
        balanceCents,
        maxDiscountCents,
        first,
        validUntil,
        common,
        includesPrescribedDebt,
        plan,
        dates,
        factors,
      }),
    );
  }
  // CDC art. 54-C IV: a vulnerable person is not pushed into credit; plans with interest are presented by
  // a person, who can judge whether they fit.
  const held = req.vulnerable ? candidates.filter((o) => o.monthlyRatePercent > 0) : [];
  if (held.length > 0)
    candidates.splice(0, candidates.length, ...candidates.filter((o) => !held.includes(o)));

  // The minimum installment applies to the monthly installments, not to the down payment (which has
  // its own minimum, a percentage), as in evaluateProposal: a small down payment must not hide a plan.
  const fits = candidates.filter(
    (o) =>
      o.schedule.every((p) => p.amountCents <= (cap?.cents ?? Number.POSITIVE_INFINITY)) &&
      (o.kind === 'lump_sum' ||
        o.schedule
          .slice(o.downPaymentCents > 0 ? 1 : 0)
          .every((p) => p.amountCents >= policy.minInstallmentCents)),
  );
  for (const o of fits) if (cap) o.explanation.push(cap.explanation);
  const humanReview = held.length > 0 ? { humanReviewRequired: true as const } : {};
  const heldNote =
    held.length > 0
      ? ' Parcelamentos com juros são apresentados por uma pessoa da nossa equipe (CDC art. 54-C IV).'
      : '';
  // Best first: the cheapest total (fewer installments) comes first.
  fits.sort((a, b) => a.totalCents - b.totalCents || a.installmentsCount - b.installmentsCount);
  if (fits.length === 0 && cap) {
    return {
      offers: [],
      noAffordableOffer: true,
      paymentCapCents: cap.cents,
      reason:
        `Nenhuma opção desta política cabe em ${formatBRL(cap.cents)} por mês (${cap.why}). ` +
        'Em vez de propor um acordo que não dá para cumprir, encaminhamos para conversar com uma pessoa, ' +
        'que pode avaliar um plano especial (situação de dificuldade). Você também pode pedir que uma ' +
        'pessoa revise esta decisão automática (LGPD art. 20).' +
        heldNote,
      ...humanReview,
    };
  }
  return {
    offers: fits,
    noAffordableOffer: false,
    ...(cap ? { paymentCapCents: cap.cents } : {}),
    ...(held.length > 0 ? { reason: heldNote.trim(), ...humanReview } : {}),
  };
}

/**
 * Band discount on charges and principal, per debt (each debt has its own age band). The band gives
 * maximums, so each is rounded down to the centavo: half-even rounding could round 17,5 centavos (17,5% of
 * R$ 1,00) up to 18, a discount above the cap, and a 99,99% principal discount of R$ 1,00 up to the whole
 * R$ 1,00, leaving nothing to pay (and a zero amount for the CET).
 */
/**
 * The most discount an offer may carry under `policy`, for debts valued on the offer's date: the bands'
 * maximum (the lump sum's), plus — for an offer that came from a counter-proposal — the extra discount an
 * agent may grant, or, once a manager approved it, the most that can be approved (percent of the
 * balance). Checked again when the offer is accepted, against the policy in force then.
 */
export function allowedDiscountCents(
  policy: NegotiationPolicy,
  debts: OfferDebt[],
  origin: 'policy' | 'proposal' | 'approval',
): number {
  const band = debts.reduce((s, d) => s + maxDiscountFor(policy, d), 0);
  const balance = debts.reduce((s, d) => s + d.principalCents + d.chargesCents, 0);
  const extraPercent =
    origin === 'proposal'
      ? policy.approvalAboveExtraDiscountPercent
      : origin === 'approval'
        ? policy.agentMaxExtraDiscountPercent
        : 0;
  return band + roundDownToCents(new Dec(balance).mul(extraPercent).div(100));
}

function maxDiscountFor(policy: NegotiationPolicy, d: OfferDebt): number {
  const band = bandFor(policy, d.daysOverdue);
  return (
    roundDownToCents(new Dec(d.chargesCents).mul(band.maxChargesDiscountPercent).div(100)) +
    roundDownToCents(new Dec(d.principalCents).mul(band.maxPrincipalDiscountPercent).div(100))
  );
}

/**
 * The most a single payment may be: the stated budget, and what income leaves above the mínimo
 * existencial after other fixed debt payments (Lei 14.181/2021). Null when neither was stated.
 */
function paymentCap(req: OfferRequest): { cents: number; why: string; explanation: string } | null {
  const limits: { cents: number; why: string; explanation: string }[] = [];
  if (req.monthlyBudgetCents !== undefined) {
    limits.push({
      cents: req.monthlyBudgetCents,
      why: 'o valor que você disse caber no bolso',
      explanation: `Nenhum pagamento passa de ${formatBRL(req.monthlyBudgetCents)}, o valor que você disse caber no seu bolso por mês.`,
    });
  }
  if (req.monthlyIncomeCents !== undefined) {
    const free = req.monthlyIncomeCents - (req.otherDebtPaymentsCents ?? 0) - req.minimumExistentialCents;
    limits.push({
      cents: Math.max(0, free),
      why: `renda de ${formatBRL(req.monthlyIncomeCents)}, menos ${formatBRL(req.otherDebtPaymentsCents ?? 0)} de outras dívidas, preservando o mínimo existencial de ${formatBRL(req.minimumExistentialCents)}`,
      explanation:
        `Nenhum pagamento deixa você com menos de ${formatBRL(req.minimumExistentialCents)} por mês ` +
        '(mínimo existencial, Lei 14.181/2021 e Decreto 11.150/2022).',
    });
  }
  if (limits.length === 0) return null;
  return limits.reduce((a, b) => (b.cents < a.cents ? b : a));
}

function commonExplanation(
  req: OfferRequest,
  debts: OfferDebt[],
  balanceCents: number,
  maxDiscountCents: number,
): string[] {
  const lines = [
    `Valor atualizado em ${formatDatePtBr(req.today)}: ${formatBRL(balanceCents)} (${debts.length} dívida(s)).`,
  ];
  for (const d of debts) {
    const band = bandFor(req.policy, d.daysOverdue);
    lines.push(
      `Dívida ${d.label ?? d.debtId.slice(0, 8)}: ${d.daysOverdue} dia(s) de atraso, faixa a partir de ${band.minDaysOverdue} dias — ` +
        `até ${formatPercent(band.maxChargesDiscountPercent)} de desconto nos encargos e ${formatPercent(band.maxPrincipalDiscountPercent)} no principal.`,
    );
  }
  const excluded = req.debts.length - debts.length;
  if (excluded > 0)
    lines.push(`${excluded} dívida(s) prescrita(s) ficaram de fora: só entram se você pedir.`);
  if (maxDiscountCents === 0) lines.push('A política deste credor não prevê desconto para estas dívidas.');
  return lines;
}

interface PlanInterest {
  interest: InstallmentInterestRule;
  monthlyRate: number;
  /** `monthlyRate` as the percent string of the finance rules. */
  rate: string;
  method: InterestMethod;
}

/**
 * The plans' interest: the policy rate held to the creditor's legal cap — a policy saved before the cap
 * existed, or for a creditor whose type changed, is held to it here too (policy.rules.ts
 * `installmentInterestRule`) — and its method (simple outside the SFN, Price inside).
 */
function planInterest(req: OfferRequest): PlanInterest {
  const interest = installmentInterestRule({ financialInstitution: req.creditorInFinancialSystem === true });
  const monthlyRate = Math.min(req.policy.installmentMonthlyRatePercent, interest.maxMonthlyRatePercent);
  return { interest, monthlyRate, rate: String(monthlyRate), method: interest.method };
}

/** How long each installment's interest runs, as the schedule functions count it (`monthsElapsed`). */
const INTEREST_PERIOD =
  'contados de hoje até o vencimento de cada parcela (o mês incompleto em proporção aos dias)';

/**
 * n monthly installments after an optional down payment. The discount shrinks linearly with the
 * number of installments (n = 1 would be the full lump-sum discount), so more installments never
 * cost less in total than fewer.
 */
function installmentOffer(
  req: OfferRequest,
  debts: OfferDebt[],
  n: number,
  ctx: {
    balanceCents: number;
    maxDiscountCents: number;
    first: IsoDate;
    validUntil: IsoDate;
    common: string[];
    includesPrescribedDebt: boolean;
    plan: PlanInterest;
    /** The due dates of the longest plan with a down payment (`scheduleDueDates`). */
    dates: readonly IsoDate[];
    /** Their discount factors at the plan's rate, from today (`discountFactors`); null without interest. */
    factors: readonly Dec[] | null;
  },
): Offer {
  const { policy } = req;
  const max = policy.maxInstallments;
  const discountCents = roundToCents(new Dec(ctx.maxDiscountCents).mul(max - n + 1).div(max));
  const baseCents = ctx.balanceCents - discountCents;
  const downPaymentCents = roundUpToCents(new Dec(baseCents).mul(policy.minDownPaymentPercent).div(100));
  const financedCents = baseCents - downPaymentCents;
  const { interest, monthlyRate, rate } = ctx.plan;
  // The installments take the dates after the down payment, if any (which is not financed).
  const offset = downPaymentCents > 0 ? 1 : 0;
  const amounts = installmentsFromFactors(financedCents, ctx.factors?.slice(offset, offset + n) ?? null, n);
  const annual =
    monthlyRate === 0
      ? 0
      : Number(
          interest.method === 'compound' ? effectiveAnnualFromMonthly(rate) : simpleAnnualFromMonthly(rate),
        );
  const schedule = scheduleOn(ctx.dates, downPaymentCents, amounts);
  const totalCents = schedule.reduce((s, p) => s + p.amountCents, 0);
  const cet = cetAnnualPercent(
    baseCents,
    req.today,
    schedule.map((p) => ({ date: p.dueDate, amountCents: p.amountCents })),
  );
  const explanation = [
    ...ctx.common,
    `Em ${n} parcelas: desconto de ${formatBRL(discountCents)} (${max - n + 1}/${max} do desconto à vista: quanto mais parcelas, menor o desconto).`,
  ];
  if (downPaymentCents > 0) {
    explanation.push(
      `Entrada de ${formatBRL(downPaymentCents)} (${formatPercent(policy.minDownPaymentPercent)} mínimo da política) em ${formatDatePtBr(ctx.first)}.`,
    );
  }
  if (monthlyRate < policy.installmentMonthlyRatePercent) {
    explanation.push(
      `A política previa ${formatPercent(policy.installmentMonthlyRatePercent)} ao mês; para este credor o limite é ${formatPercent(monthlyRate)} ao mês.`,
    );
  }
  explanation.push(
    monthlyRate > 0
      ? interest.method === 'compound'
        ? `Juros de ${formatPercent(monthlyRate)} ao mês sobre ${formatBRL(financedCents)} (Tabela Price), ${INTEREST_PERIOD}, taxa efetiva de ${formatPercent(annual)} ao ano: ${interest.explanation}; total pago ${formatBRL(totalCents)}.`
        : `Juros simples de ${formatPercent(monthlyRate)} ao mês sobre ${formatBRL(financedCents)}, ${INTEREST_PERIOD}, ${formatPercent(annual)} ao ano: ${interest.explanation}; total pago ${formatBRL(totalCents)}.`
      : `Sem juros no parcelamento: total pago ${formatBRL(totalCents)}.`,
    `CET (custo efetivo total, CDC arts. 52 e 54-B; calculado como na Resolução CMN 4.881/2020): ${formatPercent(cet)} ao ano.`,
    'Você pode antecipar parcelas ou quitar o acordo antes do prazo, com redução proporcional dos juros (CDC art. 52 §2º).',
    'Vencimentos no mesmo dia de cada mês; em fim de semana ou feriado, o vencimento passa ao próximo dia útil.',
  );
  return {
    kind: 'installments',
    installmentsCount: n,
    downPaymentCents,
    totalCents,
    discountCents,
    balanceCents: ctx.balanceCents,
    monthlyRatePercent: monthlyRate,
    effectiveAnnualRatePercent: annual,
    interestMethod: monthlyRate === 0 ? 'none' : interest.method,
    cetAnnualPercent: Number(cet),
    validUntil: ctx.validUntil,
    validityDays: policy.offerValidityDays,
    includesPrescribedDebt: ctx.includesPrescribedDebt,
    schedule,
    explanation,
    debtIds: debts.map((d) => d.debtId),
  };
}

/**
 * The first due date as chosen: the one asked for, or 3 business days after today. It may be a weekend or
 * holiday; its day of the month is the day every later installment is due.
 */
export function nominalFirstDueDate(req: Pick<OfferRequest, 'today' | 'state' | 'firstDueDate'>): IsoDate {
  return req.firstDueDate ?? addBusinessDays(req.today, 3, req.state);
}

/** The first due date: the one asked for, or 3 business days after today; never a weekend or holiday. */
export function firstDueDate(req: Pick<OfferRequest, 'today' | 'state' | 'firstDueDate'>): IsoDate {
  return nextBusinessDay(nominalFirstDueDate(req), req.state);
}

/**
 * The payments of a plan: the down payment (if any) on the first date, then the installments monthly
 * on the same day of the month, each moved to the next business day when needed.
 *
 * `first` is the date as chosen (`nominalFirstDueDate`), before any move: the months and the day of the
 * month count from it. Counting from the moved date would shift every installment for good, e.g. a
 * chosen Saturday the 28th moved to Monday the 2nd would put all installments on the 2nd, not the 28th.
 */
export function buildSchedule(
  first: IsoDate,
  state: string | undefined,
  downPaymentCents: number,
  installments: readonly number[],
): SchedulePayment[] {
  const count = installments.length + (downPaymentCents > 0 ? 1 : 0);
  return scheduleOn(scheduleDueDates(first, state, count), downPaymentCents, installments);
}

/** The payments on their dates: the down payment (if any) on the first, then the installments. */
function scheduleOn(
  dates: readonly IsoDate[],
  downPaymentCents: number,
  installments: readonly number[],
): SchedulePayment[] {
  const amounts = [...(downPaymentCents > 0 ? [downPaymentCents] : []), ...installments];
  return amounts.map((amountCents, k) => ({ number: k + 1, dueDate: dates[k] as IsoDate, amountCents }));
}

/**
 * The due dates of `count` payments (the down payment, if any, included) as `buildSchedule` places them:
 * the first on `first`, then monthly on its day of the month, each on the next business day when needed.
 * The interest of each installment is counted to these dates (`priceSchedule`, `simpleInterestSchedule`).
 */
export function scheduleDueDates(first: IsoDate, state: string | undefined, count: number): IsoDate[] {
  const day = Number(first.slice(8, 10));
  return Array.from({ length: count }, (_, k) => nextBusinessDay(addMonthsKeepingDay(first, k, day), state));
}

function roundUpToCents(value: InstanceType<typeof Dec>): number {
  return value.ceil().toNumber();
}

function roundDownToCents(value: InstanceType<typeof Dec>): number {
  return value.floor().toNumber();
}
