import type { Kysely } from 'kysely';
import type { Schema } from '../../db-schema.ts';
import { addYearsCivil } from '../../platform/dates.ts';
import type { ContactRecord } from './caps.rules.ts';
import type { OutboxRow } from './contact.repository.ts';
import * as repo from './contact.repository.ts';

type Db = Kysely<Schema>;

/** São Paulo calendar day of an instant (UTC−3, no DST since 2019). */
const spDay = (at: Date) => new Date(at.getTime() - 3 * 3_600_000).toISOString().slice(0, 10);

/**
 * Everything the guardrail and the template need for one outbox message, read in a handful of queries:
 * template, debtor contact data, creditor identification (CDC art. 42-A), the debts the message is about
 * (status, prescription), the installment and agreement, flags, suppressions and the last 8 days of
 * contacts. Read-only access to portfolio/agreements tables, like the sweep (CONVENTIONS.md).
 */
export async function messageContext(db: Db, row: OutboxRow, now: Date) {
  const template = await db
    .selectFrom('templates')
    .selectAll()
    .where('id', '=', row.template_id)
    .executeTakeFirst();
  const debtor = await db
    .selectFrom('debtors')
    .select(['id', 'name', 'state', 'email', 'phone'])
    .where('id', '=', row.debtor_id)
    .executeTakeFirst();
  const creditor = await db
    .selectFrom('creditors')
    .select(['id', 'name', 'document', 'address'])
    .where('id', '=', row.creditor_id)
    .executeTakeFirst();
  if (!template || !debtor || !creditor) return null;
  const tenant = await db
    .selectFrom('tenants')
    .select('name')
    .where('id', '=', row.tenant_id)
    .executeTakeFirstOrThrow();
  const today = spDay(now);
  const debts = (
    await db
      .selectFrom('debts')
      .select(['id', 'status', 'due_date', 'original_amount_cents', 'paid_cents', 'product', 'external_id'])
      .where('id', 'in', row.debt_ids)
      .execute()
  ).map((d) => ({
    status: d.status,
    // CDC art. 43 §5 / CC art. 206 §5º I: five years after the due date, no proactive collection.
    prescribed: addYearsCivil(d.due_date, 5) < today,
    dueDate: d.due_date,
    outstandingCents: d.original_amount_cents - d.paid_cents,
    product: d.product,
    externalId: d.external_id,
  }));
  let installment: { number: number; dueDate: string; amountCents: number; paidCents: number } | null = null;
  let agreement: { status: string } | null = null;
  if (row.installment_id) {
    const i = await db
      .selectFrom('agreement_installments')
      .innerJoin('agreements', 'agreements.id', 'agreement_installments.agreement_id')
      .select([
        'agreement_installments.number',
        'agreement_installments.due_date',
        'agreement_installments.amount_cents',
        'agreement_installments.paid_cents',
        'agreements.status',
      ])
      .where('agreement_installments.id', '=', row.installment_id)
      .executeTakeFirst();
    if (i) {
      installment = {
        number: i.number,
        dueDate: i.due_date,
        amountCents: i.amount_cents,
        paidCents: i.paid_cents,
      };
      agreement = { status: i.status };
    }
  }
  let payment: { amountCents: number; paidDate: string } | null = null;
  if (row.payment_id) {
    const p = await db
      .selectFrom('payments')
      .select(['amount_cents', 'paid_at'])
      .where('id', '=', row.payment_id)
      .executeTakeFirst();
    if (p) payment = { amountCents: p.amount_cents, paidDate: spDay(new Date(p.paid_at)) };
  }
  const flags = await repo.flagsOf(db, row.debtor_id);
  const since = new Date(now.getTime() - 8 * 86_400_000);
  const history: ContactRecord[] = (await repo.sentSince(db, row.debtor_id, since)).map((h) => ({
    at: new Date(h.sent_at!),
    proactive: !h.transactional,
  }));
  if (flags?.last_conversation_at)
    history.push({ at: new Date(flags.last_conversation_at), proactive: false, conversation: true });
  const suppressions = (await repo.suppressionsOf(db, row.tenant_id, row.debtor_id)).map((s) => ({
    kind: s.kind,
    channel: s.channel,
    until: s.until ? new Date(s.until) : null,
  }));
  return {
    template,
    debtor,
    creditor,
    tenantName: tenant.name,
    debts,
    installment,
    agreement,
    payment,
    flags: {
      deceased: flags?.deceased ?? false,
      vulnerable: flags?.vulnerable ?? false,
      identityVerified: flags?.identity_verified ?? false,
    },
    history,
    suppressions,
  };
}
