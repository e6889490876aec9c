import Holidays from 'date-holidays';
import { parseUf } from './br-fields.ts';
import { addDays, dayNumber, daysInMonth, type IsoDate, isIsoDate } from './dates.ts';

/**
 * Brazilian business days ("dias úteis"), national and per state (UF), on top of `date-holidays`.
 *
 * What counts as a holiday here is what closes the banks, since due dates, payment compensation and
 * collection deadlines follow the banking calendar (Lei 7.089/1983: no default interest on a bill due on
 * a Saturday, Sunday or holiday and paid on the next business day). `date-holidays` types Brazilian days as:
 * - 'public': the federal holidays of Lei 662/1949, Lei 6.802/1980 (Aparecida), Lei 14.759/2023
 *   (Consciência Negra, national since 2024), Good Friday (a religious holiday under Lei 9.093/1995, with
 *   banks closed nationwide), plus each state's own holidays;
 * - 'bank': Carnaval Monday and Tuesday and Corpus Christi. They are not federal holidays, but banks and
 *   B3 do not open (the ANBIMA/FEBRABAN national calendar lists them), so they are not business days;
 * - 'optional': Carnaval Saturday, Ash Wednesday (banks open at noon), 24 and 31 December (from 14:00).
 *   Banks work on those days (reduced hours), so they stay business days;
 * - 'observance': commemorative days (Mother's Day, Dia do Comércio in RJ...), never holidays.
 * Municipal holidays are known for the state capitals (`CAPITAL_HOLIDAYS` below); other cities get the
 * national and state calendar only.
 */
const NON_BUSINESS_TYPES: ReadonlySet<string> = new Set(['public', 'bank']);

export interface HolidayCheck {
  holiday: boolean;
  /** pt-BR name of the holiday, when `holiday` is true. */
  name?: string;
}

/**
 * Municipal holidays of the state capitals (fixed dates; movable ones like Corpus Christi are already
 * bank holidays). Where `date-holidays` has the city as a region, its data (with the municipal source in
 * its BR.yaml) is used: São Paulo, Rio de Janeiro, Belo Horizonte, Recife, Curitiba, Goiânia. The others
 * are this table: the patron saint's day or the city's anniversary declared a holiday by municipal law,
 * as listed in the prefeituras' official calendars (docs/legal.md, "Feriados municipais", says which
 * were checked against what). Where unsure the table includes the day: an extra holiday only moves a due
 * date later (the debtor's favour), a missing one could charge a day of mora.
 */
const CAPITALS: Record<string, { city: string; region?: string; days?: [string, string][] }> = {
  SP: { city: 'sao paulo', region: 'SP' },
  RJ: { city: 'rio de janeiro', region: 'RJ' },
  MG: { city: 'belo horizonte', region: 'BH' },
  PE: { city: 'recife', region: 'RE' },
  PR: { city: 'curitiba', region: 'CU' },
  GO: { city: 'goiania', region: 'GOIANIA', days: [['10-24', 'Aniversário de Goiânia']] },
  BA: {
    city: 'salvador',
    days: [
      ['06-24', 'São João'],
      ['12-08', 'Nossa Senhora da Conceição da Praia'],
    ],
  },
  CE: { city: 'fortaleza', days: [['08-15', 'Nossa Senhora da Assunção']] },
  RS: { city: 'porto alegre', days: [['02-02', 'Nossa Senhora dos Navegantes']] },
  SC: { city: 'florianopolis', days: [['03-23', 'Aniversário de Florianópolis']] },
  ES: { city: 'vitoria', days: [['09-08', 'Nossa Senhora da Vitória']] },
  RN: { city: 'natal', days: [['11-21', 'Nossa Senhora da Apresentação']] },
  AM: {
    city: 'manaus',
    days: [
      ['10-24', 'Aniversário de Manaus'],
      ['12-08', 'Nossa Senhora da Conceição'],
    ],
  },
  PA: {
    city: 'belem',
    days: [
      ['01-12', 'Aniversário de Belém'],
      ['12-08', 'Nossa Senhora da Conceição'],
    ],
  },
  SE: {
    city: 'aracaju',
    days: [
      ['03-17', 'Aniversário de Aracaju'],
      ['12-08', 'Nossa Senhora da Conceição'],
    ],
  },
  PI: { city: 'teresina', days: [['08-16', 'Aniversário de Teresina']] },
  MA: { city: 'sao luis', days: [['09-08', 'Aniversário de São Luís']] },
  AL: {
    city: 'maceio',
    days: [
      ['08-27', 'Nossa Senhora dos Prazeres'],
      ['12-08', 'Nossa Senhora da Conceição'],
    ],
  },
  MT: { city: 'cuiaba', days: [['04-08', 'Aniversário de Cuiabá']] },
  MS: { city: 'campo grande', days: [['08-26', 'Aniversário de Campo Grande']] },
  TO: { city: 'palmas', days: [['05-20', 'Aniversário de Palmas']] },
  RR: { city: 'boa vista', days: [['07-09', 'Aniversário de Boa Vista']] },
  RO: { city: 'porto velho', days: [['10-02', 'Aniversário de Porto Velho']] },
  AC: { city: 'rio branco', days: [['12-28', 'Aniversário de Rio Branco']] },
  AP: { city: 'macapa', days: [['02-04', 'Aniversário de Macapá']] },
  PB: { city: 'joao pessoa', days: [['08-05', 'Nossa Senhora das Neves']] },
};

