import {
  type FastifyPluginAsyncTypebox,
  type Static,
  type TObject,
  Type,
} from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { type DocumentModel, renderHtml, renderPdf } from '../../platform/document.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { acceptingReadOnly, fileResponse, IdParams } from '../../platform/http-schemas.ts';
import { pixQrSvg } from '../payments/index.ts';
import { dischargeLetter, paymentReceipt } from '../settlement/index.ts';
import {
  COOKIE_PATH,
  type PortalAuth,
  type PortalSession,
  PRE_COOKIE,
  SESSION_COOKIE,
} from './auth.service.ts';
import { PRE_IDENTIFICATION_SECONDS, SESSION_MAX_SECONDS } from './portal.rules.ts';
import * as s from './portal.schemas.ts';
import * as svc from './portal.service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The identified debtor of a portal route (auth: 'portal'). */
    portalSession?: PortalSession;
  }
}

const TAG = 'portal do devedor';
const V1 = '/api/portal/v1';

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const name = part.slice(0, i).trim();
    if (!(name in out)) out[name] = part.slice(i + 1).trim();
  }
  return out;
}

function cookie(
  name: string,
  value: string,
  options: { maxAge: number; secure: boolean; sameSite: 'Strict' | 'Lax' },
): string {
  return [
    `${name}=${value}`,
    `Path=${COOKIE_PATH}`,
    `Max-Age=${options.maxAge}`,
    'HttpOnly',
    `SameSite=${options.sameSite}`,
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

export function sessionOf(request: FastifyRequest): PortalSession {
  if (!request.portalSession) throw new AppError('UNAUTHENTICATED', 'Sessão do portal necessária.');
  return request.portalSession;
}

/** The kernel's `portal` authenticator: the session cookie, and X-CSRF-Token on every change. */
export function portalAuthenticator(auth: PortalAuth) {
  return async (request: FastifyRequest) => {
    const session = await auth.resolve(parseCookies(request.headers.cookie)[SESSION_COOKIE]);
    if (!session) {
      throw new AppError(
        'UNAUTHENTICATED',
        'Encerramos o acesso por segurança. Nada se perdeu: identifique-se de novo para continuar.',
      );
    }
    if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method)) {
      const header = request.headers['x-csrf-token'];
      auth.checkCsrf(session, Array.isArray(header) ? header[0] : header);
    }
    request.portalSession = session;
  };
}

