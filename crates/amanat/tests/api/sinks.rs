//! Real receivers on loopback for the notices a test server sends: an SMTP listener that
//! keeps each message, and an HTTP SMS gateway that keeps each request body.

use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// One message the SMTP listener accepted.
#[derive(Clone, Debug)]
pub struct Mail {
    pub rcpt: Vec<String>,
    /// The raw message.
    pub raw: String,
    /// The decoded text of every part, joined.
    pub text: String,
}

#[derive(Clone, Default)]
pub struct Sinks {
    pub smtp_port: u16,
    pub sms_url: String,
    mails: Arc<Mutex<Vec<Mail>>>,
    sms: Arc<Mutex<Vec<Value>>>,
    /// Status the SMS gateway answers with (200 unless a test changes it).
    pub sms_status: Arc<AtomicU16>,
}

impl Sinks {
    pub async fn start() -> Sinks {
        let mails = Arc::new(Mutex::new(Vec::new()));
        let sms = Arc::new(Mutex::new(Vec::new()));
        let sms_status = Arc::new(AtomicU16::new(200));

        let smtp = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let smtp_port = smtp.local_addr().unwrap().port();
        let store = Arc::clone(&mails);
        tokio::spawn(async move {
            while let Ok((sock, _)) = smtp.accept().await {
                tokio::spawn(smtp_session(sock, Arc::clone(&store)));
            }
        });

        let http = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let sms_url = format!("http://{}/send", http.local_addr().unwrap());
        let (store, status) = (Arc::clone(&sms), Arc::clone(&sms_status));
        let app = axum::Router::new().route(
            "/send",
            axum::routing::post(move |body: String| {
                let (store, status) = (Arc::clone(&store), Arc::clone(&status));
                async move {
                    let code = status.load(Ordering::SeqCst);
                    if code == 200 {
                        store
                            .lock()
                            .unwrap()
                            .push(serde_json::from_str(&body).unwrap());
                    }
                    axum::http::StatusCode::from_u16(code).unwrap()
                }
            }),
        );
        tokio::spawn(async move {
            let _ = axum::serve(http, app).await;
        });
        Sinks {
            smtp_port,
            sms_url,
            mails,
            sms,
            sms_status,
        }
    }

    /// The configuration that sends notices here.
    pub fn config(&self) -> String {
        format!(
            "\n[notify.email]\nfrom = \"Odero <no-reply@odero.az>\"\nsmtp_host = \"127.0.0.1\"\nsmtp_port = {}\nsmtp_security = \"none\"\n\n\
             [notify.sms]\ngateway_url = \"{}\"\nbody_template = '{{\"to\": \"{{{{to}}}}\", \"text\": \"{{{{text}}}}\", \"ref\": \"{{{{id}}}}\"}}'\n",
            self.smtp_port, self.sms_url
        )
    }

    pub fn mails_to(&self, to: &str) -> Vec<Mail> {
        self.mails
            .lock()
            .unwrap()
            .iter()
            .filter(|m| m.rcpt.iter().any(|r| r == to))
            .cloned()
            .collect()
    }

    pub fn sms_to(&self, to: &str) -> Vec<String> {
        self.sms
            .lock()
            .unwrap()
            .iter()
            .filter(|m| m["to"] == to)
            .map(|m| m["text"].as_str().unwrap().to_owned())
            .collect()
    }

