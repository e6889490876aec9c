/**
 * The conventions of docs/CONVENTIONS.md as pure checks over source text. Each function takes the
 * files (path + text) and returns the violations; test/architecture.test.ts runs them over src/ and,
 * on synthetic sources, proves that each one fails when its rule is broken.
 */
import { importsOf, lineAt, moduleOf, resolveImport, type SourceFile, stripComments } from './source.ts';

export type RuleName =
  | 'module-boundary'
  | 'platform-independence'
  | 'sql-placement'
  | 'wall-clock'
  | 'role-comparison'
  | 'table-ownership'
  | 'use-case-signature'
  | 'actor-string';

export interface Violation {
  rule: RuleName;
  file: string;
  line: number;
  message: string;
}

const isTest = (path: string) => path.endsWith('.test.ts');
const isRepository = (path: string) => path.endsWith('.repository.ts');
const isRules = (path: string) => path.endsWith('.rules.ts');

/**
 * A module is used only through its `index.ts`: from outside `src/modules/<m>/`, an import may point at
 * `src/modules/<m>/index.ts` and nothing else (tests beside the code included: a test of module A
 * uses module B as A does).
 */
export function checkModuleBoundaries(files: readonly SourceFile[]): Violation[] {
  const out: Violation[] = [];
  for (const f of files) {
    const from = moduleOf(f.path);
    for (const imp of importsOf(stripComments(f.text))) {
      const target = resolveImport(f.path, imp.specifier);
      if (!target) continue;
      const to = moduleOf(target);
      if (!to || to === from) continue;
      if (target === `src/modules/${to}/index.ts`) continue;
      out.push({
        rule: 'module-boundary',
        file: f.path,
        line: imp.line,
        message: `importa ${target} sem passar por src/modules/${to}/index.ts`,
      });
    }
  }
  return out;
}

/** The kernel (`src/platform/`) never depends on a module: modules depend on it, not the reverse. */
export function checkPlatformIndependence(files: readonly SourceFile[]): Violation[] {
  const out: Violation[] = [];
  for (const f of files) {
    if (!f.path.startsWith('src/platform/')) continue;
    for (const imp of importsOf(stripComments(f.text))) {
      const target = resolveImport(f.path, imp.specifier);
      if (
        !target ||
        !(target.startsWith('src/modules/') || target === 'src/app.ts' || target.startsWith('src/cli'))
      ) {
        continue;
      }
      out.push({
        rule: 'platform-independence',
        file: f.path,
        line: imp.line,
        message: `platform/ importa ${target}`,
      });
    }
  }
  return out;
}

/**
 * What counts as SQL: Kysely's query builders, the `sql` template tag and its helpers, and the raw
 * session calls of platform/db.ts (`query`, `copyCsv`, `executeQuery`). A regular expression's
 * `.exec(` is not SQL, so the session's `exec(script)` is left to review (only migrate.ts uses it).
 */
