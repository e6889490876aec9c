import { classifyDocument } from '../../platform/br-documents.ts';
import type { FieldError } from '../../platform/errors.ts';
import type { CreditorInput } from './creditor.schemas.ts';

export type CorrectionIndex = 'none' | 'IPCA' | 'INPC' | 'IGPM';
const CORRECTION_INDEXES: Record<string, CorrectionIndex> = {
  NONE: 'none',
  IPCA: 'IPCA',
  INPC: 'INPC',
  IGPM: 'IGPM',
  'IGP-M': 'IGPM',
};

/**
 * Contract terms a creditor's debts inherit unless a debt line sets its own. A percent is "agreed X%"
 * or null, "not agreed": no fine (Código Civil arts. 408-409); interest at the taxa legal (CC art. 406).
 */
export interface ContractTerms {
  finePercent: string | null;
  /** Moratory interest a month, at most 1% (STJ Súmula 379). */
  monthlyInterestPercent: string | null;
  /** Remuneratory interest after default, financial institutions only (Res. CMN 4.882/2020). */
  remuneratoryInterestPercent: string | null;
  /** 'none' = the creditor waives correction (without an agreed index the law applies IPCA, CC art. 389). */
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

export interface ValidCreditor {
  name: string;
  document: string;
  address: CreditorAddress;
  terms: ContractTerms;
}

/**
 * Defaults are what the law applies when the contract is silent: no fine (CC arts. 408-409), interest at
 * the taxa legal (CC art. 406, Lei 14.905/2024: `monthlyInterestPercent` null), correction by IPCA (CC art.
 * 389 sole paragraph). Fees are off unless the contract provides for them.
 */
export const DEFAULT_TERMS: ContractTerms = {
  finePercent: null,
  monthlyInterestPercent: null,
  remuneratoryInterestPercent: null,
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
  // CDC art. 42-A asks for the creditor's CPF or CNPJ: a person (a landlord, a lender outside the
  // financial system) can be a creditor too.
  if (!doc.ok) errors.push({ field: 'document', message: doc.message });
  else document = doc.value;

  const address = normalizeAddress(input.address, errors);
  const terms = { ...DEFAULT_TERMS };
  const t = input.terms ?? {};
  for (const key of ['finePercent', 'monthlyInterestPercent', 'remuneratoryInterestPercent'] as const) {
    const v = t[key];
    if (v === undefined || v === null) continue; // null: not agreed
    if (!Number.isFinite(v) || v < 0 || v > 100)
      errors.push({ field: `terms.${key}`, message: 'percentual deve estar entre 0 e 100' });
    else terms[key] = String(v);
  }
  if (t.feesPercent !== undefined) {
    const v = t.feesPercent;
    if (!Number.isFinite(v) || v < 0 || v > 100)
      errors.push({ field: 'terms.feesPercent', message: 'percentual deve estar entre 0 e 100' });
    else terms.feesPercent = String(v);
  }
  if (t.correctionIndex !== undefined) {
    const idx = CORRECTION_INDEXES[t.correctionIndex.trim().toUpperCase()];
    if (idx) terms.correctionIndex = idx;
    else
      errors.push({
        field: 'terms.correctionIndex',
        message: 'use "IPCA", "INPC", "IGPM" ou "none" (sem correção)',
      });
  }
  if (t.correctionWaived === true) terms.correctionIndex = 'none';
  else if (t.correctionWaived === false && terms.correctionIndex === 'none') {
    errors.push({
      field: 'terms.correctionWaived',
      message: 'correctionWaived false com correctionIndex "none" se contradizem: informe um índice',
    });
  }
  if (t.feesInContract !== undefined) terms.feesInContract = t.feesInContract;
  const fi = input.financialInstitution ?? t.financialInstitution;
  if (fi !== undefined) terms.financialInstitution = fi;
  if (terms.financialInstitution && doc.ok && doc.kind === 'cpf') {
    errors.push({
      field: 'terms.financialInstitution',
      message:
        'uma pessoa física (CPF) não é instituição financeira: só uma empresa autorizada pelo Banco Central é',
    });
  }
  // STJ Súmula 379 (and Decreto 22.626/1933 art. 1º): moratory interest is at most 1% a month, for banks
  // too. A bank's contract rate is remuneratory interest, charged on its own line.
  if (terms.monthlyInterestPercent !== null && Number(terms.monthlyInterestPercent) > 1) {
    errors.push({
      field: 'terms.monthlyInterestPercent',
      message: terms.financialInstitution
        ? 'juros de mora não passam de 1% ao mês, também para instituição financeira (STJ Súmula 379): informe a taxa do contrato em remuneratoryInterestPercent'
        : 'juros de mora não passam de 1% ao mês (Decreto 22.626/1933 art. 1º; Código Civil art. 406; STJ Súmula 379)',
    });
  }
  if (terms.remuneratoryInterestPercent !== null && !terms.financialInstitution) {
    errors.push({
      field: 'terms.remuneratoryInterestPercent',
      message:
        'juros remuneratórios após o atraso só para instituição financeira (Res. CMN 4.882/2020); fora do sistema financeiro, só juros de mora',
    });
  }
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
