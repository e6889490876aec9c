import type { AppContext } from '../../platform/context.ts';
import type { IsoDate } from '../../platform/dates.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { signedLink } from '../../platform/signed-link.ts';
import { getAgencyProfile } from '../agency/index.ts';
import { isPrescribed } from '../balance/index.ts';
import { getCreditorInTenant } from '../creditors/index.ts';
import { actorOf, can, type Principal, recordAudit } from '../identity/index.ts';
import { type ChannelAdapter, ChannelError, checkTone } from '../messaging/index.ts';
import { contactsUsableFor, findDebtorForContact, listDebtsOfDebtor } from '../portfolio/index.ts';
import { agentMessageText } from './agent-message.rules.ts';
import * as repo from './contact.repository.ts';
import type { AgentMessageInput } from './contact.schemas.ts';
import { balanceDetailOf } from './dispatch.service.ts';
import { decideContact } from './guardrail.rules.ts';
import { messageVariables } from './variables.rules.ts';

/**
 * A message an agent writes passes the same two gates as the cadence: the tone check (refused with the
 * phrase, reason and legal basis) and the guardrail (suppressions, the debtor's window, the caps). Only
 * then is it sent — and recorded in the outbox, so it counts against the caps like any other contact.
 * To a verified contact it goes with the creditor's identification and, in RJ/PR/PE, the itemised value,
 * as templates do (agent-message.rules.ts); the tone check reads what the agent wrote.
 */
export async function sendAgentMessage(
  ctx: AppContext,
  principal: Principal,
  input: AgentMessageInput & {
    debtorId: string;
    /** The channel adapters configured on this server (`adaptersFor(config.messaging)`). */
    adapters: Partial<Record<string, ChannelAdapter>>;
  },
) {
  const { debtorId, adapters } = input;
  if (!can(principal, 'messages:send'))
    throw new AppError('FORBIDDEN', 'Mensagens ao devedor são enviadas pela agência.');
  const tone = checkTone(`${input.subject ?? ''}\n${input.text}`);
  if (!tone.ok) {
    throw new AppError(
      'TONE_REFUSED',
      'A mensagem foi recusada pelo controle de tom; reescreva os trechos indicados.',
      {
        findings: tone.findings,
      },
    );
  }
  const db = ctx.database.db;
  const debtor = isUuid(debtorId) ? await findDebtorForContact(db, principal, debtorId) : undefined;
  if (!debtor) throw notFound('Devedor');
  const debts = await listDebtsOfDebtor(db, principal, debtor.id);
  const agency = await getAgencyProfile(db, principal.tenantId);
  const creditorIds = [...new Set(debts.map((d) => d.creditor_id))];
  const creditorId = input.creditorId ?? (creditorIds.length === 1 ? creditorIds[0] : undefined);
  if (!creditorId || !creditorIds.includes(creditorId)) {
    throw new AppError(
      'VALIDATION_FAILED',
      'creditorId: informe o credor da dívida de que a mensagem trata.',
    );
  }
  // Decide, send and record under the debtor's lock, like the dispatcher: two agents (or an agent and
  // the cadence) cannot both pass the daily cap for the same person.
  const outcome = await ctx.database.db.transaction().execute(async (db) => {
    await repo.lockDebtor(db, debtor.id);
    const now = ctx.clock.now();
    const today = ctx.clock.today();
    const facts = await repo.guardrailFacts(db, principal.tenantId, debtor.id, now, [creditorId]);
    const decision = decideContact({
      at: now,
      ...(debtor.state ? { uf: debtor.state } : {}),
      city: debtor.city,
      channel: input.channel,
      transactional: false,
      history: facts.history,
      suppressions: facts.suppressions,
      flags: facts.flags,
      debts: debts
        .filter((d) => d.creditor_id === creditorId)
        .map((d) => ({
          status: d.status,
          prescribed: isPrescribed(d, today),
          dueDate: d.due_date,
        })),
    });
    const event = (type: string, reason: string | null, details: unknown = {}) =>
      repo.insertEvent(db, {
        tenantId: principal.tenantId,
        debtorId: debtor.id,
        outboxId: null,
        type,
        channel: input.channel,
        reason,
        details: { ...(details as object), by: actorOf(principal) },
        at: now,
      });
    if (decision.status === 'suppressed') {
      await event('agent_blocked', decision.reason, { legalBasis: decision.legalBasis });
      // Returned, not thrown: the decision is recorded (committed) and then refused to the agent.
      return {
        refused: new AppError('CONTACT_BLOCKED', `Contato bloqueado: ${decision.reason}.`, {
          reason: decision.reason,
          legalBasis: decision.legalBasis,
        }),
      };
    }
    if (decision.status === 'deferred') {
      await event('agent_deferred', decision.reason, { until: decision.until.toISOString() });
      return {
        refused: new AppError(
          'CONTACT_BLOCKED',
          `Agora não: ${decision.reason}. Próximo momento permitido: ${decision.until.toISOString()}.`,
          { reason: decision.reason, notBefore: decision.until.toISOString() },
        ),
      };
    }
    // Only a contact this creditor supplied or the debtor confirmed (portfolio: contact ownership).
    const usable = await contactsUsableFor(db, {
      tenantId: principal.tenantId,
      debtorId: debtor.id,
      creditorIds: [creditorId],
    });
    const to = (input.channel === 'email' ? usable.emails : usable.phones)[0]?.value;
    if (!to)
      throw new AppError(
        'VALIDATION_FAILED',
        `O devedor não tem ${input.channel === 'email' ? 'e-mail' : 'telefone'} fornecido por este credor nem confirmado por ele.`,
      );
    const adapter = adapters[input.channel];
    if (!adapter)
      throw new AppError('CHANNEL_NOT_CONFIGURED', `Canal ${input.channel} não configurado neste servidor.`);
    if (input.channel === 'whatsapp') {
      // Free text on WhatsApp only inside the 24-hour window opened by the debtor's own message.
      const last = facts.lastConversationAt?.getTime() ?? 0;
      if (now.getTime() - last > 24 * 3_600_000) {
        throw new AppError(
          'WHATSAPP_WINDOW_CLOSED',
          'WhatsApp: texto livre só até 24 h depois da última mensagem do devedor; use um modelo aprovado.',
        );
      }
    }
    const row = await repo.insertAgentMessage(db, {
      tenantId: principal.tenantId,
      debtorId: debtor.id,
      creditorId,
      channel: input.channel,
      runDate: today,
      at: now,
    });
    const text = await collectionText(ctx, db, {
      tenantId: principal.tenantId,
      messageId: row.id,
      debtor,
      debts: debts.filter(
        (d) => d.creditor_id === creditorId && d.status === 'open' && !isPrescribed(d, today),
      ),
      creditorId,
      agency,
      channel: input.channel,
      text: input.text,
      identityVerified: facts.identityVerified,
      now,
      today,
    });
    try {
      const result = await adapter.send({
        channel: input.channel,
        to,
        text,
        ...(input.subject ? { subject: input.subject } : {}),
        fromName: agency.tradeName,
        idempotencyKey: row.id,
      });
      await repo.updateOutbox(db, row.id, {
        status: 'sent',
        sent_at: now,
        attempts: 1,
        provider: result.provider,
        provider_message_id: result.providerMessageId,
        rendered_mode: 'agent',
      });
      await repo.insertEvent(db, {
        tenantId: principal.tenantId,
        debtorId: debtor.id,
        outboxId: row.id,
        type: 'sent',
        channel: input.channel,
        reason: null,
        details: { by: actorOf(principal), agent: true },
        at: now,
      });
    } catch (error) {
      const message = (error as Error).message;
      await repo.updateOutbox(db, row.id, { status: 'failed', attempts: 1, last_error: message });
      return {
        refused: new AppError(
          'PROVIDER_REFUSED',
          `O provedor recusou a mensagem: ${message}${error instanceof ChannelError && error.retryable ? ' (tente de novo)' : ''}`,
        ),
      };
    }
    return { row, now };
  });
  if ('refused' in outcome) throw outcome.refused;
  const { row, now } = outcome;
  await recordAudit(ctx.database.db, {
    tenantId: principal.tenantId,
    actor: actorOf(principal),
    action: 'contact.agent_message',
    entity: 'debtor',
    entityId: debtor.id,
    details: { channel: input.channel, messageId: row.id },
  });
  return { id: row.id, status: 'sent' as const, channel: input.channel, sentAt: now.toISOString() };
}

