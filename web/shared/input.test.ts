import { describe, expect, it } from 'vitest';
import {
  displayDocument,
  parseBirthDate,
  parseCode,
  parseCount,
  parseDocument,
  parseMoney,
  parsePhone,
  parseWholeReais,
} from './input.ts';

const TODAY = '2026-12-02';

describe('parseDocument (CPF typed any way, checked on submit)', () => {
  it.each(['52998224725', '529.982.247-25', ' 529 982 247 25 ', '529982247-25'])('accepts %j', (raw) => {
    expect(parseDocument(raw)).toEqual({ ok: true, value: { kind: 'cpf', value: '52998224725' } });
  });
  it('accepts a CNPJ, numeric or alphanumeric', () => {
    expect(parseDocument('11.222.333/0001-81')).toMatchObject({ ok: true, value: { kind: 'cnpj' } });
    expect(parseDocument('12.abc.345/01de-35')).toMatchObject({
      ok: true,
      value: { value: '12ABC34501DE35' },
    });
  });
  it.each([
    ['', 'Digite seu CPF'],
    ['529.982.247', 'O CPF tem 11 números'],
    ['52998224724', 'Confira o CPF: os números não formam um CPF válido'],
    ['111.111.111-11', 'Confira o CPF: os números não formam um CPF válido'],
    ['11222333000182', 'Confira o CNPJ: os números não formam um CNPJ válido'],
  ])('%j → %s', (raw, message) => {
    expect(parseDocument(raw)).toEqual({ ok: false, message });
  });
  it('shows the formatted value once whole, leaves partial input alone', () => {
    expect(displayDocument('52998224725')).toBe('529.982.247-25');
    expect(displayDocument('5299')).toBe('5299');
    expect(displayDocument('52998224724')).toBe('529.982.247-24');
  });
});

describe('parseBirthDate (one field, dd/mm/aaaa)', () => {
  it.each(['27/03/1985', '27031985', '27/3/1985', '27-03-1985', '27 3 1985', '27.03.1985'])(
    'accepts %j',
    (raw) => {
      expect(parseBirthDate(raw, TODAY)).toEqual({ ok: true, value: '1985-03-27' });
    },
  );
  it.each([
    ['', 'Digite sua data de nascimento'],
    ['27/03', 'A data precisa ter dia, mês e ano'],
    ['27/03/85', 'O ano precisa ter 4 números'],
    ['27/13/1985', 'O mês vai de 1 a 12'],
    ['31/04/1985', 'O dia precisa ser de 1 a 30 em abril'],
    ['29/02/1985', 'O dia precisa ser de 1 a 28 em fevereiro'],
    ['02/12/2026', 'A data de nascimento precisa ser no passado'],
    ['01/01/2030', 'A data de nascimento precisa ser no passado'],
    ['01/01/1850', 'Confira o ano: ele precisa ser depois de 1900'],
    ['ontem', 'Use só números, como 27/03/1985'],
  ])('%j → %s', (raw, message) => {
    expect(parseBirthDate(raw, TODAY)).toEqual({ ok: false, message });
  });
  it('accepts 29/02 in a leap year', () => {
    expect(parseBirthDate('29/02/1984', TODAY)).toEqual({ ok: true, value: '1984-02-29' });
  });
});

describe('parseWholeReais (budget and income)', () => {
  it.each([
    ['R$ 1.500', 150000],
    ['1500', 150000],
    ['1.500,00', 150000],
    ['r$300', 30000],
    ['1 500', 150000],
    ['150,90', 15000],
  ])('%j → %i centavos', (raw, cents) => {
    expect(parseWholeReais(raw)).toEqual({ ok: true, value: cents });
  });
  it('empty is fine (optional)', () => expect(parseWholeReais('  ')).toEqual({ ok: true, value: null }));
  it.each(['1,500.00', 'abc', '1.50', '-300'])('refuses %j with what to type', (raw) => {
    expect(parseWholeReais(raw)).toEqual({
      ok: false,
      message: 'Digite só o valor em reais, como 300 ou 1.500',
    });
  });
});

describe('parseMoney (counter-proposal)', () => {
  it('keeps centavos', () => {
    expect(parseMoney('150,5')).toEqual({ ok: true, value: 15050 });
    expect(parseMoney('R$ 1.234,56')).toEqual({ ok: true, value: 123456 });
    expect(parseMoney('')).toEqual({ ok: true, value: null });
    expect(parseMoney('12.34')).toMatchObject({ ok: false });
  });
});

describe('parseCode', () => {
  it('ignores spaces and hyphens (pasted codes)', () => {
    expect(parseCode('123 456')).toEqual({ ok: true, value: '123456' });
    expect(parseCode('123-456')).toEqual({ ok: true, value: '123456' });
  });
  it.each([
    ['', 'Digite o código de 6 números'],
    ['12345', 'O código tem 6 números'],
    ['12345a', 'O código tem 6 números'],
  ])('%j → %s', (raw, message) => expect(parseCode(raw)).toEqual({ ok: false, message }));
});

describe('parseCount and parsePhone', () => {
  it('bounds', () => {
    expect(parseCount('6', 1, 24, 'parcelas')).toEqual({ ok: true, value: 6 });
    expect(parseCount('30', 1, 24, 'parcelas')).toEqual({
      ok: false,
      message: 'O número de parcelas vai de 1 a 24',
    });
  });
  it('phones with DDD', () => {
    expect(parsePhone('(11) 91234-5678')).toEqual({ ok: true, value: '11912345678' });
    expect(parsePhone('+55 11 91234-5678')).toEqual({ ok: true, value: '11912345678' });
    expect(parsePhone('91234-5678')).toMatchObject({ ok: false });
  });
});
