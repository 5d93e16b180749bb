use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use amanat_notify::{
    Ctx, HttpGatewaySettings, Lang, MailTransport, Notice, OutgoingEmail, OutgoingSms, SendError,
    SmsTransport, SmtpSecurity, SmtpSettings, render_email,
};
use base64::Engine;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// Appears in every recipient and body of the failure tests; must never
/// show up in an error message.
const MARKER: &str = "zq7marker";

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("amanat-notify-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn assert_private(err: &SendError) {
    let shown = format!("{err} {err:?}");
    assert!(
        !shown.contains(MARKER),
        "error leaks personal data: {shown}"
    );
}

// ---------------------------------------------------------------- SMTP --

#[derive(Debug, Default, Clone)]
struct SmtpCapture {
    mail_from: String,
    rcpt_to: Vec<String>,
    data: String,
}

/// A small SMTP server on 127.0.0.1 that answers RCPT with `rcpt_reply`
/// and records every accepted message.
async fn spawn_smtp(rcpt_reply: &'static str) -> (u16, Arc<Mutex<Vec<SmtpCapture>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let got = Arc::new(Mutex::new(Vec::new()));
    let store = Arc::clone(&got);
    tokio::spawn(async move {
        loop {
            let Ok((sock, _)) = listener.accept().await else {
                return;
            };
            let store = Arc::clone(&store);
            tokio::spawn(async move {
                let (r, mut w) = sock.into_split();
                let mut r = BufReader::new(r);
                w.write_all(b"220 test.local ESMTP ready\r\n")
                    .await
                    .unwrap();
                let mut cur = SmtpCapture::default();
                let mut line = String::new();
                loop {
                    line.clear();
                    if r.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    let cmd = line.trim_end().to_string();
                    let upper = cmd.to_ascii_uppercase();
                    let reply: &str = if upper.starts_with("EHLO") {
                        "250-test.local\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"
                    } else if upper.starts_with("HELO") {
                        "250 test.local\r\n"
                    } else if upper.starts_with("MAIL FROM:") {
                        cur = SmtpCapture {
                            mail_from: cmd[10..].to_string(),
                            ..Default::default()
                        };
                        "250 2.1.0 ok\r\n"
                    } else if upper.starts_with("RCPT TO:") {
                        if rcpt_reply.starts_with('2') {
                            cur.rcpt_to.push(cmd[8..].to_string());
                        }
                        rcpt_reply
                    } else if upper == "DATA" {
                        w.write_all(b"354 end with <CRLF>.<CRLF>\r\n")
                            .await
                            .unwrap();
                        let mut data = String::new();
                        loop {
                            line.clear();
                            if r.read_line(&mut line).await.unwrap_or(0) == 0 {
                                return;
                            }
                            if line == ".\r\n" {
                                break;
                            }
                            // dot-unstuffing (RFC 5321 4.5.2)
                            let l = line.strip_prefix('.').unwrap_or(&line);
                            data.push_str(l);
                        }
                        cur.data = data;
                        store.lock().unwrap().push(std::mem::take(&mut cur));
                        "250 2.0.0 queued\r\n"
                    } else if upper == "RSET" || upper == "NOOP" {
                        "250 ok\r\n"
                    } else if upper == "QUIT" {
                        let _ = w.write_all(b"221 bye\r\n").await;
                        return;
                    } else {
                        "502 not implemented\r\n"
                    };
                    w.write_all(reply.as_bytes()).await.unwrap();
                }
            });
        }
    });
    (port, got)
}

fn smtp_settings(port: u16) -> SmtpSettings {
    SmtpSettings {
        host: "127.0.0.1".into(),
        port,
        security: SmtpSecurity::None,
        username: None,
        password: None,
        timeout: Duration::from_secs(5),
        hello_name: Some("amanat.test".into()),
    }
}

