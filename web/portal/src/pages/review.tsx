/**
 * S5: check your answers, the late-payment policy stated exactly, the full term, a declaration
 * sentence instead of a checkbox, and one submission: the Idempotency-Key is kept per offer, so a
 * double tap, a retry, a reload or a second tab get the same agreement; Back after acceptance shows
 * "Este acordo já foi fechado", never a second acceptance.
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { formatDate, formatMoney, labelledDocument } from '../../../../src/platform/format.ts';
import { Page } from '../../../shared/ui/components.tsx';
import { api, type Failure, type OfferTerm } from '../api.ts';
import { discountPercent, ratesText } from '../offer-view.tsx';
import { accepted, chosenOffer, idempotencyKeyFor, rememberAccepted } from '../state.ts';
import { FailureNotice } from '../ui.tsx';

export function Review() {
  const { route } = useLocation();
  const offer = chosenOffer.value;
  const failure = useSignal<Failure | null>(null);
  const busy = useSignal(false);
  const term = useSignal<OfferTerm | null>(null);
  useEffect(() => {
    if (!offer) {
      route('/portal/dividas', true);
      return;
    }
    api.offerTerm(offer.id).then((r) => {
      if (r.ok) term.value = r.data;
    });
  }, []);
  if (!offer) return null;
  const done = accepted.value[offer.id];
  if (done) {
    return (
      <Page title="Acordo já fechado" heading="Este acordo já foi fechado">
        <p>Você já aceitou esta opção. Não é preciso aceitar de novo.</p>
        <a class="button primary" href={`/portal/acordos/${done}`}>
          Ver meu acordo e pagar
        </a>
      </Page>
    );
  }

  const accept = async () => {
    if (busy.value) return;
    busy.value = true;
    failure.value = null;
    const r = await api.accept(offer.id, idempotencyKeyFor(offer.id));
    busy.value = false;
    if (r.ok) {
      rememberAccepted(offer.id, r.data.id);
      route(`/portal/acordos/${r.data.id}?novo=1`);
      return;
    }
    // Accepted already (another device, another key): the agreement exists; show it, not an error.
    if (r.kind === 'problem' && r.status === 409) {
      route('/portal/acordos');
      return;
    }
    failure.value = r;
  };

  const lateLines = (term.value?.explanation ?? offer.explanation).filter((l) => /atras|tolerân/i.test(l));
  const first = offer.schedule[0];
  const monthly = offer.schedule.find((s) => s.number > 0);
  const change = (what: string) => (
    <a href="/portal/opcoes">
      Alterar<span class="visually-hidden"> {what}</span>
    </a>
  );
  return (
    <Page back="/portal/opcoes" title="Revise e aceite" heading="Revise e aceite o acordo">
      <dl class="summary">
        <div>
          <dt>Credor</dt>
          <dd>
            {offer.creditor.legalName}, {labelledDocument(offer.creditor.cnpj)}
          </dd>
        </div>
        {term.value && (
          <div>
            <dt>Dívidas incluídas</dt>
            <dd>{term.value.debts.map((d) => `${d.product ?? 'Contrato'} ${d.contract}`).join('; ')}</dd>
          </div>
        )}
        <div>
          <dt>Valor das dívidas hoje</dt>
          <dd>{formatMoney(offer.balanceCents)}</dd>
        </div>
        <div>
          <dt>Desconto</dt>
          <dd>
            {formatMoney(offer.discountCents)} ({discountPercent(offer)})
          </dd>
        </div>
        <div>
          <dt>Total a pagar</dt>
          <dd>
            <strong>{formatMoney(offer.totalCents)}</strong> {change('o total')}
          </dd>
        </div>
        {first && (
          <div>
            <dt>{offer.downPaymentCents > 0 ? 'Entrada' : '1º pagamento'}</dt>
            <dd>
              {formatMoney(first.amountCents)} até {formatDate(first.dueDate)}{' '}
              {change('o primeiro pagamento')}
            </dd>
          </div>
        )}
        {offer.installmentsCount > 0 && monthly && (
          <div>
            <dt>Parcelas</dt>
            <dd>
              {offer.installmentsCount} × {formatMoney(monthly.amountCents)}, todo dia{' '}
              {Number(monthly.dueDate.slice(8))} {change('as parcelas')}
            </dd>
          </div>
        )}
        <div>
          <dt>Juros e CET</dt>
          <dd>
            {ratesText(offer).interest} · {ratesText(offer).cet}
          </dd>
        </div>
      </dl>
      {offer.schedule.length > 1 && (
        <details>
          <summary>Ver todas as datas e valores</summary>
          <ol>
            {offer.schedule.map((s) => (
              <li key={s.number}>
                {formatDate(s.dueDate)}: {formatMoney(s.amountCents)}
              </li>
            ))}
          </ol>
        </details>
      )}
      <details>
        <summary>O que acontece se eu atrasar?</summary>
        {lateLines.length > 0 ? (
          lateLines.map((line) => <p key={line}>{line}</p>)
        ) : (
          <p>
            Avisamos antes de cada vencimento. Um atraso curto não desfaz o acordo: há um prazo de tolerância,
            escrito no termo, e você pode mudar a data de uma parcela uma vez.
          </p>
        )}
      </details>
      <details>
        <summary>Ler o termo completo</summary>
        <h2>Termo de acordo</h2>
        {term.value ? (
          <>
            <p>
              Devedor: {term.value.debtor.name}, {term.value.debtor.maskedDocument}. Credor:{' '}
              {term.value.creditor.legalName}, {labelledDocument(term.value.creditor.cnpj)},{' '}
              {term.value.creditor.address}. Recebedor dos pagamentos: {term.value.payee.legalName},{' '}
              {labelledDocument(term.value.payee.cnpj)}.
            </p>
            {term.value.explanation.map((line) => (
              <p key={line}>{line}</p>
            ))}
            <p>Proposta válida até {formatDate(term.value.validUntil)}.</p>
          </>
        ) : (
          offer.explanation.map((line) => <p key={line}>{line}</p>)
        )}
      </details>
      <FailureNotice failure={failure.value} onRetry={accept} what="Nada foi aceito nem cobrado." />
      <p>
        <strong>
          {term.value?.declaration ??
            'Ao tocar em “Aceitar e fechar acordo”, você concorda com este termo. Enviamos uma cópia por e-mail.'}
        </strong>
      </p>
      <button type="button" class="button primary" aria-disabled={busy.value || undefined} onClick={accept}>
        {busy.value ? 'Fechando o acordo…' : 'Aceitar e fechar acordo'}
      </button>
    </Page>
  );
}
