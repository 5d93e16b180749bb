//! Erasure by crypto-shredding and the retention run, through the real server and CLI.

use amanat_core::Role;
use reqwest::Method;
use serde_json::json;

use crate::accounts::{PASSWORD, post, public, sign_up};
use crate::both_backends;
use crate::support::{Backend, ODERO, TestApp, amanat, customer};

async fn erase(app: TestApp) {
    let s = sign_up(&app, 20).await;
    let id = s.id.clone();
    let (st, _) = app
        .call(Role::Integration, Method::POST, &format!("/api/v1/customers/{id}/consents"), Some(json!({"purpose": "marketing", "channel": "email", "granted": true, "policy_version": "1"})))
        .await;
    assert_eq!(st, 201);
    let (st, _) = app
        .call(Role::Integration, Method::POST, &format!("/api/v1/customers/{id}/orders"), Some(json!({"order_number": "OD-2026-0001", "payment_reference": "PAY-778", "status": "paid"})))
        .await;
    assert_eq!(st, 201);
    // An old order, past the accounting hold (5 years for this business).
    let old = chrono::Utc::now().timestamp_millis() - 6 * 366 * 86_400_000;
    crate::support::old_order(&app, &id, "OD-2019-0042", old).await;
    // A copy of the data store taken before the erasure (SQLite: the database file).
    let before = tempfile::tempdir().unwrap();
    if app.database_url.is_none() {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(
                &sqlx::SqlitePool::connect(&format!(
                    "sqlite://{}",
                    app.data_dir().join("amanat.db").display()
                ))
                .await
                .unwrap(),
            )
            .await
            .unwrap();
        std::fs::copy(
            app.data_dir().join("amanat.db"),
            before.path().join("amanat.db"),
        )
        .unwrap();
    }

    let (st, _) = app
        .call(
            Role::Support,
            Method::DELETE,
            &format!("/api/v1/customers/{id}"),
            None,
        )
        .await;
    assert_eq!(st, 403, "only the DPO erases");
    let (st, done) = app
        .call(
            Role::Dpo,
            Method::DELETE,
            &format!("/api/v1/customers/{id}"),
            None,
        )
        .await;
    assert_eq!(st, 200, "{done}");
    assert_eq!(
        (
            done["orders_kept"].as_u64(),
            done["orders_deleted"].as_u64()
        ),
        (Some(1), Some(1)),
        "{done}"
    );
    assert!(
        done["kept"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k.as_str().unwrap().contains("5 years"))
    );

    // No path reads anything of the customer any more.
    let (st, body) = app.read(Role::Dpo, &id, "service").await;
    assert_eq!(
        (st, body["error"]["code"].as_str()),
        (410, Some("customer_erased")),
        "{body}"
    );
    let (st, _) = app
        .call(
            Role::Support,
            Method::POST,
            "/api/v1/customers/lookup",
            Some(json!({"email": s.email, "purpose": "support"})),
        )
        .await;
    assert_eq!(st, 404);
    assert_eq!(
        public(&app, Method::GET, "/api/v1/me", Some(&s.token), None)
            .await
            .status,
        401
    );
    assert_eq!(
        post(
            &app,
            "/api/v1/signin",
            json!({"login": s.email, "password": PASSWORD})
        )
        .await
        .status,
        401
    );
    let (st, _) = app
        .call(
            Role::Integration,
            Method::GET,
            &format!("/api/v1/customers/{id}/may-contact?purpose=marketing&channel=email"),
            None,
        )
        .await;
    assert_eq!(st, 404);
    let (st, _) = app
        .call(
            Role::Integration,
            Method::PATCH,
            &format!("/api/v1/customers/{id}"),
            Some(json!({"fields": {"given_name": "Back"}})),
        )
        .await;
    assert_eq!(st, 404, "an erased customer cannot be written again");
    let (st, _) = app
        .call(
            Role::Dpo,
            Method::DELETE,
            &format!("/api/v1/customers/{id}"),
            None,
        )
        .await;
    assert_eq!(st, 410);
    assert!(
        app.vault.store().get_dek(&id).await.unwrap().is_none(),
        "the data key is destroyed"
    );
    assert!(
        app.vault
            .store()
            .consent_history(&id)
            .await
            .unwrap()
            .is_empty()
    );
    let orders = app.vault.store().orders_of(&id).await.unwrap();
    assert_eq!(
        orders.len(),
        1,
        "the order within the accounting hold is kept"
    );
    // A new customer may take the freed email.
    let mut c = customer(21);
    c["email"] = json!(s.email);
    assert_eq!(app.create(c).await.0, 201);

    // The copy taken before cannot be opened for this customer: its key is gone.
    if app.database_url.is_none() {
        std::fs::copy(
            app.data_dir().join("keys.db"),
            before.path().join("keys.db"),
        )
        .unwrap();
        let old_store = amanat_store::Store::open(&amanat_store::StoreOptions {
            data_dir: before.path().to_path_buf(),
            database_url: None,
            keys_database_url: None,
            max_connections: 2,
        })
        .await
        .unwrap();
        let sealed = old_store.sealed_customer(&id).await.unwrap().unwrap();
        assert!(
            !sealed.fields.is_empty(),
            "the old copy still holds ciphertexts"
        );
        assert!(
            old_store.get_dek(&id).await.unwrap().is_none(),
            "but no key opens them"
        );
        let old_vault = amanat_server::Vault::open(
            std::sync::Arc::new(app.vault.config().clone()),
            old_store,
            amanat_crypto::MasterKey::from_base64(&app.master_b64).unwrap(),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
        let dpo = amanat_server::Actor {
            id: "t".into(),
            role: Role::Dpo,
        };
        let r = old_vault
            .read_customer(
                &dpo,
                &amanat_core::CustomerId::parse(&id).unwrap(),
                "service",
                "t",
                chrono::Utc::now(),
            )
            .await;
        assert!(
            r.is_err(),
            "an old copy must not open after the key is destroyed"
        );
    }
    // The audit chain keeps the erasure and stays intact.
    let audit = app.vault.store().audit_for_subject(&id).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "customer.erased" && e.role == "dpo")
    );
    assert!(matches!(
        app.vault.store().verify_audit().await.unwrap(),
        amanat_store::VerifyReport::Intact { .. }
    ));
}
both_backends!(erasure_is_crypto_shredding, erase);

