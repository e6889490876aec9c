import type { AppContext } from '../../platform/context.ts';
import type { DocumentModel } from '../../platform/document.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { agencyIdentification, getAgencyProfile } from '../agency/index.ts';
import { getAgreement, getAgreementEvents, getInstallment, listPrepayments } from '../agreements/index.ts';
import { formatAddress, getCreditor } from '../creditors/index.ts';
import type { Principal } from '../identity/index.ts';
import { type ChargeView, chargeViews, loadPaymentSettings, renderBoletoPdf } from '../payments/index.ts';
import { getDebtorWithDebts } from '../portfolio/index.ts';
import { dischargeDocument, receiptDocument } from './documents.rules.ts';
import { getPayment, paymentsOfAgreement } from './settlement.service.ts';

const METHOD: Record<string, string> = { pix: 'Pix', cnab240: 'boleto', manual: 'lançamento manual' };

async function parties(ctx: AppContext, principal: Principal, creditorId: string, debtorId: string) {
  const creditor = await getCreditor(ctx.database.db, principal, { id: creditorId });
  const debtor = await getDebtorWithDebts(ctx, principal, { id: debtorId });
  return {
    creditor: { name: creditor.name, document: creditor.document, address: formatAddress(creditor.address) },
    agency: agencyIdentification(await getAgencyProfile(ctx.database.db, principal.tenantId)),
    debtor,
  };
}

export async function paymentReceipt(
  ctx: AppContext,
  principal: Principal,
  { paymentId }: { paymentId: string },
): Promise<DocumentModel> {
  const payment = await getPayment(ctx, principal, { id: paymentId });
  if (payment.status !== 'applied' || !payment.agreementId) {
    throw new AppError(
      'PAYMENT_NOT_IDENTIFIED',
      'Pagamento ainda não identificado: atribua-o a uma parcela para emitir o recibo.',
    );
  }
  const agreement = await getAgreement(ctx, principal, { id: payment.agreementId });
  const { creditor, agency, debtor } = await parties(
    ctx,
    principal,
    agreement.creditorId,
    agreement.debtorId,
  );
  const installment = agreement.installments.find((i) => i.id === payment.installmentId);
  return receiptDocument({
    paymentId: payment.id,
    paidAt: payment.paidAt,
    method: METHOD[payment.source] ?? payment.source,
    amountCents: payment.amountCents,
    appliedCents: payment.appliedCents,
    debtAppliedCents: payment.debtAppliedCents,
    creditCents: payment.creditCents,
    creditor,
    agency,
    debtor: { name: debtor.name, document: debtor.document },
    agreementId: agreement.id,
    installmentNumber: installment?.number ?? null,
    installmentsCount: agreement.installments.length,
    reference:
      payment.source === 'pix'
        ? `E2E ${payment.externalId}`
        : payment.nossoNumero
          ? `nosso número ${payment.nossoNumero}`
          : null,
    issuedAt: payment.receivedAt,
    debts: debtor.debts
      .filter((d) => agreement.debtIds.includes(d.id))
      .map((d) => ({ externalId: d.externalId, product: d.product })),
    place: `pagamento eletrônico recebido por ${creditor.name}, ${creditor.address}`,
    payerInfo: payment.payerInfo,
  });
}

export async function dischargeLetter(
  ctx: AppContext,
  principal: Principal,
  { agreementId }: { agreementId: string },
): Promise<DocumentModel> {
  const agreement = await getAgreement(ctx, principal, { id: agreementId });
  if (agreement.status !== 'paid') {
    throw new AppError(
      'AGREEMENT_NOT_PAID',
      'A carta de quitação é emitida quando todas as parcelas estão pagas; este acordo ainda não está quitado.',
    );
  }
  const { creditor, agency, debtor } = await parties(
    ctx,
    principal,
    agreement.creditorId,
    agreement.debtorId,
  );
  const events = (await getAgreementEvents(ctx, principal, { agreementId: agreement.id })).items;
  const paidEvent = events.find((e) => e.type === 'agreement.paid');
  const payments = await paymentsOfAgreement(ctx, agreement.id);
  return dischargeDocument({
    agreementId: agreement.id,
    agreementDate: agreement.createdAt,
    paidOff: String(paidEvent?.details.date ?? paidEvent?.at.slice(0, 10) ?? ctx.clock.today()),
    creditor,
    agency,
    debtor: { name: debtor.name, document: debtor.document },
    debts: debtor.debts.filter((d) => agreement.debtIds.includes(d.id)),
    totalCents: agreement.totalCents,
    discountCents: agreement.discountCents,
    payments: payments
      .filter((p) => p.appliedCents > 0)
      .map((p) => ({ paidAt: p.paidAt, method: METHOD[p.source] ?? p.source, amountCents: p.appliedCents })),
  });
}

