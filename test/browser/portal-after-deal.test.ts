import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/modules/negotiation/index.ts';
import { checkScreen, chromiumAvailable, DESKTOP, launchBrowser, newPerson, PHONE } from './browser.ts';
import { JOAO, MARIA, startWorld, type World } from './world.ts';

/**
 * After the deal, in Chromium, by keyboard where a person would use one: the installment's Pix says
 * until when the code is valid ("Este código vale até …", the PSP charge's calendar) and, on a wide
 * screen, puts the QR first beside the code (on a phone the copy button stays first); "Quitar ou
 * adiantar parcelas" (today's payoff, interest given back, Pix + QR); "Desistir do acordo" (7 days: what
 * happens, a separate confirmation, the result); "Pedir revisão por uma pessoa" from the options and
 * from the agreement. Each screen: axe clean, screenshots at 360 px (Maria) and desktop (João).
 */
let w: World;
let browser: Browser;

beforeAll(async () => {
  if (!chromiumAvailable()) return;
  w = await startWorld();
  // Installments with interest (1% a month, the most a creditor outside the financial system may charge), so paying earlier gives some back.
  const policy = await w.t.app.inject({
    method: 'PUT',
    url: `/api/v1/creditors/${w.creditorId}/policy`,
    headers: { authorization: w.admin },
    payload: { ...DEFAULT_POLICY, installmentMonthlyRatePercent: 1 },
  });
  expect(policy.statusCode, policy.payload).toBe(200);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await w?.close();
});

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

/** What has the keyboard focus, as a person would hear it (text, label or value). */
const focused = (page: Page) =>
  page.evaluate<string>(`(() => {
    const e = document.activeElement;
    if (!e) return '';
    const label = e.id ? document.querySelector('label[for="' + e.id + '"]')?.textContent : null;
    return (label ?? e.innerText ?? e.getAttribute('aria-label') ?? '').trim();
  })()`);
/** The natural width of the wide-screen QR image (0 until the SVG has loaded). */
const wideQrWidth = (page: Page) =>
  page.evaluate<number>(`document.querySelector('.pix-qr-wide img')?.naturalWidth ?? 0`);

/** Tabs forward until the focused control's name matches (keyboard only, no clicks). */
async function tabTo(page: Page, name: RegExp, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (name.test(await focused(page))) return;
  }
  throw new Error(`nenhum controle "${name}" alcançado com Tab (último: "${await focused(page)}")`);
}

async function dealFor(page: Page, who: { document: string; phone: string }, birthDate: string) {
  await page.goto('/portal');
  await page.getByRole('textbox', { name: 'CPF' }).fill(who.document);
  await page.getByRole('textbox', { name: 'Qual é a sua data de nascimento?' }).fill(birthDate);
  await page.getByRole('button', { name: 'Continuar' }).click();
  const code = page.getByRole('textbox', { name: 'Digite o código que enviamos' });
  await expect.poll(() => code.isVisible()).toBe(true);
  await code.fill(await w.codeFor(who.phone));
  await page.getByRole('button', { name: 'Confirmar' }).click();
  await expect.poll(() => h1(page).textContent()).toMatch(/dívida/);
  await page.getByRole('button', { name: 'Ver opções' }).click();
  await expect.poll(() => page.getByRole('radio').count()).toBeGreaterThan(1);
  // An installment plan (the lump sum is the first option when nothing is typed).
  await page.getByRole('radio').nth(1).check();
  await page.getByRole('button', { name: 'Continuar com esta opção' }).click();
  await page.getByRole('button', { name: 'Aceitar e fechar acordo' }).click();
  await expect.poll(() => h1(page).textContent()).toBe('Acordo feito');
}

