export {
  dischargeLetter,
  installmentBoletoPdf,
  paymentReceipt,
  prepaymentBoletoPdf,
} from './documents.service.ts';
export { settlementRoutes } from './settlement.routes.ts';
export {
  paymentsOfAgreement,
  receiveCnab240,
  receivePixWebhook,
  withdrawFromAgreement,
} from './settlement.service.ts';
