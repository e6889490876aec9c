import type { Kysely } from 'kysely';
import type { Schema } from '../../db-schema.ts';
import { dbNow } from '../../platform/db.ts';

type Db = Kysely<Schema>;

export async function findSettings(db: Db, tenantId: string, creditorId: string) {
  return db
    .selectFrom('payment_settings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('creditor_id', '=', creditorId)
    .executeTakeFirst();
}

export async function upsertSettings(
  db: Db,
  s: { tenantId: string; creditorId: string; pix: unknown; boleto: unknown; updatedBy: string },
) {
  const values = {
    pix: s.pix === null ? null : JSON.stringify(s.pix),
    boleto: s.boleto === null ? null : JSON.stringify(s.boleto),
    updated_by: s.updatedBy,
  };
  return db
    .insertInto('payment_settings')
    .values({ creditor_id: s.creditorId, tenant_id: s.tenantId, ...values })
    .onConflict((oc) => oc.column('creditor_id').doUpdateSet({ ...values, updated_at: dbNow }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Reserves `count` consecutive nosso número sequences; returns the first. Row-locked: no two agreements share one. */
export async function reserveBoletoSequences(db: Db, creditorId: string, count: number): Promise<number> {
  const row = await db
    .updateTable('payment_settings')
    .set((eb) => ({ next_boleto_sequence: eb('next_boleto_sequence', '+', count) }))
    .where('creditor_id', '=', creditorId)
    .returning('next_boleto_sequence')
    .executeTakeFirstOrThrow();
  return row.next_boleto_sequence - count;
}

export async function upsertWebhookSecret(db: Db, tenantId: string, secretHash: string, updatedBy: string) {
  await db
    .insertInto('pix_webhook_secrets')
    .values({ tenant_id: tenantId, secret_hash: secretHash, updated_by: updatedBy })
    .onConflict((oc) =>
      oc
        .column('tenant_id')
        .doUpdateSet({ secret_hash: secretHash, updated_by: updatedBy, updated_at: dbNow }),
    )
    .execute();
}

export async function findTenantsBySecretHash(db: Db, secretHash: string): Promise<string[]> {
  const rows = await db
    .selectFrom('pix_webhook_secrets')
    .select('tenant_id')
    .where('secret_hash', '=', secretHash)
    .orderBy('tenant_id')
    .execute();
  return rows.map((r) => r.tenant_id);
}

export type NewCharge = {
  tenant_id: string;
  creditor_id: string;
  installment_id: string;
  amount_cents: number;
  due_date: string;
  pix_txid: string | null;
  pix_br_code: string | null;
  boleto_bank: string | null;
  nosso_numero: string | null;
  nosso_numero_display: string | null;
  barcode: string | null;
  linha_digitavel: string | null;
};

/** One charge per installment: a concurrent second issue of the same installment is a no-op. */
export async function insertCharges(db: Db, charges: NewCharge[]): Promise<void> {
  if (charges.length === 0) return;
  await db
    .insertInto('charges')
    .values(charges)
    // Any conflict (installment or txid): a concurrent issue of the same installment already did it.
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export type NewPrepaymentCharge = Omit<NewCharge, 'installment_id'> & { prepayment_id: string };

/** The charge of a prepayment (one per prepayment). */
export async function insertPrepaymentCharge(db: Db, charge: NewPrepaymentCharge): Promise<void> {
  await db
    .insertInto('charges')
    .values({ ...charge, installment_id: null })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function chargesOfPrepayments(db: Db, prepaymentIds: string[]) {
  if (prepaymentIds.length === 0) return [];
  return db.selectFrom('charges').selectAll().where('prepayment_id', 'in', prepaymentIds).execute();
}

export async function chargesOfInstallments(db: Db, installmentIds: string[]) {
  if (installmentIds.length === 0) return [];
  return db.selectFrom('charges').selectAll().where('installment_id', 'in', installmentIds).execute();
}

export async function findChargeByTxid(db: Db, tenantId: string, txid: string) {
  return db
    .selectFrom('charges')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('pix_txid', '=', txid)
    .executeTakeFirst();
}

/** Charges with any of these nosso números at this bank (of these creditors, when given). */
export async function findChargesByNossoNumero(
  db: Db,
  tenantId: string,
  bank: string,
  nossoNumeros: string[],
  creditorIds: string[] | null,
) {
  if (nossoNumeros.length === 0) return [];
  let q = db
    .selectFrom('charges')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('boleto_bank', '=', bank)
    .where('nosso_numero', 'in', nossoNumeros);
  if (creditorIds) q = q.where('creditor_id', 'in', creditorIds);
  return q.execute();
}

export async function boletoSettingsOfTenant(db: Db, tenantId: string) {
  return db
    .selectFrom('payment_settings')
    .select(['creditor_id', 'boleto'])
    .where('tenant_id', '=', tenantId)
    .where('boleto', 'is not', null)
    .execute();
}

/** Adds the boleto of a charge issued before the creditor had boleto settings (only if still missing). */
export async function setBoleto(
  db: Db,
  chargeId: string,
  b: { bank: string; nossoNumero: string; display: string; barcode: string; linhaDigitavel: string },
): Promise<void> {
  await db
    .updateTable('charges')
    .set({
      boleto_bank: b.bank,
      nosso_numero: b.nossoNumero,
      nosso_numero_display: b.display,
      barcode: b.barcode,
      linha_digitavel: b.linhaDigitavel,
    })
    .where('id', '=', chargeId)
    .where('barcode', 'is', null)
    .execute();
}

/** Adds the Pix of a charge issued before the creditor had a Pix key (only if still missing). */
export async function setPix(db: Db, chargeId: string, txid: string, brCode: string | null): Promise<void> {
  await db
    .updateTable('charges')
    .set({ pix_txid: txid, pix_br_code: brCode })
    .where('id', '=', chargeId)
    .where('pix_txid', 'is', null)
    .execute();
}

export async function setPspLocation(
  db: Db,
  chargeId: string,
  location: string,
  brCode: string,
  expiresAt: Date | null,
) {
  await db
    .updateTable('charges')
    .set({ pix_location: location, pix_br_code: brCode, pix_expires_at: expiresAt })
    .where('id', '=', chargeId)
    .execute();
}

/** Deletes the charge of an unpaid installment (before re-issuing it for a new due date). */
export async function deleteChargeOfInstallment(db: Db, installmentId: string): Promise<void> {
  await db.deleteFrom('charges').where('installment_id', '=', installmentId).execute();
}
