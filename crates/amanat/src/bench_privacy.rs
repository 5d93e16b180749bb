//! `amanat bench audience` and `amanat bench retention`: the marketing audience streamed
//! over HTTP from a store of a million customers, and a retention pass erasing a hundred
//! thousand inactive ones. Prints figures; asserts nothing.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use amanat_core::Role;
use amanat_server::{AppState, Vault};
use amanat_store::{AudienceRule, Store, StoreOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn open(dir: Option<PathBuf>, what: &str) -> anyhow::Result<(PathBuf, bool, Arc<Vault>)> {
    let (base, keep) = match dir {
        Some(d) => (d, true),
        None => (
            std::env::temp_dir().join(format!("amanat-bench-{what}-{}", uuid::Uuid::new_v4())),
            false,
        ),
    };
    let store = Store::open(&StoreOptions {
        data_dir: base.clone(),
        database_url: None,
        keys_database_url: None,
        max_connections: 4,
    })
    .await?;
    let vault = Arc::new(
        Vault::open(
            Arc::new(crate::cli::demo_config()?),
            store,
            amanat_crypto::MasterKey::generate(),
            chrono::Utc::now(),
        )
        .await?,
    );
    Ok((base, keep, vault))
}

type Server = tokio::task::JoinHandle<std::io::Result<()>>;

/// A real server on a loopback port: its address, its stop switch and its task.
async fn start_server(
    vault: &Arc<Vault>,
    base: &std::path::Path,
) -> anyhow::Result<(
    std::net::SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    Server,
)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let state = AppState::new(Arc::clone(vault), base)?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(amanat_server::serve(listener, state, async {
        let _ = stopped.await;
    }));
    Ok((addr, stop, server))
}

