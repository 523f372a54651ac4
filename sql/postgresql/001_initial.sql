-- CrmReco schema, PostgreSQL. Same logical schema as sql/sqlite/001_initial.sql.
CREATE TABLE imports (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    status          text NOT NULL,
    started_by      text NOT NULL,
    files           integer NOT NULL DEFAULT 0,
    rows_read       integer NOT NULL DEFAULT 0,
    rows_loaded     integer NOT NULL DEFAULT 0,
    rows_duplicate  integer NOT NULL DEFAULT 0,
    rows_rejected   integer NOT NULL DEFAULT 0
);

CREATE TABLE import_files (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    import_id       bigint NOT NULL REFERENCES imports (id),
    path            text NOT NULL,
    file_name       text NOT NULL,
    kind            text NOT NULL,
    sha256          text NOT NULL,
    size_bytes      bigint NOT NULL,
    format          text NOT NULL,
    status          text NOT NULL,
    rows_read       integer NOT NULL,
    rows_loaded     integer NOT NULL,
    rows_duplicate  integer NOT NULL,
    rows_rejected   integer NOT NULL,
    error           text,
    duration_ms     bigint NOT NULL,
    finished_at     timestamptz NOT NULL
);
CREATE INDEX ix_import_files_import ON import_files (import_id);
-- A content is loaded at most once: the guard against importing the same export twice.
CREATE UNIQUE INDEX ux_import_files_loaded_sha256 ON import_files (sha256) WHERE status = 'loaded';

CREATE TABLE rejected_rows (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    import_id       bigint NOT NULL REFERENCES imports (id),
    import_file_id  bigint NOT NULL REFERENCES import_files (id),
    file_name       text NOT NULL,
    line_number     integer NOT NULL,
    column_name     text NOT NULL,
    raw_value       text,
    reason          text NOT NULL
);
CREATE INDEX ix_rejected_rows_import ON rejected_rows (import_id);

CREATE TABLE customers (
    code              text PRIMARY KEY,
    last_name         text,
    first_name        text,
    email             text,
    email_valid       boolean NOT NULL,
    phone             text,
    address           text,
    postal_code       text,
    city              text,
    country           text,
    is_stub           boolean NOT NULL,
    created_import_id bigint NOT NULL,
    updated_import_id bigint NOT NULL,
    updated_at        timestamptz NOT NULL
);
CREATE INDEX ix_customers_email ON customers (email);

CREATE TABLE products (
    article           text PRIMARY KEY,
    label             text,
    variety           text,
    vintage           integer,
    colour            text,
    is_sparkling      boolean NOT NULL,
    is_late_harvest   boolean NOT NULL,
    is_grand_cru      boolean NOT NULL,
    bottles_per_unit  numeric(10,4) NOT NULL,
    family            text,
    sub_family        text,
    macro_category    text,
    price_ttc         numeric(14,4),
    price_band        text,
    premium_tier      text,
    is_stub           boolean NOT NULL,
    created_import_id bigint NOT NULL,
    updated_import_id bigint NOT NULL,
    updated_at        timestamptz NOT NULL
);

CREATE TABLE sales_lines (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    line_key        text NOT NULL UNIQUE,
    import_id       bigint NOT NULL REFERENCES imports (id),
    customer_code   text NOT NULL REFERENCES customers (code),
    article         text REFERENCES products (article),
    document_no     text NOT NULL,
    document_type   text NOT NULL,
    line_no         integer,
    sale_date       date NOT NULL,
    label           text,
    quantity        numeric(14,4) NOT NULL,
    bottles         numeric(14,4) NOT NULL,
    unit_price_ht   numeric(14,4),
    amount_ht       numeric(14,4),
    amount_ttc      numeric(14,4),
    margin          numeric(14,4),
    email           text,
    postal_code     text,
    city            text,
    source_line     integer NOT NULL
);
CREATE INDEX ix_sales_lines_customer ON sales_lines (customer_code);
CREATE INDEX ix_sales_lines_article ON sales_lines (article);
CREATE INDEX ix_sales_lines_date ON sales_lines (sale_date);
