import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, inChromium, newPerson } from './browser.ts';
import { MARIA, startWorld } from './world.ts';

/**
 * On PostgreSQL (DATABASE_URL set), the journey with two `trato serve` processes on different ports:
 * the person's page talks to process A; the PSP's webhook reaches process B. The page on A still says
 * "Pagamento recebido" without a reload: the payment is in the shared database, and the page's status
 * poll reads it there, whichever process answers.
 */
const root = resolve(import.meta.dirname, '../..');
const children: ChildProcess[] = [];

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

/** A real `trato serve` process on the test's database; resolves with its base URL once healthy. */
async function serve(env: Record<string, string>): Promise<string> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/main.ts', 'serve', '--port', String(port), '--no-worker'],
    { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`serve saiu (${child.exitCode}): ${stderr}`);
    const up = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return base;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`serve não respondeu: ${stderr}`);
}

const onPostgres = Boolean(process.env.DATABASE_URL) && chromiumAvailable();

const w = inChromium(startWorld, { when: onPostgres, timeout: 180_000 });
// Registered after inChromium's: runs before it (hooks after the tests run in reverse order).
afterAll(() => {
  for (const c of children) c.kill('SIGTERM');
});

describe.runIf(onPostgres)('portal journey on PostgreSQL, two serve processes', () => {
  it('page on process A, PSP webhook to process B: the page shows the payment without a reload', async () => {
    const env = {
      DATABASE_URL: w.t.databaseUrl!,
      TRATO_LINK_SECRETS: w.t.rt.ctx.config.linkSecrets.join(','),
      TRATO_SMS_URL: w.sms.url,
      TRATO_SMS_TOKEN: 'token-sms',
      TRATO_SMS_WEBHOOK_SECRET: 'segredo-dos-callbacks-de-sms-do-navegador',
      TRATO_PUBLIC_URL: 'http://portal.trato.test',
      NODE_ENV: 'development',
    };
    const [a, b] = await Promise.all([serve(env), serve(env)]);
    expect(a).not.toBe(b);
    w.psp.setWebhook(`${b}/api/v1/webhooks`);
    // The serve processes run on the real clock: so does the PSP that pays.
    w.pspClock.now = () => new Date();

    const { context, page } = await newPerson(w.browser, a);
    const h1 = page.getByRole('heading', { level: 1 });
    const codes = () => w.sms.messages().filter((m) => m.to === MARIA.phone && /é o seu código/.test(m.text));
    const before = codes().length;
    await page.goto('/portal');
    await page.getByRole('textbox', { name: 'CPF' }).fill(MARIA.document);
    await page.getByRole('textbox', { name: 'Qual é a sua data de nascimento?' }).fill(MARIA.birthDate);
    await page.getByRole('button', { name: 'Continuar' }).click();
    const codeField = page.getByRole('textbox', { name: 'Digite o código que enviamos' });
    await expect.poll(() => codeField.isVisible()).toBe(true);
    // Process A sends the code by SMS (the messaging simulator receives it).
    await expect.poll(() => codes().length, { timeout: 30_000 }).toBeGreaterThan(before);
    await codeField.fill(/(\d{6}) é o seu código/.exec(codes().at(-1)!.text)![1]!);
    await page.getByRole('button', { name: 'Confirmar' }).click();
    await expect.poll(() => h1.textContent()).toBe('Encontramos 2 dívidas no seu CPF');
    await page.getByRole('button', { name: 'Ver opções' }).click();
    await page.getByRole('radio').first().check();
    await page.getByRole('button', { name: 'Continuar com esta opção' }).click();
    await page.getByRole('button', { name: 'Aceitar e fechar acordo' }).click();
    await expect.poll(() => h1.textContent()).toBe('Acordo feito');
    const agreementId = new URL(page.url()).pathname.split('/').pop()!;
    await expect
      .poll(() => page.getByRole('textbox', { name: 'Código Pix copia e cola' }).inputValue())
      .toMatch(/^000201/);

    let navigations = 0;
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) navigations++;
    });
    await w.payInstallment(agreementId, 1);
    const delivered = w.psp.deliveries().at(-1);
    expect(delivered?.url.startsWith(b)).toBe(true);
    expect(delivered?.ok).toBe(true);
    await expect
      .poll(() => page.getByRole('status').allTextContents(), { timeout: 30_000 })
      .toContainEqual(expect.stringContaining('Pagamento recebido. O recibo já está disponível.'));
    expect(navigations).toBe(0);
    await context.close();
  });
});
