-- The marketing review of a recommendation run before a campaign: one decision per (run, customer, wine).
-- A rejected wine is not put in a campaign created from that run.
CREATE TABLE recommendation_reviews (
    run_id         bigint NOT NULL REFERENCES recommendation_runs (id),
    customer_code  text NOT NULL,
    article        text NOT NULL,
    decision       text NOT NULL CHECK (decision IN ('approved', 'rejected')),
    note           text,
    actor          text NOT NULL,
    at             timestamptz NOT NULL,
    PRIMARY KEY (run_id, customer_code, article)
);
