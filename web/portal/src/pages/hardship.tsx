/**
 * "Estou passando por um momento difícil": say what is happening if you want, pause collection
 * messages and calls for 30 days, or ask for a person; free help signposted. No guilt, no pressure.
 */
import { useSignal } from '@preact/signals';
import { formatDate } from '../../../../src/platform/format.ts';
import { ErrorSummary, type FieldError, Page, Radios, TextField } from '../../../shared/ui/components.tsx';
import { type Failure, more } from '../api.ts';
import { session } from '../state.ts';
import { Back, FailureNotice } from '../ui.tsx';

export function Hardship() {
  const choice = useSignal<string | null>(null);
  const note = useSignal('');
  const errors = useSignal<FieldError[]>([]);
  const failure = useSignal<Failure | null>(null);
  const done = useSignal<{ pausedUntil?: string; call: boolean } | null>(null);
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
          <p>
            {done.value.call
              ? 'Uma pessoa da nossa equipe vai ligar para você no próximo dia útil.'
              : `Pausamos as mensagens e ligações de cobrança${done.value.pausedUntil ? ` até ${formatDate(done.value.pausedUntil)}` : ' por 30 dias'}.`}
          </p>
        </div>
        <p>Quando quiser, é só voltar pelo mesmo link. Nada muda no que você deve enquanto isso.</p>
        {help}
      </Page>
    );
  }
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    errors.value = choice.value ? [] : [{ field: 'pedido', message: 'Escolha o que prefere' }];
    if (!choice.value) return;
    busy.value = true;
    const wantsCall = choice.value === 'call';
    const body: { pauseDays?: number; wantsCall?: boolean; note?: string } = wantsCall
      ? { wantsCall: true }
      : { pauseDays: 30 };
    if (note.value.trim()) body.note = note.value.trim();
    const r = await more.hardship(body);
    busy.value = false;
    if (r.ok) done.value = { ...r.data, call: wantsCall };
    else failure.value = r;
  };
  return (
    <Page
      title="Momento difícil"
      heading="Estou passando por um momento difícil"
      hasErrors={errors.value.length > 0}
    >
      <Back href="/portal/dividas" />
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
            { value: 'call', label: 'Quero que uma pessoa fale comigo' },
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
