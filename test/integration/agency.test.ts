import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencyOnStart } from '../../src/cli-agency.ts';
import { getAgencyProfile } from '../../src/modules/agency/index.ts';
import { adaptersFor, dispatchDue, sweepDay } from '../../src/modules/contact/index.ts';
import { cliPrincipal } from '../../src/modules/identity/index.ts';
import { DEFAULT_POLICY } from '../../src/modules/negotiation/index.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { creditorBody, startTestApp, type TestApp } from '../support/app.ts';
import { apiAs, type Method } from '../support/given.ts';
import { type SmtpCapture, startSmtpCapture } from '../support/smtp.ts';

/**
 * The agency's profile (CDC art. 42-A): set by an admin, shown in every message (name, e-mail sender)
 * and document; before it is set, a default that says it must be changed — never "Tenant padrão".
 */
let t: TestApp;
let admin: string;
let smtp: SmtpCapture;

const PROFILE = {
  legalName: 'Cobrança Boa Serviços Ltda',
  tradeName: 'Cobrança Boa',
  document: '35254284832602',
  address: {
    street: 'Avenida Paulista',
    number: '1000',
    district: 'Bela Vista',
    city: 'São Paulo',
    state: 'SP',
    zipCode: '01310-100',
  },
  phone: '0800 777 1234',
  email: 'atendimento@cobrancaboa.com.br',
  whatsapp: '(11) 98765-4321',
  website: 'cobrancaboa.com.br',
};

const api = (method: Method, url: string, payload?: unknown, auth = admin) =>
  apiAs(t, auth)(method, url, payload);

