export { agreementLifecycleJob } from './agreement.jobs.ts';
export { agreementRoutes } from './agreement.routes.ts';
export {
  type AgreementStatus,
  AgreementStatusSchema,
  type InstallmentStatus,
  InstallmentStatusSchema,
} from './agreement.schemas.ts';
export {
  type AgreementView,
  acceptOffer,
  changeInstallmentDueDate,
  getAgreement,
  getAgreementEvents,
  getInstallment,
  listAgreementsOfDebtor,
} from './agreement.service.ts';
export {
  type AgreementOrigin,
  type CancellationCheck,
  cancellationRight,
  WITHDRAWAL_DAYS,
} from './cancellation.rules.ts';
export {
  type CancellationResult,
  cancelAgreementInTransaction,
  getPayoff,
  type PayoffView,
} from './early.service.ts';
export type { LifecycleEvent } from './lifecycle.rules.ts';
export { type LifecycleSummary, runAgreementLifecycle } from './lifecycle.service.ts';
export { applyInstallmentPayment, type InstallmentPaymentResult } from './payment.service.ts';
export { type PayoffQuote, payoffQuote, prepaymentOptions, prepaymentQuote } from './payoff.rules.ts';
export {
  applyPayoffPayment,
  applyPrepaymentPayment,
  createPrepayment,
  listPrepayments,
  type PrepaymentPaymentResult,
  type PrepaymentView,
} from './prepayment.service.ts';
export { agreementTerm } from './term.service.ts';
