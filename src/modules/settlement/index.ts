export { settlementRoutes } from './settlement.routes.ts';
export { receiveCnab240, receivePixWebhook } from './settlement.service.ts';
