import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  checkScreen,
  chromiumAvailable,
  DESKTOP,
  foreignRequests,
  h1,
  inChromium,
  newPerson,
  snap,
} from './browser.ts';
import { MARIA, startWorld } from './world.ts';

/**
 * The whole journey in Chromium at 360 px, as a person does it: the SMS link → birth date → the code
 * read from the messaging simulator → debts and "Por que esse valor?" → budget → offers → review and
 * accept → Pix code copied → paid through the PSP simulator → the page says so without a reload →
 * receipt downloaded. Every main screen is checked with axe-core and photographed; the taps and
 * screens are counted (goal: ≤ 6 screens and ≤ 12 taps from the link to the Pix code).
 */
const w = inChromium(startWorld);

describe.runIf(chromiumAvailable())('portal journey in Chromium', () => {
  it('link → identity → debts → budget → offers → accept → Pix → paid without reload → receipt', async () => {
    const { context, page } = await newPerson(w.browser, w.base);
    let taps = 0;
    const screens = new Set<string>();
    const tap = async (target: Locator) => {
      taps++;
      await target.click();
    };
    const type = async (target: Locator, text: string) => {
      taps++;
      await target.fill(text);
    };
    const screen = async (name: string) => {
      screens.add(name);
      await checkScreen(page, name);
    };
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations++;
    });

    // S1: the link from the SMS, the person pre-identified: first name only, then the birth date.
    const link = await w.linkFor(MARIA.phone);
    await page.goto(link);
    await expect.poll(() => h1(page).textContent()).toBe('Olá, Maria');
    expect(page.url()).toBe(`${w.base}/portal/?entrada=link`);
    expect(await page.content()).not.toMatch(/R\$|Loja Teste|529\.982/);
    await screen('01-boas-vindas-link');
    await type(page.getByRole('textbox', { name: 'Qual é a sua data de nascimento?' }), MARIA.birthDate);
    await tap(page.getByRole('button', { name: 'Continuar' }));

    // S2: the code, sent to the phone we hold; its label is the heading and it has the focus.
    const codeField = page.getByRole('textbox', { name: 'Digite o código que enviamos' });
    await expect.poll(() => codeField.isVisible()).toBe(true);
    expect(await page.getByText('celular terminado em 21').count()).toBeGreaterThan(0);
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('codigo');
    await screen('02-codigo');
    await type(codeField, await w.codeFor(MARIA.phone));
    await tap(page.getByRole('button', { name: 'Confirmar' }));

    // S3: debts by creditor, each line of the balance with its rule; then the budget.
    await expect.poll(() => h1(page).textContent()).toBe('Encontramos 2 dívidas no seu CPF');
    expect(await page.getByRole('heading', { level: 2, name: 'Loja Teste Ltda' }).isVisible()).toBe(true);
    expect(await page.getByText('CNPJ 11.222.333/0001-81').first().isVisible()).toBe(true);
    const card = page.getByRole('article', { name: 'Cartão de crédito' });
    await card.getByText('Por que esse valor?').click();
    const lines = card.getByRole('table');
    await expect.poll(() => lines.isVisible()).toBe(true);
    const rows = await lines.getByRole('row').allTextContents();
    expect(rows.some((r) => r.includes('Multa por atraso'))).toBe(true);
    expect(rows.some((r) => r.includes('Juros de mora'))).toBe(true);
    expect(rows.at(-1)).toMatch(/Total hoje\s*R\$\s1\.\d{3},\d{2}/);
    await screen('03-dividas');
    await type(page.getByRole('textbox', { name: 'Quanto cabe no seu bolso por mês? (opcional)' }), '300');
    await tap(page.getByRole('button', { name: 'Ver opções' }));

    // S4: offers compared; the ones that fit first, marked in words; nothing pre-selected.
    await expect
      .poll(() => page.getByRole('group', { name: 'Escolha como quer pagar' }).isVisible())
      .toBe(true);
    const radios = page.getByRole('radio');
    expect(await radios.count()).toBeGreaterThan(1);
    expect(await page.getByRole('radio', { checked: true }).count()).toBe(0);
    expect(await page.getByText('Cabe no valor que você informou').count()).toBeGreaterThan(0);
    expect(await page.getByText(/CET: .*% ao mês \(.*% ao ano\)/).count()).toBeGreaterThan(0);
    await screen('04-opcoes');
    await tap(radios.first());
    await tap(page.getByRole('button', { name: 'Continuar com esta opção' }));

    // S5: review, the term, the declaration; one tap accepts (the Idempotency-Key is kept per offer).
    await expect.poll(() => h1(page).textContent()).toBe('Revise e aceite o acordo');
    await expect.poll(() => page.getByText('Dívidas incluídas').isVisible()).toBe(true);
    expect(await page.getByText(/Ao tocar em “Aceitar e fechar acordo”/).isVisible()).toBe(true);
    await screen('05-revisar');
    await tap(page.getByRole('button', { name: 'Aceitar e fechar acordo' }));

    // S6: done; payee first, then the Pix code (copy button + selectable field), boleto a link away.
    await expect.poll(() => h1(page).textContent()).toBe('Acordo feito');
    const agreementId = new URL(page.url()).pathname.split('/').pop()!;
    expect(await page.getByText('Recebedor').first().isVisible()).toBe(true);
    const pixField = page.getByRole('textbox', { name: 'Código Pix copia e cola' });
    await expect.poll(() => pixField.inputValue()).toMatch(/^000201/);
    await screen('06-acordo-pix');
    await tap(page.getByRole('button', { name: 'Copiar código Pix' }));
    await expect
      .poll(() => page.getByRole('status').allTextContents())
      .toContain('Código Pix copiado. Agora cole no app do seu banco.');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(await pixField.inputValue());
    expect(await page.getByRole('button', { name: 'Código copiado' }).isVisible()).toBe(true);
    const journey = { screens: screens.size, taps };
    expect(journey.screens).toBeLessThanOrEqual(6);
    expect(journey.taps).toBeLessThanOrEqual(12);

    // The boleto is one link away: the line in its printed groups, and the PDF.
    await page.getByText('Prefiro pagar com boleto').click();
    await expect
      .poll(() => page.getByRole('textbox', { name: 'Linha digitável do boleto' }).inputValue())
      .toMatch(/^\d{5}\.\d{5} \d{5}\.\d{6} \d{5}\.\d{6} \d \d{14}$/);

    // Paid through the PSP simulator; the page shows it without a reload and keeps the focus where it was.
    const before = navigations;
    await w.payInstallment(agreementId, 1);
    await expect
      .poll(() => page.getByRole('status').allTextContents(), { timeout: 20_000 })
      .toContain(
        'Pagamento recebido. O recibo já está disponível.Se o seu nome estiver negativado por esta dívida, pedimos a retirada em até 5 dias úteis.',
      );
    expect(navigations).toBe(before);
    await snap(page, '06-acordo-pago');

    // The receipt downloads as a PDF.
    const receipt = page.getByRole('link', { name: /Recibo da parcela 1/ });
    const [download] = await Promise.all([page.waitForEvent('download'), receipt.click()]);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');
    expect(foreignRequests(context)).toEqual([]);
    console.log(`jornada link → código Pix: ${journey.screens} telas, ${journey.taps} toques`);
    await context.close();
  });

  it('the agreement page on a desktop (QR first on wide screens is a detail; here: it reflows)', async () => {
    const { context, page } = await newPerson(w.browser, w.base, DESKTOP);
    const link = await w.linkFor(MARIA.phone);
    await page.goto(link);
    await expect.poll(() => h1(page).textContent()).toBe('Olá, Maria');
    await page.getByRole('textbox', { name: 'Qual é a sua data de nascimento?' }).fill(MARIA.birthDate);
    await page.getByRole('button', { name: 'Continuar' }).click();
    const codeField = page.getByRole('textbox', { name: 'Digite o código que enviamos' });
    await expect.poll(() => codeField.isVisible()).toBe(true);
    await codeField.fill(await w.codeFor(MARIA.phone));
    await page.getByRole('button', { name: 'Confirmar' }).click();
    await expect.poll(() => h1(page).textContent()).toMatch(/dívidas/);
    await snap(page, '03-dividas');
    await page.goto('/portal/acordos');
    await expect.poll(() => h1(page).textContent()).toBe('Seu acordo');
    await checkScreen(page, '07-meu-acordo');
    await context.close();
  });
});
