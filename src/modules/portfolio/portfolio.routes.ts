import type { Readable } from 'node:stream';
import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { principalOf, uploadLimitOf, uploadTooLarge } from '../../platform/http.ts';
import { IdParams, literals, PageQuery, page, pageOf } from '../../platform/http-schemas.ts';
import { addAgentContact } from './contacts.service.ts';
import {
  DEBT_STATUSES,
  getDebt,
  getDebtorWithDebts,
  searchDebtors,
  setLawyer,
  toDebtView,
} from './debtors.service.ts';
import { importJob } from './import.jobs.ts';
import * as repo from './import.repository.ts';
import { getImport, importPortfolio, resolveImportTarget } from './import.service.ts';

const LineError = Type.Object({
  line: Type.Integer(),
  column: Type.Union([Type.String(), Type.Null()]),
  value: Type.Union([Type.String(), Type.Null()]),
  message: Type.String(),
});
const ImportReport = Type.Object(
  {
    importId: Type.String(),
    status: literals(['queued', 'running', 'completed', 'rejected', 'failed']),
    mode: literals(['all', 'partial']),
    lines: Type.Integer({ description: 'Linhas de dados lidas (sem o cabeçalho)' }),
    accepted: Type.Integer(),
    rejected: Type.Integer(),
    created: Type.Integer(),
    updated: Type.Integer(),
    unchanged: Type.Integer(),
    errors: Type.Array(LineError, { description: `Até 10.000 erros; errorsTotal traz a contagem exata` }),
    errorsTotal: Type.Integer(),
    warnings: Type.Array(Type.String()),
    lineWarnings: Type.Optional(
      Type.Array(LineError, {
        description:
          'Linhas importadas sem um contato opcional inválido (telefone, e-mail): linha, coluna, valor e motivo',
      }),
    ),
    lineWarningsTotal: Type.Optional(Type.Integer()),
    encoding: Type.Optional(Type.String()),
    delimiter: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);
const ImportRejected = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer({ description: '422 (application/problem+json)' }),
    code: Type.String(),
    detail: Type.String(),
    importStatus: Type.String(),
    ...Type.Omit(ImportReport, ['status']).properties,
  },
  {
    additionalProperties: true,
    description: 'Arquivo rejeitado: mesmo corpo do relatório, como problem+json',
  },
);
const Lawyer = Type.Object(
  {
    name: Type.String({ maxLength: 200 }),
    oab: Type.String({ maxLength: 30, description: 'Inscrição na OAB: UF e número, ex.: SP 123456' }),
    assignedOn: Type.String({ description: 'AAAA-MM-DD: honorários só a partir desta data' }),
  },
  { additionalProperties: false },
);
/** A debt's status, as every route that shows a debt answers it. */
const DebtStatusSchema = literals(DEBT_STATUSES);

