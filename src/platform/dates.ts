/**
 * Calendar dates are ISO strings `YYYY-MM-DD` with no time zone: a due date is a day, not an instant.
 * Arithmetic goes through UTC midnights so daylight-saving shifts can never move a day.
 */
export type IsoDate = string;

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const m = ISO_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return DAYS_IN_MONTH[month - 1] ?? 0;
}

// Day numbers (days since 1970-01-01) by plain integer arithmetic: offer schedules and contact plans
// do date arithmetic in hot loops, where Date objects and string splitting showed up in profiles.
// Algorithms from H. Hinnant, "chrono-Compatible Low-Level Date Algorithms" (days_from_civil and
// civil_from_days), exact over the proleptic Gregorian calendar.
const digit = (s: string, i: number) => s.charCodeAt(i) - 48;

function toDayNumber(date: IsoDate): number {
  if (date.length !== 10 || date[4] !== '-' || date[7] !== '-') {
    throw new RangeError(`Data inválida "${date}": use AAAA-MM-DD.`);
  }
  let y = digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3);
  const m = digit(date, 5) * 10 + digit(date, 6);
  const d = digit(date, 8) * 10 + digit(date, 9);
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

function fromDayNumber(days: number): IsoDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

/** Days since 1970-01-01 (Thursday); `(n + 4) % 7` is the weekday, 0 = Sunday. */
export function dayNumber(date: IsoDate): number {
  return toDayNumber(date);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return days === 0 ? date : fromDayNumber(toDayNumber(date) + days);
}

/** Adds calendar years; 29 Feb becomes 28 Feb in a non-leap year. */
export function addYears(date: IsoDate, years: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const year = y + years;
  const day = Math.min(d, daysInMonth(year, m));
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Civil-law year periods (Código Civil art. 132 §3): a period in years ends on the day with the same
 * number, or on the next day when that day does not exist (29 Feb in a common year -> 1 Mar).
 */
export function addYearsCivil(date: IsoDate, years: number): IsoDate {
  const same = addYears(date, years);
  return same.slice(8) === date.slice(8) ? same : addDays(same, 1);
}

/** `YYYY-MM` of a date. */
export function monthOf(date: IsoDate): string {
  return date.slice(0, 7);
}

/** Months from `fromMonth` (inclusive) to `toMonth` (exclusive), as `YYYY-MM`. */
export function monthsInRange(fromMonth: string, toMonth: string): string[] {
  const out: string[] = [];
  let [y, m] = fromMonth.split('-').map(Number) as [number, number];
  const [ty, tm] = toMonth.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m < tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** "2024-03" -> "mar/2024" for pt-BR explanations. */
export function formatMonthPtBr(month: string): string {
  const names = ['jan', 'fev', 'mar', 'abr', 'mai', 'jun', 'jul', 'ago', 'set', 'out', 'nov', 'dez'];
  const [y, m] = month.split('-');
  return `${names[Number(m) - 1]}/${y}`;
}

/** "2024-03-05" -> "05/03/2024". */
export function formatDatePtBr(date: IsoDate): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

/**
 * Civil-law month periods (Código Civil art. 132 §3): `months` months after `date` ends on the day with
 * the same number, or on the next day when that month has no such day (31 Jan + 1 month -> 1 Mar).
 * Always counted from `date` itself, never chained (31 Jan + 2 months = 31 Mar).
 */
export function addMonthsCivil(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const last = daysInMonth(year, month);
  const iso = (day: number) => `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
  return d <= last ? iso(d) : addDays(iso(last), 1);
}

/**
 * Whole civil months from `from` to `to` (art. 132 §3) and the days left over, with the length of the
 * running month (from the last whole month's end to the next one's), so that the remainder is a pro rata
 * of a real month: a year is exactly 12 months, never 365/30 = 12.17.
 */
export function civilMonthsBetween(
  from: IsoDate,
  to: IsoDate,
): { months: number; days: number; monthLength: number } {
  if (to <= from) return { months: 0, days: 0, monthLength: 30 };
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  let months = Math.max(0, (ty - fy) * 12 + (tm - fm));
  while (months > 0 && addMonthsCivil(from, months) > to) months -= 1;
  const anchor = addMonthsCivil(from, months);
  return {
    months,
    days: daysBetween(anchor, to),
    monthLength: daysBetween(anchor, addMonthsCivil(from, months + 1)),
  };
}
