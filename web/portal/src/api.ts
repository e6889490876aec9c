/**
 * The portal's calls to `/api/portal/v1`, one function per step, through the generated client.
 * Each returns `{ ok, data }` or a failure the pages can word for people: `network` (keep what was
 * typed, offer "Tentar de novo"), `unauthorized` (session ended), `limited` (429 with the time
 * new attempts open), `problem` (the API's pt-BR detail and stable code).
 */
import { createApiClient, type paths } from '../../shared/api/client.ts';
import { sessionEnded, touch } from './state.ts';

export const client = createApiClient({ onUnauthorized: () => sessionEnded(), onActivity: () => touch() });

export type Failure =
  | { ok: false; kind: 'network' }
  | { ok: false; kind: 'unauthorized'; status: 401 }
  | { ok: false; kind: 'limited'; status: 429; retryAt: Date | null; detail: string }
  | { ok: false; kind: 'problem'; status: number; code: string; detail: string };
export type Result<T> = { ok: true; data: T; status: number } | Failure;

interface Answer {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** Turns an openapi-fetch answer (or a thrown network error) into a Result. */
export async function call<T>(request: () => Promise<Answer>): Promise<Result<T>> {
  let answer: Answer;
  try {
    answer = await request();
  } catch {
    return { ok: false, kind: 'network' };
  }
  const { response } = answer;
  if (response.ok) return { ok: true, data: answer.data as T, status: response.status };
  const problem = (answer.error ?? {}) as { code?: string; detail?: string };
  if (response.status === 401) return { ok: false, kind: 'unauthorized', status: 401 };
  if (response.status === 429) {
    const retry = Number(response.headers.get('retry-after'));
    return {
      ok: false,
      kind: 'limited',
      status: 429,
      retryAt: Number.isFinite(retry) && retry > 0 ? new Date(Date.now() + retry * 1000) : null,
      detail: problem.detail ?? '',
    };
  }
  return {
    ok: false,
    kind: 'problem',
    status: response.status,
    code: problem.code ?? 'UNKNOWN',
    detail: problem.detail ?? 'Tivemos um problema no sistema.',
  };
}

// The shapes below are the portal API's documented responses (src/modules/portal/portal.schemas.ts,
// in the OpenAPI document and so in schema.d.ts); pages use these names.

export interface CreditorView {
  id: string;
  legalName: string;
  cnpj: string;
  address: string;
}

export interface BalanceLine {
  kind: string;
  label: string;
  amountCents: number;
  rule: string;
  legalBasis: string | null;
  missingMonths?: string[];
}

export interface PortalDebt {
  id: string;
  contract: string;
  product: string | null;
  originalAmountCents: number;
  dueDate: string;
  daysOverdue: number;
  totalCents: number;
  status: string;
  disputed: boolean;
  prescribed: boolean;
  prescribedNote: string | null;
  lines: BalanceLine[];
}

export interface DebtsAnswer {
  date: string;
  count: number;
  totalCents: number;
  heading: string;
  creditors: { creditor: CreditorView; totalCents: number; debts: PortalDebt[] }[];
}

export interface ScheduleItem {
  number: number;
  dueDate: string;
  amountCents: number;
}

export interface Offer {
  id: string;
  creditor: CreditorView;
  debtIds: string[];
  kind: string;
  totalCents: number;
  installmentsCount: number;
  installmentCents: number;
  downPaymentCents: number;
  firstDueDate: string | null;
  discountCents: number;
  discountPercent: number;
  balanceCents: number;
  monthlyRatePercent: number;
  effectiveAnnualRatePercent: number;
  cetAnnualPercent: number;
  fitsBudget: boolean;
  validUntil: string;
  schedule: ScheduleItem[];
  explanation: string[];
  label: string;
}

export interface OffersAnswer {
  date: string;
  monthlyBudgetCents: number | null;
  monthlyIncomeCents: number | null;
  minimumExistentialNote: string;
  groups: {
    creditor: CreditorView;
    debtIds: string[];
    offers: Offer[];
    nothingFits: boolean;
    reason?: string;
  }[];
  offers: Offer[];
  nothingFits: boolean;
  message: string | null;
  alternatives: { kind: string; text: string }[];
}

export interface ProposalAnswer {
  status: 'accepted' | 'pending_approval' | 'refused';
  message: string;
  reason?: string;
  offerId?: string;
  offer?: Offer;
  answerBy?: string;
  nearestOfferId?: string | null;
  nearest?: Offer | null;
}

export interface Payee {
  legalName: string;
  cnpj: string;
}

export interface Installment {
  id: string;
  number: number;
  dueDate: string;
  amountCents: number;
  paidCents: number;
  status: string;
  statusText: string;
  pixCopyPaste: string | null;
  pixQrSvgUrl: string | null;
  /** Until when the Pix code can be paid (ISO instant); null for a static code (it does not expire). */
  pixValidUntil: string | null;
  boletoLine: string | null;
  boletoPdfUrl: string | null;
  payee: Payee;
}

export interface Agreement {
  id: string;
  number: string;
  status: string;
  statusText: string;
  creditor: CreditorView;
  payee: Payee;
  createdAt: string;
  totalCents: number;
  balanceCents: number;
  discountCents: number;
  downPaymentCents: number;
  monthlyRatePercent: number;
  cetAnnualPercent: number;
  graceDays: number;
  latePolicy: string;
  paidCents: number;
  dueDateChangeAvailable: boolean;
  /** The last day to withdraw (CDC art. 49); null when the right does not (or no longer) exist. */
  cancellableUntil: string | null;
  nextInstallment: { id: string; number: number; dueDate: string; amountCents: number } | null;
  installments: Installment[];
  payments: {
    id: string;
    amountCents: number;
    paidAt: string;
    method: string;
    installmentId: string | null;
    receiptUrl: string;
  }[];
  history: { type: string; at: string; text: string }[];
  termUrl: string;
  dischargeUrl: string | null;
  paymentState: string;
}

export interface AgreementSummary {
  id: string;
  number: string;
  status: string;
  statusText: string;
  creditor: CreditorView;
  totalCents: number;
  paidCents: number;
  createdAt: string;
  nextInstallment: { id: string; number: number; dueDate: string; amountCents: number } | null;
}

export interface OfferTerm {
  offerId: string;
  creditor: CreditorView;
  payee: Payee;
  debtor: { name: string; maskedDocument: string };
  debts: { id: string; contract: string; product: string | null; dueDate: string }[];
  balanceCents: number;
  discountCents: number;
  totalCents: number;
  downPaymentCents: number;
  installmentsCount: number;
  monthlyRatePercent: number;
  cetAnnualPercent: number;
  validUntil: string;
  schedule: ScheduleItem[];
  explanation: string[];
  declaration: string;
}

export interface Entry {
  linked: boolean;
  firstName?: string;
  agencyName?: string;
  birthDateRequired?: boolean;
  channels?: { channel: 'sms' | 'whatsapp' | 'email'; destination: string }[];
}

export interface SessionInfo {
  firstName: string;
  maskedDocument: string;
  documentKind: 'cpf' | 'cnpj';
  agency: { name: string; [k: string]: unknown };
  expiresAt: string;
  csrfToken: string;
}

export interface DueDates {
  installmentId: string;
  currentDueDate: string;
  available: boolean;
  reason: string | null;
  dates: { date: string; label: string }[];
}

export interface Preferences {
  channels: { channel: string; optedOut: boolean }[];
  pauses: { kind: string; until: string | null }[];
}

export interface Payoff {
  agreementId: string;
  date: string;
  amountCents: number;
  reductionCents: number;
  outstandingCents: number;
  validUntil: string;
  lines: { number: number; dueDate: string; remainingCents: number }[];
  prepaymentOptions: {
    installments: number;
    numbers: number[];
    amountCents: number;
    reductionCents: number;
  }[];
  pix: { txid: string; brCode: string } | null;
  legalBasis: string;
}

export interface Prepayment {
  id: string;
  agreementId: string;
  installmentNumbers: number[];
  faceCents: number;
  amountCents: number;
  reductionCents: number;
  date: string;
  validUntil: string;
  status: 'open' | 'paid' | 'expired' | 'cancelled';
  paidOn: string | null;
  pix: { txid: string; brCode: string | null } | null;
  /** Due on validUntil; what counts is the day paid, however long the bank takes to confirm. */
  boleto: {
    barcode: string;
    linhaDigitavel: string;
    nossoNumero: string;
    dueDate: string;
    bank: string;
  } | null;
  createdAt: string;
}

export interface Cancellation {
  agreementId: string;
  status: 'cancelled';
  cancelledAt: string;
  refundCents: number;
  message: string;
  legalBasis: string;
}

export type ReviewSubject = 'offers' | 'no_affordable_offer' | 'proposal' | 'contact';

export interface Genuineness {
  found: boolean;
  message: string;
  agency?: string;
  creditor?: { name: string; cnpj: string };
  channel?: string;
  issuedOn?: string;
}

const P = '/api/portal/v1';

/** The JSON body a route declares, from the generated schema. */
type Body<Path extends keyof paths, M extends 'post' | 'put'> =
  NonNullable<paths[Path][M]> extends {
    requestBody?: { content: { 'application/json': infer B } };
  }
    ? B
    : never;
export type StartBody = Body<'/api/portal/v1/auth/start', 'post'>;
export type DisputeBody = Body<'/api/portal/v1/disputes', 'post'>;
export type CallbackBody = Body<'/api/portal/v1/callbacks', 'post'>;
export type PreferencesBody = Body<'/api/portal/v1/me/preferences', 'put'>;

// Typed by the generated schema: a path, parameter or body the API does not declare fails the type check.
const c = client;
const path = (id: string) => ({ params: { path: { id } } });

export const api = {
  entry: () => call<Entry>(() => c.GET(`${P}/auth/entry`)),
  start: (body: StartBody) =>
    call<{ message: string; expiresInSeconds: number; destination?: string }>(() =>
      c.POST(`${P}/auth/start`, { body }),
    ),
  verify: (body: { document?: string; birthDate?: string; code: string }) =>
    call<{ csrfToken: string; expiresAt: string; firstName: string; maskedDocument: string }>(() =>
      c.POST(`${P}/auth/verify`, { body }),
    ),
  session: () => call<SessionInfo>(() => c.GET(`${P}/session`)),
  logout: () => call<unknown>(() => c.POST(`${P}/auth/logout`, { body: {} })),
  debts: () => call<DebtsAnswer>(() => c.GET(`${P}/debts`)),
  offers: (body: { monthlyBudgetCents?: number; monthlyIncomeCents?: number; creditorId?: string }) =>
    call<OffersAnswer>(() => c.POST(`${P}/offers`, { body })),
  offerTerm: (id: string) => call<OfferTerm>(() => c.GET(`${P}/offers/{id}/term`, path(id))),
  proposal: (body: {
    downPaymentCents: number;
    installmentsCount: number;
    installmentCents: number;
    creditorId?: string;
  }) => call<ProposalAnswer>(() => c.POST(`${P}/proposals`, { body })),
  accept: (offerId: string, idempotencyKey: string) =>
    call<Agreement>(() =>
      c.POST(`${P}/agreements`, {
        body: { offerId },
        params: { header: { 'idempotency-key': idempotencyKey } },
      }),
    ),
  agreement: (id: string) => call<Agreement>(() => c.GET(`${P}/agreements/{id}`, path(id))),
  agreementStatus: (id: string) =>
    call<{ id: string; status: string; paymentState: string }>(() =>
      c.GET(`${P}/agreements/{id}/status`, path(id)),
    ),
  agreements: () => call<{ items: AgreementSummary[] }>(() => c.GET(`${P}/agreements`)),
  dueDates: (id: string, installmentId: string) =>
    call<DueDates>(() =>
      c.GET(`${P}/agreements/{id}/installments/{installmentId}/due-dates`, {
        params: { path: { id, installmentId } },
      }),
    ),
  changeDueDate: (id: string, installmentId: string, dueDate: string) =>
    call<Agreement>(() =>
      c.POST(`${P}/agreements/{id}/installments/{installmentId}/due-date`, {
        params: { path: { id, installmentId } },
        body: { dueDate },
      }),
    ),
  dispute: (body: DisputeBody) =>
    call<{ protocol: string; debtId: string; answerBy: string; message: string }>(() =>
      c.POST(`${P}/disputes`, { body }),
    ),
  callbackSlots: () =>
    call<{ slots: { date: string; label: string; from: string; to: string }[] }>(() =>
      c.GET(`${P}/callbacks/slots`),
    ),
  callback: (body: CallbackBody) =>
    call<{ id: string; date: string; from: string; to: string; message: string }>(() =>
      c.POST(`${P}/callbacks`, { body }),
    ),
  hardship: (body: { note?: string; talkToPerson?: boolean; monthlyBudgetCents?: number }) =>
    call<{ pausedUntil: string | null; message: string; freeHelp: string }>(() =>
      c.POST(`${P}/hardship`, { body }),
    ),
  preferences: () => call<Preferences>(() => c.GET(`${P}/me/preferences`)),
  savePreferences: (body: PreferencesBody) => call<Preferences>(() => c.PUT(`${P}/me/preferences`, { body })),
  payoff: (id: string) => call<Payoff>(() => c.GET(`${P}/agreements/{id}/payoff`, path(id))),
  prepayments: (id: string) =>
    call<{ items: Prepayment[] }>(() => c.GET(`${P}/agreements/{id}/prepayments`, path(id))),
  prepay: (id: string, installments: number) =>
    call<Prepayment>(() =>
      c.POST(`${P}/agreements/{id}/prepayments`, { ...path(id), body: { installments } }),
    ),
  cancel: (id: string) =>
    call<Cancellation>(() => c.POST(`${P}/agreements/{id}/cancel`, { ...path(id), body: {} })),
  review: (body: { subject: ReviewSubject; reason?: string }) =>
    call<{ id: string; replyBy: string; message: string }>(() => c.POST(`${P}/reviews`, { body })),
  genuine: (code: string) =>
    call<Genuineness>(() => c.GET(`${P}/verify-code/{code}`, { params: { path: { code } } })),
};

export const DATA_JSON_URL = `${P}/me/data`;
export const DATA_PDF_URL = `${P}/me/data.pdf`;

// Compile-time check that the API's declared responses (generated schema) fit the shapes the pages
// read: a renamed or removed field breaks `npm run typecheck`, not a screen in production.
type Res<Path extends keyof paths, M extends 'get' | 'post', S extends number> =
  NonNullable<paths[Path][M]> extends {
    responses: { [K in S]: { content: { 'application/json': infer R } } };
  }
    ? R
    : never;
type Fits<A, B> = [A] extends [never] ? false : [A] extends [B] ? true : false;
const contract: [
  Fits<Res<'/api/portal/v1/debts', 'get', 200>, DebtsAnswer>,
  Fits<Res<'/api/portal/v1/offers', 'post', 200>, OffersAnswer>,
  Fits<Res<'/api/portal/v1/proposals', 'post', 200>, ProposalAnswer>,
  Fits<Res<'/api/portal/v1/agreements/{id}', 'get', 200>, Agreement>,
  Fits<Res<'/api/portal/v1/agreements', 'get', 200>, { items: AgreementSummary[] }>,
  Fits<Res<'/api/portal/v1/offers/{id}/term', 'get', 200>, OfferTerm>,
  Fits<Res<'/api/portal/v1/auth/entry', 'get', 200>, Entry>,
  Fits<Res<'/api/portal/v1/session', 'get', 200>, SessionInfo>,
  Fits<Res<'/api/portal/v1/agreements/{id}/installments/{installmentId}/due-dates', 'get', 200>, DueDates>,
  Fits<Res<'/api/portal/v1/me/preferences', 'get', 200>, Preferences>,
  Fits<Res<'/api/portal/v1/verify-code/{code}', 'get', 200>, Genuineness>,
  Fits<Res<'/api/portal/v1/agreements/{id}/payoff', 'get', 200>, Payoff>,
  Fits<Res<'/api/portal/v1/agreements/{id}/cancel', 'post', 200>, Cancellation>,
  Fits<Res<'/api/portal/v1/agreements/{id}/prepayments', 'post', 201>, Prepayment>,
  Fits<Res<'/api/portal/v1/agreements/{id}/prepayments', 'get', 200>, { items: Prepayment[] }>,
  Fits<Res<'/api/portal/v1/reviews', 'post', 201>, { id: string; replyBy: string; message: string }>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true];
void contract;
