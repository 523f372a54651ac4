-- Which lifetime model an analytics run used, and how each candidate predicted the held-out purchases
-- (docs/analytics.md, "Choosing the model"). One row per run in analytics_model_choices, one per candidate model.
CREATE TABLE analytics_model_choices (
    run_id              INTEGER PRIMARY KEY REFERENCES analytics_runs (id),
    model               TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('holdout', 'forced', 'insufficient_data')),
    p_alive_method      TEXT NOT NULL CHECK (p_alive_method IN ('model', 'rule')),
    boundary            INTEGER NOT NULL,
    reason              TEXT NOT NULL,
    parameters          TEXT NOT NULL,
    calibration_end     TEXT,
    holdout_days        INTEGER NOT NULL,
    calibration_customers INTEGER NOT NULL
);

CREATE TABLE analytics_model_candidates (
    run_id              INTEGER NOT NULL REFERENCES analytics_runs (id),
    model               TEXT NOT NULL,
    mean_absolute_error REAL,
    aggregate_error     REAL,
    predicted           REAL,
    actual              INTEGER NOT NULL,
    log_likelihood      REAL,
    boundary            INTEGER NOT NULL,
    error               TEXT,
    PRIMARY KEY (run_id, model)
);
