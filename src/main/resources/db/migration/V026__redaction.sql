-- Redaction: a company may have what is said on its calls redacted before it is stored or sent anywhere (card,
-- Aadhaar, PAN, IFSC, account and phone numbers, e-mail addresses), and may also have the recording silenced over
-- the lines that held them. Silencing works from what redaction found, so it needs redaction.
alter table clients add column redact_transcripts boolean not null default false;
alter table clients add column silence_recording_spans boolean not null default false;
alter table clients add constraint clients_silencing_needs_redaction
    check (redact_transcripts or not silence_recording_spans);

-- What was redacted from a line, by category ({"card": 1}); null when nothing was. A silenced line's stretch of
-- the recording (start_ms to end_ms) is written as silence before the recording is encoded.
alter table transcripts add column redactions jsonb check (redactions is null or jsonb_typeof(redactions) = 'object');
alter table transcripts add column silenced boolean not null default false;
create index transcripts_silenced_idx on transcripts (call_id) where silenced;
