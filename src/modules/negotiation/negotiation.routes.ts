import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../platform/context.ts';
import { principalOf } from '../../platform/http.ts';
import { IdParams } from '../../platform/http-schemas.ts';
import { getPolicy, putPolicy } from './policy.service.ts';

const Band = Type.Object(
  {
    minDaysOverdue: Type.Integer({ minimum: 0 }),
    maxChargesDiscountPercent: Type.Number({
      description: 'Desconto máximo sobre encargos (multa, juros, correção, honorários)',
    }),
    maxPrincipalDiscountPercent: Type.Number({ description: 'Desconto máximo sobre o principal' }),
  },
  { additionalProperties: false },
);
const PolicyFields = {
  discountBands: Type.Array(Band),
  maxInstallments: Type.Integer(),
  minInstallmentCents: Type.Integer(),
  minDownPaymentPercent: Type.Number(),
  installmentMonthlyRatePercent: Type.Number({
    description: 'Juros ao mês no parcelamento (Tabela Price); 0 permitido',
  }),
  offerValidityDays: Type.Integer(),
  graceDays: Type.Integer({ description: 'Dias de tolerância antes da quebra do acordo' }),
  maxRenegotiations: Type.Integer(),
  agentMaxExtraDiscountPercent: Type.Number(),
  approvalAboveExtraDiscountPercent: Type.Number(),
};
const PolicyBody = Type.Object(PolicyFields, { additionalProperties: false });
const PolicyResponse = Type.Object({
  ...PolicyFields,
  creditorId: Type.String(),
  source: Type.String({ description: 'default | creditor' }),
  updatedAt: Type.Union([Type.String(), Type.Null()]),
});

export function negotiationRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/creditors/:id/policy',
      {
        schema: {
          tags: ['negociação'],
          summary: 'Política de negociação do credor (ou a padrão)',
          params: IdParams,
          response: { 200: PolicyResponse },
        },
      },
      async (request) => getPolicy(ctx, principalOf(request), request.params.id),
    );
    app.put(
      '/api/v1/creditors/:id/policy',
      {
        schema: {
          tags: ['negociação'],
          summary: 'Define a política de negociação do credor (422 com os motivos se inválida)',
          params: IdParams,
          body: PolicyBody,
          response: { 200: PolicyResponse },
        },
      },
      async (request) => putPolicy(ctx, principalOf(request), request.params.id, request.body),
    );
  };
}
