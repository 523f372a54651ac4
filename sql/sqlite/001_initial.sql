-- CrmReco schema, SQLite. Same logical schema as sql/postgresql/001_initial.sql: dates are ISO text,
-- booleans 0/1, money REAL (SQLite has no decimal type; analytics work in double anyway).
CREATE TABLE imports (
    id              INTEGER PRIMARY KEY,
    started_at      TEXT NOT NULL,
    finished_at     TEXT,
    status          TEXT NOT NULL,
    started_by      TEXT NOT NULL,
    files           INTEGER NOT NULL DEFAULT 0,
    rows_read       INTEGER NOT NULL DEFAULT 0,
    rows_loaded     INTEGER NOT NULL DEFAULT 0,
    rows_duplicate  INTEGER NOT NULL DEFAULT 0,
    rows_rejected   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE import_files (
    id              INTEGER PRIMARY KEY,
    import_id       INTEGER NOT NULL REFERENCES imports (id),
    path            TEXT NOT NULL,
    file_name       TEXT NOT NULL,
    kind            TEXT NOT NULL,
    sha256          TEXT NOT NULL,
    size_bytes      INTEGER NOT NULL,
    format          TEXT NOT NULL,
    status          TEXT NOT NULL,
    rows_read       INTEGER NOT NULL,
    rows_loaded     INTEGER NOT NULL,
    rows_duplicate  INTEGER NOT NULL,
    rows_rejected   INTEGER NOT NULL,
    error           TEXT,
    duration_ms     INTEGER NOT NULL,
    finished_at     TEXT NOT NULL
);
CREATE INDEX ix_import_files_import ON import_files (import_id);
-- A content is loaded at most once: the guard against importing the same export twice.
CREATE UNIQUE INDEX ux_import_files_loaded_sha256 ON import_files (sha256) WHERE status = 'loaded';

CREATE TABLE rejected_rows (
    id              INTEGER PRIMARY KEY,
    import_id       INTEGER NOT NULL REFERENCES imports (id),
    import_file_id  INTEGER NOT NULL REFERENCES import_files (id),
    file_name       TEXT NOT NULL,
    line_number     INTEGER NOT NULL,
    column_name     TEXT NOT NULL,
    raw_value       TEXT,
    reason          TEXT NOT NULL
);
CREATE INDEX ix_rejected_rows_import ON rejected_rows (import_id);

CREATE TABLE customers (
    code              TEXT PRIMARY KEY,
    last_name         TEXT,
    first_name        TEXT,
    email             TEXT,
    email_valid       INTEGER NOT NULL,
    phone             TEXT,
    address           TEXT,
    postal_code       TEXT,
    city              TEXT,
    country           TEXT,
    is_stub           INTEGER NOT NULL,
    created_import_id INTEGER NOT NULL,
    updated_import_id INTEGER NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX ix_customers_email ON customers (email);

CREATE TABLE products (
    article           TEXT PRIMARY KEY,
    label             TEXT,
    variety           TEXT,
    vintage           INTEGER,
    colour            TEXT,
    is_sparkling      INTEGER NOT NULL,
    is_late_harvest   INTEGER NOT NULL,
    is_grand_cru      INTEGER NOT NULL,
    bottles_per_unit  REAL NOT NULL,
    family            TEXT,
    sub_family        TEXT,
    macro_category    TEXT,
    price_ttc         REAL,
    price_band        TEXT,
    premium_tier      TEXT,
    is_stub           INTEGER NOT NULL,
    created_import_id INTEGER NOT NULL,
    updated_import_id INTEGER NOT NULL,
    updated_at        TEXT NOT NULL
);

CREATE TABLE sales_lines (
    id              INTEGER PRIMARY KEY,
    line_key        TEXT NOT NULL UNIQUE,
    import_id       INTEGER NOT NULL REFERENCES imports (id),
    customer_code   TEXT NOT NULL REFERENCES customers (code),
    article         TEXT REFERENCES products (article),
    document_no     TEXT NOT NULL,
    document_type   TEXT NOT NULL,
    line_no         INTEGER,
    sale_date       TEXT NOT NULL,
    label           TEXT,
    quantity        REAL NOT NULL,
    bottles         REAL NOT NULL,
    unit_price_ht   REAL,
    amount_ht       REAL,
    amount_ttc      REAL,
    margin          REAL,
    email           TEXT,
    postal_code     TEXT,
    city            TEXT,
    source_line     INTEGER NOT NULL
);
CREATE INDEX ix_sales_lines_customer ON sales_lines (customer_code);
CREATE INDEX ix_sales_lines_article ON sales_lines (article);
CREATE INDEX ix_sales_lines_date ON sales_lines (sale_date);
