//! Privacy requests, restriction, recipients and shares, lawful orders and aggregates,
//! through the real server on SQLite and PostgreSQL.

use amanat_core::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::accounts::{Signed, public, sign_up};
use crate::both_backends;
use crate::support::{Backend, TestApp};

const AUTHORITY_AZ: &str = "Nümunə Nəzarət Orqanı, https://complaints.example";
const AUTHORITY_EN: &str = "Example Supervisory Authority, https://complaints.example";

async fn app(backend: Backend) -> Option<TestApp> {
    TestApp::spawn_with(
        backend,
        &format!(
            "\n[privacy]\ncomplaint_authority = {{ az = \"{AUTHORITY_AZ}\", en = \"{AUTHORITY_EN}\" }}\n"
        ),
    )
    .await
}

async fn me(
    app: &TestApp,
    s: &Signed,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let r = public(app, method, path, Some(&s.token), body).await;
    (r.status, r.body)
}

async fn dpo(app: &TestApp, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    app.call(Role::Dpo, method, path, body).await
}

/// Waits (up to 15 s) for a mail to `to`, after the first `seen`, whose text holds
/// `needle` (other notices may arrive in between).
async fn mail_containing(app: &TestApp, to: &str, seen: usize, needle: &str) -> crate::sinks::Mail {
    for _ in 0..300 {
        if let Some(m) = app
            .sinks
            .mails_to(to)
            .into_iter()
            .skip(seen)
            .find(|m| m.text.contains(needle))
        {
            return m;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no mail with the expected text arrived");
}

fn due_months_after(view: &Value, months: u32) {
    let received =
        chrono::DateTime::parse_from_rfc3339(view["received_at"].as_str().unwrap()).unwrap();
    let due = chrono::DateTime::parse_from_rfc3339(view["due_at"].as_str().unwrap()).unwrap();
    assert_eq!(
        received
            .checked_add_months(chrono::Months::new(months))
            .unwrap(),
        due,
        "{view}"
    );
}

async fn requests(app: TestApp) {
    let s = sign_up(&app, 41).await;
    let mails = app.sinks.mails_to(&s.email).len();
    // The customer asks for a correction; their session verifies them.
    let (st, r) = me(
        &app,
        &s,
        Method::POST,
        "/api/v1/me/requests",
        Some(json!({"kind": "rectification", "details": {"fields": {"given_name": "Leyla"}}})),
    )
    .await;
    assert_eq!(st, 201, "{r}");
    assert_eq!(r["state"], "verified");
    assert_eq!(r["verified_by"], "session");
    due_months_after(&r, 1);
    let id = r["id"].as_str().unwrap().to_owned();
    let mail = app.sinks.next_mail(&s.email, mails).await;
    assert!(
        !mail.text.contains("rectification"),
        "codes are put in words"
    );
    // A second open request of the same kind is refused; bad input is explained.
    let (st, e) = me(
        &app,
        &s,
        Method::POST,
        "/api/v1/me/requests",
        Some(json!({"kind": "rectification", "details": {"fields": {"given_name": "Aysel"}}})),
    )
    .await;
    assert_eq!(
        (st, e["error"]["code"].as_str()),
        (409, Some("request_open"))
    );
    let (st, e) = me(
        &app,
        &s,
        Method::POST,
        "/api/v1/me/requests",
        Some(json!({"kind": "forget_me"})),
    )
    .await;
    assert_eq!(
        (st, e["error"]["code"].as_str()),
        (422, Some("unknown_request_kind"))
    );
    let (st, e) = me(
        &app,
        &s,
        Method::POST,
        "/api/v1/me/requests",
        Some(json!({"kind": "objection", "details": {"purposes": ["service"]}})),
    )
    .await;
    assert_eq!(st, 400, "a contract purpose cannot be objected to: {e}");
    let (st, e) = me(
        &app,
        &s,
        Method::POST,
        "/api/v1/me/requests",
        Some(json!({"kind": "access", "details": {"message": "my card 4111 1111 1111 1111"}})),
    )
    .await;
    assert_eq!(
        (st, e["error"]["code"].as_str()),
        (422, Some("card_number_refused"))
    );
    assert!(!e.to_string().contains("4111"));

    // Only the DPO moves requests.
    let (st, _) = app
        .call(
            Role::Support,
            Method::POST,
            &format!("/api/v1/requests/{id}/start"),
            None,
        )
        .await;
    assert_eq!(st, 403);
    // One extension, with a reason the customer is told.
    let mails = app.sinks.mails_to(&s.email).len();
    let (st, r) = dpo(
        &app,
        Method::POST,
        &format!("/api/v1/requests/{id}/extend"),
        Some(json!({"reason": "complex"})),
    )
    .await;
    assert_eq!(st, 200, "{r}");
    assert_eq!(r["extension_reason"], "complex");
    due_months_after(&r, 3);
    app.sinks.next_mail(&s.email, mails).await;
    let (st, e) = dpo(
        &app,
        Method::POST,
        &format!("/api/v1/requests/{id}/extend"),
        Some(json!({"reason": "complex"})),
    )
    .await;
    assert_eq!(
        (st, e["error"]["code"].as_str()),
        (409, Some("already_extended"))
    );
    // Completing before starting is refused; then start and complete.
    let (st, e) = dpo(
        &app,
        Method::POST,
        &format!("/api/v1/requests/{id}/complete"),
        None,
    )
    .await;
    assert_eq!(
        (st, e["error"]["code"].as_str()),
        (409, Some("request_state"))
    );
    let (st, r) = dpo(
        &app,
        Method::POST,
        &format!("/api/v1/requests/{id}/start"),
        None,
    )
    .await;
    assert_eq!((st, r["state"].as_str()), (200, Some("in_progress")));
    let (st, done) = dpo(
        &app,
        Method::POST,
        &format!("/api/v1/requests/{id}/complete"),
        None,
    )
    .await;
    assert_eq!(st, 200, "{done}");
    assert_eq!(done["request"]["state"], "completed");
    assert_eq!(done["corrected"], json!(["given_name"]));
    let (st, v) = app.read(Role::Support, &s.id, "support").await;
    assert_eq!(st, 200);
    assert_eq!(
        v["fields"]["given_name"], "Leyla",
        "the correction was applied"
    );
    let (_, mine) = me(&app, &s, Method::GET, "/api/v1/me/requests", None).await;
    let steps: Vec<&str> = mine["requests"][0]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["state"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        [
            "received",
            "verified",
            "verified",
            "in_progress",
            "completed"
        ]
    );

    // A request taken by phone waits for identity; refused with the right to complain.
    let (st, r) = app
        .call(
            Role::Support,
            Method::POST,
            &format!("/api/v1/customers/{}/requests", s.id),
            Some(json!({"kind": "erasure"})),
        )
        .await;
    assert_eq!(st, 201, "{r}");
    assert_eq!(r["state"], "received");
    let rid = r["id"].as_str().unwrap().to_owned();
    let (st, _) = dpo(
        &app,
        Method::POST,
        &format!("/api/v1/requests/{rid}/start"),
        None,
    )
    .await;
    assert_eq!(st, 409, "an unverified request cannot be worked on");
    let (st, q) = dpo(&app, Method::GET, "/api/v1/requests", None).await;
    assert_eq!(st, 200);
    let listed = q["requests"].as_array().unwrap();
    let (_, done) = dpo(&app, Method::GET, "/api/v1/requests?state=completed", None).await;
    let done = done["requests"].as_array().unwrap();
    assert!(!done.is_empty());
    // Each request in the queue carries its own steps (read for the whole page at once).
    for x in listed.iter().chain(done) {
        let steps = x["steps"].as_array().unwrap();
        assert_eq!(steps[0]["state"], "received", "{x}");
        assert_eq!(
            steps.last().unwrap()["state"],
            x["state"],
            "the last step is the current state: {x}"
        );
    }
    let phone = listed.iter().find(|x| x["id"] == rid.as_str()).unwrap();
    assert_eq!(phone["steps"].as_array().unwrap().len(), 1);
    for x in done {
        assert!(x["steps"].as_array().unwrap().len() >= 3, "{x}");
    }
    let (_, q) = dpo(&app, Method::GET, "/api/v1/requests?overdue=true", None).await;
    assert!(
        q["requests"].as_array().unwrap().is_empty(),
        "nothing is overdue yet"
    );
    let mails = app.sinks.mails_to(&s.email).len();
    let (st, e) = dpo(
        &app,
        Method::POST,
        &format!("/api/v1/requests/{rid}/refuse"),
        Some(json!({"reason": "because"})),
    )
    .await;
    assert_eq!(
        (st, e["error"]["code"].as_str()),
        (422, Some("unknown_reason"))
    );
    let (st, r) = dpo(
        &app,
        Method::POST,
        &format!("/api/v1/requests/{rid}/refuse"),
        Some(json!({"reason": "identity_not_verified"})),
    )
    .await;
    assert_eq!(st, 200, "{r}");
    assert_eq!(r["state"], "refused");
    assert_eq!(r["outcome"], "identity_not_verified");
    assert_eq!(
        r["complaint_authority"], AUTHORITY_AZ,
        "the customer's language"
    );
    let mail = mail_containing(&app, &s.email, mails, AUTHORITY_AZ).await;
    assert!(!mail.text.contains("identity_not_verified"));
    let (st, _) = dpo(
        &app,
        Method::POST,
        &format!("/api/v1/requests/{rid}/refuse"),
        Some(json!({"reason": "excessive"})),
    )
    .await;
    assert_eq!(st, 409, "a closed request stays closed");
    // Another customer cannot see this customer's requests.
    let other = sign_up(&app, 42).await;
    let (_, theirs) = me(&app, &other, Method::GET, "/api/v1/me/requests", None).await;
    assert_eq!(theirs["requests"], json!([]));
}
both_backends!(requests_flow, requests, super::app);

async fn erasure_request_tells_before_the_key_goes(app: TestApp) {
    let s = sign_up(&app, 43).await;
    let (st, r) = me(
        &app,
        &s,
        Method::POST,
        "/api/v1/me/requests",
        Some(json!({"kind": "erasure"})),
    )
    .await;
    assert_eq!(st, 201, "{r}");
    let id = r["id"].as_str().unwrap().to_owned();
    dpo(
        &app,
        Method::POST,
        &format!("/api/v1/requests/{id}/start"),
        None,
    )
    .await;
    // An order older than the accounting hold: erasure deletes it, so the confirmation
    // must not say that order references were kept.
    let old = chrono::Utc::now().timestamp_millis() - 30 * 366 * 86_400_000;
    crate::support::old_order(&app, &s.id, "OD-1996-0001", old).await;
    let mails = app.sinks.mails_to(&s.email).len();
    let (st, done) = dpo(
        &app,
        Method::POST,
        &format!("/api/v1/requests/{id}/complete"),
        None,
    )
    .await;
    assert_eq!(st, 200, "{done}");
    assert_eq!(done["request"]["state"], "completed");
    assert_eq!(done["request"]["outcome"], "none", "{done}");
    // The last mail arrives although the customer's key is destroyed, and does not claim
    // that the (deleted) old order's references were kept.
    // (The customer signed up in Azerbaijani; the "received" notice may land after `mails`
    // was counted, so wait for the one that says the data was erased.)
    let mut last = None;
    for k in mails..mails + 3 {
        let m = app.sinks.next_mail(&s.email, k).await;
        if m.text.contains("məlumatlarınız silindi") {
            last = Some(m);
            break;
        }
    }
    let last = last.expect("the erasure confirmation arrives");
    assert!(
        !last.text.contains("istinad nömrələrini"),
        "the old order was deleted, not kept: {}",
        last.text
    );
    let (st, _) = app.read(Role::Support, &s.id, "support").await;
    assert_eq!(st, 410);
    let (st, r) = dpo(&app, Method::GET, &format!("/api/v1/requests/{id}"), None).await;
    assert_eq!(
        (st, r["state"].as_str()),
        (200, Some("completed")),
        "the record of the request stays"
    );
}
both_backends!(
    erasure_request_tells_before_the_key_goes_flow,
    erasure_request_tells_before_the_key_goes,
    super::app
);

async fn restriction(app: TestApp) {
    let s = sign_up(&app, 44).await;
    app.call(Role::Integration, Method::POST, &format!("/api/v1/customers/{}/consents", s.id), Some(json!({"purpose": "marketing", "channel": "email", "granted": true, "policy_version": "1"}))).await;
    let (st, r) = me(
        &app,
        &s,
        Method::POST,
        "/api/v1/me/requests",
        Some(json!({"kind": "restriction"})),
    )
    .await;
    assert_eq!(st, 201);
    let id = r["id"].as_str().unwrap().to_owned();
    dpo(
        &app,
        Method::POST,
        &format!("/api/v1/requests/{id}/start"),
        None,
    )
    .await;
    let (st, _) = dpo(
        &app,
        Method::POST,
        &format!("/api/v1/requests/{id}/complete"),
        None,
    )
    .await;
    assert_eq!(st, 200);
    let (st, e) = app.read(Role::Support, &s.id, "support").await;
    assert_eq!(
        (st, e["error"]["code"].as_str()),
        (403, Some("processing_restricted"))
    );
    let (st, v) = app.read(Role::Dpo, &s.id, "legal_obligation").await;
    assert_eq!(st, 200, "legal obligations go on: {v}");
    let (_, m) = app
        .call(
            Role::Integration,
            Method::GET,
            &format!(
                "/api/v1/customers/{}/may-contact?purpose=marketing&channel=email",
                s.id
            ),
            None,
        )
        .await;
    assert_eq!(
        (m["may_contact"].as_bool(), m["reason"].as_str()),
        (Some(false), Some("restricted"))
    );
    let res = app
        .http
        .get(format!(
            "{}/api/v1/audience?purpose=marketing&channel=email",
            app.base
        ))
        .bearer_auth(app.token(Role::Integration))
        .send()
        .await
        .unwrap();
    assert!(
        !res.text().await.unwrap().contains(&s.id),
        "no campaign reaches a restricted customer"
    );
    let (st, _) = app
        .call(
            Role::Support,
            Method::DELETE,
            &format!("/api/v1/customers/{}/restriction", s.id),
            None,
        )
        .await;
    assert_eq!(st, 403);
    let (st, _) = dpo(
        &app,
        Method::DELETE,
        &format!("/api/v1/customers/{}/restriction", s.id),
        None,
    )
    .await;
    assert_eq!(st, 204);
    let (st, _) = app.read(Role::Support, &s.id, "support").await;
    assert_eq!(st, 200);
}
both_backends!(restriction_flow, restriction, super::app);

const TERMS: &str = "5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";

async fn shares(app: TestApp) {
    let s = sign_up(&app, 45).await;
    let recipient = json!({"name": "Bakı Kuryer MMC", "country": "AZ", "purposes": ["service"], "business_responsibility": "Odero answers to the customer for the data it sends.", "recipient_responsibility": "The courier uses the data only to deliver, keeps it confidential and deletes it after 90 days."});
    let (st, _) = app
        .call(
            Role::Support,
            Method::PUT,
            "/api/v1/recipients/baki-kuryer",
            Some(recipient.clone()),
        )
        .await;
    assert_eq!(st, 403);
    let mut bad = recipient.clone();
    bad["country"] = json!("Azerbaijan");
    let (st, e) = dpo(
        &app,
        Method::PUT,
        "/api/v1/recipients/baki-kuryer",
        Some(bad),
    )
    .await;
    assert_eq!(
        (st, e["error"]["code"].as_str()),
        (422, Some("bad_country"))
    );
    let (st, r) = dpo(
        &app,
        Method::PUT,
        "/api/v1/recipients/baki-kuryer",
        Some(recipient),
    )
    .await;
    assert_eq!(st, 200, "{r}");
    let listed = public(&app, Method::GET, "/api/v1/recipients", None, None).await;
    assert_eq!(listed.body["recipients"][0]["id"], "baki-kuryer");
    let share = json!({"recipient": "baki-kuryer", "purpose": "service", "fields": ["phone", "given_name"]});
    let path = format!("/api/v1/customers/{}/shares", s.id);
    let (st, e) = app
        .call(Role::Integration, Method::POST, &path, Some(share.clone()))
        .await;
    assert_eq!(
        (st, e["error"]["code"].as_str()),
        (403, Some("recipient_terms_missing"))
    );
    let (st, _) = dpo(
        &app,
        Method::POST,
        "/api/v1/recipients/baki-kuryer/terms",
        Some(json!({"document_sha256": TERMS})),
    )
    .await;
    assert_eq!(st, 204);
    let (st, e) = app
        .call(Role::Integration, Method::POST, &path, Some(share.clone()))
        .await;
    assert_eq!(
        (st, e["error"]["code"].as_str()),
        (403, Some("no_basis")),
        "no consent, no share"
    );
    let (st, _) = me(
        &app,
        &s,
        Method::POST,
        "/api/v1/me/share-consents",
        Some(json!({"recipient": "baki-kuryer", "purpose": "marketing", "granted": true})),
    )
    .await;
    assert_eq!(st, 422, "the recipient does not receive data for marketing");
    let (st, _) = me(
        &app,
        &s,
        Method::POST,
        "/api/v1/me/share-consents",
        Some(json!({"recipient": "baki-kuryer", "purpose": "service", "granted": true})),
    )
    .await;
    assert_eq!(st, 201);
    let (st, e) = app
        .call(
            Role::Integration,
            Method::POST,
            &path,
            Some(
                json!({"recipient": "baki-kuryer", "purpose": "service", "fields": ["birth_date"]}),
            ),
        )
        .await;
    assert!(
        st == 422,
        "a field not held for the purpose is not shared: {e}"
    );
    let (st, done) = app
        .call(Role::Integration, Method::POST, &path, Some(share.clone()))
        .await;
    assert_eq!(st, 201, "{done}");
    assert_eq!(done["fields"]["phone"], s.phone.as_str());
    // The customer sees who received what, and why.
    let (_, t) = me(&app, &s, Method::GET, "/api/v1/me/transparency", None).await;
    assert_eq!(t["shares"][0]["recipient"], "Bakı Kuryer MMC");
    assert_eq!(t["shares"][0]["basis"], "consent");
    assert_eq!(t["shares"][0]["fields"], json!(["given_name", "phone"]));
    // Withdrawn consent closes the gate again.
    me(
        &app,
        &s,
        Method::POST,
        "/api/v1/me/share-consents",
        Some(json!({"recipient": "baki-kuryer", "purpose": "service", "granted": false})),
    )
    .await;
    let (st, _) = app
        .call(Role::Integration, Method::POST, &path, Some(share))
        .await;
    assert_eq!(st, 403);
    // A rectification lists the recipients that got the corrected field; erasure lists all.
    let (st, r) = me(
        &app,
        &s,
        Method::POST,
        "/api/v1/me/requests",
        Some(json!({"kind": "rectification", "details": {"fields": {"given_name": "Nigar"}}})),
    )
    .await;
    assert_eq!(st, 201);
    let id = r["id"].as_str().unwrap().to_owned();
    dpo(
        &app,
        Method::POST,
        &format!("/api/v1/requests/{id}/start"),
        None,
    )
    .await;
    let (_, done) = dpo(
        &app,
        Method::POST,
        &format!("/api/v1/requests/{id}/complete"),
        None,
    )
    .await;
    assert_eq!(
        done["recipients_to_notify"][0]["recipient_id"],
        "baki-kuryer"
    );
    assert_eq!(
        done["recipients_to_notify"][0]["fields"],
        json!(["given_name"])
    );
    let (st, erased) = dpo(
        &app,
        Method::DELETE,
        &format!("/api/v1/customers/{}", s.id),
        None,
    )
    .await;
    assert_eq!(st, 200, "{erased}");
    assert_eq!(
        erased["recipients_to_notify"][0]["fields"],
        json!(["given_name", "phone"])
    );
}
both_backends!(shares_flow, shares, super::app);

async fn lawful_orders(app: TestApp) {
    let s = sign_up(&app, 46).await;
    let second = amanat_server::staff::add_staff_accepted(
        app.vault.store(),
        app.vault.config(),
        "Second DPO",
        Role::Dpo,
        "t",
    )
    .await
    .unwrap();
    let order = json!({"authority": "Bakı şəhər Nəsimi rayon məhkəməsi", "reference": "2-1234/2026", "issued_on": "2026-11-20", "document_sha256": TERMS, "customers": [s.id], "fields": ["email"]});
    let (st, _) = app
        .call(
            Role::Support,
            Method::POST,
            "/api/v1/legal-orders",
            Some(order.clone()),
        )
        .await;
    assert_eq!(st, 403);
    let mut bad = order.clone();
    bad["fields"] = json!(["shoe_size"]);
    let (st, _) = dpo(&app, Method::POST, "/api/v1/legal-orders", Some(bad)).await;
    assert_eq!(st, 422);
    // Every named customer must exist; a customer named twice counts once.
    let mut unknown = order.clone();
    unknown["customers"] = json!([s.id, "0190b0a0-0000-7000-8000-000000000000"]);
    let (st, _) = dpo(&app, Method::POST, "/api/v1/legal-orders", Some(unknown)).await;
    assert_eq!(st, 404);
    let mut twice = order.clone();
    twice["customers"] = json!([s.id, s.id]);
    twice["reference"] = json!("2-1234/2026-dup");
    let (st, o) = dpo(&app, Method::POST, "/api/v1/legal-orders", Some(twice)).await;
    assert_eq!(st, 201, "{o}");
    let twice_id = o["id"].as_str().unwrap().to_owned();
    let (st, _) = dpo(
        &app,
        Method::POST,
        &format!("/api/v1/legal-orders/{twice_id}/close"),
        None,
    )
    .await;
    assert_eq!(st, 200);
    let (st, o) = dpo(&app, Method::POST, "/api/v1/legal-orders", Some(order)).await;
    assert_eq!(st, 201, "{o}");
    let oid = o["id"].as_str().unwrap().to_owned();
    // The hold: no erasure while the order is open.
    let (st, e) = dpo(
        &app,
        Method::DELETE,
        &format!("/api/v1/customers/{}", s.id),
        None,
    )
    .await;
    assert_eq!((st, e["error"]["code"].as_str()), (409, Some("legal_hold")));
    // Four eyes: the recorder cannot approve; nothing is handed over before approval.
    let (st, e) = dpo(
        &app,
        Method::POST,
        &format!("/api/v1/legal-orders/{oid}/approve"),
        None,
    )
    .await;
    assert_eq!((st, e["error"]["code"].as_str()), (403, Some("four_eyes")));
    let (st, _) = dpo(
        &app,
        Method::POST,
        &format!("/api/v1/legal-orders/{oid}/fulfil"),
        None,
    )
    .await;
    assert_eq!(st, 409);
    let approve = app
        .http
        .post(format!("{}/api/v1/legal-orders/{oid}/approve", app.base))
        .bearer_auth(&second)
        .send()
        .await
        .unwrap();
    assert_eq!(approve.status(), 200);
    let mails = app.sinks.mails_to(&s.email).len();
    let res = app
        .http
        .post(format!("{}/api/v1/legal-orders/{oid}/fulfil", app.base))
        .bearer_auth(app.token(Role::Dpo))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let hash = res.headers()["x-amanat-export-sha256"]
        .to_str()
        .unwrap()
        .to_owned();
    let bytes = res.bytes().await.unwrap();
    use sha2::Digest;
    let actual: String = sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(hash, actual);
    let export: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(export["customers"][0]["fields"]["email"], s.email.as_str());
    assert!(
        export["customers"][0]["fields"].get("given_name").is_none(),
        "only the fields in scope"
    );
    let (_, list) = dpo(&app, Method::GET, "/api/v1/legal-orders", None).await;
    assert_eq!(list["orders"][0]["export_sha256"], hash.as_str());
    assert_eq!(list["orders"][0]["state"], "fulfilled");
    // No silence ordered: the customer is told (naming the order), and sees the share.
    mail_containing(&app, &s.email, mails, "2-1234/2026").await;
    let (_, t) = me(&app, &s, Method::GET, "/api/v1/me/transparency", None).await;
    assert_eq!(t["shares"][0]["basis"], "lawful_order");

    // An order that forbids telling until a later date: not shown, not told.
    let s2 = sign_up(&app, 47).await;
    let order = json!({"authority": "Prosecutor", "reference": "X-9", "issued_on": "2026-11-21", "document_sha256": TERMS, "customers": [s2.id], "fields": ["phone"], "silent_until": "2099-01-01"});
    let (_, o) = dpo(&app, Method::POST, "/api/v1/legal-orders", Some(order)).await;
    let oid2 = o["id"].as_str().unwrap().to_owned();
    app.http
        .post(format!("{}/api/v1/legal-orders/{oid2}/approve", app.base))
        .bearer_auth(&second)
        .send()
        .await
        .unwrap();
    let mails = app.sinks.mails_to(&s2.email).len();
    let (st, _) = dpo(
        &app,
        Method::POST,
        &format!("/api/v1/legal-orders/{oid2}/fulfil"),
        None,
    )
    .await;
    assert_eq!(st, 200);
    let (_, t) = me(&app, &s2, Method::GET, "/api/v1/me/transparency", None).await;
    assert_eq!(t["shares"], json!([]), "the order forbids telling yet");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(app.sinks.mails_to(&s2.email).len(), mails);

    // Closing ends the hold.
    let (st, c) = dpo(
        &app,
        Method::POST,
        &format!("/api/v1/legal-orders/{oid}/close"),
        None,
    )
    .await;
    assert_eq!((st, c["state"].as_str()), (200, Some("closed")));
    let (st, _) = dpo(
        &app,
        Method::DELETE,
        &format!("/api/v1/customers/{}", s.id),
        None,
    )
    .await;
    assert_eq!(st, 200);
}
both_backends!(lawful_orders_flow, lawful_orders, super::app);

async fn aggregates(app: TestApp) {
    let mut ids = Vec::new();
    for n in 0..14 {
        let (st, c) = app.create(crate::support::customer(300 + n)).await;
        assert_eq!(st, 201, "{c}");
        ids.push(c["id"].as_str().unwrap().to_owned());
    }
    for (i, id) in ids.iter().enumerate() {
        let country = if i < 11 { "CN" } else { "TR" };
        for _ in 0..2 {
            let (st, e) = app
                .call(
                    Role::Integration,
                    Method::POST,
                    "/api/v1/events",
                    Some(json!({"customer_id": id, "event": "order_placed", "dimension": country})),
                )
                .await;
            assert_eq!(st, 202, "{e}");
        }
    }
    let (st, _) = app
        .call(
            Role::Integration,
            Method::POST,
            "/api/v1/events",
            Some(json!({"customer_id": ids[0], "event": "Order Placed!"})),
        )
        .await;
    assert_eq!(st, 422);
    let (st, _) = app
        .call(
            Role::Support,
            Method::POST,
            "/api/v1/events",
            Some(json!({"customer_id": ids[0], "event": "x"})),
        )
        .await;
    assert_eq!(st, 403);
    let (st, _) = app
        .call(
            Role::Support,
            Method::GET,
            "/api/v1/aggregates?event=order_placed",
            None,
        )
        .await;
    assert_eq!(st, 403);
    let (st, r) = dpo(
        &app,
        Method::GET,
        "/api/v1/aggregates?event=order_placed&by=dimension",
        None,
    )
    .await;
    assert_eq!(st, 200, "{r}");
    assert_eq!(r["k"], 10);
    assert_eq!(r["perturbation"], 2);
    // One group shown (CN: 11 customers, 22 events, each with a noise of at most 2).
    let groups = r["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "{r}");
    assert_eq!(groups[0]["dimension"], "CN");
    let near = |v: &Value, want: i64| (v.as_i64().unwrap() - want).abs() <= 2;
    assert!(near(&groups[0]["customers"], 11), "{r}");
    assert!(near(&groups[0]["events"], 22), "{r}");
    assert_eq!(
        r["suppressed_groups"], 1,
        "3 customers in TR are fewer than k"
    );
    // The same question gets the same answer: asking again does not average the noise away.
    let (_, again) = dpo(
        &app,
        Method::GET,
        "/api/v1/aggregates?event=order_placed&by=dimension",
        None,
    )
    .await;
    assert_eq!(again["groups"], r["groups"]);
    let (st, r) = dpo(
        &app,
        Method::GET,
        "/api/v1/aggregates?event=order_placed&by=month",
        None,
    )
    .await;
    assert_eq!(st, 200);
    assert!(near(&r["groups"][0]["customers"], 14), "{r}");
    // The store holds pseudonyms, never ids.
    let pseudo = app.vault.pseudonym(&ids[0]);
    assert_ne!(&pseudo[..], ids[0].as_bytes());
    // An erased customer leaves the statistics.
    dpo(
        &app,
        Method::DELETE,
        &format!("/api/v1/customers/{}", ids[0]),
        None,
    )
    .await;
    let (_, r) = dpo(
        &app,
        Method::GET,
        "/api/v1/aggregates?event=order_placed&by=dimension",
        None,
    )
    .await;
    assert!(near(&r["groups"][0]["customers"], 10), "{r}");
    let truth = app
        .vault
        .store()
        .usage_groups("order_placed", "0000-01", "9999-12", false, true)
        .await
        .unwrap();
    assert_eq!(
        (truth[0].customers, truth[0].events),
        (10, 20),
        "the erased customer's events are gone"
    );
    let (st, _) = dpo(
        &app,
        Method::GET,
        "/api/v1/aggregates?event=order_placed&by=week",
        None,
    )
    .await;
    assert_eq!(st, 422);
}
both_backends!(aggregates_flow, aggregates, super::app);

/// Differencing: a report for January-February against one for January alone, where every
/// country had exactly one customer more in February. Without noise each difference would
/// be 1 and would single that customer out; with the cell-key noise most differences are
/// something else, while each report stays within 2 of the truth.
async fn aggregates_resist_differencing(app: TestApp) {
    let mut not_one = 0;
    let countries = 20;
    for c in 0..countries {
        for n in 0..11 {
            let pseudonym = app.vault.pseudonym(&format!("differencing-{c}-{n}"));
            let month = if n < 10 { "2026-01" } else { "2026-02" };
            app.vault
                .store()
                .insert_usage_event(&pseudonym, "parcel_sent", &format!("C{c:02}"), month)
                .await
                .unwrap();
        }
    }
    let report = |to: &'static str| {
        let app = &app;
        async move {
            let (st, r) = dpo(
                app,
                Method::GET,
                &format!("/api/v1/aggregates?event=parcel_sent&by=dimension&from=2026-01&to={to}"),
                None,
            )
            .await;
            assert_eq!(st, 200, "{r}");
            r["groups"].as_array().unwrap().clone()
        }
    };
    let january = report("2026-01").await;
    let both = report("2026-02").await;
    assert_eq!((january.len(), both.len()), (countries, countries));
    for (a, b) in january.iter().zip(&both) {
        assert_eq!(a["dimension"], b["dimension"]);
        let (a, b) = (
            a["customers"].as_i64().unwrap(),
            b["customers"].as_i64().unwrap(),
        );
        assert!((a - 10).abs() <= 2 && (b - 11).abs() <= 2, "{a} {b}");
        if b - a != 1 {
            not_one += 1;
        }
    }
    // Each difference is 1 by chance one time in three; at least 5 of 20 must not be
    // (failing by chance: about one run in 30,000).
    assert!(
        not_one >= 5,
        "only {not_one} of {countries} differences hid the customer"
    );
}
both_backends!(
    aggregates_differencing_flow,
    aggregates_resist_differencing,
    super::app
);

/// Moves a request's due date (ms) as time passing would, on either backend.
async fn set_due(app: &TestApp, id: &str, due_at: i64) {
    crate::raw_sql!(
        app,
        "UPDATE privacy_requests SET due_at = $1 WHERE id = $2",
        due_at,
        id
    );
}

/// `amanat privacy requests` through the real binary: the open queue as JSON lines with no
/// personal values, `--overdue` for a monitoring job (exit 1 when any is late), a clear
/// error for an unknown state.
async fn privacy_queue_cli(app: TestApp) {
    let mut ids = Vec::new();
    let mut people = Vec::new();
    for (n, kind) in [(61, "access"), (62, "rectification")] {
        let s = sign_up(&app, n).await;
        let details = if kind == "access" {
            json!({})
        } else {
            json!({"fields": {"given_name": "Leyla"}})
        };
        let (st, r) = me(
            &app,
            &s,
            Method::POST,
            "/api/v1/me/requests",
            Some(json!({"kind": kind, "details": details})),
        )
        .await;
        assert_eq!(st, 201, "{r}");
        ids.push(r["id"].as_str().unwrap().to_owned());
        people.push(s);
    }
    let run = |args: &[&str]| {
        let mut all = vec!["privacy", "requests", "--config", crate::support::ODERO];
        all.extend_from_slice(args);
        let out = crate::support::amanat(
            &app.data_dir(),
            app.database_url.as_deref(),
            &app.master_b64,
            &all,
        );
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        for s in &people {
            for value in [&s.email, &s.phone] {
                assert!(
                    !stdout.contains(value.as_str()) && !stderr.contains(value.as_str()),
                    "a personal value was printed"
                );
            }
        }
        (out.status.code(), stdout, stderr)
    };
    let (code, out, err) = run(&[]);
    assert_eq!(code, Some(0), "{err}");
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{out}");
    for l in &lines {
        assert!(ids.contains(&l["id"].as_str().unwrap().to_owned()), "{l}");
        assert_eq!(l["overdue"], false);
        assert!(l.get("details").is_none(), "the sealed details stay sealed");
    }
    assert!(err.contains("2 requests, 0 overdue"), "{err}");
    // Nothing late yet: --overdue lists nothing and exits 0.
    let (code, out, _) = run(&["--overdue"]);
    assert_eq!((code, out.trim()), (Some(0), ""));
    // The rectification's month passes unanswered.
    set_due(
        &app,
        &ids[1],
        chrono::Utc::now().timestamp_millis() - 86_400_000,
    )
    .await;
    let (code, out, err) = run(&["--overdue"]);
    assert_eq!(code, Some(1), "{err}");
    let late: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(late.len(), 1, "{out}");
    assert_eq!(late[0]["id"], ids[1].as_str());
    assert_eq!(late[0]["overdue"], true);
    assert_eq!(late[0]["kind"], "rectification");
    // The overdue one comes first in the whole queue (oldest due first).
    let (_, out, _) = run(&[]);
    let first: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(first["id"], ids[1].as_str());
    // A state that does not exist: exit 2 and a message naming the valid ones.
    let (code, out, err) = run(&["--state", "lost"]);
    assert_eq!(code, Some(2));
    assert!(out.is_empty());
    assert!(err.contains("received, verified, in_progress"), "{err}");
}
both_backends!(privacy_queue_cli_flow, privacy_queue_cli, super::app);
