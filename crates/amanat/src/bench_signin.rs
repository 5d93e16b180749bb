//! `amanat bench signin`: a sign-in storm over real HTTP against an in-process server.
//! Measures the machine's Argon2id limit, the password step's throughput against it, and
//! how a cheap authenticated request fares meanwhile. Prints figures; asserts nothing.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use amanat_core::{Config, CustomerId, Role};
use amanat_server::hasher::Hasher;
use amanat_server::{Actor, AppState, Vault};
use amanat_store::{AccountRow, AuditEvent, Store, StoreOptions};
use anyhow::{Context, bail};
use serde_json::{Value, json};

/// Limits that stay out of the storm's way; the Argon2 cost stays at its default.
const BENCH_AUTH: &str = "
[auth]
sms_per_number_hour = 100
sms_per_number_day = 1000
sms_per_country_hour = 10000000
sms_per_country_day = 100000000
ip_attempts_per_minute = 100000
";

/// Every bench account's password (made up; the same PHC string serves all).
const PASSWORD: &str = "mavi dəniz üstündə 7 qağayı";

/// How often the probe asks for `/api/v1/me`.
const PROBE_EVERY: Duration = Duration::from_millis(20);

/// How long the probe runs alone before the storm.
const IDLE_PROBE: Duration = Duration::from_secs(3);

fn fields_for(i: u64) -> HashMap<String, Value> {
    let v = |s: String| Value::from(s);
    HashMap::from([
        ("username".to_owned(), v(format!("user{i}"))),
        ("email".to_owned(), v(email_of(i))),
        ("phone".to_owned(), v(phone_of(i))),
        ("given_name".to_owned(), v("Leyla".into())),
        ("family_name".to_owned(), v("Məmmədova".into())),
        ("birth_date".to_owned(), v("1990-03-15".into())),
        ("address".to_owned(), v(format!("Nizami küç. {i}, Bakı"))),
        ("postal_code".to_owned(), v("AZ1000".into())),
    ])
}

fn email_of(i: u64) -> String {
    format!("customer{i}@example.az")
}

fn phone_of(i: u64) -> String {
    format!("+99450{:07}", i % 10_000_000)
}

/// The options of `amanat bench signin`.
pub struct SigninBench {
    pub accounts: u64,
    pub seconds: u64,
    pub concurrency: Option<usize>,
    pub dir: Option<PathBuf>,
}

pub async fn signin(opts: SigninBench) -> anyhow::Result<()> {
    if opts.accounts == 0 || opts.seconds == 0 {
        bail!("--accounts and --seconds must be at least 1");
    }
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let concurrency = opts.concurrency.unwrap_or(4 * cores).max(1);
    let (base, temporary) = match &opts.dir {
        Some(d) => (d.clone(), false),
        None => (
            std::env::temp_dir().join(format!("amanat-bench-signin-{}", uuid::Uuid::new_v4())),
            true,
        ),
    };
    std::fs::create_dir_all(&base).with_context(|| format!("cannot create {}", base.display()))?;
    let result = run(&opts, cores, concurrency, &base).await;
    if temporary {
        let _ = std::fs::remove_dir_all(&base);
    }
    result
}

