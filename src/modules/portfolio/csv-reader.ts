import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Options, parse } from 'csv-parse';
import iconv from 'iconv-lite';

/**
 * Reads a creditor's CSV as a stream of records, the way Brazilian files really come:
 * UTF-8 (with or without BOM) or Windows-1252, `;` or `,` delimiter. Memory stays flat: nothing
 * holds more than one chunk and one record.
 */
export interface CsvRecord {
  /** Physical line number in the file where the record starts (the header is line 1). */
  line: number;
  fields: string[];
}

export interface CsvSource {
  encoding: 'utf-8' | 'windows-1252';
  delimiter: ';' | ',';
  records: AsyncIterable<CsvRecord>;
}

export class CsvFormatError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const SNIFF_BYTES = 64 * 1024;

/** True when the bytes are valid UTF-8 (a cut multi-byte sequence at the very end is tolerated). */
export function looksLikeUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Counts delimiters outside quotes on the first line; the more frequent one wins (`;` on a tie). */
export function detectDelimiter(firstLine: string): ';' | ',' {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ';') semicolons += 1;
    else if (!quoted && ch === ',') commas += 1;
  }
  return commas > semicolons ? ',' : ';';
}

export async function openCsv(input: AsyncIterable<Uint8Array> | Readable): Promise<CsvSource> {
  const iterator = (input as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headBytes = 0;
  let done = false;
  while (headBytes < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = Buffer.from(next.value);
    head.push(chunk);
    headBytes += chunk.length;
  }
  let sniff = Buffer.concat(head);
  if (sniff[0] === 0xef && sniff[1] === 0xbb && sniff[2] === 0xbf) sniff = sniff.subarray(3);
  const encoding = looksLikeUtf8(sniff) ? 'utf-8' : 'windows-1252';
  const headText = iconv.decode(sniff.subarray(0, 4096), encoding === 'utf-8' ? 'utf8' : 'win1252');
  const delimiter = detectDelimiter(headText.split(/\r?\n/, 1)[0] ?? '');

  async function* bytes(): AsyncGenerator<Buffer> {
    if (sniff.length > 0) yield sniff;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield Buffer.from(next.value);
    }
  }

  const options: Options = {
    delimiter,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    trim: false,
  };

  async function* records(): AsyncGenerator<CsvRecord> {
    const decoder = iconv.decodeStream(encoding === 'utf-8' ? 'utf8' : 'win1252');
    const parser = parse(options);
    const feeding = pipeline(Readable.from(bytes()), decoder as unknown as Transform, parser).catch(
      (error: unknown) => {
        parser.destroy(error as Error);
      },
    );
    try {
      for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        const fields = item.record;
        // A record's `lines` is the line where it ends; multi-line quoted fields are rare, so the
        // start line is the end line minus the newlines inside the record.
        const inner = fields.reduce((n, f) => n + countNewlines(f), 0);
        yield { line: item.info.lines - inner, fields };
      }
    } catch (error) {
      const e = error as { code?: string; lines?: number; message?: string };
      if (e.code?.startsWith('CSV_'))
        throw new CsvFormatError(e.lines ?? 0, translateCsvError(e.code, e.message ?? ''));
      throw error;
    } finally {
      await feeding;
    }
  }

  return { encoding, delimiter, records: records() };
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n += 1;
  return n;
}

function translateCsvError(code: string, message: string): string {
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'aspas abertas e não fechadas: o arquivo termina dentro de um campo entre aspas';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'aspas fora de lugar: um campo entre aspas deve terminar com aspas seguidas do delimitador';
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'caractere depois das aspas de fechamento';
    default:
      return `CSV malformado (${code}): ${message}`;
  }
}
