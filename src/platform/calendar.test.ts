import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addMonthsKeepingDay,
  hasMunicipalHolidays,
  isBusinessDay,
  isHoliday,
  nextBusinessDay,
} from './calendar.ts';

describe('isHoliday: national holidays (weekday in the comment)', () => {
  it.each([
    ['2026-01-01', 'Ano Novo'], // Thu
    ['2026-04-03', 'Sexta-Feira Santa'], // Fri, Easter 5 Apr 2026
    ['2026-04-21', 'Dia de Tiradentes'], // Tue
    ['2026-05-01', 'Dia do trabalhador'], // Fri
    ['2026-09-07', 'Dia da Independência'], // Mon
    ['2026-10-12', 'Nossa Senhora Aparecida'], // Mon
    ['2026-11-02', 'Dia de Finados'], // Mon
    ['2026-11-15', 'Proclamação da República'], // Sun
    ['2026-11-20', 'Dia da Consciência Negra'], // Fri
    ['2026-12-25', 'Natal'], // Fri
    ['2027-01-01', 'Ano Novo'], // Fri
    ['2027-03-26', 'Sexta-Feira Santa'], // Fri, Easter 28 Mar 2027
    ['2027-04-21', 'Dia de Tiradentes'], // Wed
    ['2027-09-07', 'Dia da Independência'], // Tue
    ['2027-11-15', 'Proclamação da República'], // Mon
  ])('%s is %s', (date, name) => {
    expect(isHoliday(date)).toEqual({ holiday: true, name });
    expect(isBusinessDay(date)).toBe(false);
  });

  it.each([
    ['2026-02-16', 'Carnaval'], // Mon
    ['2026-02-17', 'Carnaval'], // Tue
    ['2027-02-08', 'Carnaval'], // Mon
    ['2027-02-09', 'Carnaval'], // Tue
    ['2026-06-04', 'Corpo de Deus'], // Thu, Corpus Christi (Easter + 60)
    ['2027-05-27', 'Corpo de Deus'], // Thu
  ])('%s (%s) is a bank holiday, so not a business day', (date, name) => {
    expect(isHoliday(date)).toEqual({ holiday: true, name });
    expect(isBusinessDay(date)).toBe(false);
  });

  it.each([
    '2026-02-14', // Carnaval Saturday ('optional')
    '2026-02-18', // Ash Wednesday: banks open at noon
    '2026-12-24', // Christmas Eve from 14:00
    '2026-12-31', // New Year's Eve from 14:00
    '2026-04-05', // Easter Sunday ('observance')
    '2026-05-10', // Mother's Day ('observance')
  ])('%s is not a non-business holiday', (date) => {
    expect(isHoliday(date)).toEqual({ holiday: false });
  });

  it('Ash Wednesday and the eves are business days', () => {
    expect(isBusinessDay('2026-02-18')).toBe(true);
    expect(isBusinessDay('2026-12-24')).toBe(true);
    expect(isBusinessDay('2026-12-31')).toBe(true);
  });

  it('Consciência Negra is national from 2024 (Lei 14.759/2023), not before', () => {
    expect(isHoliday('2023-11-20').holiday).toBe(false);
    expect(isHoliday('2024-11-20')).toEqual({ holiday: true, name: 'Dia da Consciência Negra' });
    expect(isHoliday('2025-11-20').holiday).toBe(true);
  });

  it('a holiday on a weekend is still reported as a holiday', () => {
    expect(isHoliday('2027-05-01')).toEqual({ holiday: true, name: 'Dia do trabalhador' }); // Sat
    expect(isHoliday('2027-12-25')).toEqual({ holiday: true, name: 'Natal' }); // Sat
  });

  it('an ordinary weekday is neither a holiday nor a non-business day', () => {
    expect(isHoliday('2026-03-10')).toEqual({ holiday: false });
    expect(isBusinessDay('2026-03-10')).toBe(true);
  });
});

