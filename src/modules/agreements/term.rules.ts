import { formatDocument, labelledDocument } from '../../platform/br-documents.ts';
import { formatDatePtBr } from '../../platform/dates.ts';
import type { DocumentModel } from '../../platform/document.ts';
import { formatBRL, formatPercent } from '../../platform/money.ts';

/** Everything the "Termo de Acordo" shows; rendering is pure so it can be tested byte for byte. */
export interface TermData {
  agreementId: string;
  createdAt: string;
  creditor: { name: string; document: string; address: string };
  /** The collection agency's identification lines (CDC art. 42-A: who collects, CNPJ, address). */
  agency: string[];
  debtor: { name: string; document: string };
  debts: { externalId: string; product: string | null; originalAmountCents: number; dueDate: string }[];
  balanceCents: number;
  discountCents: number;
  totalCents: number;
  downPaymentCents: number;
  monthlyRatePercent: number;
  cetAnnualPercent: number;
  graceDays: number;
  installments: { number: number; dueDate: string; amountCents: number }[];
}

/** The "Termo de Acordo" as a document, rendered to HTML and PDF from the same content. */
export function termDocument(t: TermData): DocumentModel {
  const downPayment = t.downPaymentCents > 0 ? `, com entrada de ${formatBRL(t.downPaymentCents)}` : '';
  return {
    title: 'Termo de Acordo',
    subtitle: `Acordo nº ${t.agreementId}, firmado em ${formatDatePtBr(t.createdAt.slice(0, 10))}.`,
    createdAt: new Date(t.createdAt),
    blocks: [
      { kind: 'heading', text: 'Credor' },
      {
        kind: 'lines',
        lines: [`${t.creditor.name} — CNPJ ${formatDocument(t.creditor.document)}`, t.creditor.address],
      },
      { kind: 'heading', text: 'Assessoria de cobrança' },
      { kind: 'lines', lines: t.agency },
      { kind: 'heading', text: 'Devedor' },
      { kind: 'lines', lines: [`${t.debtor.name} — ${labelledDocument(t.debtor.document)}`] },
      { kind: 'heading', text: 'Dívidas incluídas' },
      {
        kind: 'table',
        header: ['Contrato', 'Produto', 'Vencimento', 'Valor original'],
        align: ['left', 'left', 'left', 'right'],
        rows: t.debts.map((d) => [
          d.externalId,
          d.product ?? '—',
          formatDatePtBr(d.dueDate),
          formatBRL(d.originalAmountCents),
        ]),
      },
      { kind: 'heading', text: 'Valores' },
      {
        kind: 'lines',
        lines: [
          `Saldo atualizado na data da proposta: ${formatBRL(t.balanceCents)}.`,
          `Desconto concedido: ${formatBRL(t.discountCents)}.`,
          `Total a pagar: ${formatBRL(t.totalCents)}${downPayment}.`,
          `Juros do parcelamento: ${formatPercent(t.monthlyRatePercent)} ao mês. Custo Efetivo Total (CET): ` +
            `${formatPercent(t.cetAnnualPercent)} ao ano (Resolução CMN 4.881/2020).`,
        ],
      },
      { kind: 'heading', text: 'Pagamentos' },
      {
        kind: 'table',
        header: ['Parcela', 'Vencimento', 'Valor'],
        align: ['left', 'left', 'right'],
        rows: t.installments.map((i) => [
          String(i.number),
          formatDatePtBr(i.dueDate),
          formatBRL(i.amountCents) + (i.number === 1 && t.downPaymentCents > 0 ? ' (entrada)' : ''),
        ]),
      },
      { kind: 'heading', text: 'Atraso e quebra do acordo' },
      {
        kind: 'paragraph',
        text: [
          'Vencimentos em fim de semana ou feriado passam ao próximo dia útil. Uma parcela paga depois do ' +
            `vencimento continua válida; se ficar sem pagamento por mais de ${t.graceDays} dia(s) após o ` +
            'vencimento, o acordo é desfeito (quebra). Na quebra, o desconto deixa de valer e cada dívida volta ' +
            'a ser cobrada pelo saldo original, ',
          { strong: 'abatidos todos os valores já pagos' },
          ' — nada do que foi pago se perde. Você pode pedir uma renegociação dentro dos limites da política ' +
            'do credor.',
        ],
      },
      {
        kind: 'paragraph',
        text: [
          'Cobrança sem constrangimento nem ameaça (CDC art. 42). Dúvidas ou contestação: fale com o credor ' +
            'ou com a assessoria pelos canais informados.',
        ],
      },
    ],
  };
}
