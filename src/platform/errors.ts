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
  | 'DEBT_NOT_OPEN'
  | 'RENEGOTIATION_LIMIT'
  | 'TONE_REFUSED'
  | 'CONTACT_BLOCKED'
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
  DEBT_NOT_OPEN: 409,
  RENEGOTIATION_LIMIT: 422,
  TONE_REFUSED: 422,
  CONTACT_BLOCKED: 409,
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

export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what} não encontrado(a).`);
}

export function validationFailed(errors: FieldError[]): AppError {
  const summary = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  return new AppError('VALIDATION_FAILED', `Dados inválidos — ${summary}`, { errors });
}
