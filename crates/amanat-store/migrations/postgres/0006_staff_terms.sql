-- Staff confidentiality (issue 4): the SHA-256 of the terms a staff identity accepted, and
-- when. No personal read succeeds before it.
ALTER TABLE staff ADD COLUMN terms_sha256 TEXT;
ALTER TABLE staff ADD COLUMN terms_accepted_at BIGINT;
