import { createHash } from 'node:crypto';
import { formatDocument } from '../../platform/br-documents.ts';
import { isoDateInSaoPaulo } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { CSV_BOM, csvDateTime, csvLine, csvReais, csvText } from '../../platform/csv-export.ts';
import type { Tx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import {
  applyInstallmentPayment,
  applyPayoffPayment,
  applyPrepaymentPayment,
  type CancellationResult,
  cancelAgreementInTransaction,
  getInstallment,
} from '../agreements/index.ts';
import { listIndexValues } from '../balance/index.ts';
import { actorOf, can, type Principal, recordAudit, tenantLimitsOf } from '../identity/index.ts';
import {
  findChargeByTxid,
  findChargeForReturn,
  installmentIdFromTxid,
  loadPaymentSettings,
  type PixWebhookEntry,
  parseCnab240Return,
  parsePixWebhook,
  pixItemCount,
  sameReceivingKey,
} from '../payments/index.ts';
import { pixTimingProblem } from './intake.rules.ts';
import { type OverpaymentCause, overpaymentRefund } from './overpayment.rules.ts';
import * as repo from './settlement.repository.ts';

export type PaymentRow = NonNullable<Awaited<ReturnType<typeof repo.findPayment>>>;

export interface PaymentView {
  id: string;
  source: 'pix' | 'cnab240' | 'manual';
  externalId: string;
  status: 'applied' | 'unmatched' | 'review';
  amountCents: number;
  paidAt: string;
  txid: string | null;
  nossoNumero: string | null;
  installmentId: string | null;
  prepaymentId: string | null;
  agreementId: string | null;
  creditorId: string | null;
  appliedCents: number;
  debtAppliedCents: number;
  creditCents: number;
  refundStatus: 'none' | 'pending' | 'refunded';
  payerInfo: string | null;
  assignedBy: string | null;
  assignedAt: string | null;
  receivedAt: string;
}

export function toPaymentView(r: PaymentRow): PaymentView {
  return {
    id: r.id,
    source: r.source,
    externalId: r.external_id,
    status: r.status,
    amountCents: r.amount_cents,
    paidAt: new Date(r.paid_at).toISOString(),
    txid: r.txid,
    nossoNumero: r.nosso_numero,
    installmentId: r.installment_id,
    prepaymentId: r.prepayment_id,
    agreementId: r.agreement_id,
    creditorId: r.creditor_id,
    appliedCents: r.applied_cents,
    debtAppliedCents: r.debt_applied_cents,
    creditCents: r.credit_cents,
    refundStatus: r.refund_status,
    payerInfo: r.payer_info,
    assignedBy: r.assigned_by,
    assignedAt: r.assigned_at ? new Date(r.assigned_at).toISOString() : null,
    receivedAt: new Date(r.received_at).toISOString(),
  };
}

interface IncomingPayment {
  tenantId: string;
  source: 'pix' | 'cnab240';
  externalId: string;
  amountCents: number;
  paidAt: string;
  txid: string | null;
  nossoNumero: string | null;
  payerInfo: string | null;
  raw: unknown;
  /** An installment's charge, or a prepayment's (CDC art. 52 §2º). */
  charge:
    | { id: string; installment_id: string | null; prepayment_id: string | null; creditor_id: string }
    | undefined;
  /** Why this payment is held for a person to review instead of applied (see intake.rules.ts). */
  hold?: string;
  /** No charge, but the txid of an agreement's payoff Pix (GET .../payoff): tried as its full payoff. */
  payoffAgreementId?: string;
  /** The Pix key the payment reached (webhook `chave`), when the PSP says. */
  receivedKey?: string;
}

export type IntakeStatus = 'applied' | 'unmatched' | 'review' | 'duplicate';

/**
 * Records a received payment exactly once and applies it, in one transaction: the insert is keyed by
 * (tenant, source, external id) — endToEndId for Pix — with ON CONFLICT DO NOTHING, so a replay (even a
 * concurrent one, which waits for the first transaction) inserts nothing and applies nothing.
 */
async function intake(
  ctx: AppContext,
  p: IncomingPayment,
  actor: string,
): Promise<{ status: IntakeStatus; paymentId: string }> {
  const db = ctx.database.db;
  const status: 'applied' | 'unmatched' | 'review' = p.hold ? 'review' : p.charge ? 'applied' : 'unmatched';
  const outcome = await db.transaction().execute(async (trx) => {
    const id = await repo.insertPaymentOnce(trx, {
      tenant_id: p.tenantId,
      source: p.source,
      external_id: p.externalId,
      status,
      amount_cents: p.amountCents,
      paid_at: p.paidAt,
      txid: p.txid,
      nosso_numero: p.nossoNumero,
      charge_id: p.charge?.id ?? null,
      installment_id: p.charge?.installment_id ?? null,
      prepayment_id: p.charge?.prepayment_id ?? null,
      creditor_id: p.charge?.creditor_id ?? null,
      payer_info: p.payerInfo,
      raw: JSON.stringify(p.hold ? { ...(p.raw as object), heldForReview: p.hold } : (p.raw ?? {})),
    });
    if (!id) return null;
    if (status === 'applied' && p.charge!.prepayment_id) {
      await allocatePrepayment(
        ctx,
        trx,
        p.tenantId,
        id,
        p.charge!.prepayment_id,
        p.amountCents,
        p.paidAt,
        actor,
      );
    } else if (status === 'applied') {
      await allocate(ctx, trx, p.tenantId, id, p.charge!.installment_id!, p.amountCents, actor);
    } else if (status === 'unmatched' && p.payoffAgreementId) {
      const r = await applyPayoffPayment(trx, {
        tenantId: p.tenantId,
        agreementId: p.payoffAgreementId,
        amountCents: p.amountCents,
        date: ctx.clock.today(),
        paidOn: isoDateInSaoPaulo(new Date(p.paidAt)),
        actor,
        paymentId: id,
        ...(p.receivedKey !== undefined ? { receivedKey: p.receivedKey } : {}),
      });
      if (r) {
        await repo.setAllocation(trx, id, appliedAllocation(r, ctx.clock.now()));
        return { status: 'applied' as IntakeStatus, paymentId: id };
      }
    }
    return { status: status as IntakeStatus, paymentId: id };
  });
  if (outcome) return outcome;
  const existing = await repo.findPaymentByExternalId(db, p.tenantId, p.source, p.externalId);
  return { status: 'duplicate', paymentId: existing!.id };
}

async function allocate(
  ctx: AppContext,
  trx: Tx,
  tenantId: string,
  paymentId: string,
  installmentId: string,
  amountCents: number,
  actor: string,
  assignedBy?: string,
) {
  const r = await applyInstallmentPayment(trx, {
    tenantId,
    installmentId,
    amountCents,
    date: ctx.clock.today(),
    actor,
    paymentId,
  });
  if (!r) throw notFound('Parcela');
  await repo.setAllocation(trx, paymentId, {
    ...appliedAllocation({ ...r, installmentId }, ctx.clock.now()),
    ...(assignedBy ? { assignedBy } : {}),
  });
  return r;
}

/**
 * A payment of a prepayment's charge: settles the installments it covers when paid in full and on time,
 * else is applied as an ordinary installment payment (agreements/prepayment.service.ts).
 */
async function allocatePrepayment(
  ctx: AppContext,
  trx: Tx,
  tenantId: string,
  paymentId: string,
  prepaymentId: string,
  amountCents: number,
  paidAt: string,
  actor: string,
) {
  const r = await applyPrepaymentPayment(trx, {
    tenantId,
    prepaymentId,
    amountCents,
    date: ctx.clock.today(),
    // Within validUntil is decided by when the payer paid (a Pix at 23:59 notified after midnight counts;
    // one far from its arrival is held for review before this, intake.rules.ts).
    paidOn: isoDateInSaoPaulo(new Date(paidAt)),
    actor,
    paymentId,
  });
  if (!r) throw notFound('Quitação antecipada');
  await repo.setAllocation(trx, paymentId, appliedAllocation({ ...r, prepaymentId }, ctx.clock.now()));
  return r;
}

export interface WebhookResult {
  received: number;
  results: {
    endToEndId: string;
    txid: string | null;
    status: IntakeStatus | 'ambiguous';
    paymentId: string | null;
  }[];
}

/**
 * `POST /webhooks/pix` (API Pix callback shape). The tenant comes from the secret; a txid we do not know
 * is still recorded (unmatched, for review) and acknowledged, so the PSP does not retry forever.
 */
export async function receivePixWebhook(
  ctx: AppContext,
  tenantIds: string | string[],
  body: unknown,
): Promise<WebhookResult> {
  const candidates = typeof tenantIds === 'string' ? [tenantIds] : tenantIds;
  // The tenant's own limit (a secret shared by several tenants: the smallest of theirs), before
  // anything is parsed or applied: one notification cannot hold the database for every tenant.
  const limits = await Promise.all(candidates.map((id) => tenantLimitsOf(ctx, id)));
  const maxItems = Math.min(...limits.map((l) => l.maxPixPerWebhook));
  const items = pixItemCount(body);
  if (items > maxItems) {
    const message = `No máximo ${maxItems} Pix por notificação (recebidos ${items}); nada foi aplicado.`;
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `${message} Limite desta assessoria (maxPixPerWebhook): configure o PSP para enviar notificações menores, ou peça a um administrador que ajuste o limite em PUT /api/v1/settings/limits.`,
      { limit: 'maxPixPerWebhook', limitValue: maxItems, errors: [{ field: 'pix', message }] },
    );
  }
  const parsed = parsePixWebhook(body, maxItems);
  if (!parsed.ok) {
    throw new AppError('VALIDATION_FAILED', 'Notificação Pix inválida.', {
      errors: parsed.errors.map((e) => ({ field: e.path, message: e.message })),
    });
  }
  const results: WebhookResult['results'] = [];
  for (const e of parsed.value) {
    // A secret shared by several tenants (each chose it; none is told): the txid says whose charge it
    // is; a payment that is no tenant's charge is recorded for nobody.
    let tenantId = candidates[0]!;
    let charge = e.txid ? await findChargeByTxid(ctx.database.db, tenantId, e.txid) : undefined;
    if (candidates.length > 1) {
      const owners: { tenantId: string; charge: NonNullable<typeof charge> }[] = [];
      for (const candidate of candidates) {
        const c = e.txid ? await findChargeByTxid(ctx.database.db, candidate, e.txid) : undefined;
        if (c) owners.push({ tenantId: candidate, charge: c });
      }
      if (owners.length !== 1) {
        results.push({ endToEndId: e.endToEndId, txid: e.txid, status: 'ambiguous', paymentId: null });
        continue;
      }
      tenantId = owners[0]!.tenantId;
      charge = owners[0]!.charge;
    }
    let hold = pixTimingProblem(new Date(e.paidAt), ctx.clock.now());
    // The txid names our charge, but the money is the creditor's only if it reached the creditor's key.
    if (!hold && charge && e.key !== undefined) {
      const pix = (await loadPaymentSettings(ctx.database.db, tenantId, charge.creditor_id))?.pix;
      if (pix && !sameReceivingKey(pix.key, e.key))
        hold =
          'Pix recebido numa chave que não é a do credor desta cobrança: retido para revisão (confira com o extrato do PSP em que conta o dinheiro entrou).';
    }
    // The payoff's own Pix (static code, txid from the agreement's id): no charge, tried as the payoff.
    const payoffAgreementId = !charge && e.txid ? installmentIdFromTxid(e.txid, 'static') : null;
    const r = await intake(
      ctx,
      {
        ...fromPix(tenantId, e, charge),
        ...(hold ? { hold } : {}),
        ...(payoffAgreementId ? { payoffAgreementId } : {}),
        ...(e.key !== undefined ? { receivedKey: e.key } : {}),
      },
      'psp:pix-webhook',
    );
    results.push({ endToEndId: e.endToEndId, txid: e.txid, ...r });
  }
  return { received: parsed.value.length, results };
}

