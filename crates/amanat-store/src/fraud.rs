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
}

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
    /// Stores a report unless the same reporter already sent the same one; returns
    /// whether it was new.
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
            sqlx::query("INSERT INTO fraud_reports (id, channel, counterpart, counterpart_kind, occurred_at, received_at, report_text, verdict, receipt_hash, dedup_key) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                .bind(&r.id).bind(&r.channel).bind(&r.counterpart).bind(&r.counterpart_kind).bind(r.occurred_at)
                .bind(r.received_at).bind(&r.report_text).bind(&r.verdict).bind(receipt_hash).bind(dedup_key)
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
        let mut out = Vec::new();
        for h in receipt_hashes {
            let r: Option<FraudReport> = with_db!(&self.db, |p, pg| {
                sqlx::query_as("SELECT id, channel, counterpart, counterpart_kind, occurred_at, received_at, report_text, verdict FROM fraud_reports WHERE receipt_hash = $1")
                    .bind(h).fetch_optional(p).await
            })?;
            out.extend(r);
        }
        out.sort_by_key(|r| r.received_at);
        Ok(out)
    }

    /// How many reports name this counterpart since `since`.
    pub async fn fraud_report_count(
        &self,
        counterpart: &str,
        since: Millis,
    ) -> Result<i64, StoreError> {
        let (n,): (i64,) = with_db!(&self.db, |p, pg| {
            sqlx::query_as(
                "SELECT COUNT(*) FROM fraud_reports WHERE counterpart = $1 AND received_at >= $2",
            )
            .bind(counterpart)
            .bind(since)
            .fetch_one(p)
            .await
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
