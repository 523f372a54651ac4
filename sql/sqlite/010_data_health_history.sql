-- The data-health score over time: one snapshot each time the nightly job or an import computes it
-- (source 'nightly' | 'import'), with each check's count. Read by GET /api/data-health/history.
CREATE TABLE data_health_history (
    id              INTEGER PRIMARY KEY,
    at              TEXT NOT NULL,
    source          TEXT NOT NULL,
    import_id       INTEGER,
    score           INTEGER NOT NULL
);
CREATE INDEX ix_data_health_history_at ON data_health_history (at);

CREATE TABLE data_health_history_checks (
    history_id      INTEGER NOT NULL REFERENCES data_health_history (id),
    code            TEXT NOT NULL,
    failing         INTEGER NOT NULL,
    out_of          INTEGER NOT NULL,
    penalty         REAL NOT NULL,
    PRIMARY KEY (history_id, code)
);
