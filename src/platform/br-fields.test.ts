import { describe, expect, it } from 'vitest';
import {
  type FieldResult,
  MAX_AMOUNT_CENTS,
  parseAmountToCents,
  parseDate,
  parseEmail,
  parseName,
  parsePercent,
  parsePhone,
  parseUf,
  UFS,
} from './br-fields.ts';

function okValue<T>(result: FieldResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got: ${result.message}`);
  return result.value;
}

function errorMessage<T>(result: FieldResult<T>): string {
  if (result.ok) throw new Error(`expected an error, got: ${String(result.value)}`);
  return result.message;
}

describe('parseAmountToCents', () => {
  it.each([
    ['1234.56', 123456],
    ['1234,56', 123456],
    ['1.234,56', 123456],
    ['1,234.56', 123456],
    ['1234', 123400],
    ['R$ 1.234,56', 123456],
    ['R$1.234,56', 123456],
    ['r$ 10', 1000],
    ['R$\u00a01.234,56', 123456],
    ['  1234,56  ', 123456],
    ['1234,5', 123450],
    ['1234.5', 123450],
    ['0,01', 1],
    ['0,29', 29],
    ['0.1', 10],
    ['1.234.567,89', 123456789],
    ['1,234,567.89', 123456789],
    ['1.234.567', 123456700],
    ['007', 700],
    ['999.999.999.999,99', MAX_AMOUNT_CENTS],
    ['999999999999.99', MAX_AMOUNT_CENTS],
  ])('%j → %d centavos', (raw, cents) => {
    expect(okValue(parseAmountToCents(raw))).toBe(cents);
  });

  // A lone separator followed by exactly 3 digits is a thousands separator: money never has 3
  // decimal places, and pt-BR spreadsheets write R$ 1.234 as "1.234".
  it('reads a lone separator followed by 3 digits as thousands', () => {
    expect(okValue(parseAmountToCents('1.234'))).toBe(123400);
    expect(okValue(parseAmountToCents('1,234'))).toBe(123400);
    expect(okValue(parseAmountToCents('R$ 12.500'))).toBe(1250000);
  });

  it('rejects more than 2 decimal places', () => {
    expect(errorMessage(parseAmountToCents('1234,567'))).toBe('valor com mais de 2 casas decimais');
    expect(errorMessage(parseAmountToCents('1234.567'))).toBe('valor com mais de 2 casas decimais');
    expect(errorMessage(parseAmountToCents('0,125'))).toBe('valor com mais de 2 casas decimais');
    expect(errorMessage(parseAmountToCents('0.125'))).toBe('valor com mais de 2 casas decimais');
    expect(errorMessage(parseAmountToCents('1234.5678'))).toBe('valor com mais de 2 casas decimais');
    expect(errorMessage(parseAmountToCents('1.234,567'))).toBe('valor com mais de 2 casas decimais');
    expect(errorMessage(parseAmountToCents('1,234.567'))).toBe('valor com mais de 2 casas decimais');
  });

  it('rejects zero and negative amounts', () => {
    for (const raw of ['0', '0,00', 'R$ 0,00', '-10,00', '-R$ 10,00', 'R$ -10,00', '- 1.234,56']) {
      expect(errorMessage(parseAmountToCents(raw))).toBe('valor deve ser maior que zero');
    }
  });

  it('rejects amounts above R$ 999.999.999.999,99', () => {
    expect(errorMessage(parseAmountToCents('1.000.000.000.000,00'))).toBe(
      'valor acima do máximo de R$ 999.999.999.999,99',
    );
    expect(errorMessage(parseAmountToCents('99999999999999999999'))).toBe(
      'valor acima do máximo de R$ 999.999.999.999,99',
    );
  });

  it('rejects malformed values with a message showing the expected formats', () => {
    for (const raw of [
      'abc',
      '12a',
      '1.2.3',
      '1.23.456',
      '12.34.567,00',
      '1,234,56',
      '1.234,56,78',
      '1234.',
      ',50',
      '0.234.567',
      '01.234,00',
      '1 234,56',
      '+10',
      'US$ 10',
      '10 R$',
      '1e3',
      'R$',
    ]) {
      expect(errorMessage(parseAmountToCents(raw)), raw).toBe(
        'valor inválido: use formatos como 1234,56, 1.234,56 ou R$ 1.234,56',
      );
    }
    expect(errorMessage(parseAmountToCents('   '))).toBe('valor vazio');
  });

  it('never goes through floating point (every centavo round-trips)', () => {
    for (let cents = 1; cents <= 2000; cents++) {
      const raw = `${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
      expect(okValue(parseAmountToCents(raw))).toBe(cents);
    }
    expect(okValue(parseAmountToCents('123456789012,34'))).toBe(12345678901234);
  });
});

