//! Fraud reports: received from anyone, deduplicated, ranked for fraud staff, feeding the
//! phone check, and returned to the reporter as evidence.

use amanat_core::Role;
use reqwest::Method;
use serde_json::json;

use crate::both_backends;
use crate::support::{TestApp, assert_not_logged};

both_backends!(
    fraud_reports_are_deduplicated_ranked_and_returned_as_evidence,
    reports
);

async fn report(app: &TestApp, body: serde_json::Value) -> (u16, serde_json::Value) {
    let res = app
        .http
        .post(format!("{}/api/v1/reports", app.base))
        .json(&body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

async fn reports(app: TestApp) {
    let scam = "Təbrik edirik! 5000 AZN qazandınız, kartınızın nömrəsini göndərin";
    let mut receipts = Vec::new();
    for (i, number) in ["+994 55 000 11 22", "055 000 11 22", "+994550001122"]
        .iter()
        .enumerate()
    {
        let (s, b) = report(&app, json!({"channel": "call", "counterpart": number, "text": scam, "occurred_at": format!("2026-11-2{}T10:00:00+04:00", i + 1)})).await;
        assert_eq!(s, 201, "{b}");
        assert_eq!(b["counterpart"], "+994550001122", "numbers are normalised");
        receipts.push(b["receipt"].as_str().unwrap().to_owned());
    }
    // The same report sent again counts once.
    let (s, b) = report(&app, json!({"channel": "call", "counterpart": "+994550001122", "text": scam, "occurred_at": "2026-11-21T10:00:00+04:00"})).await;
    assert_eq!((s, b["duplicate"].as_bool()), (200, Some(true)), "{b}");
    let (s, b) = report(&app, json!({"channel": "link", "counterpart": "https://odero.az@odero-bonus.example/claim?id=1"})).await;
    assert_eq!(
        (s, b["counterpart"].as_str(), b["verdict"].as_str()),
        (201, Some("odero-bonus.example"), Some("impersonation")),
        "{b}"
    );
    let (s, _) = report(
        &app,
        json!({"channel": "email", "counterpart": "Odero <Bonus@Odero-Gift.example>"}),
    )
    .await;
    assert_eq!(s, 201);

    // Refusals.
    for (body, code) in [
        (
            json!({"channel": "fax", "counterpart": "1"}),
            "invalid_channel",
        ),
        (
            json!({"channel": "sms", "counterpart": "call me"}),
            "invalid_counterpart",
        ),
        (
            json!({"channel": "link", "counterpart": "not a link"}),
            "invalid_counterpart",
        ),
        (
            json!({"channel": "sms", "counterpart": "+994550001122", "text": "my card 4111 1111 1111 1111"}),
            "card_number_refused",
        ),
        (
            json!({"channel": "sms", "counterpart": "+994550001122", "occurred_at": "yesterday"}),
            "invalid_field_value",
        ),
    ] {
        let (s, b) = report(&app, body).await;
        assert_eq!((s, b["error"]["code"].as_str()), (422, Some(code)), "{b}");
    }

    // Fraud staff see the number on top; support may not look.
    let (s, t) = app
        .call(
            Role::Fraud,
            Method::GET,
            "/api/v1/reports/trending?window=24h",
            None,
        )
        .await;
    assert_eq!(s, 200, "{t}");
    assert_eq!(t["counterparts"][0]["counterpart"], "+994550001122");
    assert_eq!(t["counterparts"][0]["reports"], 3);
    assert_eq!(
        app.call(
            Role::Fraud,
            Method::GET,
            "/api/v1/reports/trending?window=7d",
            None
        )
        .await
        .0,
        200
    );
    assert_eq!(
        app.call(
            Role::Fraud,
            Method::GET,
            "/api/v1/reports/trending?window=1y",
            None
        )
        .await
        .0,
        400
    );
    assert_eq!(
        app.call(Role::Support, Method::GET, "/api/v1/reports/trending", None)
            .await
            .0,
        403
    );

    // The phone check now says customers reported this number.
    let v: serde_json::Value = app
        .http
        .post(format!("{}/api/v1/check/phone", app.base))
        .json(&json!({"input": "+994550001122", "lang": "en"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["verdict"], "suspicious", "{v}");

    // Evidence for the reporter's own receipts only.
    let res = app
        .http
        .post(format!("{}/api/v1/reports/evidence", app.base))
        .json(&json!({"receipts": &receipts[..2]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let bundle: serde_json::Value = res.json().await.unwrap();
    assert_eq!(bundle["reports"].as_array().unwrap().len(), 2);
    assert_eq!(bundle["reports"][0]["report_text"], scam);
    // Reading by receipt is audited per report, with no receipt in the log.
    for r in bundle["reports"].as_array().unwrap() {
        let id = r["id"].as_str().unwrap();
        let log = app.vault.store().audit_for_subject(id).await.unwrap();
        assert!(
            log.iter()
                .any(|e| e.action == "fraud.evidence" && e.actor == "public"),
            "{id}"
        );
    }
    let res = app
        .http
        .post(format!("{}/api/v1/reports/evidence?format=html", app.base))
        .json(&json!({"receipts": receipts}))
        .send()
        .await
        .unwrap();
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let page = res.text().await.unwrap();
    assert!(
        page.contains("+994550001122") && page.contains("qazandınız"),
        "{page}"
    );
    let res = app
        .http
        .post(format!("{}/api/v1/reports/evidence", app.base))
        .json(&json!({"receipts": ["rcpt_forged"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 404);
    let (s, _) = report(&app, json!({"channel": "sms", "counterpart": "+994550001122", "text": "<script>alert(1)</script>"})).await;
    assert_eq!(s, 201);

    assert_not_logged(&["rcpt_", "4111 1111 1111 1111"]);
    app.stop().await;
}

/// Sends a report as a signed-in customer (bearer), or as anyone.
async fn report_as(
    app: &TestApp,
    token: Option<&str>,
    body: serde_json::Value,
) -> (u16, serde_json::Value) {
    let r = crate::accounts::public(app, Method::POST, "/api/v1/reports", token, Some(body)).await;
    (r.status, r.body)
}

async fn my_evidence(app: &TestApp, token: Option<&str>, query: &str) -> reqwest::Response {
    let mut req = app
        .http
        .get(format!("{}/api/v1/me/reports/evidence{query}", app.base));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap()
}

both_backends!(
    signed_in_reports_form_the_customers_own_evidence_bundle,
    own_evidence
);

async fn own_evidence(app: TestApp) {
    let aysel = crate::accounts::sign_up(&app, 40).await;
    let other = crate::accounts::sign_up(&app, 41).await;
    // Before any report the bundle is empty, not an error.
    let empty: serde_json::Value = my_evidence(&app, Some(&other.token), "")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(empty["reports"], json!([]), "{empty}");
    let page = my_evidence(&app, Some(&other.token), "?format=html")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("No reports."), "{page}");
    let texts = [
        "Zəng edən bank işçisi olduğunu deyib SMS kodumu istədi",
        "Uduş haqqında SMS, linkə keçib kart məlumatı yazmağı istəyir",
        "Brauzerdən göndərdim: saxta Odero saytı",
    ];
    let (s, first) = report_as(&app, Some(&aysel.token), json!({"channel": "call", "counterpart": "+994 55 777 66 55", "text": texts[0], "occurred_at": "2026-11-20T09:30:00+04:00"})).await;
    assert_eq!(s, 201, "{first}");
    let (s, b) = report_as(
        &app,
        Some(&aysel.token),
        json!({"channel": "sms", "counterpart": "+994557776655", "text": texts[1]}),
    )
    .await;
    assert_eq!(s, 201, "{b}");
    // From the business's own pages the session cookie links the report too.
    let res = app
        .http
        .post(format!("{}/api/v1/reports", app.base))
        .header("cookie", format!("amanat_session={}", aysel.token))
        .header("origin", "https://odero.az")
        .json(&json!({"channel": "link", "counterpart": "https://odero-az.example/login", "text": texts[2]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 201);
    // ... but not from a foreign site riding on the cookie.
    let res = app
        .http
        .post(format!("{}/api/v1/reports", app.base))
        .header("cookie", format!("amanat_session={}", aysel.token))
        .header("origin", "https://evil.example")
        .json(&json!({"channel": "link", "counterpart": "https://planted.example/"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);
    // A stale cookie is ignored (the report is taken anonymously); a bad bearer is refused.
    let res = app
        .http
        .post(format!("{}/api/v1/reports", app.base))
        .header("cookie", "amanat_session=ams_expired")
        .header("origin", "https://odero.az")
        .json(&json!({"channel": "sms", "counterpart": "+994557776655", "text": "anonim"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 201);
    let (s, b) = report_as(
        &app,
        Some("ams_not_a_session"),
        json!({"channel": "sms", "counterpart": "+994557776655"}),
    )
    .await;
    assert_eq!(
        (s, b["error"]["code"].as_str()),
        (401, Some("unauthorized")),
        "{b}"
    );

    // The same report resent counts once; another customer's identical one is their own.
    let same = json!({"channel": "call", "counterpart": "+994557776655", "text": texts[0], "occurred_at": "2026-11-20T09:30:00+04:00"});
    let (s, b) = report_as(&app, Some(&aysel.token), same.clone()).await;
    assert_eq!((s, b["duplicate"].as_bool()), (200, Some(true)), "{b}");
    let (s, b) = report_as(&app, Some(&other.token), same).await;
    assert_eq!((s, b["duplicate"].as_bool()), (201, Some(false)), "{b}");
    let (s, _) = report_as(
        &app,
        None,
        json!({"channel": "call", "counterpart": "+994557776655", "text": "someone else's words"}),
    )
    .await;
    assert_eq!(s, 201);

    // Aysel's bundle holds her three reports, oldest first, and nothing of anyone else.
    let res = my_evidence(&app, Some(&aysel.token), "").await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let bundle: serde_json::Value = res.json().await.unwrap();
    let reports = bundle["reports"].as_array().unwrap();
    let got: Vec<&str> = reports
        .iter()
        .map(|r| r["report_text"].as_str().unwrap())
        .collect();
    assert_eq!(got, texts, "{bundle}");
    assert_eq!(reports[0]["id"], first["id"]);
    assert_eq!(reports[0]["counterpart"], "+994557776655");
    assert!(reports[0]["occurred_at"].is_i64());
    assert_eq!(bundle["business"], "Odero");
    assert!(
        !bundle.to_string().contains(&aysel.id) && reports[0].get("customer_id").is_none(),
        "the bundle names no account"
    );
    // The printable page.
    let res = my_evidence(&app, Some(&aysel.token), "?format=html").await;
    assert_eq!(res.status().as_u16(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(
        res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'none'")
    );
    let page = res.text().await.unwrap();
    assert!(
        page.contains(texts[1]) && page.contains("odero-az.example"),
        "{page}"
    );
    assert!(!page.contains("someone else") && !page.contains("anonim"));
    // The other customer sees only their one report.
    let theirs: serde_json::Value = my_evidence(&app, Some(&other.token), "")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(theirs["reports"].as_array().unwrap().len(), 1, "{theirs}");
    // Refusals: no session, a bad format.
    let res = my_evidence(&app, None, "").await;
    assert_eq!(res.status().as_u16(), 401);
    let res = my_evidence(&app, Some(&aysel.token), "?format=pdf").await;
    assert_eq!(res.status().as_u16(), 400);
    let e: serde_json::Value = res.json().await.unwrap();
    assert_eq!(e["error"]["code"], "bad_query");
    // The read is audited, and the customer sees it in their transparency report.
    let t = crate::accounts::public(
        &app,
        Method::GET,
        "/api/v1/me/transparency",
        Some(&aysel.token),
        None,
    )
    .await;
    assert_eq!(t.status, 200, "{}", t.body);
    assert!(
        t.body["accesses"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["action"] == "fraud.evidence" && a["role"] == "customer"),
        "{}",
        t.body
    );
    // Staff counting the scam number see every report of it.
    let (_, trending) = app
        .call(Role::Fraud, Method::GET, "/api/v1/reports/trending", None)
        .await;
    let top = &trending["counterparts"][0];
    assert_eq!(
        (top["counterpart"].as_str(), top["reports"].as_i64()),
        (Some("+994557776655"), Some(5)),
        "{trending}"
    );

    // Erasure: her reports keep counting, but lose her words and the link to her.
    let receipt = first["receipt"].as_str().unwrap().to_owned();
    let (st, done) = app
        .call(
            Role::Dpo,
            Method::DELETE,
            &format!("/api/v1/customers/{}", aysel.id),
            None,
        )
        .await;
    assert_eq!(st, 200, "{done}");
    assert!(
        app.vault
            .store()
            .fraud_reports_of_customer(&aysel.id)
            .await
            .unwrap()
            .is_empty()
    );
    let res = app
        .http
        .post(format!("{}/api/v1/reports/evidence", app.base))
        .json(&json!({"receipts": [receipt]}))
        .send()
        .await
        .unwrap();
    let kept: serde_json::Value = res.json().await.unwrap();
    let r = &kept["reports"][0];
    assert_eq!(r["counterpart"], "+994557776655", "{kept}");
    assert!(
        r["report_text"].is_null() && r["occurred_at"].is_null(),
        "{kept}"
    );
    let (_, trending) = app
        .call(Role::Fraud, Method::GET, "/api/v1/reports/trending", None)
        .await;
    assert_eq!(trending["counterparts"][0]["reports"], 5, "{trending}");
    // Her session ended with her account.
    assert_eq!(
        my_evidence(&app, Some(&aysel.token), "")
            .await
            .status()
            .as_u16(),
        401
    );
    // The other customer's report is untouched.
    let theirs: serde_json::Value = my_evidence(&app, Some(&other.token), "")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(theirs["reports"][0]["report_text"], texts[0]);

    let mut secret: Vec<&str> = texts.to_vec();
    secret.extend(["rcpt_", aysel.token.as_str(), other.token.as_str()]);
    assert_not_logged(&secret);
    app.stop().await;
}

both_backends!(
    reported_domains_make_links_and_senders_suspicious,
    reported_domains
);

async fn check(app: &TestApp, what: &str, input: &str, lang: &str) -> serde_json::Value {
    let res = app
        .http
        .post(format!("{}/api/v1/check/{what}", app.base))
        .json(&json!({"input": input, "lang": lang}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    res.json().await.unwrap()
}

fn reason<'a>(v: &'a serde_json::Value, code: &str) -> Option<&'a str> {
    v["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == code)
        .and_then(|r| r["message"].as_str())
}

async fn reported_domains(app: TestApp) {
    let deal = "https://cheap-flights.example/deal";
    let v = check(&app, "link", deal, "en").await;
    assert_eq!(v["verdict"], "unknown", "{v}");
    assert!(reason(&v, "domain_reported_by_customers").is_none());

    // A report of another host under the same registrable domain counts for it.
    let (s, _) = report(
        &app,
        json!({"channel": "link", "counterpart": "https://pay.cheap-flights.example/x?id=7"}),
    )
    .await;
    assert_eq!(s, 201);
    let v = check(&app, "link", deal, "fa").await;
    assert_eq!(v["verdict"], "suspicious", "{v}");
    assert_eq!(v["reasons"][0]["code"], "domain_reported_by_customers");
    assert!(
        reason(&v, "domain_reported_by_customers")
            .unwrap()
            .contains("cheap-flights.example")
    );
    // So does a mail address at that domain, for links and for senders.
    let (s, _) = report(
        &app,
        json!({"channel": "email", "counterpart": "Deals <offers@Mail.Cheap-Flights.example>"}),
    )
    .await;
    assert_eq!(s, 201);
    let v = check(&app, "link", deal, "en").await;
    let m = reason(&v, "domain_reported_by_customers").unwrap();
    assert!(m.starts_with("2 "), "{m}");
    let v = check(&app, "sender", "Travel <info@cheap-flights.example>", "az").await;
    assert_eq!(v["verdict"], "suspicious", "{v}");
    assert!(
        reason(&v, "domain_reported_by_customers")
            .unwrap()
            .contains('2')
    );
    let v = check(&app, "sender", "friend@unrelated.example", "en").await;
    assert_eq!(v["verdict"], "unknown", "{v}");

    // A reported lookalike stays impersonation, with the count after the imitation.
    let (s, _) = report(
        &app,
        json!({"channel": "link", "counterpart": "odero-az-login.com"}),
    )
    .await;
    assert_eq!(s, 201);
    let v = check(&app, "link", "https://secure.odero-az-login.com/", "en").await;
    assert_eq!(v["verdict"], "impersonation", "{v}");
    assert_ne!(v["reasons"][0]["code"], "domain_reported_by_customers");
    assert!(reason(&v, "domain_reported_by_customers").is_some(), "{v}");

    // Reports of the official site and mail never make them suspicious.
    for (i, text) in ["wrong", "mistaken", "confused"].iter().enumerate() {
        let (s, _) = report(&app, json!({"channel": "link", "counterpart": format!("https://odero.az/page{i}"), "text": text})).await;
        assert_eq!(s, 201);
        let (s, _) = report(
            &app,
            json!({"channel": "email", "counterpart": "noreply@odero.az", "text": text}),
        )
        .await;
        assert_eq!(s, 201);
    }
    let v = check(&app, "link", "https://odero.az/login", "en").await;
    assert_eq!(v["verdict"], "official", "{v}");
    assert!(reason(&v, "domain_reported_by_customers").is_none(), "{v}");
    let v = check(&app, "sender", "Odero <noreply@odero.az>", "en").await;
    assert_eq!(v["verdict"], "official", "{v}");
    assert!(reason(&v, "domain_reported_by_customers").is_none(), "{v}");

    // A reported shortened link or free-mail address flags that link or address only, not
    // every link of the shortener or every address of the provider.
    for (channel, counterpart) in [
        ("link", "https://bit.ly/odero-gift"),
        ("email", "odero.prize.desk@gmail.com"),
    ] {
        let (s, _) = report(
            &app,
            json!({"channel": channel, "counterpart": counterpart}),
        )
        .await;
        assert_eq!(s, 201);
    }
    let v = check(&app, "link", "https://bit.ly/odero-gift", "en").await;
    assert!(reason(&v, "domain_reported_by_customers").is_some(), "{v}");
    // Fraud staff see the reported link itself among the trending counterparts.
    let (st, t) = app
        .call(Role::Fraud, Method::GET, "/api/v1/reports/trending", None)
        .await;
    assert_eq!(st, 200, "{t}");
    let names: Vec<&str> = t["counterparts"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["counterpart"].as_str())
        .collect();
    assert!(names.contains(&"bit.ly/odero-gift"), "{names:?}");
    assert!(!names.contains(&"bit.ly"), "{names:?}");
    let v = check(&app, "link", "https://bit.ly/holiday-photos", "en").await;
    assert!(reason(&v, "domain_reported_by_customers").is_none(), "{v}");
    let v = check(
        &app,
        "sender",
        "Odero Prize <odero.prize.desk@gmail.com>",
        "en",
    )
    .await;
    assert!(reason(&v, "domain_reported_by_customers").is_some(), "{v}");
    let v = check(&app, "sender", "aunt.leyla@gmail.com", "en").await;
    assert!(reason(&v, "domain_reported_by_customers").is_none(), "{v}");

    // A short code that is not the business's counts its reports too.
    assert_eq!(
        check(&app, "phone", "7 0 7 0", "en").await["verdict"],
        "unknown"
    );
    let (s, _) = report(&app, json!({"channel": "sms", "counterpart": "7070"})).await;
    assert_eq!(s, 201);
    let v = check(&app, "phone", "7070", "en").await;
    assert_eq!(v["verdict"], "suspicious", "{v}");

    // Reports older than 30 days no longer count.
    let old = chrono::Utc::now() - chrono::Duration::days(31);
    app.vault
        .store()
        .add_fraud_report(
            &amanat_store::FraudReport {
                id: uuid::Uuid::now_v7().to_string(),
                channel: "link".into(),
                counterpart: "old-scam.example".into(),
                counterpart_kind: "domain".into(),
                occurred_at: None,
                received_at: old.timestamp_millis(),
                report_text: None,
                verdict: "unknown".into(),
                customer_id: None,
                counterpart_domain: Some("old-scam.example".into()),
            },
            b"old-receipt",
            b"old-dedup",
            &amanat_store::AuditEvent {
                at: old.timestamp_millis(),
                actor: "public".into(),
                role: "reporter".into(),
                action: "fraud.report".into(),
                subject: String::new(),
                purpose: "fraud_prevention".into(),
                fields: vec![],
                request_id: "t".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        check(&app, "link", "old-scam.example", "en").await["verdict"],
        "unknown"
    );

    // `amanat check link` counts the same reports when given the server's database.
    let cli = |input: &str| {
        let out = crate::support::amanat(
            &app.data_dir(),
            app.database_url.as_deref(),
            &app.master_b64,
            &[
                "check",
                "link",
                "--config",
                crate::support::ODERO,
                "--lang",
                "en",
                input,
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let v = cli(deal);
    assert_eq!(v["verdict"], "suspicious", "{v}");
    assert!(
        reason(&v, "domain_reported_by_customers")
            .unwrap()
            .starts_with("2 ")
    );
    assert_eq!(cli("https://odero.az/")["verdict"], "official");
    // Without a database it checks offline; a directory with no database is refused.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_amanat"))
        .args(["check", "link", "--config", crate::support::ODERO, deal])
        .env_remove("AMANAT_DATA_DIR")
        .env_remove("AMANAT_DATABASE_URL")
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["verdict"], "unknown", "{v}");
    let empty = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_amanat"))
        .args([
            "check",
            "link",
            "--config",
            crate::support::ODERO,
            "--data-dir",
        ])
        .arg(empty.path())
        .arg(deal)
        .env_remove("AMANAT_DATABASE_URL")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        !empty.path().join("amanat.db").exists(),
        "no database was created"
    );
    app.stop().await;
}
