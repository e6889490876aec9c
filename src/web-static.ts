import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import fastifyStatic from '@fastify/static';
import type { App } from './platform/http.ts';
import type { Logger } from './platform/log.ts';

/**
 * The debtor portal's built front end (Vite, `dist/portal`), served by the same Fastify process
 * under /portal: hashed assets cached for a year (their name changes with their content), the
 * HTML shell never cached (it names the current assets), and every other /portal path answered
 * with the shell so the app's router takes over (SPA fallback). All public by declaration: the
 * pages hold no personal data; the data comes from /api/portal/v1 with the session.
 */
export const PORTAL_DIST = resolve(import.meta.dirname, '../dist/portal');

/** Builds the portal when it is missing (first `npm start` without the install step's build). */
export async function ensurePortalBuilt(log: Logger, dist = PORTAL_DIST): Promise<boolean> {
  if (existsSync(join(dist, 'index.html'))) return true;
  try {
    log.info('portal: construindo o front end (dist/portal não existe)');
    const { build } = await import('vite');
    await build({
      configFile: resolve(import.meta.dirname, '../web/portal/vite.config.ts'),
      logLevel: 'warn',
    });
    return existsSync(join(dist, 'index.html'));
  } catch (error) {
    log.warn('portal: não foi possível construir o front end; rode npm run web:build', {
      error: String(error),
    });
    return false;
  }
}

export async function portalStaticRoutes(app: App, dist = PORTAL_DIST): Promise<void> {
  const indexFile = join(dist, 'index.html');
  if (!existsSync(indexFile)) {
    app.get('/portal', { config: { auth: 'public' }, schema: { hide: true } }, async (_request, reply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .header('cache-control', 'no-store')
        .send('O portal ainda não foi construído: rode npm run web:build.'),
    );
    return;
  }
  // Read (and compressed) once: a new build means a new deploy (and restart) anyway.
  const shell = readFileSync(indexFile);
  const shellBr = brotliCompressSync(shell);
  const shellGz = gzipSync(shell, { level: 9 });
  // The plugin registers its own routes; inside this scope they are declared public.
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...(route.config ?? {}), auth: 'public' };
    });
    await scope.register(fastifyStatic, {
      root: join(dist, 'assets'),
      prefix: '/portal/assets/',
      decorateReply: false,
      index: false,
      wildcard: true,
      // The build writes .br and .gz next to each asset (web/portal/vite.config.ts).
      preCompressed: true,
      cacheControl: false,
      setHeaders(res) {
        res.header('cache-control', 'public, max-age=31536000, immutable');
        res.header('x-content-type-options', 'nosniff');
      },
    });
  });
  const sendShell = async (
    request: import('fastify').FastifyRequest,
    reply: import('fastify').FastifyReply,
  ) => {
    const accepts = String(request.headers['accept-encoding'] ?? '');
    const [body, encoding] = /\bbr\b/.test(accepts)
      ? [shellBr, 'br']
      : /\bgzip\b/.test(accepts)
        ? [shellGz, 'gzip']
        : [shell, null];
    if (encoding) reply.header('content-encoding', encoding);
    return reply
      .header('vary', 'accept-encoding')
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .header('x-content-type-options', 'nosniff')
      .header('x-frame-options', 'DENY')
      .header(
        'content-security-policy',
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
      )
      .send(body);
  };
  app.get('/portal', { config: { auth: 'public' }, schema: { hide: true } }, sendShell);
  app.get('/portal/*', { config: { auth: 'public' }, schema: { hide: true } }, sendShell);
}