const Debt = Type.Object({
  id: Type.String(),
  debtorId: Type.String(),
  creditorId: Type.String(),
  externalId: Type.String(),
  product: Type.Union([Type.String(), Type.Null()]),
  originalAmountCents: Type.Integer(),
  dueDate: Type.String(),
  status: DebtStatusSchema,
  brokenAgreements: Type.Integer({
    description: 'Acordos rompidos sobre esta dívida (limite de renegociações)',
  }),
  finePercent: Type.Union([Type.Number(), Type.Null()]),
  monthlyInterestPercent: Type.Union([Type.Number(), Type.Null()]),
  feesPercent: Type.Union([Type.Number(), Type.Null()]),
  fineNotAgreed: Type.Boolean({ description: 'O contrato desta dívida não prevê multa' }),
  interestNotAgreed: Type.Boolean({
    description: 'O contrato desta dívida não prevê juros (vale a taxa legal)',
  }),
  productType: Type.Union([Type.String(), Type.Null()]),
  prescriptionInterruptedOn: Type.Union([Type.String(), Type.Null()]),
  lawyer: Type.Union([Lawyer, Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const DebtorFields = {
  id: Type.String(),
  name: Type.String(),
  document: Type.String(),
  documentKind: literals(['cpf', 'cnpj']),
  birthDate: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  state: Type.Union([Type.String(), Type.Null()]),
  city: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
};
const Debtor = Type.Object(DebtorFields);
const Contact = Type.Object({
  kind: Type.Union([Type.Literal('phone'), Type.Literal('email')]),
  value: Type.String(),
  source: Type.Union([Type.Literal('creditor'), Type.Literal('debtor'), Type.Literal('agent')], {
    description: 'quem forneceu: a importação de um credor, o próprio devedor (portal) ou um agente',
  }),
  creditorId: Type.Union([Type.String(), Type.Null()], {
    description: 'o credor que forneceu (source creditor)',
  }),
  confirmed: Type.Boolean({ description: 'o devedor comprovou que o contato é dele (código de uso único)' }),
  confirmedAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
const DebtorWithDebts = Type.Object({
  ...DebtorFields,
  contacts: Type.Array(Contact, {
    description:
      'Todos os contatos com a origem e a confirmação. Mensagens sobre as dívidas de um credor usam só os que ele forneceu ou que o devedor confirmou.',
  }),
  debts: Type.Array(Debt),
});

const UPLOAD_CHUNK_BYTES = 1024 * 1024;

export function portfolioRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    // CSV bodies reach the handler as a stream: large files never sit whole in memory.
    app.addContentTypeParser(
      ['text/csv', 'application/csv', 'text/plain', 'application/octet-stream', 'application/vnd.ms-excel'],
      (_request, payload, done) => done(null, payload),
    );

    app.post(
      '/api/v1/creditors/:id/imports',
      {
        // At most the tenant's maxUploadBytes (settings/limits), checked by the kernel and while streaming.
        config: { upload: true },
        schema: {
          tags: ['carteira'],
          summary: 'Importa uma carteira em CSV (corpo cru, text/csv)',
          description:
            'Colunas obrigatórias: document,name,external_id,original_amount,due_date; opcionais: birth_date,email,phone,' +
            'state,city,product,fine_percent,monthly_interest_percent,fees_percent. Delimitador ; ou , e codificação UTF-8 ou ' +
            'Windows-1252 detectados. mode=all (padrão) rejeita o arquivo inteiro (422) se houver qualquer linha inválida; ' +
            'mode=partial importa as válidas. Arquivos acima de 5 MB (ou async=true) são importados em segundo plano: 202 e ' +
            'acompanhamento em GET /api/v1/imports/{importId}.',
          params: IdParams,
          querystring: Type.Object(
            {
              mode: Type.Optional(
                Type.Union([Type.Literal('all'), Type.Literal('partial')], { default: 'all' }),
              ),
              async: Type.Optional(Type.Boolean()),
            },
            { additionalProperties: false },
          ),
          response: { 200: ImportReport, 202: ImportReport, 422: ImportRejected },
        },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        const mode = request.query.mode ?? 'all';
        const body = request.body as Readable | undefined;
        if (!body || typeof (body as Readable).pipe !== 'function') {
          throw new AppError(
            'UNSUPPORTED_MEDIA_TYPE',
            'Envie o CSV como corpo cru com Content-Type: text/csv.',
          );
        }
        const target = await resolveImportTarget(ctx, principal, { creditorId: request.params.id });
        const declared = Number(request.headers['content-length'] ?? 0);
        const limited = limitBytes(body, uploadLimitOf(request), (n) => uploadTooLarge(request, n));
        if (request.query.async || declared > ctx.config.inlineImportMaxBytes) {
          if (!ctx.jobs) throw new AppError('INTERNAL', 'Fila de jobs indisponível neste processo.');
          const importId = await repo.insertImport(ctx.database.db, {
            ...target,
            mode,
            status: 'queued',
            createdBy: principal.tokenId,
          });
          let seq = 0;
          let pending: Buffer[] = [];
          let pendingBytes = 0;
          for await (const chunk of limited) {
            pending.push(chunk);
            pendingBytes += chunk.length;
            if (pendingBytes >= UPLOAD_CHUNK_BYTES) {
              await repo.saveUploadChunk(ctx.database.db, importId, seq++, Buffer.concat(pending));
              pending = [];
              pendingBytes = 0;
            }
          }
          if (pendingBytes > 0)
            await repo.saveUploadChunk(ctx.database.db, importId, seq++, Buffer.concat(pending));
          await ctx.jobs.send(importJob(ctx), { importId }, { singletonKey: importId });
          return reply.status(202).header('location', `/api/v1/imports/${importId}`).send({
            importId,
            status: 'queued',
            mode,
            lines: 0,
            accepted: 0,
            rejected: 0,
            created: 0,
            updated: 0,
            unchanged: 0,
            errors: [],
            errorsTotal: 0,
            warnings: [],
            lineWarnings: [],
            lineWarningsTotal: 0,
          });
        }
        const report = await importPortfolio(ctx, principal, {
          creditorId: target.creditorId,
          mode,
          source: limited,
        });
        if (report.status === 'rejected') {
          return reply
            .status(422)
            .type('application/problem+json')
            .send({
              ...report,
              type: 'about:blank',
              title: 'Importação rejeitada',
              status: 422,
              code: 'IMPORT_REJECTED',
              detail:
                mode === 'all'
                  ? `Arquivo rejeitado por inteiro: ${report.errorsTotal} erro(s). Nada foi gravado; corrija e reenvie, ou use mode=partial.`
                  : `Arquivo rejeitado: ${report.errorsTotal} erro(s) de estrutura. Nada foi gravado.`,
              importStatus: report.status,
            });
        }
        return report;
      },
    );

    app.get(
      '/api/v1/imports/:id',
      {
        schema: {
          tags: ['carteira'],
          summary: 'Situação e resultado de uma importação',
          params: IdParams,
          response: { 200: ImportReport },
        },
      },
      async (request) => getImport(ctx, principalOf(request), { id: request.params.id }),
    );

    app.get(
      '/api/v1/debtors',
      {
        schema: {
          tags: ['carteira'],
          summary: 'Busca devedores (por CPF/CNPJ, com ou sem máscara)',
          querystring: Type.Object(
            { document: Type.Optional(Type.String()), ...PageQuery },
            { additionalProperties: false },
          ),
          response: { 200: page(Debtor) },
        },
      },
      async (request) =>
        searchDebtors(ctx, principalOf(request), {
          ...pageOf(request.query),
          document: request.query.document,
        }),
    );

    app.get(
      '/api/v1/debtors/:id',
      {
        schema: {
          tags: ['carteira'],
          summary: 'Um devedor com suas dívidas',
          params: IdParams,
          response: { 200: DebtorWithDebts },
        },
      },
      async (request) => getDebtorWithDebts(ctx, principalOf(request), { id: request.params.id }),
    );

    app.post(
      '/api/v1/debtors/:id/contacts',
      {
        schema: {
          tags: ['carteira'],
          summary:
            'Registra um contato que o devedor informou a um agente (origem "agent"; só é usado depois de confirmado pelo devedor)',
          params: IdParams,
          body: Type.Object(
            {
              kind: Type.Union([Type.Literal('phone'), Type.Literal('email')]),
              value: Type.String({ maxLength: 254 }),
            },
            { additionalProperties: false },
          ),
          response: { 201: Contact },
        },
      },
      async (request, reply) =>
        reply.status(201).send(
          await addAgentContact(ctx, principalOf(request), {
            debtorId: request.params.id,
            ...request.body,
          }),
        ),
    );

    app.get(
      '/api/v1/debts/:id',
      { schema: { tags: ['carteira'], summary: 'Uma dívida', params: IdParams, response: { 200: Debt } } },
      async (request) => toDebtView(await getDebt(ctx, principalOf(request), { id: request.params.id })),
    );
    app.put(
      '/api/v1/debts/:id/lawyer',
      {
        schema: {
          tags: ['carteira'],
          summary: 'Designa o advogado que atua na dívida (honorários só a partir da data)',
          description:
            'Honorários de cobrança só com cláusula no contrato (CDC art. 51 XII) e advogado atuando na dívida, a partir de assignedOn (STJ REsp 1.274.629/AP).',
          params: IdParams,
          body: Lawyer,
          response: { 200: Debt },
        },
      },
      async (request) =>
        setLawyer(ctx, principalOf(request), { debtId: request.params.id, lawyer: request.body }),
    );
    app.delete(
      '/api/v1/debts/:id/lawyer',
      {
        schema: {
          tags: ['carteira'],
          summary: 'Retira o advogado da dívida (os honorários deixam de ser cobrados)',
          params: IdParams,
          response: { 200: Debt },
        },
      },
      async (request) => setLawyer(ctx, principalOf(request), { debtId: request.params.id, lawyer: null }),
    );
  };
}

/** Stops reading (413) once a body passes the configured maximum. */
async function* limitBytes(
  source: Readable,
  max: number,
  tooLarge: (received: number) => Error,
): AsyncGenerator<Buffer> {
  let total = 0;
  // Past the limit the rest is read and thrown away (nothing kept in memory), not destroyed: destroying
  // the request stream reset the connection, and the client never saw the 413 that says why.
  for await (const chunk of source.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > max) break;
    yield chunk;
  }
  if (total > max) {
    // The iterator's 'readable' listener is released on the next tick; then resume() makes it flow.
    setImmediate(() => source.resume());
    throw tooLarge(total);
  }
}
