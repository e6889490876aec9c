import type { AppContext } from '../../platform/context.ts';
import { formatDatePtBr, isIsoDate } from '../../platform/dates.ts';
import { AppError, notFound, validationFailed } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { formatBRL } from '../../platform/money.ts';
import { getDebtBalances, missingIndexNote } from '../balance/index.ts';
import { isDebtorVulnerable, openNoAffordableOfferTask } from '../contact/index.ts';
import { getCreditor } from '../creditors/index.ts';
import { actorOf, can, type Principal } from '../identity/index.ts';
import { getDebtorWithDebts } from '../portfolio/index.ts';
import type { OfferInput, SettingsSource } from './negotiation.schemas.ts';
import * as repo from './offer.repository.ts';
import {
  allowedDiscountCents,
  generateOffers,
  type Offer,
  type OfferDebt,
  type OfferRequest,
  offeredDebts,
} from './offer.rules.ts';
import { getPolicy } from './policy.service.ts';
import {
  applyRenegotiationLimit,
  type RenegotiationStatus,
  renegotiationStatus,
} from './renegotiation.rules.ts';

/** Decreto 11.150/2022 as amended by Decreto 11.567/2023 (under court review: configurable). */
export const DEFAULT_MINIMUM_EXISTENTIAL_CENTS = 60_000;

/** The tenant's mínimo existencial (`PUT /api/v1/settings/negotiation`), R$ 600,00 when never set. */
export async function minimumExistentialOf(ctx: AppContext, tenantId: string): Promise<number> {
  return (await repo.findMinimumExistential(ctx.database.db, tenantId)) ?? DEFAULT_MINIMUM_EXISTENTIAL_CENTS;
}

export interface NegotiationSettings {
  minimumExistentialCents: number;
  source: SettingsSource;
  legalBasis: string;
}

const MINIMUM_EXISTENTIAL_BASIS =
  'Decreto 11.150/2022, alterado pelo Decreto 11.567/2023 (R$ 600,00; em revisão no STF, por isso configurável); CDC art. 6º XI e XII';

export async function getNegotiationSettings(
  ctx: AppContext,
  principal: Principal,
): Promise<NegotiationSettings> {
  const stored = await repo.findMinimumExistential(ctx.database.db, principal.tenantId);
  return {
    minimumExistentialCents: stored ?? DEFAULT_MINIMUM_EXISTENTIAL_CENTS,
    source: stored === undefined ? 'default' : 'tenant',
    legalBasis: MINIMUM_EXISTENTIAL_BASIS,
  };
}

/** Sets the mínimo existencial (admin/manager); below the decree's value is refused (it protects people). */
export async function putNegotiationSettings(
  ctx: AppContext,
  principal: Principal,
  input: { minimumExistentialCents: number },
): Promise<NegotiationSettings> {
  if (!can(principal, 'negotiation:configure')) {
    throw new AppError('FORBIDDEN', 'Apenas gestores e administradores alteram o mínimo existencial.');
  }
  const cents = input.minimumExistentialCents;
  if (!Number.isSafeInteger(cents) || cents < DEFAULT_MINIMUM_EXISTENTIAL_CENTS) {
    throw validationFailed([
      {
        field: 'minimumExistentialCents',
        message: `deve ser um valor em centavos de no mínimo ${DEFAULT_MINIMUM_EXISTENTIAL_CENTS} (R$ 600,00, Decreto 11.150/2022)`,
      },
    ]);
  }
  await repo.upsertMinimumExistential(ctx.database.db, principal.tenantId, cents, actorOf(principal));
  return { minimumExistentialCents: cents, source: 'tenant', legalBasis: MINIMUM_EXISTENTIAL_BASIS };
}

export type StoredOfferView = Offer & { id: string; simulation: boolean };

