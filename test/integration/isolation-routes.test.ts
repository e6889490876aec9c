import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepDay } from '../../src/modules/contact/index.ts';
import { DEFAULT_POLICY } from '../../src/modules/negotiation/index.ts';
import { webhookBody } from '../../src/modules/payments/index.ts';
import { type RegisteredRoute, registeredRoutes } from '../../src/platform/http.ts';
import { creditorBody, startTestApp, type TestApp } from '../support/app.ts';
import { apiAs, type Given, givenFor, type Method } from '../support/given.ts';

/**
 * The isolation matrix, generated from the routes the app registers (not from a list someone keeps):
 * every staff route × every role of another tenant, and × a token of another creditor of the same
 * tenant, is refused (403 or 404, problem+json) and reveals nothing of the row it aimed at; without a
 * token it is 401. A route this file does not know fails the first test with what to add, so a new
 * route cannot ship outside the matrix. Webhook and public routes are listed with their reason; portal
 * routes must refuse staff tokens. (The row-by-row checks of test/integration/isolation.test.ts stay.)
 */

type Target =
  | 'token'
  | 'creditor'
  | 'debtor'
  | 'openDebtor'
  | 'debt'
  | 'import'
  | 'agreement'
  | 'spareAgreement'
  | 'installment'
  | 'payment'
  | 'approval'
  | 'template'
  | 'cadence'
  | 'message';

/**
 * Rows of one creditor only: a token of another creditor of the same tenant must not reach them. (The
 * world's cadence is creditor A1's; templates are the tenant's.)
 */
const CREDITOR_SCOPED: ReadonlySet<Target> = new Set([
  'creditor',
  'debtor',
  'openDebtor',
  'debt',
  'import',
  'agreement',
  'spareAgreement',
  'installment',
  'payment',
  'approval',
  'cadence',
  'message',
]);

interface World {
  ids: Record<Target, string>;
  offerId: string;
  secondInstallmentId: string;
  /** A suppression of `debtor` (the path's second id). */
  suppressionId: string;
  /** An open prepayment of `agreement` (the path's second id), with its boleto. */
  prepaymentId: string;
  creditorA1: Record<string, unknown>;
  cadenceBody: Record<string, unknown>;
  importCsv: string;
}

interface Entry {
  /** The tenant row named by `:id` (absent: the path names no row of a tenant). */
  target?: Target;
  /** A body that passes the route's schema, so a refusal comes from isolation, not from validation. */
  body?: (w: World) => unknown;
  contentType?: string;
  /** A row of a tenant named in the body instead of the path (the accept's offer). */
  bodyTarget?: 'offer';
  /** Lists: read by every foreign principal and checked for markers of the owner's rows. */
  list?: boolean;
  /** Why a write without a target is not called here (role checks live in isolation.test.ts). */
  note?: string;
}

