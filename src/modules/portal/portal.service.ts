import { randomInt } from 'node:crypto';
import { formatDocument } from '../../platform/br-documents.ts';
import { isBusinessDay } from '../../platform/calendar.ts';
import { isoDateInSaoPaulo, saoPauloMidnight } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { addDays, daysBetween, formatDatePtBr } from '../../platform/dates.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { formatBRL } from '../../platform/money.ts';
import type { Principal } from '../../platform/principal.ts';
import { getAgencyProfile } from '../agency/index.ts';
import {
  type AgreementView,
  acceptOffer,
  agreementTerm,
  cancellationRight,
  changeInstallmentDueDate,
  createPrepayment,
  getAgreement,
  getAgreementEvents,
  getPayoff,
  listAgreementsOfDebtor,
  listPrepayments,
} from '../agreements/index.ts';
import { type BalanceLine, getDebtBalances } from '../balance/index.ts';
import {
  activeSuppressions,
  addDebtorSuppression,
  contactWindowOn,
  createDebtorTask,
  type DebtorSubject,
  debtorContactData,
  endDebtorOptOut,
  findIssuedMessage,
  type ReviewSubject,
  recordHumanReviewRequest,
} from '../contact/index.ts';
import { type Creditor, formatAddress, getCreditor } from '../creditors/index.ts';
import { recordAudit } from '../identity/index.ts';
import { createOffersForDebtor, getStoredOffer, submitProposal } from '../negotiation/index.ts';
import { getDebtorWithDebts, markDebtDisputed, portalPersonOf } from '../portfolio/index.ts';
import {
  installmentBoletoPdf,
  paymentsOfAgreement,
  prepaymentBoletoPdf,
  withdrawFromAgreement,
} from '../settlement/index.ts';
import type { PortalSession } from './auth.service.ts';
import * as repo from './portal.repository.ts';
import {
  allowedDueDates,
  checkCallbackWindow,
  dateLabel,
  disputeAnswerBy,
  firstName,
  formatProtocol,
  HARDSHIP_PAUSE_DAYS,
  maskDocument,
  normalizeVerificationCode,
} from './portal.rules.ts';
import type { PaymentMethodLabel } from './portal.schemas.ts';

/** A payment's source as the portal names it. */
const METHOD_LABELS: Record<'pix' | 'cnab240' | 'manual', PaymentMethodLabel> = {
  pix: 'Pix',
  cnab240: 'boleto',
  manual: 'outro',
};

/**
 * The debtor portal's use cases. The session decides who the person is and to which creditors that was
 * proved (its scope, `session.creditorIds`); every read goes through the owning module's service with a
 * principal acting for the portal (the agency's agent scope, never a creditor's), and everything is then
 * filtered to this debtor and to the scope's creditors: anything else is 404, and nothing tells that
 * other creditors' debts exist (audit issue 10 item 2, re-opened through the portal).
 */
export function actingPrincipal(session: PortalSession): Principal {
  return {
    tenantId: session.tenantId,
    role: 'agent',
    creditorId: null,
    tokenId: `portal:${session.idHash.slice(0, 16)}`,
  };
}

/** The person acting in the portal, with the session's scope (pauses and opt-outs count for it only). */
function subjectOf(session: PortalSession, uf?: string | null): DebtorSubject {
  return {
    tenantId: session.tenantId,
    debtorId: session.debtorId,
    actor: `portal:${session.idHash.slice(0, 16)}`,
    uf: uf ?? null,
    creditorIds: session.creditorIds,
  };
}

export const PRESCRIBED_NOTE =
  'Esta dívida venceu há mais de 5 anos. Por lei, ela não pode mais ser cobrada nem aparecer como negativação. Pagar é escolha sua: ao fechar um acordo, você renuncia à prescrição (Código Civil, art. 191).';

const LINE_LABEL: Record<BalanceLine['kind'], string> = {
  principal: 'Valor original',
  fine: 'Multa por atraso',
  interest: 'Juros de mora',
  remuneratory_interest: 'Juros do contrato (remuneratórios)',
  correction: 'Correção pela inflação',
  fees: 'Honorários',
};

/** Creditor identified as CDC art. 42-A asks: legal name, CNPJ and address. */
export function creditorView(c: Creditor) {
  return { id: c.id, legalName: c.name, cnpj: formatDocument(c.document), address: formatAddress(c.address) };
}

/** Whether the session's scope covers this creditor. */
function inScope(session: PortalSession, creditorId: string): boolean {
  return session.creditorIds.includes(creditorId);
}

/** The person's agreements with the scope's creditors (the others are not theirs to see here). */
async function scopedAgreementRows(ctx: AppContext, session: PortalSession) {
  const rows = await listAgreementsOfDebtor(ctx, actingPrincipal(session), { debtorId: session.debtorId });
  return rows.filter((r) => inScope(session, r.creditorId));
}

/** An offer made to this person by a creditor of the scope; any other id is simply not found. */
async function ownOffer(ctx: AppContext, session: PortalSession, offerId: string) {
  const offer = isUuid(offerId)
    ? await getStoredOffer(ctx, actingPrincipal(session), { offerId }).catch(() => null)
    : null;
  if (!offer || offer.debtor_id !== session.debtorId || !inScope(session, offer.creditor_id))
    throw notFound('Proposta');
  return offer;
}

/**
 * The person and their debts as this session may see them: only the scope's creditors' debts, and the
 * person as those creditors supplied them (not the agency's record, which another creditor may have
 * written). State and city fall back to the record only for computing contact windows and holidays.
 */
async function debtor(ctx: AppContext, session: PortalSession) {
  const { contacts: _all, ...d } = await getDebtorWithDebts(ctx, actingPrincipal(session), {
    id: session.debtorId,
  });
  const person = await portalPersonOf(ctx, {
    tenantId: session.tenantId,
    debtorId: session.debtorId,
    creditorIds: session.creditorIds,
  });
  return {
    ...d,
    name: person?.name ?? d.name,
    person: person ?? { name: d.name, birthDate: null, email: null, phone: null, state: null, city: null },
    state: person?.state ?? d.state,
    city: person?.city ?? d.city,
    debts: d.debts.filter((x) => inScope(session, x.creditorId)),
  };
}