async fn run(
    opts: &SigninBench,
    cores: usize,
    concurrency: usize,
    base: &Path,
) -> anyhow::Result<()> {
    let text = format!("{}\n{BENCH_AUTH}", crate::demo::DEMO_CONFIG);
    let config = Config::parse(&text, Path::new("bench.toml"))
        .context("the benchmark configuration is invalid")?;
    let cost = config.auth.argon2;
    let per_number_hour = config.auth.sms_per_number_hour;
    let store = Store::open(&StoreOptions {
        data_dir: base.to_path_buf(),
        database_url: None,
        keys_database_url: None,
        max_connections: 8,
    })
    .await
    .context("cannot open the database")?;
    let vault = Arc::new(
        Vault::open(
            Arc::new(config),
            store.clone(),
            amanat_crypto::MasterKey::generate(),
            chrono::Utc::now(),
        )
        .await?,
    );
    println!(
        "sign-in storm (SQLite at {}, {cores} cores, Argon2id m={} t={} p={})",
        base.display(),
        cost.memory_kib,
        cost.iterations,
        cost.parallelism
    );

    // 1. The machine's hashing limit: one verify at a time, every core able to do one.
    let hasher = Hasher::new(cost)?;
    let phc = hasher.hash(PASSWORD).await?;
    let _ = hasher.verify(Some(&phc), PASSWORD).await?;
    let mut times = Vec::with_capacity(20);
    let cpu_before = cpu_seconds();
    for _ in 0..20 {
        let t = Instant::now();
        let v = hasher.verify(Some(&phc), PASSWORD).await?;
        times.push(t.elapsed().as_secs_f64());
        if !v.ok {
            bail!("the bench password does not verify against its own hash");
        }
    }
    let hash_cpu = cpu_before.zip(cpu_seconds()).map(|(a, b)| (b - a) / 20.0);
    let one_hash = percentile(&mut times, 0.5);
    let limit = cores as f64 / one_hash;
    println!(
        "  one hash (median of 20): {:.1} ms  -> hashing limit {limit:.1} sign-ins/s{}",
        one_hash * 1000.0,
        hash_cpu.map_or_else(String::new, |c| format!(
            "  (CPU per hash {:.1} ms)",
            c * 1000.0
        ))
    );
    // The same, with every core hashing at once: below the limit when other processes
    // share the machine (then the ratio below is pessimistic).
    let hasher = Arc::new(hasher);
    let t = Instant::now();
    let rounds = 10;
    let mut jobs = Vec::with_capacity(cores);
    for _ in 0..cores {
        let (h, p) = (Arc::clone(&hasher), phc.clone());
        jobs.push(tokio::spawn(async move {
            for _ in 0..rounds {
                let _ = h.verify(Some(&p), PASSWORD).await;
            }
        }));
    }
    for j in jobs {
        j.await.context("a hashing task failed")?;
    }
    println!(
        "  {cores} hashes at once, {rounds} rounds: {:.1} hashes/s  ({:.2} of the limit: how much of the machine is ours)",
        (cores * rounds) as f64 / t.elapsed().as_secs_f64(),
        (cores * rounds) as f64 / t.elapsed().as_secs_f64() / limit
    );
    drop(hasher);

    // 2. Accounts, straight through the service layer (sign-up would need codes).
    let t = Instant::now();
    create_accounts(&vault, &store, opts.accounts, &phc).await?;
    println!(
        "  {} active accounts created in {:.1} s",
        opts.accounts,
        t.elapsed().as_secs_f64()
    );
    let expected_per_number = limit * opts.seconds as f64 / opts.accounts as f64;
    if expected_per_number > f64::from(per_number_hour) * 0.8 {
        println!(
            "  note: about {expected_per_number:.0} codes per number expected; the cap is {per_number_hour}/hour, so pass more --accounts"
        );
    }

    // 3. The server, on a random loopback port.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}", listener.local_addr()?);
    let state = AppState::new(Arc::clone(&vault), base)
        .context("the server cannot start with this configuration")?;
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(amanat_server::serve(listener, state, async move {
        let _ = stop_rx.await;
    }));

    let measured = measure(opts, cores, concurrency, one_hash, limit, base, &url).await;

    let _ = stop_tx.send(());
    match server.await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => eprintln!("warning: the server stopped with an error: {e}"),
        Err(e) => eprintln!("warning: the server task failed: {e}"),
    }
    measured
}

async fn create_accounts(vault: &Vault, store: &Store, n: u64, phc: &str) -> anyhow::Result<()> {
    let actor = Actor {
        id: "bench".into(),
        role: Role::Admin,
    };
    for i in 0..n {
        let now = chrono::Utc::now();
        let ms = now.timestamp_millis();
        let id = vault
            .create_parsed(
                &actor,
                CustomerId::from_trusted(uuid::Uuid::now_v7().to_string()),
                vault.parse_values(&fields_for(i), now)?,
                "bench",
                now,
            )
            .await?;
        store
            .create_account(&AccountRow {
                customer_id: id.as_str().to_owned(),
                password_hash: phc.to_owned(),
                status: "active".into(),
                language: "az".into(),
                email_verified_at: None,
                phone_verified_at: None,
                totp_sealed: None,
                totp_confirmed_at: None,
                locked_at: None,
                password_changed_at: ms,
                created_at: ms,
            })
            .await?;
        for what in ["email", "phone"] {
            let event = AuditEvent {
                at: ms,
                actor: "bench".into(),
                role: "admin".into(),
                action: format!("account.{what}_verified"),
                subject: id.as_str().to_owned(),
                purpose: "security".into(),
                fields: Vec::new(),
                request_id: "bench".into(),
            };
            store.mark_verified(id.as_str(), what, ms, &event).await?;
        }
    }
    Ok(())
}

