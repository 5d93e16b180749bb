//! The test harness: a server on a random port with its own database, staff tokens
//! for each role, and a log buffer every test checks for leaked values.

use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use amanat_core::{Config, Role};
use amanat_server::{AppState, Vault};
use amanat_store::{Store, StoreOptions};
use serde_json::{Value, json};

pub const ODERO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/odero.toml");

/// Everything every test's servers log, at TRACE level.
pub fn log_buffer() -> &'static Arc<Mutex<Vec<u8>>> {
    static BUF: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    BUF.get_or_init(|| {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let writer = BufWriter(Arc::clone(&buf));
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("trace"))
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .try_init();
        buf
    })
}

#[derive(Clone)]
struct BufWriter(Arc<Mutex<Vec<u8>>>);

impl Write for BufWriter {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Fails when any of `values` appears in the captured logs.
pub fn assert_not_logged(values: &[&str]) {
    let logs = String::from_utf8_lossy(&log_buffer().lock().unwrap()).to_string();
    assert!(
        !logs.is_empty(),
        "the log capture saw nothing: the check would be vacuous"
    );
    if let Ok(path) = std::env::var("AMANAT_TEST_LOG_DUMP") {
        std::fs::write(path, &logs).unwrap();
    }
    for v in values {
        assert!(!leaks(&logs, v), "a personal value leaked into the logs");
    }
}

/// Whether `value` appears in `logs`. A value of digits only (a one-time code) counts only
/// where it stands alone: every log line carries a timestamp with six digits of
/// microseconds (".978359Z") and durations ("0.323357ms"), which a six-digit code matches by
/// chance about once in a million lines each.
fn leaks(logs: &str, value: &str) -> bool {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return logs.contains(value);
    }
    logs.match_indices(value).any(|(i, _)| {
        let before = logs[..i].bytes().next_back();
        let after = logs[i + value.len()..].bytes().next();
        !before.is_some_and(|b| b.is_ascii_digit() || b == b'.')
            && !after.is_some_and(|b| b.is_ascii_digit())
    })
}

#[test]
fn a_code_is_found_alone_but_not_inside_a_timestamp() {
    let logs = "2026-11-27T20:40:01.978359Z INFO request latency_ms=0.323357 code=482913 done";
    assert!(leaks(logs, "482913"));
    assert!(!leaks(logs, "978359"));
    assert!(!leaks(logs, "323357"));
    assert!(leaks(logs, "INFO request"));
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A fresh PostgreSQL database for one test, or None (skip) off CI without a server.
pub async fn fresh_pg_database() -> Option<String> {
    let Ok(admin) = std::env::var("AMANAT_TEST_DATABASE_URL") else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!(
                "CI must set AMANAT_TEST_DATABASE_URL: the PostgreSQL tests are mandatory there"
            );
        }
        eprintln!(
            "skipping a PostgreSQL test: set AMANAT_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test to run it"
        );
        return None;
    };
    let name = format!("amanat_t_{}", uuid::Uuid::new_v4().simple());
    let pool = sqlx::PgPool::connect(&admin)
        .await
        .expect("connect to AMANAT_TEST_DATABASE_URL");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let (base, _) = admin.rsplit_once('/').expect("URL has a database name");
    Some(format!("{base}/{name}"))
}

pub struct TestApp {
    pub base: String,
    pub http: reqwest::Client,
    pub vault: Arc<Vault>,
    pub dir: tempfile::TempDir,
    pub database_url: Option<String>,
    pub tokens: std::collections::HashMap<Role, String>,
    pub master_b64: String,
    pub sinks: crate::sinks::Sinks,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    handle: Option<tokio::task::JoinHandle<()>>,
}

impl TestApp {
    /// Starts a server; None when the backend is not available here.
    pub async fn spawn(backend: Backend) -> Option<TestApp> {
        Self::spawn_with(backend, "").await
    }

