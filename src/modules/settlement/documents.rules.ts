import { labelledDocument } from '../../platform/br-documents.ts';
import { isoDateInSaoPaulo } from '../../platform/clock.ts';
import { formatDatePtBr } from '../../platform/dates.ts';
import type { DocumentModel } from '../../platform/document.ts';
import { formatBRL } from '../../platform/money.ts';

/**
 * The receipt of a payment and the discharge letter (carta de quitação) of a fully paid agreement.
 * Both identify the creditor by name, CNPJ and address (CDC art. 42-A) and the debtor; the letter lists
 * the debts it discharges and the amounts paid (Código Civil arts. 319 and 320: whoever pays has the
 * right to a receipt naming the value, the debt, who paid, and the place and date).
 */
export interface Party {
  name: string;
  document: string;
}

export interface ReceiptData {
  paymentId: string;
  paidAt: string;
  method: string;
  amountCents: number;
  appliedCents: number;
  debtAppliedCents: number;
  creditCents: number;
  creditor: Party & { address: string };
  /** The collection agency's identification lines (CDC art. 42-A). */
  agency: string[];
  debtor: Party;
  agreementId: string;
  installmentNumber: number | null;
  installmentsCount: number;
  reference: string | null;
  issuedAt: string;
  /** CC art. 320: the kind of debt discharged (the agreement's contracts), when known. */
  debts?: { externalId: string; product: string | null }[];
  /** CC art. 320: the place of payment; an electronic payment is received where the creditor is. */
  place?: string;
  /** Who paid, when the bank says and it is not the debtor (CC art. 320: "ou quem por este pagou"). */
  payerInfo?: string | null;
}

/** "23/11/2026 às 12:00 (horário de Brasília)": CC art. 320 asks for the time of payment. */
function dayAndTime(iso: string): string {
  if (iso.length <= 10) return formatDatePtBr(iso);
  const at = new Date(iso);
  const local = new Date(at.getTime() - 3 * 3_600_000).toISOString().slice(11, 16);
  return `${day(iso)} às ${local} (horário de Brasília)`;
}

/** A date, or an instant shown as its São Paulo day: a Pix at 22:30 is dated that day. */
const day = (iso: string) => formatDatePtBr(iso.length <= 10 ? iso : isoDateInSaoPaulo(new Date(iso)));

export function receiptDocument(r: ReceiptData): DocumentModel {
  // Código Civil art. 320: value, the debt discharged, who paid, time and place, and who gives the
  // receipt (the creditor, identified, through the agency that collects for it).
  const contracts = r.debts?.length
    ? ` (${r.debts.map((d) => (d.product ? `${d.product}, contrato ${d.externalId}` : `contrato ${d.externalId}`)).join('; ')})`
    : '';
  const lines = [
    `Valor recebido: ${formatBRL(r.amountCents)}, em ${dayAndTime(r.paidAt)}, por ${r.method}.`,
    r.installmentNumber !== null
      ? `Referente à parcela ${r.installmentNumber} de ${r.installmentsCount} do acordo nº ${r.agreementId}${contracts}.`
      : `Referente ao acordo nº ${r.agreementId}${contracts}.`,
  ];
  if (r.payerInfo) lines.push(`Pago por: ${r.payerInfo}.`);
  if (r.place) lines.push(`Lugar do pagamento: ${r.place}.`);
  if (r.appliedCents > 0) lines.push(`Aplicado à parcela: ${formatBRL(r.appliedCents)}.`);
  if (r.debtAppliedCents > 0) {
    lines.push(
      `Abatido do saldo das dívidas (acordo desfeito antes do pagamento): ${formatBRL(r.debtAppliedCents)}.`,
    );
  }
  if (r.creditCents > 0) {
    lines.push(`Valor pago a mais, guardado como crédito para devolução: ${formatBRL(r.creditCents)}.`);
  }
  if (r.reference) lines.push(`Identificação do pagamento: ${r.reference}.`);
  return {
    title: 'Recibo de Pagamento',
    subtitle: `Recibo nº ${r.paymentId}, emitido em ${day(r.issuedAt)}.`,
    createdAt: new Date(r.issuedAt),
    blocks: [
      { kind: 'heading', text: 'Credor' },
      {
        kind: 'lines',
        lines: [`${r.creditor.name} — ${labelledDocument(r.creditor.document)}`, r.creditor.address],
      },
      { kind: 'heading', text: 'Assessoria de cobrança' },
      { kind: 'lines', lines: r.agency },
      { kind: 'heading', text: 'Pagador' },
      { kind: 'lines', lines: [`${r.debtor.name} — ${labelledDocument(r.debtor.document)}`] },
      { kind: 'heading', text: 'Pagamento' },
      { kind: 'lines', lines },
      {
        kind: 'paragraph',
        text: [
          `Quitação dada por ${r.creditor.name} (${labelledDocument(r.creditor.document)}), por meio da assessoria ` +
            `acima, que emite este recibo eletrônico nº ${r.paymentId}. Este recibo vale como prova de pagamento ` +
            'do valor acima (Código Civil, arts. 319 e 320).',
        ],
      },
    ],
  };
}

