import { formatDocument } from '../../platform/br-documents.ts';
import { formatDatePtBr } from '../../platform/dates.ts';
import { formatBRL, formatPercent } from '../../platform/money.ts';

/** Everything the "Termo de Acordo" shows; rendering is pure so it can be tested byte for byte. */
export interface TermData {
  agreementId: string;
  createdAt: string;
  creditor: { name: string; document: string; address: string };
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

const escapeHtml = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

export function renderTermHtml(t: TermData): string {
  const rows = (cells: string[][]) =>
    cells.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  const debts = rows(
    t.debts.map((d) => [
      escapeHtml(d.externalId),
      escapeHtml(d.product ?? '—'),
      formatDatePtBr(d.dueDate),
      formatBRL(d.originalAmountCents),
    ]),
  );
  const schedule = rows(
    t.installments.map((i) => [
      String(i.number),
      formatDatePtBr(i.dueDate),
      formatBRL(i.amountCents) + (i.number === 1 && t.downPaymentCents > 0 ? ' (entrada)' : ''),
    ]),
  );
  return `<!doctype html>
<html lang="pt-BR">
<head><meta charset="utf-8"><title>Termo de Acordo ${escapeHtml(t.agreementId)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;line-height:1.5;color:#222}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.5rem}</style></head>
<body>
<h1>Termo de Acordo</h1>
<p>Acordo nº ${escapeHtml(t.agreementId)}, firmado em ${formatDatePtBr(t.createdAt.slice(0, 10))}.</p>
<h2>Credor</h2>
<p>${escapeHtml(t.creditor.name)} — CNPJ ${escapeHtml(formatDocument(t.creditor.document))}<br>${escapeHtml(t.creditor.address)}</p>
<h2>Devedor</h2>
<p>${escapeHtml(t.debtor.name)} — ${t.debtor.document.length === 11 ? 'CPF' : 'CNPJ'} ${escapeHtml(formatDocument(t.debtor.document))}</p>
<h2>Dívidas incluídas</h2>
<table><thead><tr><th>Contrato</th><th>Produto</th><th>Vencimento</th><th>Valor original</th></tr></thead>
<tbody>
${debts}
</tbody></table>
<h2>Valores</h2>
<p>Saldo atualizado na data da proposta: ${formatBRL(t.balanceCents)}.<br>
Desconto concedido: ${formatBRL(t.discountCents)}.<br>
Total a pagar: ${formatBRL(t.totalCents)}${t.downPaymentCents > 0 ? `, com entrada de ${formatBRL(t.downPaymentCents)}` : ''}.<br>
Juros do parcelamento: ${formatPercent(t.monthlyRatePercent)} ao mês. Custo Efetivo Total (CET): ${formatPercent(t.cetAnnualPercent)} ao ano (Resolução CMN 4.881/2020).</p>
<h2>Pagamentos</h2>
<table><thead><tr><th>Parcela</th><th>Vencimento</th><th>Valor</th></tr></thead>
<tbody>
${schedule}
</tbody></table>
<h2>Atraso e quebra do acordo</h2>
<p>Vencimentos em fim de semana ou feriado passam ao próximo dia útil. Uma parcela paga depois do
vencimento continua válida; se ficar sem pagamento por mais de ${t.graceDays} dia(s) após o vencimento, o
acordo é desfeito (quebra). Na quebra, o desconto deixa de valer e cada dívida volta a ser cobrada pelo
saldo original, <strong>abatidos todos os valores já pagos</strong> — nada do que foi pago se perde.
Você pode pedir uma renegociação dentro dos limites da política do credor.</p>
<p>Cobrança sem constrangimento nem ameaça (CDC art. 42). Dúvidas ou contestação: fale com o credor ou
com a assessoria pelos canais informados.</p>
</body>
</html>
`;
}
