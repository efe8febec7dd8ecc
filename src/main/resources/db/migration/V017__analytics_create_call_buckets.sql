-- Analytics read model: what the calls that started in each 15-minute step (UTC) add up to, per company. Every
-- time zone in use today is offset from UTC by a whole number of quarter hours, so the steps sum exactly into
-- the local hours, days and weeks of any zone. Medians and percentiles are not sums; they are read from the calls
-- and turns themselves, through the covering indexes below.

-- One row per call with everything the steps add up.
create view analytics_call_facts as
select c.company_id,
       c.id as call_id,
       c.started_at,
       (c.answered_at is not null)::int as answered,
       coalesce(c.outcome = 'resolved' and not c.escalated, false)::int as resolved_by_agent,
       c.escalated::int as escalated,
       coalesce(c.outcome = 'abandoned' or c.status in ('canceled', 'no_answer'), false)::int as abandoned,
       case when c.answered_at is not null then coalesce(c.duration_seconds, 0) else 0 end as answered_seconds,
       coalesce(ch.telephony, 0) as telephony,
       coalesce(ch.ai, 0) as ai,
       coalesce(ch.storage, 0) as storage,
       coalesce(ch.other, 0) as other,
       coalesce(c.outcome, 'unknown') as outcome,
       coalesce(c.sentiment, 'unknown') as sentiment,
       case when c.answered_at is null or c.duration_seconds is null then null
            when c.duration_seconds < 30 then 0 when c.duration_seconds < 60 then 1
            when c.duration_seconds < 120 then 2 when c.duration_seconds < 300 then 3
            when c.duration_seconds < 600 then 4 else 5 end as duration_band
from calls c
left join lateral (
    select sum(amount) filter (where category = 'telephony') as telephony,
           sum(amount) filter (where category = 'ai') as ai,
           sum(amount) filter (where category = 'storage') as storage,
           sum(amount) filter (where category = 'other') as other
    from call_charges where call_id = c.id
) ch on true;

create table analytics_call_buckets (
    company_id          uuid           not null references clients (id) on delete cascade,
    bucket_start        timestamptz    not null,
    calls               integer        not null,
    answered            integer        not null,
    resolved_by_agent   integer        not null,
    escalated           integer        not null,
    abandoned           integer        not null,
    answered_seconds    bigint         not null,
    telephony           numeric(16, 4) not null,
    ai                  numeric(16, 4) not null,
    storage             numeric(16, 4) not null,
    other               numeric(16, 4) not null,
    outcomes            jsonb          not null,
    sentiments          jsonb          not null,
    duration_bands      integer[]      not null,
    primary key (company_id, bucket_start)
);

-- The step a moment falls in.
create function analytics_bucket(at timestamptz) returns timestamptz
    language sql immutable parallel safe
    return date_bin('15 minutes', at, timestamptz '2000-01-01 00:00:00+00');

-- Sums one company's steps in [p_from, p_to) again from the calls (p_company null: every company). Serialised
-- per company and step, so that two refreshes of one step cannot interleave.
create function analytics_refresh(p_company uuid, p_from timestamptz, p_to timestamptz) returns void
    language plpgsql as $$
declare
    company uuid;
    v_from timestamptz := case when isfinite(p_from) then analytics_bucket(p_from) else p_from end;
begin
    if p_company is null then
        for company in select id from clients loop
            perform analytics_refresh(company, p_from, p_to);
        end loop;
        return;
    end if;
    if isfinite(p_from) and isfinite(p_to) and p_to - p_from <= interval '15 minutes' then
        perform pg_advisory_xact_lock_shared(7301, hashtext(p_company::text));
        perform pg_advisory_xact_lock(7302, hashtext(p_company::text || analytics_bucket(p_from)::text));
    else
        perform pg_advisory_xact_lock(7301, hashtext(p_company::text));
    end if;
    delete from analytics_call_buckets
    where company_id = p_company and bucket_start >= v_from and bucket_start < p_to;
    insert into analytics_call_buckets
    with f as (
        select *, analytics_bucket(started_at) as step from analytics_call_facts
        where company_id = p_company and started_at >= v_from and started_at < p_to
    ),
    sums as (
        select step, count(*) as calls, sum(answered) as answered, sum(resolved_by_agent) as resolved_by_agent,
               sum(escalated) as escalated, sum(abandoned) as abandoned, sum(answered_seconds) as answered_seconds,
               sum(telephony) as telephony, sum(ai) as ai, sum(storage) as storage, sum(other) as other,
               array[count(*) filter (where duration_band = 0), count(*) filter (where duration_band = 1),
                     count(*) filter (where duration_band = 2), count(*) filter (where duration_band = 3),
                     count(*) filter (where duration_band = 4), count(*) filter (where duration_band = 5)]::integer[] as bands
        from f group by step
    ),
    outcomes as (
        select step, jsonb_object_agg(outcome, n) as counts
        from (select step, outcome, count(*) as n from f group by step, outcome) x group by step
    ),
    sentiments as (
        select step, jsonb_object_agg(sentiment, n) as counts
        from (select step, sentiment, count(*) as n from f group by step, sentiment) x group by step
    )
    select p_company, s.step, s.calls, s.answered, s.resolved_by_agent, s.escalated, s.abandoned, s.answered_seconds,
           s.telephony, s.ai, s.storage, s.other, o.counts, se.counts, s.bands
    from sums s join outcomes o using (step) join sentiments se using (step);
end
$$;

-- medians of durations, and latency percentiles by the time of the turn
create index calls_company_answered_duration_idx on calls (company_id, started_at) include (duration_seconds)
    where answered_at is not null;
drop index call_turns_company_created_idx;
create index call_turns_company_created_idx on call_turns (company_id, created_at) include (voice_to_voice_ms);
create index calls_company_started_intent_idx on calls (company_id, started_at) include (intent);

select analytics_refresh(null, '-infinity', 'infinity');
