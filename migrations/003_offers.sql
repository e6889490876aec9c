-- Offers made to a debtor (issue 3): kept so an agreement can be created from exactly what was shown,
-- and so it can be refused once expired.
CREATE TABLE offers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  creditor_id uuid NOT NULL REFERENCES creditors(id),
  debtor_id uuid NOT NULL REFERENCES debtors(id),
  debt_ids uuid[] NOT NULL,
  kind text NOT NULL CHECK (kind IN ('lump_sum', 'installments')),
  installments_count integer NOT NULL,
  down_payment_cents bigint NOT NULL,
  total_cents bigint NOT NULL,
  discount_cents bigint NOT NULL,
  balance_cents bigint NOT NULL,
  monthly_rate_percent numeric(9,6) NOT NULL,
  cet_annual_percent numeric(14,2) NOT NULL,
  offer_date date NOT NULL,
  valid_until date NOT NULL,
  schedule jsonb NOT NULL,
  explanation jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX offers_debtor ON offers (tenant_id, debtor_id, created_at DESC);
