-- The optional iSaVigne exports: stock snapshots and past marketing contacts (same logical schema as
-- sql/postgresql/005_stock_contacts.sql). Dates are ISO text, quantities REAL.

-- One row per article and snapshot day; what can be sold is stock_total - stock_reserve of the latest day.
-- No foreign key to products: a stock list also counts articles the catalogue does not (glasses, boxes), and
-- the guardrail reads stock by article whenever the catalogue knows it.
CREATE TABLE stock_snapshots (
    article           TEXT NOT NULL,
    snapshot_date     TEXT NOT NULL,
    stock_total       REAL NOT NULL,
    stock_reserve     REAL NOT NULL,
    created_import_id INTEGER NOT NULL,
    updated_import_id INTEGER NOT NULL,
    updated_at        TEXT NOT NULL,
    PRIMARY KEY (article, snapshot_date)
);

-- One row per (customer, day, channel, campaign): overlapping exports do not duplicate. campaign_id is '' when
-- the export has none. status is normalized (sent, opened, …, failed); status_text is the export's word.
CREATE TABLE contacts (
    id                INTEGER PRIMARY KEY,
    customer_code     TEXT NOT NULL REFERENCES customers (code),
    contact_date      TEXT NOT NULL,
    channel           TEXT NOT NULL,
    campaign_id       TEXT NOT NULL,
    status            TEXT NOT NULL,
    status_text       TEXT,
    created_import_id INTEGER NOT NULL,
    updated_import_id INTEGER NOT NULL,
    updated_at        TEXT NOT NULL,
    UNIQUE (customer_code, contact_date, channel, campaign_id)
);
CREATE INDEX ix_contacts_date ON contacts (contact_date);

-- What a guardrail saw when it removed a candidate ("0 available on 2026-10-31", "EMAIL contact on …").
ALTER TABLE guardrail_removals ADD COLUMN detail TEXT;
