/**
 * First-load JavaScript budget of the debtor portal (UX guide §8: ≤ 25 kB gzipped on a cheap phone
 * and a slow link). Reads the built dist/portal/index.html, takes every script and modulepreload it
 * references (what the browser fetches before the first screen is interactive), gzips each at level
 * 9 and fails (exit 1) above the budget. Lazy route chunks are listed but not counted.
 *
 *   npm run web:size            # after npm run web:build (CI runs both)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 25_000;
const dist = resolve(import.meta.dirname, '../dist/portal');
const indexFile = join(dist, 'index.html');
if (!existsSync(indexFile)) {
  console.error('dist/portal/index.html não existe: rode npm run web:build antes.');
  process.exit(1);
}
const html = readFileSync(indexFile, 'utf8');
const gz = (buf: Buffer | string) => gzipSync(buf, { level: 9 }).length;
const firstLoad = [
  ...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\/portal\/([^"]+\.js)"/g),
].map((m) => m[1]!);
let total = 0;
console.log(`HTML (CSS inline): ${html.length} B, ${gz(html)} B gzip`);
for (const file of firstLoad) {
  const size = gz(readFileSync(join(dist, file)));
  total += size;
  console.log(`primeira carga  ${file}: ${size} B gzip`);
}
const lazy = readdirSync(join(dist, 'assets')).filter(
  (f) => f.endsWith('.js') && !firstLoad.includes(`assets/${f}`),
);
for (const f of lazy)
  console.log(`sob demanda     assets/${f}: ${gz(readFileSync(join(dist, 'assets', f)))} B gzip`);
console.log(`JS da primeira carga: ${total} B gzip (limite ${BUDGET_BYTES} B)`);
if (firstLoad.length === 0) {
  console.error('nenhum script encontrado em index.html');
  process.exit(1);
}
if (total > BUDGET_BYTES) {
  console.error(`ACIMA DO LIMITE: ${total - BUDGET_BYTES} B a mais que ${BUDGET_BYTES} B`);
  process.exit(1);
}
