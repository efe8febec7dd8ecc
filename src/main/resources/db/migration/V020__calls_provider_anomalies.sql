-- What a provider reported about a call that could not be believed (an impossible time, a duration longer than
-- the call, a value that is not a number), with what was used instead and when: shown in the call's detail.
-- See README, "Provider figures".

alter table calls add column provider_anomalies jsonb not null default '[]'
    constraint calls_provider_anomalies_array check (jsonb_typeof(provider_anomalies) = 'array');
