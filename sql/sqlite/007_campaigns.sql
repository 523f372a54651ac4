-- Email campaigns (same logical schema as sql/postgresql/007_campaigns.sql): templates, campaigns drawn from a
-- recommendation run, their recipients with group and send log, the wines per recipient, Brevo's events, and
-- the suppressed addresses. Dates are ISO text.

-- Liquid templates, one row per (name, language); 'default' fr/en are seeded on first use by TemplateStore.
CREATE TABLE email_templates (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    language        TEXT NOT NULL,
    subject         TEXT NOT NULL,
    html            TEXT NOT NULL,
    text            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (name, language)
);

-- state: draft → approved → sending → sent, or cancelled. filters: JSON {segments, scenarios, customers}.
CREATE TABLE campaigns (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('draft', 'approved', 'sending', 'sent', 'cancelled')),
    run_id          INTEGER NOT NULL REFERENCES recommendation_runs (id),
    filters         TEXT NOT NULL,
    subject         TEXT NOT NULL,
    template        TEXT NOT NULL,
    language        TEXT NOT NULL,
    send_at         TEXT,
    holdout_share   REAL NOT NULL,
    seed            INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    approved_at     TEXT,
    approved_by     TEXT,
    send_started_at TEXT,
    sent_at         TEXT,
    cancelled_at    TEXT,
    updated_at      TEXT NOT NULL
);

-- One row per customer of the run's filtered audience: grp treatment|control, NULL when excluded before the draw; status pending|sending|sent|failed|uncertain|excluded.
-- A row goes to 'sending' with its batch before the call to the transport, and is closed with the message id.
CREATE TABLE campaign_recipients (
    campaign_id     INTEGER NOT NULL REFERENCES campaigns (id),
    customer_code   TEXT NOT NULL REFERENCES customers (code),
    email           TEXT,
    segment         TEXT NOT NULL,
    scenario        TEXT NOT NULL,
    grp             TEXT CHECK (grp IN ('treatment', 'control')),
    status          TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'uncertain', 'excluded')),
    reason          TEXT,
    message_id      TEXT,
    batch_no        INTEGER,
    created_at      TEXT NOT NULL,
    sending_at      TEXT,
    sent_at         TEXT,
    PRIMARY KEY (campaign_id, customer_code)
);
CREATE INDEX ix_campaign_recipients_customer ON campaign_recipients (customer_code, status);

-- The wines each recipient gets (copied from the run, so a later run changes nothing); removed during review
-- or at send (sold out) with the reason.
CREATE TABLE campaign_items (
    campaign_id     INTEGER NOT NULL REFERENCES campaigns (id),
    customer_code   TEXT NOT NULL,
    rank            INTEGER NOT NULL,
    article         TEXT NOT NULL,
    reason_fr       TEXT NOT NULL,
    reason_en       TEXT NOT NULL,
    removed_reason  TEXT,
    PRIMARY KEY (campaign_id, customer_code, rank)
);

-- One row per call to the transport: the idempotency key derived from (campaign, batch), and its outcome.
CREATE TABLE campaign_batches (
    campaign_id     INTEGER NOT NULL REFERENCES campaigns (id),
    batch_no        INTEGER NOT NULL,
    idempotency_key TEXT NOT NULL,
    transport       TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'uncertain')),
    recipients      INTEGER NOT NULL,
    started_at      TEXT NOT NULL,
    finished_at     TEXT,
    error           TEXT,
    PRIMARY KEY (campaign_id, batch_no)
);

-- Brevo's events (webhook or pull); the same event twice is one row.
CREATE TABLE email_events (
    id              INTEGER PRIMARY KEY,
    message_id      TEXT NOT NULL,
    event           TEXT NOT NULL,
    ts_event        INTEGER NOT NULL,
    email           TEXT,
    campaign_id     INTEGER,
    customer_code   TEXT,
    link            TEXT,
    reason          TEXT,
    source          TEXT NOT NULL,
    received_at     TEXT NOT NULL,
    UNIQUE (message_id, event, ts_event)
);
CREATE INDEX ix_email_events_campaign ON email_events (campaign_id, event);

-- Addresses never written to again (hard bounce, spam complaint, unsubscribe, manual).
CREATE TABLE email_suppressions (
    email           TEXT PRIMARY KEY,
    reason          TEXT NOT NULL,
    source          TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
