import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../platform/context.ts';
import { checkBody, principalOf } from '../../platform/http.ts';
import {
  acceptingReadOnly,
  IdParams,
  literals,
  mergePatch,
  PageQuery,
  page,
  pageOf,
  patchOf,
  writableFields,
} from '../../platform/http-schemas.ts';
import { CreditorAddressSchema, CreditorBody } from './creditor.schemas.ts';
import { createCreditor, getCreditor, listCreditors, updateCreditor } from './creditor.service.ts';

const CreditorResponse = Type.Object({
  id: Type.String(),
  name: Type.String(),
  document: Type.String(),
  address: CreditorAddressSchema,
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
      async (request) => getCreditor(db, principalOf(request), { id: request.params.id }),
    );
    app.put(
      '/api/v1/creditors/:id',
      {
        schema: {
          tags: ['credores'],
          summary: 'Altera um credor',
          params: IdParams,
          body: acceptingReadOnly(CreditorBody, CreditorResponse),
          response: { 200: CreditorResponse },
        },
      },
      async (request) => updateCreditor(db, principalOf(request), { id: request.params.id, ...request.body }),
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
        const current = await getCreditor(db, principal, { id: request.params.id });
        const merged = mergePatch(writableFields(current, CreditorBody), request.body);
        return updateCreditor(db, principal, { id: request.params.id, ...checkBody(CreditorBody, merged) });
      },
    );
  };
}
