//! Every refusal of the vault API: the right status, a stable code, a message naming the
//! field but never echoing the value, and nothing stored.

use amanat_core::Role;
use reqwest::Method;
use serde_json::json;

use crate::both_backends;
use crate::support::{TestApp, assert_not_logged, customer};

both_backends!(bad_input_is_refused_and_nothing_is_stored, refusals);

fn with(n: u32, field: &str, value: serde_json::Value) -> serde_json::Value {
    let mut c = customer(n);
    c[field] = value;
    c
}

async fn refusals(app: TestApp) {
    let count = || async { app.vault.store().count_customers().await.unwrap() };

    let cases: Vec<(serde_json::Value, u16, &str, &str)> = vec![
        (
            with(10, "shoe_size", json!("42")),
            422,
            "unknown_field",
            "shoe_size",
        ),
        (
            with(11, "email", json!("not-an-email")),
            422,
            "invalid_field_value",
            "email",
        ),
        (
            with(12, "phone", json!("12345")),
            422,
            "invalid_field_value",
            "phone",
        ),
        (
            with(13, "birth_date", json!("1990-02-30")),
            422,
            "invalid_field_value",
            "birth_date",
        ),
        (
            with(14, "birth_date", json!("2999-01-01")),
            422,
            "invalid_field_value",
            "birth_date",
        ),
        (
            with(15, "address", json!("Baku, card 4111 1111 1111 1111")),
            422,
            "card_number_refused",
            "card number",
        ),
        (
            with(16, "given_name", json!(42)),
            422,
            "invalid_field_value",
            "given_name",
        ),
        (
            with(17, "given_name", json!("line\u{7}bell")),
            422,
            "invalid_field_value",
            "given_name",
        ),
    ];
    for (body, status, code, mention) in cases {
        let (s, b) = app.create(body).await;
        assert_eq!(
            (s, b["error"]["code"].as_str()),
            (status, Some(code)),
            "{b}"
        );
        assert!(
            b["error"]["message"].as_str().unwrap().contains(mention),
            "{b}"
        );
        assert!(
            !b.to_string().contains("4111"),
            "the message must not echo the value"
        );
    }
    let mut missing = customer(18);
    missing.as_object_mut().unwrap().remove("birth_date");
    let (s, b) = app.create(missing).await;
    assert_eq!(
        (s, b["error"]["code"].as_str()),
        (422, Some("missing_field"))
    );
    assert!(
        b["error"]["message"]
            .as_str()
            .unwrap()
            .contains("birth_date")
    );
    assert_eq!(count().await, 0, "no refused customer was stored");

    // Duplicates of each unique field: 409, and the first customer is intact.
    let (s, first) = app.create(customer(20)).await;
    assert_eq!(s, 201);
    for field in ["email", "phone", "username"] {
        let dup = with(21, field, customer(20)[field].clone());
        let (s, b) = app.create(dup).await;
        assert_eq!(
            (s, b["error"]["code"].as_str()),
            (409, Some("duplicate")),
            "{field}: {b}"
        );
        assert!(b["error"]["message"].as_str().unwrap().contains(field));
    }
    let upper = with(22, "email", json!("AYSEL.QULIYEVA20@example.AZ"));
    assert_eq!(
        app.create(upper).await.0,
        409,
        "email duplicates are case-insensitive"
    );
    assert_eq!(count().await, 1);
    let id = first["id"].as_str().unwrap().to_owned();
    let (s, b) = app.read(Role::Support, &id, "support").await;
    assert_eq!(
        (s, b["fields"]["email"].as_str()),
        (200, Some("aysel.quliyeva20@example.az"))
    );

    // A duplicate through correction is refused and changes nothing.
    let (_, second) = app.create(customer(23)).await;
    let id2 = second["id"].as_str().unwrap();
    let (s, _) = app
        .call(
            Role::Support,
            Method::PATCH,
            &format!("/api/v1/customers/{id2}"),
            Some(json!({"fields": {"email": "aysel.quliyeva20@example.az", "address": "changed"}})),
        )
        .await;
    assert_eq!(s, 409);
    let (_, b) = app.read(Role::Support, id2, "service").await;
    assert_eq!(
        b["fields"]["address"],
        customer(23)["address"],
        "a refused correction changes nothing"
    );

    // Purposes.
    let (s, b) = app.read(Role::Fraud, &id, "marketing").await;
    assert_eq!(
        (s, b["error"]["code"].as_str()),
        (403, Some("purpose_not_allowed"))
    );
    let (s, b) = app.read(Role::Support, &id, "curiosity").await;
    assert_eq!(
        (s, b["error"]["code"].as_str()),
        (422, Some("unknown_purpose"))
    );
    let (s, b) = app
        .call(
            Role::Support,
            Method::GET,
            &format!("/api/v1/customers/{id}"),
            None,
        )
        .await;
    assert_eq!(
        (s, b["error"]["code"].as_str()),
        (422, Some("purpose_required"))
    );
    let refused_reads = app
        .vault
        .store()
        .audit_for_subject(&id)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.action == "customer.read")
        .count();
    assert_eq!(refused_reads, 1, "only the allowed read is in the log");

    // Unknown ids, bad auth, bad bodies.
    let (s, b) = app
        .read(
            Role::Support,
            "00000000-0000-4000-8000-000000000000",
            "support",
        )
        .await;
    assert_eq!(
        (s, b["error"]["code"].as_str()),
        (404, Some("customer_not_found"))
    );
    assert_eq!(
        app.read(Role::Support, "../../etc/passwd", "support")
            .await
            .0,
        404
    );
    let res = app
        .http
        .get(format!(
            "{}/api/v1/customers/{id}?purpose=support",
            app.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 401);
    let res = app
        .http
        .get(format!(
            "{}/api/v1/customers/{id}?purpose=support",
            app.base
        ))
        .bearer_auth("amanat_forged")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 401);
    let res = app
        .http
        .post(format!("{}/api/v1/customers", app.base))
        .bearer_auth(app.token(Role::Integration))
        .header("content-type", "application/json")
        .body("{\"fields\": {")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 400);
    let b: serde_json::Value = res.json().await.unwrap();
    assert_eq!(b["error"]["code"], "malformed_json");
    let (s, b) = app
        .call(
            Role::Integration,
            Method::POST,
            "/api/v1/customers",
            Some(json!({"felds": {}})),
        )
        .await;
    assert_eq!(
        (s, b["error"]["code"].as_str()),
        (422, Some("invalid_body")),
        "{b}"
    );
    let (s, _) = app
        .call(
            Role::Fraud,
            Method::POST,
            "/api/v1/customers",
            Some(json!({"fields": customer(30)})),
        )
        .await;
    assert_eq!(s, 403, "the fraud role does not create customers");
    let (s, b) = app
        .call(
            Role::Support,
            Method::POST,
            "/api/v1/customers/lookup",
            Some(json!({"email": "a@b.az", "phone": "+994501112233"})),
        )
        .await;
    assert_eq!(
        (s, b["error"]["code"].as_str()),
        (422, Some("lookup_needs_one_key"))
    );

    // Orders: only references; a card number in any form is refused.
    let orders = format!("/api/v1/customers/{id}/orders");
    let (s, b) = app
        .call(
            Role::Integration,
            Method::POST,
            &orders,
            Some(json!({"order_number": "A1", "card_number": "4111111111111111"})),
        )
        .await;
    assert_eq!(
        (s, b["error"]["code"].as_str()),
        (422, Some("invalid_body"))
    );
    assert!(
        b["error"]["message"]
            .as_str()
            .unwrap()
            .contains("card_number")
    );
    assert!(!b.to_string().contains("4111"));
    let (s, b) = app
        .call(
            Role::Integration,
            Method::POST,
            &orders,
            Some(json!({"order_number": "A1", "payment_reference": "4111-1111-1111-1111"})),
        )
        .await;
    assert_eq!(
        (s, b["error"]["code"].as_str()),
        (422, Some("card_number_refused"))
    );
    let (s, _) = app
        .call(
            Role::Integration,
            Method::POST,
            &orders,
            Some(json!({"order_number": "A1", "status": "teleported"})),
        )
        .await;
    assert_eq!(s, 422);
    let (s, _) = app
        .call(
            Role::Integration,
            Method::POST,
            "/api/v1/customers/00000000-0000-4000-8000-000000000000/orders",
            Some(json!({"order_number": "A2"})),
        )
        .await;
    assert_eq!(s, 404);
    let (_, list) = app.call(Role::Support, Method::GET, &orders, None).await;
    assert_eq!(list["orders"].as_array().unwrap().len(), 0);

    assert_not_logged(&[
        "4111 1111 1111 1111",
        "4111111111111111",
        "aysel.quliyeva20@example.az",
    ]);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_body_is_refused_in_the_api_shape() {
    let app = crate::support::TestApp::spawn(crate::support::Backend::Sqlite)
        .await
        .unwrap();
    let big = format!(
        "{{\"fields\": {{\"given_name\": \"{}\"}}}}",
        "a".repeat(2 * 1024 * 1024)
    );
    let res = app
        .http
        .post(format!("{}/api/v1/customers", app.base))
        .bearer_auth(app.token(amanat_core::Role::Integration))
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 413);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "body_too_large");
}
