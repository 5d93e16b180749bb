//! Create, read for a purpose, correct, look up, orders: the paths a business uses daily.

use amanat_core::Role;
use reqwest::Method;
use serde_json::json;

use crate::both_backends;
use crate::support::{TestApp, assert_not_logged, customer, secrets_of};

both_backends!(customer_lifecycle_through_http, lifecycle);

async fn lifecycle(app: TestApp) {
    let (status, body) = app.create(customer(1)).await;
    assert_eq!(status, 201, "{body}");
    let id = body["id"].as_str().unwrap().to_owned();

    // Support reads for `support`: sees the fields declared for that purpose, not birth_date.
    let (status, body) = app.read(Role::Support, &id, "support").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["fields"]["email"], "aysel.quliyeva1@example.az");
    assert_eq!(body["fields"]["phone"], "+994503100001");
    assert_eq!(body["fields"]["family_name"], "Quliyeva1");
    assert!(
        body["fields"].get("birth_date").is_none(),
        "birth_date is not held for support"
    );

    // The DPO reads for legal_obligation and gets the birth date.
    let (status, body) = app.read(Role::Dpo, &id, "legal_obligation").await;
    assert_eq!(status, 200);
    assert_eq!(body["fields"]["birth_date"], "1992-06-30");
    assert!(body["fields"].get("email").is_none());

    // Rectification, with values in national form normalised.
    let (status, body) = app
        .call(
            Role::Support,
            Method::PATCH,
            &format!("/api/v1/customers/{id}"),
            Some(json!({"fields": {"phone": "055 777 66 55", "address": "Nizami küç. 1, Bakı"}})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["updated"], json!(["address", "phone"]));
    let (_, body) = app.read(Role::Support, &id, "service").await;
    assert_eq!(body["fields"]["phone"], "+994557776655");
    assert_eq!(body["fields"]["address"], "Nizami küç. 1, Bakı");

    // Look-ups by each indexed field; the old phone no longer finds anyone.
    for (field, value) in [
        ("email", "Aysel.Quliyeva1@EXAMPLE.az"),
        ("phone", "+994 55 777 66 55"),
        ("username", "AYSEL1"),
    ] {
        let (status, body) = app
            .call(
                Role::Support,
                Method::POST,
                "/api/v1/customers/lookup",
                Some(json!({field: value, "purpose": "support"})),
            )
            .await;
        assert_eq!(
            (status, body["id"].as_str()),
            (200, Some(id.as_str())),
            "{field}: {body}"
        );
    }
    let (status, body) = app
        .call(
            Role::Support,
            Method::GET,
            "/api/v1/customers?email=aysel.quliyeva1%40example.az",
            None,
        )
        .await;
    assert_eq!((status, body["id"].as_str()), (200, Some(id.as_str())));
    let (status, _) = app
        .call(
            Role::Support,
            Method::POST,
            "/api/v1/customers/lookup",
            Some(json!({"phone": "+994503100001"})),
        )
        .await;
    assert_eq!(status, 404);

    // Every read and write is in the audit log with role, purpose and field names only.
    let entries = app.vault.store().audit_for_subject(&id).await.unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        &actions[..4],
        [
            "customer.create",
            "customer.read",
            "customer.read",
            "customer.rectify"
        ]
    );
    let support_read = &entries[1];
    assert_eq!(
        (support_read.role.as_str(), support_read.purpose.as_str()),
        ("support", "support")
    );
    assert!(support_read.fields.contains("email") && !support_read.fields.contains("birth_date"));
    assert!(actions.contains(&"customer.lookup"));
    for e in &entries {
        for s in secrets_of(1) {
            assert!(
                !format!("{e:?}").contains(&s),
                "audit entries hold no values"
            );
        }
    }

    // Orders hold references only.
    let (status, order) = app
        .call(Role::Integration, Method::POST, &format!("/api/v1/customers/{id}/orders"), Some(json!({"order_number": "OD-2026-0001", "payment_reference": "PAY-88421", "status": "paid"})))
        .await;
    assert_eq!(status, 201, "{order}");
    let oid = order["id"].as_str().unwrap();
    let (status, o) = app
        .call(
            Role::Integration,
            Method::PATCH,
            &format!("/api/v1/customers/{id}/orders/{oid}"),
            Some(json!({"status": "shipped", "tracking_code": "AZP123456789"})),
        )
        .await;
    assert_eq!(
        (status, o["status"].as_str()),
        (200, Some("shipped")),
        "{o}"
    );
    let (status, list) = app
        .call(
            Role::Support,
            Method::GET,
            &format!("/api/v1/customers/{id}/orders"),
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(list["orders"][0]["tracking_code"], "AZP123456789");
    let (status, _) = app
        .call(
            Role::Integration,
            Method::POST,
            &format!("/api/v1/customers/{id}/orders"),
            Some(json!({"order_number": "OD-2026-0001"})),
        )
        .await;
    assert_eq!(status, 409, "order numbers are unique");

    let secrets = secrets_of(1);
    assert_not_logged(&secrets.iter().map(String::as_str).collect::<Vec<_>>());
    assert_not_logged(&["+994557776655", "Nizami küç. 1"]);
    app.stop().await;
}

both_backends!(system_endpoints_answer, system);

async fn system(app: TestApp) {
    let health: serde_json::Value = reqwest::get(format!("{}/healthz", app.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");
    let (_, _) = app.create(customer(2)).await;
    let metrics = reqwest::get(format!("{}/metrics", app.base))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("amanat_http_requests_total"), "{metrics}");
    assert!(metrics.contains("route=\"/api/v1/customers\""));
    for s in secrets_of(2) {
        assert!(!metrics.contains(&s));
    }
    let res = reqwest::get(format!("{}/healthz", app.base)).await.unwrap();
    assert!(res.headers().contains_key("x-request-id"));

    // The OpenAPI document lists every endpoint the router serves.
    let doc: serde_json::Value = reqwest::get(format!("{}/api/openapi.json", app.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for (path, methods) in [
        ("/api/v1/customers", &["get", "post"][..]),
        ("/api/v1/customers/lookup", &["post"]),
        ("/api/v1/customers/{id}", &["get", "patch"]),
        ("/api/v1/customers/{id}/orders", &["get", "post"]),
        ("/api/v1/customers/{id}/orders/{order_id}", &["patch"]),
        ("/api/v1/purposes", &["get"]),
        ("/api/v1/channels", &["get"]),
        ("/channels", &["get"]),
        ("/api/v1/reports", &["post"]),
        ("/api/v1/reports/trending", &["get"]),
        ("/api/v1/reports/evidence", &["post"]),
        ("/api/v1/me/reports/evidence", &["get"]),
        ("/api/v1/check/link", &["post"]),
        ("/api/v1/check/sender", &["post"]),
        ("/api/v1/check/phone", &["post"]),
        ("/api/v1/check/promo", &["post"]),
        ("/api/v1/check/message", &["post"]),
        ("/api/v1/check/email", &["post"]),
        ("/healthz", &["get"]),
        ("/metrics", &["get"]),
        ("/api/openapi.json", &["get"]),
    ] {
        for m in methods {
            assert!(
                paths.get(path).and_then(|p| p.get(*m)).is_some(),
                "{m} {path} missing from OpenAPI"
            );
        }
    }
    let purposes: serde_json::Value = reqwest::get(format!("{}/api/v1/purposes", app.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        purposes["purposes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["id"] == "marketing" && p["legal_basis"] == "consent")
    );
    app.stop().await;
}
