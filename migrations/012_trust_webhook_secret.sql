-- The Pix webhook secret is no longer unique across tenants: a refusal ("already in use") would confirm
-- to one tenant's admin that another tenant uses the secret they tried. Notifications sent with a
-- secret two tenants share are routed by txid (see settlement.receivePixWebhook).
ALTER TABLE pix_webhook_secrets DROP CONSTRAINT pix_webhook_secrets_secret_hash_key;
CREATE INDEX pix_webhook_secrets_hash ON pix_webhook_secrets (secret_hash);
