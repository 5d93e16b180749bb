//! The fraud shield through HTTP and the command line.

use amanat_core::Role;
use reqwest::Method;
use serde_json::json;

use crate::support::{Backend, ODERO, TestApp};

async fn check(app: &TestApp, what: &str, input: &str, lang: Option<&str>) -> serde_json::Value {
    let body = match lang {
        Some(l) => json!({"input": input, "lang": l}),
        None => json!({"input": input}),
    };
    let res = app
        .http
        .post(format!("{}/api/v1/check/{what}", app.base))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200, "check/{what} is public");
    res.json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn customers_can_ask_whether_a_link_sender_number_or_message_is_really_the_business() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let channels: serde_json::Value = reqwest::get(format!("{}/api/v1/channels", app.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        channels["channels"]["web_origins"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o == "https://odero.az")
    );
    assert!(
        channels["channels"]["email_domains"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o == "tokeninc.com")
    );

    let v = check(&app, "link", "https://odero.az/login", Some("en")).await;
    assert_eq!(v["verdict"], "official");
    for lookalike in [
        "https://odero.az.secure-login.example/",
        "odero-az-login.com",
        "https://0dero.az",
        "http://odero.az@203.0.113.9/",
    ] {
        let v = check(&app, "link", lookalike, Some("az")).await;
        assert_eq!(v["verdict"], "impersonation", "{lookalike}: {v}");
        assert!(!v["reasons"][0]["message"].as_str().unwrap().is_empty());
    }
    assert_eq!(
        check(&app, "link", "wikipedia.org", None).await["verdict"],
        "unknown"
    );

    let v = check(
        &app,
        "sender",
        "Odero Təhlükəsizlik <security@odero-support.com>",
        Some("az"),
    )
    .await;
    assert_eq!(v["verdict"], "impersonation", "{v}");
    assert_eq!(
        check(&app, "sender", "support@odero.az", None).await["verdict"],
        "official"
    );
    assert_eq!(
        check(&app, "phone", "+994 12 404 04 04", None).await["verdict"],
        "official"
    );

    let scam = "Təbrik edirik! Odero lotereyasında 5000 AZN qazandınız. Mükafatı almaq üçün kart nömrənizi və CVV kodunu http://odero-bonus.com saytına yazın.";
    let v = check(&app, "message", scam, None).await;
    assert_eq!(
        (v["verdict"].as_str(), v["language"].as_str()),
        (Some("scam"), Some("az")),
        "{v}"
    );
    let signal = &v["signals"][0];
    let (a, b) = (
        signal["span"][0].as_u64().unwrap() as usize,
        signal["span"][1].as_u64().unwrap() as usize,
    );
    assert_eq!(
        &scam[a..b],
        signal["matched"].as_str().unwrap(),
        "spans point into the original text"
    );
    let real =
        "Odero: giriş kodunuz 482913. Bu kodu heç kimə deməyin, biz onu heç vaxt soruşmuruq.";
    assert_eq!(check(&app, "message", real, None).await["verdict"], "ok");

    let (s, b) = app
        .call(
            Role::Support,
            Method::POST,
            "/api/v1/check/link",
            Some(json!({"url": "x"})),
        )
        .await;
    assert_eq!(
        (s, b["error"]["code"].as_str()),
        (422, Some("invalid_body"))
    );
    app.stop().await;
}

#[test]
fn every_example_business_gets_a_working_shield() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "toml") {
            let c = amanat_core::Config::load(&p).unwrap();
            let shield = amanat_server::shield::shield_from_config(&c).unwrap();
            let origin = c
                .channels
                .web_origins
                .first()
                .expect("every example publishes its site");
            assert_eq!(
                serde_json::to_value(shield.check_link(origin, "en")).unwrap()["verdict"],
                "official",
                "{}",
                p.display()
            );
        }
    }
}

#[test]
fn check_commands_print_a_json_verdict_and_exit_zero() {
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_amanat"))
            .args(["check"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    assert_eq!(
        run(&["link", "--config", ODERO, "secure-odero.com"])["verdict"],
        "impersonation"
    );
    assert_eq!(
        run(&["link", "--config", ODERO, "https://www.odero.az/"])["verdict"],
        "official"
    );
    assert_eq!(
        run(&["sender", "--config", ODERO, "noreply@tokeninc.com"])["verdict"],
        "official"
    );
    assert_eq!(
        run(&["phone", "--config", ODERO, "+994124040404"])["verdict"],
        "official"
    );
    let v = run(&[
        "message",
        "--config",
        ODERO,
        "URGENT: your Odero account will be blocked today. Send the one-time code you received to +994 55 000 00 00",
    ]);
    assert_ne!(v["verdict"], "ok", "{v}");
    let v = run(&[
        "promo",
        "--config",
        ODERO,
        "--today",
        "2026-11-27",
        "You won an iPhone in the Odero anniversary draw",
    ]);
    assert_ne!(v["verdict"], "official", "{v}");
}

#[test]
fn check_email_reads_an_eml_file_and_sees_a_lookalike_sender() {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    std::io::Write::write_all(&mut f, b"From: Odero <info@odero-az-secure.com>\r\nTo: leyla@example.az\r\nSubject: Bonus\r\n\r\nClaim your bonus.\r\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_amanat"))
        .args(["check", "email", "--config", ODERO, "--lang", "en"])
        .arg(f.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["verdict"].as_str(), v["imitates"].as_str()),
        (Some("impersonation"), Some("odero.az")),
        "{v}"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_amanat"))
        .args(["check", "email", "--config", ODERO, "/nonexistent/x.eml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
