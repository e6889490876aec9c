import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../platform/context.ts';
import { renderHtml, renderPdf } from '../../platform/document.ts';
import { dispositionFor, principalOf } from '../../platform/http.ts';
import { fileResponse, IdParams, literals } from '../../platform/http-schemas.ts';
import { InterestMethodSchema } from '../negotiation/index.ts';
import {
  AgreementOriginSchema,
  AgreementStatusSchema,
  InstallmentStatusSchema,
} from './agreement.schemas.ts';
import { acceptOffer, getAgreement, getAgreementEvents } from './agreement.service.ts';
import { getPayoff } from './early.service.ts';
import { createPrepayment, listPrepayments } from './prepayment.service.ts';
import { agreementTerm } from './term.service.ts';

/** A boleto of an installment or of a prepayment: the same fields. */
const BoletoSchema = Type.Object({
  barcode: Type.String({ description: '44 dígitos' }),
  linhaDigitavel: Type.String({ description: '47 dígitos' }),
  nossoNumero: Type.String(),
  dueDate: Type.String(),
  bank: Type.String(),
});

const Installment = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  dueDate: Type.String(),
  amountCents: Type.Integer(),
  paidCents: Type.Integer(),
  reductionCents: Type.Integer({
    description: 'Juros devolvidos numa quitação antecipada (CDC art. 52 §2º): pago + redução = valor',
  }),
  status: InstallmentStatusSchema,
  pix: Type.Union(
    [
      Type.Object({
        txid: Type.String(),
        brCode: Type.Union([Type.String(), Type.Null()]),
        expiresAt: Type.Optional(
          Type.Union([Type.String(), Type.Null()], {
            description:
              'Quando a cobrança registrada no PSP deixa de aceitar pagamento; null no código estático',
          }),
        ),
      }),
      Type.Null(),
    ],
    { description: 'Cobrança Pix: txid e BR Code (copia e cola); null se o credor não tem chave Pix' },
  ),
  boleto: Type.Union([BoletoSchema, Type.Null()], {
    description: 'Boleto; null se o credor não tem conta de boleto configurada',
  }),
});
const Agreement = Type.Object({
  id: Type.String(),
  status: AgreementStatusSchema,
  offerId: Type.String(),
  creditorId: Type.String(),
  debtorId: Type.String(),
  debtIds: Type.Array(Type.String()),
  balanceCents: Type.Integer(),
  discountCents: Type.Integer(),
  downPaymentCents: Type.Integer(),
  totalCents: Type.Integer(),
  monthlyRatePercent: Type.Number(),
  effectiveAnnualRatePercent: Type.Number({ description: 'Taxa anual (CDC art. 52 II; art. 54-B)' }),
  interestMethod: InterestMethodSchema,
  cetAnnualPercent: Type.Number(),
  origin: AgreementOriginSchema,
  includesPrescribedDebt: Type.Boolean(),
  cancelledAt: Type.Union([Type.String(), Type.Null()]),
  graceDays: Type.Integer(),
  renegotiationNumber: Type.Integer({ description: '0 no primeiro acordo; n na n-ésima renegociação' }),
  renegotiatedBy: Type.Union([Type.String(), Type.Null()], {
    description: 'Acordo que renegociou este, depois de rompido',
  }),
  createdAt: Type.String(),
  installments: Type.Array(Installment),
});

/** A prepayment (CDC art. 52 §2º): the portal's route answers the same shape. */
export const PrepaymentSchema = Type.Object({
  id: Type.String(),
  agreementId: Type.String(),
  installmentNumbers: Type.Array(Type.Integer(), {
    description: 'As parcelas que quita, da última para trás',
  }),
  faceCents: Type.Integer({ description: 'O que falta nelas pelo valor de face' }),
  amountCents: Type.Integer({ description: 'O que as quita se pago até validUntil' }),
  reductionCents: Type.Integer({ description: 'Juros devolvidos (redução proporcional)' }),
  date: Type.String({ description: 'AAAA-MM-DD: data do cálculo' }),
  validUntil: Type.String({ description: 'AAAA-MM-DD: último dia em que o valor vale' }),
  status: literals(['open', 'paid', 'expired', 'cancelled']),
  paidOn: Type.Union([Type.String(), Type.Null()]),
  pix: Type.Union(
    [Type.Object({ txid: Type.String(), brCode: Type.Union([Type.String(), Type.Null()]) }), Type.Null()],
    {
      description:
        'Pix desta quitação (o txid a identifica: o pagamento é aplicado sozinho); brCode null enquanto a cobrança é registrada no PSP; null sem chave Pix',
    },
  ),
  boleto: Type.Union([BoletoSchema, Type.Null()], {
    description:
      'Boleto desta quitação, com vencimento em validUntil (o nosso número a identifica no retorno CNAB 240); ' +
      'vale o dia em que foi pago (data da ocorrência do retorno), mesmo que o crédito chegue depois; null se o credor não tem conta de boleto',
  }),
  createdAt: Type.String(),
  legalBasis: Type.String(),
});

