import { beforeAll, describe, expect, it } from 'vitest';
import { adaptersFor, dispatchDue, sweepDay } from '../../src/modules/contact/index.ts';
import type { MessagingSimulator } from '../../src/simulators/messaging-simulator.ts';
import type { TestApp } from '../support/app.ts';
import { cadence, startContactWorld, sweepAndDispatch, templateId } from '../support/contact.ts';
import type { Api } from '../support/given.ts';

/** The dispatcher's failure paths and non-message steps: retries with backoff, giving up, phone tasks. */
let t: TestApp;
let api: Api;
let sim: MessagingSimulator;

beforeAll(async () => {
  const world = await startContactWorld();
  ({ t, api, sim } = world);
  const creditorId = (await world.given.creditor()).id;
  await world.given.imported(
    creditorId,
    'document;name;state;phone;external_id;original_amount;due_date\n' +
      '52998224725;Maria;SP;+5511987650001;M-1;500,00;2026-11-22\n' +
      '11144477735;João;SP;+5511987650002;J-1;500,00;2026-11-20\n',
  );
  await cadence(api, {
    name: 'SMS e ligação',
    steps: [
      {
        id: 'sms-d1',
        anchor: 'debt_due',
        offsetDays: 1,
        channel: 'sms',
        templateId: await templateId(api, 'debt-d1-sms'),
      },
      {
        id: 'ligar-d3',
        anchor: 'debt_due',
        offsetDays: 3,
        channel: 'phone',
        templateId: await templateId(api, 'phone-call-script'),
      },
    ],
  });
  return world.close;
});

describe('dispatcher', () => {
  it('retries a temporary provider failure with backoff, then sends; a phone step becomes an agent task', async () => {
    expect(await sweepDay(t.rt.ctx, '2026-11-23')).toMatchObject({ written: 2 });
    const adapters = adaptersFor(t.rt.ctx.config.messaging);
    sim.failNext(2, 503, 'sms');
    const at = (min: number) => new Date(Date.parse('2026-11-23T13:00:00Z') + min * 60_000);
    const first = await dispatchDue(t.rt.ctx, { adapters, now: at(0) });
    expect(first).toMatchObject({ retried: 1, tasks: 1 });
    // Backoff: 1 minute after the 1st failure, 2 after the 2nd.
    expect(await dispatchDue(t.rt.ctx, { adapters, now: at(0.5) })).toMatchObject({ processed: 0 });
    expect(await dispatchDue(t.rt.ctx, { adapters, now: at(1) })).toMatchObject({ retried: 1 });
    expect(await dispatchDue(t.rt.ctx, { adapters, now: at(3) })).toMatchObject({ sent: 1 });
    expect(sim.messages()).toHaveLength(1);
    const tasks = (await api('GET', '/api/v1/tasks')).json().items;
    expect(tasks).toEqual([
      expect.objectContaining({ kind: 'phone_call', text: expect.stringMatching(/\S/) }),
    ]);
    const events = await t.rt.ctx.database.db.selectFrom('contact_events').select('type').execute();
    expect(events.map((e) => e.type).filter((x) => x === 'retry')).toHaveLength(2);
  });

  it('a permanent refusal is not retried: the message fails with the provider reason', async () => {
    sim.failNext(1, 400, 'sms');
    // João's D+1 (a past day: written late, sent now)
    const r = await sweepAndDispatch(t, '2026-11-21', new Date('2026-11-24T13:00:00Z'));
    expect(r).toMatchObject({ failed: 1, retried: 0 });
    const failed = await t.rt.ctx.database.db
      .selectFrom('outbox')
      .select(['status', 'last_error'])
      .where('status', '=', 'failed')
      .executeTakeFirstOrThrow();
    expect(failed.last_error).toBeTruthy();
  });
});