// ---- who --------------------------------------------------------------------------------------

/** The agency as every portal page shows it in its footer (CDC art. 42-A; portal-ux §5). */
export async function agencyView(ctx: AppContext, tenantId: string) {
  const p = await getAgencyProfile(ctx.database.db, tenantId);
  return {
    name: p.tradeName || p.legalName,
    legalName: p.legalName,
    tradeName: p.tradeName,
    cnpj: p.document ? formatDocument(p.document) : null,
    address: p.address ? formatAddress(p.address) : null,
    phone: p.phone,
    email: p.email,
    whatsapp: p.whatsapp,
    website: p.website,
    configured: p.configured,
  };
}

export async function sessionInfo(ctx: AppContext, session: PortalSession) {
  const d = await debtor(ctx, session);
  return {
    firstName: firstName(d.name),
    maskedDocument: maskDocument(d.document),
    documentKind: d.documentKind,
    agency: await agencyView(ctx, session.tenantId),
    expiresAt: session.expiresAt.toISOString(),
    csrfToken: session.csrfToken,
  };
}

// ---- debts ------------------------------------------------------------------------------------

export async function listDebts(ctx: AppContext, session: PortalSession) {
  const p = actingPrincipal(session);
  const d = await debtor(ctx, session);
  const today = ctx.clock.today();
  const shown = d.debts.filter((x) => x.status === 'open' || x.status === 'disputed');
  const balances = await getDebtBalances(ctx, p, { debtIds: shown.map((x) => x.id), date: today });
  const creditors = new Map<string, Creditor>();
  for (const x of shown)
    if (!creditors.has(x.creditorId))
      creditors.set(x.creditorId, await getCreditor(ctx.database.db, p, { id: x.creditorId }));
  const groups = [...creditors.values()].map((c) => {
    const debts = shown
      .map((x, i) => ({ x, b: balances[i]! }))
      .filter(({ x }) => x.creditorId === c.id)
      .map(({ x, b }) => ({
        id: x.id,
        contract: x.externalId,
        product: x.product,
        originalAmountCents: x.originalAmountCents,
        dueDate: x.dueDate,
        daysOverdue: b.daysOverdue,
        totalCents: b.totalCents,
        status: x.status as 'open' | 'disputed',
        disputed: x.status === 'disputed',
        prescribed: b.prescribed,
        prescribedNote: b.prescribed ? PRESCRIBED_NOTE : null,
        lines: b.lines.map((l) => ({
          kind: l.kind,
          label: LINE_LABEL[l.kind],
          amountCents: l.amountCents,
          rule: l.rule,
          legalBasis: l.legalBasis ?? null,
          ...(l.missingMonths && l.missingMonths.length > 0 ? { missingMonths: l.missingMonths } : {}),
        })),
      }));
    return {
      creditor: creditorView(c),
      totalCents: debts.filter((x) => !x.disputed).reduce((s, x) => s + x.totalCents, 0),
      debts,
    };
  });
  const count = shown.length;
  return {
    date: today,
    count,
    totalCents: groups.reduce((s, g) => s + g.totalCents, 0),
    heading:
      count === 0
        ? `Não encontramos dívidas em aberto no seu ${d.documentKind === 'cpf' ? 'CPF' : 'CNPJ'}.`
        : `Encontramos ${count} ${count === 1 ? 'dívida' : 'dívidas'} no seu ${d.documentKind === 'cpf' ? 'CPF' : 'CNPJ'}`,
    creditors: groups,
  };
}

// ---- offers -----------------------------------------------------------------------------------

type StoredOfferView = Awaited<ReturnType<typeof createOffersForDebtor>>['offers'][number];

function offerView(o: StoredOfferView, creditor: Creditor, budget: number | undefined) {
  const regular = o.schedule.length > 1 ? o.schedule[o.schedule.length - 1]!.amountCents : o.totalCents;
  const largest = o.schedule.reduce((m, s) => Math.max(m, s.amountCents), 0);
  return {
    id: o.id,
    creditor: creditorView(creditor),
    debtIds: o.debtIds,
    kind: o.kind,
    totalCents: o.totalCents,
    installmentsCount: o.installmentsCount,
    installmentCents: regular,
    downPaymentCents: o.downPaymentCents,
    firstDueDate: o.schedule[0]?.dueDate ?? null,
    discountCents: o.discountCents,
    discountPercent: o.balanceCents > 0 ? Math.round((o.discountCents / o.balanceCents) * 10000) / 100 : 0,
    balanceCents: o.balanceCents,
    monthlyRatePercent: o.monthlyRatePercent,
    effectiveAnnualRatePercent: o.effectiveAnnualRatePercent,
    cetAnnualPercent: o.cetAnnualPercent,
    fitsBudget: budget === undefined ? true : largest <= budget,
    validUntil: o.validUntil,
    validityDays: o.validityDays,
    includesPrescribedDebt: o.includesPrescribedDebt,
    schedule: o.schedule,
    explanation: o.explanation,
    label: `${o.installmentsCount} × ${formatBRL(regular)}, total ${formatBRL(o.totalCents)}`,
  };
}