/// Streams the audience of `customers` consenting customers, over HTTP and at the store.
pub async fn audience(customers: u64, dir: Option<PathBuf>) -> anyhow::Result<()> {
    let (base, keep, vault) = open(dir, "audience").await?;
    let store = vault.store().clone();
    let t = Instant::now();
    store
        .bench_fill_consents(
            customers,
            1,
            "marketing",
            "email",
            chrono::Utc::now().timestamp_millis(),
        )
        .await?;
    println!(
        "filled {customers} customers with a marketing/email consent in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    // The scan alone.
    let t = Instant::now();
    let (tx, mut rx) = tokio::sync::mpsc::channel(8);
    let scan = {
        let store = store.clone();
        tokio::spawn(async move {
            store
                .stream_audience("marketing", "email", AudienceRule::Consent, 4096, tx)
                .await
        })
    };
    let mut n = 0usize;
    while let Some(batch) = rx.recv().await {
        n += batch?.len();
    }
    scan.await??;
    let scan_s = t.elapsed().as_secs_f64();
    println!(
        "store scan:        {n} ids in {scan_s:.2} s = {:.0} ids/s",
        n as f64 / scan_s
    );

    // End to end: GET /api/v1/audience on a real server, read to the end.
    let token = amanat_server::staff::add_staff_accepted(
        &store,
        vault.config(),
        "bench",
        Role::Integration,
        "bench",
    )
    .await
    .map_err(anyhow::Error::msg)?;
    let (addr, stop, server) = start_server(&vault, &base).await?;
    let t = Instant::now();
    let mut sock = tokio::net::TcpStream::connect(addr).await?;
    let request = format!(
        "GET /api/v1/audience?purpose=marketing&channel=email HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    );
    sock.write_all(request.as_bytes()).await?;
    let mut buf = vec![0u8; 1 << 20];
    let (mut ids, mut bytes, mut tail) = (0usize, 0usize, Vec::<u8>::new());
    loop {
        let read = sock.read(&mut buf).await?;
        if read == 0 {
            break;
        }
        bytes += read;
        // Count "customer_id" across reads (a match may straddle two).
        tail.extend_from_slice(&buf[..read]);
        ids += tail.windows(11).filter(|w| *w == b"customer_id").count();
        let keep_from = tail.len().saturating_sub(10);
        tail.drain(..keep_from);
    }
    let http_s = t.elapsed().as_secs_f64();
    println!(
        "HTTP NDJSON:       {ids} ids ({:.1} MB) in {http_s:.2} s = {:.0} ids/s  (aim: at least 500,000 ids/s)",
        bytes as f64 / 1e6,
        ids as f64 / http_s
    );
    let _ = stop.send(());
    server.await??;
    if !keep {
        let _ = std::fs::remove_dir_all(&base);
    }
    Ok(())
}

/// A retention pass erasing `customers` inactive customers with `fields` fields each.
pub async fn retention(customers: u64, fields: usize, dir: Option<PathBuf>) -> anyhow::Result<()> {
    let (base, keep, vault) = open(dir, "retention").await?;
    let cfg = vault.config();
    let inactive = i64::from(cfg.retention.inactive_days.unwrap_or(365));
    let notice = i64::from(cfg.retention.notice_days);
    let now = chrono::Utc::now();
    let day = 86_400_000_i64;
    let t = Instant::now();
    vault
        .store()
        .bench_fill_inactive(
            customers,
            fields,
            now.timestamp_millis() - (inactive + notice + 10) * day,
            now.timestamp_millis() - (notice + 1) * day,
        )
        .await?;
    println!(
        "filled {customers} inactive customers ({fields} fields, a key each) in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let accounts = Arc::new(amanat_server::accounts::Accounts::new(
        Arc::clone(&vault),
        Arc::new(tokio::sync::Notify::new()),
    )?);
    let t = Instant::now();
    let report = amanat_server::retention::run(&accounts, false, now, &|_, _| {}).await?;
    let s = t.elapsed().as_secs_f64();
    println!(
        "retention erasure: {} customers in {s:.2} s = {:.0}/s  (aim: 100,000 in under 30 s)",
        report.erased,
        report.erased as f64 / s
    );
    if !keep {
        let _ = std::fs::remove_dir_all(&base);
    }
    Ok(())
}

/// Exports one customer with `orders` orders and `audit` audit entries over HTTP, `runs`
/// times; prints p50 and p99.
pub async fn export(
    orders: u64,
    audit: u64,
    runs: usize,
    dir: Option<PathBuf>,
) -> anyhow::Result<()> {
    let (base, keep, vault) = open(dir, "export").await?;
    let now = chrono::Utc::now();
    let admin = amanat_server::Actor {
        id: "bench".into(),
        role: Role::Admin,
    };
    // The id the audit filler writes its entries for.
    let id = amanat_core::CustomerId::from_trusted("00000000-0000-4000-8000-000000000000".into());
    let fields = std::collections::HashMap::from([
        ("username".to_owned(), serde_json::Value::from("leyla90")),
        (
            "email".to_owned(),
            serde_json::Value::from("leyla@example.az"),
        ),
        ("phone".to_owned(), serde_json::Value::from("+994501234567")),
        ("given_name".to_owned(), serde_json::Value::from("Leyla")),
        (
            "family_name".to_owned(),
            serde_json::Value::from("Məmmədova"),
        ),
        (
            "birth_date".to_owned(),
            serde_json::Value::from("1990-03-15"),
        ),
        (
            "address".to_owned(),
            serde_json::Value::from("Nizami küç. 10, Bakı"),
        ),
    ]);
    let values = vault.parse_values(&fields, now)?;
    vault
        .create_parsed(&admin, id.clone(), values, "bench", now)
        .await?;
    for i in 0..orders {
        vault
            .create_order(
                &admin,
                amanat_server::vault::NewOrder {
                    customer_id: id.clone(),
                    order_number: format!("OD-{i:06}"),
                    payment_reference: Some(format!("PAY-{i}")),
                    tracking_code: None,
                    status: "paid".into(),
                },
                "bench",
                now,
            )
            .await?;
    }
    vault
        .store()
        .bench_fill_audit(audit, now.timestamp_millis())
        .await?;
    let token = amanat_server::staff::add_staff_accepted(
        vault.store(),
        vault.config(),
        "bench dpo",
        Role::Dpo,
        "bench",
    )
    .await
    .map_err(anyhow::Error::msg)?;
    let (addr, stop, server) = start_server(&vault, &base).await?;
    let mut times = Vec::with_capacity(runs);
    let mut size = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let mut sock = tokio::net::TcpStream::connect(addr).await?;
        let req = format!(
            "GET /api/v1/customers/{id}/export HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
        );
        sock.write_all(req.as_bytes()).await?;
        let mut body = Vec::new();
        sock.read_to_end(&mut body).await?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        if !body.starts_with(b"HTTP/1.1 200") {
            anyhow::bail!(
                "the export failed: {}",
                String::from_utf8_lossy(&body[..body.len().min(200)])
            );
        }
        size = body.len();
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "export of one customer with {orders} orders and {audit}+ audit entries ({:.0} kB): p50 {:.1} ms  p99 {:.1} ms over {runs} runs  (aim: p50 under 50 ms)",
        size as f64 / 1000.0,
        at(0.5),
        at(0.99)
    );
    let _ = stop.send(());
    server.await??;
    if !keep {
        let _ = std::fs::remove_dir_all(&base);
    }
    Ok(())
}