async fn set_times(app: &TestApp, id: &str, last_active: i64, notice: Option<i64>) {
    crate::raw_sql!(
        app,
        "UPDATE customers SET last_active_at = $1, retention_notice_at = $2 WHERE id = $3",
        last_active,
        notice,
        id
    );
}

fn retention_cli(app: &TestApp, dry: bool) -> serde_json::Value {
    let mut args = vec!["retention", "run", "--config", ODERO];
    if dry {
        args.push("--dry-run");
    }
    let out = amanat(
        &app.data_dir(),
        app.database_url.as_deref(),
        &app.master_b64,
        &args,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    serde_json::from_str(stdout.lines().last().unwrap()).unwrap()
}

async fn retention(app: TestApp) {
    let day = 86_400_000_i64;
    let now = chrono::Utc::now().timestamp_millis();
    let idle = sign_up(&app, 40).await; // inactive, will be erased
    let back = sign_up(&app, 41).await; // inactive, told, then signs in again
    let (_, active) = app.create(customer(42)).await;
    let active = active["id"].as_str().unwrap().to_owned();
    for s in [&idle, &back] {
        set_times(&app, &s.id, now - 1900 * day, None).await;
    }

    let dry = retention_cli(&app, true);
    assert_eq!(
        (
            dry["due_notice"].as_i64(),
            dry["due_erasure"].as_i64(),
            dry["noticed"].as_u64()
        ),
        (Some(2), Some(0), Some(0)),
        "{dry}"
    );
    let seen = app.sinks.mails_to(&idle.email).len();
    let first = retention_cli(&app, false);
    assert_eq!(first["noticed"], 2, "{first}");
    // The running server's outbox delivers the notice queued by the CLI.
    let notice = app.sinks.next_mail(&idle.email, seen).await;
    assert!(notice.raw.contains("Subject:"));
    assert!(
        notice.text.contains("20"),
        "the erasure date is stated: {}",
        notice.text
    );
    let again = retention_cli(&app, false);
    assert_eq!(again["noticed"], 0, "one notice per period of inactivity");

    // Thirty-one days later: `back` signed in meanwhile, `idle` did not.
    for s in [&idle, &back] {
        set_times(&app, &s.id, now - 1931 * day, Some(now - 31 * day)).await;
    }
    crate::accounts::sign_in(&app, &back, PASSWORD).await;
    let second = retention_cli(&app, false);
    assert_eq!(second["erased"], 1, "{second}");
    assert_eq!(app.read(Role::Dpo, &idle.id, "service").await.0, 410);
    assert_eq!(app.read(Role::Dpo, &back.id, "service").await.0, 200);
    assert_eq!(app.read(Role::Dpo, &active, "service").await.0, 200);
    let audit = app.vault.store().audit_for_subject(&idle.id).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "customer.erased" && e.purpose == "retention")
    );
}
both_backends!(retention_notices_then_erases, retention);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retention_without_a_setting_does_nothing() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let cfg = app.data_dir().join("no-retention.toml");
    let text = std::fs::read_to_string(ODERO).unwrap();
    let cut = text.find("[retention]").unwrap();
    let rest = &text[cut..];
    let end = rest.find("\n\n").map_or(text.len(), |e| cut + e);
    std::fs::write(&cfg, format!("{}{}", &text[..cut], &text[end..])).unwrap();
    let out = amanat(
        &app.data_dir(),
        None,
        &app.master_b64,
        &["retention", "run", "--config", cfg.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("nothing is ever due"));
}
