-- Dashboard accounts, API keys, the audit log, and the privacy fields (consent and its history, erasure).
CREATE TABLE users (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    email           TEXT NOT NULL UNIQUE,
    password_hash   TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('admin', 'marketing', 'viewer')),
    failed_logins   INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT,
    created_at      TEXT NOT NULL,
    last_login_at   TEXT
);

-- Only the SHA-256 of a key is kept: the key itself is shown once, at creation.
CREATE TABLE api_keys (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT NOT NULL,
    key_hash        TEXT NOT NULL UNIQUE,
    prefix          TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('admin', 'marketing', 'viewer')),
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    revoked_at      TEXT,
    last_used_at    TEXT
);

CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    at              TEXT NOT NULL,
    actor           TEXT NOT NULL,
    action          TEXT NOT NULL,
    target          TEXT,
    details         TEXT
);
CREATE INDEX ix_audit_log_at ON audit_log (at);

-- Consent: NULL = never recorded (soft opt-in applies to existing customers), 1 = opted in, 0 = opted out.
ALTER TABLE customers ADD COLUMN email_consent INTEGER;
ALTER TABLE customers ADD COLUMN consent_source TEXT;
ALTER TABLE customers ADD COLUMN consent_at TEXT;
ALTER TABLE customers ADD COLUMN erased_at TEXT;

CREATE TABLE consent_events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_code   TEXT NOT NULL REFERENCES customers (code),
    at              TEXT NOT NULL,
    consent         INTEGER NOT NULL,
    source          TEXT NOT NULL,
    actor           TEXT NOT NULL
);
CREATE INDEX ix_consent_events_customer ON consent_events (customer_code);
