//! The `[auth]` and `[notify]` sections: sign-in security settings and how notices are
//! delivered. Every setting has a safe default, so a business only writes what it changes.

use serde::Deserialize;
use serde_spanned::Spanned;

use super::config::{Invalid, bad};

/// Argon2id cost. OWASP's recommendation is the default: 19 MiB, 2 passes, 1 lane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Argon2Cost {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over memory.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

/// Sign-in security settings.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AuthSettings {
    /// Password hashing cost.
    pub argon2: Argon2Cost,
    /// How long a one-time code is valid, in seconds.
    pub code_ttl_seconds: u32,
    /// Wrong tries a code allows before it is spent.
    pub code_max_attempts: u32,
    /// Seconds before another code can be asked for.
    pub code_resend_seconds: u32,
    /// Countries (ISO 3166 alpha-2) whose numbers may receive codes by SMS.
    pub sms_countries: Vec<String>,
    /// Codes one number may receive per hour.
    pub sms_per_number_hour: u32,
    /// Codes one number may receive per day.
    pub sms_per_number_day: u32,
    /// Codes all numbers of one country may receive per hour.
    pub sms_per_country_hour: u32,
    /// Codes all numbers of one country may receive per day.
    pub sms_per_country_day: u32,
    /// Codes one email address may receive per hour.
    pub email_per_address_hour: u32,
    /// Codes one email address may receive per day.
    pub email_per_address_day: u32,
    /// Consecutive failed passwords after which each further try must wait (doubling).
    pub delay_after: u32,
    /// Consecutive failed passwords after which the account is locked until a reset.
    pub lockout_after: u32,
    /// Sign-in and sign-up attempts one IP address may make per minute.
    pub ip_attempts_per_minute: u32,
    /// A session ends after this many minutes without use.
    pub session_idle_minutes: u32,
    /// A session ends this many hours after sign-in, used or not.
    pub session_absolute_hours: u32,
    /// A password reset link is valid this many minutes.
    pub reset_link_minutes: u32,
    /// The page customers open from a reset email; the token is appended after `#token=`
    /// (a fragment never reaches a web server's logs).
    pub reset_url: Option<String>,
    /// The page where a customer freezes the account (named in security notices).
    pub freeze_url: Option<String>,
    /// Take the client address from the last `X-Forwarded-For` hop (only behind a proxy
    /// that sets it).
    pub trust_forwarded_for: bool,
}

/// How to reach an SMTP server.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SmtpSettings {
    /// Host name.
    pub host: String,
    /// Port.
    pub port: u16,
    /// `none`, `starttls` or `tls`.
    pub security: String,
    /// User name, if the server wants one.
    pub username: Option<String>,
    /// The environment variable holding the password (never the password itself).
    pub password_env: Option<String>,
}

/// An HTTP SMS gateway.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SmsGatewaySettings {
    /// The URL messages are POSTed to.
    pub url: String,
    /// An authentication header's name.
    pub auth_header: Option<String>,
    /// The environment variable holding that header's value.
    pub auth_value_env: Option<String>,
    /// JSON body with `{{to}}`, `{{text}}` and `{{id}}` inside strings.
    pub body_template: String,
}

