//! SMS delivery: an HTTP gateway, or a JSON-lines file.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, HeaderName, HeaderValue};

use crate::error::{ConfigError, SendError};
use crate::util::{check_key, create_private_dir, io_kind, now_rfc3339, private_file_options};

/// One SMS ready to go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingSms {
    /// E.164, e.g. `+994501234567`.
    pub to: String,
    pub text: String,
    /// `[A-Za-z0-9_-]{1,128}`; sent as `Idempotency-Key` and as `{{id}}`.
    pub idempotency_key: String,
}

/// Settings of an HTTP SMS gateway.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpGatewaySettings {
    /// `http://` or `https://` URL the message is POSTed to.
    pub url: String,
    /// Extra header for authentication, as (name, value).
    pub auth_header: Option<(String, String)>,
    /// JSON text with `{{to}}`, `{{text}}` and `{{id}}` inside JSON strings,
    /// e.g. `{"to":"{{to}}","body":"{{text}}","ref":"{{id}}"}`.
    pub body_template: String,
    /// Limit for the whole request.
    pub timeout: Duration,
}

impl fmt::Debug for HttpGatewaySettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URL and header value may hold API keys.
        f.debug_struct("HttpGatewaySettings")
            .field("url", &"<redacted>")
            .field(
                "auth_header",
                &self.auth_header.as_ref().map(|(n, _)| (n, "<redacted>")),
            )
            .field("body_template", &self.body_template)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// An HTTP SMS gateway with its own connection pool. Build it once.
#[derive(Clone)]
pub struct HttpGateway {
    url: reqwest::Url,
    auth: Option<(HeaderName, HeaderValue)>,
    template: String,
    client: reqwest::Client,
}

impl fmt::Debug for HttpGateway {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HttpGateway { .. }")
    }
}

