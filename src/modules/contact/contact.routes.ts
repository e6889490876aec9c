import { type FastifyPluginAsyncTypebox, type TSchema, Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../platform/context.ts';
import { renderPdf } from '../../platform/document.ts';
import { AppError } from '../../platform/errors.ts';
import { checkBody, dispositionFor, principalOf } from '../../platform/http.ts';
import {
  acceptingReadOnly,
  fileResponse,
  IdParams,
  IsoDateString,
  literals,
  mergePatch,
  PageQuery,
  pageOf,
  patchOf,
  writableFields,
} from '../../platform/http-schemas.ts';
import { REPLY_INTENTS } from '../messaging/index.ts';
import { adaptersFor } from './adapters.ts';
import { sendAgentMessage } from './agent-message.service.ts';
import { createCadence, getCadence, listCadences, updateCadence } from './cadence.service.ts';
import {
  AgentMessageBody,
  CadenceBody,
  CadenceStepSchema,
  Channel,
  ContactFlagsBody,
  MessageModeSchema,
  SuppressionBody,
  TemplateBody,
  TemplateContentSchema,
  TemplateUpdate,
} from './contact.schemas.ts';
import {
  addSuppression,
  endSuppression,
  listMessages,
  listTasks,
  requestHumanReview,
  setContactFlags,
} from './contact.service.ts';
import { letterDocument } from './letter.service.ts';
import { contactPlan } from './plan.service.ts';
import {
  checkText,
  createTemplate,
  getTemplate,
  listTemplates,
  updateTemplate,
} from './templates.service.ts';
import { receiveInbound, receiveStatus } from './webhooks.service.ts';

const CadenceView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  creditorId: Type.Union([Type.String(), Type.Null()], { description: 'null: régua de todo o tenant' }),
  segment: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
  steps: Type.Array(CadenceStepSchema),
  updatedBy: Type.String(),
  updatedAt: Type.String(),
});
const TemplateView = Type.Object({
  id: Type.String(),
  creditorId: Type.Union([Type.String(), Type.Null()], { description: 'null: modelo de todo o tenant' }),
  key: Type.String(),
  name: Type.String(),
  channel: Channel,
  transactional: Type.Boolean(),
  version: Type.Integer(),
  content: TemplateContentSchema,
  updatedBy: Type.String(),
  updatedAt: Type.String(),
});
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const PlanView = Type.Object({
  debtorId: Type.String(),
  from: Type.String(),
  days: Type.Integer(),
  items: Type.Array(
    Type.Object({
      date: Type.String(),
      windowStart: Nullable(Type.String()),
      windowEnd: Nullable(Type.String()),
      channel: Channel,
      templateId: Type.String(),
      cadenceId: Type.String(),
      stepId: Type.String(),
      creditorId: Type.String(),
      status: literals(['planned', 'blocked']),
      reason: Type.Optional(Type.String()),
    }),
  ),
});
const MessagesView = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      date: Type.String(),
      channel: Channel,
      templateId: Nullable(Type.String()),
      templateVersion: Nullable(Type.Integer()),
      cadenceId: Nullable(Type.String()),
      stepId: Nullable(Type.String()),
      creditorId: Nullable(Type.String()),
      status: literals(['pending', 'sending', 'sent', 'deferred', 'suppressed', 'failed', 'task']),
      notBefore: Type.String(),
      reason: Nullable(Type.String()),
      legalBasis: Nullable(Type.String()),
      mode: Nullable(MessageModeSchema),
      deliveryStatus: Nullable(Type.String()),
      attempts: Type.Integer(),
      sentAt: Nullable(Type.String()),
    }),
  ),
  events: Type.Array(
    Type.Object({
      type: Type.String(),
      channel: Nullable(Type.String()),
      reason: Nullable(Type.String()),
      messageId: Nullable(Type.String()),
      details: Type.Unknown(),
      at: Type.String(),
    }),
    { description: 'Histórico de decisões (só para a agência)' },
  ),
  limit: Type.Integer(),
  offset: Type.Integer(),
});
const AgentMessageSent = Type.Object({
  id: Type.String(),
  status: Type.Literal('sent'),
  channel: literals(['email', 'sms', 'whatsapp']),
  sentAt: Type.String(),
});
const SuppressionView = Type.Object({
  id: Type.String(),
  kind: literals(['opt_out', 'dispute', 'hardship', 'repactuation']),
  channel: Nullable(Type.String()),
  until: Nullable(Type.String()),
  createdAt: Type.String(),
});
const ContactFlags = Type.Object({
  deceased: Type.Boolean(),
  vulnerable: Type.Boolean(),
  identityVerified: Type.Boolean(),
});
const TasksView = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: literals(['inbound_reply', 'phone_call', 'human_review', 'callback', 'dispute', 'help_request']),
      debtorId: Nullable(Type.String()),
      channel: Nullable(Type.String()),
      text: Nullable(Type.String()),
      details: Type.Record(Type.String(), Type.Unknown(), {
        description: 'O que o agente precisa para seguir (ex.: orçamento dado quando nenhuma opção coube)',
      }),
      messageId: Nullable(Type.String()),
      createdAt: Type.String(),
    }),
  ),
  limit: Type.Integer(),
  offset: Type.Integer(),
});
const StatusResult = Type.Object({ received: Type.Integer(), matched: Type.Integer() });
const InboundResult = Type.Object({
  received: Type.Integer(),
  results: Type.Array(
    Type.Object({
      from: Type.String(),
      intent: literals(REPLY_INTENTS, { description: 'opt_out | dispute | negotiate | other' }),
      debtors: Type.Integer(),
      duplicate: Type.Optional(
        Type.Boolean({
          description: 'true: esta mensagem do provedor já foi recebida; nada foi feito de novo',
        }),
      ),
    }),
  ),
});
const Finding = Type.Object({ phrase: Type.String(), reason: Type.String(), legalBasis: Type.String() });
const WEBHOOK_BODY_LIMIT = 256 * 1024;
const ProviderParams = Type.Object({ provider: Type.Union([Type.Literal('sms'), Type.Literal('whatsapp')]) });

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: string;
  }
}

