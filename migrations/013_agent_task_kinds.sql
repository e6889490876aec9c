-- Agents' inbox (issue #10 item 14): "no option fits — we pass you to a person" now opens a task that
-- carries the budget given, and an inbound "essa dívida não é minha" opens a dispute and a task.
ALTER TABLE agent_tasks DROP CONSTRAINT agent_tasks_kind_check;
ALTER TABLE agent_tasks ADD CONSTRAINT agent_tasks_kind_check
  CHECK (kind IN ('inbound_reply', 'phone_call', 'no_affordable_offer', 'dispute'));
ALTER TABLE agent_tasks ADD COLUMN details jsonb NOT NULL DEFAULT '{}';