beforeAll(async () => {
  smtp = await startSmtpCapture();
  t = await startTestApp({
    clock: fixedClock('2026-11-23T14:00:00Z'),
    config: {
      messaging: {
        smtp: smtp.config,
      },
    },
  });
  admin = await t.token('admin');
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('GET/PUT /api/v1/settings/agency', () => {
  it('a new tenant has a default profile that says it must be changed', async () => {
    const r = await api('GET', '/api/v1/settings/agency');
    expect(r.statusCode, r.payload).toBe(200);
    expect(r.json()).toMatchObject({
      tradeName: 'Assessoria (altere em Configurações)',
      document: null,
      configured: false,
    });
  });

  it('only an admin reads or changes it', async () => {
    for (const role of ['manager', 'agent']) {
      const token = await t.token(role);
      expect((await api('GET', '/api/v1/settings/agency', undefined, token)).statusCode).toBe(403);
      expect((await api('PUT', '/api/v1/settings/agency', PROFILE, token)).statusCode).toBe(403);
    }
  });

  it('validates: CNPJ (not CPF), phone, e-mail, address, the default name; unknown fields refused', async () => {
    const r = await api('PUT', '/api/v1/settings/agency', {
      ...PROFILE,
      tradeName: 'Assessoria (altere em Configurações)',
      document: '529.982.247-25',
      phone: '(00) 1234-5678',
      email: 'sem-arroba',
      address: 'curto',
    });
    expect(r.statusCode).toBe(422);
    const fields = (r.json().errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['address', 'document', 'email', 'phone', 'tradeName']);
    const extra = await api('PUT', '/api/v1/settings/agency', { ...PROFILE, owner: 'x' });
    expect(extra.statusCode).toBe(422);
  });

  it('stores it and shows the CNPJ formatted, phones in E.164', async () => {
    const r = await api('PUT', '/api/v1/settings/agency', PROFILE);
    expect(r.statusCode, r.payload).toBe(200);
    expect(r.json()).toMatchObject({
      legalName: 'Cobrança Boa Serviços Ltda',
      tradeName: 'Cobrança Boa',
      document: '35.254.284/8326-02',
      phone: '+558007771234',
      whatsapp: '+5511987654321',
      website: 'https://cobrancaboa.com.br',
      configured: true,
    });
    expect((await api('GET', '/api/v1/settings/agency')).json()).toEqual(r.json());
    const profile = await getAgencyProfile(
      t.rt.ctx.database.db,
      (await cliPrincipal(t.rt.ctx.database.db, 'default')).tenantId,
    );
    expect(profile.tradeName).toBe('Cobrança Boa');
  });
});

describe('the agency in what debtors receive', () => {
  it('e-mail: sender name and subject carry the agency, never the tenant', async () => {
    const creditorId = (await api('POST', '/api/v1/creditors', creditorBody())).json().id;
    const imported = await t.app.inject({
      method: 'POST',
      url: `/api/v1/creditors/${creditorId}/imports`,
      headers: { authorization: admin, 'content-type': 'text/csv' },
      payload:
        'document;name;state;email;external_id;original_amount;due_date\n' +
        '52998224725;Maria Souza;SP;maria@exemplo.com.br;M-1;500,00;2026-11-22\n',
    });
    expect(imported.json()).toMatchObject({ status: 'completed' });
    const templates = (await api('GET', '/api/v1/templates')).json().items as {
      id: string;
      channel: string;
      transactional: boolean;
    }[];
    const email = templates.find((x) => x.channel === 'email' && !x.transactional)!.id;
    const cadence = await api('POST', '/api/v1/cadences', {
      name: 'E-mail D+1',
      steps: [{ id: 'd1', anchor: 'debt_due', offsetDays: 1, channel: 'email', templateId: email }],
    });
    expect(cadence.statusCode, cadence.payload).toBe(201);
    await sweepDay(t.rt.ctx, '2026-11-23');
    const d = await dispatchDue(t.rt.ctx, {
      adapters: adaptersFor(t.rt.ctx.config.messaging),
      now: new Date('2026-11-23T14:00:00Z'),
    });
    expect(d.sent).toBe(1);
    expect(smtp.emails).toHaveLength(1);
    const raw = smtp.emails[0]!.replace(/=\r?\n/g, '');
    expect(raw).toMatch(/^From: (=\?UTF-8\?Q\?)?"?Cobran/m);
    expect(raw).toMatch(/<cobranca@trato\.test>/);
    expect(raw).not.toMatch(/Tenant padr|Trato </);
    const decoded = raw.replace(/=([0-9A-F]{2})/g, (_m, h) => String.fromCharCode(Number.parseInt(h, 16)));
    expect(decoded).toMatch(/^Subject: .*Cobran/m);
  });

  it('the term names the agency: legal name, CNPJ, address (CDC art. 42-A)', async () => {
    const creditorId = (await api('GET', '/api/v1/creditors')).json().items[0].id;
    await api('PUT', `/api/v1/creditors/${creditorId}/policy`, DEFAULT_POLICY);
    const debtorId = (await api('GET', '/api/v1/debtors?document=52998224725')).json().items[0].id;
    const offers = (await api('POST', `/api/v1/debtors/${debtorId}/offers`, {})).json().offers;
    const accepted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/agreements',
      headers: { authorization: admin, 'idempotency-key': 'agency-term' },
      payload: { offerId: offers[0].id },
    });
    expect(accepted.statusCode, accepted.payload).toBe(201);
    const term = await api('GET', `/api/v1/agreements/${accepted.json().id}/term.html`);
    expect(term.payload).toContain('Assessoria de cobrança');
    expect(term.payload).toContain('Cobrança Boa Serviços Ltda (Cobrança Boa) — CNPJ 35.254.284/8326-02');
    expect(term.payload).toContain('Avenida Paulista, 1000 - Bela Vista, São Paulo/SP, CEP 01310-100');
  });
});

describe('npm start on a new database', () => {
  it('asks once at a terminal and stores the answers; without a terminal, says how to set it', async () => {
    const other = await cliPrincipal(t.rt.ctx.database.db, 'nova-assessoria');
    let printed = '';
    const write = (s: string) => {
      printed += s;
    };
    expect(await agencyOnStart(t.rt.ctx.database.db, other, { firstRun: true, ask: null, write })).toBe(
      false,
    );
    expect(printed).toMatch(/PUT \/api\/v1\/settings\/agency/);
    const answers = [
      'Nova Assessoria Ltda',
      'Nova',
      '62.607.191/2770-90',
      'Rua Direita, 10 - Centro, Campinas/SP, CEP 13010-000',
      '(19) 3232-1000',
      'contato@nova.com.br',
      '',
      '',
    ];
    const asked: string[] = [];
    const ok = await agencyOnStart(t.rt.ctx.database.db, other, {
      firstRun: true,
      ask: async (q) => {
        asked.push(q);
        return answers.shift() ?? '';
      },
      write,
    });
    expect(ok).toBe(true);
    expect(asked).toHaveLength(8);
    const profile = await getAgencyProfile(t.rt.ctx.database.db, other.tenantId);
    expect(profile).toMatchObject({ tradeName: 'Nova', document: '62607191277090', configured: true });
    // Configured: not asked again.
    expect(
      await agencyOnStart(t.rt.ctx.database.db, other, {
        firstRun: true,
        ask: async () => {
          throw new Error('não deveria perguntar');
        },
        write,
      }),
    ).toBe(true);
  });
});
