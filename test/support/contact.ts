import { expect } from 'vitest';
import { adaptersFor, dispatchDue, sweepDay } from '../../src/modules/contact/index.ts';
import { type Clock, fixedClock } from '../../src/platform/clock.ts';
import type { MessagingConfig } from '../../src/platform/config.ts';
import {
  createMessagingSimulator,
  type MessagingSimulator,
} from '../../src/simulators/messaging-simulator.ts';
import { startTestApp, type TestApp } from './app.ts';
import { type Api, type Given, givenFor } from './given.ts';
import { type SmtpCapture, startSmtpCapture } from './smtp.ts';

/**
 * The world of the contact tests: the app with SMS (and, when asked, WhatsApp) through the messaging
 * simulator over HTTP and e-mail to a local SMTP capture; an admin's `api` and `given`. By default
 * Monday 2026-11-23, 11:00 in São Paulo (inside the contact window).
 */
export const CONTACT_NOW = '2026-11-23T14:00:00Z';

export interface ContactWorldOptions {
  clock?: Clock;
  /**
   * The providers' callbacks are signed: the simulator signs with these and the app checks them
   * (`messaging.webhookSecrets`, or for SMS the channel's own `webhookSecret` with `smsSecretOnChannel`).
   */
  secrets?: { sms?: string; whatsapp?: string };
  smsSecretOnChannel?: boolean;
  /** WhatsApp (Cloud API) through the simulator too. */
  whatsapp?: { accessToken: string };
  /** E-mail through a local SMTP capture (`world.smtp`). */
  email?: boolean;
  /**
   * The app on a port, the simulator's callbacks (delivery, replies) sent to its webhooks; the links
   * in messages point to https://portal.trato.test.
   */
  webhooks?: boolean;
}

/** SMS replies and delivery callbacks reach the app, signed with the SMS channel's own secret. */
export const SMS_REPLIES: ContactWorldOptions = {
  secrets: { sms: 'segredo-da-assinatura-zenvia-de-teste' },
  smsSecretOnChannel: true,
  webhooks: true,
};

export interface ContactWorld {
  t: TestApp;
  admin: string;
  api: Api;
  given: Given;
  sim: MessagingSimulator;
  /** The SMTP capture (started only with `email: true`). */
  smtp: SmtpCapture;
  close(): Promise<void>;
}

export async function startContactWorld(options: ContactWorldOptions = {}): Promise<ContactWorld> {
  const { secrets = {} } = options;
  const smtp = options.email ? await startSmtpCapture() : undefined;
  // Read by the simulator at each callback: the webhook address is known once the app listens.
  const simOptions: { webhookBaseUrl?: string; smsWebhookSecret?: string; whatsappAppSecret?: string } = {
    ...(secrets.sms ? { smsWebhookSecret: secrets.sms } : {}),
    ...(secrets.whatsapp ? { whatsappAppSecret: secrets.whatsapp } : {}),
  };
  const sim = await createMessagingSimulator(simOptions);
  const onChannel = options.smsSecretOnChannel && secrets.sms;
  const webhookSecrets = onChannel ? { ...secrets, sms: undefined } : secrets;
  const messaging: MessagingConfig = {
    ...(smtp ? { smtp: smtp.config } : {}),
    ...(webhookSecrets.sms || webhookSecrets.whatsapp
      ? {
          webhookSecrets: {
            ...(webhookSecrets.sms ? { sms: webhookSecrets.sms } : {}),
            ...(webhookSecrets.whatsapp ? { whatsapp: webhookSecrets.whatsapp } : {}),
          },
        }
      : {}),
    sms: {
      baseUrl: sim.url,
      apiToken: 'token-sms',
      from: 'trato',
      ...(onChannel ? { webhookSecret: secrets.sms } : {}),
    },
    ...(options.whatsapp
      ? {
          whatsapp: {
            baseUrl: sim.url,
            version: 'v21.0',
            phoneNumberId: '1234567890',
            accessToken: options.whatsapp.accessToken,
          },
        }
      : {}),
  };
  const t = await startTestApp({
    clock: options.clock ?? fixedClock(CONTACT_NOW),
    config: {
      messaging,
      ...(options.webhooks ? { publicUrl: 'https://portal.trato.test' } : {}),
    },
  });
  const admin = await t.token('admin');
  const given = givenFor(t, admin);
  if (options.webhooks) {
    simOptions.webhookBaseUrl = `${await t.app.listen({ host: '127.0.0.1', port: 0 })}/api/v1/webhooks`;
  }
  return {
    t,
    admin,
    api: given.api,
    given,
    sim,
    get smtp(): SmtpCapture {
      if (!smtp) throw new Error('mundo sem e-mail: startContactWorld({ email: true })');
      return smtp;
    },
    async close() {
      await t.close();
      await sim.close();
      await smtp?.close();
    },
  };
}

export interface TemplateView {
  id: string;
  key: string;
  channel: string;
  transactional: boolean;
}

/** The tenant's message templates (the defaults and any created). */
export async function templatesOf(api: Api): Promise<TemplateView[]> {
  const r = await api('GET', '/api/v1/templates');
  expect(r.statusCode, r.payload).toBe(200);
  const items = r.json().items as TemplateView[];
  expect(items.length, 'nenhum modelo de mensagem').toBeGreaterThan(0);
  return items;
}

/** The id of the template with this key. */
export async function templateId(api: Api, key: string): Promise<string> {
  const found = (await templatesOf(api)).find((x) => x.key === key);
  expect(found, `modelo ${key}`).toBeDefined();
  return found!.id;
}

/** The id of the first collection (non-transactional) template of a channel. */
export async function collectionTemplateId(api: Api, channel: string): Promise<string> {
  const found = (await templatesOf(api)).find((x) => x.channel === channel && !x.transactional);
  expect(found, `modelo de cobrança por ${channel}`).toBeDefined();
  return found!.id;
}

export interface CadenceStep {
  id: string;
  anchor: string;
  offsetDays: number;
  channel: string;
  templateId: string;
}

/** A cadence (201), as the API returns it. */
export async function cadence(
  api: Api,
  body: { name: string; steps: CadenceStep[]; [key: string]: unknown },
) {
  const r = await api('POST', '/api/v1/cadences', body);
  expect(r.statusCode, r.payload).toBe(201);
  return r.json() as { id: string; [key: string]: unknown };
}

/** A cadence of one step: the channel's collection message the day after the debt is due. */
export async function dayAfterDueCadence(api: Api, name: string, channel: string) {
  const templateId = await collectionTemplateId(api, channel);
  return cadence(api, {
    name,
    steps: [{ id: 'd1', anchor: 'debt_due', offsetDays: 1, channel, templateId }],
  });
}

/** What the workers do on a day: the sweep writes the day's messages, then one dispatch at `now`. */
export async function sweepAndDispatch(t: TestApp, day: string, now = new Date(CONTACT_NOW)) {
  await sweepDay(t.rt.ctx, day);
  return dispatchDue(t.rt.ctx, { adapters: adaptersFor(t.rt.ctx.config.messaging), now });
}

/** Maria da Silva's phone in the contact tests (SMS replies come from it). */
export const MARIA_PHONE = '+5511987654321';

/** Maria da Silva (SP), reachable by SMS at `MARIA_PHONE`, owing the creditor debt M-1 due 2026-10-01. */
export async function mariaOwing(given: Given, creditorId: string, amount = '500,00') {
  return given.debtorWithDebts(creditorId, {
    name: 'Maria da Silva',
    phone: MARIA_PHONE,
    debts: [{ externalId: 'M-1', amount, dueDate: '2026-10-01' }],
  });
}
