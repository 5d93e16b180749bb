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

use crate::db::{ChainHead, Db, with_db};
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

/// The chain hash of `event` written as entry `seq` after `prev` (`fields`: its field
/// names joined by commas, as stored).
pub(crate) fn event_hash(
    prev: &[u8],
    seq: i64,
    event: &AuditEvent,
    fields: &str,
    buf: &mut Vec<u8>,
) -> Vec<u8> {
    canonical(
        buf,
        seq,
        event.at,
        &event.actor,
        &event.role,
        &event.action,
        &event.subject,
        &event.purpose,
        fields,
        &event.request_id,
    );
    chain_hash(prev, buf).to_vec()
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

/// Most events one group commit writes.
const MAX_BATCH: usize = 256;

/// An event waiting for the next group commit, and where to report its number (`None`:
/// not written, queue it again).
#[derive(Debug)]
pub(crate) struct Pending {
    event: AuditEvent,
    done: tokio::sync::oneshot::Sender<Option<i64>>,
}

/// The events waiting for the next group commit.
pub(crate) type AuditQueue = std::sync::Arc<std::sync::Mutex<Vec<Pending>>>;

/// The queue, even after a panic elsewhere poisoned its lock (its contents stay valid:
/// every change is a single push or drain).
fn lock_queue(q: &AuditQueue) -> std::sync::MutexGuard<'_, Vec<Pending>> {
    q.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Binds an entry's ten columns, in table order, as `$1`..`$10` of an audit insert.
macro_rules! bind_entry {
    ($query:expr, $seq:expr, $event:expr, $fields:expr, $hash:expr) => {
        $query
            .bind($seq)
            .bind($event.at)
            .bind(&$event.actor)
            .bind(&$event.role)
            .bind(&$event.action)
            .bind(&$event.subject)
            .bind(&$event.purpose)
            .bind($fields)
            .bind(&$event.request_id)
            .bind($hash)
    };
}
pub(crate) use bind_entry;

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
        let hash = $crate::audit::event_hash(&prev, seq, event, &fields, &mut buf);
        $crate::audit::bind_entry!(
            sqlx::query(
                "INSERT INTO audit_log (seq, at, actor, role, action, subject, purpose, fields, request_id, hash) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            ),
            seq, event, &fields, &hash
        )
        .execute(&mut *$tx)
        .await?;
        (seq, hash)
    }};
}
pub(crate) use append_in_tx;

/// The statement that opens a write transaction: SQLite must take the write lock at once
/// so two writers never both read the same chain head.
pub(crate) fn begin_sql(pg: bool) -> &'static str {
    if pg { "BEGIN" } else { "BEGIN IMMEDIATE" }
}

impl Store {
    /// Appends one event; returns its sequence number once it is durable.
    ///
    /// Group commit (PostgreSQL; SQLite hands the event to `audit_writer`, which batches
    /// the same way): the event joins a queue, and whichever caller holds the chain lock
    /// writes everything queued so far (one transaction for several, the one-statement
    /// path below for one). A caller whose event went out in someone else's batch just
    /// takes its number. Alone, a caller pays what it paid before; under concurrent
    /// reads, many audit entries share one commit. Cancel-safe: an event whose batch
    /// was abandoned (its writer dropped mid-way) is queued again by its own caller.
    pub async fn append_audit(&self, event: &AuditEvent) -> Result<i64, StoreError> {
        // SQLite: a writer thread of its own does the same with less overhead per entry.
        if let Some(w) = &self.audit_writer {
            return w.append(event).await;
        }
        let enqueue = |queue: &AuditQueue| {
            let (done, rx) = tokio::sync::oneshot::channel();
            lock_queue(queue).push(Pending {
                event: event.clone(),
                done,
            });
            rx
        };
        let mut rx = enqueue(&self.audit_queue);
        for _ in 0..100 {
            let mut head = self.audit_head.lock().await;
            match rx.try_recv() {
                Ok(Some(seq)) => return Ok(seq),
                // Written by nobody: the batch failed or its writer went away. Queue again.
                Ok(None) | Err(tokio::sync::oneshot::error::TryRecvError::Closed) => {
                    rx = enqueue(&self.audit_queue);
                }
                Err(tokio::sync::oneshot::error::TryRecvError::Empty) => {}
            }
            let batch: Vec<Pending> = {
                let mut q = lock_queue(&self.audit_queue);
                let n = q.len().min(MAX_BATCH);
                q.drain(..n).collect()
            };
            let result = match batch.as_slice() {
                [] => Ok(Vec::new()),
                [one] => self
                    .append_one(&mut head, &one.event)
                    .await
                    .map(|s| vec![s]),
                many => self.append_many(&mut head, many).await,
            };
            match result {
                Ok(seqs) => {
                    for (p, seq) in batch.into_iter().zip(seqs) {
                        let _ = p.done.send(Some(seq));
                    }
                }
                Err(e) => {
                    for p in batch {
                        let _ = p.done.send(None);
                    }
                    // Ours was in the failed batch: report the failure.
                    if let Ok(None) = rx.try_recv() {
                        return Err(e);
                    }
                }
            }
            if let Ok(Some(seq)) = rx.try_recv() {
                return Ok(seq);
            }
        }
        Err(StoreError::Setup(
            "could not append to the audit chain: the queue kept failing".into(),
        ))
    }

