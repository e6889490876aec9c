import type { AppContext } from '../../platform/context.ts';
import { addDays } from '../../platform/dates.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { actorIdentity, actorOf, can, type Principal, samePerson } from '../identity/index.ts';
import * as approvals from './approval.repository.ts';
import type { ProposalBodyInput } from './negotiation.schemas.ts';
import * as offers from './offer.repository.ts';
import type { Offer } from './offer.rules.ts';
import { prepareNegotiation, storeOffers } from './offer.service.ts';
import { evaluateProposal } from './proposal.rules.ts';
import { renegotiationLimitMessage } from './renegotiation.rules.ts';

/** The body of `POST /debtors/{id}/proposals`; the portal also says the debtor asked. */
export type ProposalInput = ProposalBodyInput & { debtorInitiated?: boolean };

/** A counter-proposal: accepted at once (an offer), queued for a manager, or refused with the nearest plan. */
export async function submitProposal(
  ctx: AppContext,
  principal: Principal,
  input: ProposalInput & { debtorId: string },
) {
  const { debtorId } = input;
  if (!can(principal, 'proposals:submit'))
    throw new AppError('FORBIDDEN', 'Registrar contraproposta é feito pela agência, não pelo credor.');
  // Valued today: a counter-proposal cannot be dated (only offers can be simulated on another date).
  const prepared = await prepareNegotiation(ctx, principal, {
    debtorId,
    ...(input.debtIds ? { debtIds: input.debtIds } : {}),
    ...(input.firstDueDate ? { firstDueDate: input.firstDueDate } : {}),
    debtorInitiated: input.debtorInitiated ?? true,
  });
  if (!prepared) throw new AppError('VALIDATION_FAILED', 'Nenhuma dívida em aberto para negociar.');
  const isLumpSum = input.installmentsCount <= 1 && input.downPaymentCents === 0;
  if (!prepared.renegotiation.installmentsAllowed && !isLumpSum) {
    return { status: 'refused' as const, reason: renegotiationLimitMessage(prepared.renegotiation) };
  }
  const decision = evaluateProposal(prepared.request, input);
  if (decision.status === 'accepted') {
    const [offer] = await storeOffers(ctx, principal, {
      prepared,
      offers: [decision.offer],
      origin: 'proposal',
    });
    return { status: decision.status, offer, reason: decision.reason };
  }
  if (decision.status === 'pending_approval') {
    const approvalId = await approvals.insertApproval(ctx.database.db, {
      tenantId: principal.tenantId,
      creditorId: prepared.creditorId,
      debtorId: prepared.debtorId,
      reason: decision.reason,
      extraDiscountPercent: decision.extraDiscountPercent,
      proposal: input,
      offer: decision.offer,
      offerDate: prepared.today,
      requestedBy: actorOf(principal),
    });
    return { status: decision.status, approvalId, reason: decision.reason };
  }
  // The nearest plan the policy allows is recorded like any offer, so it can be accepted as it is.
  const nearest = decision.nearest
    ? (await storeOffers(ctx, principal, { prepared, offers: [decision.nearest], origin: 'policy' }))[0]
    : undefined;
  return {
    status: decision.status,
    reason: decision.reason,
    ...(nearest ? { nearest } : {}),
  };
}

function toApprovalView(row: Awaited<ReturnType<typeof approvals.findApproval>> & object) {
  return {
    id: row.id,
    status: row.status,
    creditorId: row.creditor_id,
    debtorId: row.debtor_id,
    reason: row.reason,
    extraDiscountPercent: Number(row.extra_discount_percent),
    proposal: row.proposal as Record<string, unknown>,
    requestedBy: row.requested_by,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at ? new Date(row.decided_at).toISOString() : null,
    offerId: row.offer_id,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export async function listApprovals(
  ctx: AppContext,
  principal: Principal,
  { status }: { status?: string } = {},
) {
  const rows = await approvals.listApprovals(
    ctx.database.db,
    { tenantId: principal.tenantId, creditorId: principal.creditorId },
    status,
  );
  return { items: rows.map(toApprovalView) };
}

/** A manager approves (the proposal becomes an offer, valid from today) or rejects it. Decided once. */
export async function decideProposal(
  ctx: AppContext,
  principal: Principal,
  { id, decision, note }: { id: string; decision: 'approve' | 'reject'; note: string | null },
) {
  if (!can(principal, 'proposals:approve')) {
    throw new AppError('FORBIDDEN', 'Apenas gestores e administradores aprovam contrapropostas.');
  }
  const db = ctx.database.db;
  const row = isUuid(id) ? await approvals.findApproval(db, principal.tenantId, id) : undefined;
  if (!row) throw notFound('Aprovação');
  if (row.status !== 'pending')
    throw new AppError(
      'APPROVAL_ALREADY_DECIDED',
      `Esta contraproposta já foi ${row.status === 'approved' ? 'aprovada' : 'recusada'}.`,
    );
  const actor = actorOf(principal);
  // Four eyes: whoever asked for the exception does not decide it — the same token, or another token
  // held by the same person (both name the person), approving or rejecting the request is refused.
  const requester = await actorIdentity(db, principal.tenantId, row.requested_by);
  if (row.requested_by === actor || samePerson(requester, principal)) {
    throw new AppError(
      'SELF_APPROVAL',
      'Quem pediu a aprovação não pode decidir o próprio pedido: outro gestor precisa aprovar ou recusar.',
    );
  }
  const today = ctx.clock.today();
  // The offer and the decision commit together: a lost race leaves no orphan offer behind.
  const { decided, offer } = await db.transaction().execute(async (trx) => {
    let offer: (Offer & { id: string; simulation: boolean }) | undefined;
    if (decision === 'approve') {
      const stored = row.offer as Offer;
      const validity = Math.max(
        1,
        Math.round((Date.parse(stored.validUntil) - Date.parse(row.offer_date)) / 86_400_000),
      );
      const fresh: Offer = {
        ...stored,
        validUntil: addDays(today, validity),
        explanation: [...stored.explanation, 'Aprovada por um gestor.'],
      };
      const [id] = await offers.insertOffers(
        trx,
        {
          tenantId: principal.tenantId,
          creditorId: row.creditor_id,
          debtorId: row.debtor_id,
          offerDate: today,
          createdBy: actor,
          origin: 'approval',
        },
        [fresh],
      );
      offer = { id: id!, ...fresh, simulation: false };
    }
    const decided = await approvals.decideApproval(trx, principal.tenantId, row.id, {
      status: decision === 'approve' ? 'approved' : 'rejected',
      decidedBy: actor,
      decidedAt: ctx.clock.now(),
      note,
      offerId: offer?.id ?? null,
    });
    if (!decided)
      throw new AppError(
        'APPROVAL_ALREADY_DECIDED',
        'Esta contraproposta acabou de ser decidida por outra pessoa.',
      );
    return { decided, offer };
  });
  return { ...toApprovalView(decided), ...(offer ? { offer } : {}) };
}
