/**
 * Pix PSP adapter shaped like Banco Central's "API Pix" (bacen/pix-api, openapi.yaml v2.8.x): the
 * immediate-charge subset (`PUT /cob/{txid}`, `GET /cob/{txid}`) behind OAuth2 client credentials, plus
 * the parser of the Pix webhook callback (`POST {webhookUrl}/pix`, body `WebhookPixBody`).
 *
 * Our code speaks integer centavos and ISO instants; the API speaks strings like "123.45" (pattern
 * `\d{1,10}\.\d{2}`) and RFC 3339 timestamps. Every conversion goes through `centsToValor` and
 * `valorToCents`, which parse the decimal string by hand: no float ever holds money.
 *
 * mTLS, which real PSPs require, is the caller's concern: pass a `fetch` bound to an agent with the
 * client certificate.
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

// ---------------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------------

export type PspOperation = 'token' | 'createCharge' | 'getCharge';

export interface PspErrorInit {
  operation: PspOperation;
  status: number;
  type?: string | undefined;
  title?: string | undefined;
  detail?: string | undefined;
  violacoes?: ApiPixViolacao[] | undefined;
  retryable?: boolean | undefined;
  cause?: unknown;
}

/**
 * A failed PSP call. `status` is the HTTP status, or 0 when there was no usable response (network
 * failure, timeout, or a request refused locally before being sent). `type`/`title`/`detail`/
 * `violacoes` are the API Pix problem fields (for the OAuth2 token endpoint, `type` is the RFC 6749
 * `error` code and `detail` its `error_description`). `message` is pt-BR, for people.
 */
export class PspError extends Error {
  override readonly name = 'PspError';
  readonly operation: PspOperation;
  readonly status: number;
  readonly type: string | undefined;
  readonly title: string | undefined;
  readonly detail: string | undefined;
  readonly violacoes: ApiPixViolacao[];
  /** Worth trying again later (5xx, 429, 408, network); a 4xx will fail the same way again. */
  readonly retryable: boolean;

  constructor(message: string, init: PspErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.operation = init.operation;
    this.status = init.status;
    this.type = init.type;
    this.title = init.title;
    this.detail = init.detail;
    this.violacoes = init.violacoes ?? [];
    this.retryable = init.retryable ?? isRetryableStatus(init.status);
  }
}

