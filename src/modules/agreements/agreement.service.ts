import type { AppContext } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { actorOf, can, type Principal, recordAudit } from '../identity/index.ts';
import {
  assertOfferAcceptable,
  getPolicy,
  getStoredOffer,
  type InterestMethod,
  renegotiationLimitMessage,
  renegotiationStatus,
} from '../negotiation/index.ts';
import {
  type ChargeView,
  chargeViews,
  completeCharges,
  issueCharges,
  pspChargesJob,
  registerPspCharges,
  voidUnpaidCharge,
} from '../payments/index.ts';
import { moveDebtsToAgreement, recordAcknowledgment } from '../portfolio/index.ts';
import * as repo from './agreement.repository.ts';
import type { AgreementStatus, InstallmentStatus } from './agreement.schemas.ts';
import type { AgreementOrigin } from './cancellation.rules.ts';
import * as debtorRepo from './debtor-agreements.repository.ts';

export interface AgreementView {
  id: string;
  status: AgreementStatus;
  offerId: string;
  creditorId: string;
  debtorId: string;
  debtIds: string[];
  balanceCents: number;
  discountCents: number;
  downPaymentCents: number;
  totalCents: number;
  monthlyRatePercent: number;
  /** The annual rate beside the CET (CDC art. 52 II; art. 54-B). */
  effectiveAnnualRatePercent: number;
  /** 'compound' (Price, SFN), 'simple' (no capitalisation) or 'none'. */
  interestMethod: InterestMethod;
  cetAnnualPercent: number;
  /** How it was made: online, phone or in person (CDC art. 49: 7 days to cancel the first two). */
  origin: AgreementOrigin;
  includesPrescribedDebt: boolean;
  cancelledAt: string | null;
  graceDays: number;
  /** 0 for a first agreement; n for the n-th renegotiation of its debts. */
  renegotiationNumber: number;
  renegotiatedBy: string | null;
  createdAt: string;
  installments: {
    id: string;
    number: number;
    dueDate: string;
    amountCents: number;
    paidCents: number;
    /** Interest given back when the installment was prepaid (CDC art. 52 §2º); paid + this = amount. */
    reductionCents: number;
    status: InstallmentStatus;
    /** Pix charge (txid and BR Code "copia e cola"); null when the creditor has no Pix settings. */
    pix: ChargeView['pix'];
    /** Boleto (barcode, linha digitável, nosso número); null when the creditor has no boleto settings. */
    boleto: ChargeView['boleto'];
  }[];
}

const UNIQUE_VIOLATION = '23505';

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string })?.code === UNIQUE_VIOLATION;
}

function mayAccept(principal: Principal): void {
  if (!can(principal, 'agreements:accept')) {
    throw new AppError(
      'FORBIDDEN',
      'O acordo é aceito pelo devedor ou por um agente em nome dele, não pelo credor.',
    );
  }
}

/**
 * Accepts an offer. Exactly one agreement per offer and per idempotency key is guaranteed by unique
 * constraints (not only by this code): a concurrent second accept fails inside the database and is
 * answered 409; a replay with the same key gets the first agreement back (created: false).
 */
