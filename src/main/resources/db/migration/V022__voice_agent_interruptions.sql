-- How each company's agent takes the caller speaking over it, and per call how often the agent paused for the
-- caller and went on from where it paused.

alter table agent_configs
    add column interruptions jsonb not null default
        '{"mode": "pause_resume", "resumeAfterMs": 700, "echoGuardMs": 200}'::jsonb;

alter table voice_call_stats
    add column pauses  integer not null default 0 check (pauses >= 0),
    add column resumes integer not null default 0 check (resumes >= 0);
