/**
 * "Quitar ou adiantar parcelas" (CDC art. 52 §2º): paying earlier gives back the interest of the
 * installments not yet due. Shows today's amount to settle everything and how much interest that gives
 * back, the options to settle the last 1, 2, … installments, then — on "Pagar com Pix" — a prepayment
 * of that many installments (`POST agreements/{id}/prepayments`, its own Pix and, when the creditor has
 * a boleto account, its own boleto due on the day quoted; applied by the Pix webhook or the bank's return
 * file without a person) and its payment block (payee first, amount and validity, copy-paste code, QR;
 * "Pagar com boleto" one fold away). While the page is visible it checks whether the payment arrived.
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { documentLabel, formatDate, formatMoney, labelledDocument } from '../../../../src/platform/format.ts';
import { ErrorSummary, type FieldError, Page, Radios, Status } from '../../../shared/ui/components.tsx';
import { type Agreement, api, type Failure, type Payoff, type Prepayment } from '../api.ts';
import { BoletoPay } from '../boleto-pay.tsx';
import { PixPay } from '../pix-pay.tsx';
import { FailureNotice, Loading } from '../ui.tsx';

const P = '/api/portal/v1';

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
  const _announce = useSignal('');

  const load = async () => {
    failure.value = null;
    const a = await api.agreement(id);
    if (!a.ok) {
      failure.value = a;
      return;
    }
    agreement.value = a.data;
    // Only an agreement in progress has something to settle (said in words, not as an error).
    if (a.data.status !== 'active') return;
    const q = await api.payoff(id);
    if (q.ok) quote.value = q.data;
    else failure.value = q;
  };
  useEffect(() => {
    load();
  }, [id]);

  const back = `/portal/acordos/${id}`;
  const q = quote.value;
  const a = agreement.value;
  if (a && a.status !== 'active') {
    return (
      <Page title="Quitar ou adiantar parcelas" heading="Não há parcelas para quitar" back={back}>
        <p>
          Este acordo não está em andamento ({a.statusText.toLowerCase()}), então não há parcelas para quitar
          ou adiantar.
        </p>
      </Page>
    );
  }
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
  const paying = choices.find((c) => c.value === query.pagar);
  const here = `/portal/acordos/${id}/quitar`;
  if (paying) {
    const count = paying.value === 'all' ? q.lines.length : Number(paying.value);
    return (
      <PrepaymentPay
        key={`pagar-${count}`}
        agreement={a}
        count={count}
        what={paying.what}
        back={here}
        pix={q.pix !== null}
      />
    );
  }

  const pay = (e: Event) => {
    e.preventDefault();
    const c = choices.find((x) => x.value === selected.value);
    if (!c) {
      errors.value = [{ field: 'quitar', message: 'Escolha quanto quer pagar agora' }];
      return;
    }
    errors.value = [];
    route(`${here}?pagar=${c.value}`);
  };

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
          {q.reductionCents > 0 && (
            <div>
              <dt>Juros que você deixa de pagar</dt>
              <dd>{formatMoney(q.reductionCents)}</dd>
            </div>
          )}
        </dl>
        <p class="muted">Valores para pagamento hoje, {formatDate(q.validUntil)}.</p>
      </div>
      <ErrorSummary errors={errors.value} />
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
          {q.pix ? 'Pagar com Pix' : 'Pagar com boleto'}
        </button>
      </form>
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

const POLL_MS = 4000;
/** One creation per agreement and count at a time (a double render or a double tap make one). */
const creating = new Map<string, Promise<unknown>>();

/**
 * The payment of a prepayment of the last `count` installments: reuses today's open one for the same
 * installments (a reload or Back and forth never piles up charges), else creates it; shows its Pix when
 * the code exists (a PSP charge is registered right after; until then "Gerando o código Pix…").
 */
