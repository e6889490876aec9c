/**
 * "Quitar ou adiantar parcelas" (CDC art. 52 §2º): paying earlier gives back the interest of the
 * installments not yet due. Shows today's amount to settle everything and how much interest that gives
 * back, the options to settle the last 1, 2, … installments, then — on "Pagar com Pix" — the payment
 * block (payee first, amount and validity, copy-paste code, QR).
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { formatDate, formatMoney } from '../../../../src/platform/format.ts';
import { ErrorSummary, type FieldError, Page, Radios, Status } from '../../../shared/ui/components.tsx';
import { type Agreement, api, type Failure, type Payoff } from '../api.ts';
import { PixPay } from '../pix-pay.tsx';
import { FailureNotice, Loading } from '../ui.tsx';

const P = '/api/portal/v1';
/** Whether a partial prepayment can be charged on its own (a Pix of its amount) from the portal. */
const PARTIAL_PAYABLE = false;

/** "a última parcela (nº 6)", "as 2 últimas parcelas (nº 5 e 6)". */
export function lastInstallmentsText(numbers: number[]): string {
  const sorted = [...numbers].sort((a, b) => a - b);
  if (sorted.length === 1) return `a última parcela (nº ${sorted[0]})`;
  const list = `${sorted.slice(0, -1).join(', ')} e ${sorted[sorted.length - 1]}`;
  return `as ${sorted.length} últimas parcelas (nº ${list})`;
}

interface Choice {
  value: string;
  what: string;
  amountCents: number;
  reductionCents: number;
  faceCents: number;
}

