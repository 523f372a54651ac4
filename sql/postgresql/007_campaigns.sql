-- Email campaigns (same logical schema as sql/sqlite/007_campaigns.sql): templates, campaigns drawn from a
-- recommendation run, their recipients with group and send log, the wines per recipient, Brevo's events, and
-- the suppressed addresses. Times are timestamptz.

-- Liquid templates, one row per (name, language); 'default' fr/en are seeded on first use by TemplateStore.
CREATE TABLE email_templates (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            text NOT NULL,
    language        text NOT NULL,
    subject         text NOT NULL,
    html            text NOT NULL,
    text            text NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    UNIQUE (name, language)
);

-- state: draft → approved → sending → sent, or cancelled. filters: JSON {segments, scenarios, customers}.
CREATE TABLE campaigns (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            text NOT NULL,
    state           text NOT NULL CHECK (state IN ('draft', 'approved', 'sending', 'sent', 'cancelled')),
    run_id          bigint NOT NULL REFERENCES recommendation_runs (id),
    filters         text NOT NULL,
    subject         text NOT NULL,
    template        text NOT NULL,
    language        text NOT NULL,
    send_at         timestamptz,
    holdout_share   double precision NOT NULL,
    seed            bigint NOT NULL,
    created_at      timestamptz NOT NULL,
    created_by      text NOT NULL,
    approved_at     timestamptz,
    approved_by     text,
    send_started_at timestamptz,
    sent_at         timestamptz,
    cancelled_at    timestamptz,
    updated_at      timestamptz NOT NULL
);

-- One row per customer of the run's filtered audience: grp treatment|control, NULL when excluded before the draw; status pending|sending|sent|failed|uncertain|excluded.
-- A row goes to 'sending' with its batch before the call to the transport, and is closed with the message id.
CREATE TABLE campaign_recipients (
    campaign_id     bigint NOT NULL REFERENCES campaigns (id),
    customer_code   text NOT NULL REFERENCES customers (code),
    email           text,
    segment         text NOT NULL,
    scenario        text NOT NULL,
    grp             text CHECK (grp IN ('treatment', 'control')),
    status          text NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'uncertain', 'excluded')),
    reason          text,
    message_id      text,
    batch_no        integer,
    created_at      timestamptz NOT NULL,
    sending_at      timestamptz,
    sent_at         timestamptz,
    PRIMARY KEY (campaign_id, customer_code)
);
CREATE INDEX ix_campaign_recipients_customer ON campaign_recipients (customer_code, status);

-- The wines each recipient gets (copied from the run, so a later run changes nothing); removed during review
-- or at send (sold out) with the reason.
CREATE TABLE campaign_items (
    campaign_id     bigint NOT NULL REFERENCES campaigns (id),
    customer_code   text NOT NULL,
    rank            integer NOT NULL,
    article         text NOT NULL,
    reason_fr       text NOT NULL,
    reason_en       text NOT NULL,
    removed_reason  text,
    PRIMARY KEY (campaign_id, customer_code, rank)
);

-- One row per call to the transport: the idempotency key derived from (campaign, batch), and its outcome.
CREATE TABLE campaign_batches (
    campaign_id     bigint NOT NULL REFERENCES campaigns (id),
    batch_no        integer NOT NULL,
    idempotency_key text NOT NULL,
    transport       text NOT NULL,
    status          text NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'uncertain')),
    recipients      integer NOT NULL,
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    error           text,
    PRIMARY KEY (campaign_id, batch_no)
);

-- Brevo's events (webhook or pull); the same event twice is one row.
CREATE TABLE email_events (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id      text NOT NULL,
    event           text NOT NULL,
    ts_event        bigint NOT NULL,
    email           text,
    campaign_id     bigint,
    customer_code   text,
    link            text,
    reason          text,
    source          text NOT NULL,
    received_at     timestamptz NOT NULL,
    UNIQUE (message_id, event, ts_event)
);
CREATE INDEX ix_email_events_campaign ON email_events (campaign_id, event);

-- Addresses never written to again (hard bounce, spam complaint, unsubscribe, manual).
CREATE TABLE email_suppressions (
    email           text PRIMARY KEY,
    reason          text NOT NULL,
    source          text NOT NULL,
    created_at      timestamptz NOT NULL
);
