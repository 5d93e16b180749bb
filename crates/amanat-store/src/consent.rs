//! The consent ledger and the state derived from it, and the marketing audience stream.
//!
//! The ledger is append-only: a grant, a withdrawal, an objection and its lifting are
//! each a new row. The state table holds the newest row per customer, purpose and
//! channel, written in the same transaction, so reading "may I contact" is one lookup
//! and the audience is one index range scan.

use futures_util::TryStreamExt;

use crate::audit::{AuditEvent, append_in_tx, begin_sql};
use crate::db::with_db;
use crate::{Millis, Store, StoreError};

/// A consent event to record.
#[derive(Debug, Clone)]
pub struct NewConsent {
    /// The customer.
    pub customer_id: String,
    /// The purpose.
    pub purpose: String,
    /// `email`, `sms`, `post`, `phone`, or `*` for an objection.
    pub channel: String,
    /// `consent` or `objection`.
    pub kind: String,
    /// Consent: granted (true) or withdrawn. Objection: lifted (true) or made (false).
    pub granted: bool,
    /// The privacy policy version the customer saw.
    pub policy_version: String,
    /// `portal`, `api`, `staff` or `import`.
    pub source: String,
    /// When.
    pub at: Millis,
    /// The request that recorded it.
    pub request_id: String,
}

/// A ledger row.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct ConsentRecord {
    /// Position in the ledger.
    pub seq: i64,
    /// The purpose.
    pub purpose: String,
    /// The channel (`*` for an objection).
    pub channel: String,
    /// `consent` or `objection`.
    pub kind: String,
    /// See [`NewConsent::granted`].
    pub granted: bool,
    /// Policy version.
    pub policy_version: String,
    /// Source.
    pub source: String,
    /// Time (ms).
    pub at: i64,
    /// Request id.
    pub request_id: String,
}

/// Which customers an audience holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AudienceRule {
    /// Those whose consent for the purpose and channel stands, without an objection.
    Consent,
    /// Every customer without an objection to the purpose (legitimate interest).
    UnlessObjected,
    /// Every customer (contract, legal obligation).
    Everyone,
}

impl Store {
    /// Appends a consent event and updates the derived state, audited, in one transaction.
    pub async fn record_consent(
        &self,
        c: &NewConsent,
        audit: &AuditEvent,
    ) -> Result<i64, StoreError> {
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            let (seq,): (i64,) = sqlx::query_as(
                "INSERT INTO consent_ledger (customer_id, purpose, channel, kind, granted, policy_version, source, at, request_id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING seq",
            )
            .bind(&c.customer_id).bind(&c.purpose).bind(&c.channel).bind(&c.kind).bind(c.granted)
            .bind(&c.policy_version).bind(&c.source).bind(c.at).bind(&c.request_id)
            .fetch_one(&mut *tx).await?;
            sqlx::query(
                "INSERT INTO consent_state (purpose, channel, customer_id, granted, at, seq) VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (purpose, channel, customer_id) DO UPDATE SET granted = $4, at = $5, seq = $6",
            )
            .bind(&c.purpose).bind(&c.channel).bind(&c.customer_id).bind(c.granted).bind(c.at).bind(seq)
            .execute(&mut *tx).await?;
            append_in_tx!(tx, pg, audit);
            tx.commit().await?;
            Ok(seq)
        })
    }

    /// A customer's consent history, oldest first.
    pub async fn consent_history(
        &self,
        customer_id: &str,
    ) -> Result<Vec<ConsentRecord>, StoreError> {
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as(
                "SELECT seq, purpose, channel, kind, granted, policy_version, source, at, request_id \
                 FROM consent_ledger WHERE customer_id = $1 ORDER BY seq",
            )
            .bind(customer_id)
            .fetch_all(p)
            .await
        })?)
    }

    /// The current state for one purpose: the channel's (granted, since) and the
    /// objection's (lifted, since), each if ever recorded.
    pub async fn consent_now(
        &self,
        customer_id: &str,
        purpose: &str,
        channel: &str,
    ) -> Result<(Option<(bool, i64)>, Option<(bool, i64)>), StoreError> {
        let rows: Vec<(String, bool, i64)> = with_db!(&self.db, |p, pg| {
            sqlx::query_as(
                "SELECT channel, granted, at FROM consent_state WHERE customer_id = $1 AND purpose = $2 AND channel IN ($3, '*')",
            )
            .bind(customer_id)
            .bind(purpose)
            .bind(channel)
            .fetch_all(p)
            .await
        })?;
        let pick = |c: &str| rows.iter().find(|r| r.0 == c).map(|r| (r.1, r.2));
        Ok((pick(channel), pick("*")))
    }

    /// Streams the ids of an audience in batches of up to `batch`, in id order, into
    /// `tx`. On SQLite a direct read-only connection on a blocking thread does the scan
    /// (several times faster than the async driver for millions of rows).
    pub async fn stream_audience(
        &self,
        purpose: &str,
        channel: &str,
        rule: AudienceRule,
        batch: usize,
        tx: tokio::sync::mpsc::Sender<Result<Vec<String>, StoreError>>,
    ) -> Result<(), StoreError> {
        let sql = audience_sql(rule);
        if let Some(path) = self.sqlite_path.clone() {
            let (purpose, channel) = (purpose.to_owned(), channel.to_owned());
            return tokio::task::spawn_blocking(move || {
                scan_sqlite(&path, sql, &purpose, &channel, batch, &tx)
            })
            .await
            .map_err(|e| StoreError::Setup(format!("the audience scan stopped: {e}")))?;
        }
        let crate::db::Db::Pg(pool) = &self.db else {
            return Ok(());
        };
        let mut rows = sqlx::query_as::<_, (String,)>(sqlx::AssertSqlSafe(sql))
            .bind(purpose)
            .bind(channel)
            .fetch(pool);
        let mut buf = Vec::with_capacity(batch);
        while let Some((id,)) = rows.try_next().await? {
            buf.push(id);
            if buf.len() >= batch
                && tx
                    .send(Ok(std::mem::replace(&mut buf, Vec::with_capacity(batch))))
                    .await
                    .is_err()
            {
                return Ok(());
            }
        }
        if !buf.is_empty() {
            let _ = tx.send(Ok(buf)).await;
        }
        Ok(())
    }

    /// Fills the consent tables directly for benchmarks: `n` customers (ids from
    /// `bench-00000001`) of which every `every`-th has granted `purpose` by `channel`.
    pub async fn bench_fill_consents(
        &self,
        n: u64,
        every: u64,
        purpose: &str,
        channel: &str,
        now: Millis,
    ) -> Result<(), StoreError> {
        let Some(path) = self.sqlite_path.clone() else {
            return Err(StoreError::Setup(
                "the audience benchmark runs on SQLite".into(),
            ));
        };
        let (purpose, channel) = (purpose.to_owned(), channel.to_owned());
        tokio::task::spawn_blocking(move || -> Result<(), StoreError> {
            let fail = |e: rusqlite::Error| StoreError::Setup(format!("filling the benchmark tables: {e}"));
            let mut conn = rusqlite::Connection::open(&path).map_err(fail)?;
            let tx = conn.transaction().map_err(fail)?;
            {
                let mut c = tx.prepare("INSERT INTO customers (id, created_at, updated_at, last_active_at) VALUES (?1, ?2, ?2, ?2)").map_err(fail)?;
                let mut s = tx.prepare("INSERT INTO consent_state (purpose, channel, customer_id, granted, at, seq) VALUES (?1, ?2, ?3, 1, ?4, 0)").map_err(fail)?;
                for i in 0..n {
                    let id = format!("bench-{i:08}");
                    c.execute(rusqlite::params![id, now]).map_err(fail)?;
                    if i % every.max(1) == 0 {
                        s.execute(rusqlite::params![purpose, channel, id, now]).map_err(fail)?;
                    }
                }
            }
            tx.commit().map_err(fail)
        })
        .await
        .map_err(|e| StoreError::Setup(format!("filling stopped: {e}")))?
    }
}

