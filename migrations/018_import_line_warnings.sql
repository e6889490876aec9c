-- An invalid optional contact (phone, e-mail) no longer rejects its debt: the contact is dropped and
-- reported as a line warning {line, column, value, message}. Kept with the import like its errors.
ALTER TABLE imports
  ADD COLUMN line_warnings jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN line_warnings_total integer NOT NULL DEFAULT 0;
