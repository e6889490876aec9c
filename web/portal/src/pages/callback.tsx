/**
 * "Falar com uma pessoa": a callback in a time window inside legal contact hours (the API checks the
 * person's state law), on a number we already have → confirmation naming when and from which number.
 */
import { useSignal } from '@preact/signals';
import { formatDate, formatPhone } from '../../../../src/platform/format.ts';
import { ErrorSummary, type FieldError, Page, Radios, TextField } from '../../../shared/ui/components.tsx';
import { api, type Failure } from '../api.ts';
import { session } from '../state.ts';
import { Back, FailureNotice } from '../ui.tsx';

const WINDOWS = [
  { value: 'morning', label: 'De manhã, entre 9h e 12h' },
  { value: 'afternoon', label: 'À tarde, entre 12h e 18h' },
  { value: 'evening', label: 'No começo da noite, entre 18h e 20h' },
];

export function Callback() {
  const window_ = useSignal<string | null>(null);
  const note = useSignal('');
  const errors = useSignal<FieldError[]>([]);
  const failure = useSignal<Failure | null>(null);
  const done = useSignal<{ date?: string; window?: string; fromNumber?: string } | null>(null);
  const busy = useSignal(false);

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
    const w = WINDOWS.find((x) => x.value === (done.value?.window ?? window_.value));
    return (
      <Page title="Pedido de ligação recebido" heading="Pedido recebido">
        <div class="notice ok">
          <p>
            Vamos ligar {done.value.date ? `em ${formatDate(done.value.date)}` : 'no próximo dia útil'},{' '}
            {w ? w.label.toLowerCase() : ''}
            {done.value.fromNumber ? `, do número ${formatPhone(done.value.fromNumber)}` : ''}.
          </p>
        </div>
        <p>
          Se não puder atender, ligamos de novo. Ninguém da nossa equipe pede senha ou código por telefone.
        </p>
      </Page>
    );
  }
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    errors.value = window_.value
      ? []
      : [{ field: 'janela', message: 'Escolha o melhor horário para a ligação' }];
    if (!window_.value) return;
    busy.value = true;
    const body: Record<string, unknown> = { window: window_.value };
    if (note.value.trim()) body.note = note.value.trim();
    const r = await api.callback(body);
    busy.value = false;
    if (r.ok) done.value = r.data;
    else failure.value = r;
  };
  return (
    <Page title="Falar com uma pessoa" heading="Falar com uma pessoa" hasErrors={errors.value.length > 0}>
      <Back href="/portal/dividas" />
      <p>Uma pessoa da nossa equipe liga para o telefone que já temos no seu cadastro.</p>
      <ErrorSummary errors={errors.value} />
      <FailureNotice failure={failure.value} />
      <form noValidate onSubmit={submit}>
        <Radios
          name="janela"
          legend="Qual o melhor horário?"
          hint="Ligamos só em dias úteis, dentro do horário permitido no seu estado."
          value={window_.value}
          error={errors.value[0]?.message}
          onChange={(v) => {
            window_.value = v;
          }}
          choices={WINDOWS}
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
