import { literals } from '../../platform/http-schemas.ts';
import { AGREEMENT_ORIGINS } from './cancellation.rules.ts';

/**
 * The enumerations an agreement answers with, one schema each: the staff routes and the portal use the
 * same one, and the service types are derived from the same values (the document and the code cannot
 * drift apart).
 */
export const AGREEMENT_STATUSES = ['active', 'paid', 'broken', 'renegotiated', 'cancelled'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];
export const AgreementStatusSchema = literals(AGREEMENT_STATUSES);

export const INSTALLMENT_STATUSES = ['pending', 'late', 'paid'] as const;
export type InstallmentStatus = (typeof INSTALLMENT_STATUSES)[number];
export const InstallmentStatusSchema = literals(INSTALLMENT_STATUSES);

export const AgreementOriginSchema = literals(AGREEMENT_ORIGINS, {
  description: 'online | phone | in_person (CDC art. 49: online e por telefone, 7 dias para desistir)',
});
