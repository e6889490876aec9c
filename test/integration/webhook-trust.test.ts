import { beforeAll, describe, expect, it } from 'vitest';
import { whatsAppSignature } from '../../src/modules/messaging/provider-webhooks.rules.ts';
import { createSignedToken } from '../../src/platform/signed-link.ts';
import type { MessagingSimulator } from '../../src/simulators/messaging-simulator.ts';
import type { TestApp } from '../support/app.ts';
import { mariaOwing, MARIA_PHONE as PHONE, startContactWorld } from '../support/contact.ts';

/**
 * The SMS and WhatsApp webhooks fail closed (issue 10, item 1): without a configured secret they refuse
 * every call, in every environment; a replayed provider message id does nothing; texts are capped and
 * control characters refused before anything is written.
 */
let t: TestApp;
let sim: MessagingSimulator;
const SMS_SECRET = 'segredo-do-webhook-sms-0123456789';
const WA_SECRET = 'segredo-do-app-whatsapp-0123456789';
let debtorId: string;

beforeAll(async () => {
  const world = await startContactWorld({
    secrets: { sms: SMS_SECRET, whatsapp: WA_SECRET },
    whatsapp: { accessToken: 'tk' },
    webhooks: true,
  });
  ({ t, sim } = world);
  debtorId = (await mariaOwing(world.given, (await world.given.creditor()).id)).id;
  return world.close;
});

function zenviaInbound(id: string, text: string) {
  return {
    id: `evt-${id}`,
    timestamp: '2026-11-23T14:00:00Z',
    type: 'MESSAGE',
    subscriptionId: 'sub-1',
    channel: 'sms',
    direction: 'IN',
    message: { id, from: PHONE.slice(1), to: 'trato', direction: 'IN', contents: [{ type: 'text', text }] },
  };
}

