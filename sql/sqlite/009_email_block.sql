-- Recommendations are not a channel (issue 19): every customer keeps the run's recommendations; a customer an
-- email cannot carry as of the run gets one row here, with the email rule and the day it stops blocking (the
-- silence window's end; NULL when no date ends it, e.g. no consent). The campaign audience applies consent,
-- suppression and contact pressure itself when drawn and again at send.
CREATE TABLE recommendation_email_blocks (
    run_id         INTEGER NOT NULL REFERENCES recommendation_runs (id),
    customer_code  TEXT NOT NULL,
    rule           TEXT NOT NULL,
    until_date     TEXT,
    detail         TEXT,
    PRIMARY KEY (run_id, customer_code)
);
