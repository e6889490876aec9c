-- Negotiation policy per creditor (issue 3). Stored whole as JSON: it is read and written as one
-- document, validated by the negotiation module; a creditor without a row uses the product default.
CREATE TABLE negotiation_policies (
  creditor_id uuid PRIMARY KEY REFERENCES creditors(id),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  policy jsonb NOT NULL,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
