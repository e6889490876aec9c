/**
 * CSV for people who open it in Excel (pt-BR): UTF-8 with a BOM (without it Excel reads Windows-1252
 * and breaks every accent), `;` between cells (the comma is the decimal separator), CRLF line ends,
 * money as reais with a decimal comma, instants as São Paulo date and time ("02/12/2026 08:30", which
 * Excel pt-BR reads as a date), and no cell that a spreadsheet would run as a formula.
 */
export const CSV_BOM = '\uFEFF';
export const CSV_SEPARATOR = ';';

/**
 * A text cell. Text that starts like a formula (= + - @, or a tab or CR that some spreadsheets skip
 * before reading one) gets a leading apostrophe, so `=HYPERLINK(...)` in a name typed by a debtor or a
 * payer is shown, never executed (OWASP "CSV injection"). Quoted when it holds `;`, quotes or a line end.
 */
export function csvText(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Centavos as reais for a pt-BR spreadsheet: 123456 → "1234,56" (a number Excel adds up). */
export function csvReais(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '';
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

export function csvLine(cells: string[]): string {
  return `${cells.join(CSV_SEPARATOR)}\r\n`;
}

const SAO_PAULO_DATE_TIME = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/Sao_Paulo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * An instant as a person in Brazil reads it and Excel pt-BR parses it: "DD/MM/AAAA HH:MM" in São Paulo
 * time. "2026-12-02T11:30:00.000Z" (a Pix at 08:30 in Brasília) → "02/12/2026 08:30"; an ISO UTC string
 * would show 11:30 and stay text in the spreadsheet.
 */
export function csvDateTime(instant: string | Date | null | undefined): string {
  if (instant === null || instant === undefined) return '';
  const at = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(at.getTime())) return '';
  const part = Object.fromEntries(SAO_PAULO_DATE_TIME.formatToParts(at).map((p) => [p.type, p.value]));
  return `${part.day}/${part.month}/${part.year} ${part.hour}:${part.minute}`;
}
