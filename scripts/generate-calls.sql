-- Realistic call history for benchmarks: companies, calls over a year in India's business hours, their
-- transcripts (about ten utterances per answered call), turns, charges, actions, returns and escalations.
-- Run with psql against a migrated database:
--   psql -v calls=1000000 -v companies=50 -v big=500000 -v days=365 -v seed=0.42 -f scripts/generate-calls.sql
-- The first company ("Generated 01") holds :big calls; the others share the rest. The word index on
-- transcripts is dropped for the load and built again at the end, as any bulk load into PostgreSQL should.
\set ON_ERROR_STOP on
\timing on
select setseed(:seed);
set maintenance_work_mem = '1GB';
set work_mem = '256MB';
set synchronous_commit = off;

insert into clients (name, created_at)
select format('Generated %s', lpad(g::text, 2, '0')), now() - interval '400 days'
from generate_series(1, :companies) g;

create temp table gen_companies as
select id, row_number() over (order by name) as n
from clients where name like 'Generated %' order by name limit :companies;

drop index if exists transcripts_words_idx;

-- calls ------------------------------------------------------------------------------------------------------
create temp table gen_calls as
select gen_random_uuid() as id,
       c.id as company_id,
       s.r_status, s.r_outcome, s.r_len, s.started_at
from gen_companies c
cross join lateral (
    select random() as r_status, random() as r_outcome, random() as r_len,
           ((date_trunc('day', now() at time zone 'Asia/Kolkata') - (1 + floor(random() * :days)) * interval '1 day'
             + (array[8,9,9,10,10,10,11,11,11,11,12,12,12,13,13,14,14,14,15,15,15,16,16,17,17,18,18,19,19,20,21,22,23,0,7])
                   [1 + floor(random() * 35)::int] * interval '1 hour'
             + random() * interval '1 hour') at time zone 'Asia/Kolkata') as started_at
    from generate_series(1, case when c.n = 1 then :big else (:calls - :big) / (:companies - 1) end)
) s;

insert into calls (id, company_id, provider, provider_call_sid, direction, from_number, to_number, status, outcome,
                   intent, sentiment, summary, escalated, started_at, answered_at, ended_at, duration_seconds,
                   recording_url, recording_bytes, recording_duration_ms, end_reason, created_at, updated_at)
select g.id, g.company_id, 'exotel', 'gen' || replace(g.id::text, '-', ''),
       case when g.r_len < 0.05 then 'outbound' else 'inbound' end,
       '+9198' || lpad(floor(random() * 100000000)::text, 8, '0'),
       '+918012345678',
       st.status,
       case when st.status = 'completed' then o.outcome when st.status in ('canceled', 'no_answer') then 'abandoned' end,
       case when st.status = 'completed'
            then (array['order_status','order_status','order_status','return_request','refund_status','delivery_delay',
                        'product_question','cancel_order','payment_issue','other'])[1 + floor(random() * 10)::int] end,
       case when st.status = 'completed'
            then (array['positive','neutral','neutral','negative'])[1 + floor(random() * 4)::int] end,
       case when st.status = 'completed' then 'Caller asked about an order; the agent ' ||
            case o.outcome when 'resolved' then 'answered from the order status.' when 'escalated' then 'handed the call to a person.'
                           else 'could not finish the request.' end end,
       st.status = 'completed' and o.outcome = 'escalated',
       g.started_at,
       case when st.status = 'completed' then g.started_at + interval '3 seconds' end,
       g.started_at + interval '3 seconds' + coalesce(d.seconds, 20) * interval '1 second',
       d.seconds,
       case when st.status = 'completed' and g.r_len > 0.1
            then 'recordings/' || g.company_id || '/' || to_char(g.started_at, 'YYYY/MM/DD') || '/' || g.id || '.mp3' end,
       case when st.status = 'completed' and g.r_len > 0.1 then d.seconds * 4000 end,
       case when st.status = 'completed' and g.r_len > 0.1 then d.seconds * 1000 end,
       case when o.outcome = 'escalated' and st.status = 'completed' then 'handoff' end,
       g.started_at, g.started_at
from gen_calls g
cross join lateral (select case when g.r_status < 0.88 then 'completed' when g.r_status < 0.93 then 'no_answer'
                                when g.r_status < 0.97 then 'canceled' when g.r_status < 0.99 then 'busy' else 'failed' end as status) st
cross join lateral (select case when g.r_outcome < 0.62 then 'resolved' when g.r_outcome < 0.80 then 'escalated'
                                when g.r_outcome < 0.92 then 'abandoned' else 'unresolved' end as outcome) o
cross join lateral (select case when st.status = 'completed'
                                then least(3600, 15 + floor(-ln(1 - g.r_len) * 140))::int end as seconds) d;

-- transcripts: ten utterances for an answered call (more for long ones), one for the others ------------------
insert into transcripts (company_id, call_id, sequence, speaker, text, start_ms, end_ms, interrupted, language, created_at)
select c.company_id, c.id, s, case when s % 2 = 0 then 'agent' else 'caller' end,
       case when s % 2 = 0
            then (array['Namaste! Main Caly se bol rahi hoon, aapki kya madad kar sakti hoon?',
                        'Aapka order number bata dijiye, main check karti hoon.',
                        'Aapka order shipped hai aur kal tak deliver ho jayega.',
                        'Main aapke liye return request file kar deti hoon.',
                        'Refund paanch se saat din mein aapke account mein aa jayega.',
                        'Main aapko hamari team se connect kar rahi hoon, ek minute.',
                        'Kya main aapki aur kuch madad kar sakti hoon?',
                        'Dhanyavaad, aapka din shubh ho!'])[1 + (s / 2) % 8]
            else (array['Haan, mera order abhi tak nahi aaya.', 'Order number hai A' || (abs(hashtext(c.id::text)) % 99999),
                        'Mujhe is kurta ka size exchange karna hai.', 'I want a refund for the damaged product.',
                        'Delivery kab tak hogi?', 'Please connect me to a person.', 'Theek hai, thank you.',
                        'Payment kat gaya par order confirm nahi hua.'])[1 + (abs(hashtext(c.id::text)) + s) % 8] end,
       s * 6000, s * 6000 + 4500, false, 'hi', c.started_at + s * interval '6 seconds'
