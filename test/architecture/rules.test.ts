import { describe, expect, it } from 'vitest';
import {
  checkActorStrings,
  checkModuleBoundaries,
  checkNoRoleComparison,
  checkNoWallClock,
  checkPlatformIndependence,
  checkSqlPlacement,
  checkTableOwnership,
  checkUseCaseSignatures,
  exportedFunctions,
  isObjectType,
  schemaTables,
  tableReferences,
  unusedAllowances,
} from './rules.ts';
import { importsOf, resolveImport, stripComments } from './source.ts';

// Each rule is shown to FAIL on a synthetic source that breaks it, and to pass on the fixed one:
// a checker that never fires would let the real tree pass for the wrong reason.

const file = (path: string, text: string) => ({ path, text });

describe('source reading', () => {
  it('blanks comments but keeps strings, templates, regular expressions and line numbers', () => {
    const text = [
      "const a = 'new Date() in a string'; // new Date() in a comment",
      '/* selectFrom( in a block',
      '   comment */ const re = /\\/\\/ not a comment/;',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source under test
      'const t = `x ${ { a: 1 }.a } // still template`;',
    ].join('\n');
    const out = stripComments(text);
    expect(out.split('\n')).toHaveLength(4);
    expect(out).toContain("'new Date() in a string'");
    expect(out).not.toContain('in a comment');
    expect(out).not.toContain('selectFrom(');
    expect(out).toContain('/\\/\\/ not a comment/');
    expect(out).toContain('// still template`');
  });

  it('reads static, type-only, re-export and dynamic imports', () => {
    const code = stripComments(
      [
        "import { a } from './a.ts';",
        "import type { B } from '../b/index.ts';",
        "export { c } from './c.ts';",
        "const d = await import('./d.ts');",
        "import 'node:fs';",
        '// import { z } from "./commented.ts";',
      ].join('\n'),
    );
    expect(importsOf(code).map((i) => i.specifier)).toEqual([
      './a.ts',
      '../b/index.ts',
      './c.ts',
      './d.ts',
      'node:fs',
    ]);
    expect(resolveImport('src/modules/contact/x.ts', '../messaging/channels.ts')).toBe(
      'src/modules/messaging/channels.ts',
    );
    expect(resolveImport('src/modules/contact/x.ts', 'kysely')).toBeNull();
  });
});

describe('module boundaries', () => {
  it("fails on an import of another module's file", () => {
    const broken = file(
      'src/modules/contact/a.service.ts',
      "import { checkTone } from '../messaging/tone.rules.ts';",
    );
    const violations = checkModuleBoundaries([broken]);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ rule: 'module-boundary', file: broken.path, line: 1 });
  });

  it('fails from outside modules/ too (app, cli, simulators)', () => {
    const broken = file('src/simulators/x.ts', "import { a } from '../modules/payments/psp-client.ts';");
    expect(checkModuleBoundaries([broken])).toHaveLength(1);
  });

  it("passes through the other module's index.ts and inside the same module", () => {
    const ok = file(
      'src/modules/contact/a.service.ts',
      "import { checkTone } from '../messaging/index.ts';\nimport { x } from './b.rules.ts';\nimport { y } from '../../platform/clock.ts';",
    );
    expect(checkModuleBoundaries([ok])).toEqual([]);
  });
});

describe('platform independence', () => {
  it('fails when platform/ imports a module', () => {
    const broken = file(
      'src/platform/http.ts',
      "import { authenticateBearer } from '../modules/identity/index.ts';",
    );
    expect(checkPlatformIndependence([broken])).toMatchObject([{ rule: 'platform-independence', line: 1 }]);
  });

  it('passes when platform/ imports only platform/ and packages', () => {
    const ok = file(
      'src/platform/http.ts',
      "import fastify from 'fastify';\nimport { x } from './errors.ts';",
    );
    expect(checkPlatformIndependence([ok])).toEqual([]);
  });
});

describe('SQL placement', () => {
  const cases = [
    "await db.selectFrom('outbox').selectAll().execute();",
    "await db\n  .insertInto('outbox').values(v).execute();",
    "await db.updateTable('debts').set(s).execute();",
    "await db.deleteFrom('debts').execute();",
    'await sql`SELECT 1`.execute(db);',
    'const n = sql<number>`count(*)`;',
    "const c = sql.raw('x');",
    "await s.copyCsv('import_staging', cols, data);",
    "await s.query('SELECT 1');",
  ];
  for (const text of cases) {
    it(`fails on ${text.split('\n').join(' ')} in a service`, () => {
      const violations = checkSqlPlacement([file('src/modules/contact/letter.service.ts', text)]);
      expect(violations.length).toBeGreaterThan(0);
      expect(violations[0]?.rule).toBe('sql-placement');
    });
  }

  it('passes in a repository, in the kernel exceptions, in tests and in comments', () => {
    const q = "await db.selectFrom('outbox').selectAll().execute();";
    expect(
      checkSqlPlacement([
        file('src/modules/contact/contact.repository.ts', q),
        file('src/platform/migrate.ts', "await s.query('SELECT 1');"),
        file('src/modules/contact/x.test.ts', q),
        file('src/modules/contact/a.service.ts', `// ${q}\nconst m = /x/.exec(s);`),
      ]),
    ).toEqual([]);
  });
});

