//! Email delivery: SMTP through lettre, or `.eml` files in a directory.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::error::{ConfigError, SendError};
use crate::util::{check_key, create_private_dir, io_kind, private_file_options};

/// One email ready to go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingEmail {
    pub to: String,
    pub from: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// `[A-Za-z0-9_-]{1,128}`. Names the `.eml` file and makes the
    /// Message-ID `<key@amanat>`, so a copy re-sent after a crash carries the
    /// same Message-ID and can be recognised as a duplicate.
    pub idempotency_key: String,
}

/// How the SMTP connection is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// Plain text. Only for a relay on the same host or a private network.
    None,
    /// Connect in plain text, then require STARTTLS (usually port 587).
    StartTls,
    /// TLS from the first byte (usually port 465).
    Tls,
}

/// Settings of an SMTP relay.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: Option<String>,
    pub password: Option<String>,
    /// Limit for connecting and for each SMTP command.
    pub timeout: Duration,
    /// Name sent with EHLO; `None` sends the address literal `[127.0.0.1]`.
    pub hello_name: Option<String>,
}

impl fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("timeout", &self.timeout)
            .field("hello_name", &self.hello_name)
            .finish()
    }
}

/// An SMTP relay with its connection pool. Build it once and reuse it.
#[derive(Clone)]
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
}

impl fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SmtpMailer { .. }")
    }
}

impl SmtpMailer {
    /// Builds the transport and its pool. No connection is opened yet.
    pub fn new(s: &SmtpSettings) -> Result<Self, ConfigError> {
        if s.host.trim().is_empty() {
            return Err(ConfigError("SMTP host is empty".into()));
        }
        let tls = match s.security {
            SmtpSecurity::None => Tls::None,
            SmtpSecurity::StartTls | SmtpSecurity::Tls => {
                let params = TlsParameters::new(s.host.clone()).map_err(|_| {
                    ConfigError("TLS settings for the SMTP host are invalid".into())
                })?;
                if s.security == SmtpSecurity::Tls {
                    Tls::Wrapper(params)
                } else {
                    Tls::Required(params)
                }
            }
        };
        let mut b = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(s.host.clone())
            .port(s.port)
            .tls(tls)
            .timeout(Some(s.timeout));
        if let Some(name) = &s.hello_name {
            b = b.hello_name(ClientId::Domain(name.clone()));
        }
        match (&s.username, &s.password) {
            (Some(u), Some(p)) => b = b.credentials(Credentials::new(u.clone(), p.clone())),
            (None, None) => {}
            _ => {
                return Err(ConfigError(
                    "SMTP username and password must be given together".into(),
                ));
            }
        }
        Ok(SmtpMailer {
            transport: b.build(),
        })
    }

    async fn send(&self, m: &OutgoingEmail) -> Result<(), SendError> {
        let message = build_message(m)?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| classify_smtp(&e))
    }
}

/// Where emails go.
#[derive(Debug)]
pub enum MailTransport {
    /// An SMTP relay (see [`MailTransport::smtp`]).
    Smtp(SmtpMailer),
    /// One `<idempotency_key>.eml` file per message in this directory, for
    /// development, tests, or a separate process that forwards the files.
    EmlDir(PathBuf),
}

impl MailTransport {
    /// An SMTP transport built from `settings`.
    pub fn smtp(settings: &SmtpSettings) -> Result<Self, ConfigError> {
        SmtpMailer::new(settings).map(MailTransport::Smtp)
    }

    /// Delivers one email. Retry on [`SendError::Transient`].
    pub async fn send(&self, m: &OutgoingEmail) -> Result<(), SendError> {
        match self {
            MailTransport::Smtp(mailer) => mailer.send(m).await,
            MailTransport::EmlDir(dir) => {
                let message = build_message(m)?;
                let bytes = message.formatted();
                let dir = dir.clone();
                let key = m.idempotency_key.clone();
                tokio::task::spawn_blocking(move || write_atomic(&dir, &key, &bytes))
                    .await
                    .map_err(|_| SendError::transient("mail file writer stopped"))?
                    .map_err(|e| {
                        SendError::transient(format!(
                            "could not write the mail file ({})",
                            io_kind(&e)
                        ))
                    })
            }
        }
    }
}

/// `Auto-Submitted: auto-generated` (RFC 3834): tells auto-responders and
/// vacation replies not to answer.
#[derive(Clone)]
struct AutoSubmitted;

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(AutoSubmitted)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".to_owned())
    }
}

fn build_message(m: &OutgoingEmail) -> Result<Message, SendError> {
    check_key(&m.idempotency_key)?;
    let from: Mailbox = m
        .from
        .parse()
        .map_err(|_| SendError::permanent("sender address is not valid"))?;
    let to: Mailbox =
        m.to.parse()
            .map_err(|_| SendError::permanent("recipient address is not valid"))?;
    Message::builder()
        .from(from)
        .to(to)
        .subject(m.subject.clone())
        .message_id(Some(format!("<{}@amanat>", m.idempotency_key)))
        .header(AutoSubmitted)
        .multipart(MultiPart::alternative_plain_html(
            m.text.clone(),
            m.html.clone(),
        ))
        .map_err(|_| SendError::permanent("message could not be assembled"))
}

fn classify_smtp(e: &lettre::transport::smtp::Error) -> SendError {
    // lettre's own Display carries the server's reply text, which often
    // quotes the recipient address; only the numeric code is kept here.
    if let Some(code) = e.status() {
        let n = u16::from(code);
        if e.is_permanent() {
            return SendError::permanent(format!("SMTP server refused the message ({n})"));
        }
        return SendError::transient(format!("SMTP server deferred the message ({n})"));
    }
    if e.is_timeout() {
        SendError::transient("SMTP server did not answer in time")
    } else if e.is_tls() {
        SendError::transient("TLS with the SMTP server failed")
    } else if e.is_response() {
        SendError::transient("SMTP server sent a reply that could not be read")
    } else if e.is_client() {
        SendError::transient("SMTP exchange could not be completed")
    } else {
        SendError::transient("could not talk to the SMTP server")
    }
}

static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `<dir>/<key>.eml` so that readers see either the old file or the
/// complete new one: temp file in the same directory, fsync, rename, fsync
/// of the directory.
fn write_atomic(dir: &Path, key: &str, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    create_private_dir(dir)?;
    let n = TMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!(".{key}.{}.{n}.tmp", std::process::id()));
    let target = dir.join(format!("{key}.eml"));
    let written = (|| {
        let mut f = private_file_options()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, &target)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    Ok(())
}
