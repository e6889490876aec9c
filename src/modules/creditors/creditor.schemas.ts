import { type Static, Type } from '@fastify/type-provider-typebox';

/**
 * What the creditor routes accept. The services take `Static<>` of these schemas, so the type a use case
 * receives is the one the route validates.
 */
const Percent = Type.Number({ minimum: 0, maximum: 100 });
const AgreedPercent = (description: string) =>
  Type.Optional(Type.Union([Type.Null(), Type.Number({ minimum: 0, maximum: 100 })], { description }));
export const CreditorTerms = Type.Object(
  {
    finePercent: AgreedPercent(
      'Multa prevista no contrato (%), ou null: o contrato não prevê multa (Código Civil arts. 408-409; padrão). O cálculo aplica o teto de 2% (CDC art. 52 §1º).',
    ),
    monthlyInterestPercent: AgreedPercent(
      'Juros de mora ao mês previstos no contrato (%, no máximo 1%: STJ Súmula 379), ou null: não previstos, vale a taxa legal (Código Civil art. 406, Lei 14.905/2024; padrão).',
    ),
    remuneratoryInterestPercent: AgreedPercent(
      'Só instituição financeira: juros remuneratórios do contrato ao mês após o atraso (Res. CMN 4.882/2020), numa linha própria do saldo.',
    ),
    correctionIndex: Type.Optional(
      Type.String({
        description:
          '"IPCA" (padrão: Código Civil art. 389), "INPC", "IGPM" ou "none" (o credor abre mão da correção)',
      }),
    ),
    correctionWaived: Type.Optional(
      Type.Boolean({
        description: 'true: o credor abre mão da correção monetária (o mesmo que correctionIndex "none")',
      }),
    ),
    feesPercent: Type.Optional({ ...Percent, description: 'Honorários (%), cobrados só se feesInContract' }),
    feesInContract: Type.Optional(
      Type.Boolean({
        description:
          'O contrato tem cláusula de honorários com reciprocidade (CDC art. 51 XII); cobrados só com advogado designado na dívida',
      }),
    ),
    financialInstitution: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const CreditorAddressSchema = Type.Union([
  Type.String({ description: 'Endereço em uma linha' }),
  Type.Object(
    {
      street: Type.String(),
      number: Type.Optional(Type.String()),
      complement: Type.Optional(Type.String()),
      district: Type.Optional(Type.String()),
      city: Type.String(),
      state: Type.String(),
      zipCode: Type.String(),
    },
    { additionalProperties: false },
  ),
]);
export const CreditorBody = Type.Object(
  {
    name: Type.String({ maxLength: 200 }),
    document: Type.String({ description: 'CNPJ (numérico ou alfanumérico) ou CPF, com ou sem máscara' }),
    address: CreditorAddressSchema,
    terms: Type.Optional(CreditorTerms),
    financialInstitution: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CreditorInput = Static<typeof CreditorBody>;
