-- The portal's proof is per creditor (audit issue 10 item 2, re-opened through the portal): a one-time
-- code proves the person only to the creditors whose own data it matched — the contact that received
-- it was supplied by them (or confirmed for them) and the birth date matches their row. Before this, a
-- creditor that imported someone else's debtor with its own phone and birth date could receive the
-- code, open a session over every creditor's debts, and have its phone "confirmed" for all of them.

-- The creditors a confirmation counts for: a contact confirmed in a session counts only for that
-- session's creditors. Confirmations made before this: for the creditors that supplied that contact
-- themselves (what the old code proved for sure); a contact only the debtor gave counts for nobody
-- until confirmed again (it may have been confirmed in a session that covered someone else's debts).
ALTER TABLE contact_confirmations ADD COLUMN creditor_ids uuid[] NOT NULL DEFAULT '{}';
UPDATE contact_confirmations cc SET creditor_ids = COALESCE((
  SELECT array_agg(DISTINCT cd.creditor_id) FROM creditor_debtors cd
  WHERE cd.debtor_id = cc.debtor_id
    AND ((cc.kind = 'phone' AND cd.phone = cc.value) OR (cc.kind = 'email' AND cd.email = cc.value))
), '{}');

-- The one-time code remembers the contact it went to and the creditors that contact vouched for.
ALTER TABLE portal_codes ADD COLUMN contact_value text;
ALTER TABLE portal_codes ADD COLUMN creditor_ids uuid[] NOT NULL DEFAULT '{}';

-- A session's scope: the creditors whose debts it shows and acts on. Sessions opened before this had
-- every creditor in scope: they end now (the person identifies again, a minute's work).
ALTER TABLE portal_sessions ADD COLUMN creditor_ids uuid[] NOT NULL DEFAULT '{}';
UPDATE portal_sessions SET revoked_at = now() WHERE revoked_at IS NULL;

-- A pause or opt-out asked in a portal session counts for that session's creditors (NULL: for every
-- creditor, as everything recorded by the agency or by a reply to a message): a session proved only to
-- creditor B cannot pause or silence collection of creditor A's debts, nor end A's opt-outs.
ALTER TABLE contact_suppressions ADD COLUMN creditor_ids uuid[];
