import { createRequire } from 'node:module';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { type Static, type TSchema, Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifySchemaValidationError,
} from 'fastify';
import type { AppContext } from './context.ts';
import { findControlCharacters } from './control-chars.ts';
import { AppError, type ErrorCode, type FieldError, validationFailed } from './errors.ts';
import { Problem } from './http-schemas.ts';
import { isUuid } from './ids.ts';
import { defaultTenantLimits, formatBytes, type TenantLimits } from './limits.ts';
import type { Principal } from './principal.ts';
import { type FailureLimiter, failureLimiter, requestLimiter } from './rate-limit.ts';

/**
 * How a route authenticates, declared on the route (never inferred from its URL):
 * - `staff` (the default, so a route that says nothing is closed): `Authorization: Bearer` → Principal;
 * - `portal`: the debtor portal's session, resolved by the portal's authenticator;
 * - `webhook`: no bearer; the handler checks the provider's secret or signature itself;
 * - `public`: nothing to check (health, the OpenAPI document, pages without personal data).
 */
export type AuthScheme = 'staff' | 'portal' | 'webhook' | 'public';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** The caller's tenant limits, set with the principal on staff routes (null elsewhere). */
    tenantLimits: TenantLimits | null;
  }
  interface FastifyContextConfig {
    auth?: AuthScheme;
    /** @deprecated same as `auth: 'public'`. */
    public?: boolean;
    /**
     * The response holds no personal data and may be cached (public pages, documentation). Every
     * other HTML, PDF or authenticated response is sent with `Cache-Control: no-store`.
     */
    cacheable?: boolean;
    /** The route sets its own Content-Security-Policy (the documentation UI runs its scripts). */
    ownContentSecurityPolicy?: boolean;
    /**
     * The route receives a file (portfolio CSV, CNAB return, index table): its body may not exceed the
     * tenant's `maxUploadBytes` — nor, when a number is given, the route's own ceiling (what its parser
     * holds in memory). Checked on Content-Length before the body is read, and again on what arrived.
     */
    upload?: boolean | number;
  }
}

/**
 * The kernel does not know how callers prove who they are; the modules that own authentication
 * (identity for staff tokens, the portal for debtor sessions) hand in their resolvers.
 */
export interface Authenticators {
  /** A bearer token → the staff principal, or null when unknown, revoked or expired. */
  staff(token: string): Promise<Principal | null>;
  /** Resolves and attaches the debtor session; throws AppError('UNAUTHENTICATED') without one. */
  portal?(request: FastifyRequest): Promise<void>;
  /**
   * A tenant's limits (identity stores what its admin set, within the operator's ceilings), read on
   * every staff request: the source caches. Without it, every tenant has the environment's defaults.
   */
  tenantLimits?(tenantId: string): Promise<TenantLimits>;
}

/** A route as registered: what the contract and isolation tests walk over. */
export interface RegisteredRoute {
  method: string;
  url: string;
  auth: AuthScheme;
  schema: {
    body?: unknown;
    querystring?: unknown;
    params?: unknown;
    response?: Record<string, unknown>;
    hide?: boolean;
  };
}

const ProblemResponse = {
  description: 'Erro: application/problem+json com `code` estável e `detail` em pt-BR',
  content: { 'application/problem+json': { schema: Problem } },
};

const ROUTES = new WeakMap<object, RegisteredRoute[]>();

/** Every route registered on the app (HEAD twins left out), in registration order. */
export function registeredRoutes(app: object): readonly RegisteredRoute[] {
  return ROUTES.get(app) ?? [];
}

export function authSchemeOf(config: { auth?: AuthScheme; public?: boolean } | undefined): AuthScheme {
  return config?.auth ?? (config?.public ? 'public' : 'staff');
}

export type App = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  import('fastify').FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/**
 * `Content-Disposition` for a document about one record: the file name is built only from a validated
 * id (a UUID), never from raw input — a quote or line break in a path parameter must not reach a
 * header. A malformed id is a 404, like everywhere else.
 */
