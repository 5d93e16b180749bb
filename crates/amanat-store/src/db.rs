//! Opening the two databases, migrations, and the backend switch.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::StoreError;

/// Which database engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

#[derive(Clone, Debug)]
pub(crate) enum Db {
    Sqlite(SqlitePool),
    Pg(PgPool),
}

/// Runs `$body` with `$p` bound to the pool of either backend and `$pg` true on
/// PostgreSQL. The body is compiled once per backend, so one query text serves both.
macro_rules! with_db {
    ($db:expr, |$p:ident, $pg:ident| $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($p) => {
                #[allow(unused_variables)]
                let $pg = false;
                $body
            }
            $crate::db::Db::Pg($p) => {
                #[allow(unused_variables)]
                let $pg = true;
                $body
            }
        }
    };
}
pub(crate) use with_db;

/// `$from, $from+1, ...`: `n` numbered placeholders for an `IN (...)` list.
pub(crate) fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The last sequence number and hash of the audit chain.
pub(crate) type ChainHead = (i64, Vec<u8>);

/// Where the store lives.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// Data directory: SQLite files live here.
    pub data_dir: PathBuf,
    /// A PostgreSQL URL; `None` selects SQLite.
    pub database_url: Option<String>,
    /// A separate PostgreSQL URL for the key store; default: schema `amanat_keys` of the main database.
    pub keys_database_url: Option<String>,
    /// Most connections each pool opens.
    pub max_connections: u32,
}

/// The data store and the key store.
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) db: Db,
    pub(crate) keys: Db,
    /// The SQLite data file, for the audit verifier's direct reader.
    pub(crate) sqlite_path: Option<PathBuf>,
    /// Whether the data connections can read the key store in the same query.
    pub(crate) keys_joinable: bool,
    /// The audit chain head this process last wrote or read (see `append_audit`).
    pub(crate) audit_head: std::sync::Arc<tokio::sync::Mutex<Option<ChainHead>>>,
    /// Audit events waiting for the next group commit (see `append_audit`).
    pub(crate) audit_queue: crate::audit::AuditQueue,
    /// SQLite: the thread that appends standalone audit entries (see `audit_writer`).
    pub(crate) audit_writer: Option<crate::audit_writer::AuditWriter>,
}

impl Store {
    /// Opens (creating if needed) both databases and applies migrations.
    pub async fn open(opts: &StoreOptions) -> Result<Store, StoreError> {
        match &opts.database_url {
            None => Self::open_sqlite(opts).await,
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Self::open_pg(url, opts).await
            }
            Some(_) => Err(StoreError::Setup(
                "--database-url must start with postgres:// or postgresql://; leave it out to use the embedded SQLite".into(),
            )),
        }
    }

    async fn open_sqlite(opts: &StoreOptions) -> Result<Store, StoreError> {
        std::fs::create_dir_all(&opts.data_dir).map_err(|e| {
            StoreError::Setup(format!(
                "cannot create data directory {}: {e}",
                opts.data_dir.display()
            ))
        })?;
        let options = |file: &str| {
            SqliteConnectOptions::new()
                .filename(opts.data_dir.join(file))
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(30))
        };
        let keys = SqlitePoolOptions::new()
            .max_connections(opts.max_connections.max(1))
            .connect_with(options("keys.db"))
            .await?;
        sqlx::migrate!("migrations/sqlite-keys").run(&keys).await?;
        // The data connections see the key store as schema `keystore` (read together
        // with a customer's fields in one query); it remains its own file.
        let keys_file = opts.data_dir.join("keys.db").to_string_lossy().into_owned();
        let db = SqlitePoolOptions::new()
            .max_connections(opts.max_connections.max(1))
            .after_connect(move |conn, _| {
                let file = keys_file.clone();
                Box::pin(async move {
                    sqlx::query("ATTACH DATABASE $1 AS keystore")
                        .bind(file)
                        .execute(conn)
                        .await?;
                    Ok(())
                })
            })
            .connect_with(options("amanat.db"))
            .await?;
        sqlx::migrate!("migrations/sqlite").run(&db).await?;
        Ok(Store {
            db: Db::Sqlite(db),
            keys: Db::Sqlite(keys),
            sqlite_path: Some(opts.data_dir.join("amanat.db")),
            keys_joinable: true,
            audit_head: Default::default(),
            audit_queue: Default::default(),
            audit_writer: Some(crate::audit_writer::AuditWriter::start(
                &opts.data_dir.join("amanat.db"),
                &opts.data_dir.join("keys.db"),
            )?),
        })
    }

    async fn open_pg(url: &str, opts: &StoreOptions) -> Result<Store, StoreError> {
        let base = PgConnectOptions::from_str(url)?;
        let db = PgPoolOptions::new()
            .max_connections(opts.max_connections.max(1))
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(base.clone())
            .await?;
        let keys_opts = match &opts.keys_database_url {
            Some(k) => PgConnectOptions::from_str(k)?,
            None => {
                sqlx::query("CREATE SCHEMA IF NOT EXISTS amanat_keys")
                    .execute(&db)
                    .await?;
                base.options([("search_path", "amanat_keys")])
            }
        };
        let keys = PgPoolOptions::new()
            .max_connections(opts.max_connections.max(1))
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(keys_opts)
            .await?;
        sqlx::migrate!("migrations/postgres").run(&db).await?;
        sqlx::migrate!("migrations/postgres-keys")
            .run(&keys)
            .await?;
        Ok(Store {
            db: Db::Pg(db),
            keys: Db::Pg(keys),
            sqlite_path: None,
            keys_joinable: opts.keys_database_url.is_none(),
            audit_head: Default::default(),
            audit_queue: Default::default(),
            audit_writer: None,
        })
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        match self.db {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Pg(_) => Backend::Postgres,
        }
    }

    /// Waits for in-flight queries and closes every connection.
    pub async fn close(&self) {
        if let Some(w) = &self.audit_writer {
            w.stop().await;
        }
        for d in [&self.db, &self.keys] {
            with_db!(d, |p, _pg| p.close().await);
        }
    }

    /// Checks both databases answer.
    pub async fn ping(&self) -> Result<(), StoreError> {
        for d in [&self.db, &self.keys] {
            with_db!(d, |p, _pg| sqlx::query("SELECT 1")
                .execute(p)
                .await
                .map(|_| ()))?;
        }
        Ok(())
    }
}

/// Maps a unique-constraint violation to [`StoreError::Duplicate`] naming `field`.
pub(crate) fn unique_as_duplicate(
    e: sqlx::Error,
    field: impl FnOnce(&str) -> String,
) -> StoreError {
    if let sqlx::Error::Database(d) = &e
        && d.is_unique_violation()
    {
        let detail = d
            .constraint()
            .map(str::to_owned)
            .unwrap_or_else(|| d.message().to_owned());
        return StoreError::Duplicate(field(&detail));
    }
    StoreError::Database(e)
}