from calls c
cross join lateral generate_series(0, case when c.status = 'completed' then 9 + (c.duration_seconds > 300)::int * 2 else 0 end) s
where c.company_id in (select id from gen_companies);

-- turns: four per answered call ------------------------------------------------------------------------------
insert into call_turns (company_id, call_id, turn, speech_ended_ms, voice_to_voice_ms, model_ms, server_ms, created_at)
select c.company_id, c.id, t, t * 12000, v.ms, v.ms - 35, 12 + floor(random() * 20)::int, c.started_at + t * interval '12 seconds'
from calls c
cross join lateral generate_series(1, 4) t
cross join lateral (select 420 + floor(-ln(1 - random()) * 260)::int + 0 * t as ms) v -- t: one draw per turn
where c.status = 'completed' and c.company_id in (select id from gen_companies);

-- charges: telephony pulses and AI for answered calls, the storage share for recorded ones --------------------
insert into call_charges (company_id, call_id, category, description, unit, quantity, unit_price, amount, currency, created_at)
select c.company_id, c.id, 'telephony', c.duration_seconds || ' s in 60-second pulses', 'pulse',
       ceil(c.duration_seconds / 60.0), 0.60, ceil(c.duration_seconds / 60.0) * 0.60, 'INR', c.ended_at
from calls c where c.status = 'completed' and c.company_id in (select id from gen_companies);
insert into call_charges (company_id, call_id, category, description, unit, quantity, unit_price, amount, currency, created_at)
select c.company_id, c.id, 'ai', 'realtime audio and text tokens', 'token', c.duration_seconds * 55, 0.000176,
       round(c.duration_seconds * 55 * 0.000176, 4), 'INR', c.ended_at
from calls c where c.status = 'completed' and c.company_id in (select id from gen_companies);
insert into call_charges (company_id, call_id, category, description, unit, quantity, unit_price, amount, currency, created_at)
select c.company_id, c.id, 'storage', c.recording_bytes || ' bytes of recording for the storage minimum', 'gb_month',
       ceil(c.recording_bytes * 3 / 1000000.0) / 1000, 0.615120, round(c.recording_bytes * 3 / 1e9 * 0.61512, 4), 'INR', c.ended_at
from calls c where c.recording_url is not null and c.company_id in (select id from gen_companies);

-- actions, returns and escalations ---------------------------------------------------------------------------
insert into actions (company_id, call_id, tool, arguments, result, status, duration_ms, created_at)
select c.company_id, c.id, 'lookup_order', jsonb_build_object('order_id', 'A' || (abs(hashtext(c.id::text)) % 99999)),
       jsonb_build_object('summary', 'Order shipped; delivery expected tomorrow'),
       case when random() < 0.03 then 'timeout' else 'ok' end, 150 + floor(random() * 600)::int, c.started_at + interval '20 seconds'
from calls c where c.status = 'completed' and c.intent in ('order_status', 'delivery_delay', 'refund_status')
  and c.company_id in (select id from gen_companies);
insert into returns (company_id, call_id, order_id, kind, status, items, reason, customer_phone, created_at, updated_at)
select c.company_id, c.id, 'A' || (abs(hashtext(c.id::text)) % 99999),
       (array['return','refund','exchange'])[1 + floor(random() * 3)::int],
       (array['requested','requested','approved','rejected'])[1 + floor(random() * 4)::int],
       '["kurta"]'::jsonb, 'wrong size', c.from_number, c.started_at + interval '40 seconds', c.started_at + interval '40 seconds'
from calls c where c.intent = 'return_request' and c.company_id in (select id from gen_companies);
insert into actions (company_id, call_id, tool, arguments, result, status, duration_ms, created_at)
select r.company_id, r.call_id, 'create_return_request', jsonb_build_object('order_id', r.order_id, 'kind', r.kind),
       jsonb_build_object('return_id', r.id), 'ok', 25, r.created_at
from returns r where r.company_id in (select id from gen_companies);
insert into escalations (company_id, call_id, reason, urgency, status, created_at)
select c.company_id, c.id,
       (array['caller asked for a person','order not delivered after promise','refund dispute','angry caller'])[1 + floor(random() * 4)::int],
       (array['normal','high','urgent'])[1 + floor(random() * 3)::int], 'open', c.started_at + interval '50 seconds'
from calls c where c.escalated and c.company_id in (select id from gen_companies);

create index transcripts_words_idx on transcripts using gin (to_tsvector('simple', text));
-- the analytics read model, where this schema has it
do $$ begin
    if exists (select 1 from pg_proc where proname = 'analytics_refresh') then
        perform analytics_refresh(null, '-infinity', 'infinity');
    end if;
    if exists (select 1 from pg_proc where proname = 'analytics_refresh_latency') then
        perform analytics_refresh_latency(null, '-infinity', 'infinity');
    end if;
end $$;
vacuum analyze;
select count(*) as calls from calls;
select count(*) as transcripts from transcripts;
