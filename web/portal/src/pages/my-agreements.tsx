/** "Meu acordo": the person's agreements; with only one, straight to it. */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { formatDate, formatMoney } from '../../../../src/platform/format.ts';
import { Page } from '../../../shared/ui/components.tsx';
import { type AgreementSummary, api, type Failure } from '../api.ts';
import { FailureNotice, Loading } from '../ui.tsx';

export function MyAgreements() {
  const { route } = useLocation();
  const list = useSignal<AgreementSummary[] | null>(null);
  const failure = useSignal<Failure | null>(null);
  const load = async () => {
    const r = await api.agreements();
    if (!r.ok) {
      failure.value = r;
      return;
    }
    if (r.data.items.length === 1) route(`/portal/acordos/${r.data.items[0]!.id}`, true);
    else list.value = r.data.items;
  };
  useEffect(() => {
    load();
  }, []);
  if (failure.value) {
    return (
      <Page title="Meus acordos" heading="Meus acordos">
        <FailureNotice failure={failure.value} onRetry={load} />
      </Page>
    );
  }
  if (!list.value) return <Loading />;
  return (
    <Page title="Meus acordos" heading="Meus acordos">
      {list.value.length === 0 ? (
        <p>
          Você ainda não tem acordos. <a href="/portal/dividas">Ver minhas dívidas e opções</a>
        </p>
      ) : (
        <ul>
          {list.value.map((a) => (
            <li key={a.id}>
              <a href={`/portal/acordos/${a.id}`}>
                Acordo {a.number} com {a.creditor.legalName}, de {formatDate(a.createdAt)}, total{' '}
                {formatMoney(a.totalCents)}
              </a>
              : {a.statusText}
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
