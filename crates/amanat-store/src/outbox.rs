//! The durable outbox of notices: written in the database by the request that causes
//! a notice, delivered at least once by a background worker (any server process may
//! claim a message; a lease keeps two from sending it at the same time), retried with
//! backoff. The payload is sealed under the customer's key and dropped once delivered.

use crate::db::with_db;
use crate::{Millis, Store, StoreError};

/// A queued message.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxRow {
    /// Id.
    pub id: String,
    /// Unique per logical message: enqueueing the same key twice keeps one message.
    pub idempotency_key: String,
    /// The customer whose key seals the payload.
    pub customer_id: Option<String>,
    /// `email` or `sms`.
    pub channel: String,
    /// The notice kind (for metrics and staff views; never a value).
    pub kind: String,
    /// The sealed payload; `None` once delivered or given up.
    pub payload_sealed: Option<Vec<u8>>,
    /// `pending`, `sent` or `failed`.
    pub status: String,
    /// Delivery attempts so far.
    pub attempts: i64,
    /// Earliest time of the next attempt.
    pub next_attempt_at: i64,
    /// Queued at.
    pub created_at: i64,
}

/// Queues one message (dropped when its idempotency key is queued already).
pub(crate) const ENQUEUE_SQL: &str = "INSERT INTO outbox (id, idempotency_key, customer_id, channel, kind, payload_sealed, status, attempts, next_attempt_at, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $8) ON CONFLICT (idempotency_key) DO NOTHING";

/// Binds a message's columns to [`ENQUEUE_SQL`] (on a pool or in a transaction).
macro_rules! bind_message {
    ($q:expr, $m:expr) => {{
        let m: &$crate::OutboxRow = $m;
        $q.bind(&m.id)
            .bind(&m.idempotency_key)
            .bind(&m.customer_id)
            .bind(&m.channel)
            .bind(&m.kind)
            .bind(&m.payload_sealed)
            .bind(m.next_attempt_at)
            .bind(m.created_at)
    }};
}
pub(crate) use bind_message;

const COLS: &str = "id, idempotency_key, customer_id, channel, kind, payload_sealed, status, attempts, next_attempt_at, created_at";

impl Store {
    /// Queues a message; a second message with the same idempotency key is dropped.
    /// True when queued.
    pub async fn enqueue(&self, m: &OutboxRow) -> Result<bool, StoreError> {
        let n = with_db!(&self.db, |p, pg| {
            bind_message!(sqlx::query(ENQUEUE_SQL), m)
                .execute(p)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok(n == 1)
    }

    /// Claims up to `limit` due messages for `lease` ms and counts the attempt.
    pub async fn claim_outbox(
        &self,
        now: Millis,
        lease: Millis,
        limit: i64,
    ) -> Result<Vec<OutboxRow>, StoreError> {
        let sql_pg = format!(
            "UPDATE outbox SET lease_until = $2, attempts = attempts + 1 WHERE id IN \
             (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until < $1) \
              ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED) \
             AND status = 'pending' AND (lease_until IS NULL OR lease_until < $1) RETURNING {COLS}"
        );
        let sql_lite = format!(
            "UPDATE outbox SET lease_until = $2, attempts = attempts + 1 WHERE id IN \
             (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until < $1) \
              ORDER BY next_attempt_at LIMIT $3) RETURNING {COLS}"
        );
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as(sqlx::AssertSqlSafe(if pg {
                sql_pg.as_str()
            } else {
                sql_lite.as_str()
            }))
            .bind(now)
            .bind(now + lease)
            .bind(limit)
            .fetch_all(p)
            .await
        })?)
    }

    /// Marks a message delivered and drops its payload.
    pub async fn outbox_sent(&self, id: &str, now: Millis) -> Result<(), StoreError> {
        with_db!(&self.db, |p, pg| {
            sqlx::query("UPDATE outbox SET status = 'sent', sent_at = $2, payload_sealed = NULL, lease_until = NULL, last_error = NULL WHERE id = $1")
                .bind(id).bind(now).execute(p).await.map(|_| ())
        })?;
        Ok(())
    }

    /// Schedules another attempt at `next`, keeping the kind of failure (never a value).
    pub async fn outbox_retry(
        &self,
        id: &str,
        next: Millis,
        error: &str,
    ) -> Result<(), StoreError> {
        with_db!(&self.db, |p, pg| {
            sqlx::query("UPDATE outbox SET next_attempt_at = $2, lease_until = NULL, last_error = $3 WHERE id = $1")
                .bind(id).bind(next).bind(error).execute(p).await.map(|_| ())
        })?;
        Ok(())
    }

    /// Gives a message up and drops its payload.
    pub async fn outbox_failed(&self, id: &str, error: &str) -> Result<(), StoreError> {
        with_db!(&self.db, |p, pg| {
            sqlx::query("UPDATE outbox SET status = 'failed', payload_sealed = NULL, lease_until = NULL, last_error = $2 WHERE id = $1")
                .bind(id).bind(error).execute(p).await.map(|_| ())
        })?;
        Ok(())
    }

    /// Messages per status.
    pub async fn outbox_counts(&self) -> Result<Vec<(String, i64)>, StoreError> {
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as("SELECT status, COUNT(*) FROM outbox GROUP BY status ORDER BY status")
                .fetch_all(p)
                .await
        })?)
    }

    /// The last failure recorded per message kind and status, for operators.
    pub async fn outbox_of(
        &self,
        customer_id: &str,
    ) -> Result<Vec<(String, String, String, i64)>, StoreError> {
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as("SELECT kind, channel, status, attempts FROM outbox WHERE customer_id = $1 ORDER BY created_at")
                .bind(customer_id).fetch_all(p).await
        })?)
    }
}