export async function offersFor(
  ctx: AppContext,
  session: PortalSession,
  input: {
    monthlyBudgetCents?: number;
    monthlyIncomeCents?: number;
    creditorId?: string;
    includePrescribed?: boolean;
  },
) {
  const p = actingPrincipal(session);
  const d = await debtor(ctx, session);
  const today = ctx.clock.today();
  const open = d.debts.filter(
    (x) => x.status === 'open' && (!input.creditorId || x.creditorId === input.creditorId),
  );
  const byCreditor = new Map<string, string[]>();
  for (const x of open) byCreditor.set(x.creditorId, [...(byCreditor.get(x.creditorId) ?? []), x.id]);
  const groups = [];
  for (const [creditorId, debtIds] of byCreditor) {
    const creditor = await getCreditor(ctx.database.db, p, { id: creditorId });
    // Offers are computed without the budget so the page can show which fit and which do not (never
    // hiding a cheaper option); the income still removes plans below the mínimo existencial.
    const result = await createOffersForDebtor(ctx, p, {
      debtorId: d.id,
      debtIds,
      ...(input.monthlyIncomeCents !== undefined ? { monthlyIncomeCents: input.monthlyIncomeCents } : {}),
      debtorInitiated: input.includePrescribed ?? false,
    });
    const offers = result.offers
      .map((o) => offerView(o, creditor, input.monthlyBudgetCents))
      .sort((a, b) => Number(b.fitsBudget) - Number(a.fitsBudget) || a.totalCents - b.totalCents);
    groups.push({
      creditor: creditorView(creditor),
      debtIds,
      offers,
      nothingFits: offers.every((o) => !o.fitsBudget),
      ...(result.reason ? { reason: result.reason } : {}),
    });
  }
  const all = groups.flatMap((g) => g.offers);
  const nothingFits = all.length === 0 || all.every((o) => !o.fitsBudget);
  const budgetText = input.monthlyBudgetCents !== undefined ? formatBRL(input.monthlyBudgetCents) : null;
  return {
    date: today,
    monthlyBudgetCents: input.monthlyBudgetCents ?? null,
    monthlyIncomeCents: input.monthlyIncomeCents ?? null,
    minimumExistentialNote:
      'A lei garante que as parcelas deixem um mínimo para viver (o mínimo existencial, hoje R$ 600,00 por mês). Com a sua renda, não mostramos planos que passem disso.',
    groups,
    offers: all,
    nothingFits,
    message: nothingFits
      ? budgetText
        ? `Nenhuma opção cabe em ${budgetText} por mês. Você pode fazer uma proposta, falar com uma pessoa ou pausar as cobranças por ${HARDSHIP_PAUSE_DAYS} dias.`
        : 'Não há opções prontas agora. Você pode fazer uma proposta ou falar com uma pessoa.'
      : null,
    alternatives: nothingFits
      ? [
          { kind: 'proposal' as const, text: 'Faça uma proposta: diga quanto pode pagar.' },
          { kind: 'talk_to_person' as const, text: 'Falar com uma pessoa da nossa equipe.' },
          {
            kind: 'hardship' as const,
            text: `Pausar mensagens e ligações de cobrança por ${HARDSHIP_PAUSE_DAYS} dias.`,
          },
        ]
      : [],
  };
}

// ---- proposals --------------------------------------------------------------------------------

export async function propose(
  ctx: AppContext,
  session: PortalSession,
  input: {
    downPaymentCents: number;
    installmentsCount: number;
    installmentCents: number;
    creditorId?: string;
  },
) {
  const p = actingPrincipal(session);
  const d = await debtor(ctx, session);
  const open = d.debts.filter((x) => x.status === 'open');
  const creditorIds = [...new Set(open.map((x) => x.creditorId))];
  const creditorId = input.creditorId ?? (creditorIds.length === 1 ? creditorIds[0] : undefined);
  if (!creditorId || !creditorIds.includes(creditorId)) {
    throw new AppError(
      'VALIDATION_FAILED',
      creditorIds.length === 0
        ? 'Não há dívidas em aberto para negociar.'
        : 'Informe creditorId: a proposta é feita para as dívidas de um credor.',
      { errors: [{ field: 'creditorId', message: 'informe o credor da proposta' }] },
    );
  }
  const debtIds = open.filter((x) => x.creditorId === creditorId).map((x) => x.id);
  const creditor = await getCreditor(ctx.database.db, p, { id: creditorId });
  const result = await submitProposal(ctx, p, {
    debtorId: d.id,
    downPaymentCents: input.downPaymentCents,
    installmentsCount: input.installmentsCount,
    installmentCents: input.installmentCents,
    debtIds,
    debtorInitiated: false,
  });
  if (result.status === 'accepted' && 'offer' in result && result.offer) {
    return {
      status: 'accepted' as const,
      message: 'Sua proposta foi aceita.',
      reason: result.reason,
      offerId: result.offer.id,
      offer: offerView(result.offer, creditor, undefined),
    };
  }
  if (result.status === 'pending_approval') {
    // A person answers within one business day; the page says by when (portal-ux S4).
    const today = ctx.clock.today();
    let answerBy = addDays(today, 1);
    while (!isBusinessDay(answerBy, d.state ?? undefined)) answerBy = addDays(answerBy, 1);
    await createDebtorTask(ctx, subjectOf(session, d.state), {
      kind: 'human_review',
      text: `Contraproposta no portal: entrada ${formatBRL(input.downPaymentCents)}, ${input.installmentsCount} × ${formatBRL(input.installmentCents)}. Responder até ${formatDatePtBr(answerBy)}.`,
    });
    return {
      status: 'pending_approval' as const,
      message: `Uma pessoa vai analisar e responder até ${dateLabel(answerBy)}. Avisamos por mensagem.`,
      reason: result.reason,
      answerBy,
      approvalId: 'approvalId' in result ? (result.approvalId as string) : null,
    };
  }
  // Refused: the nearest plan the policy allows, recorded as an offer the person can accept at once.
  let nearest = null;
  if ('nearest' in result && result.nearest) {
    const n = result.nearest as StoredOfferView | Omit<StoredOfferView, 'id'>;
    if ('id' in n && n.id) nearest = offerView(n as StoredOfferView, creditor, undefined);
    else {
      const offers = await createOffersForDebtor(ctx, p, { debtorId: d.id, debtIds });
      const same = offers.offers.find((o) => o.installmentsCount === n.installmentsCount) ?? offers.offers[0];
      if (same) nearest = offerView(same, creditor, undefined);
    }
  }
  return {
    status: 'refused' as const,
    message: nearest
      ? 'Não conseguimos esse valor, mas podemos assim:'
      : 'Não conseguimos aceitar esta proposta.',
    reason: result.reason,
    nearestOfferId: nearest?.id ?? null,
    nearest,
  };
}

// ---- agreements -------------------------------------------------------------------------------

