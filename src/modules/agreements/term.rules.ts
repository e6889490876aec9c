import { labelledDocument } from '../../platform/br-documents.ts';
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
  /** The annual rate beside the CET (CDC art. 52 II; art. 54-B). Absent in terms of older agreements: 0. */
  effectiveAnnualRatePercent?: number;
  interestMethod?: 'compound' | 'simple' | 'none';
  /** How many days the offer was valid (CDC art. 54-B §1º: at least 2); null when unknown. */
  offerValidityDays?: number | null;
  /** Index months that counted as zero in the balance (from the offer; issue #10 item 13), if any. */
  indexNote?: string | null;
  /** A prescribed debt is in the agreement: the term carries the CC art. 191 notice. */
  includesPrescribedDebt?: boolean;
}

/** CC art. 191, word for word as the offer and the portal say it (negotiation/offer.rules.ts). */
export const TERM_PRESCRIBED_NOTICE =
  'Esta dívida está prescrita: você não é obrigado a pagá-la. Ao fechar um acordo, você renuncia à prescrição (Código Civil, art. 191).';

/**
 * The summary box that opens the term (CDC art. 54-B: before contracting credit the consumer is told
 * the total, the monthly and effective annual rates, the CET, the charges for late payment, the right to
 * settle early with a proportional reduction of interest — art. 52 §2º — and how long the offer holds).
 */
export function termSummaryRows(t: TermData): string[][] {
  const installments = t.installments.length - (t.downPaymentCents > 0 ? 1 : 0);
  const amounts = [
    ...new Set(t.installments.slice(t.downPaymentCents > 0 ? 1 : 0).map((i) => i.amountCents)),
  ];
  const each =
    installments === 0
      ? 'pagamento único'
      : amounts.length === 1
        ? `${installments} × ${formatBRL(amounts[0]!)}`
        : `${installments} parcelas de ${formatBRL(Math.min(...amounts))} a ${formatBRL(Math.max(...amounts))}`;
  const method =
    t.interestMethod === 'simple'
      ? ' (juros simples, sem capitalização)'
      : t.interestMethod === 'compound'
        ? ' (juros compostos, Tabela Price)'
        : '';
  return [
    ['Total a pagar', formatBRL(t.totalCents)],
    [
      'Pagamentos',
      (t.downPaymentCents > 0 ? `entrada de ${formatBRL(t.downPaymentCents)} + ` : '') +
        (installments === 0 && t.downPaymentCents === 0 ? `à vista, ${formatBRL(t.totalCents)}` : each),
    ],
    ['Taxa de juros mensal', `${formatPercent(t.monthlyRatePercent)} ao mês${method}`],
    ['Taxa efetiva anual', `${formatPercent(t.effectiveAnnualRatePercent ?? 0)} ao ano`],
    ['Custo Efetivo Total (CET)', `${formatPercent(t.cetAnnualPercent)} ao ano`],
    [
      'Atraso de parcela',
      `sem multa nem juros sobre a parcela; após ${t.graceDays} dia(s) sem pagamento o acordo é desfeito e o desconto deixa de valer, abatido tudo o que foi pago`,
    ],
    [
      'Quitação antecipada',
      'permitida a qualquer momento, com redução proporcional dos juros (CDC art. 52 §2º)',
    ],
    [
      'Validade da oferta',
      t.offerValidityDays
        ? `${t.offerValidityDays} dias (CDC art. 54-B: no mínimo 2)`
        : 'conforme a proposta aceita',
    ],
  ];
}

/** The "Termo de Acordo" as a document, rendered to HTML and PDF from the same content. */
export function termDocument(t: TermData): DocumentModel {
  const downPayment = t.downPaymentCents > 0 ? `, com entrada de ${formatBRL(t.downPaymentCents)}` : '';
  return {
    title: 'Termo de Acordo',
    subtitle: `Acordo nº ${t.agreementId}, firmado em ${formatDatePtBr(t.createdAt.slice(0, 10))}.`,
    createdAt: new Date(t.createdAt),
    blocks: [
      { kind: 'heading', text: 'Quadro-resumo (CDC art. 54-B)' },
      { kind: 'table', header: ['Item', 'Condição'], align: ['left', 'left'], rows: termSummaryRows(t) },
      ...(t.includesPrescribedDebt
        ? [{ kind: 'paragraph' as const, text: [{ strong: TERM_PRESCRIBED_NOTICE }] }]
        : []),
      { kind: 'heading', text: 'Credor' },
      {
        kind: 'lines',
        lines: [`${t.creditor.name} — ${labelledDocument(t.creditor.document)}`, t.creditor.address],
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
          ...(t.indexNote ? [t.indexNote] : []),
          `Desconto concedido: ${formatBRL(t.discountCents)}.`,
          `Total a pagar: ${formatBRL(t.totalCents)}${downPayment}.`,
          `Juros do parcelamento: ${formatPercent(t.monthlyRatePercent)} ao mês (${formatPercent(t.effectiveAnnualRatePercent ?? 0)} ao ano). ` +
            `Custo Efetivo Total (CET): ${formatPercent(t.cetAnnualPercent)} ao ano (CDC arts. 52 e 54-B; calculado como na Resolução CMN 4.881/2020).`,
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
            'ou com a assessoria pelos canais informados. Acordo feito pela internet ou por telefone: você pode ' +
            'desistir em até 7 dias, sem multa, com devolução do que pagou (CDC art. 49).',
        ],
      },
    ],
  };
}
