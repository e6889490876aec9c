import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../platform/context.ts';
import { checkBody, principalOf } from '../../platform/http.ts';
import { IdParams, literals, mergePatch, patchOf } from '../../platform/http-schemas.ts';
import {
  getPaymentSettings,
  paymentSettingsAsInput,
  putPaymentSettings,
  setPixWebhookSecret,
} from './payments.service.ts';

const PixBody = Type.Object(
  {
    key: Type.String({ description: 'Chave Pix: CPF, CNPJ, e-mail, celular (+55…) ou aleatória (EVP)' }),
    receiverName: Type.String({ description: 'Nome do recebedor (até 25 caracteres, sem acentos no QR)' }),
    city: Type.String({ description: 'Cidade do recebedor (até 15 caracteres)' }),
    psp: Type.Optional(
      Type.Object(
        { baseUrl: Type.String(), clientId: Type.String(), clientSecret: Type.String() },
        { additionalProperties: false, description: 'API Pix do PSP (cobranças dinâmicas, cob)' },
      ),
    ),
  },
  { additionalProperties: false },
);
const BoletoBody = Type.Object(
  {
    bank: Type.String({ description: '237 (Bradesco) ou 001 (Banco do Brasil)' }),
    agency: Type.String({ description: '4 dígitos, sem DV' }),
    account: Type.String({ description: 'Conta sem DV (Bradesco até 7 dígitos; BB até 8)' }),
    wallet: Type.String({ description: 'Carteira (2 dígitos)' }),
    convenio: Type.Optional(Type.String({ description: 'Convênio (Banco do Brasil: 4, 6 ou 7 dígitos)' })),
  },
  { additionalProperties: false },
);
const SettingsBody = Type.Object(
  {
    pix: Type.Optional(Type.Union([PixBody, Type.Null()])),
    boleto: Type.Optional(Type.Union([BoletoBody, Type.Null()])),
  },
  { additionalProperties: false },
);
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
          body: SettingsBody,
          response: { 200: SettingsResponse },
        },
      },
      async (request) => putPaymentSettings(ctx, principalOf(request), request.params.id, request.body),
    );
    app.patch(
      '/api/v1/creditors/:id/payment-settings',
      {
        schema: {
          tags: ['pagamentos'],
          summary:
            'Altera só o que for enviado, ex.: {"pix": {"city": "Recife"}} ou {"boleto": null}; mesmas regras do PUT',
          params: IdParams,
          body: patchOf(SettingsBody),
          response: { 200: SettingsResponse },
        },
      },
      async (request) => {
        const principal = principalOf(request);
        const current = await paymentSettingsAsInput(ctx, principal, request.params.id);
        const merged = checkBody(SettingsBody, mergePatch(current, request.body));
        return putPaymentSettings(ctx, principal, request.params.id, merged);
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
      async (request) => getPaymentSettings(ctx, principalOf(request), request.params.id),
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
        await setPixWebhookSecret(ctx, principalOf(request), request.body.secret);
        return reply.code(204).send(null);
      },
    );
  };
}
