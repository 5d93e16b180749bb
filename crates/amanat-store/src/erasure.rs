//! Erasure by crypto-shredding, and the retention queries.
//!
//! Erasing a batch of customers: first their data keys are deleted from the key store
//! (from then on no copy of their ciphertexts, backups included, can be opened), then in
//! one audited transaction of the data store their ciphertexts, blind indexes, account,
//! sessions, codes, queued messages and consent records go, their fraud reports lose
//! their text and their link to them, order references older than
//! the accounting hold go, and the customer row stays as a tombstone with the erasure
//! time. Each step is idempotent, so an erasure cut short is finished by running it again.

use sha2::Digest;

use crate::audit::{AuditEvent, append_in_tx, begin_sql};
use crate::db::{placeholders, with_db};
use crate::{Millis, Store, StoreError};

/// What an erasure left behind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Erased {
    /// Customers erased.
    pub customers: u64,
    /// Order references kept under the accounting hold.
    pub orders_kept: u64,
    /// Older order references deleted.
    pub orders_deleted: u64,
    /// Customers not erased because an open lawful order holds their data.
    pub held: u64,
}

/// SQL condition: the customer row `customers` is not held by an open lawful order.
const NOT_HELD: &str = "NOT EXISTS (SELECT 1 FROM legal_order_customers h JOIN legal_orders o ON o.id = h.order_id \
     WHERE h.customer_id = customers.id AND o.state <> 'closed')";

