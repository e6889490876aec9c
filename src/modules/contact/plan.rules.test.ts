import { describe, expect, it } from 'vitest';
import { validateCadence } from './cadence.rules.ts';
import { type PlanInput, planContacts } from './plan.rules.ts';

const steps = [
  { id: 'd1', anchor: 'debt_due' as const, offsetDays: 1, channel: 'sms' as const, templateId: 't-sms' },
  { id: 'd2', anchor: 'debt_due' as const, offsetDays: 2, channel: 'whatsapp' as const, templateId: 't-wa' },
  { id: 'd3', anchor: 'debt_due' as const, offsetDays: 3, channel: 'sms' as const, templateId: 't-sms' },
  { id: 'd4', anchor: 'debt_due' as const, offsetDays: 4, channel: 'email' as const, templateId: 't-email' },
  {
    id: 'receipt',
    anchor: 'debt_due' as const,
    offsetDays: 4,
    channel: 'email' as const,
    templateId: 't-receipt',
  },
];

function input(overrides: Partial<PlanInput> = {}): PlanInput {
  return {
    from: '2026-11-09', // a Monday
    days: 14,
    uf: 'SP',
    cadences: [{ id: 'c', creditorId: null, segment: null, steps }],
    transactional: new Map([['t-receipt', true]]),
    debts: [
      {
        id: 'x',
        creditorId: 'k',
        dueDate: '2026-11-08',
        status: 'open',
        product: null,
        outstandingCents: 10_000,
        prescribed: () => false,
      },
    ],
    installments: [],
    agreements: [],
    history: [],
    suppressions: [],
    flags: {},
    ...overrides,
  };
}

describe('contact plan', () => {
  it('plans one proactive contact a day inside the window and counts the 7-day cap; transactional passes', () => {
    const items = planContacts(input());
    const proactive = items.filter((i) => i.templateId !== 't-receipt');
    expect(proactive.map((i) => [i.date, i.stepId, i.status])).toEqual([
      ['2026-11-09', 'd1', 'planned'],
      ['2026-11-10', 'd2', 'planned'],
      ['2026-11-11', 'd3', 'planned'],
      // The 4th proactive contact in 7 days waits until the first one leaves the rolling window.
      ['2026-11-16', 'd4', 'planned'],
    ]);
    expect(proactive[0]).toMatchObject({ windowStart: '08:00', windowEnd: '20:00' });
    expect(proactive[3]!.reason).toMatch(/^adiado: /);
    const receipt = items.find((i) => i.templateId === 't-receipt')!;
    expect(receipt).toMatchObject({ date: '2026-11-12', status: 'planned' });
  });

  it('moves a Sunday or holiday step to the next window (20 Nov, national since 2024)', () => {
    const items = planContacts(
      input({ from: '2026-11-19', days: 3, debts: [{ ...input().debts[0]!, dueDate: '2026-11-19' }] }),
    );
    // d1 falls on 20 Nov (Consciência Negra): no window that day, so it goes on Saturday 21 until 14:00.
    expect(items[0]).toMatchObject({
      date: '2026-11-21',
      stepId: 'd1',
      windowEnd: '14:00',
      status: 'planned',
    });
  });

  it('blocks with the reason: dispute, prescribed debts', () => {
    const disputed = planContacts(input({ suppressions: [{ kind: 'dispute', channel: null, until: null }] }));
    expect(disputed.length).toBeGreaterThan(0);
    expect(disputed.filter((i) => i.status !== 'blocked' && i.templateId !== 't-receipt')).toEqual([]);
    expect(disputed[0]!.reason).toBeTruthy();
    const prescribed = planContacts(input({ debts: [{ ...input().debts[0]!, prescribed: () => true }] }));
    const collection = prescribed.filter((i) => i.templateId !== 't-receipt');
    expect(collection.length).toBeGreaterThan(0);
    expect(collection.filter((i) => i.status !== 'blocked')).toEqual([]);
  });

  it('validates cadences: unknown template, channel mismatch, repeated step, bad anchor', () => {
    const templates = new Map([['t-sms', { channel: 'sms' }]]);
    const errors = validateCadence(
      {
        name: ' ',
        steps: [
          { id: 'a', anchor: 'debt_due', offsetDays: 1, channel: 'sms', templateId: 'nope' },
          { id: 'a', anchor: 'debt_due', offsetDays: 1, channel: 'email', templateId: 't-sms' },
          { id: 'B!', anchor: 'soon' as never, offsetDays: 1.5, channel: 'sms', templateId: 't-sms' },
        ],
      },
      templates,
    );
    expect(errors.map((e) => e.field)).toEqual([
      'name',
      'steps[0].templateId',
      'steps[1].id',
      'steps[1].templateId',
      'steps[2].id',
      'steps[2].anchor',
      'steps[2].offsetDays',
    ]);
  });

  it('after a conversation, debt steps wait 7 days but the reminder of an installment the debtor chose goes', () => {
    const items = planContacts(
      input({
        days: 3,
        history: [{ at: new Date('2026-11-08T15:00:00-03:00'), proactive: false, conversation: true }],
        cadences: [
          {
            id: 'c',
            creditorId: null,
            segment: null,
            steps: [
              { id: 'd1', anchor: 'debt_due', offsetDays: 1, channel: 'sms', templateId: 't-sms' },
              { id: 'p-1', anchor: 'installment_due', offsetDays: -1, channel: 'sms', templateId: 't-sms' },
            ],
          },
        ],
        installments: [
          {
            creditorId: 'k',
            dueDate: '2026-11-10',
            status: 'pending',
            agreementStatus: 'active',
            outstandingCents: 5000,
          },
        ],
      }),
    );
    expect(items.find((i) => i.stepId === 'p-1')).toMatchObject({ date: '2026-11-09', status: 'planned' });
    expect(items.find((i) => i.stepId === 'd1')!.date > '2026-11-14').toBe(true);
  });

  it('refuses a transactional (receipt) template on a collection step: it would skip the caps', () => {
    const templates = new Map([['t-receipt', { channel: 'email', transactional: true }]]);
    const collection = validateCadence(
      {
        name: 'x',
        steps: [{ id: 'd1', anchor: 'debt_due', offsetDays: 1, channel: 'email', templateId: 't-receipt' }],
      },
      templates,
    );
    expect(collection.map((e) => e.field)).toEqual(['steps[0].templateId']);
    const receipt = validateCadence(
      {
        name: 'x',
        steps: [
          { id: 'r', anchor: 'payment_received', offsetDays: 0, channel: 'email', templateId: 't-receipt' },
        ],
      },
      templates,
    );
    expect(receipt).toEqual([]);
  });

  it('Amazonas: the plan holds SMS collection until D+16, as the dispatcher does (Lei 4.644/2018)', () => {
    // Due Friday 27/11/2026: the D+1 SMS step fires on Saturday 28; phone/SMS collection in AM waits
    // until 13/12 (a Sunday), so the first weekday window is Monday 14/12. E-mail is not held back.
    const items = planContacts(
      input({
        from: '2026-11-27',
        days: 10,
        uf: 'AM',
        debts: [{ ...input().debts[0]!, dueDate: '2026-11-27' }],
      }),
    );
    const sms = items.filter((i) => i.channel === 'sms');
    expect(sms.length).toBeGreaterThan(0);
    expect(sms.every((i) => i.date >= '2026-12-14')).toBe(true);
    expect(sms[0]!.reason).toMatch(/^adiado: /);
    const email = items.find((i) => i.stepId === 'd4')!;
    expect(email.date < '2026-12-14').toBe(true);
  });
});
