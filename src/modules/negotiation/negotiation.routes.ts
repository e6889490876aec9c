import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../platform/context.ts';
import { checkBody, principalOf } from '../../platform/http.ts';
import {
  acceptingReadOnly,
  IdParams,
  literals,
  mergePatch,
  patchOf,
  writableFields,
} from '../../platform/http-schemas.ts';
import {
  InterestMethodSchema,
  OfferBody,
  PolicyBody,
  PolicyFields,
  ProposalBody,
  SettingsSourceSchema,
} from './negotiation.schemas.ts';
import { createOffersForDebtor, getNegotiationSettings, putNegotiationSettings } from './offer.service.ts';
import { getPolicy, putPolicy } from './policy.service.ts';
import { decideProposal, listApprovals, submitProposal } from './proposal.service.ts';

const PolicyResponse = Type.Object({
  ...PolicyFields,
  creditorId: Type.String(),
  source: literals(['default', 'creditor']),
  updatedAt: Type.Union([Type.String(), Type.Null()]),
});

const OfferResponse = Type.Object({
  id: Type.String(),
  kind: literals(['lump_sum', 'installments']),
  installmentsCount: Type.Integer({ description: 'Parcelas mensais, sem contar a entrada' }),
  downPaymentCents: Type.Integer(),
  totalCents: Type.Integer(),
  discountCents: Type.Integer(),
  balanceCents: Type.Integer({ description: 'Saldo atualizado na data da proposta, antes do desconto' }),
  monthlyRatePercent: Type.Number(),
  effectiveAnnualRatePercent: Type.Number({
    description:
      'Taxa anual dos juros do parcelamento, ao lado do CET (CDC art. 52 II; art. 54-B): (1+i)^12−1 se compostos, 12·i se simples',
  }),
  interestMethod: InterestMethodSchema,
  cetAnnualPercent: Type.Number({
    description: 'Custo efetivo total ao ano (CDC arts. 52 e 54-B; calculado como na Res. CMN 4.881/2020)',
  }),
  validUntil: Type.String(),
  validityDays: Type.Integer({ description: 'Dias de validade da oferta (CDC art. 54-B: no mínimo 2)' }),
  includesPrescribedDebt: Type.Boolean({
    description: 'Inclui dívida prescrita: a explicação começa pelo aviso do Código Civil art. 191',
  }),
  schedule: Type.Array(
    Type.Object({ number: Type.Integer(), dueDate: Type.String(), amountCents: Type.Integer() }),
  ),
  explanation: Type.Array(Type.String()),
  simulation: Type.Boolean({
    description: 'Calculada para outra data que não hoje: só para ver, não pode ser aceita',
  }),
  debtIds: Type.Array(Type.String()),
});
const OffersResponse = Type.Object({
  offers: Type.Array(OfferResponse),
  simulation: Type.Boolean({ description: 'Propostas de simulação (pedidas com date diferente de hoje)' }),
  noAffordableOffer: Type.Boolean(),
  reason: Type.Optional(Type.String()),
  paymentCapCents: Type.Optional(Type.Integer()),
  taskId: Type.Optional(
    Type.String({
      description: 'Tarefa aberta para um agente quando nenhuma opção cabe (com o orçamento dado)',
    }),
  ),
  humanReviewRequired: Type.Optional(
    Type.Boolean({
      description:
        'Planos com juros retidos para uma pessoa apresentar (devedor vulnerável, CDC art. 54-C IV); revisão humana: POST /debtors/{id}/reviews (LGPD art. 20)',
    }),
  ),
  renegotiation: Type.Optional(
    Type.Object(
      { number: Type.Integer(), max: Type.Integer(), installmentsAllowed: Type.Boolean() },
      { description: 'Renegociação após acordo(s) rompido(s): nº desta e o limite da política' },
    ),
  ),
});