impl HttpGateway {
    /// Validates the settings and builds the HTTP client.
    pub fn new(s: &HttpGatewaySettings) -> Result<Self, ConfigError> {
        let url = reqwest::Url::parse(&s.url)
            .map_err(|_| ConfigError("SMS gateway URL is not a valid URL".into()))?;
        if url.scheme() != "https" && url.scheme() != "http" {
            return Err(ConfigError("SMS gateway URL must be http or https".into()));
        }
        Self::check_template(&s.body_template).map_err(ConfigError)?;
        let auth = match &s.auth_header {
            None => None,
            Some((name, value)) => {
                let name = HeaderName::from_bytes(name.as_bytes())
                    .map_err(|_| ConfigError("SMS gateway auth header name is invalid".into()))?;
                let mut value = HeaderValue::from_str(value)
                    .map_err(|_| ConfigError("SMS gateway auth header value is invalid".into()))?;
                value.set_sensitive(true);
                Some((name, value))
            }
        };
        let client = reqwest::Client::builder()
            .timeout(s.timeout)
            .connect_timeout(s.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("amanat-notify/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|_| ConfigError("HTTP client could not be built".into()))?;
        Ok(HttpGateway {
            url,
            auth,
            template: s.body_template.clone(),
            client,
        })
    }

    /// Checks a body template at startup: it must use `{{to}}` and
    /// `{{text}}`, know no other placeholders than those and `{{id}}`, and
    /// stay valid JSON whatever text is filled in (so every placeholder has
    /// to sit inside a JSON string).
    pub fn check_template(template: &str) -> Result<(), String> {
        for needed in ["{{to}}", "{{text}}"] {
            if !template.contains(needed) {
                return Err(format!("template does not use {needed}"));
            }
        }
        let mut rest = template;
        while let Some(i) = rest.find("{{") {
            let after = &rest[i + 2..];
            if let Some(end) = after.find("}}") {
                let name = &after[..end];
                let looks_like_placeholder = !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
                if looks_like_placeholder && !matches!(name, "to" | "text" | "id") {
                    return Err(format!("template uses unknown placeholder {{{{{name}}}}}"));
                }
            }
            rest = after;
        }
        let sample = fill_template(template, "+10000000000", "a \"b\"\n\\c {{id}} سلام", "k-1");
        serde_json::from_str::<serde_json::Value>(&sample)
            .map(|_| ())
            .map_err(|_| {
                "template is not valid JSON once values are filled in \
                 (placeholders must sit inside JSON strings)"
                    .to_owned()
            })
    }

    async fn send(&self, m: &OutgoingSms) -> Result<(), SendError> {
        check_key(&m.idempotency_key)?;
        let body = fill_template(&self.template, &m.to, &m.text, &m.idempotency_key);
        if serde_json::from_str::<serde_json::Value>(&body).is_err() {
            return Err(SendError::permanent("template is not valid JSON"));
        }
        let mut req = self
            .client
            .post(self.url.clone())
            .header(CONTENT_TYPE, "application/json")
            .header("Idempotency-Key", m.idempotency_key.as_str())
            .body(body);
        if let Some((name, value)) = &self.auth {
            req = req.header(name.clone(), value.clone());
        }
        // reqwest's error text includes the URL, which may carry an API key;
        // only the kind of failure is reported.
        let resp = req.send().await.map_err(|e| {
            if e.is_timeout() {
                SendError::transient("SMS gateway did not answer in time")
            } else if e.is_connect() {
                SendError::transient("could not connect to the SMS gateway")
            } else {
                SendError::transient("SMS gateway request failed")
            }
        })?;
        let status = resp.status();
        if status.is_success() {
            Ok(())
        } else if status.as_u16() == 429 || status.is_server_error() {
            Err(SendError::transient(format!(
                "SMS gateway answered {}",
                status.as_u16()
            )))
        } else {
            Err(SendError::permanent(format!(
                "SMS gateway answered {}",
                status.as_u16()
            )))
        }
    }
}

/// Where SMS go.
#[derive(Debug)]
pub enum SmsTransport {
    /// A JSON-over-HTTP gateway (see [`SmsTransport::http`]).
    Http(HttpGateway),
    /// Appends one JSON line `{"at","id","text","to"}` per message.
    JsonlFile(PathBuf),
}

/// Serialises JSONL appends of this process so lines never interleave.
static JSONL_LOCK: Mutex<()> = Mutex::new(());

impl SmsTransport {
    /// An HTTP gateway transport built from `settings`.
    pub fn http(settings: &HttpGatewaySettings) -> Result<Self, ConfigError> {
        HttpGateway::new(settings).map(SmsTransport::Http)
    }

    /// Delivers one SMS. Retry on [`SendError::Transient`].
    pub async fn send(&self, m: &OutgoingSms) -> Result<(), SendError> {
        match self {
            SmsTransport::Http(g) => g.send(m).await,
            SmsTransport::JsonlFile(path) => {
                let mut line = serde_json::json!({
                    "id": m.idempotency_key,
                    "to": m.to,
                    "text": m.text,
                    "at": now_rfc3339(),
                })
                .to_string();
                line.push('\n');
                let path = path.clone();
                tokio::task::spawn_blocking(move || append_line(&path, line.as_bytes()))
                    .await
                    .map_err(|_| SendError::transient("SMS file writer stopped"))?
                    .map_err(|e| {
                        SendError::transient(format!(
                            "could not write the SMS file ({})",
                            io_kind(&e)
                        ))
                    })
            }
        }
    }
}

fn append_line(path: &Path, line: &[u8]) -> std::io::Result<()> {
    // Held until the data is on disk, inside the blocking task, so even a
    // cancelled caller cannot let another line start before this one ends.
    let _guard = JSONL_LOCK.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_private_dir(parent)?;
    }
    let mut f = private_file_options()
        .append(true)
        .create(true)
        .open(path)?;
    f.write_all(line)?;
    f.flush()?;
    f.sync_data()
}

/// Replaces `{{to}}`, `{{text}}` and `{{id}}` in one pass (text that was
/// filled in is never scanned again), escaping each value for a JSON string.
fn fill_template(template: &str, to: &str, text: &str, id: &str) -> String {
    let mut out = String::with_capacity(template.len() + text.len() + 64);
    let mut rest = template;
    while let Some(i) = rest.find("{{") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let (value, len) = if tail.starts_with("{{to}}") {
            (Some(to), 6)
        } else if tail.starts_with("{{text}}") {
            (Some(text), 8)
        } else if tail.starts_with("{{id}}") {
            (Some(id), 6)
        } else {
            (None, 2)
        };
        match value {
            Some(v) => push_json_escaped(&mut out, v),
            None => out.push_str("{{"),
        }
        rest = &tail[len..];
    }
    out.push_str(rest);
    out
}

fn push_json_escaped(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_in_one_pass_and_escapes() {
        let t = r#"{"to":"{{to}}","msg":"{{text}}","id":"{{id}}","x":"{{other"}"#;
        let text = "He said \"hi\"\n\tسلام {{id}} \\ \u{1}";
        let out = fill_template(t, "+15550001", text, "k1");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["msg"], text);
        assert_eq!(v["to"], "+15550001");
        assert_eq!(v["id"], "k1");
        assert_eq!(v["x"], "{{other");
    }

    #[test]
    fn template_checks() {
        assert!(HttpGateway::check_template(r#"{"to":"{{to}}","text":"{{text}}"}"#).is_ok());
        assert!(
            HttpGateway::check_template(
                r#"{"a":{"to":["{{to}}"]},"t":"SMS: {{text}}","r":"{{id}}"}"#
            )
            .is_ok()
        );
        // placeholder outside a string
        assert!(HttpGateway::check_template(r#"{"to":{{to}},"text":"{{text}}"}"#).is_err());
        // missing text
        assert!(HttpGateway::check_template(r#"{"to":"{{to}}"}"#).is_err());
        // unknown placeholder
        assert!(
            HttpGateway::check_template(r#"{"to":"{{to}}","text":"{{text}}","k":"{{key}}"}"#)
                .is_err()
        );
        // not JSON at all
        assert!(HttpGateway::check_template("to={{to}}&text={{text}}").is_err());
    }
}