/** Every staff route. Add a new one here: which row its path names, and a body that passes its schema. */
const MATRIX: Record<string, Entry> = {
  'POST /api/v1/tokens': { note: 'cria token no próprio tenant (papel: isolation.test.ts)' },
  'GET /api/v1/tokens': { list: true },
  'DELETE /api/v1/tokens/:id': { target: 'token' },
  'GET /api/v1/settings/negotiation': { list: true },
  'PUT /api/v1/settings/negotiation': { note: 'configuração do próprio tenant' },
  'POST /api/v1/debtors/:id/contacts': {
    target: 'debtor',
    body: () => ({ kind: 'email', value: 'novo@exemplo.com.br' }),
  },
  'PUT /api/v1/debts/:id/lawyer': {
    target: 'debt',
    body: () => ({ name: 'Dra. Ana Lei', oab: 'SP 123456', assignedOn: '2026-11-23' }),
  },
  'DELETE /api/v1/debts/:id/lawyer': { target: 'debt' },
  'GET /api/v1/agreements/:id/payoff': { target: 'agreement' },
  'POST /api/v1/agreements/:id/prepayments': { target: 'agreement', body: () => ({ installments: 1 }) },
  'GET /api/v1/agreements/:id/prepayments': { target: 'agreement' },
  'GET /api/v1/agreements/:id/prepayments/:prepaymentId/boleto.pdf': { target: 'agreement' },
  'POST /api/v1/agreements/:id/cancel': { target: 'spareAgreement', body: () => ({}) },
  'POST /api/v1/debtors/:id/reviews': { target: 'debtor', body: () => ({ subject: 'offers' }) },
  'GET /api/v1/settings/agency': { list: true },
  'PUT /api/v1/settings/agency': { note: 'perfil do próprio tenant' },
  'GET /api/v1/settings/limits': { list: true },
  'PUT /api/v1/settings/limits': { note: 'limites do próprio tenant' },
  'PATCH /api/v1/settings/limits': { note: 'limites do próprio tenant' },
  'POST /api/v1/creditors': { note: 'cria no próprio tenant' },
  'GET /api/v1/creditors': { list: true },
  'GET /api/v1/creditors/:id': { target: 'creditor' },
  'PUT /api/v1/creditors/:id': { target: 'creditor', body: (w) => w.creditorA1 },
  'PATCH /api/v1/creditors/:id': { target: 'creditor', body: () => ({}) },
  'POST /api/v1/creditors/:id/imports': {
    target: 'creditor',
    body: (w) => w.importCsv,
    contentType: 'text/csv',
  },
  'GET /api/v1/imports/:id': { target: 'import' },
  'GET /api/v1/debtors': { list: true },
  'GET /api/v1/debtors/:id': { target: 'debtor' },
  'GET /api/v1/debts/:id': { target: 'debt' },
  'GET /api/v1/debts/:id/balance': { target: 'debt' },
  'PUT /api/v1/indexes/:name': { note: 'tabela do próprio tenant' },
  'GET /api/v1/indexes/:name': { list: true },
  'GET /api/v1/creditors/:id/policy': { target: 'creditor' },
  'PUT /api/v1/creditors/:id/policy': { target: 'creditor', body: () => DEFAULT_POLICY },
  'PATCH /api/v1/creditors/:id/policy': { target: 'creditor', body: () => ({}) },
  'POST /api/v1/debtors/:id/offers': { target: 'openDebtor', body: () => ({ firstDueDate: '2026-12-01' }) },
  'POST /api/v1/debtors/:id/proposals': {
    target: 'openDebtor',
    body: () => ({ downPaymentCents: 0, installmentsCount: 6, installmentCents: 18_400 }),
  },
  'GET /api/v1/approvals': { list: true },
  'POST /api/v1/approvals/:id/approve': { target: 'approval', body: () => ({}) },
  'POST /api/v1/approvals/:id/reject': { target: 'approval', body: () => ({}) },
  'POST /api/v1/agreements': { bodyTarget: 'offer', body: (w) => ({ offerId: w.offerId }) },
  'GET /api/v1/agreements/:id': { target: 'agreement' },
  'GET /api/v1/agreements/:id/events': { target: 'agreement' },
  'GET /api/v1/agreements/:id/term.html': { target: 'agreement' },
  'GET /api/v1/agreements/:id/term.pdf': { target: 'agreement' },
  'GET /api/v1/agreements/:id/discharge.pdf': { target: 'agreement' },
  'PUT /api/v1/creditors/:id/payment-settings': { target: 'creditor', body: () => PAYMENT_SETTINGS },
  'PATCH /api/v1/creditors/:id/payment-settings': { target: 'creditor', body: () => ({}) },
  'GET /api/v1/creditors/:id/payment-settings': { target: 'creditor' },
  'PUT /api/v1/settings/pix-webhook': { note: 'segredo do próprio tenant' },
  'POST /api/v1/payments/cnab240': {
    note: 'arquivo do próprio tenant (casamento por credor: payments.test.ts)',
  },
  'GET /api/v1/payments': { list: true },
  'GET /api/v1/payments/:id': { target: 'payment' },
  'POST /api/v1/payments/:id/assign': {
    target: 'payment',
    body: (w) => ({ installmentId: w.secondInstallmentId }),
  },
  'POST /api/v1/payments/:id/overpayment': { target: 'payment', body: () => ({ cause: 'debtor' }) },
  'GET /api/v1/payments/:id/receipt.pdf': { target: 'payment' },
  'GET /api/v1/payments/:id/receipt.html': { target: 'payment' },
  'GET /api/v1/installments/:id/boleto.pdf': { target: 'installment' },
  'GET /api/v1/installments/:id/pix.png': { target: 'installment' },
  'GET /api/v1/installments/:id/pix.svg': { target: 'installment' },
  'POST /api/v1/templates': { note: 'cria no próprio tenant' },
  'GET /api/v1/templates': { list: true },
  'GET /api/v1/templates/:id': { target: 'template' },
  'PUT /api/v1/templates/:id': {
    target: 'template',
    body: () => ({ name: 'Aviso', content: { body: 'Olá! Temos uma mensagem para você.' } }),
  },
  'POST /api/v1/templates/check': { note: 'texto enviado, nenhuma linha do tenant' },
  'POST /api/v1/cadences': { note: 'cria no próprio tenant' },
  'GET /api/v1/cadences': { list: true },
  'GET /api/v1/cadences/:id': { target: 'cadence' },
  'PUT /api/v1/cadences/:id': { target: 'cadence', body: (w) => w.cadenceBody },
  'PATCH /api/v1/cadences/:id': { target: 'cadence', body: () => ({ active: true }) },
  'GET /api/v1/debtors/:id/contact-plan': { target: 'debtor' },
  'GET /api/v1/debtors/:id/messages': { target: 'debtor' },
  'POST /api/v1/debtors/:id/messages': { target: 'debtor', body: () => ({ channel: 'sms', text: 'Olá.' }) },
  'POST /api/v1/debtors/:id/suppressions': { target: 'debtor', body: () => ({ kind: 'dispute' }) },
  'POST /api/v1/debtors/:id/suppressions/:suppressionId/end': { target: 'debtor', body: () => ({}) },
  'PUT /api/v1/debtors/:id/contact-flags': { target: 'debtor', body: () => ({ vulnerable: false }) },
  'GET /api/v1/messages/:id/letter.pdf': { target: 'message' },
  'GET /api/v1/tasks': { list: true },
};

