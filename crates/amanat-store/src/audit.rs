//! The audit chain: append-only, each entry chained to the one before by SHA-256.
//!
//! hash(n) = SHA-256("amanat-audit-v1" || hash(n-1) || canonical(n)), where canonical
//! encodes sequence, time, actor, role, action, subject, purpose, field names and
//! request id, each length-prefixed. Entries never hold field values. A head row keeps
//! the last sequence and hash, so removing the newest entries is caught too.
//!
//! Writers take the head row first in their transaction (SQLite: `BEGIN IMMEDIATE`;
//! PostgreSQL: `SELECT ... FOR UPDATE`), so any number of server processes on one
//! database extend a single unbroken chain.

use futures_util::TryStreamExt;
use sha2::{Digest, Sha256};

use crate::db::{Db, with_db};
use crate::{Millis, Store, StoreError};

/// An event to record. Field names only, never values.
#[derive(Debug, Clone, Default)]
pub struct AuditEvent {
    /// When it happened (ms since epoch).
    pub at: Millis,
    /// Who: a staff id, `customer:<id>`, or `system`.
    pub actor: String,
    /// The actor's role (`admin`, `support`, ..., `customer`, `system`).
    pub role: String,
    /// What: a stable action name such as `customer.read`.
    pub action: String,
    /// The record acted on (a customer id, a staff id, or empty).
    pub subject: String,
    /// The purpose stated for the access.
    pub purpose: String,
    /// Names of the fields touched.
    pub fields: Vec<String>,
    /// The request that caused it.
    pub request_id: String,
}

/// A stored audit entry.
#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow)]
pub struct AuditEntry {
    /// Position in the chain, from 1.
    pub seq: i64,
    /// Time (ms since epoch).
    pub at: i64,
    /// Who.
    pub actor: String,
    /// Role.
    pub role: String,
    /// What.
    pub action: String,
    /// On which record.
    pub subject: String,
    /// Why.
    pub purpose: String,
    /// Field names, comma-separated.
    pub fields: String,
    /// Request id.
    pub request_id: String,
    /// Chain hash.
    #[serde(skip)]
    pub hash: Vec<u8>,
}

/// The outcome of walking the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyReport {
    /// Every entry links to the one before and the head matches.
    Intact {
        /// Entries checked.
        entries: u64,
    },
    /// The first entry that does not link up, and why.
    Broken {
        /// Its sequence number (or the expected one when entries are missing).
        seq: i64,
        /// What was found.
        reason: String,
        /// Entries checked before it.
        entries_ok: u64,
    },
}

fn put(buf: &mut Vec<u8>, s: &[u8]) {
    buf.extend_from_slice(&(s.len() as u32).to_be_bytes());
    buf.extend_from_slice(s);
}

/// The canonical encoding of an entry that the hash covers.
#[allow(clippy::too_many_arguments)]
pub fn canonical(
    buf: &mut Vec<u8>,
    seq: i64,
    at: i64,
    actor: &str,
    role: &str,
    action: &str,
    subject: &str,
    purpose: &str,
    fields: &str,
    request_id: &str,
) {
    buf.clear();
    buf.extend_from_slice(&seq.to_be_bytes());
    buf.extend_from_slice(&at.to_be_bytes());
    for s in [actor, role, action, subject, purpose, fields, request_id] {
        put(buf, s.as_bytes());
    }
}

/// hash(n) from hash(n-1) and the canonical encoding of entry n.
pub fn chain_hash(prev: &[u8], canonical: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"amanat-audit-v1");
    h.update(prev);
    h.update(canonical);
    h.finalize().into()
}

fn entry_hash(prev: &[u8], e: &AuditEntry, buf: &mut Vec<u8>) -> [u8; 32] {
    canonical(
        buf,
        e.seq,
        e.at,
        &e.actor,
        &e.role,
        &e.action,
        &e.subject,
        &e.purpose,
        &e.fields,
        &e.request_id,
    );
    chain_hash(prev, buf)
}

/// Appends `event` inside an open transaction. Used by every write that must be audited
/// atomically with its data change.
macro_rules! append_in_tx {
    ($tx:expr, $pg:expr, $event:expr) => {{
        let event: &$crate::audit::AuditEvent = $event;
        let head_sql = if $pg {
            "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE"
        } else {
            "SELECT seq, hash FROM audit_head WHERE id = 1"
        };
        let (last, prev): (i64, Vec<u8>) = sqlx::query_as(head_sql).fetch_one(&mut *$tx).await?;
        let seq = last + 1;
        let fields = event.fields.join(",");
        let mut buf = Vec::with_capacity(256);
        $crate::audit::canonical(
            &mut buf, seq, event.at, &event.actor, &event.role, &event.action, &event.subject,
            &event.purpose, &fields, &event.request_id,
        );
        let hash = $crate::audit::chain_hash(&prev, &buf).to_vec();
        sqlx::query(
            "INSERT INTO audit_log (seq, at, actor, role, action, subject, purpose, fields, request_id, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(seq)
        .bind(event.at)
        .bind(&event.actor)
        .bind(&event.role)
        .bind(&event.action)
        .bind(&event.subject)
        .bind(&event.purpose)
        .bind(&fields)
        .bind(&event.request_id)
        .bind(&hash)
        .execute(&mut *$tx)
        .await?;
        sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
            .bind(seq)
            .bind(&hash)
            .execute(&mut *$tx)
            .await?;
        seq
    }};
}
pub(crate) use append_in_tx;

/// The statement that opens a write transaction: SQLite must take the write lock at once
/// so two writers never both read the same chain head.
pub(crate) fn begin_sql(pg: bool) -> &'static str {
    if pg { "BEGIN" } else { "BEGIN IMMEDIATE" }
}

