import { isoDateInSaoPaulo, saoPauloMidnight } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { addDays, isIsoDate } from '../../platform/dates.ts';
import { AppError, notFound, validationFailed } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { actorOf, can, type Principal, recordAudit } from '../identity/index.ts';
import { endChargeFreeze, findDebtorForContact, freezeCharges } from '../portfolio/index.ts';
import type { StepChannel } from './cadence.rules.ts';
import * as repo from './contact.repository.ts';
import type { ContactFlagsInput, MessageMode, SuppressionInput } from './contact.schemas.ts';

async function requireDebtor(ctx: AppContext, principal: Principal, debtorId: string) {
  if (!can(principal, 'portfolio:read'))
    throw new AppError('FORBIDDEN', 'Seu papel não permite consultar a carteira.');
  const debtor = isUuid(debtorId)
    ? await findDebtorForContact(ctx.database.db, principal, debtorId)
    : undefined;
  if (!debtor) throw notFound('Devedor');
  return debtor;
}

/** Sent, deferred and suppressed messages of a debtor, each with its reason, and the decision history. */
export async function listMessages(
  ctx: AppContext,
  principal: Principal,
  input: { debtorId: string; limit: number; offset: number },
) {
  const page = input;
  const debtor = await requireDebtor(ctx, principal, input.debtorId);
  const db = ctx.database.db;
  const rows = await repo.messagesOf(db, principal.tenantId, debtor.id, page.limit, page.offset);
  // The decision history mixes every creditor's messages and the debtor's replies: agency staff only.
  const events = principal.creditorId ? [] : await repo.eventsOf(db, principal.tenantId, debtor.id, 200);
  return {
    items: rows
      .filter((r) => !principal.creditorId || r.creditor_id === principal.creditorId)
      .map((r) => ({
        id: r.id,
        date: r.run_date,
        channel: r.channel as StepChannel,
        templateId: r.template_id,
        templateVersion: r.template_version,
        cadenceId: r.cadence_id,
        stepId: r.step_id,
        creditorId: r.creditor_id,
        status: r.status,
        notBefore: new Date(r.not_before).toISOString(),
        reason: r.reason,
        legalBasis: r.legal_basis,
        // Written only as a rendered mode ('full' | 'discreet') or 'agent'; the column is free text.
        mode: r.rendered_mode as MessageMode | null,
        deliveryStatus: r.delivery_status,
        attempts: r.attempts,
        sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
      })),
    events: events.map((e) => ({
      type: e.type,
      channel: e.channel,
      reason: e.reason,
      messageId: e.outbox_id,
      details: e.details as Record<string, unknown>,
      at: new Date(e.at).toISOString(),
    })),
    limit: page.limit,
    offset: page.offset,
  };
}

const CHANNELS = ['email', 'sms', 'whatsapp', 'phone', 'letter'];

/**
 * `POST /debtors/{id}/suppressions`: opt-out (per channel or all), dispute, hardship pause, repactuação
 * (CDC art. 104-A: collection stops until removed or until its end). The note is free text for the agent:
 * hardship and vulnerability are recorded as kinds and flags, never as health details (LGPD art. 11).
 */
/**
 * How far back a repactuação may start (CDC art. 104-A): its freeze wipes every charge of the debtor's
 * debts since that day, money the creditors are owed. An agent records one that started up to 30 days
 * ago (learned a little late); older, a manager or an administrator (`charges:freeze_backdated`); never
 * more than 5 years (beyond the longest prescription, CC art. 205 aside, and a date the engines store).
 */
export const REPACTUATION_AGENT_BACKDATE_DAYS = 30;
export const REPACTUATION_MAX_BACKDATE_DAYS = 1826;
/** An end date further ahead is no end date (and one the database cannot store is a 500): leave it out. */
export const SUPPRESSION_MAX_YEARS_AHEAD = 10;

