/**
 * "Como saber se é a gente" (public): how our messages look and what we never ask, and a field to
 * check the verification code printed on a message, letter or boleto — it shows which agency and
 * creditor issued it and when, never any debt detail.
 */
import { useSignal } from '@preact/signals';
import { useLocation } from 'preact-iso';
import { formatDate, labelledDocument } from '../../../../src/platform/format.ts';
import { ErrorSummary, type FieldError, Page, TextField } from '../../../shared/ui/components.tsx';
import { api, type Failure, type Genuineness } from '../api.ts';
import { FailureNotice } from '../ui.tsx';

export function Genuine() {
  const { query } = useLocation();
  const code = useSignal(query.codigo ?? '');
  const errors = useSignal<FieldError[]>([]);
  const failure = useSignal<Failure | null>(null);
  const result = useSignal<Genuineness | null>(null);
  const busy = useSignal(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    const value = code.value.replace(/[\s.-]/g, '').toUpperCase();
    errors.value = value
      ? []
      : [{ field: 'verificacao', message: 'Digite o código de verificação da mensagem' }];
    if (!value) return;
    busy.value = true;
    failure.value = null;
    const r = await api.genuine(value);
    busy.value = false;
    if (r.ok) result.value = r.data;
    else if (r.kind === 'problem' && r.status === 404) result.value = { found: false, message: '' };
    else failure.value = r;
    requestAnimationFrame(() => document.getElementById('resultado')?.focus());
  };
  const r = result.value;
  return (
    <Page
      title="Como saber se é a gente"
      heading="Como saber se é a gente"
      hasErrors={errors.value.length > 0}
    >
      <ul>
        <li>Nunca pedimos senha do banco nem código por telefone.</li>
        <li>
          O recebedor é sempre o credor ou a assessoria, com o nome e o documento (CNPJ, ou CPF quando o
          credor é uma pessoa) que aparecem na página do seu acordo. Se o app do banco mostrar outro, não
          pague.
        </li>
        <li>Não cobramos taxa para limpar o nome.</li>
        <li>Não fazemos oferta só por hoje.</li>
        <li>Nossas mensagens não pedem dados: você confirma quem é só aqui no portal.</li>
      </ul>
      <h2>Confira um código</h2>
      <p>
        Nossas mensagens, cartas e boletos trazem um código de verificação. Digite-o para ver quem enviou.
      </p>
      <ErrorSummary errors={errors.value} />
      <form noValidate onSubmit={submit}>
        <TextField
          id="verificacao"
          label="Código de verificação"
          value={code.value}
          error={errors.value[0]?.message}
          onInput={(v) => {
            code.value = v;
          }}
          width="14rem"
        />
        <button type="submit" class="button primary" aria-disabled={busy.value || undefined}>
          Conferir
        </button>
      </form>
      <FailureNotice failure={failure.value} />
      <div role="status">
        {r && (
          <section class={`notice ${r.found ? 'ok' : 'warn'}`} aria-labelledby="resultado">
            <h2 id="resultado" tabIndex={-1}>
              {r.found ? 'Este código é nosso' : 'Não encontramos este código'}
            </h2>
            {r.found ? (
              <p>
                Enviado por {r.agency}
                {r.creditor ? `, em nome de ${r.creditor.name}, ${labelledDocument(r.creditor.cnpj)}` : ''}
                {r.issuedOn ? `, em ${formatDate(r.issuedOn)}` : ''}.
              </p>
            ) : (
              <p>
                {r.message ||
                  'Confira se digitou o código inteiro. Se a mensagem pedir senha, Pix para uma pessoa ou pagamento com pressa, não responda: fale com a gente pelo SAC, no rodapé.'}
              </p>
            )}
          </section>
        )}
      </div>
      <h2>Recebeu algo suspeito?</h2>
      <p>
        Não clique em links nem pague nada. Ligue para o nosso SAC (no rodapé) e conte o que recebeu: assim
        avisamos outras pessoas.
      </p>
    </Page>
  );
}
