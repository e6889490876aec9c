/**
 * Every portal page: skip link, header, the help links in the same place on every screen (WCAG
 * 3.2.6: "Falar com uma pessoa", "Não reconheço", "Como saber se é a gente"), the offline notice,
 * the idle-timeout warning, and the footer naming the agency (legal name, CNPJ, address, SAC).
 */
import { signal, useSignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { formatDocument, formatPhone } from '../../../src/platform/format.ts';
import { api } from './api.ts';
import { lastActivity, online, session, sessionEnded, touch } from './state.ts';

/**
 * The agency as the API describes it: the session's `agency` (the full profile when the agency has
 * set one: legal name, CNPJ, address, SAC phone) or, before identification on a link entry, its name.
 */
export interface Agency {
  name?: string;
  legalName?: string;
  tradeName?: string;
  document?: string | null;
  cnpj?: string | null;
  address?:
    | string
    | { street?: string; number?: string; district?: string; city?: string; state?: string }
    | null;
  phone?: string | null;
  email?: string | null;
  [k: string]: unknown;
}

export const agency = signal<Agency | null>(null);

function addressLine(a: Agency['address']): string | null {
  if (!a) return null;
  if (typeof a === 'string') return a;
  return [
    [a.street, a.number].filter(Boolean).join(', '),
    a.district,
    [a.city, a.state].filter(Boolean).join('/'),
  ]
    .filter(Boolean)
    .join(' – ');
}

// Idle sign-out after 20 minutes of inactivity, with a warning 2 minutes before (UX guide §2).
const IDLE_MS = 20 * 60_000;
const WARN_MS = 18 * 60_000;

export function Layout(props: { children: ComponentChildren }) {
  const { url, route } = useLocation();
  useEffect(() => {
    if (session.value === 'active' && !agency.value) {
      api.session().then((r) => {
        if (r.ok) agency.value = r.data.agency as Agency;
      });
    }
  }, [session.value]);
  useEffect(() => {
    const on = () => {
      online.value = true;
    };
    const off = () => {
      online.value = false;
    };
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  useEffect(() => {
    if (session.value === 'ended' && url !== '/portal/sessao-encerrada' && !isPublic(url)) {
      route('/portal/sessao-encerrada');
    }
  }, [session.value, url]);
  const a = agency.value;
  const name = a?.legalName ?? a?.name;
  const cnpj = a?.cnpj ?? a?.document;
  const address = addressLine(a?.address);
  return (
    <>
      <a class="skip-link" href="#conteudo">
        Ir para o conteúdo
      </a>
      <header class="header">
        <a href="/portal">Trato{a ? ` · ${a.tradeName ?? name}` : ''}</a>
      </header>
      <nav class="help-links" aria-label="Ajuda">
        <a href="/portal/falar">Falar com uma pessoa</a>
        <a href="/portal/contestar">Não reconheço esta dívida</a>
        <a href="/portal/como-saber">Como saber se é a gente</a>
      </nav>
      {!online.value && (
        <div class="container">
          <div class="notice warn" role="status">
            <p>
              Você está sem conexão. O que você digitou continua aqui; quando a conexão voltar, é só
              continuar.
            </p>
          </div>
        </div>
      )}
      <main id="conteudo" class="container">
        {props.children}
      </main>
      {session.value === 'active' && <IdleWarning />}
      <footer class="footer">
        <div class="container">
          {name ? (
            <>
              <p>
                <strong>{name}</strong>
                {cnpj ? `, CNPJ ${formatDocument(cnpj)}` : ''}
              </p>
              {address && <p>{address}</p>}
              {a?.phone && (
                <p>
                  SAC: <a href={`tel:${a.phone.replace(/[^\d+]/g, '')}`}>{formatPhone(a.phone)}</a>
                </p>
              )}
              {a?.email && <p>E-mail: {a.email}</p>}
            </>
          ) : (
            <p>Trato: negociação de dívidas com respeito.</p>
          )}
          <p>Nunca pedimos senha do banco nem código por telefone.</p>
        </div>
      </footer>
    </>
  );
}

function isPublic(url: string) {
  return (
    url === '/portal' ||
    url === '/portal/' ||
    url.startsWith('/portal/como-saber') ||
    url.startsWith('/portal/l/') ||
    url.startsWith('/portal/codigo')
  );
}

/** "Você ainda está aí?": one plain warning, no ticking seconds (WCAG 2.2.1). */
function IdleWarning() {
  const dialog = useRef<HTMLDialogElement>(null);
  const open = useSignal(false);
  useEffect(() => {
    const activity = () => {
      if (!open.value) touch();
    };
    const events = ['keydown', 'pointerdown', 'scroll'] as const;
    for (const e of events) window.addEventListener(e, activity, { passive: true });
    const timer = setInterval(() => {
      // A hidden tab (the person is in the bank app paying) is not idle.
      if (document.visibilityState === 'hidden') {
        touch();
        return;
      }
      const idle = Date.now() - lastActivity.value;
      if (idle >= IDLE_MS) {
        dialog.current?.close();
        sessionEnded();
      } else if (idle >= WARN_MS && !open.value) {
        open.value = true;
        dialog.current?.showModal();
      }
    }, 15_000);
    return () => {
      clearInterval(timer);
      for (const e of events) window.removeEventListener(e, activity);
    };
  }, []);
  const stay = async () => {
    open.value = false;
    dialog.current?.close();
    touch();
    // Any authenticated read renews the server's idle clock.
    await api.session();
  };
  return (
    <dialog ref={dialog} aria-labelledby="idle-title" aria-describedby="idle-text" onCancel={stay}>
      <h2 id="idle-title">Você ainda está aí?</h2>
      <p id="idle-text">
        Por segurança, vamos encerrar o acesso em 2 minutos se não houver atividade. O que você já fez fica
        salvo.
      </p>
      <button type="button" class="button primary" onClick={stay}>
        Continuar aqui
      </button>
    </dialog>
  );
}