fn audience_sql(rule: AudienceRule) -> &'static str {
    match rule {
        AudienceRule::Consent => {
            "SELECT s.customer_id FROM consent_state s WHERE s.purpose = $1 AND s.channel = $2 AND s.granted = TRUE \
             AND NOT EXISTS (SELECT 1 FROM consent_state o WHERE o.purpose = $1 AND o.channel = '*' AND o.customer_id = s.customer_id AND o.granted = FALSE) \
             AND NOT EXISTS (SELECT 1 FROM restrictions r WHERE r.customer_id = s.customer_id) \
             ORDER BY s.customer_id"
        }
        AudienceRule::UnlessObjected => {
            "SELECT c.id FROM customers c WHERE NOT EXISTS \
             (SELECT 1 FROM consent_state o WHERE o.purpose = $1 AND o.channel = '*' AND o.customer_id = c.id AND o.granted = FALSE) \
             AND NOT EXISTS (SELECT 1 FROM restrictions r WHERE r.customer_id = c.id) \
             AND $2 = $2 AND c.erased_at IS NULL ORDER BY c.id"
        }
        AudienceRule::Everyone => {
            "SELECT c.id FROM customers c WHERE $1 = $1 AND $2 = $2 AND c.erased_at IS NULL \
             AND NOT EXISTS (SELECT 1 FROM restrictions r WHERE r.customer_id = c.id) ORDER BY c.id"
        }
    }
}

fn scan_sqlite(
    path: &std::path::Path,
    sql: &str,
    purpose: &str,
    channel: &str,
    batch: usize,
    tx: &tokio::sync::mpsc::Sender<Result<Vec<String>, StoreError>>,
) -> Result<(), StoreError> {
    let fail = |e: rusqlite::Error| StoreError::Setup(format!("reading the audience: {e}"));
    let conn = rusqlite::Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(fail)?;
    // SQLite numbers `$N` placeholders by first appearance; bind them by name.
    let mut stmt = conn.prepare(sql).map_err(fail)?;
    let mut rows = stmt
        .query(rusqlite::named_params! {"$1": purpose, "$2": channel})
        .map_err(fail)?;
    let mut buf = Vec::with_capacity(batch);
    while let Some(row) = rows.next().map_err(fail)? {
        buf.push(row.get::<_, String>(0).map_err(fail)?);
        if buf.len() >= batch
            && tx
                .blocking_send(Ok(std::mem::replace(&mut buf, Vec::with_capacity(batch))))
                .is_err()
        {
            return Ok(());
        }
    }
    if !buf.is_empty() {
        let _ = tx.blocking_send(Ok(buf));
    }
    Ok(())
}
