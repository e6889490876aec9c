import { describe, expect, it } from 'vitest';
import { type CapsConfig, type ContactRecord, checkCaps, DEFAULT_CAPS } from './caps.rules.ts';

const utc = (iso: string) => new Date(`${iso}Z`);
const proactive = (iso: string, conversation = false): ContactRecord => ({
  at: utc(iso),
  proactive: true,
  conversation,
});
const inbound = (iso: string): ContactRecord => ({ at: utc(iso), proactive: false, conversation: true });
const receipt = (iso: string): ContactRecord => ({ at: utc(iso), proactive: false });

const PROACTIVE = { transactional: false };
/** Only the rolling cap matters: no daily cap in practice, no quiet period. */
const ROLLING_ONLY: CapsConfig = { perDay: 100, perRolling7Days: 3, quietDaysAfterConversation: 0 };
/** Only the daily cap matters. */
const DAILY_ONLY: CapsConfig = { perDay: 1, perRolling7Days: 100, quietDaysAfterConversation: 0 };

describe('checkCaps defaults', () => {
  it('1 per day, 3 per rolling 7 days, 7 quiet days after a conversation', () => {
    expect(DEFAULT_CAPS).toEqual({ perDay: 1, perRolling7Days: 3, quietDaysAfterConversation: 7 });
  });

  it('an empty history allows a contact', () => {
    expect(checkCaps([], utc('2026-03-02T13:00:00'), 'SP', PROACTIVE)).toEqual({ ok: true });
  });
});

describe('rolling 7 days (168 h)', () => {
  // Contacts on Mon 2, Tue 3 and Wed 4 March 2026 at 10:00 in SP (13:00Z).
  const history = [
    proactive('2026-03-02T13:00:00'),
    proactive('2026-03-03T13:00:00'),
    proactive('2026-03-04T13:00:00'),
  ];

  it('blocks days 4 to 7 until the first contact leaves the window, exactly 168 h later', () => {
    for (const at of [
      '2026-03-05T13:00:00',
      '2026-03-06T20:00:00',
      '2026-03-08T13:00:00',
      '2026-03-09T12:59:59',
    ]) {
      const result = checkCaps(history, utc(at), 'SP', PROACTIVE);
      expect(result, at).toEqual({
        ok: false,
        reason: 'limite de 3 contatos em 7 dias atingido',
        retryAt: utc('2026-03-09T13:00:00'),
      });
    }
    expect(checkCaps(history, utc('2026-03-09T13:00:00'), 'SP', PROACTIVE)).toEqual({ ok: true });
    expect(checkCaps(history, utc('2026-03-09T18:00:00'), 'SP', PROACTIVE)).toEqual({ ok: true });
  });

  it('with 4 contacts in the window, waits until two have left', () => {
    const four = [...history, proactive('2026-03-05T13:00:00')];
    expect(checkCaps(four, utc('2026-03-06T13:00:00'), 'SP', PROACTIVE, ROLLING_ONLY)).toMatchObject({
      ok: false,
      retryAt: utc('2026-03-10T13:00:00'),
    });
  });

  it('counts only proactive contacts: receipts and inbound replies do not count', () => {
    const mixed = [
      proactive('2026-03-02T13:00:00'),
      receipt('2026-03-03T13:00:00'),
      receipt('2026-03-03T14:00:00'),
      proactive('2026-03-04T13:00:00'),
    ];
    expect(checkCaps(mixed, utc('2026-03-05T13:00:00'), 'SP', PROACTIVE)).toEqual({ ok: true });
  });

  it('ignores records dated after the instant checked', () => {
    expect(checkCaps(history, utc('2026-03-04T12:00:00'), 'SP', PROACTIVE, ROLLING_ONLY)).toEqual({
      ok: true,
    });
  });

  it('a custom weekly cap', () => {
    const config: CapsConfig = { ...ROLLING_ONLY, perRolling7Days: 1 };
    expect(checkCaps(history.slice(0, 1), utc('2026-03-05T13:00:00'), 'SP', PROACTIVE, config)).toEqual({
      ok: false,
      reason: 'limite de 1 contato em 7 dias atingido',
      retryAt: utc('2026-03-09T13:00:00'),
    });
  });
});