describe('isHoliday: state holidays', () => {
  it('SP: Revolução Constitucionalista on 9 July', () => {
    expect(isHoliday('2026-07-09', 'SP')).toEqual({ holiday: true, name: 'Revolução Constitucionalista' });
    expect(isBusinessDay('2026-07-09', 'SP')).toBe(false); // Thu
    expect(isBusinessDay('2027-07-09', 'SP')).toBe(false); // Fri
    // not a holiday elsewhere
    expect(isHoliday('2026-07-09')).toEqual({ holiday: false });
    expect(isBusinessDay('2026-07-09', 'RJ')).toBe(true);
  });

  it('RJ: São Jorge on 23 April', () => {
    expect(isHoliday('2026-04-23', 'RJ')).toEqual({ holiday: true, name: 'Dia de São Jorge' });
    expect(isBusinessDay('2026-04-23')).toBe(true);
    expect(isBusinessDay('2026-04-23', 'SP')).toBe(true);
  });

  it('a state sees the national holidays too', () => {
    expect(isHoliday('2026-04-21', 'SP')).toEqual({ holiday: true, name: 'Dia de Tiradentes' });
    expect(isBusinessDay('2026-02-16', 'SP')).toBe(false);
    expect(isBusinessDay('2026-06-04', 'RJ')).toBe(false);
  });

  // date-holidays 3.37.0 drops the national 20 November for these states (their own rule ended in 2023
  // and shadows the national one); the calendar merges the national days back.
  it.each(['SP', 'RJ', 'AM', 'MT', 'BA'])('Consciência Negra 2026 is a holiday in %s', (uf) => {
    expect(isHoliday('2026-11-20', uf)).toEqual({ holiday: true, name: 'Dia da Consciência Negra' });
  });

  it('accepts a lowercase UF and refuses an unknown one', () => {
    expect(isHoliday('2026-07-09', 'sp').holiday).toBe(true);
    expect(() => isHoliday('2026-07-09', 'XX')).toThrow(/UF inválida/);
    expect(() => isBusinessDay('2026-07-09', '')).toThrow(/UF vazia/);
  });

  it('refuses a malformed date', () => {
    expect(() => isHoliday('2026-02-30')).toThrow(/Data inválida/);
    expect(() => isBusinessDay('09/07/2026')).toThrow(/Data inválida/);
  });
});

describe('nextBusinessDay', () => {
  it.each([
    ['2026-03-10', '2026-03-10', 'a business day is kept'],
    ['2026-03-07', '2026-03-09', 'Saturday -> Monday'],
    ['2026-03-08', '2026-03-09', 'Sunday -> Monday'],
    ['2026-02-14', '2026-02-18', 'Carnaval: Sat, Sun, Mon, Tue -> Ash Wednesday'],
    ['2026-04-03', '2026-04-06', 'Good Friday + weekend -> Monday'],
    ['2026-11-20', '2026-11-23', 'Consciência Negra (Fri) + weekend -> Monday'],
    ['2026-11-14', '2026-11-16', 'Sat, Proclamação on Sunday -> Monday'],
    ['2026-12-25', '2026-12-28', 'Christmas (Fri) + weekend -> Monday'],
    ['2027-01-01', '2027-01-04', 'New Year (Fri) + weekend -> Monday'],
    ['2027-12-25', '2027-12-27', 'Christmas on Saturday -> Monday'],
  ])('%s -> %s (%s)', (date, expected) => {
    expect(nextBusinessDay(date)).toBe(expected);
  });

  it('state holidays join the chain', () => {
    // SP 2027: 9 July is a Friday, so Fri + weekend
    expect(nextBusinessDay('2027-07-09', 'SP')).toBe('2027-07-12');
    expect(nextBusinessDay('2027-07-09')).toBe('2027-07-09');
  });
});

describe('addBusinessDays', () => {
  it('n = 0 is nextBusinessDay', () => {
    expect(addBusinessDays('2026-03-10', 0)).toBe('2026-03-10');
    expect(addBusinessDays('2026-03-07', 0)).toBe('2026-03-09');
  });

  it('skips weekends', () => {
    expect(addBusinessDays('2026-03-06', 1)).toBe('2026-03-09'); // Fri -> Mon
    expect(addBusinessDays('2026-03-09', 5)).toBe('2026-03-16'); // a full week
    expect(addBusinessDays('2026-03-09', 10)).toBe('2026-03-23');
  });

  it('skips chains of holidays', () => {
    expect(addBusinessDays('2026-02-13', 1)).toBe('2026-02-18'); // Fri before Carnaval -> Ash Wednesday
    expect(addBusinessDays('2026-04-02', 1)).toBe('2026-04-06'); // Thu before Good Friday
    expect(addBusinessDays('2026-10-30', 1)).toBe('2026-11-03'); // Fri before Finados (Mon)
    expect(addBusinessDays('2026-12-24', 1)).toBe('2026-12-28'); // Christmas (Fri) + weekend
    expect(addBusinessDays('2026-12-24', 3)).toBe('2026-12-30');
    expect(addBusinessDays('2026-12-31', 1)).toBe('2027-01-04'); // New Year (Fri) + weekend
    expect(addBusinessDays('2026-06-03', 1)).toBe('2026-06-05'); // Corpus Christi (Thu)
  });

  it('with a state: Tiradentes (Tue) and São Jorge (Thu) in RJ', () => {
    expect(addBusinessDays('2026-04-20', 2)).toBe('2026-04-23');
    expect(addBusinessDays('2026-04-20', 2, 'RJ')).toBe('2026-04-24');
    expect(addBusinessDays('2026-07-08', 1, 'SP')).toBe('2026-07-10');
    expect(addBusinessDays('2026-07-08', 1)).toBe('2026-07-09');
  });

  it('from a non-business day the count starts at the next business day (CPC art. 224 §1)', () => {
    // Saturday counts as Monday, so D+1 is Tuesday
    expect(addBusinessDays('2026-03-07', 1)).toBe('2026-03-10');
    // Carnaval Monday counts as Ash Wednesday
    expect(addBusinessDays('2026-02-16', 1)).toBe('2026-02-19');
  });

  it('is strictly increasing in n across a year', () => {
    let previous = addBusinessDays('2026-01-01', 0, 'SP');
    for (let n = 1; n <= 260; n += 1) {
      const d = addBusinessDays('2026-01-01', n, 'SP');
      expect(d > previous).toBe(true);
      expect(isBusinessDay(d, 'SP')).toBe(true);
      previous = d;
    }
  });

  it('counts the business days of a year', () => {
    // 2026: 261 weekdays, minus the weekday holidays: 1 Jan, Carnaval x2, Good Friday, 21 Apr, 1 May,
    // Corpus Christi, 7 Sep, 12 Oct, 2 Nov, 20 Nov, 25 Dec = 12 (15 Nov is a Sunday)
    let count = 0;
    for (let d = '2026-01-01'; d <= '2026-12-31'; d = nextDay(d)) if (isBusinessDay(d)) count += 1;
    expect(count).toBe(261 - 12);
  });

  it('refuses a negative or fractional n', () => {
    expect(() => addBusinessDays('2026-03-10', -1)).toThrow(RangeError);
    expect(() => addBusinessDays('2026-03-10', 1.5)).toThrow(RangeError);
  });
});

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