impl Store {
    /// Appends one event on its own; returns its sequence number.
    pub async fn append_audit(&self, event: &AuditEvent) -> Result<i64, StoreError> {
        with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            let seq = append_in_tx!(tx, pg, event);
            tx.commit().await?;
            Ok(seq)
        })
    }

    /// Entries about one subject, oldest first.
    pub async fn audit_for_subject(&self, subject: &str) -> Result<Vec<AuditEntry>, StoreError> {
        let sql = "SELECT seq, at, actor, role, action, subject, purpose, fields, request_id, hash \
                   FROM audit_log WHERE subject = $1 ORDER BY seq";
        Ok(with_db!(&self.db, |p, pg| sqlx::query_as(sql)
            .bind(subject)
            .fetch_all(p)
            .await)?)
    }

    /// The newest `limit` entries, newest first.
    pub async fn audit_recent(&self, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let sql = "SELECT seq, at, actor, role, action, subject, purpose, fields, request_id, hash \
                   FROM audit_log ORDER BY seq DESC LIMIT $1";
        Ok(with_db!(&self.db, |p, pg| sqlx::query_as(sql)
            .bind(limit)
            .fetch_all(p)
            .await)?)
    }

    /// Walks the whole chain and names the first entry that does not link up.
    /// Hashing runs on a second thread while rows stream in, so both cores work.
    pub async fn verify_audit(&self) -> Result<VerifyReport, StoreError> {
        const BATCH: usize = 4096;
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<AuditEntry>>(8);
        let checker = std::thread::spawn(move || check_batches(rx));
        let sql = "SELECT seq, at, actor, role, action, subject, purpose, fields, request_id, hash \
                   FROM audit_log ORDER BY seq";
        let streamed: Result<(), StoreError> = with_db!(&self.db, |p, pg| {
            let mut rows = sqlx::query_as::<_, AuditEntry>(sql).fetch(p);
            let mut batch = Vec::with_capacity(BATCH);
            while let Some(row) = rows.try_next().await? {
                batch.push(row);
                if batch.len() == BATCH
                    && tx
                        .send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
                        .is_err()
                {
                    break; // the checker stopped early: the chain is broken
                }
            }
            if !batch.is_empty() {
                let _ = tx.send(batch);
            }
            Ok(())
        });
        drop(tx);
        let outcome = checker
            .join()
            .map_err(|_| StoreError::Setup("the audit checker thread failed".into()))?;
        streamed?;
        let (last_seq, last_hash, report) = outcome;
        if let VerifyReport::Broken { .. } = report {
            return Ok(report);
        }
        let (head_seq, head_hash): (i64, Vec<u8>) = with_db!(&self.db, |p, pg| {
            sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
                .fetch_one(p)
                .await
        })?;
        if head_seq != last_seq || head_hash != last_hash {
            return Ok(VerifyReport::Broken {
                seq: last_seq + 1,
                reason: format!(
                    "the chain ends at entry {last_seq} but its head records entry {head_seq}: the newest entries were removed or the head was altered"
                ),
                entries_ok: u64::try_from(last_seq).unwrap_or(0),
            });
        }
        Ok(report)
    }
}

fn check_batches(rx: std::sync::mpsc::Receiver<Vec<AuditEntry>>) -> (i64, Vec<u8>, VerifyReport) {
    let mut prev = vec![0u8; 32];
    let mut expected = 1i64;
    let mut buf = Vec::with_capacity(512);
    while let Ok(batch) = rx.recv() {
        for e in batch {
            let ok = expected - 1;
            let entries_ok = u64::try_from(ok).unwrap_or(0);
            if e.seq != expected {
                let reason = if e.seq > expected {
                    format!("entry {expected} is missing (next found is {})", e.seq)
                } else {
                    format!("entry {} appears out of order", e.seq)
                };
                return (
                    ok,
                    prev,
                    VerifyReport::Broken {
                        seq: expected,
                        reason,
                        entries_ok,
                    },
                );
            }
            let h = entry_hash(&prev, &e, &mut buf);
            if h.as_slice() != e.hash.as_slice() {
                let reason = "its content or position does not match its hash: altered, reordered, or an earlier entry was removed".to_owned();
                return (
                    ok,
                    prev,
                    VerifyReport::Broken {
                        seq: e.seq,
                        reason,
                        entries_ok,
                    },
                );
            }
            prev = e.hash;
            expected += 1;
        }
    }
    let n = expected - 1;
    (
        n,
        prev,
        VerifyReport::Intact {
            entries: u64::try_from(n).unwrap_or(0),
        },
    )
}

impl Db {
    #[allow(dead_code)]
    pub(crate) fn is_pg(&self) -> bool {
        matches!(self, Db::Pg(_))
    }
}
