import { beforeAll, describe, expect, it } from 'vitest';
import { adaptersFor } from '../../src/modules/contact/adapters.ts';
import { dispatchDue, sweepDay } from '../../src/modules/contact/index.ts';
import { isInsideWindow, localDateTime } from '../../src/modules/contact/window.rules.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { addDays } from '../../src/platform/dates.ts';
import type { MessagingSimulator } from '../../src/simulators/messaging-simulator.ts';
import type { TestApp } from '../support/app.ts';
import { startContactWorld, templatesOf } from '../support/contact.ts';
import type { Api, Given } from '../support/given.ts';
import { pdfText } from '../support/pdf.ts';
import type { SmtpCapture } from '../support/smtp.ts';

/**
 * A simulated month of the cadence for a small portfolio, on the real database, with the real channels
 * (a local SMTP server; the SMS and WhatsApp provider simulator over HTTP): every message inside the
 * debtor's window and within the caps, none to a disputed, deceased or prescribed debtor, opt-out by
 * reply stops the channel at once.
 */
let t: TestApp;
let api: Api;
let given: Given;
let sim: MessagingSimulator;
let smtp: SmtpCapture;

const MONTH_START = '2026-11-01';
const DEBTORS = `document;name;state;phone;email;external_id;original_amount;due_date;product
52998224725;Ana Souza;SP;+5511987650001;ana@exemplo.com.br;A-1;500,00;2026-10-31;cartao
11144477735;Bruno Lima;AM;+5592987650002;bruno@exemplo.com.br;B-1;300,00;2026-10-31;cartao
11144477735;Bruno Lima;AM;+5592987650002;bruno@exemplo.com.br;B-2;200,00;2026-10-31;cartao
39053344705;Carla Dias;RJ;+5521987650003;carla@exemplo.com.br;C-1;800,00;2026-10-31;cartao
86288366757;Davi Reis;BA;+5571987650004;davi@exemplo.com.br;D-1;900,00;2021-11-05;cartao
71428793860;Eva Alves;SP;+5511987650005;eva@exemplo.com.br;E-1;400,00;2026-10-31;cartao
15350946056;Fábio Melo;SP;+5511987650006;fabio@exemplo.com.br;F-1;700,00;2026-10-31;cartao
`;

beforeAll(async () => {
  const world = await startContactWorld({
    clock: fixedClock(`${MONTH_START}T12:00:00Z`),
    email: true,
    // The webhooks fail closed: the simulator signs its callbacks with the secrets the app expects.
    secrets: { sms: 'segredo-do-webhook-sms-de-teste-0001', whatsapp: 'segredo-do-app-whatsapp-de-teste-01' },
    whatsapp: { accessToken: 'token-wa' },
    webhooks: true,
  });
  ({ t, api, given, sim, smtp } = world);
  const imported = await given.imported((await given.creditor()).id, DEBTORS);
  expect(imported).toMatchObject({ status: 'completed' });
  return world.close;
});

