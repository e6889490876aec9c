import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { givenFor } from '../support/given.ts';
import {
  acceptFirstInstallmentPlan,
  checkScreen,
  chromiumAvailable,
  DESKTOP,
  h1,
  inChromium,
  newPerson,
  PHONE,
  typedEntry,
} from './browser.ts';
import { JOAO, MARIA, startWorld } from './world.ts';

/**
 * After the deal, in Chromium, by keyboard where a person would use one: the installment's Pix says
 * until when the code is valid ("Este código vale até …", the PSP charge's calendar) and, on a wide
 * screen, puts the QR first beside the code (on a phone the copy button stays first); "Quitar ou
 * adiantar parcelas" (today's payoff, interest given back, Pix + QR, the prepayment's boleto one fold
 * away); "Desistir do acordo" (7 days: what
 * happens, a separate confirmation, the result); "Pedir revisão por uma pessoa" from the options and
 * from the agreement. Each screen: axe clean, screenshots at 360 px (Maria) and desktop (João).
 */
const w = inChromium(async () => {
  const world = await startWorld();
  // Installments with interest (1% a month, the most a creditor outside the financial system may charge), so paying earlier gives some back.
  await givenFor(world.t, world.admin).policy(world.creditorId, { installmentMonthlyRatePercent: 1 });
  return world;
});

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

/** Axe, a screenshot, and no horizontal scroll at the viewport's width (WCAG 1.4.10 reflow). */
async function screen(page: Page, name: string) {
  expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'), name).toBe(true);
  await checkScreen(page, name);
}

/** Tabs forward until the focused control's name matches (keyboard only, no clicks). */
async function tabTo(page: Page, name: RegExp, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (name.test(await focused(page))) return;
  }
  throw new Error(`nenhum controle "${name}" alcançado com Tab (último: "${await focused(page)}")`);
}

