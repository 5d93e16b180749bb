-- Fraud reports and their customers (issue 5). A report made while signed in names the
-- customer, so the customer can download the evidence of all their own reports; erasure
-- unlinks it and deletes its text, times and deduplication digest (erasure.rs).
-- `counterpart_domain` is the registrable domain of a reported link or sender address
-- (ASCII), so that the link and sender checks can count recent reports of a domain
-- whatever host or address under it was reported. Reports made before this migration
-- have none: the domain checks do not count them (they leave the 30-day window anyway).
ALTER TABLE fraud_reports ADD COLUMN customer_id TEXT;
ALTER TABLE fraud_reports ADD COLUMN counterpart_domain TEXT;
CREATE INDEX fraud_reports_customer ON fraud_reports(customer_id, received_at);
CREATE INDEX fraud_reports_domain ON fraud_reports(counterpart_domain, received_at);
