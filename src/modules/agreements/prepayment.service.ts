import type { AppContext } from '../../platform/context.ts';
import { addDays, type IsoDate, isIsoDate } from '../../platform/dates.ts';
import type { Tx } from '../../platform/db.ts';
import { AppError, validationFailed } from '../../platform/errors.ts';
import { actorOf, can, type Principal, recordAudit } from '../identity/index.ts';
import {
  type ChargeView,
  issuePrepaymentCharge,
  loadPaymentSettings,
  prepaymentChargeViews,
  pspChargesJob,
  registerPspCharges,
  sameReceivingKey,
} from '../payments/index.ts';
import { recordAcknowledgment } from '../portfolio/index.ts';
import * as repo from './agreement.repository.ts';
import { getAgreement } from './agreement.service.ts';
import { agreementStatusText, prepaymentStatusText } from './lifecycle.rules.ts';
import { applyLifecycle } from './lifecycle.service.ts';
import { applyInstallmentPayment, type InstallmentPaymentResult } from './payment.service.ts';
import { type PayoffInstallment, type PayoffTerms, prepaymentQuote } from './payoff.rules.ts';

/**
 * Prepayments you can actually pay (issue 12 item 10; CDC art. 52 §2º): settle the LAST n installments
 * (n = all = the full payoff) on a date, at their value brought to that date at the agreement's rate
 * (payoff.rules.ts). Each has its own charge: a Pix whose txid names the prepayment and, when the creditor
 * has a boleto account, a boleto with its own nosso número due on validUntil, so the Pix webhook or the
 * CNAB 240 return applies it without a person. Rules written in docs/legal.md ("Quitação antecipada").
 */

/** How far ahead a prepayment may be dated: a quote for a day, not an open-ended price. */
export const PREPAYMENT_MAX_DAYS_AHEAD = 30;

/**
 * Open (still valid) prepayments one agreement may have at once: each has its own charge (a Pix at the
 * PSP, a nosso número of the boleto account), and a debtor's session is not rate-limited like a staff token.
 */
export const PREPAYMENT_MAX_OPEN = 10;

export const PREPAYMENT_LEGAL_BASIS =
  'CDC art. 52 §2º (liquidação antecipada, total ou parcial, com redução proporcional dos juros); Res. CMN 3.516/2007 art. 2º (desconto pela taxa do contrato)';

export type PrepaymentStatus = 'open' | 'paid' | 'expired' | 'cancelled';

export interface PrepaymentView {
  id: string;
  agreementId: string;
  /** The installments it settles, last first. */
  installmentNumbers: number[];
  /** What is still owed on them at face value. */
  faceCents: number;
  /** What settles them if paid by `validUntil`. */
  amountCents: number;
  /** Interest given back (faceCents − amountCents). */
  reductionCents: number;
  date: IsoDate;
  validUntil: IsoDate;
  status: PrepaymentStatus;
  paidOn: IsoDate | null;
  /** Pix "copia e cola" whose txid names this prepayment; brCode null while the PSP charge is registered. */
  pix: { txid: string; brCode: string | null } | null;
  /**
   * Boleto due on validUntil, when the creditor has a boleto account. It counts as paid in time by the day
   * the payer paid (the CNAB 240 return's occurrence date), however long the bank takes to credit it.
   */
  boleto: ChargeView['boleto'];
  createdAt: string;
  legalBasis: string;
}

type PrepaymentRow = Awaited<ReturnType<typeof repo.listPrepayments>>[number];

/** Stored 'open' is shown as expired after its day, and as cancelled once the agreement is no longer active. */
function statusOf(row: PrepaymentRow, agreementStatus: string, today: IsoDate): PrepaymentStatus {
  if (row.status !== 'open') return row.status;
  if (agreementStatus !== 'active') return 'cancelled';
  if (row.valid_until < today) return 'expired';
  return 'open';
}