/// Splits a message into unfolded headers and body.
fn split_message(raw: &str) -> (Vec<(String, String)>, String) {
    let raw = raw.replace("\r\n", "\n");
    let (head, body) = raw.split_once("\n\n").unwrap();
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.lines() {
        if line.starts_with([' ', '\t']) {
            headers.last_mut().unwrap().1.push_str(line);
        } else {
            let (k, v) = line.split_once(':').unwrap();
            headers.push((k.to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    (headers, body.to_string())
}

fn header<'a>(h: &'a [(String, String)], name: &str) -> &'a str {
    h.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {name} header"))
}

/// Decodes an RFC 2047 header made of `=?utf-8?b?...?=` / `?q?` words.
fn decode_rfc2047(v: &str) -> String {
    let mut out = Vec::new();
    for word in v.split_whitespace() {
        let inner = word.strip_prefix("=?").and_then(|w| w.strip_suffix("?="));
        let Some(inner) = inner else {
            out.extend_from_slice(word.as_bytes());
            continue;
        };
        let mut parts = inner.splitn(3, '?');
        let (charset, enc, text) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        assert!(charset.eq_ignore_ascii_case("utf-8"));
        if enc.eq_ignore_ascii_case("b") {
            out.extend(
                base64::engine::general_purpose::STANDARD
                    .decode(text)
                    .unwrap(),
            );
        } else {
            let t = text.replace('_', " ");
            out.extend(quoted_printable::decode(t, quoted_printable::ParseMode::Robust).unwrap());
        }
    }
    String::from_utf8(out).unwrap()
}

/// Returns the decoded (content type, body) of each part of a multipart body.
fn mime_parts(content_type: &str, body: &str) -> Vec<(String, String)> {
    let boundary = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))
        .unwrap()
        .trim_matches('"');
    let delim = format!("--{boundary}");
    body.split(&delim)
        .skip(1)
        .filter(|p| !p.starts_with("--"))
        .map(|part| {
            let part = part.trim_start_matches('\n');
            let (h, b) = split_message(part);
            let ct = header(&h, "content-type").to_string();
            let cte = h
                .iter()
                .find(|(k, _)| k == "content-transfer-encoding")
                .map(|(_, v)| v.to_ascii_lowercase())
                .unwrap_or_else(|| "7bit".into());
            let bytes = match cte.as_str() {
                "base64" => base64::engine::general_purpose::STANDARD
                    .decode(b.split_whitespace().collect::<String>())
                    .unwrap(),
                "quoted-printable" => {
                    quoted_printable::decode(b.as_bytes(), quoted_printable::ParseMode::Robust)
                        .unwrap()
                }
                _ => b.into_bytes(),
            };
            let text = String::from_utf8(bytes).unwrap().replace("\r\n", "\n");
            (ct, text)
        })
        .collect()
}

fn persian_email(key: &str, to: &str) -> OutgoingEmail {
    let ctx = Ctx {
        business: "بانک امانت".into(),
        support_url: Some("https://amanat.example/help".into()),
        freeze_url: Some("https://id.amanat.example/freeze".into()),
        origin_host: None,
        code_minutes: 0,
    };
    let n = Notice::NewSignIn {
        at: "۱۰ اسفند ۱۴۰۳، ساعت ۱۴:۳۲".into(),
        device: "Firefox on Linux".into(),
    };
    let r = render_email(&n, Lang::Fa, &ctx).unwrap();
    OutgoingEmail {
        to: to.into(),
        from: "Amanat <no-reply@amanat.example>".into(),
        subject: r.subject,
        text: r.text,
        html: r.html,
        idempotency_key: key.into(),
    }
}

#[tokio::test]
async fn smtp_delivers_persian_notice() {
    let (port, store) = spawn_smtp("250 2.1.5 ok\r\n").await;
    let mail = MailTransport::smtp(&smtp_settings(port)).unwrap();
    let m = persian_email("outbox-42_a", "customer@example.org");
    mail.send(&m).await.unwrap();

    let got = store.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    let c = &got[0];
    assert_eq!(c.mail_from, "<no-reply@amanat.example>");
    assert_eq!(c.rcpt_to, vec!["<customer@example.org>".to_string()]);

    let (h, body) = split_message(&c.data);
    assert_eq!(decode_rfc2047(header(&h, "subject")), m.subject);
    assert!(m.subject.contains("بانک امانت"));
    assert_eq!(header(&h, "message-id"), "<outbox-42_a@amanat>");
    assert_eq!(header(&h, "to"), "customer@example.org");
    assert_eq!(header(&h, "auto-submitted"), "auto-generated");
    let ct = header(&h, "content-type");
    assert!(ct.starts_with("multipart/alternative"), "{ct}");
    let parts = mime_parts(ct, &body);
    assert_eq!(parts.len(), 2);
    assert!(parts[0].0.starts_with("text/plain"));
    assert!(parts[1].0.starts_with("text/html"));
    assert_eq!(parts[0].1.trim_end(), m.text.trim_end());
    assert_eq!(parts[1].1.trim_end(), m.html.trim_end());
    assert!(parts[1].1.contains("dir=\"rtl\""));

    // a second message over the same transport (pooled connection)
    let m2 = persian_email("outbox-43", "other@example.org");
    mail.send(&m2).await.unwrap();
    let got = store.lock().unwrap().clone();
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].rcpt_to, vec!["<other@example.org>".to_string()]);
}