function isRetryableStatus(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

// ---------------------------------------------------------------------------------------------------
// Client
// ---------------------------------------------------------------------------------------------------

export interface ApiPixClientOptions {
  /** e.g. "https://pix.example.com/api"; `/v2/cob/{txid}` and `/oauth/token` are appended. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  fetch?: typeof fetch;
  /** Token endpoint when the PSP serves it elsewhere; default `{baseUrl}/oauth/token`. */
  tokenUrl?: string;
  /** Space-separated OAuth2 scopes; default "cob.write cob.read". */
  scope?: string;
  /** Per-request timeout; default 10 s. */
  timeoutMs?: number;
  /** Epoch milliseconds, for the token cache (tests move it). */
  now?: () => number;
}

interface CachedToken {
  value: string;
  /** Epoch ms after which the token is no longer used (a margin before the real expiry). */
  refreshAt: number;
}

interface HttpResult {
  status: number;
  payload: unknown;
}

export class ApiPixClient implements PixPsp {
  readonly #baseUrl: string;
  readonly #tokenUrl: string;
  readonly #clientId: string;
  readonly #clientSecret: string;
  readonly #scope: string;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;
  readonly #now: () => number;
  #token: CachedToken | null = null;
  /** One token request at a time: concurrent calls wait for the same response. */
  #pendingToken: Promise<CachedToken> | null = null;

  constructor(options: ApiPixClientOptions) {
    this.#baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#tokenUrl = options.tokenUrl ?? `${this.#baseUrl}/oauth/token`;
    this.#clientId = options.clientId;
    this.#clientSecret = options.clientSecret;
    this.#scope = options.scope ?? DEFAULT_SCOPE;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#now = options.now ?? Date.now;
  }

  async createCharge(input: CreateChargeInput): Promise<PixCharge> {
    assertTxid(input.txid, 'createCharge');
    const body = cobRequestBody(input);
    const result = await this.#call('createCharge', 'PUT', `/v2/cob/${input.txid}`, body);
    return chargeFromResponse('createCharge', result);
  }

  async getCharge(txid: string): Promise<PixCharge> {
    assertTxid(txid, 'getCharge');
    const result = await this.#call('getCharge', 'GET', `/v2/cob/${txid}`, undefined);
    return chargeFromResponse('getCharge', result);
  }

  /** Calls a protected route; on 401 the cached token is dropped and the call is tried once more. */
  async #call(
    operation: 'createCharge' | 'getCharge',
    method: 'GET' | 'PUT',
    path: string,
    body: unknown,
  ): Promise<HttpResult> {
    for (let attempt = 1; ; attempt++) {
      const token = await this.#accessToken();
      const headers: Record<string, string> = {
        authorization: `Bearer ${token.value}`,
        accept: 'application/json',
      };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const result = await this.#send(operation, `${this.#baseUrl}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      // A 401 with a token we believed valid: it was revoked or the PSP restarted. Only a fresh
      // token tells a bad token apart from missing permissions, so ask for one once.
      if (result.status === 401 && attempt === 1) {
        if (this.#token === token) this.#token = null;
        continue;
      }
      if (result.status < 200 || result.status > 299) throw problemError(operation, result, path);
      return result;
    }
  }

  async #accessToken(): Promise<CachedToken> {
    const cached = this.#token;
    if (cached && this.#now() < cached.refreshAt) return cached;
    if (!this.#pendingToken) {
      this.#pendingToken = this.#requestToken().finally(() => {
        this.#pendingToken = null;
      });
    }
    const token = await this.#pendingToken;
    this.#token = token;
    return token;
  }

  /** RFC 6749 §4.4: client credentials, client authenticated with HTTP Basic (§2.3.1). */
  async #requestToken(): Promise<CachedToken> {
    const basic = Buffer.from(`${this.#clientId}:${this.#clientSecret}`, 'utf8').toString('base64');
    const startedAt = this.#now();
    const result = await this.#send('token', this.#tokenUrl, {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: this.#scope }).toString(),
    });
    if (result.status < 200 || result.status > 299) throw oauthError(result);
    const payload = result.payload;
    if (!isRecord(payload) || typeof payload.access_token !== 'string' || payload.access_token === '') {
      throw unexpectedResponse('token', result.status, 'o token de acesso não veio em "access_token"');
    }
    if (typeof payload.token_type === 'string' && payload.token_type.toLowerCase() !== 'bearer') {
      throw unexpectedResponse('token', result.status, `tipo de token "${payload.token_type}" não suportado`);
    }
    // expires_in is only RECOMMENDED (RFC 6749 §5.1): without it, keep the token for a minute.
    const ttl = typeof payload.expires_in === 'number' && payload.expires_in > 0 ? payload.expires_in : 60;
    // Renew shortly before expiry (10% of the lifetime, at most a minute) so a request never leaves
    // with a token that dies in flight.
    const margin = Math.min(60, ttl / 10);
    return { value: payload.access_token, refreshAt: startedAt + (ttl - margin) * 1000 };
  }

  async #send(operation: PspOperation, url: string, init: RequestInit): Promise<HttpResult> {
    let response: Response;
    try {
      response = await this.#fetch(url, { ...init, signal: AbortSignal.timeout(this.#timeoutMs) });
    } catch (error) {
      const timedOut =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      const message = timedOut
        ? `O PSP não respondeu em ${this.#timeoutMs / 1000} s.`
        : `Falha de comunicação com o PSP: ${describeCause(error)}.`;
      throw new PspError(message, { operation, status: 0, retryable: true, cause: error });
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new PspError(`Falha ao ler a resposta do PSP: ${describeCause(error)}.`, {
        operation,
        status: response.status,
        retryable: true,
        cause: error,
      });
    }
    return { status: response.status, payload: parseJsonOrText(text) };
  }
}

