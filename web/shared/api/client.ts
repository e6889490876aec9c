/**
 * The typed HTTP client for the browser apps: types generated from the committed OpenAPI document
 * (`npm run web:api` → schema.d.ts, by openapi-typescript), calls through openapi-fetch (~6 kB).
 * Never imports server code. Portal calls carry the session cookie (same origin) and, on every
 * state-changing call, the CSRF token the API gave at identification, in `X-CSRF-Token`.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

export type { paths };

const CSRF_KEY = 'trato.csrf';

export function setCsrfToken(token: string | null) {
  try {
    if (token) sessionStorage.setItem(CSRF_KEY, token);
    else sessionStorage.removeItem(CSRF_KEY);
  } catch {
    // Storage may be unavailable (private mode in some in-app browsers): the token stays in memory.
  }
  memoryToken = token;
}

let memoryToken: string | null = null;

export function csrfToken(): string | null {
  try {
    return sessionStorage.getItem(CSRF_KEY) ?? memoryToken;
  } catch {
    return memoryToken;
  }
}

export interface ClientHooks {
  /** A 401 on a call that needed the session: the session ended (idle, expired or never existed). */
  onUnauthorized?: () => void;
  /** Any answer from the server: the idle timer restarts. */
  onActivity?: () => void;
}

export function createApiClient(hooks: ClientHooks = {}) {
  const client = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
  const middleware: Middleware = {
    onRequest({ request }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        const token = csrfToken();
        if (token) request.headers.set('X-CSRF-Token', token);
      }
      return request;
    },
    onResponse({ response, schemaPath }) {
      hooks.onActivity?.();
      if (response.status === 401 && !schemaPath.includes('/auth/')) hooks.onUnauthorized?.();
      return response;
    },
  };
  client.use(middleware);
  return client;
}
