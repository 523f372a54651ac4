-- The optional iSaVigne exports: stock snapshots and past marketing contacts (same logical schema as
-- sql/sqlite/005_stock_contacts.sql).

-- One row per article and snapshot day; what can be sold is stock_total - stock_reserve of the latest day.
-- No foreign key to products: a stock list also counts articles the catalogue does not (glasses, boxes), and
-- the guardrail reads stock by article whenever the catalogue knows it.
CREATE TABLE stock_snapshots (
    article           text NOT NULL,
    snapshot_date     date NOT NULL,
    stock_total       numeric(14,4) NOT NULL,
    stock_reserve     numeric(14,4) NOT NULL,
    created_import_id bigint NOT NULL,
    updated_import_id bigint NOT NULL,
    updated_at        timestamptz NOT NULL,
    PRIMARY KEY (article, snapshot_date)
);

-- One row per (customer, day, channel, campaign): overlapping exports do not duplicate. campaign_id is '' when
-- the export has none. status is normalized (sent, opened, …, failed); status_text is the export's word.
CREATE TABLE contacts (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_code     text NOT NULL REFERENCES customers (code),
    contact_date      date NOT NULL,
    channel           text NOT NULL,
    campaign_id       text NOT NULL,
    status            text NOT NULL,
    status_text       text,
    created_import_id bigint NOT NULL,
    updated_import_id bigint NOT NULL,
    updated_at        timestamptz NOT NULL,
    UNIQUE (customer_code, contact_date, channel, campaign_id)
);
CREATE INDEX ix_contacts_date ON contacts (contact_date);

-- What a guardrail saw when it removed a candidate ("0 available on 2026-10-31", "EMAIL contact on …").
ALTER TABLE guardrail_removals ADD COLUMN detail text;
