export { agreementLifecycleJob } from './agreement.jobs.ts';
export { agreementRoutes } from './agreement.routes.ts';
export { type AgreementView, acceptOffer, getAgreement, getAgreementEvents } from './agreement.service.ts';
export { type LifecycleSummary, runAgreementLifecycle } from './lifecycle.service.ts';
