import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The CSS is small (a few kB): inlined into index.html so the first screen paints after ONE round
 * trip on a slow link (400 ms RTT), instead of waiting for a render-blocking stylesheet.
 */
function inlineCss(): Plugin {
  return {
    name: 'trato-inline-css',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const html = Object.values(bundle).find((f) => f.type === 'asset' && f.fileName.endsWith('.html'));
      if (html?.type !== 'asset') return;
      let source = String(html.source);
      for (const [name, file] of Object.entries(bundle)) {
        if (file.type !== 'asset' || !name.endsWith('.css')) continue;
        const link = new RegExp(
          `<link rel="stylesheet"[^>]*href="[^"]*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>`,
        );
        if (!link.test(source)) continue;
        source = source.replace(link, `<style>${String(file.source)}</style>`);
        delete bundle[name];
      }
      html.source = source;
    },
  };
}

/**
 * Brotli and gzip copies of every asset next to it, served by @fastify/static (`preCompressed`) to
 * browsers that accept them: the 25 kB budget is what actually crosses a 400 kbps link.
 */
function precompress(): Plugin {
  return {
    name: 'trato-precompress',
    apply: 'build',
    writeBundle(options) {
      const dir = join(options.dir ?? '', 'assets');
      for (const name of readdirSync(dir)) {
        if (!/\.(js|css|svg)$/.test(name)) continue;
        const body = readFileSync(join(dir, name));
        writeFileSync(join(dir, `${name}.gz`), gzipSync(body, { level: 9 }));
        writeFileSync(
          join(dir, `${name}.br`),
          brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
      }
    },
  };
}

export default defineConfig({
  root,
  base: '/portal/',
  publicDir: false,
  plugins: [inlineCss(), precompress()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/portal', import.meta.url)),
    emptyOutDir: true,
    target: 'es2020',
    modulePreload: { polyfill: false },
    assetsDir: 'assets',
    reportCompressedSize: false,
  },
  // `npx vite --config web/portal/vite.config.ts` for development: the API (npm start) answers behind.
  server: {
    fs: { allow: [fileURLToPath(new URL('../..', import.meta.url))] },
    proxy: { '/api': 'http://127.0.0.1:3000', '/l/': 'http://127.0.0.1:3000' },
  },
});
