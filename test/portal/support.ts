import { expect } from 'vitest';
import { type Clock, fixedClock } from '../../src/platform/clock.ts';
import {
  createMessagingSimulator,
  type MessagingSimulator,
} from '../../src/simulators/messaging-simulator.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { givenFor } from '../support/given.ts';

/**
 * A portal world: one creditor, two debtors (Maria with a phone and birth date, João with an e-mail
 * only), SMS through the messaging simulator, the portal API reached with cookies like a browser.
 * Monday 2026-11-23, 11:00 in São Paulo.
 */
export const MARIA = { document: '52998224725', phone: '+5511987654321', birthDate: '1985-03-27' };
export const JOAO = { document: '11144477735', phone: '+5521987654321' };
export const UNKNOWN = '39053344705';

export interface PortalWorld {
  t: TestApp;
  sim: MessagingSimulator;
  admin: string;
  creditorId: string;
  debtorIds: { maria: string; joao: string };
  close(): Promise<void>;
}

export async function startPortalWorld(
  options: { clock?: Clock; minStartMs?: number; generousLimits?: boolean } = {},
): Promise<PortalWorld> {
  const sim = await createMessagingSimulator({} as never);
  const t = await startTestApp({
    clock: options.clock ?? fixedClock('2026-11-23T14:00:00Z'),
    config: {
      messaging: { sms: { baseUrl: sim.url, apiToken: 'token-sms', from: 'trato' } },
      publicUrl: 'https://portal.trato.test',
    },
    portal: {
      minStartMs: options.minStartMs ?? 0,
      minVerifyMs: 0,
      ...(options.generousLimits
        ? {
            rateLimits: {
              startPerDocument: { windowSeconds: 3600, max: 1000 },
              startPerIp: { windowSeconds: 600, max: 1000 },
            },
          }
        : {}),
    },
  });
  const admin = await t.token('admin');
  const given = givenFor(t, admin);
  const creditorId = (await given.creditor()).id;
  await given.imported(
    creditorId,
    [
      'document;name;external_id;original_amount;due_date;state;phone;birth_date',
      `${MARIA.document};Maria da Silva;M-1;1.000,00;2026-06-10;SP;${MARIA.phone};${MARIA.birthDate}`,
      `${MARIA.document};Maria da Silva;M-2;300,00;2026-08-10;SP;${MARIA.phone};${MARIA.birthDate}`,
      `${JOAO.document};João Souza;J-1;800,00;2026-07-10;RJ;${JOAO.phone};`,
    ].join('\n'),
  );
  const debtorIds = await given.debtorIds({ maria: MARIA.document, joao: JOAO.document });
  return {
    t,
    sim,
    admin,
    creditorId,
    debtorIds,
    async close() {
      await t.close();
      await sim.close();
    },
  };
}

/** A browser: keeps cookies, sends the CSRF token it was given. */
export class Browser {
  cookies = new Map<string, string>();
  csrf: string | null = null;
  constructor(
    private readonly w: PortalWorld,
    readonly ip = '203.0.113.10',
  ) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  keep(setCookie: string | string[] | undefined) {
    for (const c of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (value === '' || /Max-Age=0/.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async call(
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) {
    const r = await this.w.t.app.inject({
      method,
      url,
      remoteAddress: this.ip,
      headers: {
        ...(this.cookies.size > 0 ? { cookie: this.cookieHeader() } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...headers,
      },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
    this.keep(r.headers['set-cookie'] as string | string[] | undefined);
    return r;
  }

  /** The code the simulator received for this phone (the last one). */
  async codeSentTo(phone: string): Promise<string> {
    await this.w.t.rt.portalFlush?.();
    const m = [...this.w.sim.messages()].reverse().find((x) => x.to === phone);
    expect(m, `nenhuma mensagem para ${phone}`).toBeDefined();
    return /(\d{6}) é o seu código/.exec(m!.text)![1]!;
  }

  /** Start + verify with the code read from the simulator. */
  async identify(who: { document: string; phone: string; birthDate?: string }) {
    const s = await this.call('POST', '/api/portal/v1/auth/start', { document: who.document });
    expect(s.statusCode, s.payload).toBe(200);
    const code = await this.codeSentTo(who.phone);
    const v = await this.call('POST', '/api/portal/v1/auth/verify', {
      document: who.document,
      code,
      ...(who.birthDate ? { birthDate: who.birthDate } : {}),
    });
    expect(v.statusCode, v.payload).toBe(200);
    this.csrf = v.json().csrfToken;
    return v;
  }
}
