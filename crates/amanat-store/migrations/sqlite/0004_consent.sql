-- Consent (issue 4): an append-only ledger of every grant, withdrawal and objection, and
-- the current state derived from it in the same transaction (one row per customer,
-- purpose and channel; channel '*' holds an objection to the purpose as a whole).
CREATE TABLE consent_ledger (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    channel TEXT NOT NULL,             -- email | sms | post | phone | * (objection)
    kind TEXT NOT NULL,                -- consent | objection
    granted INTEGER NOT NULL,          -- consent: 1 granted, 0 withdrawn; objection: 0 objects, 1 lifted
    policy_version TEXT NOT NULL,
    source TEXT NOT NULL,              -- portal | api | staff | import
    at INTEGER NOT NULL,
    request_id TEXT NOT NULL
);
CREATE INDEX consent_ledger_customer ON consent_ledger(customer_id, seq);

CREATE TABLE consent_state (
    purpose TEXT NOT NULL,
    channel TEXT NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    granted INTEGER NOT NULL,
    at INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (purpose, channel, customer_id)
);
CREATE INDEX consent_state_customer ON consent_state(customer_id);
