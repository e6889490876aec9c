import { beforeAll, describe, expect, it } from 'vitest';
import type { MessagingSimulator } from '../../src/simulators/messaging-simulator.ts';
import type { TestApp } from '../support/app.ts';
import { startContactWorld } from '../support/contact.ts';
import type { Api } from '../support/given.ts';
import type { SmtpCapture } from '../support/smtp.ts';

/**
 * Issue #12 item 15 (audit F19): an agent's message about a creditor's debt is a collection message. To
 * a verified contact it identifies the creditor (CDC art. 42-A: no channel exemption) and, in RJ/PR/PE,
 * carries the itemised value or the signed link to it — as templates do. Unverified: sent as typed.
 * Monday 2026-11-23, 11:00 in São Paulo (inside the window).
 */
let t: TestApp;
let api: Api;
let sim: MessagingSimulator;
let smtp: SmtpCapture;
const ids: Record<string, string> = {};

beforeAll(async () => {
  const world = await startContactWorld({ email: true, webhooks: true });
  ({ t, api, sim, smtp } = world);
  const creditorId = (await world.given.creditor({ name: 'Loja Alfa' })).id;
  await world.given.imported(
    creditorId,
    'document;name;state;phone;email;external_id;original_amount;due_date\n' +
      '52998224725;Carioca Souza;RJ;+5521987650001;;C-1;500,00;2026-10-01\n' +
      '11144477735;Paulo Lima;SP;;paulo@exemplo.com.br;P-1;500,00;2026-10-01\n' +
      '39053344705;Nita Reis;RJ;;nita@exemplo.com.br;N-1;500,00;2026-10-01\n' +
      '86288366757;Sem Verificar;RJ;+5521987650004;;S-1;500,00;2026-10-01\n',
  );
  for (const [key, doc, verified] of [
    ['carioca', '52998224725', true],
    ['paulo', '11144477735', true],
    ['nita', '39053344705', true],
    ['unverified', '86288366757', false],
  ] as const) {
    ids[key] = await world.given.debtorId(doc);
    if (verified) {
      const r = await api('PUT', `/api/v1/debtors/${ids[key]}/contact-flags`, { identityVerified: true });
      expect(r.statusCode, r.payload).toBe(200);
    }
  }
  return world.close;
});

/** The e-mail's text, quoted-printable undone and read as UTF-8. */
function emailText(raw: string): string {
  const joined = raw.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined[i] === '=' ? joined.slice(i + 1, i + 3) : '';
    if (/^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(joined[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8').replace(/\r\n/g, '\n');
}

const AUDIT_TEXT = 'Olá, Carioca. Podemos conversar sobre o débito com a Loja Alfa? Responda quando puder.';

describe('agent messages identify the creditor and itemise (CDC art. 42-A; Lei RJ 6.854/2014)', () => {
  it("the audit's RJ SMS: the text, then who sends for whom and the signed link to the creditor and the breakdown", async () => {
    const r = await api('POST', `/api/v1/debtors/${ids.carioca}/messages`, {
      channel: 'sms',
      text: AUDIT_TEXT,
    });
    expect(r.statusCode, r.payload).toBe(201);
    const sms = sim.messages().find((m) => m.to === '+5521987650001')!;
    expect(sms.text).toMatch(
      /^Olá, Carioca\. Podemos conversar sobre o débito com a Loja Alfa\? Responda quando puder\.\n\n.+, em nome de Loja Alfa\. Credor e detalhes: https:\/\/portal\.trato\.test\/l\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/,
    );
    // An SMS has no room for the breakdown: the signed link opens it after identity verification.
    expect(sms.text).not.toContain('Detalhamento');
    // The link is the message's own: it opens the portal with the person pre-identified.
    const path = new URL(/https:\/\/\S+/.exec(sms.text)![0]).pathname;
    const page = await t.app.inject({ url: path });
    expect(page.statusCode).toBe(303);
    expect(String(page.headers['set-cookie'])).toMatch(/trato_portal_link=[^;]+;/);
  });

  it('an SP e-mail: the full identification (agency, creditor, CNPJ, address) and no breakdown (SP does not require it)', async () => {
    const r = await api('POST', `/api/v1/debtors/${ids.paulo}/messages`, {
      channel: 'email',
      subject: 'Sobre o seu débito',
      text: 'Olá, Paulo. Podemos conversar sobre o débito com a Loja Alfa? Responda quando puder.',
    });
    expect(r.statusCode, r.payload).toBe(201);
    const mail = emailText(smtp.emails.find((e) => e.includes('paulo@exemplo.com.br'))!);
    expect(mail).toContain('Olá, Paulo. Podemos conversar sobre o débito com a Loja Alfa?');
    expect(mail).toMatch(
      /Esta mensagem é enviada por .+ em nome de Loja Alfa, CNPJ 11\.222\.333\/0001-81, Rua das Flores, 100/,
    );
    expect(mail).not.toContain('Detalhamento');
  });

  it('an RJ e-mail carries the original value and each addition too', async () => {
    const r = await api('POST', `/api/v1/debtors/${ids.nita}/messages`, {
      channel: 'email',
      subject: 'Sobre o seu débito',
      text: 'Olá, Nita. Podemos conversar sobre o débito com a Loja Alfa?',
    });
    expect(r.statusCode, r.payload).toBe(201);
    const mail = emailText(smtp.emails.find((e) => e.includes('nita@exemplo.com.br'))!);
    expect(mail).toMatch(/em nome de Loja Alfa, CNPJ 11\.222\.333\/0001-81/);
    expect(mail).toMatch(
      /Detalhamento do valor: Valor original R\$ 500,00( \+ [^=]+)? = total R\$ [\d.,]+\./,
    );
  });

  it('an unverified contact gets the text as typed: nothing about the debt is added (LGPD; CDC art. 42)', async () => {
    const text = 'Olá! Temos um recado para você. Responda quando puder.';
    const r = await api('POST', `/api/v1/debtors/${ids.unverified}/messages`, { channel: 'sms', text });
    expect(r.statusCode, r.payload).toBe(201);
    expect(sim.messages().find((m) => m.to === '+5521987650004')!.text).toBe(text);
  });

  it("the tone check still reads the agent's own text", async () => {
    const r = await api('POST', `/api/v1/debtors/${ids.carioca}/messages`, {
      channel: 'sms',
      text: 'Se não pagar hoje vamos ligar para o seu chefe e para a sua família.',
    });
    expect(r.statusCode).toBe(422);
    expect(r.json().code).toBe('TONE_REFUSED');
  });
});
