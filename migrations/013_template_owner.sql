-- A template belongs to one creditor or is shared by the tenant (null), like cadences (issue #10
-- item 17): a creditor's token sees only its own creditor's templates and cadences plus the shared
-- ones, and edits none of the shared ones.
ALTER TABLE templates ADD COLUMN creditor_id uuid REFERENCES creditors(id);