function assertTxid(txid: string, operation: PspOperation): void {
  if (typeof txid === 'string' && TXID_PATTERN.test(txid)) return;
  const length = typeof txid === 'string' ? txid.length : 0;
  const razao = `O txid deve ter de 26 a 35 letras ou dígitos, sem outros caracteres (recebido: ${length}).`;
  throw new PspError(`txid inválido: ${razao}`, {
    operation,
    status: 0,
    retryable: false,
    title: 'Requisição inválida',
    violacoes: [{ razao, propriedade: 'txid', valor: String(txid) }],
  });
}

/**
 * Builds `CobSolicitada`. Only what cannot be represented is refused here (a non-integer or negative
 * amount has no "\d{1,10}\.\d{2}" form); the rest (zero, too large, key format, CPF digits) is the
 * PSP's call, and its violations come back in the PspError.
 */
function cobRequestBody(input: CreateChargeInput): ApiCobSolicitada {
  let original: string;
  try {
    original = centsToValor(input.amountCents);
  } catch {
    const razao = `O valor deve ser um número inteiro e não negativo de centavos (recebido: ${input.amountCents}).`;
    throw new PspError(`Valor da cobrança inválido: ${razao}`, {
      operation: 'createCharge',
      status: 0,
      retryable: false,
      title: 'Requisição inválida',
      violacoes: [{ razao, propriedade: 'cob.valor.original', valor: String(input.amountCents) }],
    });
  }
  const body: ApiCobSolicitada = {
    calendario: { expiracao: input.expiresInSeconds ?? DEFAULT_EXPIRATION_SECONDS },
    valor: { original },
    chave: input.key,
  };
  if (input.payer) {
    const devedor: ApiDevedor = { nome: input.payer.name };
    if (input.payer.cpf !== undefined) devedor.cpf = input.payer.cpf;
    if (input.payer.cnpj !== undefined) devedor.cnpj = input.payer.cnpj;
    body.devedor = devedor;
  }
  if (input.description !== undefined) body.solicitacaoPagador = input.description;
  return body;
}

function chargeFromResponse(operation: 'createCharge' | 'getCharge', result: HttpResult): PixCharge {
  const parsed = parseCob(result.payload);
  if (!parsed.ok) throw unexpectedResponse(operation, result.status, parsed.error);
  return parsed.value;
}

/**
 * `CobGerada`/`CobCompleta` -> PixCharge, checking what we rely on. An unknown `status` is refused
 * rather than guessed: the spec allows new enum values, and a charge we cannot classify must not be
 * taken as paid or as open.
 */
