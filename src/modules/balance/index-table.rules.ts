import { parsePercent } from '../../platform/br-fields.ts';
import type { LineError } from '../../platform/line-error.ts';

/**
 * Index tables, one per tenant: the correction indexes contracts use (IPCA — the legal default, CC art.
 * 389 —, INPC, IGP-M) and the taxa legal of CC art. 406 (Res. CMN 5.171/2024), all monthly percents.
 */
export const INDEX_NAMES = ['IPCA', 'INPC', 'IGPM', 'TAXA_LEGAL'] as const;
export type IndexName = (typeof INDEX_NAMES)[number];

/** The name in URLs and the CLI: `ipca`, `inpc`, `igpm`, `taxa-legal`. */
export function indexSlug(name: IndexName): string {
  return name.toLowerCase().replace('_', '-');
}

export interface IndexValue {
  month: string;
  percent: string;
}

export function parseIndexName(raw: string): IndexName | null {
  const upper = raw
    .trim()
    .toUpperCase()
    .replace(/[-\s]/g, '_')
    .replace(/^IGP_M$/, 'IGPM');
  return (INDEX_NAMES as readonly string[]).includes(upper) ? (upper as IndexName) : null;
}

/**
 * Parses an index table CSV: header `month,percent` (or `mes;percentual`), months as `YYYY-MM` or
 * `MM/YYYY`, percents with `.` or `,` (negative allowed: deflation happens). All or nothing.
 */
export function parseIndexCsv(
  text: string,
): { ok: true; values: IndexValue[] } | { ok: false; errors: LineError[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const errors: LineError[] = [];
  const values: IndexValue[] = [];
  const seen = new Map<string, number>();
  const header = (lines[0] ?? '').trim().toLowerCase();
  const delimiter = header.includes(';') ? ';' : ',';
  const [h1, h2] = header.split(delimiter).map((h) => h.trim());
  if (
    !['month', 'mes', 'mês'].includes(h1 ?? '') ||
    !['percent', 'percentual', 'variacao', 'variação'].includes(h2 ?? '')
  ) {
    return {
      ok: false,
      errors: [
        { line: 1, column: null, value: lines[0] ?? '', message: 'cabeçalho esperado: month,percent' },
      ],
    };
  }
  lines.slice(1).forEach((raw, i) => {
    const line = i + 2;
    if (raw.trim() === '') return;
    const parts = raw.split(delimiter).map((p) => p.trim());
    if (parts.length !== 2) {
      errors.push({
        line,
        column: null,
        value: raw,
        message: 'a linha deve ter 2 colunas: mês e percentual',
      });
      return;
    }
    const month = parseMonth(parts[0]!);
    if (!month)
      errors.push({
        line,
        column: 'month',
        value: parts[0]!,
        message: 'mês inválido: use AAAA-MM ou MM/AAAA',
      });
    const negative = parts[1]!.startsWith('-');
    const pct = parsePercent(negative ? parts[1]!.slice(1) : parts[1]!);
    if (!pct.ok || Number(pct.value) > 50) {
      errors.push({
        line,
        column: 'percent',
        value: parts[1]!,
        message: pct.ok ? 'variação mensal acima de 50%: confira o arquivo' : pct.message,
      });
    }
    if (month && seen.has(month)) {
      errors.push({
        line,
        column: 'month',
        value: parts[0]!,
        message: `mês repetido (já na linha ${seen.get(month)})`,
      });
    }
    if (month && pct.ok && !seen.has(month)) {
      seen.set(month, line);
      values.push({ month, percent: negative && pct.value !== '0' ? `-${pct.value}` : pct.value });
    }
  });
  if (errors.length > 0) return { ok: false, errors };
  if (values.length === 0)
    return { ok: false, errors: [{ line: 2, column: null, value: null, message: 'nenhum mês no arquivo' }] };
  return { ok: true, values };
}

function parseMonth(raw: string): string | null {
  let m = /^(\d{4})-(\d{2})$/.exec(raw);
  if (m) return validMonth(m[1]!, m[2]!);
  m = /^(\d{2})\/(\d{4})$/.exec(raw);
  if (m) return validMonth(m[2]!, m[1]!);
  return null;
}

function validMonth(year: string, month: string): string | null {
  const mo = Number(month);
  const y = Number(year);
  return mo >= 1 && mo <= 12 && y >= 1990 && y <= 2100 ? `${year}-${month}` : null;
}
