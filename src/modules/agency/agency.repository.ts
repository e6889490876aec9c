import type { Kysely } from 'kysely';
import type { Schema } from '../../db-schema.ts';
import { dbNow } from '../../platform/db.ts';
import type { ValidAgencyProfile } from './agency.rules.ts';

type Db = Kysely<Schema>;

export async function findProfile(db: Db, tenantId: string) {
  return db.selectFrom('agency_profiles').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
}

export async function upsertProfile(db: Db, tenantId: string, p: ValidAgencyProfile, by: string) {
  const values = {
    legal_name: p.legalName,
    trade_name: p.tradeName,
    document: p.document,
    address: JSON.stringify(p.address),
    phone: p.phone,
    email: p.email,
    whatsapp: p.whatsapp,
    website: p.website,
    updated_at: dbNow,
    updated_by: by,
  };
  return db
    .insertInto('agency_profiles')
    .values({ tenant_id: tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
}
