import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { classifyDocument, formatDocument } from '../../platform/br-documents.ts';
import { parseEmail } from '../../platform/br-fields.ts';
import type { FieldError } from '../../platform/errors.ts';
import { type CreditorAddress, formatAddress, validateAddress } from '../creditors/index.ts';
import type { AgencyProfileInput } from './agency.schemas.ts';

/**
 * The collection agency as debtors meet it: the name in every message (template variable {{agencia}},
 * the e-mail sender), and its legal name, CNPJ and address in every term, letter, receipt and discharge
 * letter (CDC art. 42-A; Código de Defesa do Consumidor: whoever collects identifies itself).
 */
export interface AgencyProfile {
  legalName: string;
  tradeName: string;
  /** CNPJ, normalized (digits, or the alphanumeric CNPJ); null only in the default profile. */
  document: string | null;
  address: CreditorAddress | null;
  /** E.164. */
  phone: string | null;
  email: string | null;
  whatsapp: string | null;
  website: string | null;
  /** False while the tenant still has the default profile (nobody has set the agency's data yet). */
  configured: boolean;
  updatedAt: string | null;
}

export interface ValidAgencyProfile {
  legalName: string;
  tradeName: string;
  document: string;
  address: CreditorAddress;
  phone: string;
  email: string;
  whatsapp: string | null;
  website: string | null;
}

/**
 * A new tenant's profile. Its name says, to whoever reads it, that it must be changed: a debtor must
 * never receive a placeholder that looks real ("Tenant padrão" was being sent before).
 */
export const DEFAULT_AGENCY_NAME = 'Assessoria (altere em Configurações)';

export function defaultAgencyProfile(): AgencyProfile {
  return {
    legalName: DEFAULT_AGENCY_NAME,
    tradeName: DEFAULT_AGENCY_NAME,
    document: null,
    address: null,
    phone: null,
    email: null,
    whatsapp: null,
    website: null,
    configured: false,
    updatedAt: null,
  };
}

const clean = (s: string) => s.trim().replace(/\s+/g, ' ');

/**
 * Any valid Brazilian number, landline, mobile or the agency's 0800/4004 line (those are refused for
 * debtors' phones, where they are a typing error, but are how agencies answer).
 */
export function parseAgencyPhone(raw: string): { ok: true; value: string } | { ok: false; message: string } {
  const s = raw.trim();
  if (s === '') return { ok: false, message: 'telefone vazio' };
  const phone = parsePhoneNumberFromString(s, { defaultCountry: 'BR', extract: false });
  if (!phone?.isValid() || phone.country !== 'BR')
    return { ok: false, message: 'telefone brasileiro inválido: use DDD + número, ex.: (11) 3000-0000' };
  return { ok: true, value: phone.number };
}

/** "+551130000000" → "(11) 3000-0000"; "+550800..." → "0800 ..."; anything else as stored. */
export function formatPhone(e164: string): string {
  const phone = parsePhoneNumberFromString(e164);
  return phone?.isValid() ? phone.formatNational() : e164;
}

export function validateAgencyProfile(
  input: AgencyProfileInput,
): { ok: true; value: ValidAgencyProfile } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const legalName = clean(input.legalName);
  const tradeName = clean(input.tradeName);
  if (legalName.length < 2) errors.push({ field: 'legalName', message: 'informe a razão social' });
  if (tradeName.length < 2) errors.push({ field: 'tradeName', message: 'informe o nome fantasia' });
  for (const [field, value] of [
    ['legalName', legalName],
    ['tradeName', tradeName],
  ] as const) {
    if (value === DEFAULT_AGENCY_NAME)
      errors.push({ field, message: 'troque o nome padrão pelo nome da sua assessoria' });
  }
  const doc = classifyDocument(input.document);
  let document = '';
  if (!doc.ok) errors.push({ field: 'document', message: doc.message });
  else if (doc.kind !== 'cnpj')
    errors.push({ field: 'document', message: 'a assessoria deve ser identificada por CNPJ' });
  else document = doc.value;
  const address = validateAddress(input.address);
  if (!address.ok) errors.push(...address.errors);
  const phone = parseAgencyPhone(input.phone);
  if (!phone.ok) errors.push({ field: 'phone', message: phone.message });
  const email = parseEmail(input.email);
  if (!email.ok) errors.push({ field: 'email', message: email.message });
  let whatsapp: string | null = null;
  if (input.whatsapp != null && input.whatsapp.trim() !== '') {
    const w = parseAgencyPhone(input.whatsapp);
    if (!w.ok) errors.push({ field: 'whatsapp', message: w.message });
    else whatsapp = w.value;
  }
  let website: string | null = null;
  if (input.website != null && input.website.trim() !== '') {
    website = parseWebsite(input.website);
    if (!website)
      errors.push({ field: 'website', message: 'use um endereço https://, ex.: https://assessoria.com.br' });
  }
  if (errors.length > 0 || !address.ok || !phone.ok || !email.ok) return { ok: false, errors };
  return {
    ok: true,
    value: {
      legalName,
      tradeName,
      document,
      address: address.value,
      phone: phone.value,
      email: email.value,
      whatsapp,
      website,
    },
  };
}

/** An http(s) URL without credentials; a bare domain gets https://. Returns null when not a site. */
function parseWebsite(raw: string): string | null {
  const s = raw.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(s) ? s : `https://${s}`;
  try {
    const u = new URL(withScheme);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
    if (u.username || u.password || !u.hostname.includes('.')) return null;
    return u.toString().replace(/\/$/, '');
  } catch {
    return null;
  }
}

/** How debtors reach the agency, for {{agencia_contato}}: WhatsApp, then phone, then site, then e-mail. */
export function agencyContactLine(p: AgencyProfile): string {
  if (p.whatsapp) return `WhatsApp ${formatPhone(p.whatsapp)}`;
  if (p.phone) return formatPhone(p.phone);
  return p.website ?? p.email ?? '';
}

/**
 * The lines that identify the agency on a document (CDC art. 42-A): legal name, trade name, CNPJ,
 * address and how to reach it. The default profile is printed as it is (it says it must be changed).
 */
export function agencyIdentification(p: AgencyProfile): string[] {
  const name = p.tradeName && p.tradeName !== p.legalName ? `${p.legalName} (${p.tradeName})` : p.legalName;
  const lines = [p.document ? `${name} — CNPJ ${formatDocument(p.document)}` : name];
  if (p.address) lines.push(formatAddress(p.address));
  const contact = [
    p.phone ? `Telefone ${formatPhone(p.phone)}` : null,
    p.whatsapp ? `WhatsApp ${formatPhone(p.whatsapp)}` : null,
    p.email ? `E-mail ${p.email}` : null,
    p.website,
  ].filter(Boolean);
  if (contact.length > 0) lines.push(contact.join(' · '));
  return lines;
}
