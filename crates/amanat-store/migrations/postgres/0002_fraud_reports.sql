-- Customers' reports of scam calls, messages, emails and links (OO-7, OO-9, OD-11).
-- The counterpart is normalised (E.164 phone, lower-case address, host name) so reports
-- of one scammer add up. `reporter_key` is a keyed digest (never an IP or id in clear)
-- used only to drop repeated submissions of the same report by the same reporter.
CREATE TABLE fraud_reports (
    id TEXT PRIMARY KEY,
    channel TEXT NOT NULL,
    counterpart TEXT NOT NULL,
    counterpart_kind TEXT NOT NULL,
    occurred_at BIGINT,
    received_at BIGINT NOT NULL,
    report_text TEXT,
    verdict TEXT NOT NULL,
    receipt_hash BYTEA NOT NULL UNIQUE,
    dedup_key BYTEA NOT NULL UNIQUE
);
CREATE INDEX fraud_reports_counterpart ON fraud_reports(counterpart, received_at);
CREATE INDEX fraud_reports_received ON fraud_reports(received_at);
