import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredRoutes } from '../../src/platform/http.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

/**
 * The contract a front end is generated from: the document the server serves is the one committed
 * (docs/openapi.json), and every JSON route declares what it accepts and what it answers.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

/** Routes whose body is not JSON (files, provider callbacks verified over the raw bytes). */
const RAW_BODY = new Set([
  'POST /api/v1/creditors/:id/imports',
  'POST /api/v1/payments/cnab240',
  'POST /api/v1/webhooks/pix',
  'POST /api/v1/webhooks/pix/pix',
  'POST /api/v1/webhooks/:provider/status',
  'POST /api/v1/webhooks/:provider/inbound',
  'PUT /api/v1/indexes/:name',
]);

describe('OpenAPI', () => {
  it('the served document is the committed docs/openapi.json', async () => {
    const served = (await t.app.inject('/api/v1/openapi.json')).json();
    const committed = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'));
    expect(
      served,
      'docs/openapi.json está desatualizado em relação às rotas: rode `npm run openapi` e faça commit do arquivo',
    ).toEqual(committed);
  });

  it('documents /health and the PATCH routes', async () => {
    const paths = (await t.app.inject('/api/v1/openapi.json')).json().paths;
    expect(paths['/health'].get.responses['200']).toBeDefined();
    for (const p of [
      '/api/v1/creditors/{id}',
      '/api/v1/creditors/{id}/policy',
      '/api/v1/creditors/{id}/payment-settings',
      '/api/v1/cadences/{id}',
    ]) {
      expect(paths[p]?.patch, p).toBeDefined();
      expect(paths[p]?.put, p).toBeDefined();
    }
  });

  it('every documented route declares its success response; every JSON write its body', () => {
    const routes = registeredRoutes(t.app).filter((r) => !r.schema.hide && !r.url.startsWith('/docs'));
    expect(routes.length).toBeGreaterThan(40);
    const missing: string[] = [];
    for (const r of routes) {
      const key = `${r.method} ${r.url}`;
      const success = Object.keys(r.schema.response ?? {}).filter((s) => /^2/.test(s));
      if (success.length === 0) missing.push(`${key}: sem schema de resposta 2xx`);
      if (['POST', 'PUT', 'PATCH'].includes(r.method) && !r.schema.body && !RAW_BODY.has(key)) {
        missing.push(`${key}: sem schema do corpo`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('an enumeration is a union of literals, never a string that lists its values in the description', () => {
    const committed = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'));
    expect(listedButOpenEnumerations(committed)).toEqual([]);
  });

  it('every error a route may answer is described as problem+json', async () => {
    const paths = (await t.app.inject('/api/v1/openapi.json')).json().paths as Record<
      string,
      Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>
    >;
    const operations = Object.values(paths).flatMap((p) => Object.values(p));
    expect(operations.length).toBeGreaterThan(40);
    for (const op of operations) {
      expect(op.responses.default?.content?.['application/problem+json']).toBeDefined();
    }
  });
});

/**
 * Issue 9 §5: an enumeration typed as `string` with its values only in the description ("compound |
 * simple | none") gives a generated client `string` where it should get the union. Closes the class: a
 * string schema whose description lists `a | b` (identifiers joined by "|") must carry an `enum` or be
 * an `anyOf` of `const`s. Request fields parsed leniently (case, aliases) say their values otherwise.
 */
function listedButOpenEnumerations(document: unknown): string[] {
  const LISTED = /\w\)?\s*\|\s*\w/;
  const found: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      for (const [i, n] of node.entries()) walk(n, `${path}[${i}]`);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const schema = node as { type?: unknown; enum?: unknown; const?: unknown; description?: unknown };
    if (
      schema.type === 'string' &&
      schema.enum === undefined &&
      schema.const === undefined &&
      typeof schema.description === 'string' &&
      LISTED.test(schema.description)
    ) {
      found.push(`${path}: "${schema.description}"`);
    }
    for (const [key, value] of Object.entries(node)) walk(value, `${path}/${key}`);
  };
  walk(document, '#');
  return found;
}

describe('the enumeration check', () => {
  it('finds a listed but open enumeration, and passes a union of literals', () => {
    const open = { type: 'object', properties: { m: { type: 'string', description: 'compound | simple' } } };
    expect(listedButOpenEnumerations(open)).toEqual(['#/properties/m: "compound | simple"']);
    const closed = {
      anyOf: [
        { const: 'compound', type: 'string' },
        { const: 'simple', type: 'string' },
      ],
      description: 'compound | simple',
    };
    expect(listedButOpenEnumerations({ properties: { m: closed } })).toEqual([]);
    expect(listedButOpenEnumerations({ type: 'string', description: 'AAAA-MM-DD ou instante ISO' })).toEqual(
      [],
    );
  });
});
