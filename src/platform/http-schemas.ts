import { type TSchema, Type } from '@fastify/type-provider-typebox';

/** Reusable request/response schemas for routes (OpenAPI is generated from them). */
export const IdParams = Type.Object(
  { id: Type.String({ description: 'UUID' }) },
  { additionalProperties: false },
);

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
};

/** A calendar date that exists (`format: date` checks the day against the month, leap years included). */
export const IsoDateString = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  format: 'date',
  description: 'AAAA-MM-DD',
});

/** An instant with its offset (RFC 3339 `date-time`: e.g. 2027-01-31T23:59:59-03:00), that exists. */
export const InstantString = Type.String({ format: 'date-time', description: 'AAAA-MM-DDThh:mm:ss±hh:mm' });

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'Código estável, em inglês' }),
    detail: Type.String({ description: 'Mensagem em pt-BR' }),
  },
  { additionalProperties: true, description: 'application/problem+json' },
);

export function page<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    limit: Type.Integer(),
    offset: Type.Integer(),
  });
}

export function pageOf(query: { limit?: number; offset?: number }) {
  return { limit: query.limit ?? 50, offset: query.offset ?? 0 };
}