function postSms(body: unknown, secret: string | null = SMS_SECRET, kind = 'inbound') {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/webhooks/sms/${kind}`,
    headers: { 'content-type': 'application/json', ...(secret ? { 'x-webhook-secret': secret } : {}) },
    payload: JSON.stringify(body),
  });
}

async function counts() {
  const db = t.rt.ctx.database.db;
  const n = async (table: 'agent_tasks' | 'contact_events' | 'contact_suppressions' | 'contact_flags') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    tasks: await n('agent_tasks'),
    events: await n('contact_events'),
    suppressions: await n('contact_suppressions'),
    flags: await n('contact_flags'),
  };
}

describe('webhooks fail closed', () => {
  it('without a configured secret each provider refuses everything, naming the variable', async () => {
    const saved = t.rt.ctx.config.messaging.webhookSecrets;
    t.rt.ctx.config.messaging.webhookSecrets = {};
    try {
      const before = await counts();
      for (const kind of ['inbound', 'status']) {
        const sms = await postSms(zenviaInbound('nosecret-1', 'SAIR'), 'qualquer-coisa', kind);
        expect(sms.statusCode).toBe(503);
        expect(sms.json()).toMatchObject({ code: 'WEBHOOK_NOT_CONFIGURED' });
        expect(sms.json().detail).toMatch(/TRATO_SMS_WEBHOOK_SECRET/);
        const raw = JSON.stringify({ object: 'whatsapp_business_account', entry: [] });
        const wa = await t.app.inject({
          method: 'POST',
          url: `/api/v1/webhooks/whatsapp/${kind}`,
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': whatsAppSignature(raw, 'x') },
          payload: raw,
        });
        expect(wa.statusCode).toBe(503);
        expect(wa.json().detail).toMatch(/TRATO_WHATSAPP_APP_SECRET/);
      }
      expect(await counts()).toEqual(before);
    } finally {
      t.rt.ctx.config.messaging.webhookSecrets = saved;
    }
  });

  it('a wrong or missing secret is 401; an unsigned WhatsApp callback is 401', async () => {
    expect((await postSms(zenviaInbound('bad-1', 'SAIR'), null)).statusCode).toBe(401);
    expect((await postSms(zenviaInbound('bad-2', 'SAIR'), `${SMS_SECRET}x`)).statusCode).toBe(401);
    const wa = await t.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks/whatsapp/inbound',
      headers: { 'content-type': 'application/json' },
      payload: { object: 'whatsapp_business_account', entry: [] },
    });
    expect(wa.statusCode).toBe(401);
    expect((await counts()).suppressions).toBe(0);
  });

  it('the simulator signs with the secrets it is given: WhatsApp and SMS replies reach the inbox', async () => {
    await sim.reply(PHONE, 'Oi, recebi a mensagem pelo WhatsApp', 'whatsapp');
    await sim.reply(PHONE, 'Oi, recebi a mensagem por SMS', 'sms');
    const tasks = await t.rt.ctx.database.db.selectFrom('agent_tasks').select(['text', 'channel']).execute();
    expect(tasks).toEqual(
      expect.arrayContaining([
        { text: 'Oi, recebi a mensagem pelo WhatsApp', channel: 'whatsapp' },
        { text: 'Oi, recebi a mensagem por SMS', channel: 'sms' },
      ]),
    );
  });
});

describe('inbound messages', () => {
  it('a replay of the same provider message id is a no-op', async () => {
    const body = zenviaInbound('replay-0001', 'Pode me ligar amanhã?');
    const first = await postSms(body);
    expect(first.statusCode, first.body).toBe(200);
    const after = await counts();
    for (let i = 0; i < 3; i++) {
      const again = await postSms(body);
      expect(again.statusCode).toBe(200);
      expect(again.json().results[0]).toMatchObject({ duplicate: true });
    }
    expect(await counts()).toEqual(after);
    const tasks = await t.rt.ctx.database.db
      .selectFrom('agent_tasks')
      .select('text')
      .where('text', '=', 'Pode me ligar amanhã?')
      .execute();
    expect(tasks).toHaveLength(1);
  });

  it('caps the text: megabytes of text are refused before anything is written', async () => {
    const before = await counts();
    const long = await postSms(zenviaInbound('long-0001', 'a'.repeat(4097)));
    expect(long.statusCode).toBe(422);
    const huge = await postSms(zenviaInbound('huge-0001', 'a'.repeat(2 * 1024 * 1024)));
    expect(huge.statusCode).toBe(413);
    expect(await counts()).toEqual(before);
    expect((await postSms(zenviaInbound('max-0001', 'b'.repeat(4096)))).statusCode).toBe(200);
  });

  it('a NUL byte or a control character is a 422 and leaves no half-written conversation', async () => {
    const before = await counts();
    for (const [id, text] of [
      ['nul-0001', 'SAIR\u0000'],
      ['ctl-0001', 'oi\u0007'],
    ] as const) {
      const r = await postSms(zenviaInbound(id, text));
      expect(r.statusCode).toBe(422);
    }
    expect(await counts()).toEqual(before);
    // The refused id was not claimed: the provider can deliver a corrected message under it.
    expect((await postSms(zenviaInbound('nul-0001', 'SAIR'))).statusCode).toBe(200);
    const suppressions = await t.rt.ctx.database.db
      .selectFrom('contact_suppressions')
      .select(['debtor_id', 'channel'])
      .execute();
    expect(suppressions).toEqual([{ debtor_id: debtorId, channel: 'sms' }]);
  });
});

describe('signed links', () => {
  it('a token signed for another purpose does not open the portal link', async () => {
    // A link ref the portal knows (a NEGOCIAR answer is recorded as a reply_sent event with its ref),
    // signed once for the portal and once for another purpose.
    const now = Math.floor(Date.parse('2026-11-23T14:00:00Z') / 1000);
    const ref = 'trust-link-ref-1';
    const { tenant_id } = await t.rt.ctx.database.db
      .selectFrom('debtors')
      .select('tenant_id')
      .where('id', '=', debtorId)
      .executeTakeFirstOrThrow();
    await t.rt.ctx.database.db
      .insertInto('contact_events')
      .values({
        tenant_id,
        debtor_id: debtorId,
        type: 'reply_sent',
        channel: 'sms',
        details: JSON.stringify({ ref }),
      })
      .execute();
    const secrets = t.rt.ctx.config.linkSecrets;
    const portal = createSignedToken({ purpose: 'portal', ref, exp: now + 3600 }, secrets);
    const other = createSignedToken({ purpose: 'unsubscribe', ref, exp: now + 3600 }, secrets);
    // The portal link opens the portal (303, person pre-identified); the other purpose does not.
    const opened = await t.app.inject({ url: `/l/${portal}` });
    expect(opened.statusCode).toBe(303);
    expect(String(opened.headers['set-cookie'])).toMatch(/^trato_portal_link=/);
    expect((await t.app.inject({ url: `/l/${other}` })).statusCode).toBe(404);
  });
});
