import type { FieldError } from '../../platform/errors.ts';
import { type OutboundPolicy, urlShapeProblem } from '../../platform/outbound.ts';
import { type BoletoBankSettings, validateBoletoSettings } from './boleto-banks.rules.ts';
import {
  MAX_CITY_LENGTH,
  MAX_RECEIVER_NAME_LENGTH,
  normalizePixText,
  normalizeReceiverCity,
  normalizeReceiverName,
} from './brcode.rules.ts';
import { type PixKeyKind, parsePixKey } from './pix-key.rules.ts';

/**
 * How a creditor gets paid. Pix: the DICT key, and the receiver name and city as the BR Code carries
 * them (ASCII, ≤ 25 and ≤ 15 characters: Manual de Padrões para Iniciação do Pix, tags 59 and 60);
 * optionally the PSP's API Pix credentials, for dynamic charges (cob) and webhooks. Boleto: the bank
 * account in the layout of a supported bank.
 */
export interface PspSettings {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}

export interface PixSettings {
  key: string;
  keyKind: PixKeyKind;
  receiverName: string;
  city: string;
  psp?: PspSettings;
}

export interface PaymentSettings {
  pix: PixSettings | null;
  boleto: BoletoBankSettings | null;
}

/** What the validator accepts: any shape (every field is checked and reported). */
export interface UncheckedPaymentSettings {
  pix?: { key?: unknown; receiverName?: unknown; city?: unknown; psp?: unknown } | null;
  boleto?: Record<string, unknown> | null;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

function validatePsp(raw: unknown, errors: FieldError[], policy: OutboundPolicy): PspSettings | undefined {
  if (raw === undefined || raw === null) return undefined;
  const o = raw as Record<string, unknown>;
  const baseUrl = str(o.baseUrl).replace(/\/+$/, '');
  // The server sends the client id and secret to this URL: https to a public address only (the
  // names are resolved and checked again by the service, and at every connection).
  const problem = urlShapeProblem(baseUrl, policy);
  if (problem) {
    errors.push({
      field: 'pix.psp.baseUrl',
      message: `URL da API Pix do PSP não aceita: ${problem}`,
    });
  }
  if (str(o.clientId).trim() === '')
    errors.push({ field: 'pix.psp.clientId', message: 'Informe o client_id.' });
  if (str(o.clientSecret).trim() === '') {
    errors.push({ field: 'pix.psp.clientSecret', message: 'Informe o client_secret.' });
  }
  return { baseUrl, clientId: str(o.clientId).trim(), clientSecret: str(o.clientSecret) };
}

/** Validates everything and reports every field at once; at least one of pix/boleto is required. */
export function validatePaymentSettings(
  input: UncheckedPaymentSettings,
  policy: OutboundPolicy = { allowLoopback: false },
): { ok: true; value: PaymentSettings } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  let pix: PixSettings | null = null;
  let boleto: BoletoBankSettings | null = null;
  if (!input.pix && !input.boleto) {
    return {
      ok: false,
      errors: [{ field: 'pix', message: 'Informe ao menos a configuração de Pix ou de boleto.' }],
    };
  }
  if (input.pix) {
    const key = parsePixKey(str(input.pix.key));
    if (!key.ok) errors.push({ field: 'pix.key', message: key.message });
    const name = normalizeReceiverName(str(input.pix.receiverName));
    if (!name.ok) errors.push({ field: 'pix.receiverName', message: name.message });
    const city = normalizeReceiverCity(str(input.pix.city));
    if (!city.ok) errors.push({ field: 'pix.city', message: city.message });
    // The BR Code would cut a longer name or city; saying so here beats a truncated name on the payer's screen.
    for (const [field, raw, max] of [
      ['pix.receiverName', str(input.pix.receiverName), MAX_RECEIVER_NAME_LENGTH],
      ['pix.city', str(input.pix.city), MAX_CITY_LENGTH],
    ] as const) {
      const full = normalizePixText(raw, Number.MAX_SAFE_INTEGER);
      if (full.length > max) {
        errors.push({
          field,
          message: `até ${max} caracteres (sem acentos) no Pix: "${full}" tem ${full.length}; abrevie.`,
        });
      }
    }
    const psp = validatePsp(input.pix.psp, errors, policy);
    if (key.ok && name.ok && city.ok && errors.length === 0) {
      pix = {
        key: key.value.key,
        keyKind: key.value.kind,
        receiverName: name.value,
        city: city.value,
        ...(psp ? { psp } : {}),
      };
    }
  }
  if (input.boleto) {
    const result = validateBoletoSettings(input.boleto);
    if (result.ok) boleto = result.value;
    else errors.push(...result.errors.map((e) => ({ field: `boleto.${e.field}`, message: e.message })));
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { pix, boleto } };
}
