/**
 * "Mudar a data de uma parcela": once per agreement, within the policy's limits — the allowed dates
 * come from the API as a short list of real dates with weekdays (never a calendar widget).
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { formatDate } from '../../../../src/platform/format.ts';
import { ErrorSummary, type FieldError, Page, Radios } from '../../../shared/ui/components.tsx';
import { api, type DueDates, type Failure } from '../api.ts';
import { Back, FailureNotice, Loading } from '../ui.tsx';

export function DueDate() {
  const { params, query } = useRoute();
  const { route } = useLocation();
  const id = params.id ?? '';
  const installmentId = query.parcela ?? '';
  const options = useSignal<DueDates | null>(null);
  const chosen = useSignal<string | null>(null);
  const errors = useSignal<FieldError[]>([]);
  const failure = useSignal<Failure | null>(null);
  const busy = useSignal(false);
  useEffect(() => {
    api.dueDates(id, installmentId).then((r) => {
      if (r.ok) options.value = r.data;
      else failure.value = r;
    });
  }, [id, installmentId]);
  const o = options.value;
  if (!o) {
    return failure.value ? (
      <Page back={`/portal/acordos/${id}`} title="Mudar a data" heading="Mudar a data de uma parcela">
        <FailureNotice failure={failure.value} />
      </Page>
    ) : (
      <Loading />
    );
  }
  if (!o.available) {
    return (
      <Page back={`/portal/acordos/${id}`} title="Mudar a data" heading="Mudar a data de uma parcela">
        <p>{o.reason ?? 'Não é possível mudar a data desta parcela.'}</p>
        <p>
          <a href="/portal/falar">Falar com uma pessoa</a>
        </p>
      </Page>
    );
  }
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    errors.value = chosen.value ? [] : [{ field: 'data', message: 'Escolha a nova data' }];
    if (!chosen.value) return;
    busy.value = true;
    const r = await api.changeDueDate(id, o.installmentId, chosen.value);
    busy.value = false;
    if (r.ok) route(`/portal/acordos/${id}?data=mudada`);
    else failure.value = r;
  };
  return (
    <Page title="Mudar a data" hasErrors={errors.value.length > 0}>
      <Back href={`/portal/acordos/${id}`} />
      <ErrorSummary errors={errors.value} />
      <FailureNotice failure={failure.value} />
      <form noValidate onSubmit={submit}>
        <Radios
          name="data"
          legendIsHeading
          legend="Para quando quer mudar a parcela?"
          hint={`Hoje ela vence em ${formatDate(o.currentDueDate)}. Você pode mudar uma vez, para uma destas datas.`}
          value={chosen.value}
          error={errors.value[0]?.message}
          onChange={(v) => {
            chosen.value = v;
          }}
          choices={o.dates.map((d) => ({ value: d.date, label: d.label }))}
        />
        <button type="submit" class="button primary" aria-disabled={busy.value || undefined}>
          Mudar a data
        </button>
      </form>
    </Page>
  );
}