describe('templates and tone', () => {
  it('ships humane default templates; refuses a threatening one with phrase, reason and legal basis', async () => {
    const templates = (await api('GET', '/api/v1/templates')).json().items;
    expect(templates.length).toBeGreaterThanOrEqual(8);
    for (const tpl of templates) {
      const check = (await api('POST', '/api/v1/templates/check', { text: tpl.content.body })).json();
      expect(check).toEqual({ ok: true, findings: [] });
    }
    const bad = await api('POST', '/api/v1/templates', {
      key: 'ameaca',
      name: 'Ameaça',
      channel: 'sms',
      content: { body: 'Pague hoje ou você será preso e vamos avisar seu chefe.' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('TONE_REFUSED');
    expect(bad.json().findings[0]).toMatchObject({
      phrase: expect.any(String),
      reason: expect.any(String),
      legalBasis: expect.stringMatching(/CDC/),
    });
  });
});

describe('a simulated month', () => {
  it('every message inside the window and the caps; none to disputed, deceased or prescribed debtors; SAIR stops SMS', async () => {
    const templates = await templatesOf(api);
    const of = (channel: string) => templates.find((x) => x.channel === channel && !x.transactional)!.id;
    const cadence = await api('POST', '/api/v1/cadences', {
      name: 'Régua de teste (intensa, para exercitar os limites)',
      steps: [
        { id: 'd1', anchor: 'debt_due', offsetDays: 1, channel: 'sms', templateId: of('sms') },
        { id: 'd2', anchor: 'debt_due', offsetDays: 2, channel: 'whatsapp', templateId: of('whatsapp') },
        { id: 'd3', anchor: 'debt_due', offsetDays: 3, channel: 'email', templateId: of('email') },
        { id: 'd4', anchor: 'debt_due', offsetDays: 4, channel: 'sms', templateId: of('sms') },
        { id: 'd10', anchor: 'debt_due', offsetDays: 10, channel: 'whatsapp', templateId: of('whatsapp') },
        { id: 'd20', anchor: 'debt_due', offsetDays: 20, channel: 'sms', templateId: of('sms') },
        { id: 'carta', anchor: 'debt_due', offsetDays: 25, channel: 'letter', templateId: of('letter') },
        { id: 'antiga', anchor: 'debt_due', offsetDays: 1830, channel: 'sms', templateId: of('sms') },
      ],
    });
    expect(cadence.statusCode).toBe(201);

    const carla = await given.debtorId('39053344705');
    expect(
      (await api('POST', `/api/v1/debtors/${carla}/suppressions`, { kind: 'dispute', note: 'não reconheço' }))
        .statusCode,
    ).toBe(201);
    const fabio = await given.debtorId('15350946056');
    expect((await api('PUT', `/api/v1/debtors/${fabio}/contact-flags`, { deceased: true })).statusCode).toBe(
      200,
    );

    // The plan the manager sees before the month: Ana's contacts, capped and inside windows.
    const ana = await given.debtorId('52998224725');
    const plan = (await api('GET', `/api/v1/debtors/${ana}/contact-plan?from=${MONTH_START}&days=30`)).json();
    expect(plan.items.length).toBeGreaterThan(0);
    const planned = plan.items.filter((i: { status: string }) => i.status === 'planned');
    // Every step of the cadence reaches Ana, each on its own day (1 a day, 3 a week), inside a window.
    expect(planned).toHaveLength(7);
    expect(new Set(planned.map((i: { date: string }) => i.date)).size).toBe(7);
    for (const i of planned) expect(i.windowStart && i.windowEnd).toBeTruthy();
    const carlaPlan = (
      await api('GET', `/api/v1/debtors/${carla}/contact-plan?from=${MONTH_START}&days=30`)
    ).json();
    // Length first: `every` over an empty plan would pass.
    expect(carlaPlan.items.length).toBeGreaterThan(0);
    expect(carlaPlan.items.filter((i: { status: string }) => i.status !== 'blocked')).toEqual([]);

    const ctx = t.rt.ctx;
    const adapters = adaptersFor(ctx.config.messaging);
    const eva = await given.debtorId('71428793860');
    let optOutAt: Date | null = null;
    for (let day = 0; day < 30; day++) {
      const date = addDays(MONTH_START, day);
      await sweepDay(ctx, date);
      for (const hour of ['06', '09', '12', '15', '18', '21']) {
        await dispatchDue(ctx, {
          adapters,
          now: new Date(`${date}T${hour}:00:00-03:00`),
          portalUrl: ctx.config.publicUrl,
          linkSecret: ctx.config.linkSecrets,
        });
      }
      if (date === '2026-11-03') {
        // Eva answers the SMS: SAIR. SMS stops at once; other channels go on.
        await sim.reply('+5511987650005', 'SAIR', 'sms');
        optOutAt = new Date();
      }
    }

    const rows = await ctx.database.db
      .selectFrom('outbox')
      .innerJoin('debtors', 'debtors.id', 'outbox.debtor_id')
      .select([
        'outbox.debtor_id',
        'outbox.channel',
        'outbox.status',
        'outbox.sent_at',
        'outbox.reason',
        'outbox.debt_ids',
        'outbox.step_id',
        'debtors.state',
      ])
      .execute();
    const sent = rows.filter((r) => r.status === 'sent');
    expect(sent.length).toBeGreaterThan(5);
    // Letters go by post (read when the debtor chooses): no window; everything else inside it.
    for (const r of sent.filter((x) => x.channel !== 'letter'))
      expect(isInsideWindow(new Date(r.sent_at!), r.state ?? undefined), `${r.channel} ${r.sent_at}`).toBe(
        true,
      );
    // Caps: at most one proactive contact per local day and three in any rolling 7 days, per debtor.
    const byDebtor = new Map<string, Date[]>();
    for (const r of sent)
      byDebtor.set(r.debtor_id, [...(byDebtor.get(r.debtor_id) ?? []), new Date(r.sent_at!)]);
    for (const [id, times] of byDebtor) {
      const state = rows.find((r) => r.debtor_id === id)!.state ?? undefined;
      const days = times.map((at) => localDateTime(at, state).date);
      expect(new Set(days).size, 'um por dia').toBe(days.length);
      const sorted = times.map((x) => x.getTime()).sort((a, b) => a - b);
      for (let i = 3; i < sorted.length; i++)
        expect(sorted[i]! - sorted[i - 3]!).toBeGreaterThanOrEqual(7 * 86_400_000);
    }
    const davi = await given.debtorId('86288366757');
    for (const id of [carla, fabio, davi]) {
      expect(sent.filter((r) => r.debtor_id === id)).toHaveLength(0);
      expect(rows.filter((r) => r.debtor_id === id && r.status === 'suppressed').length).toBeGreaterThan(0);
    }
    expect(rows.find((r) => r.debtor_id === davi)!.reason).toMatch(/prescri/i);
    // Bruno has two debts due the same day: one consolidated message per step.
    const bruno = await given.debtorId('11144477735');
    const brunoRows = rows.filter((r) => r.debtor_id === bruno);
    expect(new Set(brunoRows.map((r) => r.step_id)).size).toBe(brunoRows.length);
    expect(brunoRows.length).toBeGreaterThan(0);
    expect(brunoRows.filter((r) => r.debt_ids.length !== 2)).toEqual([]);
    // Eva's SMS after the opt-out: none sent.
    expect(optOutAt).not.toBeNull();
    expect(
      sent.filter(
        (r) =>
          r.debtor_id === eva &&
          r.channel === 'sms' &&
          new Date(r.sent_at!) > new Date('2026-11-03T21:00:00-03:00'),
      ),
    ).toHaveLength(0);

    // What providers received matches what the outbox says was sent, one each.
    const simCount = sim.messages().length;
    expect(simCount).toBe(sent.filter((r) => r.channel === 'sms' || r.channel === 'whatsapp').length);
    expect(smtp.emails.length).toBe(sent.filter((r) => r.channel === 'email').length);
    // Unverified contacts get the discreet version: no amount, no creditor in the text.
    for (const m of sim.messages()) expect(m.text).not.toMatch(/R\$/);
    for (const e of smtp.emails) expect(e).not.toMatch(/R\$|Loja Teste/);

    // Every decision is visible with its reason.
    const history = (await api('GET', `/api/v1/debtors/${carla}/messages`)).json();
    expect(history.items[0]).toMatchObject({ status: 'suppressed', reason: expect.any(String) });
    const anaHistory = (await api('GET', `/api/v1/debtors/${ana}/messages`)).json();
    expect(anaHistory.items.some((i: { status: string }) => i.status === 'sent')).toBe(true);

    // Letters render to PDF for the mailing operator. Ana's identity is not verified: an envelope can be
    // opened by anyone at the address, so neither the creditor nor the amount is printed.
    const letter = await ctx.database.db
      .selectFrom('outbox')
      .select(['id', 'verification_code'])
      .where('debtor_id', '=', ana)
      .where('channel', '=', 'letter')
      .where('status', '=', 'sent')
      .executeTakeFirstOrThrow();
    const pdf = await api('GET', `/api/v1/messages/${letter.id}/letter.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf);
    expect(text).toContain('Ana Souza');
    expect(text).not.toContain('Loja Teste Ltda');
    expect(text).not.toMatch(/R\$/);
    // Every letter and e-mail carries its verification code; the portal's public page tells anyone who
    // issued it and when — agency and creditor, never the addressee, an amount or a debt.
    const code = letter.verification_code!.replace(/(.{4})(?=.)/g, '$1-');
    expect(code).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/);
    expect(text.replace(/\s+/g, ' ')).toContain(`Código de verificação: ${code}`);
    for (const e of smtp.emails) {
      expect(e.replace(/=\r?\n/g, '')).toMatch(/portal\/verificar/);
      expect(e.replace(/=\r?\n/g, '')).toMatch(/[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}/);
    }
    const check = await t.app.inject({ url: `/api/portal/v1/verify-code/${code.toLowerCase()}` });
    expect(check.statusCode).toBe(200);
    expect(check.json()).toMatchObject({
      found: true,
      channel: 'letter',
      issuedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      creditor: { name: 'Loja Teste Ltda', cnpj: '11.222.333/0001-81' },
    });
    expect(check.payload).not.toMatch(/Ana|R\$|\d+,\d{2}/);
    // Once verified, the same letter names the creditor with CNPJ (CDC art. 42-A) and the amount.
    await api('PUT', `/api/v1/debtors/${ana}/contact-flags`, { identityVerified: true });
    const full = await api('GET', `/api/v1/messages/${letter.id}/letter.pdf`);
    const fullText = await pdfText(full);
    expect(fullText).toContain('Loja Teste Ltda');
    expect(fullText).toContain('11.222.333/0001-81');
    expect(fullText).toMatch(/R\$\s+\d/);

    // Re-running a day writes nothing twice.
    const again = await sweepDay(ctx, '2026-11-02');
    expect(again.written).toBe(0);
  });
});
