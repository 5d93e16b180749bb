//! What a stolen disk, dump or backup reveals: nothing without the keys.

use amanat_core::Role;
use reqwest::Method;
use serde_json::json;

use crate::both_backends;
use crate::support::{TestApp, amanat, customer, secrets_of};

fn contains(hay: &[u8], needle: &str) -> bool {
    let n = needle.as_bytes();
    hay.windows(n.len()).any(|w| w == n)
}

/// Every byte the store holds: the SQLite files (with WAL), or a pg_dump.
fn everything_at_rest(app_dir: &std::path::Path, database_url: Option<&str>) -> Vec<u8> {
    match database_url {
        None => {
            let mut all = Vec::new();
            let mut seen = 0;
            for entry in std::fs::read_dir(app_dir).unwrap() {
                let p = entry.unwrap().path();
                let name = p.file_name().unwrap().to_string_lossy().to_string();
                if name.contains(".db") {
                    all.extend(std::fs::read(&p).unwrap());
                    seen += 1;
                }
            }
            assert!(seen >= 2, "expected the data and key databases");
            all
        }
        Some(url) => {
            let out = std::process::Command::new("pg_dump")
                .arg("--no-owner")
                .arg(url)
                .output()
                .expect("pg_dump is installed");
            assert!(
                out.status.success(),
                "pg_dump failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            out.stdout
        }
    }
}

both_backends!(no_personal_value_is_stored_in_plaintext, no_plaintext);

async fn no_plaintext(app: TestApp) {
    for n in 40..45 {
        assert_eq!(app.create(customer(n)).await.0, 201);
    }
    // A fraud report's text may describe the reporter: it is sealed too.
    const REPORT: &str = "He said he was Zeynalabdin from the bank and knew my address in Sabunchu";
    let res = app
        .http
        .post(format!("{}/api/v1/reports", app.base))
        .json(
            &serde_json::json!({"channel": "call", "counterpart": "+994501234567", "text": REPORT}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let receipt = res.json::<serde_json::Value>().await.unwrap()["receipt"]
        .as_str()
        .unwrap()
        .to_owned();
    let bundle = app
        .http
        .post(format!("{}/api/v1/reports/evidence", app.base))
        .json(&serde_json::json!({"receipts": [receipt]}))
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert_eq!(
        bundle["reports"][0]["report_text"], REPORT,
        "the reporter reads it back"
    );
    let bytes = everything_at_rest(&app.data_dir(), app.database_url.as_deref());
    assert!(
        !contains(&bytes, "Zeynalabdin"),
        "a report's text is stored in plaintext"
    );
    assert!(
        contains(&bytes, "customer_fields"),
        "the dump really holds the schema"
    );
    for n in 40..45 {
        for secret in secrets_of(n) {
            assert!(
                !contains(&bytes, &secret),
                "a personal value is stored in plaintext"
            );
        }
    }
    // After a clean stop SQLite has checkpointed the WAL into the database file: look again.
    // (A stopped test's PostgreSQL database is dropped; its dump was checked above.)
    let (dir, url) = app.stop().await;
    if url.is_none() {
        let bytes = everything_at_rest(dir.path(), None);
        for secret in secrets_of(40) {
            assert!(!contains(&bytes, &secret));
        }
    }
}

both_backends!(
    a_ciphertext_moved_to_another_row_or_field_does_not_open,
    moved_ciphertext
);

async fn moved_ciphertext(app: TestApp) {
    let (_, a) = app.create(customer(50)).await;
    let (_, b) = app.create(customer(51)).await;
    let (a, b) = (
        a["id"].as_str().unwrap().to_owned(),
        b["id"].as_str().unwrap().to_owned(),
    );
    let copy_field = "UPDATE customer_fields SET sealed = (SELECT sealed FROM customer_fields WHERE customer_id = $1 AND field = $2) WHERE customer_id = $3 AND field = $4";
    run_sql(&app, copy_field, &[&a, "email", &b, "email"]).await;
    let (s, body) = app.read(Role::Support, &b, "support").await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (500, Some("integrity")),
        "{body}"
    );
    assert!(
        !body.to_string().contains("aysel.quliyeva50"),
        "the other customer's value is not revealed"
    );

    run_sql(&app, copy_field, &[&a, "email", &a, "username"]).await;
    let (s, body) = app.read(Role::Support, &a, "support").await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (500, Some("integrity")),
        "{body}"
    );
    app.stop().await;
}

async fn run_sql(app: &TestApp, sql: &'static str, binds: &[&str]) {
    match &app.database_url {
        Some(url) => {
            let pool = sqlx::PgPool::connect(url).await.unwrap();
            let mut q = sqlx::query(sql);
            for b in binds {
                q = q.bind(*b);
            }
            assert_eq!(q.execute(&pool).await.unwrap().rows_affected(), 1);
            pool.close().await;
        }
        None => {
            let pool = sqlx::SqlitePool::connect(&format!(
                "sqlite://{}",
                app.data_dir().join("amanat.db").display()
            ))
            .await
            .unwrap();
            let mut q = sqlx::query(sql);
            for b in binds {
                q = q.bind(*b);
            }
            assert_eq!(q.execute(&pool).await.unwrap().rows_affected(), 1);
            pool.close().await;
        }
    }
}

both_backends!(data_written_before_key_rotation_reads_after_it, rotation);

async fn rotation(app: TestApp) {
    let mut ids = Vec::new();
    for n in 60..63 {
        let (_, b) = app.create(customer(n)).await;
        ids.push(b["id"].as_str().unwrap().to_owned());
    }
    let out = amanat(
        &app.data_dir(),
        app.database_url.as_deref(),
        &app.master_b64,
        &["keys", "rotate", "--config", crate::support::ODERO],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("version 2 is now current") && text.contains("3 customer keys rewrapped"),
        "{text}"
    );
    // The running server learns of the new version on its own.
    for (i, id) in ids.iter().enumerate() {
        let (s, b) = app.read(Role::Support, id, "support").await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["fields"]["email"], customer(60 + i as u32)["email"]);
    }
    // New customers and corrections work under the new key, and a second rotation too.
    let (s, b) = app.create(customer(63)).await;
    assert_eq!(s, 201);
    let id = b["id"].as_str().unwrap();
    let (s, _) = app
        .call(
            Role::Support,
            Method::PATCH,
            &format!("/api/v1/customers/{}", ids[0]),
            Some(json!({"fields": {"address": "Təzə ünvan 5"}})),
        )
        .await;
    assert_eq!(s, 200);
    let out = amanat(
        &app.data_dir(),
        app.database_url.as_deref(),
        &app.master_b64,
        &["keys", "rotate", "--config", crate::support::ODERO],
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("version 3 is now current"));
    assert_eq!(app.read(Role::Support, id, "support").await.0, 200);
    let (_, b) = app.read(Role::Support, &ids[0], "service").await;
    assert_eq!(b["fields"]["address"], "Təzə ünvan 5");
    // With the wrong master key nothing opens, and the error says why.
    let wrong = amanat_crypto::MasterKey::generate().to_base64().to_string();
    let out = amanat(
        &app.data_dir(),
        app.database_url.as_deref(),
        &wrong,
        &["keys", "rotate", "--config", crate::support::ODERO],
    );
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("master key does not match"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    app.stop().await;
}