/// How notices are delivered.
#[derive(Debug, Clone, serde::Serialize)]
pub struct NotifySettings {
    /// The From of notices by email.
    pub email_from: String,
    /// SMTP; `None` writes `.eml` files under `<data-dir>/outbox/mail`.
    pub smtp: Option<SmtpSettings>,
    /// SMS gateway; `None` writes lines to `<data-dir>/outbox/sms.jsonl`.
    pub sms_gateway: Option<SmsGatewaySettings>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAuth {
    argon2: Option<RawArgon2>,
    code_ttl_seconds: Option<Spanned<u32>>,
    code_max_attempts: Option<Spanned<u32>>,
    code_resend_seconds: Option<Spanned<u32>>,
    sms_countries: Option<Vec<Spanned<String>>>,
    sms_per_number_hour: Option<Spanned<u32>>,
    sms_per_number_day: Option<Spanned<u32>>,
    sms_per_country_hour: Option<Spanned<u32>>,
    sms_per_country_day: Option<Spanned<u32>>,
    email_per_address_hour: Option<Spanned<u32>>,
    email_per_address_day: Option<Spanned<u32>>,
    delay_after: Option<Spanned<u32>>,
    lockout_after: Option<Spanned<u32>>,
    ip_attempts_per_minute: Option<Spanned<u32>>,
    session_idle_minutes: Option<Spanned<u32>>,
    session_absolute_hours: Option<Spanned<u32>>,
    reset_link_minutes: Option<Spanned<u32>>,
    reset_url: Option<Spanned<String>>,
    freeze_url: Option<Spanned<String>>,
    #[serde(default)]
    trust_forwarded_for: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArgon2 {
    memory_kib: Option<Spanned<u32>>,
    iterations: Option<Spanned<u32>>,
    parallelism: Option<Spanned<u32>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawNotify {
    email: Option<RawEmail>,
    sms: Option<RawSms>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEmail {
    from: Option<Spanned<String>>,
    smtp_host: Option<Spanned<String>>,
    smtp_port: Option<u16>,
    smtp_security: Option<Spanned<String>>,
    smtp_username: Option<String>,
    smtp_password_env: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSms {
    gateway_url: Spanned<String>,
    auth_header: Option<String>,
    auth_value_env: Option<String>,
    body_template: Spanned<String>,
}

/// A number setting within `lo..=hi`, or its default.
fn within(
    v: &Option<Spanned<u32>>,
    name: &str,
    lo: u32,
    hi: u32,
    default: u32,
) -> Result<u32, Invalid> {
    match v {
        None => Ok(default),
        Some(s) if (lo..=hi).contains(s.get_ref()) => Ok(*s.get_ref()),
        Some(s) => Err(bad(s, format!("{name} must be between {lo} and {hi}"))),
    }
}

fn https_url(v: &Option<Spanned<String>>, name: &str) -> Result<Option<String>, Invalid> {
    match v {
        None => Ok(None),
        Some(s) => {
            let u = s.get_ref().trim();
            if u.starts_with("https://")
                || u.starts_with("http://localhost")
                || u.starts_with("http://127.0.0.1")
            {
                Ok(Some(u.to_owned()))
            } else {
                Err(bad(
                    s,
                    format!("{name} must be an https:// address (http:// only for localhost)"),
                ))
            }
        }
    }
}

pub(crate) fn validate_auth(raw: &RawAuth, region: &str) -> Result<AuthSettings, Invalid> {
    let a = raw.argon2.as_ref();
    let argon2 = Argon2Cost {
        memory_kib: within(
            &a.and_then(|a| a.memory_kib.clone()),
            "auth.argon2.memory_kib",
            1024,
            1 << 20,
            19 * 1024,
        )?,
        iterations: within(
            &a.and_then(|a| a.iterations.clone()),
            "auth.argon2.iterations",
            1,
            16,
            2,
        )?,
        parallelism: within(
            &a.and_then(|a| a.parallelism.clone()),
            "auth.argon2.parallelism",
            1,
            16,
            1,
        )?,
    };
    let mut sms_countries = Vec::new();
    match &raw.sms_countries {
        None => sms_countries.push(region.to_owned()),
        Some(list) => {
            for c in list {
                let up = c.get_ref().to_ascii_uppercase();
                if up.len() != 2 || up.parse::<phonenumber::country::Id>().is_err() {
                    return Err(bad(
                        c,
                        "auth.sms_countries holds two-letter ISO 3166 country codes, such as AZ",
                    ));
                }
                sms_countries.push(up);
            }
        }
    }
    let delay_after = within(&raw.delay_after, "auth.delay_after", 1, 100, 3)?;
    let lockout_after = within(&raw.lockout_after, "auth.lockout_after", 1, 100, 10)?;
    if lockout_after < delay_after
        && let Some(s) = &raw.lockout_after
    {
        return Err(bad(
            s,
            "auth.lockout_after must not be below auth.delay_after",
        ));
    }
    let idle = within(
        &raw.session_idle_minutes,
        "auth.session_idle_minutes",
        1,
        24 * 60,
        30,
    )?;
    let absolute = within(
        &raw.session_absolute_hours,
        "auth.session_absolute_hours",
        1,
        24 * 30,
        12,
    )?;
    Ok(AuthSettings {
        argon2,
        code_ttl_seconds: within(&raw.code_ttl_seconds, "auth.code_ttl_seconds", 60, 900, 300)?,
        code_max_attempts: within(&raw.code_max_attempts, "auth.code_max_attempts", 1, 10, 5)?,
        code_resend_seconds: within(
            &raw.code_resend_seconds,
            "auth.code_resend_seconds",
            10,
            600,
            60,
        )?,
        sms_countries,
        sms_per_number_hour: within(
            &raw.sms_per_number_hour,
            "auth.sms_per_number_hour",
            1,
            100,
            5,
        )?,
        sms_per_number_day: within(
            &raw.sms_per_number_day,
            "auth.sms_per_number_day",
            1,
            1000,
            10,
        )?,
        sms_per_country_hour: within(
            &raw.sms_per_country_hour,
            "auth.sms_per_country_hour",
            1,
            10_000_000,
            1000,
        )?,
        sms_per_country_day: within(
            &raw.sms_per_country_day,
            "auth.sms_per_country_day",
            1,
            100_000_000,
            10_000,
        )?,
        email_per_address_hour: within(
            &raw.email_per_address_hour,
            "auth.email_per_address_hour",
            1,
            100,
            5,
        )?,
        email_per_address_day: within(
            &raw.email_per_address_day,
            "auth.email_per_address_day",
            1,
            1000,
            10,
        )?,
        delay_after,
        lockout_after,
        ip_attempts_per_minute: within(
            &raw.ip_attempts_per_minute,
            "auth.ip_attempts_per_minute",
            1,
            100_000,
            60,
        )?,
        session_idle_minutes: idle,
        session_absolute_hours: absolute,
        reset_link_minutes: within(
            &raw.reset_link_minutes,
            "auth.reset_link_minutes",
            5,
            24 * 60,
            30,
        )?,
        reset_url: https_url(&raw.reset_url, "auth.reset_url")?,
        freeze_url: https_url(&raw.freeze_url, "auth.freeze_url")?,
        trust_forwarded_for: raw.trust_forwarded_for,
    })
}

pub(crate) fn validate_notify(
    raw: &RawNotify,
    email_domains: &[String],
) -> Result<NotifySettings, Invalid> {
    let email = raw.email.as_ref();
    let email_from = match email.and_then(|e| e.from.as_ref()) {
        Some(f) => {
            let v = f.get_ref().trim();
            let addr = v
                .rsplit_once('<')
                .map_or(v, |(_, a)| a.trim_end_matches('>'));
            if crate::fields::parse_email(addr).is_err() {
                return Err(bad(
                    f,
                    "notify.email.from must be an address, like \"Shop <no-reply@shop.example>\"",
                ));
            }
            v.to_owned()
        }
        None => format!(
            "no-reply@{}",
            email_domains.first().map_or("localhost", String::as_str)
        ),
    };
    let smtp = match email.and_then(|e| e.smtp_host.as_ref().map(|h| (e, h))) {
        None => None,
        Some((e, host)) => {
            let security = match &e.smtp_security {
                None => "starttls".to_owned(),
                Some(s) if ["none", "starttls", "tls"].contains(&s.get_ref().as_str()) => {
                    s.get_ref().clone()
                }
                Some(s) => {
                    return Err(bad(
                        s,
                        "notify.email.smtp_security is none, starttls or tls",
                    ));
                }
            };
            let port = e.smtp_port.unwrap_or(match security.as_str() {
                "tls" => 465,
                "none" => 25,
                _ => 587,
            });
            Some(SmtpSettings {
                host: host.get_ref().trim().to_owned(),
                port,
                security,
                username: e.smtp_username.clone(),
                password_env: e.smtp_password_env.clone(),
            })
        }
    };
    let sms_gateway = match &raw.sms {
        None => None,
        Some(s) => {
            https_url(&Some(s.gateway_url.clone()), "notify.sms.gateway_url")?;
            let probe = s
                .body_template
                .get_ref()
                .replace("{{to}}", "x")
                .replace("{{text}}", "x")
                .replace("{{id}}", "x");
            if serde_json::from_str::<serde_json::Value>(&probe).is_err() {
                return Err(bad(
                    &s.body_template,
                    "notify.sms.body_template must be JSON with {{to}}, {{text}} and {{id}} inside strings, like '{\"to\": \"{{to}}\", \"text\": \"{{text}}\"}'",
                ));
            }
            if !s.body_template.get_ref().contains("{{text}}")
                || !s.body_template.get_ref().contains("{{to}}")
            {
                return Err(bad(
                    &s.body_template,
                    "notify.sms.body_template must contain {{to}} and {{text}}",
                ));
            }
            Some(SmsGatewaySettings {
                url: s.gateway_url.get_ref().trim().to_owned(),
                auth_header: s.auth_header.clone(),
                auth_value_env: s.auth_value_env.clone(),
                body_template: s.body_template.get_ref().clone(),
            })
        }
    };
    Ok(NotifySettings {
        email_from,
        smtp,
        sms_gateway,
    })
}
