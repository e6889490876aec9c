import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepDay } from '../../src/modules/contact/index.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import {
  createMessagingSimulator,
  type MessagingSimulator,
} from '../../src/simulators/messaging-simulator.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { dayAfterDueCadence } from '../support/contact.ts';
import { type Given, givenFor } from '../support/given.ts';

/**
 * Dispatch workers as real processes on one PostgreSQL: a worker killed mid-run (SIGKILL) and run again
 * loses nothing and sends nothing twice; two workers draining the same outbox send each message once.
 * PGlite is one process by design, so these run only with DATABASE_URL.
 */
const WORKER = new URL('../support/dispatch-worker.ts', import.meta.url).pathname;
const DEBTORS = 40;
let t: TestApp;
let sim: MessagingSimulator;
let given: Given;
let creditorId: string;

function startWorker(now: string): { child: ChildProcess; done: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, t.databaseUrl!, sim.url, now], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c) => {
    out += c;
  });
  child.stderr!.on('data', (c) => {
    out += c;
  });
  const done = new Promise<string>((resolve) => child.on('exit', () => resolve(out)));
  return { child, done };
}

/** DEBTORS debtors with one debt each due on `due`, and an SMS step the day after. */
async function portfolio(prefix: string, due: string) {
  let csv = 'document;name;state;phone;external_id;original_amount;due_date\n';
  for (let i = 0; i < DEBTORS; i++) {
    const base = String(100_000_000 + i + (prefix === 'b' ? 500 : 0)).padStart(9, '0');
    const digits = base.split('').map(Number);
    const dv = (ds: number[]) => {
      const s = ds.reduce((acc, d, k) => acc + d * (ds.length + 1 - k), 0) % 11;
      return s < 2 ? 0 : 11 - s;
    };
    const d1 = dv(digits);
    const d2 = dv([...digits, d1]);
    const phone = `+5511${prefix === 'b' ? 97 : 98}${String(100_000 + i).padStart(7, '0')}`;
    csv += `${base}${d1}${d2};Devedor ${prefix}${i};SP;${phone};${prefix}-${i};100,00;${due}\n`;
  }
  const r = await given.imported(creditorId, csv);
  expect(r.accepted).toBe(DEBTORS);
}

beforeAll(async () => {
  sim = await createMessagingSimulator({});
  t = await startTestApp({ clock: fixedClock('2026-11-23T12:00:00Z') });
  if (!t.databaseUrl) return;
  given = givenFor(t, await t.token('admin'));
  creditorId = (await given.creditor()).id;
  await dayAfterDueCadence(given.api, 'SMS D+1', 'sms');
});
afterAll(async () => {
  await t?.close();
  await sim?.close();
});

describe.skipIf(!process.env.DATABASE_URL)('dispatch workers on PostgreSQL', () => {
  it('a worker killed mid-run and run again: zero duplicates, zero losses', async () => {
    await portfolio('a', '2026-11-23');
    expect((await sweepDay(t.rt.ctx, '2026-11-24')).written).toBe(DEBTORS);
    const now = '2026-11-24T10:00:00-03:00';
    const first = startWorker(now);
    // Let it send some, then make the provider hang on the next request and kill the worker mid-send.
    while (sim.messages().length < 10) await new Promise((r) => setTimeout(r, 20));
    sim.failNext(1, 'hang', 'sms');
    await new Promise((r) => setTimeout(r, 500));
    first.child.kill('SIGKILL');
    await first.done;
    const before = sim.messages().length;
    expect(before).toBeGreaterThanOrEqual(10);
    expect(before).toBeLessThan(DEBTORS);
    // The claimed-but-unsent messages come back when their lease expires (5 minutes).
    const second = startWorker('2026-11-24T10:06:00-03:00');
    await second.done;
    const received = sim.messages().map((m) => m.to);
    expect(received).toHaveLength(DEBTORS);
    expect(new Set(received).size).toBe(DEBTORS);
    const statuses = await t.rt.ctx.database.db.selectFrom('outbox').select('status').execute();
    expect(statuses).toHaveLength(DEBTORS);
    expect(statuses.filter((s) => s.status !== 'sent')).toEqual([]);
  });

  it('two workers on one outbox: each message sent exactly once', async () => {
    sim.reset();
    await portfolio('b', '2026-11-24');
    expect((await sweepDay(t.rt.ctx, '2026-11-25')).written).toBe(DEBTORS);
    const now = '2026-11-25T10:00:00-03:00';
    const [a, b] = [startWorker(now), startWorker(now)];
    const outputs = await Promise.all([a.done, b.done]);
    const summaries = outputs.map((o) => JSON.parse(o.trim().split('\n').at(-1)!));
    expect(summaries[0].sent + summaries[1].sent).toBe(DEBTORS);
    const received = sim.messages().map((m) => m.to);
    expect(received).toHaveLength(DEBTORS);
    expect(new Set(received).size).toBe(DEBTORS);
  });
});
