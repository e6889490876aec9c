import { Page } from '../../../shared/ui/components.tsx';
import { identification } from '../state.ts';

/** After an idle sign-out or an expired session: nothing was lost, same link to continue. */
export function SignedOut() {
  const token = identification.value?.linkToken;
  return (
    <Page title="Acesso encerrado" heading="Acesso encerrado">
      <p>Encerramos o acesso por segurança. Nada se perdeu: use o mesmo link para continuar de onde parou.</p>
      <a class="button primary" href={token ? `/portal/l/${token}` : '/portal'}>
        Entrar de novo
      </a>
    </Page>
  );
}
