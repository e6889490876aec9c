-- Renegotiation (issue 3): how many agreements covering a debt have broken, so the policy's
-- maxRenegotiations can be enforced per debt; and which agreement replaced a broken one.
ALTER TABLE debts ADD COLUMN broken_agreements integer NOT NULL DEFAULT 0 CHECK (broken_agreements >= 0);
ALTER TABLE agreements ADD COLUMN renegotiation_number integer NOT NULL DEFAULT 0;
ALTER TABLE agreements ADD COLUMN renegotiated_by uuid REFERENCES agreements(id);
CREATE INDEX agreements_broken ON agreements (tenant_id, debtor_id) WHERE status = 'broken';
