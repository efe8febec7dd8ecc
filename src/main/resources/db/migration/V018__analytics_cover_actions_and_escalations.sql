-- The report's tool usage and escalation reasons, by the time each happened: read from the index alone.

create index actions_company_created_tool_idx on actions (company_id, created_at) include (tool, status, duration_ms);
create index escalations_company_created_reason_idx on escalations (company_id, created_at) include (reason);