const STATUS_TEXT: Record<string, string> = {
  active: 'Em dia',
  paid: 'Acordo quitado',
  broken: 'Acordo desfeito',
  renegotiated: 'Substituído por um novo acordo',
  cancelled: 'Acordo cancelado por desistência',
};

async function ownAgreement(ctx: AppContext, session: PortalSession, id: string): Promise<AgreementView> {
  if (!isUuid(id)) throw notFound('Acordo');
  const a = await getAgreement(ctx, actingPrincipal(session), { id }).catch((e) => {
    if (e instanceof AppError && e.code === 'NOT_FOUND') throw notFound('Acordo');
    throw e;
  });
  if (a.debtorId !== session.debtorId || !inScope(session, a.creditorId)) throw notFound('Acordo');
  return a;
}

export async function agreementView(ctx: AppContext, session: PortalSession, a: AgreementView) {
  const p = actingPrincipal(session);
  const creditor = await getCreditor(ctx.database.db, p, { id: a.creditorId });
  const today = ctx.clock.today();
  const unpaid = a.installments.filter((i) => i.status !== 'paid');
  const next = unpaid[0] ?? null;
  const late = unpaid.filter((i) => i.dueDate < today);
  let statusText = STATUS_TEXT[a.status] ?? a.status;
  if (a.status === 'active' && late.length > 0) {
    const days = daysBetween(late[0]!.dueDate, today);
    statusText =
      days <= a.graceDays
        ? `Parcela atrasada há ${days} ${days === 1 ? 'dia' : 'dias'}, ainda dentro do prazo de ${a.graceDays} dias`
        : `Parcela atrasada há ${days} dias`;
  } else if (a.status === 'active' && next)
    statusText = `Em dia. Próxima parcela vence em ${formatDatePtBr(next.dueDate)}`;
  const events = (await getAgreementEvents(ctx, p, { agreementId: a.id })).items;
  const payments = await paymentsOfAgreement(ctx, a.id);
  const payee = { legalName: creditor.name, cnpj: formatDocument(creditor.document) };
  const rescheduled = events.some((e) => e.type === 'installment.rescheduled');
  const withdrawal = cancellationRight(
    { origin: a.origin, signedOn: isoDateInSaoPaulo(new Date(a.createdAt)), status: a.status },
    today,
  );
  return {
    id: a.id,
    number: a.id.slice(0, 8).toUpperCase(),
    status: a.status,
    statusText,
    creditor: creditorView(creditor),
    payee,
    createdAt: a.createdAt,
    totalCents: a.totalCents,
    balanceCents: a.balanceCents,
    discountCents: a.discountCents,
    downPaymentCents: a.downPaymentCents,
    monthlyRatePercent: a.monthlyRatePercent,
    cetAnnualPercent: a.cetAnnualPercent,
    graceDays: a.graceDays,
    latePolicy: `Se atrasar, você tem ${a.graceDays} dias para pagar sem perder o acordo. Avisamos antes de cada vencimento.`,
    paidCents: a.installments.reduce((s, i) => s + i.paidCents, 0),
    dueDateChangeAvailable: a.status === 'active' && !rescheduled,
    // The same rule the withdrawal applies (agreements' cancellationRight), so the page offers it
    // exactly when POST cancel would accept it.
    cancellableUntil: withdrawal.allowed ? withdrawal.lastDay : null,
    nextInstallment: next
      ? {
          id: next.id,
          number: next.number,
          dueDate: next.dueDate,
          amountCents: next.amountCents - next.paidCents,
        }
      : null,
    installments: a.installments.map((i) => ({
      id: i.id,
      number: i.number,
      dueDate: i.dueDate,
      amountCents: i.amountCents,
      paidCents: i.paidCents,
      status: i.status,
      statusText:
        i.status === 'paid'
          ? i.reductionCents > 0
            ? 'Quitada antecipadamente'
            : 'Paga'
          : i.dueDate < today
            ? 'Atrasada'
            : 'A pagar',
      // Never the code of an installment already paid (portal-ux §6).
      pixCopyPaste: i.status === 'paid' ? null : (i.pix?.brCode ?? null),
      pixQrSvgUrl:
        i.status !== 'paid' && i.pix?.brCode ? `/api/portal/v1/installments/${i.id}/pix.svg` : null,
      pixValidUntil: i.status === 'paid' || !i.pix?.brCode ? null : (i.pix.expiresAt ?? null),
      boletoLine: i.status === 'paid' ? null : (i.boleto?.linhaDigitavel ?? null),
      boletoPdfUrl: i.status !== 'paid' && i.boleto ? `/api/portal/v1/installments/${i.id}/boleto.pdf` : null,
      payee,
    })),
    payments: payments
      .filter((x) => x.status === 'applied')
      .map((x) => ({
        id: x.id,
        amountCents: x.amountCents,
        paidAt: x.paidAt,
        method: METHOD_LABELS[x.source],
        installmentId: x.installmentId,
        receiptUrl: `/api/portal/v1/payments/${x.id}/receipt.pdf`,
      })),
    history: events.map((e) => ({ type: e.type, at: e.at, text: eventText(e.type, e.details) })),
    termUrl: `/api/portal/v1/agreements/${a.id}/term`,
    dischargeUrl: a.status === 'paid' ? `/api/portal/v1/agreements/${a.id}/discharge.pdf` : null,
    paymentState: paymentFingerprint(a),
  };
}

/** Changes whenever a payment lands or the status moves: the page polls and compares. */
export function paymentFingerprint(a: Pick<AgreementView, 'status' | 'installments'>) {
  return `${a.status}:${a.installments.map((i) => `${i.paidCents}${i.status[0]}`).join('.')}`;
}

function eventText(type: string, details: Record<string, unknown>): string {
  switch (type) {
    case 'agreement.created':
      return 'Acordo feito.';
    case 'installment.paid':
      return `Parcela ${details.number ?? ''} paga.`.replace('  ', ' ');
    case 'installment.late':
      return 'Parcela atrasada.';
    case 'installment.cured':
      return 'Parcela atrasada foi paga.';
    case 'installment.rescheduled':
      return `Vencimento da parcela ${details.number ?? ''} mudou para ${formatDatePtBr(String(details.to ?? ''))}.`;
    case 'agreement.paid':
      return 'Acordo quitado.';
    case 'agreement.broken':
      return 'Acordo desfeito por atraso.';
    case 'agreement.renegotiated':
      return 'Acordo substituído por um novo.';
    default:
      return 'Atualização do acordo.';
  }
}

