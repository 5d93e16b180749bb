//! The SQLite audit writer: one thread with its own connection appends the audit entries
//! that are not part of a larger transaction (reads, look-ups, sign-ins).
//!
//! Through the async pool an append costs several hops between the runtime and the pool's
//! worker thread; here it is one channel message each way, and every entry waiting when
//! the thread wakes goes into the same transaction (group commit). The transaction reads
//! the chain head under SQLite's write lock (`BEGIN IMMEDIATE`), so other processes and the
//! pool's own transactional writers (which append inside their transactions) stay in one
//! chain. A caller learns its sequence number only after the commit: the entry is in the
//! database before any value is returned.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use tokio::sync::oneshot;

use crate::audit::{AuditEvent, event_hash};
use crate::{AuditedRead, StoreError, WrappedDek};

/// Most entries one commit writes.
const MAX_BATCH: usize = 512;

enum Job {
    /// Append one event.
    Append {
        event: AuditEvent,
        done: oneshot::Sender<Result<i64, String>>,
    },
    /// A protected read: the customer's fields and its audit entry in one transaction.
    Read {
        read: ReadRequest,
        done: oneshot::Sender<Result<AuditedRead, String>>,
    },
}

/// What `Store::read_audited` asks for.
#[derive(Debug, Clone)]
pub(crate) struct ReadRequest {
    pub(crate) id: String,
    pub(crate) allowed: Vec<String>,
    pub(crate) with_key: bool,
    pub(crate) legal: bool,
    pub(crate) event: AuditEvent,
}

/// One job's result inside the batch transaction, sent once it commits.
enum Outcome {
    Seq(i64),
    Read(AuditedRead),
}

/// A handle on the writer thread. The thread ends when `stop` is called (the store is
/// closed) or the last handle is dropped, after writing what was already queued.
#[derive(Debug, Clone)]
pub(crate) struct AuditWriter {
    inner: Arc<Mutex<Option<Running>>>,
}

#[derive(Debug)]
struct Running {
    jobs: mpsc::Sender<Job>,
    thread: std::thread::JoinHandle<()>,
}

impl AuditWriter {
    /// Opens the writer's connection to the SQLite file at `path` and starts the thread.
    pub(crate) fn start(path: &Path, keys: &Path) -> Result<AuditWriter, StoreError> {
        let conn = open(path, keys).map_err(|e| {
            StoreError::Setup(format!(
                "cannot open the audit writer on {}: {e}",
                path.display()
            ))
        })?;
        let (jobs, rx) = mpsc::channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("amanat-audit".into())
            .spawn(move || run(conn, rx))
            .map_err(|e| StoreError::Setup(format!("cannot start the audit writer: {e}")))?;
        Ok(AuditWriter {
            inner: Arc::new(Mutex::new(Some(Running { jobs, thread }))),
        })
    }

    /// Stops the thread once it has written what is queued, and closes its connection.
    pub(crate) async fn stop(&self) {
        let running = self
            .inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        if let Some(Running { jobs, thread }) = running {
            drop(jobs);
            let _ = tokio::task::spawn_blocking(move || thread.join()).await;
        }
    }

    /// Appends `event`; returns its sequence number once committed.
    pub(crate) async fn append(&self, event: &AuditEvent) -> Result<i64, StoreError> {
        let event = event.clone();
        self.submit(
            |done| Job::Append { event, done },
            "could not append to the audit chain",
        )
        .await
    }

    /// A protected read and its audit entry, committed together.
    pub(crate) async fn read(&self, read: ReadRequest) -> Result<AuditedRead, StoreError> {
        self.submit(
            |done| Job::Read { read, done },
            "could not read and record the read",
        )
        .await
    }

    /// Queues the job `make` builds and waits for the thread's answer.
    async fn submit<T>(
        &self,
        make: impl FnOnce(oneshot::Sender<Result<T, String>>) -> Job,
        failed: &str,
    ) -> Result<T, StoreError> {
        let (done, rx) = oneshot::channel();
        let sent = match &*self
            .inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
        {
            Some(r) => r.jobs.send(make(done)).is_ok(),
            None => false,
        };
        if !sent {
            return Err(closed());
        }
        match rx.await {
            Ok(Ok(r)) => Ok(r),
            Ok(Err(e)) => Err(StoreError::Setup(format!("{failed}: {e}"))),
            Err(_) => Err(closed()),
        }
    }
}

fn closed() -> StoreError {
    StoreError::Setup("the store is closed".into())
}

fn open(path: &Path, keys: &Path) -> rusqlite::Result<rusqlite::Connection> {
    let conn = rusqlite::Connection::open(PathBuf::from(path))?;
    conn.busy_timeout(Duration::from_secs(30))?;
    // Per connection: the same durability as the pool's (WAL, synchronous NORMAL).
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.execute(
        "ATTACH DATABASE ?1 AS keystore",
        [keys.to_string_lossy().as_ref()],
    )?;
    Ok(conn)
}