const SQL_PATTERNS: readonly { re: RegExp; what: string }[] = [
  {
    re: /\.\s*(selectFrom|insertInto|updateTable|deleteFrom|mergeInto|replaceInto|selectNoFrom)\s*\(/g,
    what: 'construtor Kysely',
  },
  { re: /(?<![\w$.])sql\s*(?:<[^>`]*>)?\s*`/g, what: 'template sql`…`' },
  { re: /(?<![\w$.])sql\s*\.\s*(raw|ref|id|lit|table|join|val|value)\s*\(/g, what: 'sql.<helper>(…)' },
  { re: /\.\s*(query|copyCsv|executeQuery)\s*[<(]/g, what: 'consulta crua da sessão' },
];

/** Files that are the SQL kernel itself: the connection/session (db.ts) and the migration runner. */
export const SQL_KERNEL_FILES: readonly string[] = ['src/platform/db.ts', 'src/platform/migrate.ts'];

/** SQL only in `*.repository.ts` (and the kernel files above). Tests are not checked. */
export function checkSqlPlacement(
  files: readonly SourceFile[],
  kernel: readonly string[] = SQL_KERNEL_FILES,
): Violation[] {
  const out: Violation[] = [];
  for (const f of files) {
    if (isTest(f.path) || isRepository(f.path) || kernel.includes(f.path)) continue;
    const code = stripComments(f.text);
    for (const { re, what } of SQL_PATTERNS) {
      for (const m of code.matchAll(re)) {
        out.push({
          rule: 'sql-placement',
          file: f.path,
          line: lineAt(code, m.index ?? 0),
          message: `SQL (${what}: ${m[0].trim()}) fora de um *.repository.ts`,
        });
      }
    }
  }
  return out;
}

const WALL_CLOCK = /(?<![\w$.])(new\s+Date\s*\(\s*\)|Date\s*\.\s*now\s*\(\s*\))/g;

/**
 * Rules and repositories never read the wall clock: the date or instant comes in as a parameter
 * (from the injected `Clock` of the service), so tests fix time and two writes of one use case agree.
 */
export function checkNoWallClock(files: readonly SourceFile[]): Violation[] {
  const out: Violation[] = [];
  for (const f of files) {
    if (!(isRules(f.path) || isRepository(f.path))) continue;
    const code = stripComments(f.text);
    for (const m of code.matchAll(WALL_CLOCK)) {
      out.push({
        rule: 'wall-clock',
        file: f.path,
        line: lineAt(code, m.index ?? 0),
        message: `${m[0]} numa regra/repositório: receba a data (Clock injetado no serviço)`,
      });
    }
  }
  return out;
}

const ROLE_COMPARISON =
  /\.role\s*[!=]==?\s*['"`]|['"`](?:admin|manager|agent|creditor)['"`]\s*[!=]==?\s*[\w.]*\.role\b/g;
/** Where roles are the subject: the permission table and the principal's own helpers. */
const ROLE_HOMES = ['src/modules/identity/', 'src/platform/principal.ts'];

/**
 * Permissions are verbs, not roles: outside identity (which owns the verb table) and the principal's
 * helpers, code asks `can(principal, verb)` for what may be done and `creditorScopeOf(principal)` for
 * whose rows may be seen, never `principal.role === '…'`. A new role then means one table, not a hunt.
 */
export function checkNoRoleComparison(files: readonly SourceFile[]): Violation[] {
  const out: Violation[] = [];
  for (const f of files) {
    if (isTest(f.path) || ROLE_HOMES.some((home) => f.path.startsWith(home))) continue;
    const code = stripComments(f.text);
    for (const m of code.matchAll(ROLE_COMPARISON)) {
      out.push({
        rule: 'role-comparison',
        file: f.path,
        line: lineAt(code, m.index ?? 0),
        message: `${m[0].trim()}…: pergunte can(principal, verbo) ou creditorScopeOf(principal)`,
      });
    }
  }
  return out;
}

export type Access = 'read' | 'write';

export interface TableRef {
  table: string;
  access: Access;
  line: number;
}

const KYSELY_TABLE =
  /\.\s*(selectFrom|insertInto|updateTable|deleteFrom|mergeInto|innerJoin|leftJoin|rightJoin|fullJoin|using)\s*\(\s*\[?\s*['"]([a-z_][a-z0-9_]*)/g;
const KYSELY_WRITES = new Set(['insertInto', 'updateTable', 'deleteFrom', 'mergeInto']);
// SQL keywords are written in capitals in this code base (CONVENTIONS.md), which keeps this from
// matching prose or identifiers; the names found are then filtered by the known tables.
const RAW_TABLE =
  /\b(INSERT\s+INTO|MERGE\s+INTO|DELETE\s+FROM|UPDATE|FROM|JOIN|USING)\s+([a-z_][a-z0-9_]*)\b/g;

/** Every known table a (repository) text reads or writes, by Kysely builder or by raw SQL. */
export function tableReferences(text: string, knownTables: ReadonlySet<string>): TableRef[] {
  const code = stripComments(text);
  const refs: TableRef[] = [];
  for (const m of code.matchAll(KYSELY_TABLE)) {
    const table = m[2] as string;
    if (!knownTables.has(table)) continue;
    refs.push({
      table,
      access: KYSELY_WRITES.has(m[1] as string) ? 'write' : 'read',
      line: lineAt(code, m.index ?? 0),
    });
  }
  for (const m of code.matchAll(RAW_TABLE)) {
    const table = m[2] as string;
    if (!knownTables.has(table)) continue;
    const keyword = (m[1] as string).replace(/\s+/g, ' ');
    const access: Access = ['INSERT INTO', 'MERGE INTO', 'DELETE FROM', 'UPDATE'].includes(keyword)
      ? 'write'
      : 'read';
    refs.push({ table, access, line: lineAt(code, m.index ?? 0) });
  }
  return refs.sort((a, b) => a.line - b.line);
}

/** Which module owns each table (the one whose repositories write it and whose services expose it). */
export type Ownership = Readonly<Record<string, readonly string[]>>;

/** A repository allowed to READ tables of another module, and why. Writes are never allowed. */
export interface ForeignRead {
  repository: string;
  tables: readonly string[];
  reason: string;
}

export function ownerOf(ownership: Ownership): Map<string, string> {
  const owner = new Map<string, string>();
  for (const [module, tables] of Object.entries(ownership)) for (const t of tables) owner.set(t, module);
  return owner;
}

/**
 * A repository touches only its module's tables, except the reads listed in the allowlist. A write
 * to another module's table is always a violation (that module's service must do it).
 */
export function checkTableOwnership(
  files: readonly SourceFile[],
  ownership: Ownership,
  allowlist: readonly ForeignRead[],
): Violation[] {
  const owner = ownerOf(ownership);
  const known = new Set(owner.keys());
  const out: Violation[] = [];
  for (const f of files) {
    if (!isRepository(f.path) || isTest(f.path)) continue;
    const module = moduleOf(f.path);
    if (!module) continue;
    const allowed = new Set(allowlist.filter((a) => a.repository === f.path).flatMap((a) => a.tables));
    for (const ref of tableReferences(f.text, known)) {
      const tableOwner = owner.get(ref.table);
      if (tableOwner === module) continue;
      if (ref.access === 'read' && allowed.has(ref.table)) continue;
      out.push({
        rule: 'table-ownership',
        file: f.path,
        line: ref.line,
        message:
          ref.access === 'write'
            ? `escreve em ${ref.table}, tabela de ${tableOwner}: use o serviço do módulo dono`
            : `lê ${ref.table}, tabela de ${tableOwner}, sem entrada na lista de exceções (docs/adr/0003-table-ownership.md)`,
      });
    }
  }
  return out;
}

/** Allowlist entries that no longer match a read: an exception that is no longer needed goes away. */
export function unusedAllowances(
  files: readonly SourceFile[],
  ownership: Ownership,
  allowlist: readonly ForeignRead[],
): string[] {
  const owner = ownerOf(ownership);
  const known = new Set(owner.keys());
  const unused: string[] = [];
  for (const a of allowlist) {
    const file = files.find((f) => f.path === a.repository);
    const read = new Set(file ? tableReferences(file.text, known).map((r) => r.table) : []);
    for (const t of a.tables) if (!read.has(t)) unused.push(`${a.repository}: ${t}`);
  }
  return unused;
}

/** Table names of the Kysely `Schema` interface in src/db-schema.ts. */
export function schemaTables(dbSchemaText: string): string[] {
  const block = /export interface Schema \{([^}]*)\}/.exec(dbSchemaText)?.[1] ?? '';
  return [...block.matchAll(/^\s*([a-z_][a-z0-9_]*)\s*:/gm)].map((m) => m[1] as string);
}

/** The types that say "who is calling" as a use case's second parameter: staff and the debtor portal. */
export const PRINCIPAL_TYPES: readonly string[] = ['Principal', 'PortalSession'];

/** A parameter as written: its name (or destructuring pattern) and its type annotation (`null`: none). */
export interface Param {
  name: string;
  type: string | null;
}

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };
const CLOSERS = new Set([')', ']', '}', '>']);

/**
 * Splits `text` at the separators found at nesting depth 0 (brackets, braces, parentheses and angle
 * brackets; an arrow's `=>` is not a closer; quoted strings are skipped).
 */
function splitTopLevel(text: string, separators: readonly string[]): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "'" || c === '"' || c === '`') {
      const quote = c;
      i++;
      while (i < text.length && text[i] !== quote) i += text[i] === '\\' ? 2 : 1;
      continue;
    }
    if (c in OPENERS) depth++;
    else if (CLOSERS.has(c) && !(c === '>' && text[i - 1] === '=')) depth--;
    else if (depth === 0 && separators.includes(c) && !(c === '=' && /[=>]/.test(text[i + 1] ?? ''))) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** The text between the parenthesis at `open` and its match. */
function balancedFrom(code: string, open: number): string {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const c = code[i] as string;
    if (c === "'" || c === '"' || c === '`') {
      const quote = c;
      i++;
      while (i < code.length && code[i] !== quote) i += code[i] === '\\' ? 2 : 1;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return code.slice(open + 1, i);
    }
  }
  return code.slice(open + 1);
}

/** `name: Type = default` → {name, type}; a destructured `{ a, b }: Type` keeps the pattern as name. */
export function parseParam(text: string): Param {
  const [head] = splitTopLevel(text, ['=']);
  const [name, ...type] = splitTopLevel(head ?? text, [':']);
  return { name: (name ?? '').replace(/\?$/, ''), type: type.length > 0 ? type.join(':') : null };
}

export interface ExportedFunction {
  name: string;
  line: number;
  params: Param[];
}

const EXPORTED_FUNCTION =
  /export\s+(?:async\s+)?function\s*\*?\s*([\w$]+)\s*(?:<[^(]*?>)?\s*\(|export\s+const\s+([\w$]+)\s*(?::[^=]+)?=\s*(?:async\s*)?\(/g;

/** The exported functions of a source text (declarations and `export const f = (…) =>`), with parameters. */
export function exportedFunctions(text: string): ExportedFunction[] {
  const code = stripComments(text);
  const out: ExportedFunction[] = [];
  for (const m of code.matchAll(EXPORTED_FUNCTION)) {
    const open = (m.index ?? 0) + m[0].length - 1;
    out.push({
      name: (m[1] ?? m[2]) as string,
      line: lineAt(code, m.index ?? 0),
      params: splitTopLevel(balancedFrom(code, open), [',']).map(parseParam),
    });
  }
  return out;
}

const NOT_AN_OBJECT = new Set([
  'string',
  'number',
  'boolean',
  'bigint',
  'symbol',
  'any',
  'unknown',
  'never',
  'null',
  'undefined',
  'object',
  'Date',
  'Array',
  'ReadonlyArray',
]);

/**
 * Whether a type annotation names an input object: a type literal (`{ id: string }`), a named
 * type or interface (`CadenceInput`, `Pick<OfferInput, 'date'>`), or an intersection of those. Not a
 * primitive, `Date`, an array, a literal, a union (`X | null`) nor `typeof f`.
 */
export function isObjectType(type: string): boolean {
  const t = type.trim();
  if (splitTopLevel(t, ['|']).length !== 1) return false;
  const parts = splitTopLevel(t, ['&']);
  if (parts.length > 1) return parts.every(isObjectType);
  if (t.startsWith('{') && t.endsWith('}')) return true;
  if (t.startsWith('(') && t.endsWith(')')) return isObjectType(t.slice(1, -1));
  const named = /^([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*(<.*>)?$/s.exec(t);
  if (!named) return false; // arrays, literals, typeof, function types…
  const base = (named[1] as string).split('.').pop() as string;
  return !NOT_AN_OBJECT.has(base);
}

/**
 * One way to write a use case: an exported function of a `*.service.ts` whose second parameter is the
 * caller (`Principal`, or the portal's `PortalSession`) takes `(deps, principal, input)`: at most three
 * parameters, the third a named input object, never a positional list (`id, date?`, `debtorId, input`).
 */
export function checkUseCaseSignatures(
  files: readonly SourceFile[],
  principalTypes: readonly string[] = PRINCIPAL_TYPES,
): Violation[] {
  const out: Violation[] = [];
  for (const f of files) {
    if (!f.path.endsWith('.service.ts') || isTest(f.path)) continue;
    for (const fn of exportedFunctions(f.text)) {
      const second = fn.params[1]?.type?.trim();
      if (!second || !principalTypes.includes(second)) continue;
      const where = { rule: 'use-case-signature' as const, file: f.path, line: fn.line };
      if (fn.params.length > 3) {
        out.push({
          ...where,
          message: `${fn.name} tem ${fn.params.length} parâmetros: use (deps, principal, input) com um objeto de entrada nomeado`,
        });
        continue;
      }
      const third = fn.params[2];
      if (third && !(third.type !== null && isObjectType(third.type))) {
        out.push({
          ...where,
          message: `${fn.name}: o 3º parâmetro (${third.name}: ${third.type ?? 'sem tipo'}) não é um objeto de entrada; use { ${/^[\w$]+$/.test(third.name) ? third.name : 'campo'}: … }`,
        });
      }
    }
  }
  return out;
}

/**
 * The author of a change is written by `actorOf(principal)` (src/platform/principal.ts), never rebuilt
 * as the template `token:${…}` elsewhere: one place decides how a caller is recorded.
 */
export function checkActorStrings(
  files: readonly SourceFile[],
  home: string = 'src/platform/principal.ts',
): Violation[] {
  const out: Violation[] = [];
  for (const f of files) {
    if (f.path === home || isTest(f.path)) continue;
    const code = stripComments(f.text);
    for (const m of code.matchAll(/`token:\$\{/g)) {
      out.push({
        rule: 'actor-string',
        file: f.path,
        line: lineAt(code, m.index ?? 0),
        message:
          'o autor é actorOf(principal) (platform/principal.ts), não a string token:<id> montada à mão',
      });
    }
  }
  return out;
}

export function formatViolations(violations: readonly Violation[]): string {
  return violations.map((v) => `${v.file}:${v.line} [${v.rule}] ${v.message}`).join('\n');
}
