-- Recommendation runs: per customer the ranked items with source and reason, and what each guardrail removed.
CREATE TABLE recommendation_runs (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at  timestamptz NOT NULL,
    as_of       date NOT NULL,
    k           integer NOT NULL,
    customers   integer NOT NULL,
    items       integer NOT NULL
);

CREATE TABLE recommendations (
    run_id         bigint NOT NULL REFERENCES recommendation_runs (id),
    customer_code  text NOT NULL,
    scenario       text NOT NULL,
    rank           integer NOT NULL,
    article        text NOT NULL,
    score          double precision NOT NULL,
    source         text NOT NULL,
    reason_code    text NOT NULL,
    reason_json    text NOT NULL,
    text_fr        text NOT NULL,
    text_en        text NOT NULL,
    PRIMARY KEY (run_id, customer_code, rank)
);

CREATE TABLE guardrail_removals (
    run_id         bigint NOT NULL REFERENCES recommendation_runs (id),
    customer_code  text NOT NULL,
    article        text NOT NULL,
    rule           text NOT NULL
);
CREATE INDEX ix_guardrail_removals_run ON guardrail_removals (run_id, customer_code);
