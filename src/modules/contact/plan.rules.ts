import { saoPauloMidnight } from '../../platform/clock.ts';
import { addDays, daysBetween, type IsoDate } from '../../platform/dates.ts';
import type { CadenceStep, StepChannel } from './cadence.rules.ts';
import { conditionsHold } from './cadence.rules.ts';
import type { ContactRecord } from './caps.rules.ts';
import { decideContact } from './guardrail.rules.ts';
import type { SuppressionInput } from './suppression.rules.ts';
import { localDateTime, windowOn } from './window.rules.ts';

/**
 * The contact plan: the cadence as one debtor will live it over a period — day by day, which steps fire,
 * on which channel and template, inside which window — and which are blocked, and why. It runs the same
 * guardrail as the dispatcher (`decideContact`), feeding each planned contact back into the history so
 * the frequency caps act on the plan exactly as they will on the real messages.
 */
export interface PlanCadence {
  id: string;
  creditorId: string | null;
  segment: string | null;
  steps: CadenceStep[];
}

export interface PlanDebt {
  id: string;
  creditorId: string;
  dueDate: IsoDate;
  status: string;
  product: string | null;
  outstandingCents: number;
  prescribed: (on: IsoDate) => boolean;
}

export interface PlanInstallment {
  creditorId: string;
  dueDate: IsoDate;
  status: string;
  agreementStatus: string;
  outstandingCents: number;
}

export interface PlanAgreement {
  creditorId: string;
  createdDate: IsoDate;
  brokenDate: IsoDate | null;
  status: string;
  totalCents: number;
}

export interface PlanItem {
  date: IsoDate;
  windowStart: string | null;
  windowEnd: string | null;
  channel: StepChannel;
  templateId: string;
  cadenceId: string;
  stepId: string;
  creditorId: string;
  status: 'planned' | 'blocked';
  reason?: string;
}

export interface PlanInput {
  from: IsoDate;
  days: number;
  uf?: string;
  /** The debtor's city (municipal holidays, where known). */
  city?: string | null;
  cadences: PlanCadence[];
  transactional: ReadonlyMap<string, boolean>;
  debts: PlanDebt[];
  installments: PlanInstallment[];
  agreements: PlanAgreement[];
  history: ContactRecord[];
  suppressions: SuppressionInput['suppressions'];
  flags: SuppressionInput['flags'];
}

interface Fired {
  cadence: PlanCadence;
  step: CadenceStep;
  creditorId: string;
  /** With the due date: the state's "days of default" rule (Amazonas, D+16) reads it, as in dispatch. */
  debts: { status: string; prescribed: boolean; dueDate: IsoDate }[];
  agreement: { status: string } | null;
}

function firedOn(input: PlanInput, date: IsoDate): Fired[] {
  const out: Fired[] = [];
  for (const cadence of input.cadences) {
    for (const step of cadence.steps) {
      const anchor = addDays(date, -step.offsetDays);
      const byCreditor = new Map<string, Fired>();
      const add = (
        creditorId: string,
        debt: { status: string; prescribed: boolean; dueDate: IsoDate } | null,
        agreement: { status: string } | null,
      ) => {
        if (cadence.creditorId && cadence.creditorId !== creditorId) return;
        const f = byCreditor.get(creditorId) ?? { cadence, step, creditorId, debts: [], agreement };
        if (debt) f.debts.push(debt);
        byCreditor.set(creditorId, f);
      };
      if (step.anchor === 'debt_due') {
        for (const d of input.debts) {
          if (d.dueDate !== anchor || (cadence.segment && d.product !== cadence.segment)) continue;
          const subject = {
            anchorDate: d.dueDate,
            daysOverdue: daysBetween(d.dueDate, date),
            status: d.status,
            amountCents: d.outstandingCents,
          };
          if (conditionsHold(step, subject))
            add(d.creditorId, { status: d.status, prescribed: d.prescribed(date), dueDate: d.dueDate }, null);
        }
      } else if (step.anchor === 'installment_due') {
        for (const i of input.installments) {
          if (i.dueDate !== anchor || i.status === 'paid') continue;
          const subject = {
            anchorDate: i.dueDate,
            daysOverdue: 0,
            status: i.agreementStatus,
            amountCents: i.outstandingCents,
          };
          if (conditionsHold(step, subject)) add(i.creditorId, null, { status: i.agreementStatus });
        }
      } else if (step.anchor === 'agreement_created' || step.anchor === 'agreement_broken') {
        for (const a of input.agreements) {
          const anchorDate = step.anchor === 'agreement_created' ? a.createdDate : a.brokenDate;
          if (anchorDate !== anchor) continue;
          const subject = { anchorDate, daysOverdue: 0, status: a.status, amountCents: a.totalCents };
          if (conditionsHold(step, subject)) add(a.creditorId, null, { status: a.status });
        }
      }
      out.push(...byCreditor.values());
    }
  }
  return out;
}

export function planContacts(input: PlanInput): PlanItem[] {
  const items: PlanItem[] = [];
  const history = [...input.history];
  for (let d = 0; d < input.days; d++) {
    const date = addDays(input.from, d);
    for (const f of firedOn(input, date)) {
      const transactional = input.transactional.get(f.step.templateId) ?? false;
      const base = {
        channel: f.step.channel,
        templateId: f.step.templateId,
        cadenceId: f.cadence.id,
        stepId: f.step.id,
        creditorId: f.creditorId,
      };
      const decision = decideContact({
        at: saoPauloMidnight(date),
        ...(input.uf ? { uf: input.uf } : {}),
        city: input.city ?? null,
        channel: f.step.channel,
        transactional,
        agreedByDebtor: f.step.anchor === 'installment_due',
        history,
        suppressions: input.suppressions,
        flags: input.flags,
        debts: f.debts,
        agreement: f.agreement,
      });
      if (decision.status === 'suppressed') {
        const w = windowOn(date, input.uf, undefined, input.city);
        items.push({
          date,
          windowStart: w?.localStart ?? null,
          windowEnd: w?.localEnd ?? null,
          ...base,
          status: 'blocked',
          reason: decision.reason,
        });
        continue;
      }
      const at = decision.status === 'send' ? decision.at : decision.until;
      const local = localDateTime(at, input.uf);
      const w = windowOn(local.date, input.uf, undefined, input.city);
      history.push({ at, proactive: !transactional });
      items.push({
        date: local.date,
        windowStart: w ? [local.time, w.localStart].sort()[1]! : null,
        windowEnd: w?.localEnd ?? null,
        ...base,
        status: 'planned',
        ...(decision.status === 'deferred' ? { reason: `adiado: ${decision.reason}` } : {}),
      });
    }
  }
  return items.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
