import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FOREIGN_READS, TABLE_OWNERSHIP } from './architecture/ownership.ts';
import {
  checkActorStrings,
  checkModuleBoundaries,
  checkNoRoleComparison,
  checkNoWallClock,
  checkPlatformIndependence,
  checkSqlPlacement,
  checkTableOwnership,
  checkUseCaseSignatures,
  formatViolations,
  schemaTables,
  unusedAllowances,
} from './architecture/rules.ts';
import type { SourceFile } from './architecture/source.ts';

// The conventions of docs/CONVENTIONS.md, checked over every TypeScript file under src/. Each rule
// is proven to fail on a source that breaks it in test/architecture/rules.test.ts. The table
// ownership and its exceptions are in test/architecture/ownership.ts (mirrored by
// docs/adr/0003-table-ownership.md).

const root = join(import.meta.dirname, '..');

function sources(): SourceFile[] {
  const dir = join(root, 'src');
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((p) => p.endsWith('.ts'))
    .map((p) => p.split('\\').join('/'))
    .sort()
    .map((p) => ({ path: `src/${p}`, text: readFileSync(join(dir, p), 'utf8') }));
}

const files = sources();

describe('architecture of src/', () => {
  it('reads the source tree', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((f) => f.path === 'src/modules/contact/sweep.repository.ts')).toBe(true);
  });

  it("a module is used only through its index.ts (no import of another module's file)", () => {
    expect(formatViolations(checkModuleBoundaries(files))).toBe('');
  });

  it('platform/ never imports from modules/', () => {
    expect(formatViolations(checkPlatformIndependence(files))).toBe('');
  });

  it('SQL only in *.repository.ts (kernel: platform/db.ts and platform/migrate.ts)', () => {
    expect(formatViolations(checkSqlPlacement(files))).toBe('');
  });

  it('no new Date() / Date.now() in *.rules.ts and *.repository.ts', () => {
    expect(formatViolations(checkNoWallClock(files))).toBe('');
  });

  it('no role comparison outside identity: can(principal, verb) and creditorScopeOf(principal)', () => {
    expect(formatViolations(checkNoRoleComparison(files))).toBe('');
  });

  it('a use case is (deps, principal, input): at most three parameters, the third a named input object', () => {
    expect(formatViolations(checkUseCaseSignatures(files))).toBe('');
  });

  it('the author of a change is actorOf(principal), never `token:…` rebuilt outside platform/principal.ts', () => {
    expect(formatViolations(checkActorStrings(files))).toBe('');
  });

  it("a repository touches only its module's tables, except the listed reads", () => {
    expect(formatViolations(checkTableOwnership(files, TABLE_OWNERSHIP, FOREIGN_READS))).toBe('');
  });

  it('every exception of the allowlist is still needed, and has a reason', () => {
    expect(unusedAllowances(files, TABLE_OWNERSHIP, FOREIGN_READS)).toEqual([]);
    for (const a of FOREIGN_READS) expect(a.reason.length).toBeGreaterThan(40);
  });

  it('every table of the schema has exactly one owner module (add a new table to ownership.ts)', () => {
    const tables = schemaTables(readFileSync(join(root, 'src/db-schema.ts'), 'utf8'));
    expect(tables.length).toBeGreaterThan(20);
    const owned = Object.values(TABLE_OWNERSHIP).flat();
    expect(owned.length).toBe(new Set(owned).size); // no table with two owners
    expect([...owned].sort()).toEqual([...tables].sort());
    for (const module of Object.keys(TABLE_OWNERSHIP).filter((m) => m !== 'platform')) {
      expect(files.some((f) => f.path === `src/modules/${module}/index.ts`)).toBe(true);
    }
  });

  it('the ADR mirrors the ownership map and the allowlist (docs/adr/0003-table-ownership.md)', () => {
    const adr = readFileSync(join(root, 'docs/adr/0003-table-ownership.md'), 'utf8');
    for (const [module, tables] of Object.entries(TABLE_OWNERSHIP)) {
      const row = adr.split('\n').find((l) => l.startsWith(`| ${module} `));
      expect(row, `linha de ${module} no ADR`).toBeDefined();
      for (const t of tables) expect(row, `${t} na linha de ${module}`).toContain(`\`${t}\``);
    }
    for (const a of FOREIGN_READS) {
      const row = adr
        .split('\n')
        .find((l) => l.startsWith(`| \`${a.repository.replace('src/modules/', '')}\``));
      expect(row, `exceção ${a.repository} no ADR`).toBeDefined();
      for (const t of a.tables) expect(row, `${t} na exceção ${a.repository}`).toContain(`\`${t}\``);
    }
  });
});
