-- Calls now come over two channels: the phone (through Exotel) and the web console's test call, where a signed-in
-- member talks to the company's agent from the browser's microphone. A web call is carried by Caly itself, so
-- its provider is 'web' and its provider call id is the call's own id. Every call recorded so far was a phone call.

alter table calls drop constraint calls_provider_check;
alter table calls add constraint calls_provider_check check (provider in ('exotel', 'web'));
alter table calls add column channel text not null default 'phone' check (channel in ('phone', 'web'));
alter table calls add constraint calls_web_channel_provider check ((channel = 'web') = (provider = 'web'));
create index calls_company_channel_started_idx on calls (company_id, channel, started_at desc);

-- The one-time tickets that open a web call's media stream (browsers cannot send headers on a WebSocket
-- upgrade). Only a hash of the ticket is kept. A ticket not used before it expires leaves its call canceled.
create table web_call_tickets (
    token_hash bytea       primary key check (length(token_hash) = 32),
    company_id uuid        not null references clients (id) on delete cascade,
    member_id  uuid        not null,
    call_id    uuid        not null,
    expires_at timestamptz not null,
    used_at    timestamptz,
    settled    boolean     not null default false,
    created_at timestamptz not null default now(),
    constraint web_call_tickets_call_fk foreign key (company_id, call_id)
        references calls (company_id, id) on delete cascade
);
create index web_call_tickets_unsettled_idx on web_call_tickets (expires_at) where not settled;
