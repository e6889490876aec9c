import { parseUf, type Uf } from '../../platform/br-fields.ts';
import { isHoliday } from '../../platform/calendar.ts';
import { addDays, dayNumber, type IsoDate, isIsoDate } from '../../platform/dates.ts';

/**
 * Contact windows: when a debtor may be contacted, in the debtor's state and local time.
 *
 * There is no federal rule. State laws set the hours; they are kept in one table, `STATE_CONTACT_RULES`,
 * each with its source:
 * - São Paulo (Lei 15.426/2014): calls Monday to Friday 08:00–20:00, Saturday 08:00–14:00, never on
 *   Sundays or holidays;
 * - Alagoas (Lei 7.782/2016): the same hours, and it covers SMS as well;
 * - Espírito Santo (Lei 10.626/2017): collection calls Monday to Friday 08:00–19:00, none on Saturdays,
 *   Sundays or holidays;
 * - Amazonas (Lei 4.644/2018; Lei Promulgada 360/2016, upheld by the STF): "horário comercial", no
 *   Saturdays, Sundays or holidays, and collection calls only after 15 days of default. "Horário
 *   comercial" is not defined by the text, so the conservative reading is Monday to Friday 08:00–18:00
 *   local time, and no phone or SMS collection before D+16 (`collectionFromDayOverdue`, applied by
 *   guardrail.rules.ts).
 * Every other state gets the São Paulo window (`DEFAULT_WINDOW_CONFIG.default`): no state text is known
 * there, and the São Paulo hours keep contact away from rest and leisure (CDC art. 71). A tenant may
 * override any state with `WindowConfig.byState`. The window applies to every proactive channel in every
 * state (guardrail.rules.ts), even where the text names only calls: the conservative reading.
 *
 * Decisions:
 * - Holidays are those of `platform/calendar.ts`: national plus the debtor's state, and the banking
 *   holidays (Carnaval Monday/Tuesday, Corpus Christi). The latter are not federal holidays, but most
 *   people are off and the laws speak of "feriados" without a list, so the conservative reading is to
 *   not contact on them either. A holiday never has a window, whatever the configuration says.
 *   Municipal holidays are unknown (the calendar stops at the state).
 * - No debtor state (`uf` undefined): national holidays only, Brasília time, the default window.
 *   An unknown UF is an error (RangeError), as in `calendar.ts`: a typo must not silently drop rules.
 * - Local time comes from fixed UTC offsets per state: Brazil has had no daylight-saving time since
 *   Decreto 9.772/2019, so November or February instants are UTC−3 in São Paulo like any other. No Intl
 *   or tz database is needed (tests cross-check against Intl for dates after 2019). Instants before
 *   2019, when daylight-saving time existed, are not supported (contacts are decided now or later).
 * - Amazonas has two zones: most of the state (Manaus) is UTC−4, the western municipalities (Tabatinga,
 *   Eirunepé, Benjamin Constant, Lábrea...: America/Eirunepe) are UTC−5 (Lei 12.876/2013). The debtor's
 *   city is not used, so local dates and times are Manaus', but the window of a state with several zones
 *   is the intersection of that window in each zone: it opens when it is 08:00 in the westernmost zone
 *   and closes when it is 20:00 in the easternmost one. For AM that is 09:00–20:00 Manaus time on
 *   weekdays: nobody in the state is ever contacted before 08:00 or after 20:00 local time.
 * - Fernando de Noronha (PE, UTC−2) is ignored: a state district of ~3,000 inhabitants; applying the
 *   intersection would take 19:00–20:00 away from all of Pernambuco. Pernambuco uses Recife time.
 */

export interface DayWindow {
  /** Local 'HH:MM', inclusive. */
  start: string;
  /** Local 'HH:MM' ('24:00' allowed), exclusive. */
  end: string;
}

export interface WeeklyWindows {
  /** Monday to Friday. */
  weekdays: DayWindow | null;
  saturday: DayWindow | null;
  sunday: DayWindow | null;
}

export interface WindowConfig {
  default: WeeklyWindows;
  /** Per-state override by UF ('SP', 'AL'...): replaces the default week for that state. */
  byState?: Partial<Record<string, WeeklyWindows>>;
}

/** The São Paulo window (Lei 15.426/2014). */
const SAO_PAULO_WEEK: WeeklyWindows = {
  weekdays: { start: '08:00', end: '20:00' },
  saturday: { start: '08:00', end: '14:00' },
  sunday: null,
};