function PrepaymentPay(props: {
  agreement: Agreement;
  count: number;
  what: string;
  back: string;
  /** The creditor takes Pix (the payoff quote has one): the heading says so before the charge loads. */
  pix: boolean;
}) {
  const a = props.agreement;
  const prepayment = useSignal<Prepayment | null>(null);
  const failure = useSignal<Failure | null>(null);
  const announce = useSignal('');

  const reuse = (items: Prepayment[]) =>
    items.find((p) => p.status === 'open' && p.installmentNumbers.length === props.count) ?? null;

  const start = async () => {
    failure.value = null;
    const key = `${a.id}:${props.count}`;
    const pending =
      creating.get(key) ??
      (async () => {
        const list = await api.prepayments(a.id);
        if (!list.ok) return list;
        const open = reuse(list.data.items);
        return open ? { ok: true as const, data: open, status: 200 } : api.prepay(a.id, props.count);
      })().finally(() => creating.delete(key));
    creating.set(key, pending);
    const r = (await pending) as Awaited<ReturnType<typeof api.prepay>>;
    if (r.ok) prepayment.value = r.data;
    else failure.value = r;
  };

  // While visible: the code once the PSP registered it, and the payment once it arrives.
  const check = async () => {
    const current = prepayment.value;
    if (current?.status !== 'open' || document.visibilityState !== 'visible') return;
    const r = await api.prepayments(a.id);
    if (!r.ok) return;
    const now = r.data.items.find((p) => p.id === current.id);
    if (!now) return;
    if (now.status === 'paid') {
      announce.value = 'Pagamento recebido. As parcelas foram quitadas e o recibo está na página do acordo.';
    }
    prepayment.value = now;
  };
  useEffect(() => {
    start();
    const timer = setInterval(check, POLL_MS);
    document.addEventListener('visibilitychange', check);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', check);
    };
  }, [a.id, props.count]);

  const p = prepayment.value;
  // Pix is the default and the boleto one fold away (portal-ux §6); a creditor without Pix: the boleto.
  const title = (p ? p.pix !== null || !p.boleto : props.pix) ? 'Pagar com Pix' : 'Pagar com boleto';
  const onCopied = (message: string) => {
    announce.value = message;
  };
  return (
    <Page title={title} heading={title} back={props.back}>
      <Status>
        {announce.value && (
          <div class={`notice ${announce.value.startsWith('Pagamento') ? 'ok' : ''}`}>
            <p>{announce.value}</p>
          </div>
        )}
      </Status>
      <FailureNotice failure={failure.value} onRetry={start} what="Nenhuma cobrança foi criada." />
      {!p && !failure.value && <Loading text="Preparando o pagamento…" />}
      {p && (
        <>
          <div class="card">
            <dl class="summary">
              <div>
                <dt>{p.status === 'paid' ? 'O que você pagou' : 'O que você paga'}</dt>
                <dd>{props.what}</dd>
              </div>
              <div>
                <dt>Recebedor</dt>
                <dd>{a.payee.legalName}</dd>
              </div>
              <div>
                <dt>{documentLabel(a.payee.cnpj)}</dt>
                <dd>{a.payee.cnpj}</dd>
              </div>
              <div>
                <dt>Valor</dt>
                <dd>
                  <strong>{formatMoney(p.amountCents)}</strong>
                </dd>
              </div>
              {p.reductionCents > 0 && (
                <div>
                  <dt>Juros descontados</dt>
                  <dd>{formatMoney(p.reductionCents)}</dd>
                </div>
              )}
            </dl>
            <p>
              No app do banco, o recebedor deve ser {a.payee.legalName}, {labelledDocument(a.payee.cnpj)}. Se
              aparecer outro nome, não pague e fale com a gente.
            </p>
          </div>
          {p.status === 'paid' ? (
            <p>
              <a class="button primary" href={`/portal/acordos/${a.id}`}>
                Ver o acordo e o recibo
              </a>
            </p>
          ) : p.status !== 'open' ? (
            <p>
              Este valor não vale mais. <a href={props.back}>Veja o valor de hoje</a>.
            </p>
          ) : (
            <>
              {p.pix?.brCode ? (
                <PixPay
                  brCode={p.pix.brCode}
                  qrSrc={`${P}/agreements/${a.id}/prepayments/${p.id}/pix.svg`}
                  amountCents={p.amountCents}
                  payee={a.payee}
                  validUntil={`${p.validUntil}T23:59:00-03:00`}
                  onCopied={onCopied}
                />
              ) : p.pix ? (
                <p role="status">Gerando o código Pix… Ele aparece aqui em alguns segundos.</p>
              ) : null}
              {p.boleto && (
                <BoletoPay
                  line={p.boleto.linhaDigitavel}
                  payee={a.payee}
                  summary="Pagar com boleto"
                  open={!p.pix}
                  dueDate={p.boleto.dueDate}
                  dueNote="Vale o dia em que você pagar, mesmo que o banco leve alguns dias para nos avisar."
                  pdfUrl={`${P}/agreements/${a.id}/prepayments/${p.id}/boleto.pdf`}
                  onCopied={onCopied}
                />
              )}
              {p.pix || p.boleto ? (
                <p class="muted">
                  Quando o banco confirmar, as parcelas quitadas aparecem como pagas na página do acordo, com
                  o recibo. Depois de {formatDate(p.validUntil)}, o desconto é calculado de novo.
                </p>
              ) : (
                <p>
                  O pagamento por Pix ou boleto não está disponível para este credor. Para pagar antes,{' '}
                  <a href="/portal/falar">fale com uma pessoa</a>.
                </p>
              )}
            </>
          )}
        </>
      )}
    </Page>
  );
}
