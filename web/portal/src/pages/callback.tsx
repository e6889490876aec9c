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

const PERIODS = [
  { value: 'manha', label: 'De manhã', from: '08:00', to: '12:00' },
  { value: 'tarde', label: 'À tarde', from: '12:00', to: '18:00' },
  { value: 'noite', label: 'No começo da noite', from: '18:00', to: '20:00' },
];

/** The periods of the day that fall inside that day's legal window, clipped to it. */
export function periodsOf(slot: Slot) {
  // Times are "HH:MM" strings: compared as text (Math.min/max would not apply).
  return PERIODS.map((p) => ({
    ...p,
    // biome-ignore lint/complexity/useMathMinMax: strings, not numbers
    from: p.from < slot.from ? slot.from : p.from,
    // biome-ignore lint/complexity/useMathMinMax: strings, not numbers
    to: p.to > slot.to ? slot.to : p.to,
  })).filter((p) => p.from < p.to);
}

const hour = (t: string) => (t.endsWith(':00') ? `${Number(t.slice(0, 2))}h` : t.replace(':', 'h'));

export function Callback() {
  const slots = useSignal<Slot[] | null>(null);
  const chosen = useSignal<string | null>(null);
  const period = useSignal<string | null>(null);
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
  const slot = slots.value.find((s) => s.date === chosen.value);
  const periods = slot ? periodsOf(slot) : [];
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    const p = periods.find((x) => x.value === period.value);
    const found: FieldError[] = [];
    if (!slot) found.push({ field: 'janela', message: 'Escolha o dia da ligação' });
    else if (!p) found.push({ field: 'periodo', message: 'Escolha o horário da ligação' });
    errors.value = found;
    if (!slot || !p) return;
    busy.value = true;
    const body: { date: string; from: string; to: string; note?: string; monthlyBudgetCents?: number } = {
      date: slot.date,
      from: p.from,
      to: p.to,
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
          legend="Qual o melhor dia?"
          hint="Ligamos só dentro do horário permitido no seu estado."
          value={chosen.value}
          error={errors.value.find((x) => x.field === 'janela')?.message}
          onChange={(v) => {
            chosen.value = v;
            period.value = null;
          }}
          choices={slots.value.map((s) => ({ value: s.date, label: s.label }))}
        />
        {slot && (
          <Radios
            name="periodo"
            legend="E o melhor horário?"
            value={period.value}
            error={errors.value.find((x) => x.field === 'periodo')?.message}
            onChange={(v) => {
              period.value = v;
            }}
            choices={periods.map((p) => ({
              value: p.value,
              label: `${p.label}, entre ${hour(p.from)} e ${hour(p.to)}`,
            }))}
          />
        )}
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
