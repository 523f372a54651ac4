-- Job runs: every run of every job (worker schedule, catch-up, `crmreco job run`, the API), with its outcome.
-- Same logical schema as sql/postgresql/004_jobs.sql; times are ISO text (UTC), counts a JSON object.
CREATE TABLE job_runs (
    id           INTEGER PRIMARY KEY,
    job          TEXT NOT NULL,
    "trigger"    TEXT NOT NULL CHECK ("trigger" IN ('schedule', 'catch-up', 'manual', 'cli', 'api')),
    started_at   TEXT NOT NULL,
    finished_at  TEXT,
    status       TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'abandoned', 'skipped-locked')),
    error        TEXT,
    counts       TEXT NOT NULL DEFAULT '{}',
    host         TEXT
);
CREATE INDEX ix_job_runs_job_started ON job_runs (job, started_at);
CREATE INDEX ix_job_runs_started ON job_runs (started_at);
