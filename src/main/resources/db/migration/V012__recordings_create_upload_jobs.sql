-- The upload queue (an outbox written in the same transaction as the call's update) and the record of deletions.

create table recording_uploads (
    id              uuid primary key default gen_random_uuid(),
    company_id      uuid        not null,
    call_id         uuid        not null,
    spool_path      text        not null check (length(spool_path) between 1 and 1024),
    spool_format    text        not null check (spool_format in ('pcm_s16le', 'mp3')),
    sample_rate     integer check (sample_rate is null or sample_rate in (8000, 16000, 24000)),
    status          text        not null default 'pending' check (status in ('pending', 'failed', 'done')),
    attempts        integer     not null default 0 check (attempts >= 0),
    next_attempt_at timestamptz not null default now(),
    last_error      text check (last_error is null or length(last_error) <= 2000),
    object_key      text,
    bytes           bigint check (bytes is null or bytes >= 0),
    duration_ms     bigint check (duration_ms is null or duration_ms >= 0),
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    completed_at    timestamptz,
    constraint recording_uploads_call_fk foreign key (company_id, call_id) references calls (company_id, id) on delete cascade,
    constraint recording_uploads_pcm_has_rate check (spool_format <> 'pcm_s16le' or sample_rate is not null)
);

-- at most one unfinished upload per call
create unique index recording_uploads_open_per_call on recording_uploads (call_id) where status <> 'done';
-- what the workers look for: unfinished jobs, soonest due first
create index recording_uploads_due_idx on recording_uploads (next_attempt_at) where status <> 'done';
create index recording_uploads_company_status_idx on recording_uploads (company_id, status);

create table recording_deletions (
    id                 uuid primary key default gen_random_uuid(),
    company_id         uuid        not null references clients (id) on delete cascade,
    call_id            uuid,
    object_key         text        not null,
    bytes              bigint check (bytes is null or bytes >= 0),
    recorded_at        timestamptz,
    reason             text        not null check (reason in ('user', 'retention')),
    deleted_by         uuid,
    deleted_at         timestamptz not null default now(),
    constraint recording_deletions_call_fk foreign key (company_id, call_id) references calls (company_id, id) on delete set null (call_id)
);

create index recording_deletions_company_deleted_idx on recording_deletions (company_id, deleted_at desc);

-- when the recording was stored: the Wasabi minimum-duration estimate and the retention sweep need its age
alter table calls add column recording_stored_at timestamptz;
