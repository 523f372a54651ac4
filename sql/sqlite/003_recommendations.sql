-- Recommendation runs: per customer the ranked items with source and reason, and what each guardrail removed.
CREATE TABLE recommendation_runs (
    id          INTEGER PRIMARY KEY,
    created_at  TEXT NOT NULL,
    as_of       TEXT NOT NULL,
    k           INTEGER NOT NULL,
    customers   INTEGER NOT NULL,
    items       INTEGER NOT NULL
);

CREATE TABLE recommendations (
    run_id         INTEGER NOT NULL REFERENCES recommendation_runs (id),
    customer_code  TEXT NOT NULL,
    scenario       TEXT NOT NULL,
    rank           INTEGER NOT NULL,
    article        TEXT NOT NULL,
    score          REAL NOT NULL,
    source         TEXT NOT NULL,
    reason_code    TEXT NOT NULL,
    reason_json    TEXT NOT NULL,
    TEXT_fr        TEXT NOT NULL,
    TEXT_en        TEXT NOT NULL,
    PRIMARY KEY (run_id, customer_code, rank)
);

CREATE TABLE guardrail_removals (
    run_id         INTEGER NOT NULL REFERENCES recommendation_runs (id),
    customer_code  TEXT NOT NULL,
    article        TEXT NOT NULL,
    rule           TEXT NOT NULL
);
CREATE INDEX ix_guardrail_removals_run ON guardrail_removals (run_id, customer_code);
