//! Customer accounts end to end: sign-up with codes by real SMTP and a real SMS gateway,
//! sign-in with a second factor, sessions, limits, lockout, reset, TOTP, freeze and
//! unfreeze, notices, and what staff can and cannot do.

use amanat_core::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::both_backends;
use crate::sinks::{code_in, reset_token_in};
use crate::support::{Backend, TestApp, assert_not_logged, customer, secrets_of};

pub const PASSWORD: &str = "mavi dəniz üstündə 7 qağayı";

pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
}

/// Calls the API without staff credentials; `token` is a customer session.
pub async fn public(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Reply {
    let mut req = app.http.request(method, format!("{}{path}", app.base));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let text = res.text().await.unwrap();
    Reply {
        status,
        body: serde_json::from_str(&text).unwrap_or(Value::String(text)),
        headers,
    }
}

pub async fn post(app: &TestApp, path: &str, body: Value) -> Reply {
    public(app, Method::POST, path, None, Some(body)).await
}

/// A signed-up customer: values, id and a session token.
pub struct Signed {
    pub email: String,
    pub phone: String,
    pub id: String,
    pub token: String,
    pub codes: Vec<String>,
}

/// Signs customer `n` up through the API, proving email and phone with the codes the
/// receivers got.
pub async fn sign_up(app: &TestApp, n: u32) -> Signed {
    let c = customer(n);
    let (email, phone) = (
        c["email"].as_str().unwrap().to_owned(),
        c["phone"].as_str().unwrap().to_owned(),
    );
    let (mails, sms) = (
        app.sinks.mails_to(&email).len(),
        app.sinks.sms_to(&phone).len(),
    );
    let r = post(
        app,
        "/api/v1/signup",
        json!({"fields": c, "password": PASSWORD, "language": "az"}),
    )
    .await;
    assert_eq!(r.status, 202, "{}", r.body);
    let flow = r.body["flow_id"].as_str().unwrap().to_owned();
    let mail = app.sinks.next_mail(&email, mails).await;
    let email_code = code_in(&mail.text);
    let sms_text = app.sinks.next_sms(&phone, sms).await;
    let phone_code = code_in(&sms_text);
    let r = post(
        app,
        "/api/v1/signup/verify",
        json!({"flow_id": flow, "channel": "email", "code": email_code}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["status"], "pending");
    let r = post(
        app,
        "/api/v1/signup/verify",
        json!({"flow_id": flow, "channel": "sms", "code": phone_code}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let token = r.body["token"].as_str().unwrap().to_owned();
    let me = public(app, Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(me.status, 200, "{}", me.body);
    Signed {
        email,
        phone,
        id: me.body["customer_id"].as_str().unwrap().to_owned(),
        token,
        codes: vec![email_code, phone_code],
    }
}

/// Signs in with the password and the SMS code; returns the session token.
pub async fn sign_in(app: &TestApp, s: &Signed, password: &str) -> String {
    let seen = app.sinks.sms_to(&s.phone).len();
    let r = post(
        app,
        "/api/v1/signin",
        json!({"login": s.email, "password": password}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["methods"], json!(["sms"]));
    let code = app.sinks.next_sms_code(&s.phone, seen).await;
    let r = post(
        app,
        "/api/v1/signin/verify",
        json!({"flow_id": r.body["flow_id"], "code": code}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body["token"].as_str().unwrap().to_owned()
}

async fn lifecycle(app: TestApp) {
    let s = sign_up(&app, 1).await;
    let me = public(&app, Method::GET, "/api/v1/me", Some(&s.token), None).await;
    assert_eq!(me.body["email_verified"], true);
    assert_eq!(me.body["phone_verified"], true);
    assert_eq!(me.body["status"], "active");
    assert_eq!(me.body["fields"]["email"], s.email.as_str());
    assert_eq!(me.headers["cache-control"], "no-store");

    // Staff see the verified flags, never a password, hash or code.
    let (st, view) = app
        .call(
            Role::Support,
            Method::GET,
            &format!("/api/v1/customers/{}/account", s.id),
            None,
        )
        .await;
    assert_eq!(st, 200, "{view}");
    assert!(view["email_verified_at"].is_i64() && view["phone_verified_at"].is_i64());
    let text = view.to_string();
    assert!(
        !text.contains("argon2") && !text.contains("password_hash") && !text.contains(PASSWORD)
    );
    // No endpoint lets staff set a password.
    let (st, _) = app
        .call(
            Role::Admin,
            Method::POST,
            &format!("/api/v1/customers/{}/password", s.id),
            Some(json!({"password": "x"})),
        )
        .await;
    assert_eq!(st, 404);
    let (st, _) = app
        .call(
            Role::Admin,
            Method::PATCH,
            &format!("/api/v1/customers/{}", s.id),
            Some(json!({"fields": {"password": "Known-by-staff-1"}})),
        )
        .await;
    assert_eq!(st, 422, "a password is not a field staff can write");

    // Wrong password and unknown login: the same answer.
    let wrong = post(
        &app,
        "/api/v1/signin",
        json!({"login": s.email, "password": "not the password at all"}),
    )
    .await;
    let unknown = post(
        &app,
        "/api/v1/signin",
        json!({"login": "nobody.here@example.az", "password": "not the password at all"}),
    )
    .await;
    assert_eq!(wrong.status, 401);
    assert_eq!((unknown.status, &unknown.body), (wrong.status, &wrong.body));

    // Sign in: password, then the SMS code; a notice of the new sign-in by email.
    let mails = app.sinks.mails_to(&s.email).len();
    let seen = app.sinks.sms_to(&s.phone).len();
    let r = post(
        &app,
        "/api/v1/signin",
        json!({"login": s.phone, "password": PASSWORD}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let flow = r.body["flow_id"].as_str().unwrap().to_owned();
    let sms = app.sinks.next_sms(&s.phone, seen).await;
    assert!(
        sms.contains("@odero.az #"),
        "SMS codes carry the origin-bound line: {sms}"
    );
    let code = code_in(&sms);
    let bad = if code == "000000" { "111111" } else { "000000" };
    let r = post(
        &app,
        "/api/v1/signin/verify",
        json!({"flow_id": flow, "code": bad}),
    )
    .await;
    assert_eq!(
        (r.status, r.body["error"]["code"].as_str()),
        (400, Some("invalid_code"))
    );
    let r = post(
        &app,
        "/api/v1/signin/verify",
        json!({"flow_id": flow, "code": code}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let cookie = r.headers["set-cookie"].to_str().unwrap().to_owned();
    for attr in [
        "amanat_session=ams_",
        "HttpOnly",
        "Secure",
        "SameSite=Strict",
        "Path=/",
    ] {
        assert!(cookie.contains(attr), "cookie lacks {attr}");
    }
    let token2 = r.body["token"].as_str().unwrap().to_owned();
    // A code works once.
    let r = post(
        &app,
        "/api/v1/signin/verify",
        json!({"flow_id": flow, "code": code}),
    )
    .await;
    assert_eq!(r.status, 400);
    let notice = app.sinks.next_mail(&s.email, mails).await;
    assert!(
        notice.raw.contains("Message-ID: <"),
        "notices carry a Message-ID from the idempotency key"
    );
    assert!(
        !notice.text.contains(&code),
        "a security notice never holds a code"
    );

    // Sessions: two live; revoke the first.
    let r = public(
        &app,
        Method::GET,
        "/api/v1/me/sessions",
        Some(&token2),
        None,
    )
    .await;
    let list = r.body.as_array().unwrap().clone();
    assert_eq!(list.len(), 2, "{}", r.body);
    let first = list.iter().find(|x| x["current"] == false).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(list.iter().any(|x| x["method"] == "password+sms"));
    let r = public(
        &app,
        Method::DELETE,
        &format!("/api/v1/me/sessions/{first}"),
        Some(&token2),
        None,
    )
    .await;
    assert_eq!(r.status, 204);
    let r = public(&app, Method::GET, "/api/v1/me", Some(&s.token), None).await;
    assert_eq!(r.status, 401);

    // A cookie session: changes need the business's own origin.
    let with_cookie = |origin: &str| {
        app.http
            .post(format!("{}/api/v1/me/totp", app.base))
            .header("cookie", format!("amanat_session={token2}"))
            .header("origin", origin)
    };
    let r = with_cookie("https://evil.example").send().await.unwrap();
    assert_eq!(r.status().as_u16(), 403);
    let r = with_cookie("https://odero.az").send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);

    // Password change: current needed, policy applies with the customer's own data.
    let body = |cur: &str, new: &str| json!({"current_password": cur, "new_password": new});
    let r = public(
        &app,
        Method::POST,
        "/api/v1/me/password",
        Some(&token2),
        Some(body("wrong one here", "Sarı limon ağacı 42")),
    )
    .await;
    assert_eq!(r.status, 401);
    let r = public(
        &app,
        Method::POST,
        "/api/v1/me/password",
        Some(&token2),
        Some(body(PASSWORD, "Quliyeva1-1992")),
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "weak_password");
    assert!(!r.body["error"]["reasons"].as_array().unwrap().is_empty());
    let mails = app.sinks.mails_to(&s.email).len();
    let r = public(
        &app,
        Method::POST,
        "/api/v1/me/password",
        Some(&token2),
        Some(body(PASSWORD, "Sarı limon ağacı 42")),
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.body);
    let changed = app.sinks.next_mail(&s.email, mails).await;
    assert!(changed.raw.to_ascii_lowercase().contains("subject:"));
    // The session that changed it lives on; the old password no longer works.
    assert_eq!(
        public(&app, Method::GET, "/api/v1/me", Some(&token2), None)
            .await
            .status,
        200
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

    // Sign out clears the cookie and ends the session.
    let r = public(
        &app,
        Method::POST,
        "/api/v1/me/signout",
        Some(&token2),
        None,
    )
    .await;
    assert_eq!(r.status, 204);
    assert!(
        r.headers["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(
        public(&app, Method::GET, "/api/v1/me", Some(&token2), None)
            .await
            .status,
        401
    );

    // Every step is in the audit chain under the customer's id.
    let audit = app.vault.store().audit_for_subject(&s.id).await.unwrap();
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    for a in [
        "customer.create",
        "account.email_verified",
        "account.phone_verified",
        "account.signin",
        "account.signin_failed",
        "account.session_revoked",
        "account.password_changed",
        "account.view",
    ] {
        assert!(actions.contains(&a), "audit lacks {a}: {actions:?}");
    }

    let mut leaks: Vec<String> = secrets_of(1);
    leaks.extend([
        PASSWORD.to_owned(),
        "Sarı limon ağacı 42".into(),
        s.token.clone(),
        token2.clone(),
        flow,
        code,
    ]);
    leaks.extend(s.codes.iter().cloned());
    assert_not_logged(&leaks.iter().map(String::as_str).collect::<Vec<_>>());
}
both_backends!(account_lifecycle, lifecycle);

async fn codes(app: TestApp) {
    let s = sign_up(&app, 2).await;
    let seen = app.sinks.sms_to(&s.phone).len();
    let r = post(
        &app,
        "/api/v1/signin",
        json!({"login": s.email, "password": PASSWORD}),
    )
    .await;
    let flow = r.body["flow_id"].as_str().unwrap().to_owned();
    let code = code_in(&app.sinks.next_sms(&s.phone, seen).await);

    // A new code only after the resend delay, with Retry-After.
    let r = post(&app, "/api/v1/signin/resend", json!({"flow_id": flow})).await;
    assert_eq!(r.status, 429, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "resend_too_soon");
    assert!(r.headers.contains_key("retry-after"));

    // Twenty wrong guesses at once: the database lets exactly five count, then the code
    // is spent even for the right value.
    let wrong = if code == "999999" { "999998" } else { "999999" };
    let mut handles = Vec::new();
    for _ in 0..20 {
        let (http, url) = (
            app.http.clone(),
            format!("{}/api/v1/signin/verify", app.base),
        );
        let body = json!({"flow_id": flow, "code": wrong});
        handles.push(tokio::spawn(async move {
            let r = http.post(url).json(&body).send().await.unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }));
    }
    let mut replies = Vec::new();
    for h in handles {
        replies.push(h.await.unwrap());
    }
    let counted = replies
        .iter()
        .filter(|(_, b)| b["error"]["code"] == "invalid_code")
        .count();
    assert_eq!(counted, 5, "exactly five tries may count");
    assert!(replies.iter().all(|(st, _)| *st == 400));
    let r = post(
        &app,
        "/api/v1/signin/verify",
        json!({"flow_id": flow, "code": code}),
    )
    .await;
    assert_eq!(r.body["error"]["code"], "code_spent", "{}", r.body);

    // An unknown flow gets the plain invalid_code answer.
    let r = post(
        &app,
        "/api/v1/signin/verify",
        json!({"flow_id": "made-up", "code": code}),
    )
    .await;
    assert_eq!(r.body["error"]["code"], "invalid_code");
    // Bad bodies get clear errors, not 500s.
    let r = post(&app, "/api/v1/signin/verify", json!({"flow_id": 5})).await;
    assert_eq!(r.status, 422);
    let r = post(
        &app,
        "/api/v1/signup",
        json!({"fields": customer(3), "password": "short"}),
    )
    .await;
    assert_eq!(r.status, 422);
    assert_eq!(r.body["error"]["code"], "weak_password");
}
both_backends!(codes_are_single_use_and_limited, codes);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sms_caps_and_countries() {
    let app = TestApp::spawn_with(
        Backend::Sqlite,
        "sms_per_number_hour = 2\nsms_countries = [\"AZ\"]\ncode_resend_seconds = 10",
    )
    .await
    .unwrap();
    // An Iranian number is refused at sign-up: this business sends codes only to AZ.
    let mut c = customer(40);
    c["phone"] = json!("+989121234567");
    let r = post(
        &app,
        "/api/v1/signup",
        json!({"fields": c, "password": PASSWORD}),
    )
    .await;
    assert_eq!(
        (r.status, r.body["error"]["code"].as_str()),
        (422, Some("sms_country_not_allowed")),
        "{}",
        r.body
    );

    // Sign-up took one SMS of the hour's two; the third request is refused with a wait.
    let s = sign_up(&app, 41).await;
    let r = post(
        &app,
        "/api/v1/signin",
        json!({"login": s.email, "password": PASSWORD}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = post(
        &app,
        "/api/v1/signin",
        json!({"login": s.email, "password": PASSWORD}),
    )
    .await;
    assert_eq!(r.status, 429, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "sms_limit");
    let wait = r.body["error"]["retry_after"].as_i64().unwrap();
    assert!((1..=3600).contains(&wait));
    // The refusal names no number.
    assert!(!r.body.to_string().contains(&s.phone[4..]));
}

/// Emailed codes have per-address caps like SMS: a signed-in customer cannot make the server
/// mail codes to an address without end, and a sign-up to a capped address is refused before
/// anything is stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_code_caps_per_address() {
    let app = TestApp::spawn_with(Backend::Sqlite, "email_per_address_hour = 2")
        .await
        .unwrap();
    let s = sign_up(&app, 42).await;
    let target = "someone.else42@example.az";
    let change = || {
        let app = &app;
        let token = s.token.clone();
        async move {
            public(
                app,
                Method::POST,
                "/api/v1/me/email",
                Some(token.as_str()),
                Some(json!({"email": target, "password": PASSWORD})),
            )
            .await
        }
    };
    // Two codes to the address in this hour, then a refusal with a wait.
    for _ in 0..2 {
        let r = change().await;
        assert_eq!(r.status, 202, "{}", r.body);
    }
    let r = change().await;
    assert_eq!(r.status, 429, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "email_limit");
    let wait = r.body["error"]["retry_after"].as_i64().unwrap();
    assert!((1..=3600).contains(&wait), "{wait}");
    assert!(!r.body.to_string().contains(target), "{}", r.body);
    // Letter case does not make it another address.
    let r = public(
        &app,
        Method::POST,
        "/api/v1/me/email",
        Some(s.token.as_str()),
        Some(json!({"email": target.to_uppercase(), "password": PASSWORD})),
    )
    .await;
    assert_eq!(r.status, 429, "{}", r.body);
    // Exactly the two allowed codes were mailed.
    let mut mailed = 0;
    for _ in 0..50 {
        mailed = app.sinks.mails_to(target).len();
        if mailed >= 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(mailed, 2);

    // A sign-up with the capped address is refused at once, and no account is made.
    let mut c = customer(43);
    c["email"] = json!(target);
    let r = post(
        &app,
        "/api/v1/signup",
        json!({"fields": c, "password": PASSWORD}),
    )
    .await;
    assert_eq!(r.status, 429, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "email_limit");
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(app.sinks.mails_to(target).len(), 2);
    let r = post(
        &app,
        "/api/v1/signin",
        json!({"login": c["phone"], "password": PASSWORD}),
    )
    .await;
    assert_eq!(r.status, 401, "no account was made: {}", r.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lockout_delay_and_reset() {
    let app = TestApp::spawn_with(Backend::Sqlite, "delay_after = 2\nlockout_after = 4")
        .await
        .unwrap();
    let s = sign_up(&app, 50).await;
    let attempt = |login: String, pw: &'static str| {
        let app = &app;
        async move {
            post(
                app,
                "/api/v1/signin",
                json!({"login": login, "password": pw}),
            )
            .await
        }
    };
    // Known and unknown logins go through the same steps: two failures, then a wait.
    for login in [s.email.clone(), "stranger@example.az".to_owned()] {
        for _ in 0..2 {
            assert_eq!(attempt(login.clone(), "wrong password 1").await.status, 401);
        }
        let r = attempt(login.clone(), "wrong password 1").await;
        assert_eq!(
            (r.status, r.body["error"]["code"].as_str()),
            (429, Some("too_many_attempts")),
            "{}",
            r.body
        );
        assert_eq!(r.headers["retry-after"], "1");
    }
    // Wait out the delays (1 s, then 2 s): the fourth failure locks the account.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(
        attempt(s.email.clone(), "wrong password 1").await.status,
        401
    );
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    assert_eq!(
        attempt(s.email.clone(), "wrong password 1").await.status,
        401
    );
    // Now even the right password is refused, with the generic answer.
    let r = attempt(s.email.clone(), PASSWORD).await;
    assert_eq!(r.status, 401, "{}", r.body);
    let (_, view) = app
        .call(
            Role::Support,
            Method::GET,
            &format!("/api/v1/customers/{}/account", s.id),
            None,
        )
        .await;
    assert!(view["locked_at"].is_i64(), "{view}");

    // Staff send a reset link (they cannot set a password); the link unlocks.
    let mails = app.sinks.mails_to(&s.email).len();
    let (st, _) = app
        .call(
            Role::Support,
            Method::POST,
            &format!("/api/v1/customers/{}/password-reset", s.id),
            None,
        )
        .await;
    assert_eq!(st, 202);
    let (st, _) = app
        .call(
            Role::Fraud,
            Method::POST,
            &format!("/api/v1/customers/{}/password-reset", s.id),
            None,
        )
        .await;
    assert_eq!(st, 403);
    let mail = app.sinks.next_mail(&s.email, mails).await;
    let token = reset_token_in(&mail.text);
    let r = post(
        &app,
        "/api/v1/password/reset/complete",
        json!({"token": token, "new_password": "aysel50"}),
    )
    .await;
    assert_eq!(
        r.status, 422,
        "a weak password does not spend the link: {}",
        r.body
    );
    let r = post(
        &app,
        "/api/v1/password/reset/complete",
        json!({"token": token, "new_password": "Yaşıl çay və limon 9"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = post(
        &app,
        "/api/v1/password/reset/complete",
        json!({"token": token, "new_password": "Yaşıl çay və limon 9"}),
    )
    .await;
    assert_eq!(r.status, 400, "a link works once");
    let t = sign_in(&app, &s, "Yaşıl çay və limon 9").await;
    assert!(t.starts_with("ams_"));

    // The public reset form answers the same for any login.
    let a = post(&app, "/api/v1/password/reset", json!({"login": s.email})).await;
    let b = post(
        &app,
        "/api/v1/password/reset",
        json!({"login": "ghost@example.az"}),
    )
    .await;
    assert_eq!((a.status, &a.body), (b.status, &b.body));
    assert_eq!(a.status, 202);
    assert_not_logged(&[token.as_str(), "Yaşıl çay və limon 9"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signup_does_not_reveal_taken_accounts() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let s = sign_up(&app, 60).await;
    let before = app.vault.store().outbox_counts().await.unwrap();
    let mut c = customer(61);
    c["email"] = json!(s.email);
    let r = post(
        &app,
        "/api/v1/signup",
        json!({"fields": c, "password": PASSWORD}),
    )
    .await;
    assert_eq!(r.status, 202, "{}", r.body);
    assert!(r.body["flow_id"].is_string());
    assert_eq!(r.body["methods"], json!(["email", "sms"]));
    // Nothing was queued for the taken address, and no second customer exists.
    assert_eq!(app.vault.store().outbox_counts().await.unwrap(), before);
    assert_eq!(app.vault.store().count_customers().await.unwrap(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn per_ip_limit() {
    let app = TestApp::spawn_with(Backend::Sqlite, "ip_attempts_per_minute = 3")
        .await
        .unwrap();
    for _ in 0..3 {
        assert_eq!(
            post(
                &app,
                "/api/v1/signin",
                json!({"login": "a@example.az", "password": "whatever it is"})
            )
            .await
            .status,
            401
        );
    }
    let r = post(
        &app,
        "/api/v1/signin",
        json!({"login": "b@example.az", "password": "whatever it is"}),
    )
    .await;
    assert_eq!(r.status, 429);
    assert_eq!(r.body["error"]["code"], "too_many_attempts");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authenticator_app() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let s = sign_up(&app, 70).await;
    let r = public(&app, Method::POST, "/api/v1/me/totp", Some(&s.token), None).await;
    assert_eq!(r.status, 200);
    let secret = base32_decode(r.body["secret"].as_str().unwrap());
    assert!(
        r.body["otpauth_uri"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/Odero?secret=")
    );
    let now_code = || {
        format!(
            "{:06}",
            amanat_crypto::hotp(
                &secret,
                amanat_crypto::totp_step(chrono::Utc::now().timestamp()) as u64
            )
        )
    };
    let r = public(
        &app,
        Method::POST,
        "/api/v1/me/totp/confirm",
        Some(&s.token),
        Some(json!({"code": "12345"})),
    )
    .await;
    assert_eq!(r.status, 400);
    let code = now_code();
    let r = public(
        &app,
        Method::POST,
        "/api/v1/me/totp/confirm",
        Some(&s.token),
        Some(json!({"code": code})),
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.body);
    // Sign-in now asks for the app, and sends no SMS.
    let sms = app.sinks.sms_to(&s.phone).len();
    let r = post(
        &app,
        "/api/v1/signin",
        json!({"login": s.email, "password": PASSWORD}),
    )
    .await;
    assert_eq!(r.body["methods"], json!(["totp"]), "{}", r.body);
    let flow = r.body["flow_id"].clone();
    // The code used to confirm cannot be replayed.
    let r = post(
        &app,
        "/api/v1/signin/verify",
        json!({"flow_id": flow, "code": code}),
    )
    .await;
    if r.status == 400 {
        // Wait for the next 30-second step and use its fresh code.
        let step = amanat_crypto::totp_step(chrono::Utc::now().timestamp());
        while amanat_crypto::totp_step(chrono::Utc::now().timestamp()) == step {
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        }
        let r = post(
            &app,
            "/api/v1/signin/verify",
            json!({"flow_id": flow, "code": now_code()}),
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.body);
    } else {
        panic!("a TOTP code was accepted twice: {}", r.body);
    }
    assert_eq!(app.sinks.sms_to(&s.phone).len(), sms);
}

fn base32_decode(s: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut buf, mut bits) = (0u32, 0);
    for c in s.bytes() {
        let v = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
            .iter()
            .position(|&x| x == c)
            .unwrap() as u32;
        buf = (buf << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
        }
    }
    out
}

async fn freeze(app: TestApp) {
    let s = sign_up(&app, 80).await;
    let new_phone = "+994552223344";
    // The public form: a code by email, then frozen.
    let mails = app.sinks.mails_to(&s.email).len();
    let r = post(&app, "/api/v1/freeze", json!({"email": s.email})).await;
    assert_eq!(r.status, 202);
    let unknown = post(
        &app,
        "/api/v1/freeze",
        json!({"email": "nobody@example.az"}),
    )
    .await;
    assert_eq!(unknown.status, 202);
    assert_eq!(
        unknown.body.as_object().unwrap().keys().collect::<Vec<_>>(),
        r.body.as_object().unwrap().keys().collect::<Vec<_>>()
    );
    let code = app.sinks.next_mail_code(&s.email, mails).await;
    let r = post(
        &app,
        "/api/v1/freeze/confirm",
        json!({"flow_id": r.body["flow_id"], "code": code}),
    )
    .await;
    assert_eq!(
        (r.status, r.body["status"].as_str()),
        (200, Some("frozen")),
        "{}",
        r.body
    );
    let case_id = r.body["case_id"].as_str().unwrap().to_owned();
    // Sessions ended; sign-in refused; no code sent to the phone.
    assert_eq!(
        public(&app, Method::GET, "/api/v1/me", Some(&s.token), None)
            .await
            .status,
        401
    );
    let sms = app.sinks.sms_to(&s.phone).len();
    let r = post(
        &app,
        "/api/v1/signin",
        json!({"login": s.email, "password": PASSWORD}),
    )
    .await;
    assert_eq!(
        (r.status, r.body["error"]["code"].as_str()),
        (403, Some("account_frozen"))
    );
    let r = post(&app, "/api/v1/password/reset", json!({"login": s.email})).await;
    assert_eq!(r.status, 202);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        app.sinks.sms_to(&s.phone).len(),
        sms,
        "a frozen account's phone gets nothing"
    );
    // Staff see the case.
    let (st, cases) = app
        .call(
            Role::Fraud,
            Method::GET,
            "/api/v1/freeze-cases?status=frozen",
            None,
        )
        .await;
    assert_eq!(st, 200);
    assert!(
        cases
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == case_id.as_str() && c["source"] == "public_form")
    );

    // Unfreeze: email proof, a new phone's proof, then a staff approval.
    let mails = app.sinks.mails_to(&s.email).len();
    let r = post(&app, "/api/v1/unfreeze", json!({"email": s.email})).await;
    let code = app.sinks.next_mail_code(&s.email, mails).await;
    let (st, _) = app
        .call(
            Role::Support,
            Method::POST,
            &format!("/api/v1/freeze-cases/{case_id}/approve"),
            None,
        )
        .await;
    assert_eq!(st, 409, "no approval before the customer's proofs");
    let r = post(
        &app,
        "/api/v1/unfreeze/email",
        json!({"flow_id": r.body["flow_id"], "code": code, "phone": new_phone}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let code = code_in(&app.sinks.next_sms(new_phone, 0).await);
    let r = post(
        &app,
        "/api/v1/unfreeze/phone",
        json!({"flow_id": r.body["flow_id"], "code": code}),
    )
    .await;
    assert_eq!(
        (r.status, r.body["status"].as_str()),
        (200, Some("awaiting_approval")),
        "{}",
        r.body
    );
    let (st, _) = app
        .call(
            Role::Integration,
            Method::POST,
            &format!("/api/v1/freeze-cases/{case_id}/approve"),
            None,
        )
        .await;
    assert_eq!(st, 403);
    let old_sms = app.sinks.sms_to(&s.phone).len();
    let (st, body) = app
        .call(
            Role::Support,
            Method::POST,
            &format!("/api/v1/freeze-cases/{case_id}/approve"),
            None,
        )
        .await;
    assert_eq!(st, 200, "{body}");
    // The old and the new number are told of the change.
    let told = app.sinks.next_sms(&s.phone, old_sms).await;
    assert!(told.contains("***"), "the new number is masked: {told}");
    let (_, read) = app.read(Role::Support, &s.id, "service").await;
    assert_eq!(read["fields"]["phone"], new_phone);
    // Sign-in works again, the code going to the new number.
    let moved = Signed {
        phone: new_phone.to_owned(),
        ..s
    };
    // ...the new number too (its second message, after the unfreeze code).
    let told_new = app.sinks.next_sms(new_phone, 1).await;
    assert!(told_new.contains("***"), "{told_new}");
    sign_in(&app, &moved, PASSWORD).await;
    let audit = app
        .vault
        .store()
        .audit_for_subject(&moved.id)
        .await
        .unwrap();
    let unfrozen = audit
        .iter()
        .find(|e| e.action == "account.unfrozen")
        .unwrap();
    assert_eq!(unfrozen.role, "support");
    assert!(audit.iter().any(|e| e.action == "account.frozen"));
    assert_not_logged(&[new_phone, code.as_str()]);
}
both_backends!(freeze_and_unfreeze, freeze);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn freeze_from_a_session_and_outbox_retries() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let s = sign_up(&app, 90).await;
    // The gateway is down: the sign-in code waits in the outbox and is retried.
    app.sinks
        .sms_status
        .store(503, std::sync::atomic::Ordering::SeqCst);
    let seen = app.sinks.sms_to(&s.phone).len();
    let r = post(
        &app,
        "/api/v1/signin",
        json!({"login": s.email, "password": PASSWORD}),
    )
    .await;
    assert_eq!(r.status, 200);
    let flow = r.body["flow_id"].clone();
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    let counts = app.vault.store().outbox_counts().await.unwrap();
    assert!(
        counts.iter().any(|(st, n)| st == "pending" && *n >= 1),
        "{counts:?}"
    );
    app.sinks
        .sms_status
        .store(200, std::sync::atomic::Ordering::SeqCst);
    let code = code_in(&app.sinks.next_sms(&s.phone, seen).await);
    assert_eq!(code.len(), 6);

    let r = public(
        &app,
        Method::POST,
        "/api/v1/me/freeze",
        Some(&s.token),
        None,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        public(&app, Method::GET, "/api/v1/me", Some(&s.token), None)
            .await
            .status,
        401
    );
    // The pending sign-in flow died with the freeze.
    let r = post(
        &app,
        "/api/v1/signin/verify",
        json!({"flow_id": flow, "code": code}),
    )
    .await;
    assert_eq!(
        (r.status, r.body["error"]["code"].as_str()),
        (400, Some("code_spent")),
        "{}",
        r.body
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_change_of_email_is_told_to_both_addresses() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let s = sign_up(&app, 95).await;
    let new_email = "aysel.new95@example.az";
    let before = app.sinks.mails_to(&s.email).len();
    let (st, body) = app
        .call(
            Role::Support,
            Method::PATCH,
            &format!("/api/v1/customers/{}", s.id),
            Some(json!({"fields": {"email": new_email}})),
        )
        .await;
    assert_eq!(st, 200, "{body}");
    let old = app.sinks.next_mail(&s.email, before).await;
    let new = app.sinks.next_mail(new_email, 0).await;
    for m in [&old, &new] {
        assert!(
            m.text.contains("a***@example.az"),
            "the new address is masked: {}",
            m.text
        );
        assert!(!m.text.contains(new_email));
    }
    // Sign-in now works with the new address only.
    assert_eq!(
        post(
            &app,
            "/api/v1/signin",
            json!({"login": new_email, "password": PASSWORD})
        )
        .await
        .status,
        200
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
}

fn staff_password_cli(app: &TestApp, id: &str, password: &str) -> std::process::Output {
    use std::io::Write;
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_amanat"));
    cmd.args([
        "staff",
        "password",
        id,
        "--config",
        crate::support::ODERO,
        "--data-dir",
    ])
    .arg(app.data_dir())
    .env("AMANAT_MASTER_KEY", &app.master_b64)
    .env_remove("AMANAT_DATABASE_URL")
    .stdin(std::process::Stdio::piped())
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::piped());
    if let Some(url) = &app.database_url {
        cmd.arg("--database-url").arg(url);
    }
    let mut child = cmd.spawn().unwrap();
    writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
    child.wait_with_output().unwrap()
}

async fn staff_signin(app: TestApp) {
    let staff = app.vault.store().list_staff().await.unwrap();
    let id = staff
        .iter()
        .find(|s| s.role == "support")
        .unwrap()
        .id
        .clone();
    // The same password rules: the member's own name is refused.
    let out = staff_password_cli(&app, &id, "test support 1");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"accepted\":false"));
    let password = "üç quş və bir ağ bulud";
    let out = staff_password_cli(&app, &id, password);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let secret = stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("secret: "))
        .unwrap()
        .to_owned();
    let key = base32_decode(&secret);
    let code = format!(
        "{:06}",
        amanat_crypto::hotp(
            &key,
            amanat_crypto::totp_step(chrono::Utc::now().timestamp()) as u64
        )
    );

    let signin =
        |pw: &str, code: &str, who: &str| json!({"staff_id": who, "password": pw, "code": code});
    let wrong = post(
        &app,
        "/api/v1/staff/signin",
        signin("not it at all", &code, &id),
    )
    .await;
    let unknown = post(
        &app,
        "/api/v1/staff/signin",
        signin(password, &code, "0190b0a0-0000-7000-8000-000000000000"),
    )
    .await;
    assert_eq!(wrong.status, 401);
    assert_eq!((wrong.status, &wrong.body), (unknown.status, &unknown.body));
    let r = post(
        &app,
        "/api/v1/staff/signin",
        signin(password, "000000", &id),
    )
    .await;
    assert_eq!(
        r.status, 401,
        "a password without the app's code is not enough"
    );
    // A hash made under older settings is replaced at the next good sign-in.
    let store = app.vault.store();
    let current = store
        .staff_credentials(&id)
        .await
        .unwrap()
        .unwrap()
        .0
        .unwrap();
    let older = amanat_server::hasher::Hasher::new(amanat_core::auth_config::Argon2Cost {
        memory_kib: 2048,
        iterations: 1,
        parallelism: 1,
    })
    .unwrap()
    .hash(password)
    .await
    .unwrap();
    assert!(
        store
            .rehash_staff_password(&id, &current, &older)
            .await
            .unwrap()
    );
    let r = post(&app, "/api/v1/staff/signin", signin(password, &code, &id)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let token = r.body["token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("amst_"));
    let after = store
        .staff_credentials(&id)
        .await
        .unwrap()
        .unwrap()
        .0
        .unwrap();
    assert!(
        after.starts_with("$argon2id$v=19$m=1024,t=1,p=1$") && after != current,
        "rehashed with the configured cost: {after}"
    );
    let r = public(
        &app,
        Method::GET,
        "/api/v1/freeze-cases",
        Some(&token),
        None,
    )
    .await;
    assert_eq!(
        r.status, 200,
        "a staff session works on staff endpoints: {}",
        r.body
    );
    // Staff may freeze an account (a customer calling about a stolen phone).
    let c = sign_up(&app, 86).await;
    let r = public(
        &app,
        Method::POST,
        &format!("/api/v1/customers/{}/freeze", c.id),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(
        (r.status, r.body["status"].as_str()),
        (200, Some("frozen")),
        "{}",
        r.body
    );
    assert_eq!(
        public(&app, Method::GET, "/api/v1/me", Some(&c.token), None)
            .await
            .status,
        401
    );
    let (st, _) = app
        .call(
            Role::Integration,
            Method::POST,
            &format!("/api/v1/customers/{}/freeze", c.id),
            None,
        )
        .await;
    assert_eq!(st, 403);
    // Another member signs in and out.
    let admin = staff.iter().find(|s| s.role == "admin").unwrap().id.clone();
    let out = staff_password_cli(&app, &admin, "dörd fəsil, beş qapı, altı pəncərə");
    let line = String::from_utf8_lossy(&out.stdout).to_string();
    let akey = base32_decode(
        line.lines()
            .find_map(|l| l.trim().strip_prefix("secret: "))
            .unwrap(),
    );
    let acode = format!(
        "{:06}",
        amanat_crypto::hotp(
            &akey,
            amanat_crypto::totp_step(chrono::Utc::now().timestamp()) as u64
        )
    );
    let r = post(
        &app,
        "/api/v1/staff/signin",
        signin("dörd fəsil, beş qapı, altı pəncərə", &acode, &admin),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let atoken = r.body["token"].as_str().unwrap().to_owned();
    assert_eq!(
        public(
            &app,
            Method::POST,
            "/api/v1/staff/signout",
            Some(&atoken),
            None
        )
        .await
        .status,
        204
    );
    assert_eq!(
        public(
            &app,
            Method::GET,
            "/api/v1/freeze-cases",
            Some(&atoken),
            None
        )
        .await
        .status,
        401
    );

    // The same code cannot be used twice.
    let r = post(&app, "/api/v1/staff/signin", signin(password, &code, &id)).await;
    assert_eq!(r.status, 401);
    // A customer session is not a staff session, and a staff session is not a customer's.
    assert_eq!(
        public(&app, Method::GET, "/api/v1/me", Some(&token), None)
            .await
            .status,
        401
    );
    // Setting a new password ends the member's sessions.
    let out = staff_password_cli(&app, &id, "yeni parol: yaşıl alma ağacı");
    assert_eq!(out.status.code(), Some(0));
    let r = public(
        &app,
        Method::GET,
        "/api/v1/freeze-cases",
        Some(&token),
        None,
    )
    .await;
    assert_eq!(r.status, 401);
    let audit = app.vault.store().audit_for_subject(&id).await.unwrap();
    for a in [
        "staff.credentials_set",
        "staff.signin",
        "staff.signin_failed",
    ] {
        assert!(audit.iter().any(|e| e.action == a), "audit lacks {a}");
    }
    assert_not_logged(&[password, token.as_str(), secret.as_str()]);
}
both_backends!(staff_sign_in_with_password_and_totp, staff_signin);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rehash_on_sign_in_and_session_timeouts() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let s = sign_up(&app, 97).await;
    let store = app.vault.store();
    // The stored hash was made with other parameters (an older configuration).
    let old_cost = amanat_core::auth_config::Argon2Cost {
        memory_kib: 2048,
        iterations: 1,
        parallelism: 1,
    };
    let older = amanat_server::hasher::Hasher::new(old_cost)
        .unwrap()
        .hash(PASSWORD)
        .await
        .unwrap();
    let current = store.account(&s.id).await.unwrap().unwrap().password_hash;
    assert!(current.contains("m=1024,t=1,p=1"), "{current}");
    assert!(
        store
            .rehash_password(&s.id, &current, &older)
            .await
            .unwrap()
    );
    sign_in(&app, &s, PASSWORD).await;
    let after = store.account(&s.id).await.unwrap().unwrap().password_hash;
    assert!(
        after.starts_with("$argon2id$v=19$m=1024,t=1,p=1$"),
        "rehashed with the configured cost: {after}"
    );
    assert_ne!(after, current, "a fresh salt");

    // Idle and absolute ends (odero: 30 minutes idle, 12 hours absolute).
    let digest = amanat_crypto::token_digest(&s.token);
    let now = chrono::Utc::now().timestamp_millis();
    let idle = 30 * 60_000;
    assert!(
        store
            .live_session(&digest, now, idle)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .live_session(&digest, now + idle + 1000, idle)
            .await
            .unwrap()
            .is_none(),
        "idle too long"
    );
    let hours12 = 12 * 3_600_000;
    assert!(
        store
            .live_session(&digest, now + hours12 + 1000, i64::MAX / 4)
            .await
            .unwrap()
            .is_none(),
        "past the absolute end"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_personal_read_before_the_confidentiality_terms() {
    let current = "5f0c6f1b3c7d9e2a4b6c8d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c";
    let app = TestApp::spawn_with(
        Backend::Sqlite,
        &format!("[staff]\nterms_sha256 = \"{current}\""),
    )
    .await
    .unwrap();
    let (_, c) = app.create(customer(99)).await;
    let id = c["id"].as_str().unwrap().to_owned();
    let token =
        amanat_server::staff::add_staff(app.vault.store(), "new colleague", Role::Support, "t")
            .await
            .unwrap();
    let read = |t: String| {
        let (http, url) = (
            app.http.clone(),
            format!("{}/api/v1/customers/{id}?purpose=support", app.base),
        );
        async move {
            let r = http.get(url).bearer_auth(t).send().await.unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }
    };
    let (st, body) = read(token.clone()).await;
    assert_eq!(
        (st, body["error"]["code"].as_str()),
        (403, Some("terms_not_accepted")),
        "{body}"
    );
    let accept = |hash: &str| {
        let (http, url, t) = (
            app.http.clone(),
            format!("{}/api/v1/staff/terms", app.base),
            token.clone(),
        );
        let body = json!({"document_sha256": hash});
        async move {
            http.post(url)
                .bearer_auth(t)
                .json(&body)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(accept("not a hash").await, 422);
    assert_eq!(
        accept(&"ab".repeat(32)).await,
        422,
        "an older version of the terms is refused"
    );
    assert_eq!(read(token.clone()).await.0, 403);
    assert_eq!(accept(current).await, 204);
    assert_eq!(read(token.clone()).await.0, 200);
    let audit = app.vault.store().audit_recent(50).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "staff.terms_accepted"));
}

both_backends!(
    a_customer_changes_their_own_email_and_phone_with_a_code_to_the_new_one,
    own_contact_change
);

/// Self-service change of email and phone: the password is needed, a code goes to the new
/// address or number, nothing changes before it comes back, both old and new are told,
/// sign-in follows the new values, and an address another account holds is refused.
async fn own_contact_change(app: TestApp) {
    let s = sign_up(&app, 96).await;
    let other = sign_up(&app, 97).await;
    let token = Some(s.token.as_str());
    let new_email = "leyla.changed96@example.az";

    // Wrong password: nothing is sent.
    let r = public(
        &app,
        Method::POST,
        "/api/v1/me/email",
        token,
        Some(json!({"email": new_email, "password": "not the password at all"})),
    )
    .await;
    assert_eq!(r.status, 401, "{}", r.body);
    assert!(app.sinks.mails_to(new_email).is_empty());
    // Not an address: a clear 422 naming the field, no value echoed.
    let r = public(
        &app,
        Method::POST,
        "/api/v1/me/email",
        token,
        Some(json!({"email": "not-an-address", "password": PASSWORD})),
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(!r.body.to_string().contains("not-an-address"), "{}", r.body);
    // No session: 401.
    let r = public(
        &app,
        Method::POST,
        "/api/v1/me/email",
        None,
        Some(json!({"email": new_email, "password": PASSWORD})),
    )
    .await;
    assert_eq!(r.status, 401, "{}", r.body);

    let old_mails = app.sinks.mails_to(&s.email).len();
    let r = public(
        &app,
        Method::POST,
        "/api/v1/me/email",
        token,
        Some(json!({"email": new_email, "password": PASSWORD})),
    )
    .await;
    assert_eq!(r.status, 202, "{}", r.body);
    assert_eq!(r.body["methods"], json!(["email"]));
    let flow = r.body["flow_id"].as_str().unwrap().to_owned();
    let code = app.sinks.next_mail_code(new_email, 0).await;
    // Before the code: sign-in still takes the old address only.
    assert_eq!(
        post(
            &app,
            "/api/v1/signin",
            json!({"login": new_email, "password": PASSWORD})
        )
        .await
        .status,
        401
    );
    // A wrong code changes nothing; another customer's session cannot use the flow.
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let r = public(
        &app,
        Method::POST,
        "/api/v1/me/email/verify",
        token,
        Some(json!({"flow_id": flow, "code": wrong})),
    )
    .await;
    assert_eq!(r.status, 400, "{}", r.body);
    let r = public(
        &app,
        Method::POST,
        "/api/v1/me/email/verify",
        Some(other.token.as_str()),
        Some(json!({"flow_id": flow, "code": code})),
    )
    .await;
    assert_eq!(r.status, 400, "{}", r.body);

    // A fresh flow (the one above was spent by the other customer's attempt) goes through.
    let r = public(
        &app,
        Method::POST,
        "/api/v1/me/email",
        token,
        Some(json!({"email": new_email, "password": PASSWORD})),
    )
    .await;
    assert_eq!(r.status, 202, "{}", r.body);
    let flow = r.body["flow_id"].as_str().unwrap().to_owned();
    let code = app.sinks.next_mail_code(new_email, 1).await;
    let r = public(
        &app,
        Method::POST,
        "/api/v1/me/email/verify",
        token,
        Some(json!({"flow_id": flow, "code": code})),
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.body);
    // Both addresses are told, with the new one masked.
    let old = app.sinks.next_mail(&s.email, old_mails).await;
    assert!(old.text.contains("l***@example.az"), "{}", old.text);
    assert!(!old.text.contains(new_email));
    // The new address gets the notice after its two codes.
    let notice = app.sinks.next_mail(new_email, 2).await;
    assert!(notice.text.contains("l***@example.az"), "{}", notice.text);
    let me = public(&app, Method::GET, "/api/v1/me", token, None).await;
    assert_eq!(me.status, 200, "{}", me.body);
    assert!(me.body.to_string().contains(new_email), "{}", me.body);
    assert_eq!(
        post(
            &app,
            "/api/v1/signin",
            json!({"login": new_email, "password": PASSWORD})
        )
        .await
        .status,
        200
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

    // The other customer's address: the code goes out (nothing is revealed at step 1), the
    // change is refused after it.
    let seen = app.sinks.mails_to(&other.email).len();
    let r = public(
        &app,
        Method::POST,
        "/api/v1/me/email",
        token,
        Some(json!({"email": other.email, "password": PASSWORD})),
    )
    .await;
    assert_eq!(r.status, 202, "{}", r.body);
    let flow = r.body["flow_id"].as_str().unwrap().to_owned();
    let code = app.sinks.next_mail_code(&other.email, seen).await;
    let r = public(
        &app,
        Method::POST,
        "/api/v1/me/email/verify",
        token,
        Some(json!({"flow_id": flow, "code": code})),
    )
    .await;
    assert_eq!(r.status, 409, "{}", r.body);

    // The phone, by SMS to the new number.
    let new_phone = "+994557770096";
    let old_sms = app.sinks.sms_to(&s.phone).len();
    let r = public(
        &app,
        Method::POST,
        "/api/v1/me/phone",
        token,
        Some(json!({"phone": new_phone, "password": PASSWORD})),
    )
    .await;
    assert_eq!(r.status, 202, "{}", r.body);
    assert_eq!(r.body["methods"], json!(["sms"]));
    let flow = r.body["flow_id"].as_str().unwrap().to_owned();
    let code = app.sinks.next_sms_code(new_phone, 0).await;
    let r = public(
        &app,
        Method::POST,
        "/api/v1/me/phone/verify",
        token,
        Some(json!({"flow_id": flow, "code": code})),
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.body);
    let told = app.sinks.next_sms(&s.phone, old_sms).await;
    assert!(
        !told.contains(new_phone),
        "the new number is masked: {told}"
    );
    let me = public(&app, Method::GET, "/api/v1/me", token, None).await;
    assert!(me.body.to_string().contains(new_phone), "{}", me.body);
    assert_not_logged(&[new_email, new_phone, &code]);
    app.stop().await;
}
