import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/modules/negotiation/index.ts';
import type { TestApp } from '../support/app.ts';
import { type Api, type Given, startAsAdmin } from '../support/given.ts';

/**
 * The HTTP contract a front end is generated from: every error a problem+json in pt-BR (even the
 * validator's), `null` accepted where the schema allows it (GET → PUT of the same body), and partial
 * updates (`PATCH`) that obey the same rules as `PUT`.
 */
let t: TestApp;
let api: Api;
let given: Given;
let creditorId: string;
/** One cadence step (an SMS on the due date, with a template of the product). */
let step: Record<string, unknown>;

beforeAll(async () => {
  ({ t, api, given } = await startAsAdmin());
  creditorId = (await given.creditor()).id;
  const templates = (await api('GET', '/api/v1/templates')).json().items as { id: string; channel: string }[];
  const sms = templates.find((x) => x.channel === 'sms');
  expect(sms).toBeDefined();
  step = { id: 's1', anchor: 'debt_due', offsetDays: 1, channel: 'sms', templateId: sms!.id };
});
afterAll(async () => t?.close());

function expectProblem(r: Awaited<ReturnType<Api>>, status: number, code: string) {
  expect(r.statusCode, r.payload).toBe(status);
  expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = r.json();
  expect(body).toMatchObject({ status, code, type: 'about:blank' });
  // pt-BR, never the validator's English.
  expect(body.detail).not.toMatch(/\bmust\b|\bshould\b|equal to constant|is required/i);
  return body;
}

describe('errors are problem+json in pt-BR', () => {
  it('an enumeration in the query string lists the accepted values', async () => {
    const body = expectProblem(await api('GET', '/api/v1/payments?status=xyz'), 422, 'VALIDATION_FAILED');
    expect(body.errors).toEqual([
      { field: 'querystring.status', message: 'deve ser um destes: applied, unmatched, review, credit' },
    ]);
  });

  it('invalid import options answer 422, not a 500 from the error serializer', async () => {
    const csv =
      'document;name;external_id;original_amount;due_date\n52998224725;Maria;X-1;10,00;2026-01-01\n';
    const mode = await api('POST', `/api/v1/creditors/${creditorId}/imports?mode=tudo`, csv, {
      'content-type': 'text/csv',
    });
    expect(expectProblem(mode, 422, 'VALIDATION_FAILED').errors).toEqual([
      { field: 'querystring.mode', message: 'deve ser um destes: all, partial' },
    ]);
    const async = await api('POST', `/api/v1/creditors/${creditorId}/imports?async=maybe`, csv, {
      'content-type': 'text/csv',
    });
    expect(expectProblem(async, 422, 'VALIDATION_FAILED').errors).toEqual([
      { field: 'querystring.async', message: 'deve ser do tipo booleano' },
    ]);
  });

  it('a JSON body sent as text/plain is 415, with what to send', async () => {
    const r = await api('POST', '/api/v1/creditors', JSON.stringify({ name: 'X' }), {
      'content-type': 'text/plain',
    });
    expect(expectProblem(r, 415, 'UNSUPPORTED_MEDIA_TYPE').detail).toMatch(/application\/json/);
  });

  it('malformed JSON is 400 and a wrong type is named in pt-BR', async () => {
    expectProblem(
      await api('POST', '/api/v1/cadences', '{"name":', { 'content-type': 'application/json' }),
      400,
      'BAD_REQUEST',
    );
    const body = expectProblem(
      await api('PUT', `/api/v1/creditors/${creditorId}/policy`, {
        ...DEFAULT_POLICY,
        maxInstallments: '12',
      }),
      422,
      'VALIDATION_FAILED',
    );
    // No coercion of bodies: "12" is not 12.
    expect(body.errors).toEqual([{ field: 'maxInstallments', message: 'deve ser do tipo inteiro' }]);
  });

  it('specific codes instead of a generic CONFLICT', async () => {
    const template = {
      key: 'aviso-unico',
      name: 'Aviso',
      channel: 'sms',
      content: { body: 'Olá! Temos uma mensagem para você.' },
    };
    const first = await api('POST', '/api/v1/templates', template);
    expect(first.statusCode, first.payload).toBe(201);
    expectProblem(await api('POST', '/api/v1/templates', template), 409, 'TEMPLATE_KEY_TAKEN');

    const debtor = await given.debtorWithDebts(creditorId, {
      document: '11144477735',
      email: 'j@exemplo.com',
    });
    // No SMTP on this server: the operator must configure the channel.
    const r = await api('POST', `/api/v1/debtors/${debtor.id}/messages`, { channel: 'email', text: 'Olá.' });
    expectProblem(r, 409, 'CHANNEL_NOT_CONFIGURED');
  });
});