    /// Several queued events in one transaction, in queue order.
    async fn append_many(
        &self,
        head: &mut Option<ChainHead>,
        batch: &[Pending],
    ) -> Result<Vec<i64>, StoreError> {
        // The transaction reads the head itself; the cached one is refreshed after.
        *head = None;
        let (seqs, last) = with_db!(&self.db, |p, pg| {
            let mut tx = p.begin_with(begin_sql(pg)).await?;
            let mut seqs = Vec::with_capacity(batch.len());
            let mut last = None;
            for item in batch {
                let (seq, hash) = append_in_tx!(tx, pg, &item.event);
                seqs.push(seq);
                last = Some((seq, hash));
            }
            tx.commit().await?;
            Ok::<_, StoreError>((seqs, last))
        })?;
        *head = last;
        Ok(seqs)
    }

    /// One event by the one-statement path.
    ///
    /// The process remembers the chain head it last saw, and the insert only takes effect
    /// while that is still the head (a trigger then advances the head). When another
    /// process or transaction got there first, the insert does nothing (or meets the
    /// unique sequence number) and the head is re-read.
    async fn append_one(
        &self,
        head: &mut Option<ChainHead>,
        event: &AuditEvent,
    ) -> Result<i64, StoreError> {
        let fields = event.fields.join(",");
        let mut buf = Vec::with_capacity(256);
        for _ in 0..1000 {
            let (last, prev) = match head.take() {
                Some(h) => h,
                None => with_db!(&self.db, |p, pg| {
                    sqlx::query_as::<_, (i64, Vec<u8>)>(
                        "SELECT seq, hash FROM audit_head WHERE id = 1",
                    )
                    .fetch_one(p)
                    .await
                })?,
            };
            let seq = last + 1;
            let hash = event_hash(&prev, seq, event, &fields, &mut buf);
            let inserted = with_db!(&self.db, |p, pg| {
                // PostgreSQL: lock the head row before inserting, as transactional writers
                // do, so the two paths never wait on each other in opposite orders.
                let sql = if pg {
                    "WITH h AS (SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE) \
                     INSERT INTO audit_log (seq, at, actor, role, action, subject, purpose, fields, request_id, hash) \
                     SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 FROM h WHERE h.seq = $11"
                } else {
                    "INSERT INTO audit_log (seq, at, actor, role, action, subject, purpose, fields, request_id, hash) \
                     SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 WHERE (SELECT seq FROM audit_head WHERE id = 1) = $11"
                };
                bind_entry!(sqlx::query(sql), seq, event, &fields, &hash)
                    .bind(last)
                    .execute(p)
                    .await
                    .map(|r| r.rows_affected())
            });
            match inserted {
                Ok(1) => {
                    *head = Some((seq, hash));
                    return Ok(seq);
                }
                Ok(_) => {}
                Err(sqlx::Error::Database(d)) if d.is_unique_violation() => {}
                Err(e) => return Err(e.into()),
            }
        }
        Err(StoreError::Setup(
            "could not append to the audit chain: the head kept moving".into(),
        ))
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
    /// Rows stream in on one thread while another hashes, so both cores work. On SQLite
    /// the rows are read by a direct read-only connection: sqlx hands rows over one by
    /// one through its worker thread, ten times slower for a million-row scan.
    pub async fn verify_audit(&self) -> Result<VerifyReport, StoreError> {
        let (last_seq, last_hash, report) = match &self.sqlite_path {
            Some(path) => {
                let path = path.clone();
                tokio::task::spawn_blocking(move || verify_sqlite_file(&path))
                    .await
                    .map_err(|_| StoreError::Setup("the audit reader thread failed".into()))??
            }
            None => {
                let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<AuditEntry>>(8);
                let checker = std::thread::spawn(move || check_batches(rx));
                let streamed = self.stream_sqlx(tx).await;
                let outcome = checker
                    .join()
                    .map_err(|_| StoreError::Setup("the audit checker thread failed".into()))?;
                streamed?;
                outcome
            }
        };
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

    async fn stream_sqlx(
        &self,
        tx: std::sync::mpsc::SyncSender<Vec<AuditEntry>>,
    ) -> Result<(), StoreError> {
        with_db!(&self.db, |p, pg| {
            let mut rows = sqlx::query_as::<_, AuditEntry>(VERIFY_SQL).fetch(p);
            let mut batch = Vec::with_capacity(BATCH);
            while let Some(row) = rows.try_next().await? {
                batch.push(row);
                if batch.len() == BATCH
                    && tx
                        .send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
                        .is_err()
                {
                    return Ok(()); // the checker stopped early: the chain is broken
                }
            }
            if !batch.is_empty() {
                let _ = tx.send(batch);
            }
            Ok(())
        })
    }
}

const BATCH: usize = 4096;
const VERIFY_SQL: &str = "SELECT seq, at, actor, role, action, subject, purpose, fields, request_id, hash FROM audit_log ORDER BY seq";

/// Verifies the chain in a SQLite file with direct read-only connections. Each entry
/// can be checked from its own row and the stored hash of the one before, so the
/// sequence range is split across the cores and each thread reads and hashes its part.
fn verify_sqlite_file(path: &std::path::Path) -> Result<(i64, Vec<u8>, VerifyReport), StoreError> {
    let conn = open_ro(path)?;
    let max: i64 = conn
        .query_row("SELECT COALESCE(MAX(seq), 0) FROM audit_log", [], |r| {
            r.get(0)
        })
        .map_err(read_failed)?;
    drop(conn);
    if max == 0 {
        return Ok((0, vec![0u8; 32], VerifyReport::Intact { entries: 0 }));
    }
    let cores = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let parts = i64::try_from(cores).unwrap_or(1).min((max / 50_000).max(1));
    let step = (max + parts - 1) / parts;
    let handles: Vec<_> = (0..parts)
        .map(|k| {
            let (lo, hi) = (k * step + 1, ((k + 1) * step).min(max));
            let path = path.to_path_buf();
            std::thread::spawn(move || verify_range(&path, lo, hi))
        })
        .collect();
    let mut last_hash = vec![0u8; 32];
    let mut first_broken = None;
    for h in handles {
        let outcome = h
            .join()
            .map_err(|_| StoreError::Setup("an audit verifier thread failed".into()))??;
        if first_broken.is_none() {
            first_broken = outcome.broken;
        }
        last_hash = outcome.last_hash.to_vec();
    }
    Ok(match first_broken {
        Some((seq, reason)) => {
            let entries_ok = u64::try_from(seq - 1).unwrap_or(0);
            (
                seq - 1,
                vec![],
                VerifyReport::Broken {
                    seq,
                    reason,
                    entries_ok,
                },
            )
        }
        None => (
            max,
            last_hash,
            VerifyReport::Intact {
                entries: u64::try_from(max).unwrap_or(0),
            },
        ),
    })
}

struct RangeOutcome {
    broken: Option<(i64, String)>,
    last_hash: [u8; 32],
}

fn open_ro(path: &std::path::Path) -> Result<rusqlite::Connection, StoreError> {
    use rusqlite::OpenFlags;
    rusqlite::Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(read_failed)
}

fn read_failed(e: rusqlite::Error) -> StoreError {
    StoreError::Setup(format!("reading the audit log: {e}"))
}

fn verify_range(path: &std::path::Path, lo: i64, hi: i64) -> Result<RangeOutcome, StoreError> {
    let conn = open_ro(path)?;
    let mut prev = [0u8; 32];
    if lo > 1 {
        let stored: Option<Vec<u8>> = conn
            .query_row("SELECT hash FROM audit_log WHERE seq = ?1", [lo - 1], |r| {
                r.get(0)
            })
            .ok();
        // A missing or malformed predecessor is reported by the range that holds it.
        if let Some(h) = stored.filter(|h| h.len() == 32) {
            prev.copy_from_slice(&h);
        }
    }
    let mut stmt = conn
        .prepare("SELECT seq, at, actor, role, action, subject, purpose, fields, request_id, hash FROM audit_log WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq")
        .map_err(read_failed)?;
    let mut rows = stmt.query([lo, hi]).map_err(read_failed)?;
    let mut canon = Vec::with_capacity(512);
    let mut expected = lo;
    while let Some(r) = rows.next().map_err(read_failed)? {
        let seq: i64 = r.get(0).map_err(read_failed)?;
        if let Some(VerifyReport::Broken { seq, reason, .. }) = out_of_sequence(seq, expected, 0) {
            return Ok(RangeOutcome {
                broken: Some((seq, reason)),
                last_hash: prev,
            });
        }
        let at: i64 = r.get(1).map_err(read_failed)?;
        canon.clear();
        canon.extend_from_slice(&seq.to_be_bytes());
        canon.extend_from_slice(&at.to_be_bytes());
        for i in 2..9 {
            let b = r
                .get_ref(i)
                .map_err(read_failed)?
                .as_bytes()
                .map_err(|e| StoreError::Setup(format!("audit column {i}: {e}")))?;
            put(&mut canon, b);
        }
        let stored = r
            .get_ref(9)
            .map_err(read_failed)?
            .as_bytes()
            .map_err(|e| StoreError::Setup(format!("audit hash: {e}")))?;
        if chain_hash(&prev, &canon).as_slice() != stored
            && let VerifyReport::Broken { seq, reason, .. } = tampered(seq, 0)
        {
            return Ok(RangeOutcome {
                broken: Some((seq, reason)),
                last_hash: prev,
            });
        }
        prev.copy_from_slice(stored);
        expected += 1;
    }
    if expected <= hi {
        return Ok(RangeOutcome {
            broken: Some((expected, format!("entry {expected} is missing"))),
            last_hash: prev,
        });
    }
    Ok(RangeOutcome {
        broken: None,
        last_hash: prev,
    })
}

fn out_of_sequence(seq: i64, expected: i64, entries_ok: u64) -> Option<VerifyReport> {
    if seq == expected {
        return None;
    }
    let reason = if seq > expected {
        format!("entry {expected} is missing (next found is {seq})")
    } else {
        format!("entry {seq} appears out of order")
    };
    Some(VerifyReport::Broken {
        seq: expected,
        reason,
        entries_ok,
    })
}

fn tampered(seq: i64, entries_ok: u64) -> VerifyReport {
    VerifyReport::Broken {
        seq,
        reason: "its content or position does not match its hash: altered, reordered, or an earlier entry was removed".to_owned(),
        entries_ok,
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
            if let Some(report) = out_of_sequence(e.seq, expected, entries_ok) {
                return (ok, prev, report);
            }
            if entry_hash(&prev, &e, &mut buf).as_slice() != e.hash.as_slice() {
                return (ok, prev, tampered(e.seq, entries_ok));
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