async function dealFor(page: Page, who: { document: string; phone: string }, birthDate: string) {
  await typedEntry(page, w, who, birthDate);
  await page.getByRole('button', { name: 'Ver opções' }).click();
  await acceptFirstInstallmentPlan(page);
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
  await screen(page, '20-acordo-pix');

  // "Quitar ou adiantar parcelas", reached by keyboard from the agreement.
  await tabTo(page, /^Quitar ou adiantar parcelas/);
  await page.keyboard.press('Enter');
  await expect.poll(() => h1(page).textContent()).toBe('Quitar ou adiantar parcelas');
  await expect.poll(() => page.evaluate('document.activeElement?.tagName')).toBe('H1');
  const summary = await page.locator('dl.summary').textContent();
  expect(summary).toMatch(/Para quitar hojeR\$\s[\d.,]+/);
  // Interest given back: more than zero on a plan with interest.
  expect(summary).toMatch(/Juros que você deixa de pagarR\$\s(?!0,00)[\d.,]+/);
  expect(await page.getByText(/Art\. 52|art\. 52/).count()).toBeGreaterThan(0);
  // The options to settle the last installments, each with what it costs today.
  const last = page.getByText(/Adiantar a última parcela \(nº 2\): R\$/);
  expect(await last.isVisible()).toBe(true);
  const amount = /R\$\s([\d.,]+)/.exec((await last.textContent()) ?? '')![1]!;
  await screen(page, '21-quitar');
  // By keyboard: into the radios (the first, "Quitar o acordo"), the arrow moves to the next option.
  await tabTo(page, /^Quitar o acordo: pagar tudo o que falta/);
  await page.keyboard.press('ArrowDown');
  expect(await page.getByRole('radio', { name: /Adiantar a última parcela/ }).isChecked()).toBe(true);
  await tabTo(page, /^Pagar com Pix$/);
  await page.keyboard.press('Enter');
  await expect.poll(() => h1(page).textContent()).toBe('Pagar com Pix');
  const codeField = page.getByRole('textbox', { name: 'Código Pix copia e cola' });
  await expect.poll(() => codeField.isVisible()).toBe(true);
  const code = await codeField.inputValue();
  expect(code).toMatch(/^000201/);
  expect(await page.locator('dl.summary').textContent()).toContain(`R$\u00a0${amount}`);
  expect(await page.getByText('No app do banco, o recebedor deve ser Loja Teste Ltda').count()).toBe(1);
  // The prepayment's amount holds until the end of the day it was quoted for.
  expect(await page.getByText('Este código vale até 23/11/2026, 23h59.').isVisible()).toBe(true);
  if (wide) {
    await expect.poll(() => wideQrWidth(page)).toBeGreaterThan(0);
  }
  await tabTo(page, /^Copiar código Pix$/);
  await page.keyboard.press('Enter');
  await expect
    .poll(() => page.getByRole('status').first().textContent())
    .toContain('Código Pix copiado. Agora cole no app do seu banco.');
  await screen(page, '22-quitar-pix');
  // The creditor has a boleto account: the prepayment's own boleto, one fold away, due on the day quoted.
  const boletoFold = page.getByText('Pagar com boleto', { exact: true });
  expect(await boletoFold.isVisible()).toBe(true);
  const boletoLine = page.getByRole('textbox', { name: 'Linha digitável do boleto' });
  expect(await boletoLine.isVisible()).toBe(false);
  await tabTo(page, /^Pagar com boleto$/);
  await page.keyboard.press('Enter');
  await expect.poll(() => boletoLine.isVisible()).toBe(true);
  expect((await boletoLine.inputValue()).replace(/\D/g, '')).toMatch(/^237\d{44}$/);
  expect(await page.getByText(/Pague até 23\/11\/2026\. Vale o dia em que você pagar/).isVisible()).toBe(
    true,
  );
  await tabTo(page, /^Copiar linha digitável$/);
  await page.keyboard.press('Enter');
  await expect
    .poll(() => page.getByRole('status').first().textContent())
    .toContain('Linha digitável copiada. Agora cole no app do seu banco.');
  const boletoPdf = await page.request.get(
    (await page.getByRole('link', { name: 'Baixar boleto (PDF)' }).getAttribute('href'))!,
  );
  expect(boletoPdf.status()).toBe(200);
  expect(boletoPdf.headers()['content-type']).toBe('application/pdf');
  await screen(page, '22-quitar-boleto');
  // Back and forth: the same prepayment again (no second charge).
  const agreementId = /acordos\/([^/]+)\/quitar/.exec(page.url())![1]!;
  await page.goBack();
  await expect.poll(() => h1(page).textContent()).toBe('Quitar ou adiantar parcelas');
  await page.goForward();
  await expect.poll(() => codeField.isVisible()).toBe(true);
  expect(await codeField.inputValue()).toBe(code);
  const staff = (
    await w.t.app.inject({
      url: `/api/v1/agreements/${agreementId}/prepayments`,
      headers: { authorization: w.admin },
    })
  ).json() as { items: { status: string; pix: { txid: string } }[] };
  expect(staff.items).toHaveLength(1);

  // Paid at the bank (the PSP simulator calls the webhook): the page says so without a reload.
  const paid = await w.psp.pay(staff.items[0]!.pix.txid, { payerName: 'Pagador' });
  expect(paid.delivered).toBe(true);
  await expect
    .poll(() => page.getByRole('status').first().textContent())
    .toContain('Pagamento recebido. As parcelas foram quitadas');
  await screen(page, '22-quitar-pago');
  await page.getByRole('link', { name: 'Ver o acordo e o recibo' }).click();
  await expect.poll(() => h1(page).textContent()).toBe('Seu acordo');
  // The last installment is settled.
  await expect
    .poll(() => page.getByRole('table').textContent())
    .toMatch(/2\d{2}\/\d{2}\/2026R\$\s[\d.,]+(Paga|Quitada antecipadamente)/);
  // Its receipt, listed with the payment (it is not tied to one installment).
  const receipt = page.getByRole('link', { name: `Recibo do pagamento de R$\u00a0${amount} (PDF)` });
  await expect.poll(() => receipt.isVisible()).toBe(true);
  const pdf = await page.request.get((await receipt.getAttribute('href'))!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');

  // "Desistir do acordo": explained, then a separate confirmation, then the result.
  await expect.poll(() => page.getByText(/você pode até 30\/11\/2026/).isVisible()).toBe(true);
  await tabTo(page, /^Desistir do acordo$/);
  await page.keyboard.press('Enter');
  await expect.poll(() => h1(page).textContent()).toBe('Desistir do acordo');
  expect(await page.getByText('As dívidas voltam a ser como eram antes do acordo').count()).toBe(1);
  await screen(page, '23-desistir');
  await tabTo(page, /^Continuar para desistir$/);
  await page.keyboard.press('Enter');
  await expect.poll(() => h1(page).textContent()).toBe('Tem certeza de que quer desistir?');
  // What was paid (the prepayment) is what comes back.
  expect(await page.locator('dl.summary').textContent()).toContain(
    `Já pago, que será devolvidoR$\u00a0${amount}`,
  );
  await screen(page, '24-desistir-confirmar');
  // Back (the browser's) returns to the explanation; nothing was cancelled.
  await page.goBack();
  await expect.poll(() => h1(page).textContent()).toBe('Desistir do acordo');
  await page.goForward();
  await expect.poll(() => h1(page).textContent()).toBe('Tem certeza de que quer desistir?');
  await tabTo(page, /^Sim, desistir do acordo$/);
  await page.keyboard.press('Enter');
  await expect.poll(() => h1(page).textContent()).toBe('Acordo cancelado');
  expect(await page.locator('.notice').textContent()).toMatch(/Acordo cancelado\. As dívidas voltaram/);
  expect(await page.getByText(`Vamos devolver R$\u00a0${amount}.`, { exact: false }).count()).toBeGreaterThan(
    0,
  );
  await screen(page, '25-desistir-feito');
  await page.getByRole('link', { name: 'Ver o acordo cancelado' }).click();
  await expect.poll(() => page.getByText('Acordo cancelado por desistência').isVisible()).toBe(true);
  expect(await page.getByRole('link', { name: 'Desistir do acordo' }).count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Copiar código Pix' }).count()).toBe(0);
  expect(await page.getByRole('link', { name: /^Quitar ou adiantar parcelas/ }).count()).toBe(0);
  // Typed by hand, the payoff address of a cancelled agreement says so in words.
  await page.goto(`/portal/acordos/${agreementId}/quitar`);
  await expect.poll(() => h1(page).textContent()).toBe('Não há parcelas para quitar');
  await page.goBack();
  await expect.poll(() => page.getByText('Acordo cancelado por desistência').isVisible()).toBe(true);

  // "Pedir revisão por uma pessoa" from the agreement: nothing chosen → the error summary takes focus.
  await tabTo(page, /^Pedir que uma pessoa revise uma decisão automática$/);
  await page.keyboard.press('Enter');
  await expect.poll(() => h1(page).textContent()).toBe('Pedir revisão por uma pessoa');
  await screen(page, '26-revisao');
  await tabTo(page, /^Pedir revisão$/);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.evaluate('document.activeElement?.className')).toBe('error-summary');
  await expect.poll(() => page.title()).toMatch(/^Erro: /);
  await tabTo(page, /^As opções de acordo que mostramos$/);
  await page.keyboard.press('ArrowDown'); // radios move with the arrows: "Nenhuma opção coube no meu bolso"
  await tabTo(page, /^Conte o que aconteceu/);
  await page.keyboard.type('Minha renda mudou este mês.');
  await tabTo(page, /^Pedir revisão$/);
  await page.keyboard.press('Enter');
  await expect.poll(() => h1(page).textContent()).toBe('Pedido de revisão recebido');
  expect(await page.locator('.notice').textContent()).toMatch(/responder até \d{2}\/\d{2}\/\d{4}/);
  await screen(page, '27-revisao-feita');
}

describe.runIf(chromiumAvailable())('after the deal in Chromium', () => {
  it('phone (360 px): Pix validity, quitar, desistir, revisão', async () => {
    const { context, page } = await newPerson(w.browser, w.base, PHONE);
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
    const { context, page } = await newPerson(w.browser, w.base, DESKTOP);
    await dealFor(page, JOAO, '01/01/1980');
    await afterTheDeal(page);
    await context.close();
  });
});
