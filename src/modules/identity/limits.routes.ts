import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../platform/context.ts';
import { checkBody, principalOf } from '../../platform/http.ts';
import { acceptingReadOnly, mergePatch, patchOf } from '../../platform/http-schemas.ts';
import { limitsAsInput, putLimitsSettings, readLimitsSettings } from './limits.service.ts';

const Limit = (description: string) =>
  Type.Optional(
    Type.Union([Type.Integer(), Type.Null()], { description: `${description}; null = o padrão` }),
  );

const LimitsBody = Type.Object(
  {
    requestsPerMinute: Limit('requisições por minuto na API da equipe, por processo (acima → 429)'),
    maxUploadBytes: Limit(
      'bytes por arquivo enviado: carteira (CSV), retorno CNAB, tabela de índice (acima → 413)',
    ),
    maxPixPerWebhook: Limit('Pix por notificação do webhook (acima → 413, nada aplicado)'),
  },
  { additionalProperties: false },
);

const Values = (description: string) =>
  Type.Object(
    {
      requestsPerMinute: Type.Integer(),
      maxUploadBytes: Type.Integer(),
      maxPixPerWebhook: Type.Integer(),
    },
    { description },
  );
const Nullable = Type.Union([Type.Integer(), Type.Null()]);

const LimitsResponse = Type.Object({
  requestsPerMinute: Type.Integer({ description: 'em vigor' }),
  maxUploadBytes: Type.Integer({ description: 'em vigor' }),
  maxPixPerWebhook: Type.Integer({ description: 'em vigor' }),
  custom: Type.Object(
    { requestsPerMinute: Nullable, maxUploadBytes: Nullable, maxPixPerWebhook: Nullable },
    { description: 'o que o administrador definiu; null = o padrão' },
  ),
  defaults: Values(
    'padrões do ambiente (TRATO_TENANT_REQUESTS_PER_MINUTE, TRATO_MAX_IMPORT_BYTES, TRATO_MAX_PIX_PER_WEBHOOK)',
  ),
  minimums: Values('o menor valor aceito'),
  maximums: Values('o maior valor aceito, definido pelo operador (TRATO_LIMIT_MAX_*)'),
  updatedAt: Type.Union([Type.String(), Type.Null()]),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
});

/** `/api/v1/settings/limits` (admin): what one tenant may take of a shared server. */
export function limitsRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/settings/limits',
      {
        schema: {
          tags: ['configurações'],
          summary:
            'Limites da assessoria: requisições por minuto, tamanho de arquivo, Pix por notificação (admin)',
          response: { 200: LimitsResponse },
        },
      },
      async (request) => readLimitsSettings(ctx, principalOf(request)),
    );
    app.put(
      '/api/v1/settings/limits',
      {
        schema: {
          tags: ['configurações'],
          summary:
            'Define os limites da assessoria (admin): cada um entre o mínimo e o máximo do operador, ou null (o padrão); valem na hora',
          body: acceptingReadOnly(LimitsBody, LimitsResponse),
          response: { 200: LimitsResponse },
        },
      },
      async (request) => putLimitsSettings(ctx, principalOf(request), request.body),
    );
    app.patch(
      '/api/v1/settings/limits',
      {
        schema: {
          tags: ['configurações'],
          summary: 'Altera só os limites enviados, ex.: {"maxPixPerWebhook": 100}; mesmas regras do PUT',
          body: patchOf(LimitsBody),
          response: { 200: LimitsResponse },
        },
      },
      async (request) => {
        const principal = principalOf(request);
        const current = await limitsAsInput(ctx, principal);
        const merged = checkBody(LimitsBody, mergePatch(current, request.body));
        return putLimitsSettings(ctx, principal, merged);
      },
    );
  };
}
