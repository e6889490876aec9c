import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import { formatDocument } from '../../platform/br-documents.ts';
import type { AppContext } from '../../platform/context.ts';
import { principalOf } from '../../platform/http.ts';
import { acceptingReadOnly } from '../../platform/http-schemas.ts';
import type { AgencyProfile } from './agency.rules.ts';
import { AgencyAddress, AgencyBody } from './agency.schemas.ts';
import { putAgencyProfile, readAgencySettings } from './agency.service.ts';

const AgencyResponse = Type.Object({
  legalName: Type.String(),
  tradeName: Type.String(),
  document: Type.Union([Type.String({ description: 'CNPJ formatado (00.000.000/0000-00)' }), Type.Null()]),
  address: Type.Union([AgencyAddress, Type.Null()]),
  phone: Type.Union([Type.String({ description: 'E.164' }), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  whatsapp: Type.Union([Type.String(), Type.Null()]),
  website: Type.Union([Type.String(), Type.Null()]),
  configured: Type.Boolean({
    description: 'false enquanto vale o perfil padrão, que precisa ser trocado (CDC art. 42-A)',
  }),
  updatedAt: Type.Union([Type.String(), Type.Null()]),
});

/** The API shows the CNPJ formatted, like the documents print it. */
export function agencyView(p: AgencyProfile) {
  return { ...p, document: p.document ? formatDocument(p.document) : null };
}

export function agencyRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const db = ctx.database.db;
  return async (app) => {
    app.get(
      '/api/v1/settings/agency',
      {
        schema: {
          tags: ['configurações'],
          summary: 'Perfil da assessoria: nome nas mensagens, CNPJ e endereço nos documentos (admin)',
          response: { 200: AgencyResponse },
        },
      },
      async (request) => agencyView(await readAgencySettings(db, principalOf(request))),
    );
    app.put(
      '/api/v1/settings/agency',
      {
        schema: {
          tags: ['configurações'],
          summary: 'Altera o perfil da assessoria (admin; CDC art. 42-A)',
          body: acceptingReadOnly(AgencyBody, AgencyResponse),
          response: { 200: AgencyResponse },
        },
      },
      async (request) => agencyView(await putAgencyProfile(db, principalOf(request), request.body)),
    );
  };
}
