import { formatDatePtBr } from '../../platform/dates.ts';
import { localDateTime, nextLocalMidnight } from './window.rules.ts';

/**
 * Frequency caps across all channels, per debtor: a humane cadence does not pile up messages, and
 * insistent contact may amount to the constraint and interference with rest and leisure that CDC art. 42
 * and art. 71 forbid. Defaults (configurable per creditor):
 * - at most 1 proactive contact per local calendar day (the debtor's state, see window.rules.ts);
 * - at most 3 proactive contacts in any rolling 7 days (168 hours);
 * - after a two-way conversation (the debtor replied or talked to an agent), no proactive contact for
 *   7 days (7 × 24 h from the conversation), unless the debtor agreed to be contacted (a date they chose,
 *   a promise to pay they asked to be reminded of).
 *
 * Decisions:
 * - Every channel counts the same (e-mail, SMS, WhatsApp, phone call, letter): the cap is on the pressure
 *   the person feels, not on a channel. Each history record is one contact.
 * - Transactional messages the debtor asked for (receipts, one-time codes, a link they requested) never
 *   count and are never blocked; they are recorded with `proactive: false`.
 * - `agreedByDebtor` lifts the quiet period and the rolling 7-day cap, which exist to space out unsolicited
 *   pressure: a contact the debtor scheduled is not unsolicited. The daily cap stays: never two proactive
 *   contacts on the same day, whatever the reason (the cadence should make room for an agreed contact).
 * - History is what was already sent: records after `at` are ignored (they matter again when the check
 *   runs at a later instant, which `checkCaps` does itself when it computes `retryAt`).
 */

export interface ContactRecord {
  at: Date;
  /** A contact the debtor did not ask for (cadence steps, agent calls). */
  proactive: boolean;
  /** A two-way conversation: the debtor replied or talked (starts the quiet period). */
  conversation?: boolean;
}

export interface CapsConfig {
  perDay: number;
  perRolling7Days: number;
  quietDaysAfterConversation: number;
}

export const DEFAULT_CAPS: CapsConfig = { perDay: 1, perRolling7Days: 3, quietDaysAfterConversation: 7 };

export type CapsResult = { ok: true } | { ok: false; reason: string; retryAt: Date };

const HOUR_MS = 3_600_000;
const ROLLING_MS = 168 * HOUR_MS;

function checkConfig(config: CapsConfig): void {
  const positive = (n: number) => Number.isInteger(n) && n >= 1;
  if (!positive(config.perDay) || !positive(config.perRolling7Days)) {
    throw new RangeError('Limites de contato inválidos: use números inteiros a partir de 1.');
  }
  if (!Number.isInteger(config.quietDaysAfterConversation) || config.quietDaysAfterConversation < 0) {
    throw new RangeError('Período de silêncio inválido: use um número inteiro de dias a partir de 0.');
  }
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The blocking caps at one instant, each with the instant it stops blocking. */
function blockingAt(
  history: readonly ContactRecord[],
  at: Date,
  uf: string | undefined,
  agreedByDebtor: boolean,
  config: CapsConfig,
): { reason: string; retryAt: Date }[] {
  const t = at.getTime();
  const past = history.filter((r) => r.at.getTime() <= t);
  const proactive = past.filter((r) => r.proactive);
  const blocks: { reason: string; retryAt: Date }[] = [];

  // Per local calendar day.
  const today = localDateTime(at, uf).date;
  const sameDay = proactive.filter((r) => localDateTime(r.at, uf).date === today).length;
  if (sameDay >= config.perDay) {
    blocks.push({
      reason: `limite de ${plural(config.perDay, 'contato', 'contatos')} por dia atingido`,
      retryAt: nextLocalMidnight(at, uf),
    });
  }

  if (!agreedByDebtor) {
    // Rolling 168 hours: a contact at T is inside the window of instants in [T, T + 168 h).
    const inWindow = proactive
      .filter((r) => r.at.getTime() > t - ROLLING_MS)
      .map((r) => r.at.getTime())
      .sort((a, b) => a - b);
    if (inWindow.length >= config.perRolling7Days) {
      // Enough of the oldest must leave for the count to drop below the cap.
      const leaving = inWindow[inWindow.length - config.perRolling7Days]!;
      blocks.push({
        reason: `limite de ${plural(config.perRolling7Days, 'contato', 'contatos')} em 7 dias atingido`,
        retryAt: new Date(leaving + ROLLING_MS),
      });
    }

    // Quiet period after the last two-way conversation.
    if (config.quietDaysAfterConversation > 0) {
      let last = Number.NEGATIVE_INFINITY;
      for (const r of past) if (r.conversation && r.at.getTime() > last) last = r.at.getTime();
      const quietEnd = last + config.quietDaysAfterConversation * 24 * HOUR_MS;
      if (t < quietEnd) {
        const day = formatDatePtBr(localDateTime(new Date(last), uf).date);
        blocks.push({
          reason:
            `conversa com o devedor em ${day}: sem contato ativo por ` +
            `${plural(config.quietDaysAfterConversation, 'dia', 'dias')}, salvo combinado com ele`,
          retryAt: new Date(quietEnd),
        });
      }
    }
  }
  return blocks;
}

/** Upper bound of re-checks when computing `retryAt` (each one moves strictly forward). */
const MAX_RECHECKS = 1_000;

/**
 * Whether a contact at `at` respects the frequency caps; when not, the pt-BR reason of the cap that blocks
 * longest and `retryAt`, the earliest instant at which no cap blocks any more.
 */
export function checkCaps(
  history: readonly ContactRecord[],
  at: Date,
  uf: string | undefined,
  opts: { transactional: boolean; agreedByDebtor?: boolean },
  config: CapsConfig = DEFAULT_CAPS,
): CapsResult {
  checkConfig(config);
  if (Number.isNaN(at.getTime())) throw new RangeError('Instante inválido.');
  if (opts.transactional) return { ok: true };
  const agreed = opts.agreedByDebtor === true;
  const first = blockingAt(history, at, uf, agreed, config);
  if (first.length === 0) return { ok: true };
  const reason = first.reduce((a, b) => (b.retryAt.getTime() > a.retryAt.getTime() ? b : a)).reason;
  // Each cap's retryAt is when that cap stops blocking; another cap (or a record dated after `at`) may
  // still block then, so move to the latest retryAt until nothing blocks.
  let blocks = first;
  let retry = at;
  for (let i = 0; blocks.length > 0; i += 1) {
    if (i >= MAX_RECHECKS)
      throw new RangeError('Não foi possível calcular quando o contato volta a ser permitido.');
    retry = new Date(Math.max(...blocks.map((b) => b.retryAt.getTime())));
    blocks = blockingAt(history, retry, uf, agreed, config);
  }
  return { ok: false, reason, retryAt: retry };
}
