import { describe, expect, it } from 'vitest';
import {
  SUPPRESSION_LEGAL_BASIS,
  SUPPRESSION_PRECEDENCE,
  type SuppressionEntry,
  type SuppressionInput,
  type SuppressionKind,
  suppressionFor,
} from './suppression.rules.ts';

const AT = new Date('2026-03-02T15:00:00Z');
const LATER = new Date('2026-04-01T15:00:00Z');
const EARLIER = new Date('2026-02-01T15:00:00Z');

const OPEN = { status: 'open', prescribed: false };
const PRESCRIBED = { status: 'open', prescribed: true };
const SETTLED = { status: 'settled', prescribed: false };
const IN_AGREEMENT = { status: 'in_agreement', prescribed: false };

const input = (over: Partial<SuppressionInput> = {}): SuppressionInput => ({
  channel: 'sms',
  transactional: false,
  at: AT,
  suppressions: [],
  flags: {},
  debts: [OPEN],
  agreement: null,
  ...over,
});

const kindOf = (over: Partial<SuppressionInput>): SuppressionKind | null => {
  const r = suppressionFor(input(over));
  return r.suppressed ? r.kind : null;
};

const optOut = (channel?: string | null, until?: Date | null): SuppressionEntry => ({
  kind: 'opt_out',
  channel,
  until,
});
const dispute: SuppressionEntry = { kind: 'dispute' };
const hardship = (until?: Date | null): SuppressionEntry => ({ kind: 'hardship', until });
const repactuation: SuppressionEntry = { kind: 'repactuation' };

describe('suppressionFor: precedence matrix', () => {
  const everything: Partial<SuppressionInput> = {
    suppressions: [optOut(null), dispute, hardship(LATER), repactuation],
    flags: { deceased: true, vulnerable: true },
    debts: [PRESCRIBED, SETTLED],
    agreement: { status: 'paid' },
  };

  const cases: [string, Partial<SuppressionInput>, SuppressionKind | null][] = [
    ['nothing: open debt', {}, null],
    ['everything at once: deceased wins', everything, 'deceased'],
    ['deceased alone', { flags: { deceased: true } }, 'deceased'],
    ['deceased beats dispute', { flags: { deceased: true }, suppressions: [dispute] }, 'deceased'],
    ['dispute beats opt-out', { suppressions: [optOut(null), dispute] }, 'dispute'],
    ['repactuação alone (CDC art. 104-A)', { suppressions: [repactuation] }, 'repactuation'],
    [
      'repactuação beats opt-out and hardship',
      { suppressions: [optOut(null), hardship(LATER), repactuation] },
      'repactuation',
    ],
    [
      'dispute beats vulnerable and prescribed',
      { suppressions: [dispute], flags: { vulnerable: true }, debts: [PRESCRIBED] },
      'dispute',
    ],
    ['opt-out (all channels) beats hardship', { suppressions: [hardship(LATER), optOut(null)] }, 'opt_out'],
    ['opt-out of this channel', { suppressions: [optOut('sms')] }, 'opt_out'],
    ['opt-out of this channel, other case', { suppressions: [optOut('SMS')] }, 'opt_out'],
    ['opt-out of another channel does not apply', { suppressions: [optOut('email')] }, null],
    [
      'opt-out of another channel, hardship applies',
      { suppressions: [optOut('email'), hardship(null)] },
      'hardship',
    ],
    [
      'hardship beats vulnerable',
      { suppressions: [hardship(LATER)], flags: { vulnerable: true } },
      'hardship',
    ],
    ['hardship without end', { suppressions: [hardship(null)] }, 'hardship'],
    [
      'expired hardship: vulnerable applies',
      { suppressions: [hardship(EARLIER)], flags: { vulnerable: true } },
      'vulnerable',
    ],
    ['hardship ending exactly now has expired', { suppressions: [hardship(AT)] }, null],
    ['vulnerable beats prescribed', { flags: { vulnerable: true }, debts: [PRESCRIBED] }, 'vulnerable'],
    ['vulnerable: false is no flag', { flags: { vulnerable: false, deceased: false } }, null],
    ['all debts prescribed', { debts: [PRESCRIBED, PRESCRIBED] }, 'prescribed'],
    ['prescribed and settled: prescribed', { debts: [PRESCRIBED, SETTLED] }, 'prescribed'],
    ['one prescribed, one open: allowed (the caller leaves it out)', { debts: [PRESCRIBED, OPEN] }, null],
    [
      'prescribed but already settled: settled',
      { debts: [{ status: 'settled', prescribed: true }] },
      'settled',
    ],
    ['all debts settled', { debts: [SETTLED, { status: 'paid', prescribed: false }] }, 'settled'],
    ['settled beats paid agreement', { debts: [SETTLED], agreement: { status: 'paid' } }, 'settled'],
    ['one settled, one open', { debts: [SETTLED, OPEN] }, null],
    [
      'paid agreement, debts in agreement',
      { debts: [IN_AGREEMENT], agreement: { status: 'paid' } },
      'paid_agreement',
    ],
    ['paid agreement, no debts given', { debts: [], agreement: { status: 'paid' } }, 'paid_agreement'],
    ['paid agreement but an open debt', { debts: [IN_AGREEMENT, OPEN], agreement: { status: 'paid' } }, null],
    ['active agreement', { debts: [IN_AGREEMENT], agreement: { status: 'active' } }, null],
    ['broken agreement, debt open again', { debts: [OPEN], agreement: { status: 'broken' } }, null],
    ['no debts, no agreement', { debts: [] }, null],
    [
      'expired dispute and opt-out',
      { suppressions: [{ kind: 'dispute', until: EARLIER }, optOut(null, EARLIER)] },
      null,
    ],
    ['dispute scoped to another channel', { suppressions: [{ kind: 'dispute', channel: 'phone' }] }, null],
  ];

  it.each(cases)('%s', (_name, over, expected) => {
    expect(kindOf(over)).toBe(expected);
  });

  it('has at least 15 cases and covers every kind', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
    expect(new Set(cases.map((c) => c[2]).filter((k) => k !== null))).toEqual(
      new Set(SUPPRESSION_PRECEDENCE),
    );
  });

  it('removing the winning condition reveals the next kind, in the documented order', () => {
    // Build the full stack, then peel one layer at a time.
    const layers: [SuppressionKind, (s: SuppressionInput) => void][] = [
      ['deceased', (s) => (s.flags = { ...s.flags, deceased: false })],
      ['dispute', (s) => (s.suppressions = s.suppressions.filter((x) => x.kind !== 'dispute'))],
      ['repactuation', (s) => (s.suppressions = s.suppressions.filter((x) => x.kind !== 'repactuation'))],
      ['opt_out', (s) => (s.suppressions = s.suppressions.filter((x) => x.kind !== 'opt_out'))],
      ['hardship', (s) => (s.suppressions = s.suppressions.filter((x) => x.kind !== 'hardship'))],
      ['vulnerable', (s) => (s.flags = { ...s.flags, vulnerable: false })],
      ['prescribed', (s) => (s.debts = [SETTLED])],
      ['settled', (s) => (s.debts = [IN_AGREEMENT])],
      ['paid_agreement', (s) => (s.agreement = { status: 'active' })],
    ];
    const s = input(everything);
    const seen: SuppressionKind[] = [];
    for (const [kind, peel] of layers) {
      const r = suppressionFor(s);
      expect(r.suppressed && r.kind).toBe(kind);
      if (r.suppressed) seen.push(r.kind);
      peel(s);
    }
    expect(seen).toEqual([...SUPPRESSION_PRECEDENCE]);
    expect(suppressionFor(s)).toEqual({ suppressed: false });
  });
});

