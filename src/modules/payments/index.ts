export {
  type ApiCobCompleta,
  type ApiPix,
  type ApiPixViolacao,
  centsToValor,
  DEFAULT_EXPIRATION_SECONDS,
  MAX_AMOUNT_CENTS,
  type PixCharge,
  TXID_PATTERN,
  VALOR_PATTERN,
  valorToCents,
} from './api-pix.ts';
export { formatLinhaDigitavel, type ParsedBoleto, parseBoleto } from './boleto.rules.ts';
export { type BoletoBankSettings, bankName, parseCampoLivre } from './boleto-banks.rules.ts';
export { type BoletoSlip, renderBoletoPdf } from './boleto-pdf.ts';
export {
  type BrCodeDecodeResult,
  buildDynamicBrCode,
  buildStaticBrCode,
  type DecodedBrCode,
  decodeBrCode,
  MAX_CITY_LENGTH,
  MAX_RECEIVER_NAME_LENGTH,
  normalizePixText,
  txidForInstallment,
} from './brcode.rules.ts';
export {
  type CnabEntry,
  type CnabError,
  type CnabReturnFile,
  parseCnab240Return,
} from './cnab240.rules.ts';
export { interleaved2of5, itfBars } from './itf.rules.ts';
export { type PspChargesPayload, pspChargesJob } from './payments.jobs.ts';
export { paymentsRoutes } from './payments.routes.ts';
export {
  type ChargeView,
  chargeViews,
  completeCharges,
  findChargeByTxid,
  findChargeForReturn,
  getPaymentSettings,
  issueCharges,
  issuePrepaymentCharge,
  loadPaymentSettings,
  type PaymentSettingsView,
  prepaymentChargeViews,
  putPaymentSettings,
  registerPspCharges,
  setPixWebhookSecret,
  tenantsForWebhookSecret,
  voidUnpaidCharge,
} from './payments.service.ts';
export { parsePixKey } from './pix-key.rules.ts';
export { pixQrPng, pixQrSvg } from './pix-qr.ts';
export {
  endToEndIdProblem,
  type PixWebhookEntry,
  parsePixWebhook,
  pixItemCount,
  webhookBody,
} from './pix-webhook.rules.ts';
export { ApiPixClient, cobToPixCharge } from './psp-client.ts';
