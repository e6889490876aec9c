/**
 * S4: the offers compared, one stacked card per offer in the same order of facts (no wide table:
 * reflows at 320 px). Budget fit first, then the lowest total; a text badge for fit (never colour
 * alone); nothing pre-selected. "Nenhuma cabe? Faça uma proposta" and, when nothing fits, a person.
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { formatMoney } from '../../../../src/platform/format.ts';
import { ErrorSummary, type FieldError, Page, Radios } from '../../../shared/ui/components.tsx';
import { OfferFacts, offerLabel } from '../offer-view.tsx';
import { budget, chooseOffer, offers } from '../state.ts';
import { Back } from '../ui.tsx';

export function Options() {
  const { route } = useLocation();
  const answer = offers.value;
  const selected = useSignal<string | null>(null);
  const showAll = useSignal(false);
  const errors = useSignal<FieldError[]>([]);
  useEffect(() => {
    if (!answer) route('/portal/dividas', true);
  }, []);
  if (!answer) return null;
  const b = budget.value.budgetCents;
  // The API orders them: what fits the budget first, then the lowest total. The first few are shown;
  // the rest is one tap away (nothing hidden, nothing overwhelming on a small screen).
  const list = answer.offers;
  const FIRST = 4;
  const shown = showAll.value ? list : list.slice(0, FIRST);
  const creditors = new Set(list.map((o) => o.creditor.id));
  const single = creditors.size === 1 ? list[0]?.creditor : undefined;

  const submit = (e: Event) => {
    e.preventDefault();
    const offer = list.find((o) => o.id === selected.value);
    if (!offer) {
      errors.value = [{ field: 'oferta', message: 'Escolha uma das opções para continuar' }];
      return;
    }
    chooseOffer(offer);
    route('/portal/revisar');
  };

  return (
    <Page title="Opções de acordo" hasErrors={errors.value.length > 0}>
      <Back href="/portal/dividas" />
      {list.length === 0 && <NothingFits message={answer.message} heading />}
      {list.length > 0 && answer.nothingFits && (
        <div class="notice">
          <NothingFits message={answer.message} />
        </div>
      )}
      {list.length > 0 && (
        <>
          <ErrorSummary errors={errors.value} />
          <form noValidate onSubmit={submit}>
            <Radios
              name="oferta"
              legendIsHeading
              legend="Escolha como quer pagar"
              hint={
                <>
                  {single && (
                    <>
                      Credor: {single.legalName}, CNPJ {single.cnpj}.{' '}
                    </>
                  )}
                  {b !== null
                    ? `Mostramos primeiro o que cabe em ${formatMoney(b)} por mês.`
                    : 'Da opção de menor total para a de maior total.'}
                </>
              }
              cards
              error={errors.value[0]?.message}
              value={selected.value}
              onChange={(v) => {
                selected.value = v;
              }}
              choices={shown.map((o) => ({
                value: o.id,
                label: offerLabel(o),
                hint: <OfferFacts offer={o} budgetCents={b} plain showCreditor={!single} />,
              }))}
            />
            {!showAll.value && list.length > FIRST && (
              <p>
                <button
                  type="button"
                  class="link-button"
                  onClick={() => {
                    showAll.value = true;
                  }}
                >
                  Ver mais {list.length - FIRST} opções
                </button>
              </p>
            )}
            <details>
              <summary>O que é CET?</summary>
              <p>CET é o custo total do parcelamento: juros e tarifas, em porcentagem.</p>
            </details>
            {answer.monthlyIncomeCents !== null && <p class="muted">{answer.minimumExistentialNote}</p>}
            <button type="submit" class="button primary">
              Continuar com esta opção
            </button>
          </form>
          <p style={{ marginTop: '1.5rem' }}>
            <a href="/portal/proposta">Nenhuma cabe? Faça uma proposta</a>
          </p>
          <p>
            <a href="/portal/revisao?sobre=offers&voltar=/portal/opcoes">
              Pedir que uma pessoa revise estas opções
            </a>
          </p>
        </>
      )}
    </Page>
  );
}

function NothingFits(props: { message: string | null; heading?: boolean }) {
  return (
    <>
      {props.heading && <h1 tabIndex={-1}>Nenhuma opção cabe no seu bolso agora</h1>}
      <p>{props.message ?? 'Você pode fazer uma proposta ou falar com uma pessoa.'}</p>
      <div class="actions">
        <a class="button primary" href="/portal/proposta">
          Fazer uma proposta
        </a>
        <a class="button secondary" href="/portal/falar">
          Falar com uma pessoa
        </a>
        <a class="button secondary" href="/portal/momento-dificil">
          Pausar as cobranças por 30 dias
        </a>
      </div>
      <p>
        <a href="/portal/revisao?sobre=no_affordable_offer&voltar=/portal/opcoes">
          Pedir que uma pessoa revise esta decisão
        </a>
      </p>
      <p class="muted">
        Se as dívidas não deixam sobrar o básico, a lei permite juntar tudo num plano só (superendividamento).
        O Procon e a Defensoria Pública ajudam de graça.
      </p>
    </>
  );
}
