/**
 * S3: the person's open debts, grouped by creditor (legal name + CNPJ, CDC art. 42-A), each with its
 * total today and every balance line with the rule behind it; prescribed debts say so plainly. Then
 * "Quanto cabe no seu bolso por mês?" (and, collapsed, the optional income) → the offers.
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { formatDate, formatMoney, labelledDocument } from '../../../../src/platform/format.ts';
import { parseWholeReais } from '../../../shared/input.ts';
import { ErrorSummary, type FieldError, Page, TextField } from '../../../shared/ui/components.tsx';
import { api, type DebtsAnswer, type Failure, type PortalDebt } from '../api.ts';
import { budget, setBudget, setOffers } from '../state.ts';
import { FailureNotice, Loading } from '../ui.tsx';

const LINE_LABELS: Record<string, string> = {
  principal: 'Valor original',
  fine: 'Multa por atraso',
  interest: 'Juros de mora',
  correction: 'Correção pela inflação',
  fees: 'Honorários',
};

export function Debts() {
  const { route } = useLocation();
  const data = useSignal<DebtsAnswer | null>(null);
  const failure = useSignal<Failure | null>(null);
  const submitFailure = useSignal<Failure | null>(null);
  const budgetText = useSignal(budget.value.budgetCents ? String(budget.value.budgetCents / 100) : '');
  const incomeText = useSignal(budget.value.incomeCents ? String(budget.value.incomeCents / 100) : '');
  const errors = useSignal<FieldError[]>([]);
  const busy = useSignal(false);

  const load = async () => {
    failure.value = null;
    const r = await api.debts();
    if (r.ok) data.value = r.data;
    else failure.value = r;
  };
  useEffect(() => {
    load();
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    const b = parseWholeReais(budgetText.value);
    const i = parseWholeReais(incomeText.value);
    const found: FieldError[] = [];
    if (!b.ok) found.push({ field: 'orcamento', message: b.message });
    if (!i.ok) found.push({ field: 'renda', message: i.message });
    errors.value = found;
    if (!b.ok || !i.ok) return;
    setBudget({ budgetCents: b.value, incomeCents: i.value });
    busy.value = true;
    submitFailure.value = null;
    const body: { monthlyBudgetCents?: number; monthlyIncomeCents?: number } = {};
    if (b.value !== null) body.monthlyBudgetCents = b.value;
    if (i.value !== null) body.monthlyIncomeCents = i.value;
    const r = await api.offers(body);
    busy.value = false;
    if (!r.ok) {
      submitFailure.value = r;
      return;
    }
    setOffers(r.data);
    route('/portal/opcoes');
  };

  if (failure.value) {
    return (
      <Page title="Suas dívidas" heading="Suas dívidas">
        <FailureNotice failure={failure.value} onRetry={load} />
      </Page>
    );
  }
  const d = data.value;
  if (!d) return <Loading text="Carregando suas dívidas…" />;
  const heading = d.heading;
  return (
    <Page title="Suas dívidas" heading={heading} hasErrors={errors.value.length > 0}>
      {d.count === 0 ? (
        <p>
          Não há nada em aberto com a gente neste momento. Se você recebeu uma cobrança e acha que é engano,
          fale com uma pessoa.
        </p>
      ) : (
        <>
          {d.creditors.map((g) => (
            <section key={g.creditor.id} aria-labelledby={`credor-${g.creditor.id}`}>
              <h2 id={`credor-${g.creditor.id}`}>{g.creditor.legalName}</h2>
              <p class="muted">
                {labelledDocument(g.creditor.cnpj)}
                {g.creditor.address ? ` · ${g.creditor.address}` : ''}
              </p>
              {g.debts.map((debt) => (
                <DebtCard key={debt.id} debt={debt} date={d.date} />
              ))}
            </section>
          ))}
          <p>
            <a href="/portal/momento-dificil">Estou passando por um momento difícil</a>
          </p>
          <ErrorSummary errors={errors.value} />
          <FailureNotice failure={submitFailure.value} onRetry={() => submit(new Event('submit'))} />
          <form noValidate onSubmit={submit}>
            <h2>Vamos ver as opções de acordo</h2>
            <TextField
              id="orcamento"
              label="Quanto cabe no seu bolso por mês? (opcional)"
              hint="Valor em reais. Pense no que sobra depois de aluguel, comida, luz e transporte. Pode deixar em branco."
              prefix="R$"
              inputMode="numeric"
              value={budgetText.value}
              error={errors.value.find((x) => x.field === 'orcamento')?.message}
              onInput={(v) => {
                budgetText.value = v;
              }}
              width="10rem"
            />
            <details open={Boolean(incomeText.value) || errors.value.some((x) => x.field === 'renda')}>
              <summary>Informar minha renda (opcional)</summary>
              <TextField
                id="renda"
                label="Qual é a sua renda por mês? (opcional)"
                hint="Usamos só para não oferecer parcelas que deixem você sem o mínimo para viver (o mínimo existencial da lei do superendividamento)."
                prefix="R$"
                inputMode="numeric"
                value={incomeText.value}
                error={errors.value.find((x) => x.field === 'renda')?.message}
                onInput={(v) => {
                  incomeText.value = v;
                }}
                width="10rem"
              />
            </details>
            <button type="submit" class="button primary" aria-disabled={busy.value || undefined}>
              Ver opções
            </button>
          </form>
        </>
      )}
    </Page>
  );
}

function DebtCard(props: { debt: PortalDebt; date: string }) {
  const { debt } = props;
  return (
    <article class="card" aria-labelledby={`divida-${debt.id}`}>
      <h3 id={`divida-${debt.id}`}>{debt.product || `Contrato ${debt.contract}`}</h3>
      <dl class="summary">
        <div>
          <dt>Contrato</dt>
          <dd>{debt.contract}</dd>
        </div>
        <div>
          <dt>Valor original</dt>
          <dd>{formatMoney(debt.originalAmountCents)}</dd>
        </div>
        <div>
          <dt>Venceu em</dt>
          <dd>{formatDate(debt.dueDate)}</dd>
        </div>
      </dl>
      <p>Valor hoje, {formatDate(props.date)}:</p>
      <p class="total">{formatMoney(debt.totalCents)}</p>
      {debt.prescribed && (
        <div class="notice">
          <p>
            Esta dívida venceu há mais de 5 anos. Por lei, ela não pode mais ser cobrada nem aparecer como
            negativação. Pagar é escolha sua.
          </p>
        </div>
      )}
      {debt.disputed && (
        <div class="notice">
          <p>Você contestou esta dívida. Enquanto analisamos, não há cobrança sobre ela.</p>
        </div>
      )}
      <details>
        <summary>Por que esse valor?</summary>
        <table class="lines">
          <caption class="visually-hidden">Como chegamos ao valor de hoje</caption>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col" class="amount">
                Valor
              </th>
            </tr>
          </thead>
          <tbody>
            {debt.lines.map((line) => (
              <tr key={line.kind}>
                <td>
                  <strong>{line.label || LINE_LABELS[line.kind] || line.kind}</strong>
                  <br />
                  <span class="muted">{line.rule}</span>
                </td>
                <td class="amount">{formatMoney(line.amountCents)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">Total hoje</th>
              <td class="amount">
                <strong>{formatMoney(debt.totalCents)}</strong>
              </td>
            </tr>
          </tbody>
        </table>
      </details>
      <p>
        <a href={`/portal/contestar?divida=${debt.id}`}>
          Não reconheço esta dívida<span class="visually-hidden"> ({formatMoney(debt.totalCents)})</span>
        </a>
      </p>
    </article>
  );
}
