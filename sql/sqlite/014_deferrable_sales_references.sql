-- PostgreSQL's 014 makes the references of sales_lines deferrable for the import's direct load; SQLite's import
-- keeps staging + one set-based insert, so nothing changes here (kept so both providers share version numbers).
SELECT 1;
