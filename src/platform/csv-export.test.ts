import { describe, expect, it } from 'vitest';
import { csvLine, csvReais, csvText } from './csv-export.ts';

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
});
