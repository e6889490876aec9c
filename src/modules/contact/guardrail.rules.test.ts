import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CapsConfig, type ContactRecord, checkCaps } from './caps.rules.ts';
import { type ContactDecision, type ContactInput, decideContact, windowApplies } from './guardrail.rules.ts';
import { SUPPRESSION_LEGAL_BASIS } from './suppression.rules.ts';
import { DEFAULT_WINDOW_CONFIG, isInsideWindow, type WindowConfig } from './window.rules.ts';

const utc = (iso: string) => new Date(`${iso}Z`);
const proactive = (iso: string, conversation = false): ContactRecord => ({
  at: utc(iso),
  proactive: true,
  conversation,
});

const input = (over: Partial<ContactInput> = {}): ContactInput => ({
  at: utc('2026-03-02T15:00:00'), // Monday 12:00 in SP
  uf: 'SP',
  channel: 'sms',
  transactional: false,
  history: [],
  suppressions: [],
  flags: {},
  debts: [{ status: 'open', prescribed: false }],
  agreement: null,
  ...over,
});

describe('decideContact: send', () => {
  it('sends now inside the window with no caps or suppressions', () => {
    const at = utc('2026-03-02T15:00:00');
    expect(decideContact(input({ at }))).toEqual({ status: 'send', at });
  });

  it('sends at 08:00 sharp, not at 07:59', () => {
    expect(decideContact(input({ at: utc('2026-03-02T11:00:00') })).status).toBe('send');
    expect(decideContact(input({ at: utc('2026-03-02T10:59:00') }))).toEqual({
      status: 'deferred',
      until: utc('2026-03-02T11:00:00'),
      reason: 'fora do horário: de segunda a sexta só a partir das 08:00',
    });
  });
});

describe('decideContact: suppression first', () => {
  it('a suppressed message is suppressed even inside the window and with free caps', () => {
    expect(decideContact(input({ flags: { deceased: true } }))).toEqual({
      status: 'suppressed',
      kind: 'deceased',
      reason: 'devedor falecido: nenhuma mensagem é enviada; o caso segue com o espólio',
      legalBasis: SUPPRESSION_LEGAL_BASIS.deceased,
    });
  });

  it('suppressed beats deferred: a Sunday message to a disputing debtor is suppressed, not deferred', () => {
    expect(
      decideContact(input({ at: utc('2026-03-08T15:00:00'), suppressions: [{ kind: 'dispute' }] })),
    ).toMatchObject({ status: 'suppressed', kind: 'dispute' });
  });

  it('a time-limited suppression carries its end', () => {
    const until = utc('2026-04-01T03:00:00');
    expect(decideContact(input({ suppressions: [{ kind: 'hardship', until }] }))).toMatchObject({
      status: 'suppressed',
      kind: 'hardship',
      until,
    });
  });

  it('an opt-out of another channel does not suppress', () => {
    expect(decideContact(input({ suppressions: [{ kind: 'opt_out', channel: 'whatsapp' }] })).status).toBe(
      'send',
    );
    expect(
      decideContact(input({ channel: 'whatsapp', suppressions: [{ kind: 'opt_out', channel: 'whatsapp' }] })),
    ).toMatchObject({ status: 'suppressed', kind: 'opt_out' });
  });

  it('all debts prescribed: no proactive contact, but the receipt goes', () => {
    const debts = [{ status: 'open', prescribed: true }];
    expect(decideContact(input({ debts }))).toMatchObject({ status: 'suppressed', kind: 'prescribed' });
    expect(decideContact(input({ debts, channel: 'email', transactional: true })).status).toBe('send');
  });
});