    /// Starts a server whose `[auth]` section also has `auth` (TOML lines). Notices go
    /// to real SMTP and HTTP receivers on loopback ([`TestApp::sinks`]).
    pub async fn spawn_with(backend: Backend, auth: &str) -> Option<TestApp> {
        log_buffer();
        let database_url = match backend {
            Backend::Sqlite => None,
            Backend::Postgres => Some(fresh_pg_database().await?),
        };
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&StoreOptions {
            data_dir: dir.path().to_path_buf(),
            database_url: database_url.clone(),
            keys_database_url: None,
            max_connections: 4,
        })
        .await
        .unwrap();
        let master = amanat_crypto::MasterKey::generate();
        let master_b64 = master.to_base64().to_string();
        let sinks = crate::sinks::Sinks::start().await;
        let text = format!(
            "{}\n[auth]\nargon2 = {{ memory_kib = 1024, iterations = 1, parallelism = 1 }}\n{auth}\n{}",
            std::fs::read_to_string(ODERO).unwrap(),
            sinks.config()
        );
        let config = Config::parse(&text, std::path::Path::new(ODERO)).unwrap();
        let vault = Arc::new(
            Vault::open(Arc::new(config), store.clone(), master, chrono::Utc::now())
                .await
                .unwrap(),
        );
        let mut tokens = std::collections::HashMap::new();
        for role in Role::ALL {
            tokens.insert(
                role,
                amanat_server::staff::add_staff_accepted(
                    &store,
                    vault.config(),
                    &format!("test {role}"),
                    role,
                    "test",
                )
                .await
                .unwrap(),
            );
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let state = AppState::new(Arc::clone(&vault), dir.path()).unwrap();
        let handle = tokio::spawn(async move {
            amanat_server::serve(listener, state, async {
                let _ = rx.await;
            })
            .await
            .unwrap();
        });
        Some(TestApp {
            base,
            http: reqwest::Client::new(),
            vault,
            dir,
            database_url,
            tokens,
            master_b64,
            sinks,
            shutdown: Some(tx),
            handle: Some(handle),
        })
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    pub fn token(&self, role: Role) -> &str {
        &self.tokens[&role]
    }

    pub async fn call(
        &self,
        role: Role,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(self.token(role));
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    pub async fn create(&self, fields: Value) -> (u16, Value) {
        self.call(
            Role::Integration,
            reqwest::Method::POST,
            "/api/v1/customers",
            Some(json!({ "fields": fields })),
        )
        .await
    }

    pub async fn read(&self, role: Role, id: &str, purpose: &str) -> (u16, Value) {
        self.call(
            role,
            reqwest::Method::GET,
            &format!("/api/v1/customers/{id}?purpose={purpose}"),
            None,
        )
        .await
    }

    /// Stops the server gracefully and waits for it. A test's PostgreSQL database is
    /// dropped when the test ends (see `Drop`), so runs do not pile databases up.
    pub async fn stop(mut self) -> (tempfile::TempDir, Option<String>) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(h) = self.handle.take() {
            h.await.unwrap();
        }
        let dir = std::mem::replace(&mut self.dir, tempfile::tempdir().unwrap());
        (dir, self.database_url.clone())
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let (Some(url), Ok(admin)) = (
            &self.database_url,
            std::env::var("AMANAT_TEST_DATABASE_URL"),
        ) {
            let name = url.rsplit('/').next().unwrap_or_default().to_owned();
            // Best effort, on a thread of its own: Drop cannot await.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async {
                    if let Ok(pool) = sqlx::PgPool::connect(&admin).await {
                        let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                        )))
                        .execute(&pool)
                        .await;
                        pool.close().await;
                    }
                });
            })
            .join();
        }
    }
}

/// A made-up customer of the payment service; `n` keeps unique values apart.
pub fn customer(n: u32) -> Value {
    json!({
        "username": format!("aysel{n}"),
        "email": format!("aysel.quliyeva{n}@example.az"),
        "phone": format!("+99450{:07}", 3_100_000 + n),
        "given_name": "Aysel",
        "family_name": format!("Quliyeva{n}"),
        "birth_date": "1992-06-30",
        "address": format!("Xətai pr. {n}, Bakı"),
        "postal_code": "AZ1025",
    })
}

/// The values of `customer(n)` that must never show in logs or at rest.
pub fn secrets_of(n: u32) -> Vec<String> {
    let c = customer(n);
    ["username", "email", "phone", "family_name", "address"]
        .iter()
        .map(|k| c[*k].as_str().unwrap().to_owned())
        .collect()
}

/// Runs one SQL statement with its binds straight on the test's database (SQLite file or
/// PostgreSQL), as time passing or an old system would change a row:
/// `raw_sql!(app, "UPDATE t SET a = $1 WHERE id = $2", a, id)`.
#[macro_export]
macro_rules! raw_sql {
    ($app:expr, $sql:expr $(, $bind:expr)* $(,)?) => {{
        let app: &$crate::support::TestApp = $app;
        match app.database_url.as_deref() {
            None => {
                let url = format!("sqlite://{}", app.data_dir().join("amanat.db").display());
                let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
                sqlx::query($sql)$(.bind($bind))*.execute(&pool).await.unwrap();
            }
            Some(url) => {
                let pool = sqlx::PgPool::connect(url).await.unwrap();
                sqlx::query($sql)$(.bind($bind))*.execute(&pool).await.unwrap();
            }
        }
    }};
}

/// Declares one test per backend running the same scenario.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, $scenario:ident) => {
        $crate::both_backends!($name, $scenario, $crate::support::TestApp::spawn);
    };
    ($name:ident, $scenario:ident, $spawn:path) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                if let Some(app) = $spawn($crate::support::Backend::Sqlite).await {
                    super::$scenario(app).await;
                }
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = $spawn($crate::support::Backend::Postgres).await {
                    super::$scenario(app).await;
                }
            }
        }
    };
}

/// Runs the real binary with the test's store options.
pub fn amanat(
    app_dir: &std::path::Path,
    database_url: Option<&str>,
    master_b64: &str,
    args: &[&str],
) -> std::process::Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_amanat"));
    cmd.args(args)
        .arg("--data-dir")
        .arg(app_dir)
        .env("AMANAT_MASTER_KEY", master_b64)
        .env_remove("AMANAT_DATABASE_URL");
    if let Some(url) = database_url {
        cmd.arg("--database-url").arg(url);
    }
    cmd.output().unwrap()
}

/// Stores a delivered order of `customer_id` created at `at` (ms), as an ordering system
/// long ago would have: for tests of what erasure keeps.
pub async fn old_order(app: &TestApp, customer_id: &str, number: &str, at: i64) {
    app.vault
        .store()
        .create_order(
            &amanat_store::OrderRow {
                id: uuid::Uuid::new_v4().to_string(),
                customer_id: customer_id.to_owned(),
                order_number: number.into(),
                payment_reference: None,
                tracking_code: None,
                status: "delivered".into(),
                created_at: at,
                updated_at: at,
            },
            &amanat_store::AuditEvent {
                at,
                actor: "system".into(),
                role: "system".into(),
                action: "order.create".into(),
                subject: customer_id.to_owned(),
                purpose: "service".into(),
                fields: vec![],
                request_id: "t".into(),
            },
        )
        .await
        .unwrap();
}
