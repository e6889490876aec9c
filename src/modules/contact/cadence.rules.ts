import { addDays, daysBetween, type IsoDate } from '../../platform/dates.ts';
import type { FieldError } from '../../platform/errors.ts';
import type { CadenceInput } from './contact.schemas.ts';

/**
 * A cadence (régua): steps relative to an anchor, each on a channel with a template, under conditions.
 * Pure: validation, and whether a step falls on a date for a given anchor date.
 */
export const ANCHORS = [
  'debt_due',
  'installment_due',
  'agreement_created',
  'agreement_broken',
  'payment_received',
  'promise',
] as const;
export type Anchor = (typeof ANCHORS)[number];
export const CHANNELS = ['email', 'sms', 'whatsapp', 'phone', 'letter'] as const;
export type StepChannel = (typeof CHANNELS)[number];

export interface StepConditions {
  minDaysOverdue?: number;
  maxDaysOverdue?: number;
  /** Debt statuses (debt anchor) or agreement statuses (agreement anchors) the step applies to. */
  statuses?: string[];
  minAmountCents?: number;
  maxAmountCents?: number;
}

export interface CadenceStep {
  id: string;
  anchor: Anchor;
  /** Days after the anchor (negative = before). */
  offsetDays: number;
  channel: StepChannel;
  templateId: string;
  conditions?: StepConditions;
}

const STEP_ID_RE = /^[a-z0-9][a-z0-9_-]{0,39}$/;

export function validateCadence(
  input: CadenceInput,
  templates: ReadonlyMap<string, { channel: string; transactional?: boolean }>,
): FieldError[] {
  const errors: FieldError[] = [];
  if (input.name.trim() === '') errors.push({ field: 'name', message: 'informe um nome' });
  if (input.steps.length === 0) errors.push({ field: 'steps', message: 'informe ao menos um passo' });
  const ids = new Set<string>();
  input.steps.forEach((s, i) => {
    const f = (name: string) => `steps[${i}].${name}`;
    if (!STEP_ID_RE.test(s.id)) {
      errors.push({ field: f('id'), message: 'use letras minúsculas, números, - ou _ (ex.: "d-mais-5")' });
    }
    if (ids.has(s.id)) errors.push({ field: f('id'), message: `passo "${s.id}" repetido` });
    ids.add(s.id);
    if (!ANCHORS.includes(s.anchor)) {
      errors.push({ field: f('anchor'), message: `âncora desconhecida; use ${ANCHORS.join(', ')}` });
    }
    if (!Number.isInteger(s.offsetDays) || Math.abs(s.offsetDays) > 3650) {
      errors.push({ field: f('offsetDays'), message: 'dias inteiros entre -3650 e 3650' });
    }
    if (!CHANNELS.includes(s.channel)) {
      errors.push({ field: f('channel'), message: `canal desconhecido; use ${CHANNELS.join(', ')}` });
    }
    const template = templates.get(s.templateId);
    if (!template) errors.push({ field: f('templateId'), message: 'modelo não encontrado' });
    else if (template.channel !== s.channel) {
      errors.push({
        field: f('templateId'),
        message: `o modelo é do canal ${template.channel}, o passo é ${s.channel}`,
      });
    } else if (template.transactional && s.anchor !== 'payment_received') {
      // A transactional message skips the caps and the quiet period: only what the debtor asked for
      // (a receipt) may be one. A collection step with such a template would escape the guardrail.
      errors.push({
        field: f('templateId'),
        message: 'modelo transacional (recibo) só pode ser usado em passo com âncora payment_received',
      });
    }
    const c = s.conditions ?? {};
    if (
      c.minDaysOverdue !== undefined &&
      c.maxDaysOverdue !== undefined &&
      c.minDaysOverdue > c.maxDaysOverdue
    ) {
      errors.push({ field: f('conditions'), message: 'minDaysOverdue maior que maxDaysOverdue' });
    }
    if (
      c.minAmountCents !== undefined &&
      c.maxAmountCents !== undefined &&
      c.minAmountCents > c.maxAmountCents
    ) {
      errors.push({ field: f('conditions'), message: 'minAmountCents maior que maxAmountCents' });
    }
  });
  return errors;
}

/** The anchor date a step needs for it to fall on `date`. */
export function anchorDateFor(step: Pick<CadenceStep, 'offsetDays'>, date: IsoDate): IsoDate {
  return addDays(date, -step.offsetDays);
}

export interface StepSubject {
  anchorDate: IsoDate;
  /** Days overdue on the step date (debt anchor), or 0. */
  daysOverdue: number;
  status: string;
  amountCents: number;
}

/** Does the step fire on `date` for this subject (anchor date and conditions)? */
export function stepFiresOn(step: CadenceStep, subject: StepSubject, date: IsoDate): boolean {
  return daysBetween(subject.anchorDate, date) === step.offsetDays && conditionsHold(step, subject);
}

export function conditionsHold(step: CadenceStep, subject: StepSubject): boolean {
  const c = step.conditions ?? {};
  if (c.minDaysOverdue !== undefined && subject.daysOverdue < c.minDaysOverdue) return false;
  if (c.maxDaysOverdue !== undefined && subject.daysOverdue > c.maxDaysOverdue) return false;
  if (c.minAmountCents !== undefined && subject.amountCents < c.minAmountCents) return false;
  if (c.maxAmountCents !== undefined && subject.amountCents > c.maxAmountCents) return false;
  return (c.statuses ?? defaultStatuses(step.anchor)).includes(subject.status);
}

export function defaultStatuses(anchor: Anchor): string[] {
  switch (anchor) {
    case 'debt_due':
      return ['open'];
    case 'agreement_broken':
      return ['broken'];
    case 'payment_received':
      // The agreement's status after the payment: a receipt goes whatever it became.
      return ['active', 'paid', 'broken', 'renegotiated'];
    default:
      return ['active'];
  }
}

/** The cadence shipped with the product (template keys resolve to the tenant's default templates). */
export const DEFAULT_CADENCE_STEPS: (Omit<CadenceStep, 'templateId'> & { templateKey: string })[] = [
  {
    id: 'parcela-d-1',
    anchor: 'installment_due',
    offsetDays: -1,
    channel: 'whatsapp',
    templateKey: 'installment-reminder-whatsapp',
  },
  {
    id: 'acordo-boas-vindas',
    anchor: 'agreement_created',
    offsetDays: 0,
    channel: 'email',
    templateKey: 'agreement-welcome-email',
  },
  { id: 'divida-d1', anchor: 'debt_due', offsetDays: 1, channel: 'sms', templateKey: 'debt-d1-sms' },
  {
    id: 'divida-d5',
    anchor: 'debt_due',
    offsetDays: 5,
    channel: 'whatsapp',
    templateKey: 'debt-d5-whatsapp',
  },
  { id: 'divida-d15', anchor: 'debt_due', offsetDays: 15, channel: 'email', templateKey: 'debt-d15-email' },
  { id: 'divida-d30', anchor: 'debt_due', offsetDays: 30, channel: 'sms', templateKey: 'debt-d30-sms' },
  {
    id: 'acordo-rompido',
    anchor: 'agreement_broken',
    offsetDays: 1,
    channel: 'email',
    templateKey: 'agreement-broken-email',
  },
  {
    id: 'recibo',
    anchor: 'payment_received',
    offsetDays: 0,
    channel: 'email',
    templateKey: 'payment-receipt-email',
  },
];
