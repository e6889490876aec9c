/**
 * Every portal page: skip link, header, the help links in the same place on every screen (WCAG
 * 3.2.6: "Falar com uma pessoa", "Não reconheço", "Como saber se é a gente"), the offline notice,
 * the idle-timeout warning, and the footer naming the agency (legal name, CNPJ, address, SAC).
 */
import { useSignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { formatDocument } from '../../../src/platform/format.ts';
import { client } from './api.ts';
import { lastActivity, online, session, sessionEnded, touch } from './state.ts';

export interface Agency {
  name: string;
  document: string;
  address?: string;
  sacPhone?: string;
  sacHours?: string;
  domain?: string;
}

/** The agency shown in the footer: read once, public (no personal data). */
export const agency = { value: null as Agency | null, loading: null as Promise<Agency | null> | null };

export function loadAgency(): Promise<Agency | null> {
  agency.loading ??= (client as never as { GET(path: string): Promise<{ data?: Agency }> })
    .GET('/api/portal/v1/agency')
    .then((r) => {
      agency.value = r.data ?? null;
      return agency.value;
    })
    .catch(() => null);
  return agency.loading;
}

// Idle sign-out after 20 minutes of inactivity, with a warning 2 minutes before (UX guide §2).
const IDLE_MS = 20 * 60_000;
const WARN_MS = 18 * 60_000;

export function Layout(props: { children: ComponentChildren }) {
  const footer = useSignal<Agency | null>(agency.value);
  const { url, route } = useLocation();
  useEffect(() => {
    loadAgency().then((a) => {
      footer.value = a;
    });
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
  const a = footer.value;
  return (
    <>
      <a class="skip-link" href="#conteudo">
        Ir para o conteúdo
      </a>
      <header class="header">
        <a href="/portal">Trato{a ? ` · ${a.name}` : ''}</a>
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
          {a ? (
            <>
              <p>
                <strong>{a.name}</strong>, CNPJ {formatDocument(a.document)}
              </p>
              {a.address && <p>{a.address}</p>}
              {a.sacPhone && (
                <p>
                  SAC: <a href={`tel:${a.sacPhone.replace(/\D/g, '')}`}>{a.sacPhone}</a>
                  {a.sacHours ? `, ${a.sacHours}` : ''}
                </p>
              )}
            </>
          ) : (
            <p>Trato — negociação de dívidas</p>
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
    await (client as never as { GET(path: string): Promise<unknown> })
      .GET('/api/portal/v1/agreements')
      .catch(() => {});
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