describe('per local calendar day', () => {
  it('blocks a second contact on the same local day until local midnight', () => {
    const history = [proactive('2026-03-02T12:00:00')]; // 09:00 in SP
    expect(checkCaps(history, utc('2026-03-02T20:00:00'), 'SP', PROACTIVE)).toEqual({
      ok: false,
      reason: 'limite de 1 contato por dia atingido',
      retryAt: utc('2026-03-03T03:00:00'),
    });
    expect(checkCaps(history, utc('2026-03-03T03:00:00'), 'SP', PROACTIVE, DAILY_ONLY)).toEqual({ ok: true });
  });

  it('the local day depends on the state: 23:30 in SP is 22:30 in AM', () => {
    // A contact at 23:30 SP / 22:30 AM on 2 March (02:30Z on 3 March).
    const history = [proactive('2026-03-03T02:30:00')];
    const at = utc('2026-03-03T03:30:00'); // 00:30 on 3 March in SP, 23:30 on 2 March in AM
    expect(checkCaps(history, at, 'SP', PROACTIVE, DAILY_ONLY)).toEqual({ ok: true });
    expect(checkCaps(history, at, 'AM', PROACTIVE, DAILY_ONLY)).toEqual({
      ok: false,
      reason: 'limite de 1 contato por dia atingido',
      retryAt: utc('2026-03-03T04:00:00'), // midnight in Manaus
    });
    expect(checkCaps(history, utc('2026-03-03T04:00:00'), 'AM', PROACTIVE, DAILY_ONLY)).toEqual({ ok: true });
    // In Acre (UTC−5) midnight comes at 05:00Z.
    expect(checkCaps(history, utc('2026-03-03T04:30:00'), 'AC', PROACTIVE, DAILY_ONLY)).toMatchObject({
      ok: false,
      retryAt: utc('2026-03-03T05:00:00'),
    });
  });

  it('a custom daily cap of 2', () => {
    const config: CapsConfig = { ...DAILY_ONLY, perDay: 2 };
    const one = [proactive('2026-03-02T12:00:00')];
    const two = [...one, proactive('2026-03-02T15:00:00')];
    expect(checkCaps(one, utc('2026-03-02T20:00:00'), 'SP', PROACTIVE, config)).toEqual({ ok: true });
    expect(checkCaps(two, utc('2026-03-02T20:00:00'), 'SP', PROACTIVE, config)).toMatchObject({
      ok: false,
      reason: 'limite de 2 contatos por dia atingido',
    });
  });
});

describe('transactional messages', () => {
  it('are never blocked, whatever the history', () => {
    const crowded = [
      proactive('2026-03-02T13:00:00', true),
      proactive('2026-03-03T13:00:00'),
      proactive('2026-03-04T13:00:00'),
      proactive('2026-03-05T12:00:00'),
    ];
    expect(checkCaps(crowded, utc('2026-03-05T13:00:00'), 'SP', { transactional: true })).toEqual({
      ok: true,
    });
  });

  it('are not counted (recorded as non-proactive)', () => {
    const receipts = [
      receipt('2026-03-02T12:00:00'),
      receipt('2026-03-02T13:00:00'),
      receipt('2026-03-02T14:00:00'),
    ];
    expect(checkCaps(receipts, utc('2026-03-02T15:00:00'), 'SP', PROACTIVE)).toEqual({ ok: true });
  });
});

