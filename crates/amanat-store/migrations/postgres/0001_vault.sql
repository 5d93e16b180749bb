-- The data store: ciphertexts, blind indexes, order references, staff, audit chain.
-- Never holds a key: customer data keys live in the separate key store.
CREATE TABLE staff (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    token_hash BYTEA NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    disabled_at BIGINT
);

CREATE TABLE customers (
    id TEXT PRIMARY KEY,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    last_active_at BIGINT NOT NULL
);

CREATE TABLE customer_fields (
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    sealed BYTEA NOT NULL,
    PRIMARY KEY (customer_id, field)
);

CREATE TABLE blind_index (
    field TEXT NOT NULL,
    digest BYTEA NOT NULL,
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
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX orders_customer ON orders(customer_id);

CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    purpose TEXT NOT NULL,
    fields TEXT NOT NULL,
    request_id TEXT NOT NULL,
    hash BYTEA NOT NULL
);
CREATE INDEX audit_subject ON audit_log(subject);

-- The head of the chain: the last sequence number and hash. Guards against silent
-- truncation of the newest entries and serialises writers.
CREATE TABLE audit_head (
    id SMALLINT PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash BYTEA NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, decode(repeat('00', 32), 'hex'));

-- Every appended entry becomes the head, in the same statement.
CREATE FUNCTION audit_advance_head() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE audit_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1;
    RETURN NEW;
END;
$$;
CREATE TRIGGER audit_advance_head AFTER INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_advance_head();

-- Same row shape as customer_fields with no encryption and no audit: the baseline
-- the vault benchmark compares protected reads against. Empty outside benchmarks.
CREATE TABLE bench_plain_fields (
    customer_id TEXT NOT NULL,
    field TEXT NOT NULL,
    value BYTEA NOT NULL,
    PRIMARY KEY (customer_id, field)
);
