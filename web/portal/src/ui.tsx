/** Portal-specific pieces: how a failed call is told to the person, and the "back" link. */
import { formatTime } from '../../../src/platform/format.ts';
import type { Failure } from './api.ts';

/** The message for a failed call: never a raw code, never "Ops"; says whether anything happened. */
export function failureText(f: Failure, what = 'Nada foi alterado.'): string {
  switch (f.kind) {
    case 'network':
      return 'Não conseguimos carregar. Pode ser a conexão. O que você digitou continua aqui.';
    case 'unauthorized':
      return 'Encerramos o acesso por segurança. Nada se perdeu: entre de novo para continuar.';
    case 'limited':
      return f.retryAt
        ? `Por segurança, novas tentativas ficam liberadas às ${formatTime(f.retryAt)}. Se preferir, fale com uma pessoa.`
        : 'Por segurança, espere alguns minutos antes de tentar de novo. Se preferir, fale com uma pessoa.';
    case 'problem':
      return f.status >= 500
        ? `Tivemos um problema no sistema. ${what} Tente de novo em alguns minutos.`
        : f.detail;
  }
}

export function FailureNotice(props: { failure: Failure | null; onRetry?: () => void; what?: string }) {
  if (!props.failure) return null;
  return (
    <div class="notice warn" role="alert">
      <p>{failureText(props.failure, props.what)}</p>
      {props.failure.kind === 'limited' && (
        <p>
          <a href="/portal/falar">Falar com uma pessoa</a>
        </p>
      )}
      {props.onRetry && (props.failure.kind === 'network' || props.failure.status >= 500) && (
        <button type="button" class="button secondary" onClick={props.onRetry}>
          Tentar de novo
        </button>
      )}
    </div>
  );
}

export function Back(props: { href: string }) {
  return (
    <a class="back" href={props.href}>
      ‹ Voltar
    </a>
  );
}

export function Loading(props: { text?: string }) {
  return (
    <p role="status" class="muted">
      {props.text ?? 'Carregando…'}
    </p>
  );
}
