import { beforeAll, describe, expect, it } from 'vitest';
import { agencyOnStart } from '../../src/cli-agency.ts';
import { getAgencyProfile } from '../../src/modules/agency/index.ts';
import { cliPrincipal } from '../../src/modules/identity/index.ts';
import type { TestApp } from '../support/app.ts';
import { dayAfterDueCadence, startContactWorld, sweepAndDispatch } from '../support/contact.ts';
import { AGENCY_PROFILE, type Api, apiAs, type Given } from '../support/given.ts';
import type { SmtpCapture } from '../support/smtp.ts';

/**
 * The agency's profile (CDC art. 42-A): set by an admin, shown in every message (name, e-mail sender)
 * and document; before it is set, a default that says it must be changed — never "Tenant padrão".
 */
let t: TestApp;
let api: Api;
let given: Given;
let smtp: SmtpCapture;

beforeAll(async () => {
  const world = await startContactWorld({ email: true });
  ({ t, api, given, smtp } = world);
  return world.close;
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
      expect((await apiAs(t, token)('GET', '/api/v1/settings/agency')).statusCode).toBe(403);
      expect((await apiAs(t, token)('PUT', '/api/v1/settings/agency', AGENCY_PROFILE)).statusCode).toBe(403);
    }
  });

  it('validates: CNPJ (not CPF), phone, e-mail, address, the default name; unknown fields refused', async () => {
    const r = await api('PUT', '/api/v1/settings/agency', {
      ...AGENCY_PROFILE,
      tradeName: 'Assessoria (altere em Configurações)',
      document: '529.982.247-25',
      phone: '(00) 1234-5678',
      email: 'sem-arroba',
      address: 'curto',
    });
    expect(r.statusCode).toBe(422);
    const fields = (r.json().errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['address', 'document', 'email', 'phone', 'tradeName']);
    const extra = await api('PUT', '/api/v1/settings/agency', { ...AGENCY_PROFILE, owner: 'x' });
    expect(extra.statusCode).toBe(422);
  });

  it('stores it and shows the CNPJ formatted, phones in E.164', async () => {
    const r = await api('PUT', '/api/v1/settings/agency', AGENCY_PROFILE);
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
    const creditorId = (await given.creditor()).id;
    const imported = await given.imported(
      creditorId,
      'document;name;state;email;external_id;original_amount;due_date\n' +
        '52998224725;Maria Souza;SP;maria@exemplo.com.br;M-1;500,00;2026-11-22\n',
    );
    expect(imported).toMatchObject({ status: 'completed' });
    await dayAfterDueCadence(api, 'E-mail D+1', 'email');
    const d = await sweepAndDispatch(t, '2026-11-23');
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
    const creditors = (await api('GET', '/api/v1/creditors')).json().items;
    expect(creditors).toHaveLength(1);
    await given.policy(creditors[0].id);
    const offers = await given.offers(await given.debtorId('52998224725'), {});
    const accepted = await api(
      'POST',
      '/api/v1/agreements',
      { offerId: offers[0]!.id },
      {
        'idempotency-key': 'agency-term',
      },
    );
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