/** No bearer by design; each says how the caller is checked instead. */
const WEBHOOK: Record<string, string> = {
  'POST /api/v1/webhooks/pix': 'X-Webhook-Secret do tenant (o tenant vem do segredo)',
  'POST /api/v1/webhooks/:provider/status': 'assinatura do provedor ou X-Webhook-Secret',
  'POST /api/v1/webhooks/:provider/inbound': 'assinatura do provedor ou X-Webhook-Secret',
  'GET /api/v1/webhooks/whatsapp/inbound': 'desafio de verificação da Meta (hub.verify_token)',
};
const PUBLIC: Record<string, string> = {
  'GET /health': 'verificação de vida, sem dados',
  'GET /api/v1/openapi.json': 'o contrato',
  'GET /l/:token': 'link assinado de mensagem: nada pessoal antes da identificação',
  'GET /api/portal/v1/auth/entry': 'entrada do portal por link assinado: abre só a identificação',
  'POST /api/portal/v1/auth/start': 'início da identificação do devedor (código enviado ao contato)',
  'POST /api/portal/v1/auth/verify': 'confirmação do código: cria a sessão do portal',
  'GET /api/portal/v1/verify-code/:code':
    '"é mesmo da gente?": agência, credor e data, nenhum dado da dívida',
};
/**
 * Static pages: the documentation UI (@fastify/swagger-ui) under /docs and the portal's web app
 * (HTML, scripts) under /portal — no data; the data comes from /api/portal/v1 behind the session.
 */
