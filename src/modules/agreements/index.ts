export { agreementLifecycleJob } from './agreement.jobs.ts';
export { agreementRoutes } from './agreement.routes.ts';
export {
  type AgreementView,
  acceptOffer,
  getAgreement,
  getAgreementEvents,
  getInstallment,
} from './agreement.service.ts';
export type { LifecycleEvent } from './lifecycle.rules.ts';
export { type LifecycleSummary, runAgreementLifecycle } from './lifecycle.service.ts';
export { applyInstallmentPayment, type InstallmentPaymentResult } from './payment.service.ts';
