//! Fraud reports: stored, deduplicated, counted and ranked.

use crate::audit::{AuditEvent, append_in_tx, begin_sql};
use crate::db::with_db;
use crate::{Millis, Store, StoreError};

/// A report as stored.
#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow)]
pub struct FraudReport {
    /// Id.
    pub id: String,
    /// `call`, `sms`, `email` or `link`.
    pub channel: String,
    /// The normalised number, address or host.
    pub counterpart: String,
    /// `phone`, `email` or `domain`.
    pub counterpart_kind: String,
    /// When it happened, if the reporter said (ms).
    pub occurred_at: Option<i64>,
    /// When it was received (ms).
    pub received_at: i64,
    /// What was said or written.
    pub report_text: Option<String>,
    /// The shield's verdict on the counterpart at the time.
    pub verdict: String,
    /// The signed-in customer who made the report (never shown in a bundle).
    #[serde(skip)]
    #[sqlx(default)]
    pub customer_id: Option<String>,
    /// Registrable domain of a reported link or sender, for counting reports per domain.
    #[serde(skip)]
    #[sqlx(default)]
    pub counterpart_domain: Option<String>,
}

/// The columns a [`FraudReport`] is read from.
const REPORT_COLUMNS: &str =
    "id, channel, counterpart, counterpart_kind, occurred_at, received_at, report_text, verdict";

/// A counterpart many customers reported.
#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow)]
pub struct Trending {
    /// The number, address or host.
    pub counterpart: String,
    /// `phone`, `email` or `domain`.
    pub counterpart_kind: String,
    /// Reports in the window.
    pub reports: i64,
    /// Latest report (ms).
    pub last_received_at: i64,
}

impl Store {
    /// Stores a report unless the same reporter already sent the same one (the same
    /// `dedup_key`); returns whether it was new.
    pub async fn add_fraud_report(
        &self,
        r: &FraudReport,
        receipt_hash: &[u8],
        dedup_key: &[u8],
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            let seen: Option<(String,)> =
                sqlx::query_as("SELECT id FROM fraud_reports WHERE dedup_key = $1")
                    .bind(dedup_key)
                    .fetch_optional(&mut *tx)
                    .await?;
            if seen.is_some() {
                return Ok(false);
            }
            sqlx::query("INSERT INTO fraud_reports (id, channel, counterpart, counterpart_kind, occurred_at, received_at, report_text, verdict, receipt_hash, dedup_key, customer_id, counterpart_domain) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
                .bind(&r.id).bind(&r.channel).bind(&r.counterpart).bind(&r.counterpart_kind).bind(r.occurred_at)
                .bind(r.received_at).bind(&r.report_text).bind(&r.verdict).bind(receipt_hash).bind(dedup_key)
                .bind(&r.customer_id).bind(&r.counterpart_domain)
                .execute(&mut *tx).await?;
            append_in_tx!(tx, pg, audit);
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Reports held by these receipts (a reporter's evidence bundle), oldest first.
    pub async fn fraud_reports_by_receipts(
        &self,
        receipt_hashes: &[Vec<u8>],
    ) -> Result<Vec<FraudReport>, StoreError> {
        let sql = format!("SELECT {REPORT_COLUMNS} FROM fraud_reports WHERE receipt_hash = $1");
        let mut out = Vec::new();
        for h in receipt_hashes {
            let r: Option<FraudReport> = with_db!(&self.db, |p, pg| {
                sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                    .bind(h)
                    .fetch_optional(p)
                    .await
            })?;
            out.extend(r);
        }
        out.sort_by_key(|r| r.received_at);
        Ok(out)
    }

    /// Every report a customer made while signed in (their evidence bundle), oldest first.
    pub async fn fraud_reports_of_customer(
        &self,
        customer_id: &str,
    ) -> Result<Vec<FraudReport>, StoreError> {
        let sql = format!(
            "SELECT {REPORT_COLUMNS} FROM fraud_reports WHERE customer_id = $1 ORDER BY received_at, id"
        );
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(customer_id)
                .fetch_all(p)
                .await
        })?)
    }

    /// How many reports of links or senders under this registrable domain since `since`.
    pub async fn fraud_domain_report_count(
        &self,
        domain: &str,
        since: Millis,
    ) -> Result<i64, StoreError> {
        self.count_reports(
            "SELECT COUNT(*) FROM fraud_reports WHERE counterpart_domain = $1 AND received_at >= $2",
            domain,
            since,
        )
        .await
    }

    /// How many reports name this counterpart since `since`.
    pub async fn fraud_report_count(
        &self,
        counterpart: &str,
        since: Millis,
    ) -> Result<i64, StoreError> {
        self.count_reports(
            "SELECT COUNT(*) FROM fraud_reports WHERE counterpart = $1 AND received_at >= $2",
            counterpart,
            since,
        )
        .await
    }

    async fn count_reports(
        &self,
        sql: &'static str,
        key: &str,
        since: Millis,
    ) -> Result<i64, StoreError> {
        let (n,): (i64,) = with_db!(&self.db, |p, pg| {
            sqlx::query_as(sql).bind(key).bind(since).fetch_one(p).await
        })?;
        Ok(n)
    }

    /// The most reported counterparts since `since`, most reports first.
    pub async fn trending_fraud(
        &self,
        since: Millis,
        limit: i64,
    ) -> Result<Vec<Trending>, StoreError> {
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as("SELECT counterpart, counterpart_kind, COUNT(*) AS reports, MAX(received_at) AS last_received_at \
                            FROM fraud_reports WHERE received_at >= $1 GROUP BY counterpart, counterpart_kind \
                            ORDER BY reports DESC, last_received_at DESC, counterpart LIMIT $2")
                .bind(since).bind(limit).fetch_all(p).await
        })?)
    }
}
