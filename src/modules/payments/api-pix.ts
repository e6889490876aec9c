/**
 * The API Pix of Banco Central (bacen/pix-api, openapi.yaml v2.8.x) as Trato uses it: the formats
 * (patterns of the schemas), our port (`PixPsp`, what the rest of Trato calls), the shapes on the wire
 * (field names as in the spec) and the money conversions. The HTTP client is psp-client.ts; the
 * webhook parser is pix-webhook.rules.ts.
 *
 * Our code speaks integer centavos and ISO instants; the API speaks strings like "123.45" (pattern
 * `\d{1,10}\.\d{2}`) and RFC 3339 timestamps. Every conversion goes through `centsToValor` and
 * `valorToCents`, which parse the decimal string by hand: no float ever holds money.
 */

// ---------------------------------------------------------------------------------------------------
// Formats (API Pix schemas)
// ---------------------------------------------------------------------------------------------------

/** Schema `TxId` for charges: "[a-zA-Z0-9]{26,35}" (we, the recebedor, choose it). */
export const TXID_PATTERN = /^[a-zA-Z0-9]{26,35}$/;
/** Schema `Pix.txid`: "[a-zA-Z0-9]{1,35}" (a Pix may carry a txid that was not created by us). */
export const PIX_TXID_PATTERN = /^[a-zA-Z0-9]{1,35}$/;
/** Every monetary field of the API Pix: "\d{1,10}\.\d{2}" — point as decimal separator, no thousands. */
export const VALOR_PATTERN = /^\d{1,10}\.\d{2}$/;
/**
 * The schema `EndToEndId` only says "[a-zA-Z0-9]{32}"; the SPI message catalogue fixes its structure:
 * "E" + ISPB of the payer's participant (8 digits) + yyyyMMddHHmm (UTC) + 11 alphanumeric characters.
 * The date part is checked further by `endToEndIdProblem` (month 13 or 30 February match this regex).
 */
export const END_TO_END_ID_PATTERN = /^E\d{8}\d{12}[a-zA-Z0-9]{11}$/;
/** Schema `CobExpiracao.expiracao`: default 86400 seconds from `calendario.criacao`. */
export const DEFAULT_EXPIRATION_SECONDS = 86_400;
/** "9999999999.99": the largest amount the `\d{1,10}\.\d{2}` pattern can carry. */
export const MAX_AMOUNT_CENTS = 999_999_999_999;
/** Scopes of the OAuth2 `clientCredentials` flow that the cob endpoints need (`security: OAuth2`). */
export const DEFAULT_SCOPE = 'cob.write cob.read';

// ---------------------------------------------------------------------------------------------------
// Our side: the port the rest of Trato uses
// ---------------------------------------------------------------------------------------------------

/** Schema `CobrancaStatus`: the status of the charge *record* (not whether it expired). */
export type PixChargeStatus = 'ATIVA' | 'CONCLUIDA' | 'REMOVIDA_PELO_USUARIO_RECEBEDOR' | 'REMOVIDA_PELO_PSP';
export const PIX_CHARGE_STATUSES: readonly PixChargeStatus[] = [
  'ATIVA',
  'CONCLUIDA',
  'REMOVIDA_PELO_USUARIO_RECEBEDOR',
  'REMOVIDA_PELO_PSP',
];

export interface PixPayment {
  endToEndId: string;
  amountCents: number;
  /** ISO 8601 instant in UTC (`horario` normalized). */
  paidAt: string;
}

export interface PixCharge {
  txid: string;
  status: PixChargeStatus;
  amountCents: number;
  /** The recebedor's DICT key (`chave`). */
  key: string;
  /** URL without scheme, as it goes in tag 26.25 of the BR Code (e.g. "pix.example.com/qr/v2/…"). */
  location: string;
  /** The BR Code ("copia e cola"), when the PSP returns it. */
  pixCopiaECola?: string;
  /** ISO 8601 instant (`calendario.criacao`). */
  createdAt: string;
  /** `calendario.expiracao`: seconds after `createdAt` during which the charge can be paid. */
  expiresInSeconds?: number;
  /** `revisao`: starts at 0, +1 on each change made by the recebedor. */
  revision: number;
  pix?: PixPayment[];
}

