-- The collection agency's own identification (CDC art. 42-A: every collection document names who
-- collects — name, CPF/CNPJ, address). One row per tenant; a tenant without a row uses the default
-- profile, which says it must be changed (modules/agency/agency.rules.ts).
CREATE TABLE agency_profiles (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id),
  legal_name text NOT NULL,
  trade_name text NOT NULL,
  document text NOT NULL,
  address jsonb NOT NULL,
  phone text NOT NULL,
  email text NOT NULL,
  whatsapp text,
  website text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL
);
