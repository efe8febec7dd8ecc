-- Invitations to join a company: the e-mailed link carries a random token, stored here only as its SHA-256.
-- An invitation is pending until it is accepted, revoked or replaced by a newer one for the same address; a
-- pending one past expires_at no longer works.

create table invitations (
    id          uuid primary key default gen_random_uuid(),
    company_id  uuid        not null references clients (id) on delete cascade,
    email       text        not null check (email = lower(email) and length(email) between 3 and 254 and position('@' in email) > 1),
    full_name   text check (full_name is null or length(full_name) <= 200),
    role        text        not null check (role in ('owner', 'admin', 'member')),
    token_hash  bytea       not null check (length(token_hash) = 32),
    invited_by  uuid,
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null,
    status      text        not null default 'pending' check (status in ('pending', 'accepted', 'revoked', 'replaced')),
    resolved_at timestamptz,
    constraint invitations_token_hash_key unique (token_hash),
    constraint invitations_company_id_id_key unique (company_id, id),
    constraint invitations_inviter_fk foreign key (company_id, invited_by) references company_users (company_id, id) on delete set null (invited_by),
    constraint invitations_expiry_after_creation check (expires_at > created_at),
    constraint invitations_resolved_when_not_pending check ((status = 'pending') = (resolved_at is null))
);

-- one live link per address and company: inviting again replaces the pending invitation
create unique index invitations_one_pending_per_email on invitations (company_id, email) where status = 'pending';
create index invitations_company_created_idx on invitations (company_id, created_at desc);