/** The boleto of an installment as a PDF (barcode, linha digitável, beneficiário with CNPJ and address). */
export async function installmentBoletoPdf(
  ctx: AppContext,
  principal: Principal,
  { installmentId: id }: { installmentId: string },
) {
  const installment = await getInstallment(ctx, principal, { id });
  const charge = (await chargeViews(ctx.database.db, [installment.id])).get(installment.id);
  if (!charge?.boleto) throw notFound('Boleto desta parcela (o credor tem configuração de boleto?)');
  const pdf = await boletoPdf(ctx, principal, {
    creditorId: installment.creditor_id,
    debtorId: installment.debtor_id,
    boleto: charge.boleto,
    amountCents: installment.amount_cents,
    description: `Parcela ${installment.number} do acordo ${installment.agreement_id}. Pagável até o vencimento; após ele, o acordo tem tolerância antes de ser desfeito.`,
  });
  return { installmentId: installment.id, pdf };
}

/**
 * The boleto of an open prepayment (CDC art. 52 §2º) as a PDF: due on its validUntil, for the quoted
 * amount. A paid, expired or cancelled one has no boleto to pay (404): its amount no longer holds.
 */
export async function prepaymentBoletoPdf(
  ctx: AppContext,
  principal: Principal,
  { agreementId, prepaymentId }: { agreementId: string; prepaymentId: string },
) {
  const agreement = await getAgreement(ctx, principal, { id: agreementId });
  const prepayment = (await listPrepayments(ctx, principal, { agreementId: agreement.id })).items.find(
    (p) => p.id === prepaymentId,
  );
  if (prepayment?.status !== 'open' || !prepayment.boleto) {
    throw notFound('Boleto desta quitação antecipada (em aberto, de um credor com conta de boleto)');
  }
  const numbers = [...prepayment.installmentNumbers].sort((a, b) => a - b).join(', ');
  const pdf = await boletoPdf(ctx, principal, {
    creditorId: agreement.creditorId,
    debtorId: agreement.debtorId,
    boleto: prepayment.boleto,
    amountCents: prepayment.amountCents,
    description: `Quitação antecipada das parcelas ${numbers} do acordo ${agreement.id}, com redução proporcional dos juros (CDC art. 52 §2º). Vale se pago até o vencimento (conta o dia do pagamento); depois dele, o valor é calculado de novo.`,
  });
  return { prepaymentId: prepayment.id, pdf };
}

async function boletoPdf(
  ctx: AppContext,
  principal: Principal,
  b: {
    creditorId: string;
    debtorId: string;
    boleto: NonNullable<ChargeView['boleto']>;
    amountCents: number;
    description: string;
  },
) {
  const creditor = await getCreditor(ctx.database.db, principal, { id: b.creditorId });
  const debtor = await getDebtorWithDebts(ctx, principal, { id: b.debtorId });
  const settings = await loadPaymentSettings(ctx.database.db, principal.tenantId, b.creditorId);
  return renderBoletoPdf({
    bank: b.boleto.bank,
    barcode: b.boleto.barcode,
    linhaDigitavel: b.boleto.linhaDigitavel,
    nossoNumero: b.boleto.nossoNumero,
    dueDate: b.boleto.dueDate,
    amountCents: b.amountCents,
    beneficiary: {
      name: creditor.name,
      document: creditor.document,
      address: formatAddress(creditor.address),
    },
    payer: { name: debtor.name, document: debtor.document },
    description: b.description,
    agencyAccount: settings?.boleto ? `${settings.boleto.agency} / ${settings.boleto.account}` : '',
    issuedAt: new Date(`${ctx.clock.today()}T12:00:00Z`),
  });
}
