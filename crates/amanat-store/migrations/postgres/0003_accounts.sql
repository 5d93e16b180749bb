-- Customer accounts and sign-in security (issue 3). Nothing here holds a password, code or
-- token in clear: passwords are Argon2id PHC strings, codes and tokens keyed or plain
-- digests, and anything personal (a TOTP secret, a queued message) is sealed under the
-- customer's data key, so erasing the key erases it too.
CREATE TABLE accounts (
    customer_id TEXT PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
    password_hash TEXT NOT NULL,
    status TEXT NOT NULL,             -- pending | active | frozen
    language TEXT NOT NULL,
    email_verified_at BIGINT,
    phone_verified_at BIGINT,
    totp_sealed BYTEA,
    totp_confirmed_at BIGINT,
    totp_last_step BIGINT,
    locked_at BIGINT,
    password_changed_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Consecutive failed passwords, per account (or per unknown login, so unknown and known
-- logins behave the same).
CREATE TABLE login_failures (
    login_key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    last_failed_at BIGINT NOT NULL
);

-- Fixed-window counters (SMS caps per number and country, per-IP limits), updated with
-- one atomic upsert so parallel requests and several servers share one limit.
CREATE TABLE rate_counters (
    key TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (key, window_start)
);

-- One-time codes. `flow_hash` is the digest of the flow id given to the client.
CREATE TABLE challenges (
    id TEXT PRIMARY KEY,
    flow_hash BYTEA NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    channel TEXT NOT NULL,             -- email | sms | totp
    code_hash BYTEA,
    sent_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    consumed_at BIGINT,
    flow_expires_at BIGINT NOT NULL,
    payload_sealed BYTEA
);
CREATE INDEX challenges_customer ON challenges(customer_id);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    token_hash BYTEA NOT NULL UNIQUE,
    subject_kind TEXT NOT NULL,        -- customer | staff
    subject TEXT NOT NULL,
    method TEXT NOT NULL,
    device TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX sessions_subject ON sessions(subject);

CREATE TABLE reset_tokens (
    token_hash BYTEA PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX reset_tokens_customer ON reset_tokens(customer_id);

-- A frozen account's case: who froze it and how, and the steps of unfreezing.
CREATE TABLE freeze_cases (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    source TEXT NOT NULL,              -- session | public_form | staff
    status TEXT NOT NULL,              -- frozen | unfreeze_requested | awaiting_approval | closed
    opened_at BIGINT NOT NULL,
    email_proved_at BIGINT,
    phone_proved_at BIGINT,
    new_phone_sealed BYTEA,
    approved_by TEXT,
    closed_at BIGINT
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
    payload_sealed BYTEA,
    status TEXT NOT NULL,              -- pending | sent | failed
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_until BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    sent_at BIGINT
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);

ALTER TABLE staff ADD COLUMN password_hash TEXT;
ALTER TABLE staff ADD COLUMN totp_sealed BYTEA;
ALTER TABLE staff ADD COLUMN totp_last_step BIGINT;