describe('suppressionFor: transactional messages', () => {
  const tx = (over: Partial<SuppressionInput>) => kindOf({ transactional: true, ...over });

  it('are blocked by deceased', () => {
    expect(tx({ flags: { deceased: true } })).toBe('deceased');
  });

  it('are blocked by an opt-out covering the channel', () => {
    expect(tx({ suppressions: [optOut('sms')] })).toBe('opt_out');
    expect(tx({ suppressions: [optOut(null)] })).toBe('opt_out');
    expect(tx({ suppressions: [optOut('email')] })).toBeNull();
    expect(tx({ channel: 'email', suppressions: [optOut('sms')] })).toBeNull();
  });

  it('go out to a disputing, paused, vulnerable or paid-up debtor (receipts, codes)', () => {
    expect(tx({ suppressions: [dispute] })).toBeNull();
    expect(tx({ suppressions: [hardship(null)] })).toBeNull();
    expect(tx({ flags: { vulnerable: true } })).toBeNull();
    expect(tx({ debts: [PRESCRIBED] })).toBeNull();
    expect(tx({ debts: [SETTLED] })).toBeNull();
    expect(tx({ debts: [IN_AGREEMENT], agreement: { status: 'paid' } })).toBeNull();
  });

  it('a dispute does not hide an opt-out for transactional messages', () => {
    expect(tx({ suppressions: [dispute, optOut('sms')] })).toBe('opt_out');
    // For a proactive message the dispute is reported first.
    expect(kindOf({ suppressions: [dispute, optOut('sms')] })).toBe('dispute');
  });
});

