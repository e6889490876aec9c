import { describe, expect, it } from 'vitest';
import { csvDateTime, csvLine, csvReais, csvText } from './csv-export.ts';

describe('csv export for Excel pt-BR', () => {
  it.each([
    ['=HYPERLINK("http://x";"clique")', `"'=HYPERLINK(""http://x"";""clique"")"`],
    ['+5511987654321', "'+5511987654321"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['Maria da Silva', 'Maria da Silva'],
    ['a;b', '"a;b"'],
  ])('neutralises and quotes %j', (input, expected) => {
    expect(csvText(input)).toBe(expected);
  });

  it('money in reais with a decimal comma; CRLF lines', () => {
    expect(csvReais(123456)).toBe('1234,56');
    expect(csvReais(5)).toBe('0,05');
    expect(csvReais(-150)).toBe('-1,50');
    expect(csvReais(null)).toBe('');
    expect(csvLine(['a', 'b'])).toBe('a;b\r\n');
  });

  it('instants as São Paulo date and time, DD/MM/AAAA HH:MM (Excel pt-BR reads it as a date)', () => {
    // A Pix at 08:30 in Brasília.
    expect(csvDateTime('2026-12-02T11:30:00.000Z')).toBe('02/12/2026 08:30');
    // Just after midnight UTC is still the previous day in São Paulo; noon and midnight in 24 h.
    expect(csvDateTime(new Date('2026-01-01T02:59:00Z'))).toBe('31/12/2025 23:59');
    expect(csvDateTime('2026-03-10T03:00:00Z')).toBe('10/03/2026 00:00');
    expect(csvDateTime('2026-03-10T15:05:00Z')).toBe('10/03/2026 12:05');
    expect(csvDateTime(null)).toBe('');
  });
});