/** "São Luís" -> "sao luis": accents, case and spacing do not matter when matching a city. */
function normalizeCity(city: string): string {
  return city
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The capital's entry when `city` is the capital of `uf` (the only cities with municipal holidays here). */
function capitalOf(uf: string, city: string | undefined | null) {
  if (!city || uf === '') return undefined;
  const entry = CAPITALS[uf];
  return entry && normalizeCity(city) === entry.city ? entry : undefined;
}

/** True when the calendar knows the municipal holidays of this city (a state capital). */
export function hasMunicipalHolidays(state: string, city: string): boolean {
  return capitalOf(normalizeUf(state), city) !== undefined;
}

/** One `Holidays` instance per state ('' = national only); they are costly to build (rule parsing). */
const instances = new Map<string, Holidays>();
/** Non-business holidays by state and year: date -> pt-BR name. */
const yearCache = new Map<string, ReadonlyMap<IsoDate, string>>();

function instanceFor(uf: string, region?: string): Holidays {
  const key = region ? `${uf}|${region}` : uf;
  let hd = instances.get(key);
  if (!hd) {
    hd =
      uf === ''
        ? new Holidays('BR', { languages: 'pt' })
        : region
          ? new Holidays('BR', uf, region, { languages: 'pt' })
          : new Holidays('BR', uf, { languages: 'pt' });
    instances.set(key, hd);
  }
  return hd;
}

/** Collects the non-business days of one `Holidays` instance into `into` (the first name wins). */
function collect(hd: Holidays, year: number, into: Map<IsoDate, string>): void {
  for (const h of hd.getHolidays(year, 'pt')) {
    if (!NON_BUSINESS_TYPES.has(h.type)) continue;
    // `h.date` is local to Brazil ("YYYY-MM-DD hh:mm:ss"); its first 10 characters are the civil day, so no
    // time-zone conversion can move it.
    const day = h.date.slice(0, 10);
    if (!into.has(day)) into.set(day, h.name);
  }
}

function holidaysOf(
  uf: string,
  year: number,
  capital?: (typeof CAPITALS)[string],
): ReadonlyMap<IsoDate, string> {
  const key = `${uf}|${capital ? capital.city : ''}|${year}`;
  let days = yearCache.get(key);
  if (!days) {
    const map = new Map<IsoDate, string>();
    // National days always come from the national instance: in date-holidays 3.37.0 a state that had its
    // own 20 November rule until 2023 (AM, MT, RJ, SP) shadows the national one, so `new Holidays('BR',
    // 'SP')` misses Consciência Negra from 2024 on although Lei 14.759/2023 made it national.
    collect(instanceFor(''), year, map);
    if (uf !== '') collect(instanceFor(uf), year, map);
    if (capital?.region) collect(instanceFor(uf, capital.region), year, map);
    for (const [monthDay, name] of capital?.days ?? []) {
      const day = `${String(year).padStart(4, '0')}-${monthDay}`;
      if (!map.has(day)) map.set(day, name);
    }
    days = map;
    yearCache.set(key, days);
  }
  return days;
}

function checkDate(date: IsoDate): void {
  if (!isIsoDate(date)) throw new RangeError(`Data inválida "${date}": use AAAA-MM-DD.`);
}

function normalizeUf(state: string | undefined): string {
  if (state === undefined) return '';
  const uf = parseUf(state);
  // date-holidays silently falls back to the national calendar for an unknown state: a typo would then
  // drop the state's holidays without a word, so it is refused here.
  if (!uf.ok) throw new RangeError(uf.message);
  return uf.value;
}

/**
 * National holidays, plus the state's when `state` (UF, e.g. 'SP') is given, plus the city's when `city`
 * is that state's capital. Weekends are not holidays.
 */
export function isHoliday(date: IsoDate, state?: string, city?: string | null): HolidayCheck {
  checkDate(date);
  const uf = normalizeUf(state);
  const name = holidaysOf(uf, Number(date.slice(0, 4)), capitalOf(uf, city)).get(date);
  return name === undefined ? { holiday: false } : { holiday: true, name };
}

function isWeekend(date: IsoDate): boolean {
  const weekday = (((dayNumber(date) + 4) % 7) + 7) % 7;
  return weekday === 0 || weekday === 6;
}

/** Answers by state and day, kept small: schedules ask about the same few hundred days over and over. */
const businessDays = new Map<string, boolean>();
const BUSINESS_DAY_CACHE_MAX = 50_000;

/** Neither Saturday, Sunday nor a (national, state or, for a capital, municipal) holiday. */
export function isBusinessDay(date: IsoDate, state?: string, city?: string | null): boolean {
  const key = state === undefined ? date : city ? `${state}|${city}|${date}` : `${state}|${date}`;
  const known = businessDays.get(key);
  if (known !== undefined) return known;
  checkDate(date);
  const answer = !isWeekend(date) && !isHoliday(date, state, city).holiday;
  if (businessDays.size >= BUSINESS_DAY_CACHE_MAX) businessDays.clear();
  businessDays.set(key, answer);
  return answer;
}

/** `date` itself when it is a business day, else the first business day after it. */
export function nextBusinessDay(date: IsoDate, state?: string, city?: string | null): IsoDate {
  let d = date;
  while (!isBusinessDay(d, state, city)) d = addDays(d, 1);
  return d;
}

/**
 * The `n`-th business day after `date`; `n = 0` gives `nextBusinessDay(date)`.
 *
 * A `date` that is not a business day is first moved to the next business day and the count starts
 * there, as in CPC art. 224 §1 (the first day of a period falling on a day without service moves to the
 * next business day): a payment made on a Saturday counts as made on Monday, so "D+1" is Tuesday. This
 * also keeps the result strictly increasing in `n`.
 */
export function addBusinessDays(date: IsoDate, n: number, state?: string): IsoDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Número de dias úteis inválido: ${n}.`);
  let d = nextBusinessDay(date, state);
  for (let left = n; left > 0; left -= 1) d = nextBusinessDay(addDays(d, 1), state);
  return d;
}

/**
 * The day `dayOfMonth` of the month `months` after the month of `date` (negative goes back), clamped to
 * that month's last day. The clamp does not stick: with `dayOfMonth` 31, 31 Jan + 1 is 28 (or 29) Feb and
 * 28 Feb + 1 is 31 Mar, so a monthly due date chosen as "day 31" is always the month's last day.
 */
export function addMonthsKeepingDay(date: IsoDate, months: number, dayOfMonth: number): IsoDate {
  checkDate(date);
  if (!Number.isInteger(months)) throw new RangeError(`Número de meses inválido: ${months}.`);
  if (!Number.isInteger(dayOfMonth) || dayOfMonth < 1 || dayOfMonth > 31) {
    throw new RangeError(`Dia do mês inválido: ${dayOfMonth}; use de 1 a 31.`);
  }
  const [y, m] = date.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const day = Math.min(dayOfMonth, daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