export function negotiationRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const Settings = Type.Object({
      minimumExistentialCents: Type.Integer(),
      source: SettingsSourceSchema,
      legalBasis: Type.String(),
    });
    app.get(
      '/api/v1/settings/negotiation',
      {
        schema: {
          tags: ['negociação'],
          summary: 'Mínimo existencial usado nas propostas (padrão R$ 600,00, Decreto 11.150/2022)',
          response: { 200: Settings },
        },
      },
      async (request) => getNegotiationSettings(ctx, principalOf(request)),
    );
    app.put(
      '/api/v1/settings/negotiation',
      {
        schema: {
          tags: ['negociação'],
          summary: 'Define o mínimo existencial do tenant (nunca abaixo de R$ 600,00)',
          body: acceptingReadOnly(
            Type.Object({ minimumExistentialCents: Type.Integer() }, { additionalProperties: false }),
            Settings,
          ),
          response: { 200: Settings },
        },
      },
      async (request) => putNegotiationSettings(ctx, principalOf(request), request.body),
    );
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
      async (request) => getPolicy(ctx, principalOf(request), { creditorId: request.params.id }),
    );
    app.put(
      '/api/v1/creditors/:id/policy',
      {
        schema: {
          tags: ['negociação'],
          summary: 'Define a política de negociação do credor (422 com os motivos se inválida)',
          params: IdParams,
          body: acceptingReadOnly(PolicyBody, PolicyResponse),
          response: { 200: PolicyResponse },
        },
      },
      async (request) =>
        putPolicy(ctx, principalOf(request), { creditorId: request.params.id, ...request.body }),
    );
    app.patch(
      '/api/v1/creditors/:id/policy',
      {
        schema: {
          tags: ['negociação'],
          summary:
            'Altera só os campos enviados sobre a política atual (ou a padrão), ex.: {"maxInstallments": 12}; mesmas regras do PUT',
          params: IdParams,
          body: patchOf(PolicyBody),
          response: { 200: PolicyResponse },
        },
      },
      async (request) => {
        const principal = principalOf(request);
        const current = await getPolicy(ctx, principal, { creditorId: request.params.id });
        const merged = mergePatch(writableFields(current, PolicyBody), request.body);
        return putPolicy(ctx, principal, { creditorId: request.params.id, ...checkBody(PolicyBody, merged) });
      },
    );
    app.post(
      '/api/v1/debtors/:id/offers',
      {
        schema: {
          tags: ['negociação'],
          summary:
            'Propostas para as dívidas em aberto de um devedor (à vista e parceladas), dentro da política',
          description:
            'Com monthlyBudgetCents nenhuma parcela passa do orçamento; com monthlyIncomeCents nenhuma deixa a pessoa ' +
            'abaixo do mínimo existencial (R$ 600,00). Sem opção que caiba: noAffordableOffer=true e o motivo.',
          params: IdParams,
          body: OfferBody,
          response: { 200: OffersResponse },
        },
      },
      async (request) =>
        createOffersForDebtor(ctx, principalOf(request), { debtorId: request.params.id, ...request.body }),
    );
    app.post(
      '/api/v1/debtors/:id/proposals',
      {
        schema: {
          tags: ['negociação'],
          summary:
            'Contraproposta do devedor (entrada + parcelas): aceita, em aprovação ou recusada com a opção mais próxima',
          params: IdParams,
          body: ProposalBody,
          response: {
            200: Type.Object({
              status: literals(['accepted', 'pending_approval', 'refused']),
              reason: Type.String(),
              offer: Type.Optional(OfferResponse),
              approvalId: Type.Optional(Type.String()),
              nearest: Type.Optional({
                ...OfferResponse,
                description: 'A opção mais próxima que a política permite, gravada: pode ser aceita pelo id',
              }),
            }),
          },
        },
      },
      async (request) =>
        submitProposal(ctx, principalOf(request), { debtorId: request.params.id, ...request.body }),
    );
    const Approval = Type.Object({
      id: Type.String(),
      status: literals(['pending', 'approved', 'rejected']),
      creditorId: Type.String(),
      debtorId: Type.String(),
      reason: Type.String(),
      extraDiscountPercent: Type.Number(),
      proposal: Type.Record(Type.String(), Type.Unknown()),
      requestedBy: Type.String(),
      decidedBy: Type.Union([Type.String(), Type.Null()]),
      decidedAt: Type.Union([Type.String(), Type.Null()]),
      offerId: Type.Union([Type.String(), Type.Null()]),
      createdAt: Type.String(),
      offer: Type.Optional(OfferResponse),
    });
    app.get(
      '/api/v1/approvals',
      {
        schema: {
          tags: ['negociação'],
          summary: 'Contrapropostas que pedem aprovação de um gestor',
          querystring: Type.Object(
            {
              status: Type.Optional(
                Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(Approval) }) },
        },
      },
      async (request) => listApprovals(ctx, principalOf(request), request.query),
    );
    for (const action of ['approve', 'reject'] as const) {
      app.post(
        `/api/v1/approvals/:id/${action}`,
        {
          schema: {
            tags: ['negociação'],
            summary:
              action === 'approve'
                ? 'Aprova: a contraproposta vira proposta aceitável'
                : 'Recusa a contraproposta',
            params: IdParams,
            body: Type.Optional(
              Type.Object(
                { note: Type.Optional(Type.String({ maxLength: 1000 })) },
                { additionalProperties: false },
              ),
            ),
            response: { 200: Approval },
          },
        },
        async (request) =>
          decideProposal(ctx, principalOf(request), {
            id: request.params.id,
            decision: action,
            note: request.body?.note ?? null,
          }),
      );
    }
  };
}
