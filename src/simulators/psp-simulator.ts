import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import {
  type ApiCobCompleta,
  type ApiPix,
  type ApiPixViolacao,
  buildDynamicBrCode,
  centsToValor,
  cobToPixCharge,
  DEFAULT_EXPIRATION_SECONDS,
  MAX_AMOUNT_CENTS,
  MAX_CITY_LENGTH,
  MAX_RECEIVER_NAME_LENGTH,
  normalizePixText,
  type PixCharge,
  parsePixKey,
  TXID_PATTERN,
  VALOR_PATTERN,
  valorToCents,
} from '../modules/payments/index.ts';
import { validateCnpj, validateCpf } from '../platform/br-documents.ts';

/**
 * A local PSP that implements the subset of Banco Central's API Pix (bacen/pix-api, openapi.yaml
 * v2.8.x) that Trato uses, for development, demos and tests:
 *
 * - `POST /oauth/token` — OAuth2 client credentials (RFC 6749 §4.4), client authenticated by HTTP Basic;
 * - `PUT|GET /v2/cob/{txid}` — immediate charges (`CobSolicitada` in, `CobGerada`/`CobCompleta` out),
 *   with the violations the spec lists under `CobOperacaoInvalida`;
 * - `PUT|GET|DELETE /v2/webhook/{chave}` — the Pix webhook per DICT key;
 * - simulator-only: `POST /sim/cob/{txid}/pay` (a payer pays: the charge becomes CONCLUIDA and the
 *   callback `POST {webhookUrl}/pix` is sent, retried with backoff), `GET /sim/deliveries`,
 *   `GET /sim/charges`.
 *
 * Everything lives in memory. Real PSPs also require mTLS; this one speaks plain HTTP on loopback.
 */

export interface PspSimulatorOptions {
  clientId: string;
  clientSecret: string;
  /** Sent as `X-Webhook-Secret` on every callback (real PSPs use mTLS; this stands in for it). */
  webhookSecret?: string;
  /** Prefix of the locations, without scheme; default 'pix.simulador.local/qr/v2'. */
  locationBase?: string;
  clock?: () => Date;
  /** Default 0 (an ephemeral port). */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Lifetime of access tokens; default 3600 s. */
  tokenTtlSeconds?: number;
  /** ISPB of the (fictitious) payer's participant in generated endToEndIds; default '99999999'. */
  payerIspb?: string;
  /** DICT keys of "this recebedor"; when given, charges and webhooks for other keys are refused. */
  keys?: string[];
  /** Tag 59 of the BR Code (at most 25 characters); default 'TRATO SIMULADOR'. */
  merchantName?: string;
  /** Tag 60 of the BR Code (at most 15 characters); default 'SAO PAULO'. */
  merchantCity?: string;
  webhookRetry?: {
    /** Attempts in total, the first included; default 4. */
    attempts?: number;
    /** Wait before the 2nd attempt; doubles after each failure. Default 250 ms. */
    backoffMs?: number;
    /** Per attempt; default 5 s. */
    timeoutMs?: number;
  };
}

export interface PayOptions {
  /** What the payer paid; default the charge's `valor.original`. */
  amountCents?: number;
  /**
   * Not part of the API Pix `Pix` schema: sent as the extension field `pagador: {nome}`, as several
   * PSPs do, so consumers are exercised against extra fields.
   */
  payerName?: string;
  /** `infoPagador`: the free text the payer typed (up to 140 characters). */
  payerInfo?: string;
}

export interface PayResult {
  endToEndId: string;
  /** True when some attempt got a 2xx. False too when no webhook was registered for the key. */
  delivered: boolean;
  /** HTTP status of the last attempt; 0 when nothing answered (or no webhook). */
  status: number;
}

export interface WebhookDelivery {
  txid: string;
  endToEndId: string;
  url: string;
  attempt: number;
  /** ISO instant (wall clock, not the simulated clock: these are real HTTP calls). */
  at: string;
  status: number;
  ok: boolean;
  error?: string;
}

export interface PspSimulator {
  app: FastifyInstance;
  /** e.g. 'http://127.0.0.1:40123' — the `baseUrl` for ApiPixClient. */
  url: string;
  close(): Promise<void>;
  /** Webhook used for keys that registered none through `PUT /v2/webhook/{chave}`. */
  setWebhook(url: string, headers?: Record<string, string>): void;
  pay(txid: string, opts?: PayOptions): Promise<PayResult>;
  charges(): PixCharge[];
  deliveries(): WebhookDelivery[];
  /** Invalidates every access token issued so far (as a PSP restart would). */
  revokeTokens(): void;
}

