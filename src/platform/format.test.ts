import { describe, expect, it } from 'vitest';
import {
  documentLabel,
  formatBoletoLine,
  formatDate,
  formatDateTime,
  formatDayWithWeekday,
  formatMoney,
  formatPercentPtBr,
  formatPhone,
  formatTime,
  labelledDocument,
  maskDocument,
} from './format.ts';

const NBSP = '\u00a0';

describe('format (shared with the portal)', () => {
  it('money: Intl pt-BR, always with centavos, no-break space after R$', () => {
    expect(formatMoney(123456)).toBe(`R$${NBSP}1.234,56`);
    expect(formatMoney(0)).toBe(`R$${NBSP}0,00`);
    expect(formatMoney(5)).toBe(`R$${NBSP}0,05`);
    expect(formatMoney(100000000)).toBe(`R$${NBSP}1.000.000,00`);
    expect(formatMoney(-15000)).toBe(`-R$${NBSP}150,00`);
  });

  it('dates as dd/mm/aaaa, weekday choices, São Paulo times', () => {
    expect(formatDate('2027-02-10')).toBe('10/02/2027');
    expect(formatDate('2027-02-10T12:00:00Z')).toBe('10/02/2027');
    expect(formatDayWithWeekday('2027-04-16')).toBe('sex, 16/04');
    expect(formatDayWithWeekday('2026-12-06')).toBe('dom, 06/12');
    // 02:59 UTC is 23:59 of the day before in São Paulo (UTC−3, no daylight saving since 2019)
    expect(formatDateTime('2026-03-16T02:59:00Z')).toBe('15/03/2026, 23h59');
    expect(formatTime('2026-03-12T18:40:00Z')).toBe('15h40');
  });

  it('percent with a decimal comma', () => {
    expect(formatPercentPtBr(1.9)).toBe('1,9%');
    expect(formatPercentPtBr('25.34')).toBe('25,34%');
    expect(formatPercentPtBr(12)).toBe('12%');
  });

  it('CPF masked outside identification; CNPJ shown whole', () => {
    expect(maskDocument('52998224725')).toBe('***.982.247-**');
    expect(maskDocument('529.982.247-25')).toBe('***.982.247-**');
    expect(maskDocument('11222333000181')).toBe('11.222.333/0001-81');
  });

  it('phones and the boleto line in their printed groups', () => {
    expect(formatPhone('+5511987654321')).toBe('(11) 98765-4321');
    expect(formatPhone('1140000000')).toBe('(11) 4000-0000');
    expect(formatBoletoLine('23790000090000000000300000000001192340000015000')).toBe(
      '23790.00009 00000.000003 00000.000001 1 92340000015000',
    );
    expect(formatBoletoLine('123')).toBe('123');
  });
});

describe('documentLabel and labelledDocument (a creditor may be a person, CPF)', () => {
  it('names a CPF a CPF and a CNPJ a CNPJ, formatted or not', () => {
    expect(documentLabel('123.456.789-09')).toBe('CPF');
    expect(documentLabel('12345678909')).toBe('CPF');
    expect(documentLabel('11.222.333/0001-81')).toBe('CNPJ');
    expect(labelledDocument('123.456.789-09')).toBe('CPF 123.456.789-09');
    expect(labelledDocument('11222333000181')).toBe('CNPJ 11.222.333/0001-81');
  });
});
