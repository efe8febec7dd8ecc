-- The settings of a company's AI voice agent: one row per company.

create table agent_configs (
    company_id              uuid primary key references clients (id) on delete cascade,
    instructions            text        not null default '' check (length(instructions) <= 20000),
    greeting                text        not null default '' check (length(greeting) <= 1000),
    voice                   text        not null default 'alloy' check (length(voice) between 1 and 50),
    languages               text[]      not null default array ['en', 'hi'],
    model                   text        not null default 'gpt-realtime' check (length(model) between 1 and 100),
    turn_detection          jsonb       not null default '{"type": "server_vad"}'::jsonb,
    max_call_seconds        integer     not null default 1800 check (max_call_seconds between 60 and 3600),
    handoff_rules           jsonb       not null default '{}'::jsonb,
    business_facts          text        not null default '' check (length(business_facts) <= 20000),
    enabled_tools           text[]      not null default array ['lookup_order', 'create_return_request', 'escalate_to_human', 'end_call'],
    order_status_url        text check (order_status_url is null or order_status_url ~ '^https?://'),
    order_status_secret_enc bytea,
    version                 integer     not null default 1 check (version >= 1),
    created_at              timestamptz not null default now(),
    updated_at              timestamptz not null default now()
);
