//! Consent ledger, may-contact and the audience stream, through the real server.

use amanat_core::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::accounts::{public, sign_up};
use crate::both_backends;
use crate::support::{TestApp, customer};

async fn may(app: &TestApp, id: &str, purpose: &str, channel: &str) -> Value {
    let (st, body) = app
        .call(
            Role::Integration,
            Method::GET,
            &format!("/api/v1/customers/{id}/may-contact?purpose={purpose}&channel={channel}"),
            None,
        )
        .await;
    assert_eq!(st, 200, "{body}");
    body
}

async fn audience(app: &TestApp, role: Role, purpose: &str, channel: &str) -> (u16, Vec<String>) {
    let res = app
        .http
        .get(format!(
            "{}/api/v1/audience?purpose={purpose}&channel={channel}",
            app.base
        ))
        .bearer_auth(app.token(role))
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    if status == 200 {
        assert_eq!(res.headers()["content-type"], "application/x-ndjson");
    }
    let text = res.text().await.unwrap();
    if status != 200 {
        return (status, Vec::new());
    }
    let ids = text
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["customer_id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    (status, ids)
}

async fn consent_ledger(app: TestApp) {
    let (_, a) = app.create(customer(1)).await;
    let (_, b) = app.create(customer(2)).await;
    let (a, b) = (
        a["id"].as_str().unwrap().to_owned(),
        b["id"].as_str().unwrap().to_owned(),
    );

    // Without a record: marketing no, service yes (the contract), a channel the purpose
    // does not use no.
    assert_eq!(
        may(&app, &a, "marketing", "email").await["reason"],
        "no_consent"
    );
    let service = may(&app, &a, "service", "email").await;
    assert_eq!(
        (service["may_contact"].as_bool(), service["reason"].as_str()),
        (Some(true), Some("legal_basis_contract"))
    );
    assert_eq!(
        may(&app, &a, "marketing", "phone").await["reason"],
        "channel_not_declared"
    );

    let grant = |granted: bool| json!({"purpose": "marketing", "channel": "email", "granted": granted, "policy_version": "2026-03"});
    let path = format!("/api/v1/customers/{a}/consents");
    let (st, body) = app
        .call(Role::Integration, Method::POST, &path, Some(grant(true)))
        .await;
    assert_eq!(st, 201, "{body}");
    let m = may(&app, &a, "marketing", "email").await;
    assert_eq!(
        (m["may_contact"].as_bool(), m["reason"].as_str()),
        (Some(true), Some("consent_granted"))
    );
    assert!(m["since"].is_i64());
    assert_eq!(
        may(&app, &a, "marketing", "sms").await["may_contact"],
        false,
        "consent is per channel"
    );
    let (st, ids) = audience(&app, Role::Integration, "marketing", "email").await;
    assert_eq!(st, 200);
    assert_eq!(ids, vec![a.clone()]);

    // Withdrawing is one call, like granting.
    app.call(Role::Integration, Method::POST, &path, Some(grant(false)))
        .await;
    assert_eq!(
        may(&app, &a, "marketing", "email").await["reason"],
        "consent_withdrawn"
    );
    assert!(
        audience(&app, Role::Integration, "marketing", "email")
            .await
            .1
            .is_empty()
    );

    // An objection to direct marketing is absolute: a consent recorded after it does not
    // reopen contact until the objection is lifted.
    let obj = |lifted: bool| json!({"purpose": "marketing", "lifted": lifted, "policy_version": "2026-03"});
    let (st, _) = app
        .call(
            Role::Support,
            Method::POST,
            &format!("/api/v1/customers/{a}/objections"),
            Some(obj(false)),
        )
        .await;
    assert_eq!(st, 201);
    app.call(Role::Integration, Method::POST, &path, Some(grant(true)))
        .await;
    assert_eq!(
        may(&app, &a, "marketing", "email").await["reason"],
        "objection"
    );
    assert!(
        audience(&app, Role::Integration, "marketing", "email")
            .await
            .1
            .is_empty()
    );
    app.call(
        Role::Support,
        Method::POST,
        &format!("/api/v1/customers/{a}/objections"),
        Some(obj(true)),
    )
    .await;
    assert_eq!(
        may(&app, &a, "marketing", "email").await["reason"],
        "consent_granted"
    );

    // Refusals: consent for a contract purpose, an unknown purpose, a bad channel,
    // a role that does not write, an unknown customer.
    let bad = |p: &str, c: &str| json!({"purpose": p, "channel": c, "granted": true, "policy_version": "1"});
    let (st, body) = app
        .call(
            Role::Integration,
            Method::POST,
            &path,
            Some(bad("service", "email")),
        )
        .await;
    assert_eq!(st, 400, "{body}");
    let (st, _) = app
        .call(
            Role::Integration,
            Method::POST,
            &path,
            Some(bad("nope", "email")),
        )
        .await;
    assert_eq!(st, 422);
    let (st, _) = app
        .call(
            Role::Integration,
            Method::POST,
            &path,
            Some(bad("marketing", "pigeon")),
        )
        .await;
    assert_eq!(st, 400);
    let (st, _) = app
        .call(Role::Fraud, Method::POST, &path, Some(grant(true)))
        .await;
    assert_eq!(st, 403);
    let (st, _) = app
        .call(
            Role::Integration,
            Method::POST,
            "/api/v1/customers/0190b0a0-0000-7000-8000-000000000000/consents",
            Some(grant(true)),
        )
        .await;
    assert_eq!(st, 404);
    let (st, _) = app
        .call(
            Role::Integration,
            Method::POST,
            &format!("/api/v1/customers/{a}/objections"),
            Some(json!({"purpose": "service", "policy_version": "1"})),
        )
        .await;
    assert_eq!(st, 400, "no objection to the contract");

    // The audience of a contract purpose is everyone; fraud staff may not export one.
    let (_, all) = audience(&app, Role::Dpo, "service", "email").await;
    assert!(all.contains(&a) && all.contains(&b));
    assert_eq!(
        audience(&app, Role::Fraud, "marketing", "email").await.0,
        403
    );
    assert_eq!(
        audience(&app, Role::Integration, "marketing", "phone")
            .await
            .0,
        400
    );

    // The history keeps every step, in order, with its source.
    let (st, h) = app.call(Role::Support, Method::GET, &path, None).await;
    assert_eq!(st, 200);
    let kinds: Vec<(String, bool, String)> = h["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap().into(),
                r["granted"].as_bool().unwrap(),
                r["source"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("consent".into(), true, "api".into()),
            ("consent".into(), false, "api".into()),
            ("objection".into(), false, "staff".into()),
            ("consent".into(), true, "api".into()),
            ("objection".into(), true, "staff".into()),
        ]
    );
    let audit = app.vault.store().audit_for_subject(&a).await.unwrap();
    for action in [
        "consent.granted",
        "consent.withdrawn",
        "objection.made",
        "objection.lifted",
        "consent.view",
    ] {
        assert!(
            audit.iter().any(|e| e.action == action),
            "audit lacks {action}"
        );
    }
}
both_backends!(consent_ledger_and_audience, consent_ledger);

async fn own_consent(app: TestApp) {
    let s = sign_up(&app, 30).await;
    let r = public(&app, Method::POST, "/api/v1/me/consents", Some(&s.token), Some(json!({"purpose": "marketing", "channel": "sms", "granted": true, "policy_version": "2026-03"}))).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(
        may(&app, &s.id, "marketing", "sms").await["may_contact"],
        true
    );
    let r = public(
        &app,
        Method::POST,
        "/api/v1/me/objections",
        Some(&s.token),
        Some(json!({"purpose": "marketing", "policy_version": "2026-03"})),
    )
    .await;
    assert_eq!(r.status, 201);
    assert_eq!(
        may(&app, &s.id, "marketing", "sms").await["reason"],
        "objection"
    );
    let r = public(
        &app,
        Method::GET,
        "/api/v1/me/consents",
        Some(&s.token),
        None,
    )
    .await;
    let h = r.body["history"].as_array().unwrap();
    assert_eq!(h.len(), 2);
    assert!(h.iter().all(|x| x["source"] == "portal"));
    let r = public(&app, Method::POST, "/api/v1/me/consents", Some(&s.token), Some(json!({"purpose": "marketing", "channel": "sms", "granted": true, "policy_version": "2026-03", "source": "import"}))).await;
    assert_eq!(r.status, 400, "a customer cannot claim another source");
}
both_backends!(customers_manage_their_own_consent, own_consent);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transparency_shows_what_is_held_and_every_access() {
    let app = TestApp::spawn(crate::support::Backend::Sqlite)
        .await
        .unwrap();
    let s = sign_up(&app, 31).await;
    // A support read for a purpose, then the customer's own view.
    let (st, _) = app.read(Role::Support, &s.id, "support").await;
    assert_eq!(st, 200);
    public(&app, Method::POST, "/api/v1/me/consents", Some(&s.token), Some(json!({"purpose": "marketing", "channel": "email", "granted": true, "policy_version": "2026-03"}))).await;
    let r = public(
        &app,
        Method::GET,
        "/api/v1/me/transparency",
        Some(&s.token),
        None,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let held = r.body["held"].as_array().unwrap();
    let email = held.iter().find(|h| h["field"] == "email").unwrap();
    let marketing = email["purposes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["purpose"] == "marketing")
        .unwrap();
    assert_eq!(marketing["legal_basis"], "consent");
    // The customer chose Azerbaijani at sign-up: descriptions in az.
    assert!(
        marketing["description"]
            .as_str()
            .unwrap()
            .contains("Razılığınızla")
    );
    let accesses = r.body["accesses"].as_array().unwrap();
    let support = accesses
        .iter()
        .find(|a| a["role"] == "support" && a["action"] == "customer.read")
        .unwrap();
    assert_eq!(support["purpose"], "support");
    assert!(
        support["fields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "email")
    );
    assert!(
        accesses.iter().all(|a| a.get("actor").is_none()),
        "staff identities are not named"
    );
    assert_eq!(r.body["consents"].as_array().unwrap().len(), 1);
    // No values in the report, only names.
    assert!(!r.body.to_string().contains(&s.email));
}

async fn export(app: TestApp) {
    let s = sign_up(&app, 32).await;
    let (st, _) = app
        .call(
            Role::Integration,
            Method::POST,
            &format!("/api/v1/customers/{}/orders", s.id),
            Some(json!({"order_number": "OD-77", "payment_reference": "PAY-1", "status": "paid"})),
        )
        .await;
    assert_eq!(st, 201);
    let (st, _) = app
        .call(
            Role::Support,
            Method::PATCH,
            &format!("/api/v1/customers/{}", s.id),
            Some(json!({"fields": {"family_name": "Quliyeva <b>&</b>"}})),
        )
        .await;
    assert_eq!(st, 200);
    public(&app, Method::POST, "/api/v1/me/consents", Some(&s.token), Some(json!({"purpose": "marketing", "channel": "email", "granted": true, "policy_version": "2026-03"}))).await;

    let r = public(&app, Method::GET, "/api/v1/me/export", Some(&s.token), None).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let e = &r.body;
    let field = |n: &str| {
        e["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == n)
            .cloned()
            .unwrap()
    };
    assert_eq!(field("email")["value"], s.email.as_str());
    assert!(
        field("email")["purposes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "marketing")
    );
    assert_eq!(e["orders"][0]["order_number"], "OD-77");
    assert_eq!(e["consents"].as_array().unwrap().len(), 1);
    let accesses = e["accesses"].as_array().unwrap();
    assert!(
        accesses
            .iter()
            .any(|a| a["role"] == "support" && a["action"] == "customer.rectify")
    );

    let res = app
        .http
        .get(format!("{}/api/v1/me/export?format=html", app.base))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let page = res.text().await.unwrap();
    assert!(
        page.contains("Quliyeva &lt;b&gt;&amp;&lt;/b&gt;"),
        "values are escaped"
    );
    assert!(!page.contains("<b>&</b>"));
    assert!(page.contains(&s.email));
    assert_eq!(
        public(
            &app,
            Method::GET,
            "/api/v1/me/export?format=pdf",
            Some(&s.token),
            None
        )
        .await
        .status,
        400
    );

    // Staff: the DPO only.
    let (st, body) = app
        .call(
            Role::Dpo,
            Method::GET,
            &format!("/api/v1/customers/{}/export", s.id),
            None,
        )
        .await;
    assert_eq!(st, 200, "{body}");
    assert_eq!(body["customer_id"], s.id.as_str());
    let (st, _) = app
        .call(
            Role::Support,
            Method::GET,
            &format!("/api/v1/customers/{}/export", s.id),
            None,
        )
        .await;
    assert_eq!(st, 403);
    let audit = app.vault.store().audit_for_subject(&s.id).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|a| a.role == "dpo" && a.purpose == "access"),
        "the export's read is audited"
    );
}
both_backends!(export_of_everything_held, export);
