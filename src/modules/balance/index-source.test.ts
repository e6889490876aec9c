import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fetchIndex } from './index-source.client.ts';
import { IndexSourceError, parseSgs, parseSidra, sourceFor, sourceUrl } from './index-source.rules.ts';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as unknown;

/** A fetch that answers one recorded response for one expected URL. */
function replay(expectedUrl: string, body: unknown, status = 200): typeof fetch {
  return (async (input: string | URL | Request) => {
    expect(String(input)).toBe(expectedUrl);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
}

describe('IBGE SIDRA (IPCA table 1737 variable 63, INPC table 1736 variable 44)', () => {
  it('reads the recorded IPCA answer: Jun–Nov 2025, and leaves out Dec 2025 ("..." not released)', () => {
    expect(parseSidra(fixture('sidra-1737-v63.json'), 'IPCA')).toEqual([
      { month: '2025-06', percent: '0.24' },
      { month: '2025-07', percent: '0.26' },
      { month: '2025-08', percent: '-0.11' },
      { month: '2025-09', percent: '0.48' },
      { month: '2025-10', percent: '0.09' },
      { month: '2025-11', percent: '0.18' },
    ]);
  });

  it('reads IBGE\'s "-" as an absolute zero', () => {
    expect(parseSidra(fixture('sidra-1736-v44.json'), 'INPC')).toEqual([
      { month: '2025-09', percent: '0.52' },
      { month: '2025-10', percent: '0' },
      { month: '2025-11', percent: '0.03' },
    ]);
  });

  it('refuses an answer without the month column or with an implausible value', () => {
    expect(() => parseSidra([{ V: 'Valor' }], 'IPCA')).toThrow(IndexSourceError);
    const body = fixture('sidra-1737-v63.json') as Record<string, string>[];
    body[1]!.V = '45.3';
    expect(() => parseSidra(body, 'IPCA')).toThrow(/não é plausível/);
  });

  it('calls the SIDRA URL of the table and variable, and returns what it parsed', async () => {
    const url = 'https://apisidra.ibge.gov.br/values/t/1737/n1/all/v/63/p/last%2036';
    const values = await fetchIndex(
      'IPCA',
      sourceFor('IPCA')!,
      { fromMonth: '2023-11', toDate: '2026-11-23' },
      replay(url, fixture('sidra-1737-v63.json')),
    );
    expect(values).toHaveLength(6);
    expect(sourceUrl(sourceFor('INPC')!, '2023-11', '2026-11-23')).toBe(
      'https://apisidra.ibge.gov.br/values/t/1736/n1/all/v/44/p/last%2036',
    );
  });
});

describe('Banco Central SGS (IGP-M series 189; the taxa legal when its series is configured)', () => {
  it('reads the recorded answers', () => {
    expect(parseSgs(fixture('sgs-189.json'), 'IGPM')).toEqual([
      { month: '2025-09', percent: '0.42' },
      { month: '2025-10', percent: '-0.36' },
      { month: '2025-11', percent: '0.27' },
    ]);
    // six decimal places, as Res. CMN 5.171/2024 art. 2 §1 publishes them (trailing zeros trimmed)
    expect(parseSgs(fixture('sgs-taxa-legal.json'), 'TAXA_LEGAL')).toEqual([
      { month: '2024-09', percent: '0.5287' },
      { month: '2024-10', percent: '0.4421' },
      { month: '2024-11', percent: '0.3973' },
    ]);
  });

  it('has no taxa legal source until the series is configured, and then calls the SGS URL', async () => {
    expect(sourceFor('TAXA_LEGAL')).toBeNull();
    const source = sourceFor('TAXA_LEGAL', { taxaLegalSeries: 4321 })!;
    const url =
      'https://api.bcb.gov.br/dados/serie/bcdata.sgs.4321/dados?formato=json&dataInicial=01/11/2023&dataFinal=23/11/2026';
    const values = await fetchIndex(
      'TAXA_LEGAL',
      source,
      { fromMonth: '2023-11', toDate: '2026-11-23' },
      replay(url, fixture('sgs-taxa-legal.json')),
    );
    expect(values).toHaveLength(3);
  });

  it('refuses a wrong series (a Selic-like 14% "a month" is no taxa legal) and an HTTP error', async () => {
    expect(() => parseSgs([{ data: '01/09/2024', valor: '14.75' }], 'TAXA_LEGAL')).toThrow(/não é plausível/);
    expect(() => parseSgs([{ data: '2024-09', valor: '0.5' }], 'IGPM')).toThrow(IndexSourceError);
    const source = sourceFor('IGPM')!;
    const url = sourceUrl(source, '2023-11', '2026-11-23');
    await expect(
      fetchIndex('IGPM', source, { fromMonth: '2023-11', toDate: '2026-11-23' }, replay(url, {}, 503)),
    ).rejects.toThrow(/HTTP 503/);
  });
});