describe('wall clock', () => {
  it('fails on new Date() and Date.now() in rules and repositories', () => {
    const violations = checkNoWallClock([
      file('src/modules/x/a.rules.ts', 'const today = new Date();'),
      file('src/modules/x/a.repository.ts', 'const at = Date.now();\nset({ updated_at: new Date() })'),
    ]);
    expect(violations.map((v) => `${v.file}:${v.line}`)).toEqual([
      'src/modules/x/a.rules.ts:1',
      'src/modules/x/a.repository.ts:1',
      'src/modules/x/a.repository.ts:2',
    ]);
  });

  it('passes on parsing a given instant, in services, and in comments', () => {
    expect(
      checkNoWallClock([
        // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source under test
        file('src/modules/x/a.rules.ts', 'const d = new Date(`${iso}T00:00:00Z`); // not new Date()'),
        file('src/modules/x/a.service.ts', 'const now = new Date();'),
      ]),
    ).toEqual([]);
  });
});

describe('table ownership', () => {
  const ownership = { portfolio: ['debts', 'debtors'], contact: ['outbox'] };
  const known = new Set(['debts', 'debtors', 'outbox']);

  it('finds tables read and written by Kysely and by raw SQL', () => {
    const text = [
      "db.selectFrom('debts as d').innerJoin('debtors', 'debtors.id', 'd.debtor_id')",
      "db.insertInto('outbox')",
      'sql`INSERT INTO outbox (a) SELECT a FROM debts d JOIN debtors x ON true WHERE cte_name = 1`',
      'sql`UPDATE debts SET a = 1`; sql`SELECT 1 FROM some_cte`; sql`ON CONFLICT DO UPDATE SET x = 1`',
    ].join('\n');
    expect(tableReferences(text, known).map((r) => `${r.table}:${r.access}`)).toEqual([
      'debts:read',
      'debtors:read',
      'outbox:write',
      'outbox:write',
      'debts:read',
      'debtors:read',
      'debts:write',
    ]);
  });

  it("fails on a repository reading another module's table without an allowlist entry", () => {
    const broken = file('src/modules/contact/plan.repository.ts', "db.selectFrom('debts').selectAll()");
    expect(checkTableOwnership([broken], ownership, [])).toMatchObject([
      { rule: 'table-ownership', line: 1 },
    ]);
  });

  it('passes with an allowlist entry for that repository, and only for reads', () => {
    const reads = file('src/modules/contact/plan.repository.ts', "db.selectFrom('debts').selectAll()");
    const writes = file('src/modules/contact/plan.repository.ts', 'sql`UPDATE debts SET status = 1`');
    const allow = [{ repository: reads.path, tables: ['debts'], reason: 'test' }];
    expect(checkTableOwnership([reads], ownership, allow)).toEqual([]);
    expect(checkTableOwnership([writes], ownership, allow)).toHaveLength(1);
    // The entry is for one repository, not the whole module.
    const other = file('src/modules/contact/contact.repository.ts', "db.selectFrom('debts').selectAll()");
    expect(checkTableOwnership([other], ownership, allow)).toHaveLength(1);
  });

  it('reports allowlist entries that no longer match a read', () => {
    const f = file('src/modules/contact/plan.repository.ts', "db.selectFrom('outbox').selectAll()");
    const allow = [{ repository: f.path, tables: ['debts'], reason: 'stale' }];
    expect(unusedAllowances([f], ownership, allow)).toEqual([
      'src/modules/contact/plan.repository.ts: debts',
    ]);
  });

  it('reads the table names of the Kysely schema', () => {
    const text = 'export interface Schema {\n  tenants: TenantsTable;\n  api_tokens: ApiTokensTable;\n}';
    expect(schemaTables(text)).toEqual(['tenants', 'api_tokens']);
  });
});

describe('checkNoRoleComparison', () => {
  it('fails on a role compared outside identity, either way round', () => {
    const violations = checkNoRoleComparison([
      file('src/modules/x/a.service.ts', "if (principal.role === 'creditor') throw x;"),
      file(
        'src/modules/x/b.repository.ts',
        'const staff = \'admin\' !== p.role;\nq.$if(principal.role !== "agent", f)',
      ),
    ]);
    expect(violations.map((v) => `${v.file}:${v.line}`)).toEqual([
      'src/modules/x/a.service.ts:1',
      'src/modules/x/b.repository.ts:1',
      'src/modules/x/b.repository.ts:2',
    ]);
  });

  it('passes in identity, in the principal helpers, in tests, in comments and on other fields', () => {
    expect(
      checkNoRoleComparison([
        file('src/modules/identity/identity.rules.ts', "return principal.role === 'creditor';"),
        file('src/platform/principal.ts', "return principal.role === 'creditor' ? id : null;"),
        file('src/modules/x/a.test.ts', "expect(p.role === 'admin').toBe(true);"),
        file(
          'src/modules/x/a.service.ts',
          "// was: principal.role === 'creditor'\nif (input.kind === 'creditor') f();",
        ),
      ]),
    ).toEqual([]);
  });
});

