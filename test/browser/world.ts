import type { PortalOptions } from '../../src/modules/portal/index.ts';
import type { Clock } from '../../src/platform/clock.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import type { Config } from '../../src/platform/config.ts';
import {
  createMessagingSimulator,
  type MessagingSimulator,
} from '../../src/simulators/messaging-simulator.ts';
import { createPspSimulator, type PspSimulator } from '../../src/simulators/psp-simulator.ts';
import { type Api, apiAs, creditorBody, startTestApp, type TestApp } from '../support/app.ts';
import { pixAndBoletoSettings } from '../support/payments.ts';

/**
 * A running Trato for browser tests: the HTTP app on a real port (the portal and its API), the
 * messaging simulator (SMS: the one-time codes and the NEGOCIAR link arrive there), the PSP simulator
 * (Pix charges; paying one calls the app's webhook), one creditor with Pix (through the PSP) and
 * boleto, and two people: Maria (phone and birth date, two debts) and João (phone only).
 * Monday 2026-11-23, 11:00 in São Paulo.
 */
export const MARIA = {
  document: '52998224725',
  phone: '+5511987654321',
  birthDate: '27/03/1985',
  name: 'Maria da Silva',
};
export const JOAO = { document: '11144477735', phone: '+5521987654321', name: 'João Souza' };
const WEBHOOK_SECRET = 'segredo-do-webhook-pix-do-navegador-1';

export interface World {
  t: TestApp;
  base: string;
  sms: MessagingSimulator;
  psp: PspSimulator;
  /** What the PSP simulator considers "now" (the receiving app's clock). */
  pspClock: { now: () => Date };
  admin: string;
  creditorId: string;
  /** The last one-time code SMS'd to a phone (after the app's pending sends are flushed). */
  codeFor(phone: string): Promise<string>;
  /** The portal link the person receives after answering NEGOCIAR (a path: /l/{token}). */
  linkFor(phone: string): Promise<string>;
  /** Pays an installment's Pix charge at the PSP simulator, which calls the app's webhook. */
  payInstallment(agreementId: string, number: number): Promise<void>;
  close(): Promise<void>;
}

/** No test runner needed: the benchmark (bench/portal-lcp.ts) builds the same world. */
function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** How the app is started: the test suite's (a cloned migrated database) or the benchmark's. */
export type AppStarter = (options: {
  clock?: Clock;
  config?: Partial<Config>;
  portal?: PortalOptions;
}) => Promise<TestApp>;

export async function startWorld(startApp: AppStarter = startTestApp): Promise<World> {
  const SMS_SECRET = 'segredo-dos-callbacks-de-sms-do-navegador';
  const simOptions: { webhookBaseUrl?: string; smsWebhookSecret: string } = { smsWebhookSecret: SMS_SECRET };
  const sms = await createMessagingSimulator(simOptions as never);
  // The PSP stamps each payment with its own clock; the app holds payments stamped far from its own
  // "now" for review. Same instant as the app's fixed clock (tests with real-clock processes change it).
  const pspClock = { now: () => new Date('2026-11-23T14:00:00Z') };
  const psp = await createPspSimulator({
    clock: () => pspClock.now(),
    clientId: 'trato',
    clientSecret: 'segredo-cliente',
    webhookSecret: WEBHOOK_SECRET,
    webhookRetry: { attempts: 3, backoffMs: 100 },
  });
  const t = await startApp({
    clock: fixedClock('2026-11-23T14:00:00Z'),
    config: {
      messaging: {
        sms: { baseUrl: sms.url, apiToken: 'token-sms', from: 'trato', webhookSecret: SMS_SECRET },
      },
      // http: the browser talks to 127.0.0.1 (Secure cookies are for production, over https).
      publicUrl: 'http://portal.trato.test',
    },
    portal: {
      minStartMs: 0,
      minVerifyMs: 0,
      rateLimits: {
        startPerDocument: { windowSeconds: 3600, max: 1000 },
        startPerIp: { windowSeconds: 600, max: 1000 },
      },
    },
  });
  const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  simOptions.webhookBaseUrl = `${base}/api/v1/webhooks`;
  psp.setWebhook(`${base}/api/v1/webhooks`);
  const admin = await t.token('admin');
  const asAdmin = apiAs(t, admin);
  const api: Api = async (method, url, payload, headers) => {
    const r = await asAdmin(method, url, payload, headers);
    check(r.statusCode < 300, `${method} ${url}: ${r.statusCode} ${r.payload}`);
    return r;
  };
  const creditorId = (await api('POST', '/api/v1/creditors', creditorBody())).json().id as string;
  await api('PUT', `/api/v1/creditors/${creditorId}/payment-settings`, pixAndBoletoSettings(psp.url));
  await api('PUT', '/api/v1/settings/pix-webhook', { secret: WEBHOOK_SECRET });
  const csv = [
    'document;name;external_id;product;original_amount;due_date;state;phone;birth_date',
    `${MARIA.document};${MARIA.name};M-1;Cartão de crédito;1.000,00;2026-06-10;SP;${MARIA.phone};1985-03-27`,
    `${MARIA.document};${MARIA.name};M-2;Crediário;300,00;2026-08-10;SP;${MARIA.phone};1985-03-27`,
    `${JOAO.document};${JOAO.name};J-1;Cartão de crédito;800,00;2026-07-10;SP;${JOAO.phone};`,
  ].join('\n');
  const imported = await api('POST', `/api/v1/creditors/${creditorId}/imports`, csv, {
    'content-type': 'text/csv',
  });
  check(imported.statusCode === 200, `importação: ${imported.payload}`);

  const lastTo = (phone: string, pattern: RegExp) =>
    [...sms.messages()].reverse().find((m) => m.to === phone && pattern.test(m.text));

  return {
    t,
    base,
    sms,
    psp,
    pspClock,
    admin,
    creditorId,
    async codeFor(phone) {
      await t.rt.portalFlush?.();
      const m = lastTo(phone, /é o seu código/);
      check(m, `nenhum código para ${phone}`);
      return /(\d{6}) é o seu código/.exec(m.text)![1]!;
    },
    async linkFor(phone) {
      await sms.reply(phone, 'NEGOCIAR', 'sms');
      const m = lastTo(phone, /\/l\//);
      check(m, `nenhum link para ${phone}`);
      return new URL(/https?:\/\/\S+\/l\/\S+/.exec(m.text)![0]).pathname;
    },
    async payInstallment(agreementId, number) {
      const agreement = (await api('GET', `/api/v1/agreements/${agreementId}`)).json() as {
        installments: { number: number; pix: { txid: string } | null }[];
      };
      const inst = agreement.installments.find((i) => i.number === number);
      check(inst?.pix?.txid, 'parcela sem Pix');
      const paid = await psp.pay(inst.pix.txid, { payerName: MARIA.name });
      check(paid.delivered, `webhook do PSP: ${paid.status}`);
    },
    async close() {
      await t.close();
      await psp.close();
      await sms.close();
    },
  };
}