#[tokio::test]
async fn smtp_550_on_rcpt_is_permanent() {
    let (port, got) = spawn_smtp("550 5.1.1 <zq7marker@example.org>: no such user\r\n").await;
    let mail = MailTransport::smtp(&smtp_settings(port)).unwrap();
    let mut m = persian_email("k550", &format!("{MARKER}@example.org"));
    m.text.push_str(MARKER);
    let err = mail.send(&m).await.unwrap_err();
    assert!(matches!(err, SendError::Permanent(_)), "{err:?}");
    assert!(err.to_string().contains("550"));
    assert_private(&err);
    assert!(got.lock().unwrap().is_empty());
}

#[tokio::test]
async fn smtp_451_on_rcpt_is_transient() {
    let (port, _) = spawn_smtp("451 4.3.0 try again later\r\n").await;
    let mail = MailTransport::smtp(&smtp_settings(port)).unwrap();
    let m = persian_email("k451", &format!("{MARKER}@example.org"));
    let err = mail.send(&m).await.unwrap_err();
    assert!(matches!(err, SendError::Transient(_)), "{err:?}");
    assert!(err.to_string().contains("451"));
    assert_private(&err);
}

#[tokio::test]
async fn smtp_nobody_listening_is_transient() {
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
        l.local_addr().unwrap().port()
    };
    let mail = MailTransport::smtp(&smtp_settings(port)).unwrap();
    let m = persian_email("kdown", &format!("{MARKER}@example.org"));
    let err = mail.send(&m).await.unwrap_err();
    assert!(err.is_transient(), "{err:?}");
    assert_private(&err);
}

#[tokio::test]
async fn smtp_rejects_bad_addresses_and_keys_permanently() {
    let (port, _) = spawn_smtp("250 ok\r\n").await;
    let mail = MailTransport::smtp(&smtp_settings(port)).unwrap();
    let mut m = persian_email("kbad", &format!("{MARKER} not an address"));
    let err = mail.send(&m).await.unwrap_err();
    assert!(matches!(err, SendError::Permanent(_)));
    assert_private(&err);
    m.to = "ok@example.org".into();
    m.idempotency_key = "a/b".into();
    assert!(matches!(mail.send(&m).await, Err(SendError::Permanent(_))));
}

// -------------------------------------------------------------- EmlDir --

#[tokio::test]
async fn eml_dir_writes_atomically_and_idempotently() {
    let dir = temp_dir("eml").join("nested");
    let mail = MailTransport::EmlDir(dir.clone());
    let m = persian_email("eml-key_1", "customer@example.org");
    mail.send(&m).await.unwrap();
    mail.send(&m).await.unwrap();

    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, vec!["eml-key_1.eml".to_string()]);
    let raw = std::fs::read_to_string(dir.join("eml-key_1.eml")).unwrap();
    let (h, body) = split_message(&raw);
    assert_eq!(header(&h, "message-id"), "<eml-key_1@amanat>");
    assert_eq!(header(&h, "to"), "customer@example.org");
    assert!(header(&h, "from").contains("no-reply@amanat.example"));
    assert!(!header(&h, "date").is_empty());
    assert_eq!(header(&h, "mime-version"), "1.0");
    assert_eq!(decode_rfc2047(header(&h, "subject")), m.subject);
    assert_eq!(mime_parts(header(&h, "content-type"), &body).len(), 2);

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
        let mode = std::fs::metadata(dir.join("eml-key_1.eml"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600);
    }

    for bad in ["../escape", "a/b", "", "dot.name"] {
        let mut m = m.clone();
        m.idempotency_key = bad.into();
        let err = mail.send(&m).await.unwrap_err();
        assert!(matches!(err, SendError::Permanent(_)), "{bad}");
    }
    assert!(!dir.parent().unwrap().join("escape.eml").exists());
    let _ = std::fs::remove_dir_all(dir.parent().unwrap());
}

