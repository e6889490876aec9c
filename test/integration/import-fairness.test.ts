import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCsvLines } from '../../src/modules/portfolio/demo.ts';
import { startTestApp, TEST_TODAY, type TestApp } from '../support/app.ts';
import { apiAs, givenFor } from '../support/given.ts';

/**
 * Issue 10, item 8: one tenant's import must not stall the others. On the embedded database
 * (PGlite: one connection, queries run one at a time in this process) the import used to run in ONE
 * transaction, so every other tenant's request waited for the whole file (a 20 MB import froze them
 * for 14 s). Now the import runs in chunks, each a short transaction, yielding between them (ADR 0004).
 *
 * Tenant A imports LINES lines in the background while tenant B reads a debtor again and again.
 *
 * The bound, MAX_READ_MS = 1,000 ms: a read waits for the chunk in progress (a few tens of ms to
 * ~150 ms on PGlite) and each of its queries may queue behind one more chunk. Measured on a shared,
 * loaded 2-core machine: p95 81 ms, max 241 ms over 58 reads. The old code (one transaction) held the
 * connection for the whole import: the same test measured one read of 6,417 ms and failed. 1 s is ~4×
 * the worst read seen, for a slower CI machine, and still 6× below the stall it guards against.
 * The worst single read may reach 2 × MAX_READ_MS: with both cores oversubscribed (load ~16, other
 * suites running beside this one) one read measured 1,019 ms while p95 stayed at 136 ms — the
 * scheduler's pause, not the import. The old code's stall (6.4 s) fails either bound.
 * The test also checks that reads really overlapped the import (at least MIN_OVERLAPPING reads while
 * it was running), and that the import completed with every line.
 */
const LINES = 20_000;
const MAX_READ_MS = 1_000;
const MIN_OVERLAPPING = 10;

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ jobs: 'work' });
});
afterAll(async () => t?.close());

function portfolio(lines: number): string {
  const out: string[] = []; // the header, then `lines` lines (a debtor may have several debts)
  for (const line of demoCsvLines({ debtors: lines, seed: 11, today: TEST_TODAY })) {
    if (out.length > lines) break;
    out.push(line);
  }
  return out.join('');
}

describe("another tenant's reads while a large import runs", () => {
  it(`stay under ${MAX_READ_MS} ms (p95; the worst under twice that), and the import completes with every line`, async () => {
    const a = givenFor(t, await t.token('admin'));
    const creditorA = await a.creditor();
    const b = givenFor(t, await t.token('admin', { tenant: 'outra-agencia' }));
    const debtorB = await b.debtorWithDebts((await b.creditor()).id);
    const readB = apiAs(t, await t.token('agent', { tenant: 'outra-agencia' }));

    const file = portfolio(LINES);
    const queued = await a.api('POST', `/api/v1/creditors/${creditorA.id}/imports?async=true`, file, {
      'content-type': 'text/csv',
    });
    expect(queued.statusCode, queued.payload).toBe(202);
    const importId = queued.json().importId as string;

    const latencies: number[] = [];
    let overlapping = 0;
    let status = 'queued';
    let report: Record<string, unknown> = {};
    const deadline = Date.now() + 120_000;
    while (status === 'queued' || status === 'running') {
      if (Date.now() > deadline) throw new Error(`import still ${status} after 120 s`);
      const started = performance.now();
      const r = await readB('GET', `/api/v1/debtors/${debtorB.id}`);
      latencies.push(performance.now() - started);
      expect(r.statusCode, r.payload).toBe(200);
      expect(r.json().id).toBe(debtorB.id);
      const s = await a.api('GET', `/api/v1/imports/${importId}`);
      report = s.json();
      status = report.status as string;
      if (status === 'running') overlapping += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    const sorted = [...latencies].sort((x, y) => x - y);
    const max = sorted[sorted.length - 1] ?? 0;
    const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? 0;
    const measured = `reads: ${latencies.length}, p95 ${p95.toFixed(0)} ms, max ${max.toFixed(0)} ms`;
    expect(p95, measured).toBeLessThan(MAX_READ_MS);
    expect(max, measured).toBeLessThan(2 * MAX_READ_MS);
    expect(report).toMatchObject({ status: 'completed', lines: LINES, accepted: LINES, rejected: 0 });
    expect(overlapping).toBeGreaterThanOrEqual(MIN_OVERLAPPING);
  }, 180_000);
});
