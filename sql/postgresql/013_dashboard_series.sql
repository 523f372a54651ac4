-- The dashboard's debug view and charts (docs/dashboard.md, docs/recommendations.md).

-- Each source's min-max normalized score (0-1; NULL: the source had weight 0 in the customer's blend) behind the
-- recommended wines (removed_by NULL) and the best candidates the guardrails removed (a few per customer).
-- Only the latest run keeps them: saving a run deletes the previous runs' rows.
CREATE TABLE recommendation_source_scores (
    run_id         bigint NOT NULL REFERENCES recommendation_runs (id),
    customer_code  text NOT NULL,
    article        text NOT NULL,
    removed_by     text,
    blend          real NOT NULL,
    mf             real,
    item_knn       real,
    rules          real,
    rebuy          real,
    popularity     real,
    seasonal       real,
    upsell         real,
    discovery      real,
    variety_mix    real,
    buy_again      real,
    PRIMARY KEY (run_id, customer_code, article)
);

-- Sales per calendar month ('YYYY-MM'), as the monthly charts count them (ReportQueries): revenue incl. VAT
-- (credit notes subtract), orders and buyers (documents and customers with a line of bottles that is not a credit
-- note), bottles. Rebuilt after each import (MonthlySalesSeries.RefreshAsync).
CREATE TABLE monthly_sales (
    month    text PRIMARY KEY,
    revenue  numeric NOT NULL,
    orders   integer NOT NULL,
    buyers   integer NOT NULL,
    bottles  numeric NOT NULL
);

INSERT INTO monthly_sales (month, revenue, orders, buyers, bottles)
SELECT to_char(s.sale_date, 'YYYY-MM'), COALESCE(SUM(COALESCE(s.amount_ttc, s.amount_ht * 1.2, 0)), 0),
       COUNT(DISTINCT CASE WHEN s.document_type <> 'credit_note' AND s.bottles > 0 THEN s.customer_code || '|' || s.document_no END),
       COUNT(DISTINCT CASE WHEN s.document_type <> 'credit_note' AND s.bottles > 0 THEN s.customer_code END),
       COALESCE(SUM(s.bottles), 0)
FROM sales_lines s GROUP BY to_char(s.sale_date, 'YYYY-MM');
