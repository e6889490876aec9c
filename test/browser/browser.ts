import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { silentLogger } from '../../src/platform/log.ts';
import { ensurePortalBuilt, PORTAL_DIST } from '../../src/web-static.ts';
import { CHROMIUM, launchChromium } from './chromium.ts';

/**
 * Browser tests drive Debian's Chromium (/usr/bin/chromium, `apt-get install -y chromium`) through
 * playwright-core: no browser download. One browser per test file; each person gets a fresh context
 * (its own cookies and storage). Playwright gives every launch a fresh temporary profile directory
 * (the equivalent of a fresh --user-data-dir). Screenshots land in test/browser/screenshots/
 * (gitignored; CI keeps them as artifacts).
 */
export { CHROMIUM };
export const SCREENSHOTS = resolve(import.meta.dirname, 'screenshots');

export const PHONE = { width: 360, height: 780 };
export const DESKTOP = { width: 1280, height: 900 };

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

export async function launchBrowser(): Promise<Browser> {
  // The portal must be built (npm install does it; a fresh checkout in a test run builds it here).
  if (!(await ensurePortalBuilt(silentLogger)) || !existsSync(join(PORTAL_DIST, 'index.html'))) {
    throw new Error('dist/portal não foi construído (npm run web:build)');
  }
  return launchChromium();
}

/**
 * One Chromium and one running app for a test file: `const w = inChromium(startWorld)` starts both before
 * the file's tests (only when Chromium is installed and `when` holds: the tests then run under
 * `describe.runIf`) and closes them after. `w` stands for the started world, plus `w.browser`.
 */
export function inChromium<W extends { close(): Promise<void> }>(
  start: () => Promise<W>,
  options: { when?: boolean; timeout?: number } = {},
): W & { browser: Browser } {
  let world: W | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (!chromiumAvailable() || options.when === false) return;
    world = await start();
    browser = await launchBrowser();
  }, options.timeout);
  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('inChromium: o mundo só existe dentro dos testes');
    return value;
  };
  return new Proxy({} as W & { browser: Browser }, {
    get(_target, key) {
      if (key === 'browser') return started(browser);
      const w = started(world);
      const value = Reflect.get(w, key);
      return typeof value === 'function' ? value.bind(w) : value;
    },
  });
}

/** The screen's title: every portal screen has one h1. */
export function h1(page: Page) {
  return page.getByRole('heading', { level: 1 });
}

/**
 * The typed entry, as a person does it: CPF and birth date, then the code read from the messages the
 * person received (`w.codeFor`); lands on the debts. Nothing on the way says whether the CPF is known,
 * nor where the code went.
 */
export async function typedEntry(
  page: Page,
  w: { codeFor(phone: string): Promise<string> },
  who: { document: string; phone: string },
  birthDate = '01/01/1980',
) {
  await page.goto('/portal');
  await page.getByRole('textbox', { name: 'CPF' }).fill(who.document);
  await page.getByRole('textbox', { name: 'Qual é a sua data de nascimento?' }).fill(birthDate);
  await page.getByRole('button', { name: 'Continuar' }).click();
  const code = page.getByRole('textbox', { name: 'Digite o código que enviamos' });
  await expect.poll(() => code.isVisible()).toBe(true);
  expect(await page.getByText(/Se os dados estiverem certos/).isVisible()).toBe(true);
  expect(await page.getByText(/terminado em/).count()).toBe(0);
  await code.fill(await w.codeFor(who.phone));
  await page.getByRole('button', { name: 'Confirmar' }).click();
  await expect.poll(() => h1(page).textContent()).toMatch(/dívida/);
}

/** On the options: the first installment plan (the lump sum comes first when nothing is typed), accepted. */
export async function acceptFirstInstallmentPlan(page: Page) {
  await expect.poll(() => page.getByRole('radio').count()).toBeGreaterThan(1);
  await page.getByRole('radio').nth(1).check();
  await page.getByRole('button', { name: 'Continuar com esta opção' }).click();
  await page.getByRole('button', { name: 'Aceitar e fechar acordo' }).click();
  await expect.poll(() => h1(page).textContent()).toBe('Acordo feito');
}

/** A person on a phone: pt-BR, São Paulo time, 360 px wide, touch. */
export async function newPerson(
  browser: Browser,
  baseURL: string,
  viewport = PHONE,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    viewport,
    locale: 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
    hasTouch: viewport.width < 600,
    acceptDownloads: true,
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  // No third-party requests: anything leaving the test server fails the test.
  const base = new URL(baseURL);
  const foreign: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.host !== base.host && url.protocol !== 'data:') {
      foreign.push(url.href);
      return route.abort();
    }
    return route.continue();
  });
  (context as BrowserContext & { foreignRequests: string[] }).foreignRequests = foreign;
  const page = await context.newPage();
  return { context, page };
}

export function foreignRequests(context: BrowserContext): string[] {
  return (context as BrowserContext & { foreignRequests?: string[] }).foreignRequests ?? [];
}

/** WCAG 2.2 AA with axe-core: zero violations, with a readable failure. */
export async function expectAccessible(page: Page, screen: string) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const violations = result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} → ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(violations, `axe em "${screen}"`).toEqual([]);
}

/** Full-page screenshot at the page's viewport width, named by screen. */
export async function snap(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
}

/** Both checks every main screen gets: axe, then a screenshot. */
export async function checkScreen(page: Page, name: string) {
  await expectAccessible(page, name);
  await snap(page, name);
}
