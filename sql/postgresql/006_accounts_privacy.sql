-- Dashboard accounts, API keys, the audit log, and the privacy fields (consent and its history, erasure).
CREATE TABLE users (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email           text NOT NULL UNIQUE,
    password_hash   text NOT NULL,
    role            text NOT NULL CHECK (role IN ('admin', 'marketing', 'viewer')),
    failed_logins   integer NOT NULL DEFAULT 0,
    locked_until    timestamptz,
    created_at      timestamptz NOT NULL,
    last_login_at   timestamptz
);

-- Only the SHA-256 of a key is kept: the key itself is shown once, at creation.
CREATE TABLE api_keys (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            text NOT NULL,
    key_hash        text NOT NULL UNIQUE,
    prefix          text NOT NULL,
    role            text NOT NULL CHECK (role IN ('admin', 'marketing', 'viewer')),
    created_by      text NOT NULL,
    created_at      timestamptz NOT NULL,
    revoked_at      timestamptz,
    last_used_at    timestamptz
);

CREATE TABLE audit_log (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at              timestamptz NOT NULL,
    actor           text NOT NULL,
    action          text NOT NULL,
    target          text,
    details         text
);
CREATE INDEX ix_audit_log_at ON audit_log (at);

-- Consent: NULL = never recorded (soft opt-in applies to existing customers), TRUE = opted in, FALSE = opted out.
ALTER TABLE customers ADD COLUMN email_consent boolean;
ALTER TABLE customers ADD COLUMN consent_source text;
ALTER TABLE customers ADD COLUMN consent_at timestamptz;
ALTER TABLE customers ADD COLUMN erased_at timestamptz;

CREATE TABLE consent_events (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_code   text NOT NULL REFERENCES customers (code),
    at              timestamptz NOT NULL,
    consent         boolean NOT NULL,
    source          text NOT NULL,
    actor           text NOT NULL
);
CREATE INDEX ix_consent_events_customer ON consent_events (customer_code);
