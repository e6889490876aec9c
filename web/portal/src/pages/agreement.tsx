/**
 * S6 and "Meu acordo": the agreement (number, status in words, what happens next), the payment
 * block of the next installment — payee first, amount and validity, "Copiar código Pix", the code as
 * selectable text, the steps, the QR in "Pagar com outro celular", boleto one link away — and the
 * history with receipts. While the page is visible it asks every few seconds (and again when the
 * tab comes back from the bank app) whether the payment arrived; when it does, a polite status says
 * so and the receipt appears, without a reload and without moving focus.
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { documentLabel, formatDate, formatMoney, labelledDocument } from '../../../../src/platform/format.ts';
import { Page, Status } from '../../../shared/ui/components.tsx';
import { type Agreement, api, type Failure, type Installment } from '../api.ts';
import { BoletoPay } from '../boleto-pay.tsx';
import { PixPay } from '../pix-pay.tsx';
import { FailureNotice, Loading } from '../ui.tsx';

const POLL_MS = 4000;
const P = '/api/portal/v1';

function installmentStatus(i: Installment): string {
  if (i.statusText) return i.statusText;
  return i.status === 'paid' ? 'Paga' : i.status === 'late' ? 'Atrasada' : 'A pagar';
}

export function AgreementPage() {
  const { params, query } = useRoute();
  const id = params.id ?? '';
  const agreement = useSignal<Agreement | null>(null);
  const failure = useSignal<Failure | null>(null);
  const announce = useSignal('');
  const isNew = query.novo === '1';

  const load = async (quiet = false) => {
    const r = await api.agreement(id);
    if (!r.ok) {
      if (!quiet) failure.value = r;
      return;
    }
    failure.value = null;
    const before = agreement.value;
    if (before && r.data.paidCents > before.paidCents) {
      announce.value = 'Pagamento recebido. O recibo já está disponível.';
    }
    agreement.value = r.data;
  };

  // A light status read every few seconds while the page is visible (and at once when the tab
  // comes back from the bank app); the full agreement is read again only when a payment arrived.
  // Works with several server processes: the state lives in the database, not in a process.
  const check = async () => {
    const current = agreement.value;
    if (!current || document.visibilityState !== 'visible') return;
    const r = await api.agreementStatus(id);
    if (r.ok && r.data.paymentState !== current.paymentState) await load(true);
  };

  useEffect(() => {
    load();
    const timer = setInterval(check, POLL_MS);
    document.addEventListener('visibilitychange', check);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', check);
    };
  }, [id]);

  const a = agreement.value;
  if (!a) {
    return failure.value ? (
      <Page title="Seu acordo" heading="Seu acordo">
        <FailureNotice failure={failure.value} onRetry={() => load()} />
      </Page>
    ) : (
      <Loading text="Carregando seu acordo…" />
    );
  }
  const next = a.installments.find((i) => i.status !== 'paid');
  const payee = next?.payee ?? a.payee;
  const receipts = new Map(
    a.payments.filter((p) => p.installmentId).map((p) => [p.installmentId, p.receiptUrl]),
  );
  // Payments not tied to one installment (an early settlement of the last ones): listed with their receipt.
  const others = a.payments.filter((p) => !p.installmentId);

  return (
    <Page title={isNew ? 'Acordo feito' : 'Seu acordo'} heading={isNew ? 'Acordo feito' : 'Seu acordo'}>
      <p>
        Número do acordo: <strong>{a.number}</strong>
      </p>
      <p>
        Situação: <strong>{a.statusText}</strong>
      </p>
      <Status id="pagamento-status">
        {announce.value && (
          <div class={`notice ${announce.value.startsWith('Pagamento') ? 'ok' : ''}`}>
            <p>{announce.value}</p>
            {announce.value.startsWith('Pagamento') && (
              <p>Se o seu nome estiver negativado por esta dívida, pedimos a retirada em até 5 dias úteis.</p>
            )}
          </div>
        )}
      </Status>
      {isNew && (
        <div class="notice">
          <p>
            O que acontece agora: pague {next ? `até ${formatDate(next.dueDate)}` : ''} pelo Pix abaixo. Assim
            que o banco confirmar, o recibo aparece aqui e enviamos uma cópia. Se o seu nome estiver
            negativado por estas dívidas, pedimos a retirada em até 5 dias úteis depois do pagamento.
          </p>
        </div>
      )}
      <p>
        <a href={`${a.termUrl}.pdf`} download>
          Baixar o termo (PDF)
        </a>{' '}
        · <a href={a.termUrl}>Ler o termo</a>
      </p>

      {next && a.status === 'active' && (
        <section aria-labelledby="pagar">
          <h2 id="pagar">
            Pagar a parcela {next.number} de {a.installments.length}
          </h2>
          <div class="card">
            <dl class="summary">
              <div>
                <dt>Recebedor</dt>
                <dd>{payee.legalName}</dd>
              </div>
              <div>
                <dt>{documentLabel(payee.cnpj)}</dt>
                <dd>{payee.cnpj}</dd>
              </div>
              <div>
                <dt>Valor</dt>
                <dd>
                  <strong>{formatMoney(next.amountCents - next.paidCents)}</strong>
                </dd>
              </div>
              <div>
                <dt>Vencimento</dt>
                <dd>{formatDate(next.dueDate)}</dd>
              </div>
            </dl>
            <p>
              No app do banco, o recebedor deve ser {payee.legalName}, {labelledDocument(payee.cnpj)}. Se
              aparecer outro nome, não pague e fale com a gente.
            </p>
          </div>
          {next.pixCopyPaste ? (
            <PixPay
              brCode={next.pixCopyPaste}
              qrSrc={next.pixQrSvgUrl ?? `${P}/installments/${next.id}/pix.svg`}
              amountCents={next.amountCents - next.paidCents}
              payee={payee}
              validUntil={next.pixValidUntil}
              onCopied={(message) => {
                announce.value = message;
              }}
            />
          ) : (
            <p>O Pix não está disponível para esta parcela. Use o boleto abaixo.</p>
          )}
          {next.boletoLine && (
            <BoletoPay
              line={next.boletoLine}
              payee={payee}
              summary="Prefiro pagar com boleto"
              open={!next.pixCopyPaste}
              pdfUrl={next.boletoPdfUrl ?? `${P}/installments/${next.id}/boleto.pdf`}
              onCopied={(message) => {
                announce.value = message;
              }}
            />
          )}
        </section>
      )}

      <section aria-labelledby="parcelas">
        <h2 id="parcelas">Parcelas</h2>
        <table class="lines">
          <thead>
            <tr>
              <th scope="col">Nº</th>
              <th scope="col">Vence em</th>
              <th scope="col" class="amount">
                Valor
              </th>
              <th scope="col">Situação</th>
            </tr>
          </thead>
          <tbody>
            {a.installments.map((i) => (
              <tr key={i.id}>
                <td>{i.number === 0 ? 'Entrada' : i.number}</td>
                <td class="nowrap">{formatDate(i.dueDate)}</td>
                <td class="amount">{formatMoney(i.amountCents)}</td>
                <td>
                  {installmentStatus(i)}
                  {receipts.get(i.id) && (
                    <>
                      {' · '}
                      <a href={receipts.get(i.id)} download>
                        Recibo<span class="visually-hidden"> da parcela {i.number}</span> (PDF)
                      </a>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {others.length > 0 && (
          <>
            <h3>Outros pagamentos</h3>
            <ul>
              {others.map((p) => (
                <li key={p.id}>
                  {formatMoney(p.amountCents)} em {formatDate(p.paidAt)} ({p.method}) ·{' '}
                  <a href={p.receiptUrl} download>
                    Recibo<span class="visually-hidden"> do pagamento de {formatMoney(p.amountCents)}</span>{' '}
                    (PDF)
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
        <p class="muted">O recibo de cada pagamento aparece aqui assim que o banco confirmar.</p>
        {a.status === 'paid' && a.dischargeUrl && (
          <p>
            <a href={a.dischargeUrl} download>
              Baixar a carta de quitação (PDF)
            </a>
          </p>
        )}
      </section>

      <section aria-labelledby="mais">
        <h2 id="mais">Precisa de algo?</h2>
        <ul>
          {a.status === 'active' && next && (
            <li>
              <a href={`/portal/acordos/${a.id}/quitar`}>
                Quitar ou adiantar parcelas, com desconto dos juros
              </a>
            </li>
          )}
          {a.dueDateChangeAvailable && next && (
            <li>
              <a href={`/portal/acordos/${a.id}/data?parcela=${next.id}`}>Mudar a data de uma parcela</a>
            </li>
          )}
          {a.cancellableUntil && (
            <li>
              <a href={`/portal/acordos/${a.id}/desistir`}>Desistir do acordo</a> (você pode até{' '}
              {formatDate(a.cancellableUntil)})
            </li>
          )}
          <li>
            <a href="/portal/falar">Falar com uma pessoa</a>
          </li>
          <li>
            <a href="/portal/revisao">Pedir que uma pessoa revise uma decisão automática</a>
          </li>
          <li>
            <a href="/portal/momento-dificil">Estou passando por um momento difícil</a>
          </li>
          <li>
            <a href="/portal/meus-dados">Meus dados e preferências de contato</a>
          </li>
        </ul>
      </section>
    </Page>
  );
}