export interface OffersResponse {
  offers: StoredOfferView[];
  /** The offers were asked for another date than today: shown, never accepted. */
  simulation: boolean;
  noAffordableOffer: boolean;
  reason?: string;
  paymentCapCents?: number;
  renegotiation?: RenegotiationStatus;
  /** The agents' task opened when no option fits (the person is passed to a human). */
  taskId?: string;
}

/**
 * Computes and records the offers for a debtor's open debts with one creditor. Several debts of the
 * same creditor go into one offer; debts of different creditors need separate requests (`debtIds`).
 */
/** What an offer or a proposal is computed from: the chosen open debts of one creditor, valued today. */
export interface PreparedNegotiation {
  request: Omit<OfferRequest, 'monthlyBudgetCents' | 'monthlyIncomeCents' | 'otherDebtPaymentsCents'>;
  creditorId: string;
  debtorId: string;
  /** The valuation date: today in São Paulo, or the date of a simulation. */
  today: string;
  /** Valued on another date than today (the caller's `date`): shown, never accepted. */
  simulation: boolean;
  renegotiation: RenegotiationStatus;
  /** Index months that counted as zero in the balances (said in every offer; issue #10 item 13). */
  indexNote: string | null;
}

export async function prepareNegotiation(
  ctx: AppContext,
  principal: Principal,
  input: Pick<OfferInput, 'date' | 'debtIds' | 'firstDueDate' | 'debtorInitiated'> & { debtorId: string },
): Promise<PreparedNegotiation | null> {
  const { debtorId } = input;
  if (!can(principal, 'portfolio:read')) throw new AppError('FORBIDDEN', 'Seu papel não permite negociar.');
  // An offer that can be accepted is valued today (São Paulo, from the clock). A caller's date makes a
  // simulation: two years ahead falls into a larger discount band, so it must never become an agreement.
  const today = input.date ?? ctx.clock.today();
  const simulation = today !== ctx.clock.today();
  for (const [field, value] of [
    ['date', today],
    ['firstDueDate', input.firstDueDate],
  ] as const) {
    if (value !== undefined && !isIsoDate(value)) {
      throw validationFailed([{ field, message: `data inválida "${value}", use AAAA-MM-DD` }]);
    }
  }
  if (input.firstDueDate && input.firstDueDate < today) {
    throw validationFailed([
      { field: 'firstDueDate', message: 'o primeiro vencimento não pode ser antes da data da proposta' },
    ]);
  }
  const debtor = await getDebtorWithDebts(ctx, principal, { id: debtorId });
  const open = debtor.debts.filter((d) => d.status === 'open');
  let chosen = open;
  if (input.debtIds && input.debtIds.length > 0) {
    const unknown = input.debtIds.filter((id) => !open.some((d) => d.id === id));
    if (unknown.length > 0) {
      throw validationFailed([
        {
          field: 'debtIds',
          message: `dívida(s) não encontrada(s) em aberto para este devedor: ${unknown.join(', ')}`,
        },
      ]);
    }
    chosen = open.filter((d) => input.debtIds!.includes(d.id));
  }
  if (chosen.length === 0) return null;
  if (new Set(chosen.map((d) => d.creditorId)).size > 1) {
    throw validationFailed([
      {
        field: 'debtIds',
        message:
          'as dívidas são de credores diferentes; um acordo reúne dívidas de um mesmo credor. Informe debtIds de um credor',
      },
    ]);
  }
  const creditorId = chosen[0]!.creditorId;
  const policy = await getPolicy(ctx, principal, { creditorId });
  const creditor = await getCreditor(ctx.database.db, principal, { id: creditorId });
  const balances = await getDebtBalances(ctx, principal, {
    debtIds: chosen.map((d) => d.id),
    date: today,
  });
  const debts: OfferDebt[] = balances.map((b, i) => ({
    debtId: chosen[i]!.id,
    label: chosen[i]!.externalId,
    daysOverdue: b.daysOverdue,
    prescribed: b.prescribed,
    principalCents: b.principalCents,
    chargesCents: b.totalCents - b.principalCents,
  }));
  const debtorInitiated = input.debtorInitiated ?? false;
  // The index months still missing are those of the debts the offer carries: a prescribed debt left
  // out must not add its months to the explanation (issue 12 item 7).
  const offered = new Set(offeredDebts({ debts, debtorInitiated }).map((d) => d.debtId));
  return {
    request: {
      today,
      state: debtor.state ?? undefined,
      debts,
      policy,
      firstDueDate: input.firstDueDate,
      minimumExistentialCents: await minimumExistentialOf(ctx, principal.tenantId),
      debtorInitiated,
      // Installment interest by creditor type (policy.rules.ts `installmentInterestRule`).
      creditorInFinancialSystem: creditor.terms.financialInstitution,
      // CDC art. 54-C IV: plans with interest for a vulnerable debtor are presented by a person.
      vulnerable: await isDebtorVulnerable(ctx, debtor.id),
    },
    creditorId,
    debtorId: debtor.id,
    today,
    simulation,
    indexNote: missingIndexNote(balances.filter((_, i) => offered.has(chosen[i]!.id))),
    renegotiation: renegotiationStatus(
      chosen.map((d) => d.brokenAgreements),
      policy.maxRenegotiations,
    ),
  };
}

