/**
 * The Pix part of a payment block, the same on the agreement and the early-settlement screens
 * (portal-ux §6). On a phone the person pays on the very phone that shows the page: "Copiar código
 * Pix" comes first, then the code as selectable text (fallback when an in-app browser refuses the
 * Clipboard API), the steps, and the QR folded in "Pagar com outro celular". On a wide screen with a
 * mouse the QR comes first, beside the code. The code's validity is a date and a time, never a timer.
 */
import { useSignal } from '@preact/signals';
import { formatDateTime, formatMoney } from '../../../src/platform/format.ts';
import type { Payee } from './api.ts';

/** Copies text; when the Clipboard API is refused, selects the field so the phone's own Copy works. */
export async function copyText(text: string, fieldId: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const field = document.getElementById(fieldId) as HTMLTextAreaElement | null;
    field?.select();
    return document.execCommand?.('copy') ?? false;
  }
}

export const COPIED_PIX = 'Código Pix copiado. Agora cole no app do seu banco.';
export const COPY_FAILED =
  'Não conseguimos copiar sozinhos. O código está selecionado: use Copiar do seu celular.';

export function PixPay(props: {
  brCode: string;
  qrSrc: string;
  amountCents: number;
  payee: Payee;
  /** ISO instant until which the code can be paid (a registered charge); null: no expiry to state. */
  validUntil?: string | null;
  /** Tells the page's status region what happened (the page owns the one live region). */
  onCopied: (message: string) => void;
  id?: string;
}) {
  const copied = useSignal(false);
  const fieldId = props.id ?? 'pix-code';
  const alt = `QR Code Pix de ${formatMoney(props.amountCents)} para ${props.payee.legalName}`;
  const copy = async () => {
    const done = await copyText(props.brCode, fieldId);
    copied.value = true;
    props.onCopied(done ? COPIED_PIX : COPY_FAILED);
  };
  return (
    <div class="pix-pay">
      <figure class="pix-qr-wide">
        <img class="qr" width={240} height={240} src={props.qrSrc} alt={alt} />
        <figcaption class="muted">
          Para pagar com outro celular, leia este QR Code no app do banco.
        </figcaption>
      </figure>
      <div class="pix-code">
        {props.validUntil && (
          <p>
            Este código vale até <strong>{formatDateTime(props.validUntil)}</strong>.
          </p>
        )}
        <button type="button" class="button primary" onClick={copy}>
          {copied.value ? 'Código copiado' : 'Copiar código Pix'}
        </button>
        <div class="field" style={{ marginTop: '1rem' }}>
          <label for={fieldId}>Código Pix copia e cola</label>
          <textarea id={fieldId} class="code-box" readOnly value={props.brCode} rows={4} />
        </div>
        <ol class="steps">
          <li>Toque em Copiar código Pix.</li>
          <li>Abra o app do seu banco.</li>
          <li>Escolha Pix Copia e Cola e cole o código.</li>
        </ol>
        <details class="pix-qr-narrow">
          <summary>Pagar com outro celular (QR Code)</summary>
          <img class="qr" width={240} height={240} src={props.qrSrc} alt={alt} loading="lazy" />
        </details>
      </div>
    </div>
  );
}
