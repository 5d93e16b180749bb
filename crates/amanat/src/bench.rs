//! `amanat bench vault`: protected writes and reads against a plain baseline on the same
//! SQLite database, and audit-chain verification speed. Prints figures; asserts nothing.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use amanat_core::{CustomerId, Role};
use amanat_server::{Actor, Vault};
use amanat_store::{Store, StoreOptions};

fn fields_for(i: u64) -> HashMap<String, serde_json::Value> {
    let v = |s: String| serde_json::Value::from(s);
    HashMap::from([
        ("username".to_owned(), v(format!("user{i}"))),
        ("email".to_owned(), v(format!("customer{i}@example.az"))),
        (
            "phone".to_owned(),
            v(format!("+99450{:07}", i % 10_000_000)),
        ),
        ("given_name".to_owned(), v("Leyla".into())),
        ("family_name".to_owned(), v("Məmmədova".into())),
        ("birth_date".to_owned(), v("1990-03-15".into())),
        ("address".to_owned(), v(format!("Nizami küç. {i}, Bakı"))),
        ("postal_code".to_owned(), v("AZ1000".into())),
    ])
}

async fn open(dir: &std::path::Path) -> anyhow::Result<Store> {
    Ok(Store::open(&StoreOptions {
        data_dir: dir.to_path_buf(),
        database_url: None,
        keys_database_url: None,
        max_connections: 4,
    })
    .await?)
}

