/**
 * The boleto part of a payment block, the same on the agreement (an installment's boleto) and the
 * early-settlement screens (a prepayment's): folded under the Pix, open when there is no Pix; the linha
 * digitável as selectable text with "Copiar linha digitável", the bank and payee to check, and how long
 * the bank takes to confirm. Calm: no timer, a date.
 */
import { useSignal } from '@preact/signals';
import { formatBoletoLine, formatDate, labelledDocument } from '../../../src/platform/format.ts';
import type { Payee } from './api.ts';
import { COPY_FAILED, copyText } from './pix-pay.tsx';

export const COPIED_BOLETO = 'Linha digitável copiada. Agora cole no app do seu banco.';

export function BoletoPay(props: {
  /** The linha digitável (47 digits, punctuation ignored). */
  line: string;
  payee: Payee;
  /** "Prefiro pagar com boleto" under a Pix; "Pagar com boleto" where it is one of two ways. */
  summary: string;
  open: boolean;
  /** Said as "Pague até …" when the page does not show the due date already. */
  dueDate?: string;
  /** Extra words under the due date (e.g. that the day paid is what counts). */
  dueNote?: string;
  pdfUrl?: string | null;
  /** Tells the page's status region what happened (the page owns the one live region). */
  onCopied: (message: string) => void;
}) {
  const copied = useSignal(false);
  const digits = props.line.replace(/\D/g, '');
  const copy = async () => {
    const done = await copyText(digits, 'boleto-line');
    copied.value = true;
    props.onCopied(done ? COPIED_BOLETO : COPY_FAILED);
  };
  return (
    <details open={props.open}>
      <summary>{props.summary}</summary>
      {props.dueDate && (
        <p>
          Pague até <strong>{formatDate(props.dueDate)}</strong>.{props.dueNote ? ` ${props.dueNote}` : ''}
        </p>
      )}
      <p>
        Linha digitável. Os 3 primeiros números são o código do banco; o beneficiário é{' '}
        {props.payee.legalName}, {labelledDocument(props.payee.cnpj)}.
      </p>
      <textarea
        id="boleto-line"
        class="code-box mono"
        readOnly
        rows={2}
        aria-label="Linha digitável do boleto"
        value={formatBoletoLine(digits)}
      />
      <div class="actions">
        <button type="button" class="button secondary" onClick={copy}>
          {copied.value ? 'Linha copiada' : 'Copiar linha digitável'}
        </button>
        {props.pdfUrl && (
          <a href={props.pdfUrl} download>
            Baixar boleto (PDF)
          </a>
        )}
      </div>
      <p class="muted">Pagamento por boleto leva até 3 dias úteis para ser confirmado.</p>
    </details>
  );
}
