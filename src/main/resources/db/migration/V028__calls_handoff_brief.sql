-- The hand-off brief: what the person taking an escalated call needs at once (a summary of what was said, the
-- caller's intent, what the agent did), written with the escalation; and how long after the hand-off decision it
-- was written. Escalations filed before this have neither.

alter table escalations
    add column brief             jsonb check (brief is null or jsonb_typeof(brief) = 'object'),
    add column brief_prepared_ms integer check (brief_prepared_ms is null or brief_prepared_ms >= 0);
