/** How one offer is described, the same on the options, proposal and review screens. */
import { formatDate, formatMoney, formatPercentPtBr } from '../../../src/platform/format.ts';
import type { Offer } from './api.ts';
import { fitsBudget } from './state.ts';

/** The short radio label: "6 × R$ 150,00, total R$ 900,00" / "À vista: R$ 800,00". */
export function offerLabel(o: Offer): string {
  if (o.kind === 'lump_sum' || o.installmentsCount === 0) return `À vista: ${formatMoney(o.totalCents)}`;
  const first = o.schedule.find((s) => s.number > 0) ?? o.schedule[0];
  const entry = o.downPaymentCents > 0 ? `Entrada de ${formatMoney(o.downPaymentCents)} + ` : '';
  return `${entry}${o.installmentsCount} × ${formatMoney(first?.amountCents ?? 0)}, total ${formatMoney(o.totalCents)}`;
}

export function discountPercent(o: Offer): string {
  if (o.balanceCents <= 0) return '0%';
  return formatPercentPtBr(Math.round((o.discountCents / o.balanceCents) * 1000) / 10);
}

export function OfferFacts(props: { offer: Offer; budgetCents: number | null }) {
  const o = props.offer;
  const fit = fitsBudget(o, props.budgetCents);
  const first = o.schedule[0];
  const monthly = o.schedule.find((s) => s.number > 0) ?? first;
  return (
    <div class="card">
      {o.creditor && <p class="muted">Credor: {o.creditor.name}</p>}
      <p class="total">Total: {formatMoney(o.totalCents)}</p>
      <ul>
        {o.kind === 'lump_sum' || o.installmentsCount === 0 ? (
          <li>Pagamento único</li>
        ) : (
          <li>
            Em {o.installmentsCount} parcelas de {formatMoney(monthly?.amountCents ?? 0)}
            {o.downPaymentCents > 0 ? `, com entrada de ${formatMoney(o.downPaymentCents)}` : ''}
          </li>
        )}
        {first && <li>1º pagamento em {formatDate(first.dueDate)}</li>}
        <li>
          Desconto: {formatMoney(o.discountCents)} ({discountPercent(o)})
        </li>
        <li>
          CET: {formatPercentPtBr(o.monthlyRatePercent)} ao mês ({formatPercentPtBr(o.cetAnnualPercent)} ao
          ano)
        </li>
      </ul>
      {fit === true && <span class="badge ok">Cabe no valor que você informou</span>}
      {fit === false && <span class="badge warn">Passa do valor que você informou</span>}
    </div>
  );
}
