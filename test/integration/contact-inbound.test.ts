import { beforeAll, describe, expect, it } from 'vitest';
import { createSignedToken } from '../../src/platform/signed-link.ts';
import type { MessagingSimulator } from '../../src/simulators/messaging-simulator.ts';
import type { TestApp } from '../support/app.ts';
import { mariaOwing, MARIA_PHONE as PHONE, SMS_REPLIES, startContactWorld } from '../support/contact.ts';
import type { Api } from '../support/given.ts';

/**
 * Human and inbound contact through the same rules: an agent's message passes the tone check and the
 * guardrail; delivery callbacks update the message; replies SAIR/NEGOCIAR/anything else do what they say.
 * Monday 2026-11-23, 11:00 in São Paulo (inside the window).
 */
let t: TestApp;
let api: Api;
let sim: MessagingSimulator;
let debtorId: string;

beforeAll(async () => {
  const world = await startContactWorld(SMS_REPLIES);
  ({ t, api, sim } = world);
  debtorId = (await mariaOwing(world.given, (await world.given.creditor()).id)).id;
  return world.close;
});

describe('agent-written messages', () => {
  it('refuses a threatening text with the phrase, reason and legal basis; nothing is sent', async () => {
    const r = await api('POST', `/api/v1/debtors/${debtorId}/messages`, {
      channel: 'sms',
      text: 'Se não pagar hoje vamos ligar para o seu chefe e para a sua família.',
    });
    expect(r.statusCode).toBe(422);
    expect(r.json().code).toBe('TONE_REFUSED');
    expect(r.json().findings[0]).toMatchObject({ legalBasis: expect.stringMatching(/CDC/) });
    expect(sim.messages()).toHaveLength(0);
  });

  it('sends a humane one inside the window; a second the same day is blocked by the daily cap', async () => {
    const ok = await api('POST', `/api/v1/debtors/${debtorId}/messages`, {
      channel: 'sms',
      text: 'Olá, Maria! Podemos ajudar a encontrar uma parcela que caiba no seu orçamento. Responda NEGOCIAR.',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(sim.messages()).toHaveLength(1);
    const again = await api('POST', `/api/v1/debtors/${debtorId}/messages`, {
      channel: 'sms',
      text: 'Olá de novo, Maria.',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      code: 'CONTACT_BLOCKED',
      notBefore: expect.stringMatching(/^2026-11-24T/),
    });
    expect(sim.messages()).toHaveLength(1);

    // The provider's delivery callback reaches the message.
    await sim.deliver(sim.messages()[0]!.id, 'delivered');
    const history = (await api('GET', `/api/v1/debtors/${debtorId}/messages`)).json();
    expect(history.items[0]).toMatchObject({ status: 'sent', deliveryStatus: 'delivered' });
    expect(history.events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['sent', 'delivered', 'agent_deferred']),
    );
  });
});

describe('replies', () => {
  it('refuses an SMS callback without the subscription secret: nobody can opt a debtor out for them', async () => {
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks/sms/inbound',
      headers: { 'content-type': 'application/json' },
      payload: {
        type: 'MESSAGE',
        message: { from: PHONE.slice(1), to: 'trato', contents: [{ type: 'text', text: 'SAIR' }] },
      },
    });
    expect(forged.statusCode).toBe(401);
    const suppressions = await t.rt.ctx.database.db.selectFrom('contact_suppressions').selectAll().execute();
    expect(suppressions).toHaveLength(0);
  });

  it('NEGOCIAR gets the signed portal link; anything else goes to the agents; PARAR stops SMS at once', async () => {
    sim.reset();
    await sim.reply(PHONE, 'Quero negociar', 'sms');
    const link = sim.messages().find((m) => m.to === PHONE);
    expect(link?.text).toMatch(/https:\/\/portal\.trato\.test\/l\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/);
    expect(link?.text).not.toMatch(/52998224725|Maria/);
    // The link opens (signature, purpose and expiry checked) into the portal, the person pre-identified
    // by a short-lived cookie; the answer reveals nothing about the debt.
    const path = new URL(/https:\/\/\S+/.exec(link!.text)![0]).pathname;
    const page = await t.app.inject({ url: path });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/portal/?entrada=link');
    expect(String(page.headers['set-cookie'])).toMatch(/trato_portal_link=.+; HttpOnly; SameSite=Lax/);
    expect(page.body).not.toMatch(/Maria|R\$|Loja/);
    expect((await t.app.inject({ url: `${path.slice(0, -2)}xx` })).statusCode).toBe(404);
    const expired = createSignedToken(
      { purpose: 'portal', ref: '0190f6a8-0000-7000-8000-000000000000', exp: 1 },
      t.rt.ctx.config.linkSecrets,
    );
    expect((await t.app.inject({ url: `/l/${expired}` })).statusCode).toBe(410);

    await sim.reply(PHONE, 'Oi, quem está falando?', 'sms');
    const tasks = (await api('GET', '/api/v1/tasks')).json().items;
    expect(tasks).toEqual([
      expect.objectContaining({ kind: 'inbound_reply', debtorId, text: 'Oi, quem está falando?' }),
    ]);

    await sim.reply(PHONE, 'PARAR', 'sms');
    const blocked = await api('POST', `/api/v1/debtors/${debtorId}/messages`, {
      channel: 'sms',
      text: 'Olá, Maria.',
    });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().reason).toMatch(/não ser contatado por sms/);
  });

  it('a dispute blocks every collection contact, with the legal basis', async () => {
    await api('POST', `/api/v1/debtors/${debtorId}/suppressions`, { kind: 'dispute' });
    const r = await api('POST', `/api/v1/debtors/${debtorId}/messages`, {
      channel: 'sms',
      text: 'Olá, Maria.',
    });
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ code: 'CONTACT_BLOCKED', legalBasis: expect.any(String) });
  });
});
