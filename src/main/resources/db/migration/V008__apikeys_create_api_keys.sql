-- Keys for a company's own integrations. Only a hash of the secret is stored; the key is found by its public prefix.

create table api_keys (
    id           uuid primary key default gen_random_uuid(),
    company_id   uuid        not null references clients (id) on delete cascade,
    name         text        not null check (length(btrim(name)) between 1 and 100),
    prefix       text        not null check (prefix ~ '^[A-Za-z0-9_]{8,32}$'),
    key_hash     bytea       not null check (length(key_hash) = 32),
    scopes       text[]      not null check (cardinality(scopes) >= 1),
    created_by   uuid,
    created_at   timestamptz not null default now(),
    last_used_at timestamptz,
    expires_at   timestamptz,
    revoked_at   timestamptz,
    constraint api_keys_prefix_key unique (prefix),
    constraint api_keys_creator_fk foreign key (company_id, created_by) references company_users (company_id, id) on delete set null (created_by)
);

create index api_keys_company_created_idx on api_keys (company_id, created_at desc);
