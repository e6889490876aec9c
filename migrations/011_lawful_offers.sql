-- Issue 12 (lawful numbers and lawful words): what the consumer must be told, and may do. Forward-only.

-- Offers carry the annual rate beside the CET (CDC art. 52 II; art. 54-B), how the interest is counted
-- (compound only for SFN institutions: MP 2.170-36/2001; Súmulas 539/541), how long they were valid
-- (art. 54-B: at least 2 days) and whether a prescribed debt is in them (CC art. 191 warning).
-- Offers made before this migration were Price ('compound') when they had interest.
ALTER TABLE offers
  ADD COLUMN effective_annual_rate_percent numeric(14,2) NOT NULL DEFAULT 0,
  ADD COLUMN interest_method text NOT NULL DEFAULT 'compound'
    CHECK (interest_method IN ('compound', 'simple', 'none')),
  ADD COLUMN validity_days integer,
  ADD COLUMN includes_prescribed_debt boolean NOT NULL DEFAULT false;
UPDATE offers SET interest_method = 'none' WHERE monthly_rate_percent = 0;

-- Agreements keep the same, plus how they were made (CDC art. 49: 7 days to cancel an agreement made
-- online or by phone) and when they were cancelled.
ALTER TABLE agreements
  ADD COLUMN effective_annual_rate_percent numeric(14,2) NOT NULL DEFAULT 0,
  ADD COLUMN interest_method text NOT NULL DEFAULT 'compound'
    CHECK (interest_method IN ('compound', 'simple', 'none')),
  ADD COLUMN origin text NOT NULL DEFAULT 'online' CHECK (origin IN ('online', 'phone', 'in_person')),
  ADD COLUMN includes_prescribed_debt boolean NOT NULL DEFAULT false,
  ADD COLUMN cancelled_at timestamptz;
UPDATE agreements SET interest_method = 'none' WHERE monthly_rate_percent = 0;
ALTER TABLE agreements DROP CONSTRAINT agreements_status_check;
ALTER TABLE agreements ADD CONSTRAINT agreements_status_check
  CHECK (status IN ('active', 'paid', 'broken', 'renegotiated', 'cancelled'));

-- Per-tenant negotiation settings: the mínimo existencial (Decreto 11.150/2022 as amended by Decreto
-- 11.567/2023: R$ 600,00; under court review, so configurable).
CREATE TABLE negotiation_settings (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id),
  minimum_existential_cents bigint NOT NULL CHECK (minimum_existential_cents >= 0),
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Superendividamento: a repactuação (CDC art. 104-A) stops collection and freezes charges.
ALTER TABLE contact_suppressions DROP CONSTRAINT contact_suppressions_kind_check;
ALTER TABLE contact_suppressions ADD CONSTRAINT contact_suppressions_kind_check
  CHECK (kind IN ('opt_out', 'dispute', 'hardship', 'repactuation'));

-- A person reviews an automated decision when the debtor asks (LGPD art. 20): the task kind
-- 'human_review' is allowed by 015_portal.sql (not altered here, so a database that already ran 015
-- keeps the portal's kinds).

-- CDC art. 42 sole paragraph: why each overpayment happened. One caused by the platform (a charge
-- re-issued after payment, a computation error) is refunded double, with correction, unless documented
-- as a justifiable error.
ALTER TABLE payments
  ADD COLUMN overpayment_cause text
    CHECK (overpayment_cause IN ('debtor', 'platform_reissued_charge', 'platform_computation_error')),
  ADD COLUMN overpayment_justifiable boolean NOT NULL DEFAULT false,
  ADD COLUMN overpayment_note text,
  ADD COLUMN refund_due_cents bigint CHECK (refund_due_cents >= 0);