function fromPix(tenantId: string, e: PixWebhookEntry, charge: IncomingPayment['charge']): IncomingPayment {
  return {
    tenantId,
    source: 'pix',
    externalId: e.endToEndId,
    amountCents: e.amountCents,
    paidAt: e.paidAt,
    txid: e.txid,
    nossoNumero: null,
    payerInfo: e.payerInfo ?? null,
    raw: e,
    charge,
  };
}

export interface CnabLineResult {
  line: number;
  nossoNumero: string;
  movementCode: string;
  movement: string;
  amountCents: number;
  status: IntakeStatus | 'ignored';
  paymentId?: string;
  message: string;
}

export interface CnabResult {
  fileId: string | null;
  duplicateFile: boolean;
  bankCode: string;
  entries: number;
  applied: number;
  unmatched: number;
  duplicates: number;
  ignored: number;
  results: CnabLineResult[];
}

/**
 * `POST /payments/cnab240`: a bank return file. Malformed → rejected whole (422, every line/position);
 * the same file again → nothing applied (recognised by its SHA-256, and each entry is keyed too, so
 * an edited copy re-sending old lines still applies nothing twice).
 */
export async function receiveCnab240(
  ctx: AppContext,
  principal: Principal,
  { text }: { text: string },
): Promise<CnabResult> {
  if (!can(principal, 'payments:write')) {
    throw new AppError('FORBIDDEN', 'Apenas gestores e administradores enviam arquivos de retorno.');
  }
  const parsed = parseCnab240Return(text);
  if (!parsed.ok) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Arquivo CNAB 240 rejeitado: ${parsed.errors.length} erro(s); nada foi aplicado.`,
      {
        errors: parsed.errors,
      },
    );
  }
  const file = parsed.value;
  const db = ctx.database.db;
  const sha256 = createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex');
  const previous = await repo.findCnabFile(db, principal.tenantId, sha256);
  if (previous) {
    const results = previous.results as CnabLineResult[];
    return summarize(
      previous.id,
      true,
      file.bankCode,
      results.map((r) => ({ ...r, status: r.status === 'ignored' ? 'ignored' : 'duplicate' })),
    );
  }
  const actor = `${actorOf(principal)}:cnab240`;
  const results: CnabLineResult[] = [];
  for (const e of file.entries) {
    const base = {
      line: e.line,
      nossoNumero: e.nossoNumero,
      movementCode: e.movementCode,
      movement: e.movementDescription,
      amountCents: e.amountPaidCents,
    };
    if (!e.settled || e.amountPaidCents <= 0) {
      results.push({ ...base, status: 'ignored', message: 'Movimento sem liquidação: nada a aplicar.' });
      continue;
    }
    // The date is part of the exactly-once key: a settlement without one cannot be keyed safely.
    if (!e.creditDate && !e.occurrenceDate) {
      results.push({
        ...base,
        status: 'ignored',
        message: 'Liquidação sem data de ocorrência nem de crédito: confira com o banco; nada aplicado.',
      });
      continue;
    }
    const found = await findChargeForReturn(db, principal.tenantId, file, e.nossoNumero);
    const charge = found.charge;
    // The exactly-once key keeps the credit date it always had (a file sent again keys the same); the day
    // the payer paid is the occurrence date (FEBRABAN C044: the liquidação's date), which is what decides
    // whether a prepayment's boleto was paid by its validUntil — the credit comes a day or two later.
    const when = (e.creditDate ?? e.occurrenceDate)!;
    const paidOn = (e.occurrenceDate ?? e.creditDate)!;
    const r = await intake(
      ctx,
      {
        tenantId: principal.tenantId,
        source: 'cnab240',
        externalId: `${file.bankCode}:${found.nossoNumero}:${e.movementCode}:${when}`,
        amountCents: e.amountPaidCents,
        paidAt: `${paidOn}T12:00:00-03:00`,
        txid: null,
        nossoNumero: e.nossoNumero,
        payerInfo: null,
        raw: e,
        charge:
          charge && principal.creditorId && charge.creditor_id !== principal.creditorId ? undefined : charge,
      },
      actor,
    );
    results.push({
      ...base,
      ...r,
      message:
        r.status === 'applied'
          ? charge?.prepayment_id
            ? 'Pagamento aplicado à quitação antecipada.'
            : 'Pagamento aplicado à parcela.'
          : r.status === 'unmatched'
            ? 'Nosso número não encontrado: registrado para conciliação.'
            : 'Já recebido antes: nada aplicado de novo.',
    });
  }
  const fileId = await repo.insertCnabFile(db, {
    tenantId: principal.tenantId,
    sha256,
    bankCode: file.bankCode,
    entries: file.entries.length,
    results,
    receivedBy: actor,
  });
  await recordAudit(db, {
    tenantId: principal.tenantId,
    actor: actorOf(principal),
    action: 'cnab240.received',
    entity: 'cnab_file',
    entityId: fileId ?? sha256,
    details: { entries: file.entries.length },
  });
  return summarize(fileId, false, file.bankCode, results);
}

function summarize(
  fileId: string | null,
  duplicateFile: boolean,
  bankCode: string,
  results: CnabLineResult[],
): CnabResult {
  const count = (s: CnabLineResult['status']) => results.filter((r) => r.status === s).length;
  return {
    fileId,
    duplicateFile,
    bankCode,
    entries: results.length,
    applied: count('applied'),
    unmatched: count('unmatched'),
    duplicates: count('duplicate'),
    ignored: count('ignored'),
    results,
  };
}

function requireRead(principal: Principal) {
  if (!can(principal, 'payments:read'))
    throw new AppError('FORBIDDEN', 'Seu papel não permite ver pagamentos.');
}

export async function listPayments(
  ctx: AppContext,
  principal: Principal,
  {
    limit,
    offset,
    ...filter
  }: Omit<repo.PaymentFilter, 'tenantId' | 'creditorId'> & {
    limit: number;
    offset: number;
  },
) {
  const page = { limit, offset };
  requireRead(principal);
  const { items, total } = await repo.listPayments(
    ctx.database.db,
    { ...filter, tenantId: principal.tenantId, creditorId: principal.creditorId },
    page,
  );
  return { items: items.map(toPaymentView), total, limit: page.limit, offset: page.offset };
}

/**
 * The reconciliation export, for a person with Excel pt-BR (see platform/csv-export.ts): UTF-8 BOM,
 * `;`, pt-BR column names and values, reais with a decimal comma, instants as São Paulo "DD/MM/AAAA
 * HH:MM", the debtor's name and CPF/CNPJ, and no cell run as a formula (payer names come from the PSP,
 * debtor names from imports: both are text someone else typed). The columns are documented in
 * docs/payments.md ("Conciliação"); programs read the JSON list (`GET /api/v1/payments`), which keeps
 * ids, centavos and ISO instants.
 */
const CSV_HEADER = [
  'id_pagamento',
  'origem',
  'id_externo',
  'situacao',
  'valor',
  'pago_em',
  'txid',
  'nosso_numero',
  'id_parcela',
  'id_acordo',
  'id_credor',
  'aplicado',
  'abatido_da_divida',
  'credito_a_devolver',
  'devolucao',
  'atribuido_por',
  'atribuido_em',
  'devedor',
  'documento_devedor',
  'pagador_informado',
];

const SOURCE_LABEL: Readonly<Record<string, string>> = {
  pix: 'Pix',
  cnab240: 'boleto (CNAB 240)',
  manual: 'manual',
};
const STATUS_LABEL: Readonly<Record<string, string>> = {
  applied: 'aplicado',
  unmatched: 'não identificado',
  review: 'em revisão',
};
const REFUND_LABEL: Readonly<Record<string, string>> = {
  none: '',
  pending: 'a devolver',
  refunded: 'devolvido',
};
const label = (labels: Readonly<Record<string, string>>, value: string) => labels[value] ?? value;

export async function* paymentsCsv(
  ctx: AppContext,
  principal: Principal,
  filter: Omit<repo.PaymentFilter, 'tenantId' | 'creditorId'>,
): AsyncGenerator<string> {
  requireRead(principal);
  yield CSV_BOM + csvLine(CSV_HEADER);
  for await (const rows of repo.streamPaymentBatches(ctx.database.db, {
    ...filter,
    tenantId: principal.tenantId,
    creditorId: principal.creditorId,
  })) {
    const debtors = await repo.debtorsOfAgreements(ctx.database.db, principal.tenantId, [
      ...new Set(rows.map((r) => r.agreement_id).filter((id): id is string => id !== null)),
    ]);
    let chunk = '';
    for (const row of rows) {
      const v = toPaymentView(row);
      const debtor = v.agreementId ? debtors.get(v.agreementId) : undefined;
      chunk += csvLine([
        csvText(v.id),
        csvText(label(SOURCE_LABEL, v.source)),
        csvText(v.externalId),
        csvText(label(STATUS_LABEL, v.status)),
        csvReais(v.amountCents),
        csvDateTime(v.paidAt),
        csvText(v.txid),
        csvText(v.nossoNumero),
        csvText(v.installmentId),
        csvText(v.agreementId),
        csvText(v.creditorId),
        csvReais(v.appliedCents),
        csvReais(v.debtAppliedCents),
        csvReais(v.creditCents),
        csvText(label(REFUND_LABEL, v.refundStatus)),
        csvText(v.assignedBy),
        csvDateTime(v.assignedAt),
        csvText(debtor?.name),
        csvText(debtor ? formatDocument(debtor.document) : null),
        csvText(v.payerInfo),
      ]);
    }
    yield chunk;
  }
}

export async function getPayment(
  ctx: AppContext,
  principal: Principal,
  { id }: { id: string },
): Promise<PaymentView> {
  requireRead(principal);
  const row = isUuid(id)
    ? await repo.findPayment(
        ctx.database.db,
        { tenantId: principal.tenantId, creditorId: principal.creditorId },
        id,
      )
    : undefined;
  if (!row) throw notFound('Pagamento');
  return toPaymentView(row);
}

/** Staff assigns an unmatched payment to an installment; who did it is recorded on the payment and in the audit log. */
export async function assignPayment(
  ctx: AppContext,
  principal: Principal,
  { paymentId, installmentId }: { paymentId: string; installmentId: string },
): Promise<PaymentView> {
  if (!can(principal, 'payments:write')) {
    throw new AppError('FORBIDDEN', 'Apenas gestores e administradores atribuem pagamentos.');
  }
  if (!isUuid(paymentId)) throw notFound('Pagamento');
  const installment = await getInstallment(ctx, principal, { id: installmentId });
  const actor = actorOf(principal);
  const db = ctx.database.db;
  await db.transaction().execute(async (trx) => {
    const p = await repo.lockUnmatched(trx, principal.tenantId, paymentId);
    if (!p) {
      const exists = await repo.findPayment(
        trx,
        { tenantId: principal.tenantId, creditorId: null },
        paymentId,
      );
      if (!exists) throw notFound('Pagamento');
      throw new AppError(
        'PAYMENT_ALREADY_APPLIED',
        'Este pagamento já foi aplicado a uma parcela; nada foi alterado.',
      );
    }
    await allocate(ctx, trx, principal.tenantId, p.id, installment.id, p.amount_cents, actor, actor);
  });
  await recordAudit(db, {
    tenantId: principal.tenantId,
    actor,
    action: 'payment.assigned',
    entity: 'payment',
    entityId: paymentId,
    details: { installmentId: installment.id },
  });
  return getPayment(ctx, principal, { id: paymentId });
}

export async function paymentsOfAgreement(ctx: AppContext, agreementId: string) {
  return (await repo.paymentsOfAgreement(ctx.database.db, agreementId)).map(toPaymentView);
}

/**
 * `POST /agreements/{id}/cancel`: withdrawal within 7 days of an agreement made online or by phone
 * (CDC art. 49). In one transaction: the agreement is cancelled and its debts reopen as before (agreements
 * module), and every payment it received becomes a credit to refund in full. Staff and the debtor portal
 * call this same function.
 */
export async function withdrawFromAgreement(
  ctx: AppContext,
  principal: Principal,
  { agreementId }: { agreementId: string },
): Promise<CancellationResult & { paymentsToRefund: number }> {
  if (!can(principal, 'agreements:cancel')) {
    throw new AppError('FORBIDDEN', 'O cancelamento é pedido pelo devedor ou por um agente em nome dele.');
  }
  const now = ctx.clock.now();
  const result = await ctx.database.db.transaction().execute(async (trx) => {
    const cancelled = await cancelAgreementInTransaction(trx, principal, { agreementId, now });
    const paymentsToRefund = await repo.refundAgreementPayments(
      trx,
      principal.tenantId,
      cancelled.agreementId,
    );
    return { ...cancelled, paymentsToRefund };
  });
  await recordAudit(ctx.database.db, {
    tenantId: principal.tenantId,
    actor: actorOf(principal),
    action: 'agreement.cancelled',
    entity: 'agreement',
    entityId: result.agreementId,
    details: { refundCents: result.refundCents, legalBasis: 'CDC art. 49' },
  });
  return result;
}

/**
 * `POST /payments/{id}/overpayment`: records why a payment left a credit and computes the refund (CDC art.
 * 42 sole paragraph): double and corrected by IPCA when the platform charged what was not due, single when
 * the debtor overpaid or the error is documented as justifiable (a note is then required).
 */
export async function classifyOverpayment(
  ctx: AppContext,
  principal: Principal,
  input: { paymentId: string; cause: OverpaymentCause; justifiable?: boolean; note?: string },
) {
  const { paymentId } = input;
  if (!can(principal, 'payments:write')) {
    throw new AppError('FORBIDDEN', 'Seu papel não permite classificar pagamentos.');
  }
  const row = isUuid(paymentId)
    ? await repo.findPayment(
        ctx.database.db,
        { tenantId: principal.tenantId, creditorId: principal.creditorId },
        paymentId,
      )
    : undefined;
  if (!row) throw notFound('Pagamento');
  if (row.credit_cents <= 0) {
    throw new AppError('VALIDATION_FAILED', 'Este pagamento não deixou crédito: não há valor a devolver.');
  }
  const justifiable = input.justifiable === true;
  const note = input.note?.trim() ?? '';
  if (justifiable && note.length < 10) {
    throw new AppError(
      'VALIDATION_FAILED',
      'note: um erro justificável precisa ser documentado (descreva o que aconteceu, 10 caracteres ou mais).',
    );
  }
  const refundOn = ctx.clock.today();
  const paidOn = new Date(row.paid_at).toISOString().slice(0, 10);
  const values = await listIndexValues(ctx, principal, {
    name: 'IPCA',
    from: paidOn.slice(0, 7),
    to: refundOn.slice(0, 7),
  });
  const ipca = new Map(values.items.map((v) => [v.month, String(v.percent)]));
  const refund = overpaymentRefund({
    creditCents: row.credit_cents,
    cause: input.cause,
    justifiable,
    paidOn,
    refundOn,
    ipca,
  });
  await repo.setOverpayment(ctx.database.db, row.id, {
    cause: input.cause,
    justifiable,
    note: note === '' ? null : note,
    refundDueCents: refund.refundCents,
  });
  await recordAudit(ctx.database.db, {
    tenantId: principal.tenantId,
    actor: actorOf(principal),
    action: 'payment.overpayment_classified',
    entity: 'payment',
    entityId: row.id,
    details: { cause: input.cause, justifiable, refundDueCents: refund.refundCents },
  });
  return {
    paymentId: row.id,
    creditCents: row.credit_cents,
    cause: input.cause,
    justifiable,
    refundDueCents: refund.refundCents,
    multiplier: refund.multiplier,
    correctionCents: refund.correctionCents,
    missingMonths: refund.missingMonths,
    explanation: refund.explanation,
    legalBasis: refund.legalBasis,
  };
}

/** What a payment's allocation records once it is applied to an installment or a prepayment. */
function appliedAllocation(
  r: {
    installmentId: string | null;
    prepaymentId?: string | undefined;
    agreementId: string;
    creditorId: string;
    appliedCents: number;
    debtAppliedCents: number;
    creditCents: number;
  },
  at: Date,
) {
  return {
    status: 'applied' as const,
    installmentId: r.installmentId,
    ...(r.prepaymentId ? { prepaymentId: r.prepaymentId } : {}),
    agreementId: r.agreementId,
    creditorId: r.creditorId,
    appliedCents: r.appliedCents,
    debtAppliedCents: r.debtAppliedCents,
    creditCents: r.creditCents,
    at,
  };
}
