import { describe, expect, it } from 'vitest';
import { cancellationRight } from './cancellation.rules.ts';

describe('cancellationRight: 7 days to withdraw from an agreement made online or by phone (CDC art. 49)', () => {
  const signed = { origin: 'online' as const, signedOn: '2026-03-02', status: 'active' };

  it('signed 02/03: may cancel through 09/03 (7 days counted from the next day), not on 10/03', () => {
    expect(cancellationRight(signed, '2026-03-02')).toEqual({ allowed: true, lastDay: '2026-03-09' });
    expect(cancellationRight(signed, '2026-03-09')).toEqual({ allowed: true, lastDay: '2026-03-09' });
    const late = cancellationRight(signed, '2026-03-10');
    expect(late.allowed).toBe(false);
    if (!late.allowed) expect(late.reason).toContain('terminou em 09/03/2026');
  });

  it('by phone too, and a paid agreement too; not in person, not twice, not a broken one', () => {
    expect(cancellationRight({ ...signed, origin: 'phone' }, '2026-03-05').allowed).toBe(true);
    expect(cancellationRight({ ...signed, status: 'paid' }, '2026-03-05').allowed).toBe(true);
    expect(cancellationRight({ ...signed, origin: 'in_person' }, '2026-03-03').allowed).toBe(false);
    expect(cancellationRight({ ...signed, status: 'cancelled' }, '2026-03-03').allowed).toBe(false);
    expect(cancellationRight({ ...signed, status: 'broken' }, '2026-03-03').allowed).toBe(false);
  });
});