describe('parsePercent', () => {
  it.each([
    ['2', '2'],
    ['2.5', '2.5'],
    ['2,5', '2.5'],
    ['2,5%', '2.5'],
    ['2,5 %', '2.5'],
    [' 2,50 ', '2.5'],
    ['0', '0'],
    ['0,0', '0'],
    ['100', '100'],
    ['100,000', '100'],
    ['007,25', '7.25'],
    ['0,033333', '0.033333'],
    ['1,123456', '1.123456'],
  ])('%j → %j', (raw, value) => {
    expect(okValue(parsePercent(raw))).toBe(value);
  });

  it('rejects values outside 0..100', () => {
    for (const raw of ['100,01', '101', '1000', '-1', '-0,5%', '250%']) {
      expect(errorMessage(parsePercent(raw)), raw).toBe('percentual deve estar entre 0 e 100');
    }
  });

  it('rejects more than 6 decimal places', () => {
    expect(errorMessage(parsePercent('1,1234567'))).toBe('percentual com mais de 6 casas decimais');
  });

  it('rejects malformed values', () => {
    for (const raw of ['abc', '2,5,1', '1.000,5', ',5', '2.', '%', '2%%', '1e2', 'dois']) {
      expect(errorMessage(parsePercent(raw)), raw).toBe(
        'percentual inválido: use formatos como 2, 2,5 ou 2,5%',
      );
    }
    expect(errorMessage(parsePercent(''))).toBe('percentual vazio');
  });
});

describe('parseDate', () => {
  it.each([
    ['2024-03-05', '2024-03-05'],
    ['05/03/2024', '2024-03-05'],
    ['5/3/2024', '2024-03-05'],
    [' 29/02/2024 ', '2024-02-29'],
    ['1900-01-01', '1900-01-01'],
    ['31/12/2100', '2100-12-31'],
  ])('%j → %j', (raw, iso) => {
    expect(okValue(parseDate(raw))).toBe(iso);
  });

  it('rejects dates that do not exist in the calendar', () => {
    for (const raw of ['29/02/2023', '31/04/2024', '2024-02-30', '00/01/2024', '2024-13-01', '32/01/2024']) {
      expect(errorMessage(parseDate(raw)), raw).toBe(`data inexistente no calendário: ${raw}`);
    }
  });

  it('rejects years outside 1900..2100', () => {
    expect(errorMessage(parseDate('31/12/1899'))).toBe(
      'data fora do intervalo: o ano deve estar entre 1900 e 2100',
    );
    expect(errorMessage(parseDate('0204-01-01'))).toBe(
      'data fora do intervalo: o ano deve estar entre 1900 e 2100',
    );
    expect(errorMessage(parseDate('01/01/2101'))).toBe(
      'data fora do intervalo: o ano deve estar entre 1900 e 2100',
    );
  });

  it('rejects other formats', () => {
    for (const raw of [
      '05/03/24',
      '2024/03/05',
      '05-03-2024',
      '2024-3-5',
      '20240305',
      '2024-03-05T00:00:00Z',
      '5 de março de 2024',
      '005/03/2024',
    ]) {
      expect(errorMessage(parseDate(raw)), raw).toBe('data inválida: use AAAA-MM-DD ou DD/MM/AAAA');
    }
    expect(errorMessage(parseDate(''))).toBe('data vazia');
  });
});