function toView(
  row: PrepaymentRow,
  agreementStatus: string,
  today: IsoDate,
  charge: { pix: PrepaymentView['pix']; boleto: PrepaymentView['boleto'] } | undefined,
): PrepaymentView {
  return {
    id: row.id,
    agreementId: row.agreement_id,
    installmentNumbers: row.installment_numbers,
    faceCents: row.face_cents,
    amountCents: row.amount_cents,
    reductionCents: row.reduction_cents,
    date: row.quote_date,
    validUntil: row.valid_until,
    status: statusOf(row, agreementStatus, today),
    paidOn: row.paid_on,
    pix: charge?.pix ? { txid: charge.pix.txid, brCode: charge.pix.brCode } : null,
    boleto: charge?.boleto ?? null,
    createdAt: new Date(row.created_at).toISOString(),
    legalBasis: PREPAYMENT_LEGAL_BASIS,
  };
}

/** The terms an agreement's installments are brought to a date with (its own rate and method). */
function termsOf(a: {
  monthly_rate_percent: PayoffTerms['monthlyRatePercent'];
  interest_method: PayoffTerms['interestMethod'];
}): PayoffTerms {
  return { monthlyRatePercent: a.monthly_rate_percent, interestMethod: a.interest_method };
}

function payoffInstallments(rows: Awaited<ReturnType<typeof repo.listInstallments>>): PayoffInstallment[] {
  return rows.map((i) => ({
    id: i.id,
    number: i.number,
    dueDate: i.due_date,
    amountCents: i.amount_cents,
    paidCents: i.paid_cents,
    reductionCents: i.reduction_cents,
  }));
}

/**
 * `POST /agreements/{id}/prepayments` `{installments: n, date?}`: prices settling the last n
 * installments on `date` (today by default; up to 30 days ahead) and issues its charge (Pix and/or
 * boleto; neither → 409 PAYMENT_NOT_CONFIGURED).
 */