export const DEFAULT_LOCATION_BASE = 'pix.simulador.local/qr/v2';
export const DEFAULT_PSP_SIMULATOR_PORT = 8787;
/** Scopes this simulator knows (`components.securitySchemes.OAuth2`), granted when none is asked. */
export const SIMULATOR_SCOPES = ['cob.write', 'cob.read', 'webhook.write', 'webhook.read'] as const;

const MAX_DELIVERIES = 1000;
const ERROR_BASE = 'https://pix.bcb.gov.br/api/v2/error/';
/** Errors of the simulator-only routes: not API Pix types, so not under the BCB namespace. */
const SIM_ERROR_BASE = 'https://pix.simulador.local/erro/';
const COB_INVALIDA_DETAIL =
  'A requisição que busca alterar ou criar uma cobrança para pagamento imediato não respeita o _schema_ ou ' +
  'está semanticamente errada.';

interface StoredCob {
  cob: ApiCobCompleta;
  /** Snapshots by `revisao`, for `GET /cob/{txid}?revisao=n`. */
  revisions: ApiCobCompleta[];
  payerNames: Map<string, string>;
}

interface IssuedToken {
  expiresAt: number;
  scopes: Set<string>;
}

interface WebhookTarget {
  url: string;
  headers: Record<string, string>;
}

/** Builds the simulator and starts listening (port 0 unless `port` is given). */
export async function createPspSimulator(options: PspSimulatorOptions): Promise<PspSimulator> {
  const sim = buildPspSimulator(options);
  await sim.app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = sim.app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { ...sim.handle, url: `http://${host}:${address.port}` };
}

/** For the CLI (`trato simulator psp`): same as `createPspSimulator`, with a fixed default port. */
export function startPspSimulator(
  options: Omit<PspSimulatorOptions, 'port'> & { port?: number },
): Promise<PspSimulator> {
  return createPspSimulator({ ...options, port: options.port ?? DEFAULT_PSP_SIMULATOR_PORT });
}

