import { addDays, formatDatePtBr } from '../../platform/dates.ts';
import { type CapsConfig, type ContactRecord, checkCaps, DEFAULT_CAPS } from './caps.rules.ts';
import { type SuppressionInput, type SuppressionKind, suppressionFor } from './suppression.rules.ts';
import {
  DEFAULT_WINDOW_CONFIG,
  localDateTime,
  localMidnightOf,
  nextAllowedMoment,
  stateContactRule,
  type WindowConfig,
  whyOutsideWindow,
} from './window.rules.ts';

/**
 * The guardrail every outbound contact passes through, as one pure decision: send now, defer to a
 * given instant, or suppress. The order:
 *  1. suppressions (suppression.rules.ts): a suppressed message never goes out, whatever the time;
 *  2. the contact window of the debtor's state (window.rules.ts): outside it, defer to the next start;
 *  3. the frequency caps (caps.rules.ts): when one blocks, defer to its retryAt, then back to 2, so a
 *     deferred result is always an instant inside a window at which no cap blocks.
 *
 * Channels and decisions:
 * - 'phone' (an agent task or call): always inside the window. The state laws (SP Lei 15.426/2014)
 *   are about calls first, and a call interrupts whoever receives it, so even a call the debtor asked for
 *   waits for the window.
 * - 'sms', 'whatsapp' and any unknown channel: inside the window (AL Lei 7.782/2016 covers SMS), except a
 *   transactional message with `requestedNow`: a one-time code or link the debtor is waiting for on the
 *   portal, or a reply in a chat the debtor opened; deferring it to the morning would make it useless, and
 *   it is not collection contact.
 * - 'email': proactive e-mail respects the window (phones notify on arrival); transactional e-mail
 *   (receipts, codes, requested links) goes at any hour: it is asynchronous and the debtor expects it.
 *   Transactional SMS/WhatsApp without `requestedNow` (e.g. a receipt for a payment confirmed by a
 *   nightly bank file) wait for the window: nobody is woken up by a receipt at 03:00.
 * - 'letter': no window (a letter is delivered by the post and read when the debtor chooses), but a
 *   proactive letter counts and is capped like any other contact.
 * - Days of default (Amazonas, Lei 4.644/2018): where the state rule has `collectionFromDayOverdue`,
 *   proactive phone and SMS contact about open debts waits until the local date D+n of the most recent
 *   due date among them (n = 16: "only after 15 days of default"); the message is deferred, not dropped.
 *   E-mail, WhatsApp and letters are not named by the law. Installment reminders are not about open
 *   debts (the debts are in an agreement), so they are not held back.
 * - Caps never apply to transactional messages (see caps.rules.ts), and `agreedByDebtor` lifts the quiet
 *   period and the weekly cap.
 */

export type ContactDecision =
  | { status: 'send'; at: Date }
  | { status: 'deferred'; until: Date; reason: string }
  | { status: 'suppressed'; kind: SuppressionKind; reason: string; legalBasis: string; until?: Date };

export interface ContactInput {
  at: Date;
  /** The debtor's state (UF); undefined = national holidays and Brasília time. */
  uf?: string;
  /** The debtor's city: its municipal holidays have no window either, where known (state capitals). */
  city?: string | null;
  /** 'email' | 'sms' | 'whatsapp' | 'phone' | 'letter' (others are treated like SMS). */
  channel: string;
  /** Asked for by the debtor: receipt, one-time code, requested link. */
  transactional: boolean;
  /** Transactional and awaited right now (code or link being used on the portal, reply in a chat). */
  requestedNow?: boolean;
  /** A contact the debtor agreed to (a date they chose, a promise they asked to be reminded of). */
  agreedByDebtor?: boolean;
  history: readonly ContactRecord[];
  suppressions: SuppressionInput['suppressions'];
  flags: SuppressionInput['flags'];
  debts: SuppressionInput['debts'];
  agreement?: SuppressionInput['agreement'];
  windows?: WindowConfig;
  caps?: CapsConfig;
}

/** Whether the contact window applies to a message (see the decisions above). */
export function windowApplies(channel: string, transactional: boolean, requestedNow = false): boolean {
  const c = channel.trim().toLowerCase();
  if (c === 'letter') return false;
  if (c === 'phone') return true;
  if (!transactional) return true;
  if (c === 'email') return false;
  return !requestedNow;
}

/** Upper bound of window/caps alternations (each one moves strictly forward). */
const MAX_ROUNDS = 100;

export function decideContact(input: ContactInput): ContactDecision {
  const { at, uf, channel, transactional } = input;
  if (Number.isNaN(at.getTime())) throw new RangeError('Instante inválido.');

  const suppression = suppressionFor({
    channel,
    transactional,
    at,
    suppressions: input.suppressions,
    flags: input.flags,
    debts: input.debts,
    agreement: input.agreement ?? null,
  });
  if (suppression.suppressed) {
    const { kind, reason, legalBasis, until } = suppression;
    return until === undefined
      ? { status: 'suppressed', kind, reason, legalBasis }
      : { status: 'suppressed', kind, reason, legalBasis, until };
  }

  const windows = input.windows ?? DEFAULT_WINDOW_CONFIG;
  const caps = input.caps ?? DEFAULT_CAPS;
  const useWindow = windowApplies(channel, transactional, input.requestedNow === true);
  const reasons: string[] = [];
  const note = (reason: string) => {
    if (!reasons.includes(reason)) reasons.push(reason);
  };

  let t = at;
  const firstCollectionDay = firstCollectionDayInState(input);
  if (firstCollectionDay !== null && localDateTime(t, uf).date < firstCollectionDay) {
    note(
      `cobrança por telefone ou SMS só a partir de ${formatDatePtBr(firstCollectionDay)}, após 15 dias de atraso (${stateContactRule(uf).source.split(':')[0]})`,
    );
    t = localMidnightOf(firstCollectionDay, uf);
  }
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    if (useWindow) {
      const why = whyOutsideWindow(t, uf, windows, input.city);
      if (why !== null) {
        note(why);
        t = nextAllowedMoment(t, uf, windows, input.city).at;
      }
    }
    const capped = checkCaps(
      input.history,
      t,
      uf,
      { transactional, agreedByDebtor: input.agreedByDebtor },
      caps,
    );
    if (capped.ok) {
      return t.getTime() === at.getTime()
        ? { status: 'send', at }
        : { status: 'deferred', until: t, reason: reasons.join('; ') };
    }
    note(capped.reason);
    t = capped.retryAt;
  }
  throw new RangeError('Não foi possível encontrar um momento permitido para o contato.');
}

/**
 * The first local date on which the state allows phone or SMS collection of the message's open debts, or
 * null when no such rule applies (see "Days of default" above).
 */
export function firstCollectionDayInState(
  input: Pick<ContactInput, 'uf' | 'channel' | 'transactional' | 'debts'>,
): string | null {
  const days = stateContactRule(input.uf).collectionFromDayOverdue;
  const c = input.channel.trim().toLowerCase();
  if (days === undefined || input.transactional || (c !== 'phone' && c !== 'sms')) return null;
  const dueDates = input.debts
    .filter((d) => d.status === 'open' && d.dueDate !== undefined)
    .map((d) => d.dueDate!)
    .sort();
  const latest = dueDates.at(-1);
  return latest === undefined ? null : addDays(latest, days);
}