async function afterTheDeal(page: Page) {
  const wide = (page.viewportSize()?.width ?? 0) >= 768;
  // The installment's Pix code: its validity as a date and a time (30 days after the due date).
  const validity = page.getByText(/Este código vale até \d{2}\/\d{2}\/\d{4}, \d{2}h\d{2}\./);
  await expect.poll(() => validity.isVisible()).toBe(true);
  const copy = page.getByRole('button', { name: 'Copiar código Pix' });
  const wideQr = page.locator('.pix-qr-wide img');
  if (wide) {
    // Wide screen: the QR first, beside the code; the folded "Pagar com outro celular" is gone.
    expect(await wideQr.isVisible()).toBe(true);
    await expect.poll(() => wideQrWidth(page)).toBeGreaterThan(0);
    const qrBox = (await wideQr.boundingBox())!;
    const copyBox = (await copy.boundingBox())!;
    expect(qrBox.x + qrBox.width).toBeLessThanOrEqual(copyBox.x);
    expect(await page.getByText('Pagar com outro celular (QR Code)').isVisible()).toBe(false);
  } else {
    // Phone: the copy button first, the QR folded below the code.
    expect(await wideQr.isVisible()).toBe(false);
    const copyBox = (await copy.boundingBox())!;
    const fold = (await page.getByText('Pagar com outro celular (QR Code)').boundingBox())!;
    expect(copyBox.y).toBeLessThan(fold.y);
  }
  await checkScreen(page, '20-acordo-pix');

  // "Quitar ou adiantar parcelas", reached by keyboard from the agreement.
  await tabTo(page, /^Quitar ou adiantar parcelas/);
  await page.keyboard.press('Enter');
  await expect.poll(() => h1(page).textContent()).toBe('Quitar ou adiantar parcelas');
  expect(await page.evaluate('document.activeElement?.tagName')).toBe('H1');
  const summary = await page.locator('dl.summary').textContent();
  expect(summary).toMatch(/Para quitar hojeR\$\s[\d.,]+/);
  // Interest given back: more than zero on a plan with interest.
  expect(summary).toMatch(/Juros que você deixa de pagarR\$\s(?!0,00)[\d.,]+/);
  expect(await page.getByText(/Art\. 52|art\. 52/).count()).toBeGreaterThan(0);
  // The options to settle the last installments, each with what it costs today.
  expect(await page.getByText(/Adiantar a última parcela \(nº 2\): R\$/).isVisible()).toBe(true);
  const payoff = /Para quitar hojeR\$\s([\d.,]+)/.exec(summary ?? '')![1]!;
  await checkScreen(page, '21-quitar');
  await tabTo(page, /^Quitar com Pix: R\$/);
  await page.keyboard.press('Enter');
  await expect.poll(() => h1(page).textContent()).toBe('Pagar com Pix');
  const code = await page.getByRole('textbox', { name: 'Código Pix copia e cola' }).inputValue();
  expect(code).toMatch(/^000201/);
  // The code charges exactly the amount shown (BR Code tag 54, the amount with a dot).
  expect(code).toContain(
    `54${String(payoff.replace(/\./g, '').replace(',', '.').length).padStart(2, '0')}${payoff.replace(/\./g, '').replace(',', '.')}`,
  );
  expect(await page.getByText('No app do banco, o recebedor deve ser Loja Teste Ltda').count()).toBe(1);
  expect(await page.getByText(/Este valor vale para pagamento hoje, 23\/11\/2026/).isVisible()).toBe(true);
  if (wide) {
    await expect.poll(() => wideQrWidth(page)).toBeGreaterThan(0);
  }
  await tabTo(page, /^Copiar código Pix$/);
  await page.keyboard.press('Enter');
  await expect
    .poll(() => page.getByRole('status').first().textContent())
    .toContain('Código Pix copiado. Agora cole no app do seu banco.');
  await checkScreen(page, '22-quitar-pix');
  // Back returns to the choice, then to the agreement.
  await page.goBack();
  await expect.poll(() => h1(page).textContent()).toBe('Quitar ou adiantar parcelas');
  await page.goBack();
  await expect.poll(() => h1(page).textContent()).toMatch(/Seu acordo|Acordo feito/);

  // "Desistir do acordo": explained, then a separate confirmation, then the result.
  await expect.poll(() => page.getByText(/você pode até 30\/11\/2026/).isVisible()).toBe(true);
  await tabTo(page, /^Desistir do acordo$/);
  await page.keyboard.press('Enter');
  await expect.poll(() => h1(page).textContent()).toBe('Desistir do acordo');
  expect(await page.getByText('As dívidas voltam a ser como eram antes do acordo').count()).toBe(1);
  await checkScreen(page, '23-desistir');
  await tabTo(page, /^Continuar para desistir$/);
  await page.keyboard.press('Enter');
  await expect.poll(() => h1(page).textContent()).toBe('Tem certeza de que quer desistir?');
  await checkScreen(page, '24-desistir-confirmar');
  // Back (the browser's) returns to the explanation; nothing was cancelled.
  await page.goBack();
  await expect.poll(() => h1(page).textContent()).toBe('Desistir do acordo');
  await page.goForward();
  await expect.poll(() => h1(page).textContent()).toBe('Tem certeza de que quer desistir?');
  await tabTo(page, /^Sim, desistir do acordo$/);
  await page.keyboard.press('Enter');
  await expect.poll(() => h1(page).textContent()).toBe('Acordo cancelado');
  expect(await page.locator('.notice').textContent()).toMatch(/Acordo cancelado\. As dívidas voltaram/);
  await checkScreen(page, '25-desistir-feito');
  await page.getByRole('link', { name: 'Ver o acordo cancelado' }).click();
  await expect.poll(() => page.getByText('Acordo cancelado por desistência').isVisible()).toBe(true);
  expect(await page.getByRole('link', { name: 'Desistir do acordo' }).count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Copiar código Pix' }).count()).toBe(0);

  // "Pedir revisão por uma pessoa" from the agreement: nothing chosen → the error summary takes focus.
  await tabTo(page, /^Pedir que uma pessoa revise uma decisão automática$/);
  await page.keyboard.press('Enter');
  await expect.poll(() => h1(page).textContent()).toBe('Pedir revisão por uma pessoa');
  await checkScreen(page, '26-revisao');
  await tabTo(page, /^Pedir revisão$/);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.evaluate('document.activeElement?.className')).toBe('error-summary');
  expect(await page.title()).toMatch(/^Erro: /);
  await tabTo(page, /^As opções de acordo que mostramos$/);
  await page.keyboard.press('ArrowDown'); // radios move with the arrows: "Nenhuma opção coube no meu bolso"
  await tabTo(page, /^Conte o que aconteceu/);
  await page.keyboard.type('Minha renda mudou este mês.');
  await tabTo(page, /^Pedir revisão$/);
  await page.keyboard.press('Enter');
  await expect.poll(() => h1(page).textContent()).toBe('Pedido de revisão recebido');
  expect(await page.locator('.notice').textContent()).toMatch(/responder até \d{2}\/\d{2}\/\d{4}/);
  await checkScreen(page, '27-revisao-feita');
}