/** The simulator without listening (tests may use `app.inject`); `url` is empty until listening. */
export function buildPspSimulator(options: PspSimulatorOptions): {
  app: FastifyInstance;
  handle: PspSimulator;
} {
  const clock = options.clock ?? (() => new Date());
  const tokenTtl = options.tokenTtlSeconds ?? 3600;
  const locationBase = (options.locationBase ?? DEFAULT_LOCATION_BASE).replace(/\/+$/, '');
  const payerIspb = options.payerIspb ?? '99999999';
  if (!/^\d{8}$/.test(payerIspb)) throw new Error('payerIspb deve ter 8 dígitos');
  const keys = options.keys ? new Set(options.keys) : null;
  const retry = {
    attempts: Math.max(1, options.webhookRetry?.attempts ?? 4),
    backoffMs: options.webhookRetry?.backoffMs ?? 250,
    timeoutMs: options.webhookRetry?.timeoutMs ?? 5000,
  };
  const merchantName = normalizePixText(options.merchantName ?? 'TRATO SIMULADOR', MAX_RECEIVER_NAME_LENGTH);
  const merchantCity = normalizePixText(options.merchantCity ?? 'SAO PAULO', MAX_CITY_LENGTH);

  const cobs = new Map<string, StoredCob>();
  const tokens = new Map<string, IssuedToken>();
  const webhooks = new Map<string, { webhookUrl: string; criacao: string }>();
  let defaultWebhook: WebhookTarget | null = null;
  const deliveries: WebhookDelivery[] = [];
  let nextLocId = 1;

  const app = Fastify({ logger: false });

  // RFC 6749 §4.4.2: the token request is application/x-www-form-urlencoded, which Fastify does not
  // parse by default.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status < 500) {
      return sendProblem(reply, status, 'RequisicaoInvalida', 'Requisição inválida.', error.message);
    }
    return sendProblem(
      reply,
      500,
      'ErroInternoDoServidor',
      'Erro interno do servidor.',
      'Condição inesperada ao processar requisição.',
    );
  });
  app.setNotFoundHandler((_request, reply) =>
    sendProblem(reply, 404, 'NaoEncontrado', 'Não Encontrado', 'Entidade não encontrada.'),
  );

  // ---- OAuth2 ------------------------------------------------------------------------------------

  app.post('/oauth/token', async (request, reply) => {
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    const credentials = basicCredentials(request.headers.authorization);
    if (
      !credentials ||
      !constantTimeEqual(credentials.id, options.clientId) ||
      !constantTimeEqual(credentials.secret, options.clientSecret)
    ) {
      // §5.2: a client that tried the Authorization header gets 401 and a matching WWW-Authenticate.
      return reply
        .code(401)
        .header('www-authenticate', 'Basic realm="psp-simulador"')
        .send({ error: 'invalid_client', error_description: 'Credenciais do cliente inválidas.' });
    }
    const body = isRecord(request.body) ? request.body : {};
    if (typeof body.grant_type !== 'string' || body.grant_type === '') {
      return reply
        .code(400)
        .send({ error: 'invalid_request', error_description: 'grant_type é obrigatório.' });
    }
    if (body.grant_type !== 'client_credentials') {
      return reply.code(400).send({
        error: 'unsupported_grant_type',
        error_description: 'Somente grant_type=client_credentials é suportado.',
      });
    }
    const asked =
      typeof body.scope === 'string' && body.scope.trim() !== ''
        ? body.scope.trim().split(/\s+/)
        : [...SIMULATOR_SCOPES];
    const unknown = asked.filter((s) => !(SIMULATOR_SCOPES as readonly string[]).includes(s));
    if (unknown.length > 0) {
      return reply
        .code(400)
        .send({ error: 'invalid_scope', error_description: `Escopos desconhecidos: ${unknown.join(' ')}.` });
    }
    const now = clock().getTime();
    for (const [value, issued] of tokens) if (issued.expiresAt <= now) tokens.delete(value);
    const token = randomBytes(24).toString('base64url');
    tokens.set(token, { expiresAt: now + tokenTtl * 1000, scopes: new Set(asked) });
    return { access_token: token, token_type: 'Bearer', expires_in: tokenTtl, scope: asked.join(' ') };
  });

  /** RFC 6750: 401 without a valid bearer token; API Pix `AcessoNegado` (403) without the scope. */
  function authorize(request: FastifyRequest, reply: FastifyReply, scope: string): boolean {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    const issued = match?.[1] ? tokens.get(match[1]) : undefined;
    if (!issued || issued.expiresAt <= clock().getTime()) {
      reply.header(
        'www-authenticate',
        `Bearer realm="psp-simulador"${match ? ', error="invalid_token"' : ''}`,
      );
      sendProblem(
        reply,
        401,
        'AcessoNegado',
        'Não autorizado',
        'Token de acesso ausente, inválido ou expirado.',
      );
      return false;
    }
    if (!issued.scopes.has(scope)) {
      sendProblem(
        reply,
        403,
        'AcessoNegado',
        'Acesso Negado',
        `Requisição de participante autenticado que viola alguma regra de autorização: falta o escopo ${scope}.`,
      );
      return false;
    }
    return true;
  }

  // ---- Cob ---------------------------------------------------------------------------------------

  app.put<{ Params: { txid: string } }>('/v2/cob/:txid', async (request, reply) => {
    if (!authorize(request, reply, 'cob.write')) return reply;
    const { txid } = request.params;
    const violacoes: ApiPixViolacao[] = [];
    if (!TXID_PATTERN.test(txid)) {
      violacoes.push({
        razao: 'O campo cob.txid não respeita o _schema_ (de 26 a 35 letras ou dígitos).',
        propriedade: 'cob.txid',
        valor: txid,
      });
    }
    const parsed = validateCobSolicitada(request.body, keys);
    violacoes.push(...parsed.violacoes);
    if (violacoes.length > 0 || !parsed.value) {
      return sendProblem(
        reply,
        400,
        'CobOperacaoInvalida',
        'Cobrança inválida.',
        COB_INVALIDA_DETAIL,
        violacoes,
      );
    }
    const wanted = parsed.value;
    const stored = cobs.get(txid);
    if (stored) {
      // PUT on an existing txid revises it while ATIVA (spec: the violation is only "a cobrança já
      // existe, não está no status ATIVA, e a presente requisição busca alterá-la"). An identical
      // request changes nothing, so it keeps the revision: retries of a create are harmless.
      if (stored.cob.status !== 'ATIVA') {
        return sendProblem(reply, 400, 'CobOperacaoInvalida', 'Cobrança inválida.', COB_INVALIDA_DETAIL, [
          {
            razao: 'A cobrança já existe, não está no status ATIVA, e a presente requisição busca alterá-la.',
            propriedade: 'cob.status',
            valor: stored.cob.status,
          },
        ]);
      }
      if (!sameCobContent(stored.cob, wanted)) {
        const { calendario, devedor, valor, chave, solicitacaoPagador, infoAdicionais } = wanted;
        const revised: ApiCobCompleta = {
          ...stripOptional(stored.cob),
          calendario: { criacao: stored.cob.calendario.criacao, expiracao: calendario.expiracao },
          valor,
          chave,
          revisao: stored.cob.revisao + 1,
          ...(devedor ? { devedor } : {}),
          ...(solicitacaoPagador !== undefined ? { solicitacaoPagador } : {}),
          ...(infoAdicionais !== undefined ? { infoAdicionais } : {}),
        };
        stored.cob = revised;
        stored.revisions.push(structuredClone(revised));
      }
      return reply.code(201).send(cobGerada(stored.cob));
    }
    const criacao = clock().toISOString();
    const location = `${locationBase}/${randomUUID().replaceAll('-', '')}`;
    const cob: ApiCobCompleta = {
      calendario: { criacao, expiracao: wanted.calendario.expiracao },
      txid,
      revisao: 0,
      loc: { id: nextLocId++, location, tipoCob: 'cob', criacao },
      location,
      status: 'ATIVA',
      ...(wanted.devedor ? { devedor: wanted.devedor } : {}),
      valor: wanted.valor,
      chave: wanted.chave,
      ...(wanted.solicitacaoPagador !== undefined ? { solicitacaoPagador: wanted.solicitacaoPagador } : {}),
      ...(wanted.infoAdicionais !== undefined ? { infoAdicionais: wanted.infoAdicionais } : {}),
      pixCopiaECola: dynamicBrCode(location, merchantName, merchantCity),
    };
    cobs.set(txid, { cob, revisions: [structuredClone(cob)], payerNames: new Map() });
    return reply.code(201).send(cobGerada(cob));
  });

  app.get<{ Params: { txid: string }; Querystring: { revisao?: string } }>(
    '/v2/cob/:txid',
    async (request, reply) => {
      if (!authorize(request, reply, 'cob.read')) return reply;
      const stored = cobs.get(request.params.txid);
      if (!stored) {
        return sendProblem(
          reply,
          404,
          'CobNaoEncontrado',
          'Cobrança não encontrada.',
          'Cobrança não encontrada para o txid informado.',
        );
      }
      const asked = request.query.revisao;
      if (asked !== undefined) {
        const n = /^\d+$/.test(asked) ? Number(asked) : -1;
        const snapshot = n === stored.cob.revisao ? stored.cob : stored.revisions[n];
        if (n < 0 || !snapshot) {
          return sendProblem(
            reply,
            400,
            'CobConsultaInvalida',
            'Consulta inválida.',
            'Revisão inexistente.',
            [
              {
                razao:
                  'O parâmetro revisao corresponde a uma revisão inexistente para a cobrança apontada pelo txid.',
                propriedade: 'revisao',
                valor: asked,
              },
            ],
          );
        }
        return withPayerNames(snapshot, stored);
      }
      return withPayerNames(stored.cob, stored);
    },
  );

  // ---- Webhook -----------------------------------------------------------------------------------

  app.put<{ Params: { chave: string } }>('/v2/webhook/:chave', async (request, reply) => {
    if (!authorize(request, reply, 'webhook.write')) return reply;
    const { chave } = request.params;
    const violacoes: ApiPixViolacao[] = [];
    if (!isDictKey(chave)) {
      violacoes.push({
        razao: 'O parâmetro {chave} não corresponde a uma chave DICT válida.',
        propriedade: 'chave',
        valor: chave,
      });
    } else if (keys && !keys.has(chave)) {
      violacoes.push({
        razao: 'O parâmetro {chave} não corresponde a uma chave DICT pertencente a este usuário recebedor.',
        propriedade: 'chave',
        valor: chave,
      });
    }
    const body = isRecord(request.body) ? request.body : {};
    if (typeof body.webhookUrl !== 'string' || !isHttpUrl(body.webhookUrl)) {
      violacoes.push({
        razao: 'Campo webhook.webhookUrl não respeita o _schema_.',
        propriedade: 'webhook.webhookUrl',
      });
    }
    if (violacoes.length > 0) {
      return sendProblem(
        reply,
        400,
        'WebhookOperacaoInvalida',
        'Webhook inválido.',
        'A presente requisição busca criar um webhook sem respeitar o _schema_ ou, ainda, com sentido ' +
          'semanticamente inválido.',
        violacoes,
      );
    }
    webhooks.set(chave, { webhookUrl: body.webhookUrl as string, criacao: clock().toISOString() });
    return reply.code(200).send();
  });

  app.get<{ Params: { chave: string } }>('/v2/webhook/:chave', async (request, reply) => {
    if (!authorize(request, reply, 'webhook.read')) return reply;
    const hook = webhooks.get(request.params.chave);
    if (!hook) return webhookNotFound(reply);
    return { webhookUrl: hook.webhookUrl, chave: request.params.chave, criacao: hook.criacao };
  });

  app.delete<{ Params: { chave: string } }>('/v2/webhook/:chave', async (request, reply) => {
    if (!authorize(request, reply, 'webhook.write')) return reply;
    if (!webhooks.delete(request.params.chave)) return webhookNotFound(reply);
    return reply.code(204).send();
  });

  // ---- Simulator-only ----------------------------------------------------------------------------

  app.post<{ Params: { txid: string } }>('/sim/cob/:txid/pay', async (request, reply) => {
    const body = isRecord(request.body) ? request.body : {};
    const opts: PayOptions = {};
    if (body.amountCents !== undefined) {
      if (typeof body.amountCents !== 'number' || !isPayableAmount(body.amountCents)) {
        return sendSimProblem(
          reply,
          400,
          'ValorInvalido',
          `amountCents deve ser um inteiro de 1 a ${MAX_AMOUNT_CENTS} centavos.`,
        );
      }
      opts.amountCents = body.amountCents;
    }
    if (typeof body.payerName === 'string') opts.payerName = body.payerName;
    if (typeof body.payerInfo === 'string') opts.payerInfo = body.payerInfo;
    const outcome = await payCharge(request.params.txid, opts);
    if (!outcome.ok) return sendSimProblem(reply, outcome.status, outcome.type, outcome.detail);
    return outcome.result;
  });

  app.get('/sim/deliveries', async () => ({ deliveries }));
  app.get('/sim/charges', async () => ({ charges: charges() }));

  // ---- Payment and delivery ----------------------------------------------------------------------

  type PayOutcome =
    | { ok: true; result: PayResult }
    | { ok: false; status: number; type: string; detail: string };

  async function payCharge(txid: string, opts: PayOptions): Promise<PayOutcome> {
    const stored = cobs.get(txid);
    if (!stored)
      return { ok: false, status: 404, type: 'CobNaoEncontrada', detail: `Cobrança ${txid} não existe.` };
    const { cob } = stored;
    if (cob.status !== 'ATIVA') {
      return {
        ok: false,
        status: 409,
        type: 'CobNaoAtiva',
        detail: `A cobrança está ${cob.status} e não pode acolher outro pagamento.`,
      };
    }
    const now = clock();
    const expiresAt = Date.parse(cob.calendario.criacao) + cob.calendario.expiracao * 1000;
    if (now.getTime() >= expiresAt) {
      return {
        ok: false,
        status: 409,
        type: 'CobExpirada',
        detail: `A cobrança expirou em ${new Date(expiresAt).toISOString()} (calendario.expiracao).`,
      };
    }
    if (opts.amountCents !== undefined && !isPayableAmount(opts.amountCents)) {
      return {
        ok: false,
        status: 400,
        type: 'ValorInvalido',
        detail: `amountCents deve ser um inteiro de 1 a ${MAX_AMOUNT_CENTS} centavos.`,
      };
    }
    const amountCents = opts.amountCents ?? (valorToCents(cob.valor.original) as number);
    const pix: ApiPix = {
      endToEndId: generateEndToEndId(payerIspb, now),
      txid,
      valor: centsToValor(amountCents),
      horario: now.toISOString(),
      chave: cob.chave,
    };
    if (opts.payerInfo !== undefined) pix.infoPagador = opts.payerInfo.slice(0, 140);
    cob.status = 'CONCLUIDA';
    cob.pix = [...(cob.pix ?? []), pix];
    if (opts.payerName !== undefined) stored.payerNames.set(pix.endToEndId, opts.payerName);

    const registered = webhooks.get(cob.chave);
    const target: WebhookTarget | null = registered
      ? { url: registered.webhookUrl, headers: {} }
      : defaultWebhook;
    if (!target) return { ok: true, result: { endToEndId: pix.endToEndId, delivered: false, status: 0 } };
    const entry = opts.payerName !== undefined ? { ...pix, pagador: { nome: opts.payerName } } : pix;
    const delivery = await deliver(target, { pix: [entry] }, txid, pix.endToEndId);
    return { ok: true, result: { endToEndId: pix.endToEndId, ...delivery } };
  }

  /** The callback `{$request.body#/webhookUrl}/pix`, retried with exponential backoff. */
  async function deliver(
    target: WebhookTarget,
    body: unknown,
    txid: string,
    endToEndId: string,
  ): Promise<{ delivered: boolean; status: number }> {
    const url = callbackUrl(target.url);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.webhookSecret !== undefined) headers['X-Webhook-Secret'] = options.webhookSecret;
    Object.assign(headers, target.headers);
    let status = 0;
    for (let attempt = 1; attempt <= retry.attempts; attempt++) {
      status = 0;
      let error: string | undefined;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers,
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(retry.timeoutMs),
        });
        status = response.status;
        await response.arrayBuffer().catch(() => undefined);
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      const ok = status >= 200 && status <= 299;
      const record: WebhookDelivery = {
        txid,
        endToEndId,
        url,
        attempt,
        at: new Date().toISOString(),
        status,
        ok,
      };
      if (error !== undefined) record.error = error;
      deliveries.push(record);
      // A simulator left running (`trato simulator psp`) keeps only the recent attempts.
      if (deliveries.length > MAX_DELIVERIES) deliveries.splice(0, deliveries.length - MAX_DELIVERIES);
      if (ok) return { delivered: true, status };
      if (attempt < retry.attempts) await sleep(retry.backoffMs * 2 ** (attempt - 1));
    }
    return { delivered: false, status };
  }

  function charges(): PixCharge[] {
    return [...cobs.values()].map((s) => cobToPixCharge(s.cob));
  }

  function withPayerNames(cob: ApiCobCompleta, stored: StoredCob): ApiCobCompleta {
    if (!cob.pix || stored.payerNames.size === 0) return cob;
    return {
      ...cob,
      pix: cob.pix.map((p) => {
        const nome = stored.payerNames.get(p.endToEndId);
        return nome === undefined ? p : { ...p, pagador: { nome } };
      }),
    };
  }

  const handle: PspSimulator = {
    app,
    url: '',
    close: () => app.close(),
    setWebhook(url, headers = {}) {
      if (!isHttpUrl(url)) throw new Error(`URL de webhook inválida: ${url}`);
      defaultWebhook = { url, headers: { ...headers } };
    },
    async pay(txid, opts = {}) {
      const outcome = await payCharge(txid, opts);
      if (!outcome.ok) throw new Error(outcome.detail);
      return outcome.result;
    },
    charges,
    deliveries: () => deliveries.map((d) => ({ ...d })),
    revokeTokens: () => tokens.clear(),
  };
  return { app, handle };
}