export async function createPrepayment(
  ctx: AppContext,
  principal: Principal,
  input: { agreementId: string; installments: number; date?: string },
): Promise<PrepaymentView> {
  const { agreementId } = input;
  if (!can(principal, 'agreements:accept')) {
    throw new AppError(
      'FORBIDDEN',
      'A quitação antecipada é pedida pelo devedor ou por um agente em nome dele, não pelo credor.',
    );
  }
  const today = ctx.clock.today();
  const on = input.date ?? today;
  const errors: { field: string; message: string }[] = [];
  if (!isIsoDate(on)) errors.push({ field: 'date', message: `data inválida "${on}", use AAAA-MM-DD` });
  else if (on < today) errors.push({ field: 'date', message: 'a quitação é para hoje ou uma data futura' });
  else if (on > addDays(today, PREPAYMENT_MAX_DAYS_AHEAD))
    errors.push({
      field: 'date',
      message: `no máximo ${PREPAYMENT_MAX_DAYS_AHEAD} dias à frente: o valor vale para o dia escolhido`,
    });
  if (!Number.isInteger(input.installments) || input.installments < 1)
    errors.push({ field: 'installments', message: 'quantas parcelas, contando da última (1 ou mais)' });
  if (errors.length > 0) throw validationFailed(errors);
  const a = await getAgreement(ctx, principal, { id: agreementId });
  if (a.status !== 'active') {
    throw new AppError(
      'VALIDATION_FAILED',
      `Só um acordo em andamento pode ser quitado antecipadamente (este está ${agreementStatusText(a.status)}).`,
    );
  }
  const actor = actorOf(principal);
  const db = ctx.database.db;
  const created = await db.transaction().execute(async (trx) => {
    // The agreement's lock (the order of payment.service.ts): the installments priced are the current ones.
    const locked = await repo.lockAgreement(trx, a.id);
    if (locked.status !== 'active') {
      throw new AppError(
        'VALIDATION_FAILED',
        'O acordo mudou enquanto a quitação era calculada; tente de novo.',
      );
    }
    const installments = await repo.listInstallments(trx, a.id);
    const quote = prepaymentQuote(payoffInstallments(installments), termsOf(locked), on, input.installments);
    if (!quote) {
      const owed = installments.filter((i) => i.paid_cents + i.reduction_cents < i.amount_cents).length;
      throw validationFailed([
        {
          field: 'installments',
          message: `este acordo tem ${owed} parcela(s) em aberto: escolha de 1 a ${owed}`,
        },
      ]);
    }
    // The same prepayment asked again (a double click, a retry, a loop) is the one already open: one Pix
    // in circulation per price, and no new PSP charge per call.
    const open = (await repo.listPrepayments(trx, locked.id)).filter(
      (p) => p.status === 'open' && p.valid_until >= today,
    );
    const ids = quote.lines.map((l) => l.installmentId).join();
    const same = open.find(
      (p) => p.quote_date === on && p.amount_cents === quote.amountCents && p.installment_ids.join() === ids,
    );
    if (same) return { row: same, reused: true };
    if (open.length >= PREPAYMENT_MAX_OPEN) {
      throw new AppError(
        'VALIDATION_FAILED',
        `Este acordo já tem ${open.length} quitações antecipadas em aberto: pague uma delas (GET .../prepayments) ou espere o fim da validade para pedir outra.`,
      );
    }
    const inserted = await recordQuotedPrepayment(trx, {
      agreement: locked,
      quote,
      quoteDate: on,
      actor,
    });
    const issued = await issuePrepaymentCharge(
      trx,
      { tenantId: locked.tenant_id, creditorId: locked.creditor_id },
      { prepaymentId: inserted.id, amountCents: quote.amountCents, validUntil: quote.validUntil },
    );
    // Without a Pix key or a boleto account there is no way to pay it: nothing is recorded (the
    // transaction rolls back), rather than a prepayment nobody can pay.
    if (!issued) {
      throw new AppError(
        'PAYMENT_NOT_CONFIGURED',
        'Este credor ainda não recebe por Pix nem por boleto, então a quitação antecipada não pode ser paga por aqui. Fale com a assessoria para combinar o pagamento.',
      );
    }
    return { row: inserted, reused: false };
  });
  const row = created.row;
  // After COMMIT, on this POST (never on a GET): the PSP's dynamic charge, when the creditor has a PSP.
  // A failure is logged; the GET of the list queues the job that retries.
  await registerPspCharges(ctx, { tenantId: principal.tenantId, creditorId: a.creditorId }, [], [row.id]);
  if (!created.reused)
    await recordAudit(db, {
      tenantId: principal.tenantId,
      actor,
      action: 'prepayment.created',
      entity: 'agreement',
      entityId: a.id,
      details: { prepaymentId: row.id, amountCents: row.amount_cents },
    });
  const charges = await prepaymentChargeViews(db, [row.id]);
  return toView(row, 'active', today, charges.get(row.id));
}

/**
 * `GET /agreements/{id}/prepayments`: the prepayments of an agreement, newest first. A PSP charge still
 * unregistered is queued for the worker (the PSP is never called while answering a GET).
 */
export async function listPrepayments(
  ctx: AppContext,
  principal: Principal,
  { agreementId }: { agreementId: string },
): Promise<{ items: PrepaymentView[] }> {
  const a = await getAgreement(ctx, principal, { id: agreementId });
  const db = ctx.database.db;
  const rows = await repo.listPrepayments(db, a.id);
  const charges = await prepaymentChargeViews(
    db,
    rows.map((r) => r.id),
  );
  const today = ctx.clock.today();
  const items = rows.map((r) => toView(r, a.status, today, charges.get(r.id)));
  const unregistered = items.filter((p) => p.status === 'open' && p.pix && p.pix.brCode === null);
  if (unregistered.length > 0) {
    await ctx.jobs?.send(
      pspChargesJob(ctx),
      {
        tenantId: principal.tenantId,
        creditorId: a.creditorId,
        installmentIds: [],
        prepaymentIds: unregistered.map((p) => p.id),
      },
      { singletonKey: `psp-prepayment:${a.id}` },
    );
  }
  return { items };
}

