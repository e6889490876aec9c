import { type IndexSource, IndexSourceError, parseSgs, parseSidra, sourceUrl } from './index-source.rules.ts';
import type { IndexName, IndexValue } from './index-table.rules.ts';

/**
 * Reads an index from its publisher (IBGE SIDRA or the Banco Central's SGS). The only network code of
 * the balance module; never called inside a transaction. `fetchImpl` is injected so tests replay
 * recorded answers.
 */
export async function fetchIndex(
  name: IndexName,
  source: IndexSource,
  range: { fromMonth: string; toDate: string },
  fetchImpl: typeof fetch = globalThis.fetch,
): Promise<IndexValue[]> {
  const url = sourceUrl(source, range.fromMonth, range.toDate);
  let response: Response;
  try {
    response = await fetchImpl(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    // The person reads pt-BR; the technical cause (TypeError: fetch failed, ECONNREFUSED…) goes with the
    // error as its `cause`, for the log only.
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new IndexSourceError(
      `${source.label}: sem resposta: ${timedOut ? 'a fonte não respondeu em 30 s' : 'não foi possível conectar'}`,
      { cause: error },
    );
  }
  if (!response.ok) throw new IndexSourceError(`${source.label}: HTTP ${response.status}`);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new IndexSourceError(`${source.label}: a resposta não é JSON`);
  }
  return source.kind === 'sidra' ? parseSidra(body, name) : parseSgs(body, name);
}
