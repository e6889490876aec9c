import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { principalOf } from '../../platform/http.ts';
import { literals } from '../../platform/http-schemas.ts';
import { can, ROLES } from './identity.rules.ts';
import { createApiTokenInTenantOf } from './identity.service.ts';

const TokenCreated = Type.Object({
  id: Type.String(),
  token: Type.String({ description: 'Mostrado só nesta resposta; guardamos apenas o hash.' }),
  role: literals(ROLES),
  creditorId: Type.Union([Type.String(), Type.Null()]),
  tenantSlug: Type.String(),
});

export function identityRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
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
        const created = await createApiTokenInTenantOf(ctx.database.db, principal, {
          role: request.body.role,
          creditorId: request.body.creditorId ?? null,
          label: request.body.label ?? null,
        });
        return reply.status(201).send({
          id: created.id,
          token: created.token,
          role: created.role,
          creditorId: created.creditorId,
          tenantSlug: created.tenantSlug,
        });
      },
    );
  };
}
