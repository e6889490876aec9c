-- Issue 10 item 8 (per-tenant limits). Forward-only.

-- What one tenant may take of a shared server, as its admin set it (PUT /api/v1/settings/limits).
-- A null column, or no row, is the environment's default; the operator's ceilings (TRATO_LIMIT_MAX_*)
-- are applied when read, so lowering a ceiling binds tenants that had set more.
CREATE TABLE tenant_limits (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id),
  requests_per_minute integer CHECK (requests_per_minute > 0),
  max_upload_bytes bigint CHECK (max_upload_bytes > 0),
  max_pix_per_webhook integer CHECK (max_pix_per_webhook > 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL
);
