import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../platform/dates.ts';
import { seededRandom } from '../../platform/random.ts';
import { formatLinhaDigitavel, parseBoleto } from './boleto.rules.ts';
import {
  type BankBoleto,
  type BoletoBankSettings,
  bbNossoNumeroCheckDigit,
  bradescoNossoNumeroCheckDigit,
  buildBankBoleto,
  maxSequence,
  parseCampoLivre,
  validateBoletoSettings,
} from './boleto-banks.rules.ts';

const validator = createRequire(import.meta.url)('boleto-brasileiro-validator') as {
  boletoBancarioCodigoBarras(code: string): boolean;
  boletoBancarioLinhaDigitavel(code: string, validateBlocks?: boolean): boolean;
};

type Vector = {
  source: string;
  settings: BoletoBankSettings;
  sequence: number;
  dueDate: string;
  amountCents: number;
  barcode?: string;
  line: string;
  nossoNumero?: string;
};

// Every vector below is a published test of a public implementation, with the inputs it was built from.
const VECTORS: Vector[] = [
  {
    source: 'pyboleto tests/test_banco_bradesco.py',
    settings: { bank: '237', agency: '0278', account: '39232', wallet: '06' },
    sequence: 2125525,
    dueDate: '2011-02-05',
    amountCents: 828000,
    barcode: '23794486900008280000278060000212552500392320',
    line: '23790.27804 60000.212559 25003.923205 4 48690000828000',
  },
  {
    source: 'OpenBoleto tests/Banco/BradescoTest.php',
    settings: { bank: '237', agency: '1172', account: '403005', wallet: '06' },
    sequence: 123456789,
    dueDate: '2013-01-01',
    amountCents: 1050,
    line: '23791.17209 60012.345678 89040.300504 8 55650000001050',
  },
  {
    source: 'boleto_bancario spec core/bradesco_spec.rb (carteira 06)',
    settings: { bank: '237', agency: '1172', account: '403005', wallet: '06' },
    sequence: 75896452,
    dueDate: '2012-12-28',
    amountCents: 295295,
    barcode: '23796556100002952951172060007589645204030050',
    line: '23791.17209 60007.589645 52040.300502 6 55610000295295',
    nossoNumero: '06/00075896452-5',
  },
  {
    source: "boleto_bancario spec core/bradesco_spec.rb (carteira '09')",
    settings: { bank: '237', agency: '1172', account: '403005', wallet: '09' },
    sequence: 175896451,
    dueDate: '2012-12-28',
    amountCents: 295978,
    barcode: '23791556100002959781172090017589645104030050',
    line: '23791.17209 90017.589640 51040.300504 1 55610000295978',
  },
  {
    source: 'pyboleto tests/test_banco_do_brasil.py (convênio 7)',
    settings: { bank: '001', agency: '9999', account: '99999', wallet: '18', convenio: '7777777' },
    sequence: 87654,
    dueDate: '2011-03-08',
    amountCents: 295295,
    barcode: '00196490000002952950000007777777000008765418',
    line: '00190.00009 07777.777009 00087.654182 6 49000000295295',
    nossoNumero: '77777770000087654',
  },
  {
    source: 'boleto_bancario spec core/banco_brasil_spec.rb (convênio 7)',
    settings: { bank: '001', agency: '9999', account: '99999', wallet: '18', convenio: '7777777' },
    sequence: 87654,
    dueDate: '2012-12-28',
    amountCents: 295295,
    barcode: '00197556100002952950000007777777000008765418',
    line: '00190.00009 07777.777009 00087.654182 7 55610000295295',
  },
  {
    source: 'OpenBoleto tests/Banco/BancoDoBrasilTest.php (convênio 7)',
    settings: { bank: '001', agency: '1545', account: '10403005', wallet: '18', convenio: '1234567' },
    sequence: 1,
    dueDate: '2013-01-01',
    amountCents: 1050,
    line: '00190.00009 01234.567004 00000.001180 7 55650000001050',
    nossoNumero: '12345670000000001',
  },
  {
    source: 'OpenBoleto tests/Banco/BancoDoBrasilTest.php (convênio 6)',
    settings: { bank: '001', agency: '1545', account: '10403005', wallet: '18', convenio: '123456' },
    sequence: 1,
    dueDate: '2013-01-01',
    amountCents: 1050,
    line: '00191.23454 60000.115455 10403.005183 1 55650000001050',
    nossoNumero: '12345600001-7',
  },
  {
    source: 'boleto_bancario spec core/banco_brasil_spec.rb (convênio 6)',
    settings: { bank: '001', agency: '5030', account: '14204195', wallet: '18', convenio: '555444' },
    sequence: 12901,
    dueDate: '2012-12-28',
    amountCents: 1400199,
    barcode: '00197556100014001995554441290150301420419518',
    line: '00195.55440 41290.150303 14204.195185 7 55610001400199',
  },
  {
    source: 'OpenBoleto tests/Banco/BancoDoBrasilTest.php (convênio 4)',
    settings: { bank: '001', agency: '1545', account: '10403005', wallet: '18', convenio: '1234' },
    sequence: 1,
    dueDate: '2013-01-01',
    amountCents: 1050,
    line: '00191.23405 00000.115451 10403.005183 5 55650000001050',
    nossoNumero: '12340000001-1',
  },
  {
    source: 'boleto_bancario spec core/banco_brasil_spec.rb (convênio 4)',
    settings: { bank: '001', agency: '7123', account: '19345', wallet: '18', convenio: '4321' },
    sequence: 90801,
    dueDate: '2012-12-28',
    amountCents: 295295,
    barcode: '00193556100002952954321009080171230001934518',
    line: '00194.32103 09080.171235 00019.345180 3 55610000295295',
  },
];

