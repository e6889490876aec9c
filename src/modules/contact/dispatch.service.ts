import type { Kysely } from 'kysely';
import type { Schema } from '../../db-schema.ts';
import { isoDateInSaoPaulo } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import type { IsoDate } from '../../platform/dates.ts';
import { escapeHtml } from '../../platform/document.ts';
import { signedLink } from '../../platform/signed-link.ts';
import { getDebtBalancesInTenant } from '../balance/index.ts';
import {
  type Channel,
  type ChannelAdapter,
  ChannelError,
  renderTemplate,
  type TemplateContent,
} from '../messaging/index.ts';
import * as repo from './contact.repository.ts';
import * as ctxRepo from './context.repository.ts';
import { decideContact } from './guardrail.rules.ts';
import { breakdownText, itemiseMessage } from './itemisation.rules.ts';
import { messageVariables, verificationFooter } from './variables.rules.ts';

type Db = Kysely<Schema>;

export interface DispatchOptions {
  adapters: Partial<Record<string, ChannelAdapter>>;
  now?: Date;
  batchSize?: number;
  /** Stop after this many messages (tests, and a worker's fair share of a run). */
  max?: number;
  portalUrl?: string;
  linkSecret?: string | readonly string[];
}

export interface DispatchSummary {
  processed: number;
  sent: number;
  deferred: number;
  suppressed: number;
  tasks: number;
  failed: number;
  retried: number;
}

const MAX_ATTEMPTS = 5;
/** How long a claimed message belongs to its worker before another may take it (a worker that died). */
const LEASE_MS = 5 * 60_000;

/**
 * Drains due outbox messages. A batch is claimed with a lease (see `claimDue`), then each message is
 * handled in its own transaction under an advisory lock on its debtor: the guardrail (suppression →
 * window → caps) sees every contact already committed, the send happens, and the outcome and its
 * reason are recorded — or, if the process dies, nothing is recorded and the lease brings it back.
 */
export async function dispatchDue(ctx: AppContext, options: DispatchOptions): Promise<DispatchSummary> {
  const db = ctx.database.db;
  const summary: DispatchSummary = {
    processed: 0,
    sent: 0,
    deferred: 0,
    suppressed: 0,
    tasks: 0,
    failed: 0,
    retried: 0,
  };
  const batchSize = options.batchSize ?? 50;
  for (;;) {
    if (options.max !== undefined && summary.processed >= options.max) break;
    const claimedAt = options.now ?? ctx.clock.now();
    const limit = Math.min(batchSize, (options.max ?? Number.MAX_SAFE_INTEGER) - summary.processed);
    // A lease instant of its own (jitter in ms) marks this worker's claim, checked again per row.
    const lease = new Date(claimedAt.getTime() + LEASE_MS + Math.floor(Math.random() * 1000));
    const rows = await repo.claimDue(db, claimedAt, lease, limit);
    for (const row of rows) {
      await db.transaction().execute(async (trx) => {
        await repo.lockDebtor(trx, row.debtor_id);
        // Still ours? A lease that expired while earlier rows were slow may have passed it to another
        // worker, which then owns it; sending it here too would be a duplicate.
        if (!(await repo.stillClaimed(trx, row.id, lease))) return;
        // Decide at the instant of sending, after the debtor lock: every contact another worker
        // committed meanwhile is in the history, and a batch started at 19:59 stops at 20:00.
        const now = options.now ?? ctx.clock.now();
        try {
          await handle(ctx, trx, row, now, options, summary);
        } catch (error) {
          // A message that cannot be built (a missing value, a template error) is recorded as failed
          // with the reason, instead of stopping the run and coming back every lease.
          const reason = `Mensagem não montada: ${(error as Error).message}`;
          await repo.updateOutbox(trx, row.id, {
            status: 'failed',
            last_error: reason,
            attempts: row.attempts + 1,
          });
          await repo.insertEvent(trx, {
            tenantId: row.tenant_id,
            debtorId: row.debtor_id,
            outboxId: row.id,
            type: 'failed',
            channel: row.channel,
            reason,
            at: now,
          });
          summary.failed += 1;
        }
      });
    }
    summary.processed += rows.length;
    if (rows.length === 0) break;
  }
  if (summary.processed > 0) ctx.log.info('régua: mensagens processadas', { ...summary });
  return summary;
}

