/**
 * S1, link entry (/portal/l/{token}, where the message link /l/{token} leads): the person is
 * pre-identified by the signed link and still asked to verify. Shows the first name only — never a
 * creditor or an amount: links get forwarded.
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { parseBirthDate } from '../../../shared/input.ts';
import { ErrorSummary, type FieldError, Page, TextField } from '../../../shared/ui/components.tsx';
import { type Failure, type LinkInfo, more } from '../api.ts';
import { setIdentification, todaySaoPaulo } from '../state.ts';
import { FailureNotice, Loading } from '../ui.tsx';

export function LinkEntry() {
  const { params } = useRoute();
  const { route } = useLocation();
  const token = params.token ?? '';
  const info = useSignal<LinkInfo | null>(null);
  const birth = useSignal('');
  const errors = useSignal<FieldError[]>([]);
  const failure = useSignal<Failure | null>(null);
  const busy = useSignal(false);

  useEffect(() => {
    more.linkInfo(token).then((r) => {
      if (r.ok) info.value = r.data;
      else failure.value = r;
    });
  }, [token]);

  if (!info.value) {
    if (failure.value?.kind === 'problem' && failure.value.status < 500) {
      return (
        <Page
          title="Link inválido"
          heading={failure.value.status === 410 ? 'Este link expirou' : 'Link inválido'}
        >
          <p>
            {failure.value.status === 410
              ? 'Por segurança, os links valem por poucos dias. Responda NEGOCIAR à nossa mensagem e enviamos um novo.'
              : 'Confira se o endereço foi copiado inteiro, ou responda NEGOCIAR à nossa mensagem para receber um novo.'}
          </p>
          <p>
            Você também pode entrar com seu CPF: <a href="/portal">Entrar com CPF</a>
          </p>
        </Page>
      );
    }
    return failure.value ? <FailureNotice failure={failure.value} /> : <Loading />;
  }

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    const b = parseBirthDate(birth.value, todaySaoPaulo());
    errors.value = b.ok ? [] : [{ field: 'nascimento', message: b.message }];
    if (!b.ok) return;
    busy.value = true;
    failure.value = null;
    const r = await more.linkStart(token);
    busy.value = false;
    if (!r.ok) {
      failure.value = r;
      return;
    }
    const who: { linkToken: string; birthDate: string; firstName?: string; codeHint?: string } = {
      linkToken: token,
      birthDate: b.value,
    };
    if (info.value?.firstName) who.firstName = info.value.firstName;
    const hint = r.data?.codeHint ?? info.value?.codeHint;
    if (hint) who.codeHint = hint;
    setIdentification(who);
    route('/portal/codigo');
  };

  const name = info.value.firstName;
  return (
    <Page title="Boas-vindas" heading={name ? `Olá, ${name}` : 'Olá'} hasErrors={errors.value.length > 0}>
      <p class="lead">
        Aqui você vê o que está em aberto e escolhe um acordo que caiba no seu bolso. Leva uns 3 minutos.
      </p>
      <p>Antes de mostrar qualquer informação, confirmamos que é você. É para proteger seus dados.</p>
      <ErrorSummary errors={errors.value} />
      <FailureNotice failure={failure.value} />
      <form noValidate onSubmit={submit}>
        <TextField
          id="nascimento"
          label="Qual é a sua data de nascimento?"
          hint="Por exemplo: 27/03/1985"
          inputMode="numeric"
          autoComplete="bday"
          value={birth.value}
          error={errors.value[0]?.message}
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
        <a href="/portal/como-saber">Como saber se é a gente</a>
      </p>
    </Page>
  );
}
