/**
 * "Desistir do acordo" (CDC art. 49): an agreement made here or by phone can be cancelled within 7
 * days. Offered only while the server says the right exists (`cancellableUntil`, the same rule the
 * cancellation applies). Three steps: what happens (explained plainly), "Tem certeza?" (a separate
 * confirmation, Back works), and the result with the refund.
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { formatDate, formatMoney } from '../../../../src/platform/format.ts';
import { Page } from '../../../shared/ui/components.tsx';
import { type Agreement, api, type Cancellation, type Failure } from '../api.ts';
import { FailureNotice, Loading } from '../ui.tsx';

export function Withdraw() {
  const { params, query } = useRoute();
  const { route } = useLocation();
  const id = params.id ?? '';
  const confirming = query.confirmar === '1';
  const agreement = useSignal<Agreement | null>(null);
  const failure = useSignal<Failure | null>(null);
  const submitFailure = useSignal<Failure | null>(null);
  const result = useSignal<Cancellation | null>(null);
  const busy = useSignal(false);

  const load = async () => {
    failure.value = null;
    const r = await api.agreement(id);
    if (r.ok) agreement.value = r.data;
    else failure.value = r;
  };
  useEffect(() => {
    load();
  }, [id]);

  const back = `/portal/acordos/${id}`;
  if (result.value) {
    const r = result.value;
    return (
      <Page key="feito" title="Acordo cancelado" heading="Acordo cancelado">
        <div class="notice ok">
          <p>{r.message}</p>
        </div>
        <h2>O que acontece agora</h2>
        <ul>
          {r.refundCents > 0 ? (
            <li>
              Vamos devolver {formatMoney(r.refundCents)}. A devolução é feita pela nossa equipe; se faltar
              algum dado para ela, entramos em contato.
            </li>
          ) : (
            <li>Você não tinha pago nada neste acordo, então não há valor a devolver.</li>
          )}
          <li>Se quiser, você pode fazer um novo acordo quando for melhor para você.</li>
        </ul>
        <div class="actions">
          <a class="button primary" href="/portal/dividas">
            Ver minhas dívidas
          </a>
          <a href={back}>Ver o acordo cancelado</a>
        </div>
      </Page>
    );
  }
  const a = agreement.value;
  if (!a) {
    return failure.value ? (
      <Page title="Desistir do acordo" heading="Desistir do acordo" back={back}>
        <FailureNotice failure={failure.value} onRetry={load} />
      </Page>
    ) : (
      <Loading />
    );
  }
  if (!a.cancellableUntil) {
    return (
      <Page title="Desistir do acordo" heading="Não é possível desistir deste acordo" back={back}>
        <p>
          A desistência sem multa vale por 7 dias depois de fechar um acordo pela internet ou por telefone
          (Código de Defesa do Consumidor, art. 49). Para este acordo, esse prazo já passou ou ele não está
          mais em andamento.
        </p>
        <p>
          Se o acordo não cabe mais no seu bolso, <a href="/portal/falar">fale com uma pessoa</a> ou veja{' '}
          <a href="/portal/momento-dificil">o que fazer num momento difícil</a>.
        </p>
      </Page>
    );
  }
  const until = formatDate(a.cancellableUntil);

  if (confirming) {
    const cancel = async () => {
      if (busy.value) return;
      busy.value = true;
      submitFailure.value = null;
      const r = await api.cancel(a.id);
      busy.value = false;
      if (r.ok) result.value = r.data;
      else submitFailure.value = r;
    };
    return (
      <Page
        key="confirmar"
        title="Confirme a desistência"
        heading="Tem certeza de que quer desistir?"
        back={back}
      >
        <FailureNotice failure={submitFailure.value} onRetry={cancel} what="O acordo continua como estava." />
        <dl class="summary">
          <div>
            <dt>Acordo</dt>
            <dd>{a.number}</dd>
          </div>
          <div>
            <dt>Credor</dt>
            <dd>{a.creditor.legalName}</dd>
          </div>
          <div>
            <dt>Total do acordo</dt>
            <dd>{formatMoney(a.totalCents)}</dd>
          </div>
          <div>
            <dt>Já pago, que será devolvido</dt>
            <dd>{formatMoney(a.paidCents)}</dd>
          </div>
        </dl>
        <p>Depois de confirmar, o acordo é cancelado e não volta. Você pode fazer outro acordo depois.</p>
        <div class="actions">
          <button
            type="button"
            class="button primary"
            aria-disabled={busy.value || undefined}
            onClick={cancel}
          >
            Sim, desistir do acordo
          </button>
          <a class="button secondary" href={back}>
            Não, manter o acordo
          </a>
        </div>
      </Page>
    );
  }

  return (
    <Page key="explicar" title="Desistir do acordo" heading="Desistir do acordo" back={back}>
      <p>
        Você pode desistir deste acordo até <strong>{until}</strong>, sem multa e sem precisar explicar por
        quê. É um direito de quem fecha um acordo pela internet ou por telefone (Código de Defesa do
        Consumidor, art. 49).
      </p>
      <h2>O que acontece se você desistir</h2>
      <ul>
        <li>O acordo número {a.number} é cancelado.</li>
        <li>As dívidas voltam a ser como eram antes do acordo, com o desconto do acordo desfeito.</li>
        <li>
          {a.paidCents > 0
            ? `O que você já pagou neste acordo (${formatMoney(a.paidCents)}) é devolvido.`
            : 'Você ainda não pagou nada neste acordo, então não há nada a devolver.'}
        </li>
        <li>As cobranças dessas dívidas podem voltar, sempre nos horários permitidos.</li>
      </ul>
      <p>
        Se o problema é o valor da parcela ou a data, talvez não precise desistir:{' '}
        <a href="/portal/falar">fale com uma pessoa</a>.
      </p>
      <div class="actions">
        <button type="button" class="button primary" onClick={() => route(`${back}/desistir?confirmar=1`)}>
          Continuar para desistir
        </button>
        <a href={back}>Manter o acordo</a>
      </div>
    </Page>
  );
}
