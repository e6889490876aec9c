-- Counter-proposals above the agent's approval threshold wait here for a manager (issue 3).
CREATE TABLE approvals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  creditor_id uuid NOT NULL REFERENCES creditors(id),
  debtor_id uuid NOT NULL REFERENCES debtors(id),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  reason text NOT NULL,
  extra_discount_percent numeric(9,2) NOT NULL,
  proposal jsonb NOT NULL,
  offer jsonb NOT NULL,
  offer_date date NOT NULL,
  offer_id uuid REFERENCES offers(id),
  requested_by text NOT NULL,
  decided_by text,
  decided_at timestamptz,
  decision_note text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX approvals_tenant_status ON approvals (tenant_id, status, created_at);
