-- The marketing review of a recommendation run before a campaign: one decision per (run, customer, wine).
-- A rejected wine is not put in a campaign created from that run.
CREATE TABLE recommendation_reviews (
    run_id         INTEGER NOT NULL REFERENCES recommendation_runs (id),
    customer_code  TEXT NOT NULL,
    article        TEXT NOT NULL,
    decision       TEXT NOT NULL CHECK (decision IN ('approved', 'rejected')),
    note           TEXT,
    actor          TEXT NOT NULL,
    at             TEXT NOT NULL,
    PRIMARY KEY (run_id, customer_code, article)
);
