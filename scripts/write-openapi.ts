/**
 * Writes the OpenAPI document the server serves (`GET /api/v1/openapi.json`) to docs/openapi.json,
 * pretty-printed and deterministic, so the contract is reviewed in diffs and clients are generated
 * from a committed file. Run after changing a route: `npm run openapi` (a test fails until you do).
 */
import { writeFileSync } from 'node:fs';
import { startRuntime } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db.ts';
import { silentLogger } from '../src/platform/log.ts';

const OPENAPI_PATH = new URL('../docs/openapi.json', import.meta.url).pathname;

{
  // An empty in-memory database: the document depends on the routes, not on data or configuration.
  const database = await openDatabase({});
  const rt = await startRuntime({
    config: loadConfig({ dataDir: '/nonexistent', messaging: {} }, {}),
    log: silentLogger,
    jobs: 'none',
    command: 'openapi',
    database,
  });
  try {
    const app = await rt.buildHttp();
    await app.ready();
    writeFileSync(OPENAPI_PATH, `${JSON.stringify(app.swagger(), null, 2)}\n`);
    await app.close();
    process.stdout.write(`OpenAPI escrito em ${OPENAPI_PATH}\n`);
  } finally {
    await rt.close();
    await database.close();
  }
}
