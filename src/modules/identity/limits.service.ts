import type { AppContext } from '../../platform/context.ts';
import { AppError, validationFailed } from '../../platform/errors.ts';
import { defaultTenantLimits, type TenantLimits, TtlCache } from '../../platform/limits.ts';
import * as repo from './identity.repository.ts';
import { actorOf, can, type Principal } from './identity.rules.ts';
import {
  effectiveLimits,
  LIMIT_MINIMUMS,
  type LimitsInput,
  type StoredLimits,
  validateLimits,
} from './limits.rules.ts';

/**
 * How long a process keeps a tenant's limits before reading them again: the hot path (every staff
 * request, every Pix notification) does not hit the database each time. A change made through this
 * process applies at once; through another `serve` process, within this time.
 */
export const LIMITS_CACHE_TTL_MS = 10_000;

const caches = new WeakMap<AppContext, TtlCache<TenantLimits>>();
function cacheOf(ctx: AppContext): TtlCache<TenantLimits> {
  let cache = caches.get(ctx);
  if (!cache) {
    cache = new TtlCache<TenantLimits>({ ttlMs: LIMITS_CACHE_TTL_MS });
    caches.set(ctx, cache);
  }
  return cache;
}

function storedOf(row: Awaited<ReturnType<typeof repo.findTenantLimits>>): StoredLimits {
  return {
    requestsPerMinute: row?.requests_per_minute ?? null,
    maxUploadBytes: row?.max_upload_bytes === null || !row ? null : Number(row.max_upload_bytes),
    maxPixPerWebhook: row?.max_pix_per_webhook ?? null,
  };
}

/** The limits in force for a tenant (cached per process for LIMITS_CACHE_TTL_MS). No principal: the kernel and webhooks ask. */
export async function tenantLimitsOf(ctx: AppContext, tenantId: string): Promise<TenantLimits> {
  const cache = cacheOf(ctx);
  const hit = cache.get(tenantId);
  if (hit) return hit;
  const row = await repo.findTenantLimits(ctx.database.db, tenantId);
  const limits = effectiveLimits(
    row ? storedOf(row) : undefined,
    defaultTenantLimits(ctx.config),
    ctx.config.limitCeilings,
  );
  cache.set(tenantId, limits);
  return limits;
}

export interface LimitsView extends TenantLimits {
  /** What the admin set; null = the default. */
  custom: StoredLimits;
  defaults: TenantLimits;
  minimums: TenantLimits;
  /** The operator's ceilings (environment): no tenant goes above them. */
  maximums: TenantLimits;
  updatedAt: string | null;
  updatedBy: string | null;
}

function requireAdmin(principal: Principal) {
  if (!can(principal, 'settings:write'))
    throw new AppError('FORBIDDEN', 'Apenas administradores consultam e alteram os limites da assessoria.');
}

async function view(ctx: AppContext, tenantId: string): Promise<LimitsView> {
  const row = await repo.findTenantLimits(ctx.database.db, tenantId);
  const custom = storedOf(row);
  const defaults = defaultTenantLimits(ctx.config);
  return {
    ...effectiveLimits(custom, defaults, ctx.config.limitCeilings),
    custom,
    defaults,
    minimums: LIMIT_MINIMUMS,
    maximums: ctx.config.limitCeilings,
    updatedAt: row ? new Date(row.updated_at).toISOString() : null,
    updatedBy: row?.updated_by ?? null,
  };
}

/** GET /api/v1/settings/limits (admin). */
export async function readLimitsSettings(ctx: AppContext, principal: Principal): Promise<LimitsView> {
  requireAdmin(principal);
  return view(ctx, principal.tenantId);
}

/** What PATCH merges into: the values the admin set (null where the default applies). */
export async function limitsAsInput(ctx: AppContext, principal: Principal): Promise<StoredLimits> {
  requireAdmin(principal);
  return storedOf(await repo.findTenantLimits(ctx.database.db, principal.tenantId));
}

/**
 * PUT /api/v1/settings/limits (admin): the three limits, each a number within bounds or null (the
 * default); a missing one is the default too. Applies at once in this process; audited.
 */
export async function putLimitsSettings(
  ctx: AppContext,
  principal: Principal,
  input: LimitsInput,
): Promise<LimitsView> {
  requireAdmin(principal);
  const result = validateLimits(input, ctx.config.limitCeilings);
  if (!result.ok) throw validationFailed(result.errors);
  const actor = actorOf(principal);
  await repo.upsertTenantLimits(ctx.database.db, principal.tenantId, result.value, actor);
  cacheOf(ctx).delete(principal.tenantId);
  await repo.recordAudit(ctx.database.db, {
    tenantId: principal.tenantId,
    actor,
    action: 'tenant.limits_updated',
    entity: 'tenant_limits',
    entityId: principal.tenantId,
    details: result.value,
  });
  return view(ctx, principal.tenantId);
}
