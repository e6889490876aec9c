-- Agents' inbox (issue #10 item 14): "no option fits — we pass you to a person" now opens a help_request
-- task that carries the budget given (details), and an inbound "essa dívida não é minha" opens a dispute
-- and a dispute task. The kinds themselves are those of 015_portal.sql.
ALTER TABLE agent_tasks ADD COLUMN details jsonb NOT NULL DEFAULT '{}';