describe('decideContact: windows', () => {
  it('outside the window: deferred to the next window start, in the debtor zone', () => {
    // Saturday 7 March 2026, 14:30 in SP (17:30Z).
    expect(decideContact(input({ at: utc('2026-03-07T17:30:00') }))).toEqual({
      status: 'deferred',
      until: utc('2026-03-09T11:00:00'),
      reason: 'fora do horário: sábado só até 14:00',
    });
    // Same instant in Acre is 12:30: inside.
    expect(decideContact(input({ at: utc('2026-03-07T17:30:00'), uf: 'AC' })).status).toBe('send');
  });

  it('holidays: deferred past Consciência Negra', () => {
    expect(decideContact(input({ at: utc('2026-11-20T15:00:00'), uf: 'RJ' }))).toEqual({
      status: 'deferred',
      until: utc('2026-11-21T11:00:00'),
      reason: 'feriado: Dia da Consciência Negra',
    });
  });

  it('transactional e-mail goes at any hour, transactional SMS waits unless requested now', () => {
    const night = utc('2026-03-03T02:00:00'); // Monday 23:00 in SP
    expect(decideContact(input({ at: night, channel: 'email', transactional: true }))).toEqual({
      status: 'send',
      at: night,
    });
    expect(decideContact(input({ at: night, channel: 'sms', transactional: true }))).toMatchObject({
      status: 'deferred',
      until: utc('2026-03-03T11:00:00'),
    });
    expect(
      decideContact(input({ at: night, channel: 'sms', transactional: true, requestedNow: true })),
    ).toEqual({
      status: 'send',
      at: night,
    });
    expect(
      decideContact(input({ at: night, channel: 'whatsapp', transactional: true, requestedNow: true }))
        .status,
    ).toBe('send');
  });

  it('proactive e-mail respects the window; requestedNow means nothing without transactional', () => {
    const night = utc('2026-03-03T02:00:00');
    expect(decideContact(input({ at: night, channel: 'email' })).status).toBe('deferred');
    expect(decideContact(input({ at: night, channel: 'sms', requestedNow: true })).status).toBe('deferred');
  });

  it('phone calls always respect the window, even transactional and requested now', () => {
    const sunday = utc('2026-03-08T15:00:00');
    expect(
      decideContact(input({ at: sunday, channel: 'phone', transactional: true, requestedNow: true })),
    ).toEqual({ status: 'deferred', until: utc('2026-03-09T11:00:00'), reason: 'domingo' });
  });

  it('letters have no window', () => {
    const sunday = utc('2026-03-08T15:00:00');
    expect(decideContact(input({ at: sunday, channel: 'letter' }))).toEqual({ status: 'send', at: sunday });
  });

  it('windowApplies by channel', () => {
    expect(windowApplies('letter', false)).toBe(false);
    expect(windowApplies('phone', true, true)).toBe(true);
    expect(windowApplies('Email', true)).toBe(false);
    expect(windowApplies('email', false)).toBe(true);
    expect(windowApplies('sms', true)).toBe(true);
    expect(windowApplies('sms', true, true)).toBe(false);
    expect(windowApplies('whatsapp', false, true)).toBe(true);
    expect(windowApplies('pigeon', false)).toBe(true);
  });

  it('uses a per-state window configuration', () => {
    const windows: WindowConfig = {
      ...DEFAULT_WINDOW_CONFIG,
      byState: { RJ: { weekdays: { start: '09:00', end: '18:00' }, saturday: null, sunday: null } },
    };
    // Monday 18:30 in RJ → Tuesday 09:00.
    expect(decideContact(input({ at: utc('2026-03-02T21:30:00'), uf: 'RJ', windows }))).toEqual({
      status: 'deferred',
      until: utc('2026-03-03T12:00:00'),
      reason: 'fora do horário: de segunda a sexta só até 18:00',
    });
    expect(decideContact(input({ at: utc('2026-03-02T21:30:00'), uf: 'SP', windows })).status).toBe('send');
  });
});

describe('decideContact: municipal holidays', () => {
  it("defers a message for a debtor in the city of São Paulo on the city's anniversary (25/01)", () => {
    const at = utc('2027-01-25T13:00:00'); // Monday 10:00 in São Paulo
    const inCity = decideContact(input({ at, city: 'São Paulo' }));
    expect(inCity.status).toBe('deferred');
    if (inCity.status === 'deferred') {
      expect(inCity.until).toEqual(utc('2027-01-26T11:00:00'));
      expect(inCity.reason).toMatch(/feriado/);
    }
    expect(decideContact(input({ at, city: 'Campinas' })).status).toBe('send');
  });
});