async function handle(
  ctx: AppContext,
  db: Db,
  row: repo.OutboxRow,
  now: Date,
  options: DispatchOptions,
  summary: DispatchSummary,
): Promise<void> {
  const c = await ctxRepo.messageContext(db, row, now);
  const event = (type: string, reason: string | null, details: unknown = {}) =>
    repo.insertEvent(db, {
      tenantId: row.tenant_id,
      debtorId: row.debtor_id,
      outboxId: row.id,
      type,
      channel: row.channel,
      reason,
      details,
      at: now,
    });
  const suppress = async (reason: string, legalBasis: string | null, kind: string) => {
    await repo.updateOutbox(db, row.id, { status: 'suppressed', reason, legal_basis: legalBasis });
    await event('suppressed', reason, { kind, legalBasis });
    summary.suppressed += 1;
  };
  if (!c) return suppress('Modelo, devedor ou credor não encontrado.', null, 'missing');
  if (c.installment && c.installment.paidCents >= c.installment.amountCents && !c.template.transactional) {
    return suppress('A parcela já foi paga: o lembrete não é mais necessário.', null, 'installment_paid');
  }
  const decision = decideContact({
    at: now,
    ...(c.debtor.state ? { uf: c.debtor.state } : {}),
    city: c.debtor.city,
    channel: row.channel,
    transactional: c.template.transactional,
    // A reminder of an installment the debtor chose in their agreement is a contact they agreed to:
    // it is not held back by the quiet period after a conversation (caps.rules.ts).
    agreedByDebtor: row.installment_id !== null,
    history: c.history,
    suppressions: c.suppressions,
    flags: c.flags,
    debts: c.debts.map((d) => ({ status: d.status, prescribed: d.prescribed, dueDate: d.dueDate })),
    agreement: c.agreement,
  });
  if (decision.status === 'suppressed') return suppress(decision.reason, decision.legalBasis, decision.kind);
  if (decision.status === 'deferred') {
    await repo.updateOutbox(db, row.id, {
      status: 'deferred',
      not_before: decision.until,
      reason: decision.reason,
    });
    await event('deferred', decision.reason, { until: decision.until.toISOString() });
    summary.deferred += 1;
    return;
  }
  const to = row.channel === 'email' ? c.debtor.email : c.debtor.phone;
  if (!to && (row.channel === 'email' || row.channel === 'sms' || row.channel === 'whatsapp')) {
    return suppress(
      row.channel === 'email'
        ? 'Sem e-mail cadastrado para o devedor.'
        : 'Sem telefone cadastrado para o devedor.',
      null,
      'no_contact',
    );
  }
  const link = signedLink(
    options.portalUrl ?? 'http://localhost:3000',
    { purpose: 'portal', ref: row.id, exp: Math.floor(now.getTime() / 1000) + 30 * 86_400 },
    options.linkSecret ?? 'desenvolvimento-troque-em-producao',
  );
  const detail = await balanceDetailOf(ctx, db, row, isoDateInSaoPaulo(now));
  const rendered = renderTemplate(
    { channel: row.channel as Channel, content: c.template.content as TemplateContent },
    messageVariables(c, link, detail.totalCents, row.verification_code, detail.breakdown),
    {
      identityVerified: c.flags.identityVerified,
      ...verificationFooter(row.verification_code, options.portalUrl ?? 'http://localhost:3000'),
    },
  );
  // RJ, PR, PE: the original value and each addition, and the recording notice on phone scripts
  // (itemisation.rules.ts). SMS and WhatsApp carry the signed link to the same breakdown instead.
  const itemised = itemiseMessage({
    uf: c.debtor.state ?? undefined,
    channel: row.channel,
    transactional: c.template.transactional,
    mode: rendered.mode,
    text: rendered.text,
    breakdown: detail.breakdown,
    showsAmount: row.debt_ids.length > 0,
  });
  if (itemised !== rendered.text) {
    const added = itemised.slice(rendered.text.length).trim();
    rendered.text = itemised;
    if (rendered.html && added) rendered.html = `${rendered.html}<p>${escapeHtml(added)}</p>`;
  }
  const base = {
    template_version: c.template.version,
    rendered_mode: rendered.mode,
    reason: null,
    last_error: null,
  };
  if (row.channel === 'phone') {
    await repo.insertTask(db, {
      tenantId: row.tenant_id,
      debtorId: row.debtor_id,
      kind: 'phone_call',
      channel: 'phone',
      text: rendered.text,
      outboxId: row.id,
    });
    await repo.updateOutbox(db, row.id, { ...base, status: 'task', sent_at: now });
    await event('task_created', null, { mode: rendered.mode });
    summary.tasks += 1;
    return;
  }
  if (row.channel === 'letter') {
    // Letters are printed from GET /api/v1/messages/{id}/letter.pdf by the mailing operator.
    await repo.updateOutbox(db, row.id, { ...base, status: 'sent', provider: 'letter', sent_at: now });
    await event('sent', null, { mode: rendered.mode, provider: 'letter' });
    summary.sent += 1;
    return;
  }
  const adapter = options.adapters[row.channel];
  if (!adapter) {
    await repo.updateOutbox(db, row.id, {
      status: 'failed',
      last_error: `canal ${row.channel} não configurado`,
    });
    await event('failed', `Canal ${row.channel} não configurado neste servidor.`);
    summary.failed += 1;
    return;
  }
  try {
    const result = await adapter.send({
      channel: row.channel as 'email' | 'sms' | 'whatsapp',
      to: to!,
      // The sender's name is the agency's (debtors were receiving the tenant's internal name).
      fromName: c.agency.tradeName,
      ...(rendered.subject ? { subject: rendered.subject } : {}),
      text: rendered.text,
      ...(rendered.html ? { html: rendered.html } : {}),
      ...(rendered.whatsapp
        ? {
            // Meta template names allow only lowercase letters, digits and '_' (our keys use '-').
            whatsappTemplate: {
              // The discreet version is a template of its own at Meta (other text, other parameters).
              name: `${c.template.key.replace(/-/g, '_')}${rendered.mode === 'discreet' ? '_discreto' : ''}`,
              language: 'pt_BR',
              parameters: rendered.whatsapp.parameters,
            },
          }
        : {}),
      idempotencyKey: row.id,
    });
    await repo.updateOutbox(db, row.id, {
      ...base,
      status: 'sent',
      sent_at: now,
      attempts: row.attempts + 1,
      provider: result.provider,
      provider_message_id: result.providerMessageId,
    });
    await event('sent', null, {
      mode: rendered.mode,
      provider: result.provider,
      providerMessageId: result.providerMessageId,
    });
    summary.sent += 1;
  } catch (error) {
    const retryable = error instanceof ChannelError ? error.retryable : true;
    const attempts = row.attempts + 1;
    const message = (error as Error).message;
    if (retryable && attempts < MAX_ATTEMPTS) {
      // Exponential backoff: 1, 2, 4, 8 minutes.
      const until = new Date(now.getTime() + 60_000 * 2 ** (attempts - 1));
      await repo.updateOutbox(db, row.id, {
        status: 'pending',
        attempts,
        not_before: until,
        last_error: message,
      });
      await event('retry', message, { attempts, until: until.toISOString() });
      summary.retried += 1;
    } else {
      await repo.updateOutbox(db, row.id, { status: 'failed', attempts, last_error: message });
      await event('failed', message, { attempts });
      summary.failed += 1;
    }
  }
}

/**
 * The updated balance of the message's debts on its day (the same computation the debtor sees), read
 * inside the caller's transaction: its total, and the itemised breakdown (original value and each
 * addition) that RJ/PR/PE messages carry.
 */
export async function balanceDetailOf(
  ctx: AppContext,
  db: Db,
  row: { tenant_id: string; debt_ids: string[] },
  today: IsoDate,
): Promise<{ totalCents: number; breakdown: string }> {
  if (row.debt_ids.length === 0) return { totalCents: 0, breakdown: '' };
  const balances = await getDebtBalancesInTenant(ctx, db, row.tenant_id, row.debt_ids, today);
  return {
    totalCents: balances.reduce((s, b) => s + b.totalCents, 0),
    breakdown: breakdownText(balances.flatMap((b) => b.lines)),
  };
}