pub async fn vault(
    customers: u64,
    audit_entries: u64,
    clients: usize,
    dir: Option<PathBuf>,
) -> anyhow::Result<()> {
    let base = match dir {
        Some(d) => d,
        None => std::env::temp_dir().join(format!("amanat-bench-{}", uuid::Uuid::new_v4())),
    };
    let mut config = crate::cli::demo_config()?;
    // Every field readable for `service`, so a protected read decrypts every field.
    for f in &mut config.fields {
        if !f.purposes.iter().any(|p| p == "service") {
            f.purposes.push("service".into());
        }
    }
    let store = open(&base.join("vault")).await?;
    let vault = Arc::new(
        Vault::open(
            Arc::new(config),
            store.clone(),
            amanat_crypto::MasterKey::generate(),
            chrono::Utc::now(),
        )
        .await?,
    );
    let actor = Actor {
        id: "bench".into(),
        role: Role::Admin,
    };

    println!(
        "amanat bench vault: SQLite (WAL) at {}, {customers} customers, 8 fields each",
        base.display()
    );
    let start = Instant::now();
    let mut ids: Vec<CustomerId> = Vec::with_capacity(customers as usize);
    for i in 0..customers {
        ids.push(
            vault
                .create_customer(&actor, &fields_for(i), "bench", chrono::Utc::now())
                .await?,
        );
    }
    let protected_write = customers as f64 / start.elapsed().as_secs_f64();

    let start = Instant::now();
    for (i, id) in ids.iter().enumerate() {
        let rows: Vec<(String, Vec<u8>)> = fields_for(i as u64)
            .into_iter()
            .map(|(k, v)| (k, v.as_str().unwrap_or_default().as_bytes().to_vec()))
            .collect();
        store.bench_plain_write(id.as_str(), &rows).await?;
    }
    let plain_write = customers as f64 / start.elapsed().as_secs_f64();

    // Interleave the two read loops in rounds so drift on a shared machine hits both alike.
    let mut protected_secs = 0.0;
    let mut plain_secs = 0.0;
    let mut decrypted = 0usize;
    for round in ids.chunks(500) {
        let t = Instant::now();
        for id in round {
            decrypted += vault
                .read_customer(&actor, id, "service", "bench", chrono::Utc::now())
                .await?
                .len();
        }
        protected_secs += t.elapsed().as_secs_f64();
        let t = Instant::now();
        for id in round {
            std::hint::black_box(store.bench_plain_read(id.as_str()).await?);
        }
        plain_secs += t.elapsed().as_secs_f64();
    }
    // A second pass: the same customers again, their data keys now in the vault's cache.
    let mut warm_secs = 0.0;
    let mut warm_plain_secs = 0.0;
    for round in ids.chunks(500) {
        let t = Instant::now();
        for id in round {
            std::hint::black_box(
                vault
                    .read_customer(&actor, id, "service", "bench", chrono::Utc::now())
                    .await?,
            );
        }
        warm_secs += t.elapsed().as_secs_f64();
        let t = Instant::now();
        for id in round {
            std::hint::black_box(store.bench_plain_read(id.as_str()).await?);
        }
        warm_plain_secs += t.elapsed().as_secs_f64();
    }
    // Concurrent clients, as a server's requests arrive: each reads its share of the
    // customers; protected and plain rounds alternate as above. Audit entries of reads
    // in flight together share a commit (group commit), which the sequential loops
    // above cannot show.
    let ids = Arc::new(ids);
    let mut conc_secs = 0.0;
    let mut conc_plain_secs = 0.0;
    for _ in 0..2 {
        let t = Instant::now();
        let mut tasks = tokio::task::JoinSet::new();
        for c in 0..clients {
            let (vault, actor, ids) = (vault.clone(), actor.clone(), ids.clone());
            tasks.spawn(async move {
                for id in ids.iter().skip(c).step_by(clients) {
                    std::hint::black_box(
                        vault
                            .read_customer(&actor, id, "service", "bench", chrono::Utc::now())
                            .await?,
                    );
                }
                Ok::<_, anyhow::Error>(())
            });
        }
        while let Some(r) = tasks.join_next().await {
            r??;
        }
        conc_secs += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let mut tasks = tokio::task::JoinSet::new();
        for c in 0..clients {
            let (store, ids) = (store.clone(), ids.clone());
            tasks.spawn(async move {
                for id in ids.iter().skip(c).step_by(clients) {
                    std::hint::black_box(store.bench_plain_read(id.as_str()).await?);
                }
                Ok::<_, anyhow::Error>(())
            });
        }
        while let Some(r) = tasks.join_next().await {
            r??;
        }
        conc_plain_secs += t.elapsed().as_secs_f64();
    }
    let n = ids.len() as f64;
    println!(
        "  writes: protected {protected_write:>9.0}/s   plain {plain_write:>9.0}/s   cost ratio {:.2}x",
        plain_write / protected_write
    );
    println!(
        "  reads:  protected {:>9.0}/s   plain {:>9.0}/s   cost ratio {:.2}x  (aim <= 2x; {} fields decrypted, one audit entry per read)",
        n / protected_secs,
        n / plain_secs,
        protected_secs / plain_secs,
        decrypted
    );
    println!(
        "  reads, data key cached: protected {:>9.0}/s   plain {:>9.0}/s   cost ratio {:.2}x",
        n / warm_secs,
        n / warm_plain_secs,
        warm_secs / warm_plain_secs
    );
    println!(
        "  reads, {clients} clients at once: protected {:>9.0}/s   plain {:>9.0}/s   cost ratio {:.2}x  (aim <= 2x)",
        2.0 * n / conc_secs,
        2.0 * n / conc_plain_secs,
        conc_secs / conc_plain_secs
    );
    store.close().await;

    let audit_store = open(&base.join("audit")).await?;
    let t = Instant::now();
    audit_store
        .bench_fill_audit(audit_entries, chrono::Utc::now().timestamp_millis())
        .await?;
    println!(
        "  audit:  appended {audit_entries} entries in {:.1}s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let report = audit_store.verify_audit().await?;
    let secs = t.elapsed().as_secs_f64();
    println!(
        "  audit verify: {:?} in {secs:.2}s = {:.0} entries/s (aim >= 1,000,000/s)",
        report,
        audit_entries as f64 / secs
    );
    audit_store.close().await;
    let _ = std::fs::remove_dir_all(&base);
    Ok(())
}