function build(v: Pick<Vector, 'settings' | 'sequence' | 'dueDate' | 'amountCents'>): BankBoleto {
  return buildBankBoleto(v.settings, {
    sequence: v.sequence,
    dueDate: v.dueDate,
    amountCents: v.amountCents,
  });
}

describe('buildBankBoleto: published vectors', () => {
  it.each(VECTORS)('$source', (v) => {
    const b = build(v);
    expect(formatLinhaDigitavel(b.linhaDigitavel)).toBe(v.line);
    if (v.barcode) expect(b.barcode).toBe(v.barcode);
    if (v.nossoNumero) expect(b.nossoNumero).toBe(v.nossoNumero);
    expect(b.campoLivre).toBe(b.barcode.slice(19));
    expect(validator.boletoBancarioCodigoBarras(b.barcode)).toBe(true);
    expect(validator.boletoBancarioLinhaDigitavel(b.linhaDigitavel, true)).toBe(true);
  });

  it('Bradesco: nosso número digits, check digit and display form', () => {
    const b = build(VECTORS[2] as Vector);
    expect(b).toMatchObject({
      bankCode: '237',
      nossoNumero: '06/00075896452-5',
      nossoNumeroDigits: '00075896452',
      nossoNumeroCheckDigit: '5',
      campoLivre: '1172060007589645204030050',
      dueDate: '2012-12-28',
      amountCents: 295295,
    });
  });

  it('BB convênio 7: 17-digit nosso número without check digit', () => {
    const b = build(VECTORS[6] as Vector);
    expect(b).toMatchObject({
      bankCode: '001',
      nossoNumero: '12345670000000001',
      nossoNumeroDigits: '12345670000000001',
      nossoNumeroCheckDigit: null,
      campoLivre: '0000001234567000000000118',
    });
  });

  it('BB convênio 6: 11-digit nosso número, DV printed but not in the barcode', () => {
    const b = build(VECTORS[7] as Vector);
    expect(b).toMatchObject({
      nossoNumero: '12345600001-7',
      nossoNumeroDigits: '12345600001',
      nossoNumeroCheckDigit: '7',
      campoLivre: '1234560000115451040300518',
    });
  });
});

describe('nosso número check digits', () => {
  it.each([
    // Bradesco manual examples, as quoted by boleto_bancario's bradesco_spec.rb and merlin's tests
    ['19', '00000000001', 'P'],
    ['19', '00000000002', '8'],
    ['19', '00000000006', '0'],
    // boleto_bancario bradesco_spec.rb "more examples"
    ['06', '00075896452', '5'],
  ])('Bradesco %s/%s -> %s', (wallet, nn, dv) => {
    expect(bradescoNossoNumeroCheckDigit(wallet, nn)).toBe(dv);
  });

  it('Bradesco by hand: 19/00000000002 -> 1·2 + 9·7 + 2·2 = 69, 69 mod 11 = 3, 11 - 3 = 8', () => {
    expect(bradescoNossoNumeroCheckDigit('19', '00000000002')).toBe('8');
  });

  it.each([
    // boleto_bancario banco_brasil_spec.rb
    ['12340001984', '7'],
    ['12345601984', '2'],
    // OpenBoleto BancoDoBrasilTest.php
    ['12345600001', '7'],
    ['12340000001', '1'],
    // BB example of boleto-brasileiro-validator's README (convênio 050094, sequence 01448)
    ['05009401448', '1'],
  ])('Banco do Brasil %s -> %s', (nn, dv) => {
    expect(bbNossoNumeroCheckDigit(nn)).toBe(dv);
  });

  it("Banco do Brasil: remainder 10 is 'X' and remainder 0 is '0'", () => {
    // By hand, weights 9, 8, 7... from the right and DV = sum mod 11:
    expect(bbNossoNumeroCheckDigit('00000000010')).toBe('8'); // 1·8 = 8
    expect(bbNossoNumeroCheckDigit('00000000005')).toBe('1'); // 5·9 = 45, 45 mod 11 = 1
    expect(bbNossoNumeroCheckDigit('00000000000')).toBe('0'); // 0
    expect(bbNossoNumeroCheckDigit('00000000040')).toBe('X'); // 4·8 = 32, 32 mod 11 = 10
  });

  it('refuses malformed input', () => {
    expect(() => bradescoNossoNumeroCheckDigit('9', '00000000001')).toThrow(RangeError);
    expect(() => bbNossoNumeroCheckDigit('123')).toThrow(RangeError);
  });
});