export function contactRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const adapters = adaptersFor(ctx.config.messaging);
  return async (app) => {
    // Provider signatures are computed over the exact bytes received, so the raw body is kept.
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      request.rawBody = body as string;
      if ((body as string).trim() === '') return done(null, undefined);
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new AppError('BAD_REQUEST', 'JSON inválido no corpo da requisição.'), undefined);
      }
    });

    app.post(
      '/api/v1/templates',
      {
        schema: {
          tags: ['régua'],
          summary:
            'Cria um modelo (pt-BR, variáveis {{nome}}...); 422 TONE_REFUSED com findings [{phrase, reason, legalBasis}]',
          body: TemplateBody,
          response: { 201: TemplateView },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await createTemplate(ctx, principalOf(request), request.body)),
    );
    app.get(
      '/api/v1/templates',
      {
        schema: {
          tags: ['régua'],
          summary: 'Modelos (os do produto são criados na 1ª consulta)',
          response: { 200: Type.Object({ items: Type.Array(TemplateView) }) },
        },
      },
      async (request) => listTemplates(ctx, principalOf(request)),
    );
    app.get(
      '/api/v1/templates/:id',
      {
        schema: { tags: ['régua'], summary: 'Um modelo', params: IdParams, response: { 200: TemplateView } },
      },
      async (request) => getTemplate(ctx, principalOf(request), { id: request.params.id }),
    );
    app.put(
      '/api/v1/templates/:id',
      {
        schema: {
          tags: ['régua'],
          summary: 'Nova versão do modelo',
          params: IdParams,
          body: acceptingReadOnly(TemplateUpdate, TemplateView),
          response: { 200: TemplateView },
        },
      },
      async (request) =>
        updateTemplate(ctx, principalOf(request), { id: request.params.id, ...request.body }),
    );
    app.post(
      '/api/v1/templates/check',
      {
        schema: {
          tags: ['régua'],
          summary:
            'Controle de tom de um texto (modelo ou mensagem de agente): ameaça, constrangimento, falsa urgência…',
          body: Type.Object({ text: Type.String() }, { additionalProperties: false }),
          response: { 200: Type.Object({ ok: Type.Boolean(), findings: Type.Array(Finding) }) },
        },
      },
      async (request) => {
        principalOf(request);
        return checkText(request.body.text);
      },
    );

    app.post(
      '/api/v1/cadences',
      {
        schema: {
          tags: ['régua'],
          summary: 'Cria uma régua (passos por âncora, canal, modelo e condições)',
          body: CadenceBody,
          response: { 201: CadenceView },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await createCadence(ctx, principalOf(request), request.body)),
    );
    app.get(
      '/api/v1/cadences',
      {
        schema: {
          tags: ['régua'],
          summary: 'Réguas (a padrão do produto vem desativada)',
          response: { 200: Type.Object({ items: Type.Array(CadenceView) }) },
        },
      },
      async (request) => listCadences(ctx, principalOf(request)),
    );
    app.get(
      '/api/v1/cadences/:id',
      { schema: { tags: ['régua'], summary: 'Uma régua', params: IdParams, response: { 200: CadenceView } } },
      async (request) => getCadence(ctx, principalOf(request), { id: request.params.id }),
    );
    app.put(
      '/api/v1/cadences/:id',
      {
        schema: {
          tags: ['régua'],
          summary: 'Substitui a régua (inclusive ativar/desativar)',
          params: IdParams,
          body: acceptingReadOnly(CadenceBody, CadenceView),
          response: { 200: CadenceView },
        },
      },
      async (request) => updateCadence(ctx, principalOf(request), { id: request.params.id, ...request.body }),
    );
    app.patch(
      '/api/v1/cadences/:id',
      {
        schema: {
          tags: ['régua'],
          summary: 'Altera só os campos enviados, ex.: {"active": true}; mesmas regras do PUT',
          params: IdParams,
          body: patchOf(CadenceBody),
          response: { 200: CadenceView },
        },
      },
      async (request) => {
        const principal = principalOf(request);
        const current = await getCadence(ctx, principal, { id: request.params.id });
        const merged = mergePatch(writableFields(current, CadenceBody), request.body);
        return updateCadence(ctx, principal, { id: request.params.id, ...checkBody(CadenceBody, merged) });
      },
    );

    app.get(
      '/api/v1/debtors/:id/contact-plan',
      {
        schema: {
          tags: ['régua'],
          summary:
            'Contatos planejados do devedor no período (data, janela, canal, modelo) e os bloqueados com o motivo',
          params: IdParams,
          querystring: Type.Object(
            {
              from: Type.Optional(IsoDateString),
              days: Type.Optional(Type.Integer({ minimum: 1, maximum: 120 })),
              cadenceId: Type.Optional(Type.String({ description: 'prévia de uma régua, mesmo desativada' })),
            },
            { additionalProperties: false },
          ),
          response: { 200: PlanView },
        },
      },
      async (request) =>
        contactPlan(ctx, principalOf(request), { debtorId: request.params.id, ...request.query }),
    );
    app.get(
      '/api/v1/debtors/:id/messages',
      {
        schema: {
          tags: ['régua'],
          summary:
            'Mensagens do devedor: enviadas, adiadas e suprimidas, com o motivo; e o histórico de decisões',
          params: IdParams,
          querystring: Type.Object(PageQuery, { additionalProperties: false }),
          response: { 200: MessagesView },
        },
      },
      async (request) =>
        listMessages(ctx, principalOf(request), { debtorId: request.params.id, ...pageOf(request.query) }),
    );
    app.post(
      '/api/v1/debtors/:id/messages',
      {
        schema: {
          tags: ['régua'],
          summary:
            'Mensagem escrita por um agente: passa pelo controle de tom (422 TONE_REFUSED) e pelas travas (409 CONTACT_BLOCKED com motivo e próximo momento permitido)',
          description:
            'Com a identidade do contato verificada, o texto sai com a identificação do credor (CDC art. 42-A: e-mail e WhatsApp com nome, CPF/CNPJ e endereço; SMS com o nome e o link assinado) e, para devedor de RJ, PR ou PE, com o valor original e cada acréscimo (SMS: pelo link). Sem a identidade verificada, sai como foi escrito, sem nada da dívida.',
          params: IdParams,
          body: AgentMessageBody,
          response: { 201: AgentMessageSent },
        },
      },
      async (request, reply) =>
        reply.code(201).send(
          await sendAgentMessage(ctx, principalOf(request), {
            debtorId: request.params.id,
            ...request.body,
            adapters,
          }),
        ),
    );
    app.post(
      '/api/v1/debtors/:id/suppressions',
      {
        schema: {
          tags: ['régua'],
          summary:
            'Suspende contato: opt_out (por canal ou todos), dispute ("não reconheço"), hardship (até uma data), repactuation (repactuação, CDC art. 104-A)',
          params: IdParams,
          body: SuppressionBody,
          response: { 201: SuppressionView },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await addSuppression(ctx, principalOf(request), { debtorId: request.params.id, ...request.body }),
          ),
    );
    app.post(
      '/api/v1/debtors/:id/suppressions/:suppressionId/end',
      {
        schema: {
          tags: ['régua'],
          summary:
            'Encerra agora uma suspensão de contato (fica no histórico); numa repactuação, os encargos voltam a correr a partir de hoje, sem cobrar o período congelado',
          params: Type.Object(
            { id: Type.String(), suppressionId: Type.String() },
            { additionalProperties: false },
          ),
          body: Type.Object(
            {
              note: Type.Optional(Type.String({ maxLength: 500, description: 'Opcional: por que termina' })),
            },
            { additionalProperties: false },
          ),
          response: { 200: SuppressionView },
        },
      },
      async (request) =>
        endSuppression(ctx, principalOf(request), {
          debtorId: request.params.id,
          suppressionId: request.params.suppressionId,
          note: request.body.note,
        }),
    );
    app.put(
      '/api/v1/debtors/:id/contact-flags',
      {
        schema: {
          tags: ['régua'],
          summary: 'Falecido, vulnerável, identidade verificada (libera o conteúdo completo das mensagens)',
          params: IdParams,
          body: ContactFlagsBody,
          response: { 200: ContactFlags },
        },
      },
      async (request) =>
        setContactFlags(ctx, principalOf(request), { debtorId: request.params.id, ...request.body }),
    );
    app.get(
      '/api/v1/messages/:id/letter.pdf',
      {
        schema: {
          tags: ['régua'],
          summary:
            'Carta de um passo "letter" da régua, em PDF para impressão (credor identificado, CDC art. 42-A)',
          params: IdParams,
          response: { 200: fileResponse('application/pdf', 'Carta em PDF') },
        },
      },
      async (request, reply) =>
        reply
          .type('application/pdf')
          .header('content-disposition', dispositionFor('inline', 'carta', request.params.id, 'pdf'))
          .send(
            await renderPdf(
              await letterDocument(ctx, principalOf(request), { messageId: request.params.id }),
            ),
          ),
    );
    app.post(
      '/api/v1/debtors/:id/reviews',
      {
        schema: {
          tags: ['régua'],
          summary:
            'Pede que uma pessoa revise uma decisão automática (propostas, "nada cabe", contraproposta, contato): cria uma tarefa para os agentes (LGPD art. 20)',
          params: IdParams,
          body: Type.Object(
            {
              subject: Type.Union([
                Type.Literal('offers'),
                Type.Literal('no_affordable_offer'),
                Type.Literal('proposal'),
                Type.Literal('contact'),
              ]),
              reason: Type.Optional(Type.String({ maxLength: 500 })),
            },
            { additionalProperties: false },
          ),
          response: {
            201: Type.Object({
              id: Type.String(),
              status: Type.Literal('open'),
              subject: literals(['offers', 'no_affordable_offer', 'proposal', 'contact']),
              text: Type.String(),
              createdAt: Type.String(),
              replyBy: Type.String({ description: 'Prazo de resposta (LGPD art. 19: 15 dias)' }),
              legalBasis: Type.String(),
            }),
          },
        },
      },
      async (request, reply) =>
        reply.code(201).send(
          await requestHumanReview(ctx, principalOf(request), {
            debtorId: request.params.id,
            ...request.body,
          }),
        ),
    );
    app.get(
      '/api/v1/tasks',
      {
        schema: {
          tags: ['régua'],
          summary: 'Caixa dos agentes: respostas que pedem uma pessoa e ligações da régua',
          querystring: Type.Object(PageQuery, { additionalProperties: false }),
          response: { 200: TasksView },
        },
      },
      async (request) => listTasks(ctx, principalOf(request), pageOf(request.query)),
    );

    app.post(
      '/api/v1/webhooks/:provider/status',
      {
        config: { auth: 'webhook' },
        // A provider's callback is a few kilobytes; the cap keeps one caller from posting megabytes.
        bodyLimit: WEBHOOK_BODY_LIMIT,
        schema: {
          tags: ['régua'],
          summary: 'Status de entrega do provedor (sms: formato Zenvia; whatsapp: Cloud API)',
          params: ProviderParams,
          security: [],
          response: { 200: StatusResult },
        },
      },
      async (request) =>
        receiveStatus(
          ctx,
          request.params.provider,
          request.body,
          request.rawBody ?? '',
          header(request.headers['x-hub-signature-256']),
          header(request.headers['x-webhook-secret']),
        ),
    );
    app.post(
      '/api/v1/webhooks/:provider/inbound',
      {
        config: { auth: 'webhook' },
        // A provider's callback is a few kilobytes; the cap keeps one caller from posting megabytes.
        bodyLimit: WEBHOOK_BODY_LIMIT,
        schema: {
          tags: ['régua'],
          summary: 'Respostas do devedor: SAIR/PARAR/STOP, NEGOCIAR/ACORDO, ou caixa do agente',
          params: ProviderParams,
          security: [],
          response: { 200: InboundResult },
        },
      },
      async (request) =>
        receiveInbound(
          ctx,
          request.params.provider,
          request.body,
          request.rawBody ?? '',
          header(request.headers['x-hub-signature-256']),
          adapters,
          header(request.headers['x-webhook-secret']),
        ),
    );
    // The link in a message (/l/{token}) is served by the portal module: it pre-identifies the person.
    // Meta's webhook verification handshake (GET with hub.challenge).
    app.get(
      '/api/v1/webhooks/whatsapp/inbound',
      { config: { auth: 'webhook' }, schema: { hide: true } },
      async (request, reply) => {
        const q = request.query as Record<string, string>;
        const expected = ctx.config.messaging.whatsapp?.verifyToken;
        if (q['hub.mode'] !== 'subscribe' || !expected || q['hub.verify_token'] !== expected) {
          throw new AppError('FORBIDDEN', 'Token de verificação do webhook inválido.');
        }
        return reply.type('text/plain').send(q['hub.challenge'] ?? '');
      },
    );
  };
}

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
