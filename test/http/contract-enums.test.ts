import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * Enumerations in answers are literal unions in the committed OpenAPI document (issue 9: a front end is
 * generated from it): a field documented as "compound | simple | none" but typed `string` gives the
 * client `string`, and a renamed value would pass unnoticed.
 */
type Schema = {
  type?: string;
  enum?: unknown[];
  anyOf?: Schema[];
  const?: unknown;
  properties?: Record<string, Schema>;
};
const spec = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>
  >;
};

function propertyIn(schema: Schema, path: string[]): Schema | undefined {
  let at: Schema | undefined = schema;
  for (const key of path) {
    at = at?.properties?.[key] ?? at?.anyOf?.find((s) => s.properties?.[key])?.properties?.[key];
    if (at && (at as { items?: Schema }).items && key !== path.at(-1)) at = (at as { items: Schema }).items;
  }
  return at;
}

function literalValues(s: Schema | undefined): unknown[] {
  if (!s) return [];
  if (s.enum) return s.enum;
  if (s.const !== undefined) return [s.const];
  return (s.anyOf ?? []).flatMap((x) => literalValues(x));
}

const cases: [string, string, string, string[], string[]][] = [
  ['/api/v1/agreements/{id}', 'get', '200', ['interestMethod'], ['compound', 'simple', 'none']],
  ['/api/v1/agreements/{id}', 'get', '200', ['origin'], ['online', 'phone', 'in_person']],
  ['/api/v1/tokens', 'get', '200', ['items', 'role'], ['admin', 'manager', 'agent', 'creditor']],
  ['/api/v1/settings/negotiation', 'get', '200', ['source'], ['default', 'tenant']],
  [
    '/api/v1/payments/{id}/overpayment',
    'post',
    '200',
    ['cause'],
    ['debtor', 'platform_reissued_charge', 'platform_computation_error'],
  ],
  ['/api/v1/indexes/{name}', 'get', '200', ['index'], ['IPCA', 'INPC', 'IGPM', 'TAXA_LEGAL']],
];

describe('enumerations in answers are literal unions', () => {
  it.each(cases)('%s %s → %s', (path, method, status, property, values) => {
    const schema = spec.paths[path]?.[method]?.responses[status]?.content?.['application/json']?.schema;
    expect(schema, `${method} ${path}`).toBeDefined();
    expect(literalValues(propertyIn(schema!, property)).sort()).toEqual([...values].sort());
  });
});
