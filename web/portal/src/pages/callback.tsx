/**
 * "Falar com uma pessoa": a day and time window inside the legal contact hours of the person's state
 * (the API lists them) → a task for the team, and a confirmation saying when we call.
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ErrorSummary, type FieldError, Page, Radios, TextField } from '../../../shared/ui/components.tsx';
import { api, type Failure } from '../api.ts';
import { budget, session } from '../state.ts';
import { FailureNotice, Loading } from '../ui.tsx';

type Slot = { date: string; label: string; from: string; to: string };

export function Callback() {
  const slots = useSignal<Slot[] | null>(null);
  const chosen = useSignal<string | null>(null);
  const note = useSignal('');
  const errors = useSignal<FieldError[]>([]);
  const failure = useSignal<Failure | null>(null);
  const done = useSignal<string | null>(null);
  const busy = useSignal(false);
  useEffect(() => {
    if (session.value !== 'active') return;
    api.callbackSlots().then((r) => {
      if (r.ok) slots.value = r.data.slots;
      else failure.value = r;
    });
  }, []);

  if (session.value !== 'active') {
    return (
      <Page title="Falar com uma pessoa" heading="Falar com uma pessoa">
        <p>Você pode ligar para o nosso SAC (telefone e horário no rodapé desta página).</p>
        <p>
          Se preferir que a gente ligue, confirme primeiro que é você: assim ligamos só para um número que já
          temos. <a href="/portal">Confirmar que sou eu</a>
        </p>
      </Page>
    );
  }
  if (done.value) {
    return (
      <Page title="Pedido de ligação recebido" heading="Pedido recebido">
        <div class="notice ok">
          <p>{done.value}</p>
        </div>
        <p>
          Se não puder atender, ligamos de novo. Ninguém da nossa equipe pede senha ou código por telefone.
        </p>
      </Page>
    );
  }
  if (!slots.value) return failure.value ? <FailureNotice failure={failure.value} /> : <Loading />;
  const key = (s: Slot) => `${s.date} ${s.from}-${s.to}`;
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    const slot = slots.value?.find((s) => key(s) === chosen.value);
    errors.value = slot
      ? []
      : [{ field: 'janela', message: 'Escolha o melhor dia e horário para a ligação' }];
    if (!slot) return;
    busy.value = true;
    const body: { date: string; from: string; to: string; note?: string; monthlyBudgetCents?: number } = {
      date: slot.date,
      from: slot.from,
      to: slot.to,
    };
    if (note.value.trim()) body.note = note.value.trim();
    if (budget.value.budgetCents !== null) body.monthlyBudgetCents = budget.value.budgetCents;
    const r = await api.callback(body);
    busy.value = false;
    if (r.ok) done.value = r.data.message;
    else failure.value = r;
  };
  return (
    <Page
      back="/portal/dividas"
      title="Falar com uma pessoa"
      heading="Falar com uma pessoa"
      hasErrors={errors.value.length > 0}
    >
      <p>Uma pessoa da nossa equipe liga para o telefone que já temos no seu cadastro.</p>
      <ErrorSummary errors={errors.value} />
      <FailureNotice failure={failure.value} />
      <form noValidate onSubmit={submit}>
        <Radios
          name="janela"
          legend="Qual o melhor dia e horário?"
          hint="Ligamos só dentro do horário permitido no seu estado."
          value={chosen.value}
          error={errors.value[0]?.message}
          onChange={(v) => {
            chosen.value = v;
          }}
          choices={slots.value.map((s) => ({ value: key(s), label: s.label }))}
        />
        <TextField
          id="assunto"
          label="Sobre o que quer falar? (opcional)"
          multiline
          value={note.value}
          onInput={(v) => {
            note.value = v;
          }}
        />
        <button type="submit" class="button primary" aria-disabled={busy.value || undefined}>
          Pedir ligação
        </button>
      </form>
    </Page>
  );
}
