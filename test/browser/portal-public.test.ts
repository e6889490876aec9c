import { describe, expect, it } from 'vitest';
import { startTestApp } from '../support/app.ts';
import {
  checkScreen,
  chromiumAvailable,
  DESKTOP,
  foreignRequests,
  inChromium,
  newPerson,
  snap,
} from './browser.ts';

/**
 * The portal's public face, in a real browser: the first screen (prerendered, then live), its
 * validation the GOV.UK way, the "Como saber se é a gente" page, the static serving rules.
 */
const w = inChromium(async () => {
  const t = await startTestApp();
  return { t, base: await t.app.listen({ port: 0, host: '127.0.0.1' }), close: () => t.close() };
});

describe.runIf(chromiumAvailable())('portal: public pages in Chromium', () => {
  it('serves the shell with the first screen already in the HTML, no-store; hashed assets immutable', async () => {
    const res = await fetch(`${w.base}/portal`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    // Its own scripts may run (and only those): not the kernel's script-free policy for documents.
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await res.text();
    expect(html).toContain('<h1 tabindex="-1">Confirme que é você</h1>');
    expect(html).toContain('<html lang="pt-BR">');
    const script = /src="(\/portal\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${w.base}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // Compressed on the wire (pre-compressed at build time): the 25 kB budget is what a slow link carries.
    const br = await w.t.app.inject({ url: script!, headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.length).toBeLessThan(25_000);
    // Any other portal path is the same shell (the app's router takes over) ...
    const deep = await fetch(`${w.base}/portal/acordos/123`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toBe(html);
    // ... but a missing asset is a 404, not the shell.
    expect((await fetch(`${w.base}/portal/assets/nao-existe.js`)).status).toBe(404);
  });

  it('welcome: readable, accessible, no third-party requests; empty submit → error summary with focus', async () => {
    const { context, page } = await newPerson(w.browser, w.base);
    await page.goto('/portal');
    await expect.poll(() => page.getByRole('textbox', { name: 'CPF' }).isVisible()).toBe(true);
    // No autofocus on first load: people read first.
    expect(await page.evaluate('document.activeElement?.tagName')).toBe('BODY');
    await checkScreen(page, '01-identificacao');

    await page.getByRole('button', { name: 'Continuar' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Confira antes de continuar' });
    await expect.poll(() => summary.isVisible()).toBe(true);
    await expect.poll(() => page.evaluate('document.activeElement?.className')).toBe('error-summary');
    await expect.poll(() => page.title()).toBe('Erro: Confirme que é você – Trato');
    expect(await summary.getByRole('link').allTextContents()).toEqual([
      'Digite seu CPF',
      'Digite sua data de nascimento',
    ]);
    // Each field says the same under its label and is tied to it for screen readers.
    const cpf = page.getByRole('textbox', { name: 'CPF' });
    expect(await cpf.getAttribute('aria-invalid')).toBe('true');
    expect(await cpf.evaluate((el) => el.getAttribute('aria-describedby'))).toBe('cpf-hint cpf-error');
    await summary.getByRole('link', { name: 'Digite seu CPF' }).click();
    expect(await page.evaluate('document.activeElement?.id')).toBe('cpf');
    await checkScreen(page, '01-identificacao-erros');

    // What was typed is kept; a wrong check digit is said plainly; the CPF is shown formatted on blur.
    await cpf.fill('52998224724');
    await page.getByRole('textbox', { name: 'Qual é a sua data de nascimento?' }).fill('31/04/1985');
    await page.getByRole('button', { name: 'Continuar' }).click();
    await expect
      .poll(() => summary.getByRole('link').allTextContents())
      .toEqual([
        'Confira o CPF: os números não formam um CPF válido',
        'O dia precisa ser de 1 a 30 em abril',
      ]);
    expect(await cpf.inputValue()).toBe('529.982.247-24');
    expect(foreignRequests(context)).toEqual([]);
    await context.close();
  });

  it('"Como saber se é a gente": what we never ask, and the code check — at 360 px and on a desktop', async () => {
    for (const viewport of [undefined, DESKTOP]) {
      const { context, page } = await newPerson(w.browser, w.base, viewport);
      await page.goto('/portal/como-saber');
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toBe('Como saber se é a gente');
      await expect
        .poll(() =>
          page.getByText('Nunca pedimos senha do banco nem código por telefone.').first().isVisible(),
        )
        .toBe(true);
      await checkScreen(page, '09-como-saber');
      await page.getByRole('button', { name: 'Conferir' }).click();
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toContain('Digite o código de verificação da mensagem');
      await context.close();
    }
  });

  it('keyboard only: skip link first, help links, the fields, Enter submits; the code field gets the focus', async () => {
    const { context, page } = await newPerson(w.browser, w.base);
    await page.goto('/portal');
    await expect.poll(() => page.getByRole('textbox', { name: 'CPF' }).isVisible()).toBe(true);
    const focused = () => page.evaluate('document.activeElement?.textContent || document.activeElement?.id');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Ir para o conteúdo');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Trato');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Falar com uma pessoa');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('cpf');
    await page.keyboard.type('529.982.247-25');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('nascimento');
    await page.keyboard.type('27031985');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('codigo');
    await expect.poll(() => page.title()).toBe('Código de verificação – Trato');
    await context.close();
  });

  it('offline: says so, keeps what was typed, offers "Tentar de novo"', async () => {
    const { context, page } = await newPerson(w.browser, w.base);
    await page.goto('/portal');
    const cpf = page.getByRole('textbox', { name: 'CPF' });
    await expect.poll(() => cpf.isVisible()).toBe(true);
    await cpf.fill('52998224725');
    await page.getByRole('textbox', { name: 'Qual é a sua data de nascimento?' }).fill('27/03/1985');
    await context.setOffline(true);
    await expect.poll(() => page.getByText('Você está sem conexão').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Continuar' }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('Não conseguimos carregar. Pode ser a conexão. O que você digitou continua aqui.');
    expect(await cpf.inputValue()).toBe('529.982.247-25');
    await checkScreen(page, '01-identificacao-sem-conexao');
    await context.setOffline(false);
    await page.getByRole('button', { name: 'Tentar de novo' }).click();
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('codigo');
    await context.close();
  });

  it('welcome on a desktop', async () => {
    const { context, page } = await newPerson(w.browser, w.base, DESKTOP);
    await page.goto('/portal');
    await expect.poll(() => page.getByRole('textbox', { name: 'CPF' }).isVisible()).toBe(true);
    await snap(page, '01-identificacao');
    await context.close();
  });
});