describe('parsePhone', () => {
  it.each([
    ['(11) 98765-4321', '+5511987654321'],
    ['11987654321', '+5511987654321'],
    ['+55 11 98765-4321', '+5511987654321'],
    ['5511987654321', '+5511987654321'],
    ['+5511987654321', '+5511987654321'],
    ['011 98765-4321', '+5511987654321'],
    ['  11 98765 4321  ', '+5511987654321'],
    ['(11) 3456-7890', '+551134567890'],
    ['1134567890', '+551134567890'],
    ['+55 (21) 2222-3333', '+552122223333'],
    ['(11) 4004-0001', '+551140040001'],
  ])('%j → %j', (raw, e164) => {
    expect(okValue(parsePhone(raw))).toBe(e164);
  });

  it('rejects numbers that do not fit the Brazilian numbering plan', () => {
    for (const raw of [
      '123',
      '98765-4321', // no DDD
      '(11) 8765-4321', // 8-digit mobile, gone since 2016
      '11 2345-678',
      '(11) 1234-5678',
      'abc',
      'tel: (11) 98765-4321', // free text: the cell must be just the number
      '11987654321 ou 11912345678',
    ]) {
      expect(errorMessage(parsePhone(raw)), raw).toBe(
        'telefone inválido: use DDD + número, como (11) 98765-4321 ou (11) 3456-7890',
      );
    }
    expect(errorMessage(parsePhone(''))).toBe('telefone vazio');
  });

  it('names the real cause when only the area code (DDD) is wrong', () => {
    expect(errorMessage(parsePhone('(00) 98765-4321'))).toBe(
      'telefone inválido: o DDD 00 não existe (plano de numeração da Anatel)',
    );
    expect(errorMessage(parsePhone('+55 20 3456-7890'))).toMatch(/o DDD 20 não existe/);
    expect(errorMessage(parsePhone('(23) 98765-4321'))).toMatch(/o DDD 23 não existe/);
  });

  it('rejects foreign numbers, extensions and service numbers', () => {
    expect(errorMessage(parsePhone('+1 212 555 1234'))).toBe('telefone deve ser brasileiro (+55)');
    expect(errorMessage(parsePhone('+351 912 345 678'))).toBe('telefone deve ser brasileiro (+55)');
    expect(errorMessage(parsePhone('+55 11 3456-7890 ramal 12'))).toMatch(/^telefone/);
    expect(errorMessage(parsePhone('+55 11 3456-7890 ext. 12'))).toBe(
      'telefone com ramal não é aceito: informe apenas DDD + número',
    );
    for (const raw of ['0800 123 4567', '0300 123 4567', '4004-0001']) {
      expect(errorMessage(parsePhone(raw)), raw).toBe(
        'telefone deve ser celular ou fixo (números 0800, 0300 e 4004 não são aceitos)',
      );
    }
  });
});

