import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { AppContext } from './context.ts';
import { AppError, type ErrorCode } from './errors.ts';
import type { Principal } from './principal.ts';

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
  }
  interface FastifyContextConfig {
    auth?: AuthScheme;
    /** @deprecated same as `auth: 'public'`. */
    public?: boolean;
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
    ajv: {
      // Unknown fields are rejected, not silently dropped.
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorateRequest('principal', null);

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
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs')) route.config = { ...(route.config ?? {}), auth: 'public' };
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.addHook('onRequest', async (request) => {
    // No matching route: the not-found handler answers 404 and reveals nothing.
    if (!request.routeOptions.url) return;
    const scheme = authSchemeOf(request.routeOptions.config);
    if (scheme === 'public' || scheme === 'webhook') return;
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
  });

  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) =>
    sendProblem(ctx, error, request, reply),
  );
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      ctx,
      new AppError('NOT_FOUND', `Rota ${request.method} ${request.url.split('?')[0]} não existe.`),
      request,
      reply,
    ),
  );

  app.get('/health', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  return app;
}

function sendProblem(ctx: AppContext, error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const problem = toProblem(error);
  if (problem.status >= 500)
    ctx.log.error('erro interno', { url: request.url, error: String((error as Error)?.stack ?? error) });
  // RFC 9110 §10.2.3: a 429 (or 503) says when to come back.
  const retryAfter = problem.extra.retryAfterSeconds;
  if (typeof retryAfter === 'number' && retryAfter > 0)
    reply.header('retry-after', String(Math.ceil(retryAfter)));
  return reply
    .status(problem.status)
    .type('application/problem+json')
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
    const errors = fe.validation.map((v) => ({
      field: fieldOf(fe.validationContext ?? 'body', v.instancePath, v.params as Record<string, unknown>),
      message: translateAjv(v.keyword, v.params as Record<string, unknown>, v.message),
    }));
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

function fieldOf(context: string, instancePath: string, params: Record<string, unknown>): string {
  const path = instancePath.replace(/^\//, '').replace(/\//g, '.');
  const extra = (params.missingProperty ?? params.additionalProperty) as string | undefined;
  const full = [path, extra].filter(Boolean).join('.');
  return context === 'body' ? full || '(corpo)' : `${context}.${full}`.replace(/\.$/, '');
}

function translateAjv(
  keyword: string,
  params: Record<string, unknown>,
  fallback: string | undefined,
): string {
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
    case 'pattern':
    case 'format':
      return 'formato inválido';
    case 'anyOf':
    case 'oneOf':
      return 'não corresponde a nenhum formato aceito';
    default:
      return fallback ?? 'valor inválido';
  }
}
