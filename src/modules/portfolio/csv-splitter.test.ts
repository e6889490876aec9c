import { describe, expect, it } from 'vitest';
import { CsvSplitter, CsvSyntaxError, type SplitRecord } from './csv-splitter.ts';

function split(text: string, delimiter = ';', chunkSize?: number): SplitRecord[] {
  const s = new CsvSplitter(delimiter);
  const out: SplitRecord[] = [];
  if (chunkSize) for (let i = 0; i < text.length; i += chunkSize) s.push(text.slice(i, i + chunkSize), out);
  else s.push(text, out);
  s.end(out);
  return out;
}

describe('CsvSplitter', () => {
  it('splits plain lines with LF or CRLF and keeps line numbers', () => {
    expect(split('a;b\r\nc;d\ne;f')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['c', 'd'] },
      { line: 3, fields: ['e', 'f'] },
    ]);
  });

  it('skips blank lines and all-blank rows but counts them', () => {
    expect(split('a;b\n\n;\n  ;  \nc;d\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 5, fields: ['c', 'd'] },
    ]);
  });

  it('handles quoted fields with delimiters, doubled quotes and line breaks', () => {
    const text = 'x,"1.234,56","diz ""oi""",z\n"linha\nquebrada",2\r\n"a\r\nb",3\nfim,4';
    expect(split(text, ',')).toEqual([
      { line: 1, fields: ['x', '1.234,56', 'diz "oi"', 'z'] },
      { line: 2, fields: ['linha\nquebrada', '2'] },
      { line: 4, fields: ['a\r\nb', '3'] },
      { line: 6, fields: ['fim', '4'] },
    ]);
  });

  it('gives the same records whatever the chunk size', () => {
    const text = 'h1;h2;h3\n"a;1";"b\n2";c\r\nd;"e""";f\n;;\ng;h;"i"\n"j";k;l';
    const whole = split(text);
    for (const size of [1, 2, 3, 5, 7, 11, 64]) expect(split(text, ';', size)).toEqual(whole);
  });

  it('keeps a quote inside an unquoted field literally', () => {
    expect(split('TV 42";10')).toEqual([{ line: 1, fields: ['TV 42"', '10'] }]);
  });

  it('keeps empty fields, including a quoted empty one', () => {
    expect(split('a;;"";b\n')).toEqual([{ line: 1, fields: ['a', '', '', 'b'] }]);
  });

  it('rejects an unclosed quote with the line where the record starts', () => {
    expect(() => split('a;b\nc;"open\nmore\n')).toThrowError(CsvSyntaxError);
    try {
      split('a;b\nc;"open\nmore\n');
    } catch (e) {
      expect((e as CsvSyntaxError).line).toBe(2);
      expect((e as Error).message).toMatch(/aspas abertas/);
    }
  });

  it('rejects text after a closing quote', () => {
    try {
      split('a;b\n"x"y;z\n');
      expect.unreachable();
    } catch (e) {
      expect((e as CsvSyntaxError).line).toBe(2);
      expect((e as Error).message).toMatch(/aspas fora de lugar/);
    }
  });

  it('stops a runaway quoted field instead of buffering the whole file', () => {
    const s = new CsvSplitter(';');
    const out: SplitRecord[] = [];
    s.push('a;"', out);
    expect(() => {
      for (let i = 0; i < 20; i++) s.push('x'.repeat(100_000), out);
    }).toThrowError(/1 MB/);
  });
});
