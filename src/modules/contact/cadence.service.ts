import type { AppContext } from '../../platform/context.ts';
import { AppError, notFound, validationFailed } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { getCreditor } from '../creditors/index.ts';
import { actorOf, can, type Principal, recordAudit } from '../identity/index.ts';
import { type CadenceStep, validateCadence } from './cadence.rules.ts';
import * as repo from './contact.repository.ts';
import type { CadenceInput } from './contact.schemas.ts';
import { ensureDefaults, visibleTo } from './templates.service.ts';

type CadenceRow = NonNullable<Awaited<ReturnType<typeof repo.findCadence>>>;

export function toCadenceView(r: CadenceRow) {
  return {
    id: r.id,
    name: r.name,
    creditorId: r.creditor_id,
    segment: r.segment,
    active: r.active,
    steps: r.steps as CadenceStep[],
    updatedBy: r.updated_by,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

function requireWrite(principal: Principal) {
  if (!can(principal, 'cadences:manage')) {
    throw new AppError('FORBIDDEN', 'Apenas gestores e administradores editam modelos e réguas.');
  }
}

async function validate(ctx: AppContext, principal: Principal, input: CadenceInput) {
  if (input.creditorId) await getCreditor(ctx.database.db, principal, { id: input.creditorId });
  // A cadence uses the tenant's shared templates and those of its own creditor (a shared cadence: only
  // shared ones), so one creditor's wording never goes out about another creditor's debts.
  const templates = new Map(
    (await repo.listTemplates(ctx.database.db, principal.tenantId))
      .filter((t) => t.creditor_id === null || t.creditor_id === (input.creditorId ?? null))
      .map((t) => [t.id, { channel: t.channel, transactional: t.transactional }]),
  );
  const errors = validateCadence(input, templates);
  if (errors.length > 0) throw validationFailed(errors);
}

export async function createCadence(ctx: AppContext, principal: Principal, input: CadenceInput) {
  requireWrite(principal);
  await ensureDefaults(ctx, principal.tenantId);
  await validate(ctx, principal, input);
  const row = await repo.insertCadence(ctx.database.db, {
    tenantId: principal.tenantId,
    name: input.name.trim(),
    creditorId: input.creditorId ?? null,
    segment: input.segment ?? null,
    active: input.active ?? true,
    steps: input.steps,
    by: actorOf(principal),
  });
  await recordAudit(ctx.database.db, {
    tenantId: principal.tenantId,
    actor: actorOf(principal),
    action: 'cadence.created',
    entity: 'cadence',
    entityId: row.id,
  });
  return toCadenceView(row);
}

export async function updateCadence(
  ctx: AppContext,
  principal: Principal,
  { id, ...input }: CadenceInput & { id: string },
) {
  requireWrite(principal);
  const current = await getCadenceRow(ctx, principal, id);
  await validate(ctx, principal, input);
  const row = await repo.updateCadence(ctx.database.db, current.id, {
    name: input.name.trim(),
    creditorId: input.creditorId ?? null,
    segment: input.segment ?? null,
    active: input.active ?? current.active,
    steps: input.steps,
    by: actorOf(principal),
  });
  await recordAudit(ctx.database.db, {
    tenantId: principal.tenantId,
    actor: actorOf(principal),
    action: 'cadence.updated',
    entity: 'cadence',
    entityId: row.id,
    details: { active: row.active },
  });
  return toCadenceView(row);
}

async function getCadenceRow(ctx: AppContext, principal: Principal, id: string) {
  const row = isUuid(id)
    ? await repo.findCadence(ctx.database.db, principal.tenantId, id, visibleTo(principal))
    : undefined;
  if (!row) throw notFound('Régua');
  return row;
}

export async function getCadence(ctx: AppContext, principal: Principal, { id }: { id: string }) {
  return toCadenceView(await getCadenceRow(ctx, principal, id));
}

export async function listCadences(ctx: AppContext, principal: Principal) {
  await ensureDefaults(ctx, principal.tenantId);
  return {
    items: (await repo.listCadences(ctx.database.db, principal.tenantId, false, visibleTo(principal))).map(
      toCadenceView,
    ),
  };
}
