-- When a dynamic Pix charge stops being payable at the PSP (API Pix `calendario.criacao` +
-- `expiracao`): the portal shows it next to the code ("Este código vale até …"). Null for a static
-- BR Code (it has no expiry) and for charges registered before this column existed.
ALTER TABLE charges ADD COLUMN pix_expires_at timestamptz;

-- The portal's daily purge deletes one-time codes once they expire and sessions some time after they
-- end (portal.jobs.ts): both look rows up by their end.
CREATE INDEX portal_codes_expires ON portal_codes (expires_at);
CREATE INDEX portal_sessions_expires ON portal_sessions (expires_at);
