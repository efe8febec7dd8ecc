-- Refresh tokens (hashed) grouped in login sessions (family_id), and the revocation list that the access-token
-- check reads: revoked access-token ids and revoked sessions, each kept until the token it covers would expire.

create table refresh_tokens (
    id           uuid primary key default gen_random_uuid(),
    company_id   uuid        not null,
    user_id      uuid        not null,
    family_id    uuid        not null,
    token_hash   bytea       not null check (length(token_hash) = 32),
    issued_at    timestamptz not null default now(),
    expires_at   timestamptz not null,
    rotated_at   timestamptz,
    revoked_at   timestamptz,
    constraint refresh_tokens_token_hash_key unique (token_hash),
    constraint refresh_tokens_user_fk foreign key (company_id, user_id) references company_users (company_id, id) on delete cascade,
    constraint refresh_tokens_expiry_after_issue check (expires_at > issued_at)
);

create index refresh_tokens_family_idx on refresh_tokens (family_id);
create index refresh_tokens_user_idx on refresh_tokens (company_id, user_id);
create index refresh_tokens_expires_idx on refresh_tokens (expires_at);

create table refresh_token_blacklist (
    token_id   text primary key check (length(token_id) between 1 and 128),
    kind       text        not null check (kind in ('access_token', 'session')),
    company_id uuid        not null,
    user_id    uuid        not null,
    reason     text        not null check (reason in ('logout', 'refresh_token_reuse', 'user_removed', 'admin')),
    revoked_at timestamptz not null default now(),
    expires_at timestamptz not null,
    constraint refresh_token_blacklist_user_fk foreign key (company_id, user_id) references company_users (company_id, id) on delete cascade
);

create index refresh_token_blacklist_expires_idx on refresh_token_blacklist (expires_at);
