-- Which lifetime model an analytics run used, and how each candidate predicted the held-out purchases
-- (docs/analytics.md, "Choosing the model"). One row per run in analytics_model_choices, one per candidate model.
CREATE TABLE analytics_model_choices (
    run_id              bigint PRIMARY KEY REFERENCES analytics_runs (id),
    model               text NOT NULL,
    status              text NOT NULL CHECK (status IN ('holdout', 'forced', 'insufficient_data')),
    p_alive_method      text NOT NULL CHECK (p_alive_method IN ('model', 'rule')),
    boundary            boolean NOT NULL,
    reason              text NOT NULL,
    parameters          text NOT NULL,
    calibration_end     date,
    holdout_days        integer NOT NULL,
    calibration_customers integer NOT NULL
);

CREATE TABLE analytics_model_candidates (
    run_id              bigint NOT NULL REFERENCES analytics_runs (id),
    model               text NOT NULL,
    mean_absolute_error double precision,
    aggregate_error     double precision,
    predicted           double precision,
    actual              integer NOT NULL,
    log_likelihood      double precision,
    boundary            boolean NOT NULL,
    error               text,
    PRIMARY KEY (run_id, model)
);
