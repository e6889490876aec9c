import type { IndexName, IndexValue } from './index-table.rules.ts';

/**
 * Where each index table comes from, and how the published answers are read. Pure: the HTTP call is in
 * index-source.client.ts; tests replay recorded answers in the published formats (fixtures/).
 *
 * - IPCA: IBGE, SIDRA table 1737, variable 63 ("IPCA - Variação mensal", %).
 * - INPC: IBGE, SIDRA table 1736, variable 44 ("INPC - Variação mensal", %).
 * - IGP-M: Banco Central, SGS series 189 (IGP-M, variação % mensal, FGV).
 * - Taxa legal (CC art. 406, Res. CMN 5.171/2024): published by the Banco Central; its SGS series
 *   code was not confirmed when this was written, so it is configuration (TRATO_SGS_TAXA_LEGAL) with no
 *   default — see docs/legal.md. A wrong series is caught by the sanity limit below.
 */
export type IndexSource =
  | { kind: 'sidra'; table: number; variable: number; label: string }
  | { kind: 'sgs'; series: number; label: string };

export function sourceFor(
  name: IndexName,
  env: { taxaLegalSeries?: number | undefined } = {},
): IndexSource | null {
  switch (name) {
    case 'IPCA':
      return { kind: 'sidra', table: 1737, variable: 63, label: 'IBGE/SIDRA tabela 1737, variável 63' };
    case 'INPC':
      return { kind: 'sidra', table: 1736, variable: 44, label: 'IBGE/SIDRA tabela 1736, variável 44' };
    case 'IGPM':
      return { kind: 'sgs', series: 189, label: 'BCB/SGS série 189' };
    case 'TAXA_LEGAL':
      return env.taxaLegalSeries
        ? { kind: 'sgs', series: env.taxaLegalSeries, label: `BCB/SGS série ${env.taxaLegalSeries}` }
        : null;
  }
}

/** A monthly change beyond this is not an index month: the answer is refused, nothing is written. */
const MAX_MONTHLY: Record<IndexName, number> = { IPCA: 10, INPC: 10, IGPM: 15, TAXA_LEGAL: 5 };

export class IndexSourceError extends Error {}

/**
 * SIDRA `/values` answers a JSON array whose first element is the header (column code -> label) and
 * the others the rows. The month is the column whose label is "Mês (Código)" (code `YYYYMM`); the value
 * is `V`, a decimal with a dot, or "..."/"-"/"X" when not available (those months are skipped).
 */
export function parseSidra(body: unknown, name: IndexName): IndexValue[] {
  if (!Array.isArray(body) || body.length === 0)
    throw new IndexSourceError('resposta do SIDRA vazia ou inválida');
  const header = body[0] as Record<string, unknown>;
  const monthKey = Object.keys(header).find((k) => header[k] === 'Mês (Código)');
  if (!monthKey || header.V !== 'Valor')
    throw new IndexSourceError('cabeçalho do SIDRA sem "Mês (Código)" ou "Valor"');
  const out: IndexValue[] = [];
  for (const row of body.slice(1) as Record<string, unknown>[]) {
    const code = String(row[monthKey] ?? '');
    const value = String(row.V ?? '');
    if (!/^\d{6}$/.test(code)) throw new IndexSourceError(`mês inválido na resposta do SIDRA: "${code}"`);
    // IBGE's conventions: "-" is an absolute zero; "..." (not available yet), ".." and "X" are no value,
    // and such a month is left out (it keeps counting as zero and being named as missing).
    const percent = value === '-' ? '0' : value;
    if (!/^-?\d+(\.\d+)?$/.test(percent)) continue;
    out.push(checked({ month: `${code.slice(0, 4)}-${code.slice(4)}`, percent }, name));
  }
  return out;
}

/** SGS `/dados?formato=json`: `[{"data":"01/03/2024","valor":"0.16"}]`, one element per month. */
export function parseSgs(body: unknown, name: IndexName): IndexValue[] {
  if (!Array.isArray(body)) throw new IndexSourceError('resposta do SGS inválida');
  return body.map((row: { data?: unknown; valor?: unknown }) => {
    const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(String(row?.data ?? ''));
    const value = String(row?.valor ?? '').trim();
    if (!m || !/^-?\d+(\.\d+)?$/.test(value))
      throw new IndexSourceError(`linha inválida na resposta do SGS: ${JSON.stringify(row)}`);
    return checked({ month: `${m[3]}-${m[2]}`, percent: value }, name);
  });
}

function checked(v: IndexValue, name: IndexName): IndexValue {
  if (Math.abs(Number(v.percent)) > MAX_MONTHLY[name])
    throw new IndexSourceError(
      `${name} ${v.month}: ${v.percent}% ao mês não é plausível; confira a série configurada. Nada foi gravado.`,
    );
  // Stored as the source gives it (numeric(12,6)); trailing zeros trimmed like the CSV loader does.
  const percent = v.percent.includes('.') ? v.percent.replace(/0+$/, '').replace(/\.$/, '') : v.percent;
  return { month: v.month, percent: percent === '-0' ? '0' : percent };
}

/** The URL of a source (SGS takes dates: from the first day of `fromMonth` to `toDate`). */
export function sourceUrl(source: IndexSource, fromMonth: string, toDate: string): string {
  if (source.kind === 'sidra') {
    // The last 36 months: enough to fill any gap of a table loaded at least once in three years.
    return `https://apisidra.ibge.gov.br/values/t/${source.table}/n1/all/v/${source.variable}/p/last%2036`;
  }
  const [y, m] = fromMonth.split('-');
  const [ty, tm, td] = toDate.split('-');
  return (
    `https://api.bcb.gov.br/dados/serie/bcdata.sgs.${source.series}/dados?formato=json` +
    `&dataInicial=01/${m}/${y}&dataFinal=${td}/${tm}/${ty}`
  );
}