describe('addMonthsKeepingDay', () => {
  it.each([
    ['2026-01-15', 1, 15, '2026-02-15'],
    ['2026-12-15', 1, 15, '2027-01-15'],
    ['2026-01-31', 1, 31, '2026-02-28'],
    ['2028-01-31', 1, 31, '2028-02-29'], // leap year
    ['2026-02-28', 1, 31, '2026-03-31'], // back to day 31: the clamp does not stick
    ['2026-03-31', 1, 31, '2026-04-30'],
    ['2026-01-31', 12, 31, '2027-01-31'],
    ['2026-01-30', 1, 30, '2026-02-28'],
    ['2026-01-10', 1, 5, '2026-02-05'], // the day comes from dayOfMonth, not from date
    ['2026-03-31', -1, 31, '2026-02-28'],
    ['2026-01-15', -1, 15, '2025-12-15'],
    ['2026-05-20', 0, 31, '2026-05-31'],
    ['2026-01-31', 25, 31, '2028-02-29'],
  ])('%s + %i months on day %i -> %s', (date, months, day, expected) => {
    expect(addMonthsKeepingDay(date, months, day)).toBe(expected);
  });

  it('a 12-month schedule on day 31 lands on every month end', () => {
    const dates = Array.from({ length: 12 }, (_, k) => addMonthsKeepingDay('2026-01-31', k, 31));
    expect(dates).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
      '2026-06-30',
      '2026-07-31',
      '2026-08-31',
      '2026-09-30',
      '2026-10-31',
      '2026-11-30',
      '2026-12-31',
    ]);
  });

  it('refuses bad arguments', () => {
    expect(() => addMonthsKeepingDay('2026-01-15', 1, 0)).toThrow(RangeError);
    expect(() => addMonthsKeepingDay('2026-01-15', 1, 32)).toThrow(RangeError);
    expect(() => addMonthsKeepingDay('2026-01-15', 1.5, 15)).toThrow(RangeError);
    expect(() => addMonthsKeepingDay('2026-13-15', 1, 15)).toThrow(RangeError);
  });
});

describe('municipal holidays of the state capitals', () => {
  it.each([
    ['2027-01-25', 'SP', 'São Paulo'], // Mon, aniversário (date-holidays region)
    ['2027-01-20', 'RJ', 'Rio de Janeiro'], // Wed, São Sebastião
    ['2026-08-15', 'MG', 'belo horizonte'], // Sat, but a holiday all the same
    ['2026-02-02', 'RS', 'Porto Alegre'], // Mon, Navegantes (our table)
    ['2026-03-23', 'SC', 'FLORIANÓPOLIS'], // Mon, case and accents do not matter
  ])('%s is a holiday in %s/%s', (date, uf, city) => {
    expect(isHoliday(date, uf, city).holiday).toBe(true);
    expect(isBusinessDay(date, uf, city)).toBe(false);
  });

  it('applies only to the capital, not to another city of the state nor to the state alone', () => {
    expect(isBusinessDay('2026-02-02', 'RS', 'Pelotas')).toBe(true);
    expect(isBusinessDay('2026-02-02', 'RS')).toBe(true);
    expect(nextBusinessDay('2026-02-02', 'RS', 'Porto Alegre')).toBe('2026-02-03');
    expect(hasMunicipalHolidays('RS', 'porto alegre')).toBe(true);
    expect(hasMunicipalHolidays('RS', 'Pelotas')).toBe(false);
  });
});
