-- The OTP audit trail: every code sent, how often it was tried and how it ended. Codes are stored as HMACs.

create table email_verifications (
    id           uuid primary key default gen_random_uuid(),
    company_id   uuid        not null,
    user_id      uuid        not null,
    email        text        not null check (email = lower(email)),
    purpose      text        not null default 'verify_email' check (purpose in ('verify_email')),
    code_hash    bytea       not null check (length(code_hash) = 32),
    requester_ip text check (requester_ip is null or length(requester_ip) <= 64),
    sent_at      timestamptz not null default now(),
    expires_at   timestamptz not null,
    attempts     integer     not null default 0 check (attempts >= 0),
    outcome      text        not null default 'pending'
        check (outcome in ('pending', 'verified', 'expired', 'locked', 'superseded', 'send_failed')),
    resolved_at  timestamptz,
    constraint email_verifications_user_fk foreign key (company_id, user_id) references company_users (company_id, id) on delete cascade,
    constraint email_verifications_expiry_after_send check (expires_at > sent_at)
);

create index email_verifications_user_sent_idx on email_verifications (user_id, sent_at desc);
create index email_verifications_company_sent_idx on email_verifications (company_id, sent_at desc);
