//! Customer accounts: sign-up with verified email and phone, sign-in with a password and
//! a second factor (SMS code or authenticator app), sessions, password change and reset,
//! freezing and unfreezing, and the security notices each step sends.
//!
//! Rules kept here, whatever the transport:
//! - answers never tell whether an account exists: unknown logins cost a dummy hash,
//!   carry their own failure counters and get the same answers;
//! - codes come from the operating system's CSPRNG, are stored only as keyed hashes bound
//!   to their challenge, expire, are single-use and allow a few tries, all counted by the
//!   database in one statement;
//! - SMS codes go only to allowed countries and within per-number and per-country caps;
//! - every step is audited with the actor and never a value.

use std::collections::HashMap;
use std::sync::Arc;

use amanat_core::{CustomerId, FieldKind, Role};
use amanat_password::{PersonalData, Policy, Verdict};
use amanat_store::{
    AccountRow, AuditEvent, ChallengeRow, FreezeCaseRow, FreezeStep, OutboxRow, SessionRow,
    StoreError,
};
use base64::Engine;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::hasher::{HashError, Hasher};
use crate::vault::{Actor, Vault, VaultError};

/// Why an account operation was refused. Messages never hold values and never tell
/// whether an account exists where that matters.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// Wrong login or password, or an account that cannot sign in.
    #[error("the login or the password is wrong; if you forgot the password, ask for a reset link")]
    InvalidCredentials,
    /// Too many attempts; try again later.
    #[error("too many attempts; try again in {retry_after} seconds")]
    TooManyAttempts {
        /// Seconds to wait.
        retry_after: i64,
    },
    /// Too many failed passwords locked the account.
    #[error(
        "the account is locked after too many wrong passwords; reset the password with the link sent by email to unlock it"
    )]
    Locked,
    /// The account is frozen.
    #[error(
        "the account is frozen; to unfreeze it, prove your email, verify a phone and wait for staff approval (POST /api/v1/unfreeze)"
    )]
    Frozen,
    /// Sign-up is not finished.
    #[error(
        "the email and phone of this account are not verified yet; enter the codes sent at sign-up"
    )]
    Pending,
    /// The password policy refused the password.
    #[error("the password was refused")]
    WeakPassword(Verdict),
    /// A code that does not match, or an unknown or finished flow.
    #[error("the code is wrong or has expired; ask for a new code")]
    BadCode,
    /// No tries left on this code.
    #[error("this code has no tries left or has expired; ask for a new code")]
    CodeSpent,
    /// A new code was asked for too soon.
    #[error("a new code can be sent in {retry_after} seconds")]
    ResendTooSoon {
        /// Seconds to wait.
        retry_after: i64,
    },
    /// The SMS caps for this number or country are reached.
    #[error("no more codes can be sent to this number for now; try again in {retry_after} seconds")]
    SmsLimit {
        /// Seconds to wait.
        retry_after: i64,
    },
    /// The caps on emailed codes for this address are reached.
    #[error(
        "no more codes can be sent to this email address for now; try again in {retry_after} seconds"
    )]
    EmailLimit {
        /// Seconds to wait.
        retry_after: i64,
    },
    /// Codes are not sent by SMS to numbers of this country.
    #[error(
        "codes are not sent by SMS to numbers of this country; use a number of a country this service supports"
    )]
    SmsCountry,
    /// No valid session.
    #[error("sign in first: send the session token as a cookie or as Authorization: Bearer")]
    NoSession,
    /// Something in the request is wrong.
    #[error("{0}")]
    BadRequest(String),
    /// Not found (a session, a case).
    #[error("{0}")]
    NotFound(&'static str),
    /// The state does not allow this step.
    #[error("{0}")]
    Conflict(&'static str),
    /// The vault refused or failed.
    #[error(transparent)]
    Vault(#[from] VaultError),
    /// Hashing failed.
    #[error(transparent)]
    Hash(#[from] HashError),
}

impl From<StoreError> for AuthError {
    fn from(e: StoreError) -> Self {
        AuthError::Vault(e.into())
    }
}

/// A queued message: its destination, language and content. Sealed in the outbox.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Queued {
    /// Email address or E.164 number.
    pub to: String,
    /// Language code.
    pub lang: String,
    /// What to say.
    pub notice: amanat_notify::Notice,
}

/// A new session: its token (shown once) and its record.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// The bearer token; only its digest is stored.
    pub token: String,
    /// The record.
    pub session: SessionRow,
}

/// A contact change's flow kind (also the sealing context of the new value), the channel
/// its code goes by, and the field's everyday name.
fn contact_flow(kind: FieldKind) -> (&'static str, &'static str, &'static str) {
    if kind == FieldKind::Email {
        ("contact_email", "email", "email")
    } else {
        ("contact_phone", "sms", "phone")
    }
}

/// The answer to a first sign-in step or a sign-up: a flow to finish with codes.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FlowStarted {
    /// Send this back with the code.
    pub flow_id: String,
    /// Which second factors can finish the flow (`sms`, `totp`, `email`).
    pub methods: Vec<String>,
    /// Seconds the code stays valid.
    pub expires_in: i64,
    /// Seconds before another code may be asked for.
    pub resend_after: i64,
}

/// Where a request came from, for limits and the session list. Neither value is stored
/// in clear: the address only as a keyed digest inside counters.
#[derive(Debug, Clone, Default)]
pub struct Client {
    /// The client's IP address, if known.
    pub ip: Option<std::net::IpAddr>,
    /// A coarse device description derived from the User-Agent.
    pub device: String,
}

/// The account service.
pub struct Accounts {
    vault: Arc<Vault>,
    hasher: Hasher,
    policy: Policy,
    wake: Arc<tokio::sync::Notify>,
    /// Work done after the answer (sign-up creation, reset and unfreeze mails).
    after_answer: Arc<crate::tasks::AfterAnswer>,
}

const FLOW_MINUTES: i64 = 30;

fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

