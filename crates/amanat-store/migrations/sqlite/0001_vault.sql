-- The data store: ciphertexts, blind indexes, order references, staff, audit chain.
-- Never holds a key: customer data keys live in the separate key store.
CREATE TABLE staff (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    token_hash BLOB NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    disabled_at INTEGER
);

CREATE TABLE customers (
    id TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    last_active_at INTEGER NOT NULL
);

CREATE TABLE customer_fields (
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    sealed BLOB NOT NULL,
    PRIMARY KEY (customer_id, field)
);

CREATE TABLE blind_index (
    field TEXT NOT NULL,
    digest BLOB NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    PRIMARY KEY (field, digest)
);
CREATE INDEX blind_index_customer ON blind_index(customer_id);

CREATE TABLE orders (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    order_number TEXT NOT NULL UNIQUE,
    payment_reference TEXT,
    tracking_code TEXT,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX orders_customer ON orders(customer_id);

CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    purpose TEXT NOT NULL,
    fields TEXT NOT NULL,
    request_id TEXT NOT NULL,
    hash BLOB NOT NULL
);
CREATE INDEX audit_subject ON audit_log(subject);

-- The head of the chain: the last sequence number and hash. Guards against silent
-- truncation of the newest entries and serialises writers.
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash BLOB NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, zeroblob(32));

-- Every appended entry becomes the head, in the same statement.
CREATE TRIGGER audit_advance_head AFTER INSERT ON audit_log
BEGIN
    UPDATE audit_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1;
END;

-- Same row shape as customer_fields with no encryption and no audit: the baseline
-- the vault benchmark compares protected reads against. Empty outside benchmarks.
CREATE TABLE bench_plain_fields (
    customer_id TEXT NOT NULL,
    field TEXT NOT NULL,
    value BLOB NOT NULL,
    PRIMARY KEY (customer_id, field)
);
