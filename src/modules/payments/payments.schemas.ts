import { type Static, Type } from '@fastify/type-provider-typebox';

/** What `PUT /creditors/{id}/payment-settings` accepts; the service takes `Static<>` of it. */
export const PixSettingsBody = Type.Object(
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
export const BoletoSettingsBody = Type.Object(
  {
    bank: Type.String({ description: '237 (Bradesco) ou 001 (Banco do Brasil)' }),
    agency: Type.String({ description: '4 dígitos, sem DV' }),
    account: Type.String({ description: 'Conta sem DV (Bradesco até 7 dígitos; BB até 8)' }),
    wallet: Type.String({ description: 'Carteira (2 dígitos)' }),
    convenio: Type.Optional(Type.String({ description: 'Convênio (Banco do Brasil: 4, 6 ou 7 dígitos)' })),
  },
  { additionalProperties: false },
);
export const PaymentSettingsBody = Type.Object(
  {
    pix: Type.Optional(Type.Union([PixSettingsBody, Type.Null()])),
    boleto: Type.Optional(Type.Union([BoletoSettingsBody, Type.Null()])),
  },
  { additionalProperties: false },
);
export type PaymentSettingsInput = Static<typeof PaymentSettingsBody>;
