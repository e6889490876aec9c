-- Issue 12 item 13: a repactuação under the superendividamento procedure (CDC art. 104-A, Lei
-- 14.181/2021) freezes the charges of the debtor's debts while it lasts. The fact belongs to the
-- portfolio (the debtor's debts), not to contact: contact's suppression service records and ends it
-- through portfolio's index, and the balance takes the periods as input (a pure rule).
-- [from_date, until_date): no correction, fine, interest or fees accrue on those days; until_date NULL =
-- until ended. When it ends, accrual resumes from until_date without charging the frozen days.
CREATE TABLE charge_freezes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  debtor_id uuid NOT NULL REFERENCES debtors(id),
  -- What froze the charges (the contact suppression's id): one freeze per suppression.
  source_id uuid NOT NULL,
  reason text NOT NULL CHECK (reason IN ('repactuation')),
  from_date date NOT NULL,
  until_date date,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, source_id),
  CHECK (until_date IS NULL OR until_date >= from_date)
);
CREATE INDEX charge_freezes_debtor ON charge_freezes (tenant_id, debtor_id);

-- Repactuações recorded before this migration froze nothing: from now on they do, from the day they were
-- recorded (São Paulo: UTC−3, no daylight saving since 2019) until their end, if any.
INSERT INTO charge_freezes (tenant_id, debtor_id, source_id, reason, from_date, until_date, created_by)
SELECT tenant_id, debtor_id, id, 'repactuation',
  (created_at AT TIME ZONE 'UTC' - interval '3 hours')::date,
  CASE WHEN until IS NULL THEN NULL
       ELSE GREATEST((until AT TIME ZONE 'UTC' - interval '3 hours')::date,
                     (created_at AT TIME ZONE 'UTC' - interval '3 hours')::date) END,
  created_by
FROM contact_suppressions
WHERE kind = 'repactuation';