describe('suppressionFor: details', () => {
  it('reports reason, legal basis and the end of a time-limited suppression', () => {
    expect(suppressionFor(input({ suppressions: [hardship(LATER)] }))).toEqual({
      suppressed: true,
      kind: 'hardship',
      reason: 'pausa por dificuldade financeira até 01/04/2026',
      legalBasis: SUPPRESSION_LEGAL_BASIS.hardship,
      until: LATER,
    });
    expect(suppressionFor(input({ suppressions: [hardship(null)] }))).toEqual({
      suppressed: true,
      kind: 'hardship',
      reason: 'pausa por dificuldade financeira',
      legalBasis: SUPPRESSION_LEGAL_BASIS.hardship,
    });
  });

  it('the longest of several active entries of a kind is reported', () => {
    const r = suppressionFor(
      input({ suppressions: [hardship(LATER), hardship(new Date('2026-03-10T00:00:00Z'))] }),
    );
    expect(r).toMatchObject({ kind: 'hardship', until: LATER });
    const open = suppressionFor(input({ suppressions: [hardship(LATER), hardship(null)] }));
    expect(open.suppressed && 'until' in open).toBe(false);
  });

  it('an expiring hardship pause: applies one millisecond before its end, not at it', () => {
    const until = new Date('2026-03-10T03:00:00Z');
    expect(kindOf({ at: new Date(until.getTime() - 1), suppressions: [hardship(until)] })).toBe('hardship');
    expect(kindOf({ at: until, suppressions: [hardship(until)] })).toBeNull();
    expect(kindOf({ at: new Date(until.getTime() + 1), suppressions: [hardship(until)] })).toBeNull();
  });

  it('names the channel of an opt-out', () => {
    expect(suppressionFor(input({ channel: 'WhatsApp', suppressions: [optOut('whatsapp')] }))).toMatchObject({
      kind: 'opt_out',
      reason: 'o devedor pediu para não ser contatado por whatsapp',
    });
    expect(suppressionFor(input({ suppressions: [optOut(null)] }))).toMatchObject({
      reason: 'o devedor pediu para não ser contatado por nenhum canal',
    });
  });

  it('every kind has a legal basis citing the law', () => {
    for (const kind of SUPPRESSION_PRECEDENCE) expect(SUPPRESSION_LEGAL_BASIS[kind], kind).toMatch(/art\. /);
    // Issue 12 item 17: the right sources (REsp 2.088.100/SP for prescription; CDC arts. 42 and 6º III
    // for a dispute, not CC art. 940; LGPD art. 6º and CDC art. 42 for an opt-out, not art. 18 §2º).
    expect(suppressionFor(input({ debts: [PRESCRIBED] }))).toMatchObject({
      reason: 'dívida prescrita: não pode ser cobrada',
      legalBasis: expect.stringContaining('REsp 2.088.100/SP'),
    });
    expect(SUPPRESSION_LEGAL_BASIS.dispute).toContain('art. 6º III');
    expect(SUPPRESSION_LEGAL_BASIS.dispute).not.toContain('940');
    expect(SUPPRESSION_LEGAL_BASIS.opt_out).toContain('LGPD art. 6º');
    expect(SUPPRESSION_LEGAL_BASIS.opt_out).not.toContain('18 §2º');
    expect(SUPPRESSION_LEGAL_BASIS.repactuation).toContain('CDC art. 104-A');
    expect(suppressionFor(input({ suppressions: [repactuation] }))).toMatchObject({
      reason: 'repactuação de dívidas em andamento (CDC art. 104-A): cobrança suspensa e encargos congelados',
    });
    // A receipt still goes out during a repactuação.
    expect(suppressionFor(input({ suppressions: [repactuation], transactional: true }))).toEqual({
      suppressed: false,
    });
    expect(suppressionFor(input({ flags: { vulnerable: true } }))).toMatchObject({
      legalBasis: expect.stringContaining('CDC art. 39 IV'),
    });
  });

  it('refuses an invalid instant', () => {
    expect(() => suppressionFor(input({ at: new Date(Number.NaN) }))).toThrow(RangeError);
  });
});

describe('debts disputed on the portal', () => {
  it('suppresses collection about a disputed debt only, and never a transactional message', () => {
    const at = new Date('2026-11-23T14:00:00Z');
    const base = { channel: 'sms', at, suppressions: [], flags: {} };
    const disputed = { status: 'disputed', prescribed: false };
    expect(suppressionFor({ ...base, transactional: false, debts: [disputed] })).toMatchObject({
      suppressed: true,
      kind: 'dispute',
    });
    expect(suppressionFor({ ...base, transactional: false, debts: [disputed, OPEN] })).toEqual({
      suppressed: false,
    });
    expect(suppressionFor({ ...base, transactional: true, debts: [disputed] })).toEqual({
      suppressed: false,
    });
  });
});
