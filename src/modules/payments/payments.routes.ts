import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../platform/context.ts';
import { checkBody, principalOf } from '../../platform/http.ts';
import { IdParams, literals, mergePatch, patchOf } from '../../platform/http-schemas.ts';
import { PaymentSettingsBody } from './payments.schemas.ts';
import {
  getPaymentSettings,
  paymentSettingsAsInput,
  putPaymentSettings,
  setPixWebhookSecret,
} from './payments.service.ts';

const SettingsResponse = Type.Object({
  creditorId: Type.String(),
  pix: Type.Union([
    Type.Object({
      key: Type.String(),
      keyKind: literals(['cpf', 'cnpj', 'email', 'phone', 'evp']),
      receiverName: Type.String(),
      city: Type.String(),
      psp: Type.Optional(
        Type.Object({ baseUrl: Type.String(), clientId: Type.String(), clientSecretSet: Type.Boolean() }),
      ),
    }),
    Type.Null(),
  ]),
  boleto: Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()]),
  nextBoletoSequence: Type.Integer(),
  updatedAt: Type.String(),
});

export function paymentsRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.put(
      '/api/v1/creditors/:id/payment-settings',
      {
        schema: {
          tags: ['pagamentos'],
          summary:
            'Define como o credor recebe: chave Pix e conta de boleto (422 com todos os campos inválidos)',
          params: IdParams,
          body: PaymentSettingsBody,
          response: { 200: SettingsResponse },
        },
      },
      async (request) =>
        putPaymentSettings(ctx, principalOf(request), { creditorId: request.params.id, ...request.body }),
    );
    app.patch(
      '/api/v1/creditors/:id/payment-settings',
      {
        schema: {
          tags: ['pagamentos'],
          summary:
            'Altera só o que for enviado, ex.: {"pix": {"city": "Recife"}} ou {"boleto": null}; mesmas regras do PUT',
          params: IdParams,
          body: patchOf(PaymentSettingsBody),
          response: { 200: SettingsResponse },
        },
      },
      async (request) => {
        const principal = principalOf(request);
        const current = await paymentSettingsAsInput(ctx, principal, { creditorId: request.params.id });
        const merged = checkBody(PaymentSettingsBody, mergePatch(current, request.body));
        return putPaymentSettings(ctx, principal, { creditorId: request.params.id, ...merged });
      },
    );
    app.get(
      '/api/v1/creditors/:id/payment-settings',
      {
        schema: {
          tags: ['pagamentos'],
          summary: 'Configuração de recebimento do credor (o client_secret do PSP nunca é devolvido)',
          params: IdParams,
          response: { 200: SettingsResponse },
        },
      },
      async (request) => getPaymentSettings(ctx, principalOf(request), { creditorId: request.params.id }),
    );
    app.put(
      '/api/v1/settings/pix-webhook',
      {
        schema: {
          tags: ['pagamentos'],
          summary:
            'Segredo que o PSP envia em X-Webhook-Secret no webhook Pix (admin). Em produção, o proxy também exige mTLS.',
          body: Type.Object({ secret: Type.String() }, { additionalProperties: false }),
          response: { 204: Type.Null() },
        },
      },
      async (request, reply) => {
        await setPixWebhookSecret(ctx, principalOf(request), { secret: request.body.secret });
        return reply.code(204).send(null);
      },
    );
  };
}
