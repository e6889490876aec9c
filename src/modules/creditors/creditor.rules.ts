import { classifyDocument } from '../../platform/br-documents.ts';
import type { FieldError } from '../../platform/errors.ts';

export type CorrectionIndex = 'none' | 'IPCA';

/** Default contract terms a creditor's debts inherit unless a debt line sets its own. */
export interface ContractTerms {
  finePercent: string;
  monthlyInterestPercent: string;
  correctionIndex: CorrectionIndex;
  feesPercent: string;
  feesInContract: boolean;
  financialInstitution: boolean;
}

export interface StructuredAddress {
  street: string;
  number?: string;
  complement?: string;
  district?: string;
  city: string;
  state: string;
  zipCode: string;
}

/** CDC art. 42-A: the address printed on every collection document. */
export type CreditorAddress = string | StructuredAddress;

export interface CreditorInput {
  name: string;
  document: string;
  address: CreditorAddress;
  terms?: Partial<{
    finePercent: number;
    monthlyInterestPercent: number;
    correctionIndex: string;
    feesPercent: number;
    feesInContract: boolean;
    financialInstitution: boolean;
  }>;
  financialInstitution?: boolean;
}

export interface ValidCreditor {
  name: string;
  document: string;
  address: CreditorAddress;
  terms: ContractTerms;
}

/**
 * Defaults: 2% fine (the CDC cap), 1% a month interest (the cap for non-financial creditors) and
 * IPCA correction (Lei 14.905/2024: the index when the contract names none). Fees are off unless
 * the contract provides for them.
 */
export const DEFAULT_TERMS: ContractTerms = {
  finePercent: '2',
  monthlyInterestPercent: '1',
  correctionIndex: 'IPCA',
  feesPercent: '0',
  feesInContract: false,
  financialInstitution: false,
};

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export function validateCreditorInput(input: CreditorInput): Validation<ValidCreditor> {
  const errors: FieldError[] = [];
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (name.length < 2)
    errors.push({ field: 'name', message: 'informe o nome do credor (2 caracteres ou mais)' });

  const doc = classifyDocument(input.document);
  let document = '';
  if (!doc.ok) errors.push({ field: 'document', message: doc.message });
  else if (doc.kind !== 'cnpj')
    errors.push({ field: 'document', message: 'o credor deve ser identificado por CNPJ' });
  else document = doc.value;

  const address = normalizeAddress(input.address, errors);
  const terms = { ...DEFAULT_TERMS };
  const t = input.terms ?? {};
  for (const key of ['finePercent', 'monthlyInterestPercent', 'feesPercent'] as const) {
    const v = t[key];
    if (v === undefined) continue;
    if (!Number.isFinite(v) || v < 0 || v > 100)
      errors.push({ field: `terms.${key}`, message: 'percentual deve estar entre 0 e 100' });
    else terms[key] = String(v);
  }
  if (t.correctionIndex !== undefined) {
    const idx = t.correctionIndex.trim().toUpperCase();
    if (idx === 'NONE') terms.correctionIndex = 'none';
    else if (idx === 'IPCA') terms.correctionIndex = 'IPCA';
    else errors.push({ field: 'terms.correctionIndex', message: 'use "none" ou "IPCA"' });
  }
  if (t.feesInContract !== undefined) terms.feesInContract = t.feesInContract;
  const fi = input.financialInstitution ?? t.financialInstitution;
  if (fi !== undefined) terms.financialInstitution = fi;
  if (terms.feesInContract && Number(terms.feesPercent) === 0) {
    errors.push({
      field: 'terms.feesPercent',
      message: 'honorários previstos em contrato precisam de um percentual maior que zero',
    });
  }

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { name, document, address: address!, terms } };
}

/** The same address rules for anyone a document identifies (creditor, agency): errors under `field`. */
export function validateAddress(
  address: CreditorAddress,
  field = 'address',
): { ok: true; value: CreditorAddress } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const value = normalizeAddress(address, errors);
  if (errors.length > 0 || value === undefined)
    return { ok: false, errors: errors.map((e) => ({ ...e, field: e.field.replace(/^address/, field) })) };
  return { ok: true, value };
}

function normalizeAddress(address: CreditorAddress, errors: FieldError[]): CreditorAddress | undefined {
  if (typeof address === 'string') {
    const line = address.trim().replace(/\s+/g, ' ');
    if (line.length < 10)
      errors.push({ field: 'address', message: 'informe o endereço completo (CDC art. 42-A)' });
    return line;
  }
  const out: StructuredAddress = {
    street: address.street.trim(),
    city: address.city.trim(),
    state: address.state.trim().toUpperCase(),
    zipCode: address.zipCode.replace(/\D/g, ''),
  };
  for (const k of ['number', 'complement', 'district'] as const) {
    const v = address[k]?.trim();
    if (v) out[k] = v;
  }
  if (!out.street) errors.push({ field: 'address.street', message: 'campo obrigatório' });
  if (!out.city) errors.push({ field: 'address.city', message: 'campo obrigatório' });
  if (!/^[A-Z]{2}$/.test(out.state))
    errors.push({ field: 'address.state', message: 'use a sigla da UF, ex.: SP' });
  if (!/^\d{8}$/.test(out.zipCode))
    errors.push({ field: 'address.zipCode', message: 'CEP deve ter 8 dígitos' });
  return out;
}

/** One line for documents: "Rua X, 100 - Centro, São Paulo/SP, CEP 01000-000". */
export function formatAddress(address: CreditorAddress): string {
  if (typeof address === 'string') return address;
  const first = [address.street, address.number].filter(Boolean).join(', ');
  const withComplement = address.complement ? `${first}, ${address.complement}` : first;
  const district = address.district ? ` - ${address.district}` : '';
  const zip = `${address.zipCode.slice(0, 5)}-${address.zipCode.slice(5)}`;
  return `${withComplement}${district}, ${address.city}/${address.state}, CEP ${zip}`;
}
