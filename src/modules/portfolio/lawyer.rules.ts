import { parseUf } from '../../platform/br-fields.ts';
import { type IsoDate, isIsoDate } from '../../platform/dates.ts';
import type { FieldError } from '../../platform/errors.ts';

/**
 * The lawyer acting on a debt. Collection fees (honorários) are charged only from the day a lawyer is
 * assigned (STJ REsp 1.274.629/AP, the stricter reading this product follows; docs/legal.md).
 */
export interface LawyerInput {
  name: string;
  oab: string;
  assignedOn: string;
}

export interface ValidLawyer {
  name: string;
  /** "SP 123456": the Seccional's UF and the registration number. */
  oab: string;
  assignedOn: IsoDate;
}

/** OAB numbers: "SP 123456", "OAB/SP 123.456", "123456/SP", "123.456-A/RJ" (suplementar letters kept). */
export function parseOab(raw: string): string | null {
  const s = raw
    .trim()
    .toUpperCase()
    .replace(/^OAB\s*[/-]?\s*/, '');
  let m = /^([A-Z]{2})\s*[-/ ]?\s*(\d{1,3}(?:\.?\d{3})?)(?:-?([A-Z]))?$/.exec(s);
  let uf: string | undefined;
  let number: string | undefined;
  let suffix: string | undefined;
  if (m) [, uf, number, suffix] = m;
  else {
    m = /^(\d{1,3}(?:\.?\d{3})?)(?:-?([A-Z]))?\s*\/\s*([A-Z]{2})$/.exec(s);
    if (!m) return null;
    [, number, suffix, uf] = m;
  }
  if (!uf || !number || !parseUf(uf).ok) return null;
  return `${uf} ${number.replace('.', '')}${suffix ?? ''}`;
}

export function validateLawyer(
  input: LawyerInput,
): { ok: true; value: ValidLawyer } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (name.length < 3) errors.push({ field: 'name', message: 'informe o nome do advogado' });
  const oab = parseOab(input.oab);
  if (!oab)
    errors.push({ field: 'oab', message: 'inscrição na OAB inválida: use UF e número, ex.: SP 123456' });
  if (!isIsoDate(input.assignedOn))
    errors.push({ field: 'assignedOn', message: 'data inválida: use AAAA-MM-DD' });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { name, oab: oab!, assignedOn: input.assignedOn } };
}
