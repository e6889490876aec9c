import type { Kysely } from 'kysely';
import type { Schema } from '../../db-schema.ts';
import { formatDocument } from '../../platform/br-documents.ts';
import { isoDateInSaoPaulo, saoPauloMidnight } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { formatDatePtBr, type IsoDate } from '../../platform/dates.ts';
import { formatBRL } from '../../platform/money.ts';
import { signedLink } from '../../platform/signed-link.ts';
import { agencyContactLine } from '../agency/index.ts';
import { getDebtBalances } from '../balance/index.ts';
import { formatAddress } from '../creditors/index.ts';
import type { Principal } from '../identity/index.ts';
import {
  type Channel,
  type ChannelAdapter,
  ChannelError,
  renderTemplate,
  type TemplateContent,
} from '../messaging/index.ts';
import { anchorDateFor, type CadenceStep, defaultStatuses } from './cadence.rules.ts';
import * as repo from './contact.repository.ts';
import * as ctxRepo from './context.repository.ts';
import { decideContact } from './guardrail.rules.ts';
import {
  type SweepStep,
  sweepAgreement,
  sweepDebtDue,
  sweepInstallmentDue,
  sweepPaymentReceived,
} from './sweep.repository.ts';

type Db = Kysely<Schema>;

export interface SweepSummary {
  date: IsoDate;
  cadences: number;
  steps: number;
  written: number;
}

/**
 * The daily sweep for `date`: every active cadence step writes its messages into the outbox in one
 * set-based statement (see sweep.repository.ts). Idempotent: re-running the day writes nothing new.
 */
export async function sweepDay(ctx: AppContext, date: IsoDate): Promise<SweepSummary> {
  const db = ctx.database.db;
  const summary: SweepSummary = { date, cadences: 0, steps: 0, written: 0 };
  for (const tenantId of await repo.tenantsWithActiveCadences(db)) {
    for (const cadence of await repo.listCadences(db, tenantId, true)) {
      summary.cadences += 1;
      for (const step of cadence.steps as CadenceStep[]) {
        const written = await sweepStep(db, {
          tenantId,
          cadenceId: cadence.id,
          creditorId: cadence.creditor_id,
          segment: cadence.segment,
          step,
          runDate: date,
          anchorDate: anchorDateFor(step, date),
          notBefore: saoPauloMidnight(date),
          statuses: step.conditions?.statuses ?? defaultStatuses(step.anchor),
        });
        summary.steps += 1;
        summary.written += written;
      }
    }
  }
  ctx.log.info('régua: mensagens do dia gravadas', { ...summary });
  return summary;
}

async function sweepStep(db: Db, s: SweepStep): Promise<number> {
  // Days overdue of a debt-anchored step are its offset, so that condition is decided here once;
  // statuses and amounts are filtered in the SQL.
  const { minDaysOverdue, maxDaysOverdue } = s.step.conditions ?? {};
  const days = s.step.offsetDays;
  if (
    s.step.anchor === 'debt_due' &&
    ((minDaysOverdue !== undefined && days < minDaysOverdue) ||
      (maxDaysOverdue !== undefined && days > maxDaysOverdue))
  ) {
    return 0;
  }
  switch (s.step.anchor) {
    case 'debt_due':
      return sweepDebtDue(db, s);
    case 'installment_due':
      return sweepInstallmentDue(db, s);
    case 'agreement_created':
      return sweepAgreement(db, s, 'created');
    case 'agreement_broken':
      return sweepAgreement(db, s, 'broken');
    case 'payment_received':
      return sweepPaymentReceived(db, s);
    case 'promise':
      // No promise-to-pay records exist yet (they come with the debtor portal): nothing to anchor on.
      return 0;
  }
}

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
  const rendered = renderTemplate(
    { channel: row.channel as Channel, content: c.template.content as TemplateContent },
    variables(c, link, await balanceOf(ctx, db, row, isoDateInSaoPaulo(now)), row.verification_code),
    {
      identityVerified: c.flags.identityVerified,
      ...verificationFooter(row.verification_code, options.portalUrl ?? 'http://localhost:3000'),
    },
  );
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
 * The updated balance of the message's debts on its day (principal, fine, interest, correction, fees —
 * the same computation the debtor sees), read inside the caller's transaction.
 */
export async function balanceOf(
  ctx: AppContext,
  db: Db,
  row: { tenant_id: string; debt_ids: string[] },
  today: IsoDate,
) {
  if (row.debt_ids.length === 0) return 0;
  const system: Principal = {
    tenantId: row.tenant_id,
    role: 'admin',
    creditorId: null,
    tokenId: 'system:contact',
  };
  const balances = await getDebtBalances(
    { ...ctx, database: { ...ctx.database, db } },
    system,
    row.debt_ids,
    today,
  );
  return balances.reduce((s, b) => s + b.totalCents, 0);
}

/** "A1B2C3D4E5F6" → "A1B2-C3D4-E5F6": how the code is printed and typed. */
export function formatVerificationCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1-');
}

/**
 * The line printed at the end of every e-mail and letter: its verification code and where anyone can
 * check that it is really from us (the portal's public page), without learning anything about a debt.
 */
export function verificationFooter(code: string | null, portalUrl: string): { footer?: string } {
  if (!code) return {};
  const base = portalUrl.replace(/\/+$/, '');
  return {
    footer: `Código de verificação: ${formatVerificationCode(code)}. Para conferir se esta mensagem é mesmo nossa, acesse ${base}/portal/verificar e digite o código. Nunca pedimos senha, nem código por telefone, nem Pix para pessoa física.`,
  };
}

export function variables(
  c: NonNullable<Awaited<ReturnType<typeof ctxRepo.messageContext>>>,
  link: string,
  balanceCents: number,
  verificationCode: string | null = null,
): Record<string, string> {
  const first = c.debtor.name.split(/\s+/)[0] ?? c.debtor.name;
  const total = balanceCents;
  return {
    nome: c.debtor.name,
    primeiro_nome: first,
    link,
    agencia: c.agency.tradeName,
    agencia_contato: agencyContactLine(c.agency),
    credor: c.creditor.name,
    credor_cnpj: formatDocument(c.creditor.document),
    credor_endereco: formatAddress(c.creditor.address as never),
    valor_total: formatBRL(total),
    quantidade_dividas: String(c.debts.length),
    descricao_divida: c.debts.map((d) => d.product ?? d.externalId).join(', '),
    vencimento: c.installment
      ? formatDatePtBr(c.installment.dueDate)
      : formatDatePtBr(c.debts[0]?.dueDate ?? ''),
    valor_parcela: c.installment
      ? formatBRL(c.installment.amountCents - c.installment.paidCents)
      : formatBRL(total),
    numero_parcela: c.installment ? String(c.installment.number) : '',
    desconto: '',
    codigo_verificacao: verificationCode ? formatVerificationCode(verificationCode) : '',
    ...(c.payment
      ? { valor_pago: formatBRL(c.payment.amountCents), data_pagamento: formatDatePtBr(c.payment.paidDate) }
      : {}),
  };
}
