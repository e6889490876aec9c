-- Issue 10 (trust). Forward-only.

-- Inbound messages from the SMS/WhatsApp providers, by the provider's own message id: a replay of the
-- same callback (providers retry; an attacker may resend a captured one) is recognised and does nothing.
CREATE TABLE inbound_messages (
  provider text NOT NULL CHECK (provider IN ('sms', 'whatsapp')),
  provider_message_id text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider, provider_message_id)
);

-- Tokens may expire; an expired token is refused like a revoked one.
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;

-- A Pix whose `horario` is far from the moment it arrives is held for a person to review instead of
-- being applied silently (a replayed or forged notification, or a PSP clock gone wrong).
ALTER TABLE payments DROP CONSTRAINT payments_status_check;
ALTER TABLE payments ADD CONSTRAINT payments_status_check CHECK (status IN ('applied', 'unmatched', 'review'));