    /// Waits (up to 15 s) until `to` has received more than `seen` emails; the newest.
    pub async fn next_mail(&self, to: &str, seen: usize) -> Mail {
        for _ in 0..300 {
            let m = self.mails_to(to);
            if m.len() > seen {
                return m[seen].clone();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no email {} arrived", seen + 1);
    }

    /// Waits (up to 15 s) for an email to `to`, after the first `seen`, that holds a
    /// 6-digit code (security notices never do); returns the code.
    pub async fn next_mail_code(&self, to: &str, seen: usize) -> String {
        for _ in 0..300 {
            if let Some(m) = self
                .mails_to(to)
                .iter()
                .skip(seen)
                .find(|m| has_code(&m.text))
            {
                return code_in(&m.text);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no email with a code arrived");
    }

    /// Waits (up to 15 s) for an SMS to `to`, after the first `seen`, that holds a code
    /// (the origin-bound `#code` line); returns the code.
    pub async fn next_sms_code(&self, to: &str, seen: usize) -> String {
        for _ in 0..300 {
            if let Some(t) = self.sms_to(to).iter().skip(seen).find(|t| t.contains(" #")) {
                return code_in(t);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no SMS with a code arrived");
    }

    /// Waits (up to 15 s) until `to` has received more than `seen` SMS; the newest.
    pub async fn next_sms(&self, to: &str, seen: usize) -> String {
        for _ in 0..300 {
            let m = self.sms_to(to);
            if m.len() > seen {
                return m[seen].clone();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no SMS {} arrived", seen + 1);
    }
}

fn has_code(text: &str) -> bool {
    find_code(text).is_some()
}

/// The first run of exactly six digits in a text.
pub fn code_in(text: &str) -> String {
    find_code(text).expect("no 6-digit code in the message")
}

fn find_code(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 6 {
                return Some(text[start..i].to_owned());
            }
        } else {
            i += 1;
        }
    }
    None
}

/// The token of a reset link in a text.
pub fn reset_token_in(text: &str) -> String {
    let at = text.find("#token=").expect("a reset link") + "#token=".len();
    text[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

async fn smtp_session(sock: tokio::net::TcpStream, store: Arc<Mutex<Vec<Mail>>>) {
    let (r, mut w) = sock.into_split();
    let mut r = BufReader::new(r);
    let _ = w.write_all(b"220 sink ESMTP\r\n").await;
    let mut rcpt = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if r.read_line(&mut line).await.unwrap_or(0) == 0 {
            return;
        }
        let cmd = line.trim_end().to_ascii_uppercase();
        let reply: &[u8] = if cmd.starts_with("EHLO") {
            b"250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"
        } else if cmd.starts_with("MAIL FROM") {
            rcpt.clear();
            b"250 OK\r\n"
        } else if cmd.starts_with("RCPT TO") {
            let addr = line.trim_end()[8..]
                .trim()
                .trim_start_matches('<')
                .split('>')
                .next()
                .unwrap_or_default()
                .to_owned();
            rcpt.push(addr);
            b"250 OK\r\n"
        } else if cmd == "DATA" {
            let _ = w.write_all(b"354 go on\r\n").await;
            let mut raw = String::new();
            loop {
                line.clear();
                if r.read_line(&mut line).await.unwrap_or(0) == 0 {
                    return;
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                raw.push_str(line.strip_prefix('.').unwrap_or(&line));
            }
            let text = decode_parts(&raw);
            store.lock().unwrap().push(Mail {
                rcpt: std::mem::take(&mut rcpt),
                raw,
                text,
            });
            b"250 queued\r\n"
        } else if cmd == "QUIT" {
            let _ = w.write_all(b"221 bye\r\n").await;
            return;
        } else {
            b"250 OK\r\n"
        };
        let _ = w.write_all(reply).await;
    }
}

/// The decoded text/plain parts of a message (base64 or quoted-printable), joined.
fn decode_parts(raw: &str) -> String {
    let boundary = raw.find("boundary=\"").map(|at| {
        raw[at + 10..]
            .split('"')
            .next()
            .unwrap_or_default()
            .to_owned()
    });
    let parts: Vec<&str> = match &boundary {
        Some(b) => raw.split(&format!("--{b}")).skip(1).collect(),
        None => vec![raw],
    };
    let mut out = String::new();
    for part in parts {
        let Some((head, body)) = part.trim_start_matches("\r\n").split_once("\r\n\r\n") else {
            continue;
        };
        let head = head.to_ascii_lowercase();
        if boundary.is_some() && !head.contains("content-type: text/plain") {
            continue;
        }
        if head.contains("content-transfer-encoding: base64") {
            let joined: String = body.split_whitespace().collect();
            if let Ok(b) = base64::engine::general_purpose::STANDARD.decode(joined) {
                out.push_str(&String::from_utf8_lossy(&b));
            }
        } else if head.contains("content-transfer-encoding: quoted-printable") {
            out.push_str(&quoted_printable(body));
        } else {
            out.push_str(body);
        }
        out.push('\n');
    }
    out
}

fn quoted_printable(s: &str) -> String {
    let s = s.replace("=\r\n", "");
    let b = s.as_bytes();
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'='
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