function sendDocument(reply: FastifyReply, doc: DocumentModel, format: 'html' | 'pdf', filename: string) {
  if (format === 'html') return reply.type('text/html; charset=utf-8').send(renderHtml(doc));
  return renderPdf(doc).then((pdf) =>
    reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="${filename}.pdf"`)
      .send(pdf),
  );
}

const portal = { auth: 'portal' as const };
const pub = { auth: 'public' as const };
const noSecurity: never[] = [];

export function portalRoutes(
  ctx: AppContext,
  auth: PortalAuth,
  options: { secureCookies: boolean },
): FastifyPluginAsyncTypebox {
  return async (app) => {
    /** A Pix the debtor may pay, as its QR Code (SVG): the same text as its copia e cola. */
    const pixQrRoute = <P extends TObject>(
      path: string,
      summary: string,
      params: P,
      find: (session: PortalSession, params: Static<P>) => Promise<{ brCode: string }>,
    ) =>
      app.get(
        path,
        {
          config: portal,
          schema: {
            tags: [TAG],
            summary,
            security: noSecurity,
            params,
            response: { 200: fileResponse('image/svg+xml', 'QR Code Pix em SVG') },
          },
        },
        async (request, reply) => {
          const pix = await find(sessionOf(request), request.params as Static<P>);
          return reply.type('image/svg+xml').send(await pixQrSvg(pix.brCode));
        },
      );

    // Personal data never lands in a browser or proxy cache; pages are never framed.
    app.addHook('onSend', async (_request, reply, payload) => {
      reply.header('cache-control', 'no-store');
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
      return payload;
    });

    // ---- identification ------------------------------------------------------------------------

    app.get(
      '/l/:token',
      {
        config: pub,
        schema: { hide: true, params: Type.Object({ token: Type.String({ maxLength: 1024 }) }) },
      },
      async (request, reply) => {
        const result = await auth.linkEntry(request.params.token);
        const page = (status: number, title: string, text: string) =>
          reply
            .code(status)
            .type('text/html; charset=utf-8')
            .send(
              renderHtml({
                title,
                createdAt: ctx.clock.now(),
                blocks: [{ kind: 'paragraph', text: [text] }],
              }),
            );
        if (!result.ok) {
          return result.reason === 'expired'
            ? page(
                410,
                'Este link expirou',
                'Por segurança, os links valem por poucos dias. Responda NEGOCIAR à nossa mensagem e enviamos um novo, ou entre no portal com o seu CPF.',
              )
            : page(
                404,
                'Link inválido',
                'Confira se o endereço foi copiado inteiro, ou responda NEGOCIAR à nossa mensagem para receber um novo.',
              );
        }
        // The person is pre-identified (a short-lived, signed, httpOnly cookie) and still verifies.
        if (result.preToken) {
          reply.header(
            'set-cookie',
            cookie(PRE_COOKIE, result.preToken, {
              maxAge: PRE_IDENTIFICATION_SECONDS,
              secure: options.secureCookies,
              sameSite: 'Lax',
            }),
          );
        }
        return reply
          .code(303)
          .header('location', '/portal/?entrada=link')
          .type('text/html; charset=utf-8')
          .send(
            renderHtml({
              title: 'Vamos resolver juntos',
              createdAt: ctx.clock.now(),
              blocks: [{ kind: 'paragraph', text: ['Abrindo o portal…'] }],
            }),
          );
      },
    );

    app.get(
      `${V1}/auth/entry`,
      {
        config: pub,
        schema: {
          tags: [TAG],
          summary:
            'Antes da identificação: chegou por link? (primeiro nome e canais do código; nada da dívida)',
          security: noSecurity,
          response: { 200: s.EntryResponse },
        },
      },
      async (request) => {
        const { tenantId, ...entry } = await auth.entry(parseCookies(request.headers.cookie)[PRE_COOKIE]);
        return { ...entry, agency: await svc.agencyView(ctx, tenantId) };
      },
    );

    app.post(
      `${V1}/auth/start`,
      {
        config: pub,
        schema: {
          tags: [TAG],
          summary:
            'Envia um código de 6 números ao contato cadastrado (SMS, senão WhatsApp, senão e-mail). Mesma resposta e mesmo tempo para documento conhecido ou não; 429 com Retry-After no limite de tentativas',
          security: noSecurity,
          body: s.AuthStartBody,
          response: { 200: s.AuthStartResponse },
        },
      },
      async (request) =>
        auth.start(request.body, {
          ip: request.ip,
          preToken: parseCookies(request.headers.cookie)[PRE_COOKIE],
        }),
    );

    app.post(
      `${V1}/auth/verify`,
      {
        config: pub,
        schema: {
          tags: [TAG],
          summary:
            'Confere código (e data de nascimento, quando cadastrada): 200 + cookie de sessão e csrfToken; 401 se não conferir; 429 (Retry-After) bloqueado após 5 erros por 30 minutos ou no limite por IP',
          security: noSecurity,
          body: s.AuthVerifyBody,
          response: { 200: s.AuthVerifyResponse },
        },
      },
      async (request, reply) => {
        const cookies = parseCookies(request.headers.cookie);
        const { session, cookie: value } = await auth.verify(request.body, {
          ip: request.ip,
          preToken: cookies[PRE_COOKIE],
          sessionToken: cookies[SESSION_COOKIE],
        });
        reply.header('set-cookie', [
          cookie(SESSION_COOKIE, value, {
            maxAge: SESSION_MAX_SECONDS,
            secure: options.secureCookies,
            sameSite: 'Strict',
          }),
          cookie(PRE_COOKIE, '', { maxAge: 0, secure: options.secureCookies, sameSite: 'Lax' }),
        ]);
        const info = await svc.sessionInfo(ctx, session);
        return {
          csrfToken: session.csrfToken,
          expiresAt: session.expiresAt.toISOString(),
          firstName: info.firstName,
          maskedDocument: info.maskedDocument,
        };
      },
    );

    app.post(
      `${V1}/auth/logout`,
      {
        config: portal,
        schema: {
          tags: [TAG],
          summary: 'Encerra a sessão (204)',
          security: noSecurity,
          body: s.EmptyBody,
          response: { 204: Type.Null({ description: 'Sessão encerrada' }) },
        },
      },
      async (request, reply) => {
        await auth.logout(sessionOf(request));
        return reply
          .code(204)
          .header(
            'set-cookie',
            cookie(SESSION_COOKIE, '', { maxAge: 0, secure: options.secureCookies, sameSite: 'Strict' }),
          )
          .send(null);
      },
    );

    app.get(
      `${V1}/session`,
      {
        config: portal,
        schema: {
          tags: [TAG],
          summary: 'Quem está identificado: primeiro nome, documento mascarado, agência, fim da sessão',
          security: noSecurity,
          response: { 200: s.SessionResponse },
        },
      },
      async (request) => svc.sessionInfo(ctx, sessionOf(request)),
    );

    // ---- debts, offers, proposals ----------------------------------------------------------------

    app.get(
      `${V1}/debts`,
      {
        config: portal,
        schema: {
          tags: [TAG],
          summary:
            'Dívidas em aberto da pessoa nesta agência, por credor (CDC 42-A), com cada linha do saldo e a regra',
          security: noSecurity,
          response: { 200: s.DebtsResponse },
        },
      },
      async (request) => svc.listDebts(ctx, sessionOf(request)),
    );

    app.post(
      `${V1}/offers`,
      {
        config: portal,
        schema: {
          tags: [TAG],
          summary: 'Opções de hoje, marcando as que cabem no orçamento; se nada cabe, diz e oferece caminhos',
          security: noSecurity,
          body: s.OffersBody,
          response: { 200: s.OffersResponse },
        },
      },
      async (request) => svc.offersFor(ctx, sessionOf(request), request.body),
    );

    app.get(
      `${V1}/offers/:id/term`,
      {
        config: portal,
        schema: {
          tags: [TAG],
          summary: 'O termo completo de uma opção, antes do aceite ("li e concordo")',
          security: noSecurity,
          params: IdParams,
          response: { 200: s.OfferTermResponse },
        },
      },
      async (request) => svc.offerTermData(ctx, sessionOf(request), { offerId: request.params.id }),
    );

    app.post(
      `${V1}/proposals`,
      {
        config: portal,
        schema: {
          tags: [TAG],
          summary:
            'Contraproposta respondida na hora: aceita (offerId), para uma pessoa (answerBy) ou recusada (nearestOfferId)',
          security: noSecurity,
          body: s.ProposalBody,
          response: { 200: s.ProposalResponse },
        },
      },
      async (request) => svc.propose(ctx, sessionOf(request), request.body),
    );

    // ---- agreements ------------------------------------------------------------------------------

    app.post(
      `${V1}/agreements`,
      {
        config: portal,
        schema: {
          tags: [TAG],
          summary:
            'Aceita uma opção: 201 com as parcelas (Pix copia e cola, linha digitável); mesma Idempotency-Key → 200 com o mesmo acordo',
          security: noSecurity,
          headers: s.IdempotencyHeaders,
          body: s.AgreementBody,
          response: { 200: s.AgreementView, 201: s.AgreementView },
        },
      },
      async (request, reply) => {
        const { agreement, created } = await svc.createAgreement(ctx, sessionOf(request), {
          offerId: request.body.offerId,
          idempotencyKey: request.headers['idempotency-key'],
        });
        return reply.code(created ? 201 : 200).send(agreement);
      },
    );

    app.get(
      `${V1}/agreements`,
      {
        config: portal,
        schema: {
          tags: [TAG],
          summary: 'Os acordos da pessoa',
          security: noSecurity,
          response: { 200: s.AgreementsList },
        },
      },
      async (request) => svc.listAgreements(ctx, sessionOf(request)),
    );

    app.get(
      `${V1}/agreements/:id`,
      {
        config: portal,
        schema: {
          tags: [TAG],
          summary:
            'Um acordo da pessoa (de outra pessoa: 404): situação em palavras, próxima parcela, histórico, pagamentos',
          security: noSecurity,
          params: IdParams,
          response: { 200: s.AgreementView },
        },
      },
      async (request) => svc.getOwnAgreement(ctx, sessionOf(request), { agreementId: request.params.id }),
    );

    app.get(
      `${V1}/agreements/:id/status`,
      {
        config: portal,
        schema: {
          tags: [TAG],
          summary:
            'Situação leve para consulta a cada poucos segundos: paymentState muda quando um pagamento chega (qualquer processo do servidor)',
          security: noSecurity,
          params: IdParams,
          response: { 200: s.AgreementStatus },
        },
      },
      async (request) => svc.agreementStatus(ctx, sessionOf(request), { agreementId: request.params.id }),
    );

    for (const format of ['html', 'pdf'] as const) {
      app.get(
        `${V1}/agreements/:id/term${format === 'pdf' ? '.pdf' : ''}`,
        {
          config: portal,
          schema: {
            tags: [TAG],
            summary: `Termo do acordo (${format.toUpperCase()})`,
            security: noSecurity,
            params: IdParams,
            response: {
              200:
                format === 'pdf'
                  ? fileResponse('application/pdf', 'Termo em PDF')
                  : fileResponse('text/html', 'Termo em HTML'),
            },
          },
        },
        async (request, reply) =>
          sendDocument(
            reply,
            await svc.agreementTermDocument(ctx, sessionOf(request), { agreementId: request.params.id }),
            format,
            `termo-${request.params.id}`,
          ),
      );
    }

    app.get(
      `${V1}/agreements/:id/discharge.pdf`,
      {
        config: portal,
        schema: {
          tags: [TAG],
          summary: 'Carta de quitação (acordo pago)',
          security: noSecurity,
          params: IdParams,
          response: { 200: fileResponse('application/pdf', 'Carta de quitação em PDF') },
        },
      },
      async (request, reply) => {
        const session = sessionOf(request);
        const a = await svc.getOwnAgreement(ctx, session, { agreementId: request.params.id });
        return sendDocument(
          reply,
          await dischargeLetter(ctx, svc.actingPrincipal(session), { agreementId: a.id }),
          'pdf',
          `carta-de-quitacao-${a.id}`,
        );
      },
    );

    app.get(
      `${V1}/payments/:id/receipt.pdf`,
      {
        config: portal,
        schema: {
          tags: [TAG],
          summary: 'Recibo de um pagamento da pessoa',
          security: noSecurity,
          params: IdParams,
          response: { 200: fileResponse('application/pdf', 'Recibo em PDF') },
        },
      },
      async (request, reply) => {
        const session = sessionOf(request);
        const own = await svc.listAgreements(ctx, session);
        for (const item of own.items) {
          const a = await svc.getOwnAgreement(ctx, session, { agreementId: item.id });
          if (a.payments.some((p) => p.id === request.params.id)) {
            return sendDocument(
              reply,
              await paymentReceipt(ctx, svc.actingPrincipal(session), { paymentId: request.params.id }),
              'pdf',
              `recibo-${request.params.id}`,
            );
          }
        }
        throw notFound('Pagamento');
      },
    );

    pixQrRoute(
      `${V1}/installments/:id/pix.svg`,
      'QR Code Pix da parcela (SVG; o mesmo texto do copia e cola)',
      IdParams,
      (session, params) => svc.installmentPix(ctx, session, { installmentId: params.id }),
    );

    app.get(
      `${V1}/installments/:id/boleto.pdf`,
      {
        config: portal,
        schema: {
          tags: [TAG],
          summary:
            'Boleto da parcela (PDF: beneficiário com razão social e CNPJ, linha digitável, código de barras)',
          security: noSecurity,
          params: IdParams,
          response: { 200: fileResponse('application/pdf', 'Boleto em PDF') },
        },
      },
      async (request, reply) => {
        const { installmentId, pdf } = await svc.installmentBoleto(ctx, sessionOf(request), {
          installmentId: request.params.id,
        });
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="boleto-${installmentId}.pdf"`)
          .send(pdf);
      },
    );

    const InstallmentParams = Type.Object(
      { id: Type.String(), installmentId: Type.String() },
      { additionalProperties: false },
    );
    app.get(
      `${V1}/agreements/:id/installments/:installmentId/due-dates`,
      {
        config: portal,
        schema: {
          tags: [TAG],
          summary: 'Datas para as quais a parcela pode mudar (uma mudança por acordo, dentro da política)',
          security: noSecurity,
          params: InstallmentParams,
          response: { 200: s.DueDatesResponse },
        },
      },
      async (request) =>
        svc.dueDateOptions(ctx, sessionOf(request), {
          agreementId: request.params.id,
          installmentId: request.params.installmentId,
        }),
    );
    app.post(
      `${V1}/agreements/:id/installments/:installmentId/due-date`,
      {
        config: portal,
        schema: {
          tags: [TAG],
          summary:
            'Muda o vencimento da parcela para uma das datas permitidas; devolve o acordo com o novo cronograma',
          security: noSecurity,
          params: InstallmentParams,
          body: s.DueDateBody,
          response: { 200: s.AgreementView },
        },
      },
      async (request) =>
        svc.changeDueDate(ctx, sessionOf(request), {
          agreementId: request.params.id,
          installmentId: request.params.installmentId,
          dueDate: request.body.dueDate,
        }),
    );

    app.get(
      `${V1}/agreements/:id/payoff`,
      {
        config: portal,
        schema: {
          tags: [TAG],
          summary: 'Quitação antecipada com redução proporcional dos juros (CDC art. 52 §2º), com Pix',
          security: noSecurity,
          params: IdParams,
          querystring: s.PayoffQuery,
          response: { 200: s.PayoffResponse },
        },
      },
      async (request) =>
        svc.payoff(ctx, sessionOf(request), { agreementId: request.params.id, date: request.query.date }),
    );
    app.post(
      `${V1}/agreements/:id/prepayments`,
      {
        config: portal,
        schema: {
          tags: [TAG],
          summary:
            'Quitar antecipadamente as últimas n parcelas (todas = tudo) numa data, com Pix e boleto próprios (CDC art. 52 §2º)',
          security: noSecurity,
          params: IdParams,
          body: s.PrepaymentBody,
          response: { 201: s.PrepaymentResponse },
        },
      },
      async (request, reply) =>
        reply.code(201).send(
          await svc.createOwnPrepayment(ctx, sessionOf(request), {
            agreementId: request.params.id,
            ...request.body,
          }),
        ),
    );
    app.get(
      `${V1}/agreements/:id/prepayments`,
      {
        config: portal,
        schema: {
          tags: [TAG],
          summary: 'Minhas quitações antecipadas deste acordo (a mais recente primeiro), com o Pix',
          security: noSecurity,
          params: IdParams,
          response: { 200: s.PrepaymentsResponse },
        },
      },
      async (request) => svc.listOwnPrepayments(ctx, sessionOf(request), { agreementId: request.params.id }),
    );
    pixQrRoute(
      `${V1}/agreements/:id/payoff/pix.svg`,
      'QR Code Pix da quitação antecipada de hoje (SVG; o mesmo texto do copia e cola do payoff)',
      IdParams,
      (session, params) => svc.payoffPix(ctx, session, { agreementId: params.id }),
    );
    pixQrRoute(
      `${V1}/agreements/:id/prepayments/:prepaymentId/pix.svg`,
      'QR Code Pix de uma quitação antecipada em aberto (SVG; o mesmo texto do copia e cola)',
      Type.Object({ id: Type.String(), prepaymentId: Type.String() }, { additionalProperties: false }),
      (session, params) =>
        svc.prepaymentPix(ctx, session, { agreementId: params.id, prepaymentId: params.prepaymentId }),
    );
    app.get(
      `${V1}/agreements/:id/prepayments/:prepaymentId/boleto.pdf`,
      {
        config: portal,
        schema: {
          tags: [TAG],
          summary:
            'Boleto de uma quitação antecipada em aberto (PDF: beneficiário com razão social e CNPJ, linha digitável, código de barras; vence em validUntil)',
          security: noSecurity,
          params: Type.Object(
            { id: Type.String(), prepaymentId: Type.String() },
            { additionalProperties: false },
          ),
          response: { 200: fileResponse('application/pdf', 'Boleto em PDF') },
        },
      },
      async (request, reply) => {
        const { prepaymentId, pdf } = await svc.prepaymentBoleto(ctx, sessionOf(request), {
          agreementId: request.params.id,
          prepaymentId: request.params.prepaymentId,
        });
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="boleto-${prepaymentId}.pdf"`)
          .send(pdf);
      },
    );
    app.post(
      `${V1}/agreements/:id/cancel`,
      {
        config: portal,
        schema: {
          tags: [TAG],
          summary:
            'Desistência em até 7 dias (CDC art. 49): acordo cancelado sem multa, o que foi pago é devolvido',
          security: noSecurity,
          params: IdParams,
          body: s.EmptyBody,
          response: { 200: s.CancelResponse },
        },
      },
      async (request) => svc.cancelAgreement(ctx, sessionOf(request), { agreementId: request.params.id }),
    );
    app.post(
      `${V1}/reviews`,
      {
        config: portal,
        schema: {
          tags: [TAG],
          summary: 'Pedir que uma pessoa revise uma decisão automática (LGPD art. 20): tarefa para a equipe',
          security: noSecurity,
          body: s.ReviewBody,
          response: { 201: s.ReviewResponse },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await svc.askHumanReview(ctx, sessionOf(request), request.body)),
    );

    // ---- a person, a pause, a dispute, preferences, my data --------------------------------------

    app.post(
      `${V1}/disputes`,
      {
        config: portal,
        schema: {
          tags: [TAG],
          summary: '"Não reconheço esta dívida": a cobrança dela para na hora; protocolo e data da resposta',
          security: noSecurity,
          body: s.DisputeBody,
          response: { 201: s.DisputeResponse },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await svc.openDispute(ctx, sessionOf(request), request.body)),
    );

    app.get(
      `${V1}/callbacks/slots`,
      {
        config: portal,
        schema: {
          tags: [TAG],
          summary: 'Dias e horários em que podemos ligar (horário legal de contato do estado)',
          security: noSecurity,
          response: { 200: s.CallbackSlots },
        },
      },
      async (request) => svc.callbackSlots(ctx, sessionOf(request)),
    );
    app.post(
      `${V1}/callbacks`,
      {
        config: portal,
        schema: {
          tags: [TAG],
          summary: '"Falar com uma pessoa": janela preferida dentro do horário legal → tarefa para a equipe',
          security: noSecurity,
          body: s.CallbackBody,
          response: { 201: s.CallbackResponse },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await svc.requestCallback(ctx, sessionOf(request), request.body)),
    );

    app.post(
      `${V1}/hardship`,
      {
        config: portal,
        schema: {
          tags: [TAG],
          summary:
            '"Momento difícil": pausa mensagens e ligações de cobrança por 30 dias (e, se pedir, uma pessoa fala com você)',
          security: noSecurity,
          body: s.HardshipBody,
          response: { 201: s.HardshipResponse },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await svc.pauseForHardship(ctx, sessionOf(request), request.body)),
    );

    app.get(
      `${V1}/me/preferences`,
      {
        config: portal,
        schema: {
          tags: [TAG],
          summary: 'Canais de contato e pausas',
          security: noSecurity,
          response: { 200: s.PreferencesResponse },
        },
      },
      async (request) => svc.preferences(ctx, sessionOf(request)),
    );
    app.put(
      `${V1}/me/preferences`,
      {
        config: portal,
        schema: {
          tags: [TAG],
          summary: 'Liga ou desliga canais (optedOut: true = não quero mensagens por este canal)',
          security: noSecurity,
          body: acceptingReadOnly(s.PreferencesBody, s.PreferencesResponse),
          response: { 200: s.PreferencesResponse },
        },
      },
      async (request) => svc.setPreferences(ctx, sessionOf(request), request.body),
    );

    const myData = async (request: FastifyRequest, reply: FastifyReply, format: 'json' | 'pdf') => {
      const data = await svc.myData(ctx, sessionOf(request));
      if (format === 'json')
        return reply.header('content-disposition', 'attachment; filename="meus-dados.json"').send(data);
      return sendDocument(reply, myDataDocument(data, ctx.clock.now()), 'pdf', 'meus-dados');
    };
    app.get(
      `${V1}/me/data`,
      {
        config: portal,
        schema: {
          tags: [TAG],
          summary: 'Tudo o que guardamos sobre a pessoa (LGPD art. 18): JSON, ou PDF com ?format=pdf',
          security: noSecurity,
          querystring: s.MeDataQuery,
          response: { 200: s.MeDataResponse },
        },
      },
      async (request, reply) => myData(request, reply, request.query.format === 'pdf' ? 'pdf' : 'json'),
    );
    app.get(
      `${V1}/me/data.pdf`,
      {
        config: portal,
        schema: {
          tags: [TAG],
          summary: 'Meus dados em PDF',
          security: noSecurity,
          response: { 200: fileResponse('application/pdf', 'Meus dados em PDF') },
        },
      },
      async (request, reply) => myData(request, reply, 'pdf'),
    );

    // ---- public: is this really from us? --------------------------------------------------------

    app.get(
      `${V1}/verify-code/:code`,
      {
        config: pub,
        schema: {
          tags: [TAG],
          summary:
            '"É mesmo da gente?": o código de verificação impresso numa mensagem ou carta → agência, credor e data (nenhum detalhe da dívida)',
          security: noSecurity,
          params: Type.Object({ code: Type.String({ maxLength: 40 }) }, { additionalProperties: false }),
          response: { 200: s.VerifyCodeResponse },
        },
      },
      async (request) => {
        await auth.limitVerifyCode(request.ip);
        return svc.verifyIssuedCode(ctx, request.params.code);
      },
    );
  };
}

function myDataDocument(data: Awaited<ReturnType<typeof svc.myData>>, at: Date): DocumentModel {
  const p = data.person;
  return {
    title: 'Meus dados',
    subtitle: `Gerado em ${at.toISOString().slice(0, 10)} — ${data.controller.agency}`,
    createdAt: at,
    blocks: [
      { kind: 'heading', text: 'Quem é você para nós' },
      {
        kind: 'lines',
        lines: [
          `Nome: ${p.name}`,
          `Documento: ${p.document}`,
          `Nascimento: ${p.birthDate ?? 'não informado'}`,
          `E-mail: ${p.email ?? 'não informado'}`,
          `Telefone: ${p.phone ?? 'não informado'}`,
          `Cidade/UF: ${[p.city, p.state].filter(Boolean).join('/') || 'não informado'}`,
        ],
      },
      { kind: 'heading', text: 'Dívidas' },
      {
        kind: 'table',
        header: ['Contrato', 'Vencimento', 'Valor original', 'Situação'],
        rows: data.debts.map((d) => [
          d.contract,
          d.dueDate,
          (d.originalAmountCents / 100).toFixed(2),
          d.status,
        ]),
      },
      { kind: 'heading', text: 'Acordos' },
      {
        kind: 'table',
        header: ['Acordo', 'Criado em', 'Total', 'Situação'],
        rows: data.agreements.map((a) => [
          a.id.slice(0, 8),
          a.createdAt.slice(0, 10),
          (a.totalCents / 100).toFixed(2),
          a.status,
        ]),
      },
      { kind: 'heading', text: 'Mensagens' },
      {
        kind: 'table',
        header: ['Data', 'Canal', 'Situação'],
        rows: data.contact.messages.map((m) => [m.date, m.channel, m.status]),
      },
      { kind: 'heading', text: 'Contestações' },
      {
        kind: 'table',
        header: ['Protocolo', 'Motivo', 'Resposta até'],
        rows: data.disputes.map((d) => [d.protocol, d.reason, d.answerBy]),
      },
    ],
  };
}