export async function createAgreement(
  ctx: AppContext,
  session: PortalSession,
  input: { offerId: string; idempotencyKey: string },
) {
  const p = actingPrincipal(session);
  const offer = await ownOffer(ctx, session, input.offerId);
  const { agreement, created } = await acceptOffer(ctx, p, {
    offerId: offer.id,
    // Keys are per person: two people's tabs can never collide on a key.
    idempotencyKey: `portal:${session.debtorId}:${input.idempotencyKey}`,
  });
  return { agreement: await agreementView(ctx, session, agreement), created };
}

export async function listAgreements(ctx: AppContext, session: PortalSession) {
  const p = actingPrincipal(session);
  const items = [];
  for (const r of await scopedAgreementRows(ctx, session)) {
    const a = await getAgreement(ctx, p, { id: r.id });
    const v = await agreementView(ctx, session, a);
    items.push({
      id: v.id,
      number: v.number,
      status: v.status,
      statusText: v.statusText,
      creditor: v.creditor,
      totalCents: v.totalCents,
      paidCents: v.paidCents,
      createdAt: v.createdAt,
      nextInstallment: v.nextInstallment,
    });
  }
  return { items };
}

export async function getOwnAgreement(
  ctx: AppContext,
  session: PortalSession,
  { agreementId }: { agreementId: string },
) {
  return agreementView(ctx, session, await ownAgreement(ctx, session, agreementId));
}

/** Light status for polling: the fingerprint changes when a payment lands (any server process). */
export async function agreementStatus(
  ctx: AppContext,
  session: PortalSession,
  { agreementId }: { agreementId: string },
) {
  const a = await ownAgreement(ctx, session, agreementId);
  return {
    id: a.id,
    status: a.status,
    paymentState: paymentFingerprint(a),
    installments: a.installments.map((i) => ({
      id: i.id,
      number: i.number,
      status: i.status,
      paidCents: i.paidCents,
    })),
  };
}

export async function agreementTermDocument(
  ctx: AppContext,
  session: PortalSession,
  { agreementId }: { agreementId: string },
) {
  const a = await ownAgreement(ctx, session, agreementId);
  return agreementTerm(ctx, actingPrincipal(session), { agreementId: a.id });
}

/** The term of an offer before acceptance ("li e concordo"), as the agreement would carry it. */
export async function offerTermData(
  ctx: AppContext,
  session: PortalSession,
  { offerId }: { offerId: string },
) {
  const p = actingPrincipal(session);
  const offer = await ownOffer(ctx, session, offerId);
  const creditor = await getCreditor(ctx.database.db, p, { id: offer.creditor_id });
  const d = await debtor(ctx, session);
  const schedule = offer.schedule as { number: number; dueDate: string; amountCents: number }[];
  return {
    offerId: offer.id,
    creditor: creditorView(creditor),
    payee: { legalName: creditor.name, cnpj: formatDocument(creditor.document) },
    debtor: { name: d.name, maskedDocument: maskDocument(d.document) },
    debts: d.debts
      .filter((x) => offer.debt_ids.includes(x.id))
      .map((x) => ({ id: x.id, contract: x.externalId, product: x.product, dueDate: x.dueDate })),
    balanceCents: offer.balance_cents,
    discountCents: offer.discount_cents,
    totalCents: offer.total_cents,
    downPaymentCents: offer.down_payment_cents,
    installmentsCount: offer.installments_count,
    monthlyRatePercent: Number(offer.monthly_rate_percent),
    cetAnnualPercent: Number(offer.cet_annual_percent),
    validUntil: offer.valid_until,
    schedule,
    explanation: offer.explanation as string[],
    declaration: 'Ao tocar em “Aceitar e fechar acordo”, você concorda com este termo.',
  };
}

// ---- installments (Pix QR, due-date change) ---------------------------------------------------

async function ownInstallment(ctx: AppContext, session: PortalSession, installmentId: string) {
  if (!isUuid(installmentId)) throw notFound('Parcela');
  const p = actingPrincipal(session);
  for (const r of await scopedAgreementRows(ctx, session)) {
    const a = await getAgreement(ctx, p, { id: r.id });
    const i = a.installments.find((x) => x.id === installmentId);
    if (i) return { agreement: a, installment: i };
  }
  throw notFound('Parcela');
}

/** The boleto PDF of one of the person's own unpaid installments. */
export async function installmentBoleto(
  ctx: AppContext,
  session: PortalSession,
  { installmentId }: { installmentId: string },
) {
  const { installment } = await ownInstallment(ctx, session, installmentId);
  if (installment.status === 'paid' || !installment.boleto) throw notFound('Boleto desta parcela');
  return installmentBoletoPdf(ctx, actingPrincipal(session), { installmentId: installment.id });
}

export async function installmentPix(
  ctx: AppContext,
  session: PortalSession,
  { installmentId }: { installmentId: string },
) {
  const { agreement, installment } = await ownInstallment(ctx, session, installmentId);
  if (installment.status === 'paid' || !installment.pix?.brCode) throw notFound('Pix desta parcela');
  const creditor = await getCreditor(ctx.database.db, actingPrincipal(session), { id: agreement.creditorId });
  return {
    brCode: installment.pix.brCode,
    amountCents: installment.amountCents - installment.paidCents,
    payee: creditor.name,
  };
}

