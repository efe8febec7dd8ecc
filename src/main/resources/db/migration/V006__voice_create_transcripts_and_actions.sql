-- What was said on a call (one row per utterance) and what the agent did (one row per tool call).

create table transcripts (
    id          bigint generated always as identity primary key,
    company_id  uuid        not null,
    call_id     uuid        not null,
    sequence    integer     not null check (sequence >= 0),
    speaker     text        not null check (speaker in ('caller', 'agent', 'human', 'system')),
    text        text        not null check (length(text) <= 20000),
    start_ms    bigint      not null check (start_ms >= 0),
    end_ms      bigint      not null,
    interrupted boolean     not null default false,
    language    text check (language is null or length(language) <= 16),
    created_at  timestamptz not null default now(),
    constraint transcripts_call_fk foreign key (company_id, call_id) references calls (company_id, id) on delete cascade,
    constraint transcripts_call_sequence_key unique (call_id, sequence),
    constraint transcripts_end_after_start check (end_ms >= start_ms)
);

create index transcripts_company_created_idx on transcripts (company_id, created_at);

create table actions (
    id          uuid primary key default gen_random_uuid(),
    company_id  uuid        not null,
    call_id     uuid        not null,
    tool        text        not null check (length(tool) between 1 and 100),
    arguments   jsonb       not null default '{}'::jsonb,
    result      jsonb,
    status      text        not null check (status in ('ok', 'error', 'invalid_arguments', 'timeout')),
    duration_ms integer     not null default 0 check (duration_ms >= 0),
    created_at  timestamptz not null default now(),
    constraint actions_call_fk foreign key (company_id, call_id) references calls (company_id, id) on delete cascade
);

create index actions_company_created_idx on actions (company_id, created_at desc);
create index actions_call_idx on actions (call_id, created_at);
