//! The command line: config check, staff tokens, demo server.

use std::io::Write;

use crate::support::ODERO;

/// The standard output of a command that must have succeeded (its stderr otherwise).
fn succeeded(out: std::process::Output) -> Vec<u8> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn bin() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_amanat"));
    c.env_remove("AMANAT_DATABASE_URL")
        .env_remove("AMANAT_CONFIG");
    c
}

#[test]
fn every_example_config_is_valid() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "toml") {
            let out = bin().args(["config", "check"]).arg(&p).output().unwrap();
            assert!(
                out.status.success(),
                "{}: {}",
                p.display(),
                String::from_utf8_lossy(&out.stderr)
            );
            n += 1;
        }
    }
    assert!(n >= 5, "one example per reference business");
}

#[test]
fn a_bad_config_is_refused_with_file_line_and_reason() {
    let text = std::fs::read_to_string(ODERO)
        .unwrap()
        .replace("time_zone = \"Asia/Baku\"", "time_zone = \"Asia/Atlantis\"");
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    let out = bin()
        .args(["config", "check"])
        .arg(f.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let line = text
        .lines()
        .position(|l| l.contains("Asia/Atlantis"))
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!("{}:{line}:", f.path().display())),
        "{err}"
    );
    assert!(err.contains("time zone"), "{err}");

    let out = bin()
        .args(["config", "check", "/nonexistent/amanat.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
}

#[tokio::test]
async fn staff_add_prints_a_working_token_on_the_last_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .args([
            "staff",
            "add",
            "--name",
            "Kamran",
            "--role",
            "support",
            "--data-dir",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = succeeded(out);
    let stdout = String::from_utf8_lossy(&stdout);
    let token = stdout.lines().last().unwrap().trim().to_owned();
    assert!(token.starts_with("amanat_") && token.len() > 40);
    // The database holds only a digest of the token.
    let db = std::fs::read(dir.path().join("amanat.db")).unwrap();
    let wal = std::fs::read(dir.path().join("amanat.db-wal")).unwrap_or_default();
    for bytes in [db, wal] {
        assert!(
            !bytes.windows(token.len()).any(|w| w == token.as_bytes()),
            "the token is stored only hashed"
        );
    }
    let store = amanat_store::Store::open(&amanat_store::StoreOptions {
        data_dir: dir.path().into(),
        database_url: None,
        keys_database_url: None,
        max_connections: 1,
    })
    .await
    .unwrap();
    let row = store
        .staff_by_token(&amanat_crypto::token_digest(&token))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (row.name.as_str(), row.role.as_str()),
        ("Kamran", "support")
    );
    store.close().await;

    let out = bin()
        .args([
            "staff",
            "add",
            "--name",
            "X",
            "--role",
            "janitor",
            "--data-dir",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("admin, support, fraud, dpo, integration")
    );
}

#[test]
fn a_bad_database_url_gets_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .args([
            "audit",
            "verify",
            "--database-url",
            "mysql://x",
            "--data-dir",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("postgres://"));
}

#[test]
fn check_password_refuses_what_is_guessable_from_the_customer_and_says_why() {
    let run = |args: &[&str]| {
        let out = bin()
            .args(["check", "password"])
            .args(args)
            .output()
            .unwrap();
        let v: serde_json::Value =
            serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
        (out.status.code(), v)
    };
    let (code, v) = run(&[
        "--given-name",
        "Şəmsi",
        "--family-name",
        "Əliyev",
        "--birth-date",
        "1990-03-15",
        "--config",
        ODERO,
        "--lang",
        "az",
        "Semsi1990!",
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(v["accepted"], false);
    let codes: Vec<&str> = v["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"contains_name") && codes.contains(&"contains_birth_date"),
        "{v}"
    );
    assert!(
        !v.to_string().contains("Semsi1990"),
        "the verdict never echoes the password"
    );
    let (code, v) = run(&[
        "--phone",
        "+994501234567",
        "--config",
        ODERO,
        "odero501234567",
    ]);
    assert_eq!(code, Some(1), "{v}");
    let (code, v) = run(&[
        "--given-name",
        "Leyla",
        "--birth-date",
        "1990-03-15",
        "quiet violin harbour meadow",
    ]);
    assert_eq!(
        (code, v["accepted"].as_bool()),
        (Some(0), Some(true)),
        "{v}"
    );
    let (code, _) = run(&["--birth-date", "15/03/1990", "whatever-password"]);
    assert_eq!(code, Some(2), "a malformed date is a usage error");
}

#[test]
fn check_message_follows_the_configured_sensitivity() {
    // The same message through the real binary, with `[shield] message_sensitivity =
    // "standard"` and with "highest": the line sits lower, so the score rises.
    let text = "Hi mum, I've got a new phone so this is my new number. Delete the old one. Can you message me here on WhatsApp, I need to ask you something before the bank closes x";
    let score = |config: &std::path::Path| {
        let out = bin()
            .args(["check", "message", "--config"])
            .arg(config)
            .args(["--lang", "en", text])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&succeeded(out)).unwrap();
        v["score"].as_u64().unwrap()
    };
    let with = |level: &str| {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        let mut config = std::fs::read_to_string(ODERO).unwrap();
        config.push_str(&format!("\n[shield]\nmessage_sensitivity = \"{level}\"\n"));
        f.write_all(config.as_bytes()).unwrap();
        f
    };
    let (s, h) = (with("standard"), with("highest"));
    let standard = score(s.path());
    let highest = score(h.path());
    // The example config names no level: it gets the default, high, in between.
    let default = score(std::path::Path::new(ODERO));
    assert!(
        standard <= default && default <= highest,
        "standard {standard}, default {default}, highest {highest}"
    );
    assert!(
        (1..100).contains(&standard) && highest > standard,
        "standard {standard}, highest {highest}"
    );
}
