/**
 * One error type for the whole app. Each module adds its codes to `ErrorCode`; the HTTP layer maps a
 * code to a status with `HTTP_STATUS` and answers `application/problem+json` with the pt-BR `detail`.
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'DATA_DIR_IN_USE'
  | 'INVALID_DOCUMENT'
  | 'IMPORT_REJECTED'
  | 'INDEX_TABLE_INVALID'
  | 'INDEX_SOURCE_UNAVAILABLE'
  | 'OFFER_EXPIRED'
  | 'OFFER_ALREADY_ACCEPTED'
  | 'OFFER_SIMULATION'
  | 'OFFER_OUT_OF_POLICY'
  | 'SELF_APPROVAL'
  | 'DEBT_NOT_OPEN'
  | 'RENEGOTIATION_LIMIT'
  | 'TONE_REFUSED'
  | 'CONTACT_BLOCKED'
  | 'CSRF_TOKEN_INVALID'
  | 'BAD_REQUEST'
  | 'CREDITOR_DOCUMENT_TAKEN'
  | 'TEMPLATE_KEY_TAKEN'
  | 'NOT_A_LETTER'
  | 'CHANNEL_NOT_CONFIGURED'
  | 'WHATSAPP_WINDOW_CLOSED'
  | 'PROVIDER_REFUSED'
  | 'APPROVAL_ALREADY_DECIDED'
  | 'BOLETO_NUMBERS_EXHAUSTED'
  | 'PAYMENT_NOT_CONFIGURED'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'PAYMENT_ALREADY_APPLIED'
  | 'PAYMENT_NOT_IDENTIFIED'
  | 'AGREEMENT_NOT_PAID'
  | 'INSTALLMENT_NOT_OPEN'
  | 'WEBHOOK_NOT_CONFIGURED'
  | 'RATE_LIMITED'
  | 'CONFIG_INVALID'
  | 'INTERNAL';

export const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  DATA_DIR_IN_USE: 409,
  INVALID_DOCUMENT: 422,
  IMPORT_REJECTED: 422,
  INDEX_TABLE_INVALID: 422,
  INDEX_SOURCE_UNAVAILABLE: 502,
  OFFER_EXPIRED: 422,
  OFFER_ALREADY_ACCEPTED: 409,
  OFFER_SIMULATION: 422,
  OFFER_OUT_OF_POLICY: 422,
  SELF_APPROVAL: 403,
  DEBT_NOT_OPEN: 409,
  RENEGOTIATION_LIMIT: 422,
  TONE_REFUSED: 422,
  CONTACT_BLOCKED: 409,
  /** A state-changing portal call without the session's X-CSRF-Token. */
  CSRF_TOKEN_INVALID: 403,
  /** Malformed request the schema cannot describe (e.g. invalid JSON). */
  BAD_REQUEST: 400,
  /** Another creditor of the tenant already has this CNPJ. */
  CREDITOR_DOCUMENT_TAKEN: 409,
  /** Another message template of the tenant already has this key. */
  TEMPLATE_KEY_TAKEN: 409,
  /** The letter routes on an outbox row of another channel. */
  NOT_A_LETTER: 409,
  /** The channel has no provider configured on this server (e.g. no SMTP): the operator must set it up. */
  CHANNEL_NOT_CONFIGURED: 409,
  /** WhatsApp free text only within 24 h of the debtor's last message (Meta's customer-service window). */
  WHATSAPP_WINDOW_CLOSED: 409,
  /** The channel provider refused the message (its reason is in `detail`). */
  PROVIDER_REFUSED: 409,
  /** The counter-proposal was already approved or rejected (possibly by someone else just now). */
  APPROVAL_ALREADY_DECIDED: 409,
  /** The creditor's boleto account has no nosso número left in its range. */
  BOLETO_NUMBERS_EXHAUSTED: 409,
  /** The creditor has neither a Pix key nor a boleto account: a charge (e.g. a prepayment's) cannot be issued. */
  PAYMENT_NOT_CONFIGURED: 409,
  /** The Idempotency-Key was used for a different request. */
  IDEMPOTENCY_KEY_REUSED: 409,
  /** The payment is already allocated to an installment. */
  PAYMENT_ALREADY_APPLIED: 409,
  /** The payment is not matched to an installment yet (no receipt until it is). */
  PAYMENT_NOT_IDENTIFIED: 409,
  /** The agreement is not fully paid (no discharge letter until it is). */
  AGREEMENT_NOT_PAID: 409,
  /** The installment is paid (in part or whole) or its agreement is no longer active: its date stays. */
  INSTALLMENT_NOT_OPEN: 409,
  // The endpoint exists but its secret is not configured: nothing is accepted until it is.
  WEBHOOK_NOT_CONFIGURED: 503,
  /** Too many attempts (or an identification locked): the problem carries `retryAfterSeconds`. */
  RATE_LIMITED: 429,
  CONFIG_INVALID: 500,
  INTERNAL: 500,
};

export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Extra members of the problem document (e.g. `errors`). */
  readonly extra: Record<string, unknown>;

  constructor(code: ErrorCode, detail: string, extra: Record<string, unknown> = {}) {
    super(detail);
    this.name = 'AppError';
    this.code = code;
    this.extra = extra;
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }
}

/** Feminine nouns the API names in a 404; the rest are masculine ("Dívida não encontrada", "Acordo não encontrado"). */
const FEMININE = new Set([
  'Aprovação',
  'Dívida',
  'Importação',
  'Mensagem',
  'Parcela',
  'Proposta',
  'Quitação',
  'Régua',
  'Suspensão',
]);

export function notFound(what: string): AppError {
  const noun = what.split(' ')[0] ?? what;
  return new AppError('NOT_FOUND', `${what} não encontrad${FEMININE.has(noun) ? 'a' : 'o'}.`);
}

export function validationFailed(errors: FieldError[]): AppError {
  const summary = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  return new AppError('VALIDATION_FAILED', `Dados inválidos — ${summary}`, { errors });
}