export async function dueDateOptions(
  ctx: AppContext,
  session: PortalSession,
  { agreementId, installmentId }: { agreementId: string; installmentId: string },
) {
  const a = await ownAgreement(ctx, session, agreementId);
  const idx = a.installments.findIndex((i) => i.id === installmentId);
  if (idx < 0) throw notFound('Parcela');
  const inst = a.installments[idx]!;
  const events = (await getAgreementEvents(ctx, actingPrincipal(session), { agreementId: a.id })).items;
  const used = events.some((e) => e.type === 'installment.rescheduled');
  const d = await debtor(ctx, session);
  const dates =
    used || a.status !== 'active' || inst.status === 'paid' || inst.paidCents > 0
      ? []
      : allowedDueDates({
          today: ctx.clock.today(),
          dueDate: inst.dueDate,
          nextDueDate: a.installments[idx + 1]?.dueDate ?? null,
          isBusinessDay: (x) => isBusinessDay(x, d.state ?? undefined),
        });
  return {
    installmentId: inst.id,
    currentDueDate: inst.dueDate,
    available: dates.length > 0,
    reason: used
      ? 'A data de uma parcela já foi mudada neste acordo. Para outra mudança, fale com uma pessoa.'
      : dates.length === 0
        ? 'Esta parcela não pode mudar de data pelo portal. Fale com uma pessoa.'
        : null,
    dates: dates.map((x) => ({ date: x, label: dateLabel(x) })),
  };
}

export async function changeDueDate(
  ctx: AppContext,
  session: PortalSession,
  { agreementId, installmentId, dueDate }: { agreementId: string; installmentId: string; dueDate: string },
) {
  const options = await dueDateOptions(ctx, session, { agreementId, installmentId });
  if (!options.dates.some((x) => x.date === dueDate)) {
    throw new AppError('VALIDATION_FAILED', options.reason ?? 'Escolha uma das datas oferecidas.', {
      errors: [{ field: 'dueDate', message: 'data fora das permitidas' }],
    });
  }
  const a = await changeInstallmentDueDate(ctx, actingPrincipal(session), {
    agreementId,
    installmentId,
    dueDate,
    actor: `portal:${session.idHash.slice(0, 16)}`,
  });
  return agreementView(ctx, session, a);
}

// ---- disputes, callbacks, hardship, preferences ------------------------------------------------

export async function openDispute(
  ctx: AppContext,
  session: PortalSession,
  input: { debtId: string; reason: 'not_mine' | 'already_paid' | 'wrong_amount' | 'other'; details?: string },
) {
  const d = await debtor(ctx, session);
  const debt = d.debts.find((x) => x.id === input.debtId);
  if (!debt) throw notFound('Dívida');
  if (debt.status !== 'open' && debt.status !== 'disputed') {
    throw new AppError(
      'DEBT_NOT_OPEN',
      'Esta dívida está num acordo ou já foi paga. Para contestar, fale com uma pessoa.',
    );
  }
  const today = ctx.clock.today();
  // Collection on the debt stops at once: the debt leaves 'open' (no cadence, no offer, no reminder).
  await markDebtDisputed(ctx, { tenantId: session.tenantId, debtorId: d.id, debtId: debt.id });
  const answerBy = disputeAnswerBy(today);
  let row: Awaited<ReturnType<typeof repo.insertDispute>> | undefined;
  for (let attempt = 0; !row; attempt++) {
    try {
      row = await repo.insertDispute(ctx.database.db, {
        tenantId: session.tenantId,
        debtorId: d.id,
        debtId: debt.id,
        protocol: formatProtocol(today.slice(0, 4), randomInt(0, 100_000_000)),
        reason: input.reason,
        details: input.details ?? null,
        answerBy,
      });
    } catch (error) {
      if ((error as { code?: string }).code !== '23505' || attempt >= 5) throw error;
    }
  }
  const reasons = {
    not_mine: 'não é minha',
    already_paid: 'já paguei',
    wrong_amount: 'o valor está errado',
    other: 'outro motivo',
  };
  await createDebtorTask(ctx, subjectOf(session, d.state), {
    kind: 'dispute',
    text: `Contestação ${row.protocol} (contrato ${debt.externalId}): ${reasons[input.reason]}.${input.details ? ` ${input.details}` : ''} Responder até ${formatDatePtBr(answerBy)}.`,
  });
  await recordAudit(ctx.database.db, {
    tenantId: session.tenantId,
    actor: `portal:${session.idHash.slice(0, 16)}`,
    action: 'debt.disputed',
    entity: 'debt',
    entityId: debt.id,
    details: { protocol: row.protocol, reason: input.reason },
  });
  return {
    protocol: row.protocol,
    debtId: debt.id,
    answerBy,
    message: `Recebemos seu pedido, protocolo ${row.protocol}. Enquanto analisamos, paramos os contatos de cobrança e qualquer negativação desta dívida. Respondemos até ${formatDatePtBr(answerBy)}.`,
  };
}

export async function callbackSlots(ctx: AppContext, session: PortalSession) {
  const d = await debtor(ctx, session);
  const today = ctx.clock.today();
  const slots = [];
  for (let i = 0; i < 10 && slots.length < 5; i++) {
    const date = addDays(today, i);
    const w = contactWindowOn(date, d.state, d.city);
    if (w) slots.push({ date, label: dateLabel(date), from: w.localStart, to: w.localEnd });
  }
  return { slots };
}

