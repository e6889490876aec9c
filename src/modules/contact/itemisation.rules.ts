import { formatBRL } from '../../platform/money.ts';
import { normalizeUf } from './window.rules.ts';

/**
 * Itemised charges and recorded calls, by state (issue #12 item 15).
 *
 * Rio de Janeiro (Lei estadual 6.854/2014, as amended), Paraná (Lei 17.352/2012 art. 2º, now part of the
 * Consolidação das Leis de Defesa do Consumidor do Paraná, Lei 22.130/2024) and Pernambuco (Código
 * Estadual de Defesa do Consumidor, Lei 16.559/2019 art. 26-A, added in 2020, in force since 01/01/2021)
 * require every collection message — by phone and electronic means included — to show the original
 * value and each addition (correction, fine, interest, fees) separately. Rio de Janeiro and Paraná also
 * require collection calls to be recorded, with notice to the person; Paraná's text (Lei 17.352/2012
 * art. 2º-A, added by Lei 19.498/2018) adds that the collector tells the person the recording is
 * available to them on request, within 7 business days. The notice says both in every state that records.
 *
 * How it is applied (contact/dispatch.service.ts and letter.service.ts):
 * - e-mail, letter and phone script (identity verified): the breakdown is appended when the template does
 *   not already carry it with {{detalhamento}};
 * - SMS and WhatsApp cannot carry it (length; Meta-approved fixed text): their collection templates carry
 *   the signed link, which opens the same breakdown after identity verification — the "verified link";
 * - an agent's message (agent-message.service.ts) gets the same treatment, plus the creditor's
 *   identification line; a free WhatsApp text (inside the 24-hour window) carries the breakdown itself;
 * - discreet messages (identity not verified) carry no amount at all, so nothing is itemised in them;
 * - the phone script of a state that requires recording starts by telling the agent to announce it.
 */
export interface StateItemisationRule {
  itemise: boolean;
  recordCalls: boolean;
  source: string;
}

export const ITEMISATION_RULES: Readonly<Record<'RJ' | 'PR' | 'PE', StateItemisationRule>> = {
  RJ: {
    itemise: true,
    recordCalls: true,
    source:
      'Lei estadual 6.854/2014 (RJ), com alterações: cobrança discriminada (valor original e cada acréscimo), ligações gravadas com aviso',
  },
  PR: {
    itemise: true,
    recordCalls: true,
    source:
      'Lei estadual 17.352/2012 (PR), arts. 2º e 2º-A (incluído pela Lei 19.498/2018), consolidada na Lei 22.130/2024: cobrança discriminada (valor original e cada acréscimo), ligações gravadas com aviso e gravação à disposição do consumidor em até 7 dias úteis',
  },
  PE: {
    itemise: true,
    recordCalls: false,
    source:
      'Lei estadual 16.559/2019 (PE, Código Estadual de Defesa do Consumidor), art. 26-A: cobrança discriminada (valor original e cada acréscimo), também por telefone e meio eletrônico',
  },
};

export function itemisationRule(uf: string | undefined): StateItemisationRule | null {
  const state = normalizeUf(uf);
  return state !== undefined && state in ITEMISATION_RULES
    ? ITEMISATION_RULES[state as keyof typeof ITEMISATION_RULES]
    : null;
}

const LABELS: Readonly<Record<string, string>> = {
  principal: 'valor original',
  correction: 'correção monetária',
  fine: 'multa',
  interest: 'juros',
  remuneratory_interest: 'juros remuneratórios',
  moratory_interest: 'juros de mora',
  fees: 'honorários',
};

/**
 * "Valor original R$ 1.000,00 + correção monetária R$ 12,34 + multa R$ 20,00 + juros R$ 30,00 = total
 * R$ 1.062,34": the original value and each non-zero addition, summed over the message's debts.
 */
export function breakdownText(lines: readonly { kind: string; amountCents: number }[]): string {
  const byKind = new Map<string, number>();
  for (const l of lines) byKind.set(l.kind, (byKind.get(l.kind) ?? 0) + l.amountCents);
  const original = byKind.get('principal') ?? 0;
  const additions = [...byKind.entries()].filter(([kind, cents]) => kind !== 'principal' && cents !== 0);
  const total = [...byKind.values()].reduce((s, c) => s + c, 0);
  const first = `Valor original ${formatBRL(original)}`;
  const rest = additions.map(([kind, cents]) => ` + ${LABELS[kind] ?? kind} ${formatBRL(cents)}`).join('');
  return `${first}${rest} = total ${formatBRL(total)}`;
}

export const RECORDING_NOTICE =
  'Antes de tudo, avise: "Esta ligação está sendo gravada. Se quiser uma cópia da gravação, é só pedir: enviamos em até 7 dias úteis." (lei estadual exige gravação com aviso)';

/**
 * The text as sent to a debtor in the state: the breakdown appended to e-mails, letters and phone scripts
 * that show amounts but do not carry it yet, and the recording notice on top of a phone script where
 * required. Transactional and discreet messages are returned as they are.
 */
export function itemiseMessage(input: {
  uf: string | undefined;
  channel: string;
  transactional: boolean;
  mode: 'full' | 'discreet';
  text: string;
  breakdown: string;
  showsAmount: boolean;
  /**
   * An agent's own text (POST /debtors/{id}/messages): on WhatsApp it has neither a length limit that
   * matters nor a Meta-approved fixed text, so it carries the breakdown itself instead of only the link.
   */
  freeText?: boolean;
}): string {
  const rule = itemisationRule(input.uf);
  if (!rule || input.transactional || input.mode !== 'full') return input.text;
  const c = input.channel.trim().toLowerCase();
  let text = input.text;
  const carries =
    c === 'email' || c === 'letter' || c === 'phone' || (input.freeText === true && c === 'whatsapp');
  if (rule.itemise && input.showsAmount && carries) {
    if (!text.includes(input.breakdown)) text = `${text}\n\nDetalhamento do valor: ${input.breakdown}.`;
  }
  if (rule.recordCalls && c === 'phone') text = `${RECORDING_NOTICE}\n\n${text}`;
  return text;
}