/** One state's contact rule and where it comes from. */
export interface StateContactRule {
  week: WeeklyWindows;
  /** The law, in pt-BR, shown where a user asks "why this hour". */
  source: string;
  /** Channels the text names ('phone', 'sms'...). The window is applied to every proactive channel. */
  channelsInLaw: readonly string[];
  /**
   * Phone and SMS collection only from this day after the due date (D+n, local date): Amazonas forbids
   * collection calls in the first 15 days of default.
   */
  collectionFromDayOverdue?: number;
}

/** State contact rules, by UF. States not listed have no known law and get `DEFAULT_STATE_CONTACT_RULE`. */
export const STATE_CONTACT_RULES: Readonly<Partial<Record<Uf, StateContactRule>>> = {
  SP: {
    week: SAO_PAULO_WEEK,
    source:
      'Lei estadual 15.426/2014 (SP): segunda a sexta 08h–20h, sábado 08h–14h; nunca domingo ou feriado',
    channelsInLaw: ['phone'],
  },
  AL: {
    week: SAO_PAULO_WEEK,
    source:
      'Lei estadual 7.782/2016 (AL): segunda a sexta 08h–20h, sábado 08h–14h; nunca domingo ou feriado; vale também para SMS',
    channelsInLaw: ['phone', 'sms'],
  },
  ES: {
    week: { weekdays: { start: '08:00', end: '19:00' }, saturday: null, sunday: null },
    source:
      'Lei estadual 10.626/2017 (ES): ligações de cobrança de segunda a sexta 08h–19h; nenhuma aos sábados, domingos ou feriados',
    channelsInLaw: ['phone'],
  },
  AM: {
    week: { weekdays: { start: '08:00', end: '18:00' }, saturday: null, sunday: null },
    source:
      'Lei estadual 4.644/2018 e Lei Promulgada 360/2016 (AM), mantidas pelo STF: horário comercial (lido como segunda a sexta 08h–18h, hora local), sem sábados, domingos ou feriados; cobrança por telefone ou SMS só após 15 dias de atraso',
    channelsInLaw: ['phone', 'sms'],
    collectionFromDayOverdue: 16,
  },
};

/** For states with no known law: the São Paulo window, the widest-used and a conservative default. */
export const DEFAULT_STATE_CONTACT_RULE: StateContactRule = {
  week: SAO_PAULO_WEEK,
  source:
    'Sem lei estadual conhecida: aplica-se a janela de São Paulo (Lei 15.426/2014), que preserva o descanso e o lazer (CDC art. 71)',
  channelsInLaw: [],
};

/** The state's rule (the default for a state without a law or without a UF). */
export function stateContactRule(uf: string | undefined): StateContactRule {
  const state = normalizeUf(uf);
  return (state !== undefined ? STATE_CONTACT_RULES[state] : undefined) ?? DEFAULT_STATE_CONTACT_RULE;
}

/** The state table as the default configuration: each state's week, São Paulo's for the rest. */
export const DEFAULT_WINDOW_CONFIG: WindowConfig = {
  default: SAO_PAULO_WEEK,
  byState: Object.fromEntries(Object.entries(STATE_CONTACT_RULES).map(([uf, r]) => [uf, r.week])),
};

export interface UfTimeZone {
  /** IANA zone of the state capital (the zone used for local dates and times). */
  zone: string;
  /** Minutes east of UTC (−180 = UTC−3). */
  offsetMinutes: number;
  /** Every offset in use in the state, the first being `offsetMinutes`; windows fit all of them. */
  offsets: readonly number[];
}

const tz = (zone: string, ...offsets: number[]): UfTimeZone => ({
  zone,
  offsetMinutes: offsets[0]!,
  offsets,
});

/** Fixed offsets since Decreto 9.772/2019 (no DST); zones and offsets per Lei 12.876/2013. */
export const UF_TIME_ZONES: Readonly<Record<Uf, UfTimeZone>> = {
  AC: tz('America/Rio_Branco', -300),
  AL: tz('America/Maceio', -180),
  AM: tz('America/Manaus', -240, -300), // western AM: America/Eirunepe, UTC−5
  AP: tz('America/Belem', -180),
  BA: tz('America/Bahia', -180),
  CE: tz('America/Fortaleza', -180),
  DF: tz('America/Sao_Paulo', -180),
  ES: tz('America/Sao_Paulo', -180),
  GO: tz('America/Sao_Paulo', -180),
  MA: tz('America/Fortaleza', -180),
  MG: tz('America/Sao_Paulo', -180),
  MS: tz('America/Campo_Grande', -240),
  MT: tz('America/Cuiaba', -240),
  PA: tz('America/Belem', -180),
  PB: tz('America/Fortaleza', -180),
  PE: tz('America/Recife', -180), // Fernando de Noronha (UTC−2) ignored, see above
  PI: tz('America/Fortaleza', -180),
  PR: tz('America/Sao_Paulo', -180),
  RJ: tz('America/Sao_Paulo', -180),
  RN: tz('America/Fortaleza', -180),
  RO: tz('America/Porto_Velho', -240),
  RR: tz('America/Boa_Vista', -240),
  RS: tz('America/Sao_Paulo', -180),
  SC: tz('America/Sao_Paulo', -180),
  SE: tz('America/Maceio', -180),
  SP: tz('America/Sao_Paulo', -180),
  TO: tz('America/Araguaina', -180),
};