export async function acceptOffer(
  ctx: AppContext,
  principal: Principal,
  input: { offerId: string; idempotencyKey: string | null; origin?: AgreementOrigin },
): Promise<{ agreement: AgreementView; created: boolean }> {
  mayAccept(principal);
  const db = ctx.database.db;
  if (input.idempotencyKey) {
    const existing = await repo.findAgreementByKey(db, principal.tenantId, input.idempotencyKey);
    if (existing)
      return {
        agreement: await replayed(ctx, principal, existing.id, existing.offer_id, input.offerId),
        created: false,
      };
  }
  const offer = await getStoredOffer(ctx, principal, { offerId: input.offerId });
  // Not a simulation, made today or before, still valid, discount within the current policy.
  await assertOfferAcceptable(ctx, principal, offer);
  const today = ctx.clock.today();
  const policy = await getPolicy(ctx, principal, { creditorId: offer.creditor_id });
  const actor = actorOf(principal);
  let agreementId: string;
  try {
    agreementId = await db.transaction().execute(async (trx) => {
      const id = await repo.insertAgreement(trx, {
        tenantId: principal.tenantId,
        creditorId: offer.creditor_id,
        debtorId: offer.debtor_id,
        offerId: offer.id,
        idempotencyKey: input.idempotencyKey,
        debtIds: offer.debt_ids,
        balanceCents: offer.balance_cents,
        discountCents: offer.discount_cents,
        downPaymentCents: offer.down_payment_cents,
        totalCents: offer.total_cents,
        monthlyRatePercent: offer.monthly_rate_percent,
        cetAnnualPercent: offer.cet_annual_percent,
        graceDays: policy.graceDays,
        createdBy: actor,
        effectiveAnnualRatePercent: String(offer.effective_annual_rate_percent),
        interestMethod: offer.interest_method,
        // Staff and the portal accept at a distance: online unless an agent records a call or a meeting.
        origin: input.origin ?? 'online',
        includesPrescribedDebt: offer.includes_prescribed_debt,
        createdAt: ctx.clock.now(),
      });
      const installments = await repo.insertInstallments(
        trx,
        id,
        offer.schedule as { number: number; dueDate: string; amountCents: number }[],
      );
      // Pix and boleto for every installment, in the same transaction: an agreement is payable at once.
      await issueCharges(trx, { tenantId: principal.tenantId, creditorId: offer.creditor_id }, installments);
      const moved = await moveDebtsToAgreement(trx, principal.tenantId, offer.debt_ids);
      if (moved.length !== offer.debt_ids.length) {
        throw new AppError(
          'DEBT_NOT_OPEN',
          'Uma das dívidas desta proposta já não está em aberto (outro acordo foi feito).',
        );
      }
      // Accepting an agreement acknowledges the debts: prescription is interrupted (once) today
      // (Código Civil art. 202 VI).
      await recordAcknowledgment(trx, principal.tenantId, offer.debt_ids, today);
      // Checked again here, inside the transaction: the offer may predate a later break.
      const renegotiation = renegotiationStatus(
        moved.map((d) => d.brokenAgreements),
        policy.maxRenegotiations,
      );
      if (!renegotiation.installmentsAllowed && offer.kind !== 'lump_sum') {
        throw new AppError('RENEGOTIATION_LIMIT', renegotiationLimitMessage(renegotiation));
      }
      const replaced = await repo.markRenegotiated(trx, principal.tenantId, offer.debt_ids, id);
      if (renegotiation.number > 0) await repo.setRenegotiationNumber(trx, id, renegotiation.number);
      for (const old of replaced) {
        await repo.insertEvent(trx, {
          agreementId: old,
          type: 'agreement.renegotiated',
          actor,
          details: { renegotiatedBy: id },
        });
      }
      await repo.insertEvent(trx, {
        agreementId: id,
        type: 'agreement.created',
        actor,
        details: {
          offerId: offer.id,
          ...(replaced.length > 0
            ? { renegotiates: replaced, renegotiationNumber: renegotiation.number }
            : {}),
        },
      });
      return id;
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Whichever constraint fired, a replay of the same key gets the agreement that key created.
    if (input.idempotencyKey) {
      const existing = await repo.findAgreementByKey(db, principal.tenantId, input.idempotencyKey);
      if (existing)
        return {
          agreement: await replayed(ctx, principal, existing.id, existing.offer_id, input.offerId),
          created: false,
        };
    }
    throw new AppError(
      'OFFER_ALREADY_ACCEPTED',
      'Esta proposta já foi aceita: já existe um acordo para ela.',
    );
  }
  // The PSP charges (cob) are registered here, after COMMIT, on the accept path (a POST): never while
  // answering a GET. What fails is retried by the job the agreement view queues.
  await registerPspCharges(
    ctx,
    { tenantId: principal.tenantId, creditorId: offer.creditor_id },
    (await repo.listInstallments(db, agreementId)).map((i) => i.id),
  );
  await recordAudit(db, {
    tenantId: principal.tenantId,
    actor,
    action: 'agreement.created',
    entity: 'agreement',
    entityId: agreementId,
  });
  return { agreement: await getAgreement(ctx, principal, { id: agreementId }), created: true };
}

async function replayed(
  ctx: AppContext,
  principal: Principal,
  agreementId: string,
  offerId: string,
  requested: string,
) {
  if (offerId !== requested) {
    throw new AppError(
      'IDEMPOTENCY_KEY_REUSED',
      'Esta Idempotency-Key já foi usada para aceitar outra proposta.',
    );
  }
  return getAgreement(ctx, principal, { id: agreementId });
}

export async function getAgreement(
  ctx: AppContext,
  principal: Principal,
  { id }: { id: string },
): Promise<AgreementView> {
  const db = ctx.database.db;
  const row = isUuid(id)
    ? await repo.findAgreement(db, { tenantId: principal.tenantId, creditorId: principal.creditorId }, id)
    : undefined;
  if (!row) throw notFound('Acordo');
  const installments = await repo.listInstallments(db, row.id);
  let charges = await chargeViews(
    db,
    installments.map((i) => i.id),
  );
  // Settings saved after the agreement was made (or a PSP that was down): issue what is missing now.
  const unpaid = installments.filter((i) => i.status !== 'paid');
  const missing = unpaid.filter((i) => !charges.has(i.id));
  const unregistered = unpaid.some((i) => charges.get(i.id)?.pix && !charges.get(i.id)?.pix?.brCode);
  const incomplete = unpaid.filter(
    (i) => charges.has(i.id) && (!charges.get(i.id)!.pix || !charges.get(i.id)!.boleto),
  );
  const scope = { tenantId: row.tenant_id, creditorId: row.creditor_id };
  const completed =
    row.status === 'active' &&
    incomplete.length > 0 &&
    (await db.transaction().execute((trx) =>
      completeCharges(
        trx,
        scope,
        incomplete.map((i) => i.id),
      ),
    ));
  if (row.status === 'active' && (missing.length > 0 || unregistered || completed)) {
    if (missing.length > 0) {
      await db.transaction().execute((trx) =>
        issueCharges(
          trx,
          scope,
          missing.map((i) => ({ id: i.id, dueDate: i.due_date, amountCents: i.amount_cents })),
        ),
      );
    }
    // The PSP is never called while answering a GET (it would send the PSP credentials on every read,
    // and hold the read on a third party): the registration is queued for the worker.
    await ctx.jobs?.send(
      pspChargesJob(ctx),
      { tenantId: scope.tenantId, creditorId: scope.creditorId, installmentIds: unpaid.map((i) => i.id) },
      { singletonKey: `psp:${row.id}` },
    );
    charges = await chargeViews(
      db,
      installments.map((i) => i.id),
    );
  }
  return {
    id: row.id,
    status: row.status,
    offerId: row.offer_id,
    creditorId: row.creditor_id,
    debtorId: row.debtor_id,
    debtIds: row.debt_ids,
    balanceCents: row.balance_cents,
    discountCents: row.discount_cents,
    downPaymentCents: row.down_payment_cents,
    totalCents: row.total_cents,
    monthlyRatePercent: Number(row.monthly_rate_percent),
    effectiveAnnualRatePercent: Number(row.effective_annual_rate_percent),
    interestMethod: row.interest_method,
    cetAnnualPercent: Number(row.cet_annual_percent),
    origin: row.origin,
    includesPrescribedDebt: row.includes_prescribed_debt,
    cancelledAt: row.cancelled_at ? new Date(row.cancelled_at).toISOString() : null,
    graceDays: row.grace_days,
    renegotiationNumber: row.renegotiation_number,
    renegotiatedBy: row.renegotiated_by,
    createdAt: new Date(row.created_at).toISOString(),
    installments: installments.map((i) => ({
      id: i.id,
      number: i.number,
      dueDate: i.due_date,
      amountCents: i.amount_cents,
      paidCents: i.paid_cents,
      reductionCents: i.reduction_cents,
      status: i.status,
      pix: charges.get(i.id)?.pix ?? null,
      boleto: charges.get(i.id)?.boleto ?? null,
    })),
  };
}

export async function getAgreementEvents(
  ctx: AppContext,
  principal: Principal,
  { agreementId }: { agreementId: string },
) {
  const agreement = await getAgreement(ctx, principal, { id: agreementId });
  const events = await repo.listEvents(ctx.database.db, agreement.id);
  return {
    items: events.map((e) => ({
      type: e.type,
      actor: e.actor,
      details: e.details as Record<string, unknown>,
      at: new Date(e.at).toISOString(),
    })),
  };
}

/** One installment with its agreement's creditor and debtor, as the caller may see it (404 otherwise). */
export async function getInstallment(ctx: AppContext, principal: Principal, { id }: { id: string }) {
  const row = isUuid(id)
    ? await repo.findInstallmentScoped(
        ctx.database.db,
        { tenantId: principal.tenantId, creditorId: principal.creditorId },
        id,
      )
    : undefined;
  if (!row) throw notFound('Parcela');
  return row;
}

/** The agreements of a debtor (ids and status), newest first; the caller decides who the debtor is. */
export async function listAgreementsOfDebtor(
  ctx: AppContext,
  principal: Principal,
  { debtorId }: { debtorId: string },
) {
  const rows = await debtorRepo.agreementsOfDebtor(ctx.database.db, principal.tenantId, debtorId);
  return rows
    .filter((r) => !principal.creditorId || r.creditor_id === principal.creditorId)
    .map((r) => ({
      id: r.id,
      status: r.status,
      creditorId: r.creditor_id,
      totalCents: r.total_cents,
      createdAt: new Date(r.created_at).toISOString(),
    }));
}

/**
 * Moves one unpaid installment to another date (the debtor's one self-service change; the caller checks
 * the policy's limits). Its charges are voided in the same transaction and issued again for the new date
 * on the next read of the agreement; the change is an agreement event.
 */
export async function changeInstallmentDueDate(
  ctx: AppContext,
  principal: Principal,
  input: { agreementId: string; installmentId: string; dueDate: string; actor: string },
) {
  const agreement = await getAgreement(ctx, principal, { id: input.agreementId });
  const installment = agreement.installments.find((i) => i.id === input.installmentId);
  if (!installment) throw notFound('Parcela');
  if (agreement.status !== 'active' || installment.paidCents > 0 || installment.status === 'paid') {
    throw new AppError(
      'INSTALLMENT_NOT_OPEN',
      'Só é possível mudar a data de uma parcela em aberto de um acordo ativo.',
    );
  }
  await ctx.database.db.transaction().execute(async (trx) => {
    await repo.lockAgreement(trx, agreement.id);
    await debtorRepo.setInstallmentDueDate(trx, installment.id, input.dueDate);
    await voidUnpaidCharge(trx, installment.id);
    await repo.insertEvent(trx, {
      agreementId: agreement.id,
      type: 'installment.rescheduled',
      actor: input.actor,
      details: {
        installmentId: installment.id,
        number: installment.number,
        from: installment.dueDate,
        to: input.dueDate,
      },
    });
  });
  return getAgreement(ctx, principal, { id: agreement.id });
}
