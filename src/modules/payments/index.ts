export { formatLinhaDigitavel, type ParsedBoleto, parseBoleto } from './boleto.rules.ts';
export { type BoletoBankSettings, bankName, parseCampoLivre } from './boleto-banks.rules.ts';
export { type BrCodeDecodeResult, type DecodedBrCode, decodeBrCode } from './brcode.rules.ts';
export {
  buildCnab240Return,
  type CnabEntry,
  type CnabError,
  type CnabReturnFile,
  parseCnab240Return,
} from './cnab240.rules.ts';
export { interleaved2of5, itfBars } from './itf.rules.ts';
export { paymentsRoutes } from './payments.routes.ts';
export {
  type ChargeView,
  chargeViews,
  completeCharges,
  findChargeByTxid,
  findChargeForReturn,
  getPaymentSettings,
  issueCharges,
  loadPaymentSettings,
  type PaymentSettingsView,
  putPaymentSettings,
  registerPspCharges,
  setPixWebhookSecret,
  tenantForWebhookSecret,
  voidUnpaidCharge,
} from './payments.service.ts';
export { pixQrPng, pixQrSvg } from './pix-qr.ts';
export { ApiPixClient, type PixWebhookEntry, parsePixWebhook, webhookBody } from './psp-client.ts';