export interface DischargeData {
  agreementId: string;
  agreementDate: string;
  paidOff: string;
  creditor: Party & { address: string };
  /** The collection agency's identification lines (CDC art. 42-A). */
  agency: string[];
  debtor: Party;
  debts: { externalId: string; product: string | null; dueDate: string; originalAmountCents: number }[];
  totalCents: number;
  discountCents: number;
  payments: { paidAt: string; method: string; amountCents: number }[];
}

export function dischargeDocument(d: DischargeData): DocumentModel {
  const paid = d.payments.reduce((s, p) => s + p.amountCents, 0);
  return {
    title: 'Carta de Quitação',
    subtitle: `Acordo nº ${d.agreementId}, firmado em ${day(d.agreementDate)}, quitado em ${day(d.paidOff)}.`,
    createdAt: new Date(`${d.paidOff}T12:00:00-03:00`),
    blocks: [
      { kind: 'heading', text: 'Credor' },
      {
        kind: 'lines',
        lines: [`${d.creditor.name} — ${labelledDocument(d.creditor.document)}`, d.creditor.address],
      },
      { kind: 'heading', text: 'Assessoria de cobrança' },
      { kind: 'lines', lines: d.agency },
      { kind: 'heading', text: 'Devedor' },
      { kind: 'lines', lines: [`${d.debtor.name} — ${labelledDocument(d.debtor.document)}`] },
      {
        kind: 'paragraph',
        text: [
          `${d.creditor.name} declara que ${d.debtor.name} pagou integralmente o acordo acima, no total de `,
          { strong: formatBRL(d.totalCents) },
          `, com desconto de ${formatBRL(d.discountCents)}, e dá `,
          { strong: 'plena, geral e irrevogável quitação' },
          ' das dívidas abaixo, para nada mais reclamar a esse título.',
        ],
      },
      { kind: 'heading', text: 'Dívidas quitadas' },
      {
        kind: 'table',
        header: ['Contrato', 'Produto', 'Vencimento', 'Valor original'],
        align: ['left', 'left', 'left', 'right'],
        rows: d.debts.map((x) => [
          x.externalId,
          x.product ?? '—',
          day(x.dueDate),
          formatBRL(x.originalAmountCents),
        ]),
      },
      { kind: 'heading', text: 'Pagamentos recebidos' },
      {
        kind: 'table',
        header: ['Data', 'Forma', 'Valor'],
        align: ['left', 'left', 'right'],
        rows: [
          ...d.payments.map((p) => [day(p.paidAt), p.method, formatBRL(p.amountCents)]),
          ['', 'Total', formatBRL(paid)],
        ],
      },
      {
        kind: 'paragraph',
        text: [
          'Se o seu nome foi negativado por estas dívidas, o credor deve pedir a exclusão do registro em até ' +
            '5 dias úteis, contados do primeiro dia útil após a compensação do pagamento (STJ, Súmula 548).',
        ],
      },
    ],
  };
}
