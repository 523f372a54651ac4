-- The data-health score over time (same logical schema as sql/sqlite/010_data_health_history.sql): one snapshot
-- each time the nightly job or an import computes it (source 'nightly' | 'import'), with each check's count.
CREATE TABLE data_health_history (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at              timestamptz NOT NULL,
    source          text NOT NULL,
    import_id       bigint,
    score           integer NOT NULL
);
CREATE INDEX ix_data_health_history_at ON data_health_history (at);

CREATE TABLE data_health_history_checks (
    history_id      bigint NOT NULL REFERENCES data_health_history (id),
    code            text NOT NULL,
    failing         integer NOT NULL,
    out_of          integer NOT NULL,
    penalty         double precision NOT NULL,
    PRIMARY KEY (history_id, code)
);
