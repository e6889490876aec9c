import { addDays, formatDatePtBr, type IsoDate, isIsoDate } from '../../platform/dates.ts';

/**
 * Pure rules of the debtor portal: identification limits, session lifetimes, masking, the choice of
 * channel for the one-time code, verification codes, protocols and self-service limits. No I/O, no clock:
 * instants and dates come in as arguments.
 */

/** A one-time code lives 10 minutes (issue 11). */
export const CODE_TTL_SECONDS = 10 * 60;
/** 5 wrong codes lock the identification for 30 minutes. */
export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_SECONDS = 30 * 60;
/** Idle sign-out (portal-ux §2: ~20 min, warned 2 min before by the page). */
export const SESSION_IDLE_SECONDS = 20 * 60;
/** However active, a session ends after this; the person identifies again with a new code. */
export const SESSION_MAX_SECONDS = 4 * 60 * 60;
/**
 * An ended session (signed out, idle or past its 4 hours) is kept this long, then purged: the person sees
 * their recent accesses in "Meus dados" (LGPD art. 18) and nothing older is held (art. 16, minimisation).
 */
export const ENDED_SESSION_KEEP_DAYS = 30;
/** Rate-limit windows are at most an hour long: counters older than this count for nothing. */
export const RATE_LIMIT_KEEP_SECONDS = 2 * 60 * 60;

/** What the daily purge deletes as of `now`: codes past their 10 minutes, sessions ended long ago. */
export function purgeCutoffs(now: Date): { codesBefore: Date; sessionsBefore: Date; rateLimitsBefore: Date } {
  return {
    codesBefore: now,
    // A session's `expires_at` is never before it ended (a sign-out revokes it earlier).
    sessionsBefore: new Date(now.getTime() - ENDED_SESSION_KEEP_DAYS * 86_400_000),
    rateLimitsBefore: new Date(now.getTime() - RATE_LIMIT_KEEP_SECONDS * 1000),
  };
}

/** Hardship pause asked on the portal (portal-ux "Momento difícil"). */
export const HARDSHIP_PAUSE_DAYS = 30;
/**
 * A dispute is answered within 7 calendar days: the SAC rule for demands (Decreto 11.034/2022, art. 17),
 * the shortest applicable term; collection on the debt stays stopped until then and after, until answered.
 */
export const DISPUTE_ANSWER_DAYS = 7;
/** A pre-identification by message link is good for 30 minutes after the link is opened. */
export const PRE_IDENTIFICATION_SECONDS = 30 * 60;
/** Self-service due-date change: at most this many days after the current due date. */
export const DUE_DATE_CHANGE_MAX_DAYS = 10;

export interface RateLimit {
  /** Counted per fixed window of this many seconds. */
  windowSeconds: number;
  max: number;
}

/** Limits per document and per IP address, shared by every server process (table portal_rate_limits). */
export const RATE_LIMITS = {
  startPerDocument: { windowSeconds: 60 * 60, max: 5 },
  startPerIp: { windowSeconds: 10 * 60, max: 30 },
  verifyPerIp: { windowSeconds: 10 * 60, max: 30 },
  verifyCodePerIp: { windowSeconds: 10 * 60, max: 60 },
} as const satisfies Record<string, RateLimit>;

/** The start of the fixed window `at` falls in. */
export function windowStart(at: Date, limit: RateLimit): Date {
  const ms = limit.windowSeconds * 1000;
  return new Date(Math.floor(at.getTime() / ms) * ms);
}

/** Seconds until the window ends (the Retry-After of a 429). */
export function secondsUntilWindowEnds(at: Date, limit: RateLimit): number {
  const end = windowStart(at, limit).getTime() + limit.windowSeconds * 1000;
  return Math.max(1, Math.ceil((end - at.getTime()) / 1000));
}

export interface IdentificationState {
  failedAttempts: number;
  lockedUntil: Date | null;
}

/** Seconds until the lock ends, or 0 when the identification is not locked. */
export function lockRemainingSeconds(state: IdentificationState | undefined, at: Date): number {
  if (!state?.lockedUntil) return 0;
  const ms = state.lockedUntil.getTime() - at.getTime();
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
}