describe('use-case signatures', () => {
  const service = (text: string) => file('src/modules/x/x.service.ts', text);

  it('reads exported functions and their parameters (destructured, optional, defaults, generics)', () => {
    const fns = exportedFunctions(
      [
        'export async function a<T extends { x: number }>(',
        '  ctx: AppContext,',
        '  principal: Principal,',
        "  { id, ...input }: Omit<X, 'y'> & { id: string } = { id: '' },",
        ') {}',
        'function hidden(ctx: AppContext, principal: Principal, id: string) {}',
        'export const b = async (db: Db, session: PortalSession, cb: (p: Progress) => void) => {};',
      ].join('\n'),
    );
    expect(fns.map((f) => f.name)).toEqual(['a', 'b']);
    expect(fns[0]?.params.map((p) => p.type)).toEqual([
      'AppContext',
      'Principal',
      "Omit<X, 'y'> & { id: string }",
    ]);
    expect(fns[0]?.line).toBe(1);
    expect(fns[1]?.params[2]).toEqual({ name: 'cb', type: '(p: Progress) => void' });
  });

  it('tells an input object from a positional value', () => {
    for (const ok of ['{ id: string }', 'CadenceInput', "Pick<OfferInput, 'date'>", 'A & { id: string }']) {
      expect(isObjectType(ok), ok).toBe(true);
    }
    for (const bad of [
      'string',
      'number',
      'Date',
      'string[]',
      'Array<string>',
      "'a' | 'b'",
      'X | null',
      'typeof fetch',
    ]) {
      expect(isObjectType(bad), bad).toBe(false);
    }
  });

  it('fails on a positional id, a date, and more than three parameters after a Principal', () => {
    const broken = service(
      [
        'export async function getThing(ctx: AppContext, principal: Principal, id: string) {}',
        'export async function listThings(db: Db, principal: Principal, now: Date) {}',
        'export async function setThing(',
        '  ctx: AppContext,',
        '  principal: Principal,',
        '  id: string,',
        '  input: ThingInput,',
        ') {}',
      ].join('\n'),
    );
    const violations = checkUseCaseSignatures([broken]);
    expect(violations.map((v) => [v.rule, v.line])).toEqual([
      ['use-case-signature', 1],
      ['use-case-signature', 2],
      ['use-case-signature', 3],
    ]);
    expect(violations[0]?.message).toContain('{ id: … }');
    expect(violations[2]?.message).toContain('4 parâmetros');
  });

  it("fails for the portal's session principal too", () => {
    const broken = service(
      'export function payoff(ctx: AppContext, session: PortalSession, agreementId: string) {}',
    );
    expect(checkUseCaseSignatures([broken])).toHaveLength(1);
  });

  it('passes on (deps, principal, input), on two parameters, on non-use cases and outside services', () => {
    const ok = service(
      [
        'export async function getThing(ctx: AppContext, principal: Principal, { id }: { id: string }) {}',
        'export async function setThing(ctx: AppContext, principal: Principal, input: ThingInput & { id: string }) {}',
        'export async function listThings(ctx: AppContext, principal: Principal) {}',
        'export async function sweep(ctx: AppContext, tenantId: string, date: string, more: number) {}',
        'async function helper(ctx: AppContext, principal: Principal, id: string, x: number) {}',
      ].join('\n'),
    );
    expect(checkUseCaseSignatures([ok])).toEqual([]);
    const repository = file(
      'src/modules/x/x.repository.ts',
      'export async function find(db: Db, principal: Principal, id: string) {}',
    );
    expect(checkUseCaseSignatures([repository])).toEqual([]);
  });
});

describe('actor strings', () => {
  it('fails on the actor rebuilt as a template outside platform/principal.ts', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source under test
    const broken = file('src/modules/x/x.service.ts', 'const actor = `token:${principal.tokenId}`;');
    const violations = checkActorStrings([broken]);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ rule: 'actor-string', line: 1 });
  });

  it('passes in principal.ts, with actorOf, in comments and in tests', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source under test
    const literal = 'return `token:${principal.tokenId}`;';
    expect(
      checkActorStrings([
        file('src/platform/principal.ts', literal),
        // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source under test
        file('src/modules/x/x.service.ts', 'const actor = actorOf(principal); // not `token:${id}`'),
        file('src/modules/x/x.test.ts', literal),
      ]),
    ).toEqual([]);
  });
});
