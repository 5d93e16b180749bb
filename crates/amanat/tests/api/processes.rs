//! Several real server processes on one database, and graceful shutdown on SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

use serde_json::json;

use crate::support::{Backend, ODERO, customer, fresh_pg_database, secrets_of};

struct Server {
    child: Child,
    base: String,
    logs: Arc<Mutex<String>>,
}

impl Drop for Server {
    /// A failing test must not leave a server holding database connections.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn store_args(cmd: &mut Command, dir: &std::path::Path, url: Option<&str>, master: &str) {
    cmd.arg("--data-dir")
        .arg(dir)
        .env("AMANAT_MASTER_KEY", master)
        .env("RUST_LOG", "trace")
        .env_remove("AMANAT_DATABASE_URL");
    if let Some(u) = url {
        cmd.arg("--database-url").arg(u);
    }
}

fn start(dir: &std::path::Path, url: Option<&str>, master: &str) -> Server {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_amanat"));
    cmd.args(["serve", "--listen", "127.0.0.1:0", "--config", ODERO]);
    store_args(&mut cmd, dir, url, master);
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let logs = Arc::new(Mutex::new(String::new()));
    let (tx, rx) = std::sync::mpsc::channel();
    let sink = Arc::clone(&logs);
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if let Some(i) = line.find("addr=") {
                let addr: String = line[i + 5..]
                    .chars()
                    .take_while(|c| !c.is_whitespace())
                    .collect();
                let _ = tx.send(addr);
            }
            let mut l = sink.lock().unwrap();
            l.push_str(&line);
            l.push('\n');
        }
    });
    let addr = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("server announced its address");
    Server {
        child,
        base: format!("http://{addr}"),
        logs,
    }
}

fn sigterm(s: &Server) {
    let ok = Command::new("kill")
        .args(["-TERM", &s.child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok);
}

fn staff_token(dir: &std::path::Path, url: Option<&str>, master: &str) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_amanat"));
    cmd.args([
        "staff",
        "add",
        "--name",
        "shop backend",
        "--role",
        "integration",
    ]);
    store_args(&mut cmd, dir, url, master);
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .unwrap()
        .to_owned();
    // The integration's partner accepted the confidentiality terms.
    let mut list = Command::new(env!("CARGO_BIN_EXE_amanat"));
    list.args(["staff", "list"]);
    store_args(&mut list, dir, url, master);
    let listed = String::from_utf8_lossy(&list.output().unwrap().stdout).to_string();
    let id = listed
        .lines()
        .find(|l| l.ends_with("shop backend"))
        .and_then(|l| l.split('\t').next())
        .unwrap()
        .to_owned();
    let terms = dir.join("terms.txt");
    std::fs::write(&terms, "Confidentiality terms for processors, version 1").unwrap();
    let mut accept = Command::new(env!("CARGO_BIN_EXE_amanat"));
    accept
        .args(["staff", "accept-terms", &id, "--document"])
        .arg(&terms);
    store_args(&mut accept, dir, url, master);
    let out = accept.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    token
}

fn verify(dir: &std::path::Path, url: Option<&str>, master: &str) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_amanat"));
    cmd.args(["audit", "verify"]);
    store_args(&mut cmd, dir, url, master);
    let out = cmd.output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{text}");
    text
}

async fn setup(backend: Backend) -> Option<(tempfile::TempDir, Option<String>, String)> {
    let url = match backend {
        Backend::Sqlite => None,
        Backend::Postgres => Some(fresh_pg_database().await?),
    };
    let master = amanat_crypto::MasterKey::generate().to_base64().to_string();
    Some((tempfile::tempdir().unwrap(), url, master))
}

