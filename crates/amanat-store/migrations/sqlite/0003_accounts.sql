-- Customer accounts and sign-in security (issue 3). Nothing here holds a password, code or
-- token in clear: passwords are Argon2id PHC strings, codes and tokens keyed or plain
-- digests, and anything personal (a TOTP secret, a queued message) is sealed under the
-- customer's data key, so erasing the key erases it too.
CREATE TABLE accounts (
    customer_id TEXT PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
    password_hash TEXT NOT NULL,
    status TEXT NOT NULL,             -- pending | active | frozen
    language TEXT NOT NULL,
    email_verified_at INTEGER,
    phone_verified_at INTEGER,
    totp_sealed BLOB,
    totp_confirmed_at INTEGER,
    totp_last_step INTEGER,
    locked_at INTEGER,
    password_changed_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);

-- Consecutive failed passwords, per account (or per unknown login, so unknown and known
-- logins behave the same).
CREATE TABLE login_failures (
    login_key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failed_at INTEGER NOT NULL
);

-- Fixed-window counters (SMS caps per number and country, per-IP limits), updated with
-- one atomic upsert so parallel requests and several servers share one limit.
CREATE TABLE rate_counters (
    key TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (key, window_start)
);

-- One-time codes. `flow_hash` is the digest of the flow id given to the client.
CREATE TABLE challenges (
    id TEXT PRIMARY KEY,
    flow_hash BLOB NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    channel TEXT NOT NULL,             -- email | sms | totp
    code_hash BLOB,
    sent_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    consumed_at INTEGER,
    flow_expires_at INTEGER NOT NULL,
    payload_sealed BLOB
);
CREATE INDEX challenges_customer ON challenges(customer_id);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    token_hash BLOB NOT NULL UNIQUE,
    subject_kind TEXT NOT NULL,        -- customer | staff
    subject TEXT NOT NULL,
    method TEXT NOT NULL,
    device TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX sessions_subject ON sessions(subject);

CREATE TABLE reset_tokens (
    token_hash BLOB PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE INDEX reset_tokens_customer ON reset_tokens(customer_id);

-- A frozen account's case: who froze it and how, and the steps of unfreezing.
CREATE TABLE freeze_cases (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    source TEXT NOT NULL,              -- session | public_form | staff
    status TEXT NOT NULL,              -- frozen | unfreeze_requested | awaiting_approval | closed
    opened_at INTEGER NOT NULL,
    email_proved_at INTEGER,
    phone_proved_at INTEGER,
    new_phone_sealed BLOB,
    approved_by TEXT,
    closed_at INTEGER
);
CREATE INDEX freeze_cases_customer ON freeze_cases(customer_id);

-- The durable outbox: at-least-once delivery with backoff. The payload (address, number,
-- message) is sealed under the customer's key and removed once sent.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    customer_id TEXT REFERENCES customers(id) ON DELETE CASCADE,
    channel TEXT NOT NULL,             -- email | sms
    kind TEXT NOT NULL,
    payload_sealed BLOB,
    status TEXT NOT NULL,              -- pending | sent | failed
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_until INTEGER,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    sent_at INTEGER
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);

ALTER TABLE staff ADD COLUMN password_hash TEXT;
ALTER TABLE staff ADD COLUMN totp_sealed BLOB;
ALTER TABLE staff ADD COLUMN totp_last_step INTEGER;
