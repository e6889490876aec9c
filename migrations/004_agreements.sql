-- Agreements (acordos) created from an offer (issue 3). One agreement per offer and per
-- idempotency key, enforced here so concurrent accepts can never create two.
CREATE TABLE agreements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  creditor_id uuid NOT NULL REFERENCES creditors(id),
  debtor_id uuid NOT NULL REFERENCES debtors(id),
  offer_id uuid NOT NULL UNIQUE REFERENCES offers(id),
  idempotency_key text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paid', 'broken', 'renegotiated')),
  debt_ids uuid[] NOT NULL,
  balance_cents bigint NOT NULL,
  discount_cents bigint NOT NULL,
  down_payment_cents bigint NOT NULL,
  total_cents bigint NOT NULL,
  monthly_rate_percent numeric(9,6) NOT NULL,
  cet_annual_percent numeric(14,2) NOT NULL,
  grace_days integer NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, idempotency_key)
);
CREATE INDEX agreements_debtor ON agreements (tenant_id, debtor_id);

CREATE TABLE agreement_installments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agreement_id uuid NOT NULL REFERENCES agreements(id),
  number integer NOT NULL,
  due_date date NOT NULL,
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  paid_cents bigint NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'late', 'paid')),
  UNIQUE (agreement_id, number)
);

-- Every state change, with who or what caused it.
CREATE TABLE agreement_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agreement_id uuid NOT NULL REFERENCES agreements(id),
  type text NOT NULL,
  actor text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}',
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agreement_events_agreement ON agreement_events (agreement_id, id);
