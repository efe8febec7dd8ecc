-- One row per phone call, the root of everything a call leaves behind.

create table calls (
    id                 uuid primary key default gen_random_uuid(),
    company_id         uuid        not null references clients (id) on delete cascade,
    phone_number_id    uuid,
    provider           text        not null default 'exotel' check (provider in ('exotel')),
    provider_call_sid  text check (provider_call_sid is null or length(provider_call_sid) between 1 and 128),
    direction          text        not null default 'inbound' check (direction in ('inbound', 'outbound')),
    from_number        text check (from_number is null or length(from_number) <= 32),
    to_number          text check (to_number is null or length(to_number) <= 32),
    status             text        not null default 'initiated'
        check (status in ('initiated', 'ringing', 'in_progress', 'completed', 'busy', 'no_answer', 'failed', 'canceled')),
    outcome            text check (outcome is null or outcome in ('resolved', 'escalated', 'abandoned', 'voicemail', 'failed', 'unresolved')),
    intent             text check (intent is null or length(intent) <= 100),
    sentiment          text check (sentiment is null or sentiment in ('positive', 'neutral', 'negative')),
    summary            text check (summary is null or length(summary) <= 10000),
    escalated          boolean     not null default false,
    started_at         timestamptz not null default now(),
    answered_at        timestamptz,
    ended_at           timestamptz,
    duration_seconds   integer check (duration_seconds is null or duration_seconds >= 0),
    recording_url      text check (recording_url is null or length(recording_url) <= 1024),
    recording_bytes    bigint check (recording_bytes is null or recording_bytes >= 0),
    recording_duration_ms bigint check (recording_duration_ms is null or recording_duration_ms >= 0),
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    constraint calls_company_id_id_key unique (company_id, id),
    constraint calls_phone_number_fk foreign key (company_id, phone_number_id)
        references phone_numbers (company_id, id) on delete set null (phone_number_id),
    constraint calls_end_after_start check (ended_at is null or ended_at >= started_at),
    constraint calls_answer_after_start check (answered_at is null or answered_at >= started_at)
);

create unique index calls_provider_call_sid_key on calls (provider, provider_call_sid) where provider_call_sid is not null;
-- call history: newest first, keyset pagination on (started_at, id)
create index calls_company_started_idx on calls (company_id, started_at desc, id desc);
create index calls_company_status_started_idx on calls (company_id, status, started_at desc);
create index calls_company_from_started_idx on calls (company_id, from_number, started_at desc);
create index calls_company_recorded_started_idx on calls (company_id, started_at desc) where recording_url is not null;