impl Store {
    /// Erases the customers `ids` (at most a few thousand per call), whose usage-event
    /// pseudonyms are `pseudonyms`. Orders created at or after `keep_orders_since` are
    /// kept (accounting); `audits` are appended in the same transaction (one per
    /// customer). Privacy requests and shares stay as the record of what was done (they
    /// hold codes and field names; the request's sealed text is dropped).
    pub async fn erase_customers(
        &self,
        ids: &[String],
        pseudonyms: &[Vec<u8>],
        keep_orders_since: Millis,
        now: Millis,
        audits: &[AuditEvent],
    ) -> Result<Erased, StoreError> {
        if ids.is_empty() {
            return Ok(Erased::default());
        }
        let list = placeholders(1, ids.len());
        let keys_sql = format!("DELETE FROM customer_keys WHERE customer_id IN ({list})");
        with_db!(&self.keys, |p, pg| {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(keys_sql.as_str()));
            for id in ids {
                q = q.bind(id);
            }
            q.execute(p).await.map(|_| ())
        })?;
        let n = ids.len();
        let deletes = [
            format!("DELETE FROM customer_fields WHERE customer_id IN ({list})"),
            format!("DELETE FROM blind_index WHERE customer_id IN ({list})"),
            format!("DELETE FROM accounts WHERE customer_id IN ({list})"),
            format!("DELETE FROM challenges WHERE customer_id IN ({list})"),
            format!("DELETE FROM sessions WHERE subject IN ({list})"),
            format!("DELETE FROM reset_tokens WHERE customer_id IN ({list})"),
            format!("DELETE FROM freeze_cases WHERE customer_id IN ({list})"),
            format!("DELETE FROM outbox WHERE customer_id IN ({list})"),
            format!("DELETE FROM consent_state WHERE customer_id IN ({list})"),
            format!("DELETE FROM consent_ledger WHERE customer_id IN ({list})"),
            format!("DELETE FROM share_consents WHERE customer_id IN ({list})"),
            format!("DELETE FROM restrictions WHERE customer_id IN ({list})"),
            format!(
                "UPDATE privacy_requests SET details_sealed = NULL WHERE customer_id IN ({list})"
            ),
            // Fraud reports are about scammers and keep counting (counterpart, channel,
            // receipt time) as anonymous reports; what could describe the customer goes:
            // the link, the free text, when it happened to them, and the keyed digest
            // of their text (replaced by the receipt digest, also unique).
            format!(
                "UPDATE fraud_reports SET customer_id = NULL, report_text = NULL, occurred_at = NULL, dedup_key = receipt_hash WHERE customer_id IN ({list})"
            ),
        ];
        let usage = format!(
            "DELETE FROM usage_events WHERE pseudonym IN ({})",
            placeholders(1, pseudonyms.len().max(1))
        );
        let failures = format!(
            "DELETE FROM login_failures WHERE login_key IN ({})",
            placeholders(1, n)
        );
        let old_orders = format!(
            "DELETE FROM orders WHERE customer_id IN ({list}) AND created_at < ${}",
            n + 1
        );
        let kept_orders = format!("SELECT COUNT(*) FROM orders WHERE customer_id IN ({list})");
        let tombstone = format!(
            "UPDATE customers SET erased_at = ${}, retention_notice_at = NULL WHERE id IN ({list}) AND erased_at IS NULL",
            n + 1
        );
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            for sql in &deletes {
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()));
                for id in ids {
                    q = q.bind(id);
                }
                q.execute(&mut *tx).await?;
            }
            if !pseudonyms.is_empty() {
                let mut q = sqlx::query(sqlx::AssertSqlSafe(usage.as_str()));
                for p in pseudonyms {
                    q = q.bind(p);
                }
                q.execute(&mut *tx).await?;
            }
            let mut q = sqlx::query(sqlx::AssertSqlSafe(failures.as_str()));
            for id in ids {
                q = q.bind(format!("c:{id}"));
            }
            q.execute(&mut *tx).await?;
            let mut q = sqlx::query(sqlx::AssertSqlSafe(old_orders.as_str()));
            for id in ids {
                q = q.bind(id);
            }
            let orders_deleted = q
                .bind(keep_orders_since)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            let mut q = sqlx::query_as::<_, (i64,)>(sqlx::AssertSqlSafe(kept_orders.as_str()));
            for id in ids {
                q = q.bind(id);
            }
            let (orders_kept,) = q.fetch_one(&mut *tx).await?;
            let mut q = sqlx::query(sqlx::AssertSqlSafe(tombstone.as_str()));
            for id in ids {
                q = q.bind(id);
            }
            let customers = q.bind(now).execute(&mut *tx).await?.rows_affected();
            for audit in audits {
                append_in_tx!(tx, pg, audit);
            }
            tx.commit().await?;
            Ok::<Erased, StoreError>(Erased {
                customers,
                orders_kept: u64::try_from(orders_kept).unwrap_or(0),
                orders_deleted,
                held: 0,
            })
        })
    }

    /// Whether a customer was erased, and when.
    pub async fn erased_at(&self, id: &str) -> Result<Option<i64>, StoreError> {
        let row: Option<(Option<i64>,)> = with_db!(&self.db, |p, pg| {
            sqlx::query_as("SELECT erased_at FROM customers WHERE id = $1")
                .bind(id)
                .fetch_optional(p)
                .await
        })?;
        Ok(row.and_then(|r| r.0))
    }

    /// Customers inactive since before `inactive_before` who have not been told since
    /// their last activity: they are due a retention notice. At most `limit`.
    pub async fn due_retention_notice(
        &self,
        inactive_before: Millis,
        limit: i64,
    ) -> Result<Vec<String>, StoreError> {
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_scalar(
                "SELECT id FROM customers WHERE erased_at IS NULL AND last_active_at < $1 \
                 AND (retention_notice_at IS NULL OR retention_notice_at < last_active_at) ORDER BY last_active_at LIMIT $2",
            )
            .bind(inactive_before)
            .bind(limit)
            .fetch_all(p)
            .await
        })?)
    }

    /// Records that customers were told of the coming erasure.
    pub async fn mark_retention_notice(
        &self,
        ids: &[String],
        now: Millis,
    ) -> Result<(), StoreError> {
        if ids.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "UPDATE customers SET retention_notice_at = $1 WHERE id IN ({})",
            placeholders(2, ids.len())
        );
        with_db!(&self.db, |p, pg| {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.as_str())).bind(now);
            for id in ids {
                q = q.bind(id);
            }
            q.execute(p).await.map(|_| ())
        })?;
        Ok(())
    }

    /// Customers told before `notice_before` and not active since: due for erasure.
    pub async fn due_retention_erasure(
        &self,
        notice_before: Millis,
        limit: i64,
    ) -> Result<Vec<String>, StoreError> {
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT id FROM customers WHERE erased_at IS NULL AND retention_notice_at IS NOT NULL \
                 AND retention_notice_at < $1 AND last_active_at <= retention_notice_at AND {NOT_HELD} ORDER BY id LIMIT $2"
            )))
            .bind(notice_before)
            .bind(limit)
            .fetch_all(p)
            .await
        })?)
    }

    /// Counts customers by retention state: (inactive past `inactive_before` and not yet
    /// told, told before `notice_before` and still inactive).
    pub async fn retention_counts(
        &self,
        inactive_before: Millis,
        notice_before: Millis,
    ) -> Result<(i64, i64), StoreError> {
        Ok(with_db!(&self.db, |p, pg| {
            sqlx::query_as(
                "SELECT \
                   (SELECT COUNT(*) FROM customers WHERE erased_at IS NULL AND last_active_at < $1 AND (retention_notice_at IS NULL OR retention_notice_at < last_active_at)), \
                   (SELECT COUNT(*) FROM customers WHERE erased_at IS NULL AND retention_notice_at IS NOT NULL AND retention_notice_at < $2 AND last_active_at <= retention_notice_at)",
            )
            .bind(inactive_before)
            .bind(notice_before)
            .fetch_one(p)
            .await
        })?)
    }
}