/** After one more wrong code: the new count, and the lock when it reaches the limit (count restarts). */
export function afterFailure(state: IdentificationState | undefined, at: Date): IdentificationState {
  const previous =
    state && lockRemainingSeconds(state, at) === 0 && state.lockedUntil ? 0 : (state?.failedAttempts ?? 0);
  const failed = previous + 1;
  if (failed >= MAX_FAILED_ATTEMPTS) {
    return { failedAttempts: 0, lockedUntil: new Date(at.getTime() + LOCK_SECONDS * 1000) };
  }
  return { failedAttempts: failed, lockedUntil: null };
}

/** Whether a session is still usable at `at`, and until when (idle or absolute limit, whichever first). */
export function sessionExpiry(session: { createdAt: Date; lastSeenAt: Date }): Date {
  return new Date(
    Math.min(
      session.lastSeenAt.getTime() + SESSION_IDLE_SECONDS * 1000,
      session.createdAt.getTime() + SESSION_MAX_SECONDS * 1000,
    ),
  );
}

export type CodeChannel = 'sms' | 'whatsapp' | 'email';
export const CODE_CHANNELS: readonly CodeChannel[] = ['sms', 'whatsapp', 'email'];

export interface HeldContact {
  channel: CodeChannel;
  /** E.164 phone or e-mail address. */
  address: string;
  /** The creditors this contact vouches for (a code it receives proves the person to them only). */
  creditorIds?: readonly string[];
}

/**
 * The creditors a verified code proves the person to (the session's scope): of those the contact
 * vouched for, the ones whose own birth date matches (or that supplied none). When any of them supplied
 * a birth date, one must be given and match at least one of them; else nobody is proved.
 */
export function sessionScope(
  vouching: readonly string[],
  birthDates: Readonly<Record<string, string | null>>,
  given: string | null,
): string[] {
  const known = vouching.filter((id) => Object.hasOwn(birthDates, id));
  const held = known.filter((id) => birthDates[id]);
  if (held.length > 0 && (given === null || !held.some((id) => birthDates[id] === given))) return [];
  return known.filter((id) => !birthDates[id] || birthDates[id] === given);
}

/**
 * Where the code goes: by SMS when a phone is held (else WhatsApp, else e-mail), unless the person asked
 * for another channel that is held for them. `held` lists the usable contacts on channels this server
 * has configured; a channel asked for and not held falls back to the default order (the answer is the
 * same either way: nothing tells which channels exist).
 */
export function chooseCodeContact(
  held: readonly HeldContact[],
  requested: CodeChannel | undefined,
): HeldContact | null {
  if (requested) {
    const match = held.find((c) => c.channel === requested);
    if (match) return match;
  }
  for (const channel of CODE_CHANNELS) {
    const match = held.find((c) => c.channel === channel);
    if (match) return match;
  }
  return null;
}

/** "celular terminado em 21" / "e-mail a***@exemplo.com.br" — only on the link entry (portal-ux S2). */
export function describeContact(contact: HeldContact): string {
  if (contact.channel === 'email') {
    const [user = '', domain = ''] = contact.address.split('@');
    return `e-mail ${user.slice(0, 1)}***@${domain}`;
  }
  const digits = contact.address.replace(/\D/g, '');
  const where = contact.channel === 'whatsapp' ? 'WhatsApp do celular' : 'celular';
  return `${where} terminado em ${digits.slice(-2)}`;
}

/** The message that carries the code (portal-ux §3: domain-bound last line for WebOTP). */
export function codeMessage(code: string, portalHost: string): { subject: string; text: string } {
  return {
    subject: `${code} é o seu código Trato`,
    text: `${code} é o seu código Trato. Ele vale por 10 minutos. Não passe este código para ninguém: nunca pedimos códigos por telefone.\n\n@${portalHost} #${code}`,
  };
}

/** A 6-digit code from a uniform random integer in [0, 1 000 000). */
export function formatCode(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 1_000_000) throw new RangeError('código fora do intervalo');
  return String(n).padStart(6, '0');
}

/** Digits only (spaces and hyphens are ignored: portal-ux §4); null when it is not 6 digits. */
export function normalizeCode(raw: string): string | null {
  const digits = raw.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(digits) ? digits : null;
}