const isDocsUi = (r: RegisteredRoute) =>
  ['/docs', '/portal'].some((prefix) => r.url === prefix || r.url.startsWith(`${prefix}/`));

const PAYMENT_SETTINGS = {
  pix: { key: '11.222.333/0001-81', receiverName: 'Loja Teste Ltda', city: 'São Paulo' },
  boleto: { bank: '237', agency: '1234', account: '12345', wallet: '09' },
};

const keyOf = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

type P = 'adminA' | 'agentA' | 'credA2' | 'adminB' | 'managerB' | 'agentB' | 'credB1';
/** Every role of the other tenant, and the other creditor of the same tenant. */
const FOREIGN_TENANT: readonly P[] = ['adminB', 'managerB', 'agentB', 'credB1'];

let t: TestApp;
let given: Given;
const auth = {} as Record<P, string>;
let world: World;
/**
 * Text that identifies tenant A's creditor A1 and its debtors: never in a refused or foreign answer.
 * Templates and cadences are the tenant's (not a creditor's): hidden from the other tenant only.
 */
let markers: string[];
let tenantWideMarkers: string[];

beforeAll(async () => {
  t = await startTestApp();
  auth.adminA = await t.token('admin');
  auth.agentA = await t.token('agent');
  given = givenFor(t, auth.adminA);
  const creditorA1 = await given.creditor({
    name: 'Credor Isolado Alfa Ltda',
    terms: { correctionIndex: 'none', finePercent: 0, monthlyInterestPercent: 0 },
  });
  const creditorA2 = await given.creditor({ name: 'Outro Credor Alfa SA', document: '12.ABC.345/01DE-35' });
  auth.credA2 = await t.token('creditor', { creditorId: creditorA2.id });
  await given.policy(creditorA1.id, {
    discountBands: [],
    maxInstallments: 6,
    minInstallmentCents: 5_000,
    agentMaxExtraDiscountPercent: 10,
    approvalAboveExtraDiscountPercent: 5,
  });
  const api = given.api;
  expect(
    (await api('PUT', `/api/v1/creditors/${creditorA1.id}/payment-settings`, PAYMENT_SETTINGS)).statusCode,
  ).toBe(200);
  // The debtor with an agreement (and a Pix payment), and one with an open debt (offers, proposals, a letter).
  const debtor = await given.debtorWithDebts(creditorA1.id, {
    document: '39053344705',
    name: 'Isadora Reservada',
    debts: [{ externalId: 'ISO-ACORDO', amount: '900,00', dueDate: '2026-09-01' }],
  });
  const importCsv =
    'document;name;external_id;original_amount;due_date\n39053344705;Isadora Reservada;ISO-ACORDO;900,00;2026-09-01\n';
  const importReport = await given.imported(creditorA1.id, importCsv);
  const agreement = await given.agreement(debtor.id, { installments: 3 });
  const open = await given.debtorWithDebts(creditorA1.id, {
    document: '16899535009',
    name: 'Otávio Aberto',
    debts: [{ externalId: 'ISO-ABERTA', amount: '1.200,00', dueDate: '2026-11-20' }],
  });
  // An agreement the owner may withdraw from (CDC art. 49) without touching the one above.
  const spare = await given.debtorWithDebts(creditorA1.id, {
    document: '86288366757',
    name: 'Renata Reserva',
    debts: [{ externalId: 'ISO-RESERVA', amount: '600,00', dueDate: '2026-09-01' }],
  });
  const spareAgreement = await given.agreement(spare.id, { installments: 3 });
  // A token of the tenant to revoke (never used to call).
  await t.token('manager');
  const tokens = (await api('GET', '/api/v1/tokens')).json().items as { id: string; role: string }[];
  const spareToken = tokens.filter((x) => x.role === 'manager').at(-1);
  expect(spareToken).toBeDefined();
  const offers = await given.offers(open.id);
  expect(offers.length).toBeGreaterThan(0);
  const proposal = await apiAs(t, auth.agentA)('POST', `/api/v1/debtors/${open.id}/proposals`, {
    downPaymentCents: 0,
    installmentsCount: 6,
    installmentCents: 18_400,
  });
  expect(proposal.json(), proposal.payload).toMatchObject({ status: 'pending_approval' });

  expect(
    (await api('PUT', '/api/v1/settings/pix-webhook', { secret: 'segredo-do-webhook-pix-isolamento-32c' }))
      .statusCode,
  ).toBe(204);
  const first = agreement.installments[0]!;
  const charged = (await api('GET', `/api/v1/agreements/${agreement.id}`)).json();
  const paid = await t.app.inject({
    method: 'POST',
    url: '/api/v1/webhooks/pix',
    headers: { 'x-webhook-secret': 'segredo-do-webhook-pix-isolamento-32c' },
    payload: webhookBody([
      {
        endToEndId: 'E11111111202611231200isolamento1',
        txid: charged.installments[0].pix.txid,
        amountCents: first.amountCents,
        paidAt: '2026-11-23T12:00:00Z',
      },
    ]),
  });
  expect(paid.statusCode, paid.payload).toBe(200);

  const templates = (await api('GET', '/api/v1/templates')).json().items as { id: string; key: string }[];
  const template = await api('POST', '/api/v1/templates', {
    key: 'aviso-isolamento',
    name: 'Aviso',
    channel: 'sms',
    content: { body: 'Olá! Temos uma mensagem para você.' },
  });
  expect(template.statusCode, template.payload).toBe(201);
  const cadenceBody = {
    name: 'Cartas do credor alfa',
    creditorId: creditorA1.id,
    segment: null,
    active: true,
    steps: [
      {
        id: 'carta-d3',
        anchor: 'debt_due',
        offsetDays: 3,
        channel: 'letter',
        templateId: templates.find((x) => x.key === 'collection-letter')!.id,
      },
    ],
  };
  const cadence = await api('POST', '/api/v1/cadences', cadenceBody);
  expect(cadence.statusCode, cadence.payload).toBe(201);
  expect((await sweepDay(t.rt.ctx, '2026-11-23')).written).toBeGreaterThan(0);
  const messages = (await api('GET', `/api/v1/debtors/${open.id}/messages`)).json().items;
  expect(messages.length).toBeGreaterThan(0);

  const prepayment = await api('POST', `/api/v1/agreements/${agreement.id}/prepayments`, { installments: 1 });
  expect(prepayment.statusCode, prepayment.payload).toBe(201);

  const suppression = await api('POST', `/api/v1/debtors/${debtor.id}/suppressions`, {
    kind: 'hardship',
    until: '2026-12-31',
  });
  expect(suppression.statusCode, suppression.payload).toBe(201);

  world = {
    ids: {
      token: spareToken!.id,
      creditor: creditorA1.id,
      debtor: debtor.id,
      openDebtor: open.id,
      debt: debtor.debts[0]!.id,
      import: importReport.importId,
      agreement: agreement.id,
      spareAgreement: spareAgreement.id,
      installment: first.id,
      payment: paid.json().results[0].paymentId,
      approval: proposal.json().approvalId,
      template: template.json().id,
      cadence: cadence.json().id,
      message: messages[0].id,
    },
    offerId: offers[0]!.id,
    secondInstallmentId: agreement.installments[1]!.id,
    suppressionId: suppression.json().id,
    prepaymentId: prepayment.json().id,
    creditorA1: creditorBody({
      name: 'Credor Isolado Alfa Ltda',
      terms: { correctionIndex: 'none', finePercent: 0, monthlyInterestPercent: 0 },
    }),
    cadenceBody,
    importCsv,
  };
  markers = [
    'Credor Isolado Alfa',
    '11222333000181',
    'Isadora Reservada',
    '39053344705',
    'Otávio Aberto',
    '16899535009',
    'Renata Reserva',
    '86288366757',
    ...Object.entries(world.ids)
      .filter(([k]) => CREDITOR_SCOPED.has(k as Target))
      .map(([, id]) => id),
  ];
  tenantWideMarkers = [world.ids.template, world.ids.token];

  auth.adminB = await t.token('admin', { tenant: 'agencia-b' });
  auth.managerB = await t.token('manager', { tenant: 'agencia-b' });
  auth.agentB = await t.token('agent', { tenant: 'agencia-b' });
  const creditorB1 = await givenFor(t, auth.adminB).creditor({
    name: 'Credor Beta Ltda',
    document: '12.ABC.345/01DE-35',
  });
  auth.credB1 = await t.token('creditor', { tenant: 'agencia-b', creditorId: creditorB1.id });
});
afterAll(async () => t?.close());

