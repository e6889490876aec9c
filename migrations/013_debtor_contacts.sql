-- Contact ownership (issue #10 item 2). A contact keeps who supplied it and whether the debtor
-- confirmed it; messages about creditor X's debts go only to contacts X supplied or the debtor
-- confirmed, and an import never rewrites what another source supplied.
--
-- Creditor-supplied contacts are the rows of creditor_debtors (what each creditor's imports sent, the
-- latest value per field): existing data keeps working as contacts sourced from that creditor, and the
-- import, which already writes that table in one set-based statement, costs nothing more.

-- The agency's record (debtors) is written by the creditor that first supplied the person: another
-- creditor importing the same CPF changes nothing there. Backfilled with the creditor of the oldest debt.
ALTER TABLE debtors ADD COLUMN source_creditor_id uuid;
UPDATE debtors d SET source_creditor_id = f.creditor_id
FROM (SELECT DISTINCT ON (debtor_id) debtor_id, creditor_id FROM debts ORDER BY debtor_id, created_at, id) f
WHERE f.debtor_id = d.id;

-- When this creditor first sent the person (its own view must not reveal an older record of the agency).
ALTER TABLE creditor_debtors ADD COLUMN created_at timestamptz;
UPDATE creditor_debtors SET created_at = updated_at;
ALTER TABLE creditor_debtors ALTER COLUMN created_at SET DEFAULT now(), ALTER COLUMN created_at SET NOT NULL;

-- Contacts from the debtor (portal) or an agent. value: E.164 phone, or the e-mail as given (domain
-- lowercased).
CREATE TABLE debtor_contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  debtor_id uuid NOT NULL REFERENCES debtors(id),
  kind text NOT NULL CHECK (kind IN ('phone', 'email')),
  value text NOT NULL,
  source text NOT NULL CHECK (source IN ('debtor', 'agent')),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (debtor_id, kind, value, source)
);
CREATE INDEX debtor_contacts_value ON debtor_contacts (lower(value));

-- The debtor proved control of a contact (e.g. a one-time code sent to it): from then on it may be
-- used for messages about any of the person's debts, whoever supplied it.
CREATE TABLE contact_confirmations (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  debtor_id uuid NOT NULL REFERENCES debtors(id),
  kind text NOT NULL CHECK (kind IN ('phone', 'email')),
  value text NOT NULL,
  method text NOT NULL,
  confirmed_at timestamptz NOT NULL,
  PRIMARY KEY (debtor_id, kind, value)
);
CREATE INDEX contact_confirmations_value ON contact_confirmations (lower(value));