describe('parseCampoLivre', () => {
  it('Bradesco example of boleto-brasileiro-validator (agency 3381, carteira 26)', () => {
    const parsed = parseBoleto('23793.38128 60007.827136 95000.063305 9 75520000370000', '2018-06-01');
    if (!parsed.ok) throw new Error('expected ok');
    expect(parseCampoLivre(parsed.value.bankCode, parsed.value.campoLivre)).toEqual({
      bankCode: '237',
      agency: '3381',
      account: '0000633',
      wallet: '26',
      convenio: null,
      nossoNumero: `26/00078271395-${bradescoNossoNumeroCheckDigit('26', '00078271395')}`,
      nossoNumeroDigits: '00078271395',
    });
  });

  it('BB example of boleto-brasileiro-validator (convênio 6, carteira 31)', () => {
    expect(parseCampoLivre('001', '0500940144816060680935031')).toEqual({
      bankCode: '001',
      agency: '1606',
      account: '06809350',
      wallet: '31',
      convenio: null,
      nossoNumero: '05009401448-1',
      nossoNumeroDigits: '05009401448',
    });
  });

  it('BB convênio 7 (pyboleto vector)', () => {
    expect(parseCampoLivre('001', '0000007777777000008765418')).toEqual({
      bankCode: '001',
      agency: null,
      account: null,
      wallet: '18',
      convenio: '7777777',
      nossoNumero: '77777770000087654',
      nossoNumeroDigits: '77777770000087654',
    });
  });

  it('inverts buildBankBoleto for every vector', () => {
    for (const v of VECTORS) {
      const b = build(v);
      const fields = parseCampoLivre(b.bankCode, b.campoLivre);
      expect(fields?.nossoNumero, v.source).toBe(b.nossoNumero);
      expect(fields?.nossoNumeroDigits).toBe(b.nossoNumeroDigits);
      expect(fields?.wallet).toBe(v.settings.wallet);
    }
  });

  it('null for other banks or a Bradesco campo livre not ending in 0', () => {
    expect(parseCampoLivre('341', '1'.repeat(25))).toBeNull();
    expect(parseCampoLivre('237', '1'.repeat(25))).toBeNull();
    expect(() => parseCampoLivre('237', '123')).toThrow(RangeError);
  });
});

