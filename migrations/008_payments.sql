-- Payments (issue 4): how each creditor is paid (Pix key, boleto bank account), one charge per
-- agreement installment (Pix txid + BR Code, boleto nosso número + barcode), and the ledger of payments
-- received, each applied exactly once.

CREATE TABLE payment_settings (
  creditor_id uuid PRIMARY KEY REFERENCES creditors(id),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  -- {key, keyKind, receiverName, city, psp?: {baseUrl, clientId, clientSecret}}
  pix jsonb,
  -- {bank, agency, account, wallet, convenio?}
  boleto jsonb,
  -- Next nosso número sequence for this creditor's boletos (allocated with UPDATE ... RETURNING).
  next_boleto_sequence bigint NOT NULL DEFAULT 1,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The PSP authenticates its webhook calls with this per-tenant secret (X-Webhook-Secret); only its
-- SHA-256 is kept. In production the proxy also requires the PSP's mTLS client certificate.
CREATE TABLE pix_webhook_secrets (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id),
  secret_hash text NOT NULL UNIQUE,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE charges (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  creditor_id uuid NOT NULL REFERENCES creditors(id),
  installment_id uuid NOT NULL UNIQUE REFERENCES agreement_installments(id),
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  due_date date NOT NULL,
  pix_txid text,
  pix_br_code text,
  -- Location URL of the PSP charge (cob) when one was registered; the BR Code then carries it (tag 25).
  pix_location text,
  boleto_bank text,
  nosso_numero text,
  nosso_numero_display text,
  barcode text,
  linha_digitavel text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, pix_txid),
  UNIQUE (creditor_id, boleto_bank, nosso_numero)
);

CREATE TABLE payments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  source text NOT NULL CHECK (source IN ('pix', 'cnab240', 'manual')),
  -- endToEndId for Pix; bank + nosso número + movement + date for CNAB: the exactly-once key.
  external_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('applied', 'unmatched')),
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  paid_at timestamptz NOT NULL,
  txid text,
  nosso_numero text,
  charge_id uuid REFERENCES charges(id),
  installment_id uuid REFERENCES agreement_installments(id),
  agreement_id uuid REFERENCES agreements(id),
  creditor_id uuid REFERENCES creditors(id),
  -- Of amount_cents: what settled the installment, what went to the debts of a broken agreement,
  -- and what is held as a credit for refund (never silently absorbed).
  applied_cents bigint NOT NULL DEFAULT 0,
  debt_applied_cents bigint NOT NULL DEFAULT 0,
  credit_cents bigint NOT NULL DEFAULT 0,
  refund_status text NOT NULL DEFAULT 'none' CHECK (refund_status IN ('none', 'pending', 'refunded')),
  payer_info text,
  raw jsonb NOT NULL DEFAULT '{}',
  assigned_by text,
  assigned_at timestamptz,
  received_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, source, external_id),
  CHECK (applied_cents + debt_applied_cents + credit_cents <= amount_cents)
);
CREATE INDEX payments_tenant_paid ON payments (tenant_id, paid_at);
CREATE INDEX payments_installment ON payments (installment_id);
CREATE INDEX payments_unmatched ON payments (tenant_id) WHERE status = 'unmatched';

-- CNAB 240 return files received: the same file twice is recognised by its hash.
CREATE TABLE cnab_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  sha256 text NOT NULL,
  bank_code text NOT NULL,
  entries integer NOT NULL,
  results jsonb NOT NULL,
  received_by text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, sha256)
);