export function parseCob(payload: unknown): { ok: true; value: PixCharge } | { ok: false; error: string } {
  const fail = (error: string) => ({ ok: false as const, error });
  if (!isRecord(payload)) return fail('o corpo não é um objeto JSON');
  const { txid, status, revisao, chave, calendario, valor } = payload;
  if (typeof txid !== 'string' || !TXID_PATTERN.test(txid)) return fail('"txid" ausente ou inválido');
  if (typeof status !== 'string' || !(PIX_CHARGE_STATUSES as readonly string[]).includes(status)) {
    return fail(`"status" desconhecido: ${JSON.stringify(status)}`);
  }
  if (typeof revisao !== 'number' || !Number.isInteger(revisao) || revisao < 0) {
    return fail('"revisao" ausente ou inválida');
  }
  if (typeof chave !== 'string' || chave === '') return fail('"chave" ausente');
  if (!isRecord(valor) || typeof valor.original !== 'string') return fail('"valor.original" ausente');
  const amountCents = valorToCents(valor.original);
  if (amountCents === null) return fail(`"valor.original" fora do padrão: ${JSON.stringify(valor.original)}`);
  if (!isRecord(calendario) || typeof calendario.criacao !== 'string')
    return fail('"calendario.criacao" ausente');
  const createdAt = rfc3339ToIso(calendario.criacao);
  if (createdAt === null) return fail(`"calendario.criacao" não é RFC 3339: ${calendario.criacao}`);
  const loc = isRecord(payload.loc) ? payload.loc : undefined;
  const rawLocation =
    typeof payload.location === 'string'
      ? payload.location
      : typeof loc?.location === 'string'
        ? loc.location
        : '';
  // The BR Code carries the location without scheme (tag 26.25); some PSPs return it with one.
  const location = rawLocation.replace(/^https?:\/\//i, '');
  if (location === '') return fail('a cobrança não tem "location"');
  const charge: PixCharge = {
    txid,
    status: status as PixChargeStatus,
    amountCents,
    key: chave,
    location,
    createdAt,
    revision: revisao,
  };
  if (typeof payload.pixCopiaECola === 'string' && payload.pixCopiaECola !== '') {
    charge.pixCopiaECola = payload.pixCopiaECola;
  }
  if (payload.pix !== undefined) {
    const errors: PixWebhookError[] = [];
    const payments = parsePixList(payload.pix, 'pix', errors);
    const first = errors[0];
    if (first) return fail(`${first.path}: ${first.message}`);
    if (payments.length > 0) {
      charge.pix = payments.map((p) => ({
        endToEndId: p.endToEndId,
        amountCents: p.amountCents,
        paidAt: p.paidAt,
      }));
    }
  }
  return { ok: true, value: charge };
}

/** Typed mapping for code that already holds a well-formed `CobCompleta` (the simulator). */
export function cobToPixCharge(cob: ApiCobCompleta): PixCharge {
  const parsed = parseCob(cob);
  if (!parsed.ok) throw new Error(`cobrança malformada: ${parsed.error}`);
  return parsed.value;
}

function problemError(operation: PspOperation, result: HttpResult, path: string): PspError {
  const p = isRecord(result.payload) ? result.payload : {};
  const violacoes = Array.isArray(p.violacoes)
    ? p.violacoes.filter(isRecord).map((v) => {
        const out: ApiPixViolacao = {};
        if (typeof v.razao === 'string') out.razao = v.razao;
        if (typeof v.propriedade === 'string') out.propriedade = v.propriedade;
        if (typeof v.valor === 'string') out.valor = v.valor;
        return out;
      })
    : [];
  const type = typeof p.type === 'string' ? p.type : undefined;
  const title = typeof p.title === 'string' ? p.title : undefined;
  const detail = typeof p.detail === 'string' ? p.detail : undefined;
  const status = result.status;
  const reasons = violacoes.map((v) => v.razao ?? v.propriedade).filter((r): r is string => !!r);
  const explained = reasons.length > 0 ? reasons.join('; ') : (detail ?? title ?? 'sem detalhes');
  let message: string;
  if (status === 400 || status === 422) message = `O PSP recusou a requisição (HTTP ${status}): ${explained}`;
  else if (status === 401) message = 'O PSP recusou o token de acesso (HTTP 401), mesmo após renová-lo.';
  else if (status === 403) message = `Acesso negado pelo PSP (HTTP 403): ${explained}`;
  else if (status === 404) {
    message = path.startsWith('/v2/cob/')
      ? `Cobrança não encontrada no PSP (txid ${path.slice('/v2/cob/'.length)}).`
      : `Recurso não encontrado no PSP (HTTP 404): ${explained}`;
  } else if (status === 429) message = 'O PSP limitou as requisições (HTTP 429); tente novamente mais tarde.';
  else if (status >= 500) message = `O PSP está indisponível no momento (HTTP ${status}); tente novamente.`;
  else message = `Resposta inesperada do PSP (HTTP ${status}): ${explained}`;
  return new PspError(message, { operation, status, type, title, detail, violacoes });
}

/** RFC 6749 §5.2 error response of the token endpoint: `{error, error_description?}`. */
function oauthError(result: HttpResult): PspError {
  const p = isRecord(result.payload) ? result.payload : {};
  const code = typeof p.error === 'string' ? p.error : undefined;
  const description = typeof p.error_description === 'string' ? p.error_description : undefined;
  let message: string;
  if (result.status === 401 || code === 'invalid_client') {
    message = 'O PSP recusou as credenciais (client_id/client_secret) ao emitir o token de acesso.';
  } else if (code === 'invalid_scope') {
    message = 'O PSP recusou os escopos pedidos ao emitir o token de acesso.';
  } else if (result.status === 429 || result.status >= 500) {
    message = `O PSP está indisponível para emitir o token de acesso (HTTP ${result.status}); tente novamente.`;
  } else {
    message = `O PSP não emitiu o token de acesso (HTTP ${result.status}${code ? `, ${code}` : ''}).`;
  }
  return new PspError(message, {
    operation: 'token',
    status: result.status,
    type: code,
    title: code,
    detail: description,
  });
}

function unexpectedResponse(operation: PspOperation, status: number, what: string): PspError {
  return new PspError(`Resposta inesperada do PSP: ${what}.`, { operation, status, retryable: false });
}

// ---------------------------------------------------------------------------------------------------
// Webhook (callback `POST {webhookUrl}/pix`)
// ---------------------------------------------------------------------------------------------------

export interface PixWebhookEntry {
  endToEndId: string;
  /** Null for a Pix without txid (static QR, manual transfer to the key). */
  txid: string | null;
  amountCents: number;
  /** `horario` as an ISO 8601 instant in UTC. */
  paidAt: string;
  /** `infoPagador`: free text typed by the payer. */
  payerInfo?: string;
}

export interface PixWebhookError {
  /** JSON path such as `pix[0].valor`; '' is the body itself. */
  path: string;
  message: string;
}

export type PixWebhookResult =
  | { ok: true; value: PixWebhookEntry[] }
  | { ok: false; errors: PixWebhookError[] };

/**
 * Validates a `WebhookPixBody` (`{"pix": [Pix, …]}`) and converts it. All errors are reported, each
 * with its path, so a PSP's support team can be told exactly what was wrong.
 *
 * - An empty `pix` array is accepted as a no-op: the schema sets no minimum, and answering 4xx would
 *   only make the PSP retry a notification that has nothing in it.
 * - Unknown fields are tolerated (the spec lists new response fields as a compatible change), and so
 *   is any `devolucoes` value: its content is not used here, and the spec's own example `pixWebhook1`
 *   sends it as an object, not as the array its schema says.
 * - The same `endToEndId` is notified again when a refund reaches a final status: consumers must
 *   treat the endToEndId as the idempotency key of a payment.
 */
export function parsePixWebhook(body: unknown): PixWebhookResult {
  const errors: PixWebhookError[] = [];
  if (!isRecord(body)) {
    errors.push({ path: '', message: 'O corpo da notificação deve ser um objeto JSON com a lista "pix".' });
    return { ok: false, errors };
  }
  if (body.pix === undefined || body.pix === null) {
    errors.push({ path: 'pix', message: 'Campo obrigatório ausente: a lista "pix" de Pix recebidos.' });
    return { ok: false, errors };
  }
  const value = parsePixList(body.pix, 'pix', errors);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}

function parsePixList(raw: unknown, path: string, errors: PixWebhookError[]): PixWebhookEntry[] {
  if (!Array.isArray(raw)) {
    errors.push({ path, message: 'Deve ser uma lista (array) de Pix recebidos.' });
    return [];
  }
  const out: PixWebhookEntry[] = [];
  raw.forEach((item, i) => {
    const entry = parsePixEntry(item, `${path}[${i}]`, errors);
    if (entry) out.push(entry);
  });
  return out;
}

function parsePixEntry(raw: unknown, path: string, errors: PixWebhookError[]): PixWebhookEntry | null {
  if (!isRecord(raw)) {
    errors.push({ path, message: 'Cada Pix deve ser um objeto com endToEndId, valor e horario.' });
    return null;
  }
  const before = errors.length;
  const err = (field: string, message: string) => errors.push({ path: `${path}.${field}`, message });

  // endToEndId (required)
  const e2e = raw.endToEndId;
  if (e2e === undefined || e2e === null) err('endToEndId', 'Campo obrigatório ausente.');
  else if (typeof e2e !== 'string') err('endToEndId', 'Deve ser texto de 32 caracteres.');
  else {
    const problem = endToEndIdProblem(e2e);
    if (problem) err('endToEndId', problem);
  }

  // txid (optional; schema Pix.txid "[a-zA-Z0-9]{1,35}")
  const txid = raw.txid;
  if (txid !== undefined && txid !== null) {
    if (typeof txid !== 'string') err('txid', 'Deve ser texto (de 1 a 35 letras ou dígitos).');
    else if (txid.length === 0 || txid.length > 35) {
      err('txid', `Deve ter de 1 a 35 caracteres (tem ${txid.length}).`);
    } else if (!PIX_TXID_PATTERN.test(txid)) err('txid', 'Deve conter apenas letras e dígitos.');
  }

  // valor (required)
  const valor = raw.valor;
  let amountCents: number | null = null;
  if (valor === undefined || valor === null) err('valor', 'Campo obrigatório ausente.');
  else if (typeof valor !== 'string') {
    err('valor', 'Deve ser texto no formato "123.45" (a API Pix envia valores como string, não número).');
  } else {
    const problem = valorProblem(valor);
    if (problem) err('valor', problem);
    else {
      amountCents = valorToCents(valor);
      if (amountCents === 0) err('valor', 'O valor de um Pix recebido deve ser maior que zero.');
    }
  }

  // horario (required, RFC 3339 date-time)
  const horario = raw.horario;
  let paidAt: string | null = null;
  if (horario === undefined || horario === null) err('horario', 'Campo obrigatório ausente.');
  else if (typeof horario !== 'string') err('horario', 'Deve ser texto com data e hora RFC 3339.');
  else {
    paidAt = rfc3339ToIso(horario);
    if (paidAt === null) err('horario', rfc3339Problem(horario));
  }

  // infoPagador and chave (optional)
  const info = raw.infoPagador;
  if (info !== undefined && info !== null) {
    if (typeof info !== 'string') err('infoPagador', 'Deve ser texto.');
    else if (info.length > 140) err('infoPagador', `Deve ter até 140 caracteres (tem ${info.length}).`);
  }
  const chave = raw.chave;
  if (chave !== undefined && chave !== null) {
    if (typeof chave !== 'string') err('chave', 'Deve ser texto.');
    else if (chave.length > 77) err('chave', `Deve ter até 77 caracteres (tem ${chave.length}).`);
  }

  if (errors.length > before || amountCents === null || paidAt === null) return null;
  const entry: PixWebhookEntry = {
    endToEndId: e2e as string,
    txid: typeof txid === 'string' ? txid : null,
    amountCents,
    paidAt,
  };
  if (typeof info === 'string' && info !== '') entry.payerInfo = info;
  return entry;
}

/** Why `value` is not an endToEndId of a payment, or null when it is one. */
export function endToEndIdProblem(value: string): string | null {
  if (value.length !== 32) return `Deve ter 32 caracteres (tem ${value.length}).`;
  if (value[0] === 'D') {
    return 'Começa com "D", que identifica uma devolução (rtrId), não um pagamento: deve começar com "E".';
  }
  if (value[0] !== 'E') return 'Deve começar com "E" (identificador fim a fim de um pagamento no SPI).';
  if (!/^\d{8}$/.test(value.slice(1, 9))) {
    return 'Os caracteres 2 a 9 devem ser o ISPB do participante do pagador (8 dígitos).';
  }
  if (!isValidUtcStamp(value.slice(9, 21))) {
    return 'Os caracteres 10 a 21 devem ser data e hora UTC válidas no formato AAAAMMDDHHmm.';
  }
  if (!/^[a-zA-Z0-9]{11}$/.test(value.slice(21)))
    return 'Os últimos 11 caracteres devem ser letras ou dígitos.';
  return null;
}

function isValidUtcStamp(stamp: string): boolean {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(stamp);
  if (!m) return false;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  return isValidDate(year, month, day) && hour <= 23 && minute <= 59;
}

/** Why `valor` does not match `\d{1,10}\.\d{2}`, in terms a person fixing the sender understands. */
function valorProblem(valor: string): string | null {
  if (VALOR_PATTERN.test(valor)) return null;
  if (valor.trim().startsWith('-')) return 'O valor não pode ser negativo.';
  if (valor.includes(',')) {
    return 'Use ponto como separador decimal e nenhum separador de milhar (ex.: "1234.56"), não vírgula.';
  }
  const m = /^(\d+)(?:\.(\d*))?$/.exec(valor);
  if (!m) return 'Deve estar no formato "123.45": dígitos, ponto e duas casas decimais.';
  const [, reais = '', decimals] = m;
  if (decimals === undefined) return 'Deve ter duas casas decimais após o ponto (ex.: "10.00").';
  if (decimals.length !== 2) {
    const hint = decimals.length === 3 ? '; não use ponto como separador de milhar' : '';
    return `Deve ter exatamente duas casas decimais (tem ${decimals.length})${hint}.`;
  }
  if (reais.length > 10) return `A parte inteira tem no máximo 10 dígitos (tem ${reais.length}).`;
  return 'Deve estar no formato "123.45": dígitos, ponto e duas casas decimais.';
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/;

/** RFC 3339 `date-time` (offset required) -> ISO instant in UTC; null when malformed or nonexistent. */
export function rfc3339ToIso(value: string): string | null {
  const m = RFC3339.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Date.parse rolls 2020-02-30 over to 1 March instead of failing: check the calendar ourselves.
  // Second 60 (leap second) is valid RFC 3339 but JavaScript cannot represent it.
  if (!isValidDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  if (m[9] !== undefined && (Number(m[10]) > 23 || Number(m[11]) > 59)) return null;
  const ms = Date.parse(value.toUpperCase());
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function rfc3339Problem(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(value)) {
    return 'Falta o fuso horário: use "Z" ou um deslocamento como "-03:00" (RFC 3339).';
  }
  if (RFC3339.test(value)) return 'Data ou hora inexistente.';
  return 'Deve ser data e hora RFC 3339 com fuso (ex.: "2020-09-09T20:15:00.358Z").';
}

function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

export interface PixWebhookEntryInput {
  endToEndId: string;
  txid?: string | null;
  amountCents: number;
  paidAt: string | Date;
  payerInfo?: string;
  key?: string;
}

/** Builds a `WebhookPixBody` from our types (the simulator sends these; tests feed them back). */
export function webhookBody(entries: readonly PixWebhookEntryInput[]): ApiPixWebhookBody {
  return {
    pix: entries.map((e) => {
      const pix: ApiPix = {
        endToEndId: e.endToEndId,
        valor: centsToValor(e.amountCents),
        horario: (e.paidAt instanceof Date ? e.paidAt : new Date(e.paidAt)).toISOString(),
      };
      if (e.txid !== undefined && e.txid !== null) pix.txid = e.txid;
      if (e.payerInfo !== undefined) pix.infoPagador = e.payerInfo;
      if (e.key !== undefined) pix.chave = e.key;
      return pix;
    }),
  };
}

// ---------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJsonOrText(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function describeCause(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    const code = cause instanceof Error && 'code' in cause ? String((cause as { code: unknown }).code) : '';
    return code ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
