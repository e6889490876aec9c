import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed, expiring links for messages (e-mail, SMS, WhatsApp).
 *
 * A token is `base64url(JSON payload) + "." + base64url(HMAC-SHA256(secret, first part))`. The payload is
 * readable by anyone who has the link (it is signed, not encrypted), so it carries only what is needed to
 * find the record: a purpose, an opaque reference (e.g. the UUID of a contact record) and the expiry. No
 * CPF, name, phone, e-mail or amount ever goes into a link: a message may be forwarded, land in a shared
 * phone's notification tray or in a proxy log.
 *
 * Only the three known fields are serialized, whatever else the caller's object holds, and `ref` must
 * look like an opaque id (a string of only digits, such as a CPF or a phone number, is refused).
 *
 * Key rotation: every function takes one secret or a list. The first secret of the list signs; all of
 * them verify. To rotate, put the new secret first and keep the old one until the longest-lived link
 * signed with it has expired.
 */

export interface SignedLinkPayload {
  /** What the link is for, e.g. 'offer', 'unsubscribe', 'boleto'. Lower case, digits, '.', '_' or '-'. */
  purpose: string;
  /** Opaque identifier (e.g. a UUID). Never personal data. */
  ref: string;
  /** Expiry, epoch seconds (integer). The token is refused from this second on. */
  exp: number;
}

export type VerifyResult =
  | { ok: true; payload: SignedLinkPayload }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' | 'wrong_purpose' };

/** One secret, or a list whose first element signs and whose elements all verify. */
export type SigningSecrets = string | readonly string[];

export const MIN_SECRET_LENGTH = 16;
const PURPOSE_PATTERN = /^[a-z][a-z0-9_.-]{0,31}$/;
/** Letters, digits, '-' and '_' (UUIDs, UUIDv7, ULIDs, nanoids), 8 to 64 characters. */
const REF_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
const BASE64URL_PATTERN = /^[A-Za-z0-9_-]+$/;
/** A signature is 32 bytes: 43 base64url characters without padding. */
const SIGNATURE_LENGTH = 43;
/** Bounds the work done on a hostile token before any HMAC is computed. */
const MAX_TOKEN_LENGTH = 1024;

function secretList(secret: SigningSecrets): readonly string[] {
  const list = typeof secret === 'string' ? [secret] : secret;
  if (list.length === 0) throw new Error('Nenhum segredo de assinatura configurado para os links.');
  for (const s of list) {
    if (typeof s !== 'string' || s.length < MIN_SECRET_LENGTH) {
      throw new Error(`O segredo de assinatura dos links deve ter ao menos ${MIN_SECRET_LENGTH} caracteres.`);
    }
  }
  return list;
}

function sign(data: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(data, 'utf8').digest();
}

/** Refuses payloads that could not be verified later or that could carry personal data. */
function assertPayload(payload: SignedLinkPayload): void {
  if (typeof payload.purpose !== 'string' || !PURPOSE_PATTERN.test(payload.purpose)) {
    throw new Error('Finalidade do link inválida: use letras minúsculas, dígitos, ".", "_" ou "-".');
  }
  if (typeof payload.ref !== 'string' || !REF_PATTERN.test(payload.ref) || /^\d+$/.test(payload.ref)) {
    throw new Error(
      'Referência do link inválida: deve ser um identificador opaco (ex.: UUID), nunca CPF, telefone ou outro dado pessoal.',
    );
  }
  if (!Number.isSafeInteger(payload.exp) || payload.exp <= 0) {
    throw new Error('Validade do link inválida: "exp" deve ser um inteiro de segundos desde 1970.');
  }
}

export function createSignedToken(payload: SignedLinkPayload, secret: SigningSecrets): string {
  assertPayload(payload);
  const [signingSecret] = secretList(secret) as [string];
  // Fixed key order and only the known fields: extra properties of the caller's object never leak.
  const json = JSON.stringify({ purpose: payload.purpose, ref: payload.ref, exp: payload.exp });
  const body = Buffer.from(json, 'utf8').toString('base64url');
  return `${body}.${sign(body, signingSecret).toString('base64url')}`;
}

/**
 * Checks signature, expiry and purpose. The purpose is required: a link signed for one thing (say, an
 * unsubscribe) must never open another (the portal), even though both carry the same kind of `ref`.
 */
export function verifySignedToken(
  token: string,
  secret: SigningSecrets,
  now: Date,
  purpose: string | readonly string[],
): VerifyResult {
  const secrets = secretList(secret);
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 2) return { ok: false, reason: 'malformed' };
  const [body, signature] = parts as [string, string];
  if (!BASE64URL_PATTERN.test(body) || !BASE64URL_PATTERN.test(signature)) {
    return { ok: false, reason: 'malformed' };
  }
  if (signature.length !== SIGNATURE_LENGTH) return { ok: false, reason: 'malformed' };
  const given = Buffer.from(signature, 'base64url');
  // Non-canonical encodings (stray low bits in the last character) decode to the same bytes: refuse
  // them so that each link has exactly one spelling.
  if (given.toString('base64url') !== signature) return { ok: false, reason: 'malformed' };
  // Every secret is tried (no early exit) so the time taken does not tell which one matched.
  let valid = false;
  for (const s of secrets) {
    const expected = sign(body, s);
    if (expected.length === given.length && timingSafeEqual(expected, given)) valid = true;
  }
  if (!valid) return { ok: false, reason: 'bad_signature' };

  // Signed by us: a payload that does not parse means a bug or a reused secret, not an attack.
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof parsed !== 'object' || parsed === null) return { ok: false, reason: 'malformed' };
  const { purpose: signedFor, ref, exp } = parsed as Record<string, unknown>;
  if (typeof signedFor !== 'string' || typeof ref !== 'string' || typeof exp !== 'number') {
    return { ok: false, reason: 'malformed' };
  }
  if (!Number.isSafeInteger(exp)) return { ok: false, reason: 'malformed' };
  const accepted = typeof purpose === 'string' ? [purpose] : purpose;
  if (!accepted.includes(signedFor)) return { ok: false, reason: 'wrong_purpose' };
  if (Math.floor(now.getTime() / 1000) >= exp) return { ok: false, reason: 'expired' };
  return { ok: true, payload: { purpose: signedFor, ref, exp } };
}

/** `${baseUrl}/l/${token}`; a trailing '/' of `baseUrl` is dropped. */
export function signedLink(baseUrl: string, payload: SignedLinkPayload, secret: SigningSecrets): string {
  return `${baseUrl.replace(/\/+$/, '')}/l/${createSignedToken(payload, secret)}`;
}

/** Epoch seconds `seconds` after `now` (for `exp`). */
export function expiresIn(now: Date, seconds: number): number {
  return Math.floor(now.getTime() / 1000) + Math.floor(seconds);
}