function urlOf(route: RegisteredRoute, entry: Entry): string {
  return route.url
    .replace(':id', entry.target ? world.ids[entry.target] : 'x')
    .replace(':suppressionId', world.suppressionId)
    .replace(':prepaymentId', world.prepaymentId)
    .replace(':code', 'x')
    .replace(':name', 'ipca')
    .replace(':provider', 'sms')
    .replace(':token', 'x');
}

async function callAs(p: P | null, route: RegisteredRoute, entry: Entry) {
  const body = entry.body?.(world);
  return t.app.inject({
    method: route.method as Method,
    url: urlOf(route, entry),
    headers: {
      ...(p ? { authorization: auth[p] } : {}),
      ...(entry.contentType ? { 'content-type': entry.contentType } : {}),
    },
    ...(body !== undefined ? { payload: body as string } : {}),
  });
}

function expectRefused(r: Awaited<ReturnType<typeof callAs>>, who: string, route: RegisteredRoute) {
  const key = keyOf(route);
  expect([403, 404], `${who} → ${key}: ${r.statusCode} ${r.payload.slice(0, 300)}`).toContain(r.statusCode);
  expect(r.headers['content-type'], `${who} → ${key}`).toMatch(/^application\/problem\+json/);
  const entry = MATRIX[key] ?? {};
  expectNoMarkers(r.payload, who, key, urlOf(route, entry) + JSON.stringify(entry.body?.(world) ?? ''));
}

