-- Companies (tenants) and the people who sign in for them.

create table clients (
    id                       uuid primary key default gen_random_uuid(),
    name                     text        not null check (length(btrim(name)) between 1 and 200),
    status                   text        not null default 'active' check (status in ('active', 'suspended', 'closed')),
    timezone                 text        not null default 'Asia/Kolkata' check (length(timezone) between 1 and 64),
    currency                 char(3)     not null default 'INR' check (currency ~ '^[A-Z]{3}$'),
    rate_per_minute          numeric(12, 4) check (rate_per_minute >= 0),
    recording_retention_days integer     not null default 90 check (recording_retention_days between 1 and 3650),
    created_at               timestamptz not null default now(),
    updated_at               timestamptz not null default now()
);

create index clients_created_at_idx on clients (created_at);

create table company_users (
    id                uuid primary key default gen_random_uuid(),
    company_id        uuid        not null references clients (id) on delete cascade,
    email             text        not null check (email = lower(email) and length(email) between 3 and 254 and position('@' in email) > 1),
    password_hash     text        not null,
    full_name         text check (full_name is null or length(full_name) <= 200),
    role              text        not null check (role in ('owner', 'admin', 'member')),
    email_verified_at timestamptz,
    last_login_at     timestamptz,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    constraint company_users_email_key unique (email),
    constraint company_users_company_id_id_key unique (company_id, id)
);

create index company_users_company_created_idx on company_users (company_id, created_at);
