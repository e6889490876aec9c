import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildBankBoleto } from '../../src/modules/payments/boleto-banks.rules.ts';
import { buildStaticBrCode } from '../../src/modules/payments/brcode.rules.ts';

/** `trato pix decode` and `trato boleto parse` as a user runs them (no database involved). */
const BIN = new URL('../../bin/trato.mjs', import.meta.url).pathname;

function trato(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const brCode = buildStaticBrCode({
  key: 'pix@loja.com.br',
  receiverName: 'Loja Teste',
  city: 'São Paulo',
  amountCents: 12_345,
  txid: 'PARCELA1',
});
const linha = buildBankBoleto(
  { bank: '237', agency: '1234', account: '0012345', wallet: '09' },
  { sequence: 42, dueDate: '2026-12-01', amountCents: 45_678 },
).linhaDigitavel;

describe('trato pix decode / boleto parse', () => {
  it('prints the fields of a valid BR Code', () => {
    const r = trato('pix', 'decode', brCode);
    expect(r.code).toBe(0);
    expect(r.out).toContain('BR Code válido (estático)');
    expect(r.out).toContain('pix@loja.com.br');
    expect(r.out).toContain('R$ 123,45');
    expect(r.out).toContain('PARCELA1');
  });

  it('prints the error with its position and exits 1 for a wrong CRC, and --json gives the structure', () => {
    const broken = `${brCode.slice(0, -4)}0000`;
    const r = trato('pix', 'decode', broken);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/posição \d+ \(campo 63\): CRC não confere/);
    const j = trato('pix', 'decode', '--json', broken);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.out)).toMatchObject({ ok: false, errors: [{ tag: '63' }] });
  });

  it('prints a valid linha digitável with its bank fields, and the wrong digit of a broken one', () => {
    const r = trato('boleto', 'parse', linha, '--date', '2026-11-23');
    expect(r.code).toBe(0);
    expect(r.out).toContain('237 (Bradesco)');
    expect(r.out).toContain('01/12/2026');
    expect(r.out).toContain('R$ 456,78');
    expect(r.out).toContain('09/00000000042-9');
    const wrong = linha.slice(0, 9) + String((Number(linha[9]) + 1) % 10) + linha.slice(10);
    const bad = trato('boleto', 'parse', wrong, '--date', '2026-11-23');
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/posição 10: Dígito verificador do campo 1 inválido/);
  });
});
