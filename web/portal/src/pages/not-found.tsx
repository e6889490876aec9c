import { Page } from '../../../shared/ui/components.tsx';

export function NotFound() {
  return (
    <Page title="Página não encontrada" heading="Não encontramos esta página">
      <p>Confira se o endereço foi copiado inteiro.</p>
      <a href="/portal">Ir para o início</a>
    </Page>
  );
}
