import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkScreen, chromiumAvailable, h1, inChromium, newPerson } from './browser.ts';
import { JOAO, MARIA, startWorld } from './world.ts';

/**
 * The other paths, in Chromium at 360 px: typed CPF entry (neutral code text), "Estou passando por
 * um momento difícil" (pause 30 days), "Falar com uma pessoa" (callback in a legal window), "Não
 * reconheço esta dívida" (protocol at once), the one self-service due-date change, and "Como saber se
 * é a gente" with a real verification code from a message.
 */
const w = inChromium(startWorld);

async function typedEntry(page: Page, who: { document: string; phone: string }, birthDate = '01/01/1980') {
  await page.goto('/portal');
  await page.getByRole('textbox', { name: 'CPF' }).fill(who.document);
  await page.getByRole('textbox', { name: 'Qual é a sua data de nascimento?' }).fill(birthDate);
  await page.getByRole('button', { name: 'Continuar' }).click();
  const code = page.getByRole('textbox', { name: 'Digite o código que enviamos' });
  await expect.poll(() => code.isVisible()).toBe(true);
  // Typed entry: nothing says whether the CPF is known, nor where the code went.
  expect(await page.getByText(/Se os dados estiverem certos/).isVisible()).toBe(true);
  expect(await page.getByText(/terminado em/).count()).toBe(0);
  await code.fill(await w.codeFor(who.phone));
  await page.getByRole('button', { name: 'Confirmar' }).click();
  await expect.poll(() => h1(page).textContent()).toMatch(/dívida/);
}

