import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { CsvFormatError, type CsvRecord, detectDelimiter, openCsv } from './csv-reader.ts';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

async function* chunks(data: Buffer, size = data.length || 1): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function read(data: Buffer | string, size?: number) {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const csv = await openCsv(chunks(bytes, size));
  const records: CsvRecord[] = [];
  for await (const r of csv.records) records.push(r);
  return { encoding: csv.encoding, delimiter: csv.delimiter, records };
}

async function formatError(data: Buffer | string): Promise<CsvFormatError> {
  try {
    await read(data);
  } catch (error) {
    if (error instanceof CsvFormatError) return error;
    throw error;
  }
  throw new Error('expected a CsvFormatError');
}

describe('detectDelimiter', () => {
  it.each([
    ['document;name;external_id', ';'],
    ['document,name,external_id', ','],
    ['document', ';'],
    ['', ';'],
    ['a;b,c', ';'],
    ['a,b;c;d,e,f', ','],
    ['"a;b;c",d,e', ','],
    ['"a,b,c";d;e', ';'],
    ['"x ""q;q"" y",b,c', ','],
  ])('%j → %j', (line, delimiter) => {
    expect(detectDelimiter(line)).toBe(delimiter);
  });
});

describe('openCsv', () => {
  it('reads a `;` UTF-8 file, numbering lines from the header (line 1)', async () => {
    const r = await read('document;name\n1;Ana\n2;Bia\n');
    expect(r).toEqual({
      encoding: 'utf-8',
      delimiter: ';',
      records: [
        { line: 1, fields: ['document', 'name'] },
        { line: 2, fields: ['1', 'Ana'] },
        { line: 3, fields: ['2', 'Bia'] },
      ],
    });
  });

  it('reads a `,` file with quoted fields holding the delimiter and escaped quotes', async () => {
    const r = await read('a,b,c\n"1.234,56","Silva, ""Maria""",x\n');
    expect(r.delimiter).toBe(',');
    expect(r.records[1]).toEqual({ line: 2, fields: ['1.234,56', 'Silva, "Maria"', 'x'] });
  });

  it('keeps quoted `;` inside a `;` file', async () => {
    const r = await read('a;b\n"x;y";"he said ""oi"""\n');
    expect(r.records[1]?.fields).toEqual(['x;y', 'he said "oi"']);
  });

  it('strips a UTF-8 BOM so the first header name is clean', async () => {
    const r = await read(Buffer.concat([BOM, Buffer.from('document;name\n1;João\n')]));
    expect(r.encoding).toBe('utf-8');
    expect(r.records[0]?.fields[0]).toBe('document');
    expect(r.records[1]?.fields[1]).toBe('João');
  });

  it('handles CRLF and a missing final newline', async () => {
    const r = await read('a;b\r\n1;2\r\n3;4');
    expect(r.records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['3', '4'] },
    ]);
    expect(r.records.flatMap((x) => x.fields).some((f) => f.includes('\r'))).toBe(false);
  });

  it('decodes Windows-1252 (0xE3 = ã, 0xE7 = ç)', async () => {
    const bytes = iconv.encode('document;name;city\n1;João Conceição;São Paulo\n', 'win1252');
    expect(bytes.includes(0xe3)).toBe(true);
    expect(bytes.includes(0xe7)).toBe(true);
    const r = await read(bytes);
    expect(r.encoding).toBe('windows-1252');
    expect(r.records[1]?.fields).toEqual(['1', 'João Conceição', 'São Paulo']);
  });

  it('detects Windows-1252 when the only accented byte is the last byte of the file', async () => {
    const r = await read(iconv.encode('a;city\n1;Pará', 'win1252'));
    expect(r.encoding).toBe('windows-1252');
    expect(r.records[1]?.fields).toEqual(['1', 'Pará']);
  });

  it('decodes multi-byte characters split across chunks (one byte per chunk)', async () => {
    const text = 'document;name\n1;João Conceição\n';
    const r = await read(Buffer.from(text), 1);
    expect(r.encoding).toBe('utf-8');
    expect(r.records[1]?.fields[1]).toBe('João Conceição');
    const w = await read(iconv.encode(text, 'win1252'), 1);
    expect(w.encoding).toBe('windows-1252');
    expect(w.records[1]?.fields[1]).toBe('João Conceição');
  });

  it('accepts a Node Readable', async () => {
    const csv = await openCsv(Readable.from([Buffer.from('a,b\n'), Buffer.from('1,2\n')]));
    const out: CsvRecord[] = [];
    for await (const r of csv.records) out.push(r);
    expect(out).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
  });

  it('skips blank lines but keeps physical line numbers', async () => {
    const r = await read('a;b\n\n1;2\n\n\n3;4\n\n');
    expect(r.records.map((x) => x.line)).toEqual([1, 3, 6]);
    const crlf = await read('a;b\r\n\r\n1;2\r\n\r\n\r\n3;4\r\n');
    expect(crlf.records.map((x) => x.line)).toEqual([1, 3, 6]);
  });

  it('numbers a record by the line where it starts when a quoted field spans lines (LF and CRLF)', async () => {
    for (const nl of ['\n', '\r\n']) {
      const r = await read(['a;b', '"rua 1', 'casa 2";x', '3;4', '"a', '', 'b";y', '5;6', ''].join(nl));
      expect(r.records.map((x) => x.line)).toEqual([1, 2, 4, 5, 8]);
      expect(r.records[1]?.fields[0]).toBe(`rua 1${nl}casa 2`);
    }
  });

  it('returns an empty file as no records', async () => {
    expect((await read('')).records).toEqual([]);
    expect((await read('\n\n')).records).toEqual([]);
  });

  it('keeps ragged lines (the column count is checked by the import rules)', async () => {
    const r = await read('a;b;c\n1;2\n1;2;3;4\n');
    expect(r.records.map((x) => x.fields.length)).toEqual([3, 2, 4]);
  });

  it('reads a file larger than the 64 KiB sniff window', async () => {
    const lines = ['id;name'];
    for (let i = 0; i < 5000; i++) lines.push(`${i};Conceição ${i}`);
    const r = await read(iconv.encode(`${lines.join('\n')}\n`, 'win1252'), 4096);
    expect(r.encoding).toBe('windows-1252');
    expect(r.records).toHaveLength(5001);
    expect(r.records[5000]).toEqual({ line: 5001, fields: ['4999', 'Conceição 4999'] });
  });

  it('a Windows-1252 line far into an ASCII file is still decoded right (encoding is decided per line)', async () => {
    const ascii = Buffer.from(`id;name\n${'1;Ana Maria\n'.repeat(6000)}`);
    expect(ascii.length).toBeGreaterThan(64 * 1024);
    const r = await read(
      Buffer.concat([ascii, Buffer.from('2;Jo'), Buffer.from([0xe3]), Buffer.from('o\n')]),
      4096,
    );
    expect(r.encoding).toBe('windows-1252');
    expect(r.records.at(-1)).toEqual({ line: 6002, fields: ['2', 'João'] });
  });

  it('a file mixing UTF-8 and Windows-1252 lines decodes each line in its own encoding', async () => {
    const bytes = Buffer.concat([
      Buffer.from('id;name\n1;Conceição\n'),
      Buffer.from('2;Jo'),
      Buffer.from([0xe3]),
      Buffer.from('o\n3;Ação\n'),
    ]);
    const r = await read(bytes, 7);
    expect(r.encoding).toBe('utf-8+windows-1252');
    expect(r.records.map((x) => x.fields[1])).toEqual(['name', 'Conceição', 'João', 'Ação']);
  });

  it('rejects UTF-16 (Excel "Unicode text") with a clear message', async () => {
    await expect(
      read(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id;name\n', 'utf16le')])),
    ).rejects.toThrow(/UTF-16/);
  });
});

