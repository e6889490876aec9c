/**
 * How amounts, dates and documents are printed for people, shared by the server (letters, PDFs)
 * and the browser (the portal bundles this file). It must stay dependency-free: no Node API, no
 * package, nothing that reads a clock — the web build imports it directly and only it from src/.
 *
 * Money goes through Intl pt-BR (`R$ 1.234,56`, with a no-break space after "R$" so the symbol
 * never wraps away from the number) and always shows centavos: the amount must match, digit for
 * digit, what the person's bank app shows (portal-ux.md §4).
 */

import {
  formatDocument,
  labelledDocument,
  normalizeDocument,
  validateCnpj,
  validateCpf,
} from './br-documents.ts';

export { formatDocument, labelledDocument, normalizeDocument, validateCnpj, validateCpf };

/**
 * "CPF" or "CNPJ": what a document is called, from its digits (formatted or not). A creditor may be a
 * person (CPF): the portal never calls a CPF a CNPJ — the debtor compares it with the bank app's.
 */
export function documentLabel(value: string): 'CPF' | 'CNPJ' {
  return normalizeDocument(value).length === 11 ? 'CPF' : 'CNPJ';
}

const BRL = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });
const PERCENT = new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 2 });

/** 123456 → "R$ 1.234,56" (no-break space after R$); negative → "-R$ 1.234,56". */
export function formatMoney(cents: number): string {
  return BRL.format(cents / 100);
}

/** 2.5 / "2.5" → "2,5%"; at most two decimals. */
export function formatPercentPtBr(percent: number | string): string {
  return `${PERCENT.format(Number(percent))}%`;
}

/** "2027-02-10" → "10/02/2027". Anything that is not an ISO date is returned unchanged. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

const WEEKDAYS = ['dom', 'seg', 'ter', 'qua', 'qui', 'sex', 'sáb'];

/** "2027-04-16" → "sex, 16/04": short dates for choices, where the weekday helps more than the year. */
export function formatDayWithWeekday(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  const weekday = WEEKDAYS[new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1)).getUTCDay()];
  return `${weekday}, ${iso.slice(8, 10)}/${iso.slice(5, 7)}`;
}

/**
 * An instant in São Paulo time, "15/03/2026, 23h59" (the way the portal states a deadline: a date and
 * a time, never a countdown).
 */
export function formatDateTime(instant: string | Date): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('pt-BR', {
      timeZone: 'America/Sao_Paulo',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.day}/${parts.month}/${parts.year}, ${parts.hour}h${parts.minute}`;
}

/** The time of day in São Paulo, "15h40". */
export function formatTime(instant: string | Date): string {
  return formatDateTime(instant).split(', ')[1] ?? '';
}

/**
 * A CPF shown outside the identification step: only the middle digits, "***.456.789-**" (the
 * masking used by the Brazilian government's own services). A CNPJ is a company's public record:
 * shown whole.
 */
export function maskDocument(value: string): string {
  const v = normalizeDocument(value);
  if (v.length !== 11) return formatDocument(v);
  return `***.${v.slice(3, 6)}.${v.slice(6, 9)}-**`;
}

/** "5511987654321" / "+55 11 98765-4321" → "(11) 98765-4321"; other values unchanged. */
export function formatPhone(value: string): string {
  let d = value.replace(/\D/g, '');
  if (d.length > 11 && d.startsWith('55')) d = d.slice(2);
  if (d.length === 11) return `(${d.slice(0, 2)}) ${d.slice(2, 7)}-${d.slice(7)}`;
  if (d.length === 10) return `(${d.slice(0, 2)}) ${d.slice(2, 6)}-${d.slice(6)}`;
  return value;
}

/**
 * A boleto's 47-digit linha digitável in its 5 printed groups:
 * "99999.99999 99999.999999 99999.999999 9 99999999999999" (FEBRABAN layout).
 */
export function formatBoletoLine(digits: string): string {
  const d = digits.replace(/\D/g, '');
  if (d.length !== 47) return digits;
  return `${d.slice(0, 5)}.${d.slice(5, 10)} ${d.slice(10, 15)}.${d.slice(15, 21)} ${d.slice(21, 26)}.${d.slice(26, 32)} ${d.slice(32, 33)} ${d.slice(33)}`;
}