// ---------------------------------------------------------------------------------------------------
// Validation of `CobSolicitada` (violations worded as in the spec's "Tag Cob" error section)
// ---------------------------------------------------------------------------------------------------

interface ValidCob {
  calendario: { expiracao: number };
  devedor?: { cpf?: string; cnpj?: string; nome: string };
  valor: { original: string; modalidadeAlteracao?: 0 | 1 };
  chave: string;
  solicitacaoPagador?: string;
  infoAdicionais?: { nome: string; valor: string }[];
}

function validateCobSolicitada(
  body: unknown,
  keys: Set<string> | null,
): { violacoes: ApiPixViolacao[]; value: ValidCob | null } {
  const v: ApiPixViolacao[] = [];
  const add = (propriedade: string, razao: string, valor?: unknown) =>
    v.push({ razao, propriedade, ...(valor === undefined ? {} : { valor: String(valor) }) });
  if (!isRecord(body)) {
    add('cob', 'O corpo da requisição deve ser um objeto JSON (CobSolicitada).');
    return { violacoes: v, value: null };
  }

  // calendario (required by CobSolicitada; expiracao defaults to 86400)
  let expiracao = DEFAULT_EXPIRATION_SECONDS;
  if (!isRecord(body.calendario)) add('cob.calendario', 'O objeto cob.calendario não respeita o _schema_.');
  else if (body.calendario.expiracao !== undefined) {
    const exp = body.calendario.expiracao;
    if (typeof exp !== 'number' || !Number.isInteger(exp) || exp > 2_147_483_647) {
      add('cob.calendario.expiracao', 'O campo cob.calendario.expiracao não respeita o _schema_.', exp);
    } else if (exp <= 0) {
      add('cob.calendario.expiracao', 'O campo cob.calendario.expiracao é igual ou menor que zero.', exp);
    } else expiracao = exp;
  }

  // valor
  let valor: ValidCob['valor'] | null = null;
  if (!isRecord(body.valor)) add('cob.valor', 'O objeto cob.valor não respeita o _schema_.');
  else {
    const { original, modalidadeAlteracao } = body.valor;
    const modalidadeOk =
      modalidadeAlteracao === undefined || modalidadeAlteracao === 0 || modalidadeAlteracao === 1;
    if (!modalidadeOk) {
      add('cob.valor.modalidadeAlteracao', 'O campo cob.valor.modalidadeAlteracao não respeita o _schema_.');
    }
    if (typeof original !== 'string' || !VALOR_PATTERN.test(original)) {
      add('cob.valor.original', 'O campo cob.valor.original não respeita o _schema_.', original);
    } else if (valorToCents(original) === 0 && modalidadeAlteracao !== 1) {
      // Zero is only meaningful when the payer chooses the amount (modalidadeAlteracao 1).
      add('cob.valor.original', 'O campo cob.valor.original é zero.', original);
    } else if (modalidadeOk) {
      valor = { original };
      if (modalidadeAlteracao !== undefined) valor.modalidadeAlteracao = modalidadeAlteracao as 0 | 1;
    }
  }

  // devedor: PessoaFisica or PessoaJuridica, never both (schema `oneOf`)
  let devedor: ValidCob['devedor'];
  if (body.devedor !== undefined) {
    const d = body.devedor;
    const bad = (propriedade: string, detail: string) =>
      add(propriedade, `O objeto cob.devedor não respeita o _schema_: ${detail}`);
    if (!isRecord(d)) bad('cob.devedor', 'deve ser um objeto.');
    else {
      const before = v.length;
      if (d.cpf !== undefined && d.cnpj !== undefined)
        bad('cob.devedor', 'cpf e cnpj não podem estar preenchidos juntos.');
      else if (d.cpf === undefined && d.cnpj === undefined)
        bad('cob.devedor', 'informe cpf ou cnpj com o nome.');
      else if (d.cpf !== undefined && (typeof d.cpf !== 'string' || !validateCpf(d.cpf))) {
        bad('cob.devedor.cpf', 'CPF inválido (11 dígitos, com dígitos verificadores corretos).');
      } else if (
        d.cnpj !== undefined &&
        (typeof d.cnpj !== 'string' || !/^\d{14}$/.test(d.cnpj) || !validateCnpj(d.cnpj))
      ) {
        bad('cob.devedor.cnpj', 'CNPJ inválido (14 dígitos, com dígitos verificadores corretos).');
      }
      if (typeof d.nome !== 'string' || d.nome.trim() === '' || d.nome.length > 200) {
        bad('cob.devedor.nome', 'nome obrigatório, até 200 caracteres.');
      }
      if (v.length === before) {
        devedor = { nome: d.nome as string };
        if (typeof d.cpf === 'string') devedor.cpf = d.cpf;
        if (typeof d.cnpj === 'string') devedor.cnpj = d.cnpj;
      }
    }
  }

  // chave
  const chave = body.chave;
  if (typeof chave !== 'string' || !isDictKey(chave)) {
    add('cob.chave', 'O campo cob.chave não respeita o _schema_.', chave);
  } else if (keys && !keys.has(chave)) {
    add(
      'cob.chave',
      'O campo cob.chave corresponde a uma conta que não pertence a este usuário recebedor.',
      chave,
    );
  }

  // solicitacaoPagador (<RmtInf> of the pacs.008: 140 characters)
  const solicitacao = body.solicitacaoPagador;
  if (solicitacao !== undefined && (typeof solicitacao !== 'string' || solicitacao.length > 140)) {
    add('cob.solicitacaoPagador', 'O campo solicitacaoPagador não respeita o _schema_.');
  }

  // infoAdicionais: up to 50 items {nome ≤ 50, valor ≤ 200}
  const info = body.infoAdicionais;
  const infoOk =
    info === undefined ||
    (Array.isArray(info) &&
      info.length <= 50 &&
      info.every(
        (i) =>
          isRecord(i) &&
          typeof i.nome === 'string' &&
          i.nome.length <= 50 &&
          typeof i.valor === 'string' &&
          i.valor.length <= 200,
      ));
  if (!infoOk) add('cob.infoAdicionais', 'O objeto infoAdicionais não respeita o _schema_.');

  // loc: this simulator has no `/loc` endpoint, so no location id can exist.
  if (body.loc !== undefined) {
    const id = isRecord(body.loc) ? body.loc.id : undefined;
    add('cob.loc.id', 'O location referenciado por loc.id inexiste.', id);
  }

  if (v.length > 0 || !valor) return { violacoes: v, value: null };
  const value: ValidCob = { calendario: { expiracao }, valor, chave: chave as string };
  if (devedor) value.devedor = devedor;
  if (typeof solicitacao === 'string') value.solicitacaoPagador = solicitacao;
  if (Array.isArray(info)) value.infoAdicionais = info as { nome: string; valor: string }[];
  return { violacoes: v, value };
}

