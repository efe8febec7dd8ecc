-- Return/refund requests filed during calls, and hand-offs to humans.

create table returns (
    id             uuid primary key default gen_random_uuid(),
    company_id     uuid        not null references clients (id) on delete cascade,
    call_id        uuid,
    order_id       text        not null check (length(order_id) between 1 and 100),
    kind           text        not null check (kind in ('return', 'refund', 'exchange')),
    status         text        not null default 'requested' check (status in ('requested', 'approved', 'rejected', 'refunded')),
    items          jsonb       not null default '[]'::jsonb check (jsonb_typeof(items) = 'array'),
    reason         text        not null check (length(reason) between 1 and 2000),
    customer_phone text check (customer_phone is null or length(customer_phone) <= 32),
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now(),
    constraint returns_call_fk foreign key (company_id, call_id) references calls (company_id, id) on delete set null (call_id)
);

create index returns_company_created_idx on returns (company_id, created_at desc);
create index returns_company_status_created_idx on returns (company_id, status, created_at desc);
create index returns_call_idx on returns (call_id);

create table escalations (
    id              uuid primary key default gen_random_uuid(),
    company_id      uuid        not null references clients (id) on delete cascade,
    call_id         uuid,
    reason          text        not null check (length(reason) between 1 and 2000),
    urgency         text        not null default 'normal' check (urgency in ('low', 'normal', 'high', 'urgent')),
    status          text        not null default 'open' check (status in ('open', 'assigned', 'resolved')),
    assigned_to     uuid,
    resolution_note text check (resolution_note is null or length(resolution_note) <= 2000),
    created_at      timestamptz not null default now(),
    assigned_at     timestamptz,
    resolved_at     timestamptz,
    constraint escalations_call_fk foreign key (company_id, call_id) references calls (company_id, id) on delete set null (call_id),
    constraint escalations_assignee_fk foreign key (company_id, assigned_to) references company_users (company_id, id) on delete set null (assigned_to),
    constraint escalations_assigned_has_assignee check (status <> 'assigned' or assigned_to is not null),
    constraint escalations_resolved_has_time check (status <> 'resolved' or resolved_at is not null)
);

create index escalations_company_status_created_idx on escalations (company_id, status, created_at desc);
create index escalations_company_created_idx on escalations (company_id, created_at desc);
create index escalations_call_idx on escalations (call_id);
