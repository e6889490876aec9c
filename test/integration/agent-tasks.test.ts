import { beforeAll, describe, expect, it } from 'vitest';
import type { MessagingSimulator } from '../../src/simulators/messaging-simulator.ts';
import type { TestApp } from '../support/app.ts';
import { mariaOwing, MARIA_PHONE as PHONE, SMS_REPLIES, startContactWorld } from '../support/contact.ts';
import type { Api } from '../support/given.ts';

/**
 * What is promised to the person reaches a person (issue #10 item 14): "nenhuma opção cabe —
 * encaminhamos para conversar com uma pessoa" opens an agent task with the budget given; an inbound
 * "essa dívida não é minha" opens a dispute (collection suppressed) and a task.
 */
let t: TestApp;
let api: Api;
let sim: MessagingSimulator;
let debtorId: string;

type Task = { id: string; kind: string; debtorId: string; text: string; details: Record<string, unknown> };
async function tasks(kind: string): Promise<Task[]> {
  return ((await api('GET', '/api/v1/tasks')).json().items as Task[]).filter((x) => x.kind === kind);
}

beforeAll(async () => {
  const world = await startContactWorld(SMS_REPLIES);
  ({ t, api, sim } = world);
  const creditorId = (await world.given.creditor()).id;
  await world.given.policy(creditorId, { maxInstallments: 6 });
  debtorId = (await mariaOwing(world.given, creditorId, '5.000,00')).id;
  return world.close;
});

describe('no option fits: a person takes over', () => {
  it('opens one agent task carrying the budget; asking again updates it; a simulation opens none', async () => {
    const r = await api('POST', `/api/v1/debtors/${debtorId}/offers`, {
      monthlyBudgetCents: 10_000,
      monthlyIncomeCents: 150_000,
    });
    expect(r.statusCode, r.payload).toBe(200);
    expect(r.json()).toMatchObject({ noAffordableOffer: true, offers: [], taskId: expect.any(String) });
    expect(r.json().reason).toMatch(/encaminhamos para conversar com uma pessoa/);
    let open = await tasks('help_request');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      id: r.json().taskId,
      debtorId,
      details: {
        reason: 'no_affordable_offer',
        monthlyBudgetCents: 10_000,
        monthlyIncomeCents: 150_000,
        paymentCapCents: 10_000,
      },
    });
    expect(open[0]!.text).toMatch(/cabe R\$ 100,00 por mês/);

    const again = await api('POST', `/api/v1/debtors/${debtorId}/offers`, { monthlyBudgetCents: 8_000 });
    expect(again.json().taskId).toBe(r.json().taskId);
    open = await tasks('help_request');
    expect(open).toHaveLength(1);
    expect(open[0]!.details).toMatchObject({ monthlyBudgetCents: 8_000 });

    const simulated = await api('POST', `/api/v1/debtors/${debtorId}/offers`, {
      monthlyBudgetCents: 8_000,
      date: '2027-01-10',
    });
    expect(simulated.json()).toMatchObject({ noAffordableOffer: true, simulation: true });
    expect(simulated.json().taskId).toBeUndefined();
    expect(await tasks('help_request')).toHaveLength(1);
  });
});

describe('"essa dívida não é minha"', () => {
  it('opens a dispute that suppresses collection on every channel, and a task with the words', async () => {
    await sim.reply(PHONE, 'Essa dívida não é minha', 'sms');
    const suppressions = await t.rt.ctx.database.db
      .selectFrom('contact_suppressions')
      .selectAll()
      .where('debtor_id', '=', debtorId)
      .execute();
    expect(suppressions).toHaveLength(1);
    expect(suppressions[0]).toMatchObject({ kind: 'dispute', channel: null, until: null });
    const disputes = await tasks('dispute');
    expect(disputes).toHaveLength(1);
    expect(disputes[0]).toMatchObject({ debtorId, text: 'Essa dívida não é minha' });
    // An agent can no longer write to collect.
    const blocked = await api('POST', `/api/v1/debtors/${debtorId}/messages`, {
      channel: 'sms',
      text: 'Olá, Maria. Podemos conversar sobre o seu contrato?',
    });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().code).toBe('CONTACT_BLOCKED');
    const messages = (await api('GET', `/api/v1/debtors/${debtorId}/messages`)).json();
    expect(JSON.stringify(messages)).toMatch(/dispute_opened/);
  });
});