/** No marker of a row `who` may not read — except what the caller itself sent (an id echoed in a 404). */
function expectNoMarkers(text: string, who: string, key: string, sent = '') {
  const hidden = who === 'credA2' ? markers : [...markers, ...tenantWideMarkers];
  for (const marker of hidden) {
    if (sent.includes(marker)) continue;
    expect(text.includes(marker), `${who} → ${key} revela "${marker}"`).toBe(false);
  }
}

const staffRoutes = () => registeredRoutes(t.app).filter((r) => r.auth === 'staff' && !isDocsUi(r));

describe('the matrix knows every route', () => {
  it('every registered route is in the matrix (or listed as webhook, public or portal)', () => {
    const routes = registeredRoutes(t.app);
    expect(routes.length).toBeGreaterThan(50);
    const unknown: string[] = [];
    for (const r of routes) {
      const key = keyOf(r);
      if (isDocsUi(r) || r.auth === 'portal') continue;
      const listed = MATRIX[key] ? 'staff' : WEBHOOK[key] ? 'webhook' : PUBLIC[key] ? 'public' : null;
      if (!listed) {
        unknown.push(
          `${key} (auth: ${r.auth}) não está na matriz de isolamento: acrescente-a a MATRIX em ` +
            'test/integration/isolation-routes.test.ts (o recurso que o caminho nomeia em `target` e um corpo ' +
            'válido em `body`), ou a WEBHOOK/PUBLIC com o motivo',
        );
      } else if (listed !== r.auth) {
        unknown.push(`${key}: declara auth '${r.auth}', a matriz a lista como '${listed}'`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('the matrix names no route that no longer exists', () => {
    const registered = new Set(registeredRoutes(t.app).map(keyOf));
    const stale = [...Object.keys(MATRIX), ...Object.keys(WEBHOOK), ...Object.keys(PUBLIC)].filter(
      (k) => !registered.has(k),
    );
    expect(stale).toEqual([]);
  });
});

describe('every staff route', () => {
  it('without a token: 401 problem+json', async () => {
    const routes = staffRoutes();
    expect(routes.length).toBeGreaterThan(40);
    for (const route of routes) {
      const r = await callAs(null, route, MATRIX[keyOf(route)] ?? {});
      expect(r.statusCode, keyOf(route)).toBe(401);
      expect(r.json().code, keyOf(route)).toBe('UNAUTHENTICATED');
    }
  });

  it('× every role of another tenant, on a row of this one: refused, nothing revealed', async () => {
    const routes = staffRoutes().filter((r) => MATRIX[keyOf(r)]?.target || MATRIX[keyOf(r)]?.bodyTarget);
    expect(routes.length).toBeGreaterThan(30);
    for (const route of routes) {
      const entry = MATRIX[keyOf(route)]!;
      for (const p of FOREIGN_TENANT) expectRefused(await callAs(p, route, entry), p, route);
    }
  });

  it('× a token of another creditor of the same tenant, on a row of the first: refused', async () => {
    const routes = staffRoutes().filter((r) => {
      const entry = MATRIX[keyOf(r)];
      return (entry?.target && CREDITOR_SCOPED.has(entry.target)) || entry?.bodyTarget;
    });
    expect(routes.length).toBeGreaterThan(25);
    for (const route of routes) {
      expectRefused(await callAs('credA2', route, MATRIX[keyOf(route)]!), 'credA2', route);
    }
  });

  it('lists read by another tenant or another creditor show none of the rows', async () => {
    const routes = staffRoutes().filter((r) => MATRIX[keyOf(r)]?.list);
    expect(routes.length).toBeGreaterThan(5);
    for (const route of routes) {
      for (const p of [...FOREIGN_TENANT, 'credA2'] as P[]) {
        const r = await callAs(p, route, MATRIX[keyOf(route)]!);
        expect([200, 403], `${p} → ${keyOf(route)}: ${r.payload.slice(0, 200)}`).toContain(r.statusCode);
        expectNoMarkers(r.payload, p, keyOf(route));
      }
    }
  });

  it('the owner reaches the same rows (so the refusals above are isolation, not a wrong id)', async () => {
    const routes = staffRoutes().filter((r) => MATRIX[keyOf(r)]?.target || MATRIX[keyOf(r)]?.bodyTarget);
    for (const route of routes) {
      const r = await callAs('adminA', route, MATRIX[keyOf(route)]!);
      expect(r.statusCode, `adminA → ${keyOf(route)}: ${r.payload.slice(0, 300)}`).not.toBe(404);
      expect(r.statusCode, `adminA → ${keyOf(route)}: ${r.payload.slice(0, 300)}`).toBeLessThan(500);
      expect([401, 403], `adminA → ${keyOf(route)}`).not.toContain(r.statusCode);
    }
  });
});

describe('routes without a bearer', () => {
  it('portal routes refuse a staff token', async () => {
    for (const route of registeredRoutes(t.app).filter((r) => r.auth === 'portal')) {
      const r = await callAs('adminA', route, {});
      expect([401, 403], keyOf(route)).toContain(r.statusCode);
    }
  });

  it('webhooks without their secret reveal nothing and change nothing', async () => {
    const routes = registeredRoutes(t.app).filter((r) => r.auth === 'webhook');
    expect(routes.map(keyOf).sort()).toEqual(Object.keys(WEBHOOK).sort());
    for (const route of routes) {
      const r = await callAs(null, route, { body: () => ({}) });
      // 401/403 without the secret; 503 when this server has no secret configured (fails closed).
      expect([401, 403, 503], `${keyOf(route)}: ${r.payload.slice(0, 200)}`).toContain(r.statusCode);
      expectNoMarkers(r.payload, 'anônimo', keyOf(route));
    }
  });
});
