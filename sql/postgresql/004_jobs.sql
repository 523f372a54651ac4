-- Job runs: every run of every job (worker schedule, catch-up, `crmreco job run`, the API), with its outcome.
-- Same logical schema as sql/sqlite/004_jobs.sql; counts is a JSON object kept as text (read whole, never queried).
CREATE TABLE job_runs (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job          text NOT NULL,
    "trigger"    text NOT NULL CHECK ("trigger" IN ('schedule', 'catch-up', 'manual', 'cli', 'api')),
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz,
    status       text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'abandoned', 'skipped-locked')),
    error        text,
    counts       text NOT NULL DEFAULT '{}',
    host         text
);
CREATE INDEX ix_job_runs_job_started ON job_runs (job, started_at);
CREATE INDEX ix_job_runs_started ON job_runs (started_at);
