//! The outbox worker: delivers queued notices by email and SMS, at least once.
//!
//! Any number of server processes may run it on one database: each claims due messages
//! with a lease, so a message is sent by one process at a time, and a process that dies
//! mid-send leaves the message to be claimed again when the lease ends (the receiving
//! side sees the same Message-ID / Idempotency-Key). Temporary failures are retried with
//! exponential backoff; permanent ones, or ten failed attempts, give the message up.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use amanat_notify::{
    Ctx, HttpGatewaySettings, Lang, MailTransport, OutgoingEmail, OutgoingSms, SendError,
    SmsTransport, SmtpSecurity, SmtpSettings,
};
use chrono::{DateTime, Utc};

use crate::accounts::Queued;
use crate::vault::{Vault, VaultError};

/// Attempts before a message is given up.
pub const MAX_ATTEMPTS: i64 = 10;
const LEASE_MS: i64 = 120_000;

/// The outbox could not be set up from the configuration.
#[derive(Debug, thiserror::Error)]
#[error("notification settings: {0}")]
pub struct OutboxSetupError(pub String);

/// The delivery side of the outbox.
pub struct Outbox {
    vault: Arc<Vault>,
    mail: MailTransport,
    sms: SmsTransport,
    from: String,
    ctx: Ctx,
    wake: Arc<tokio::sync::Notify>,
}

fn env_value(name: &Option<String>, what: &str) -> Result<Option<String>, OutboxSetupError> {
    match name {
        None => Ok(None),
        Some(var) => std::env::var(var).map(Some).map_err(|_| {
            OutboxSetupError(format!("{what}: the environment variable {var} is not set"))
        }),
    }
}

impl Outbox {
    /// Builds the transports the configuration names (or the development files under
    /// `<data_dir>/outbox/`).
    pub fn from_config(
        vault: Arc<Vault>,
        data_dir: &Path,
        wake: Arc<tokio::sync::Notify>,
    ) -> Result<Self, OutboxSetupError> {
        let cfg = vault.config();
        let n = &cfg.notify;
        let mail = match &n.smtp {
            None => MailTransport::EmlDir(data_dir.join("outbox").join("mail")),
            Some(s) => MailTransport::smtp(&SmtpSettings {
                host: s.host.clone(),
                port: s.port,
                security: match s.security.as_str() {
                    "none" => SmtpSecurity::None,
                    "tls" => SmtpSecurity::Tls,
                    _ => SmtpSecurity::StartTls,
                },
                username: s.username.clone(),
                password: env_value(&s.password_env, "notify.email.smtp_password_env")?,
                timeout: Duration::from_secs(30),
                hello_name: None,
            })
            .map_err(|e| OutboxSetupError(e.to_string()))?,
        };
        let sms = match &n.sms_gateway {
            None => SmsTransport::JsonlFile(data_dir.join("outbox").join("sms.jsonl")),
            Some(g) => {
                let auth = match (
                    &g.auth_header,
                    env_value(&g.auth_value_env, "notify.sms.auth_value_env")?,
                ) {
                    (Some(h), Some(v)) => Some((h.clone(), v)),
                    (None, None) => None,
                    _ => {
                        return Err(OutboxSetupError(
                            "notify.sms: give both auth_header and auth_value_env, or neither"
                                .into(),
                        ));
                    }
                };
                SmsTransport::http(&HttpGatewaySettings {
                    url: g.url.clone(),
                    auth_header: auth,
                    body_template: g.body_template.clone(),
                    timeout: Duration::from_secs(15),
                })
                .map_err(|e| OutboxSetupError(e.to_string()))?
            }
        };
        let origin = cfg.channels.web_origins.first();
        let ctx = Ctx {
            business: cfg.name.clone(),
            support_url: origin.cloned(),
            freeze_url: cfg.auth.freeze_url.clone(),
            origin_host: origin
                .and_then(|o| o.split("://").nth(1))
                .map(|h| h.split([':', '/']).next().unwrap_or(h).to_owned()),
            code_minutes: cfg.auth.code_ttl_seconds.div_ceil(60),
        };
        Ok(Outbox {
            from: n.email_from.clone(),
            vault,
            mail,
            sms,
            ctx,
            wake,
        })
    }

