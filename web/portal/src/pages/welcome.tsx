/**
 * S1, typed entry (/portal): "Confirme que é você" — CPF and birth date together under a statement
 * heading. Nothing here or on the next screen tells whether the CPF is known: the API answers the
 * same for every document, and so do we.
 */
import { useSignal } from '@preact/signals';
import { useLocation } from 'preact-iso';
import { displayDocument, parseBirthDate, parseDocument } from '../../../shared/input.ts';
import { ErrorSummary, type FieldError, Page, TextField } from '../../../shared/ui/components.tsx';
import { api, type Failure } from '../api.ts';
import { setIdentification, todaySaoPaulo } from '../state.ts';
import { FailureNotice } from '../ui.tsx';

export function Welcome() {
  const { route } = useLocation();
  const doc = useSignal('');
  const birth = useSignal('');
  const errors = useSignal<FieldError[]>([]);
  const failure = useSignal<Failure | null>(null);
  const busy = useSignal(false);
  const errorOf = (field: string) => errors.value.find((e) => e.field === field)?.message;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    const d = parseDocument(doc.value);
    const b = parseBirthDate(birth.value, todaySaoPaulo());
    const found: FieldError[] = [];
    if (!d.ok) found.push({ field: 'cpf', message: d.message });
    if (!b.ok) found.push({ field: 'nascimento', message: b.message });
    errors.value = found;
    if (!d.ok || !b.ok) return;
    busy.value = true;
    failure.value = null;
    const r = await api.start(d.value.value);
    busy.value = false;
    if (!r.ok) {
      failure.value = r;
      return;
    }
    setIdentification({ document: d.value.value, birthDate: b.value });
    route('/portal/codigo');
  };

  return (
    <Page title="Confirme que é você" heading="Confirme que é você" hasErrors={errors.value.length > 0}>
      <p class="lead">
        Aqui você vê o que está em aberto e escolhe um acordo que caiba no seu bolso. Leva uns 3 minutos.
      </p>
      <p>Antes de mostrar qualquer informação, confirmamos que é você. É para proteger seus dados.</p>
      <ErrorSummary errors={errors.value} />
      <FailureNotice failure={failure.value} onRetry={() => submit(new Event('submit'))} />
      <form noValidate onSubmit={submit}>
        <TextField
          id="cpf"
          label="CPF"
          hint="Só os números ou com pontos, como preferir"
          inputMode="numeric"
          value={doc.value}
          error={errorOf('cpf')}
          onInput={(v) => {
            doc.value = v;
          }}
          onBlur={() => {
            doc.value = displayDocument(doc.value);
          }}
          width="14rem"
        />
        <TextField
          id="nascimento"
          label="Qual é a sua data de nascimento?"
          hint="Por exemplo: 27/03/1985"
          inputMode="numeric"
          autoComplete="bday"
          value={birth.value}
          error={errorOf('nascimento')}
          onInput={(v) => {
            birth.value = v;
          }}
          width="10rem"
        />
        <button type="submit" class="button primary" aria-disabled={busy.value || undefined}>
          Continuar
        </button>
      </form>
      <p style={{ marginTop: '1.5rem' }}>Você pode parar e voltar depois pelo mesmo link.</p>
      <p>
        Recebeu uma mensagem nossa e quer conferir se é verdadeira?{' '}
        <a href="/portal/como-saber">Como saber se é a gente</a>
      </p>
    </Page>
  );
}