export async function requestCallback(
  ctx: AppContext,
  session: PortalSession,
  input: {
    date: string;
    from: string;
    to: string;
    reason?: string;
    monthlyBudgetCents?: number;
    note?: string;
  },
) {
  const d = await debtor(ctx, session);
  const today = ctx.clock.today();
  if (input.date < today || input.date > addDays(today, 30)) {
    throw new AppError('VALIDATION_FAILED', 'Escolha um dia a partir de hoje, nos próximos 30 dias.', {
      errors: [{ field: 'date', message: 'fora do período' }],
    });
  }
  const legal = contactWindowOn(input.date, d.state, d.city);
  const problem = checkCallbackWindow(input, legal);
  if (problem)
    throw new AppError('VALIDATION_FAILED', problem, { errors: [{ field: 'from', message: problem }] });
  // Instants of the window in the person's state (the legal window's start is that day's local HH:MM).
  const instant = (hhmm: string) =>
    new Date(legal!.start.getTime() + (minutes(hhmm) - minutes(legal!.localStart)) * 60_000);
  const dueAt = instant(input.from);
  if (instant(input.to) <= ctx.clock.now()) {
    throw new AppError('VALIDATION_FAILED', 'Este horário já passou. Escolha outro.', {
      errors: [{ field: 'to', message: 'horário passado' }],
    });
  }
  const when = `${dateLabel(input.date)}, entre ${input.from.replace(':00', 'h')} e ${input.to.replace(':00', 'h')}`;
  const task = await createDebtorTask(ctx, subjectOf(session, d.state), {
    kind: input.reason === 'nothing_fits' ? 'help_request' : 'callback',
    channel: 'phone',
    dueAt,
    text: [
      `Ligar para o devedor ${when}.`,
      input.reason === 'nothing_fits' ? 'Nenhuma opção coube no orçamento.' : null,
      input.monthlyBudgetCents !== undefined
        ? `Orçamento informado: ${formatBRL(input.monthlyBudgetCents)} por mês.`
        : null,
      input.note ? `Recado: ${input.note}` : null,
    ]
      .filter(Boolean)
      .join(' '),
  });
  return { id: task.id, date: input.date, from: input.from, to: input.to, message: `Vamos ligar ${when}.` };
}

const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

export async function pauseForHardship(
  ctx: AppContext,
  session: PortalSession,
  input: { note?: string; talkToPerson?: boolean; monthlyBudgetCents?: number },
) {
  const d = await debtor(ctx, session);
  const until = saoPauloMidnight(addDays(ctx.clock.today(), HARDSHIP_PAUSE_DAYS));
  // The note is the person's own words; kept as the pause's note, never as a health or other flag.
  const s = await addDebtorSuppression(ctx, subjectOf(session, d.state), {
    kind: 'hardship',
    until,
    note: input.note ? input.note.slice(0, 500) : 'Pausa pedida pelo devedor no portal.',
  });
  if (input.talkToPerson || input.monthlyBudgetCents !== undefined) {
    await createDebtorTask(ctx, subjectOf(session, d.state), {
      kind: 'help_request',
      text: `Momento difícil: pausa de ${HARDSHIP_PAUSE_DAYS} dias pedida no portal.${input.monthlyBudgetCents !== undefined ? ` Orçamento informado: ${formatBRL(input.monthlyBudgetCents)} por mês.` : ''} A pessoa pediu para falar com alguém.`,
    });
  }
  return {
    pausedUntil: s.until,
    message: `Pausamos as mensagens e ligações de cobrança até ${formatDatePtBr(addDays(ctx.clock.today(), HARDSHIP_PAUSE_DAYS))}. Se quiser, uma pessoa fala com você.`,
    freeHelp:
      'Se as dívidas não deixam sobrar o básico, a lei permite juntar tudo num plano só (superendividamento). O Procon e a Defensoria Pública ajudam de graça.',
  };
}

const PREF_CHANNELS = ['sms', 'whatsapp', 'email', 'phone', 'letter'] as const;
type PrefChannel = (typeof PREF_CHANNELS)[number];

export async function preferences(ctx: AppContext, session: PortalSession) {
  const active = await activeSuppressions(ctx, subjectOf(session));
  const all = active.some((s) => s.kind === 'opt_out' && s.channel === null);
  return {
    channels: PREF_CHANNELS.map((channel) => ({
      channel,
      optedOut: all || active.some((s) => s.kind === 'opt_out' && s.channel === channel),
    })),
    pauses: active.filter((s) => s.kind !== 'opt_out').map((s) => ({ kind: s.kind, until: s.until })),
  };
}

export async function setPreferences(
  ctx: AppContext,
  session: PortalSession,
  input: { channels: { channel: PrefChannel; optedOut: boolean }[] },
) {
  const current = await preferences(ctx, session);
  const subject = subjectOf(session);
  for (const want of input.channels) {
    const now = current.channels.find((c) => c.channel === want.channel)?.optedOut ?? false;
    if (want.optedOut && !now) {
      await addDebtorSuppression(ctx, subject, {
        kind: 'opt_out',
        channel: want.channel,
        note: 'Pedido no portal.',
      });
    } else if (!want.optedOut && now) {
      await endDebtorOptOut(ctx, subject, want.channel);
    }
  }
  return preferences(ctx, session);
}

// ---- my data (LGPD art. 18) --------------------------------------------------------------------

export async function myData(ctx: AppContext, session: PortalSession) {
  const p = actingPrincipal(session);
  const d = await debtor(ctx, session);
  const agreements = [];
  for (const r of await scopedAgreementRows(ctx, session)) {
    const a = await getAgreement(ctx, p, { id: r.id });
    agreements.push({
      id: a.id,
      status: a.status,
      creditorId: a.creditorId,
      totalCents: a.totalCents,
      createdAt: a.createdAt,
      installments: a.installments.map((i) => ({
        number: i.number,
        dueDate: i.dueDate,
        amountCents: i.amountCents,
        paidCents: i.paidCents,
        status: i.status,
      })),
      payments: (await paymentsOfAgreement(ctx, a.id)).map((x) => ({
        amountCents: x.amountCents,
        paidAt: x.paidAt,
        source: x.source,
      })),
    });
  }
  // Only the scope's debts, and what the person gave the portal in sessions of this scope.
  const shownDebts = new Set(d.debts.map((x) => x.id));
  const disputes = (await repo.disputesOf(ctx.database.db, session.tenantId, d.id)).filter((x) =>
    shownDebts.has(x.debt_id),
  );
  const sessions = await repo.sessionsOf(ctx.database.db, session.tenantId, d.id, session.creditorIds);
  const agency = await agencyView(ctx, session.tenantId);
  return {
    generatedAt: ctx.clock.now().toISOString(),
    controller: { agency: agency.legalName, cnpj: agency.cnpj, email: agency.email, phone: agency.phone },
    person: {
      name: d.person.name,
      document: d.document,
      documentKind: d.documentKind,
      birthDate: d.person.birthDate,
      email: d.person.email,
      phone: d.person.phone,
      state: d.person.state,
      city: d.person.city,
    },
    debts: d.debts.map((x) => ({
      id: x.id,
      creditorId: x.creditorId,
      contract: x.externalId,
      product: x.product,
      originalAmountCents: x.originalAmountCents,
      dueDate: x.dueDate,
      status: x.status,
    })),
    agreements,
    disputes: disputes.map((x) => ({
      protocol: x.protocol,
      debtId: x.debt_id,
      reason: x.reason,
      status: x.status,
      answerBy: x.answer_by,
      createdAt: new Date(x.created_at).toISOString(),
    })),
    contact: await debtorContactData(ctx, subjectOf(session), { creditorIds: session.creditorIds }),
    portalSessions: sessions.map((s) => ({
      createdAt: new Date(s.created_at).toISOString(),
      lastSeenAt: new Date(s.last_seen_at).toISOString(),
      endedAt: s.revoked_at ? new Date(s.revoked_at).toISOString() : null,
    })),
  };
}