describe('openCsv: malformed files', () => {
  it('an unclosed quote is a CsvFormatError at the line where the record starts', async () => {
    const e = await formatError('a;b\n1;2\n"3;4\n5;6\n7;8\n');
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/aspas abertas e não fechadas/);
  });

  it('an unclosed quote after blank lines and a CRLF multi-line field still points at its line', async () => {
    const e = await formatError('a;b\r\n"x\r\ny";2\r\n\r\n"3;4\r\n5;6\r\n');
    expect(e.line).toBe(5);
  });

  it('an unclosed quote in the header is line 1', async () => {
    expect((await formatError('"a;b\n1;2\n')).line).toBe(1);
  });

  it('a quote inside an unquoted field is kept literally (spreadsheets write TV 32")', async () => {
    const r = await read('a;b\n1;2\nTV 32";4\n5;6\n');
    expect(r.records.slice(2)).toEqual([
      { line: 3, fields: ['TV 32"', '4'] },
      { line: 4, fields: ['5', '6'] },
    ]);
  });

  it('binary garbage (NUL bytes, stray quote) reads as odd text for the header check, never a raw error', async () => {
    const garbage = Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x22, 0x0a, 0x41, 0x90, 0x81]);
    const r = await read(garbage);
    expect(r.encoding).toBe('windows-1252');
    expect(r.records.map((x) => x.line)).toEqual([1, 2]);
  });
});