export function dispositionFor(
  disposition: 'inline' | 'attachment',
  base: string,
  id: string,
  extension: 'pdf' | 'html' | 'csv' | 'png' | 'svg',
): string {
  if (!isUuid(id) || !/^[a-z0-9-]+$/.test(base)) throw new AppError('NOT_FOUND', 'Documento não encontrado.');
  return `${disposition}; filename="${base}-${id.toLowerCase()}.${extension}"`;
}

/**
 * The largest body an upload route of this request may receive, in bytes: the tenant's `maxUploadBytes`
 * and the route's own ceiling, whichever is smaller. Streaming routes count the bytes against it.
 */
export function uploadLimitOf(request: FastifyRequest): number {
  const own = request.routeOptions.config?.upload;
  const tenant = request.tenantLimits?.maxUploadBytes ?? Number.POSITIVE_INFINITY;
  return Math.min(tenant, typeof own === 'number' ? own : Number.POSITIVE_INFINITY);
}

/** 413 naming the limit and what to do (the tenant's limit, or the route's ceiling when smaller). */
export function uploadTooLarge(request: FastifyRequest, received?: number): AppError {
  const limit = uploadLimitOf(request);
  const tenantLimit = request.tenantLimits?.maxUploadBytes;
  const byTenant = tenantLimit !== undefined && tenantLimit <= limit;
  const size = received !== undefined ? ` (recebido: ${formatBytes(received)})` : '';
  return new AppError(
    'PAYLOAD_TOO_LARGE',
    byTenant
      ? `Arquivo acima do limite de envio desta assessoria, ${formatBytes(limit)} (maxUploadBytes)${size}. Divida o arquivo em partes menores, ou peça a um administrador que ajuste o limite em PUT /api/v1/settings/limits.`
      : `Arquivo acima do limite desta rota, ${formatBytes(limit)}${size}. Divida o arquivo em partes menores.`,
    { limit: byTenant ? 'maxUploadBytes' : 'route', limitValue: limit },
  );
}

