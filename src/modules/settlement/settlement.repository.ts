import type { Kysely } from 'kysely';
import type { PaymentsTable, Schema } from '../../db-schema.ts';
import type { Tx } from '../../platform/db.ts';

type Db = Kysely<Schema>;

export interface NewPayment {
  tenant_id: string;
  source: PaymentsTable['source'];
  external_id: string;
  status: 'applied' | 'unmatched' | 'review';
  amount_cents: number;
  paid_at: string;
  txid: string | null;
  nosso_numero: string | null;
  charge_id: string | null;
  installment_id: string | null;
  prepayment_id: string | null;
  creditor_id: string | null;
  payer_info: string | null;
  raw: string;
}

/** Inserts the payment unless its (source, external id) was already received; null on a replay. */
export async function insertPaymentOnce(db: Db, p: NewPayment): Promise<string | null> {
  const row = await db
    .insertInto('payments')
    .values(p)
    .onConflict((oc) => oc.columns(['tenant_id', 'source', 'external_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function findPaymentByExternalId(db: Db, tenantId: string, source: string, externalId: string) {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('source', '=', source as PaymentsTable['source'])
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}

export async function setAllocation(
  db: Db,
  id: string,
  a: {
    status: 'applied';
    installmentId: string | null;
    /** The prepayment whose charge was paid (CDC art. 52 §2º), when it was one. */
    prepaymentId?: string;
    agreementId: string;
    creditorId: string;
    appliedCents: number;
    debtAppliedCents: number;
    creditCents: number;
    /** Who assigned an unmatched payment by hand, and when (from the service's clock). */
    assignedBy?: string;
    at: Date;
  },
): Promise<void> {
  await db
    .updateTable('payments')
    .set({
      status: a.status,
      installment_id: a.installmentId,
      ...(a.prepaymentId ? { prepayment_id: a.prepaymentId } : {}),
      agreement_id: a.agreementId,
      creditor_id: a.creditorId,
      applied_cents: a.appliedCents,
      debt_applied_cents: a.debtAppliedCents,
      credit_cents: a.creditCents,
      refund_status: a.creditCents > 0 ? 'pending' : 'none',
      ...(a.assignedBy ? { assigned_by: a.assignedBy, assigned_at: a.at } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function findPayment(
  db: Db,
  scope: { tenantId: string; creditorId: string | null },
  id: string,
) {
  let q = db.selectFrom('payments').selectAll().where('tenant_id', '=', scope.tenantId).where('id', '=', id);
  if (scope.creditorId) q = q.where('creditor_id', '=', scope.creditorId);
  return q.executeTakeFirst();
}

/** Locks an unmatched payment for assignment; undefined when it is not (or no longer) unmatched. */
export async function lockUnmatched(db: Tx, tenantId: string, id: string) {
  return (
    db
      .selectFrom('payments')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      // Unidentified payments, and those held for review (a person decides where they go).
      .where('status', 'in', ['unmatched', 'review'])
      .forUpdate()
      .executeTakeFirst()
  );
}

export interface PaymentFilter {
  tenantId: string;
  creditorId: string | null;
  from?: string;
  to?: string;
  status?: 'applied' | 'unmatched' | 'review' | 'credit';
}

function filtered(db: Db, f: PaymentFilter) {
  let q = db.selectFrom('payments').where('tenant_id', '=', f.tenantId);
  if (f.creditorId) q = q.where('creditor_id', '=', f.creditorId);
  // `from`/`to` are São Paulo calendar days, inclusive.
  if (f.from) q = q.where('paid_at', '>=', new Date(`${f.from}T00:00:00-03:00`));
  if (f.to) q = q.where('paid_at', '<', new Date(new Date(`${f.to}T00:00:00-03:00`).getTime() + 86_400_000));
  if (f.status === 'credit') q = q.where('credit_cents', '>', 0);
  else if (f.status) q = q.where('status', '=', f.status);
  return q;
}

export async function listPayments(db: Db, f: PaymentFilter, page: { limit: number; offset: number }) {
  const items = await filtered(db, f)
    .selectAll()
    .orderBy('paid_at', 'desc')
    .orderBy('id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const { n } = await filtered(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { items, total: Number(n) };
}

export async function* streamPayments(db: Db, f: PaymentFilter, batch = 1000) {
  for await (const rows of streamPaymentBatches(db, f, batch)) yield* rows;
}

export async function* streamPaymentBatches(db: Db, f: PaymentFilter, batch = 1000) {
  for (let offset = 0; ; offset += batch) {
    const rows = await filtered(db, f)
      .selectAll()
      .orderBy('paid_at')
      .orderBy('id')
      .limit(batch)
      .offset(offset)
      .execute();
    if (rows.length > 0) yield rows;
    if (rows.length < batch) return;
  }
}

/**
 * Name and document of the debtor of each agreement, for the reconciliation export. A read-only
 * lookup into the agreements and portfolio tables (the documented exception for bulk reads: one query
 * per thousand payments instead of a service call per row), scoped by tenant.
 */
export async function debtorsOfAgreements(db: Db, tenantId: string, agreementIds: string[]) {
  if (agreementIds.length === 0) return new Map<string, { name: string; document: string }>();
  const rows = await db
    .selectFrom('agreements')
    .innerJoin('debtors', 'debtors.id', 'agreements.debtor_id')
    .select(['agreements.id as agreement_id', 'debtors.name', 'debtors.document'])
    .where('agreements.tenant_id', '=', tenantId)
    .where('agreements.id', 'in', agreementIds)
    .execute();
  return new Map(rows.map((r) => [r.agreement_id, { name: r.name, document: r.document }]));
}

export async function paymentsOfAgreement(db: Db, agreementId: string) {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('agreement_id', '=', agreementId)
    .orderBy('paid_at')
    .execute();
}

export async function findCnabFile(db: Db, tenantId: string, sha256: string) {
  return db
    .selectFrom('cnab_files')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('sha256', '=', sha256)
    .executeTakeFirst();
}

export async function insertCnabFile(
  db: Db,
  f: {
    tenantId: string;
    sha256: string;
    bankCode: string;
    entries: number;
    results: unknown;
    receivedBy: string;
  },
): Promise<string | null> {
  const row = await db
    .insertInto('cnab_files')
    .values({
      tenant_id: f.tenantId,
      sha256: f.sha256,
      bank_code: f.bankCode,
      entries: f.entries,
      results: JSON.stringify(f.results),
      received_by: f.receivedBy,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'sha256']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * An agreement withdrawn from (CDC art. 49): what its payments settled becomes a credit to refund in
 * full. The amounts move from applied to credit, so the ledger still adds up to what was received.
 */
export async function refundAgreementPayments(
  db: Db,
  tenantId: string,
  agreementId: string,
): Promise<number> {
  const rows = await db
    .updateTable('payments')
    .set((eb) => ({
      credit_cents: eb('credit_cents', '+', eb.ref('applied_cents')),
      applied_cents: 0,
      refund_status: 'pending',
    }))
    .where('tenant_id', '=', tenantId)
    .where('agreement_id', '=', agreementId)
    .where('applied_cents', '>', 0)
    .returning('id')
    .execute();
  return rows.length;
}

/** Why a payment left a credit and what is to be refunded (CDC art. 42 sole paragraph). */
export async function setOverpayment(
  db: Db,
  id: string,
  o: {
    cause: 'debtor' | 'platform_reissued_charge' | 'platform_computation_error';
    justifiable: boolean;
    note: string | null;
    refundDueCents: number;
  },
): Promise<void> {
  await db
    .updateTable('payments')
    .set({
      overpayment_cause: o.cause,
      overpayment_justifiable: o.justifiable,
      overpayment_note: o.note,
      refund_due_cents: o.refundDueCents,
      refund_status: 'pending',
    })
    .where('id', '=', id)
    .execute();
}