describe('decideContact: caps', () => {
  it('blocked by the daily cap late on a Friday: deferred to Saturday 08:00, not Saturday midnight', () => {
    const history = [proactive('2026-03-06T12:00:00')]; // Friday 09:00 SP
    expect(decideContact(input({ at: utc('2026-03-06T21:00:00'), history }))).toEqual({
      status: 'deferred',
      until: utc('2026-03-07T11:00:00'),
      reason: 'limite de 1 contato por dia atingido; fora do horário: sábado só a partir das 08:00',
    });
  });

  it('weekly cap ending outside the window: deferred to the next window start', () => {
    // A letter on Saturday 18:00 SP, then Monday and Tuesday: the weekly cap ends Saturday 14 March 18:00,
    // after the Saturday window, so the next moment is Monday 16 March 08:00.
    const history = [
      proactive('2026-03-07T21:00:00'),
      proactive('2026-03-09T13:00:00'),
      proactive('2026-03-10T13:00:00'),
    ];
    expect(decideContact(input({ at: utc('2026-03-11T13:00:00'), history }))).toEqual({
      status: 'deferred',
      until: utc('2026-03-16T11:00:00'),
      reason: 'limite de 3 contatos em 7 dias atingido; fora do horário: sábado só até 14:00',
    });
  });

  it('weekly cap ending inside the window: deferred exactly to it', () => {
    const history = [
      proactive('2026-03-07T16:30:00'), // Saturday 13:30 SP
      proactive('2026-03-09T13:00:00'),
      proactive('2026-03-10T13:00:00'),
    ];
    expect(decideContact(input({ at: utc('2026-03-11T13:00:00'), history }))).toEqual({
      status: 'deferred',
      until: utc('2026-03-14T16:30:00'),
      reason: 'limite de 3 contatos em 7 dias atingido',
    });
  });

  it('quiet period after a conversation, lifted when the debtor agreed', () => {
    const history: ContactRecord[] = [
      { at: utc('2026-03-02T15:00:00'), proactive: false, conversation: true },
    ];
    const at = utc('2026-03-05T15:00:00');
    expect(decideContact(input({ at, history }))).toMatchObject({
      status: 'deferred',
      until: utc('2026-03-09T15:00:00'),
    });
    expect(decideContact(input({ at, history, agreedByDebtor: true }))).toEqual({ status: 'send', at });
  });

  it('transactional messages are not capped', () => {
    const history = [proactive('2026-03-02T12:00:00')];
    expect(decideContact(input({ history, channel: 'email', transactional: true })).status).toBe('send');
    expect(decideContact(input({ history, channel: 'sms', transactional: true })).status).toBe('send');
    expect(decideContact(input({ history })).status).toBe('deferred');
  });

  it('letters are capped but not windowed: deferred to local midnight', () => {
    const history = [proactive('2026-03-02T12:00:00')];
    expect(decideContact(input({ history, channel: 'letter' }))).toEqual({
      status: 'deferred',
      until: utc('2026-03-03T03:00:00'),
      reason: 'limite de 1 contato por dia atingido',
    });
  });

  it('uses the caps configuration', () => {
    const caps: CapsConfig = { perDay: 2, perRolling7Days: 10, quietDaysAfterConversation: 0 };
    const history = [proactive('2026-03-02T12:00:00')];
    expect(decideContact(input({ history, caps })).status).toBe('send');
  });

  it('refuses an invalid instant or state', () => {
    expect(() => decideContact(input({ at: new Date(Number.NaN) }))).toThrow(RangeError);
    expect(() => decideContact(input({ uf: 'XX' }))).toThrow(/UF inválida/);
  });
});

