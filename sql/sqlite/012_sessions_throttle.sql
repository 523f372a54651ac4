-- Dashboard sessions kept on the server, so logout, a password reset, a role change or an admin's "sign out
-- everywhere" end a cookie at once; expires_at is the absolute cap however active the session is.
CREATE TABLE user_sessions (
    id              TEXT PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at      TEXT NOT NULL,
    expires_at      TEXT NOT NULL
);
CREATE INDEX ix_user_sessions_user ON user_sessions (user_id);

-- Failed logins per (account as typed, client address): backoff for that pair only, so a stranger cannot lock
-- anyone else out, and an unknown account is throttled exactly like a real one.
CREATE TABLE login_throttle (
    account         TEXT NOT NULL,
    address         TEXT NOT NULL,
    failures        INTEGER NOT NULL,
    last_failure_at TEXT NOT NULL,
    blocked_until   TEXT,
    PRIMARY KEY (account, address)
);
CREATE INDEX ix_login_throttle_last ON login_throttle (last_failure_at);
