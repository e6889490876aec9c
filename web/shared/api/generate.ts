/**
 * Regenerates web/shared/api/schema.d.ts (the browser's API types) from the committed OpenAPI
 * document, docs/openapi.json — or, when that file is absent, from the app itself, built in-process
 * on a throwaway embedded database. Run with `npm run web:api` after changing a route's schema.
 *
 * openapi-typescript needs TypeScript 5's compiler API, which the project's TypeScript 7 (native)
 * does not ship, so it runs through npx with both pinned instead of being a project dependency.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');
const out = join(root, 'web/shared/api/schema.d.ts');
const committed = join(root, 'docs/openapi.json');

async function documentFromApp(): Promise<unknown> {
  const { startRuntime } = await import('../../../src/app.ts');
  const { loadConfig } = await import('../../../src/platform/config.ts');
  const { silentLogger } = await import('../../../src/platform/log.ts');
  const dir = mkdtempSync(join(tmpdir(), 'trato-openapi-'));
  const rt = await startRuntime({
    config: loadConfig({ dataDir: dir, databaseUrl: undefined }),
    log: silentLogger,
    jobs: 'none',
    command: 'openapi',
  });
  try {
    const app = await rt.buildHttp();
    await app.ready();
    const doc = app.swagger();
    await app.close();
    return doc;
  } finally {
    await rt.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const source = existsSync(committed)
  ? committed
  : join(mkdtempSync(join(tmpdir(), 'trato-api-')), 'openapi.json');
if (source !== committed) writeFileSync(source, JSON.stringify(await documentFromApp()));
execFileSync(
  'npx',
  [
    '-y',
    '-p',
    'typescript@5.9.3',
    '-p',
    'openapi-typescript@7.13.0',
    'openapi-typescript',
    source,
    '-o',
    out,
  ],
  { stdio: 'inherit', cwd: root },
);
console.log(`${out} gerado de ${source === committed ? 'docs/openapi.json' : 'a aplicação'}`);
