import { type Static, Type } from '@fastify/type-provider-typebox';

/** What `PUT /api/v1/settings/agency` accepts; the service takes `Static<>` of it. */
export const AgencyAddress = Type.Union([
  Type.String({ description: 'Endereço em uma linha', maxLength: 300 }),
  Type.Object(
    {
      street: Type.String({ maxLength: 200 }),
      number: Type.Optional(Type.String({ maxLength: 20 })),
      complement: Type.Optional(Type.String({ maxLength: 100 })),
      district: Type.Optional(Type.String({ maxLength: 100 })),
      city: Type.String({ maxLength: 100 }),
      state: Type.String({ maxLength: 2 }),
      zipCode: Type.String({ maxLength: 9 }),
    },
    { additionalProperties: false },
  ),
]);
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const AgencyBody = Type.Object(
  {
    legalName: Type.String({ maxLength: 200, description: 'Razão social' }),
    tradeName: Type.String({ maxLength: 100, description: 'Nome fantasia: o nome nas mensagens' }),
    document: Type.String({
      maxLength: 20,
      description: 'CNPJ numérico ou alfanumérico, com ou sem máscara',
    }),
    address: AgencyAddress,
    phone: Type.String({ maxLength: 30, description: 'Telefone de atendimento (fixo, celular ou 0800)' }),
    email: Type.String({ maxLength: 254 }),
    whatsapp: Type.Optional(Nullable(Type.String({ maxLength: 30 }))),
    website: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  },
  { additionalProperties: false },
);
export type AgencyProfileInput = Static<typeof AgencyBody>;