/** The authenticated caller of a route; routes not marked public always have one. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('UNAUTHENTICATED', 'Autenticação necessária.');
  return request.principal;
}

export async function createHttpApp(ctx: AppContext, authenticators: Authenticators): Promise<App> {
  const app = Fastify({
    logger: false,
    bodyLimit: 10 * 1024 * 1024,
    // Signed message links carry their token as a path parameter (~140 characters).
    routerOptions: { maxParamLength: 500 },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler());
  app.decorateRequest('principal', null);
  app.decorateRequest('tenantLimits', null);
  const authFailures = failureLimiter({
    limit: ctx.config.authFailuresPerWindow,
    windowMs: 5 * 60_000,
  });
  const tenantRequests = requestLimiter({ perMinute: ctx.config.tenantRequestsPerMinute });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Trato API',
        version: '1',
        description:
          'Plataforma humanizada de cobrança e renegociação. Valores em centavos inteiros (campos *Cents), ' +
          'datas AAAA-MM-DD, erros application/problem+json com `code` estável e `detail` em pt-BR.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Token criado com `trato token create`' },
        },
      },
      security: [{ bearer: [] }],
    },
  });
  // The documentation UI's own routes are public by declaration, at registration.
  const routes: RegisteredRoute[] = [];
  ROUTES.set(app, routes);
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs')) {
      route.config = {
        ...(route.config ?? {}),
        auth: 'public',
        cacheable: true,
        ownContentSecurityPolicy: true,
      };
    }
    // Every documented route answers its errors as problem+json: said once here, for the generated client.
    if (route.schema && !route.schema.hide) {
      route.schema = {
        ...route.schema,
        response: { ...(route.schema.response as object | undefined), default: ProblemResponse },
      };
    }
    // A PUT takes back what the GET returned (`acceptingReadOnly`): the members its body schema marks
    // read-only were validated against their names and are dropped before the handler, so none ever sees
    // them. Found once here, per route: only those routes get the step.
    const bodyProperties = (route.schema?.body as { properties?: Record<string, unknown> } | undefined)
      ?.properties;
    const readOnly = Object.entries(bodyProperties ?? {})
      .filter(([, schema]) => (schema as { readOnly?: unknown }).readOnly === true)
      .map(([name]) => name);
    if (readOnly.length > 0) {
      const dropReadOnly = async (request: { body: unknown }) => {
        const body = request.body;
        if (typeof body !== 'object' || body === null || Array.isArray(body)) return;
        for (const name of readOnly) delete (body as Record<string, unknown>)[name];
      };
      route.preHandler = [...[route.preHandler ?? []].flat(), dropReadOnly] as typeof route.preHandler;
    }
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      // Read when asked, not now: hooks of inner scopes (e.g. the portal's static files, declared
      // public there) run after this one and may still change the route's declaration.
      routes.push({
        method,
        url: route.url,
        get auth() {
          return authSchemeOf(route.config as { auth?: AuthScheme; public?: boolean } | undefined);
        },
        get schema() {
          return (route.schema ?? {}) as RegisteredRoute['schema'];
        },
      });
    }
  });
  // The documentation UI runs its own scripts (so not the kernel's script-free policy), all served from
  // here; like every page of ours, nobody may frame it (clickjacking of a page where tokens are typed).
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP:
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  });

  app.addHook('onRequest', async (request, reply) => {
    // No matching route: the not-found handler answers 404 and reveals nothing.
    if (!request.routeOptions.url) return;
    const scheme = authSchemeOf(request.routeOptions.config);
    if (scheme === 'public') return;
    // Too many failed authentications from this address (bearer tokens and webhook secrets alike).
    const wait = authFailures.retryAfter(request.ip, ctx.clock.now());
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      throw new AppError(
        'RATE_LIMITED',
        `Muitas tentativas de autenticação falharam a partir deste endereço; tente de novo em ${wait} s.`,
      );
    }
    if (scheme === 'webhook') return;
    if (scheme === 'portal') {
      if (!authenticators.portal) throw new AppError('UNAUTHENTICATED', 'Sessão do portal necessária.');
      await authenticators.portal(request);
      return;
    }
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError('UNAUTHENTICATED', 'Envie o cabeçalho Authorization: Bearer TOKEN.');
    const principal = await authenticators.staff(match[1]!);
    if (!principal) throw new AppError('UNAUTHENTICATED', 'Token inválido ou revogado.');
    request.principal = principal;
    const limits =
      (await authenticators.tenantLimits?.(principal.tenantId)) ?? defaultTenantLimits(ctx.config);
    request.tenantLimits = limits;
    // One tenant cannot take every slot of a shared server.
    const tenantWait = tenantRequests.take(principal.tenantId, ctx.clock.now(), limits.requestsPerMinute);
    if (tenantWait > 0) {
      reply.header('retry-after', String(tenantWait));
      throw new AppError(
        'RATE_LIMITED',
        `Limite de ${limits.requestsPerMinute} requisições por minuto desta assessoria atingido (requestsPerMinute); tente de novo em ${tenantWait} s. Espace as chamadas, ou peça a um administrador que ajuste o limite em PUT /api/v1/settings/limits.`,
        { limit: 'requestsPerMinute', limitValue: limits.requestsPerMinute },
      );
    }
    // A file above the limit is refused on its declared size, before a byte of it is read.
    if (request.routeOptions.config?.upload) {
      const declared = Number(request.headers['content-length']);
      if (Number.isFinite(declared) && declared > uploadLimitOf(request))
        throw uploadTooLarge(request, declared);
    }
  });

  // A file sent without Content-Length (chunked) is measured once parsed (routes that stream it count
  // the bytes themselves with uploadLimitOf).
  app.addHook('preValidation', async (request) => {
    if (!request.routeOptions.config?.upload) return;
    const body = request.body;
    const size = typeof body === 'string' || Buffer.isBuffer(body) ? body.length : undefined;
    if (size !== undefined && size > uploadLimitOf(request)) throw uploadTooLarge(request, size);
  });

  // No field, query or path parameter may carry control characters (a NUL cannot even be stored:
  // it failed half-way through a request with a 500). Files sent raw (CSV, CNAB) are checked by their
  // parsers, line by line.
  app.addHook('preValidation', async (request) => {
    for (const [where, value] of [
      ['query', request.query],
      ['params', request.params],
      ['body', typeof request.body === 'object' ? request.body : undefined],
    ] as const) {
      const path = findControlCharacters(value);
      if (path !== null) {
        const field = where === 'body' ? path : `${where}.${path}`;
        throw new AppError(
          'VALIDATION_FAILED',
          `Dados inválidos — ${field}: contém caracteres de controle.`,
          {
            errors: [{ field, message: 'contém caracteres de controle (por exemplo, o byte nulo)' }],
          },
        );
      }
    }
  });

  // Security headers in one place, by what the response is (not by each route remembering them).
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    const type = String(reply.getHeader('content-type') ?? '');
    const document = /^(text\/html|application\/pdf|image\/svg\+xml)/i.test(type);
    const config = request.routeOptions.config;
    if (document && !config?.ownContentSecurityPolicy) {
      // Our pages load nothing from elsewhere and run no script; nobody may frame them (clickjacking).
      reply.header(
        'content-security-policy',
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
      );
      reply.header('x-frame-options', 'DENY');
      reply.header('referrer-policy', 'no-referrer');
    }
    const scheme = request.routeOptions.url ? authSchemeOf(config) : 'public';
    // Authenticated answers and documents hold personal data: never kept by a browser or proxy cache.
    if ((document || scheme === 'staff' || scheme === 'portal') && !config?.cacheable) {
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });

  // A JSON body sent under another type (e.g. `text/plain`) is refused as such (415), not as invalid (422).
  app.addHook('preValidation', async (request) => {
    const body = request.routeOptions.schema?.body as { type?: unknown } | undefined;
    if (body?.type !== 'object' || request.body === undefined) return;
    const mime = String(request.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    if (mime !== 'application/json' && !mime.endsWith('+json')) {
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Esta rota recebe JSON: envie o corpo com Content-Type: application/json (recebido: ${mime || 'nenhum'}).`,
      );
    }
  });

  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) =>
    sendProblem(ctx, error, request, reply, authFailures),
  );
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      ctx,
      new AppError('NOT_FOUND', `Rota ${request.method} ${request.url.split('?')[0]} não existe.`),
      request,
      reply,
    ),
  );

  app.get(
    '/health',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['sistema'],
        summary: 'Verificação de vida (sem autenticação)',
        security: [],
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get('/api/v1/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  return app;
}

function sendProblem(
  ctx: AppContext,
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  authFailures?: FailureLimiter,
) {
  const problem = toProblem(error);
  if (problem.status === 401) authFailures?.fail(request.ip, ctx.clock.now());
  // Only a failure we did not mean is "erro interno" with its stack. A deliberate 5xx (a webhook without
  // its secret: 503) is an answer, and anyone on the internet can ask for it: logging each one would fill
  // the error log with stacks that look like failures.
  if (problem.status >= 500 && (!(error instanceof AppError) || problem.status === 500))
    ctx.log.error('erro interno', { url: request.url, error: String((error as Error)?.stack ?? error) });
  // RFC 9110 §10.2.3: a 429 (or 503) says when to come back.
  const retryAfter = problem.extra.retryAfterSeconds;
  if (typeof retryAfter === 'number' && retryAfter > 0)
    reply.header('retry-after', String(Math.ceil(retryAfter)));
  // Serialized here, never by the route's response schema: a problem must not depend on (or crash in)
  // the success shape a route declares.
  return reply
    .status(problem.status)
    .type('application/problem+json')
    .serializer(JSON.stringify)
    .send({
      type: 'about:blank',
      title: problem.title,
      status: problem.status,
      code: problem.code,
      detail: problem.detail,
      ...problem.extra,
    });
}

const TITLES: Record<number, string> = {
  400: 'Requisição inválida',
  401: 'Não autenticado',
  403: 'Acesso negado',
  404: 'Não encontrado',
  409: 'Conflito',
  413: 'Conteúdo grande demais',
  415: 'Tipo de conteúdo não suportado',
  422: 'Dados inválidos',
  429: 'Muitas tentativas',
  500: 'Erro interno',
  503: 'Indisponível',
};

function toProblem(error: unknown): {
  status: number;
  code: ErrorCode | string;
  title: string;
  detail: string;
  extra: Record<string, unknown>;
} {
  if (error instanceof AppError) {
    return {
      status: error.status,
      code: error.code,
      title: TITLES[error.status] ?? 'Erro',
      detail: error.message,
      extra: error.extra,
    };
  }
  const fe = error as FastifyError;
  if (fe.validation) {
    const errors = validationErrors(fe.validationContext ?? 'body', fe.validation);
    const detail = 'Dados inválidos — ' + errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    return { status: 422, code: 'VALIDATION_FAILED', title: TITLES[422]!, detail, extra: { errors } };
  }
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return {
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      title: TITLES[413]!,
      detail: 'O corpo da requisição é grande demais.',
      extra: {},
    };
  }
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return {
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      title: TITLES[415]!,
      detail: 'Tipo de conteúdo não suportado nesta rota.',
      extra: {},
    };
  }
  if (
    fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    (fe.statusCode === 400 && fe instanceof SyntaxError)
  ) {
    return {
      status: 400,
      code: 'BAD_REQUEST',
      title: TITLES[400]!,
      detail: 'JSON inválido no corpo da requisição.',
      extra: {},
    };
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return {
      status: fe.statusCode,
      code: 'BAD_REQUEST',
      title: TITLES[fe.statusCode] ?? 'Erro',
      detail: 'Requisição inválida.',
      extra: {},
    };
  }
  return {
    status: 500,
    code: 'INTERNAL',
    title: TITLES[500]!,
    detail: 'Erro interno. A equipe foi avisada pelo log.',
    extra: {},
  };
}

type AjvError = { keyword: string; instancePath: string; params: Record<string, unknown>; message?: string };

/**
 * Ajv's errors in pt-BR, one per field and reason. A literal union (`Type.Union([Type.Literal('a'), …])`)
 * fails as one `const` error per member plus an `anyOf`: they become a single "deve ser um destes".
 */
