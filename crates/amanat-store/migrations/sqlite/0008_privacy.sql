-- Privacy in practice (issue 4, second part): privacy requests, restriction, the
-- recipients registry and shares, lawful orders (legal hold), pseudonymous usage events.
-- No column here holds a personal value in clear: what a customer wrote with a request is
-- sealed under their data key (and unreadable once they are erased).

CREATE TABLE privacy_requests (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    kind TEXT NOT NULL,                 -- access | rectification | erasure | restriction | objection
    state TEXT NOT NULL,                -- received | verified | in_progress | completed | refused
    source TEXT NOT NULL,               -- portal | staff
    details_sealed BLOB,                -- the customer's own words / proposed values, sealed
    received_at INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    extended_at INTEGER,
    extension_reason TEXT,              -- a code: complex | many_requests | third_party
    verified_by TEXT,                   -- session | document | callback | email
    outcome TEXT,                       -- refusal reason code, or what completion kept
    closed_at INTEGER,
    updated_at INTEGER NOT NULL
);
CREATE INDEX privacy_requests_customer ON privacy_requests(customer_id, received_at);
CREATE INDEX privacy_requests_open ON privacy_requests(state, due_at);

-- Each step of a request, for the customer's and the DPO's history. Codes only.
CREATE TABLE privacy_request_steps (
    request_id TEXT NOT NULL REFERENCES privacy_requests(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    at INTEGER NOT NULL,
    state TEXT NOT NULL,
    role TEXT NOT NULL,
    note TEXT,
    PRIMARY KEY (request_id, seq)
);

-- Customers whose processing is restricted (the data is kept, not used).
CREATE TABLE restrictions (
    customer_id TEXT PRIMARY KEY REFERENCES customers(id),
    since INTEGER NOT NULL,
    request_id TEXT
);

-- Third parties that may receive personal data, with what they accepted.
CREATE TABLE recipients (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    country TEXT NOT NULL,
    purposes TEXT NOT NULL,              -- JSON array of purpose ids
    business_responsibility TEXT NOT NULL,
    recipient_responsibility TEXT NOT NULL,
    terms_sha256 TEXT,
    terms_accepted_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- A customer's consent to a share with one recipient for one purpose: append-only.
CREATE TABLE share_consents (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    recipient_id TEXT NOT NULL REFERENCES recipients(id),
    purpose TEXT NOT NULL,
    granted INTEGER NOT NULL,
    source TEXT NOT NULL,
    at INTEGER NOT NULL,
    request_id TEXT NOT NULL
);
CREATE INDEX share_consents_customer ON share_consents(customer_id, recipient_id, purpose, seq);

-- Every disclosure: which fields went to whom, for what, on which basis. Field names only.
CREATE TABLE shares (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    recipient_id TEXT REFERENCES recipients(id),
    recipient_name TEXT NOT NULL,
    purpose TEXT NOT NULL,
    fields TEXT NOT NULL,               -- JSON array of field names
    basis TEXT NOT NULL,                -- consent | lawful_order
    order_id TEXT,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    visible_from INTEGER NOT NULL       -- the customer is shown it from then (an order may forbid telling)
);
CREATE INDEX shares_customer ON shares(customer_id, at);

-- Court and authority orders: recorded, approved by a DPO who did not record it,
-- fulfilled by a scoped export whose hash is kept, closed. An open order holds its
-- customers' data from erasure.
CREATE TABLE legal_orders (
    id TEXT PRIMARY KEY,
    authority TEXT NOT NULL,
    reference TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    document_sha256 TEXT NOT NULL,
    fields TEXT NOT NULL,               -- JSON array of field names in scope
    state TEXT NOT NULL,                -- recorded | approved | fulfilled | closed
    silent_until INTEGER,               -- the customers may not be told before then
    recorded_by TEXT NOT NULL,
    recorded_at INTEGER NOT NULL,
    approved_by TEXT,
    approved_at INTEGER,
    fulfilled_by TEXT,
    fulfilled_at INTEGER,
    export_sha256 TEXT,
    closed_at INTEGER
);

CREATE TABLE legal_order_customers (
    order_id TEXT NOT NULL REFERENCES legal_orders(id),
    customer_id TEXT NOT NULL REFERENCES customers(id),
    told_at INTEGER,
    PRIMARY KEY (order_id, customer_id)
);
CREATE INDEX legal_order_customers_customer ON legal_order_customers(customer_id);

-- Usage events under a keyed pseudonym of the customer (never the id), month only.
CREATE TABLE usage_events (
    pseudonym BLOB NOT NULL,
    event TEXT NOT NULL,
    dimension TEXT NOT NULL,
    month TEXT NOT NULL
);
CREATE INDEX usage_events_event ON usage_events(event, month);
CREATE INDEX usage_events_pseudonym ON usage_events(pseudonym);
