import type { LightMyRequestResponse } from 'fastify';
import { type Runtime, startRuntime } from '../../src/app.ts';
import type { PortalOptions } from '../../src/modules/portal/index.ts';
import { type Clock, fixedClock } from '../../src/platform/clock.ts';
import { type Config, loadConfig } from '../../src/platform/config.ts';
import type { App } from '../../src/platform/http.ts';
import { type Logger, silentLogger } from '../../src/platform/log.ts';
import { openTestDatabase, testToken } from './db.ts';

export const TEST_TODAY = '2026-11-23';

export interface TestApp {
  rt: Runtime;
  /** PostgreSQL URL of this test's database (undefined on PGlite). */
  databaseUrl: string | undefined;
  app: App;
  /** Creates a token and returns the Authorization header value. */
  token(role: string, options?: { tenant?: string; creditorId?: string }): Promise<string>;
  close(): Promise<void>;
}

/** The whole HTTP app on a fresh database, called with `app.inject` (no port). */
export async function startTestApp(
  options: {
    clock?: Clock;
    jobs?: 'none' | 'send' | 'work';
    inlineImportMaxBytes?: number;
    config?: Partial<Config>;
    portal?: PortalOptions;
    /** Where the app logs (default: nowhere); a test reads what the operator would see. */
    log?: Logger;
  } = {},
): Promise<TestApp> {
  const { database, cleanup, url } = await openTestDatabase();
  const rt = await startRuntime({
    config: loadConfig({
      dataDir: '/nonexistent',
      messaging: {},
      // Tests make many refused calls from 127.0.0.1 on purpose; the limiter has its own test.
      authFailuresPerWindow: 100_000,
      // The test clock stands still: every request of a file falls in the same minute.
      tenantRequestsPerMinute: 10_000_000,
      ...options.config,
      ...(options.inlineImportMaxBytes !== undefined
        ? { inlineImportMaxBytes: options.inlineImportMaxBytes }
        : {}),
    }),
    log: options.log ?? silentLogger,
    clock: options.clock ?? fixedClock(`${TEST_TODAY}T15:00:00Z`),
    jobs: options.jobs ?? 'none',
    command: 'test',
    database,
    ...(options.portal ? { portal: options.portal } : {}),
  });
  const app = await rt.buildHttp();
  return {
    rt,
    databaseUrl: url,
    app,
    async token(role, opts = {}) {
      return `Bearer ${await testToken(database, role, opts)}`;
    },
    async close() {
      await app.close();
      await rt.close();
      await cleanup();
    },
  };
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One call to the app as someone (`Authorization` value): JSON bodies as objects, text as strings. */
export type Api = (
  method: Method,
  url: string,
  payload?: unknown,
  headers?: Record<string, string>,
) => Promise<LightMyRequestResponse>;

export function apiAs(t: TestApp, auth: string): Api {
  return (method, url, payload, headers = {}) =>
    t.app.inject({
      method,
      url,
      headers: { authorization: auth, ...headers },
      ...(payload !== undefined ? { payload: payload as string } : {}),
    });
}

/** A valid creditor body (CNPJ 11.222.333/0001-81). */
export function creditorBody(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Loja Teste Ltda',
    document: '11.222.333/0001-81',
    address: {
      street: 'Rua das Flores',
      number: '100',
      district: 'Centro',
      city: 'São Paulo',
      state: 'SP',
      zipCode: '01001-000',
    },
    terms: {
      finePercent: 2,
      monthlyInterestPercent: 1,
      correctionIndex: 'IPCA',
      feesPercent: 10,
      feesInContract: false,
    },
    ...overrides,
  };
}
