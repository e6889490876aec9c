import type { Readable } from 'node:stream';
import { CsvSplitter, CsvSyntaxError, type SplitRecord } from './csv-splitter.ts';

/**
 * Reads a creditor's CSV as a stream of records, the way Brazilian files really come: UTF-8 (with
 * or without BOM) or Windows-1252 — even both in one file, as happens when files are concatenated
 * or edited by hand — and `;` or `,` as the delimiter. Memory stays flat: nothing holds more than
 * one chunk and one partial line.
 */
export interface CsvRecord {
  /** Physical line number in the file where the record starts (the header is line 1). */
  line: number;
  fields: string[];
}

export type CsvEncoding = 'utf-8' | 'windows-1252' | 'utf-8+windows-1252';

export interface CsvSource {
  /** What the bytes turned out to be; final once all records have been read. */
  readonly encoding: CsvEncoding;
  delimiter: ';' | ',';
  records: AsyncIterable<CsvRecord>;
  /** The same records in the chunks they were decoded in (cheaper to iterate in hot loops). */
  batches: AsyncIterable<CsvRecord[]>;
}

export { CsvSyntaxError as CsvFormatError };

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

const LF = 0x0a;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const cp1252 = new TextDecoder('windows-1252');
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Decodes complete lines of bytes. The whole block is tried as UTF-8 first (the common, fast case);
 * when that fails, each line is decoded on its own — UTF-8 if it is valid UTF-8, else Windows-1252.
 * Windows-1252 text with accents is virtually never valid UTF-8, so the guess is per line and exact.
 */
class LineDecoder {
  /** Evidence: non-ASCII text seen in each encoding (pure ASCII proves nothing). */
  sawUtf8 = false;
  sawCp1252 = false;

  decode(bytes: Uint8Array): string {
    try {
      const text = utf8.decode(bytes);
      if (!this.sawUtf8 && NON_ASCII.test(text)) this.sawUtf8 = true;
      return text;
    } catch {
      let out = '';
      let start = 0;
      while (start < bytes.length) {
        let end = bytes.indexOf(LF, start);
        end = end === -1 ? bytes.length : end + 1;
        const line = bytes.subarray(start, end);
        try {
          const text = utf8.decode(line);
          if (!this.sawUtf8 && NON_ASCII.test(text)) this.sawUtf8 = true;
          out += text;
        } catch {
          out += cp1252.decode(line);
          this.sawCp1252 = true;
        }
        start = end;
      }
      return out;
    }
  }

  get encoding(): CsvEncoding {
    if (!this.sawCp1252) return 'utf-8';
    return this.sawUtf8 ? 'utf-8+windows-1252' : 'windows-1252';
  }
}

export async function openCsv(input: AsyncIterable<Uint8Array> | Readable): Promise<CsvSource> {
  const iterator = (input as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  let first = await iterator.next();
  while (!first.done && first.value.length === 0) first = await iterator.next();
  let head: Uint8Array = first.done ? new Uint8Array() : first.value;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) head = head.subarray(3);
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new CsvSyntaxError(
      1,
      'arquivo em UTF-16 ("Texto Unicode" do Excel): salve como CSV UTF-8 ou CSV (separado por ponto e vírgula)',
    );
  }
  const decoder = new LineDecoder();
  const firstLineEnd = head.indexOf(LF);
  const firstLine = decoder.decode(
    head.subarray(0, firstLineEnd === -1 ? Math.min(head.length, 4096) : firstLineEnd),
  );
  const delimiter = detectDelimiter(firstLine);

  async function* batches(): AsyncGenerator<CsvRecord[]> {
    const splitter = new CsvSplitter(delimiter);
    let pending: Uint8Array = new Uint8Array();
    let chunk: Uint8Array | null = head;
    while (chunk !== null) {
      const bytes: Uint8Array = pending.length > 0 ? concat(pending, chunk) : chunk;
      const lastLf = bytes.lastIndexOf(LF);
      const out: SplitRecord[] = [];
      if (lastLf !== -1) {
        splitter.push(decoder.decode(bytes.subarray(0, lastLf + 1)), out);
        pending = bytes.subarray(lastLf + 1);
      } else {
        pending = bytes;
      }
      if (out.length > 0) yield out;
      const next = await iterator.next();
      chunk = next.done ? null : next.value;
    }
    const out: SplitRecord[] = [];
    if (pending.length > 0) splitter.push(decoder.decode(pending), out);
    splitter.end(out);
    if (out.length > 0) yield out;
  }

  const batchIterable = batches();
  return {
    get encoding() {
      return decoder.encoding;
    },
    delimiter,
    batches: batchIterable,
    records: (async function* () {
      for await (const batch of batchIterable) yield* batch;
    })(),
  };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
