import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * What the command-line parser itself prints (help headings, usage errors) reaches a person too: pt-BR,
 * like the rest of the CLI (issue 9: no English validation text reaches a user). None of these commands
 * opens a database.
 */
const BIN = new URL('../../bin/trato.mjs', import.meta.url).pathname;

function trato(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const ENGLISH =
  /\b(Usage|Options|Commands|Arguments|display help|error:|required option|not specified|unknown (option|command)|missing required|choices:|default:|Did you mean)\b/;

describe('trato CLI speaks pt-BR', () => {
  it('help headings and the help option', () => {
    const top = trato('--help');
    expect(top.code).toBe(0);
    expect(top.out).toMatch(/^Uso: trato/m);
    expect(top.out).toMatch(/^Comandos:/m);
    expect(top.out).not.toMatch(ENGLISH);
    const sub = trato('import', '--help');
    expect(sub.out).toMatch(/^Opções:/m);
    expect(sub.out).toMatch(/^Argumentos:/m);
    expect(sub.out).not.toMatch(ENGLISH);
  });

  it('usage errors: a missing required option, an unknown option or command', () => {
    const missing = trato('import', 'carteira.csv');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^erro: falta a opção obrigatória --creditor <id>/m);
    expect(missing.err).not.toMatch(ENGLISH);
    const unknown = trato('run', '--bogus');
    expect(unknown.err).toMatch(/^erro: opção desconhecida '--bogus'/m);
    expect(unknown.err).not.toMatch(ENGLISH);
    const command = trato('imprt');
    expect(command.err).toMatch(/^erro: comando desconhecido 'imprt'/m);
    expect(command.err).toMatch(/Você quis dizer import\?/);
    expect(command.err).not.toMatch(ENGLISH);
  });
});
