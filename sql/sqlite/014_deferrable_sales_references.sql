-- PostgreSQL's 014 makes the references of sales_lines deferrable for the import's direct load; SQLite defers
-- them per transaction with PRAGMA defer_foreign_keys, so nothing changes here (kept for one version on both).
SELECT 1;