describe('generated boletos: round trip and independent validator', () => {
  it('many random settings, sequences, dates and amounts', () => {
    const random = seededRandom(4242);
    const digits = (n: number) => {
      let s = '';
      for (let i = 0; i < n; i++) s += String(Math.floor(random() * 10));
      return s;
    };
    for (let i = 0; i < 300; i++) {
      const settings: BoletoBankSettings =
        random() < 0.5
          ? { bank: '237', agency: digits(4), account: `1${digits(6)}`, wallet: digits(2) }
          : {
              bank: '001',
              agency: digits(4),
              account: `2${digits(7)}`,
              wallet: digits(2),
              convenio: `9${digits([3, 5, 6][Math.floor(random() * 3)] as number)}`,
            };
      const sequence = 1 + Math.floor(random() * maxSequence(settings));
      const dueDate = addDays('2020-01-01', Math.floor(random() * 12000));
      const amountCents = Math.floor(random() * 1e9);
      const b = buildBankBoleto(settings, { sequence, dueDate, amountCents });

      expect(validator.boletoBancarioCodigoBarras(b.barcode)).toBe(true);
      expect(validator.boletoBancarioLinhaDigitavel(formatLinhaDigitavel(b.linhaDigitavel), true)).toBe(true);

      const parsed = parseBoleto(formatLinhaDigitavel(b.linhaDigitavel), dueDate);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      expect(parsed.value).toMatchObject({
        barcode: b.barcode,
        bankCode: settings.bank,
        dueDate,
        amountCents,
        campoLivre: b.campoLivre,
      });
      const fields = parseCampoLivre(parsed.value.bankCode, parsed.value.campoLivre);
      expect(fields?.nossoNumeroDigits).toBe(b.nossoNumeroDigits);
      expect(fields?.nossoNumero).toBe(b.nossoNumero);
      if (settings.bank === '237' || settings.convenio.length !== 7) {
        expect(fields?.agency).toBe(settings.agency);
        expect(Number(fields?.account)).toBe(Number(settings.account));
      }
    }
  });

  it('consecutive sequences give distinct nosso números, in order', () => {
    const settings: BoletoBankSettings = { bank: '237', agency: '1172', account: '403005', wallet: '09' };
    const numbers = [1, 2, 3, 10, 11].map(
      (sequence) =>
        buildBankBoleto(settings, { sequence, dueDate: '2026-01-05', amountCents: 1000 }).nossoNumero,
    );
    expect(numbers).toEqual([
      `09/00000000001-${bradescoNossoNumeroCheckDigit('09', '00000000001')}`,
      `09/00000000002-${bradescoNossoNumeroCheckDigit('09', '00000000002')}`,
      `09/00000000003-${bradescoNossoNumeroCheckDigit('09', '00000000003')}`,
      `09/00000000010-${bradescoNossoNumeroCheckDigit('09', '00000000010')}`,
      `09/00000000011-${bradescoNossoNumeroCheckDigit('09', '00000000011')}`,
    ]);
    // hand-checked: 09 + 00000000001 -> 9·7 + 1·2 = 65, 65 mod 11 = 10, 11 - 10 = 1
    expect(numbers[0]).toBe('09/00000000001-1');
  });
});

describe('validateBoletoSettings', () => {
  it('accepts and normalizes Bradesco settings (account zero-padded to 7)', () => {
    expect(validateBoletoSettings({ bank: '237', agency: '0278', account: '39232', wallet: '06' })).toEqual({
      ok: true,
      value: { bank: '237', agency: '0278', account: '0039232', wallet: '06' },
    });
  });

  it('accepts BB settings (account zero-padded to 8) and trims whitespace', () => {
    expect(
      validateBoletoSettings({
        bank: '001',
        agency: ' 1545',
        account: '19345',
        wallet: '18',
        convenio: '1234567 ',
      }),
    ).toEqual({
      ok: true,
      value: { bank: '001', agency: '1545', account: '00019345', wallet: '18', convenio: '1234567' },
    });
  });

  const bradesco = { bank: '237', agency: '1172', account: '403005', wallet: '09' };
  const bb = { bank: '001', agency: '1545', account: '10403005', wallet: '18', convenio: '1234567' };
  it.each([
    [
      'agency with 3 digits',
      { ...bradesco, agency: '278' },
      'agency',
      'Agência deve ter 4 dígitos; informados 3.',
    ],
    [
      'agency with its DV',
      { ...bradesco, agency: '0278-0' },
      'agency',
      'Agência deve conter só dígitos; informado "0278-0".',
    ],
    [
      'missing agency',
      { bank: '237', account: '1', wallet: '09' },
      'agency',
      'Informe a agência (4 dígitos, sem o dígito verificador).',
    ],
    [
      'wallet with letters',
      { ...bradesco, wallet: 'CR' },
      'wallet',
      'Carteira deve conter só dígitos; informado "CR".',
    ],
    [
      'wallet with 1 digit',
      { ...bradesco, wallet: '9' },
      'wallet',
      'Carteira deve ter 2 dígitos; informados 1.',
    ],
    [
      'Bradesco account too long',
      { ...bradesco, account: '12345678' },
      'account',
      'Conta deve ter até 7 dígitos; informados 8.',
    ],
    [
      'BB account too long',
      { ...bb, account: '123456789' },
      'account',
      'Conta deve ter até 8 dígitos; informados 9.',
    ],
    ['account zero', { ...bradesco, account: '0000' }, 'account', 'Conta inválida: não pode ser zero.'],
    [
      'missing account',
      { ...bradesco, account: '' },
      'account',
      'Informe a conta (só dígitos, sem o dígito verificador).',
    ],
    [
      'convênio with 5 digits',
      { ...bb, convenio: '12345' },
      'convenio',
      'Convênio deve ter 7 dígitos (ou 6 ou 4, nos convênios antigos); informados 5.',
    ],
    [
      'convênio with 8 digits',
      { ...bb, convenio: '12345678' },
      'convenio',
      'Convênio deve ter 7 dígitos (ou 6 ou 4, nos convênios antigos); informados 8.',
    ],
    [
      'convênio with letters',
      { ...bb, convenio: '12A4567' },
      'convenio',
      'Convênio deve conter só dígitos; informado "12A4567".',
    ],
    [
      'missing convênio',
      { bank: '001', agency: '1545', account: '1', wallet: '18' },
      'convenio',
      'Informe o convênio do Banco do Brasil (7 dígitos).',
    ],
    [
      'unsupported bank',
      { ...bradesco, bank: '341' },
      'bank',
      'Banco "341" não suportado: use 237 (Bradesco) ou 001 (Banco do Brasil).',
    ],
    [
      'missing bank',
      { agency: '1172', account: '1', wallet: '09' },
      'bank',
      'Banco não informado: use 237 (Bradesco) ou 001 (Banco do Brasil).',
    ],
    [
      'numbers instead of strings',
      { ...bradesco, agency: 1172 },
      'agency',
      'Informe a agência (4 dígitos, sem o dígito verificador).',
    ],
    ['not an object', null, 'bank', 'Informe a configuração de boleto do banco.'],
  ])('refuses %s', (_label, input, field, message) => {
    expect(validateBoletoSettings(input)).toEqual({ ok: false, errors: [{ field, message }] });
  });

  it('reports every invalid field at once', () => {
    const r = validateBoletoSettings({
      bank: '001',
      agency: '12',
      account: 'x',
      wallet: '123',
      convenio: '1',
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.field)).toEqual(['agency', 'account', 'wallet', 'convenio']);
  });
});

