import { AGENT_MESSAGE_IDENTIFICATION, renderTemplate } from '../messaging/index.ts';
import { itemiseMessage } from './itemisation.rules.ts';

/**
 * The text an agent's message goes out with (issue #12 item 15). What the agent typed is a collection
 * message like any template, so it gets what templates get:
 * - the creditor's identification (CDC art. 42-A, no channel exemption): the e-mail's full line (agency,
 *   creditor, CPF/CNPJ, address), WhatsApp's creditor line, or on SMS who sends for whom and the signed
 *   link that shows the rest after identity verification;
 * - in RJ, PR and PE the original value and each addition (itemisation.rules.ts): appended to an e-mail
 *   and to a free WhatsApp text; an SMS carries the signed link to the same breakdown.
 * Only when the contact's identity is verified: otherwise the message goes as typed, with no detail of
 * the debt added (LGPD; CDC art. 42 — a discreet message never reveals the debt to a third party).
 *
 * `vars` are the template variables of the creditor and agency (`messageVariables`), with the signed link.
 */
export function agentMessageText(input: {
  text: string;
  channel: 'email' | 'sms' | 'whatsapp';
  identityVerified: boolean;
  uf: string | undefined;
  vars: Record<string, string>;
  breakdown: string;
}): string {
  if (!input.identityVerified) return input.text;
  const identification = renderTemplate(
    { channel: input.channel, content: { body: AGENT_MESSAGE_IDENTIFICATION[input.channel] } },
    input.vars,
    { identityVerified: true },
  ).text;
  const text = input.text.includes(identification)
    ? input.text
    : `${input.text.trimEnd()}\n\n${identification}`;
  return itemiseMessage({
    uf: input.uf,
    channel: input.channel,
    transactional: false,
    mode: 'full',
    text,
    breakdown: input.breakdown,
    showsAmount: input.breakdown !== '',
    freeText: true,
  });
}