/**
 * The agent's text as it goes out: the creditor's identification, the signed link (the outbox row is its
 * reference, as for the cadence's messages) and the breakdown of the creditor's open debts that are not
 * prescribed (a prescribed debt's amount is not collected in a message: STJ REsp 2.088.100/SP).
 */
async function collectionText(
  ctx: AppContext,
  db: Parameters<typeof balanceDetailOf>[1],
  m: {
    tenantId: string;
    messageId: string;
    debtor: { name: string; state: string | null };
    debts: readonly { id: string; product: string | null; external_id: string; due_date: string }[];
    creditorId: string;
    agency: Awaited<ReturnType<typeof getAgencyProfile>>;
    channel: 'email' | 'sms' | 'whatsapp';
    text: string;
    identityVerified: boolean;
    now: Date;
    today: IsoDate;
  },
): Promise<string> {
  // Not verified: nothing about the debt is added, so nothing needs to be read.
  if (!m.identityVerified) return m.text;
  const creditor = await getCreditorInTenant(db, m.tenantId, m.creditorId);
  const detail = await balanceDetailOf(
    ctx,
    db,
    { tenant_id: m.tenantId, debt_ids: m.debts.map((d) => d.id) },
    m.today,
  );
  const link = signedLink(
    ctx.config.publicUrl,
    { purpose: 'portal', ref: m.messageId, exp: Math.floor(m.now.getTime() / 1000) + 30 * 86_400 },
    ctx.config.linkSecrets,
  );
  const vars = messageVariables(
    {
      debtor: m.debtor,
      agency: m.agency,
      creditor,
      debts: m.debts.map((d) => ({ product: d.product, externalId: d.external_id, dueDate: d.due_date })),
      installment: null,
      payment: null,
    },
    link,
    detail.totalCents,
    null,
    detail.breakdown,
  );
  return agentMessageText({
    text: m.text,
    channel: m.channel,
    identityVerified: true,
    uf: m.debtor.state ?? undefined,
    vars,
    breakdown: detail.breakdown,
  });
}
