import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../platform/context.ts';
import { checkBody, principalOf } from '../../platform/http.ts';
import {
  IdParams,
  literals,
  mergePatch,
  PageQuery,
  page,
  pageOf,
  patchOf,
  writableFields,
} from '../../platform/http-schemas.ts';
import { createCreditor, getCreditor, listCreditors, updateCreditor } from './creditor.service.ts';

const Percent = Type.Number({ minimum: 0, maximum: 100 });
const AgreedPercent = (description: string) =>
  Type.Optional(Type.Union([Type.Null(), Type.Number({ minimum: 0, maximum: 100 })], { description }));
const Terms = Type.Object(
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
const Address = Type.Union([
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
const CreditorBody = Type.Object(
  {
    name: Type.String({ maxLength: 200 }),
    document: Type.String({ description: 'CNPJ (numérico ou alfanumérico) ou CPF, com ou sem máscara' }),
    address: Address,
    terms: Type.Optional(Terms),
    financialInstitution: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const CreditorResponse = Type.Object({
  id: Type.String(),
  name: Type.String(),
  document: Type.String(),
  address: Address,
  terms: Type.Object({
    finePercent: Type.Union([Type.Number(), Type.Null()]),
    monthlyInterestPercent: Type.Union([Type.Number(), Type.Null()]),
    remuneratoryInterestPercent: Type.Union([Type.Number(), Type.Null()]),
    correctionIndex: literals(['none', 'IPCA', 'INPC', 'IGPM']),
    correctionWaived: Type.Boolean(),
    feesPercent: Type.Number(),
    feesInContract: Type.Boolean(),
    financialInstitution: Type.Boolean(),
  }),
  financialInstitution: Type.Boolean(),
  createdAt: Type.String(),
});

export function creditorRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const db = ctx.database.db;
  return async (app) => {
    app.post(
      '/api/v1/creditors',
      {
        schema: {
          tags: ['credores'],
          summary: 'Cadastra um credor',
          body: CreditorBody,
          response: { 201: CreditorResponse },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createCreditor(db, principalOf(request), request.body)),
    );
    app.get(
      '/api/v1/creditors',
      {
        schema: {
          tags: ['credores'],
          summary: 'Lista os credores visíveis a quem chama',
          querystring: Type.Object(PageQuery, { additionalProperties: false }),
          response: { 200: page(CreditorResponse) },
        },
      },
      async (request) => listCreditors(db, principalOf(request), pageOf(request.query)),
    );
    app.get(
      '/api/v1/creditors/:id',
      {
        schema: {
          tags: ['credores'],
          summary: 'Um credor',
          params: IdParams,
          response: { 200: CreditorResponse },
        },
      },
      async (request) => getCreditor(db, principalOf(request), request.params.id),
    );
    app.put(
      '/api/v1/creditors/:id',
      {
        schema: {
          tags: ['credores'],
          summary: 'Altera um credor',
          params: IdParams,
          body: CreditorBody,
          response: { 200: CreditorResponse },
        },
      },
      async (request) => updateCreditor(db, principalOf(request), request.params.id, request.body),
    );
    app.patch(
      '/api/v1/creditors/:id',
      {
        schema: {
          tags: ['credores'],
          summary: 'Altera só os campos enviados (ex.: {"terms": {"feesPercent": 5}}); mesmas regras do PUT',
          params: IdParams,
          body: patchOf(CreditorBody),
          response: { 200: CreditorResponse },
        },
      },
      async (request) => {
        const principal = principalOf(request);
        const current = await getCreditor(db, principal, request.params.id);
        const merged = mergePatch(writableFields(current, CreditorBody), request.body);
        return updateCreditor(db, principal, request.params.id, checkBody(CreditorBody, merged));
      },
    );
  };
}
