import { Page } from '../../../shared/ui/components.tsx';

/** After an idle sign-out or an expired session: nothing was lost, same link to continue. */
export function SignedOut() {
  return (
    <Page title="Acesso encerrado" heading="Acesso encerrado">
      <p>Encerramos o acesso por segurança. Nada se perdeu: use o mesmo link para continuar de onde parou.</p>
      <a class="button primary" href="/portal">
        Entrar de novo
      </a>
    </Page>
  );
}
