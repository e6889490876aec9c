-- Issue 12 item 10 (CDC art. 52 §2º): early settlement and partial prepayment that can be paid. A
-- prepayment settles the LAST n installments (n = all = full payoff) at their value brought to the date
-- at the agreement's rate; it has its own charge (Pix txid naming this prepayment), so the Pix webhook
-- applies it without a person.
CREATE TABLE agreement_prepayments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  agreement_id uuid NOT NULL REFERENCES agreements(id),
  creditor_id uuid NOT NULL REFERENCES creditors(id),
  installment_numbers integer[] NOT NULL,
  installment_ids uuid[] NOT NULL,
  -- Face value still owed on those installments when quoted, what settles them, the interest given back.
  face_cents bigint NOT NULL CHECK (face_cents > 0),
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  reduction_cents bigint NOT NULL CHECK (reduction_cents >= 0),
  quote_date date NOT NULL,
  valid_until date NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'expired', 'cancelled')),
  paid_on date,
  payment_id uuid,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (face_cents = amount_cents + reduction_cents)
);
CREATE INDEX agreement_prepayments_agreement ON agreement_prepayments (agreement_id);

-- A prepaid installment: paid_cents keeps the money actually received (refunds and breaks count cash);
-- reduction_cents is the interest given back, so paid + reduction = amount settles it.
ALTER TABLE agreement_installments
  ADD COLUMN reduction_cents bigint NOT NULL DEFAULT 0 CHECK (reduction_cents >= 0),
  ADD COLUMN prepayment_id uuid REFERENCES agreement_prepayments(id);

-- A charge is an installment's or a prepayment's, never both.
ALTER TABLE charges ALTER COLUMN installment_id DROP NOT NULL;
ALTER TABLE charges ADD COLUMN prepayment_id uuid UNIQUE REFERENCES agreement_prepayments(id);
ALTER TABLE charges ADD CONSTRAINT charges_one_target
  CHECK ((installment_id IS NULL) <> (prepayment_id IS NULL));

ALTER TABLE payments ADD COLUMN prepayment_id uuid REFERENCES agreement_prepayments(id);
