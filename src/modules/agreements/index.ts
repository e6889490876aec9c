export { agreementRoutes } from './agreement.routes.ts';
export { type AgreementView, acceptOffer, getAgreement, getAgreementEvents } from './agreement.service.ts';
