/** How one offer is described, the same on the options, proposal and review screens. */
import {
  formatDate,
  formatMoney,
  formatPercentPtBr,
  labelledDocument,
} from '../../../src/platform/format.ts';
import type { Offer } from './api.ts';
import { fitsBudget } from './state.ts';

/** The short radio label: "6 × R$ 150,00, total R$ 900,00" (the API's) or built the same way. */
export function offerLabel(o: Offer): string {
  if (o.label) return o.label;
  if (o.kind === 'lump_sum') return `À vista: ${formatMoney(o.totalCents)}`;
  return `${o.installmentsCount} × ${formatMoney(o.installmentCents)}, total ${formatMoney(o.totalCents)}`;
}

export function discountPercent(o: Offer): string {
  return formatPercentPtBr(o.discountPercent);
}

/** The CET a month, from the annual CET the API gives (the same rate, compounded): never the interest rate. */
function cetMonthlyPercent(o: Offer): number {
  return Math.round(((1 + o.cetAnnualPercent / 100) ** (1 / 12) - 1) * 10000) / 100;
}

/**
 * Interest and CET told apart (CDC arts. 52 II and 54-B): "Juros: 1% ao mês (12% ao ano)" and
 * "CET: 1,29% ao mês (16,63% ao ano)". The CET includes when each payment falls, so it can differ.
 */
export function ratesText(o: Offer): { interest: string; cet: string } {
  return {
    interest:
      o.monthlyRatePercent > 0
        ? `Juros: ${formatPercentPtBr(o.monthlyRatePercent)} ao mês (${formatPercentPtBr(o.effectiveAnnualRatePercent)} ao ano)`
        : 'Sem juros',
    cet: `CET: ${formatPercentPtBr(cetMonthlyPercent(o))} ao mês (${formatPercentPtBr(o.cetAnnualPercent)} ao ano)`,
  };
}

export function OfferFacts(props: {
  offer: Offer;
  budgetCents: number | null;
  plain?: boolean;
  showCreditor?: boolean;
}) {
  const o = props.offer;
  const fit = fitsBudget(o, props.budgetCents);
  const rates = ratesText(o);
  const first = o.schedule[0];
  return (
    <div class={props.plain ? undefined : 'card'}>
      {props.showCreditor !== false && (
        <p class="muted">
          Credor: {o.creditor.legalName}, {labelledDocument(o.creditor.cnpj)}
        </p>
      )}
      <p class="total">Total: {formatMoney(o.totalCents)}</p>
      <ul>
        {o.kind === 'lump_sum' ? (
          <li>Pagamento único</li>
        ) : (
          <li>
            Em {o.installmentsCount} parcelas de {formatMoney(o.installmentCents)}
            {o.downPaymentCents > 0 ? `, com entrada de ${formatMoney(o.downPaymentCents)}` : ''}
          </li>
        )}
        {first && <li>1º pagamento em {formatDate(first.dueDate)}</li>}
        <li>
          Desconto: {formatMoney(o.discountCents)} ({discountPercent(o)})
        </li>
        <li>{rates.interest}</li>
        <li>{rates.cet}</li>
      </ul>
      {fit === true && <span class="badge ok">Cabe no valor que você informou</span>}
      {fit === false && <span class="badge warn">Passa do valor que você informou</span>}
    </div>
  );
}
