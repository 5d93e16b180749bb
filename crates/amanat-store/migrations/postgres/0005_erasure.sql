-- Erasure and retention (issue 4). An erased customer keeps only this row as a tombstone
-- (id, creation, erasure time) and the audit entries, which hold no values; the data key
-- is gone from the key store, ciphertexts and blind indexes are deleted.
ALTER TABLE customers ADD COLUMN erased_at BIGINT;
ALTER TABLE customers ADD COLUMN retention_notice_at BIGINT;
CREATE INDEX customers_activity ON customers(last_active_at);