fn run(mut conn: rusqlite::Connection, rx: mpsc::Receiver<Job>) {
    let mut buf = Vec::with_capacity(256);
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(j) => batch.push(j),
                Err(_) => break,
            }
        }
        match write(&mut conn, &batch, &mut buf) {
            Ok(outcomes) => {
                for (job, outcome) in batch.into_iter().zip(outcomes) {
                    match (job, outcome) {
                        (Job::Append { done, .. }, Outcome::Seq(seq)) => {
                            let _ = done.send(Ok(seq));
                        }
                        (Job::Read { done, .. }, Outcome::Read(r)) => {
                            let _ = done.send(Ok(r));
                        }
                        // `write` answers each job in kind; nothing else can pair up.
                        (Job::Append { done, .. }, _) => {
                            let _ = done.send(Err("internal mismatch".into()));
                        }
                        (Job::Read { done, .. }, _) => {
                            let _ = done.send(Err("internal mismatch".into()));
                        }
                    }
                }
            }
            Err(e) => {
                // The transaction rolled back as a whole: no entry of the batch is stored.
                let msg = e.to_string();
                for job in batch {
                    match job {
                        Job::Append { done, .. } => {
                            let _ = done.send(Err(msg.clone()));
                        }
                        Job::Read { done, .. } => {
                            let _ = done.send(Err(msg.clone()));
                        }
                    }
                }
            }
        }
    }
}

type Row = (String, Vec<u8>, Option<i64>, Option<i64>, Option<Vec<u8>>);

/// The customer's fields (with restriction and wrapped key), or `None` when there is no
/// such customer; then what the read job answers, without an entry when it reads nothing.
fn read_one(
    tx: &rusqlite::Transaction<'_>,
    r: &ReadRequest,
) -> rusqlite::Result<Result<(AuditedRead, AuditEvent), AuditedRead>> {
    let mut stmt = tx.prepare_cached(
        "SELECT f.field, f.sealed, (SELECT since FROM restrictions WHERE customer_id = ?1), \
         k.kek_version, k.wrapped FROM customer_fields f \
         LEFT JOIN keystore.customer_keys k ON k.customer_id = f.customer_id WHERE f.customer_id = ?1",
    )?;
    let rows: Vec<Row> = stmt
        .query_map([&r.id], |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let restricted = match rows.first() {
        Some(row) => row.2.is_some(),
        None => {
            let exists: Option<Option<i64>> = tx
                .query_row(
                    "SELECT (SELECT since FROM restrictions WHERE customer_id = ?1) \
                     FROM customers WHERE id = ?1 AND erased_at IS NULL",
                    [&r.id],
                    |row| row.get(0),
                )
                .map(Some)
                .or_else(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => Ok(None),
                    e => Err(e),
                })?;
            match exists {
                Some(since) => since.is_some(),
                None => return Ok(Err(AuditedRead::NotFound)),
            }
        }
    };
    if restricted && !r.legal {
        return Ok(Err(AuditedRead::Restricted));
    }
    let key = match rows.first() {
        Some((_, _, _, Some(v), Some(w))) if r.with_key => Some(WrappedDek {
            customer_id: r.id.clone(),
            kek_version: *v,
            wrapped: w.clone(),
        }),
        _ => None,
    };
    let mut event = r.event.clone();
    let fields = crate::customers::allowed_fields(
        rows.into_iter().map(|row| (row.0, row.1)).collect(),
        &r.allowed,
        &mut event,
    );
    Ok(Ok((
        AuditedRead::Read {
            fields,
            key,
            seq: 0,
        },
        event,
    )))
}

/// Runs `batch` in one transaction; one outcome per job, in order.
fn write(
    conn: &mut rusqlite::Connection,
    batch: &[Job],
    buf: &mut Vec<u8>,
) -> rusqlite::Result<Vec<Outcome>> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let (mut seq, mut prev): (i64, Vec<u8>) =
        tx.query_row("SELECT seq, hash FROM audit_head WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let mut out = Vec::with_capacity(batch.len());
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO audit_log (seq, at, actor, role, action, subject, purpose, fields, request_id, hash) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        let mut append = |e: &AuditEvent| -> rusqlite::Result<i64> {
            seq += 1;
            let fields = e.fields.join(",");
            let hash = event_hash(&prev, seq, e, &fields, buf);
            insert.execute(rusqlite::params![
                seq,
                e.at,
                e.actor,
                e.role,
                e.action,
                e.subject,
                e.purpose,
                fields,
                e.request_id,
                &hash
            ])?;
            prev = hash;
            Ok(seq)
        };
        for job in batch {
            match job {
                Job::Append { event, .. } => out.push(Outcome::Seq(append(event)?)),
                Job::Read { read, .. } => match read_one(&tx, read)? {
                    Ok((AuditedRead::Read { fields, key, .. }, event)) => {
                        let seq = append(&event)?;
                        out.push(Outcome::Read(AuditedRead::Read { fields, key, seq }));
                    }
                    Ok((other, _)) | Err(other) => out.push(Outcome::Read(other)),
                },
            }
        }
    }
    tx.commit()?;
    Ok(out)
}