describe('null round-trips: what GET returns, PUT accepts', () => {
  const readOnly = (body: Record<string, unknown>, keys: string[]) =>
    Object.fromEntries(Object.entries(body).filter(([k]) => !keys.includes(k)));

  it('a tenant-wide cadence (creditorId null, segment null)', async () => {
    const created = await api('POST', '/api/v1/cadences', {
      name: 'Toda a carteira',
      creditorId: null,
      segment: null,
      active: false,
      steps: [step],
    });
    expect(created.statusCode, created.payload).toBe(201);
    const got = (await api('GET', `/api/v1/cadences/${created.json().id}`)).json();
    expect(got).toMatchObject({ creditorId: null, segment: null });
    const put = await api(
      'PUT',
      `/api/v1/cadences/${got.id}`,
      readOnly(got, ['id', 'updatedBy', 'updatedAt']),
    );
    expect(put.statusCode, put.payload).toBe(200);
    expect(put.json()).toMatchObject({ creditorId: null, segment: null, name: 'Toda a carteira' });
  });

  it('the product default cadence, as listed', async () => {
    const listed = (await api('GET', '/api/v1/cadences')).json().items as Record<string, unknown>[];
    expect(listed.length).toBeGreaterThan(0);
    for (const cadence of listed) {
      const put = await api(
        'PUT',
        `/api/v1/cadences/${cadence.id}`,
        readOnly(cadence, ['id', 'updatedBy', 'updatedAt']),
      );
      expect(put.statusCode, put.payload).toBe(200);
      expect(put.json().steps).toEqual(cadence.steps);
    }
  });

  it('payment settings with no boleto (boleto null)', async () => {
    const pix = { key: '11222333000181', receiverName: 'LOJA TESTE', city: 'SAO PAULO' };
    const put = await api('PUT', `/api/v1/creditors/${creditorId}/payment-settings`, { pix, boleto: null });
    expect(put.statusCode, put.payload).toBe(200);
    const got = (await api('GET', `/api/v1/creditors/${creditorId}/payment-settings`)).json();
    expect(got.boleto).toBeNull();
    const again = await api('PUT', `/api/v1/creditors/${creditorId}/payment-settings`, {
      pix: readOnly(got.pix, ['keyKind']),
      boleto: got.boleto,
    });
    expect(again.statusCode, again.payload).toBe(200);
    expect(again.json()).toMatchObject({ pix, boleto: null });
  });

  it('the creditor and its policy', async () => {
    const creditor = (await api('GET', `/api/v1/creditors/${creditorId}`)).json();
    const put = await api('PUT', `/api/v1/creditors/${creditorId}`, readOnly(creditor, ['id', 'createdAt']));
    expect(put.statusCode, put.payload).toBe(200);
    expect(put.json()).toEqual(creditor);
    const policy = (await api('GET', `/api/v1/creditors/${creditorId}/policy`)).json();
    const putPolicy = await api(
      'PUT',
      `/api/v1/creditors/${creditorId}/policy`,
      readOnly(policy, ['creditorId', 'source', 'updatedAt']),
    );
    expect(putPolicy.statusCode, putPolicy.payload).toBe(200);
  });
});

