-- Foundation: tenants, access tokens, creditors, debtors, debts, imports, index tables, audit trail.
-- Money is bigint centavos (*_cents); percents are numeric; calendar days are date; instants timestamptz.

CREATE TABLE tenants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE creditors (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  name text NOT NULL,
  document text NOT NULL,
  address jsonb NOT NULL,
  fine_percent numeric(9,6) NOT NULL DEFAULT 2,
  monthly_interest_percent numeric(9,6) NOT NULL DEFAULT 1,
  correction_index text NOT NULL DEFAULT 'none' CHECK (correction_index IN ('none', 'IPCA')),
  fees_percent numeric(9,6) NOT NULL DEFAULT 0,
  fees_in_contract boolean NOT NULL DEFAULT false,
  financial_institution boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, document)
);

CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  role text NOT NULL CHECK (role IN ('admin', 'manager', 'agent', 'creditor')),
  creditor_id uuid REFERENCES creditors(id),
  -- SHA-256 of the token: tokens are 256-bit random secrets, so a fast hash is enough (no brute force
  -- is possible); only a human-chosen password would need argon2.
  token_hash text NOT NULL UNIQUE,
  label text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  CHECK ((role = 'creditor') = (creditor_id IS NOT NULL))
);

CREATE TABLE debtors (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  document text NOT NULL,
  document_kind text NOT NULL CHECK (document_kind IN ('cpf', 'cnpj')),
  name text NOT NULL,
  birth_date date,
  email text,
  phone text,
  state text,
  city text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, document)
);

CREATE TABLE imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  creditor_id uuid NOT NULL REFERENCES creditors(id),
  mode text NOT NULL CHECK (mode IN ('all', 'partial')),
  status text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'rejected', 'failed')),
  file_sha256 text,
  file_bytes bigint NOT NULL DEFAULT 0,
  lines integer NOT NULL DEFAULT 0,
  accepted integer NOT NULL DEFAULT 0,
  rejected integer NOT NULL DEFAULT 0,
  created_count integer NOT NULL DEFAULT 0,
  updated_count integer NOT NULL DEFAULT 0,
  unchanged_count integer NOT NULL DEFAULT 0,
  errors_total integer NOT NULL DEFAULT 0,
  errors jsonb NOT NULL DEFAULT '[]',
  warnings jsonb NOT NULL DEFAULT '[]',
  failure text,
  created_by uuid REFERENCES api_tokens(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX imports_tenant_created ON imports (tenant_id, created_at DESC);

-- Files uploaded for a background import, in chunks, so any worker process can read them.
CREATE TABLE import_uploads (
  import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
  seq integer NOT NULL,
  chunk bytea NOT NULL,
  PRIMARY KEY (import_id, seq)
);

-- tenant_id is the creditor's tenant, copied for scoping; it has no foreign key of its own (the
-- creditor's row already ties it to a tenant) because each key check costs a lookup per imported row.
CREATE TABLE debts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL,
  creditor_id uuid NOT NULL REFERENCES creditors(id),
  debtor_id uuid NOT NULL REFERENCES debtors(id),
  external_id text NOT NULL,
  product text,
  original_amount_cents bigint NOT NULL CHECK (original_amount_cents > 0),
  due_date date NOT NULL,
  fine_percent numeric(9,6),
  monthly_interest_percent numeric(9,6),
  fees_percent numeric(9,6),
  status text NOT NULL DEFAULT 'open',
  import_id uuid, -- the import that last wrote the row (provenance, not a constraint)
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (creditor_id, external_id)
);
CREATE INDEX debts_debtor ON debts (debtor_id);

-- What each creditor sent about a debtor. The agency works with the merged row in `debtors`; a
-- creditor user sees only its own version, never contacts another creditor of the agency supplied.
-- No foreign keys: it is a projection written only by the import, next to rows that have them, and
-- a key check per row would double the cost of large imports.
CREATE TABLE creditor_debtors (
  creditor_id uuid NOT NULL,
  debtor_id uuid NOT NULL,
  tenant_id uuid NOT NULL,
  name text NOT NULL,
  birth_date date,
  email text,
  phone text,
  state text,
  city text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (creditor_id, debtor_id)
);

-- Monetary correction indexes (e.g. IPCA), loaded by each tenant's admin: the data is public, but a
-- tenant must not be able to change the balances of another tenant's debtors.
CREATE TABLE index_values (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  index_name text NOT NULL CHECK (index_name IN ('IPCA')),
  month text NOT NULL CHECK (month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  percent numeric(12,6) NOT NULL,
  source text,
  loaded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, index_name, month)
);

-- Who changed what (LGPD accountability). Reads of personal data are added by later modules.
CREATE TABLE audit_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid REFERENCES tenants(id),
  actor text NOT NULL,
  action text NOT NULL,
  entity text NOT NULL,
  entity_id text,
  details jsonb NOT NULL DEFAULT '{}',
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_events_tenant_at ON audit_events (tenant_id, at DESC);