    /// Delivers every message due at `now`; returns how many were sent.
    pub async fn deliver_due(&self, now: DateTime<Utc>) -> Result<usize, VaultError> {
        let mut sent = 0;
        loop {
            let batch = self
                .vault
                .store()
                .claim_outbox(now.timestamp_millis(), LEASE_MS, 16)
                .await?;
            if batch.is_empty() {
                return Ok(sent);
            }
            for m in batch {
                let outcome = self.deliver(&m).await;
                let store = self.vault.store();
                match outcome {
                    Ok(()) => {
                        store
                            .outbox_sent(&m.id, Utc::now().timestamp_millis())
                            .await?;
                        metrics::counter!("amanat_notices_sent_total", "channel" => m.channel.clone(), "kind" => m.kind.clone()).increment(1);
                        sent += 1;
                    }
                    Err(SendError::Transient(why)) if m.attempts < MAX_ATTEMPTS => {
                        // 5 s, 10 s, 20 s ... at most an hour between attempts.
                        let wait = (5_000_i64 << (m.attempts - 1).clamp(0, 20)).min(3_600_000);
                        tracing::warn!(channel = %m.channel, kind = %m.kind, attempts = m.attempts, error = %why, "notice not delivered; will retry");
                        store
                            .outbox_retry(&m.id, now.timestamp_millis() + wait, &why)
                            .await?;
                        metrics::counter!("amanat_notices_retried_total", "channel" => m.channel.clone()).increment(1);
                    }
                    Err(e) => {
                        let why = e.to_string();
                        tracing::error!(channel = %m.channel, kind = %m.kind, attempts = m.attempts, error = %why, "notice given up");
                        store.outbox_failed(&m.id, &why).await?;
                        metrics::counter!("amanat_notices_failed_total", "channel" => m.channel.clone()).increment(1);
                    }
                }
            }
        }
    }

    async fn deliver(&self, m: &amanat_store::OutboxRow) -> Result<(), SendError> {
        let Some(sealed) = &m.payload_sealed else {
            return Err(SendError::Permanent("the message has no payload".into()));
        };
        let plain = match &m.customer_id {
            // A final notice before an erasure: sealed under an installation key.
            None => {
                amanat_crypto::open(&self.vault.final_notice_key(&m.id), m.id.as_bytes(), sealed)
                    .map_err(|_| {
                        SendError::Permanent("the payload failed its integrity check".into())
                    })?
            }
            Some(customer) => self
                .vault
                .open_for(customer, &format!("outbox:{}", m.id), sealed)
                .await
                .map_err(|e| match e {
                    VaultError::NotFound => {
                        SendError::Permanent("the customer's key is gone (erased)".into())
                    }
                    VaultError::Integrity => {
                        SendError::Permanent("the payload failed its integrity check".into())
                    }
                    _ => SendError::Transient("the payload could not be opened now".into()),
                })?,
        };
        let q: Queued = serde_json::from_slice(&plain)
            .map_err(|_| SendError::Permanent("the payload is not a notice".into()))?;
        let lang = Lang::parse(&q.lang).unwrap_or(Lang::En);
        if m.channel == "email" {
            let r = amanat_notify::render_email(&q.notice, lang, &self.ctx)
                .map_err(|e| SendError::Permanent(format!("rendering failed: {e}")))?;
            self.mail
                .send(&OutgoingEmail {
                    to: q.to,
                    from: self.from.clone(),
                    subject: r.subject,
                    text: r.text,
                    html: r.html,
                    idempotency_key: m.idempotency_key.clone(),
                })
                .await
        } else {
            let text = amanat_notify::render_sms(&q.notice, lang, &self.ctx)
                .map_err(|e| SendError::Permanent(format!("rendering failed: {e}")))?;
            self.sms
                .send(&OutgoingSms {
                    to: q.to,
                    text,
                    idempotency_key: m.idempotency_key.clone(),
                })
                .await
        }
    }

    /// Delivers until `stop` turns true: woken when a message is queued, and every
    /// second for retries and other processes' messages.
    pub async fn run(self: Arc<Self>, mut stop: tokio::sync::watch::Receiver<bool>) {
        loop {
            if *stop.borrow() {
                return;
            }
            if let Err(e) = self.deliver_due(Utc::now()).await {
                tracing::error!(error = %e, "outbox pass failed");
            }
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                _ = stop.changed() => {}
            }
        }
    }
}
