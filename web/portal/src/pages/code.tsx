/**
 * S2: the 6-digit code. One field (paste and autofill allowed), its label is the page's `<h1>` and
 * takes focus on arrival. Link entry says where the code went; typed entry stays neutral so no page
 * reveals whether a CPF is known. A resent code does not invalidate the first one (API rule).
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { parseCode } from '../../../shared/input.ts';
import { ErrorSummary, type FieldError, Page, Status, TextField } from '../../../shared/ui/components.tsx';
import { api, type Failure, type StartBody } from '../api.ts';
import { identification, setIdentification, startSession } from '../state.ts';
import { Back, FailureNotice } from '../ui.tsx';

const CHANNEL_LABEL: Record<string, string> = {
  sms: 'Receber por SMS',
  whatsapp: 'Receber pelo WhatsApp',
  email: 'Receber por e-mail',
};
// Typed entry: the person does not see which contacts we hold; the API uses only those.
const DEFAULT_CHANNELS = [
  { channel: 'whatsapp', destination: '' },
  { channel: 'email', destination: '' },
];

export function Code() {
  const { route } = useLocation();
  const who = identification.value;
  const code = useSignal('');
  const errors = useSignal<FieldError[]>([]);
  const failure = useSignal<Failure | null>(null);
  const status = useSignal('');
  const busy = useSignal(false);

  useEffect(() => {
    if (!who) route('/portal', true);
  }, []);
  if (!who) return null;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    const c = parseCode(code.value);
    errors.value = c.ok ? [] : [{ field: 'codigo', message: c.message }];
    if (!c.ok) return;
    busy.value = true;
    failure.value = null;
    const body: { document?: string; birthDate?: string; code: string } = { code: c.value };
    if (who.document) body.document = who.document;
    if (who.birthDate) body.birthDate = who.birthDate;
    const r = await api.verify(body);
    busy.value = false;
    if (r.ok) {
      startSession(r.data.csrfToken);
      // The CPF and birth date are not kept in the browser once identified.
      setIdentification({ linked: who.linked ?? false, birthDate: null });
      route('/portal/dividas');
      return;
    }
    if (r.kind === 'unauthorized') {
      errors.value = [
        {
          field: 'codigo',
          message:
            'Não conseguimos confirmar seus dados. Confira o código e a data de nascimento e tente de novo.',
        },
      ];
      return;
    }
    failure.value = r;
  };

  const resend = async (channel?: StartBody['channel']) => {
    status.value = '';
    const r = await api.start({
      ...(who.document ? { document: who.document } : {}),
      ...(channel ? { channel } : {}),
    });
    if (r.ok) {
      status.value = 'Novo código enviado.';
      if (r.data.destination) setIdentification({ ...who, codeHint: r.data.destination });
    } else failure.value = r;
  };

  const sentTo = who.codeHint
    ? `Enviamos um código de 6 números para o ${who.codeHint}. Ele vale por 10 minutos.`
    : 'Se os dados estiverem certos, você vai receber um código de 6 números no celular cadastrado. Pode levar alguns minutos.';

  return (
    <Page title="Código de verificação" hasErrors={errors.value.length > 0} focusId="codigo">
      <Back href={who.linked ? '/portal/?entrada=link' : '/portal'} />
      <ErrorSummary errors={errors.value} />
      <FailureNotice failure={failure.value} />
      <form noValidate onSubmit={submit}>
        <TextField
          id="codigo"
          labelAsHeading
          label="Digite o código que enviamos"
          hint={sentTo}
          inputMode="numeric"
          autoComplete="one-time-code"
          value={code.value}
          error={errors.value[0]?.message}
          onInput={(v) => {
            code.value = v;
          }}
          width="10rem"
        />
        <button type="submit" class="button primary" aria-disabled={busy.value || undefined}>
          Confirmar
        </button>
      </form>
      <Status>{status.value}</Status>
      <details>
        <summary>Não recebeu o código?</summary>
        <p>Pode levar alguns minutos. Se não chegar, peça outro ou receba por outro canal que já temos.</p>
        <p>
          <button type="button" class="link-button" onClick={() => resend()}>
            Enviar outro código
          </button>
        </p>
        {(who.channels ?? DEFAULT_CHANNELS).map((ch) => (
          <p key={ch.channel}>
            <button
              type="button"
              class="link-button"
              onClick={() => resend(ch.channel as StartBody['channel'])}
            >
              {CHANNEL_LABEL[ch.channel] ?? ch.channel}
              {ch.destination ? ` (${ch.destination})` : ''}
            </button>
          </p>
        ))}
      </details>
      <details>
        <summary>Não tenho mais esse número</summary>
        <p>
          Por segurança, só enviamos o código para contatos que já temos. Fale com uma pessoa pelo telefone do
          SAC, no rodapé desta página, e atualizamos seu cadastro.
        </p>
      </details>
    </Page>
  );
}
