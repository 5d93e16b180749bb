-- The key store, kept apart from the data so a data backup never holds keys.
-- Erasing a customer deletes the row in customer_keys: every copy of that customer's
-- ciphertexts, backups included, can no longer be opened.
CREATE TABLE kek (
    version BIGINT PRIMARY KEY,
    wrapped BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE index_key (
    id SMALLINT PRIMARY KEY CHECK (id = 1),
    wrapped BYTEA NOT NULL
);

CREATE TABLE customer_keys (
    customer_id TEXT PRIMARY KEY,
    kek_version BIGINT NOT NULL,
    wrapped BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX customer_keys_version ON customer_keys(kek_version);