export async function addSuppression(
  ctx: AppContext,
  principal: Principal,
  input: SuppressionInput & { debtorId: string },
) {
  const { debtorId } = input;
  if (!can(principal, 'contact:record')) {
    throw new AppError('FORBIDDEN', 'Suspensões de contato são registradas pela agência.');
  }
  const debtor = await requireDebtor(ctx, principal, debtorId);
  const errors = [];
  if (input.channel !== undefined && !CHANNELS.includes(input.channel)) {
    errors.push({ field: 'channel', message: `use ${CHANNELS.join(', ')}` });
  }
  let until: Date | null = null;
  if (input.until !== undefined) {
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(input.until);
    until = dateOnly ? saoPauloMidnight(input.until) : new Date(input.until);
    if (Number.isNaN(until.getTime()) || (dateOnly && !isIsoDate(input.until))) {
      errors.push({ field: 'until', message: 'data inválida (AAAA-MM-DD)' });
    } else if (until <= ctx.clock.now()) errors.push({ field: 'until', message: 'deve ser no futuro' });
    else if (until.getTime() > ctx.clock.now().getTime() + SUPPRESSION_MAX_YEARS_AHEAD * 366 * 86_400_000)
      errors.push({
        field: 'until',
        message: `no máximo ${SUPPRESSION_MAX_YEARS_AHEAD} anos à frente; sem data de fim, vale até ser encerrada`,
      });
  }
  if (input.kind === 'hardship' && input.until === undefined) {
    errors.push({ field: 'until', message: 'uma pausa por dificuldade precisa de data de fim' });
  }
  const today = ctx.clock.today();
  let startedOn = today;
  if (input.startedOn !== undefined) {
    if (input.kind !== 'repactuation') {
      errors.push({ field: 'startedOn', message: 'só uma repactuação tem data de início' });
    } else if (!isIsoDate(input.startedOn)) {
      errors.push({ field: 'startedOn', message: 'data inválida (AAAA-MM-DD)' });
    } else if (input.startedOn > today) {
      errors.push({ field: 'startedOn', message: 'não pode ser no futuro' });
    } else if (input.startedOn < addDays(today, -REPACTUATION_MAX_BACKDATE_DAYS)) {
      errors.push({
        field: 'startedOn',
        message: `no máximo ${REPACTUATION_MAX_BACKDATE_DAYS} dias (5 anos) antes de hoje`,
      });
    } else if (
      input.startedOn < addDays(today, -REPACTUATION_AGENT_BACKDATE_DAYS) &&
      !can(principal, 'charges:freeze_backdated')
    ) {
      errors.push({
        field: 'startedOn',
        message: `um agente registra a repactuação com início de até ${REPACTUATION_AGENT_BACKDATE_DAYS} dias atrás; uma data anterior congela encargos já devidos aos credores e é registrada por um gestor ou administrador`,
      });
    } else startedOn = input.startedOn;
  }
  if (errors.length > 0) throw validationFailed(errors);
  const actor = actorOf(principal);
  const row = await ctx.database.db.transaction().execute(async (trx) => {
    const inserted = await repo.insertSuppression(trx, {
      tenantId: principal.tenantId,
      debtorId: debtor.id,
      kind: input.kind,
      channel: input.channel ?? null,
      until,
      note: input.note ?? null,
      by: actor,
    });
    // A repactuação also freezes the charges of the debtor's debts (CDC art. 104-A), from the day it
    // started until it ends: a portfolio fact the balance reads, recorded in the same transaction.
    if (input.kind === 'repactuation') {
      await freezeCharges(trx, {
        tenantId: principal.tenantId,
        debtorId: debtor.id,
        sourceId: inserted.id,
        reason: 'repactuation',
        from: startedOn,
        until: until ? isoDateInSaoPaulo(until) : null,
        by: actor,
      });
    }
    await repo.insertEvent(trx, {
      tenantId: principal.tenantId,
      debtorId: debtor.id,
      outboxId: null,
      type: `suppression.${input.kind}`,
      channel: input.channel ?? null,
      reason: input.note ?? null,
      at: ctx.clock.now(),
    });
    await recordAudit(trx, {
      tenantId: principal.tenantId,
      actor,
      action: 'contact.suppressed',
      entity: 'debtor',
      entityId: debtor.id,
      details: {
        kind: input.kind,
        channel: input.channel ?? null,
        until: until?.toISOString() ?? null,
        ...(input.kind === 'repactuation' ? { chargesFrozenFrom: startedOn } : {}),
      },
    });
    return inserted;
  });
  return suppressionView(row);
}