describe('decideContact: properties', () => {
  const RUNS = { numRuns: 300, seed: 20_260_302 } as const;
  const START = utc('2026-01-01T00:00:00').getTime();
  const SPAN = 400 * 24 * 3_600_000; // covers Carnaval, Easter, July 9, 20 Nov, Christmas
  const instant = fc.integer({ min: 0, max: SPAN }).map((ms) => new Date(START + ms - (ms % 60_000)));
  const record = fc.record({
    offsetHours: fc.integer({ min: 1, max: 24 * 10 }),
    proactive: fc.boolean(),
    conversation: fc.boolean(),
  });
  const arbitraryInput = fc.record({
    at: instant,
    uf: fc.constantFrom('SP', 'RJ', 'AM', 'AC', 'MT', 'BA', 'PE', undefined),
    channel: fc.constantFrom('sms', 'whatsapp', 'email', 'phone', 'letter'),
    transactional: fc.boolean(),
    requestedNow: fc.boolean(),
    agreedByDebtor: fc.boolean(),
    records: fc.array(record, { maxLength: 8 }),
  });

  const build = (g: typeof arbitraryInput extends fc.Arbitrary<infer T> ? T : never): ContactInput =>
    input({
      at: g.at,
      uf: g.uf,
      channel: g.channel,
      transactional: g.transactional,
      requestedNow: g.requestedNow,
      agreedByDebtor: g.agreedByDebtor,
      history: g.records.map((r) => ({
        at: new Date(g.at.getTime() - r.offsetHours * 3_600_000),
        proactive: r.proactive,
        conversation: r.conversation,
      })),
    });

  const moment = (d: ContactDecision): Date | null =>
    d.status === 'send' ? d.at : d.status === 'deferred' ? d.until : null;

  it('a deferred or sent moment is inside the window (when it applies), caps allow it, and it is not before `at`', () => {
    fc.assert(
      fc.property(arbitraryInput, (g) => {
        const i = build(g);
        const d = decideContact(i);
        const t = moment(d);
        expect(t).not.toBeNull();
        if (!t) return;
        expect(t.getTime()).toBeGreaterThanOrEqual(i.at.getTime());
        if (windowApplies(i.channel, i.transactional, i.requestedNow))
          expect(isInsideWindow(t, i.uf)).toBe(true);
        const caps = checkCaps(i.history, t, i.uf, {
          transactional: i.transactional,
          agreedByDebtor: i.agreedByDebtor,
        });
        expect(caps).toEqual({ ok: true });
        if (d.status === 'send') expect(d.at).toBe(i.at);
        if (d.status === 'deferred') expect(d.reason.length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });

  it('deciding again at the deferred moment sends', () => {
    fc.assert(
      fc.property(arbitraryInput, (g) => {
        const i = build(g);
        const d = decideContact(i);
        if (d.status !== 'deferred') return;
        expect(decideContact({ ...i, at: d.until })).toEqual({ status: 'send', at: d.until });
      }),
      RUNS,
    );
  });
});

describe('decideContact: Amazonas, no phone or SMS collection before D+16 (Lei 4.644/2018)', () => {
  // Debt due Monday 2026-03-02. Day 15 of default is 2026-03-17 (Tuesday); D+16 is Wednesday 2026-03-18.
  const debts = [{ status: 'open', prescribed: false, dueDate: '2026-03-02' }];
  const amInput = (over: Partial<ContactInput>) =>
    input({ uf: 'AM', debts, at: utc('2026-03-17T15:00:00'), ...over }); // 11:00 Manaus, day 15

  it('an SMS on day 15 waits for D+16 at the window start (09:00 Manaus = 13:00Z)', () => {
    const d = decideContact(amInput({ channel: 'sms' }));
    expect(d).toMatchObject({ status: 'deferred', until: utc('2026-03-18T13:00:00') });
    if (d.status === 'deferred') {
      expect(d.reason).toContain('só a partir de 18/03/2026');
      expect(d.reason).toContain('4.644/2018');
    }
    expect(decideContact(amInput({ channel: 'phone' })).status).toBe('deferred');
  });

  it('on D+16 inside the window it is sent', () => {
    const at = utc('2026-03-18T15:00:00');
    expect(decideContact(amInput({ channel: 'sms', at }))).toEqual({ status: 'send', at });
  });

  it('the most recent open debt counts; e-mail, transactional and other states are not held', () => {
    const two = [...debts, { status: 'open', prescribed: false, dueDate: '2026-03-10' }];
    expect(
      decideContact(amInput({ channel: 'sms', debts: two, at: utc('2026-03-20T15:00:00') })),
    ).toMatchObject({ status: 'deferred', until: utc('2026-03-26T13:00:00') });
    expect(decideContact(amInput({ channel: 'email' })).status).toBe('send');
    expect(decideContact(amInput({ channel: 'sms', transactional: true, requestedNow: true })).status).toBe(
      'send',
    );
    expect(decideContact(amInput({ channel: 'sms', uf: 'SP' })).status).toBe('send');
    // An installment reminder: the debts are in an agreement, not open.
    const inAgreement = [{ status: 'in_agreement', prescribed: false, dueDate: '2026-03-10' }];
    expect(decideContact(amInput({ channel: 'sms', debts: inAgreement })).status).toBe('send');
  });
});
