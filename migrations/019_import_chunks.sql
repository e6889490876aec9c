-- Imports proceed in chunks, each in its own short transaction (ADR 0004): the validated lines of a
-- file are staged here, keyed by import, instead of a TEMP table inside one long transaction that held
-- the embedded database's only connection for the whole import.
-- A plain (logged) table, not UNLOGGED: on the embedded database a process that dies is a crash of
-- the database too, and crash recovery empties unlogged tables, so an interrupted apply could not be
-- finished from the staged rows.
CREATE TABLE import_staging (
  import_id uuid NOT NULL,
  line integer NOT NULL,
  document text NOT NULL,
  document_kind text NOT NULL,
  name text NOT NULL,
  birth_date date,
  email text,
  phone text,
  state text,
  city text,
  external_id text NOT NULL,
  product text,
  amount_cents bigint NOT NULL,
  due_date date NOT NULL,
  fine_percent numeric,
  monthly_interest_percent numeric,
  fees_percent numeric,
  debt_id uuid NOT NULL,
  debtor_id uuid NOT NULL,
  fine_not_agreed boolean NOT NULL,
  interest_not_agreed boolean NOT NULL,
  product_type text,
  acknowledged_on date,
  rejected boolean NOT NULL DEFAULT false,
  PRIMARY KEY (import_id, line)
);
-- Duplicate external_id within a file (checked chunk by chunk against the earlier lines).
CREATE INDEX import_staging_external ON import_staging (import_id, external_id, line);
-- The apply walks the file by ranges of debtor document (all lines of one debtor in one chunk).
CREATE INDEX import_staging_document ON import_staging (import_id, document);

-- 'applying': the whole file was validated and classified, the report (counts included: they are those
-- of the file, not of what an interrupted attempt already wrote) is final, and the
-- upserts are under way chunk by chunk; `applied_through` is the last document applied. A retry (or
-- the next import of the same creditor) finishes the apply from the staged rows.
ALTER TABLE imports
  ADD COLUMN apply_state text CHECK (apply_state IN ('applying', 'applied')),
  ADD COLUMN applied_through text;
