import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  allowedDueDates,
  checkCallbackWindow,
  chooseCodeContact,
  describeContact,
  formatCode,
  lockRemainingSeconds,
  maskDocument,
  normalizeCode,
  normalizeVerificationCode,
  parseBirthDate,
  secondsUntilWindowEnds,
  sessionExpiry,
  sessionScope,
} from './portal.rules.ts';

const at = new Date('2026-11-23T14:00:00Z');

describe('identification lock', () => {
  it('locks for 30 minutes on the 5th failure and restarts the count after the lock', () => {
    let s = afterFailure(undefined, at);
    for (let i = 2; i <= 4; i++) s = afterFailure(s, at);
    expect(s).toEqual({ failedAttempts: 4, lockedUntil: null });
    s = afterFailure(s, at);
    expect(s.lockedUntil?.toISOString()).toBe('2026-11-23T14:30:00.000Z');
    expect(lockRemainingSeconds(s, at)).toBe(1800);
    const later = new Date('2026-11-23T14:31:00Z');
    expect(lockRemainingSeconds(s, later)).toBe(0);
    expect(afterFailure(s, later)).toEqual({ failedAttempts: 1, lockedUntil: null });
  });
});

describe('codes', () => {
  it('6 digits, spaces and hyphens ignored', () => {
    expect(formatCode(42)).toBe('000042');
    expect(normalizeCode(' 123-456 ')).toBe('123456');
    expect(normalizeCode('12345')).toBeNull();
    expect(normalizeCode('abcdef')).toBeNull();
  });

  it('SMS first, else WhatsApp, else e-mail; another held channel when asked; never one not held', () => {
    const held = [
      { channel: 'email' as const, address: 'ana@exemplo.com.br' },
      { channel: 'sms' as const, address: '+5511987654321' },
    ];
    expect(chooseCodeContact(held, undefined)?.channel).toBe('sms');
    expect(chooseCodeContact(held, 'email')?.channel).toBe('email');
    expect(chooseCodeContact(held, 'whatsapp')?.channel).toBe('sms');
    expect(chooseCodeContact([], 'sms')).toBeNull();
    expect(describeContact(held[1]!)).toBe('celular terminado em 21');
    expect(describeContact(held[0]!)).toBe('e-mail a***@exemplo.com.br');
  });
});

describe('sessions', () => {
  it('end after 20 idle minutes, and after 4 hours however active', () => {
    expect(sessionExpiry({ createdAt: at, lastSeenAt: at }).toISOString()).toBe('2026-11-23T14:20:00.000Z');
    const late = new Date('2026-11-23T17:50:00Z');
    expect(sessionExpiry({ createdAt: at, lastSeenAt: late }).toISOString()).toBe('2026-11-23T18:00:00.000Z');
  });

  it('Retry-After is the rest of the fixed window', () => {
    expect(secondsUntilWindowEnds(new Date('2026-11-23T14:05:00Z'), { windowSeconds: 600, max: 1 })).toBe(
      300,
    );
  });
});

describe('people and dates', () => {
  it('masks documents and reads birth dates as typed', () => {
    expect(maskDocument('52998224725')).toBe('***.982.247-**');
    expect(maskDocument('11222333000181')).toBe('**.222.333/0001-**');
    for (const typed of ['27/03/1985', '27031985', '27/3/1985', '27-03-1985', '27 3 1985', '1985-03-27']) {
      expect(parseBirthDate(typed), typed).toBe('1985-03-27');
    }
    expect(parseBirthDate('31/02/1985')).toBeNull();
  });

  it('due-date change: business days after the due date, before the next installment, not in the past', () => {
    const dates = allowedDueDates({
      today: '2026-11-23',
      dueDate: '2026-12-10',
      nextDueDate: '2026-12-18',
      isBusinessDay: (d) => ![0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay()),
    });
    expect(dates).toEqual(['2026-12-11', '2026-12-14', '2026-12-15', '2026-12-16', '2026-12-17']);
  });

  it('callback windows must fit the legal contact hours', () => {
    const legal = { localStart: '08:00', localEnd: '20:00' };
    expect(checkCallbackWindow({ from: '09:00', to: '12:00' }, legal)).toBeNull();
    expect(checkCallbackWindow({ from: '19:00', to: '21:00' }, legal)).toMatch(/entre 08:00 e 20:00/);
    expect(checkCallbackWindow({ from: '09:00', to: '09:10' }, legal)).toMatch(/30 minutos/);
    expect(checkCallbackWindow({ from: '09:00', to: '12:00' }, null)).toMatch(/não fazemos ligações/);
  });

  it('a verified code proves the person only to the creditors whose own birth date it matched', () => {
    const births = { a: '1985-05-05', b: '1990-01-01', c: null };
    // B's birth date with a contact only A vouches for: nobody.
    expect(sessionScope(['a'], births, '1990-01-01')).toEqual([]);
    expect(sessionScope(['b'], births, '1990-01-01')).toEqual(['b']);
    // A contact vouching for A, B and C: the one whose date matched, and C that sent none.
    expect(sessionScope(['a', 'b', 'c'], births, '1985-05-05')).toEqual(['a', 'c']);
    // A birth date is held by one of them and none was given (or none matches): nobody.
    expect(sessionScope(['a', 'c'], births, null)).toEqual([]);
    expect(sessionScope(['a', 'c'], births, '2000-01-01')).toEqual([]);
    // Nobody supplied one: the contact is the proof.
    expect(sessionScope(['c'], births, null)).toEqual(['c']);
    // A creditor no longer holding a debt of the person (not in the map) is never in scope.
    expect(sessionScope(['z'], births, null)).toEqual([]);
  });

  it('verification codes are read in any case, with or without hyphens', () => {
    expect(normalizeVerificationCode('a1b2-c3d4-e5f6')).toBe('A1B2C3D4E5F6');
    expect(normalizeVerificationCode('xyz')).toBeNull();
  });
});
