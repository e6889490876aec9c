import { type Static, type TSchema, Type } from '@fastify/type-provider-typebox';

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

type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> | null }
    : T;

/**
 * The body of a `PATCH`: the `PUT` body with every field optional, at every depth (lists are replaced
 * whole). The handler merges it into the current resource (`mergePatch`) and validates the result with
 * the `PUT` schema (`checkBody`), so a partial update obeys exactly the rules of a full one.
 */
export function patchOf<T extends TSchema>(schema: T, description?: string) {
  const partial = deepPartial(JSON.parse(JSON.stringify(schema)) as Record<string, unknown>);
  if (description) partial.description = description;
  return Type.Unsafe<DeepPartial<Static<T>>>(partial);
}

function deepPartial(schema: Record<string, unknown>): Record<string, unknown> {
  if (schema.type === 'object' && schema.properties) {
    const properties = schema.properties as Record<string, Record<string, unknown>>;
    const { required: _required, ...rest } = schema;
    return {
      ...rest,
      properties: Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, deepPartial(v)])),
    };
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(schema[key])) {
      return { ...schema, [key]: (schema[key] as Record<string, unknown>[]).map(deepPartial) };
    }
  }
  return schema;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A partial update over the current resource: objects merge member by member, at every depth; a list,
 * a scalar or `null` replaces what was there (so `{"creditorId": null}` makes a cadence tenant-wide).
 */
export function mergePatch(current: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch) || !isPlainObject(current)) return patch;
  const out: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    out[key] = mergePatch(current[key], value);
  }
  return out;
}

/**
 * The body of a `PUT` that takes back what the `GET` returned: the writable fields as `body` declares them,
 * and the members `resource` (the GET's answer) has beyond them — ids, timestamps, where a value came
 * from — as optional properties marked `readOnly`. Exactly those names: any other field is still refused
 * (422). The marked members are dropped before the handler runs (`createHttpApp`, one hook for every
 * route), so the use case receives the writable fields only and a read-only value never changes anything.
 */
export function acceptingReadOnly<B extends TSchema>(body: B, resource: TSchema) {
  const copy = JSON.parse(JSON.stringify(body)) as Record<string, unknown> & {
    properties: Record<string, unknown>;
  };
  const returned = (resource as { properties?: Record<string, Record<string, unknown>> }).properties ?? {};
  for (const [name, schema] of Object.entries(returned)) {
    if (name in copy.properties) continue;
    copy.properties[name] = {
      ...schema,
      readOnly: true,
      description: 'Só leitura: o que o GET devolveu é aceito de volta e ignorado',
    };
  }
  return Type.Unsafe<Static<B>>(copy);
}

/** The members of a resource (as `GET` returns it) that its `PUT` body accepts: the writable fields. */
export function writableFields(resource: object, schema: TSchema): Record<string, unknown> {
  const properties = (schema as { properties?: Record<string, unknown> }).properties ?? {};
  return Object.fromEntries(Object.entries(resource).filter(([k, v]) => k in properties && v !== undefined));
}

/**
 * An enumeration as a union of literals (`anyOf` of `const` in the document), typed as the union of
 * its values: `literals(['a', 'b'])` is `'a' | 'b'` for the compiler and for the generated client.
 */
export function literals<const T extends readonly (string | number)[]>(
  values: T,
  options: { description?: string } = {},
) {
  return Type.Unsafe<T[number]>(
    Type.Union(
      values.map((v) => Type.Literal(v)),
      options,
    ),
  );
}

/** A response that is a file, not JSON (PDF, HTML, PNG, SVG, CSV), as the document describes it. */
export function fileResponse(contentType: string, description: string) {
  return { description, content: { [contentType]: { schema: { type: 'string', format: 'binary' } } } };
}
