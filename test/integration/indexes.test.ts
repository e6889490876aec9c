import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  indexesUpdateJob,
  seedShippedIndexes,
  updateIndexFromSource,
} from '../../src/modules/balance/index.ts';
import { cliPrincipal, ensureTenant } from '../../src/modules/identity/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

/** Index tables: the shipped IPCA on a new tenant, the update from IBGE/BCB replaying recorded answers. */
let t: TestApp;
const fixture = (name: string) =>
  readFileSync(new URL(`../../src/modules/balance/fixtures/${name}`, import.meta.url), 'utf8');

/** Serves the recorded answer of each publisher by URL. */
const recorded: typeof fetch = (async (input: string | URL | Request) => {
  const url = String(input);
  const body = url.includes('/t/1737/')
    ? fixture('sidra-1737-v63.json')
    : url.includes('/t/1736/')
      ? fixture('sidra-1736-v44.json')
      : url.includes('bcdata.sgs.189/')
        ? fixture('sgs-189.json')
        : url.includes('bcdata.sgs.4321/')
          ? fixture('sgs-taxa-legal.json')
          : null;
  return body === null ? new Response('not found', { status: 404 }) : new Response(body, { status: 200 });
}) as typeof fetch;

const count = async (tenantId: string, name: string) =>
  (
    await t.rt.ctx.database.db
      .selectFrom('index_values')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('index_name', '=', name as never)
      .executeTakeFirstOrThrow()
  ).n;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('the shipped IPCA table (issue #10 item 13)', () => {
  it('is loaded for every tenant that has no IPCA month, once, with its source', async () => {
    const a = await ensureTenant(t.rt.ctx.database.db, 'agencia-a');
    const b = await ensureTenant(t.rt.ctx.database.db, 'agencia-b');
    await t.rt.ctx.database.db
      .insertInto('index_values')
      .values({ tenant_id: b.id, index_name: 'IPCA', month: '2024-01', percent: '0.42', source: 'admin' })
      .execute();
    await seedShippedIndexes(t.rt.ctx);
    // reference/ipca-monthly.csv: Jan 2020 to Nov 2025 = 71 months
    expect(Number(await count(a.id, 'IPCA'))).toBe(71);
    // a tenant that already has a table is left alone
    expect(Number(await count(b.id, 'IPCA'))).toBe(1);
    expect((await seedShippedIndexes(t.rt.ctx)).tenants).toBe(0);
    const row = await t.rt.ctx.database.db
      .selectFrom('index_values')
      .select(['percent', 'source'])
      .where('tenant_id', '=', a.id)
      .where('month', '=', '2025-11')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      percent: '0.180000',
      source: 'tabela embarcada (reference/ipca-monthly.csv, IBGE)',
    });
  });
});

describe('updating from the publishers (recorded answers)', () => {
  it('trato indexes update ipca: reads SIDRA, writes only what changed', async () => {
    const p = await cliPrincipal(t.rt.ctx.database.db, 'agencia-c');
    const first = await updateIndexFromSource(t.rt.ctx, p, { name: 'ipca', fetchImpl: recorded });
    expect(first).toMatchObject({ index: 'IPCA', months: 6, changed: 6, lastMonth: '2025-11' });
    expect(first.source).toContain('1737');
    const again = await updateIndexFromSource(t.rt.ctx, p, { name: 'ipca', fetchImpl: recorded });
    expect(again.changed).toBe(0);
    await expect(
      updateIndexFromSource(t.rt.ctx, p, { name: 'taxa-legal', fetchImpl: recorded }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(
      updateIndexFromSource({ ...t.rt.ctx, config: { ...t.rt.ctx.config, sgsTaxaLegalSeries: 999 } }, p, {
        name: 'taxa-legal',
        fetchImpl: recorded,
      }),
    ).rejects.toMatchObject({ code: 'INDEX_SOURCE_UNAVAILABLE' });
  });

  it('the monthly job updates every configured index in every tenant', async () => {
    const ctx = { ...t.rt.ctx, config: { ...t.rt.ctx.config, sgsTaxaLegalSeries: 4321 } };
    await indexesUpdateJob(ctx, recorded).handle({}, { jobId: 'test' });
    const d = await ensureTenant(t.rt.ctx.database.db, 'agencia-a');
    expect(Number(await count(d.id, 'INPC'))).toBe(3);
    expect(Number(await count(d.id, 'IGPM'))).toBe(3);
    expect(Number(await count(d.id, 'TAXA_LEGAL'))).toBe(3);
    // the shipped table plus nothing new (the recorded IPCA months are the same values)
    expect(Number(await count(d.id, 'IPCA'))).toBe(71);
  });

  it('without network: the person reads pt-BR, the technical cause goes only to the log (F8)', async () => {
    const p = await cliPrincipal(t.rt.ctx.database.db, 'agencia-c');
    const offline = (async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect'), { code: 'ENOTFOUND' }),
      });
    }) as typeof fetch;
    const logged: { message: string; fields?: Record<string, unknown> }[] = [];
    const log = {
      info: () => {},
      error: () => {},
      warn: (message: string, fields?: Record<string, unknown>) => logged.push({ message, fields }),
    };
    const failure = (await updateIndexFromSource({ ...t.rt.ctx, log }, p, {
      name: 'ipca',
      fetchImpl: offline,
    }).then(
      () => ({ code: 'none', message: 'sem erro' }),
      (error: unknown) => error,
    )) as { code: string; message: string };
    expect(failure).toMatchObject({
      code: 'INDEX_SOURCE_UNAVAILABLE',
      message: 'IBGE/SIDRA tabela 1737, variável 63: sem resposta: não foi possível conectar',
    });
    expect(failure.message).not.toMatch(/TypeError|fetch failed/);
    expect(logged).toEqual([
      expect.objectContaining({
        fields: expect.objectContaining({ cause: 'TypeError: fetch failed (ENOTFOUND)' }),
      }),
    ]);
  });
});
