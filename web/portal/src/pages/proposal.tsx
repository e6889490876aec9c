/**
 * "Monte sua proposta": entrada, parcela and número de parcelas, answered at once — accepted (ready
 * to review), sent to a person (with the date they answer by), or refused with the nearest plan
 * ready to accept.
 */
import { useSignal } from '@preact/signals';
import { useLocation } from 'preact-iso';
import { formatDate, formatMoney } from '../../../../src/platform/format.ts';
import { parseCount, parseMoney } from '../../../shared/input.ts';
import { ErrorSummary, type FieldError, Page, TextField } from '../../../shared/ui/components.tsx';
import { api, type Failure, type ProposalAnswer } from '../api.ts';
import { OfferFacts } from '../offer-view.tsx';
import { budget, chooseOffer, chosenOffer, offers } from '../state.ts';
import { FailureNotice } from '../ui.tsx';

export function Proposal() {
  const { route } = useLocation();
  const entry = useSignal('');
  const installment = useSignal('');
  const count = useSignal('');
  const errors = useSignal<FieldError[]>([]);
  const failure = useSignal<Failure | null>(null);
  const answer = useSignal<ProposalAnswer | null>(null);
  const busy = useSignal(false);
  const err = (f: string) => errors.value.find((e) => e.field === f)?.message;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    const en = parseMoney(entry.value);
    const inst = parseMoney(installment.value);
    const n = parseCount(count.value, 1, 120, 'parcelas');
    const found: FieldError[] = [];
    if (!en.ok) found.push({ field: 'entrada', message: en.message });
    if (!inst.ok) found.push({ field: 'parcela', message: inst.message });
    else if (inst.value === null) found.push({ field: 'parcela', message: 'Digite o valor de cada parcela' });
    if (!n.ok) found.push({ field: 'parcelas', message: n.message });
    errors.value = found;
    if (found.length > 0 || !en.ok || !inst.ok || !n.ok) return;
    busy.value = true;
    failure.value = null;
    // With debts at more than one creditor, the proposal is for the creditor of the chosen offers.
    const groups = offers.value?.groups ?? [];
    const creditorId =
      groups.length > 1 ? (chosenOffer.value?.creditor.id ?? groups[0]?.creditor.id) : undefined;
    const r = await api.proposal({
      downPaymentCents: en.value ?? 0,
      installmentCents: inst.value ?? 0,
      installmentsCount: n.value,
      ...(creditorId ? { creditorId } : {}),
    });
    busy.value = false;
    if (r.ok) {
      answer.value = r.data;
      requestAnimationFrame(() => document.getElementById('resposta')?.focus());
    } else failure.value = r;
  };

  const a = answer.value;
  const ready = a?.status === 'accepted' ? a.offer : a?.status === 'refused' ? a.nearest : undefined;
  const heading =
    a?.status === 'accepted'
      ? 'Sua proposta foi aceita.'
      : a?.status === 'pending_approval'
        ? 'Uma pessoa vai analisar sua proposta'
        : 'Não conseguimos esse valor, mas podemos assim:';
  return (
    <Page
      back="/portal/opcoes"
      title="Faça uma proposta"
      heading="Faça uma proposta"
      hasErrors={errors.value.length > 0}
    >
      <p>Diga quanto consegue pagar. Respondemos na hora.</p>
      <ErrorSummary errors={errors.value} />
      <FailureNotice failure={failure.value} onRetry={() => submit(new Event('submit'))} />
      <form noValidate onSubmit={submit}>
        <TextField
          id="entrada"
          label="Entrada (opcional)"
          hint="Valor em reais pago no primeiro vencimento. Pode deixar em branco."
          prefix="R$"
          inputMode="decimal"
          value={entry.value}
          error={err('entrada')}
          onInput={(v) => {
            entry.value = v;
          }}
          width="10rem"
        />
        <TextField
          id="parcela"
          label="Valor de cada parcela"
          hint={
            budget.value.budgetCents
              ? `Em reais. Você disse que cabem ${formatMoney(budget.value.budgetCents)} por mês.`
              : 'Em reais, por exemplo 150 ou 150,50.'
          }
          prefix="R$"
          inputMode="decimal"
          value={installment.value}
          error={err('parcela')}
          onInput={(v) => {
            installment.value = v;
          }}
          width="10rem"
        />
        <TextField
          id="parcelas"
          label="Número de parcelas"
          inputMode="numeric"
          value={count.value}
          error={err('parcelas')}
          onInput={(v) => {
            count.value = v;
          }}
          width="6rem"
        />
        <button type="submit" class="button primary" aria-disabled={busy.value || undefined}>
          Enviar proposta
        </button>
      </form>
      <div role="status">
        {a && (
          <section aria-labelledby="resposta" style={{ marginTop: '1.5rem' }}>
            <h2 id="resposta" tabIndex={-1}>
              {heading}
            </h2>
            {a.status === 'pending_approval' && (
              <p>
                {a.answerBy
                  ? `Uma pessoa vai analisar e responder até ${formatDate(a.answerBy)}. Avisamos por SMS.`
                  : 'Uma pessoa vai analisar e responder em até 2 dias úteis. Avisamos por SMS.'}
              </p>
            )}
            {a.message && !a.message.startsWith(heading) && <p>{a.message}</p>}
            {a.status === 'refused' && a.reason && <p class="muted">{a.reason}</p>}
            {a.status === 'refused' && (
              <p>
                <a href="/portal/revisao?sobre=proposal&voltar=/portal/proposta">
                  Pedir que uma pessoa revise esta resposta
                </a>
              </p>
            )}
            {ready && (
              <>
                <OfferFacts offer={ready} budgetCents={budget.value.budgetCents} />
                {ready.id && (
                  <button
                    type="button"
                    class="button primary"
                    onClick={() => {
                      chooseOffer(ready);
                      route('/portal/revisar');
                    }}
                  >
                    Continuar com esta opção
                  </button>
                )}
              </>
            )}
          </section>
        )}
      </div>
    </Page>
  );
}
