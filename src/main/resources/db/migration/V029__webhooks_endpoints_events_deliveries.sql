-- Event webhooks. A company's endpoints (each with its own signing secret, sealed; during a rotation the old one
-- signs too until it expires), the events written in the same transaction as the change they report (the outbox),
-- one delivery per event and endpoint, and every attempt of a delivery.

create table webhook_endpoints (
    id                        uuid primary key default gen_random_uuid(),
    company_id                uuid        not null references clients (id) on delete cascade,
    url                       text        not null check (length(url) <= 2000),
    events                    text[]      not null check (cardinality(events) > 0),
    description               text check (description is null or length(description) <= 200),
    enabled                   boolean     not null default true,
    secret                    bytea       not null,
    previous_secret           bytea,
    previous_secret_expires_at timestamptz,
    created_by                uuid,
    created_at                timestamptz not null default now(),
    updated_at                timestamptz not null default now()
);
create index webhook_endpoints_company on webhook_endpoints (company_id, created_at);

create table webhook_outbox (
    id          uuid primary key default gen_random_uuid(),
    company_id  uuid        not null references clients (id) on delete cascade,
    type        text        not null,
    call_id     uuid,
    -- the body as sent (and signed), in the order it was written
    payload     text        not null,
    created_at  timestamptz not null default now()
);
create index webhook_outbox_company on webhook_outbox (company_id, created_at);

create table webhook_deliveries (
    id               uuid primary key default gen_random_uuid(),
    seq              bigserial   not null unique,
    company_id       uuid        not null references clients (id) on delete cascade,
    endpoint_id      uuid        not null references webhook_endpoints (id) on delete cascade,
    event_id         uuid        not null references webhook_outbox (id) on delete cascade,
    -- deliveries with the same key go to an endpoint one after another, in seq order (a call's events)
    ordering_key     text        not null,
    status           text        not null default 'pending'
        check (status in ('pending', 'delivering', 'delivered', 'failed')),
    attempts         integer     not null default 0 check (attempts >= 0),
    next_attempt_at  timestamptz not null default now(),
    lease_until      timestamptz,
    claimed_by       text,
    give_up_at       timestamptz not null,
    response_status  integer,
    latency_ms       integer,
    error            text,
    created_at       timestamptz not null default now(),
    delivered_at     timestamptz,
    unique (event_id, endpoint_id)
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_unfinished on webhook_deliveries (endpoint_id, ordering_key, seq)
    where status in ('pending', 'delivering');
create index webhook_deliveries_leased on webhook_deliveries (lease_until) where status = 'delivering';
create index webhook_deliveries_endpoint on webhook_deliveries (endpoint_id, created_at desc, id desc);

create table webhook_attempts (
    delivery_id      uuid        not null references webhook_deliveries (id) on delete cascade,
    number           integer     not null,
    started_at       timestamptz not null,
    response_status  integer,
    latency_ms       integer,
    error            text,
    response_excerpt text,
    claimed_by       text,
    primary key (delivery_id, number)
);

-- times in events are ISO-8601 UTC with milliseconds, whatever the session's zone
create function webhook_time(at timestamptz) returns text
    language sql immutable strict
    return to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
