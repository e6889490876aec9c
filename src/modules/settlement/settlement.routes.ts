import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../platform/context.ts';
import { renderHtml, renderPdf } from '../../platform/document.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { dispositionFor, principalOf } from '../../platform/http.ts';
import {
  fileResponse,
  IdParams,
  IsoDateString,
  literals,
  PageQuery,
  page,
  pageOf,
} from '../../platform/http-schemas.ts';
import { getInstallment } from '../agreements/index.ts';
import { chargeViews, pixQrPng, pixQrSvg, tenantsForWebhookSecret } from '../payments/index.ts';
import {
  dischargeLetter,
  installmentBoletoPdf,
  paymentReceipt,
  prepaymentBoletoPdf,
} from './documents.service.ts';
import { OVERPAYMENT_CAUSE_VALUES } from './overpayment.rules.ts';
import {
  assignPayment,
  classifyOverpayment,
  getPayment,
  listPayments,
  paymentsCsv,
  receiveCnab240,
  receivePixWebhook,
  withdrawFromAgreement,
} from './settlement.service.ts';

/** Why a payment was more than owed: the body that classifies it and the answer use the same values. */
const OverpaymentCauseSchema = literals(OVERPAYMENT_CAUSE_VALUES);

const Payment = Type.Object({
  id: Type.String(),
  source: literals(['pix', 'cnab240', 'manual']),
  externalId: Type.String({ description: 'endToEndId (Pix) ou banco:nosso número:movimento:data (CNAB)' }),
  status: literals(['applied', 'unmatched', 'review'], {
    description: 'review: Pix com horário distante da chegada, retido para uma pessoa conferir',
  }),
  amountCents: Type.Integer(),
  paidAt: Type.String(),
  txid: Type.Union([Type.String(), Type.Null()]),
  nossoNumero: Type.Union([Type.String(), Type.Null()]),
  installmentId: Type.Union([Type.String(), Type.Null()]),
  prepaymentId: Type.Union([Type.String(), Type.Null()], {
    description: 'Quitação antecipada cuja cobrança Pix foi paga (CDC art. 52 §2º)',
  }),
  agreementId: Type.Union([Type.String(), Type.Null()]),
  creditorId: Type.Union([Type.String(), Type.Null()]),
  appliedCents: Type.Integer({ description: 'Aplicado à parcela' }),
  debtAppliedCents: Type.Integer({ description: 'Abatido das dívidas (acordo rompido)' }),
  creditCents: Type.Integer({ description: 'Pago a mais: crédito a devolver' }),
  refundStatus: literals(['none', 'pending', 'refunded']),
  payerInfo: Type.Union([Type.String(), Type.Null()]),
  assignedBy: Type.Union([Type.String(), Type.Null()]),
  assignedAt: Type.Union([Type.String(), Type.Null()]),
  receivedAt: Type.String(),
});

const PaymentsQuery = Type.Object(
  {
    from: Type.Optional(IsoDateString),
    to: Type.Optional(IsoDateString),
    status: Type.Optional(literals(['applied', 'unmatched', 'review', 'credit'])),
    format: Type.Optional(literals(['json', 'csv'])),
    ...PageQuery,
  },
  { additionalProperties: false },
);

