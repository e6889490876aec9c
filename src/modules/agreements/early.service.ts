import { isoDateInSaoPaulo } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { type IsoDate, isIsoDate } from '../../platform/dates.ts';
import type { Tx } from '../../platform/db.ts';
import { AppError, notFound, validationFailed } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { actorOf, type Principal } from '../identity/index.ts';
import { buildStaticBrCode, loadPaymentSettings, txidForInstallment } from '../payments/index.ts';
import { reopenDebtsAfterCancellation } from '../portfolio/index.ts';
import * as repo from './agreement.repository.ts';
import { getAgreement } from './agreement.service.ts';
import { cancellationRight } from './cancellation.rules.ts';
import { agreementStatusText } from './lifecycle.rules.ts';
import { type PayoffQuote, type PrepaymentOption, payoffQuote, prepaymentOptions } from './payoff.rules.ts';

export interface PayoffView extends Omit<PayoffQuote, 'lines'> {
  agreementId: string;
  date: IsoDate;
  /** Installments still owed, at face value. */
  outstandingCents: number;
  lines: { number: number; dueDate: IsoDate; remainingCents: number }[];
  /** Settling the last 1, 2, … installments on the date (the plan ends earlier). */
  prepaymentOptions: PrepaymentOption[];
  /**
   * Pix "copia e cola" for the payoff amount when the creditor has a Pix key. Its txid names the
   * agreement; paid exactly on its day it is applied as the full payoff (prepayment.service.ts
   * `applyPayoffPayment`), any other amount arrives as unidentified for the agency (docs/legal.md §5.4).
   */
  pix: { txid: string; brCode: string } | null;
  legalBasis: string;
}

/**
 * `GET /agreements/{id}/payoff?date=`: the amount that settles the agreement on a date, with the interest
 * of the installments not yet due given back at the agreement's rate (CDC art. 52 §2º; payoff.rules.ts).
 * Used by staff and by the debtor portal (same function, the portal's principal).
 */
export async function getPayoff(
  ctx: AppContext,
  principal: Principal,
  { agreementId, date }: { agreementId: string; date?: string },
): Promise<PayoffView> {
  const today = ctx.clock.today();
  const on = date ?? today;
  if (!isIsoDate(on))
    throw validationFailed([{ field: 'date', message: `data inválida "${on}", use AAAA-MM-DD` }]);
  if (on < today) {
    throw validationFailed([
      { field: 'date', message: 'a quitação antecipada é calculada para hoje ou uma data futura' },
    ]);
  }
  const a = await getAgreement(ctx, principal, { id: agreementId });
  if (a.status !== 'active') {
    throw new AppError(
      'VALIDATION_FAILED',
      `Só um acordo em andamento pode ser quitado antecipadamente (este está ${agreementStatusText(a.status)}).`,
    );
  }
  const terms = { monthlyRatePercent: a.monthlyRatePercent, interestMethod: a.interestMethod };
  const quote = payoffQuote(a.installments, terms, on);
  const settings = await loadPaymentSettings(ctx.database.db, principal.tenantId, a.creditorId);
  let pix: PayoffView['pix'] = null;
  if (settings?.pix && quote.amountCents > 0) {
    const txid = txidForInstallment(a.id, 'static');
    pix = {
      txid,
      brCode: buildStaticBrCode({
        key: settings.pix.key,
        receiverName: settings.pix.receiverName,
        city: settings.pix.city,
        amountCents: quote.amountCents,
        txid,
      }),
    };
  }
  return {
    agreementId: a.id,
    date: on,
    amountCents: quote.amountCents,
    reductionCents: quote.reductionCents,
    validUntil: quote.validUntil,
    outstandingCents: quote.amountCents + quote.reductionCents,
    lines: quote.lines.map((l) => ({
      number: l.number,
      dueDate: l.dueDate,
      remainingCents: l.remainingCents,
    })),
    prepaymentOptions: prepaymentOptions(a.installments, terms, on),
    pix,
    legalBasis:
      'CDC art. 52 §2º (liquidação antecipada com redução proporcional dos juros); Res. CMN 3.516/2007 art. 2º (desconto pela taxa do contrato)',
  };
}

export interface CancellationResult {
  agreementId: string;
  status: 'cancelled';
  cancelledAt: string;
  /** What was paid on the agreement and is to be refunded in full. */
  refundCents: number;
  /** Broken agreements that this one had renegotiated, restored to broken. */
  restoredAgreements: string[];
  legalBasis: string;
}

/**
 * Withdraws from an agreement made online or by phone within 7 days (CDC art. 49), inside the caller's
 * transaction: the agreement is cancelled, its debts reopen as they were (no penalty, no break counted),
 * a broken agreement it had renegotiated is broken again, and the amount paid is returned for refund
 * (the caller, settlement, moves those payments to refund). Later payments to its charges become
 * credits for refund (payment.service.ts: a non-active agreement takes no payment).
 */
export async function cancelAgreementInTransaction(
  trx: Tx,
  principal: Principal,
  { agreementId, now }: { agreementId: string; now: Date },
): Promise<CancellationResult> {
  const found = isUuid(agreementId)
    ? await repo.findAgreement(
        trx,
        { tenantId: principal.tenantId, creditorId: principal.creditorId },
        agreementId,
      )
    : undefined;
  if (!found) throw notFound('Acordo');
  const a = await repo.lockAgreement(trx, found.id);
  const check = cancellationRight(
    { origin: a.origin, signedOn: isoDateInSaoPaulo(new Date(a.created_at)), status: a.status },
    isoDateInSaoPaulo(now),
  );
  if (!check.allowed) throw new AppError('VALIDATION_FAILED', check.reason);
  if (!(await repo.markCancelled(trx, a.id, a.status, now))) {
    throw new AppError('VALIDATION_FAILED', 'O acordo mudou enquanto era cancelado; tente de novo.');
  }
  await reopenDebtsAfterCancellation(trx, a.tenant_id, a.debt_ids);
  const restored = await repo.restoreRenegotiated(trx, a.tenant_id, a.id);
  const installments = await repo.listInstallments(trx, a.id);
  const refundCents = installments.reduce((s, i) => s + i.paid_cents, 0);
  const actor = actorOf(principal);
  await repo.insertEvent(trx, {
    agreementId: a.id,
    type: 'agreement.cancelled',
    actor,
    details: { legalBasis: 'CDC art. 49', refundCents, restoredAgreements: restored },
  });
  for (const id of restored) {
    await repo.insertEvent(trx, {
      agreementId: id,
      type: 'agreement.restored',
      actor,
      details: { cancelled: a.id },
    });
  }
  return {
    agreementId: a.id,
    status: 'cancelled',
    cancelledAt: now.toISOString(),
    refundCents,
    restoredAgreements: restored,
    legalBasis: 'CDC art. 49 (direito de arrependimento em 7 dias, contratação fora do estabelecimento)',
  };
}
