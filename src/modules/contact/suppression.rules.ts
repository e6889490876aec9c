import { formatDatePtBr } from '../../platform/dates.ts';
import { localDateTime } from './window.rules.ts';

/**
 * Suppressions: situations in which a message must not go out at all (as opposed to being deferred).
 *
 * Precedence, first match wins (the most protective and most specific reason is the one reported):
 *  1. deceased        — the debtor died: nothing is sent, transactional messages included.
 *  2. dispute         — the debtor contests the debt: no collection until it is resolved.
 *  2a. repactuation   — a debt renegotiation under the superendividamento procedure (CDC art. 104-A,
 *                       Lei 14.181/2021): collection stops and charges are frozen while it lasts.
 *  3. opt_out         — the debtor asked not to be contacted on this channel (no channel = all channels).
 *  4. hardship        — a pause for financial hardship / over-indebtedness, until its end date.
 *  5. vulnerable      — a vulnerable debtor (age, health, condition): no proactive collection.
 *  6. prescribed      — no debt the message is about is collectable and at least one is prescribed
 *                       and unpaid (the others settled): no collection.
 *  7. settled         — every debt the message is about is settled: nothing to collect.
 *  8. paid_agreement  — the agreement is paid and none of the debts is still open: nothing to collect.
 *
 * Transactional messages (receipts, one-time codes, a link the debtor asked for) are blocked only by
 * `deceased` and by an `opt_out` covering the channel: they answer the debtor's own action and carry no
 * collection pressure, so a disputing, paused, vulnerable or paid-up debtor still gets their receipt or
 * code; an opt-out, however, is the debtor's word about the channel itself (the portal should offer
 * another channel, or record a new consent, removing the opt-out, when the debtor explicitly picks it).
 * For a transactional message the same order applies to those two kinds.
 *
 * Decisions:
 * - `channel` on a suppression scopes it to that channel (case-insensitive), for every kind; null or
 *   absent = all channels. Disputes and hardship pauses normally have no channel.
 * - `until` is exclusive: a suppression applies while `at < until`; null or absent = until removed.
 * - `debts` are the debts the message is about. With no debts (a message about the relationship or an
 *   agreement), rules 6 and 7 do not apply. When only some debts are prescribed the message is allowed:
 *   the caller must leave the prescribed debts out of it (STJ REsp 2.088.100/SP: no collection of a
 *   prescribed debt, judicial or extrajudicial; the term itself comes from Código Civil art. 206), which is why it should pass only collectable debts.
 * - Debt statuses: 'settled' and 'paid' are settled; 'open' is open; anything else (e.g. 'in_agreement')
 *   counts as neither settled nor open.
 */

export type SuppressionKind =
  | 'opt_out'
  | 'dispute'
  | 'repactuation'
  | 'hardship'
  | 'deceased'
  | 'vulnerable'
  | 'prescribed'
  | 'settled'
  | 'paid_agreement';

/** The order of `SuppressionKind` in which suppressions are checked (first wins). */
export const SUPPRESSION_PRECEDENCE: readonly SuppressionKind[] = [
  'deceased',
  'dispute',
  'repactuation',
  'opt_out',
  'hardship',
  'vulnerable',
  'prescribed',
  'settled',
  'paid_agreement',
];

export interface SuppressionEntry {
  kind: 'opt_out' | 'dispute' | 'hardship' | 'repactuation';
  channel?: string | null;
  until?: Date | null;
}

export interface SuppressionInput {
  channel: string;
  transactional: boolean;
  at: Date;
  suppressions: readonly SuppressionEntry[];
  flags: { deceased?: boolean; vulnerable?: boolean };
  /**
   * The debts the message is about. `dueDate` ('AAAA-MM-DD') lets the guardrail apply state rules that
   * count days of default (Amazonas: no phone or SMS collection before D+16).
   */
  debts: readonly { status: string; prescribed: boolean; dueDate?: string }[];
  agreement?: { status: string } | null;
}

export type SuppressionResult =
  | { suppressed: false }
  | {
      suppressed: true;
      kind: SuppressionKind;
      /** pt-BR, for the agent and the audit trail. */
      reason: string;
      /** The law or principle behind it, shown where a user asks "why". */
      legalBasis: string;
      /** When a time-limited suppression ends (exclusive). */
      until?: Date;
    };

export const SUPPRESSION_LEGAL_BASIS: Readonly<Record<SuppressionKind, string>> = {
  deceased:
    'Código Civil art. 1.997 (a herança responde pelas dívidas do falecido; tratar com o espólio, ' +
    'por atendimento humano); LGPD art. 6º (não revelar a dívida a terceiros)',
  // Issue 12 item 17: CC art. 940 is about suing for a debt already paid, not about a contested one;
  // LGPD art. 18 §2º is the right to oppose processing based on consent, not a collection opt-out.
  dispute:
    'CDC art. 42 (cobrança sem constrangimento nem cobrança indevida) e art. 6º III (informação ' +
    'clara sobre o que se cobra): enquanto a contestação é analisada, a cobrança para',
  repactuation:
    'CDC art. 104-A, incluído pela Lei 14.181/2021 (repactuação de dívidas do consumidor ' +
    'superendividado): a cobrança para e os encargos ficam congelados durante o processo',
  opt_out:
    'LGPD art. 6º (finalidade, necessidade e adequação do tratamento) e CDC art. 42 (cobrança sem ' +
    'constrangimento); CDC art. 71 (não interferir no descanso ou lazer do consumidor)',
  hardship:
    'CDC art. 6º XI e XII, incluídos pela Lei 14.181/2021 (crédito responsável, prevenção do ' +
    'superendividamento e preservação do mínimo existencial)',
  vulnerable:
    'CDC art. 39 IV (vedado prevalecer-se da fraqueza ou ignorância do consumidor, em vista de sua ' +
    'idade, saúde, conhecimento ou condição social)',
  prescribed:
    'STJ REsp 2.088.100/SP (dívida prescrita não pode ser cobrada, judicial nem extrajudicialmente; ' +
    'só pode ser oferecida para pagamento voluntário num canal aberto pelo devedor, REsp 2.103.726/SP); ' +
    'CDC art. 43 §5º',
  settled: 'CDC art. 42 parágrafo único (cobrança de dívida já paga: devolução em dobro)',
  paid_agreement: 'CDC art. 42 parágrafo único (cobrança de dívida já paga: devolução em dobro)',
};