export interface PrepaymentPaymentResult extends InstallmentPaymentResult {
  /** Applied as the prepayment (the installments it covers are settled). */
  prepaid: boolean;
  /** When not applied as the prepayment: the installment it was applied to as an ordinary payment. */
  installmentId: string | null;
  /** Why it was not applied as the prepayment (pt-BR), or null. */
  notAppliedReason: string | null;
}

/**
 * Applies a payment received for a prepayment's charge, inside the caller's transaction (the one that
 * records the payment). Lock order: the agreement, then the prepayment, then the installments.
 *
 * - Paid in full (the exact amount), by its validUntil, the agreement active and the installments it
 *   covers still owing what was quoted: each covered installment becomes paid (paid_cents = its share of
 *   the cash, reduction_cents = its share of the interest given back; event `installment.prepaid`), the
 *   prepayment is paid, and the lifecycle runs at once (the agreement is paid when nothing is left).
 * - Paid BEFORE the day it was quoted for (a prepayment dated ahead, its boleto or Pix paid sooner): the
 *   debtor paid the value brought to that later day, which is more than the value brought to the day paid
 *   (the earlier, the larger the discount; CDC art. 52 §2º gives the reduction up to the day of payment).
 *   The installments are settled at the quote of the day paid (`prepaymentQuote(..., paidOn, n)`) and the
 *   difference is a credit for refund (the result's `creditCents`), like any amount paid beyond what was
 *   owed; `prepayment.paid` says so.
 * - Otherwise it is NOT applied as a prepayment: it is an ordinary payment of the agreement's first
 *   installment still owed (or, none left, of the last one it covers), with the rules of any installment
 *   payment (`applyInstallmentPayment`): up to what that installment owes, the rest a credit for refund;
 *   a broken agreement's debts take it; a paid or cancelled agreement holds it all as a credit.
 */