async fn three_processes_one_chain(backend: Backend) {
    let Some((dir, url, master)) = setup(backend).await else {
        return;
    };
    // The first start creates the keys; then the others join.
    let first = start(dir.path(), url.as_deref(), &master);
    let token = staff_token(dir.path(), url.as_deref(), &master);
    let servers = vec![
        first,
        start(dir.path(), url.as_deref(), &master),
        start(dir.path(), url.as_deref(), &master),
    ];
    let http = reqwest::Client::new();
    let mut tasks = Vec::new();
    for i in 0..60u32 {
        let base = servers[i as usize % 3].base.clone();
        let (http, token) = (http.clone(), token.clone());
        tasks.push(tokio::spawn(async move {
            let r = http
                .post(format!("{base}/api/v1/customers"))
                .bearer_auth(&token)
                .json(&json!({"fields": customer(1000 + i)}))
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            let body: serde_json::Value = r.json().await.unwrap();
            assert_eq!(status, 201, "{body}");
            let id = body["id"].as_str().unwrap().to_owned();
            let r = http
                .get(format!("{base}/api/v1/customers/{id}?purpose=service"))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status().as_u16(), 200);
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    for s in &servers {
        sigterm(s);
    }
    let mut logs = String::new();
    for mut s in servers {
        assert!(
            s.child.wait().unwrap().success(),
            "a server did not stop cleanly"
        );
        logs.push_str(&s.logs.lock().unwrap());
    }
    // 1 staff.add + 1 staff.terms_accepted + 60 creates + 60 reads, from three writers,
    // in one unbroken chain.
    let out = verify(dir.path(), url.as_deref(), &master);
    assert!(out.contains("intact: 122 entries"), "{out}");
    assert!(
        logs.contains("request"),
        "the servers logged requests at trace level"
    );
    for i in 0..60 {
        for s in secrets_of(1000 + i) {
            assert!(
                !logs.contains(&s),
                "a personal value leaked into a server log"
            );
        }
    }
    assert!(!logs.contains(&token), "the token leaked into a server log");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_server_processes_keep_one_audit_chain_on_sqlite() {
    three_processes_one_chain(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_server_processes_keep_one_audit_chain_on_postgres() {
    three_processes_one_chain(Backend::Postgres).await;
}

async fn sigterm_loses_no_accepted_write(backend: Backend) {
    let Some((dir, url, master)) = setup(backend).await else {
        return;
    };
    let server = start(dir.path(), url.as_deref(), &master);
    let token = staff_token(dir.path(), url.as_deref(), &master);
    let http = reqwest::Client::new();
    // Wait until the server takes writes (a cold start on a loaded machine can be slow),
    // then send the signal while a burst of writes is in flight.
    let mut warm_id = None;
    for _ in 0..100 {
        let r = http
            .post(format!("{}/api/v1/customers", server.base))
            .bearer_auth(&token)
            .json(&json!({"fields": customer(1999)}))
            .send()
            .await;
        if let Ok(r) = r
            && r.status().as_u16() == 201
        {
            warm_id = r
                .json::<serde_json::Value>()
                .await
                .ok()
                .and_then(|b| b["id"].as_str().map(str::to_owned));
            break;
        }
    }
    let warm_id = warm_id.expect("the server accepts writes");
    let mut tasks = Vec::new();
    for i in 0..40u32 {
        let (http, token, base) = (http.clone(), token.clone(), server.base.clone());
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep(std::time::Duration::from_millis(u64::from(i) * 5)).await;
            let r = http
                .post(format!("{base}/api/v1/customers"))
                .bearer_auth(&token)
                .json(&json!({"fields": customer(2000 + i)}))
                .send()
                .await;
            match r {
                Ok(r) if r.status().as_u16() == 201 => r
                    .json::<serde_json::Value>()
                    .await
                    .ok()
                    .and_then(|b| b["id"].as_str().map(str::to_owned)),
                _ => None,
            }
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(60)).await;
    sigterm(&server);
    let mut accepted = vec![warm_id];
    for t in tasks {
        if let Some(id) = t.await.unwrap() {
            accepted.push(id);
        }
    }
    let mut server = server;
    assert!(
        server.child.wait().unwrap().success(),
        "SIGTERM gives a clean exit"
    );
    assert!(
        !accepted.is_empty(),
        "some writes were accepted before the signal"
    );
    // Every write that was answered 201 is there after a restart.
    let again = start(dir.path(), url.as_deref(), &master);
    for id in &accepted {
        let r = http
            .get(format!(
                "{}/api/v1/customers/{id}?purpose=service",
                again.base
            ))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200, "an accepted write was lost");
    }
    sigterm(&again);
    let mut again = again;
    assert!(again.child.wait().unwrap().success());
    drop(again);
    let out = verify(dir.path(), url.as_deref(), &master);
    assert!(out.contains("intact"), "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_loses_no_accepted_write_on_sqlite() {
    sigterm_loses_no_accepted_write(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_loses_no_accepted_write_on_postgres() {
    sigterm_loses_no_accepted_write(Backend::Postgres).await;
}

/// `serve --demo`, as the README's quick start runs it: a working admin token on stdout
/// and a recipient in the registry.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_server_starts_with_a_working_token_and_a_recipient() {
    let dir = tempfile::tempdir().unwrap();
    let master = amanat_crypto::MasterKey::generate().to_base64();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_amanat"));
    cmd.args(["serve", "--demo", "--listen", "127.0.0.1:0"]);
    store_args(&mut cmd, dir.path(), None, &master);
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        // The token is the line after "admin token".
        let mut next_is_token = false;
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if next_is_token {
                let _ = tx.send(line.trim().to_owned());
                break;
            }
            next_is_token = line.contains("admin token");
        }
    });
    let stderr = child.stderr.take().unwrap();
    let (atx, arx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if let Some(i) = line.find("addr=") {
                let addr: String = line[i + 5..]
                    .chars()
                    .take_while(|c| !c.is_whitespace())
                    .collect();
                let _ = atx.send(addr);
            }
        }
    });
    let server = Server {
        child,
        base: format!(
            "http://{}",
            arx.recv_timeout(std::time::Duration::from_secs(60))
                .expect("the demo announced its address")
        ),
        logs: Arc::new(Mutex::new(String::new())),
    };
    let token = rx
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("the demo printed a token");
    let http = reqwest::Client::new();
    let purposes = http
        .get(format!("{}/api/v1/purposes", server.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(purposes.status(), 200, "the printed token works");
    let recipients: serde_json::Value = http
        .get(format!("{}/api/v1/recipients", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(recipients["recipients"][0]["id"], "demo-courier");
    assert!(recipients["recipients"][0]["terms_sha256"].is_string());
    drop(server);
}
