import { describe, expect, it } from 'vitest';
import { UFS } from '../../platform/br-fields.ts';
import {
  DEFAULT_STATE_CONTACT_RULE,
  DEFAULT_WINDOW_CONFIG,
  isInsideWindow,
  localDateTime,
  nextAllowedMoment,
  nextLocalMidnight,
  STATE_CONTACT_RULES,
  stateContactRule,
  UF_TIME_ZONES,
  type WindowConfig,
  whyNoWindow,
  whyOutsideWindow,
  windowOn,
} from './window.rules.ts';

const utc = (iso: string) => new Date(`${iso}Z`);

/** Local wall-clock time in an IANA zone, as 'YYYY-MM-DD HH:MM', from the platform's tz database. */
function intlLocal(at: Date, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

// 2026-03-02 is a Monday; 2026-03-07 a Saturday, 2026-03-08 a Sunday.
describe('localDateTime', () => {
  it('uses the state offset: SP UTC−3, AM/MT UTC−4, AC UTC−5', () => {
    const at = utc('2026-03-02T02:30:00');
    expect(localDateTime(at, 'SP')).toEqual({ date: '2026-03-01', time: '23:30', weekday: 0 });
    expect(localDateTime(at, 'RJ')).toEqual({ date: '2026-03-01', time: '23:30', weekday: 0 });
    expect(localDateTime(at, 'AM')).toEqual({ date: '2026-03-01', time: '22:30', weekday: 0 });
    expect(localDateTime(at, 'MT')).toEqual({ date: '2026-03-01', time: '22:30', weekday: 0 });
    expect(localDateTime(at, 'AC')).toEqual({ date: '2026-03-01', time: '21:30', weekday: 0 });
    expect(localDateTime(utc('2026-03-02T05:00:00'), 'AC')).toEqual({
      date: '2026-03-02',
      time: '00:00',
      weekday: 1,
    });
  });

  it('without a state: Brasília time', () => {
    expect(localDateTime(utc('2026-03-02T11:00:00'), undefined)).toEqual({
      date: '2026-03-02',
      time: '08:00',
      weekday: 1,
    });
  });

  it('no daylight-saving time since Decreto 9.772/2019: November and February stay UTC−3 in SP', () => {
    // Until 2018 São Paulo was UTC−2 from November to February.
    expect(localDateTime(utc('2026-11-16T11:00:00'), 'SP').time).toBe('08:00');
    expect(localDateTime(utc('2026-02-02T11:00:00'), 'SP').time).toBe('08:00');
    expect(localDateTime(utc('2019-12-16T11:00:00'), 'SP').time).toBe('08:00');
    expect(intlLocal(utc('2026-11-16T11:00:00'), 'America/Sao_Paulo')).toBe('2026-11-16 08:00');
  });

  it('matches the tz database (Intl) for every state, 2020–2026', () => {
    const instants: Date[] = [];
    for (let year = 2020; year <= 2026; year += 1) {
      for (const month of ['01', '02', '04', '07', '10', '11', '12']) {
        for (const hour of ['00:15', '03:00', '11:00', '23:59'])
          instants.push(utc(`${year}-${month}-15T${hour}:00`));
      }
    }
    for (const uf of UFS) {
      const { zone } = UF_TIME_ZONES[uf];
      for (const at of instants) {
        const local = localDateTime(at, uf);
        expect(`${local.date} ${local.time}`, `${uf} ${at.toISOString()}`).toBe(intlLocal(at, zone));
      }
    }
  });

  it('lists the western Amazonas zone (America/Eirunepe, UTC−5) as a second offset', () => {
    expect(UF_TIME_ZONES.AM.offsets).toEqual([-240, -300]);
    expect(intlLocal(utc('2026-03-02T13:00:00'), 'America/Eirunepe')).toBe('2026-03-02 08:00');
    expect(intlLocal(utc('2026-03-02T13:00:00'), 'America/Manaus')).toBe('2026-03-02 09:00');
    for (const uf of UFS) {
      if (uf !== 'AM') expect(UF_TIME_ZONES[uf].offsets, uf).toEqual([UF_TIME_ZONES[uf].offsetMinutes]);
    }
  });

  it('accepts a lowercase UF and refuses an unknown one', () => {
    expect(localDateTime(utc('2026-03-02T02:30:00'), 'am').time).toBe('22:30');
    expect(() => localDateTime(utc('2026-03-02T02:30:00'), 'XX')).toThrow(/UF inválida/);
    expect(() => localDateTime(new Date(Number.NaN), 'SP')).toThrow(RangeError);
  });

  it('nextLocalMidnight is the start of the next local day', () => {
    // 02:30Z on 3 March is 23:30 on 2 March in SP and 22:30 in AM.
    expect(nextLocalMidnight(utc('2026-03-03T02:30:00'), 'SP')).toEqual(utc('2026-03-03T03:00:00'));
    expect(nextLocalMidnight(utc('2026-03-03T03:00:00'), 'SP')).toEqual(utc('2026-03-04T03:00:00'));
    expect(nextLocalMidnight(utc('2026-03-03T02:30:00'), 'AM')).toEqual(utc('2026-03-03T04:00:00'));
  });
});

describe('windowOn', () => {
  it('SP weekday 08:00–20:00 local, Saturday 08:00–14:00, no Sunday', () => {
    expect(windowOn('2026-03-02', 'SP')).toEqual({
      date: '2026-03-02',
      localStart: '08:00',
      localEnd: '20:00',
      start: utc('2026-03-02T11:00:00'),
      end: utc('2026-03-02T23:00:00'),
    });
    expect(windowOn('2026-03-07', 'SP')).toMatchObject({
      localStart: '08:00',
      localEnd: '14:00',
      start: utc('2026-03-07T11:00:00'),
      end: utc('2026-03-07T17:00:00'),
    });
    expect(windowOn('2026-03-08', 'SP')).toBeNull();
  });

  it('other zones: MT and AC in their own local time', () => {
    expect(windowOn('2026-03-02', 'MT')).toMatchObject({
      localStart: '08:00',
      localEnd: '20:00',
      start: utc('2026-03-02T12:00:00'),
      end: utc('2026-03-03T00:00:00'),
    });
    expect(windowOn('2026-03-02', 'AC')).toMatchObject({
      localStart: '08:00',
      localEnd: '20:00',
      start: utc('2026-03-02T13:00:00'),
      end: utc('2026-03-03T01:00:00'),
    });
  });

  it('AM (Lei 4.644/2018): 08:00 in the west (09:00 Manaus) to 18:00 Manaus, weekdays only', () => {
    const w = windowOn('2026-03-02', 'AM');
    // 09:00 Manaus (UTC−4) = 13:00Z; 18:00 Manaus = 22:00Z (17:00 in the UTC−5 west).
    expect(w).toMatchObject({
      localStart: '09:00',
      localEnd: '18:00',
      start: utc('2026-03-02T13:00:00'),
      end: utc('2026-03-02T22:00:00'),
    });
    expect(intlLocal(w!.start, 'America/Eirunepe')).toBe('2026-03-02 08:00');
    expect(intlLocal(w!.end, 'America/Manaus')).toBe('2026-03-02 18:00');
    expect(intlLocal(w!.end, 'America/Eirunepe')).toBe('2026-03-02 17:00');
    expect(windowOn('2026-03-07', 'AM')).toBeNull(); // Saturday
    expect(whyNoWindow('2026-03-07', 'AM')).toBe('sem janela de contato configurada (sábado)');
  });

  it('ES (Lei 10.626/2017): Monday to Friday 08:00–19:00, no Saturday', () => {
    // 08:00 Vitória (UTC−3) = 11:00Z; 19:00 = 22:00Z.
    expect(windowOn('2026-03-02', 'ES')).toMatchObject({
      localStart: '08:00',
      localEnd: '19:00',
      start: utc('2026-03-02T11:00:00'),
      end: utc('2026-03-02T22:00:00'),
    });
    expect(windowOn('2026-03-07', 'ES')).toBeNull();
    expect(isInsideWindow(utc('2026-03-02T21:59:00'), 'ES')).toBe(true);
    expect(isInsideWindow(utc('2026-03-02T22:00:00'), 'ES')).toBe(false); // 19:00 in Vitória
    // São Paulo at the same instant (19:00) is still inside its 08:00–20:00 window.
    expect(isInsideWindow(utc('2026-03-02T22:00:00'), 'SP')).toBe(true);
    // Saturday 10:00 Vitória: SP/AL would allow it, ES does not; the next window is Monday 08:00.
    expect(nextAllowedMoment(utc('2026-03-07T13:00:00'), 'ES').at).toEqual(utc('2026-03-09T11:00:00'));
  });

  it('one table by state, each rule with its source; states without a law get the SP window', () => {
    expect(Object.keys(STATE_CONTACT_RULES).sort()).toEqual(['AL', 'AM', 'ES', 'SP']);
    expect(stateContactRule('SP').source).toContain('15.426/2014');
    expect(stateContactRule('AL').source).toContain('7.782/2016');
    expect(stateContactRule('AL').channelsInLaw).toContain('sms');
    expect(stateContactRule('ES').source).toContain('10.626/2017');
    expect(stateContactRule('AM').source).toContain('4.644/2018');
    expect(stateContactRule('AM').collectionFromDayOverdue).toBe(16);
    expect(stateContactRule('MG')).toBe(DEFAULT_STATE_CONTACT_RULE);
    expect(stateContactRule(undefined)).toBe(DEFAULT_STATE_CONTACT_RULE);
    expect(windowOn('2026-03-07', 'MG')).toMatchObject({ localStart: '08:00', localEnd: '14:00' });
    expect(windowOn('2026-03-07', 'AL')).toMatchObject({ localStart: '08:00', localEnd: '14:00' });
    expect(DEFAULT_WINDOW_CONFIG.byState?.ES).toBe(STATE_CONTACT_RULES.ES!.week);
  });

  it('national holidays: none on 1 January, Good Friday, Tiradentes, Christmas', () => {
    for (const date of ['2026-01-01', '2026-04-03', '2026-04-21', '2026-12-25']) {
      expect(windowOn(date, 'SP'), date).toBeNull();
      expect(windowOn(date, undefined), date).toBeNull();
    }
    expect(whyNoWindow('2026-01-01', 'SP')).toBe('feriado: Ano Novo');
  });

  it('Consciência Negra (20 Nov) is national from 2024 (Lei 14.759/2023), in every state', () => {
    for (const date of ['2024-11-20', '2025-11-20', '2026-11-20']) {
      for (const uf of ['SP', 'RJ', 'AM', 'AC', 'MT', 'BA', undefined]) {
        expect(windowOn(date, uf), `${date} ${uf}`).toBeNull();
        expect(whyNoWindow(date, uf)).toBe('feriado: Dia da Consciência Negra');
      }
    }
  });

  it('Carnaval and Corpus Christi: no window (banking holidays in the platform calendar)', () => {
    // Not federal holidays, but the calendar treats them as non-business days and so do the windows.
    expect(windowOn('2026-02-16', 'SP')).toBeNull();
    expect(windowOn('2026-02-17', 'RJ')).toBeNull();
    expect(whyNoWindow('2026-02-17', 'SP')).toBe('feriado: Carnaval');
    expect(windowOn('2026-06-04', 'SP')).toBeNull();
    // Carnaval Saturday and Ash Wednesday are ordinary days.
    expect(windowOn('2026-02-14', 'SP')).toMatchObject({ localStart: '08:00', localEnd: '14:00' });
    expect(windowOn('2026-02-18', 'SP')).toMatchObject({ localStart: '08:00', localEnd: '20:00' });
  });

  it('state holidays apply only in their state', () => {
    // SP: Revolução Constitucionalista, 9 July (Thu in 2026).
    expect(windowOn('2026-07-09', 'SP')).toBeNull();
    expect(whyNoWindow('2026-07-09', 'SP')).toBe('feriado: Revolução Constitucionalista');
    expect(windowOn('2026-07-09', 'RJ')).not.toBeNull();
    expect(windowOn('2026-07-09', undefined)).not.toBeNull();
    // RJ: São Jorge, 23 April (Thu in 2026).
    expect(windowOn('2026-04-23', 'RJ')).toBeNull();
    expect(whyNoWindow('2026-04-23', 'RJ')).toBe('feriado: Dia de São Jorge');
    expect(windowOn('2026-04-23', 'SP')).not.toBeNull();
    // AC: state anniversary, 15 June (Mon in 2026).
    expect(windowOn('2026-06-15', 'AC')).toBeNull();
    expect(windowOn('2026-06-15', 'AM')).not.toBeNull();
  });

  it('per-state override in the configuration', () => {
    const config: WindowConfig = {
      ...DEFAULT_WINDOW_CONFIG,
      byState: {
        RJ: {
          weekdays: { start: '09:00', end: '18:00' },
          saturday: null,
          sunday: { start: '10:00', end: '12:00' },
        },
      },
    };
    expect(windowOn('2026-03-02', 'RJ', config)).toMatchObject({
      localStart: '09:00',
      localEnd: '18:00',
      start: utc('2026-03-02T12:00:00'),
    });
    expect(windowOn('2026-03-07', 'RJ', config)).toBeNull();
    expect(whyNoWindow('2026-03-07', 'RJ', config)).toBe('sem janela de contato configurada (sábado)');
    expect(windowOn('2026-03-08', 'RJ', config)).toMatchObject({ localStart: '10:00', localEnd: '12:00' });
    expect(whyNoWindow('2026-03-08', 'RJ', config)).toBeNull();
    // A configured Sunday does not open holidays (15 Nov 2026 is a Sunday).
    expect(windowOn('2026-11-15', 'RJ', config)).toBeNull();
    // Other states keep the default.
    expect(windowOn('2026-03-02', 'SP', config)).toMatchObject({ localStart: '08:00', localEnd: '20:00' });
    expect(windowOn('2026-03-07', 'SP', config)).not.toBeNull();
  });

  it('refuses invalid dates and windows', () => {
    expect(() => windowOn('2026-02-30', 'SP')).toThrow(/Data inválida/);
    expect(() => windowOn('2026-03-02', 'ZZ')).toThrow(/UF inválida/);
    const bad = (start: string, end: string): WindowConfig => ({
      default: { weekdays: { start, end }, saturday: null, sunday: null },
    });
    expect(() => windowOn('2026-03-02', 'SP', bad('20:00', '08:00'))).toThrow(/início deve vir antes/);
    expect(() => windowOn('2026-03-02', 'SP', bad('8:00', '20:00'))).toThrow(/Horário inválido/);
    expect(() => windowOn('2026-03-02', 'SP', bad('08:60', '20:00'))).toThrow(/Horário inválido/);
    expect(() => windowOn('2026-03-02', 'SP', bad('08:00', '24:01'))).toThrow(/Horário inválido/);
    expect(windowOn('2026-03-02', 'SP', bad('00:00', '24:00'))).toMatchObject({
      localStart: '00:00',
      localEnd: '24:00',
      end: utc('2026-03-03T03:00:00'),
    });
  });
});

describe('isInsideWindow', () => {
  it('SP weekday boundaries: 07:59 no, 08:00 yes, 19:59 yes, 20:00 no', () => {
    expect(isInsideWindow(utc('2026-03-02T10:59:00'), 'SP')).toBe(false);
    expect(isInsideWindow(utc('2026-03-02T11:00:00'), 'SP')).toBe(true);
    expect(isInsideWindow(utc('2026-03-02T22:59:00'), 'SP')).toBe(true);
    expect(isInsideWindow(utc('2026-03-02T22:59:59.999'), 'SP')).toBe(true);
    expect(isInsideWindow(utc('2026-03-02T23:00:00'), 'SP')).toBe(false);
  });

  it('SP Saturday boundaries: 13:59 yes, 14:00 no; Sunday never', () => {
    expect(isInsideWindow(utc('2026-03-07T10:59:00'), 'SP')).toBe(false);
    expect(isInsideWindow(utc('2026-03-07T11:00:00'), 'SP')).toBe(true);
    expect(isInsideWindow(utc('2026-03-07T16:59:00'), 'SP')).toBe(true);
    expect(isInsideWindow(utc('2026-03-07T17:00:00'), 'SP')).toBe(false);
    for (const h of ['11', '15', '20'])
      expect(isInsideWindow(utc(`2026-03-08T${h}:00:00`), 'SP')).toBe(false);
  });

  it('the same instant differs by state: 08:00 in SP is 07:00 in MT and 06:00 in AC', () => {
    const at = utc('2026-03-02T11:00:00');
    expect(isInsideWindow(at, 'SP')).toBe(true);
    expect(isInsideWindow(at, 'RJ')).toBe(true);
    expect(isInsideWindow(at, 'MT')).toBe(false);
    expect(isInsideWindow(at, 'AC')).toBe(false);
    // 20:30 in SP (23:30Z) is 19:30 in MT and 18:30 in AC.
    const evening = utc('2026-03-02T23:30:00');
    expect(isInsideWindow(evening, 'SP')).toBe(false);
    expect(isInsideWindow(evening, 'MT')).toBe(true);
    expect(isInsideWindow(evening, 'AC')).toBe(true);
  });

  it('MT boundaries in local time (UTC−4)', () => {
    expect(isInsideWindow(utc('2026-03-02T11:59:00'), 'MT')).toBe(false);
    expect(isInsideWindow(utc('2026-03-02T12:00:00'), 'MT')).toBe(true);
    expect(isInsideWindow(utc('2026-03-02T23:59:00'), 'MT')).toBe(true);
    expect(isInsideWindow(utc('2026-03-03T00:00:00'), 'MT')).toBe(false);
  });

  it('AC boundaries in local time (UTC−5), the local weekday decides (Friday night UTC is Saturday elsewhere)', () => {
    // Friday 2026-03-06 19:59 in Rio Branco = Saturday 00:59Z.
    expect(isInsideWindow(utc('2026-03-07T00:59:00'), 'AC')).toBe(true);
    expect(isInsideWindow(utc('2026-03-07T01:00:00'), 'AC')).toBe(false);
    // Saturday 13:59 / 14:00 in Rio Branco.
    expect(isInsideWindow(utc('2026-03-07T18:59:00'), 'AC')).toBe(true);
    expect(isInsideWindow(utc('2026-03-07T19:00:00'), 'AC')).toBe(false);
  });

  it('AM: 08:00 Manaus is still 07:00 in the west, so not yet; 09:00 Manaus is', () => {
    expect(isInsideWindow(utc('2026-03-02T12:00:00'), 'AM')).toBe(false);
    expect(isInsideWindow(utc('2026-03-02T12:59:00'), 'AM')).toBe(false);
    expect(isInsideWindow(utc('2026-03-02T13:00:00'), 'AM')).toBe(true);
    expect(isInsideWindow(utc('2026-03-02T21:59:00'), 'AM')).toBe(true);
    expect(isInsideWindow(utc('2026-03-02T22:00:00'), 'AM')).toBe(false); // 18:00 Manaus
  });

  it('DST-free: 08:00 in SP is 11:00Z in November and February as in July', () => {
    for (const day of ['2026-11-16', '2026-02-02', '2026-07-06', '2025-12-15']) {
      expect(isInsideWindow(utc(`${day}T10:59:00`), 'SP'), day).toBe(false);
      expect(isInsideWindow(utc(`${day}T11:00:00`), 'SP'), day).toBe(true);
      expect(isInsideWindow(utc(`${day}T22:59:00`), 'SP'), day).toBe(true);
      expect(isInsideWindow(utc(`${day}T23:00:00`), 'SP'), day).toBe(false);
    }
  });

  it('holidays by the local date, not the UTC date', () => {
    expect(isInsideWindow(utc('2026-11-20T14:00:00'), 'SP')).toBe(false);
    expect(isInsideWindow(utc('2026-11-19T22:59:00'), 'SP')).toBe(true);
    // 00:30Z on 20 Nov is 19:30 on 19 Nov in Rio Branco: an ordinary Thursday evening.
    expect(isInsideWindow(utc('2026-11-20T00:30:00'), 'AC')).toBe(true);
    // 00:30Z on 21 Nov is 19:30 on 20 Nov in Rio Branco: the holiday.
    expect(isInsideWindow(utc('2026-11-21T00:30:00'), 'AC')).toBe(false);
    expect(whyOutsideWindow(utc('2026-11-21T00:30:00'), 'AC')).toBe('feriado: Dia da Consciência Negra');
  });
});

describe('nextAllowedMoment', () => {
  it('returns the instant itself when inside the window', () => {
    const at = utc('2026-03-02T15:17:23.456');
    const next = nextAllowedMoment(at, 'SP');
    expect(next.at).toBe(at);
    expect(next.window).toMatchObject({ date: '2026-03-02', localStart: '08:00' });
  });

  it('before the window opens: today at 08:00', () => {
    expect(nextAllowedMoment(utc('2026-03-02T09:00:00'), 'SP').at).toEqual(utc('2026-03-02T11:00:00'));
    expect(nextAllowedMoment(utc('2026-03-02T09:00:00'), 'AC').at).toEqual(utc('2026-03-02T13:00:00'));
    expect(nextAllowedMoment(utc('2026-03-02T09:00:00'), 'AM').at).toEqual(utc('2026-03-02T13:00:00'));
  });

  it('Friday 20:30 → Saturday 08:00; Saturday 14:00 → Monday 08:00', () => {
    expect(nextAllowedMoment(utc('2026-03-06T23:30:00'), 'SP').at).toEqual(utc('2026-03-07T11:00:00'));
    const sat = nextAllowedMoment(utc('2026-03-07T17:00:00'), 'SP');
    expect(sat.at).toEqual(utc('2026-03-09T11:00:00'));
    expect(sat.window.date).toBe('2026-03-09');
  });

  it('Friday 20:30 → Monday 08:00 when Saturdays have no window', () => {
    const config: WindowConfig = { default: { ...DEFAULT_WINDOW_CONFIG.default, saturday: null } };
    expect(nextAllowedMoment(utc('2026-03-06T23:30:00'), 'SP', config).at).toEqual(
      utc('2026-03-09T11:00:00'),
    );
  });

  it('long weekends: holiday Monday → Tuesday, Carnaval → Ash Wednesday, Good Friday → Saturday', () => {
    // Independence Day, Monday 7 Sep 2026.
    expect(nextAllowedMoment(utc('2026-09-05T17:30:00'), 'SP').at).toEqual(utc('2026-09-08T11:00:00'));
    // Carnaval: Saturday 14 Feb 2026 after 14:00 → Wednesday 18 Feb 08:00.
    expect(nextAllowedMoment(utc('2026-02-14T17:00:00'), 'SP').at).toEqual(utc('2026-02-18T11:00:00'));
    // Thursday 2 April 2026 20:00 → Good Friday → Saturday 08:00.
    expect(nextAllowedMoment(utc('2026-04-02T23:00:00'), 'SP').at).toEqual(utc('2026-04-04T11:00:00'));
    // Consciência Negra on Friday 20 Nov 2026.
    expect(nextAllowedMoment(utc('2026-11-19T23:00:00'), 'RJ').at).toEqual(utc('2026-11-21T11:00:00'));
  });

  it('state holiday: SP Friday 9 July 2027 skipped in SP, not in RJ', () => {
    expect(nextAllowedMoment(utc('2027-07-08T23:00:00'), 'SP').at).toEqual(utc('2027-07-10T11:00:00'));
    expect(nextAllowedMoment(utc('2027-07-08T23:00:00'), 'RJ').at).toEqual(utc('2027-07-09T11:00:00'));
  });

  it('in the debtor zone: Saturday 14:30 in AC → Monday 08:00 Rio Branco (13:00Z)', () => {
    expect(nextAllowedMoment(utc('2026-03-07T19:30:00'), 'AC').at).toEqual(utc('2026-03-09T13:00:00'));
    // The same instant is Saturday 16:30 in SP, also closed.
    expect(nextAllowedMoment(utc('2026-03-07T19:30:00'), 'SP').at).toEqual(utc('2026-03-09T11:00:00'));
  });

  it('the result is always inside the window, and no earlier window start is skipped', () => {
    for (const uf of ['SP', 'AM', 'AC', 'RJ', 'MT', undefined]) {
      for (let h = 0; h < 24 * 14; h += 5) {
        const at = new Date(utc('2026-02-10T00:00:00').getTime() + h * 3_600_000 + 7 * 60_000);
        const next = nextAllowedMoment(at, uf);
        expect(isInsideWindow(next.at, uf), `${uf} ${at.toISOString()}`).toBe(true);
        expect(next.at.getTime()).toBeGreaterThanOrEqual(at.getTime());
        // One minute earlier is either before `at` or outside the window.
        const before = new Date(next.at.getTime() - 60_000);
        if (before.getTime() >= at.getTime()) expect(isInsideWindow(before, uf)).toBe(false);
      }
    }
  });

  it('throws when no window opens within the search horizon', () => {
    const none: WindowConfig = { default: { weekdays: null, saturday: null, sunday: null } };
    expect(() => nextAllowedMoment(utc('2026-03-02T12:00:00'), 'SP', none)).toThrow(/Nenhuma janela/);
  });
});

describe('whyNoWindow / whyOutsideWindow', () => {
  it('explains the day', () => {
    expect(whyNoWindow('2026-03-08', 'SP')).toBe('domingo');
    expect(whyNoWindow('2026-11-20', 'SP')).toBe('feriado: Dia da Consciência Negra');
    expect(whyNoWindow('2026-03-02', 'SP')).toBeNull();
    expect(whyNoWindow('2026-03-07', 'SP')).toBeNull();
    // A holiday on a Sunday is reported as the holiday.
    expect(whyNoWindow('2026-11-15', 'SP')).toBe('feriado: Proclamação da República');
  });

  it('explains the instant', () => {
    expect(whyOutsideWindow(utc('2026-03-07T17:00:00'), 'SP')).toBe('fora do horário: sábado só até 14:00');
    expect(whyOutsideWindow(utc('2026-03-07T10:00:00'), 'SP')).toBe(
      'fora do horário: sábado só a partir das 08:00',
    );
    expect(whyOutsideWindow(utc('2026-03-02T23:00:00'), 'SP')).toBe(
      'fora do horário: de segunda a sexta só até 20:00',
    );
    expect(whyOutsideWindow(utc('2026-03-02T12:30:00'), 'AM')).toBe(
      'fora do horário: de segunda a sexta só a partir das 09:00',
    );
    expect(whyOutsideWindow(utc('2026-03-08T15:00:00'), 'SP')).toBe('domingo');
    expect(whyOutsideWindow(utc('2026-01-01T15:00:00'), 'SP')).toBe('feriado: Ano Novo');
    expect(whyOutsideWindow(utc('2026-03-02T15:00:00'), 'SP')).toBeNull();
  });
});

describe('municipal holidays of the debtor city (where known: the state capitals)', () => {
  // 25/01/2027 (Monday): Aniversário de São Paulo, a holiday of the city of São Paulo only (Lei
  // municipal 7.008/1967) — not of Campinas, nor of the state.
  it('a holiday of the city closes its window; the same day elsewhere in the state stays open', () => {
    expect(windowOn('2027-01-25', 'SP', undefined, 'São Paulo')).toBeNull();
    expect(windowOn('2027-01-25', 'SP', undefined, 'Campinas')).not.toBeNull();
    expect(windowOn('2027-01-25', 'SP')).not.toBeNull();
    expect(whyNoWindow('2027-01-25', 'SP', undefined, 'São Paulo')).toMatch(/^feriado: /);
  });

  it('a message for São Paulo on its holiday waits for the next day; for Campinas it goes now', () => {
    const at = utc('2027-01-25T13:00:00'); // 10:00 in São Paulo
    expect(isInsideWindow(at, 'SP', undefined, 'São Paulo')).toBe(false);
    expect(isInsideWindow(at, 'SP', undefined, 'Campinas')).toBe(true);
    expect(whyOutsideWindow(at, 'SP', undefined, 'São Paulo')).toMatch(/^feriado: /);
    expect(nextAllowedMoment(at, 'SP', undefined, 'São Paulo').at).toEqual(utc('2027-01-26T11:00:00'));
  });
});
