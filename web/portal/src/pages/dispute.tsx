/**
 * "Não reconheço esta dívida": reasons as radios, optional text → a protocol number at once; while
 * it is analysed, collection and any credit-bureau listing on that debt stop (the API does it).
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { formatDate, formatMoney } from '../../../../src/platform/format.ts';
import { ErrorSummary, type FieldError, Page, Radios, TextField } from '../../../shared/ui/components.tsx';
import { api, type DisputeBody, type Failure, type PortalDebt } from '../api.ts';
import { session } from '../state.ts';
import { FailureNotice, Loading } from '../ui.tsx';

const REASONS = [
  { value: 'not_mine', label: 'Esta dívida não é minha' },
  { value: 'already_paid', label: 'Já paguei' },
  { value: 'wrong_amount', label: 'O valor está errado' },
  { value: 'other', label: 'Outro motivo' },
];

export function Dispute() {
  const { query } = useRoute();
  const debts = useSignal<(PortalDebt & { creditorName: string })[] | null>(null);
  const debtId = useSignal<string | null>(query.divida ?? null);
  const reason = useSignal<string | null>(null);
  const details = useSignal('');
  const errors = useSignal<FieldError[]>([]);
  const failure = useSignal<Failure | null>(null);
  const done = useSignal<{ protocol: string; answerBy: string; message: string } | null>(null);
  const busy = useSignal(false);

  useEffect(() => {
    if (session.value !== 'active') return;
    api.debts().then((r) => {
      if (r.ok) {
        const all = r.data.creditors.flatMap((g) =>
          g.debts.map((d) => ({ ...d, creditorName: g.creditor.legalName })),
        );
        debts.value = all;
        if (!debtId.value && all.length === 1) debtId.value = all[0]!.id;
      } else failure.value = r;
    });
  }, []);

  if (session.value !== 'active') {
    return (
      <Page title="Não reconheço esta dívida" heading="Não reconheço esta dívida">
        <p>
          Para contestar uma dívida, primeiro confirmamos que é você: assim ninguém contesta no seu lugar.
          Depois disso, a contestação leva um minuto e você recebe um número de protocolo na hora.
        </p>
        <a class="button primary" href="/portal">
          Confirmar que sou eu
        </a>
        <p style={{ marginTop: '1rem' }}>
          Se preferir, fale com uma pessoa pelo SAC (telefone no rodapé). Nunca pedimos senha do banco.
        </p>
      </Page>
    );
  }
  if (done.value) {
    return (
      <Page title="Contestação recebida" heading="Recebemos seu pedido">
        <div class="notice ok">
          <p>
            Protocolo <strong>{done.value.protocol}</strong>. Enquanto analisamos, paramos os contatos de
            cobrança e qualquer negativação desta dívida.
            {done.value.answerBy ? ` Respondemos até ${formatDate(done.value.answerBy)}.` : ''}
          </p>
        </div>
        <p>Guarde este número. Você também recebe uma cópia pelo contato cadastrado.</p>
        <a href="/portal/dividas">Voltar para minhas dívidas</a>
      </Page>
    );
  }
  if (!debts.value) return failure.value ? <FailureNotice failure={failure.value} /> : <Loading />;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    const found: FieldError[] = [];
    if (!debtId.value) found.push({ field: 'divida', message: 'Escolha a dívida que você não reconhece' });
    if (!reason.value) found.push({ field: 'motivo', message: 'Escolha o motivo' });
    errors.value = found;
    if (found.length > 0) return;
    busy.value = true;
    const body: DisputeBody = {
      debtId: debtId.value!,
      reason: reason.value as DisputeBody['reason'],
    };
    if (details.value.trim()) body.details = details.value.trim();
    const r = await api.dispute(body);
    busy.value = false;
    if (r.ok) done.value = r.data;
    else failure.value = r;
  };

  return (
    <Page
      back="/portal/dividas"
      title="Não reconheço esta dívida"
      heading="Não reconheço esta dívida"
      hasErrors={errors.value.length > 0}
    >
      <p>Conte o que está errado. Você recebe um número de protocolo na hora.</p>
      <ErrorSummary errors={errors.value} />
      <FailureNotice failure={failure.value} onRetry={() => submit(new Event('submit'))} />
      <form noValidate onSubmit={submit}>
        {debts.value.length > 1 && (
          <Radios
            name="divida"
            legend="Qual dívida?"
            value={debtId.value}
            error={errors.value.find((x) => x.field === 'divida')?.message}
            onChange={(v) => {
              debtId.value = v;
            }}
            choices={debts.value.map((d) => ({
              value: d.id,
              label: `${d.creditorName}: ${formatMoney(d.totalCents)}`,
              hint: `Contrato ${d.contract}, venceu em ${formatDate(d.dueDate)}`,
            }))}
          />
        )}
        <Radios
          name="motivo"
          legend="Por que você não reconhece?"
          value={reason.value}
          error={errors.value.find((x) => x.field === 'motivo')?.message}
          onChange={(v) => {
            reason.value = v;
          }}
          choices={REASONS}
        />
        <TextField
          id="detalhes"
          label="Quer explicar melhor? (opcional)"
          multiline
          value={details.value}
          onInput={(v) => {
            details.value = v;
          }}
        />
        <button type="submit" class="button primary" aria-disabled={busy.value || undefined}>
          Enviar contestação
        </button>
      </form>
    </Page>
  );
}
