import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, type Options, parse } from 'csv-parse';
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

/**
 * True when the bytes are valid UTF-8. A multi-byte sequence cut at the very end is tolerated unless
 * `complete` (the bytes are the whole file): a Windows-1252 file ending in "Pará" ends with 0xE1,
 * which is a UTF-8 lead byte.
 */
export function looksLikeUtf8(bytes: Uint8Array, complete = false): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !complete });
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
  const encoding = looksLikeUtf8(sniff, done) ? 'utf-8' : 'windows-1252';
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

  // Line numbers are computed as csv-parse emits each record (synchronously, so they are current
  // when it raises an error even if records are still buffered). csv-parse counts every CR and every
  // LF inside a quoted field as a line, so a CRLF inside a field counts twice and shifts every later
  // line number: `extra` undoes that.
  let extra = 0;
  let lastLine = 0;
  let lastEmptyLines = 0;
  const options: Options = {
    delimiter,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    // A quote inside an unquoted field is kept literally, as spreadsheets write `TV 32"`.
    relax_quotes: true,
    trim: false,
    on_record: ((fields: string[], info: { lines: number; empty_lines: number }): CsvRecord => {
      // `lines` is the line where the record ends; it starts that many line breaks earlier.
      let inner = 0;
      for (const f of fields) {
        inner += count(f, /\r\n|\r|\n/g);
        extra += count(f, /\r\n/g);
      }
      lastLine = info.lines - extra;
      lastEmptyLines = info.empty_lines;
      return { line: lastLine - inner, fields };
    }) as unknown as Options['on_record'],
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
      yield* parser as AsyncIterable<CsvRecord>;
    } catch (error) {
      if (error instanceof CsvError) {
        const e = error as CsvError & { lines?: number; empty_lines?: number };
        // An unclosed quote is only noticed at the end of the file: point at the line where the
        // unterminated record starts (after the last complete record and any blank lines).
        const line =
          e.code === 'CSV_QUOTE_NOT_CLOSED'
            ? lastLine + 1 + Math.max(0, (e.empty_lines ?? lastEmptyLines) - lastEmptyLines)
            : (e.lines ?? 0) - extra;
        throw new CsvFormatError(line, translateCsvError(e.code, e.message));
      }
      throw error;
    } finally {
      await feeding;
    }
  }

  return { encoding, delimiter, records: records() };
}

function count(s: string, re: RegExp): number {
  return s.includes('\r') || s.includes('\n') ? (s.match(re)?.length ?? 0) : 0;
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
