import type { Kysely } from 'kysely';
import type { Schema } from '../../db-schema.ts';
import { isoDateInSaoPaulo } from '../../platform/clock.ts';
import { getAgencyProfile } from '../agency/index.ts';
import { isPrescribed } from '../balance/index.ts';
import { contactsUsableFor } from '../portfolio/index.ts';
import type { OutboxRow } from './contact.repository.ts';
import * as repo from './contact.repository.ts';

type Db = Kysely<Schema>;

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
  // The name this message's creditor supplied (another creditor's import may spell it otherwise).
  const person = await db
    .selectFrom('debtors')
    .leftJoin('creditor_debtors as cd', (j) =>
      j.onRef('cd.debtor_id', '=', 'debtors.id').on('cd.creditor_id', '=', row.creditor_id),
    )
    .select([
      'debtors.id',
      'debtors.name as agencyName',
      'cd.name as creditorName',
      'debtors.state',
      'debtors.city',
    ])
    .where('debtors.id', '=', row.debtor_id)
    .executeTakeFirst();
  // Where to write: only a contact this creditor supplied or the debtor confirmed (the best first).
  const usable = person
    ? await contactsUsableFor(db, {
        tenantId: row.tenant_id,
        debtorId: row.debtor_id,
        creditorIds: [row.creditor_id],
      })
    : null;
  const debtor =
    person && usable
      ? {
          id: person.id,
          name: person.creditorName ?? person.agencyName,
          state: person.state,
          city: person.city,
          email: usable.emails[0]?.value ?? null,
          phone: usable.phones[0]?.value ?? null,
        }
      : undefined;
  const creditor = await db
    .selectFrom('creditors')
    .select(['id', 'name', 'document', 'address'])
    .where('id', '=', row.creditor_id)
    .executeTakeFirst();
  if (!template || !debtor || !creditor) return null;
  // Who collects (CDC art. 42-A): the agency's profile, in the message's name and sender.
  const agency = await getAgencyProfile(db, row.tenant_id);
  const today = isoDateInSaoPaulo(now);
  const debts = (
    await db
      .selectFrom('debts')
      .select([
        'id',
        'status',
        'due_date',
        'original_amount_cents',
        'paid_cents',
        'product',
        'external_id',
        'product_type',
        'prescription_interrupted_on',
      ])
      .where('id', 'in', row.debt_ids)
      .execute()
  ).map((d) => ({
    status: d.status,
    // No collection of a prescribed debt (REsp 2.088.100/SP): the balance module's one rule — the term
    // of the product type (CC art. 206), restarted once by an acknowledgment (CC art. 202 VI).
    prescribed: isPrescribed(d, today),
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
        'agreement_installments.reduction_cents',
        'agreements.status',
      ])
      .where('agreement_installments.id', '=', row.installment_id)
      .executeTakeFirst();
    if (i) {
      installment = {
        number: i.number,
        dueDate: i.due_date,
        amountCents: i.amount_cents,
        // Settled = paid + interest given back by a prepayment (CDC art. 52 §2º): a prepaid installment
        // owes nothing, so no reminder of it goes out and `valor_parcela` is what is really left.
        paidCents: i.paid_cents + i.reduction_cents,
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
    if (p) payment = { amountCents: p.amount_cents, paidDate: isoDateInSaoPaulo(new Date(p.paid_at)) };
  }
  const facts = await repo.guardrailFacts(db, row.tenant_id, row.debtor_id, now, [creditor.id]);
  return {
    template,
    debtor,
    creditor,
    agency,
    debts,
    installment,
    agreement,
    payment,
    flags: { ...facts.flags, identityVerified: facts.identityVerified },
    history: facts.history,
    suppressions: facts.suppressions,
  };
}
