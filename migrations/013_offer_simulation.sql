-- Offers can't be dated by the caller (issue #10 item 3). An offer asked for another date than today
-- (São Paulo) is a simulation: recorded and shown, never accepted. `origin` says what made it, so the
-- acceptance can check the discount against the creditor's current policy with the right allowance
-- (the policy's band; a counter-proposal inside the agent's limit; one a manager approved).
ALTER TABLE offers
  ADD COLUMN simulation boolean NOT NULL DEFAULT false,
  ADD COLUMN origin text NOT NULL DEFAULT 'policy' CHECK (origin IN ('policy', 'proposal', 'approval'));
-- Offers recorded before this change for another day than the one they were made on (ahead or back)
-- were, in effect, simulations.
UPDATE offers SET simulation = true WHERE offer_date <> (created_at AT TIME ZONE 'America/Sao_Paulo')::date;