/// Everything that talks HTTP: the probe's session, the idle probe, the storm.
async fn measure(
    opts: &SigninBench,
    cores: usize,
    concurrency: usize,
    one_hash: f64,
    limit: f64,
    base: &Path,
    url: &str,
) -> anyhow::Result<()> {
    let probe_client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()?;
    let token = session_token(&probe_client, url, base).await?;

    // A lone sign-in: what the password step costs beyond the hash, in wall time.
    let mut alone = Vec::with_capacity(10);
    for i in 1..=10 {
        let t = Instant::now();
        let (status, body) = post(
            &probe_client,
            &format!("{url}/api/v1/signin"),
            &json!({ "login": email_of(i % opts.accounts), "password": PASSWORD }),
        )
        .await?;
        if status != 200 {
            bail!("a lone sign-in answered {status}: {body}");
        }
        alone.push(t.elapsed().as_secs_f64());
    }
    let alone = percentile(&mut alone, 0.5);
    println!(
        "  one sign-in alone (median of 10): {:.1} ms  (one hash: {:.1} ms; the rest is the difference)",
        alone * 1000.0,
        one_hash * 1000.0
    );

    let idle = probe(
        probe_client.clone(),
        format!("{url}/api/v1/me"),
        token.clone(),
        Instant::now() + IDLE_PROBE,
    )
    .await;

    let storm_client = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .pool_max_idle_per_host(concurrency)
        .build()?;
    let cpu_before = cpu_seconds();
    let start = Instant::now();
    let deadline = start + Duration::from_secs(opts.seconds);
    let prober = tokio::spawn(probe(
        probe_client,
        format!("{url}/api/v1/me"),
        token,
        deadline,
    ));
    let mut workers = Vec::with_capacity(concurrency);
    for w in 0..concurrency {
        workers.push(tokio::spawn(storm_worker(
            storm_client.clone(),
            format!("{url}/api/v1/signin"),
            w as u64,
            concurrency as u64,
            opts.accounts,
            deadline,
        )));
    }
    let mut total = StormTally::default();
    for w in workers {
        let t = w.await.context("a storm client failed")?;
        total.ok_in_window += t.ok_in_window;
        total.ok_late += t.ok_late;
        total.latencies.extend(t.latencies);
        for (k, v) in t.refused {
            *total.refused.entry(k).or_default() += v;
        }
    }
    let drained = start.elapsed().as_secs_f64();
    let cpu = cpu_before.zip(cpu_seconds()).map(|(a, b)| b - a);
    let storm = prober.await.context("the probe failed")?;

    let throughput = total.ok_in_window as f64 / opts.seconds as f64;
    println!(
        "  sign-in throughput: {throughput:.1}/s over {} s with {concurrency} clients  = {:.2} of the limit (aim >= 0.9)",
        opts.seconds,
        throughput / limit
    );
    if let Some(cpu) = cpu {
        let signins = (total.ok_in_window + total.ok_late) as f64;
        println!(
            "  process CPU during the storm: {cpu:.1} s of {:.1} s x {cores} cores = {:.2} of the machine; {:.1} ms per sign-in (the hash alone: {:.1} ms)",
            drained,
            cpu / (drained * cores as f64),
            cpu / signins.max(1.0) * 1000.0,
            one_hash * 1000.0
        );
    }
    let mut lat = total.latencies;
    if !lat.is_empty() {
        println!(
            "  one sign-in under the storm: p50 {:.0} ms  p99 {:.0} ms  max {:.0} ms  ({} answered 200 after the window; drained in {drained:.1} s)",
            percentile(&mut lat, 0.5) * 1000.0,
            percentile(&mut lat, 0.99) * 1000.0,
            percentile(&mut lat, 1.0) * 1000.0,
            total.ok_late
        );
    }
    if total.refused.is_empty() {
        println!("  answers other than 200: none");
    } else {
        let list: Vec<String> = total
            .refused
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect();
        println!("  answers other than 200: {}", list.join(", "));
    }
    print_probe("GET /api/v1/me idle: ", idle, "");
    print_probe("GET /api/v1/me storm:", storm, "  (aim p99 < 50 ms)");
    Ok(())
}

