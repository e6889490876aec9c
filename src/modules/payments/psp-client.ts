import {
  type ApiCobCompleta,
  type ApiCobSolicitada,
  type ApiDevedor,
  type ApiPixViolacao,
  type CreateChargeInput,
  centsToValor,
  DEFAULT_EXPIRATION_SECONDS,
  DEFAULT_SCOPE,
  isRecord,
  PIX_CHARGE_STATUSES,
  type PixCharge,
  type PixChargeStatus,
  type PixPsp,
  TXID_PATTERN,
  valorToCents,
} from './api-pix.ts';
import { type PixWebhookError, parsePixList, rfc3339ToIso } from './pix-webhook.rules.ts';

/**
 * Pix PSP adapter shaped like Banco Central's "API Pix": the immediate-charge subset (`PUT /cob/{txid}`,
 * `GET /cob/{txid}`) behind OAuth2 client credentials. Formats and shapes are in api-pix.ts.
 *
 * mTLS, which real PSPs require, is the caller's concern: pass a `fetch` bound to an agent with the
 * client certificate.
 */

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
  if (
    typeof calendario.expiracao === 'number' &&
    Number.isInteger(calendario.expiracao) &&
    calendario.expiracao > 0
  ) {
    charge.expiresInSeconds = calendario.expiracao;
  }
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
// Helpers
// ---------------------------------------------------------------------------------------------------

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