// ----------------------------------------------------------- JsonlFile --

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn jsonl_concurrent_sends_give_whole_lines() {
    let dir = temp_dir("jsonl");
    let path = dir.join("sub").join("sms.jsonl");
    let sms = Arc::new(SmsTransport::JsonlFile(path.clone()));
    let mut tasks = Vec::new();
    for i in 0..50 {
        let sms = Arc::clone(&sms);
        tasks.push(tokio::spawn(async move {
            let m = OutgoingSms {
                to: format!("+99450{i:07}"),
                text: format!("پیام {i}\nline two \"quoted\" {}", "x".repeat(3000)),
                idempotency_key: format!("k{i}"),
            };
            sms.send(&m).await
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let content = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = content.lines().collect();
    assert_eq!(lines.len(), 50);
    let mut ids = HashSet::new();
    for l in lines {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        let id = v["id"].as_str().unwrap().to_string();
        let i: usize = id[1..].parse().unwrap();
        assert_eq!(v["to"], format!("+99450{i:07}"));
        assert!(
            v["text"]
                .as_str()
                .unwrap()
                .starts_with(&format!("پیام {i}\n"))
        );
        let at = v["at"].as_str().unwrap();
        assert!(
            at.ends_with('Z') && at.len() == 24 && at.as_bytes()[10] == b'T',
            "{at}"
        );
        ids.insert(id);
    }
    assert_eq!(ids.len(), 50);
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------- HTTP --

#[derive(Clone, Debug)]
struct HttpCapture {
    headers: axum::http::HeaderMap,
    body: String,
}

#[derive(Clone)]
struct HttpState {
    status: u16,
    got: Arc<Mutex<Vec<HttpCapture>>>,
}

async fn handler(
    axum::extract::State(st): axum::extract::State<HttpState>,
    headers: axum::http::HeaderMap,
    body: String,
) -> axum::http::StatusCode {
    st.got.lock().unwrap().push(HttpCapture { headers, body });
    axum::http::StatusCode::from_u16(st.status).unwrap()
}

async fn spawn_http(status: u16) -> (String, Arc<Mutex<Vec<HttpCapture>>>) {
    let got = Arc::new(Mutex::new(Vec::new()));
    let app = axum::Router::new()
        .route("/send", axum::routing::post(handler))
        .with_state(HttpState {
            status,
            got: Arc::clone(&got),
        });
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}/send?api_key={MARKER}"), got)
}

const TEMPLATE: &str =
    r#"{"from":"Amanat","to":"{{to}}","message":{"body":"{{text}}"},"ref":"{{id}}"}"#;

fn gateway(url: String) -> SmsTransport {
    SmsTransport::http(&HttpGatewaySettings {
        url,
        auth_header: Some(("X-Api-Key".into(), "s3cret-token".into())),
        body_template: TEMPLATE.into(),
        timeout: Duration::from_secs(5),
    })
    .unwrap()
}

#[tokio::test]
async fn http_gateway_sends_valid_json_and_headers() {
    let (url, got) = spawn_http(200).await;
    let sms = gateway(url);
    let text = "بانک: رمز \"۱۲۳\"\nسطر دوم \\ {{id}} مرحبا بالعالم\t✓";
    let m = OutgoingSms {
        to: "+994501234567".into(),
        text: text.into(),
        idempotency_key: "sms-77".into(),
    };
    sms.send(&m).await.unwrap();
    let got = got.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    let c = &got[0];
    assert_eq!(c.headers["x-api-key"], "s3cret-token");
    assert_eq!(c.headers["idempotency-key"], "sms-77");
    assert_eq!(c.headers["content-type"], "application/json");
    let v: serde_json::Value = serde_json::from_str(&c.body).unwrap();
    assert_eq!(v["message"]["body"], text);
    assert_eq!(v["to"], "+994501234567");
    assert_eq!(v["ref"], "sms-77");
    assert_eq!(v["from"], "Amanat");
}

async fn status_error(status: u16) -> SendError {
    let (url, got) = spawn_http(status).await;
    let sms = gateway(url);
    let m = OutgoingSms {
        to: format!("+1555{MARKER}"),
        text: format!("code for {MARKER}"),
        idempotency_key: format!("k{status}"),
    };
    let err = sms.send(&m).await.unwrap_err();
    assert_eq!(got.lock().unwrap().len(), 1);
    assert_private(&err);
    assert!(err.to_string().contains(&status.to_string()), "{err}");
    err
}

#[tokio::test]
async fn http_gateway_status_classes() {
    assert!(matches!(status_error(503).await, SendError::Transient(_)));
    assert!(matches!(status_error(500).await, SendError::Transient(_)));
    assert!(matches!(status_error(429).await, SendError::Transient(_)));
    assert!(matches!(status_error(400).await, SendError::Permanent(_)));
    assert!(matches!(status_error(401).await, SendError::Permanent(_)));
}

#[tokio::test]
async fn http_gateway_unreachable_is_transient() {
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
        l.local_addr().unwrap().port()
    };
    let sms = gateway(format!("http://127.0.0.1:{port}/send?key={MARKER}"));
    let m = OutgoingSms {
        to: format!("+1{MARKER}"),
        text: MARKER.into(),
        idempotency_key: "down".into(),
    };
    let err = sms.send(&m).await.unwrap_err();
    assert!(err.is_transient(), "{err:?}");
    assert_private(&err);
}

#[test]
fn http_gateway_refuses_bad_templates_at_startup() {
    let settings = HttpGatewaySettings {
        url: "https://sms.example/send".into(),
        auth_header: None,
        body_template: r#"{"to":{{to}},"text":"{{text}}"}"#.into(),
        timeout: Duration::from_secs(5),
    };
    assert!(SmsTransport::http(&settings).is_err());
    let debug = format!("{settings:?}");
    assert!(!debug.contains("sms.example"));
}