export async function applyPrepaymentPayment(
  trx: Tx,
  p: {
    tenantId: string;
    prepaymentId: string;
    amountCents: number;
    /** Today: the lifecycle runs on it. */
    date: IsoDate;
    /** The day the payer paid (São Paulo), which decides whether it was within validUntil. */
    paidOn: IsoDate;
    actor: string;
    paymentId: string;
  },
): Promise<PrepaymentPaymentResult | null> {
  const found = await repo.findPrepayment(trx, p.prepaymentId);
  if (!found || found.tenant_id !== p.tenantId) return null;
  const a = await repo.lockAgreement(trx, found.agreement_id);
  const pre = (await repo.lockPrepayment(trx, p.tenantId, found.id))!;
  const installments = await repo.listInstallments(trx, a.id);
  // The prepayment's installments (the last n) brought to a date at the agreement's terms.
  const quoteOn = (date: IsoDate) =>
    prepaymentQuote(payoffInstallments(installments), termsOf(a), date, pre.installment_ids.length);
  const quote = quoteOn(pre.quote_date);
  const sameInstallments =
    quote !== null &&
    quote.amountCents === pre.amount_cents &&
    quote.lines.map((l) => l.installmentId).join() === pre.installment_ids.join();
  let reason: string | null = null;
  if (pre.status !== 'open') reason = `a quitação antecipada está ${prepaymentStatusText(pre.status)}`;
  else if (a.status !== 'active')
    reason = `o acordo não está em andamento (está ${agreementStatusText(a.status)})`;
  else if (p.paidOn > pre.valid_until)
    reason = `pago em ${p.paidOn}, depois da validade (${pre.valid_until})`;
  else if (p.amountCents !== pre.amount_cents)
    reason = `valor pago (${p.amountCents} centavos) diferente do valor da quitação (${pre.amount_cents})`;
  else if (!sameInstallments) reason = 'as parcelas cobertas mudaram depois do cálculo';

  // The quote of the day paid when that is before the day quoted (see above); the one quoted otherwise.
  const early = reason === null && p.paidOn < pre.quote_date ? quoteOn(p.paidOn) : null;
  const settled =
    early && early.lines.map((l) => l.installmentId).join() === pre.installment_ids.join() ? early : quote;

  if (reason === null && settled) {
    const creditCents = Math.max(0, p.amountCents - settled.amountCents);
    for (const line of settled.lines) {
      await repo.settleInstallmentByPrepayment(trx, line.installmentId, {
        payCents: line.payCents,
        reductionCents: line.reductionCents,
        prepaymentId: pre.id,
      });
      await repo.insertEvent(trx, {
        agreementId: a.id,
        type: 'installment.prepaid',
        actor: p.actor,
        details: {
          installmentId: line.installmentId,
          number: line.number,
          paidCents: line.payCents,
          reductionCents: line.reductionCents,
          prepaymentId: pre.id,
          paymentId: p.paymentId,
          date: p.date,
          legalBasis: PREPAYMENT_LEGAL_BASIS,
        },
      });
    }
    await repo.markPrepaymentPaid(trx, pre.id, p.paidOn, p.paymentId);
    await repo.insertEvent(trx, {
      agreementId: a.id,
      type: 'prepayment.paid',
      actor: p.actor,
      details: {
        prepaymentId: pre.id,
        paymentId: p.paymentId,
        amountCents: pre.amount_cents,
        reductionCents: settled.reductionCents,
        installmentNumbers: pre.installment_numbers,
        paidOn: p.paidOn,
        date: p.date,
        ...(creditCents > 0
          ? {
              quoteDate: pre.quote_date,
              quotedReductionCents: pre.reduction_cents,
              settledCents: settled.amountCents,
              creditCents,
              note: `Pago em ${p.paidOn}, antes da data do cálculo (${pre.quote_date}): as parcelas foram quitadas pelo valor trazido ao dia do pagamento (${settled.amountCents} centavos) e a diferença (${creditCents} centavos) é crédito a devolver.`,
              legalBasis: PREPAYMENT_LEGAL_BASIS,
            }
          : {}),
      },
    });
    // A payment acknowledges the debts: prescription is interrupted once (CC art. 202 VI).
    await recordAcknowledgment(trx, a.tenant_id, a.debt_ids, p.date);
    await applyLifecycle(trx, a, p.date, p.actor);
    const after = await repo.findAgreementById(trx, a.id);
    return {
      agreementId: a.id,
      creditorId: a.creditor_id,
      debtorId: a.debtor_id,
      installmentNumber: Math.min(...pre.installment_numbers),
      appliedCents: p.amountCents - creditCents,
      debtAppliedCents: 0,
      creditCents,
      agreementStatus: after.status,
      installmentStatus: 'paid',
      prepaid: true,
      installmentId: null,
      notAppliedReason: null,
    };
  }

  await repo.insertEvent(trx, {
    agreementId: a.id,
    type: 'prepayment.not_applied',
    actor: p.actor,
    details: { prepaymentId: pre.id, paymentId: p.paymentId, amountCents: p.amountCents, reason },
  });
  const owed = installments
    .filter((i) => i.paid_cents + i.reduction_cents < i.amount_cents)
    .sort((x, y) => x.number - y.number);
  const target = owed[0]?.id ?? pre.installment_ids[pre.installment_ids.length - 1]!;
  const r = await applyInstallmentPayment(trx, {
    tenantId: p.tenantId,
    installmentId: target,
    amountCents: p.amountCents,
    date: p.date,
    actor: p.actor,
    paymentId: p.paymentId,
  });
  if (!r) return null;
  return { ...r, prepaid: false, installmentId: target, notAppliedReason: reason };
}

