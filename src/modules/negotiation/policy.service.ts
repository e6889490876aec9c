import type { AppContext } from '../../platform/context.ts';
import { AppError, validationFailed } from '../../platform/errors.ts';
import { getCreditor } from '../creditors/index.ts';
import { actorOf, can, type Principal, recordAudit } from '../identity/index.ts';
import type { PolicyInput } from './negotiation.schemas.ts';
import * as repo from './policy.repository.ts';
import { DEFAULT_POLICY, type NegotiationPolicy, validatePolicy } from './policy.rules.ts';

export interface PolicyView extends NegotiationPolicy {
  creditorId: string;
  /** 'default' until a manager saves one for this creditor. */
  source: 'default' | 'creditor';
  updatedAt: string | null;
}

/** The creditor's policy, or the product default when none was saved (visible to whoever sees the creditor). */
export async function getPolicy(
  ctx: AppContext,
  principal: Principal,
  { creditorId }: { creditorId: string },
): Promise<PolicyView> {
  const creditor = await getCreditor(ctx.database.db, principal, { id: creditorId });
  const row = await repo.findPolicy(ctx.database.db, principal.tenantId, creditor.id);
  if (!row) return { ...DEFAULT_POLICY, creditorId: creditor.id, source: 'default', updatedAt: null };
  return {
    ...DEFAULT_POLICY,
    ...(row.policy as NegotiationPolicy),
    creditorId: creditor.id,
    source: 'creditor',
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** Saves a whole policy (admin/manager). Invalid → 422 with every reason; nothing is saved. */
export async function putPolicy(
  ctx: AppContext,
  principal: Principal,
  { creditorId, ...input }: PolicyInput & { creditorId: string },
): Promise<PolicyView> {
  if (!can(principal, 'creditors:write')) {
    throw new AppError('FORBIDDEN', 'Apenas gestores e administradores definem políticas de negociação.');
  }
  const creditor = await getCreditor(ctx.database.db, principal, { id: creditorId });
  // The cap depends on the creditor: outside the SFN, 1% a month, simple (policy.rules.ts).
  const result = validatePolicy(input, { financialInstitution: creditor.terms.financialInstitution });
  if (!result.ok) throw validationFailed(result.errors);
  const actor = actorOf(principal);
  const saved = await repo.upsertPolicy(ctx.database.db, {
    tenantId: principal.tenantId,
    creditorId: creditor.id,
    policy: result.policy,
    updatedBy: actor,
  });
  await recordAudit(ctx.database.db, {
    tenantId: principal.tenantId,
    actor,
    action: 'policy.updated',
    entity: 'creditor',
    entityId: creditor.id,
    details: { policy: result.policy },
  });
  return {
    ...result.policy,
    creditorId: creditor.id,
    source: 'creditor',
    updatedAt: new Date(saved.updated_at).toISOString(),
  };
}
