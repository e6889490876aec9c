import { addYearsCivil, formatDatePtBr, type IsoDate } from '../../platform/dates.ts';
import { type ProductType, parseProductType } from '../portfolio/index.ts';

export { PRODUCT_TYPES, type ProductType, parseProductType } from '../portfolio/index.ts';

/**
 * Prescription: ONE rule, used by the balance, offers and contact (through the balance module's index).
 * The term depends on what the debt is (Código Civil art. 206), starts at the due date, ends on the same
 * day number years later (CC art. 132 §3), and is interrupted once by an acknowledgment — an accepted
 * agreement, a partial payment — restarting from that act (CC art. 202 caput, VI and sole paragraph).
 */
export const PRESCRIPTION_TERMS: Record<ProductType, { years: number; basis: string; label: string }> = {
  written_instrument: {
    years: 5,
    basis: 'Código Civil art. 206 §5º I (dívida líquida em instrumento público ou particular)',
    label: 'dívida líquida em contrato escrito',
  },
  loan: {
    years: 5,
    basis: 'Código Civil art. 206 §5º I (dívida líquida em instrumento público ou particular)',
    label: 'empréstimo ou financiamento',
  },
  credit_card_revolving: {
    years: 5,
    basis: 'Código Civil art. 206 §5º I (dívida líquida em instrumento público ou particular)',
    label: 'cartão de crédito (rotativo)',
  },
  credit_card_installment: {
    years: 5,
    basis: 'Código Civil art. 206 §5º I (dívida líquida em instrumento público ou particular)',
    label: 'cartão de crédito (parcelamento)',
  },
  rent: { years: 3, basis: 'Código Civil art. 206 §3º I (aluguéis)', label: 'aluguel' },
  lodging_food: {
    years: 1,
    basis: 'Código Civil art. 206 §1º I (hospedagem e alimentação fornecidas no próprio estabelecimento)',
    label: 'hospedagem ou alimentação',
  },
  professional_fees: {
    years: 5,
    basis: 'Código Civil art. 206 §5º II (honorários de profissionais liberais)',
    label: 'honorários de profissional liberal',
  },
};

export interface PrescriptionStatus {
  startedOn: IsoDate;
  years: number;
  basis: string;
  /** The acknowledgment that interrupted it (only one counts, and only one made before it ran out). */
  interruptedOn: IsoDate | null;
  /** Last day the debt may be collected. */
  endsOn: IsoDate;
  prescribed: boolean;
  /** pt-BR explanation. */
  rule: string;
}

export function prescriptionOf(input: {
  dueDate: IsoDate;
  /** null = not told: the general term of a liquid debt in a written instrument (5 years). */
  productType: ProductType | null;
  interruptedOn: IsoDate | null;
  date: IsoDate;
}): PrescriptionStatus {
  const term = PRESCRIPTION_TERMS[input.productType ?? 'written_instrument'];
  const startedOn = input.dueDate;
  const originalEnd = addYearsCivil(startedOn, term.years);
  // An acknowledgment after the term ran out does not interrupt anything: it may at most be a waiver
  // (CC art. 191), which an agreement states on its own.
  const i = input.interruptedOn;
  const interruptedOn = i !== null && i >= startedOn && i <= originalEnd ? i : null;
  const endsOn = interruptedOn ? addYearsCivil(interruptedOn, term.years) : originalEnd;
  const prescribed = input.date > endsOn;
  let rule = `Prazo de ${term.years} ano(s) (${term.label}; ${term.basis}), contado do vencimento em ${formatDatePtBr(startedOn)}`;
  rule += interruptedOn
    ? `, interrompido uma vez em ${formatDatePtBr(interruptedOn)} por reconhecimento da dívida e recontado dali (Código Civil art. 202 VI e parágrafo único)`
    : '';
  rule += prescribed
    ? `: terminou em ${formatDatePtBr(endsOn)}. A dívida está prescrita e não pode ser cobrada.`
    : `: termina em ${formatDatePtBr(endsOn)}.`;
  return { startedOn, years: term.years, basis: term.basis, interruptedOn, endsOn, prescribed, rule };
}

/** Shorthand for callers that hold debt rows: is this debt prescribed on `date`? */
export function isPrescribed(
  debt: { due_date: IsoDate; product_type?: string | null; prescription_interrupted_on?: IsoDate | null },
  date: IsoDate,
): boolean {
  return prescriptionOf({
    dueDate: debt.due_date,
    productType: debt.product_type ? parseProductType(debt.product_type) : null,
    interruptedOn: debt.prescription_interrupted_on ?? null,
    date,
  }).prescribed;
}
