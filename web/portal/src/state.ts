/**
 * The portal's state between screens, in signals. What a person typed survives a reload or a lost
 * connection (sessionStorage: this tab only, gone when it closes); the session itself is an
 * httpOnly cookie the page never sees — only the CSRF token the API returned at identification.
 */
import { signal } from '@preact/signals';
import { setCsrfToken } from '../../shared/api/client.ts';
import type { Offer, OffersAnswer } from './api.ts';

function load<T>(key: string, fallback: T): T {
  try {
    const raw = sessionStorage.getItem(`trato.${key}`);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

export function save(key: string, value: unknown) {
  try {
    if (value === null || value === undefined) sessionStorage.removeItem(`trato.${key}`);
    else sessionStorage.setItem(`trato.${key}`, JSON.stringify(value));
  } catch {
    // Private mode without storage: state lives in memory only.
  }
}

export interface Identification {
  /** Typed entry: the CPF/CNPJ; link entry: absent (the link's cookie identifies the person). */
  document?: string;
  linked?: boolean;
  /** Link entry only: "celular terminado em 21". */
  codeHint?: string;
  channels?: { channel: string; destination: string }[];
  birthDate: string | null;
}

export const identification = signal<Identification | null>(load('identification', null));
export const budget = signal<{ budgetCents: number | null; incomeCents: number | null }>(
  load('budget', { budgetCents: null, incomeCents: null }),
);
export const offers = signal<OffersAnswer | null>(load('offers', null));
export const chosenOffer = signal<Offer | null>(load('chosenOffer', null));
/** offerId → agreementId: an accepted offer is never accepted again (Back after acceptance). */
export const accepted = signal<Record<string, string>>(load('accepted', {}));

export type SessionState = 'anonymous' | 'active' | 'ended';
export const session = signal<SessionState>(load('session', 'anonymous'));
export const lastActivity = signal(Date.now());
export const online = signal(typeof navigator === 'undefined' ? true : navigator.onLine);

export function setIdentification(value: Identification | null) {
  identification.value = value;
  save('identification', value);
}

export function startSession(csrf: string) {
  setCsrfToken(csrf);
  session.value = 'active';
  save('session', 'active');
  touch();
}

/** The API answered 401 on a personal-data call: the session ended (idle, expired, or signed out). */
export function sessionEnded() {
  if (session.value !== 'active') return;
  session.value = 'ended';
  save('session', 'ended');
  setCsrfToken(null);
}

export function touch() {
  lastActivity.value = Date.now();
}

export function setOffers(answer: OffersAnswer | null) {
  offers.value = answer;
  save('offers', answer);
}

export function chooseOffer(offer: Offer | null) {
  chosenOffer.value = offer;
  save('chosenOffer', offer);
}

export function rememberAccepted(offerId: string, agreementId: string) {
  accepted.value = { ...accepted.value, [offerId]: agreementId };
  save('accepted', accepted.value);
}

export function setBudget(value: { budgetCents: number | null; incomeCents: number | null }) {
  budget.value = value;
  save('budget', value);
}

/**
 * The Idempotency-Key of accepting one offer, kept in localStorage so a double tap, a retry after a
 * timeout, a reload and a second tab all send the same key: the API answers with the same agreement.
 */
export function idempotencyKeyFor(offerId: string): string {
  const key = `trato.accept.${offerId}`;
  try {
    const existing = localStorage.getItem(key);
    if (existing) return existing;
    const fresh = crypto.randomUUID();
    localStorage.setItem(key, fresh);
    return fresh;
  } catch {
    return `offer-${offerId}`;
  }
}

/** The API's fit mark, shown only when the person told us a budget. */
export function fitsBudget(offer: Offer, budgetCents: number | null): boolean | null {
  return budgetCents === null ? null : offer.fitsBudget;
}

/** São Paulo's date today, YYYY-MM-DD (the portal compares birth dates with it). */
export function todaySaoPaulo(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(now);
}
