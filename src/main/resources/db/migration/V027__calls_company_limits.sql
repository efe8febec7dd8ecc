-- Per-company limits on simultaneous live calls, counted across every instance on this database. A call over its
-- company's limit is answered with the flow's fallback branch (a person) and kept as 'refused', a final status:
-- it never reached the agent, is not billed and keeps no recording.

alter table calls drop constraint calls_status_check;
alter table calls add constraint calls_status_check
    check (status in ('initiated', 'ringing', 'in_progress', 'completed', 'busy', 'no_answer', 'failed', 'canceled',
                      'refused'));

-- The operators' setting; a company without a row, or with null, has COMPANY_MAX_CONCURRENT_CALLS.
create table company_call_limits (
    company_id           uuid        primary key references clients (id) on delete cascade,
    max_concurrent_calls integer check (max_concurrent_calls is null or max_concurrent_calls between 1 and 10000),
    updated_at           timestamptz not null default now()
);

-- Per company and day in the company's own time zone: the most calls live at once, when that was first reached,
-- and the calls refused for the limit. Written by each admission in its own transaction, so it costs one upsert.
create table company_concurrency_days (
    company_id uuid        not null references clients (id) on delete cascade,
    day        date        not null,
    peak       integer     not null default 0 check (peak >= 0),
    peak_at    timestamptz,
    refusals   integer     not null default 0 check (refusals >= 0),
    primary key (company_id, day)
);