describe.runIf(chromiumAvailable())('after the deal in Chromium', () => {
  it('phone (360 px): Pix validity, quitar, desistir, revisão', async () => {
    const { context, page } = await newPerson(browser, w.base, PHONE);
    await dealFor(page, MARIA, MARIA.birthDate);
    await afterTheDeal(page);
    // From the options: the subject comes chosen, and Back returns to the options.
    await page.goto('/portal/dividas');
    await page.getByRole('button', { name: 'Ver opções' }).click();
    await page.getByRole('link', { name: 'Pedir que uma pessoa revise estas opções' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('Pedir revisão por uma pessoa');
    expect(await page.getByRole('radio', { name: 'As opções de acordo que mostramos' }).isChecked()).toBe(
      true,
    );
    await page.getByRole('button', { name: 'Pedir revisão' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('Pedido de revisão recebido');
    await page.getByRole('link', { name: 'Voltar' }).last().click();
    await expect.poll(() => h1(page).textContent()).toBe('Escolha como quer pagar');
    await context.close();
  });

  it('desktop: the QR first beside the code; the same screens', async () => {
    const { context, page } = await newPerson(browser, w.base, DESKTOP);
    await dealFor(page, JOAO, '01/01/1980');
    await afterTheDeal(page);
    await context.close();
  });
});
