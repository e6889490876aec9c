-- Issue 10 item 16 (four eyes by person). Forward-only.

-- The human holding a token (an e-mail or a name), optional. Four eyes on approvals compares people:
-- one person with two tokens cannot approve their own request. Null = unknown (the token id decides).
ALTER TABLE api_tokens ADD COLUMN person text;
