/**
 * S1, identification (/portal). Two ways in:
 * - from a message link (/l/{token} → here with a pre-identification cookie): "Olá, {Ana}", only the
 *   birth date (when we hold one), and the code goes to a contact we already have;
 * - typed: "Confirme que é você", CPF and birth date together under a statement heading.
 * Nothing here or on the next screen tells whether a typed CPF is known: the API answers the same
 * for every document, and so do we.
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { displayDocument, parseBirthDate, parseDocument } from '../../../shared/input.ts';
import { ErrorSummary, type FieldError, Page, TextField } from '../../../shared/ui/components.tsx';
import { api, type Entry, type Failure } from '../api.ts';
import { agency } from '../layout.tsx';
import { setIdentification, todaySaoPaulo } from '../state.ts';
import { FailureNotice } from '../ui.tsx';

export function Welcome() {
  const { route, query } = useLocation();
  const entry = useSignal<Entry | null>(null);
  const doc = useSignal('');
  const birth = useSignal('');
  const errors = useSignal<FieldError[]>([]);
  const failure = useSignal<Failure | null>(null);
  const busy = useSignal(false);
  const errorOf = (field: string) => errors.value.find((e) => e.field === field)?.message;

  useEffect(() => {
    // Only a link entry has something to ask the server before the person types anything.
    if (query.entrada !== 'link') return;
    api.entry().then((r) => {
      if (!r.ok) return;
      entry.value = r.data;
      if (r.data.agencyName && !agency.value) agency.value = { name: r.data.agencyName };
    });
  }, []);
  const linked = entry.value?.linked === true;
  const askBirth = !linked || entry.value?.birthDateRequired !== false;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    const d = linked ? null : parseDocument(doc.value);
    const b = askBirth ? parseBirthDate(birth.value, todaySaoPaulo()) : null;
    const found: FieldError[] = [];
    if (d && !d.ok) found.push({ field: 'cpf', message: d.message });
    if (b && !b.ok) found.push({ field: 'nascimento', message: b.message });
    errors.value = found;
    if (found.length > 0) return;
    busy.value = true;
    failure.value = null;
    const document = d?.ok ? d.value.value : undefined;
    const r = await api.start(document ? { document } : {});
    busy.value = false;
    if (!r.ok) {
      failure.value = r;
      return;
    }
    setIdentification({
      ...(document ? { document } : {}),
      linked,
      birthDate: b?.ok ? b.value : null,
      ...(r.data.destination ? { codeHint: r.data.destination } : {}),
      ...(entry.value?.channels ? { channels: entry.value.channels } : {}),
    });
    route('/portal/codigo');
  };

  const title = linked ? 'Boas-vindas' : 'Confirme que é você';
  return (
    <Page
      title={title}
      heading={linked ? `Olá, ${entry.value?.firstName ?? ''}`.trim() : 'Confirme que é você'}
      hasErrors={errors.value.length > 0}
    >
      <p class="lead">
        Aqui você vê o que está em aberto e escolhe um acordo que caiba no seu bolso. Leva uns 3 minutos.
      </p>
      <p>Antes de mostrar qualquer informação, confirmamos que é você. É para proteger seus dados.</p>
      <ErrorSummary errors={errors.value} />
      <FailureNotice failure={failure.value} onRetry={() => submit(new Event('submit'))} />
      <form noValidate onSubmit={submit}>
        {!linked && (
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
        )}
        {askBirth && (
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
        )}
        {linked && !askBirth && <p>Vamos enviar um código para um contato que já temos.</p>}
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
