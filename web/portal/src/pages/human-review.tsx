/**
 * "Pedir revisão por uma pessoa" (LGPD art. 20): the options shown, "nothing fits", the answer to a
 * proposal and contact decisions are automatic; the person may ask a human to review them. A short
 * form (what, and optionally why) → POST reviews → what happens next and by when.
 * `?sobre=offers|no_affordable_offer|proposal|contact` pre-selects the subject from where it was asked.
 */
import { useSignal } from '@preact/signals';
import { useRoute } from 'preact-iso';
import { ErrorSummary, type FieldError, Page, Radios, TextField } from '../../../shared/ui/components.tsx';
import { api, type Failure, type ReviewSubject } from '../api.ts';
import { session } from '../state.ts';
import { FailureNotice } from '../ui.tsx';

const SUBJECTS: { value: ReviewSubject; label: string }[] = [
  { value: 'offers', label: 'As opções de acordo que mostramos' },
  { value: 'no_affordable_offer', label: 'Nenhuma opção coube no meu bolso' },
  { value: 'proposal', label: 'A resposta à minha proposta' },
  { value: 'contact', label: 'As mensagens e ligações que recebo' },
];
const MAX_REASON = 1000;

export function HumanReview() {
  const { query } = useRoute();
  const preset = SUBJECTS.find((s) => s.value === query.sobre)?.value ?? null;
  const subject = useSignal<string | null>(preset);
  const reason = useSignal('');
  const errors = useSignal<FieldError[]>([]);
  const failure = useSignal<Failure | null>(null);
  const done = useSignal<{ message: string; replyBy: string } | null>(null);
  const busy = useSignal(false);
  const back = query.voltar?.startsWith('/portal/') ? query.voltar : '/portal/dividas';

  if (session.value !== 'active') {
    return (
      <Page title="Pedir revisão" heading="Pedir revisão por uma pessoa">
        <p>Para pedir uma revisão, primeiro confirmamos que é você.</p>
        <a class="button primary" href="/portal">
          Confirmar que sou eu
        </a>
      </Page>
    );
  }
  if (done.value) {
    return (
      <Page title="Pedido de revisão recebido" heading="Pedido de revisão recebido">
        <div class="notice ok">
          <p>{done.value.message}</p>
        </div>
        <h2>O que acontece agora</h2>
        <ul>
          <li>Uma pessoa da nossa equipe olha o seu caso e a decisão que foi tomada de forma automática.</li>
          <li>Ela pode manter ou mudar a decisão, e diz o motivo.</li>
          <li>Enquanto isso, nada muda no que já foi combinado.</li>
        </ul>
        <a class="button primary" href={back}>
          Voltar
        </a>
      </Page>
    );
  }

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    const found: FieldError[] = [];
    if (!subject.value) found.push({ field: 'assunto', message: 'Escolha o que quer que uma pessoa revise' });
    if (reason.value.trim().length > MAX_REASON) {
      found.push({ field: 'motivo', message: `Escreva até ${MAX_REASON} caracteres` });
    }
    errors.value = found;
    if (found.length > 0) return;
    busy.value = true;
    failure.value = null;
    const text = reason.value.trim();
    const r = await api.review({
      subject: subject.value as ReviewSubject,
      ...(text ? { reason: text } : {}),
    });
    busy.value = false;
    if (r.ok) done.value = r.data;
    else failure.value = r;
  };
  const errorOf = (field: string) => errors.value.find((x) => x.field === field)?.message;
  return (
    <Page
      back={back}
      title="Pedir revisão"
      heading="Pedir revisão por uma pessoa"
      hasErrors={errors.value.length > 0}
    >
      <p>
        Algumas decisões aqui são automáticas: as opções de acordo, a resposta a uma proposta, quando mandamos
        mensagens. Você tem direito de pedir que uma pessoa revise (Lei Geral de Proteção de Dados, art. 20).
      </p>
      <ErrorSummary errors={errors.value} />
      <FailureNotice failure={failure.value} />
      <form noValidate onSubmit={submit}>
        <Radios
          name="assunto"
          legend="O que você quer que uma pessoa revise?"
          value={subject.value}
          error={errorOf('assunto')}
          onChange={(v) => {
            subject.value = v;
          }}
          choices={SUBJECTS}
        />
        <TextField
          id="motivo"
          label="Conte o que aconteceu (opcional)"
          hint="Por exemplo: minha renda mudou, ou a parcela mínima ainda é alta para mim."
          multiline
          error={errorOf('motivo')}
          value={reason.value}
          onInput={(v) => {
            reason.value = v;
          }}
        />
        <button type="submit" class="button primary" aria-disabled={busy.value || undefined}>
          Pedir revisão
        </button>
      </form>
    </Page>
  );
}
