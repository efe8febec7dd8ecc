-- Analytics read model for latency percentiles: how many agent turns took each millisecond of voice-to-voice
-- latency, per company and day in the company's own time zone. Percentiles over any run of whole days in that
-- zone read a few thousand rows instead of every turn, and stay exact.

create table analytics_latency_days (
    company_id  uuid    not null references clients (id) on delete cascade,
    day         date    not null,
    latency_ms  integer not null,
    turns       integer not null,
    primary key (company_id, day, latency_ms)
);

-- Counts one company's turns of the days [p_from, p_to) again (p_company null: every company). Serialised per
-- company and day range start, like analytics_refresh.
create function analytics_refresh_latency(p_company uuid, p_from date, p_to date) returns void
    language plpgsql as $$
declare
    company uuid;
    zone text;
begin
    if p_company is null then
        for company in select id from clients loop
            perform analytics_refresh_latency(company, p_from, p_to);
        end loop;
        return;
    end if;
    perform pg_advisory_xact_lock(7303, hashtext(p_company::text));
    select timezone into zone from clients where id = p_company;
    delete from analytics_latency_days where company_id = p_company and day >= p_from and day < p_to;
    insert into analytics_latency_days (company_id, day, latency_ms, turns)
    select p_company, (created_at at time zone zone)::date, voice_to_voice_ms, count(*)
    from call_turns
    where company_id = p_company
      and created_at >= case when isfinite(p_from) then p_from::timestamp at time zone zone else '-infinity' end
      and created_at < case when isfinite(p_to) then p_to::timestamp at time zone zone else 'infinity' end
    group by 2, 3;
end
$$;

select analytics_refresh_latency(null, '-infinity', 'infinity');