describe('PATCH: change one thing, same rules as PUT', () => {
  it('cadence: just {"active": true}', async () => {
    const created = (
      await api('POST', '/api/v1/cadences', { name: 'Só e-mail', active: false, creditorId, steps: [step] })
    ).json();
    const r = await api('PATCH', `/api/v1/cadences/${created.id}`, { active: true });
    expect(r.statusCode, r.payload).toBe(200);
    expect(r.json()).toMatchObject({ active: true, name: 'Só e-mail', creditorId });
    // null makes it tenant-wide; the rest stays.
    const wide = await api('PATCH', `/api/v1/cadences/${created.id}`, { creditorId: null });
    expect(wide.json()).toMatchObject({ active: true, name: 'Só e-mail', creditorId: null });
    expectProblem(
      await api('PATCH', `/api/v1/cadences/${created.id}`, { name: 7 }),
      422,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await api('PATCH', `/api/v1/cadences/${created.id}`, { colour: 'red' }),
      422,
      'VALIDATION_FAILED',
    );
  });

  it('policy: one field over the current one (the default until saved); invalid → 422 and nothing changes', async () => {
    const other = (await given.creditor({ name: 'Outro Credor SA', document: '12.ABC.345/01DE-35' })).id;
    const r = await api('PATCH', `/api/v1/creditors/${other}/policy`, { maxInstallments: 7 });
    expect(r.statusCode, r.payload).toBe(200);
    expect(r.json()).toMatchObject({ ...DEFAULT_POLICY, maxInstallments: 7, source: 'creditor' });
    const next = await api('PATCH', `/api/v1/creditors/${other}/policy`, { graceDays: 9 });
    expect(next.json()).toMatchObject({ maxInstallments: 7, graceDays: 9 });
    const bad = await api('PATCH', `/api/v1/creditors/${other}/policy`, { minInstallmentCents: 0 });
    const put = await api('PUT', `/api/v1/creditors/${other}/policy`, {
      ...DEFAULT_POLICY,
      minInstallmentCents: 0,
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual(put.json().errors);
    expect((await api('GET', `/api/v1/creditors/${other}/policy`)).json()).toMatchObject({
      maxInstallments: 7,
      graceDays: 9,
      minInstallmentCents: DEFAULT_POLICY.minInstallmentCents,
    });
  });

  it('creditor: a nested field keeps its siblings', async () => {
    const before = (await api('GET', `/api/v1/creditors/${creditorId}`)).json();
    const r = await api('PATCH', `/api/v1/creditors/${creditorId}`, { terms: { feesPercent: 5 } });
    expect(r.statusCode, r.payload).toBe(200);
    expect(r.json()).toEqual({ ...before, terms: { ...before.terms, feesPercent: 5 } });
    expectProblem(
      await api('PATCH', `/api/v1/creditors/${creditorId}`, { document: '123' }),
      422,
      'VALIDATION_FAILED',
    );
  });

  it('payment settings: the city of the Pix, then a boleto account, then no boleto', async () => {
    const city = await api('PATCH', `/api/v1/creditors/${creditorId}/payment-settings`, {
      pix: { city: 'RECIFE' },
    });
    expect(city.statusCode, city.payload).toBe(200);
    expect(city.json().pix).toMatchObject({ key: '11222333000181', city: 'RECIFE' });
    const boleto = await api('PATCH', `/api/v1/creditors/${creditorId}/payment-settings`, {
      boleto: { bank: '237', agency: '1234', account: '1234567', wallet: '09' },
    });
    expect(boleto.statusCode, boleto.payload).toBe(200);
    expect(boleto.json()).toMatchObject({ pix: { city: 'RECIFE' }, boleto: { bank: '237' } });
    const none = await api('PATCH', `/api/v1/creditors/${creditorId}/payment-settings`, { boleto: null });
    expect(none.json()).toMatchObject({ pix: { city: 'RECIFE' }, boleto: null });
  });
});
