-- What the voice agent measures and keeps: per-turn latencies, per-call counts and token usage, the spoken
-- greetings it reuses, and each company's backchannel words.

alter table agent_configs
    add column backchannels jsonb not null default
        '{"en": ["yes", "yeah", "ok", "okay", "right", "hmm", "mm", "uh huh", "sure"],
          "hi": ["haan", "haan ji", "ji", "accha", "achha", "hmm", "theek hai", "ok"]}'::jsonb;

create table call_turns (
    company_id         uuid    not null,
    call_id            uuid    not null,
    turn               integer not null check (turn >= 1),
    speech_ended_ms    bigint  not null check (speech_ended_ms >= 0),
    voice_to_voice_ms  integer not null check (voice_to_voice_ms >= 0),
    model_ms           integer not null check (model_ms >= 0),
    server_ms          integer not null check (server_ms >= 0),
    created_at         timestamptz not null default now(),
    primary key (call_id, turn),
    constraint call_turns_call_fk foreign key (company_id, call_id) references calls (company_id, id) on delete cascade
);

create index call_turns_company_created_idx on call_turns (company_id, created_at);

create table voice_call_stats (
    call_id               uuid primary key,
    company_id            uuid    not null,
    interruptions         integer not null default 0 check (interruptions >= 0),
    backchannels_ignored  integer not null default 0 check (backchannels_ignored >= 0),
    input_text_tokens     bigint  not null default 0 check (input_text_tokens >= 0),
    input_audio_tokens    bigint  not null default 0 check (input_audio_tokens >= 0),
    input_cached_tokens   bigint  not null default 0 check (input_cached_tokens >= 0),
    output_text_tokens    bigint  not null default 0 check (output_text_tokens >= 0),
    output_audio_tokens   bigint  not null default 0 check (output_audio_tokens >= 0),
    model_sessions        integer not null default 0 check (model_sessions >= 0),
    malformed_events      integer not null default 0 check (malformed_events >= 0),
    created_at            timestamptz not null default now(),
    constraint voice_call_stats_call_fk foreign key (company_id, call_id) references calls (company_id, id) on delete cascade
);

-- A greeting once spoken, kept as the model's audio (μ-law at 8 kHz or PCM at 24 kHz) to open later calls at once.
create table agent_greetings (
    company_id   uuid  not null references clients (id) on delete cascade,
    fingerprint  text  not null check (length(fingerprint) = 64),
    format       text  not null check (format in ('pcmu', 'pcm24k')),
    audio        bytea not null check (length(audio) between 1 and 4000000),
    created_at   timestamptz not null default now(),
    primary key (company_id, fingerprint, format)
);