/** Records offers and returns them with their ids. */
export async function storeOffers(
  ctx: AppContext,
  principal: Principal,
  {
    prepared,
    offers,
    origin = 'policy',
  }: {
    prepared: PreparedNegotiation;
    offers: Offer[];
    /** 'proposal': a counter-proposal accepted as it was made. */
    origin?: 'policy' | 'proposal';
  },
): Promise<StoredOfferView[]> {
  const marked = prepared.simulation
    ? offers.map((o) => ({
        ...o,
        explanation: [
          `Simulação para ${formatDatePtBr(prepared.today)}: não pode ser aceita; para um acordo, peça a proposta de hoje.`,
          ...o.explanation,
        ],
      }))
    : offers;
  const ids = await repo.insertOffers(
    ctx.database.db,
    {
      tenantId: principal.tenantId,
      creditorId: prepared.creditorId,
      debtorId: prepared.debtorId,
      offerDate: prepared.today,
      createdBy: actorOf(principal),
      simulation: prepared.simulation,
      origin,
    },
    marked,
  );
  return marked.map((o, i) => ({ id: ids[i]!, ...o, simulation: prepared.simulation }));
}

/**
 * Computes and records the offers for a debtor's open debts with one creditor. Several debts of the
 * same creditor go into one offer; debts of different creditors need separate requests (`debtIds`).
 */
export async function createOffersForDebtor(
  ctx: AppContext,
  principal: Principal,
  input: OfferInput & { debtorId: string },
): Promise<OffersResponse> {
  const prepared = await prepareNegotiation(ctx, principal, input);
  if (!prepared)
    return {
      offers: [],
      simulation: input.date !== undefined && input.date !== ctx.clock.today(),
      noAffordableOffer: false,
      reason: 'Nenhuma dívida em aberto para negociar.',
    };
  const generated = generateOffers({
    ...prepared.request,
    monthlyBudgetCents: input.monthlyBudgetCents,
    monthlyIncomeCents: input.monthlyIncomeCents,
    otherDebtPaymentsCents: input.otherDebtPaymentsCents,
  });
  // Index months that counted as zero, said in every offer (before the renegotiation line, which closes).
  if (prepared.indexNote) for (const o of generated.offers) o.explanation.push(prepared.indexNote);
  const result = applyRenegotiationLimit(generated, prepared.renegotiation);
  // "Encaminhamos para conversar com uma pessoa": a task for the agents, with the budget given.
  const taskId =
    result.noAffordableOffer && !prepared.simulation
      ? await openNoAffordableOfferTask(ctx.database.db, {
          tenantId: principal.tenantId,
          debtorId: prepared.debtorId,
          creditorId: prepared.creditorId,
          // Only the debts that were offered: a prescribed debt left out is not collected (STJ REsp
          // 2.088.100/SP), so it does not reach the agents as something to negotiate (issue 12 item 7).
          debtIds: offeredDebts(prepared.request).map((d) => d.debtId),
          monthlyBudgetCents: input.monthlyBudgetCents,
          monthlyIncomeCents: input.monthlyIncomeCents,
          otherDebtPaymentsCents: input.otherDebtPaymentsCents,
          paymentCapCents: result.paymentCapCents,
          reason: result.reason ?? '',
          by: actorOf(principal),
        })
      : undefined;
  return {
    ...result,
    ...(taskId ? { taskId } : {}),
    simulation: prepared.simulation,
    offers: await storeOffers(ctx, principal, { prepared, offers: result.offers }),
    ...(prepared.renegotiation.number > 0 ? { renegotiation: prepared.renegotiation } : {}),
  };
}