function sameCobContent(cob: ApiCobCompleta, wanted: ValidCob): boolean {
  const current = {
    calendario: { expiracao: cob.calendario.expiracao },
    devedor: cob.devedor,
    valor: cob.valor,
    chave: cob.chave,
    solicitacaoPagador: cob.solicitacaoPagador,
    infoAdicionais: cob.infoAdicionais,
  };
  const next = {
    calendario: wanted.calendario,
    devedor: wanted.devedor,
    valor: wanted.valor,
    chave: wanted.chave,
    solicitacaoPagador: wanted.solicitacaoPagador,
    infoAdicionais: wanted.infoAdicionais,
  };
  return JSON.stringify(current) === JSON.stringify(next);
}

/** Drops the fields a revision may remove (a PUT replaces the whole charge content). */
function stripOptional(cob: ApiCobCompleta): ApiCobCompleta {
  const { devedor: _d, solicitacaoPagador: _s, infoAdicionais: _i, ...rest } = cob;
  return rest;
}

/** `CobGerada`: the charge as created or revised, without the received Pix. */
function cobGerada(cob: ApiCobCompleta): Omit<ApiCobCompleta, 'pix'> {
  const { pix: _pix, ...rest } = cob;
  return rest;
}

/**
 * DICT key formats (Manual de Padrões para Iniciação do Pix, "Formatação das chaves do DICT no BR
 * Code"): CPF (11 digits), CNPJ (14 digits), phone "+55…" (E.164), e-mail, or EVP (a UUID).
 */
