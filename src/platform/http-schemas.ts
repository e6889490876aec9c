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

export const IsoDateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'AAAA-MM-DD' });

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
