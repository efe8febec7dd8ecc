-- A call the provider reports completed with a positive duration was answered, whether or not it reached the
-- agent's stream (the flow's human branch after a refusal or a fallback): it is charged pulses, so it counts as
-- answered with its minutes everywhere. Completed calls get their billable seconds in duration_seconds: those
-- whose charge was worked out from their times get the seconds the charge names. Those connected but never
-- streamed get the answer their end less their seconds implies, never before their start. Then the analytics
-- steps are summed again.

update calls c set duration_seconds = substring(ch.description from '^(\d+) s in ')::integer
from call_charges ch
where ch.company_id = c.company_id and ch.call_id = c.id and ch.category = 'telephony'
  and c.status = 'completed' and c.duration_seconds is null and ch.description ~ '^\d{1,9} s in ';

update calls set answered_at = greatest(started_at, coalesce(ended_at, started_at) - duration_seconds * interval '1 second')
where status = 'completed' and answered_at is null and duration_seconds > 0;

select analytics_refresh(null, '-infinity', 'infinity');
