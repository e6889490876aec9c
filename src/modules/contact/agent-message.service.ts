import type { AppContext } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { getAgencyProfile } from '../agency/index.ts';
import { isPrescribed } from '../balance/index.ts';
import { actorOf, can, type Principal, recordAudit } from '../identity/index.ts';
import { type ChannelAdapter, ChannelError, checkTone } from '../messaging/index.ts';
import { contactsUsableFor, findDebtorForContact, listDebtsOfDebtor } from '../portfolio/index.ts';
import * as repo from './contact.repository.ts';
import type { AgentMessageInput } from './contact.schemas.ts';
import { decideContact } from './guardrail.rules.ts';

/**
 * A message an agent writes passes the same two gates as the cadence: the tone check (refused with the
 * phrase, reason and legal basis) and the guardrail (suppressions, the debtor's window, the caps). Only
 * then is it sent — and recorded in the outbox, so it counts against the caps like any other contact.
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
    try {
      const result = await adapter.send({
        channel: input.channel,
        to,
        text: input.text,
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
