import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeVersionProblem } from '../../bin/node-version.mjs';

/**
 * The `trato` command as a user runs it (a real process, the embedded database in a temp folder).
 * DATABASE_URL is removed so these always exercise the embedded path.
 */
const BIN = new URL('../../bin/trato.mjs', import.meta.url).pathname;
let dir: string;

function trato(...args: string[]) {
  return tratoWith({}, ...args);
}

function tratoWith(extraEnv: Record<string, string>, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv };
  if (!('DATABASE_URL' in extraEnv)) delete env.DATABASE_URL;
  for (const name of [
    'TRATO_LINK_SECRETS',
    'TRATO_SMS_WEBHOOK_SECRET',
    'TRATO_WHATSAPP_APP_SECRET',
    'TRATO_SMS_URL',
    'TRATO_SMS_TOKEN',
    'TRATO_WHATSAPP_PHONE_ID',
    'TRATO_WHATSAPP_TOKEN',
  ]) {
    if (!(name in extraEnv)) delete env[name];
  }
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env, timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trato-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('trato CLI', () => {
  it('--help lists every command', () => {
    const r = trato('--help');
    expect(r.code).toBe(0);
    for (const c of [
      'serve',
      'worker',
      'migrate',
      'token',
      'creditors',
      'import',
      'demo',
      'indexes',
      'run',
      'balance',
    ]) {
      expect(r.out).toContain(c);
    }
  });

  it('demo, creditors list, import (with errors, then fixed), balance, token create — on one data dir', () => {
    const data = join(dir, 'data');
    const demo = trato('demo', '--debtors', '5', '--seed', '7', '--data-dir', data);
    expect(demo.code, demo.err).toBe(0);
    expect(demo.out).toMatch(/IPCA carregado: 71 meses/);
    expect(demo.out).toMatch(/concluída/);

    const list = trato('creditors', 'list', '--data-dir', data);
    expect(list.code).toBe(0);
    const creditorId = /^([0-9a-f-]{36})\s/m.exec(list.out)?.[1];
    expect(creditorId).toBeTruthy();

    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      'document;name;external_id;original_amount;due_date\n52998224726;Ana;X-1;10,00;2024-01-10\n',
    );
    const rejected = trato('import', bad, '--creditor', creditorId!, '--data-dir', data);
    expect(rejected.code).toBe(1);
    expect(rejected.out).toMatch(/REJEITADA/);
    expect(rejected.out).toMatch(/linha 2, coluna document .*dígito verificador/);
    expect(rejected.out).toMatch(/Nada foi gravado/);

    const good = join(dir, 'good.csv');
    writeFileSync(
      good,
      'document;name;external_id;original_amount;due_date\n52998224725;Ana;X-1;1.000,00;10/01/2024\n',
    );
    const imported = trato('import', good, '--creditor', creditorId!, '--data-dir', data);
    expect(imported.code, imported.err).toBe(0);
    expect(imported.out).toMatch(/aceitas: 1 \(novas 1/);

    const run = trato('run', '--date', '2026-11-23', '--data-dir', data);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/Acordos em 23\/11\/2026: 0 verificado/);

    // A date after today writes nothing: refused with what to do; --dry-run shows it instead.
    const future = trato('run', '--date', '2099-01-01', '--data-dir', data);
    expect(future.code).toBe(2);
    expect(future.err).toMatch(/01\/01\/2099 é depois de hoje.*--dry-run/);
    const dry = trato('run', '--date', '2099-01-01', '--dry-run', '--data-dir', data);
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toMatch(/Simulação \(nada foi gravado\)\. Acordos em 01\/01\/2099/);

    const tok = trato('token', 'create', '--role', 'agent', '--data-dir', data);
    expect(tok.code).toBe(0);
    expect(tok.out).toMatch(/trato_[A-Za-z0-9_-]{43}/);
  }, 180_000); // ten real processes: generous on a loaded machine

  it('refuses to open an embedded data dir another live process holds, with a clear message', () => {
    const data = join(dir, 'locked');
    const first = trato('migrate', '--data-dir', data);
    expect(first.code, first.err).toBe(0);
    // This test process stands in for a running `trato serve`.
    writeFileSync(
      join(data, 'trato.lock'),
      JSON.stringify({ pid: process.pid, command: 'serve', url: 'http://localhost:3999' }),
    );
    const r = trato('token', 'create', '--role', 'admin', '--data-dir', data);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/em uso pelo processo \d+ \("trato serve" em http:\/\/localhost:3999\)/);
    // A stale lock (dead process) is taken over.
    writeFileSync(join(data, 'trato.lock'), JSON.stringify({ pid: 999_999_999, command: 'serve' }));
    expect(trato('token', 'create', '--role', 'admin', '--data-dir', data).code).toBe(0);
  });

  it('settings limits: shows and changes the tenant limits with the API rules', () => {
    const data = join(dir, 'limits');
    const set = trato('settings', 'limits', '--set', 'maxPixPerWebhook=100', '--data-dir', data);
    expect(set.code, set.err).toBe(0);
    expect(set.out).toMatch(/maxPixPerWebhook\s+100\s+definido pelo admin/);
    expect(set.out).toMatch(/requestsPerMinute\s+6000\s+padrão/);
    const bad = trato('settings', 'limits', '--set', 'requestsPerMinute=5', '--data-dir', data);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/requestsPerMinute: deve ser um inteiro de 60 a/);
  }, 300_000);

  it('token list shows no secret; token revoke takes effect; expiry is listed', () => {
    const data = join(dir, 'tokens');
    const created = trato(
      'token',
      'create',
      '--role',
      'agent',
      '--label',
      'mesa 3',
      '--person',
      'ana@assessoria.com.br',
      '--expires-at',
      '2099-01-31T23:59:59-03:00',
      '--data-dir',
      data,
    );
    expect(created.code, created.err).toBe(0);
    const id = /\(id ([0-9a-f-]{36})\)/.exec(created.out)?.[1];
    const secret = /trato_[A-Za-z0-9_-]{43}/.exec(created.out)?.[0];
    expect(id).toBeTruthy();
    const list = trato('token', 'list', '--data-dir', data);
    expect(list.code, list.err).toBe(0);
    expect(list.out).toMatch(
      new RegExp(
        `${id}\\s+agent .*vale até 2099-02-01T02:59:59.000Z.*pessoa ana@assessoria.com.br.*"mesa 3"`,
      ),
    );
    expect(list.out).not.toContain(secret);
    const revoked = trato('token', 'revoke', id!, '--data-dir', data);
    expect(revoked.code, revoked.err).toBe(0);
    expect(trato('token', 'list', '--data-dir', data).out).not.toContain(id);
    const again = trato('token', 'revoke', id!, '--data-dir', data);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/não encontrado/);
  }, 300_000);

  it('production refuses to start without its secrets: one pt-BR line naming the variables', () => {
    const r = tratoWith({ NODE_ENV: 'production' }, 'migrate', '--data-dir', join(dir, 'prod'));
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    // No channel in use: only the link secrets are required.
    expect(r.err).toMatch(/defina TRATO_LINK_SECRETS \(/);
    const strong = 'z'.repeat(40);
    const sms = { TRATO_SMS_URL: 'https://api.zenvia.com', TRATO_SMS_TOKEN: 'token' };
    const smsInUse = tratoWith(
      { NODE_ENV: 'production', TRATO_LINK_SECRETS: strong, ...sms },
      'migrate',
      '--data-dir',
      join(dir, 'prod'),
    );
    expect(smsInUse.code).toBe(2);
    expect(smsInUse.err).toMatch(/defina TRATO_SMS_WEBHOOK_SECRET \(/);
    const ok = tratoWith(
      {
        NODE_ENV: 'production',
        TRATO_LINK_SECRETS: strong,
        TRATO_SMS_WEBHOOK_SECRET: strong,
        ...sms,
      },
      'migrate',
      '--data-dir',
      join(dir, 'prod'),
    );
    expect(ok.code, ok.err).toBe(0);
  }, 300_000);

  it('start-up failures a person can fix are one pt-BR line with what to do, not a stack trace', async () => {
    const oneLine = (r: { code: number | null; err: string }, pattern: RegExp) => {
      expect(r.code).toBe(1);
      const lines = r.err.trim().split('\n');
      expect(lines, r.err).toHaveLength(1);
      expect(lines[0]).toMatch(/^erro: /);
      expect(lines[0]).toMatch(pattern);
      expect(r.err).not.toMatch(/\n\s+at /); // no stack
    };
    // Nothing listens on port 1: connection refused.
    oneLine(
      tratoWith({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/trato' }, 'migrate'),
      /conectar ao PostgreSQL em 127\.0\.0\.1:1 .*Verifique se o servidor está no ar/,
    );
    // A name that cannot resolve (.invalid is reserved, RFC 2606).
    oneLine(
      tratoWith({ DATABASE_URL: 'postgres://postgres@servidor.invalid:5432/trato' }, 'migrate'),
      /"servidor\.invalid" de DATABASE_URL não foi encontrado/,
    );
    // The port is taken: the server stops (jobs, data dir lock) and says so.
    const holder = createServer();
    await new Promise<void>((ok) => holder.listen(0, '127.0.0.1', ok));
    const port = (holder.address() as AddressInfo).port;
    try {
      const busy = await new Promise<{ code: number | null; err: string }>((ok) => {
        const child = spawn(
          process.execPath,
          [BIN, 'serve', '--port', String(port), '--data-dir', join(dir, 'busy')],
          {
            env: { ...process.env, DATABASE_URL: '' },
          },
        );
        let err = '';
        child.stderr.on('data', (b) => {
          err += b;
        });
        child.on('close', (code) => ok({ code, err }));
      });
      oneLine(busy, new RegExp(`A porta ${port} já está em uso .*--port`));
      // The data dir was released: another command opens it.
      expect(trato('creditors', 'list', '--data-dir', join(dir, 'busy')).code).toBe(0);
    } finally {
      holder.close();
    }
  }, 240_000); // the busy-port case migrates a fresh embedded database first

  it('an old Node.js is refused with one line saying which version is needed', () => {
    expect(nodeVersionProblem('20.0.0')).toBeNull();
    expect(nodeVersionProblem('22.12.0')).toBeNull();
    expect(nodeVersionProblem('v18.19.1')).toBe(
      'O Trato precisa do Node.js 20 ou mais novo, e este é o v18.19.1. Instale uma versão atual (https://nodejs.org) e rode de novo.',
    );
    expect(nodeVersionProblem('16.20.2')).toMatch(/Node\.js 20 ou mais novo/);
  });

  it('bad input: unknown file, unknown role, invalid index table', () => {
    const data = join(dir, 'bad');
    const missing = trato('import', join(dir, 'nope.csv'), '--creditor', 'x', '--data-dir', data);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/Arquivo não encontrado/);
    const role = trato('token', 'create', '--role', 'boss', '--data-dir', data);
    expect(role.code).toBe(2);
    expect(role.err).toMatch(/Papel inválido/);
    const idx = join(dir, 'idx.csv');
    writeFileSync(idx, 'month,percent\n2024-13,0.5\n');
    const table = trato('indexes', 'load', 'ipca', idx, '--data-dir', data);
    expect(table.code).toBe(2);
    expect(table.err).toMatch(/linha 2: mês inválido/);
  });
});
