-- Analytics runs, stored per customer so changes over time ("moved from Loyal to At risk") can be shown.
CREATE TABLE analytics_runs (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at      timestamptz NOT NULL,
    as_of           date NOT NULL,
    customers       integer NOT NULL,
    bgnbd_r         double precision NOT NULL,
    bgnbd_alpha     double precision NOT NULL,
    bgnbd_a         double precision NOT NULL,
    bgnbd_b         double precision NOT NULL,
    bgnbd_ll        double precision NOT NULL,
    gg_p            double precision,
    gg_q            double precision,
    gg_gamma        double precision,
    estate_gap_days double precision NOT NULL,
    propensity_auc  double precision,
    bgnbd_auc       double precision
);

CREATE TABLE customer_scores (
    run_id              bigint NOT NULL REFERENCES analytics_runs (id),
    customer_code       text NOT NULL,
    recency_days        integer NOT NULL,
    orders              integer NOT NULL,
    monetary            double precision NOT NULL,
    r_score             integer NOT NULL,
    f_score             integer NOT NULL,
    m_score             integer NOT NULL,
    segment             text NOT NULL,
    p_alive             double precision NOT NULL,
    expected_90         double precision NOT NULL,
    expected_365        double precision NOT NULL,
    expected_value      double precision NOT NULL,
    clv_12m             double precision NOT NULL,
    typical_gap_days    double precision NOT NULL,
    next_order_date     date NOT NULL,
    is_due              boolean NOT NULL,
    diversity_entropy   double precision NOT NULL,
    variety_count       integer NOT NULL,
    taste_kind          text NOT NULL,
    favourite_variety   text,
    propensity_90       double precision,
    PRIMARY KEY (run_id, customer_code)
);
CREATE INDEX ix_customer_scores_customer ON customer_scores (customer_code);
