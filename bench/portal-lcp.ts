/**
 * The debtor portal on a cheap phone and a slow link, measured in Debian's Chromium through the
 * DevTools protocol: 400 kbps down / 400 kbps up, 400 ms RTT (Network.emulateNetworkConditions), CPU
 * 4× slower (Emulation.setCPUThrottlingRate), 360 × 780 viewport.
 *
 * 1. LCP of the first screen (typed entry /portal, and the SMS link's landing), from a
 *    PerformanceObserver('largest-contentful-paint') injected before the page's own scripts; median of
 *    --runs cold loads (fresh context: nothing cached). Also FCP and the bytes transferred.
 * 2. The scripted journey from the SMS link to the Pix code copied, on the same profile: its wall time
 *    (the machine's; a person adds reading and typing), and its count of screens and taps.
 *
 *   npx tsx bench/portal-lcp.ts [--runs 3] [--record]
 *
 * `--record` writes the results into docs/benchmarks.md (section "Portal do devedor") with the
 * machine and the date. The world is the browser tests' (test/browser/world.ts) on a throwaway
 * embedded database: simulators for SMS and the PSP, one creditor, two people.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startRuntime } from '../src/app.ts';
import { createApiToken } from '../src/modules/identity/index.ts';
import { loadConfig } from '../src/platform/config.ts';
import { silentLogger } from '../src/platform/log.ts';
import { ensurePortalBuilt } from '../src/web-static.ts';
import { launchChromium } from '../test/browser/chromium.ts';
import { type AppStarter, MARIA, startWorld } from '../test/browser/world.ts';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 3) || 3;
const record = args.includes('--record');

const PROFILE = { downKbps: 400, upKbps: 400, rttMs: 400, cpu: 4 };
const VIEWPORT = { width: 360, height: 780 };

/** The app on a fresh embedded database in a temp dir (what `npm start` runs, minus the port). */
const startBenchApp: AppStarter = async (options) => {
  const dir = mkdtempSync(join(tmpdir(), 'trato-lcp-'));
  const rt = await startRuntime({
    config: loadConfig({ dataDir: dir, databaseUrl: undefined, ...options.config }),
    log: silentLogger,
    ...(options.clock ? { clock: options.clock } : {}),
    jobs: 'none',
    command: 'bench',
    ...(options.portal ? { portal: options.portal } : {}),
  });
  const app = await rt.buildHttp();
  return {
    rt,
    databaseUrl: undefined,
    app,
    async token(role, opts = {}) {
      const created = await createApiToken(rt.ctx.database.db, {
        role,
        creditorId: opts.creditorId ?? null,
        ...(opts.tenant ? { tenantSlug: opts.tenant } : {}),
        actor: 'bench',
      });
      return `Bearer ${created.token}`;
    },
    async close() {
      await app.close();
      await rt.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

async function throttled(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: PROFILE.rttMs,
    downloadThroughput: (PROFILE.downKbps * 1000) / 8,
    uploadThroughput: (PROFILE.upKbps * 1000) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: PROFILE.cpu });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
    bytes += e.encodedDataLength;
  });
  (page as Page & { transferred: () => number }).transferred = () => bytes;
  await page.addInitScript(() => {
    // Runs in the page (DOM types are not in the server's tsconfig).
    const w = globalThis as unknown as { __lcp: number; __fcp: number };
    w.__lcp = 0;
    w.__fcp = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__lcp = e.startTime;
    }).observe({ type: 'largest-contentful-paint' as never, buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') w.__fcp = e.startTime;
    }).observe({ type: 'paint' as never, buffered: true });
  });
  return page;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  if (!(await ensurePortalBuilt(silentLogger))) throw new Error('dist/portal ausente: npm run web:build');
  const world = await startWorld(startBenchApp);
  const browser = await launchChromium();
  const newContext = () =>
    browser.newContext({
      baseURL: world.base,
      viewport: VIEWPORT,
      locale: 'pt-BR',
      timezoneId: 'America/Sao_Paulo',
      hasTouch: true,
      permissions: ['clipboard-read', 'clipboard-write'],
    });
  try {
    // 1. LCP of the first screen, cold, on the throttled profile.
    const loads: Record<string, { lcp: number[]; fcp: number[]; bytes: number[] }> = {};
    for (const [name, path] of [
      ['/portal (CPF digitado)', '/portal'],
      ['link do SMS → /portal/?entrada=link', 'link'],
    ] as const) {
      loads[name] = { lcp: [], fcp: [], bytes: [] };
      for (let i = 0; i < runs; i++) {
        const context = await newContext();
        const page = await throttled(context);
        const url = path === 'link' ? await world.linkFor(MARIA.phone) : path;
        await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
        await page.getByRole('heading', { level: 1 }).waitFor({ timeout: 60_000 });
        await page.waitForTimeout(1500); // let late candidates (the live render) report
        const { lcp, fcp } = await page.evaluate(() => {
          const w = globalThis as unknown as { __lcp: number; __fcp: number };
          return { lcp: w.__lcp, fcp: w.__fcp };
        });
        loads[name]!.lcp.push(lcp);
        loads[name]!.fcp.push(fcp);
        loads[name]!.bytes.push((page as Page & { transferred: () => number }).transferred());
        await context.close();
      }
    }

    // 2. The scripted journey, link → Pix code copied, same profile.
    const context = await newContext();
    const page = await throttled(context);
    let taps = 0;
    const screens: string[] = [];
    const t0 = performance.now();
    await page.goto(await world.linkFor(MARIA.phone), { timeout: 120_000 });
    const h1 = page.getByRole('heading', { level: 1 });
    await h1.filter({ hasText: 'Olá, Maria' }).waitFor({ timeout: 60_000 });
    screens.push('boas-vindas');
    await page.getByRole('textbox', { name: 'Qual é a sua data de nascimento?' }).fill(MARIA.birthDate);
    taps++;
    await page.getByRole('button', { name: 'Continuar' }).click();
    taps++;
    const code = page.getByRole('textbox', { name: 'Digite o código que enviamos' });
    await code.waitFor({ timeout: 60_000 });
    screens.push('código');
    await code.fill(await world.codeFor(MARIA.phone));
    taps++;
    await page.getByRole('button', { name: 'Confirmar' }).click();
    taps++;
    const budget = page.getByRole('textbox', { name: 'Quanto cabe no seu bolso por mês? (opcional)' });
    await budget.waitFor({ timeout: 60_000 });
    screens.push('dívidas e orçamento');
    await budget.fill('300');
    taps++;
    await page.getByRole('button', { name: 'Ver opções' }).click();
    taps++;
    const radio = page.getByRole('radio').first();
    await radio.waitFor({ timeout: 60_000 });
    screens.push('opções');
    await radio.check();
    taps++;
    await page.getByRole('button', { name: 'Continuar com esta opção' }).click();
    taps++;
    const accept = page.getByRole('button', { name: 'Aceitar e fechar acordo' });
    await accept.waitFor({ timeout: 60_000 });
    screens.push('revisar e aceitar');
    await accept.click();
    taps++;
    const copy = page.getByRole('button', { name: 'Copiar código Pix' });
    await copy.waitFor({ timeout: 60_000 });
    screens.push('acordo feito + Pix');
    await copy.click();
    taps++;
    await page.getByRole('button', { name: 'Código copiado' }).waitFor({ timeout: 60_000 });
    const journeyMs = performance.now() - t0;
    const copied = String(await page.evaluate('navigator.clipboard.readText()'));
    if (!copied.startsWith('000201')) throw new Error('o código Pix não foi copiado');
    await context.close();

    const cpu = cpus();
    const machine = `${cpu[0]?.model.trim() ?? '?'} × ${cpu.length} núcleos, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${(await browser.version()).replace(/^/, 'Chromium ')}`;
    const date = new Date().toISOString().slice(0, 10);
    const rows = Object.entries(loads).map(
      ([name, r]) =>
        `| ${name} | ${Math.round(median(r.lcp))} | ${Math.round(median(r.fcp))} | ${(median(r.bytes) / 1024).toFixed(1)} | ${r.lcp.map((x) => Math.round(x)).join(', ')} |`,
    );
    const report = [
      `### Portal do devedor — ${date} (perfil lento: ${PROFILE.downKbps} kbps, RTT ${PROFILE.rttMs} ms, CPU ${PROFILE.cpu}×, 360 px)`,
      '',
      `Máquina: ${machine}. Mediana de ${runs} cargas a frio (sem cache) por linha.`,
      '',
      '| primeira tela | LCP (ms) | FCP (ms) | transferido (KiB) | LCP de cada carga (ms) |',
      '| --- | ---: | ---: | ---: | --- |',
      ...rows,
      '',
      `Jornada roteirizada, link do SMS → código Pix copiado, no mesmo perfil: **${(journeyMs / 1000).toFixed(1)} s** de máquina (sem o tempo de leitura e digitação de uma pessoa), **${screens.length} telas** (${screens.join(' → ')}) e **${taps} toques** (meta: ≤ 6 telas, ≤ 12 toques, < 90 s para uma pessoa).`,
    ].join('\n');
    console.log(report);
    if (record) {
      const file = resolve(import.meta.dirname, '../docs/benchmarks.md');
      const doc = readFileSync(file, 'utf8');
      const start = '<!-- portal-lcp:start -->';
      const end = '<!-- portal-lcp:end -->';
      const block = `${start}\n${report}\n${end}`;
      const next = doc.includes(start)
        ? doc.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block)
        : `${doc.trimEnd()}\n\n${block}\n`;
      writeFileSync(file, next);
      console.log('gravado em docs/benchmarks.md');
    }
  } finally {
    await browser.close();
    await world.close();
  }
}

await main();
