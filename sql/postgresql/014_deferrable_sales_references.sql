-- Sales lines are copied straight into sales_lines during an import (no staging table, no second pass), before
-- the file's stub customers and products are created: the import defers these two checks to the end of the
-- file's transaction (SET CONSTRAINTS … DEFERRED). Every other statement still checks them immediately.
ALTER TABLE sales_lines ALTER CONSTRAINT sales_lines_customer_code_fkey DEFERRABLE INITIALLY IMMEDIATE;
ALTER TABLE sales_lines ALTER CONSTRAINT sales_lines_article_fkey DEFERRABLE INITIALLY IMMEDIATE;