/** "***.456.789-**" (CPF) or "**.345.678/0001-**" (CNPJ): enough to recognise, not to reuse. */
export function maskDocument(document: string): string {
  const d = document.replace(/[^0-9A-Za-z]/g, '');
  if (d.length === 11) return `***.${d.slice(3, 6)}.${d.slice(6, 9)}-**`;
  if (d.length === 14) return `**.${d.slice(2, 5)}.${d.slice(5, 8)}/${d.slice(8, 12)}-**`;
  return '***';
}

export function firstName(name: string): string {
  const first = name.trim().split(/\s+/)[0] ?? '';
  // Imports often arrive in capitals: "MARIA" → "Maria".
  return first.charAt(0).toLocaleUpperCase('pt-BR') + first.slice(1).toLocaleLowerCase('pt-BR');
}

/** 'YYYY-MM-DD' from what the page sends (ISO, or dd/mm/aaaa as typed); null when impossible. */
export function parseBirthDate(raw: string): IsoDate | null {
  const s = raw.trim();
  if (isIsoDate(s)) return s;
  const m = /^(\d{1,2})\D+(\d{1,2})\D+(\d{4})$/.exec(s) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(s);
  if (!m) return null;
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** What a person types (any case, with or without hyphens/spaces) → the stored form, or null. */
export function normalizeVerificationCode(raw: string): string | null {
  const s = raw.replace(/[\s-]/g, '').toUpperCase();
  return /^[0-9A-F]{12}$/.test(s) ? s : null;
}

/** Protocol numbers the person can read over the phone: year + 8 digits, e.g. "2026-48291375". */
export function formatProtocol(year: string, random8: number): string {
  return `${year}-${String(random8).padStart(8, '0')}`;
}

export function disputeAnswerBy(today: IsoDate): IsoDate {
  return addDays(today, DISPUTE_ANSWER_DAYS);
}

/**
 * The dates an installment may move to by self-service: the next `DUE_DATE_CHANGE_MAX_DAYS` days after
 * its due date, never before today, never on or after the next installment's due date, and only
 * business days (a due date on a weekend would move to Monday anyway: CC art. 132 §1º).
 */
export function allowedDueDates(input: {
  today: IsoDate;
  dueDate: IsoDate;
  nextDueDate: IsoDate | null;
  isBusinessDay: (date: IsoDate) => boolean;
}): IsoDate[] {
  const out: IsoDate[] = [];
  for (let i = 1; i <= DUE_DATE_CHANGE_MAX_DAYS; i++) {
    const d = addDays(input.dueDate, i);
    if (d <= input.today) continue;
    if (input.nextDueDate && d >= input.nextDueDate) break;
    if (input.isBusinessDay(d)) out.push(d);
  }
  return out;
}

const WEEKDAYS = ['dom', 'seg', 'ter', 'qua', 'qui', 'sex', 'sáb'];

/** "qua, 16/04/2027" (portal-ux: radios with the weekday, not a calendar). */
export function dateLabel(date: IsoDate): string {
  const weekday = WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()]!;
  return `${weekday}, ${formatDatePtBr(date)}`;
}

/** 'HH:MM' → minutes; null when not a time. */
export function minutesOf(time: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min > 0)) return null;
  return h * 60 + min;
}

/**
 * A callback window must fit inside the legal contact hours of that day (SP Lei 15.426/2014 and the
 * states' laws, as the contact module's window) and be at least 30 minutes long.
 */
export function checkCallbackWindow(
  requested: { from: string; to: string },
  legal: { localStart: string; localEnd: string } | null,
): string | null {
  const from = minutesOf(requested.from);
  const to = minutesOf(requested.to);
  if (from === null || to === null) return 'Use horários no formato HH:MM.';
  if (to - from < 30) return 'A janela precisa ter pelo menos 30 minutos.';
  if (!legal) return 'Neste dia não fazemos ligações (domingo ou feriado). Escolha outro dia.';
  if (from < minutesOf(legal.localStart)! || to > minutesOf(legal.localEnd)!) {
    return `Neste dia ligamos entre ${legal.localStart} e ${legal.localEnd}. Escolha um horário dentro desse período.`;
  }
  return null;
}
