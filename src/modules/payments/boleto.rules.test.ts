import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../platform/dates.ts';
import { seededRandom } from '../../platform/random.ts';
import {
  type BoletoError,
  barcodeToLinhaDigitavel,
  buildBarcode,
  dueDateFactor,
  dueDateFromFactor,
  formatLinhaDigitavel,
  linhaDigitavelToBarcode,
  mod10,
  mod11Barcode,
  mod11Remainder,
  type ParsedBoleto,
  parseBoleto,
} from './boleto.rules.ts';

// boleto-brasileiro-validator (mcrvaz, MIT) is CommonJS without types: an independent implementation
// of the same FEBRABAN rules, used as an oracle. Its optional second argument turns on the per-field
// mod-10 check of the linha digitável, off by default.
const validator = createRequire(import.meta.url)('boleto-brasileiro-validator') as {
  boleto(code: string, validateBlocks?: boolean): boolean;
  boletoBancario(code: string, validateBlocks?: boolean): boolean;
  boletoBancarioCodigoBarras(code: string): boolean;
  boletoBancarioLinhaDigitavel(code: string, validateBlocks?: boolean): boolean;
};

function parsed(input: string, referenceDate: string): ParsedBoleto {
  const r = parseBoleto(input, referenceDate);
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.errors)}`);
  return r.value;
}

function rejected(input: string, referenceDate = '2025-06-01'): BoletoError[] {
  const r = parseBoleto(input, referenceDate);
  if (r.ok) throw new Error(`expected errors, got ${JSON.stringify(r.value)}`);
  return r.errors;
}

/** Replaces the digit at a 0-based index. */
function withDigit(s: string, index: number, digit: string): string {
  return s.slice(0, index) + digit + s.slice(index + 1);
}

// ---------------------------------------------------------------------------------------------
// Published vectors (barcode <-> linha digitável), each with its source.
// ---------------------------------------------------------------------------------------------
// `inconsistentDv`: the published general DV does not match mod 11 (boleto-brasileiro-validator agrees);
// the vector still pins the field rearrangement.
const PUBLISHED: { source: string; barcode: string; line: string; inconsistentDv?: true }[] = [
  {
    source: 'pyboleto tests/test_banco_bradesco.py (Bradesco, 2011-02-05, R$ 8.280,00)',
    barcode: '23794486900008280000278060000212552500392320',
    line: '23790.27804 60000.212559 25003.923205 4 48690000828000',
  },
  {
    source: 'pyboleto tests/test_banco_do_brasil.py (BB convênio 7, 2011-03-08, R$ 2.952,95)',
    barcode: '00196490000002952950000007777777000008765418',
    line: '00190.00009 07777.777009 00087.654182 6 49000000295295',
  },
  {
    source: 'boleto_bancario spec calculos/linha_digitavel_spec.rb, "Itau documentation example"',
    barcode: '34196166700000123451091234567880057123457000',
    line: '34191.09123 34567.880058 71234.570001 6 16670000012345',
    inconsistentDv: true,
  },
  {
    source: 'boleto_bancario spec calculos/linha_digitavel_spec.rb, "Bradesco documentation example"',
    barcode: '99991101200000350007772130530150081897500000',
    line: '99997.77213 30530.150082 18975.000003 1 10120000035000',
  },
  {
    source: 'boleto_bancario spec calculos/linha_digitavel_spec.rb, "HSBC documentation example"',
    barcode: '39998100100000311551111122222500546666666001',
    line: '39991.11119 22222.500542 66666.660015 8 10010000031155',
  },
  {
    source: 'boleto_bancario spec calculos/linha_digitavel_spec.rb, "Caixa documentation example"',
    barcode: '10491107400000160000001100128701000901200200',
    line: '10490.00118 00128.701000 09012.002003 1 10740000016000',
  },
  {
    source: 'boleto-brasileiro-validator README (BB)',
    barcode: '00193373700000001000500940144816060680935031',
    line: '00190.50095 40144.816069 06809.350314 3 37370000000100',
  },
  {
    source: 'Lucianossr/nodejs-teste README (bank 212, R$ 20,00 due 2018-07-16)',
    barcode: '21299758700000020000001121100012100447561740',
    line: '21290.00119 21100.012109 04475.617405 9 75870000002000',
  },
];

describe('mod10 (linha digitável fields)', () => {
  // Vectors from boleto_bancario spec calculos/modulo10_spec.rb (Itaú and Banrisul documentation).
  it.each([
    ['341911012', 1],
    ['3456788005', 8],
    ['7123457000', 1],
    ['00009274', 2],
    ['0', 0],
    ['99906', 0],
    ['1', 8],
    ['10', 9],
    ['994', 4],
    ['97831', 2],
    ['147966', 6],
    // Fields of the BB example in boleto-brasileiro-validator's README (an Elixir test suite has them too).
    ['001905009', 5],
    ['4014481606', 9],
    ['0680935031', 4],
  ])('%s -> %i', (digits, dv) => {
    expect(mod10(digits)).toBe(dv);
  });

  it('refuses non-digits', () => {
    expect(() => mod10('12a')).toThrow(RangeError);
    expect(() => mod10('')).toThrow(RangeError);
  });
});

describe('mod11Barcode (general DV)', () => {
  it('matches the DV of every published barcode', () => {
    for (const v of PUBLISHED) {
      const body = v.barcode.slice(0, 4) + v.barcode.slice(5);
      expect(mod11Barcode(body) === Number(v.barcode[4]), v.source).toBe(!v.inconsistentDv);
      expect(validator.boletoBancarioCodigoBarras(v.barcode), v.source).toBe(!v.inconsistentDv);
    }
  });

  it('BB example from boleto-brasileiro-validator: 0019373700000001000500940144816060680935031 -> 3', () => {
    expect(mod11Barcode('0019373700000001000500940144816060680935031')).toBe(3);
  });

  it('hand-checked: 11 -> weights 3,2 -> 5; 11 - 5 = 6', () => {
    expect(mod11Remainder('11')).toBe(5);
    expect(mod11Barcode('11')).toBe(6);
  });

  it('maps 11 - remainder in {0, 10, 11} to 1 (remainders 0 and 1; a DV is never 0)', () => {
    // '0': sum 0, remainder 0, 11 - 0 = 11 -> 1
    expect(mod11Barcode('0')).toBe(1);
    // '6' (weight 2): 12 mod 11 = 1 -> 11 - 1 = 10 -> 1
    expect(mod11Remainder('6')).toBe(1);
    expect(mod11Barcode('6')).toBe(1);
    // '5' (weight 2): 10, remainder 10, 11 - 10 = 1 (a plain 1)
    expect(mod11Barcode('5')).toBe(1);
    // weights restart after 9: the 9th digit from the right gets weight 2 again
    expect(mod11Remainder('100000000')).toBe(2);
    // Bradesco's base 7: the 7th digit from the right gets weight 2 again
    expect(mod11Remainder('1000000', 7)).toBe(2);
  });
});

describe('dueDateFactor', () => {
  it.each([
    // FEBRABAN "Manual Operacional do Fator de Vencimento da Cobrança Bancária" (2012) examples
    ['2000-07-03', '1000'],
    ['2000-07-04', '1001'],
    ['2012-04-27', '5316'],
    ['2025-02-20', '9998'],
    ['2025-02-21', '9999'],
    // boleto_bancario spec calculos/fator_vencimento_spec.rb (old cycle)
    ['2002-05-01', '1667'],
    ['2010-10-02', '4743'],
    ['2011-05-25', '4978'],
    ['2012-12-02', '5535'],
    ['2013-02-01', '5596'],
    ['2020-02-01', '8152'],
    // merlin NumberCodeGeneratorTest (old cycle)
    ['2000-07-05', '1002'],
    ['2008-07-04', '3923'],
    ['2010-10-17', '4758'],
    ['2010-11-17', '4789'],
    // 2024, by hand: 2024-12-31 is 31 + 21 = 52 days before 2025-02-21 (9999)
    ['2024-12-31', '9947'],
    // FEBRABAN restart: 22/02/2025 goes back to 1000 (boleto_bancario spec, new cycle)
    ['2025-02-22', '1000'],
    ['2025-02-23', '1001'],
    ['2025-03-01', '1007'],
    ['2026-01-01', '1313'],
    ['2030-01-01', '2774'],
    // end of the second cycle ("próxima reinicialização em 13/10/2049" in the press) and the restart
    ['2049-10-13', '9999'],
    ['2049-10-14', '1000'],
  ])('%s -> %s', (date, factor) => {
    expect(dueDateFactor(date)).toBe(factor);
  });

  it('refuses dates before factor 1000 and malformed dates', () => {
    expect(() => dueDateFactor('2000-07-02')).toThrow(
      'Vencimento 02/07/2000 anterior a 03/07/2000 (fator 1000): boletos com fator de vencimento só podem vencer a partir dessa data.',
    );
    expect(() => dueDateFactor('1999-12-31')).toThrow(RangeError);
    expect(() => dueDateFactor('2025-02-30')).toThrow(
      'Data de vencimento inválida "2025-02-30": use AAAA-MM-DD.',
    );
    expect(() => dueDateFactor('21/02/2025')).toThrow(RangeError);
  });
});

describe('dueDateFromFactor', () => {
  it('0000 means no due date', () => {
    expect(dueDateFromFactor('0000', '2025-06-01')).toBeNull();
  });

  it('picks the cycle nearest to the reference date', () => {
    expect(dueDateFromFactor('1000', '2010-01-01')).toBe('2000-07-03');
    expect(dueDateFromFactor('1000', '2025-01-01')).toBe('2025-02-22');
    expect(dueDateFromFactor('1001', '2025-03-01')).toBe('2025-02-23');
    // a boleto that fell due in the last days of the old cycle, read after the restart
    expect(dueDateFromFactor('9999', '2025-03-01')).toBe('2025-02-21');
    expect(dueDateFromFactor('9998', '2025-06-01')).toBe('2025-02-20');
    // the same factor, read in 2049, belongs to the second cycle
    expect(dueDateFromFactor('9999', '2049-10-01')).toBe('2049-10-13');
    expect(dueDateFromFactor('5316', '2012-04-01')).toBe('2012-04-27');
    expect(dueDateFromFactor('1313', '2025-12-15')).toBe('2026-01-01');
    // references before 2000 still resolve to the first cycle
    expect(dueDateFromFactor('1000', '1999-01-01')).toBe('2000-07-03');
  });

  it('window: up to 4499 days in the past, up to 4500 in the future (a tie goes to the later cycle)', () => {
    // factor 1000: cycles on 2000-07-03 and 2025-02-22 (9000 days apart)
    expect(dueDateFromFactor('1000', addDays('2000-07-03', 4499))).toBe('2000-07-03');
    expect(dueDateFromFactor('1000', addDays('2000-07-03', 4500))).toBe('2025-02-22');
    expect(dueDateFromFactor('1000', addDays('2025-02-22', 4499))).toBe('2025-02-22');
    expect(dueDateFromFactor('1000', addDays('2025-02-22', 4500))).toBe('2049-10-14');
  });

  it('factors 0001-0999 belong to 1997-2000 only', () => {
    expect(dueDateFromFactor('0001', '2025-06-01')).toBe('1997-10-08');
    expect(dueDateFromFactor('0999', '2025-06-01')).toBe('2000-07-02');
  });

  it('inverts dueDateFactor for any date within the window of the reference', () => {
    const random = seededRandom(20250222);
    for (let i = 0; i < 2000; i++) {
      const date = addDays('2000-07-03', Math.floor(random() * 20000));
      const reference = addDays(date, Math.floor(random() * 8999) - 4499);
      expect(dueDateFromFactor(dueDateFactor(date), reference)).toBe(date);
    }
  });

  it('refuses malformed factors and reference dates', () => {
    expect(() => dueDateFromFactor('123', '2025-06-01')).toThrow(
      'Fator de vencimento inválido "123": use 4 dígitos.',
    );
    expect(() => dueDateFromFactor('12a4', '2025-06-01')).toThrow(RangeError);
    expect(() => dueDateFromFactor('1000', '2025-13-01')).toThrow(
      'Data de referência inválida "2025-13-01": use AAAA-MM-DD.',
    );
  });
});

describe('buildBarcode', () => {
  it('reproduces published barcodes from their fields', () => {
    // pyboleto Bradesco: due 2011-02-05, R$ 8.280,00, campo livre agency 0278 wallet 06 nn 00002125525 acc 0039232
    expect(
      buildBarcode({
        bankCode: '237',
        dueDate: '2011-02-05',
        amountCents: 828000,
        campoLivre: '0278060000212552500392320',
      }),
    ).toBe('23794486900008280000278060000212552500392320');
    // pyboleto BB: due 2011-03-08, R$ 2.952,95
    expect(
      buildBarcode({
        bankCode: '001',
        currencyCode: '9',
        dueDate: '2011-03-08',
        amountCents: 295295,
        campoLivre: '0000007777777000008765418',
      }),
    ).toBe('00196490000002952950000007777777000008765418');
    // boleto-brasileiro-validator README BB example: factor 3737 = 2007-12-31, R$ 1,00
    // (hand-checked: 2000-07-03 + 7 years = 2007-07-03 is 2556 days; + 181 days = 2007-12-31)
    expect(
      buildBarcode({
        bankCode: '001',
        dueDate: '2007-12-31',
        amountCents: 100,
        campoLivre: '0500940144816060680935031',
      }),
    ).toBe('00193373700000001000500940144816060680935031');
  });

  it('writes factor 0000 when there is no due date and pads the amount', () => {
    const barcode = buildBarcode({
      bankCode: '237',
      dueDate: null,
      amountCents: 1,
      campoLivre: '1'.repeat(25),
    });
    expect(barcode.slice(5, 19)).toBe('00000000000001');
    expect(validator.boletoBancarioCodigoBarras(barcode)).toBe(true);
  });

  it('accepts the largest amount, R$ 99.999.999,99', () => {
    const barcode = buildBarcode({
      bankCode: '001',
      dueDate: '2026-01-01',
      amountCents: 9_999_999_999,
      campoLivre: '0'.repeat(25),
    });
    expect(barcode.slice(9, 19)).toBe('9999999999');
  });

  const base = { bankCode: '237', dueDate: '2026-01-01', amountCents: 100, campoLivre: '0'.repeat(25) };
  it.each([
    [
      'amount above 10 digits',
      { ...base, amountCents: 10_000_000_000 },
      'Valor de 10000000000 centavos acima do máximo de um boleto (R$ 99.999.999,99, 10 dígitos).',
    ],
    [
      'negative amount',
      { ...base, amountCents: -1 },
      'Valor inválido: -1 centavos; use um inteiro não negativo.',
    ],
    [
      'fractional amount',
      { ...base, amountCents: 10.5 },
      'Valor inválido: 10.5 centavos; use um inteiro não negativo.',
    ],
    ['2-digit bank code', { ...base, bankCode: '23' }, 'Código do banco inválido "23": use 3 dígitos.'],
    ['letter currency', { ...base, currencyCode: 'R' }, 'Código da moeda inválido "R": use 1 dígito.'],
    [
      '24-digit campo livre',
      { ...base, campoLivre: '0'.repeat(24) },
      `Campo livre inválido "${'0'.repeat(24)}": deve ter 25 dígitos.`,
    ],
    [
      'due date before factor 1000',
      { ...base, dueDate: '1999-01-01' },
      'Vencimento 01/01/1999 anterior a 03/07/2000 (fator 1000): boletos com fator de vencimento só podem vencer a partir dessa data.',
    ],
  ])('refuses %s', (_label, input, message) => {
    expect(() => buildBarcode(input)).toThrow(new RangeError(message));
  });
});

describe('barcode <-> linha digitável', () => {
  it.each(PUBLISHED)('$source', ({ barcode, line }) => {
    const digits = line.replace(/[ .]/g, '');
    expect(barcodeToLinhaDigitavel(barcode)).toBe(digits);
    expect(formatLinhaDigitavel(digits)).toBe(line);
    expect(linhaDigitavelToBarcode(line)).toBe(barcode);
    expect(linhaDigitavelToBarcode(digits)).toBe(barcode);
  });

  it('formatLinhaDigitavel is idempotent and accepts hyphens/extra spaces', () => {
    const line = '23790.27804 60000.212559 25003.923205 4 48690000828000';
    expect(formatLinhaDigitavel(line)).toBe(line);
    expect(formatLinhaDigitavel(' 23790-27804 60000 212559  25003.923205 4 48690000828000 ')).toBe(line);
  });

  it('refuses wrong lengths', () => {
    expect(() => barcodeToLinhaDigitavel('123')).toThrow('Código de barras inválido "123": use 44 dígitos.');
    expect(() => linhaDigitavelToBarcode('1'.repeat(46))).toThrow(RangeError);
    expect(() => formatLinhaDigitavel('1'.repeat(48))).toThrow(RangeError);
  });
});

describe('parseBoleto: published boletos', () => {
  it('reads a linha digitável with its due date and amount (Lucianossr/nodejs-teste README)', () => {
    expect(parsed('21290001192110001210904475617405975870000002000', '2018-07-01')).toEqual({
      source: 'linhaDigitavel',
      barcode: '21299758700000020000001121100012100447561740',
      linhaDigitavel: '21290001192110001210904475617405975870000002000',
      bankCode: '212',
      currencyCode: '9',
      dueDateFactor: '7587',
      dueDate: '2018-07-16',
      amountCents: 2000,
      campoLivre: '0001121100012100447561740',
    });
  });

  it('reads the formatted Bradesco example of boleto-brasileiro-validator', () => {
    const v = parsed('23793.38128 60007.827136 95000.063305 9 75520000370000', '2018-06-01');
    expect(v.bankCode).toBe('237');
    expect(v.dueDate).toBe('2018-06-11');
    expect(v.amountCents).toBe(370000);
    expect(v.campoLivre).toBe('3381260007827139500006330');
    expect(v.linhaDigitavel).toBe('23793381286000782713695000063305975520000370000');
  });

  it('reads a barcode and derives the linha digitável', () => {
    const v = parsed('23794486900008280000278060000212552500392320', '2011-01-18');
    expect(v.source).toBe('barcode');
    expect(v.linhaDigitavel).toBe('23790278046000021255925003923205448690000828000');
    expect(v.dueDate).toBe('2011-02-05');
    expect(v.amountCents).toBe(828000);
  });

  it('accepts every published vector in both forms', () => {
    for (const v of PUBLISHED.filter((p) => !p.inconsistentDv)) {
      const fromLine = parsed(v.line, '2020-01-01');
      const fromBarcode = parsed(v.barcode, '2020-01-01');
      expect(fromLine.barcode, v.source).toBe(v.barcode);
      expect({ ...fromBarcode, source: 'linhaDigitavel' }).toEqual(fromLine);
    }
  });

  it('rejects the Itaú manual example, whose printed general DV is illustrative (validator agrees)', () => {
    const line = '34191.09123 34567.880058 71234.570001 6 16670000012345';
    expect(validator.boletoBancarioLinhaDigitavel(line, true)).toBe(false);
    expect(rejected(line)).toEqual([
      { position: 39, message: 'Dígito verificador geral inválido: esperado 9, informado 6.' },
    ]);
  });

  it('resolves the cycle of the factor from the reference date', () => {
    const barcode = buildBarcode({
      bankCode: '237',
      dueDate: '2025-03-10',
      amountCents: 5000,
      campoLivre: '0'.repeat(25),
    });
    expect(barcode.slice(5, 9)).toBe('1016');
    expect(parsed(barcode, '2025-03-01').dueDate).toBe('2025-03-10');
    expect(parsed(barcode, '2049-06-01').dueDate).toBe('2049-10-30');
    const old = buildBarcode({
      bankCode: '237',
      dueDate: '2025-02-21',
      amountCents: 5000,
      campoLivre: '0'.repeat(25),
    });
    expect(parsed(old, '2025-03-01').dueDate).toBe('2025-02-21');
  });

  it('returns a null due date for factor 0000 and accepts a zero amount', () => {
    const barcode = buildBarcode({
      bankCode: '001',
      dueDate: null,
      amountCents: 0,
      campoLivre: '0'.repeat(25),
    });
    const v = parsed(barcode, '2025-06-01');
    expect(v.dueDateFactor).toBe('0000');
    expect(v.dueDate).toBeNull();
    expect(v.amountCents).toBe(0);
  });

  it('ignores surrounding whitespace, tabs, line breaks and hyphens', () => {
    const v = parsed('\t 23790.27804\n60000.212559-25003.923205 4 48690000828000  ', '2011-01-18');
    expect(v.barcode).toBe('23794486900008280000278060000212552500392320');
  });
});

describe('parseBoleto: round trips and the independent validator', () => {
  it('build -> linha -> barcode -> parse returns the same fields, and the validator agrees', () => {
    const random = seededRandom(237001);
    for (let i = 0; i < 400; i++) {
      // bank codes never start with 8 (reserved for arrecadação)
      const bankCode = String(Math.floor(random() * 800)).padStart(3, '0');
      const dueDate = random() < 0.05 ? null : addDays('2000-07-03', Math.floor(random() * 18000));
      const amountCents = Math.floor(random() * 10 ** Math.floor(random() * 11));
      let campoLivre = '';
      for (let k = 0; k < 25; k++) campoLivre += String(Math.floor(random() * 10));

      const barcode = buildBarcode({ bankCode, dueDate, amountCents, campoLivre });
      const line = barcodeToLinhaDigitavel(barcode);
      expect(linhaDigitavelToBarcode(line)).toBe(barcode);

      expect(validator.boletoBancarioCodigoBarras(barcode)).toBe(true);
      expect(validator.boletoBancarioLinhaDigitavel(line, true)).toBe(true);
      expect(validator.boleto(formatLinhaDigitavel(line), true)).toBe(true);

      const reference = dueDate ?? '2025-06-01';
      for (const input of [line, formatLinhaDigitavel(line), barcode]) {
        const v = parsed(input, reference);
        expect(v).toMatchObject({ barcode, linhaDigitavel: line, bankCode, currencyCode: '9' });
        expect(v.dueDate).toBe(dueDate);
        expect(v.amountCents).toBe(amountCents);
        expect(v.campoLivre).toBe(campoLivre);
      }
    }
  });

  it('accepts and rejects exactly what the validator does when one digit is mistyped', () => {
    const random = seededRandom(11);
    let rejectedCount = 0;
    for (let i = 0; i < 600; i++) {
      let campoLivre = '';
      for (let k = 0; k < 25; k++) campoLivre += String(Math.floor(random() * 10));
      const line = barcodeToLinhaDigitavel(
        buildBarcode({
          bankCode: '237',
          dueDate: addDays('2025-02-22', Math.floor(random() * 3000)),
          amountCents: Math.floor(random() * 1e8),
          campoLivre,
        }),
      );
      // any position but the currency code, which the validator does not check
      let index = Math.floor(random() * 46);
      if (index >= 3) index += 1;
      const typo = withDigit(line, index, String((Number(line[index]) + 1 + Math.floor(random() * 9)) % 10));
      const ours = parseBoleto(typo, '2025-06-01').ok;
      expect(ours, `${typo} (digit ${index + 1})`).toBe(validator.boletoBancarioLinhaDigitavel(typo, true));
      if (!ours) rejectedCount++;
    }
    // mod 10 catches every single-digit typo in fields 1-3; mod 11 almost every one elsewhere
    expect(rejectedCount).toBeGreaterThan(570);
  });
});

describe('parseBoleto: errors', () => {
  // Bradesco boleto from pyboleto's tests, unformatted: DVs at digits 10 (4), 21 (9), 32 (5), 33 (4).
  const LINE = '23790278046000021255925003923205448690000828000';
  const FORMATTED = '23790.27804 60000.212559 25003.923205 4 48690000828000';
  const BARCODE = '23794486900008280000278060000212552500392320';

  it('sanity: the base vector is valid', () => {
    expect(parseBoleto(LINE, '2011-01-18').ok).toBe(true);
    expect(parseBoleto(FORMATTED, '2011-01-18').ok).toBe(true);
  });

  it('empty input', () => {
    expect(rejected('')).toEqual([
      {
        position: 0,
        message: 'Informe a linha digitável (47 dígitos) ou o código de barras (44 dígitos) do boleto.',
      },
    ]);
  });

  it('only separators', () => {
    expect(rejected(' .  - ')).toEqual([
      {
        position: 0,
        message: 'Informe a linha digitável (47 dígitos) ou o código de barras (44 dígitos) do boleto.',
      },
    ]);
  });

  it('a letter, at its position in the input as typed', () => {
    expect(rejected(FORMATTED.replace('60000.', '6O000.'))).toEqual([
      {
        position: 14,
        message: 'Caractere inválido "O" na posição 14: use só dígitos (pontos e espaços são ignorados).',
      },
    ]);
  });

  it('several invalid characters, each reported (at most five)', () => {
    expect(rejected('2379/0278x').map((e) => e.position)).toEqual([5, 10]);
    expect(rejected('abcdefgh')).toHaveLength(5);
  });

  it('an en dash is not a separator', () => {
    expect(rejected('23790.27804–60000.212559')).toEqual([
      {
        position: 12,
        message: 'Caractere inválido "–" na posição 12: use só dígitos (pontos e espaços são ignorados).',
      },
    ]);
  });

  it.each([
    [46, LINE.slice(0, 46)],
    [45, `${BARCODE}1`],
    [43, BARCODE.slice(0, 43)],
    [48, `${LINE}0`],
    [1, '7'],
  ])('wrong length: %i digits', (n, input) => {
    expect(rejected(input)).toEqual([
      {
        position: 0,
        message: `Foram informados ${n} dígitos: a linha digitável do boleto tem 47 dígitos e o código de barras, 44.`,
      },
    ]);
  });

  it('48-digit guia de arrecadação (validator README example)', () => {
    const arrecadacao = '85890000460-9 52460179160-5 60759305086-5 83148300001-0';
    expect(validator.boleto(arrecadacao)).toBe(true);
    expect(rejected(arrecadacao)).toEqual([
      {
        position: 1,
        message:
          'Guia de arrecadação (conta de consumo ou tributo, iniciada por 8) não é suportada: ' +
          'informe a linha digitável de um boleto de cobrança bancária.',
      },
    ]);
  });

  it('44-digit arrecadação barcode, position of its first digit', () => {
    const errors = rejected('  84890000000404201622018060519042958603411122');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.position).toBe(3);
    expect(errors[0]?.message).toMatch(/^Guia de arrecadação .* não é suportada/);
  });

  it('field 1 check digit', () => {
    expect(rejected(withDigit(LINE, 9, '5'))).toEqual([
      { position: 10, message: 'Dígito verificador do campo 1 inválido: esperado 4, informado 5.' },
    ]);
  });

  it('field 1 check digit, position counted in the formatted input', () => {
    expect(rejected(FORMATTED.replace('27804 ', '27805 '))).toEqual([
      { position: 11, message: 'Dígito verificador do campo 1 inválido: esperado 4, informado 5.' },
    ]);
  });

  it('field 2 check digit', () => {
    expect(rejected(withDigit(LINE, 20, '0'))).toEqual([
      { position: 21, message: 'Dígito verificador do campo 2 inválido: esperado 9, informado 0.' },
    ]);
  });

  it('field 3 check digit', () => {
    expect(rejected(withDigit(LINE, 31, '6'))).toEqual([
      { position: 32, message: 'Dígito verificador do campo 3 inválido: esperado 5, informado 6.' },
    ]);
  });

  it('general check digit of a linha digitável', () => {
    expect(rejected(withDigit(LINE, 32, '5'))).toEqual([
      { position: 33, message: 'Dígito verificador geral inválido: esperado 4, informado 5.' },
    ]);
  });

  it('general check digit of a barcode', () => {
    expect(rejected(withDigit(BARCODE, 4, '7'))).toEqual([
      { position: 5, message: 'Dígito verificador geral inválido: esperado 4, informado 7.' },
    ]);
  });

  it('a mistyped amount: only the general DV can tell', () => {
    // R$ 8.280,00 typed as R$ 8.290,00 in field 5
    expect(rejected(FORMATTED.replace('48690000828000', '48690000829000'))).toEqual([
      {
        position: 39,
        // mod 11 of 2379 4869 0000829000 0278060000212552500392320
        message: 'Dígito verificador geral inválido: esperado 9, informado 4.',
      },
    ]);
  });

  it('a typo inside field 1 breaks its DV and the general DV; errors in position order', () => {
    // campo livre digit 2 (agency 0278 -> 0298); mod 10 of 237902980 by hand:
    // 0·2 + 8·1 + 9·2(1+8) + 2·1 + 0·2 + 9·1 + 7·2(1+4) + 3·1 + 2·2 = 40 -> DV 0
    const typo = withDigit(LINE, 6, '9');
    const errors = rejected(typo);
    expect(errors.map((e) => e.position)).toEqual([10, 33]);
    expect(errors[0]?.message).toBe('Dígito verificador do campo 1 inválido: esperado 0, informado 4.');
    expect(errors[1]?.message).toMatch(/^Dígito verificador geral inválido: esperado \d, informado 4\.$/);
  });

  it('fields 1 and 3 wrong at once', () => {
    const errors = rejected(withDigit(withDigit(LINE, 31, '0'), 9, '0'));
    expect(errors).toEqual([
      { position: 10, message: 'Dígito verificador do campo 1 inválido: esperado 4, informado 0.' },
      { position: 32, message: 'Dígito verificador do campo 3 inválido: esperado 5, informado 0.' },
    ]);
  });

  it('currency code other than 9, in a barcode with a consistent DV', () => {
    const body = '2370' + BARCODE.slice(5);
    const barcode = body.slice(0, 4) + String(mod11Barcode(body)) + body.slice(4);
    expect(rejected(barcode)).toEqual([
      { position: 4, message: 'Código da moeda 0 não suportado: boletos em real usam o código 9.' },
    ]);
  });

  it('currency code other than 9, in a linha digitável with consistent DVs', () => {
    const body = '2372' + BARCODE.slice(5);
    const barcode = body.slice(0, 4) + String(mod11Barcode(body)) + body.slice(4);
    const line = barcodeToLinhaDigitavel(barcode);
    expect(validator.boletoBancarioLinhaDigitavel(line, true)).toBe(true);
    expect(rejected(formatLinhaDigitavel(line))).toEqual([
      { position: 4, message: 'Código da moeda 2 não suportado: boletos em real usam o código 9.' },
    ]);
  });

  it('an invalid reference date is a programming error', () => {
    expect(() => parseBoleto(LINE, '18/01/2011')).toThrow(
      new RangeError('Data de referência inválida "18/01/2011": use AAAA-MM-DD.'),
    );
  });
});