export function isDictKey(key: string): boolean {
  const parsed = parsePixKey(key);
  return parsed.ok && parsed.value.key === key;
}

// ---------------------------------------------------------------------------------------------------
// Identifiers and the BR Code
// ---------------------------------------------------------------------------------------------------

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** "E" + ISPB (8 digits) + yyyyMMddHHmm (UTC) + 11 alphanumeric characters: 32 in all. */
export function generateEndToEndId(ispb: string, at: Date): string {
  const iso = at.toISOString(); // yyyy-MM-ddTHH:mm:ss.sssZ, UTC
  const stamp = iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16);
  const bytes = randomBytes(11);
  let sequence = '';
  // 256 is not a multiple of 62: the slight bias is irrelevant for a simulator's identifiers.
  for (const b of bytes) sequence += ALPHANUMERIC[b % ALPHANUMERIC.length];
  return `E${ispb}${stamp}${sequence}`;
}

/**
 * BR Code (EMV QRCPS-MPM) of a dynamic charge, as in the Manual de Padrões para Iniciação do Pix:
 * 00 payload format "01", 01 point of initiation "12" (dynamic), 26 merchant account (00 GUI
 * "br.gov.bcb.pix", 25 location), 52 "0000", 53 "986" (BRL), 58 "BR", 59 name, 60 city, 62 (05 txid
 * "***": a dynamic QR takes the txid from the payload at the location), 63 CRC16-CCITT-FALSE.
 */
