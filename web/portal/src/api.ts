/**
 * The portal's calls to `/api/portal/v1`, one function per step, through the generated client.
 * Each returns `{ ok, data }` or a failure the pages can word for people: `network` (keep what was
 * typed, offer "Tentar de novo"), `unauthorized` (session ended), `limited` (429 with the time
 * new attempts open), `problem` (the API's pt-BR detail and stable code).
 */
import { createApiClient } from '../../shared/api/client.ts';
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

// The shapes below mirror the portal API's documented responses (see schema.d.ts, generated from the
// OpenAPI document); pages use these names so a renamed field breaks the type check, not a screen.

export interface BalanceLine {
  kind: string;
  label?: string;
  amountCents: number;
  rule: string;
  legalBasis?: string;
}

export interface Party {
  name: string;
  document: string;
}

export interface PortalDebt {
  id: string;
  creditor: Party & { id?: string };
  contract?: string | null;
  description?: string | null;
  dueDate: string;
  date: string;
  totalCents: number;
  prescribed: boolean;
  lines: BalanceLine[];
  disputed?: boolean;
}

export interface DebtsAnswer {
  date: string;
  debts: PortalDebt[];
}

export interface ScheduleItem {
  number: number;
  dueDate: string;
  amountCents: number;
}

export interface Offer {
  id: string;
  kind: string;
  creditor?: Party;
  installmentsCount: number;
  downPaymentCents: number;
  totalCents: number;
  discountCents: number;
  balanceCents: number;
  monthlyRatePercent: number;
  cetAnnualPercent: number;
  validUntil: string;
  schedule: ScheduleItem[];
  explanation: string[];
  debtIds: string[];
  graceDays?: number;
  fitsBudget?: boolean;
}

export interface OffersAnswer {
  offers: Offer[];
  noAffordableOffer: boolean;
  reason?: string;
  paymentCapCents?: number;
}

export interface ProposalAnswer {
  status: 'accepted' | 'pending_approval' | 'refused';
  reason: string;
  offer?: Offer;
  nearest?: Offer;
  answerBy?: string;
}

export interface Installment {
  id: string;
  number: number;
  dueDate: string;
  amountCents: number;
  paidCents: number;
  status: string;
  pixCopyPaste?: string | null;
  pixQrSvgUrl?: string | null;
  pixExpiresAt?: string | null;
  boletoLine?: string | null;
  boletoPdfUrl?: string | null;
  receiptUrl?: string | null;
  paidAt?: string | null;
}

export interface Agreement {
  id: string;
  number?: string;
  status: string;
  offerId: string;
  creditor?: Party;
  payee?: Party & { institution?: string };
  totalCents: number;
  discountCents: number;
  downPaymentCents: number;
  cetAnnualPercent: number;
  monthlyRatePercent: number;
  graceDays: number;
  createdAt: string;
  installments: Installment[];
  termUrl?: string;
  termPdfUrl?: string;
  dischargeUrl?: string | null;
}

const P = '/api/portal/v1';

// The generated `paths` type only knows the routes of the document it was generated from; the
// portal's routes are addressed by string here so the app builds against any version of it.
// biome-ignore lint/suspicious/noExplicitAny: see above
const c = client as any;

export const api = {
  start: (document: string, channel?: string) =>
    call<{ message?: string }>(() =>
      c.POST(`${P}/auth/start`, { body: channel ? { document, channel } : { document } }),
    ),
  verify: (body: { document: string; birthDate?: string; code: string }) =>
    call<{ csrfToken: string; firstName?: string }>(() => c.POST(`${P}/auth/verify`, { body })),
  debts: () => call<DebtsAnswer>(() => c.GET(`${P}/debts`)),
  offers: (body: { monthlyBudgetCents?: number; monthlyIncomeCents?: number }) =>
    call<OffersAnswer>(() => c.POST(`${P}/offers`, { body })),
  proposal: (body: { downPaymentCents: number; installmentsCount: number; installmentCents: number }) =>
    call<ProposalAnswer>(() => c.POST(`${P}/proposals`, { body })),
  accept: (offerId: string, idempotencyKey: string) =>
    call<Agreement>(() =>
      c.POST(`${P}/agreements`, { body: { offerId }, headers: { 'Idempotency-Key': idempotencyKey } }),
    ),
  agreement: (id: string) =>
    call<Agreement>(() => c.GET(`${P}/agreements/{id}`, { params: { path: { id } } })),
  agreements: () => call<{ items: Agreement[] }>(() => c.GET(`${P}/agreements`)),
  dispute: (body: { debtId: string; reason: string; details?: string }) =>
    call<{ protocol: string; answerBy?: string }>(() => c.POST(`${P}/disputes`, { body })),
  callback: (body: Record<string, unknown>) =>
    call<{ id?: string; date?: string; window?: string; fromNumber?: string }>(() =>
      c.POST(`${P}/callbacks`, { body }),
    ),
};

// Follow-up and public calls.
export interface Genuineness {
  valid: boolean;
  agency?: Party;
  creditor?: Party;
  issuedAt?: string;
  kind?: string;
}

export interface LinkInfo {
  firstName?: string;
  codeHint?: string;
}

export const more = {
  hardship: (body: { pauseDays?: number; wantsCall?: boolean; note?: string }) =>
    call<{ pausedUntil?: string }>(() => c.POST(`${P}/hardship`, { body })),
  preferences: () => call<Record<string, boolean>>(() => c.GET(`${P}/me/preferences`)),
  savePreferences: (body: Record<string, boolean>) =>
    call<Record<string, boolean>>(() => c.PUT(`${P}/me/preferences`, { body })),
  genuine: (code: string) =>
    call<Genuineness>(() => c.GET(`${P}/verification/{code}`, { params: { path: { code } } })),
  linkInfo: (token: string) =>
    call<LinkInfo>(() => c.GET(`${P}/links/{token}`, { params: { path: { token } } })),
  linkStart: (token: string, channel?: string) =>
    call<LinkInfo>(() =>
      c.POST(`${P}/auth/start`, { body: channel ? { linkToken: token, channel } : { linkToken: token } }),
    ),
  dueDateOptions: (id: string) =>
    call<{ installmentId: string; number: number; currentDueDate: string; options: string[] }>(() =>
      c.GET(`${P}/agreements/{id}/due-date-options`, { params: { path: { id } } }),
    ),
  changeDueDate: (id: string, body: { installmentId: string; dueDate: string }) =>
    call<Agreement>(() => c.POST(`${P}/agreements/{id}/due-date`, { params: { path: { id } }, body })),
};
export const DATA_JSON_URL = `${P}/me/data`;
export const DATA_PDF_URL = `${P}/me/data?format=pdf`;
