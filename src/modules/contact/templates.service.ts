import type { AppContext } from '../../platform/context.ts';
import { AppError, notFound, validationFailed } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { getCreditor } from '../creditors/index.ts';
import { actorOf, can, creditorScopeOf, type Principal, recordAudit } from '../identity/index.ts';
import {
  type Channel,
  checkTone,
  DEFAULT_TEMPLATES,
  type TemplateContent,
  validateTemplate,
} from '../messaging/index.ts';
import { DEFAULT_CADENCE_STEPS } from './cadence.rules.ts';
import * as repo from './contact.repository.ts';
import type { TemplateInput, TemplateUpdateInput } from './contact.schemas.ts';

/** A creditor's token sees its own creditor's rows and the tenant's shared ones; staff see all. */
export function visibleTo(principal: Principal): string | null {
  return creditorScopeOf(principal);
}

type TemplateRow = NonNullable<Awaited<ReturnType<typeof repo.findTemplate>>>;

export function toTemplateView(r: TemplateRow) {
  return {
    id: r.id,
    creditorId: r.creditor_id,
    key: r.key,
    name: r.name,
    // The column's CHECK constraint holds the same five channels.
    channel: r.channel as Channel,
    transactional: r.transactional,
    version: r.version,
    content: r.content as TemplateContent,
    updatedBy: r.updated_by,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

function requireWrite(principal: Principal) {
  if (!can(principal, 'cadences:manage')) {
    throw new AppError('FORBIDDEN', 'Apenas gestores e administradores editam modelos e réguas.');
  }
}

/** Refuses (422) a template with structural errors or tone findings, listing them all. */
function check(input: { channel: Channel; content: TemplateContent }) {
  const result = validateTemplate(input);
  if (result.findings.length > 0) {
    throw new AppError(
      'TONE_REFUSED',
      `O modelo foi recusado pelo controle de tom: ${result.findings.map((f) => `"${f.phrase}"`).join(', ')}.`,
      { findings: result.findings, errors: result.errors },
    );
  }
  if (result.errors.length > 0) throw validationFailed(result.errors);
}

const KEY_RE = /^[a-z0-9][a-z0-9-]{1,60}$/;

export async function createTemplate(ctx: AppContext, principal: Principal, input: TemplateInput) {
  requireWrite(principal);
  if (!KEY_RE.test(input.key)) {
    throw validationFailed([
      { field: 'key', message: 'use letras minúsculas, números e hífens (ex.: lembrete-d-1)' },
    ]);
  }
  check(input);
  if (input.creditorId) await getCreditor(ctx.database.db, principal, { id: input.creditorId });
  const row = await repo.insertTemplate(ctx.database.db, {
    tenantId: principal.tenantId,
    creditorId: input.creditorId ?? null,
    key: input.key,
    name: input.name,
    channel: input.channel,
    transactional: input.transactional ?? false,
    content: input.content,
    by: actorOf(principal),
  });
  if (!row) throw new AppError('TEMPLATE_KEY_TAKEN', `Já existe um modelo com a chave "${input.key}".`);
  await recordAudit(ctx.database.db, {
    tenantId: principal.tenantId,
    actor: actorOf(principal),
    action: 'template.created',
    entity: 'template',
    entityId: row.id,
  });
  return toTemplateView(row);
}

/** Staff only (cadences:manage): a creditor's token edits no template, its own nor a shared one. */
export async function updateTemplate(
  ctx: AppContext,
  principal: Principal,
  { id, ...input }: TemplateUpdateInput & { id: string },
) {
  requireWrite(principal);
  const current = await getTemplateRow(ctx, principal, id);
  check({ channel: current.channel as Channel, content: input.content });
  const row = await repo.updateTemplate(ctx.database.db, current.id, {
    name: input.name,
    transactional: input.transactional ?? current.transactional,
    content: input.content,
    by: actorOf(principal),
  });
  await recordAudit(ctx.database.db, {
    tenantId: principal.tenantId,
    actor: actorOf(principal),
    action: 'template.updated',
    entity: 'template',
    entityId: row.id,
    details: { version: row.version },
  });
  return toTemplateView(row);
}

async function getTemplateRow(ctx: AppContext, principal: Principal, id: string) {
  const row = isUuid(id)
    ? await repo.findTemplate(ctx.database.db, principal.tenantId, id, visibleTo(principal))
    : undefined;
  if (!row) throw notFound('Modelo');
  return row;
}

export async function getTemplate(ctx: AppContext, principal: Principal, { id }: { id: string }) {
  return toTemplateView(await getTemplateRow(ctx, principal, id));
}

export async function listTemplates(ctx: AppContext, principal: Principal) {
  await ensureDefaults(ctx, principal.tenantId);
  return {
    items: (await repo.listTemplates(ctx.database.db, principal.tenantId, visibleTo(principal))).map(
      toTemplateView,
    ),
  };
}

/** The tone check alone, for an agent's message before it is sent (and for the template editor). */
export function checkText(text: string) {
  return checkTone(text);
}

/**
 * The product's own templates and default cadence, created once per tenant (idempotent: keys are
 * unique, the cadence is created only when the tenant has none).
 */
export async function ensureDefaults(ctx: AppContext, tenantId: string): Promise<void> {
  const db = ctx.database.db;
  const existing = await repo.listTemplates(db, tenantId);
  const byKey = new Map(existing.map((t) => [t.key, t]));
  for (const t of DEFAULT_TEMPLATES) {
    if (byKey.has(t.key)) continue;
    const row = await repo.insertTemplate(db, {
      tenantId,
      key: t.key,
      name: t.name,
      channel: t.channel,
      transactional: t.transactional ?? false,
      content: t.content,
      by: 'system:defaults',
    });
    if (row) byKey.set(row.key, row);
  }
  if ((await repo.listCadences(db, tenantId)).length > 0) return;
  const steps = DEFAULT_CADENCE_STEPS.filter((s) => byKey.has(s.templateKey)).map(
    ({ templateKey, ...s }) => ({
      ...s,
      templateId: byKey.get(templateKey)!.id,
    }),
  );
  await repo.insertCadence(db, {
    tenantId,
    name: 'Régua padrão Trato',
    creditorId: null,
    segment: null,
    active: false,
    steps,
    by: 'system:defaults',
  });
}