export function dynamicBrCode(location: string, merchantName: string, merchantCity: string): string {
  return buildDynamicBrCode({ location, receiverName: merchantName, city: merchantCity });
}

// ---------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------

function sendProblem(
  reply: FastifyReply,
  status: number,
  type: string,
  title: string,
  detail: string,
  violacoes?: ApiPixViolacao[],
): FastifyReply {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: ERROR_BASE + type, title, status, detail, ...(violacoes ? { violacoes } : {}) });
}

function sendSimProblem(reply: FastifyReply, status: number, type: string, detail: string): FastifyReply {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: SIM_ERROR_BASE + type, title: 'Operação do simulador recusada.', status, detail });
}

function webhookNotFound(reply: FastifyReply): FastifyReply {
  return sendProblem(
    reply,
    404,
    'WebhookNaoEncontrado',
    'Webhook não encontrado.',
    'O webhook denotado por {chave} não encontra-se estabelecido.',
  );
}

/**
 * `{$request.body#/webhookUrl}/pix`: "/pix" goes at the end of the URL's path. A trailing slash is not
 * doubled and a query string is kept after the path (literal concatenation would turn
 * "https://x/hook?t=1" into "https://x/hook?t=1/pix", which some PSPs do: register without a query).
 */
export function callbackUrl(webhookUrl: string): string {
  const url = new URL(webhookUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/pix`;
  return url.toString();
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/** Compares digests, so neither the length nor the content leaks through timing. */
function constantTimeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

function isPayableAmount(cents: number): boolean {
  return Number.isSafeInteger(cents) && cents > 0 && cents <= MAX_AMOUNT_CENTS;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
