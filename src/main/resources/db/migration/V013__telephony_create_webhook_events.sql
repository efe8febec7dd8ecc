-- Exotel webhooks already handled, so a retried delivery takes effect once and gets the same answer.

create table webhook_events (
    id              bigint generated always as identity primary key,
    provider        text        not null default 'exotel' check (provider in ('exotel')),
    call_sid        text        not null check (length(call_sid) between 1 and 128),
    event           text        not null check (event in ('call-start', 'call-end', 'recording', 'stream-url', 'after-bot')),
    company_id      uuid references clients (id) on delete cascade,
    response_status integer     not null check (response_status between 100 and 599),
    payload         jsonb       not null,
    received_at     timestamptz not null default now(),
    constraint webhook_events_once unique (provider, call_sid, event)
);

create index webhook_events_company_received_idx on webhook_events (company_id, received_at desc);

-- a call's telephony charge is written once, however often its end is reported
create unique index call_charges_telephony_once on call_charges (call_id) where category = 'telephony';

-- why a call ended the way it did (e.g. no_agent, ai_unavailable, caller_hangup)
alter table calls add column end_reason text check (end_reason is null or length(end_reason) <= 100);
