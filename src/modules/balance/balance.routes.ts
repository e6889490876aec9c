import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { principalOf } from '../../platform/http.ts';
import { IdParams, IsoDateString, literals } from '../../platform/http-schemas.ts';
import { getDebtBalance, listIndexValues, loadIndexTable } from './balance.service.ts';
import { INDEX_NAMES } from './index-table.rules.ts';

/** An index table's name, as the balance and the index routes answer it. */
const IndexNameSchema = literals(INDEX_NAMES);

const BalanceLine = Type.Object({
  kind: literals(['principal', 'correction', 'fine', 'interest', 'remuneratory_interest', 'fees'], {
    description:
      'principal | correction | fine | interest | remuneratory_interest (só instituição financeira) | fees',
  }),

  amountCents: Type.Integer(),
  rule: Type.String({ description: 'Como o valor foi calculado (pt-BR)' }),
  legalBasis: Type.Optional(Type.String()),
  capped: Type.Optional(Type.Boolean()),
  missingMonths: Type.Optional(Type.Array(Type.String())),
});
const BalanceResponse = Type.Object({
  debtId: Type.String(),
  date: Type.String(),
  dueDate: Type.String(),
  effectiveDueDate: Type.String({
    description: 'Vencimento movido para o próximo dia útil do local do devedor (Código Civil art. 132 §1º)',
  }),
  daysOverdue: Type.Integer(),
  principalCents: Type.Integer(),
  fineCents: Type.Integer(),
  interestCents: Type.Integer(),
  remuneratoryInterestCents: Type.Integer(),
  correctionCents: Type.Integer(),
  feesCents: Type.Integer(),
  totalCents: Type.Integer(),
  prescribed: Type.Boolean(),
  prescriptionDate: Type.String(),
  prescription: Type.Object({
    startedOn: Type.String(),
    years: Type.Integer(),
    basis: Type.String(),
    interruptedOn: Type.Union([Type.String(), Type.Null()]),
    endsOn: Type.String(),
    prescribed: Type.Boolean(),
    rule: Type.String(),
  }),
  missingIndexMonths: Type.Array(Type.Object({ index: IndexNameSchema, months: Type.Array(Type.String()) }), {
    description: 'Meses que faltam nas tabelas de índice (contaram como zero, a favor do devedor)',
  }),
  chargesFrozen: Type.Union(
    [
      Type.Object({
        since: Type.String({ description: 'AAAA-MM-DD: os encargos são os desta data' }),
        until: Type.Union([Type.String(), Type.Null()], {
          description: 'AAAA-MM-DD em que voltam a correr (exclusivo); null = até a repactuação acabar',
        }),
        reason: literals(['repactuation']),
        rule: Type.String(),
        legalBasis: Type.String(),
      }),
      Type.Null(),
    ],
    { description: 'Encargos congelados nesta data (repactuação, CDC art. 104-A); null quando não' },
  ),
  lines: Type.Array(BalanceLine),
});
const IndexParams = Type.Object(
  { name: Type.String({ description: 'ipca, inpc, igpm ou taxa-legal' }) },
  { additionalProperties: false },
);

export function balanceRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/debts/:id/balance',
      {
        schema: {
          tags: ['saldo'],
          summary: 'Saldo atualizado de uma dívida numa data, explicado linha a linha',
          params: IdParams,
          querystring: Type.Object({ date: Type.Optional(IsoDateString) }, { additionalProperties: false }),
          response: { 200: BalanceResponse },
        },
      },
      async (request) =>
        getDebtBalance(ctx, principalOf(request), { debtId: request.params.id, date: request.query.date }),
    );

    app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_r, body, done) =>
      done(null, body),
    );
    app.put(
      '/api/v1/indexes/:name',
      {
        // The tenant's maxUploadBytes (settings/limits); the CSV parser keeps its own 1 MB.
        config: { upload: true },
        schema: {
          tags: ['saldo'],
          summary: 'Carrega/atualiza meses de uma tabela de índice (admin)',
          description:
            'Corpo text/csv com colunas month,percent (AAAA-MM; 0,16 ou 0.16) ou JSON {values:[{month, percent}]}. Tudo ou nada.',
          params: IndexParams,
          response: {
            200: Type.Object({
              index: IndexNameSchema,
              months: Type.Integer(),
              changed: Type.Integer(),
              firstMonth: Type.String(),
              lastMonth: Type.String(),
            }),
          },
        },
      },
      async (request) =>
        loadIndexTable(ctx, principalOf(request), {
          name: request.params.name,
          csvText: indexCsvFromBody(request.body),
          source: 'api',
        }),
    );
    app.get(
      '/api/v1/indexes/:name',
      {
        schema: {
          tags: ['saldo'],
          summary: 'Meses carregados de uma tabela de índice',
          params: IndexParams,
          querystring: Type.Object(
            {
              // AAAA-MM with a month that exists (13 is a 422, not an empty answer).
              from: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })),
              to: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              index: IndexNameSchema,
              items: Type.Array(
                Type.Object({
                  month: Type.String(),
                  percent: Type.Number(),
                  source: Type.Union([Type.String(), Type.Null()]),
                }),
              ),
            }),
          },
        },
      },
      async (request) =>
        listIndexValues(ctx, principalOf(request), {
          name: request.params.name,
          from: request.query.from,
          to: request.query.to,
        }),
    );
  };
}

/**
 * The index table arrives as CSV text (text/csv) or JSON {values:[{month, percent}]}; both become
 * the same CSV so one parser validates them (line numbers then refer to the CSV form).
 */
function indexCsvFromBody(body: unknown): string {
  if (typeof body === 'string') return body;
  const values = (body as { values?: unknown } | null)?.values;
  if (!Array.isArray(values)) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Envie um CSV (text/csv, colunas month,percent) ou JSON {"values":[{"month":"2025-01","percent":0.16}]}.',
    );
  }
  const lines = values.map(
    (v: { month?: unknown; percent?: unknown }) => `${String(v?.month ?? '')},${String(v?.percent ?? '')}`,
  );
  return ['month,percent', ...lines].join('\n');
}
