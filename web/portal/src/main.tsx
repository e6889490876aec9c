/**
 * The debtor portal (base /portal). The first screen (identification) is in the first-load bundle
 * and prerendered into index.html; every other screen is a lazy chunk, so a cheap phone on a slow
 * link downloads only what the next step needs (first load ≤ 25 kB gzipped, `npm run web:size`).
 */
import '../../shared/ui/tokens.css';
import { render } from 'preact';
import { ErrorBoundary, LocationProvider, lazy, Route, Router } from 'preact-iso';
import { Layout } from './layout.tsx';
import { Welcome } from './pages/welcome.tsx';

// A chunk that fails to load (connection dropped between screens) shows "Tentar de novo", never a blank page.
const retryable = <T,>(load: () => Promise<T>) =>
  lazy(() => load().catch(() => import('./pages/load-failed.tsx').then((m) => m.LoadFailed as never)));

const Code = retryable(() => import('./pages/code.tsx').then((m) => m.Code));
const Debts = retryable(() => import('./pages/debts.tsx').then((m) => m.Debts));
const Options = retryable(() => import('./pages/options.tsx').then((m) => m.Options));
const Proposal = retryable(() => import('./pages/proposal.tsx').then((m) => m.Proposal));
const Review = retryable(() => import('./pages/review.tsx').then((m) => m.Review));
const AgreementPage = retryable(() => import('./pages/agreement.tsx').then((m) => m.AgreementPage));
const DueDate = retryable(() => import('./pages/due-date.tsx').then((m) => m.DueDate));
const PayoffPage = retryable(() => import('./pages/payoff.tsx').then((m) => m.PayoffPage));
const Withdraw = retryable(() => import('./pages/withdraw.tsx').then((m) => m.Withdraw));
const HumanReview = retryable(() => import('./pages/human-review.tsx').then((m) => m.HumanReview));
const MyAgreements = retryable(() => import('./pages/my-agreements.tsx').then((m) => m.MyAgreements));
const Dispute = retryable(() => import('./pages/dispute.tsx').then((m) => m.Dispute));
const Callback = retryable(() => import('./pages/callback.tsx').then((m) => m.Callback));
const Hardship = retryable(() => import('./pages/hardship.tsx').then((m) => m.Hardship));
const MyData = retryable(() => import('./pages/my-data.tsx').then((m) => m.MyData));
const Genuine = retryable(() => import('./pages/genuine.tsx').then((m) => m.Genuine));
const SignedOut = retryable(() => import('./pages/signed-out.tsx').then((m) => m.SignedOut));
const NotFound = retryable(() => import('./pages/not-found.tsx').then((m) => m.NotFound));

export function App() {
  return (
    <LocationProvider>
      <ErrorBoundary>
        <Layout>
          <Router>
            <Route path="/portal" component={Welcome} />
            <Route path="/portal/" component={Welcome} />
            <Route path="/portal/codigo" component={Code} />
            <Route path="/portal/dividas" component={Debts} />
            <Route path="/portal/opcoes" component={Options} />
            <Route path="/portal/proposta" component={Proposal} />
            <Route path="/portal/revisar" component={Review} />
            <Route path="/portal/acordos" component={MyAgreements} />
            <Route path="/portal/acordos/:id" component={AgreementPage} />
            <Route path="/portal/acordos/:id/data" component={DueDate} />
            <Route path="/portal/acordos/:id/quitar" component={PayoffPage} />
            <Route path="/portal/acordos/:id/desistir" component={Withdraw} />
            <Route path="/portal/revisao" component={HumanReview} />
            <Route path="/portal/contestar" component={Dispute} />
            <Route path="/portal/falar" component={Callback} />
            <Route path="/portal/momento-dificil" component={Hardship} />
            <Route path="/portal/meus-dados" component={MyData} />
            <Route path="/portal/como-saber" component={Genuine} />
            {/* The address printed on messages and letters next to their verification code. */}
            <Route path="/portal/verificar" component={Genuine} />
            <Route path="/portal/sessao-encerrada" component={SignedOut} />
            <Route default component={NotFound} />
          </Router>
        </Layout>
      </ErrorBoundary>
    </LocationProvider>
  );
}

const root = document.getElementById('app');
if (root) {
  // The prerendered first screen is replaced by the live one (same markup, so nothing moves).
  root.textContent = '';
  render(<App />, root);
}