export interface PixPayer {
  cpf?: string;
  cnpj?: string;
  name: string;
}

export interface CreateChargeInput {
  txid: string;
  amountCents: number;
  key: string;
  expiresInSeconds?: number;
  payer?: PixPayer;
  /** `solicitacaoPagador` (up to 140 characters, shown to the payer). */
  description?: string;
}

export interface PixPsp {
  createCharge(input: CreateChargeInput): Promise<PixCharge>;
  getCharge(txid: string): Promise<PixCharge>;
}

// ---------------------------------------------------------------------------------------------------
// Their side: the API Pix shapes we use (subset of the OpenAPI schemas, field names as in the spec)
// ---------------------------------------------------------------------------------------------------

/** Schema `Violacao`. */
export interface ApiPixViolacao {
  razao?: string;
  propriedade?: string;
  valor?: string;
}

/** Schema `Problema` (RFC 7807; `type` is "https://pix.bcb.gov.br/api/v2/error/<TipoErro>"). */
export interface ApiPixProblema {
  type: string;
  title: string;
  status: number;
  detail?: string;
  correlationId?: string;
  violacoes?: ApiPixViolacao[];
}

/** Schemas `PessoaFisica` / `PessoaJuridica` under `devedor`. */
export interface ApiDevedor {
  cpf?: string;
  cnpj?: string;
  nome: string;
}

/** Schema `CobSolicitada` (request body of `PUT /cob/{txid}`), without `loc` and `retirada`. */
export interface ApiCobSolicitada {
  calendario: { expiracao?: number };
  devedor?: ApiDevedor;
  valor: { original: string; modalidadeAlteracao?: 0 | 1 };
  chave: string;
  solicitacaoPagador?: string;
  infoAdicionais?: { nome: string; valor: string }[];
}

/** Schema `Pix` (a received Pix, in `CobCompleta.pix` and in the webhook body). */
export interface ApiPix {
  endToEndId: string;
  txid?: string;
  valor: string;
  horario: string;
  infoPagador?: string;
  chave?: string;
  devolucoes?: unknown[];
}

/** Schemas `CobGerada` / `CobCompleta` (responses of `PUT` / `GET /cob/{txid}`). */
export interface ApiCobCompleta {
  calendario: { criacao: string; expiracao: number };
  txid: string;
  revisao: number;
  loc?: { id: number; location: string; tipoCob: 'cob' | 'cobv'; criacao: string };
  location?: string;
  status: PixChargeStatus;
  devedor?: ApiDevedor;
  valor: { original: string; modalidadeAlteracao?: 0 | 1 };
  chave: string;
  solicitacaoPagador?: string;
  infoAdicionais?: { nome: string; valor: string }[];
  pixCopiaECola?: string;
  pix?: ApiPix[];
}

/** Request body `WebhookPixBody` of the callback `POST {webhookUrl}/pix`. */
export interface ApiPixWebhookBody {
  pix: ApiPix[];
}

// ---------------------------------------------------------------------------------------------------
// Money
// ---------------------------------------------------------------------------------------------------

/** 12345 -> "123.45". Throws on anything that is not a non-negative safe integer. */
export function centsToValor(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) {
    throw new RangeError(`valor em centavos inválido: ${cents} (esperado inteiro não negativo)`);
  }
  const centavos = cents % 100;
  // (cents - centavos) is a multiple of 100, so the division is exact even for large amounts.
  return `${(cents - centavos) / 100}.${String(centavos).padStart(2, '0')}`;
}

/** "123.45" -> 12345; null unless the string matches the API Pix pattern `\d{1,10}\.\d{2}`. */
export function valorToCents(valor: string): number | null {
  if (!VALOR_PATTERN.test(valor)) return null;
  const [reais, centavos] = valor.split('.') as [string, string];
  // At most 10 + 2 digits: below 2^53, so the integer arithmetic is exact.
  return Number(reais) * 100 + Number(centavos);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