/**
 * A Pix of the payoff's own code (GET .../payoff: static BR Code whose txid names the agreement, the QR
 * the portal shows) — no charge of ours carries that txid. Paid EXACTLY the amount that settles every
 * installment still owed on the day the payer paid, the agreement active: it is recorded as a full
 * prepayment of that day and applied as one (installments prepaid, agreement paid), so a debtor who
 * paid the payoff is never left waiting for a person while the next installment falls due. Any other
 * amount, an agreement not active or not this tenant's → null: the payment stays unmatched, for a person.
 */
export async function applyPayoffPayment(
  trx: Tx,
  p: {
    tenantId: string;
    agreementId: string;
    amountCents: number;
    date: IsoDate;
    paidOn: IsoDate;
    actor: string;
    paymentId: string;
    /** The key the Pix was received on (webhook `chave`), when known: it must be the creditor's. */
    receivedKey?: string;
  },
): Promise<(PrepaymentPaymentResult & { prepaymentId: string }) | null> {
  const found = await repo.findAgreement(trx, { tenantId: p.tenantId, creditorId: null }, p.agreementId);
  if (!found) return null;
  const a = await repo.lockAgreement(trx, found.id);
  if (a.status !== 'active') return null;
  if (p.receivedKey !== undefined) {
    const pix = (await loadPaymentSettings(trx, a.tenant_id, a.creditor_id))?.pix;
    if (!pix || !sameReceivingKey(pix.key, p.receivedKey)) return null;
  }
  const installments = await repo.listInstallments(trx, a.id);
  const owed = installments.filter((i) => i.paid_cents + i.reduction_cents < i.amount_cents).length;
  const quote = prepaymentQuote(payoffInstallments(installments), termsOf(a), p.paidOn, owed);
  if (!quote || quote.amountCents !== p.amountCents) return null;
  const inserted = await recordQuotedPrepayment(trx, {
    agreement: a,
    quote,
    quoteDate: p.paidOn,
    actor: p.actor,
    eventDetails: { from: 'payoff-pix', paymentId: p.paymentId },
  });
  const r = await applyPrepaymentPayment(trx, {
    tenantId: p.tenantId,
    prepaymentId: inserted.id,
    amountCents: p.amountCents,
    date: p.date,
    paidOn: p.paidOn,
    actor: p.actor,
    paymentId: p.paymentId,
  });
  return r ? { ...r, prepaymentId: inserted.id } : null;
}

/**
 * Records a priced prepayment (the quote of its last installments on a date) and its `prepayment.created`
 * event, inside the caller's transaction: the one way a prepayment row comes to exist.
 */
async function recordQuotedPrepayment(
  trx: Tx,
  input: {
    agreement: { id: string; tenant_id: string; creditor_id: string };
    quote: NonNullable<ReturnType<typeof prepaymentQuote>>;
    quoteDate: IsoDate;
    actor: string;
    eventDetails?: Record<string, unknown>;
  },
) {
  const { agreement, quote } = input;
  const inserted = await repo.insertPrepayment(trx, {
    tenantId: agreement.tenant_id,
    agreementId: agreement.id,
    creditorId: agreement.creditor_id,
    installmentNumbers: quote.lines.map((l) => l.number),
    installmentIds: quote.lines.map((l) => l.installmentId),
    faceCents: quote.faceCents,
    amountCents: quote.amountCents,
    reductionCents: quote.reductionCents,
    quoteDate: input.quoteDate,
    validUntil: quote.validUntil,
    createdBy: input.actor,
  });
  await repo.insertEvent(trx, {
    agreementId: agreement.id,
    type: 'prepayment.created',
    actor: input.actor,
    details: {
      prepaymentId: inserted.id,
      installmentNumbers: quote.lines.map((l) => l.number),
      amountCents: quote.amountCents,
      reductionCents: quote.reductionCents,
      validUntil: quote.validUntil,
      ...input.eventDetails,
    },
  });
  return inserted;
}