const SETTLED_STATUSES: ReadonlySet<string> = new Set(['settled', 'paid']);

const sameChannel = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function activeEntry(input: SuppressionInput, kind: SuppressionEntry['kind']): SuppressionEntry | undefined {
  const t = input.at.getTime();
  const active = input.suppressions.filter(
    (s) =>
      s.kind === kind &&
      (s.until == null || t < s.until.getTime()) &&
      (s.channel == null || sameChannel(s.channel, input.channel)),
  );
  if (active.length === 0) return undefined;
  // The one lasting longest: an open-ended entry, else the latest end.
  return active.reduce((a, b) => {
    if (a.until == null) return a;
    if (b.until == null) return b;
    return b.until.getTime() > a.until.getTime() ? b : a;
  });
}

/** " até DD/MM/AAAA" (Brasília date: the debtor's state is not known here), or '' when open-ended. */
function untilText(entry: SuppressionEntry): string {
  return entry.until == null ? '' : ` até ${formatDatePtBr(localDateTime(entry.until, undefined).date)}`;
}

function suppressed(kind: SuppressionKind, reason: string, entry?: SuppressionEntry): SuppressionResult {
  const result: SuppressionResult = {
    suppressed: true,
    kind,
    reason,
    legalBasis: SUPPRESSION_LEGAL_BASIS[kind],
  };
  if (entry?.until != null) result.until = entry.until;
  return result;
}

/** Whether a message must not go out, and why (see the precedence above). */
export function suppressionFor(input: SuppressionInput): SuppressionResult {
  if (Number.isNaN(input.at.getTime())) throw new RangeError('Instante inválido.');
  const { flags, debts, transactional } = input;

  if (flags.deceased) {
    return suppressed('deceased', 'devedor falecido: nenhuma mensagem é enviada; o caso segue com o espólio');
  }

  const dispute = activeEntry(input, 'dispute');
  if (dispute && !transactional) {
    return suppressed(
      'dispute',
      `dívida contestada pelo devedor: cobrança pausada${untilText(dispute)}`,
      dispute,
    );
  }

  const repactuation = activeEntry(input, 'repactuation');
  if (repactuation && !transactional) {
    return suppressed(
      'repactuation',
      `repactuação de dívidas em andamento (CDC art. 104-A): cobrança suspensa e encargos congelados${untilText(repactuation)}`,
      repactuation,
    );
  }

  // A debt the debtor disputed on the portal ('disputed'): a message only about disputed (or settled,
  // or prescribed) debts is collection of a contested debt and stops at once (CDC art. 42).
  if (
    !transactional &&
    debts.some((d) => d.status === 'disputed') &&
    debts.every((d) => d.status === 'disputed' || d.prescribed || SETTLED_STATUSES.has(d.status))
  ) {
    return suppressed('dispute', 'dívida contestada pelo devedor: cobrança pausada até a resposta');
  }

  const optOut = activeEntry(input, 'opt_out');
  if (optOut) {
    const scope = optOut.channel == null ? 'por nenhum canal' : `por ${input.channel.trim().toLowerCase()}`;
    return suppressed(
      'opt_out',
      `o devedor pediu para não ser contatado ${scope}${untilText(optOut)}`,
      optOut,
    );
  }

  if (transactional) return { suppressed: false };

  const hardship = activeEntry(input, 'hardship');
  if (hardship) {
    return suppressed('hardship', `pausa por dificuldade financeira${untilText(hardship)}`, hardship);
  }

  if (flags.vulnerable) {
    return suppressed('vulnerable', 'devedor em situação de vulnerabilidade: sem cobrança ativa');
  }

  if (debts.length > 0) {
    const settled = (d: { status: string }) => SETTLED_STATUSES.has(d.status);
    if (debts.every((d) => d.prescribed || settled(d)) && debts.some((d) => d.prescribed && !settled(d))) {
      return suppressed(
        'prescribed',
        debts.length === 1
          ? 'dívida prescrita: não pode ser cobrada'
          : 'dívidas prescritas: não podem ser cobradas',
      );
    }
    if (debts.every(settled)) {
      return suppressed(
        'settled',
        debts.length === 1 ? 'dívida quitada: nada a cobrar' : 'dívidas quitadas: nada a cobrar',
      );
    }
  }

  if (input.agreement?.status === 'paid' && !debts.some((d) => d.status === 'open')) {
    return suppressed('paid_agreement', 'acordo quitado: nada a cobrar');
  }

  return { suppressed: false };
}
