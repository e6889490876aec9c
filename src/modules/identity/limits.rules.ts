import type { FieldError } from '../../platform/errors.ts';
import { formatBytes, LIMIT_KEYS, type LimitKey, type TenantLimits } from '../../platform/limits.ts';

/**
 * A tenant's own limits (issue 10 item 8): what its admin set, each within a floor that keeps the
 * tenant working (a PSP sends a few Pix per call; a portfolio file of a few thousand lines is ~1 MB; one
 * request a second is enough for a person) and the operator's ceiling, which protects the other tenants.
 */
export type StoredLimits = Record<LimitKey, number | null>;
export type LimitsInput = Partial<Record<LimitKey, number | null>>;

export const LIMIT_MINIMUMS: TenantLimits = {
  requestsPerMinute: 60,
  maxUploadBytes: 1024 * 1024,
  maxPixPerWebhook: 10,
};

/** Where the operator sets each ceiling (named in the messages an admin reads). */
export const CEILING_VARIABLE: Record<LimitKey, string> = {
  requestsPerMinute: 'TRATO_LIMIT_MAX_REQUESTS_PER_MINUTE',
  maxUploadBytes: 'TRATO_LIMIT_MAX_UPLOAD_BYTES',
  maxPixPerWebhook: 'TRATO_LIMIT_MAX_PIX_PER_WEBHOOK',
};

const show = (key: LimitKey, n: number) =>
  key === 'maxUploadBytes' ? `${n.toLocaleString('pt-BR')} (${formatBytes(n)})` : n.toLocaleString('pt-BR');

/** Missing or null → the default; otherwise an integer between the floor and the operator's ceiling. */
export function validateLimits(
  input: LimitsInput,
  ceilings: TenantLimits,
): { ok: true; value: StoredLimits } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const value = {} as StoredLimits;
  for (const key of LIMIT_KEYS) {
    const v = input[key];
    if (v === undefined || v === null) {
      value[key] = null;
      continue;
    }
    const min = LIMIT_MINIMUMS[key];
    const max = ceilings[key];
    if (!Number.isSafeInteger(v) || v < min || v > max) {
      errors.push({
        field: key,
        message: `deve ser um inteiro de ${show(key, min)} a ${show(key, max)} (o máximo é definido pelo operador em ${CEILING_VARIABLE[key]}); null volta ao padrão`,
      });
      continue;
    }
    value[key] = v;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}

/** The limits in force: what the admin set, else the default — never above the operator's ceiling. */
export function effectiveLimits(
  stored: StoredLimits | undefined,
  defaults: TenantLimits,
  ceilings: TenantLimits,
): TenantLimits {
  const out = {} as TenantLimits;
  for (const key of LIMIT_KEYS) out[key] = Math.min(stored?.[key] ?? defaults[key], ceilings[key]);
  return out;
}
