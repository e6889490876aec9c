-- Relationship cadence (régua), templates and the contact guardrails (issue 5).

-- Time-ordered UUIDs (the UUIDv7 layout, RFC 9562 §5.7) for tables written a million rows at a time:
-- new keys land at the right edge of the primary-key B-tree instead of on random pages.
CREATE FUNCTION acerto_uuid7() RETURNS uuid AS $$
  SELECT encode(
    set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
      placing substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
      FROM 1 FOR 6), 52, 1), 53, 1),
    'hex')::uuid
$$ LANGUAGE sql VOLATILE;

-- Templates are versioned: an edit adds a version; messages record the version they used.
CREATE TABLE templates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  key text NOT NULL,
  name text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'whatsapp', 'letter', 'phone')),
  transactional boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  content jsonb NOT NULL,
  updated_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, key)
);

CREATE TABLE template_versions (
  template_id uuid NOT NULL REFERENCES templates(id),
  version integer NOT NULL,
  content jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (template_id, version)
);

-- A cadence: steps relative to an anchor, for a creditor (or all) and a segment (or all).
CREATE TABLE cadences (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  name text NOT NULL,
  creditor_id uuid REFERENCES creditors(id),
  segment text,
  active boolean NOT NULL DEFAULT true,
  -- [{id, anchor, offsetDays, channel, templateId, conditions:{minDaysOverdue, maxDaysOverdue, statuses,
  --   minAmountCents, maxAmountCents}}]
  steps jsonb NOT NULL,
  updated_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cadences_tenant ON cadences (tenant_id) WHERE active;

-- Suppressions asked by the debtor or recorded by staff: opt-out (per channel or all), dispute ("não
-- reconheço"), hardship pause (until a date).
CREATE TABLE contact_suppressions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  debtor_id uuid NOT NULL REFERENCES debtors(id),
  kind text NOT NULL CHECK (kind IN ('opt_out', 'dispute', 'hardship')),
  channel text,
  until timestamptz,
  note text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contact_suppressions_debtor ON contact_suppressions (tenant_id, debtor_id);

-- Flags that stop collection contact altogether or make it gentler.
CREATE TABLE contact_flags (
  debtor_id uuid PRIMARY KEY REFERENCES debtors(id),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  deceased boolean NOT NULL DEFAULT false,
  vulnerable boolean NOT NULL DEFAULT false,
  identity_verified boolean NOT NULL DEFAULT false,
  last_conversation_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every message is written once: unique per enrollment (debtor × creditor × cadence), step and date.
-- Re-running a day or crashing mid-run never writes (or sends) it twice.
-- No foreign keys here, on purpose: the sweep writes up to millions of rows a day, all of them copied
-- from existing debtors, creditors, cadences and templates (none of which is ever deleted), and five
-- per-row FK checks made the insert ~3× slower (docs/benchmarks.md). Integrity comes from the sweep.
CREATE TABLE outbox (
  id uuid PRIMARY KEY DEFAULT acerto_uuid7(),
  tenant_id uuid NOT NULL,
  debtor_id uuid NOT NULL,
  creditor_id uuid NOT NULL,
  cadence_id uuid NOT NULL,
  step_id text NOT NULL,
  run_date date NOT NULL,
  channel text NOT NULL,
  template_id uuid NOT NULL,
  debt_ids uuid[] NOT NULL,
  installment_id uuid,
  -- The payment a receipt is about (anchor payment_received).
  payment_id uuid,
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'sending', 'sent', 'deferred', 'suppressed', 'failed', 'task')),
  not_before timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  reason text,
  legal_basis text,
  template_version integer,
  rendered_mode text,
  provider text,
  provider_message_id text,
  delivery_status text,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  UNIQUE (cadence_id, step_id, debtor_id, creditor_id, run_date)
);
-- Due: pending/deferred messages whose time came, and 'sending' ones whose lease expired (a worker died).
CREATE INDEX outbox_due ON outbox (not_before) WHERE status IN ('pending', 'deferred', 'sending');
CREATE INDEX outbox_debtor ON outbox (tenant_id, debtor_id, created_at DESC);
CREATE INDEX outbox_provider_message ON outbox (provider_message_id) WHERE provider_message_id IS NOT NULL;

-- What happened to each message (sent, deferred-until, suppressed-because, delivered, failed) and
-- inbound replies: the visible history of every decision.
CREATE TABLE contact_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  debtor_id uuid REFERENCES debtors(id),
  outbox_id uuid REFERENCES outbox(id),
  type text NOT NULL,
  channel text,
  reason text,
  details jsonb NOT NULL DEFAULT '{}',
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contact_events_debtor ON contact_events (tenant_id, debtor_id, id DESC);

-- Replies that need a person, and phone steps: the agents' work.
CREATE TABLE agent_tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  debtor_id uuid REFERENCES debtors(id),
  kind text NOT NULL CHECK (kind IN ('inbound_reply', 'phone_call')),
  channel text,
  text text,
  outbox_id uuid REFERENCES outbox(id),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agent_tasks_open ON agent_tasks (tenant_id, created_at) WHERE status = 'open';

-- The daily sweep finds open debts by due date (anchor "debt due date").
CREATE INDEX debts_open_due ON debts (tenant_id, due_date) WHERE status = 'open';
CREATE INDEX agreement_installments_due ON agreement_installments (due_date) WHERE status <> 'paid';