const PixWebhookResult = Type.Object({
  received: Type.Integer(),
  results: Type.Array(
    Type.Object({
      endToEndId: Type.String(),
      txid: Type.Union([Type.String(), Type.Null()]),
      status: literals(['applied', 'unmatched', 'review', 'duplicate', 'ambiguous'], {
        description:
          'review: horário distante da chegada, retido para revisão; ambiguous: segredo compartilhado por tenants e txid de nenhum deles (nada registrado)',
      }),
      paymentId: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});
const CnabResult = Type.Object({
  fileId: Type.Union([Type.String(), Type.Null()]),
  duplicateFile: Type.Boolean({ description: 'O mesmo arquivo já tinha sido recebido: nada aplicado' }),
  bankCode: Type.String(),
  entries: Type.Integer(),
  applied: Type.Integer(),
  unmatched: Type.Integer(),
  duplicates: Type.Integer(),
  ignored: Type.Integer(),
  results: Type.Array(
    Type.Object({
      line: Type.Integer(),
      nossoNumero: Type.String(),
      movementCode: Type.String(),
      movement: Type.String(),
      amountCents: Type.Integer(),
      status: literals(['applied', 'unmatched', 'review', 'duplicate', 'ignored']),
      paymentId: Type.Optional(Type.String()),
      message: Type.String(),
    }),
  ),
});

const MAX_CNAB_BYTES = 20 * 1024 * 1024;

export function settlementRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    // CNAB return files arrive as plain text (ASCII/Latin-1: bytes decoded one to one).
    app.addContentTypeParser(
      ['text/plain', 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: MAX_CNAB_BYTES },
      (_request, body, done) => done(null, (body as Buffer).toString('latin1')),
    );

    app.post(
      '/api/v1/webhooks/pix',
      {
        config: { auth: 'webhook' },
        schema: {
          tags: ['pagamentos'],
          summary:
            'Webhook do PSP (formato API Pix: {"pix":[{endToEndId, txid, valor, horario}]}); autenticado pelo cabeçalho X-Webhook-Secret (em produção, também mTLS no proxy). Cada endToEndId é aplicado uma única vez. Mais Pix que o limite da assessoria (maxPixPerWebhook, padrão 500) → 413, nada aplicado.',
          security: [],
          headers: Type.Object({ 'x-webhook-secret': Type.Optional(Type.String()) }),
          body: Type.Unknown(),
          response: { 200: PixWebhookResult },
        },
      },
      async (request) => {
        const tenantIds = await tenantsForWebhookSecret(
          ctx,
          request.headers['x-webhook-secret'] as string | undefined,
        );
        if (tenantIds.length === 0)
          throw new AppError('UNAUTHENTICATED', 'Segredo do webhook (X-Webhook-Secret) ausente ou inválido.');
        return receivePixWebhook(ctx, tenantIds, request.body);
      },
    );

    app.post(
      '/api/v1/payments/cnab240',
      {
        // The tenant's maxUploadBytes (settings/limits), never above what the parser holds in memory.
        config: { upload: MAX_CNAB_BYTES },
        schema: {
          tags: ['pagamentos'],
          summary:
            'Arquivo de retorno CNAB 240 (text/plain). Malformado → 422 com linha/posição de cada erro e nada aplicado; o mesmo arquivo duas vezes não aplica nada duas vezes.',
          response: { 200: CnabResult },
        },
      },
      async (request) => {
        if (typeof request.body !== 'string') {
          throw new AppError(
            'UNSUPPORTED_MEDIA_TYPE',
            'Envie o arquivo CNAB como corpo cru com Content-Type: text/plain.',
          );
        }
        return receiveCnab240(ctx, principalOf(request), { text: request.body });
      },
    );

    app.get(
      '/api/v1/payments',
      {
        schema: {
          tags: ['pagamentos'],
          summary:
            'Conciliação: pagamentos por período (dias de São Paulo) e situação; format=csv exporta tudo',
          querystring: PaymentsQuery,
          response: { 200: page(Payment) },
        },
      },
      async (request, reply) => {
        const { from, to, status, format } = request.query;
        const filter = { ...(from ? { from } : {}), ...(to ? { to } : {}), ...(status ? { status } : {}) };
        if (format === 'csv') {
          const name = `pagamentos${from ? `-${from}` : ''}${to ? `-${to}` : ''}.csv`;
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="${name}"`)
            .send((await collect(paymentsCsv(ctx, principalOf(request), filter))) as never);
        }
        return listPayments(ctx, principalOf(request), { ...filter, ...pageOf(request.query) });
      },
    );

    app.get(
      '/api/v1/payments/:id',
      {
        schema: {
          tags: ['pagamentos'],
          summary: 'Um pagamento',
          params: IdParams,
          response: { 200: Payment },
        },
      },
      async (request) => getPayment(ctx, principalOf(request), { id: request.params.id }),
    );

    app.post(
      '/api/v1/payments/:id/overpayment',
      {
        schema: {
          tags: ['pagamentos'],
          summary:
            'Registra por que um pagamento deixou crédito e calcula a devolução (CDC art. 42, parágrafo único: em dobro e corrigida quando a plataforma cobrou o indevido, salvo erro justificável documentado)',
          params: IdParams,
          body: Type.Object(
            {
              cause: OverpaymentCauseSchema,
              justifiable: Type.Optional(Type.Boolean()),
              note: Type.Optional(Type.String({ maxLength: 1000 })),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              paymentId: Type.String(),
              creditCents: Type.Integer(),
              cause: OverpaymentCauseSchema,
              justifiable: Type.Boolean(),
              refundDueCents: Type.Integer({
                description: 'Valor a devolver (em dobro e corrigido se indevido)',
              }),
              multiplier: Type.Integer(),
              correctionCents: Type.Integer(),
              missingMonths: Type.Array(Type.String()),
              explanation: Type.String(),
              legalBasis: Type.String(),
            }),
          },
        },
      },
      async (request) =>
        classifyOverpayment(ctx, principalOf(request), { paymentId: request.params.id, ...request.body }),
    );
    app.post(
      '/api/v1/agreements/:id/cancel',
      {
        schema: {
          tags: ['acordos'],
          summary:
            'Desistência em 7 dias de um acordo feito pela internet ou por telefone (CDC art. 49): volta ao estado anterior, sem multa, e o que foi pago vira crédito a devolver',
          params: IdParams,
          body: Type.Object(
            {
              reason: Type.Optional(
                Type.String({ maxLength: 500, description: 'Opcional: a lei não exige motivo' }),
              ),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              agreementId: Type.String(),
              status: Type.Literal('cancelled'),
              cancelledAt: Type.String(),
              refundCents: Type.Integer({ description: 'Tudo o que foi pago no acordo, a devolver' }),
              restoredAgreements: Type.Array(Type.String()),
              paymentsToRefund: Type.Integer(),
              legalBasis: Type.String(),
            }),
          },
        },
      },
      async (request) => withdrawFromAgreement(ctx, principalOf(request), { agreementId: request.params.id }),
    );

    app.post(
      '/api/v1/payments/:id/assign',
      {
        schema: {
          tags: ['pagamentos'],
          summary: 'Atribui um pagamento não identificado a uma parcela (registra quem fez)',
          params: IdParams,
          body: Type.Object({ installmentId: Type.String() }, { additionalProperties: false }),
          response: { 200: Payment },
        },
      },
      async (request) =>
        assignPayment(ctx, principalOf(request), {
          paymentId: request.params.id,
          installmentId: request.body.installmentId,
        }),
    );

    app.get(
      '/api/v1/payments/:id/receipt.pdf',
      {
        schema: {
          tags: ['pagamentos'],
          summary: 'Recibo do pagamento (PDF)',
          params: IdParams,
          response: { 200: fileResponse('application/pdf', 'Recibo em PDF') },
        },
      },
      async (request, reply) =>
        reply
          .type('application/pdf')
          .header('content-disposition', dispositionFor('inline', 'recibo', request.params.id, 'pdf'))
          .send(
            await renderPdf(
              await paymentReceipt(ctx, principalOf(request), { paymentId: request.params.id }),
            ),
          ),
    );
    app.get(
      '/api/v1/payments/:id/receipt.html',
      {
        schema: {
          tags: ['pagamentos'],
          summary: 'Recibo do pagamento (HTML)',
          params: IdParams,
          response: { 200: fileResponse('text/html', 'Recibo em HTML') },
        },
      },
      async (request, reply) =>
        reply
          .type('text/html; charset=utf-8')
          .send(
            renderHtml(await paymentReceipt(ctx, principalOf(request), { paymentId: request.params.id })),
          ),
    );
    app.get(
      '/api/v1/agreements/:id/discharge.pdf',
      {
        schema: {
          tags: ['pagamentos'],
          summary:
            'Carta de quitação (PDF) do acordo pago: credor (nome, CNPJ, endereço), devedor, dívidas e valores',
          params: IdParams,
          response: { 200: fileResponse('application/pdf', 'Carta de quitação em PDF') },
        },
      },
      async (request, reply) =>
        reply
          .type('application/pdf')
          .header(
            'content-disposition',
            dispositionFor('inline', 'carta-de-quitacao', request.params.id, 'pdf'),
          )
          .send(
            await renderPdf(
              await dischargeLetter(ctx, principalOf(request), { agreementId: request.params.id }),
            ),
          ),
    );

    const chargeOf = async (principalRequest: Parameters<typeof principalOf>[0], id: string) => {
      const principal = principalOf(principalRequest);
      const installment = await getInstallment(ctx, principal, { id });
      const charge = (await chargeViews(ctx.database.db, [installment.id])).get(installment.id);
      return { principal, installment, charge };
    };

    app.get(
      '/api/v1/installments/:id/boleto.pdf',
      {
        schema: {
          tags: ['pagamentos'],
          summary: 'Boleto da parcela (PDF com código de barras)',
          params: IdParams,
          response: { 200: fileResponse('application/pdf', 'Boleto em PDF') },
        },
      },
      async (request, reply) => {
        const { installmentId, pdf } = await installmentBoletoPdf(ctx, principalOf(request), {
          installmentId: request.params.id,
        });
        return reply
          .type('application/pdf')
          .header('content-disposition', dispositionFor('inline', 'boleto', installmentId, 'pdf'))
          .send(pdf);
      },
    );
    app.get(
      '/api/v1/agreements/:id/prepayments/:prepaymentId/boleto.pdf',
      {
        schema: {
          tags: ['pagamentos'],
          summary: 'Boleto de uma quitação antecipada em aberto (PDF; vence em validUntil, CDC art. 52 §2º)',
          params: Type.Object(
            { id: Type.String(), prepaymentId: Type.String() },
            { additionalProperties: false },
          ),
          response: { 200: fileResponse('application/pdf', 'Boleto em PDF') },
        },
      },
      async (request, reply) => {
        const { prepaymentId, pdf } = await prepaymentBoletoPdf(ctx, principalOf(request), {
          agreementId: request.params.id,
          prepaymentId: request.params.prepaymentId,
        });
        return reply
          .type('application/pdf')
          .header('content-disposition', dispositionFor('inline', 'boleto', prepaymentId, 'pdf'))
          .send(pdf);
      },
    );
    app.get(
      '/api/v1/installments/:id/pix.png',
      {
        schema: {
          tags: ['pagamentos'],
          summary: 'QR Code Pix da parcela (PNG)',
          params: IdParams,
          response: { 200: fileResponse('image/png', 'QR Code') },
        },
      },
      async (request, reply) => {
        const { charge } = await chargeOf(request, request.params.id);
        if (!charge?.pix?.brCode) throw notFound('Pix desta parcela (o credor tem chave Pix configurada?)');
        return reply.type('image/png').send(await pixQrPng(charge.pix.brCode));
      },
    );
    app.get(
      '/api/v1/installments/:id/pix.svg',
      {
        schema: {
          tags: ['pagamentos'],
          summary: 'QR Code Pix da parcela (SVG)',
          params: IdParams,
          response: { 200: fileResponse('image/svg+xml', 'QR Code') },
        },
      },
      async (request, reply) => {
        const { charge } = await chargeOf(request, request.params.id);
        if (!charge?.pix?.brCode) throw notFound('Pix desta parcela (o credor tem chave Pix configurada?)');
        return reply.type('image/svg+xml').send(await pixQrSvg(charge.pix.brCode));
      },
    );
  };
}

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const c of chunks) out += c;
  return out;
}