/** Brasília time, for a debtor without a state. */
const NO_STATE_ZONE = tz('America/Sao_Paulo', -180);

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** The UF in canonical form ('sp' -> 'SP'), or undefined; throws RangeError for an unknown state. */
export function normalizeUf(uf: string | undefined): Uf | undefined {
  if (uf === undefined) return undefined;
  const parsed = parseUf(uf);
  if (!parsed.ok) throw new RangeError(parsed.message);
  return parsed.value;
}

export function timeZoneOf(uf: string | undefined): UfTimeZone {
  const state = normalizeUf(uf);
  return state === undefined ? NO_STATE_ZONE : UF_TIME_ZONES[state];
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

function formatMinutes(minutes: number): string {
  return `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

/** 'HH:MM' -> minutes since midnight; '24:00' is allowed (end of day). */
function parseTime(time: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
  if (!m || Number(m[2]) > 59 || !(minutes >= 0 && minutes <= 24 * 60)) {
    throw new RangeError(`Horário inválido "${time}": use HH:MM, de 00:00 a 24:00.`);
  }
  return minutes;
}

function weekdayOf(date: IsoDate): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

/** Epoch milliseconds of local midnight starting `date` at a UTC offset. */
function localMidnight(date: IsoDate, offsetMinutes: number): number {
  return dayNumber(date) * DAY_MS - offsetMinutes * MINUTE_MS;
}

/** The debtor's local calendar date, 'HH:MM' time and weekday (0 = Sunday) at an instant. */
export function localDateTime(
  at: Date,
  uf: string | undefined,
): { date: string; time: string; weekday: number } {
  const ms = at.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Instante inválido.');
  const { offsetMinutes } = timeZoneOf(uf);
  const local = ms + offsetMinutes * MINUTE_MS;
  const days = Math.floor(local / DAY_MS);
  const minutes = Math.floor((local - days * DAY_MS) / MINUTE_MS);
  const date = new Date(days * DAY_MS).toISOString().slice(0, 10);
  return { date, time: formatMinutes(minutes), weekday: (((days + 4) % 7) + 7) % 7 };
}

/** Local midnight starting a date in the debtor's state (its main zone). */
export function localMidnightOf(date: string, uf: string | undefined): Date {
  checkDate(date);
  return new Date(localMidnight(date, timeZoneOf(uf).offsetMinutes));
}

/** Start of the debtor's next local calendar day after the instant (midnight in the state's main zone). */
export function nextLocalMidnight(at: Date, uf: string | undefined): Date {
  const { date } = localDateTime(at, uf);
  return new Date(localMidnight(addDays(date, 1), timeZoneOf(uf).offsetMinutes));
}

function weekFor(uf: Uf | undefined, config: WindowConfig): WeeklyWindows {
  return (uf !== undefined ? config.byState?.[uf] : undefined) ?? config.default;
}

function dayWindowFor(week: WeeklyWindows, weekday: number): DayWindow | null {
  if (weekday === 0) return week.sunday;
  if (weekday === 6) return week.saturday;
  return week.weekdays;
}

function checkDate(date: string): void {
  if (!isIsoDate(date)) throw new RangeError(`Data inválida "${date}": use AAAA-MM-DD.`);
}

export interface ContactWindow {
  /** The debtor's local date. */
  date: string;
  /** Local 'HH:MM' (state's main zone) when the window opens and closes (exclusive). */
  localStart: string;
  localEnd: string;
  start: Date;
  /** Exclusive. */
  end: Date;
}

/**
 * The contact window on a local date in the debtor's state, or null when there is none: Sundays (unless
 * configured), national, state or — where known, by the debtor's city — municipal holidays (always), or
 * days configured without a window. Holidays come from platform/calendar.ts (the state capitals'
 * municipal holidays; a city without a known table counts only national and state ones).
 */
export function windowOn(
  date: string,
  uf: string | undefined,
  config: WindowConfig = DEFAULT_WINDOW_CONFIG,
  city?: string | null,
): ContactWindow | null {
  checkDate(date);
  const state = normalizeUf(uf);
  if (isHoliday(date, state, city).holiday) return null;
  const day = dayWindowFor(weekFor(state, config), weekdayOf(date));
  if (!day) return null;
  const startMin = parseTime(day.start);
  const endMin = parseTime(day.end);
  if (startMin >= endMin) {
    throw new RangeError(
      `Janela de contato inválida: ${day.start}–${day.end} (o início deve vir antes do fim).`,
    );
  }
  const zone = timeZoneOf(state);
  // Intersection of the window in every zone of the state: opens at the latest start, closes at the
  // earliest end (a zone further west has a smaller offset and reaches 08:00 later).
  let start = Number.NEGATIVE_INFINITY;
  let end = Number.POSITIVE_INFINITY;
  for (const offset of zone.offsets) {
    const midnight = localMidnight(date, offset);
    start = Math.max(start, midnight + startMin * MINUTE_MS);
    end = Math.min(end, midnight + endMin * MINUTE_MS);
  }
  if (start >= end) return null;
  const mainMidnight = localMidnight(date, zone.offsetMinutes);
  return {
    date,
    localStart: formatMinutes((start - mainMidnight) / MINUTE_MS),
    localEnd: formatMinutes((end - mainMidnight) / MINUTE_MS),
    start: new Date(start),
    end: new Date(end),
  };
}

/** Whether the instant is inside the debtor's contact window (start inclusive, end exclusive). */
export function isInsideWindow(
  at: Date,
  uf: string | undefined,
  config?: WindowConfig,
  city?: string | null,
): boolean {
  const window = windowOn(localDateTime(at, uf).date, uf, config, city);
  return window !== null && window.start.getTime() <= at.getTime() && at.getTime() < window.end.getTime();
}

/** How many local days ahead `nextAllowedMoment` looks before giving up. */
export const WINDOW_SEARCH_DAYS = 30;

/**
 * `at` itself when it is inside a window, else the start of the next window (skipping Sundays and
 * holidays). Throws when no window opens within `WINDOW_SEARCH_DAYS` (a configuration without windows).
 */
export function nextAllowedMoment(
  at: Date,
  uf: string | undefined,
  config?: WindowConfig,
  city?: string | null,
): { at: Date; window: ContactWindow } {
  const t = at.getTime();
  let date = localDateTime(at, uf).date;
  for (let i = 0; i <= WINDOW_SEARCH_DAYS; i += 1) {
    const window = windowOn(date, uf, config, city);
    if (window && t < window.end.getTime()) {
      return { at: t >= window.start.getTime() ? at : window.start, window };
    }
    date = addDays(date, 1);
  }
  throw new RangeError(
    `Nenhuma janela de contato nos próximos ${WINDOW_SEARCH_DAYS} dias: revise a configuração.`,
  );
}

const DAY_LABELS = ['domingo', 'de segunda a sexta', 'sábado'] as const;

function dayLabel(weekday: number): string {
  if (weekday === 0) return DAY_LABELS[0];
  if (weekday === 6) return DAY_LABELS[2];
  return DAY_LABELS[1];
}

/**
 * Why a local date has no contact window, in pt-BR ("domingo", "feriado: Dia da Consciência Negra",
 * "sábado sem janela de contato"), or null when it has one.
 */
export function whyNoWindow(
  date: string,
  uf: string | undefined,
  config?: WindowConfig,
  city?: string | null,
): string | null {
  checkDate(date);
  const holiday = isHoliday(date, normalizeUf(uf), city);
  if (holiday.holiday) return `feriado: ${holiday.name}`;
  if (windowOn(date, uf, config, city)) return null;
  const weekday = weekdayOf(date);
  if (weekday === 0) return 'domingo';
  return `sem janela de contato configurada (${dayLabel(weekday)})`;
}

/**
 * Why an instant is outside the debtor's contact window, in pt-BR, or null when it is inside:
 * the day's reason (see `whyNoWindow`) or "fora do horário: sábado só até 14:00",
 * "fora do horário: de segunda a sexta só a partir das 08:00" (local time).
 */
export function whyOutsideWindow(
  at: Date,
  uf: string | undefined,
  config?: WindowConfig,
  city?: string | null,
): string | null {
  const local = localDateTime(at, uf);
  const window = windowOn(local.date, uf, config, city);
  if (!window) return whyNoWindow(local.date, uf, config, city);
  const label = dayLabel(local.weekday);
  if (at.getTime() < window.start.getTime())
    return `fora do horário: ${label} só a partir das ${window.localStart}`;
  if (at.getTime() >= window.end.getTime()) return `fora do horário: ${label} só até ${window.localEnd}`;
  return null;
}