describe('parseEmail', () => {
  it.each([
    ['maria@example.com', 'maria@example.com'],
    ['  Maria.Silva@Empresa.COM.BR ', 'Maria.Silva@empresa.com.br'],
    ['joao+cobranca@sub.dominio.org', 'joao+cobranca@sub.dominio.org'],
    ["o'neil@example.com", "o'neil@example.com"],
    ['x@a-b.co', 'x@a-b.co'],
    ['user@xn--caf-dma.com.br', 'user@xn--caf-dma.com.br'],
  ])('%j → %j', (raw, email) => {
    expect(okValue(parseEmail(raw))).toBe(email);
  });

  it('rejects malformed addresses', () => {
    for (const raw of [
      'maria',
      'maria@',
      '@example.com',
      'maria@example',
      'maria@@example.com',
      'ma ria@example.com',
      'maria@exam ple.com',
      '.maria@example.com',
      'maria.@example.com',
      'ma..ria@example.com',
      'maria@example..com',
      'maria@-example.com',
      'maria@example.com.',
      'maria@example.c',
      'maria@example.123',
      'joão@example.com',
      'maria@café.com',
      'maria@example.com; joao@example.com',
      `${'a'.repeat(65)}@example.com`,
    ]) {
      expect(errorMessage(parseEmail(raw)), raw).toBe('e-mail inválido: use o formato nome@dominio.com.br');
    }
    expect(errorMessage(parseEmail(' '))).toBe('e-mail vazio');
  });

  it('limits the address to 254 characters', () => {
    const domain = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.com`;
    const ok254 = `${'x'.repeat(254 - domain.length - 1)}@${domain}`;
    expect(ok254.length).toBe(254);
    expect(okValue(parseEmail(ok254))).toBe(ok254);
    expect(errorMessage(parseEmail(`y${ok254}`))).toBe('e-mail deve ter no máximo 254 caracteres');
  });
});

describe('parseUf', () => {
  it('lists the 27 UFs', () => {
    expect(UFS).toHaveLength(27);
    expect(new Set(UFS).size).toBe(27);
    expect(UFS).toContain('DF');
    expect(UFS).toContain('TO');
  });

  it('accepts every UF, trimmed and case-insensitive', () => {
    for (const uf of UFS) {
      expect(okValue(parseUf(uf))).toBe(uf);
      expect(okValue(parseUf(` ${uf.toLowerCase()} `))).toBe(uf);
    }
  });

  it('rejects anything else, saying a UF like SP is expected', () => {
    for (const raw of ['XX', 'S', 'SPP', 'São Paulo', 'BR', 'S P', '11', 'GB']) {
      expect(errorMessage(parseUf(raw)), raw).toBe(
        `UF inválida: "${raw}"; use a sigla do estado com 2 letras, como 'SP'`,
      );
    }
    expect(errorMessage(parseUf('  '))).toBe('UF vazia');
  });
});

describe('parseName', () => {
  it.each([
    ['Maria da Silva', 'Maria da Silva'],
    ['  Maria   da\tSilva  ', 'Maria da Silva'],
    ['José', 'José'],
    ['Jose\u0301', 'José'],
    ['Lú', 'Lú'],
    ['3M do Brasil Ltda.', '3M do Brasil Ltda.'],
    ["D'Ávila Comércio 2000 S/A", "D'Ávila Comércio 2000 S/A"],
    ['Maria\u00a0Silva', 'Maria Silva'],
  ])('%j → %j', (raw, name) => {
    expect(okValue(parseName(raw))).toBe(name);
  });

  it('accepts exactly 200 characters and rejects 201', () => {
    expect(okValue(parseName('á'.repeat(200)))).toHaveLength(200);
    expect(errorMessage(parseName('a'.repeat(201)))).toBe('nome deve ter entre 2 e 200 caracteres');
  });

  it('rejects empty, too short, letterless and control-character names', () => {
    expect(errorMessage(parseName(''))).toBe('nome vazio');
    expect(errorMessage(parseName(' \t\n '))).toBe('nome vazio');
    expect(errorMessage(parseName('A'))).toBe('nome deve ter entre 2 e 200 caracteres');
    expect(errorMessage(parseName(' B '))).toBe('nome deve ter entre 2 e 200 caracteres');
    expect(errorMessage(parseName('12345'))).toBe('nome deve conter ao menos uma letra');
    expect(errorMessage(parseName('---'))).toBe('nome deve conter ao menos uma letra');
    expect(errorMessage(parseName('Maria\u0000Silva'))).toBe('nome contém caracteres de controle');
  });
});

describe('fastBrazilianPhone agrees with libphonenumber', () => {
  it('on mobiles and landlines of every DDD and leading digit', async () => {
    const { parsePhoneNumberFromString } = await import('libphonenumber-js/max');
    const { fastBrazilianPhone } = await import('./br-fields.ts');
    let checked = 0;
    for (let ddd = 10; ddd <= 99; ddd++) {
      for (let lead = 0; lead <= 9; lead++) {
        for (const [length, tail] of [8, 9].flatMap((n) =>
          ['7305182946', '0000000000', '9999999999'].map((t) => [n, t] as const),
        )) {
          const subscriber = `${lead}${tail.slice(0, length - 1)}`;
          for (const raw of [`(${ddd}) ${subscriber}`, `+55${ddd}${subscriber}`, `55${ddd}${subscriber}`]) {
            const fast = fastBrazilianPhone(raw);
            if (fast === null) continue; // the full parser decides these
            const p = parsePhoneNumberFromString(raw.startsWith('55') ? `+${raw}` : raw, {
              defaultCountry: 'BR',
              extract: false,
            });
            expect(p?.isValid(), raw).toBe(true);
            expect(['MOBILE', 'FIXED_LINE', 'FIXED_LINE_OR_MOBILE']).toContain(p?.getType());
            expect(p?.number).toBe(fast);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(3000);
  });
});