export type StoredOffer = NonNullable<Awaited<ReturnType<typeof repo.findOffer>>>;

/** A recorded offer as the caller may see it (404 otherwise); used to create an agreement from it. */
export async function getStoredOffer(
  ctx: AppContext,
  principal: Principal,
  { offerId }: { offerId: string },
): Promise<StoredOffer> {
  const row = isUuid(offerId)
    ? await repo.findOffer(
        ctx.database.db,
        { tenantId: principal.tenantId, creditorId: principal.creditorId },
        offerId,
      )
    : undefined;
  if (!row) throw notFound('Proposta');
  return row;
}

/**
 * What acceptance checks again, whatever the caller says (POST /api/v1/agreements): the offer is not a
 * simulation, was made today or earlier and is still valid today (São Paulo, from the clock), and its
 * discount is within the creditor's policy as it is now — for debts valued on the offer's date. The
 * renegotiation limit is checked inside the acceptance transaction (agreements).
 */
export async function assertOfferAcceptable(
  ctx: AppContext,
  principal: Principal,
  offer: StoredOffer,
): Promise<void> {
  const today = ctx.clock.today();
  if (offer.simulation) {
    throw new AppError(
      'OFFER_SIMULATION',
      `Esta proposta é uma simulação para ${formatDatePtBr(offer.offer_date)} e não pode ser aceita: peça uma proposta de hoje.`,
    );
  }
  if (offer.offer_date > today) {
    throw new AppError(
      'OFFER_SIMULATION',
      `Esta proposta foi calculada para ${offer.offer_date}, uma data futura, e não pode ser aceita: peça uma proposta de hoje.`,
    );
  }
  if (offer.valid_until < today) {
    throw new AppError(
      'OFFER_EXPIRED',
      `Proposta vencida em ${offer.valid_until}: peça uma nova proposta com os valores de hoje.`,
    );
  }
  const policy = await getPolicy(ctx, principal, { creditorId: offer.creditor_id });
  const balances = await getDebtBalances(ctx, principal, { debtIds: offer.debt_ids, date: offer.offer_date });
  const debts: OfferDebt[] = balances.map((b, i) => ({
    debtId: offer.debt_ids[i]!,
    daysOverdue: b.daysOverdue,
    prescribed: b.prescribed,
    principalCents: b.principalCents,
    chargesCents: b.totalCents - b.principalCents,
  }));
  const allowed = allowedDiscountCents(policy, debts, offer.origin);
  if (offer.discount_cents > allowed) {
    throw new AppError(
      'OFFER_OUT_OF_POLICY',
      `O desconto desta proposta (${formatBRL(offer.discount_cents)}) passa do que a política atual do credor permite ` +
        `(${formatBRL(allowed)}): peça uma nova proposta.`,
      { discountCents: offer.discount_cents, allowedDiscountCents: allowed },
    );
  }
}
