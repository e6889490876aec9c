export { settlementRoutes } from './settlement.routes.ts';
export { receiveCnab240, receivePixWebhook, withdrawFromAgreement } from './settlement.service.ts';
