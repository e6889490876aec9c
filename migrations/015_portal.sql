-- The debtor portal (issue 11): identification by one-time code, server-side sessions, rate limits,
-- disputes opened by the debtor, self-service due-date changes and verification codes printed on
-- messages and letters ("is this really from us?").

-- One row per identification attempt subject: (tenant, HMAC of the document). Unknown documents get a
-- row too, so a lock or a rate limit never tells whether a document is known.
CREATE TABLE portal_identifications (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  subject text NOT NULL,
  failed_attempts integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, subject)
);

-- One-time codes: only the hash is kept; each lives 10 minutes and is used once. A resent code does not
-- cancel an earlier one still in its 10 minutes (the person may read the first SMS late).
CREATE TABLE portal_codes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  subject text NOT NULL,
  debtor_id uuid REFERENCES debtors(id),
  code_hash text NOT NULL,
  channel text,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX portal_codes_subject ON portal_codes (tenant_id, subject, expires_at);

-- Sessions: the cookie carries a random id; only its SHA-256 is stored. The CSRF token is kept to
-- compare with the X-CSRF-Token header of every state-changing call.
CREATE TABLE portal_sessions (
  id_hash text PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  debtor_id uuid NOT NULL REFERENCES debtors(id),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX portal_sessions_debtor ON portal_sessions (tenant_id, debtor_id);

-- Fixed-window counters shared by every server process (rate limits per document and per IP).
CREATE TABLE portal_rate_limits (
  key text NOT NULL,
  window_start timestamptz NOT NULL,
  hits integer NOT NULL DEFAULT 0,
  PRIMARY KEY (key, window_start)
);

-- "Não reconheço esta dívida": a protocol the person can quote; collection on the debt stops at once.
CREATE TABLE portal_disputes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  debtor_id uuid NOT NULL REFERENCES debtors(id),
  debt_id uuid NOT NULL REFERENCES debts(id),
  protocol text NOT NULL,
  reason text NOT NULL CHECK (reason IN ('not_mine', 'already_paid', 'wrong_amount', 'other')),
  details text,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered')),
  answer_by date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, protocol)
);
CREATE INDEX portal_disputes_debtor ON portal_disputes (tenant_id, debtor_id);

-- Short code printed on every outgoing message and letter; anyone can check it on the portal's public
-- "é mesmo da gente?" page (agency, creditor, date — no debt detail). 48 random bits, shown XXXX-XXXX-XXXX.
ALTER TABLE outbox ADD COLUMN verification_code text
  DEFAULT upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 12));
CREATE INDEX outbox_verification_code ON outbox (verification_code);

-- Tasks the portal creates for a person: a callback, a dispute to answer, "nothing fits" help.
ALTER TABLE agent_tasks DROP CONSTRAINT agent_tasks_kind_check;
ALTER TABLE agent_tasks ADD CONSTRAINT agent_tasks_kind_check
  CHECK (kind IN ('inbound_reply', 'phone_call', 'callback', 'dispute', 'help_request', 'human_review'));
-- A callback asks for a window: when to call.
ALTER TABLE agent_tasks ADD COLUMN due_at timestamptz;

-- A debt the debtor disputes leaves collection (no sweep, no offer) until the dispute is answered.
-- debts.status is free text; 'disputed' is a new value read by the guardrail and the sweep.