// ---- public: "é mesmo da gente?" ---------------------------------------------------------------

export async function verifyIssuedCode(ctx: AppContext, raw: string) {
  const code = normalizeVerificationCode(raw);
  const found = code ? await findIssuedMessage(ctx, code) : [];
  if (found.length === 0) {
    return {
      found: false as const,
      message:
        'Não encontramos este código. Confira se digitou certo. Se a mensagem pede senha, código por telefone ou Pix para uma pessoa, não responda: fale com a gente pelos canais desta página.',
    };
  }
  const first = found[0]!;
  return {
    found: true as const,
    agency: first.agency,
    agencyCnpj: first.agencyCnpj,
    creditor: first.creditor,
    channel: first.channel,
    issuedOn: first.issuedOn,
    message: `Este código é de uma ${first.channel === 'letter' ? 'carta' : 'mensagem'} enviada por ${first.agency} em nome de ${first.creditor.name} em ${formatDatePtBr(first.issuedOn)}.`,
  };
}

// ---- early settlement, withdrawal, human review -------------------------------------------------

/** Early settlement of one's own agreement (CDC art. 52 §2º): amount, interest given back, Pix. */
export async function payoff(
  ctx: AppContext,
  session: PortalSession,
  { agreementId, date }: { agreementId: string; date?: string },
) {
  const a = await ownAgreement(ctx, session, agreementId);
  return getPayoff(ctx, actingPrincipal(session), { agreementId: a.id, date });
}

/**
 * Early settlement one can pay (CDC art. 52 §2º): the last n installments (all = everything) on a date,
 * with a Pix whose txid names it; the same contract as the staff route.
 */
export async function createOwnPrepayment(
  ctx: AppContext,
  session: PortalSession,
  { agreementId, ...input }: { agreementId: string; installments: number; date?: string },
) {
  const a = await ownAgreement(ctx, session, agreementId);
  return createPrepayment(ctx, actingPrincipal(session), { ...input, agreementId: a.id });
}

export async function listOwnPrepayments(
  ctx: AppContext,
  session: PortalSession,
  { agreementId }: { agreementId: string },
) {
  const a = await ownAgreement(ctx, session, agreementId);
  return listPrepayments(ctx, actingPrincipal(session), { agreementId: a.id });
}

/** The payoff's Pix (today's amount) for its QR Code; 404 when the creditor has no Pix key. */
export async function payoffPix(
  ctx: AppContext,
  session: PortalSession,
  { agreementId }: { agreementId: string },
) {
  const p = await payoff(ctx, session, { agreementId });
  if (!p.pix) throw notFound('Pix da quitação');
  return { brCode: p.pix.brCode, amountCents: p.amountCents };
}

/** The QR Code of one of my prepayments while it is open and its Pix code exists. */
export async function prepaymentPix(
  ctx: AppContext,
  session: PortalSession,
  { agreementId, prepaymentId }: { agreementId: string; prepaymentId: string },
) {
  const found = (await listOwnPrepayments(ctx, session, { agreementId })).items.find(
    (p) => p.id === prepaymentId,
  );
  if (found?.status !== 'open' || !found.pix?.brCode) throw notFound('Pix da quitação');
  return { brCode: found.pix.brCode, amountCents: found.amountCents };
}

/** The boleto PDF of one of my prepayments while it is open and has a boleto. */
export async function prepaymentBoleto(
  ctx: AppContext,
  session: PortalSession,
  { agreementId, prepaymentId }: { agreementId: string; prepaymentId: string },
) {
  const a = await ownAgreement(ctx, session, agreementId);
  return prepaymentBoletoPdf(ctx, actingPrincipal(session), { agreementId: a.id, prepaymentId });
}

/** Withdrawal within 7 days of an agreement made here (CDC art. 49): restored, paid amounts refunded. */
export async function cancelAgreement(
  ctx: AppContext,
  session: PortalSession,
  { agreementId }: { agreementId: string },
) {
  const a = await ownAgreement(ctx, session, agreementId);
  const result = await withdrawFromAgreement(ctx, actingPrincipal(session), { agreementId: a.id });
  return {
    ...result,
    message:
      result.refundCents > 0
        ? `Acordo cancelado. As dívidas voltaram a ser como antes, sem multa. Vamos devolver ${formatBRL(result.refundCents)} que você pagou.`
        : 'Acordo cancelado. As dívidas voltaram a ser como antes, sem multa.',
  };
}

/** "Quero que uma pessoa revise": an automated decision reviewed by a person (LGPD art. 20). */
export async function askHumanReview(
  ctx: AppContext,
  session: PortalSession,
  input: { subject: ReviewSubject; reason?: string },
) {
  const r = await recordHumanReviewRequest(ctx, {
    tenantId: session.tenantId,
    debtorId: session.debtorId,
    subject: input.subject,
    ...(input.reason ? { reason: input.reason.slice(0, 1000) } : {}),
    requestedBy: `portal:${session.idHash.slice(0, 16)}`,
  });
  return {
    id: r.id,
    replyBy: r.replyBy,
    message: `Recebemos seu pedido. Uma pessoa da nossa equipe vai revisar e responder até ${formatDatePtBr(r.replyBy)}.`,
  };
}
