//! The audit chain: `amanat audit verify` catches altered, removed and reordered entries.

use amanat_core::Role;

use crate::both_backends;
use crate::support::{TestApp, amanat, customer};

enum Pool {
    Sqlite(sqlx::SqlitePool),
    Pg(sqlx::PgPool),
}

macro_rules! exec {
    ($pool:expr, $sql:expr $(, $b:expr)*) => {
        match $pool {
            Pool::Sqlite(p) => { sqlx::query($sql)$(.bind($b))*.execute(p).await.unwrap(); }
            Pool::Pg(p) => { sqlx::query($sql)$(.bind($b))*.execute(p).await.unwrap(); }
        }
    };
}

type Row = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Vec<u8>,
);

async fn row(pool: &Pool, seq: i64) -> Row {
    let sql = "SELECT seq, at, actor, role, action, subject, purpose, fields, request_id, hash FROM audit_log WHERE seq = $1";
    match pool {
        Pool::Sqlite(p) => sqlx::query_as(sql).bind(seq).fetch_one(p).await.unwrap(),
        Pool::Pg(p) => sqlx::query_as(sql).bind(seq).fetch_one(p).await.unwrap(),
    }
}

async fn put(pool: &Pool, seq: i64, r: &Row) {
    exec!(
        pool,
        "UPDATE audit_log SET at = $1, actor = $2, role = $3, action = $4, subject = $5, purpose = $6, fields = $7, request_id = $8, hash = $9 WHERE seq = $10",
        r.1,
        &r.2,
        &r.3,
        &r.4,
        &r.5,
        &r.6,
        &r.7,
        &r.8,
        &r.9,
        seq
    );
}

async fn insert(pool: &Pool, r: &Row) {
    exec!(
        pool,
        "INSERT INTO audit_log (seq, at, actor, role, action, subject, purpose, fields, request_id, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        r.0,
        r.1,
        &r.2,
        &r.3,
        &r.4,
        &r.5,
        &r.6,
        &r.7,
        &r.8,
        &r.9
    );
}

fn verify(app: &TestApp) -> (i32, String) {
    let out = amanat(
        &app.data_dir(),
        app.database_url.as_deref(),
        &app.master_b64,
        &["audit", "verify"],
    );
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
    )
}

both_backends!(audit_verify_catches_tampering, tampering);

async fn tampering(app: TestApp) {
    for n in 70..73 {
        let (_, b) = app.create(customer(n)).await;
        app.read(Role::Support, b["id"].as_str().unwrap(), "support")
            .await;
    }
    // 5 staff.add and 5 staff.terms_accepted entries from the harness, then 3 creates
    // and 3 reads.
    let (code, out) = verify(&app);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("intact: 16 entries"), "{out}");

    let pool = match &app.database_url {
        Some(url) => Pool::Pg(sqlx::PgPool::connect(url).await.unwrap()),
        None => Pool::Sqlite(
            sqlx::SqlitePool::connect(&format!(
                "sqlite://{}",
                app.data_dir().join("amanat.db").display()
            ))
            .await
            .unwrap(),
        ),
    };

    // Altered: a read's purpose rewritten after the fact.
    let original = row(&pool, 7).await;
    let mut altered = original.clone();
    altered.6 = "marketing".into();
    put(&pool, 7, &altered).await;
    let (code, out) = verify(&app);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("BROKEN at entry 7"), "{out}");
    put(&pool, 7, &original).await;
    assert_eq!(verify(&app).0, 0, "restoring the row restores the chain");

    // Removed from the middle.
    let removed = row(&pool, 8).await;
    exec!(&pool, "DELETE FROM audit_log WHERE seq = $1", 8i64);
    let (code, out) = verify(&app);
    assert_eq!(code, 1);
    assert!(
        out.contains("BROKEN at entry 8") && out.contains("missing"),
        "{out}"
    );
    let newest = row(&pool, 16).await;
    insert(&pool, &removed).await;
    // Putting the row back moved the head (a trigger follows every insert); restore it.
    exec!(
        &pool,
        "UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1",
        newest.0,
        &newest.9
    );
    assert_eq!(verify(&app).0, 0);

    // Reordered: two entries swap places.
    let (r5, r6) = (row(&pool, 5).await, row(&pool, 6).await);
    put(&pool, 5, &r6).await;
    put(&pool, 6, &r5).await;
    let (code, out) = verify(&app);
    assert_eq!(code, 1);
    assert!(out.contains("BROKEN at entry 5"), "{out}");
    put(&pool, 5, &r5).await;
    put(&pool, 6, &r6).await;

    // The newest entry removed: caught through the chain head.
    exec!(&pool, "DELETE FROM audit_log WHERE seq = $1", 16i64);
    let (code, out) = verify(&app);
    assert_eq!(code, 1);
    assert!(out.contains("BROKEN at entry 16"), "{out}");

    // A rewritten hash alone is caught by the next entry.
    match &pool {
        Pool::Sqlite(p) => p.close().await,
        Pool::Pg(p) => p.close().await,
    }
    app.stop().await;
}

both_backends!(
    concurrent_reads_each_get_their_own_entry_in_an_intact_chain,
    concurrent_reads
);

/// Reads in flight together share commits of the audit chain (group commit); every one
/// must still leave exactly one entry, in an unbroken chain, before its data is returned.
async fn concurrent_reads(app: TestApp) {
    let mut ids = Vec::new();
    for n in 80..84 {
        let (status, b) = app.create(customer(n)).await;
        assert_eq!(status, 201, "{b}");
        ids.push(b["id"].as_str().unwrap().to_owned());
    }
    let app = std::sync::Arc::new(app);
    let mut tasks = tokio::task::JoinSet::new();
    for k in 0..48 {
        let (app, id) = (app.clone(), ids[k % ids.len()].clone());
        tasks.spawn(async move { app.read(Role::Support, &id, "support").await });
    }
    while let Some(r) = tasks.join_next().await {
        let (status, body) = r.unwrap();
        assert_eq!(status, 200, "{body}");
    }
    // 10 harness entries, 4 creates, 48 reads.
    let (code, out) = verify(&app);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("intact: 62 entries"), "{out}");
    for id in &ids {
        let log = app.vault.store().audit_for_subject(id).await.unwrap();
        let reads = log.iter().filter(|e| e.action == "customer.read").count();
        assert_eq!(reads, 12, "{id}");
    }
    let app = std::sync::Arc::into_inner(app).unwrap();
    app.stop().await;
}
