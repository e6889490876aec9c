/**
 * Offers benchmark (issue 3): offers per second for one debtor with 3 debts (IPCA correction, fine,
 * interest — the full balance path), in-process and over HTTP, beside a bare Fastify route returning a
 * constant on the same machine. Every request computes and *records* the offers (one row per option),
 * as the product does, so the database write is part of the cost.
 *
 *   npx tsx bench/offers.ts [--seconds 10] [--connections 10] [--db pg|pglite] [--record]
 *
 * HTTP load comes from autocannon in a child process (its own CPU); the server runs here.
 */
import Fastify from 'fastify';
import { createOffersForDebtor } from '../src/modules/negotiation/index.ts';
import {
  appendBenchmarks,
  arg,
  args,
  autocannon,
  type LoadResult,
  machine,
  startBenchApp,
} from './support.ts';

const SECONDS = Number(arg('seconds') ?? 10);
const CONNECTIONS = Number(arg('connections') ?? 10);
const DB = (arg('db') ?? 'pg') as 'pg' | 'pglite';

async function bareRoute(): Promise<LoadResult> {
  const app = Fastify({ logger: false });
  app.get('/bare', async () => ({ ok: true }));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    return await autocannon(`${url}/bare`, {
      seconds: SECONDS,
      connections: CONNECTIONS,
      method: 'GET',
      headers: {},
    });
  } finally {
    await app.close();
  }
}

const b = await startBenchApp(DB);
try {
  await b.call(
    'POST',
    `/api/v1/creditors/${b.creditorId}/imports`,
    'document;name;state;external_id;original_amount;due_date\n' +
      '52998224725;Maria da Silva;SP;C-1;1.250,00;2025-03-10\n' +
      '52998224725;Maria da Silva;SP;C-2;389,90;2026-01-15\n' +
      '52998224725;Maria da Silva;SP;C-3;4.980,00;2024-06-30\n',
    'text/csv',
  );
  const debtor = (await b.call('GET', '/api/v1/debtors?document=52998224725')).items[0];
  const sample = await createOffersForDebtor(b.rt.ctx, b.principal, { debtorId: debtor.id });

  // In-process: the service call alone (balance, rules, insert), one at a time.
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < SECONDS * 1000) {
    await createOffersForDebtor(b.rt.ctx, b.principal, { debtorId: debtor.id });
    n += 1;
  }
  const inProcess = Math.round(n / ((performance.now() - started) / 1000));

  const url = await b.app.listen({ host: '127.0.0.1', port: 0 });
  const http = await autocannon(`${url}/api/v1/debtors/${debtor.id}/offers`, {
    seconds: SECONDS,
    connections: CONNECTIONS,
    method: 'POST',
    headers: { authorization: b.auth, 'content-type': 'application/json' },
    body: '{}',
  });
  const bare = await bareRoute();
  const ratioPercent = Math.round((http.requestsPerSecond / bare.requestsPerSecond) * 1000) / 10;
  const result = {
    db: DB,
    optionsPerRequest: sample.offers.length,
    inProcessRequestsPerSecond: inProcess,
    http,
    bare,
    ratioPercent,
  };
  console.log(JSON.stringify(result, null, 2));
  if (args.includes('--record')) {
    appendBenchmarks([
      '',
      `### Ofertas — ${new Date().toISOString().slice(0, 10)} (${DB === 'pg' ? 'PostgreSQL' : 'PGlite'}, ${SECONDS} s, ${CONNECTIONS} conexões)`,
      '',
      `Máquina: ${machine()}. Devedor com 3 dívidas (IPCA, multa, juros); ${result.optionsPerRequest} opções por pedido, gravadas.`,
      '',
      '| medida | pedidos/s | p50 (ms) | p99 (ms) |',
      '|---|---:|---:|---:|',
      `| em processo (serviço, 1 por vez) | ${inProcess} | — | — |`,
      `| HTTP \`POST /debtors/{id}/offers\` | ${http.requestsPerSecond} | ${http.latencyP50Ms} | ${http.latencyP99Ms} |`,
      `| HTTP rota Fastify nua (constante) | ${bare.requestsPerSecond} | ${bare.latencyP50Ms} | ${bare.latencyP99Ms} |`,
      '',
      `Razão ofertas/rota nua: **${ratioPercent}%** (meta ≥ 40%).`,
    ]);
  }
} finally {
  await b.close();
}
