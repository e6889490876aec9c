import { classifyDocument, normalizeDocument } from '../../platform/br-documents.ts';
import { type FieldResult, fastBrazilianPhone, parseEmail, parsePhone } from '../../platform/br-fields.ts';

/**
 * Pix keys ("chaves de endereçamento", registered in the DICT). The Regulamento do Pix (Resolução BCB
 * nº 1/2020) allows five kinds: CPF, CNPJ, e-mail, mobile phone number and a random key (EVP).
 *
 * `parsePixKey` returns the key exactly as it must go in a BR Code (tag 26-01) and in a DICT lookup,
 * which match keys as plain strings: the forms below are those of the DICT API (`key` patterns):
 * - CPF: 11 digits, no punctuation (`^[0-9]{11}$`);
 * - CNPJ: 14 characters, no punctuation (`^[0-9]{14}$`; alphanumeric from July 2026, IN RFB 2.229/2024);
 * - e-mail: lowercase, at most 77 characters (the DICT limit; the pattern only has lowercase letters);
 * - phone: E.164 with the country code, `+55` + DDD + 9-digit mobile (`^\+[1-9]\d{1,14}$`);
 * - EVP: a lowercase UUID with hyphens, 36 characters (`^[0-9a-f]{8}-…-[0-9a-f]{12}$`), any version.
 *
 * Classification of what a person types:
 * - contains "@" → e-mail; UUID shape → EVP; starts with "+" → phone;
 * - otherwise the value is read as a document (punctuation ".", "-", "/" and spaces allowed):
 *   11 digits → CPF, 14 characters → CNPJ, both checked by their check digits.
 * - A phone number WITHOUT "+55" is never accepted, even when its 11 digits would make sense as DDD +
 *   mobile: DICT phone keys are always registered as +55…, and "11987654321" is also a possible CPF, so
 *   guessing would send money to the wrong key type. 11 digits that are a valid CPF are a CPF; if they
 *   are not, the message says how to write a phone key.
 */
export type PixKeyKind = 'cpf' | 'cnpj' | 'email' | 'phone' | 'evp';

export interface PixKey {
  kind: PixKeyKind;
  key: string;
}

/** DICT limit for e-mail keys (and the 26-01 limit of 77 characters in the BR Code manual). */
export const MAX_EMAIL_KEY_LENGTH = 77;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Looks like someone tried to type a UUID: only hex digits and hyphens, long enough to be one.
const UUID_LIKE_RE = /^[0-9a-f-]{20,}$/i;
const DICT_EMAIL_RE =
  /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
// Brazilian mobile numbers: DDD + 9 + 8 digits (Anatel numbering plan since 2016).
const MOBILE_E164_RE = /^\+55\d{2}9\d{8}$/;
const PHONE_CHARS_RE = /^[\d\s().-]+$/;

const PHONE_FORMAT_HINT = 'informe +55, DDD e número, como +55 11 98765-4321';

function ok(kind: PixKeyKind, key: string): FieldResult<PixKey> {
  return { ok: true, value: { kind, key } };
}

function fail(message: string): FieldResult<PixKey> {
  return { ok: false, message };
}

export function parsePixKey(raw: string): FieldResult<PixKey> {
  const s = raw.trim();
  if (s === '') return fail('chave Pix vazia');
  if (s.includes('@')) return parseEmailKey(s);
  if (UUID_RE.test(s)) return ok('evp', s.toLowerCase());
  if (s.startsWith('+')) return parsePhoneKey(s);

  const doc = normalizeDocument(s);
  if (/^\d{11}$/.test(doc)) {
    const cpf = classifyDocument(doc);
    if (cpf.ok) return ok('cpf', cpf.value);
    // A real DDD + mobile number: say how a phone key is written instead of only "bad CPF".
    const phone = fastBrazilianPhone(s);
    if (phone !== null && MOBILE_E164_RE.test(phone)) {
      return fail(
        `${cpf.message}; se for um telefone celular, a chave Pix de telefone é sempre registrada com +55: ` +
          `informe ${phone}`,
      );
    }
    return fail(cpf.message);
  }
  if (/^[0-9A-Z]{14}$/.test(doc)) {
    const cnpj = classifyDocument(doc);
    return cnpj.ok ? ok('cnpj', cnpj.value) : fail(cnpj.message);
  }
  if (UUID_LIKE_RE.test(s) && /[a-f-]/i.test(s)) {
    return fail(
      'chave aleatória (EVP) inválida: deve ter 36 caracteres no formato ' +
        '123e4567-e89b-12d3-a456-426614174000 (8-4-4-4-12 dígitos hexadecimais, com hífens)',
    );
  }
  if (PHONE_CHARS_RE.test(s)) {
    const digits = s.replace(/\D/g, '').length;
    if (digits >= 10 && digits <= 13) {
      return fail(`telefone sem o código do país: chaves Pix de telefone usam +55; ${PHONE_FORMAT_HINT}`);
    }
  }
  return fail(
    'chave Pix não reconhecida: informe CPF, CNPJ, e-mail, telefone celular com +55 ou chave aleatória (EVP)',
  );
}

function parseEmailKey(s: string): FieldResult<PixKey> {
  const email = parseEmail(s);
  if (!email.ok) return fail(email.message);
  // The DICT pattern has only lowercase letters: keys are registered (and must be looked up) lowercased.
  const key = email.value.toLowerCase();
  if (key.length > MAX_EMAIL_KEY_LENGTH) {
    return fail(`e-mail com ${key.length} caracteres: a chave Pix de e-mail tem no máximo 77`);
  }
  if (!DICT_EMAIL_RE.test(key)) return fail('e-mail inválido: use o formato nome@dominio.com.br');
  return ok('email', key);
}

function parsePhoneKey(s: string): FieldResult<PixKey> {
  if (!/^\+\s*55/.test(s)) {
    return fail('chave Pix de telefone deve ser um celular brasileiro, com +55');
  }
  const phone = parsePhone(s);
  if (!phone.ok) return fail(`telefone inválido: ${PHONE_FORMAT_HINT}`);
  // The Regulamento allows only mobile numbers as keys; landlines (8-digit subscriber) are refused.
  if (!MOBILE_E164_RE.test(phone.value)) {
    return fail('chave Pix de telefone deve ser um número de celular (DDD + 9 dígitos começando por 9)');
  }
  return ok('phone', phone.value);
}

/**
 * Whether the key a Pix was received on (`chave` of the PSP's notification) is the creditor's key, each
 * read in its normal form (CNPJ with or without punctuation, e-mail in any case). A payment to another
 * key is not this creditor's money, whatever txid it carries.
 */
export function sameReceivingKey(configured: string, received: string): boolean {
  const a = parsePixKey(configured);
  const b = parsePixKey(received);
  if (!a.ok || !b.ok) return configured.trim() === received.trim();
  return a.value.kind === b.value.kind && a.value.key === b.value.key;
}
