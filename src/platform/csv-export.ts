/**
 * CSV for people who open it in Excel (pt-BR): UTF-8 with a BOM (without it Excel reads Windows-1252
 * and breaks every accent), `;` between cells (the comma is the decimal separator), CRLF line ends,
 * money as reais with a decimal comma, and no cell that a spreadsheet would run as a formula.
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
