import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { principalOf } from '../../platform/http.ts';
import { IdParams, literals } from '../../platform/http-schemas.ts';
import { can, ROLES } from './identity.rules.ts';
import { createApiTokenInTenantOf, listApiTokens, revokeApiToken } from './identity.service.ts';
import { limitsRoutes } from './limits.routes.ts';

/** A token's role: one schema for the token created and the tokens listed. */
const RoleSchema = literals(ROLES);

const TokenCreated = Type.Object({
  id: Type.String(),
  token: Type.String({ description: 'Mostrado só nesta resposta; guardamos apenas o hash.' }),
  role: RoleSchema,
  creditorId: Type.Union([Type.String(), Type.Null()]),
  tenantSlug: Type.String(),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  person: Type.Union([Type.String(), Type.Null()], {
    description: 'a pessoa que usa o token (e-mail ou nome); aprovações comparam pessoas (quatro olhos)',
  }),
});

const TokenItem = Type.Object({
  id: Type.String(),
  role: RoleSchema,
  creditorId: Type.Union([Type.String(), Type.Null()]),
  label: Type.Union([Type.String(), Type.Null()]),
  person: Type.Union([Type.String(), Type.Null()], { description: 'a pessoa que usa o token' }),
  createdAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  expired: Type.Boolean(),
});

export function identityRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    await app.register(limitsRoutes(ctx));
    app.post(
      '/api/v1/tokens',
      {
        schema: {
          tags: ['acesso'],
          summary: 'Cria um token de API no tenant de quem chama (somente admin)',
          body: Type.Object(
            {
              role: literals(ROLES),
              creditorId: Type.Optional(Type.String()),
              label: Type.Optional(Type.String({ maxLength: 200 })),
              person: Type.Optional(
                Type.String({
                  maxLength: 200,
                  description:
                    'a pessoa que vai usar o token (e-mail ou nome). Quatro olhos: quem pediu uma aprovação não a decide nem com outro token da mesma pessoa',
                }),
              ),
              expiresAt: Type.Optional(
                Type.String({
                  format: 'date-time',
                  description: 'validade (RFC 3339 com fuso); depois dela → 401',
                }),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 201: TokenCreated },
        },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        if (!can(principal, 'tokens:write'))
          throw new AppError('FORBIDDEN', 'Apenas administradores criam tokens.');
        const expiresAt = request.body.expiresAt ? new Date(request.body.expiresAt) : null;
        if (expiresAt && Number.isNaN(expiresAt.getTime())) {
          throw new AppError('VALIDATION_FAILED', 'expiresAt: data e hora inexistente.', {
            errors: [{ field: 'expiresAt', message: 'data e hora inexistente' }],
          });
        }
        const created = await createApiTokenInTenantOf(ctx.database.db, principal, {
          role: request.body.role,
          creditorId: request.body.creditorId ?? null,
          label: request.body.label ?? null,
          person: request.body.person ?? null,
          expiresAt,
          now: ctx.clock.now(),
        });
        return reply.status(201).send({
          id: created.id,
          token: created.token,
          role: created.role,
          creditorId: created.creditorId,
          tenantSlug: created.tenantSlug,
          expiresAt: created.expiresAt,
          person: created.person,
        });
      },
    );

    app.get(
      '/api/v1/tokens',
      {
        schema: {
          tags: ['acesso'],
          summary:
            'Tokens ativos do tenant (somente admin): id, papel, credor, descrição, criação, último uso, validade — nunca o segredo',
          response: { 200: Type.Object({ items: Type.Array(TokenItem) }) },
        },
      },
      async (request) => ({
        items: await listApiTokens(ctx.database.db, principalOf(request), { now: ctx.clock.now() }),
      }),
    );

    app.delete(
      '/api/v1/tokens/:id',
      {
        schema: {
          tags: ['acesso'],
          summary: 'Revoga um token na hora: a próxima chamada com ele recebe 401 (somente admin)',
          params: IdParams,
          response: { 204: Type.Null() },
        },
      },
      async (request, reply) => {
        await revokeApiToken(ctx.database.db, principalOf(request), {
          id: request.params.id,
          now: ctx.clock.now(),
        });
        return reply.status(204).send(null);
      },
    );
  };
}
