import { Page } from '../../../shared/ui/components.tsx';

/** A screen's code did not arrive (connection dropped): a plain retry, never a blank page. */
export function LoadFailed() {
  return (
    <Page title="Sem conexão" heading="Não conseguimos carregar">
      <p>Pode ser a conexão. O que você digitou continua aqui.</p>
      <button type="button" class="button primary" onClick={() => location.reload()}>
        Tentar de novo
      </button>
    </Page>
  );
}
