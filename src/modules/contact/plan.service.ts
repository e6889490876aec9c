import type { AppContext } from '../../platform/context.ts';
import { isIsoDate } from '../../platform/dates.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { isPrescribed } from '../balance/index.ts';
import { can, type Principal } from '../identity/index.ts';
import { findDebtorForContact, listDebtsOfDebtor } from '../portfolio/index.ts';
import type { CadenceStep } from './cadence.rules.ts';
import * as repo from './contact.repository.ts';
import * as planRepo from './plan.repository.ts';
import { planContacts } from './plan.rules.ts';
import { ensureDefaults, visibleTo } from './templates.service.ts';

const MAX_DAYS = 120;

/** `GET /debtors/{id}/contact-plan`: the cadence as this debtor will live it, blocked items with reasons. */
export async function contactPlan(
  ctx: AppContext,
  principal: Principal,
  q: { debtorId: string; from?: string; days?: number; cadenceId?: string },
) {
  const { debtorId } = q;
  if (!can(principal, 'portfolio:read'))
    throw new AppError('FORBIDDEN', 'Seu papel não permite consultar a carteira.');
  const from = q.from ?? ctx.clock.today();
  if (!isIsoDate(from))
    throw new AppError('VALIDATION_FAILED', `from: data inválida "${from}", use AAAA-MM-DD.`);
  const days = q.days ?? 30;
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) {
    throw new AppError('VALIDATION_FAILED', `days: de 1 a ${MAX_DAYS}.`);
  }
  const db = ctx.database.db;
  const debtor = isUuid(debtorId) ? await findDebtorForContact(db, principal, debtorId) : undefined;
  if (!debtor) throw notFound('Devedor');
  await ensureDefaults(ctx, principal.tenantId);
  // A creditor's token previews only its own and the shared cadences (never another creditor's).
  const all = await repo.listCadences(db, principal.tenantId, false, visibleTo(principal));
  const cadences = all.filter((c) => (q.cadenceId ? c.id === q.cadenceId : c.active));
  if (q.cadenceId && cadences.length === 0) throw notFound('Régua');
  const templates = await repo.listTemplates(db, principal.tenantId, visibleTo(principal));
  // The same facts as the dispatcher reads: recent contacts, the quiet period, suppressions, flags.
  const facts = await repo.guardrailFacts(db, principal.tenantId, debtor.id, ctx.clock.now());
  const items = planContacts({
    from,
    days,
    ...(debtor.state ? { uf: debtor.state } : {}),
    city: debtor.city,
    cadences: cadences.map((c) => ({
      id: c.id,
      creditorId: c.creditor_id,
      segment: c.segment,
      steps: c.steps as CadenceStep[],
    })),
    transactional: new Map(templates.map((t) => [t.id, t.transactional])),
    debts: (await listDebtsOfDebtor(db, principal, debtor.id)).map((d) => ({
      id: d.id,
      creditorId: d.creditor_id,
      dueDate: d.due_date,
      status: d.status,
      product: d.product,
      outstandingCents: d.original_amount_cents - d.paid_cents,
      prescribed: (on: string) => isPrescribed(d, on),
    })),
    installments: (await planRepo.installments(db, principal, debtor.id)).map((i) => ({
      creditorId: i.creditor_id,
      dueDate: i.due_date,
      status: i.status,
      agreementStatus: i.agreement_status,
      outstandingCents: i.amount_cents - i.paid_cents,
    })),
    agreements: (await planRepo.agreements(db, principal, debtor.id)).map((a) => ({
      creditorId: a.creditor_id,
      createdDate: a.created_date,
      brokenDate: a.broken_date,
      status: a.status,
      totalCents: a.total_cents,
    })),
    history: facts.history,
    suppressions: facts.suppressions,
    flags: facts.flags,
  });
  return { debtorId: debtor.id, from, days, items };
}