/// Signs one account in over HTTP, reading its code from the development SMS file.
async fn session_token(http: &reqwest::Client, url: &str, base: &Path) -> anyhow::Result<String> {
    let phone = phone_of(0);
    let (status, body) = post(
        http,
        &format!("{url}/api/v1/signin"),
        &json!({ "login": email_of(0), "password": PASSWORD }),
    )
    .await?;
    if status != 200 {
        bail!("the probe account's sign-in answered {status}: {body}");
    }
    let flow_id = body
        .get("flow_id")
        .and_then(Value::as_str)
        .context("the sign-in answer has no flow_id")?
        .to_owned();
    let sms = base.join("outbox").join("sms.jsonl");
    let until = Instant::now() + Duration::from_secs(15);
    let code = loop {
        if let Some(code) = last_code(&sms, &phone) {
            break code;
        }
        if Instant::now() > until {
            bail!("no sign-in code reached {} within 15 s", sms.display());
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    };
    let (status, body) = post(
        http,
        &format!("{url}/api/v1/signin/verify"),
        &json!({ "flow_id": flow_id, "code": code }),
    )
    .await?;
    if status != 200 {
        bail!("the probe account's code answered {status}: {body}");
    }
    Ok(body
        .get("token")
        .and_then(Value::as_str)
        .context("the code answer has no token")?
        .to_owned())
}

async fn post(http: &reqwest::Client, url: &str, body: &Value) -> anyhow::Result<(u16, Value)> {
    let res = http.post(url).json(body).send().await?;
    let status = res.status().as_u16();
    let text = res.text().await?;
    Ok((
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    ))
}

/// The code in the last SMS to `to`: the first run of exactly six digits in its text.
fn last_code(file: &Path, to: &str) -> Option<String> {
    let text = std::fs::read_to_string(file).ok()?;
    let line = text.lines().rev().find_map(|l| {
        let v: Value = serde_json::from_str(l).ok()?;
        (v.get("to")?.as_str()? == to).then_some(v)
    })?;
    let body = line.get("text")?.as_str()?;
    let mut run = String::new();
    for c in body.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            if run.len() == 6 {
                return Some(run);
            }
            run.clear();
        }
    }
    None
}

#[derive(Default)]
struct StormTally {
    /// 200 answers that arrived before the deadline.
    ok_in_window: u64,
    /// 200 answers to requests still in flight at the deadline.
    ok_late: u64,
    /// Seconds per 200 answer.
    latencies: Vec<f64>,
    /// Other answers by status (`error` when the request itself failed).
    refused: BTreeMap<String, u64>,
}

async fn storm_worker(
    http: reqwest::Client,
    url: String,
    first: u64,
    step: u64,
    accounts: u64,
    deadline: Instant,
) -> StormTally {
    let mut tally = StormTally::default();
    let mut i = first;
    while Instant::now() < deadline {
        let body = json!({ "login": email_of(i % accounts), "password": PASSWORD });
        i += step;
        let t = Instant::now();
        let status = match http.post(&url).json(&body).send().await {
            Ok(res) => {
                let s = res.status().as_u16();
                // Read the body so the connection goes back to the pool.
                let _ = res.bytes().await;
                s.to_string()
            }
            Err(_) => "error".to_owned(),
        };
        if status == "200" {
            tally.latencies.push(t.elapsed().as_secs_f64());
            if Instant::now() <= deadline {
                tally.ok_in_window += 1;
            } else {
                tally.ok_late += 1;
            }
        } else {
            *tally.refused.entry(status).or_default() += 1;
        }
    }
    tally
}

struct ProbeResult {
    /// Seconds per 200 answer.
    latencies: Vec<f64>,
    /// Answers other than 200 (or failed requests).
    failed: u64,
}

/// Calls `url` with the token every [`PROBE_EVERY`] until `until`.
async fn probe(http: reqwest::Client, url: String, token: String, until: Instant) -> ProbeResult {
    let mut out = ProbeResult {
        latencies: Vec::new(),
        failed: 0,
    };
    let mut tick = tokio::time::interval(PROBE_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if Instant::now() >= until {
            break;
        }
        let t = Instant::now();
        let ok = match http.get(&url).bearer_auth(&token).send().await {
            Ok(res) => {
                let ok = res.status().as_u16() == 200;
                ok && res.bytes().await.is_ok()
            }
            Err(_) => false,
        };
        if ok {
            out.latencies.push(t.elapsed().as_secs_f64());
        } else {
            out.failed += 1;
        }
    }
    out
}

fn print_probe(label: &str, mut r: ProbeResult, aim: &str) {
    if r.latencies.is_empty() {
        println!("  {label}  no answers ({} failed)", r.failed);
        return;
    }
    let failed = if r.failed > 0 {
        format!(", {} failed", r.failed)
    } else {
        String::new()
    };
    println!(
        "  {label}  p50 {:.1} ms  p99 {:.1} ms  max {:.1} ms  (n={}{failed}){aim}",
        percentile(&mut r.latencies, 0.5) * 1000.0,
        percentile(&mut r.latencies, 0.99) * 1000.0,
        percentile(&mut r.latencies, 1.0) * 1000.0,
        r.latencies.len()
    );
}

/// CPU time this process has used (user + system), from `/proc/self/stat` (Linux; None
/// elsewhere). The kernel reports it in units of 1/100 s.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// The `q` quantile (nearest rank) of `v`; 0 when empty.
fn percentile(v: &mut [f64], q: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
    v[rank - 1]
}