describe('buildBankBoleto: refusals', () => {
  const bradesco: BoletoBankSettings = { bank: '237', agency: '1172', account: '403005', wallet: '09' };
  const bb6: BoletoBankSettings = {
    bank: '001',
    agency: '1545',
    account: '1',
    wallet: '18',
    convenio: '123456',
  };
  const input = { sequence: 1, dueDate: '2026-01-05', amountCents: 1000 };

  it('invalid settings', () => {
    expect(() => buildBankBoleto({ ...bradesco, agency: '278' }, input)).toThrow(
      new RangeError('Configuração de boleto inválida: Agência deve ter 4 dígitos; informados 3.'),
    );
  });

  it.each([
    [bradesco, 0, 'Sequência do nosso número fora do intervalo: 0; este layout aceita de 1 a 99999999999.'],
    [
      bradesco,
      1.5,
      'Sequência do nosso número fora do intervalo: 1.5; este layout aceita de 1 a 99999999999.',
    ],
    [
      bradesco,
      100_000_000_000,
      'Sequência do nosso número fora do intervalo: 100000000000; este layout aceita de 1 a 99999999999.',
    ],
    [bb6, 100_000, 'Sequência do nosso número fora do intervalo: 100000; este layout aceita de 1 a 99999.'],
    [
      { ...bb6, convenio: '1234' },
      10_000_000,
      'Sequência do nosso número fora do intervalo: 10000000; este layout aceita de 1 a 9999999.',
    ],
    [
      { ...bb6, convenio: '1234567' },
      10_000_000_000,
      'Sequência do nosso número fora do intervalo: 10000000000; este layout aceita de 1 a 9999999999.',
    ],
  ])('sequence out of range (%#)', (settings, sequence, message) => {
    expect(() => buildBankBoleto(settings, { ...input, sequence })).toThrow(new RangeError(message));
  });

  it('the largest sequences still fit', () => {
    expect(buildBankBoleto(bradesco, { ...input, sequence: 99_999_999_999 }).nossoNumeroDigits).toBe(
      '99999999999',
    );
    expect(buildBankBoleto(bb6, { ...input, sequence: 99_999 }).nossoNumeroDigits).toBe('12345699999');
  });

  it('amount and date errors come from buildBarcode', () => {
    expect(() => buildBankBoleto(bradesco, { ...input, amountCents: 10_000_000_000 })).toThrow(
      'Valor de 10000000000 centavos acima do máximo de um boleto (R$ 99.999.999,99, 10 dígitos).',
    );
    expect(() => buildBankBoleto(bradesco, { ...input, dueDate: '2026-02-30' })).toThrow(
      'Data de vencimento inválida "2026-02-30": use AAAA-MM-DD.',
    );
  });
});