impl Store {
    /// Fills the stores directly for the retention benchmark: `n` customers (ids
    /// `00000000-0000-7000-8000-<12 digits>`), each with `fields` sealed-looking values, a
    /// blind index row, a key in the key store, inactive since `last_active` and told at
    /// `notice_at`. SQLite only.
    pub async fn bench_fill_inactive(
        &self,
        n: u64,
        fields: usize,
        last_active: Millis,
        notice_at: Millis,
    ) -> Result<(), StoreError> {
        let Some(path) = self.sqlite_path.clone() else {
            return Err(StoreError::Setup(
                "the retention benchmark runs on SQLite".into(),
            ));
        };
        tokio::task::spawn_blocking(move || -> Result<(), StoreError> {
            let fail = |e: rusqlite::Error| StoreError::Setup(format!("filling the benchmark tables: {e}"));
            let mut conn = rusqlite::Connection::open(&path).map_err(fail)?;
            let keys = path.with_file_name("keys.db");
            conn.execute("ATTACH DATABASE ?1 AS k", [keys.to_string_lossy()]).map_err(fail)?;
            let tx = conn.transaction().map_err(fail)?;
            {
                let mut c = tx.prepare("INSERT INTO customers (id, created_at, updated_at, last_active_at, retention_notice_at) VALUES (?1, ?2, ?2, ?2, ?3)").map_err(fail)?;
                let mut f = tx.prepare("INSERT INTO customer_fields (customer_id, field, sealed) VALUES (?1, ?2, ?3)").map_err(fail)?;
                let mut b = tx.prepare("INSERT INTO blind_index (field, digest, customer_id) VALUES ('email', ?1, ?2)").map_err(fail)?;
                let mut k = tx.prepare("INSERT INTO k.customer_keys (customer_id, kek_version, wrapped, created_at) VALUES (?1, 1, ?2, ?3)").map_err(fail)?;
                let sealed = vec![7u8; 64];
                for i in 0..n {
                    let id = format!("00000000-0000-7000-8000-{i:012}");
                    c.execute(rusqlite::params![id, last_active, notice_at]).map_err(fail)?;
                    for j in 0..fields {
                        f.execute(rusqlite::params![id, format!("field{j}"), sealed]).map_err(fail)?;
                    }
                    let digest = sha2::Sha256::digest(id.as_bytes()).to_vec();
                    b.execute(rusqlite::params![digest, id]).map_err(fail)?;
                    k.execute(rusqlite::params![id, sealed, last_active]).map_err(fail)?;
                }
            }
            tx.commit().map_err(fail)
        })
        .await
        .map_err(|e| StoreError::Setup(format!("filling stopped: {e}")))?
    }
}
