-- Analytics runs, stored per customer so changes over time ("moved from Loyal to At risk") can be shown.
CREATE TABLE analytics_runs (
    id              INTEGER PRIMARY KEY,
    created_at      TEXT NOT NULL,
    as_of           TEXT NOT NULL,
    customers       INTEGER NOT NULL,
    bgnbd_r         REAL NOT NULL,
    bgnbd_alpha     REAL NOT NULL,
    bgnbd_a         REAL NOT NULL,
    bgnbd_b         REAL NOT NULL,
    bgnbd_ll        REAL NOT NULL,
    gg_p            REAL,
    gg_q            REAL,
    gg_gamma        REAL,
    estate_gap_days REAL NOT NULL,
    propensity_auc  REAL,
    bgnbd_auc       REAL
);

CREATE TABLE customer_scores (
    run_id              INTEGER NOT NULL REFERENCES analytics_runs (id),
    customer_code       TEXT NOT NULL,
    recency_days        INTEGER NOT NULL,
    orders              INTEGER NOT NULL,
    monetary            REAL NOT NULL,
    r_score             INTEGER NOT NULL,
    f_score             INTEGER NOT NULL,
    m_score             INTEGER NOT NULL,
    segment             TEXT NOT NULL,
    p_alive             REAL NOT NULL,
    expected_90         REAL NOT NULL,
    expected_365        REAL NOT NULL,
    expected_value      REAL NOT NULL,
    clv_12m             REAL NOT NULL,
    typical_gap_days    REAL NOT NULL,
    next_order_date     TEXT NOT NULL,
    is_due              INTEGER NOT NULL,
    diversity_entropy   REAL NOT NULL,
    variety_count       INTEGER NOT NULL,
    taste_kind          TEXT NOT NULL,
    favourite_variety   TEXT,
    propensity_90       REAL,
    PRIMARY KEY (run_id, customer_code)
);
CREATE INDEX ix_customer_scores_customer ON customer_scores (customer_code);