describe.runIf(chromiumAvailable())('portal side paths in Chromium', () => {
  it('hardship: pause collection for 30 days, said plainly, with free help', async () => {
    const { context, page } = await newPerson(w.browser, w.base);
    await typedEntry(page, JOAO);
    await page.getByRole('link', { name: 'Estou passando por um momento difícil' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('Estou passando por um momento difícil');
    await checkScreen(page, '10-momento-dificil');
    await page.getByRole('radio', { name: 'Pausar as cobranças por 30 dias' }).check();
    await page.getByRole('button', { name: 'Enviar' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('Pedido recebido');
    expect(await page.locator('.notice').textContent()).toMatch(/\d{2}\/\d{2}\/\d{4}|30 dias/);
    await checkScreen(page, '10-momento-dificil-feito');

    // "Falar com uma pessoa": a day and window inside the legal contact hours → confirmation.
    await page
      .getByRole('navigation', { name: 'Ajuda' })
      .getByRole('link', { name: 'Falar com uma pessoa' })
      .click();
    const days = page.getByRole('group', { name: 'Qual o melhor dia?' });
    await expect.poll(() => days.isVisible()).toBe(true);
    await days.getByRole('radio').first().check();
    const periods = page.getByRole('group', { name: 'E o melhor horário?' });
    await expect.poll(() => periods.getByRole('radio').count()).toBeGreaterThan(0);
    await checkScreen(page, '11-falar-com-pessoa');
    await periods.getByRole('radio').first().check();
    await page.getByRole('button', { name: 'Pedir ligação' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('Pedido recebido');
    expect(await page.locator('.notice').textContent()).toMatch(/ligar|ligaremos|Vamos/i);

    // "Não reconheço esta dívida": reason → protocol at once; collection on it stops.
    await page
      .getByRole('navigation', { name: 'Ajuda' })
      .getByRole('link', { name: 'Não reconheço esta dívida' })
      .click();
    await expect
      .poll(() => page.getByRole('group', { name: 'Por que você não reconhece?' }).isVisible())
      .toBe(true);
    await checkScreen(page, '12-contestar');
    await page.getByRole('button', { name: 'Enviar contestação' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Escolha o motivo');
    await page.getByRole('radio', { name: 'Já paguei' }).check();
    await page
      .getByRole('textbox', { name: 'Quer explicar melhor? (opcional)' })
      .fill('Paguei na loja em agosto.');
    await page.getByRole('button', { name: 'Enviar contestação' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('Recebemos seu pedido');
    expect(await page.locator('.notice').textContent()).toMatch(/Protocolo \S+/);
    await checkScreen(page, '12-contestar-protocolo');
    await page.getByRole('link', { name: 'Voltar para minhas dívidas' }).click();
    await expect.poll(() => page.getByText('Você contestou esta dívida').isVisible()).toBe(true);
    await context.close();
  });

  it('due-date change: once, to one of the listed dates, and the schedule shows it', async () => {
    const { context, page } = await newPerson(w.browser, w.base);
    await typedEntry(page, MARIA, MARIA.birthDate);
    await page.getByRole('button', { name: 'Ver opções' }).click();
    await expect.poll(() => page.getByRole('radio').count()).toBeGreaterThan(1);

    // "Nenhuma cabe? Faça uma proposta": answered at once, on the same page.
    await page.getByRole('link', { name: 'Nenhuma cabe? Faça uma proposta' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('Faça uma proposta');
    await page.getByRole('textbox', { name: 'Valor de cada parcela' }).fill('150');
    await page.getByRole('textbox', { name: 'Número de parcelas' }).fill('4');
    await page.getByRole('button', { name: 'Enviar proposta' }).click();
    const answer = page.locator('#resposta');
    await expect.poll(() => answer.isVisible()).toBe(true);
    expect(await answer.textContent()).toMatch(
      /Sua proposta foi aceita\.|Uma pessoa vai analisar sua proposta|Não conseguimos esse valor, mas podemos assim:/,
    );
    await checkScreen(page, '14-proposta');
    await page.getByRole('link', { name: 'Voltar' }).click();
    await expect.poll(() => page.getByRole('radio').count()).toBeGreaterThan(1);
    await page.getByRole('radio').nth(1).check();
    await page.getByRole('button', { name: 'Continuar com esta opção' }).click();
    await page.getByRole('button', { name: 'Aceitar e fechar acordo' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('Acordo feito');
    await page.getByRole('link', { name: 'Mudar a data de uma parcela' }).click();
    const group = page.getByRole('group', { name: 'Para quando quer mudar a parcela?' });
    await expect.poll(() => group.isVisible()).toBe(true);
    await checkScreen(page, '13-mudar-data');
    const choice = group.getByRole('radio').nth(1);
    const label = await page.locator(`label[for="${await choice.getAttribute('id')}"]`).textContent();
    await choice.check();
    await page.getByRole('button', { name: 'Mudar a data' }).click();
    await expect.poll(() => h1(page).textContent()).toBe('Seu acordo');
    const day = /(\d{2}\/\d{2})/.exec(label ?? '')![1]!;
    await expect.poll(() => page.getByRole('table').textContent()).toContain(day);
    // Only once per agreement.
    expect(await page.getByRole('link', { name: 'Mudar a data de uma parcela' }).count()).toBe(0);
    await context.close();
  });

  it('"Como saber se é a gente": a code printed on a message shows who sent it, nothing about a debt', async () => {
    // João paused collection and disputed above (agent messages to him are blocked); Maria gets one.
    const mariaId = (
      await w.t.app.inject({
        url: `/api/v1/debtors?document=${MARIA.document}`,
        headers: { authorization: w.admin },
      })
    ).json().items[0].id as string;
    const sent = await w.t.app.inject({
      method: 'POST',
      url: `/api/v1/debtors/${mariaId}/messages`,
      headers: { authorization: w.admin },
      payload: {
        channel: 'sms',
        text: 'Olá, Maria. Seu acordo está registrado. Qualquer dúvida, responda esta mensagem.',
      },
    });
    expect(sent.statusCode, sent.payload).toBeLessThan(300);
    const row = await w.t.rt.ctx.database.db
      .selectFrom('outbox')
      .select('verification_code')
      .where('debtor_id', '=', mariaId)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    const code = row.verification_code!.replace(/(.{4})(?=.)/g, '$1-');

    const { context, page } = await newPerson(w.browser, w.base);
    await page.goto('/portal/verificar');
    await page.getByRole('textbox', { name: 'Código de verificação' }).fill(code.toLowerCase());
    await page.getByRole('button', { name: 'Conferir' }).click();
    await expect
      .poll(() => page.getByRole('heading', { name: 'Este código é nosso' }).isVisible())
      .toBe(true);
    const text = await page.locator('.notice').textContent();
    expect(text).toMatch(/Enviado por/);
    expect(text).not.toMatch(/R\$|Maria|Cartão/);
    await checkScreen(page, '09-como-saber-resultado');
    await page.getByRole('textbox', { name: 'Código de verificação' }).fill('ABCD-EF12-3456');
    await page.getByRole('button', { name: 'Conferir' }).click();
    await expect
      .poll(() => page.getByRole('heading', { name: 'Não encontramos este código' }).isVisible())
      .toBe(true);
    await context.close();
  });

  it('idle: one plain warning after 18 minutes ("Continuar aqui"), then "Acesso encerrado" at 20', async () => {
    const { context, page } = await newPerson(w.browser, w.base);
    await page.clock.install();
    await typedEntry(page, JOAO);
    await page.clock.fastForward('18:30');
    const dialog = page.getByRole('dialog', { name: 'Você ainda está aí?' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).not.toMatch(/\d+ segundos/);
    await checkScreen(page, '15-aviso-inatividade');
    await dialog.getByRole('button', { name: 'Continuar aqui' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await page.clock.fastForward('21:00');
    await expect.poll(() => h1(page).textContent()).toBe('Acesso encerrado');
    expect(await page.getByText('Nada se perdeu').isVisible()).toBe(true);
    await checkScreen(page, '16-acesso-encerrado');
    await context.close();
  });
});