export const PrepaymentBody = Type.Object(
  {
    installments: Type.Integer({
      minimum: 1,
      description: 'Quantas parcelas quitar, contando da última (todas as em aberto = quitação total)',
    }),
    date: Type.Optional(
      Type.String({
        description: 'AAAA-MM-DD (padrão: hoje; até 30 dias à frente): o valor vale para esse dia',
      }),
    ),
  },
  { additionalProperties: false },
);

export function agreementRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/v1/agreements',
      {
        schema: {
          tags: ['acordos'],
          summary: 'Aceita uma proposta e cria o acordo (idempotente por Idempotency-Key)',
          description:
            '201 com o acordo criado; a mesma Idempotency-Key devolve o mesmo acordo (200); outro aceite da mesma ' +
            'proposta → 409; proposta vencida → 422 (OFFER_EXPIRED).',
          headers: Type.Object({
            'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          }),
          body: Type.Object(
            {
              offerId: Type.String(),
              origin: Type.Optional(AgreementOriginSchema),
            },
            { additionalProperties: false },
          ),
          response: { 200: Agreement, 201: Agreement },
        },
      },
      async (request, reply) => {
        const key = request.headers['idempotency-key'];
        const { agreement, created } = await acceptOffer(ctx, principalOf(request), {
          offerId: request.body.offerId,
          ...(request.body.origin ? { origin: request.body.origin } : {}),
          idempotencyKey: typeof key === 'string' && key !== '' ? key : null,
        });
        return reply.status(created ? 201 : 200).send(agreement);
      },
    );
    app.get(
      '/api/v1/agreements/:id',
      {
        schema: {
          tags: ['acordos'],
          summary: 'Um acordo com suas parcelas',
          params: IdParams,
          response: { 200: Agreement },
        },
      },
      async (request) => getAgreement(ctx, principalOf(request), { id: request.params.id }),
    );
    app.get(
      '/api/v1/agreements/:id/payoff',
      {
        schema: {
          tags: ['acordos'],
          summary:
            'Quitação antecipada numa data: valor, redução proporcional dos juros e validade (CDC art. 52 §2º)',
          description:
            'As parcelas ainda não vencidas são trazidas à data pela taxa do acordo (compostos na Tabela Price, ' +
            'simples sem capitalização), pelo tempo até cada vencimento: dias/30 ou, se der mais redução, os ' +
            'meses civis mais a fração do mês (a contagem do cronograma); as vencidas contam pelo valor de ' +
            'face. prepaymentOptions: quitar as ' +
            'últimas 1, 2, … parcelas (o plano termina antes). pix: copia e cola do valor, se o credor tem chave Pix.',
          params: IdParams,
          querystring: Type.Object(
            { date: Type.Optional(Type.String({ description: 'AAAA-MM-DD (padrão: hoje)' })) },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              agreementId: Type.String(),
              date: Type.String(),
              amountCents: Type.Integer({ description: 'Valor que quita o acordo na data' }),
              reductionCents: Type.Integer({ description: 'Juros devolvidos (redução proporcional)' }),
              validUntil: Type.String({ description: 'A cotação vale para pagamento nesta data' }),
              outstandingCents: Type.Integer({ description: 'Parcelas em aberto pelo valor de face' }),
              lines: Type.Array(
                Type.Object({
                  number: Type.Integer(),
                  dueDate: Type.String(),
                  remainingCents: Type.Integer(),
                }),
              ),
              prepaymentOptions: Type.Array(
                Type.Object({
                  installments: Type.Integer(),
                  numbers: Type.Array(Type.Integer()),
                  amountCents: Type.Integer(),
                  reductionCents: Type.Integer(),
                }),
                { description: 'Quitar as últimas 1, 2, … parcelas: o plano termina antes' },
              ),
              pix: Type.Union([Type.Object({ txid: Type.String(), brCode: Type.String() }), Type.Null()]),
              legalBasis: Type.String(),
            }),
          },
        },
      },
      async (request) =>
        getPayoff(ctx, principalOf(request), { agreementId: request.params.id, date: request.query.date }),
    );
    app.post(
      '/api/v1/agreements/:id/prepayments',
      {
        schema: {
          tags: ['acordos'],
          summary:
            'Quitação antecipada que se paga: quita as últimas n parcelas (todas = quitação total) numa data, com Pix e boleto próprios (CDC art. 52 §2º)',
          description:
            'O valor é o das parcelas trazidas à data pela taxa do acordo (o mesmo de GET .../payoff). O Pix tem txid desta ' +
            'quitação e o boleto (credor com conta de boleto) nosso número próprio e vencimento em validUntil: pago o valor ' +
            'exato até validUntil (boleto: pela data da ocorrência do retorno CNAB 240), as parcelas cobertas ficam pagas e o ' +
            'plano termina antes; pago antes da data cotada, as parcelas ficam pela cotação do dia pago e a diferença é ' +
            'crédito a devolver; outro valor ou depois da validade vira pagamento comum da próxima parcela (o excedente é ' +
            'crédito a devolver). Credor sem Pix e sem boleto: 409 PAYMENT_NOT_CONFIGURED, nada é gravado.',
          params: IdParams,
          body: PrepaymentBody,
          response: { 201: PrepaymentSchema },
        },
      },
      async (request, reply) =>
        reply.code(201).send(
          await createPrepayment(ctx, principalOf(request), {
            agreementId: request.params.id,
            ...request.body,
          }),
        ),
    );
    app.get(
      '/api/v1/agreements/:id/prepayments',
      {
        schema: {
          tags: ['acordos'],
          summary: 'Quitações antecipadas do acordo (a mais recente primeiro), com o Pix de cada uma',
          params: IdParams,
          response: { 200: Type.Object({ items: Type.Array(PrepaymentSchema) }) },
        },
      },
      async (request) => listPrepayments(ctx, principalOf(request), { agreementId: request.params.id }),
    );
    app.get(
      '/api/v1/agreements/:id/events',
      {
        schema: {
          tags: ['acordos'],
          summary: 'Histórico de eventos do acordo (quem, o quê, quando)',
          params: IdParams,
          response: {
            200: Type.Object({
              items: Type.Array(
                Type.Object({
                  type: Type.String(),
                  actor: Type.String(),
                  details: Type.Record(Type.String(), Type.Unknown()),
                  at: Type.String(),
                }),
              ),
            }),
          },
        },
      },
      async (request) => getAgreementEvents(ctx, principalOf(request), { agreementId: request.params.id }),
    );
    app.get(
      '/api/v1/agreements/:id/term.html',
      {
        schema: {
          tags: ['acordos'],
          summary:
            'Termo de Acordo (HTML): credor com CNPJ e endereço, dívidas, desconto, cronograma, CET, atraso e quebra',
          params: IdParams,
          response: { 200: fileResponse('text/html', 'Termo em HTML') },
        },
      },
      async (request, reply) => {
        const term = await agreementTerm(ctx, principalOf(request), { agreementId: request.params.id });
        return reply.type('text/html; charset=utf-8').send(renderHtml(term));
      },
    );
    app.get(
      '/api/v1/agreements/:id/term.pdf',
      {
        schema: {
          tags: ['acordos'],
          summary: 'Termo de Acordo (PDF, A4): o mesmo conteúdo do HTML',
          params: IdParams,
          response: { 200: fileResponse('application/pdf', 'Termo em PDF') },
        },
      },
      async (request, reply) => {
        const term = await agreementTerm(ctx, principalOf(request), { agreementId: request.params.id });
        return reply
          .type('application/pdf')
          .header(
            'content-disposition',
            dispositionFor('inline', 'termo-de-acordo', request.params.id, 'pdf'),
          )
          .send(await renderPdf(term));
      },
    );
  };
}