describe('quiet period after a conversation', () => {
  // The debtor replied on Mon 2 March at 12:00 SP (15:00Z).
  const history = [inbound('2026-03-02T15:00:00')];

  it('no proactive contact for 7 × 24 h after the conversation', () => {
    expect(checkCaps(history, utc('2026-03-05T13:00:00'), 'SP', PROACTIVE)).toEqual({
      ok: false,
      reason: 'conversa com o devedor em 02/03/2026: sem contato ativo por 7 dias, salvo combinado com ele',
      retryAt: utc('2026-03-09T15:00:00'),
    });
    expect(checkCaps(history, utc('2026-03-09T14:59:59'), 'SP', PROACTIVE)).toMatchObject({ ok: false });
    expect(checkCaps(history, utc('2026-03-09T15:00:00'), 'SP', PROACTIVE)).toEqual({ ok: true });
  });

  it('the latest conversation counts, including a proactive call the debtor talked in', () => {
    const later = [...history, proactive('2026-03-04T15:00:00', true)];
    expect(checkCaps(later, utc('2026-03-10T13:00:00'), 'SP', PROACTIVE)).toMatchObject({
      ok: false,
      retryAt: utc('2026-03-11T15:00:00'),
    });
  });

  it('a contact the debtor agreed to lifts the quiet period', () => {
    const at = utc('2026-03-05T13:00:00');
    expect(checkCaps(history, at, 'SP', { transactional: false, agreedByDebtor: true })).toEqual({
      ok: true,
    });
    expect(checkCaps(history, at, 'SP', { transactional: false, agreedByDebtor: false })).toMatchObject({
      ok: false,
    });
  });

  it('a contact the debtor agreed to also lifts the weekly cap, but not the daily one', () => {
    const busy = [
      proactive('2026-03-02T13:00:00', true),
      proactive('2026-03-03T13:00:00'),
      proactive('2026-03-04T13:00:00'),
    ];
    const agreed = { transactional: false, agreedByDebtor: true };
    expect(checkCaps(busy, utc('2026-03-05T13:00:00'), 'SP', agreed)).toEqual({ ok: true });
    expect(checkCaps(busy, utc('2026-03-04T18:00:00'), 'SP', agreed)).toEqual({
      ok: false,
      reason: 'limite de 1 contato por dia atingido',
      retryAt: utc('2026-03-05T03:00:00'),
    });
  });

  it('quiet period 0 disables it', () => {
    expect(checkCaps(history, utc('2026-03-03T13:00:00'), 'SP', PROACTIVE, DAILY_ONLY)).toEqual({ ok: true });
  });
});

describe('several caps at once', () => {
  it('retryAt is the first instant at which no cap blocks; the reason is the longest block', () => {
    const history = [
      proactive('2026-03-02T13:00:00'),
      proactive('2026-03-03T13:00:00'),
      inbound('2026-03-03T20:00:00'),
      proactive('2026-03-04T13:00:00'),
    ];
    // Daily cap until 5 March 03:00Z, weekly until 9 March 13:00Z, quiet until 10 March 20:00Z.
    const result = checkCaps(history, utc('2026-03-04T18:00:00'), 'SP', PROACTIVE);
    expect(result).toEqual({
      ok: false,
      reason: 'conversa com o devedor em 03/03/2026: sem contato ativo por 7 dias, salvo combinado com ele',
      retryAt: utc('2026-03-10T20:00:00'),
    });
  });

  it('re-checks at retryAt: a record after the instant can push it further', () => {
    // Weekly cap until 9 March 13:00Z; a contact recorded on 9 March at 09:00 SP is then in the window.
    const history = [
      proactive('2026-03-02T13:00:00'),
      proactive('2026-03-03T13:00:00'),
      proactive('2026-03-04T13:00:00'),
      proactive('2026-03-09T12:00:00'),
    ];
    const result = checkCaps(history, utc('2026-03-05T13:00:00'), 'SP', PROACTIVE);
    expect(result).toMatchObject({ ok: false, reason: 'limite de 3 contatos em 7 dias atingido' });
    if (result.ok) return;
    // At 9 March 13:00Z the contacts of 3, 4 and 9 March fill the 168 h window: wait until 3 March leaves.
    expect(result.retryAt).toEqual(utc('2026-03-10T13:00:00'));
    expect(checkCaps(history, result.retryAt, 'SP', PROACTIVE)).toEqual({ ok: true });
    expect(checkCaps(history, new Date(result.retryAt.getTime() - 1), 'SP', PROACTIVE).ok).toBe(false);
  });
});

describe('validation', () => {
  it('refuses invalid configurations and instants', () => {
    const at = utc('2026-03-02T13:00:00');
    expect(() => checkCaps([], at, 'SP', PROACTIVE, { ...DEFAULT_CAPS, perDay: 0 })).toThrow(RangeError);
    expect(() => checkCaps([], at, 'SP', PROACTIVE, { ...DEFAULT_CAPS, perRolling7Days: 1.5 })).toThrow(
      RangeError,
    );
    expect(() =>
      checkCaps([], at, 'SP', PROACTIVE, { ...DEFAULT_CAPS, quietDaysAfterConversation: -1 }),
    ).toThrow(RangeError);
    expect(() => checkCaps([], new Date(Number.NaN), 'SP', PROACTIVE)).toThrow(RangeError);
    expect(() => checkCaps([], at, 'XX', PROACTIVE)).toThrow(/UF inválida/);
  });
});
