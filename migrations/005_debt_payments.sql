-- What agreements already collected on a debt (issue 3): when an agreement breaks, payments are
-- deducted from the debt's principal, so nothing paid is ever charged again.
ALTER TABLE debts ADD COLUMN paid_cents bigint NOT NULL DEFAULT 0 CHECK (paid_cents >= 0);
ALTER TABLE debts ADD CONSTRAINT debts_paid_not_above_principal CHECK (paid_cents <= original_amount_cents);
