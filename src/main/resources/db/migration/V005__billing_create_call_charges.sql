-- Billing lines of a call (telephony pulses, AI usage, storage share).

create table call_charges (
    id          uuid primary key default gen_random_uuid(),
    company_id  uuid           not null,
    call_id     uuid           not null,
    category    text           not null check (category in ('telephony', 'ai', 'storage', 'other')),
    description text check (description is null or length(description) <= 500),
    unit        text           not null check (unit in ('pulse', 'minute', 'second', 'token', 'gb_month', 'item')),
    quantity    numeric(14, 3) not null check (quantity >= 0),
    unit_price  numeric(14, 6) not null check (unit_price >= 0),
    amount      numeric(14, 4) not null check (amount >= 0),
    currency    char(3)        not null default 'INR' check (currency ~ '^[A-Z]{3}$'),
    created_at  timestamptz    not null default now(),
    constraint call_charges_call_fk foreign key (company_id, call_id) references calls (company_id, id) on delete cascade
);

create index call_charges_company_created_idx on call_charges (company_id, created_at);
create index call_charges_call_idx on call_charges (call_id);