export function PayoffPage() {
  const { params, query } = useRoute();
  const { route } = useLocation();
  const id = params.id ?? '';
  const quote = useSignal<Payoff | null>(null);
  const agreement = useSignal<Agreement | null>(null);
  const failure = useSignal<Failure | null>(null);
  const selected = useSignal<string | null>(null);
  const errors = useSignal<FieldError[]>([]);
  const announce = useSignal('');

  const load = async () => {
    failure.value = null;
    const [q, a] = await Promise.all([api.payoff(id), api.agreement(id)]);
    if (!q.ok) failure.value = q;
    else if (!a.ok) failure.value = a;
    else {
      quote.value = q.data;
      agreement.value = a.data;
    }
  };
  useEffect(() => {
    load();
  }, [id]);

  const back = `/portal/acordos/${id}`;
  const q = quote.value;
  const a = agreement.value;
  if (!q || !a) {
    return failure.value ? (
      <Page title="Quitar ou adiantar parcelas" heading="Quitar ou adiantar parcelas" back={back}>
        <FailureNotice failure={failure.value} onRetry={load} />
      </Page>
    ) : (
      <Loading text="Calculando o valor de hoje…" />
    );
  }

  const faceOf = (numbers: number[]) =>
    q.lines.filter((l) => numbers.includes(l.number)).reduce((s, l) => s + l.remainingCents, 0);
  // Settling every remaining installment is the payoff itself: listed once, first.
  const choices: Choice[] = [
    {
      value: 'all',
      what: 'Quitar o acordo: pagar tudo o que falta',
      amountCents: q.amountCents,
      reductionCents: q.reductionCents,
      faceCents: q.outstandingCents,
    },
    ...q.prepaymentOptions
      .filter((o) => o.installments < q.lines.length)
      .map((o) => ({
        value: String(o.installments),
        what: `Adiantar ${lastInstallmentsText(o.numbers)}`,
        amountCents: o.amountCents,
        reductionCents: o.reductionCents,
        faceCents: faceOf(o.numbers),
      })),
  ];

  // The payment step has its own address (?pagar=…): browser Back and "Voltar" both return to the choice.
  const paying = choices.find((c) => c.value === query.pagar && (PARTIAL_PAYABLE || c.value === 'all'));
  const here = `/portal/acordos/${id}/quitar`;
  if (paying) {
    const c = paying;
    return (
      <Page key="pagar" title="Pagar com Pix" heading="Pagar com Pix" back={here}>
        <Status>{announce.value && <div class="notice">{announce.value}</div>}</Status>
        <div class="card">
          <dl class="summary">
            <div>
              <dt>O que você paga</dt>
              <dd>{c.what}</dd>
            </div>
            <div>
              <dt>Recebedor</dt>
              <dd>{a.payee.legalName}</dd>
            </div>
            <div>
              <dt>CNPJ</dt>
              <dd>{a.payee.cnpj}</dd>
            </div>
            <div>
              <dt>Valor</dt>
              <dd>
                <strong>{formatMoney(c.amountCents)}</strong>
              </dd>
            </div>
            {c.reductionCents > 0 && (
              <div>
                <dt>Juros descontados</dt>
                <dd>{formatMoney(c.reductionCents)}</dd>
              </div>
            )}
          </dl>
          <p>
            No app do banco, o recebedor deve ser {a.payee.legalName}, CNPJ {a.payee.cnpj}. Se aparecer outro
            nome, não pague e fale com a gente.
          </p>
        </div>
        <p>
          Este valor vale para pagamento hoje, {formatDate(q.validUntil)}. Amanhã o desconto muda um pouco.
        </p>
        {q.pix ? (
          <>
            <PixPay
              brCode={q.pix.brCode}
              qrSrc={`${P}/agreements/${a.id}/payoff/pix.svg`}
              amountCents={c.amountCents}
              payee={a.payee}
              onCopied={(message) => {
                announce.value = message;
              }}
            />
            <p class="muted">
              Este pagamento é conferido pela nossa equipe. Quando ele for confirmado, o acordo aparece como
              quitado e o recibo fica disponível na página do acordo.
            </p>
          </>
        ) : (
          <p>
            O Pix não está disponível para este credor. Para pagar antes,{' '}
            <a href="/portal/falar">fale com uma pessoa</a>.
          </p>
        )}
      </Page>
    );
  }

  const pay = (e: Event) => {
    e.preventDefault();
    const c = PARTIAL_PAYABLE ? choices.find((x) => x.value === selected.value) : choices[0];
    if (!c) {
      errors.value = [{ field: 'quitar', message: 'Escolha quanto quer pagar agora' }];
      return;
    }
    errors.value = [];
    route(`${here}?pagar=${c.value}`);
  };

  const partials = choices.slice(1);
  return (
    <Page
      key="escolher"
      title="Quitar ou adiantar parcelas"
      back={back}
      hasErrors={errors.value.length > 0}
      heading="Quitar ou adiantar parcelas"
    >
      {q.reductionCents > 0 ? (
        <p>
          Pagando antes, você não paga os juros das parcelas que ainda não venceram. É um direito seu (Código
          de Defesa do Consumidor, art. 52, § 2º).
        </p>
      ) : (
        <p>
          Você pode pagar antes quando quiser. Este acordo não cobra juros nas parcelas, então o valor para
          quitar é o que falta pagar, sem desconto.
        </p>
      )}
      <div class="card">
        <dl class="summary">
          <div>
            <dt>Falta pagar, pelo valor das parcelas</dt>
            <dd>{formatMoney(q.outstandingCents)}</dd>
          </div>
          <div>
            <dt>Para quitar hoje</dt>
            <dd>
              <strong>{formatMoney(q.amountCents)}</strong>
            </dd>
          </div>
          <div>
            <dt>Juros que você deixa de pagar</dt>
            <dd>{formatMoney(q.reductionCents)}</dd>
          </div>
        </dl>
        <p class="muted">Valores para pagamento hoje, {formatDate(q.validUntil)}.</p>
      </div>
      <ErrorSummary errors={errors.value} />
      {PARTIAL_PAYABLE ? (
        <form noValidate onSubmit={pay}>
          <Radios
            name="quitar"
            legend="Quanto você quer pagar agora?"
            error={errors.value[0]?.message}
            value={selected.value}
            onChange={(v) => {
              selected.value = v;
            }}
            choices={choices.map((c) => ({
              value: c.value,
              label: `${c.what}: ${formatMoney(c.amountCents)}`,
              hint:
                c.reductionCents > 0
                  ? `Em vez de ${formatMoney(c.faceCents)}: ${formatMoney(c.reductionCents)} a menos de juros.`
                  : undefined,
            }))}
          />
          <button type="submit" class="button primary">
            Pagar com Pix
          </button>
        </form>
      ) : (
        <>
          <form noValidate onSubmit={pay}>
            <button type="submit" class="button primary">
              Quitar com Pix: {formatMoney(q.amountCents)}
            </button>
          </form>
          {partials.length > 0 && (
            <section aria-labelledby="adiantar">
              <h2 id="adiantar">Adiantar só as últimas parcelas</h2>
              <p>
                {q.reductionCents > 0
                  ? 'O acordo termina antes, e você paga menos juros:'
                  : 'O acordo termina antes:'}
              </p>
              <ul>
                {partials.map((c) => (
                  <li key={c.value}>
                    {c.what}: <strong>{formatMoney(c.amountCents)}</strong>
                    {c.reductionCents > 0 && ` em vez de ${formatMoney(c.faceCents)}`}
                  </li>
                ))}
              </ul>
              <p>
                Para adiantar só algumas parcelas, <a href="/portal/falar">fale com uma pessoa</a>: ela gera o
                Pix desse valor.
              </p>
            </section>
          )}
        </>
      )}
      <details>
        <summary>Como o desconto é calculado?</summary>
        <p>
          Cada parcela que ainda vai vencer é trazida para hoje pela mesma taxa de juros do acordo: quanto
          mais longe o vencimento, maior o desconto. As parcelas já vencidas são pagas pelo valor delas, sem
          desconto.
        </p>
      </details>
    </Page>
  );
}
