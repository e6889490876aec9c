import { formatDocument, labelledDocument } from '../../platform/br-documents.ts';
import { formatDatePtBr } from '../../platform/dates.ts';
import { formatBRL } from '../../platform/money.ts';
import { type AgencyProfile, agencyContactLine } from '../agency/index.ts';
import { type CreditorAddress, formatAddress } from '../creditors/index.ts';

/**
 * The variables a template is filled with for one message ({{nome}}, {{valor_total}}, {{credor_cnpj}}…:
 * the list and meaning are messaging's VARIABLES), from what the dispatcher read about it. Pure: amounts
 * in centavos become "R$ 1.234,56", dates "31/12/2026"; the CDC art. 42-A identification of creditor and
 * agency is always there, and renderTemplate decides what a discreet version shows.
 */
export interface MessageVariablesInput {
  debtor: { name: string };
  agency: AgencyProfile;
  /** As stored (JSON): a CreditorAddress. */
  creditor: { name: string; document: string; address: unknown };
  debts: readonly { product: string | null; externalId: string; dueDate: string }[];
  installment: { number: number; dueDate: string; amountCents: number; paidCents: number } | null;
  payment: { amountCents: number; paidDate: string } | null;
}

export function messageVariables(
  c: MessageVariablesInput,
  link: string,
  balanceCents: number,
  verificationCode: string | null = null,
  breakdown = '',
): Record<string, string> {
  const first = c.debtor.name.split(/\s+/)[0] ?? c.debtor.name;
  const total = balanceCents;
  return {
    nome: c.debtor.name,
    primeiro_nome: first,
    link,
    agencia: c.agency.tradeName,
    agencia_contato: agencyContactLine(c.agency),
    credor: c.creditor.name,
    credor_cnpj: formatDocument(c.creditor.document),
    // CDC art. 42-A accepts CPF or CNPJ: the labelled form says which ("CNPJ 11.222.333/0001-81").
    credor_documento: labelledDocument(c.creditor.document),
    detalhamento: breakdown,
    credor_endereco: formatAddress(c.creditor.address as CreditorAddress),
    valor_total: formatBRL(total),
    quantidade_dividas: String(c.debts.length),
    descricao_divida: c.debts.map((d) => d.product ?? d.externalId).join(', '),
    vencimento: c.installment
      ? formatDatePtBr(c.installment.dueDate)
      : formatDatePtBr(c.debts[0]?.dueDate ?? ''),
    valor_parcela: c.installment
      ? formatBRL(c.installment.amountCents - c.installment.paidCents)
      : formatBRL(total),
    numero_parcela: c.installment ? String(c.installment.number) : '',
    desconto: '',
    codigo_verificacao: verificationCode ? formatVerificationCode(verificationCode) : '',
    ...(c.payment
      ? { valor_pago: formatBRL(c.payment.amountCents), data_pagamento: formatDatePtBr(c.payment.paidDate) }
      : {}),
  };
}

/** "A1B2C3D4E5F6" → "A1B2-C3D4-E5F6": how the code is printed and typed. */
export function formatVerificationCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1-');
}

/**
 * The line printed at the end of every e-mail and letter: its verification code and where anyone can
 * check that it is really from us (the portal's public page), without learning anything about a debt.
 */
export function verificationFooter(code: string | null, portalUrl: string): { footer?: string } {
  if (!code) return {};
  const base = portalUrl.replace(/\/+$/, '');
  return {
    footer: `Código de verificação: ${formatVerificationCode(code)}. Para conferir se esta mensagem é mesmo nossa, acesse ${base}/portal/verificar e digite o código. Nunca pedimos senha, nem código por telefone, nem Pix para pessoa física.`,
  };
}
