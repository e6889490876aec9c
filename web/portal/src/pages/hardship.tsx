/**
 * "Estou passando por um momento difícil": say what is happening if you want, pause collection
 * messages and calls for 30 days, or ask for a person; free help signposted. No guilt, no pressure.
 */
import { useSignal } from '@preact/signals';
import { ErrorSummary, type FieldError, Page, Radios, TextField } from '../../../shared/ui/components.tsx';
import { api, type Failure } from '../api.ts';
import { budget, session } from '../state.ts';
import { FailureNotice } from '../ui.tsx';

export function Hardship() {
  const choice = useSignal<string | null>(null);
  const note = useSignal('');
  const errors = useSignal<FieldError[]>([]);
  const failure = useSignal<Failure | null>(null);
  const done = useSignal<{ message: string; freeHelp: string } | null>(null);
  const busy = useSignal(false);

  const help = (
    <p class="muted">
      Se as dívidas não deixam sobrar o básico, a lei permite juntar tudo num plano só (superendividamento). O
      Procon e a Defensoria Pública ajudam de graça.
    </p>
  );
  if (session.value !== 'active') {
    return (
      <Page title="Momento difícil" heading="Estou passando por um momento difícil">
        <p>Para pausar as cobranças, primeiro confirmamos que é você.</p>
        <a class="button primary" href="/portal">
          Confirmar que sou eu
        </a>
        {help}
      </Page>
    );
  }
  if (done.value) {
    return (
      <Page title="Pedido recebido" heading="Pedido recebido">
        <div class="notice ok">
          <p>{done.value.message}</p>
        </div>
        <p>Quando quiser, é só voltar pelo mesmo link. Nada muda no que você deve enquanto isso.</p>
        <p class="muted">{done.value.freeHelp}</p>
      </Page>
    );
  }
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    errors.value = choice.value ? [] : [{ field: 'pedido', message: 'Escolha o que prefere' }];
    if (!choice.value) return;
    busy.value = true;
    const body: { talkToPerson?: boolean; note?: string; monthlyBudgetCents?: number } = {
      talkToPerson: choice.value === 'call',
    };
    if (note.value.trim()) body.note = note.value.trim();
    if (budget.value.budgetCents !== null) body.monthlyBudgetCents = budget.value.budgetCents;
    const r = await api.hardship(body);
    busy.value = false;
    if (r.ok) done.value = r.data;
    else failure.value = r;
  };
  return (
    <Page
      back="/portal/dividas"
      title="Momento difícil"
      heading="Estou passando por um momento difícil"
      hasErrors={errors.value.length > 0}
    >
      <p>
        Se quiser, conte o que está acontecendo. Podemos pausar mensagens e ligações de cobrança por 30 dias
        ou pedir que uma pessoa fale com você.
      </p>
      <ErrorSummary errors={errors.value} />
      <FailureNotice failure={failure.value} />
      <form noValidate onSubmit={submit}>
        <Radios
          name="pedido"
          legend="O que você prefere?"
          value={choice.value}
          error={errors.value[0]?.message}
          onChange={(v) => {
            choice.value = v;
          }}
          choices={[
            { value: 'pause', label: 'Pausar as cobranças por 30 dias' },
            { value: 'call', label: 'Pausar e também quero que uma pessoa fale comigo' },
          ]}
        />
        <TextField
          id="situacao"
          label="O que está acontecendo? (opcional)"
          hint="Só a nossa equipe lê. Ajuda a encontrar uma saída que funcione para você."
          multiline
          value={note.value}
          onInput={(v) => {
            note.value = v;
          }}
        />
        <button type="submit" class="button primary" aria-disabled={busy.value || undefined}>
          Enviar
        </button>
      </form>
      {help}
    </Page>
  );
}
