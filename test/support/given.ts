import { expect } from 'vitest';
import { DEFAULT_POLICY, type NegotiationPolicy } from '../../src/modules/negotiation/index.ts';
import { type Api, apiAs, creditorBody, startTestApp, type TestApp } from './app.ts';

/**
 * The world a test needs, in the product's words, built through the real HTTP API (the same checks a
 * client meets): `given.creditor()`, `given.debtorWithDebts(...)`, `given.policy(...)`,
 * `given.agreement(...)`, `given.token('agent')`. Each step asserts it worked, so a broken set-up fails
 * where it breaks, not three assertions later.
 */

export { type Api, apiAs, type Method } from './app.ts';

export interface DebtLine {
  externalId?: string;
  /** pt-BR amount as the creditor sends it, e.g. '1.200,00'. */
  amount?: string;
  dueDate?: string;
  product?: string;
}

export interface DebtorSpec {
  document?: string;
  name?: string;
  email?: string;
  phone?: string;
  state?: string;
  debts?: DebtLine[];
}

export interface DebtorView {
  id: string;
  name: string;
  document: string;
  debts: {
    id: string;
    externalId: string;
    creditorId: string;
    originalAmountCents: number;
    status: string;
  }[];
  [key: string]: unknown;
}

export interface OfferView {
  id: string;
  kind: string;
  installmentsCount: number;
  downPaymentCents: number;
  totalCents: number;
  [key: string]: unknown;
}

export interface AgreementView {
  id: string;
  status: string;
  debtorId: string;
  creditorId: string;
  installments: {
    id: string;
    number: number;
    amountCents: number;
    dueDate: string;
    status: string;
    paidCents: number;
    reductionCents: number;
    pix: { txid: string; brCode: string | null } | null;
  }[];
  [key: string]: unknown;
}

export type Given = ReturnType<typeof givenFor>;

/** Factories acting as `auth` (an admin token, usually). */
/** A complete agency profile (`PUT /api/v1/settings/agency`), as a new agency would fill it in. */
export const AGENCY_PROFILE = {
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

export function givenFor(t: TestApp, auth: string) {
  const api = apiAs(t, auth);
  let sequence = 0;
  const given = {
    api,
    /** A token of a role, in the default tenant unless said otherwise ('Bearer …'). */
    token(role: string, options: { tenant?: string; creditorId?: string } = {}) {
      return t.token(role, options);
    },
    /** A creditor (CNPJ 11.222.333/0001-81 unless `document` is given). */
    async creditor(overrides: Record<string, unknown> = {}): Promise<{ id: string; [key: string]: unknown }> {
      const r = await api('POST', '/api/v1/creditors', creditorBody(overrides));
      expect(r.statusCode, r.payload).toBe(201);
      return r.json();
    },
    /** A CSV import, all or nothing; returns the report. */
    async imported(creditorId: string, csv: string) {
      const r = await api('POST', `/api/v1/creditors/${creditorId}/imports`, csv, {
        'content-type': 'text/csv',
      });
      expect(r.statusCode, r.payload).toBe(200);
      return r.json();
    },
    /** A debtor of the creditor with the debts given (one R$ 1.000,00 debt by default), as GET returns it. */
    async debtorWithDebts(creditorId: string, spec: DebtorSpec = {}): Promise<DebtorView> {
      sequence += 1;
      const document = spec.document ?? '52998224725';
      const debts = spec.debts ?? [{}];
      const header = 'document;name;email;phone;state;external_id;original_amount;due_date;product';
      const lines = debts.map((d, i) =>
        [
          document,
          spec.name ?? 'Maria da Silva',
          spec.email ?? '',
          spec.phone ?? '',
          spec.state ?? 'SP',
          d.externalId ?? `G-${document}-${sequence}-${i + 1}`,
          d.amount ?? '1.000,00',
          d.dueDate ?? '2026-09-01',
          d.product ?? '',
        ].join(';'),
      );
      await given.imported(creditorId, `${header}\n${lines.join('\n')}\n`);
      return (await api('GET', `/api/v1/debtors/${await given.debtorId(document)}`)).json();
    },
    /** The id of the one debtor with this CPF/CNPJ (digits or formatted), found through the list. */
    async debtorId(document: string): Promise<string> {
      const found = await api('GET', `/api/v1/debtors?document=${document}`);
      expect(found.statusCode, found.payload).toBe(200);
      expect(found.json().items, found.payload).toHaveLength(1);
      return found.json().items[0].id;
    },
    /** The ids of the debtors with these documents, under the names given: `{ maria: '52998224725' }`. */
    async debtorIds<K extends string>(documents: Record<K, string>): Promise<Record<K, string>> {
      const ids = {} as Record<K, string>;
      for (const key of Object.keys(documents) as K[]) ids[key] = await given.debtorId(documents[key]);
      return ids;
    },
    /** The creditor's negotiation policy: the product default with the overrides. */
    async policy(creditorId: string, overrides: Partial<NegotiationPolicy> = {}) {
      const r = await api('PUT', `/api/v1/creditors/${creditorId}/policy`, {
        ...DEFAULT_POLICY,
        ...overrides,
      });
      expect(r.statusCode, r.payload).toBe(200);
      return r.json();
    },
    /** The offers for the debtor's open debts. */
    async offers(debtorId: string, body: Record<string, unknown> = { firstDueDate: '2026-12-01' }) {
      const r = await api('POST', `/api/v1/debtors/${debtorId}/offers`, body);
      expect(r.statusCode, r.payload).toBe(200);
      return r.json().offers as OfferView[];
    },
    /** An accepted agreement: the offer with `installments` payments (no down payment when there is one). */
    async agreement(
      debtorId: string,
      options: { installments?: number; firstDueDate?: string } = {},
    ): Promise<AgreementView> {
      const installments = options.installments ?? 3;
      const offers = await given.offers(debtorId, { firstDueDate: options.firstDueDate ?? '2026-12-01' });
      const offer =
        offers.find((o) => o.installmentsCount === installments && o.downPaymentCents === 0) ??
        offers.find((o) => o.installmentsCount === installments);
      expect(offer, `no offer with ${installments} installments`).toBeDefined();
      const r = await api('POST', '/api/v1/agreements', { offerId: offer!.id });
      expect(r.statusCode, r.payload).toBe(201);
      return r.json();
    },
  };
  return given;
}

/**
 * The app on a fresh database and an admin acting in it: `({ t, api, given } = await startAsAdmin())`
 * in a `beforeAll`, `t.close()` after.
 */
export async function startAsAdmin(options: Parameters<typeof startTestApp>[0] = {}) {
  const t = await startTestApp(options);
  const admin = await t.token('admin');
  const given = givenFor(t, admin);
  return { t, admin, api: given.api, given };
}

/** Accepts an offer (`POST /api/v1/agreements`) as `as`, with an idempotency key when given: the response. */
export function acceptOffer(as: Api, offerId: string, idempotencyKey?: string) {
  return as(
    'POST',
    '/api/v1/agreements',
    { offerId },
    idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
  );
}