/// A random URL-safe secret of 32 bytes.
fn secret_token(prefix: &str) -> String {
    let bytes: [u8; 32] = amanat_crypto::random_bytes();
    format!(
        "{prefix}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

/// The window a rate cap counts in: the current clock hour or UTC day.
#[derive(Debug, Clone, Copy)]
enum Window {
    Hour,
    Day,
}

impl Window {
    fn ms(self) -> i64 {
        match self {
            Window::Hour => 3_600_000,
            Window::Day => 86_400_000,
        }
    }

    /// When the window holding `t` (ms) began.
    fn start(self, t: i64) -> i64 {
        t - t.rem_euclid(self.ms())
    }
}

/// A uniformly random 6-digit code from the operating system's CSPRNG.
fn six_digits() -> String {
    loop {
        let v = u32::from_be_bytes(amanat_crypto::random_bytes());
        // 4_294_000_000 is the largest multiple of 1_000_000 below 2^32: no modulo bias.
        if v < 4_294_000_000 {
            return format!("{:06}", v % 1_000_000);
        }
    }
}

fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn flow_hash(flow_id: &str, kind: &str) -> Vec<u8> {
    amanat_crypto::token_digest(&format!("flow:{kind}:{flow_id}")).to_vec()
}

/// What the password policy knows of a business: its names and domains are refused in
/// passwords. `second_factor` lowers the minimum length to 8 (NIST SP 800-63B).
pub fn password_context(
    config: Option<&amanat_core::Config>,
    second_factor: bool,
) -> amanat_password::Context {
    let mut names = Vec::new();
    let mut domains = Vec::new();
    if let Some(config) = config {
        names.push(config.name.clone());
        names.extend(config.brand_names.iter().cloned());
        domains.extend(config.channels.email_domains.iter().cloned());
        for o in &config.channels.web_origins {
            if let Some(host) = o.split("://").nth(1) {
                domains.push(
                    host.split([':', '/'])
                        .next()
                        .unwrap_or(host)
                        .trim_start_matches("www.")
                        .to_owned(),
                );
            }
        }
    }
    domains.sort();
    domains.dedup();
    amanat_password::Context {
        business_names: names,
        business_domains: domains,
        second_factor,
    }
}

/// The password policy of sign-up, change and reset: sign-in always has a second
/// factor, so 8 characters is the minimum.
pub fn password_policy(config: &amanat_core::Config) -> Policy {
    Policy::new(password_context(Some(config), true))
}

/// Masks an address or number for a notice: `a***@example.com`, `+99450***67`.
pub fn mask(value: &str) -> String {
    if let Some((local, domain)) = value.split_once('@') {
        let first: String = local.chars().take(1).collect();
        return format!("{first}***@{domain}");
    }
    let chars: Vec<char> = value.chars().collect();
    if chars.len() <= 6 {
        return "***".into();
    }
    let head: String = chars[..chars.len().min(6) - 1].iter().collect();
    let tail: String = chars[chars.len() - 2..].iter().collect();
    format!("{head}***{tail}")
}

/// A coarse description of a device from its User-Agent: browser family and system.
pub fn device_of(user_agent: &str) -> String {
    let ua = user_agent.to_ascii_lowercase();
    let browser = if ua.contains("edg/") {
        "Edge"
    } else if ua.contains("opr/") || ua.contains("opera") {
        "Opera"
    } else if ua.contains("firefox/") {
        "Firefox"
    } else if ua.contains("chrome/") || ua.contains("chromium/") {
        "Chrome"
    } else if ua.contains("safari/") {
        "Safari"
    } else if ua.starts_with("curl/") {
        "curl"
    } else if ua.is_empty() {
        "unknown client"
    } else {
        "other client"
    };
    let system = if ua.contains("android") {
        " on Android"
    } else if ua.contains("iphone") || ua.contains("ipad") {
        " on iOS"
    } else if ua.contains("windows") {
        " on Windows"
    } else if ua.contains("mac os") || ua.contains("macintosh") {
        " on macOS"
    } else if ua.contains("linux") {
        " on Linux"
    } else {
        ""
    };
    format!("{browser}{system}")
}

impl Accounts {
    /// Builds the service; fails when the Argon2 parameters are unusable.
    pub fn new(vault: Arc<Vault>, wake: Arc<tokio::sync::Notify>) -> Result<Self, HashError> {
        let hasher = Hasher::new(vault.config().auth.argon2)?;
        let policy = password_policy(vault.config());
        Ok(Accounts {
            vault,
            hasher,
            policy,
            wake,
            after_answer: Arc::default(),
        })
    }

    /// The work still running after its answer; shutdown waits for it.
    pub fn after_answer(&self) -> &Arc<crate::tasks::AfterAnswer> {
        &self.after_answer
    }

    /// The vault.
    pub fn vault(&self) -> &Arc<Vault> {
        &self.vault
    }

    /// The hashing pool.
    pub fn hasher(&self) -> &Hasher {
        &self.hasher
    }

    /// A flow whose codes were just sent by `methods`.
    fn flow(&self, flow_id: String, methods: &[&str]) -> FlowStarted {
        FlowStarted {
            flow_id,
            methods: methods.iter().map(|m| (*m).to_owned()).collect(),
            expires_in: i64::from(self.auth().code_ttl_seconds),
            resend_after: i64::from(self.auth().code_resend_seconds),
        }
    }

    fn auth(&self) -> &amanat_core::auth_config::AuthSettings {
        &self.vault.config().auth
    }

    fn lang(&self, requested: Option<&str>) -> String {
        let cfg = self.vault.config();
        requested
            .map(|l| l.split(['-', '_']).next().unwrap_or(l).to_ascii_lowercase())
            .filter(|l| amanat_core::config::SUPPORTED_LOCALES.contains(&l.as_str()))
            .unwrap_or_else(|| cfg.default_locale().to_owned())
    }

    fn local_time(&self, now: DateTime<Utc>) -> String {
        let tz = self.vault.config().time_zone;
        format!(
            "{} ({})",
            now.with_timezone(&tz).format("%Y-%m-%d %H:%M"),
            tz.name()
        )
    }

    fn system_actor() -> Actor {
        Actor {
            id: "system".into(),
            role: Role::Admin,
        }
    }

    fn customer_actor(id: &str) -> Actor {
        Actor {
            id: format!("customer:{id}"),
            role: Role::Customer,
        }
    }

    fn event(
        actor: &str,
        role: &str,
        action: &str,
        subject: &str,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> AuditEvent {
        AuditEvent {
            at: ms(now),
            actor: actor.to_owned(),
            role: role.to_owned(),
            action: action.to_owned(),
            subject: subject.to_owned(),
            purpose: "security".into(),
            fields: Vec::new(),
            request_id: request_id.to_owned(),
        }
    }

    fn customer_event(id: &str, action: &str, request_id: &str, now: DateTime<Utc>) -> AuditEvent {
        Self::event(
            &format!("customer:{id}"),
            "customer",
            action,
            id,
            request_id,
            now,
        )
    }

    fn personal_data(&self, values: &std::collections::BTreeMap<String, String>) -> PersonalData {
        let cfg = self.vault.config();
        let by_kind = |k: FieldKind| {
            self.vault
                .field_of_kind(k)
                .and_then(|n| values.get(n))
                .cloned()
        };
        let named = |names: &[&str]| names.iter().find_map(|n| values.get(*n)).cloned();
        let _ = cfg;
        PersonalData {
            given_name: named(&["given_name", "first_name", "name"]),
            family_name: named(&["family_name", "last_name", "surname"]),
            birth_date: self
                .vault
                .config()
                .fields
                .iter()
                .find(|f| f.kind == FieldKind::Date && f.name.contains("birth"))
                .and_then(|f| values.get(&f.name))
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            phone: by_kind(FieldKind::Phone),
            email: by_kind(FieldKind::Email),
            username: by_kind(FieldKind::Username),
        }
    }

    /// Checks a password against the policy and the customer's data.
    pub fn check_password(
        &self,
        password: &str,
        values: &std::collections::BTreeMap<String, String>,
        lang: &str,
    ) -> Result<(), AuthError> {
        let verdict = self
            .policy
            .check(password, &self.personal_data(values), lang);
        if verdict.accepted {
            Ok(())
        } else {
            Err(AuthError::WeakPassword(verdict))
        }
    }

    /// Counts one attempt of this client against the per-IP limit.
    pub async fn ip_quota(&self, client: &Client, now: DateTime<Utc>) -> Result<(), AuthError> {
        let Some(ip) = client.ip else { return Ok(()) };
        let key = format!(
            "ip:{}",
            hex::encode(&self.vault.keyed_digest("rate-ip", &ip.to_string())[..16])
        );
        let window = ms(now) - ms(now).rem_euclid(60_000);
        let limit = i64::from(self.auth().ip_attempts_per_minute);
        if self
            .vault
            .store()
            .take_quota(&[(key, window, limit)])
            .await?
            .is_some()
        {
            return Err(AuthError::TooManyAttempts {
                retry_after: (window + 60_000 - ms(now)).div_euclid(1000).max(1),
            });
        }
        Ok(())
    }

    // ----- outbox -----

    /// Queues a notice for a customer, sealed under their key, and wakes the worker.
    pub async fn enqueue(
        &self,
        customer_id: &str,
        to: &str,
        lang: &str,
        notice: amanat_notify::Notice,
        now: DateTime<Utc>,
    ) -> Result<(), AuthError> {
        let row = self.outbox_row(customer_id, to, lang, notice, now).await?;
        self.vault.store().enqueue(&row).await?;
        self.wake.notify_one();
        Ok(())
    }

    /// A message for the outbox, its payload sealed under the customer's data key.
    async fn outbox_row(
        &self,
        customer_id: &str,
        to: &str,
        lang: &str,
        notice: amanat_notify::Notice,
        now: DateTime<Utc>,
    ) -> Result<OutboxRow, AuthError> {
        let id = uuid::Uuid::new_v4().to_string();
        let channel = if to.contains('@') { "email" } else { "sms" };
        let kind = notice.kind().to_owned();
        let payload = serde_json::to_vec(&Queued {
            to: to.to_owned(),
            lang: lang.to_owned(),
            notice,
        })
        .map_err(|e| AuthError::BadRequest(format!("cannot queue the notice: {e}")))?;
        let sealed = self
            .vault
            .seal_for(customer_id, &format!("outbox:{id}"), &payload)
            .await?;
        Ok(OutboxRow {
            idempotency_key: id.replace('-', ""),
            id,
            customer_id: Some(customer_id.to_owned()),
            channel: channel.into(),
            kind,
            payload_sealed: Some(sealed),
            status: "pending".into(),
            attempts: 0,
            next_attempt_at: ms(now),
            created_at: ms(now),
        })
    }

    /// The customer's email and phone (audited system read for `security`).
    async fn contacts(
        &self,
        customer_id: &str,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(Option<String>, Option<String>), AuthError> {
        let email = self.vault.field_of_kind(FieldKind::Email);
        let phone = self.vault.field_of_kind(FieldKind::Phone);
        let only: Vec<&str> = [email, phone].into_iter().flatten().collect();
        let values = self
            .vault
            .read_fields(
                &Self::system_actor(),
                customer_id,
                Some(&only),
                "security",
                request_id,
                now,
            )
            .await?;
        Ok((
            email.and_then(|n| values.get(n).cloned()),
            phone.and_then(|n| values.get(n).cloned()),
        ))
    }

    /// The language a customer's notices are written in.
    pub async fn language_of(&self, customer_id: &str) -> Result<String, AuthError> {
        Ok(match self.vault.store().account(customer_id).await? {
            Some(a) => a.language,
            None => self.lang(None),
        })
    }

    /// Queues the last notice a customer will get before their erasure: sealed under a
    /// key of the installation (the customer's key is about to be destroyed) and not tied
    /// to the customer, so the erasure does not delete it. Deleted once sent, as any.
    pub async fn enqueue_final(
        &self,
        customer_id: &str,
        notice: amanat_notify::Notice,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AuthError> {
        let lang = self.language_of(customer_id).await?;
        let (Some(to), _) = self.contacts(customer_id, request_id, now).await? else {
            return Ok(());
        };
        let id = uuid::Uuid::new_v4().to_string();
        let kind = notice.kind().to_owned();
        let payload = serde_json::to_vec(&Queued { to, lang, notice })
            .map_err(|e| AuthError::BadRequest(format!("cannot queue the notice: {e}")))?;
        let sealed =
            amanat_crypto::seal(&self.vault.final_notice_key(&id), id.as_bytes(), &payload);
        let row = OutboxRow {
            idempotency_key: id.replace('-', ""),
            id,
            customer_id: None,
            channel: "email".into(),
            kind,
            payload_sealed: Some(sealed),
            status: "pending".into(),
            attempts: 0,
            next_attempt_at: ms(now),
            created_at: ms(now),
        };
        self.vault.store().enqueue(&row).await?;
        self.wake.notify_one();
        Ok(())
    }

    /// Sends a security notice to the customer's email (and, for `also_sms`, phone).
    pub async fn notify_security(
        &self,
        customer_id: &str,
        notice: amanat_notify::Notice,
        also_sms: bool,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AuthError> {
        let lang = match self.vault.store().account(customer_id).await? {
            Some(a) => a.language,
            None => self.lang(None),
        };
        let (email, phone) = self.contacts(customer_id, request_id, now).await?;
        if let Some(e) = email {
            self.enqueue(customer_id, &e, &lang, notice.clone(), now)
                .await?;
        }
        if also_sms && let Some(p) = phone {
            self.enqueue(customer_id, &p, &lang, notice, now).await?;
        }
        Ok(())
    }

    // ----- codes -----

    fn code_hash(&self, challenge_id: &str, code: &str) -> Vec<u8> {
        self.vault
            .keyed_digest("otp-code", &format!("{challenge_id}:{code}"))
            .to_vec()
    }

    /// Takes one from each cap (counter key, hourly or daily window, limit) in one
    /// transaction; `Some(seconds)` until the first full cap's window ends when one is full.
    async fn take_caps(
        &self,
        caps: &[(String, Window, u32)],
        now: DateTime<Utc>,
    ) -> Result<Option<i64>, AuthError> {
        let t = ms(now);
        let counters: Vec<(String, i64, i64)> = caps
            .iter()
            .map(|(key, w, limit)| (key.clone(), w.start(t), i64::from(*limit)))
            .collect();
        Ok(self
            .vault
            .store()
            .take_quota(&counters)
            .await?
            .and_then(|i| caps.get(i))
            .map(|(_, w, _)| ((w.start(t) + w.ms() - t) / 1000).max(1)))
    }

    /// Takes one SMS from the number's and country's caps, or says when to retry.
    async fn sms_quota(&self, phone: &str, now: DateTime<Utc>) -> Result<(), AuthError> {
        let a = self.auth();
        let region = amanat_core::fields::phone_region(phone).ok_or(AuthError::SmsCountry)?;
        if !a.sms_countries.contains(&region) {
            return Err(AuthError::SmsCountry);
        }
        let n = hex::encode(&self.vault.keyed_digest("rate-sms", phone)[..16]);
        let caps = [
            (format!("sms:n:{n}:h"), Window::Hour, a.sms_per_number_hour),
            (format!("sms:n:{n}:d"), Window::Day, a.sms_per_number_day),
            (
                format!("sms:c:{region}:h"),
                Window::Hour,
                a.sms_per_country_hour,
            ),
            (
                format!("sms:c:{region}:d"),
                Window::Day,
                a.sms_per_country_day,
            ),
        ];
        match self.take_caps(&caps, now).await? {
            None => Ok(()),
            Some(retry_after) => Err(AuthError::SmsLimit { retry_after }),
        }
    }

    /// Takes one emailed code from the address's caps, or says when to retry: without them,
    /// anyone could make the server mail codes to any address without end.
    async fn email_quota(&self, email: &str, now: DateTime<Utc>) -> Result<(), AuthError> {
        let a = self.auth();
        let key = email.trim().to_lowercase();
        let n = hex::encode(&self.vault.keyed_digest("rate-email", &key)[..16]);
        let caps = [
            (
                format!("email:a:{n}:h"),
                Window::Hour,
                a.email_per_address_hour,
            ),
            (
                format!("email:a:{n}:d"),
                Window::Day,
                a.email_per_address_day,
            ),
        ];
        match self.take_caps(&caps, now).await? {
            None => Ok(()),
            Some(retry_after) => Err(AuthError::EmailLimit { retry_after }),
        }
    }

    /// Takes one code from the caps of its destination: an email address or a number.
    async fn code_quota(&self, to: &str, now: DateTime<Utc>) -> Result<(), AuthError> {
        if to.contains('@') {
            self.email_quota(to, now).await
        } else {
            self.sms_quota(to, now).await
        }
    }

    fn code_notice(kind: &str, code: String) -> amanat_notify::Notice {
        use amanat_notify::Notice as N;
        match kind {
            "signup_email" | "unfreeze_email" | "contact_email" => N::EmailVerifyCode { code },
            "freeze" => N::FreezeEmailCode { code },
            "signin" => N::SignInCode { code },
            _ => N::PhoneVerifyCode { code },
        }
    }

    /// Opens a challenge and sends its first code to `to` (an address or a number).
    #[allow(clippy::too_many_arguments)]
    async fn start_challenge(
        &self,
        flow_id: &str,
        kind: &str,
        customer_id: &str,
        to: &str,
        lang: &str,
        payload: Option<Vec<u8>>,
        audit: Option<&AuditEvent>,
        now: DateTime<Utc>,
    ) -> Result<(), AuthError> {
        self.code_quota(to, now).await?;
        self.open_challenge(flow_id, kind, customer_id, to, lang, payload, audit, now)
            .await
    }

    /// Opens a challenge and queues its code, without taking SMS quota (the caller did).
    #[allow(clippy::too_many_arguments)]
    async fn open_challenge(
        &self,
        flow_id: &str,
        kind: &str,
        customer_id: &str,
        to: &str,
        lang: &str,
        payload: Option<Vec<u8>>,
        audit: Option<&AuditEvent>,
        now: DateTime<Utc>,
    ) -> Result<(), AuthError> {
        let channel = if to.contains('@') { "email" } else { "sms" };
        let id = uuid::Uuid::new_v4().to_string();
        let code = six_digits();
        let t = ms(now);
        let challenge = ChallengeRow {
            code_hash: Some(self.code_hash(&id, &code)),
            id,
            flow_hash: flow_hash(flow_id, kind),
            kind: kind.into(),
            customer_id: customer_id.into(),
            channel: channel.into(),
            sent_at: t,
            expires_at: t + i64::from(self.auth().code_ttl_seconds) * 1000,
            attempts: 0,
            consumed_at: None,
            flow_expires_at: t + FLOW_MINUTES * 60_000,
            payload_sealed: payload,
        };
        let message = self
            .outbox_row(customer_id, to, lang, Self::code_notice(kind, code), now)
            .await?;
        // One transaction: the challenge, the message with its code, and the audit entry.
        self.vault
            .store()
            .insert_challenge(&challenge, Some(&message), audit)
            .await?;
        self.wake.notify_one();
        Ok(())
    }

    /// Checks a code for a flow and spends the challenge on success.
    async fn prove(
        &self,
        flow_id: &str,
        kind: &str,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<ChallengeRow, AuthError> {
        let ch = self
            .vault
            .store()
            .challenge_by_flow(&flow_hash(flow_id, kind))
            .await?
            .ok_or(AuthError::BadCode)?;
        let code = code.trim();
        let max = i64::from(self.auth().code_max_attempts);
        let stored = self
            .vault
            .store()
            .take_code_attempt(&ch.id, ms(now), max)
            .await?
            .ok_or(AuthError::CodeSpent)?;
        let matches = if ch.channel == "totp" {
            self.totp_matches(&ch.customer_id, code, now).await?
        } else {
            stored.is_some_and(|h| ct_eq(&h, &self.code_hash(&ch.id, code)))
        };
        if !matches {
            return Err(AuthError::BadCode);
        }
        if !self
            .vault
            .store()
            .consume_challenge(&ch.id, ms(now))
            .await?
        {
            return Err(AuthError::BadCode);
        }
        Ok(ch)
    }

    /// Sends a new code for an open flow, after the resend delay.
    pub async fn resend(
        &self,
        flow_id: &str,
        kind: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AuthError> {
        let ch = self
            .vault
            .store()
            .challenge_by_flow(&flow_hash(flow_id, kind))
            .await?
            .ok_or(AuthError::BadCode)?;
        if ch.consumed_at.is_some() || ch.flow_expires_at <= ms(now) || ch.channel == "totp" {
            return Err(AuthError::BadCode);
        }
        let wait = i64::from(self.auth().code_resend_seconds) * 1000;
        if ms(now) - ch.sent_at < wait {
            return Err(AuthError::ResendTooSoon {
                retry_after: ((ch.sent_at + wait - ms(now)) / 1000).max(1),
            });
        }
        let to = self.challenge_destination(&ch, now).await?;
        self.code_quota(&to, now).await?;
        let code = six_digits();
        let ttl = i64::from(self.auth().code_ttl_seconds) * 1000;
        if !self
            .vault
            .store()
            .resend_challenge(&ch.id, &self.code_hash(&ch.id, &code), ms(now), wait, ttl)
            .await?
        {
            return Err(AuthError::ResendTooSoon {
                retry_after: (wait / 1000).max(1),
            });
        }
        let lang = self
            .vault
            .store()
            .account(&ch.customer_id)
            .await?
            .map_or_else(|| self.lang(None), |a| a.language);
        self.enqueue(
            &ch.customer_id,
            &to,
            &lang,
            Self::code_notice(kind, code),
            now,
        )
        .await
    }

    async fn challenge_destination(
        &self,
        ch: &ChallengeRow,
        now: DateTime<Utc>,
    ) -> Result<String, AuthError> {
        if let Some(sealed) = &ch.payload_sealed {
            let plain = self
                .vault
                .open_for(&ch.customer_id, "challenge_phone", sealed)
                .await?;
            return String::from_utf8(plain.to_vec())
                .map_err(|_| AuthError::Vault(VaultError::Integrity));
        }
        let (email, phone) = self.contacts(&ch.customer_id, "resend", now).await?;
        let to = if ch.channel == "email" { email } else { phone };
        to.ok_or(AuthError::Conflict(
            "this account has no address for that code",
        ))
    }

    // ----- sign-up -----

    /// Signs a customer up: checks the fields and the password, creates the customer and
    /// a pending account, and sends codes to the email and the phone. An email, phone or
    /// username already registered gets the same answer and no code (nothing tells the
    /// caller the account exists).
    pub async fn signup(
        self: &Arc<Self>,
        raw: &HashMap<String, serde_json::Value>,
        password: &str,
        lang: Option<&str>,
        client: &Client,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<FlowStarted, AuthError> {
        self.ip_quota(client, now).await?;
        let lang = self.lang(lang);
        let values = self.vault.parse_values(raw, now)?;
        let email_field = self
            .vault
            .field_of_kind(FieldKind::Email)
            .ok_or(AuthError::Conflict(
                "this business has no email field, so customers cannot sign up",
            ))?;
        let phone_field = self
            .vault
            .field_of_kind(FieldKind::Phone)
            .ok_or(AuthError::Conflict(
                "this business has no phone field, so customers cannot sign up",
            ))?;
        for f in &self.vault.config().fields {
            if (f.required_at_signup || f.name == email_field || f.name == phone_field)
                && !values.contains_key(&f.name)
            {
                return Err(VaultError::MissingField(f.name.clone()).into());
            }
        }
        self.check_password(password, &values, &lang)?;
        let phone = values.get(phone_field).cloned().unwrap_or_default();
        let email = values.get(email_field).cloned().unwrap_or_default();
        // The SMS and email caps apply whether or not the number or address is taken, so they
        // tell nothing; both are taken here, before anything is stored.
        self.sms_quota(&phone, now).await?;
        self.email_quota(&email, now).await?;
        let flow_id = secret_token("");
        let started = self.flow(flow_id.clone(), &["email", "sms"]);
        let mut taken = false;
        for f in &self.vault.config().fields {
            if matches!(
                f.kind,
                FieldKind::Email | FieldKind::Phone | FieldKind::Username
            ) && let Some(v) = values.get(&f.name)
                && self.vault.find_login(v, now).await?.is_some()
            {
                taken = true;
            }
        }
        // Hash either way: the time of the answer must not depend on the outcome.
        let phc = self.hasher.hash(password).await?;
        if taken {
            return Ok(started);
        }
        // The rest happens after the answer, so its time tells nothing either.
        let me = Arc::clone(self);
        let request_id = request_id.to_owned();
        self.after_answer.spawn(async move {
            let done = me
                .create_signup(values, phc, lang, (email, phone), flow_id, &request_id, now)
                .await;
            if let Err(e) = done {
                tracing::error!(request_id, error = %e, "a sign-up could not be completed");
            }
        });
        Ok(started)
    }

    #[allow(clippy::too_many_arguments)]
    async fn create_signup(
        &self,
        values: std::collections::BTreeMap<String, String>,
        phc: String,
        lang: String,
        (email, phone): (String, String),
        flow_id: String,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AuthError> {
        let id = CustomerId::from_trusted(uuid::Uuid::now_v7().to_string());
        let actor = Self::customer_actor(id.as_str());
        match self
            .vault
            .create_parsed(&actor, id.clone(), values, request_id, now)
            .await
        {
            Ok(_) => {}
            Err(VaultError::Duplicate(_)) => return Ok(()),
            Err(e) => return Err(e.into()),
        }
        self.vault
            .store()
            .create_account(&AccountRow {
                customer_id: id.to_string(),
                password_hash: phc,
                status: "pending".into(),
                language: lang.clone(),
                email_verified_at: None,
                phone_verified_at: None,
                totp_sealed: None,
                totp_confirmed_at: None,
                locked_at: None,
                password_changed_at: ms(now),
                created_at: ms(now),
            })
            .await?;
        // Both quotas were taken before the answer.
        self.open_challenge(
            &flow_id,
            "signup_email",
            id.as_str(),
            &email,
            &lang,
            None,
            None,
            now,
        )
        .await?;
        self.open_challenge(
            &flow_id,
            "signup_phone",
            id.as_str(),
            &phone,
            &lang,
            None,
            None,
            now,
        )
        .await?;
        Ok(())
    }

    /// Proves the email (`email`) or phone (`sms`) of a sign-up. When both are proven the
    /// account becomes active and a session is opened.
    pub async fn verify_signup(
        &self,
        flow_id: &str,
        channel: &str,
        code: &str,
        client: &Client,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(String, Option<NewSession>), AuthError> {
        let kind = match channel {
            "email" => "signup_email",
            "sms" | "phone" => "signup_phone",
            _ => return Err(AuthError::BadRequest("channel is `email` or `sms`".into())),
        };
        let ch = self.prove(flow_id, kind, code, now).await?;
        let what = if kind == "signup_email" {
            "email"
        } else {
            "phone"
        };
        let status = self
            .vault
            .store()
            .mark_verified(
                &ch.customer_id,
                what,
                ms(now),
                &Self::customer_event(
                    &ch.customer_id,
                    &format!("account.{what}_verified"),
                    request_id,
                    now,
                ),
            )
            .await?;
        if status == "active" {
            let s = self
                .open_session(&ch.customer_id, "signup", client, request_id, now)
                .await?;
            return Ok((status, Some(s)));
        }
        Ok((status, None))
    }

    // ----- sign-in -----

    fn delay_for(&self, failures: i64) -> i64 {
        let over = failures - i64::from(self.auth().delay_after);
        if over < 0 {
            return 0;
        }
        // 1 s, 2 s, 4 s ... at most 15 minutes between tries.
        (1_000_i64 << over.min(20)).min(15 * 60_000)
    }

    /// Refuses an attempt under `login_key` while its failures call for a wait, or when
    /// they reached the lockout (after a dummy hash, so a locked login costs the same).
    /// Returns whether failures are on record (to be cleared after a success).
    async fn throttle(
        &self,
        login_key: &str,
        password: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, AuthError> {
        let t = ms(now);
        let lockout = i64::from(self.auth().lockout_after);
        if let Some((failures, last)) = self.vault.store().login_failures(login_key).await? {
            if failures >= lockout {
                let _ = self.hasher.verify(None, password).await?;
                return Err(AuthError::InvalidCredentials);
            }
            let wait = self.delay_for(failures);
            if t < last + wait {
                return Err(AuthError::TooManyAttempts {
                    retry_after: ((last + wait - t) / 1000).max(1),
                });
            }
            return Ok(true);
        }
        Ok(false)
    }

    /// First step of sign-in: the password. On success a code goes by SMS (or the
    /// authenticator app is asked for) and a flow id comes back.
    pub async fn signin(
        &self,
        login: &str,
        password: &str,
        client: &Client,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<FlowStarted, AuthError> {
        self.ip_quota(client, now).await?;
        let found = self.vault.find_login(login, now).await?;
        let account = match &found {
            Some(id) => self.vault.store().account(id.as_str()).await?,
            None => None,
        };
        let login_key = match &account {
            Some(a) => format!("c:{}", a.customer_id),
            None => format!(
                "l:{}",
                hex::encode(
                    &self
                        .vault
                        .keyed_digest("login", &login.trim().to_lowercase())[..16]
                )
            ),
        };
        let t = ms(now);
        let lockout = i64::from(self.auth().lockout_after);
        let had_failures = self.throttle(&login_key, password, now).await?;
        let verified = self
            .hasher
            .verify(account.as_ref().map(|a| a.password_hash.as_str()), password)
            .await?;
        let Some(account) = account.filter(|_| verified.ok) else {
            let n = self
                .vault
                .store()
                .record_login_failure(&login_key, t)
                .await?;
            if let Some(id) = &found {
                self.vault
                    .audit(&Self::event(
                        "anonymous",
                        "public",
                        "account.signin_failed",
                        id.as_str(),
                        request_id,
                        now,
                    ))
                    .await?;
                if n >= lockout
                    && self
                        .vault
                        .store()
                        .lock_account(
                            id.as_str(),
                            t,
                            &Self::event(
                                "system",
                                "system",
                                "account.locked",
                                id.as_str(),
                                request_id,
                                now,
                            ),
                        )
                        .await?
                {
                    tracing::warn!(
                        request_id,
                        "an account was locked after repeated wrong passwords"
                    );
                }
            }
            return Err(AuthError::InvalidCredentials);
        };
        let id = account.customer_id.clone();
        if account.locked_at.is_some() {
            return Err(AuthError::Locked);
        }
        match account.status.as_str() {
            "frozen" => return Err(AuthError::Frozen),
            "pending" => return Err(AuthError::Pending),
            _ => {}
        }
        if had_failures {
            self.vault.store().clear_login_failures(&login_key).await?;
        }
        if verified.needs_rehash {
            let fresh = self.hasher.hash(password).await?;
            self.vault
                .store()
                .rehash_password(&id, &account.password_hash, &fresh)
                .await?;
        }
        let flow_id = secret_token("");
        if account.totp_confirmed_at.is_some() {
            // The app is asked for first; an SMS code only if the customer asks (resend).
            let t = ms(now);
            self.vault
                .store()
                .insert_challenge(
                    &ChallengeRow {
                        id: uuid::Uuid::new_v4().to_string(),
                        flow_hash: flow_hash(&flow_id, "signin"),
                        kind: "signin".into(),
                        customer_id: id.clone(),
                        channel: "totp".into(),
                        code_hash: None,
                        sent_at: t,
                        expires_at: t + FLOW_MINUTES * 60_000,
                        attempts: 0,
                        consumed_at: None,
                        flow_expires_at: t + FLOW_MINUTES * 60_000,
                        payload_sealed: None,
                    },
                    None,
                    Some(&Self::customer_event(
                        &id,
                        "account.password_ok",
                        request_id,
                        now,
                    )),
                )
                .await?;
            return Ok(FlowStarted {
                flow_id,
                methods: vec!["totp".into()],
                expires_in: FLOW_MINUTES * 60,
                resend_after: 0,
            });
        }
        if account.phone_verified_at.is_none() {
            return Err(AuthError::Pending);
        }
        let (_, phone) = self.contacts(&id, request_id, now).await?;
        let phone = phone.ok_or(AuthError::Conflict(
            "this account has no phone for a sign-in code",
        ))?;
        let audit = Self::customer_event(&id, "account.password_ok", request_id, now);
        self.start_challenge(
            &flow_id,
            "signin",
            &id,
            &phone,
            &account.language,
            None,
            Some(&audit),
            now,
        )
        .await?;
        Ok(self.flow(flow_id, &["sms"]))
    }

    /// Second step of sign-in: the code. Opens a session and sends a new-sign-in notice.
    pub async fn signin_verify(
        &self,
        flow_id: &str,
        code: &str,
        client: &Client,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<NewSession, AuthError> {
        let ch = self.prove(flow_id, "signin", code, now).await?;
        let account = self
            .vault
            .store()
            .account(&ch.customer_id)
            .await?
            .ok_or(AuthError::BadCode)?;
        if account.status != "active" {
            return Err(AuthError::Frozen);
        }
        let method = if ch.channel == "totp" {
            "password+totp"
        } else {
            "password+sms"
        };
        let s = self
            .open_session(&ch.customer_id, method, client, request_id, now)
            .await?;
        self.notify_security(
            &ch.customer_id,
            amanat_notify::Notice::NewSignIn {
                at: self.local_time(now),
                device: client.device.clone(),
            },
            false,
            request_id,
            now,
        )
        .await?;
        Ok(s)
    }

    async fn open_session(
        &self,
        customer_id: &str,
        method: &str,
        client: &Client,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<NewSession, AuthError> {
        let (token, session) = self.new_session("customer", customer_id, method, client, now);
        self.vault
            .store()
            .insert_session(
                &session,
                &Self::customer_event(customer_id, "account.signin", request_id, now),
            )
            .await?;
        Ok(NewSession { token, session })
    }

    /// A new session's token (shown once) and record (holding only the token's digest).
    fn new_session(
        &self,
        kind: &str,
        subject: &str,
        method: &str,
        client: &Client,
        now: DateTime<Utc>,
    ) -> (String, SessionRow) {
        let token = secret_token(if kind == "staff" { "amst_" } else { "ams_" });
        let t = ms(now);
        let session = SessionRow {
            id: uuid::Uuid::new_v4().to_string(),
            token_hash: amanat_crypto::token_digest(&token).to_vec(),
            subject_kind: kind.to_owned(),
            subject: subject.to_owned(),
            method: method.to_owned(),
            device: client.device.clone(),
            created_at: t,
            last_seen_at: t,
            expires_at: t + i64::from(self.auth().session_absolute_hours) * 3_600_000,
            revoked_at: None,
        };
        (token, session)
    }

    /// The live session of a token.
    pub async fn session(&self, token: &str, now: DateTime<Utc>) -> Result<SessionRow, AuthError> {
        let idle = i64::from(self.auth().session_idle_minutes) * 60_000;
        self.vault
            .store()
            .live_session(&amanat_crypto::token_digest(token), ms(now), idle)
            .await?
            .filter(|s| s.subject_kind == "customer")
            .ok_or(AuthError::NoSession)
    }

    /// A customer's live sessions.
    pub async fn sessions(
        &self,
        customer_id: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<SessionRow>, AuthError> {
        let idle = i64::from(self.auth().session_idle_minutes) * 60_000;
        Ok(self
            .vault
            .store()
            .sessions_of(customer_id, ms(now), idle)
            .await?)
    }

    /// Ends one of a customer's sessions.
    pub async fn revoke(
        &self,
        customer_id: &str,
        session_id: &str,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AuthError> {
        if self
            .vault
            .store()
            .revoke_session(
                customer_id,
                session_id,
                ms(now),
                &Self::customer_event(customer_id, "account.session_revoked", request_id, now),
            )
            .await?
        {
            Ok(())
        } else {
            Err(AuthError::NotFound("no live session with this id"))
        }
    }

    // ----- TOTP -----

    async fn totp_matches(
        &self,
        customer_id: &str,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, AuthError> {
        let Some(account) = self.vault.store().account(customer_id).await? else {
            return Ok(false);
        };
        let Some(sealed) = account.totp_sealed else {
            return Ok(false);
        };
        let secret = self
            .vault
            .open_for(customer_id, "totp_secret", &sealed)
            .await?;
        let Some(step) = amanat_crypto::totp_check(&secret, code, now.timestamp()) else {
            return Ok(false);
        };
        // Each step's code works once.
        Ok(self.vault.store().use_totp_step(customer_id, step).await?)
    }

    /// Starts enrolling an authenticator app: a new secret (shown once) and its URI.
    pub async fn totp_begin(
        &self,
        customer_id: &str,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(String, String), AuthError> {
        let secret: [u8; 20] = amanat_crypto::random_bytes();
        let sealed = self
            .vault
            .seal_for(customer_id, "totp_secret", &secret)
            .await?;
        self.vault
            .store()
            .set_totp(
                customer_id,
                Some(&sealed),
                None,
                &Self::customer_event(customer_id, "account.totp_started", request_id, now),
            )
            .await?;
        let b32 = amanat_crypto::base32(&secret);
        let issuer: String = self
            .vault
            .config()
            .name
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == ' ')
            .collect::<String>()
            .replace(' ', "%20");
        let uri = format!(
            "otpauth://totp/{issuer}?secret={b32}&issuer={issuer}&algorithm=SHA1&digits=6&period=30"
        );
        Ok((b32, uri))
    }

    /// Confirms the app with a first code; from then sign-in asks for the app.
    pub async fn totp_confirm(
        &self,
        customer_id: &str,
        code: &str,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AuthError> {
        let account = self
            .vault
            .store()
            .account(customer_id)
            .await?
            .ok_or(AuthError::NoSession)?;
        let Some(sealed) = account.totp_sealed else {
            return Err(AuthError::Conflict(
                "start with POST /api/v1/me/totp to get a secret",
            ));
        };
        if !self.totp_matches(customer_id, code, now).await? {
            return Err(AuthError::BadCode);
        }
        self.vault
            .store()
            .set_totp(
                customer_id,
                Some(&sealed),
                Some(ms(now)),
                &Self::customer_event(customer_id, "account.totp_confirmed", request_id, now),
            )
            .await?;
        Ok(())
    }

    // ----- passwords -----

    async fn own_values(
        &self,
        customer_id: &str,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<std::collections::BTreeMap<String, String>, AuthError> {
        Ok(self
            .vault
            .read_fields(
                &Self::system_actor(),
                customer_id,
                None,
                "security",
                request_id,
                now,
            )
            .await?)
    }

    /// Changes the password from a session: the current one must be given; other
    /// sessions end; a notice goes to the email.
    pub async fn change_password(
        &self,
        session: &SessionRow,
        current: &str,
        new: &str,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AuthError> {
        let id = &session.subject;
        let account = self.reauthenticate(id, current).await?;
        let values = self.own_values(id, request_id, now).await?;
        self.check_password(new, &values, &account.language)?;
        let phc = self.hasher.hash(new).await?;
        self.vault
            .store()
            .set_password(
                id,
                &phc,
                ms(now),
                Some(&session.id),
                &Self::customer_event(id, "account.password_changed", request_id, now),
            )
            .await?;
        self.notify_security(
            id,
            amanat_notify::Notice::PasswordChanged {
                at: self.local_time(now),
            },
            false,
            request_id,
            now,
        )
        .await
    }

    fn reset_base(&self) -> String {
        let cfg = self.vault.config();
        cfg.auth.reset_url.clone().unwrap_or_else(|| {
            format!(
                "{}/reset-password",
                cfg.channels
                    .web_origins
                    .first()
                    .map_or("http://localhost", String::as_str)
            )
        })
    }

    /// Sends a reset link to the account's verified email. Unknown logins, frozen and
    /// unverified accounts get the same answer and no email.
    pub async fn request_reset(
        self: &Arc<Self>,
        login: &str,
        client: &Client,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AuthError> {
        self.ip_quota(client, now).await?;
        let Some(id) = self.vault.find_login(login, now).await? else {
            return Ok(());
        };
        // Sent after the answer, so a known login answers as fast as an unknown one.
        let me = Arc::clone(self);
        let request_id = request_id.to_owned();
        self.after_answer.spawn(async move {
            let audit = Self::event(
                "anonymous",
                "public",
                "account.reset_requested",
                id.as_str(),
                &request_id,
                now,
            );
            if let Err(e) = me.send_reset(id.as_str(), &audit, &request_id, now).await {
                tracing::error!(request_id, error = %e, "a reset link could not be sent");
            }
        });
        Ok(())
    }

    /// Sends a reset link (by the customer's request or a staff member's).
    pub async fn send_reset(
        &self,
        customer_id: &str,
        audit: &AuditEvent,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AuthError> {
        let Some(account) = self.vault.store().account(customer_id).await? else {
            return Ok(());
        };
        if account.status == "frozen" || account.email_verified_at.is_none() {
            return Ok(());
        }
        let token = secret_token("");
        let minutes = self.auth().reset_link_minutes;
        self.vault
            .store()
            .insert_reset_token(
                &amanat_crypto::token_digest(&token),
                customer_id,
                ms(now),
                ms(now) + i64::from(minutes) * 60_000,
            )
            .await?;
        self.vault.audit(audit).await?;
        let url = format!("{}#token={token}", self.reset_base());
        let (email, _) = self.contacts(customer_id, request_id, now).await?;
        if let Some(e) = email {
            self.enqueue(
                customer_id,
                &e,
                &account.language,
                amanat_notify::Notice::PasswordResetLink { url, minutes },
                now,
            )
            .await?;
        }
        Ok(())
    }

    /// Sets a new password with a reset token: once, within its time; unlocks the
    /// account and ends every session.
    pub async fn complete_reset(
        &self,
        token: &str,
        new: &str,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AuthError> {
        let digest = amanat_crypto::token_digest(token);
        let id = self
            .vault
            .store()
            .peek_reset_token(&digest, ms(now))
            .await?
            .ok_or(AuthError::BadRequest("the reset link is not valid: it was used, replaced by a newer one or has expired; ask for a new one".into()))?;
        let account = self
            .vault
            .store()
            .account(&id)
            .await?
            .ok_or(AuthError::NotFound("no such account"))?;
        let values = self.own_values(&id, request_id, now).await?;
        self.check_password(new, &values, &account.language)?;
        let phc = self.hasher.hash(new).await?;
        if self
            .vault
            .store()
            .take_reset_token(&digest, ms(now))
            .await?
            .is_none()
        {
            return Err(AuthError::BadRequest(
                "the reset link was used meanwhile; ask for a new one".into(),
            ));
        }
        self.vault
            .store()
            .set_password(
                &id,
                &phc,
                ms(now),
                None,
                &Self::customer_event(&id, "account.password_reset", request_id, now),
            )
            .await?;
        self.notify_security(
            &id,
            amanat_notify::Notice::PasswordChanged {
                at: self.local_time(now),
            },
            false,
            request_id,
            now,
        )
        .await
    }

    // ----- staff -----

    fn staff_login_key(&self, staff_id: &str) -> String {
        let digest = self.vault.keyed_digest("staff-login", staff_id);
        format!("s:{}", hex::encode(&digest[..16]))
    }

    fn staff_totp_key(&self, staff_id: &str) -> [u8; 32] {
        self.vault.keyed_digest("staff-totp-key", staff_id)
    }

    /// Sets a staff member's password (by the same rules as customers', the member's
    /// name counting as personal data) and a new authenticator secret; ends their
    /// sessions and clears their failures. Returns the secret (base32) and its URI.
    pub async fn set_staff_password(
        &self,
        staff_id: &str,
        password: &str,
        now: DateTime<Utc>,
    ) -> Result<(String, String), AuthError> {
        let staff = self
            .vault
            .store()
            .staff_by_id(staff_id)
            .await?
            .ok_or(AuthError::NotFound(
                "no active staff member with this id; see `amanat staff list`",
            ))?;
        let data = PersonalData {
            given_name: Some(staff.name.clone()),
            username: Some(staff_id.to_owned()),
            ..PersonalData::default()
        };
        let verdict = self
            .policy
            .check(password, &data, self.vault.config().default_locale());
        if !verdict.accepted {
            return Err(AuthError::WeakPassword(verdict));
        }
        let phc = self.hasher.hash(password).await?;
        let secret: [u8; 20] = amanat_crypto::random_bytes();
        let sealed =
            amanat_crypto::seal(&self.staff_totp_key(staff_id), staff_id.as_bytes(), &secret);
        let audit = Self::event(
            "system",
            "system",
            "staff.credentials_set",
            staff_id,
            "cli",
            now,
        );
        self.vault
            .store()
            .set_staff_credentials(staff_id, &phc, &sealed, ms(now), &audit)
            .await?;
        self.vault
            .store()
            .clear_login_failures(&self.staff_login_key(staff_id))
            .await?;
        let b32 = amanat_crypto::base32(&secret);
        let issuer: String = self
            .vault
            .config()
            .name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        Ok((
            b32.clone(),
            format!(
                "otpauth://totp/{issuer}%20staff?secret={b32}&issuer={issuer}&algorithm=SHA1&digits=6&period=30"
            ),
        ))
    }

    /// Staff sign-in: id, password and the authenticator code in one step; the same
    /// delays, lockout and per-IP limits as customers. Opens a staff session.
    pub async fn staff_signin(
        &self,
        staff_id: &str,
        password: &str,
        code: &str,
        client: &Client,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<NewSession, AuthError> {
        self.ip_quota(client, now).await?;
        let key = self.staff_login_key(staff_id);
        let had_failures = self.throttle(&key, password, now).await?;
        let creds = if amanat_core::StaffId::parse(staff_id).is_some() {
            self.vault.store().staff_credentials(staff_id).await?
        } else {
            None
        };
        let (phc, sealed) = creds.unwrap_or((None, None));
        let verified = self.hasher.verify(phc.as_deref(), password).await?;
        let mut ok = verified.ok;
        if ok {
            ok = match sealed.as_deref().map(|s| {
                amanat_crypto::open(&self.staff_totp_key(staff_id), staff_id.as_bytes(), s)
            }) {
                Some(Ok(secret)) => match amanat_crypto::totp_check(&secret, code, now.timestamp())
                {
                    Some(step) => {
                        self.vault
                            .store()
                            .use_staff_totp_step(staff_id, step)
                            .await?
                    }
                    None => false,
                },
                _ => false,
            };
        }
        if !ok {
            self.vault
                .store()
                .record_login_failure(&key, ms(now))
                .await?;
            if phc.is_some() {
                self.vault
                    .audit(&Self::event(
                        "anonymous",
                        "public",
                        "staff.signin_failed",
                        staff_id,
                        request_id,
                        now,
                    ))
                    .await?;
            }
            return Err(AuthError::InvalidCredentials);
        }
        if had_failures {
            self.vault.store().clear_login_failures(&key).await?;
        }
        // A hash made under older (weaker) settings is replaced now that the password is known.
        if verified.needs_rehash
            && let Some(old) = phc.as_deref()
        {
            let fresh = self.hasher.hash(password).await?;
            self.vault
                .store()
                .rehash_staff_password(staff_id, old, &fresh)
                .await?;
        }
        let (token, session) = self.new_session("staff", staff_id, "password+totp", client, now);
        self.vault
            .store()
            .insert_session(
                &session,
                &Self::event(staff_id, "staff", "staff.signin", staff_id, request_id, now),
            )
            .await?;
        Ok(NewSession { token, session })
    }

    /// Ends a staff session by its token.
    pub async fn staff_signout(
        &self,
        token: &str,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AuthError> {
        let idle = i64::from(self.auth().session_idle_minutes) * 60_000;
        let s = self
            .vault
            .store()
            .live_session(&amanat_crypto::token_digest(token), ms(now), idle)
            .await?
            .filter(|s| s.subject_kind == "staff")
            .ok_or(AuthError::NoSession)?;
        let audit = Self::event(
            &s.subject,
            "staff",
            "staff.signout",
            &s.subject,
            request_id,
            now,
        );
        self.vault
            .store()
            .revoke_session(&s.subject, &s.id, ms(now), &audit)
            .await?;
        Ok(())
    }

    /// The staff member of a live staff session token.
    pub async fn staff_session(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<amanat_store::StaffRow, AuthError> {
        let idle = i64::from(self.auth().session_idle_minutes) * 60_000;
        let s = self
            .vault
            .store()
            .live_session(&amanat_crypto::token_digest(token), ms(now), idle)
            .await?
            .filter(|s| s.subject_kind == "staff")
            .ok_or(AuthError::NoSession)?;
        self.vault
            .store()
            .staff_by_id(&s.subject)
            .await?
            .ok_or(AuthError::NoSession)
    }

    // ----- freeze -----

    /// Freezes the account of a signed-in customer.
    pub async fn freeze_from_session(
        &self,
        session: &SessionRow,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<String, AuthError> {
        let actor = format!("customer:{}", session.subject);
        self.freeze(
            &session.subject,
            "session",
            (&actor, "customer"),
            request_id,
            now,
        )
        .await
    }

    /// Freezes an account on a staff member's decision (suspected misuse, a customer's
    /// call about a stolen phone).
    pub async fn freeze_by_staff(
        &self,
        staff: &Actor,
        customer_id: &str,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<String, AuthError> {
        if !matches!(staff.role, Role::Admin | Role::Fraud | Role::Support) {
            return Err(VaultError::Forbidden(staff.role).into());
        }
        if self.vault.store().account(customer_id).await?.is_none() {
            return Err(AuthError::NotFound("this customer has no sign-in account"));
        }
        self.freeze(
            customer_id,
            "staff",
            (&staff.id, staff.role.as_str()),
            request_id,
            now,
        )
        .await
    }

    async fn freeze(
        &self,
        customer_id: &str,
        source: &str,
        (actor, role): (&str, &str),
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<String, AuthError> {
        let case_id = uuid::Uuid::new_v4().to_string();
        let audit = Self::event(actor, role, "account.frozen", customer_id, request_id, now);
        if !self
            .vault
            .store()
            .freeze_account(customer_id, &case_id, source, ms(now), &audit)
            .await?
        {
            let open = self.vault.store().open_freeze_case(customer_id).await?;
            return Ok(open.map_or(case_id, |c| c.id));
        }
        tracing::warn!(request_id, source, "an account was frozen");
        // Frozen: the phone gets nothing more; the notice goes by email only.
        self.notify_security(
            customer_id,
            amanat_notify::Notice::Frozen {
                at: self.local_time(now),
            },
            false,
            request_id,
            now,
        )
        .await?;
        Ok(case_id)
    }

    /// The public freeze form: a code to the account's email. Unknown addresses get the
    /// same answer and no email.
    pub async fn freeze_start(
        self: &Arc<Self>,
        email: &str,
        client: &Client,
        now: DateTime<Utc>,
    ) -> Result<FlowStarted, AuthError> {
        self.email_flow(email, client, now, "freeze").await
    }

    /// Unfreezing, step 1: a code to the frozen account's email (the same answer for
    /// every address).
    pub async fn unfreeze_start(
        self: &Arc<Self>,
        email: &str,
        client: &Client,
        now: DateTime<Utc>,
    ) -> Result<FlowStarted, AuthError> {
        self.email_flow(email, client, now, "unfreeze_email").await
    }

    /// A flow proven by a code to the account's email: `freeze` for an account that is
    /// not frozen, `unfreeze_email` for one that is. The code is sent after the answer,
    /// so neither the answer nor its time tells whether the address has an account.
    async fn email_flow(
        self: &Arc<Self>,
        email: &str,
        client: &Client,
        now: DateTime<Utc>,
        kind: &'static str,
    ) -> Result<FlowStarted, AuthError> {
        self.ip_quota(client, now).await?;
        if amanat_core::fields::parse_email(email.trim()).is_err() {
            return Err(AuthError::BadRequest(
                "`email` must be an email address".into(),
            ));
        }
        let flow_id = secret_token("");
        let started = self.flow(flow_id.clone(), &["email"]);
        let (me, email) = (Arc::clone(self), email.to_owned());
        self.after_answer.spawn(async move {
            let sent: Result<(), AuthError> = async {
                let Some(id) = me.vault.find_login(&email, now).await? else {
                    return Ok(());
                };
                let Some(account) = me.vault.store().account(id.as_str()).await? else {
                    return Ok(());
                };
                if (account.status == "frozen") != (kind == "unfreeze_email") {
                    return Ok(());
                }
                let (Some(to), _) = me.contacts(id.as_str(), kind, now).await? else {
                    return Ok(());
                };
                me.start_challenge(
                    &flow_id,
                    kind,
                    id.as_str(),
                    &to,
                    &account.language,
                    None,
                    None,
                    now,
                )
                .await
            }
            .await;
            if let Err(e) = sent {
                tracing::error!(kind, error = %e, "an emailed code could not be sent");
            }
        });
        Ok(started)
    }

    /// Finishes the public freeze form with the emailed code.
    pub async fn freeze_confirm(
        &self,
        flow_id: &str,
        code: &str,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<String, AuthError> {
        let ch = self.prove(flow_id, "freeze", code, now).await?;
        let actor = format!("customer:{}", ch.customer_id);
        self.freeze(
            &ch.customer_id,
            "public_form",
            (&actor, "customer"),
            request_id,
            now,
        )
        .await
    }

    /// Unfreezing, step 2: the emailed code and the phone to verify (the old number or a
    /// new one); a code goes to that phone.
    pub async fn unfreeze_email(
        &self,
        flow_id: &str,
        code: &str,
        phone: &str,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<FlowStarted, AuthError> {
        let cfg = self.vault.config();
        let phone = amanat_core::fields::parse_phone(phone, &cfg.default_region).map_err(|_| {
            AuthError::BadRequest(
                "`phone` must be a phone number, in international form like +994501234567".into(),
            )
        })?;
        let ch = self.prove(flow_id, "unfreeze_email", code, now).await?;
        let case = self
            .vault
            .store()
            .open_freeze_case(&ch.customer_id)
            .await?
            .ok_or(AuthError::Conflict("this account is not frozen"))?;
        let audit = Self::customer_event(
            &ch.customer_id,
            "account.unfreeze_email_proved",
            request_id,
            now,
        );
        self.vault
            .store()
            .advance_freeze_case(&case.id, FreezeStep::EmailProved, ms(now), &audit)
            .await?;
        let sealed = self
            .vault
            .seal_for(&ch.customer_id, "challenge_phone", phone.as_bytes())
            .await?;
        let lang = self
            .vault
            .store()
            .account(&ch.customer_id)
            .await?
            .map_or_else(|| self.lang(None), |a| a.language);
        let next = secret_token("");
        self.start_challenge(
            &next,
            "unfreeze_phone",
            &ch.customer_id,
            &phone,
            &lang,
            Some(sealed),
            None,
            now,
        )
        .await?;
        Ok(self.flow(next, &["sms"]))
    }

    /// Unfreezing, step 3: the phone's code. The case then waits for a staff approval.
    pub async fn unfreeze_phone(
        &self,
        flow_id: &str,
        code: &str,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<String, AuthError> {
        let ch = self.prove(flow_id, "unfreeze_phone", code, now).await?;
        let case = self
            .vault
            .store()
            .open_freeze_case(&ch.customer_id)
            .await?
            .ok_or(AuthError::Conflict("this account is not frozen"))?;
        let sealed = ch
            .payload_sealed
            .ok_or(AuthError::Conflict("this flow has no phone"))?;
        let audit = Self::customer_event(
            &ch.customer_id,
            "account.unfreeze_phone_proved",
            request_id,
            now,
        );
        if !self
            .vault
            .store()
            .advance_freeze_case(&case.id, FreezeStep::PhoneProved(&sealed), ms(now), &audit)
            .await?
        {
            return Err(AuthError::Conflict(
                "prove the email first (POST /api/v1/unfreeze)",
            ));
        }
        Ok(case.id)
    }

    /// A staff member approves an unfreeze: the proven phone becomes the account's phone
    /// (notices to the old and new number), the account is active again.
    pub async fn approve_unfreeze(
        &self,
        staff: &Actor,
        case_id: &str,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<FreezeCaseRow, AuthError> {
        if !matches!(staff.role, Role::Admin | Role::Fraud | Role::Support) {
            return Err(VaultError::Forbidden(staff.role).into());
        }
        let case = self
            .vault
            .store()
            .freeze_case(case_id)
            .await?
            .ok_or(AuthError::NotFound("no freeze case with this id"))?;
        if case.status != "awaiting_approval" {
            return Err(AuthError::Conflict(
                "this case is not awaiting approval: the customer must prove the email and a phone first",
            ));
        }
        let sealed = case
            .new_phone_sealed
            .clone()
            .ok_or(AuthError::Conflict("this case has no proven phone"))?;
        let new_phone = String::from_utf8(
            self.vault
                .open_for(&case.customer_id, "challenge_phone", &sealed)
                .await?
                .to_vec(),
        )
        .map_err(|_| AuthError::Vault(VaultError::Integrity))?;
        let audit = Self::event(
            &staff.id,
            staff.role.as_str(),
            "account.unfrozen",
            &case.customer_id,
            request_id,
            now,
        );
        let closed = self
            .vault
            .store()
            .approve_unfreeze(case_id, &staff.id, ms(now), &audit)
            .await?
            .ok_or(AuthError::Conflict("this case was closed meanwhile"))?;
        let (_, old_phone) = self.contacts(&case.customer_id, request_id, now).await?;
        if old_phone.as_deref() != Some(new_phone.as_str())
            && let Some(field) = self.vault.field_of_kind(FieldKind::Phone)
        {
            let mut raw = HashMap::new();
            raw.insert(
                field.to_owned(),
                serde_json::Value::String(new_phone.clone()),
            );
            self.vault
                .update_customer(
                    &Self::system_actor(),
                    &CustomerId::from_trusted(case.customer_id.clone()),
                    &raw,
                    request_id,
                    now,
                )
                .await?;
            self.notify_contact_change(
                &case.customer_id,
                FieldKind::Phone,
                old_phone.as_deref(),
                &new_phone,
                request_id,
                now,
            )
            .await?;
        }
        self.notify_security(
            &case.customer_id,
            amanat_notify::Notice::Unfrozen {
                at: self.local_time(now),
            },
            true,
            request_id,
            now,
        )
        .await?;
        Ok(closed)
    }

    /// The signed-in customer's account, once `password` proves it is them again.
    async fn reauthenticate(&self, id: &str, password: &str) -> Result<AccountRow, AuthError> {
        let account = self
            .vault
            .store()
            .account(id)
            .await?
            .ok_or(AuthError::NoSession)?;
        if !self
            .hasher
            .verify(Some(&account.password_hash), password)
            .await?
            .ok
        {
            return Err(AuthError::InvalidCredentials);
        }
        Ok(account)
    }

    /// The name of the business's email or phone field.
    fn contact_field(&self, kind: FieldKind) -> Result<String, AuthError> {
        self.vault
            .field_of_kind(kind)
            .map(str::to_owned)
            .ok_or(AuthError::Conflict(
                "this business keeps no such contact field",
            ))
    }

    /// The customer's current email or phone.
    async fn contact(
        &self,
        id: &str,
        kind: FieldKind,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, AuthError> {
        let (email, phone) = self.contacts(id, request_id, now).await?;
        Ok(if kind == FieldKind::Email {
            email
        } else {
            phone
        })
    }

    /// A signed-in customer changes their own email or phone, step 1: the password proves it
    /// is them (a stolen session alone is not enough), and a code goes to the NEW address or
    /// number. Nothing changes until that code comes back (`contact_change_verify`).
    pub async fn contact_change_start(
        &self,
        session: &SessionRow,
        kind: FieldKind,
        value: &str,
        password: &str,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<FlowStarted, AuthError> {
        let id = &session.subject;
        let (flow_kind, channel, name) = contact_flow(kind);
        let field = self.contact_field(kind)?;
        let account = self.reauthenticate(id, password).await?;
        if account.status == "frozen" {
            return Err(AuthError::Frozen);
        }
        let mut raw = HashMap::new();
        raw.insert(field.clone(), serde_json::Value::String(value.to_owned()));
        let parsed = self.vault.parse_values(&raw, now)?;
        let new = parsed.get(&field).cloned().unwrap_or_default();
        let old = self.contact(id, kind, request_id, now).await?;
        if old.as_deref() == Some(new.as_str()) {
            return Err(AuthError::BadRequest(format!(
                "this is already your {name}: nothing to change"
            )));
        }
        let sealed = self.vault.seal_for(id, flow_kind, new.as_bytes()).await?;
        let flow_id = secret_token("");
        let audit = Self::customer_event(
            id,
            &format!("account.{name}_change_started"),
            request_id,
            now,
        );
        self.start_challenge(
            &flow_id,
            flow_kind,
            id,
            &new,
            &account.language,
            Some(sealed),
            Some(&audit),
            now,
        )
        .await?;
        Ok(self.flow(flow_id, &[channel]))
    }

    /// Step 2: the code sent to the new address or number. The field changes (audited, the
    /// blind index with it), the new one counts as verified, and both the old and the new
    /// one are told. An address another account already holds is refused here, after its
    /// owner proved it, so step 1 tells nobody whether an address is registered.
    pub async fn contact_change_verify(
        &self,
        session: &SessionRow,
        kind: FieldKind,
        flow_id: &str,
        code: &str,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AuthError> {
        let id = &session.subject;
        let (flow_kind, _, name) = contact_flow(kind);
        let ch = self.prove(flow_id, flow_kind, code, now).await?;
        if ch.customer_id != *id {
            return Err(AuthError::BadCode);
        }
        let sealed = ch
            .payload_sealed
            .ok_or(AuthError::Conflict("this flow carries no new value"))?;
        let new = String::from_utf8(self.vault.open_for(id, flow_kind, &sealed).await?.to_vec())
            .map_err(|_| AuthError::Vault(VaultError::Integrity))?;
        let field = self.contact_field(kind)?;
        let old = self.contact(id, kind, request_id, now).await?;
        let mut raw = HashMap::new();
        raw.insert(field, serde_json::Value::String(new.clone()));
        self.vault
            .update_customer(
                &Self::system_actor(),
                &CustomerId::from_trusted(id.clone()),
                &raw,
                request_id,
                now,
            )
            .await?;
        self.vault
            .store()
            .mark_verified(
                id,
                if kind == FieldKind::Email {
                    "email"
                } else {
                    "phone"
                },
                ms(now),
                &Self::customer_event(id, &format!("account.{name}_changed"), request_id, now),
            )
            .await?;
        self.notify_contact_change(id, kind, old.as_deref(), &new, request_id, now)
            .await
    }

    /// Before staff change a customer's fields: the current email and phone of a customer
    /// with an account when `raw` touches either (for [`Accounts::after_rectify`]).
    pub async fn before_rectify(
        &self,
        customer_id: &str,
        raw: &HashMap<String, serde_json::Value>,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(Option<String>, Option<String>)>, AuthError> {
        let touched = [FieldKind::Email, FieldKind::Phone]
            .iter()
            .filter_map(|k| self.vault.field_of_kind(*k))
            .any(|name| raw.contains_key(name));
        if !touched || self.vault.store().account(customer_id).await?.is_none() {
            return Ok(None);
        }
        Ok(Some(self.contacts(customer_id, request_id, now).await?))
    }

    /// After staff changed a customer's fields: the old and new email (or phone) are told.
    pub async fn after_rectify(
        &self,
        customer_id: &str,
        before: (Option<String>, Option<String>),
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AuthError> {
        let after = self.contacts(customer_id, request_id, now).await?;
        for (kind, old, new) in [
            (FieldKind::Email, before.0, after.0),
            (FieldKind::Phone, before.1, after.1),
        ] {
            if let Some(new) = new
                && old.as_deref() != Some(new.as_str())
            {
                self.notify_contact_change(
                    customer_id,
                    kind,
                    old.as_deref(),
                    &new,
                    request_id,
                    now,
                )
                .await?;
            }
        }
        Ok(())
    }

    /// Tells the old and the new address (or number) that it changed.
    pub async fn notify_contact_change(
        &self,
        customer_id: &str,
        kind: FieldKind,
        old: Option<&str>,
        new: &str,
        _request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AuthError> {
        let Some(account) = self.vault.store().account(customer_id).await? else {
            return Ok(());
        };
        let at = self.local_time(now);
        let notice = if kind == FieldKind::Email {
            amanat_notify::Notice::EmailChanged {
                at,
                new_masked: mask(new),
            }
        } else {
            amanat_notify::Notice::PhoneChanged {
                at,
                new_masked: mask(new),
            }
        };
        for to in old.into_iter().chain(std::iter::once(new)) {
            self.enqueue(customer_id, to, &account.language, notice.clone(), now)
                .await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits_and_vary() {
        let codes: std::collections::HashSet<String> = (0..200).map(|_| six_digits()).collect();
        assert!(
            codes
                .iter()
                .all(|c| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit()))
        );
        assert!(codes.len() > 190, "200 codes should almost never collide");
    }

    #[test]
    fn masks_keep_little() {
        assert_eq!(mask("leyla@example.az"), "l***@example.az");
        assert_eq!(mask("+994501234567"), "+9945***67");
        assert_eq!(mask("12345"), "***");
    }

    #[test]
    fn devices_are_coarse() {
        assert_eq!(
            device_of(
                "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"
            ),
            "Chrome on Android"
        );
        assert_eq!(
            device_of(
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1"
            ),
            "Safari on iOS"
        );
        assert_eq!(device_of("curl/8.5.0"), "curl");
        assert_eq!(device_of(""), "unknown client");
    }

    #[test]
    fn constant_time_compare() {
        assert!(ct_eq(b"abc", b"abc"));
        assert!(!ct_eq(b"abc", b"abd"));
        assert!(!ct_eq(b"abc", b"ab"));
    }
}