export function validationErrors(context: string, raw: readonly unknown[]): FieldError[] {
  const list = raw as AjvError[];
  const allowed = new Map<string, unknown[]>();
  for (const v of list) {
    if (v.keyword !== 'const' && v.keyword !== 'enum') continue;
    const values = v.keyword === 'const' ? [v.params.allowedValue] : (v.params.allowedValues as unknown[]);
    allowed.set(v.instancePath, [...(allowed.get(v.instancePath) ?? []), ...values]);
  }
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const v of list) {
    const field = fieldOf(context, v.instancePath, v.params ?? {});
    let message: string;
    if (allowed.has(v.instancePath) && ['const', 'enum', 'anyOf', 'oneOf'].includes(v.keyword)) {
      const values = allowed.get(v.instancePath)!;
      const onlyNull = list.some((o) => o.instancePath === v.instancePath && o.params?.type === 'null');
      message = `deve ser um destes: ${[...new Set(values)].map(String).join(', ')}${onlyNull ? ' (ou null)' : ''}`;
    } else if (
      v.keyword === 'type' &&
      v.params?.type === 'null' &&
      list.some((o) => o.instancePath === v.instancePath && o.keyword !== 'type' && o !== v)
    ) {
      continue; // the null branch of a nullable field: the other branch's reason says it better
    } else {
      message = translateAjv(v.keyword, v.params ?? {});
    }
    const key = `${field}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field, message });
  }
  return out;
}

/**
 * Two validators: query strings and path parameters arrive as text and are coerced ("10" → 10,
 * one value → list); JSON bodies are validated as sent — coercion would turn `null` into `""` for a
 * `string | null` field, `"10"` into 10 — so a body that a GET returned can be sent back as it is.
 */
type Validate = ((data: unknown) => boolean) & { errors?: FastifySchemaValidationError[] | null };
type Ajv = { compile(schema: unknown): Validate };
let validators: { body: Ajv; text: Ajv } | undefined;

function ajvs(): { body: Ajv; text: Ajv } {
  if (validators) return validators;
  // Fastify's own Ajv (the one its default compiler uses), without adding a dependency of ours.
  const fastifyRequire = createRequire(import.meta.resolve('fastify'));
  const compilerRequire = createRequire(fastifyRequire.resolve('@fastify/ajv-compiler'));
  const AjvClass = compilerRequire('ajv').default as new (options: Record<string, unknown>) => Ajv;
  const addFormats = compilerRequire('ajv-formats') as (ajv: Ajv) => void;
  const make = (coerceTypes: false | 'array') => {
    // Unknown fields are rejected, not silently dropped.
    const ajv = new AjvClass({
      removeAdditional: false,
      coerceTypes,
      useDefaults: true,
      allErrors: true,
      strict: false,
    });
    addFormats(ajv);
    return ajv;
  };
  validators = { body: make(false), text: make('array') };
  return validators;
}

function validatorCompiler() {
  const { body, text } = ajvs();
  return ({ schema, httpPart }: { schema: unknown; httpPart?: string }) =>
    (httpPart === 'body' ? body : text).compile(schema);
}

const compiledBodies = new WeakMap<object, Validate>();

/**
 * Validates a body built by the handler (a PATCH merged into the current resource) with the same
 * validator and the same pt-BR messages as a body received: 422 VALIDATION_FAILED otherwise.
 */
export function checkBody<T extends TSchema>(schema: T, value: unknown): Static<T> {
  let validate = compiledBodies.get(schema);
  if (!validate) {
    validate = ajvs().body.compile(schema);
    compiledBodies.set(schema, validate);
  }
  if (!validate(value)) throw validationFailed(validationErrors('body', validate.errors ?? []));
  return value as Static<T>;
}

function fieldOf(context: string, instancePath: string, params: Record<string, unknown>): string {
  const path = instancePath.replace(/^\//, '').replace(/\//g, '.');
  const extra = (params.missingProperty ?? params.additionalProperty) as string | undefined;
  const full = [path, extra].filter(Boolean).join('.');
  return context === 'body' ? full || '(corpo)' : `${context}.${full}`.replace(/\.$/, '');
}

function translateAjv(keyword: string, params: Record<string, unknown>): string {
  switch (keyword) {
    case 'required':
      return 'campo obrigatório';
    case 'additionalProperties':
      return 'campo não permitido';
    case 'type':
      return `deve ser do tipo ${({ string: 'texto', number: 'número', integer: 'inteiro', boolean: 'booleano', object: 'objeto', array: 'lista' } as Record<string, string>)[String(params.type)] ?? params.type}`;
    case 'minLength':
      return `deve ter ao menos ${params.limit} caractere(s)`;
    case 'maxLength':
      return `deve ter no máximo ${params.limit} caracteres`;
    case 'minimum':
      return `deve ser no mínimo ${params.limit}`;
    case 'maximum':
      return `deve ser no máximo ${params.limit}`;
    case 'enum':
      return `deve ser um destes: ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'const':
      return `deve ser ${String(params.allowedValue)}`;
    case 'minItems':
      return `deve ter ao menos ${params.limit} item(ns)`;
    case 'maxItems':
      return `deve ter no máximo ${params.limit} itens`;
    case 'exclusiveMinimum':
      return `deve ser maior que ${params.limit}`;
    case 'exclusiveMaximum':
      return `deve ser menor que ${params.limit}`;
    case 'multipleOf':
      return `deve ser múltiplo de ${params.multipleOf}`;
    case 'uniqueItems':
      return 'não pode ter itens repetidos';
    case 'pattern':
    case 'format':
      return 'formato inválido';
    case 'anyOf':
    case 'oneOf':
      return 'não corresponde a nenhum formato aceito';
    default:
      // Never Ajv's English text: a keyword without a translation gets a plain reason.
      return 'valor inválido';
  }
}