function suppressionView(row: {
  id: string;
  kind: 'opt_out' | 'dispute' | 'hardship' | 'repactuation';
  channel: string | null;
  until: Date | string | null;
  created_at: Date | string;
}) {
  return {
    id: row.id,
    kind: row.kind,
    channel: row.channel,
    until: row.until ? new Date(row.until).toISOString() : null,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/**
 * `POST /debtors/{id}/suppressions/{suppressionId}/end`: ends a suppression now (it stays in the
 * history). Ending a repactuação also ends its charge freeze today: charges accrue again from today,
 * never for the frozen days (docs/legal.md). Ending one already over changes nothing.
 */
export async function endSuppression(
  ctx: AppContext,
  principal: Principal,
  { debtorId, suppressionId, note }: { debtorId: string; suppressionId: string; note?: string | undefined },
) {
  if (!can(principal, 'contact:record')) {
    throw new AppError('FORBIDDEN', 'Suspensões de contato são registradas pela agência.');
  }
  const debtor = await requireDebtor(ctx, principal, debtorId);
  if (!isUuid(suppressionId)) throw notFound('Suspensão');
  const now = ctx.clock.now();
  const actor = actorOf(principal);
  const row = await ctx.database.db.transaction().execute(async (trx) => {
    const found = await repo.findSuppression(trx, principal.tenantId, debtor.id, suppressionId);
    if (!found) throw notFound('Suspensão');
    // An opt-out is the debtor's own request and a dispute stops collection until it is answered: the
    // agency does not end either without saying why (the debtor's new request, the answer given).
    if ((found.kind === 'opt_out' || found.kind === 'dispute') && (note ?? '').trim().length < 10) {
      throw validationFailed([
        {
          field: 'note',
          message:
            found.kind === 'opt_out'
              ? 'um opt-out é pedido do devedor: diga em "note" quando e por onde ele pediu para voltar a receber mensagens'
              : 'uma contestação só termina respondida: diga em "note" a resposta dada ao devedor e quando',
        },
      ]);
    }
    if (found.until !== null && new Date(found.until) <= now) return found;
    const ended = await repo.endSuppression(trx, found.id, now);
    if (found.kind === 'repactuation') {
      await endChargeFreeze(trx, principal.tenantId, found.id, isoDateInSaoPaulo(now));
    }
    await repo.insertEvent(trx, {
      tenantId: principal.tenantId,
      debtorId: debtor.id,
      outboxId: null,
      type: `suppression.${found.kind}.ended`,
      channel: found.channel,
      reason: note ?? null,
      at: now,
    });
    await recordAudit(trx, {
      tenantId: principal.tenantId,
      actor,
      action: 'contact.suppression_ended',
      entity: 'debtor',
      entityId: debtor.id,
      details: { suppressionId: found.id, kind: found.kind, note: note ?? null },
    });
    return ended;
  });
  return suppressionView(row);
}

/** Deceased / vulnerable / identity-verified flags (staff). */
export async function setContactFlags(
  ctx: AppContext,
  principal: Principal,
  input: ContactFlagsInput & { debtorId: string },
) {
  const { debtorId, ...flags } = input;
  if (!can(principal, 'contact:record'))
    throw new AppError('FORBIDDEN', 'Marcações de contato são da agência.');
  const debtor = await requireDebtor(ctx, principal, debtorId);
  await repo.setFlags(ctx.database.db, principal.tenantId, debtor.id, flags);
  await recordAudit(ctx.database.db, {
    tenantId: principal.tenantId,
    actor: actorOf(principal),
    action: 'contact.flags',
    entity: 'debtor',
    entityId: debtor.id,
    details: flags,
  });
  const f = await repo.flagsOf(ctx.database.db, debtor.id);
  return {
    deceased: f?.deceased ?? false,
    vulnerable: f?.vulnerable ?? false,
    identityVerified: f?.identity_verified ?? false,
  };
}

export async function listTasks(
  ctx: AppContext,
  principal: Principal,
  page: { limit: number; offset: number },
) {
  if (!can(principal, 'tasks:read')) throw new AppError('FORBIDDEN', 'A caixa de tarefas é da agência.');
  const rows = await repo.openTasks(ctx.database.db, principal.tenantId, page.limit, page.offset);
  return {
    items: rows.map((t) => ({
      id: t.id,
      kind: t.kind,
      debtorId: t.debtor_id,
      channel: t.channel,
      text: t.text,
      details: t.details,
      messageId: t.outbox_id,
      createdAt: new Date(t.created_at).toISOString(),
    })),
    limit: page.limit,
    offset: page.offset,
  };
}

/** What an automated decision was about, for the person who reviews it. */
export const REVIEW_SUBJECTS = {
  offers: 'as propostas calculadas automaticamente',
  no_affordable_offer: 'a conclusão automática de que nenhuma proposta cabe no orçamento',
  proposal: 'a decisão automática sobre uma contraproposta',
  contact: 'uma decisão automática de contato',
} as const;
export type ReviewSubject = keyof typeof REVIEW_SUBJECTS;

/** LGPD art. 19: the data subject is answered within 15 days. */
export const REVIEW_REPLY_DAYS = 15;
/** Open human-review requests one person may have at once (each is a task for the agents). */
export const REVIEW_MAX_OPEN = 5;

/**
 * Records a request for a person to review an automated decision (LGPD art. 20): an agent task with what
 * was decided and why the person asks. Used by the staff route and by the debtor portal (which passes the
 * tenant and debtor of its own session). The debtor's words are kept as given; nothing about health is
 * asked for (LGPD art. 11: hardship and vulnerability are flags, not diagnoses).
 */
export async function recordHumanReviewRequest(
  ctx: AppContext,
  input: { tenantId: string; debtorId: string; subject: ReviewSubject; reason?: string; requestedBy: string },
) {
  const text =
    `Revisão humana pedida (LGPD art. 20) sobre ${REVIEW_SUBJECTS[input.subject]}.` +
    (input.reason ? ` Motivo informado: ${input.reason}` : '');
  // The same request again (a double click, a reload) is the one already open; and a person's open
  // requests are bounded: each is a task in the agents' inbox, and the portal has no request rate limit.
  const open = await repo.openReviewTasksOf(ctx.database.db, input.tenantId, input.debtorId);
  const same = open.find((t) => t.text === text);
  if (!same && open.length >= REVIEW_MAX_OPEN) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Já há ${open.length} pedidos de revisão em aberto para esta pessoa; a equipe responde cada um em até ${REVIEW_REPLY_DAYS} dias. Espere a resposta de um deles antes de pedir outro.`,
    );
  }
  const task = same
    ? { id: same.id, createdAt: new Date(same.created_at) }
    : await repo.insertReviewTask(ctx.database.db, {
        tenantId: input.tenantId,
        debtorId: input.debtorId,
        text,
      });
  if (!same)
    await recordAudit(ctx.database.db, {
      tenantId: input.tenantId,
      actor: input.requestedBy,
      action: 'review.requested',
      entity: 'debtor',
      entityId: input.debtorId,
      details: { subject: input.subject, taskId: task.id },
    });
  const today = ctx.clock.today();
  return {
    id: task.id,
    status: 'open' as const,
    subject: input.subject,
    text,
    createdAt: task.createdAt.toISOString(),
    replyBy: addDays(today, REVIEW_REPLY_DAYS),
    legalBasis: 'LGPD art. 20 (revisão de decisões automatizadas); art. 19 (resposta em até 15 dias)',
  };
}

/** `POST /debtors/{id}/reviews` (staff, on the debtor's behalf). */
export async function requestHumanReview(
  ctx: AppContext,
  principal: Principal,
  input: { debtorId: string; subject: ReviewSubject; reason?: string },
) {
  const { debtorId } = input;
  if (!can(principal, 'contact:record')) {
    throw new AppError('FORBIDDEN', 'Pedidos de revisão são registrados pela agência.');
  }
  const debtor = await requireDebtor(ctx, principal, debtorId);
  return recordHumanReviewRequest(ctx, {
    tenantId: principal.tenantId,
    debtorId: debtor.id,
    subject: input.subject,
    ...(input.reason ? { reason: input.reason } : {}),
    requestedBy: actorOf(principal),
  });
}

/** Whether the debtor is flagged vulnerable (CDC art. 54-C IV): negotiation holds plans with interest. */
export async function isDebtorVulnerable(ctx: AppContext, debtorId: string): Promise<boolean> {
  return (await repo.flagsOf(ctx.database.db, debtorId))?.vulnerable ?? false;
}
