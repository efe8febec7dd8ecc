-- A company's Exotel numbers (ExoPhones). A number belongs to one company at a time.

create table phone_numbers (
    id           uuid primary key default gen_random_uuid(),
    company_id   uuid        not null references clients (id) on delete cascade,
    e164         text        not null check (e164 ~ '^\+[1-9][0-9]{6,14}$'),
    label        text check (label is null or length(label) <= 100),
    provider     text        not null default 'exotel' check (provider in ('exotel')),
    is_default   boolean     not null default false,
    created_at   timestamptz not null default now(),
    constraint phone_numbers_e164_key unique (e164),
    constraint phone_numbers_company_id_id_key unique (company_id, id)
);

create index phone_numbers_company_created_idx on phone_numbers (company_id, created_at);
create unique index phone_numbers_one_default_per_company on phone_numbers (company_id) where is_default;
