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
