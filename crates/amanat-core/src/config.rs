//! The business's configuration: one TOML file per business.
//!
//! Loading parses the file into raw structures that remember where each value stood,
//! then checks the rules a serde derive cannot express (a field's purposes exist, a time
//! zone is real, a channel is well formed). A refused file is reported with its path,
//! line, column and the reason, so an operator can fix it at once.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveTime, Weekday};
use serde::Deserialize;
use serde_spanned::Spanned;

use crate::fields::{self, FieldKind};
use crate::roles::Role;

/// Languages amanat speaks.
pub const SUPPORTED_LOCALES: [&str; 5] = ["en", "az", "fa", "ar", "vi"];

/// Items a business may publish as "we never ask for".
pub const NEVER_ASK_ITEMS: [&str; 7] = [
    "password",
    "pin",
    "otp",
    "card_number",
    "cvv",
    "bank_details",
    "personal_data",
];

/// A configuration file was refused: where, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file that was read.
    pub file: PathBuf,
    /// 1-based line of the offending value (0 when the file could not be read).
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong and what to do.
    pub reason: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file.display(), self.reason)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file.display(),
                self.line,
                self.column,
                self.reason
            )
        }
    }
}

impl std::error::Error for ConfigError {}

/// The legal basis of a purpose (GDPR art. 6 and its kin in the users' countries).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalBasis {
    /// Needed to perform the contract with the customer.
    Contract,
    /// The customer agreed.
    Consent,
    /// A law requires it.
    LegalObligation,
    /// The business's legitimate interest, balanced against the customer's.
    LegitimateInterest,
}

/// A contact channel a purpose may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactChannel {
    /// Email.
    Email,
    /// Text message.
    Sms,
    /// Letter.
    Post,
    /// Telephone call.
    Phone,
}

/// A purpose personal data is used for.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Purpose {
    /// Stable id, e.g. `service` or `marketing`.
    pub id: String,
    /// Its legal basis.
    pub legal_basis: LegalBasis,
    /// Description per locale.
    pub description: BTreeMap<String, String>,
    /// Channels it may contact the customer by.
    pub channels: Vec<ContactChannel>,
}

/// A field of the catalogue.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Field {
    /// Name, e.g. `email`.
    pub name: String,
    /// Kind, deciding validation.
    pub kind: FieldKind,
    /// The purposes it is held for; never empty.
    pub purposes: Vec<String>,
    /// Whether sign-up requires it.
    pub required_at_signup: bool,
}

/// A published promotion (OO-5, OO-6).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Promotion {
    /// The code customers see.
    pub code: String,
    /// Title per locale.
    pub title: BTreeMap<String, String>,
    /// First day it runs.
    pub valid_from: NaiveDate,
    /// Last day it runs.
    pub valid_to: NaiveDate,
    /// Where it is announced.
    pub official_url: String,
    /// How real winners are contacted, per locale.
    pub winners_contacted: BTreeMap<String, String>,
}

/// The business's official channels (OD-2, OD-3, OD-13).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Channels {
    /// Web origins, e.g. `https://odero.az`.
    pub web_origins: Vec<String>,
    /// Domains its email comes from.
    pub email_domains: Vec<String>,
    /// Support mailboxes.
    pub support_emails: Vec<String>,
    /// Telephone numbers in E.164.
    pub phones: Vec<String>,
    /// SMS short codes.
    pub short_codes: Vec<String>,
    /// Social media pages.
    pub social_pages: Vec<String>,
    /// Published promotions.
    pub promotions: Vec<Promotion>,
    /// What the business never asks customers for.
    pub never_ask: Vec<String>,
}

/// Opening hours on some weekdays.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SupportHours {
    /// Days they apply to.
    pub days: Vec<Weekday>,
    /// Opening time.
    pub open: NaiveTime,
    /// Closing time.
    pub close: NaiveTime,
}

/// Help desk hours and holidays (OD-14).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Support {
    /// Weekly opening hours.
    pub hours: Vec<SupportHours>,
    /// Days the desk is closed.
    pub holidays: Vec<NaiveDate>,
}

/// How long data is kept.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Retention {
    /// Days without activity after which an account is erased (after a notice).
    pub inactive_days: Option<u32>,
    /// Days between the notice and the erasure.
    pub notice_days: u32,
    /// Years order references are kept for accounting.
    pub order_reference_years: u32,
}

/// How privacy requests are answered.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Privacy {
    /// Months from receipt to the due date (default 1).
    pub due_months: u32,
    /// Months the one extension adds (default 2).
    pub extension_months: u32,
    /// The supervisory authority a customer may complain to, per locale (name and
    /// address as one line), told with every refusal.
    pub complaint_authority: BTreeMap<String, String>,
}

/// How readily the scam-message check raises the alarm: each level is the share of genuine
/// messages the model let through as suspicious when its line was placed (cross-validated).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MessageSensitivity {
    /// About 0.5% of genuine messages flagged: fewer questioned, fewer scams caught.
    Standard,
    /// About 0.75% (the default: on seven blind sets recall >= 90% and false positives
    /// <= 1% in every language pooled).
    #[default]
    High,
    /// About 1%.
    Highest,
}

/// A validated configuration.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Config {
    /// The business's name.
    pub name: String,
    /// Other names it is known by (other scripts, trading names).
    pub brand_names: Vec<String>,
    /// Locales it serves, the first being the default.
    pub locales: Vec<String>,
    /// IANA time zone.
    #[serde(serialize_with = "serialize_tz")]
    pub time_zone: chrono_tz::Tz,
    /// Default region for phone numbers (ISO 3166 alpha-2).
    pub default_region: String,
    /// Official channels.
    pub channels: Channels,
    /// Help desk hours.
    pub support: Support,
    /// Purposes by id.
    pub purposes: BTreeMap<String, Purpose>,
    /// The field catalogue, in file order.
    pub fields: Vec<Field>,
    /// Purposes each role may use.
    pub role_purposes: BTreeMap<Role, BTreeSet<String>>,
    /// Retention rules.
    pub retention: Retention,
    /// Smallest group an aggregate report may show.
    pub aggregate_k: u32,
    /// Privacy requests: due dates and where to complain.
    pub privacy: Privacy,
    /// Sign-in security.
    pub auth: crate::auth_config::AuthSettings,
    /// Delivery of notices.
    pub notify: crate::auth_config::NotifySettings,
    /// The SHA-256 (lower-case hex) of the current staff confidentiality terms; staff who
    /// accepted another version must accept again. `None`: any accepted version counts.
    pub staff_terms_sha256: Option<String>,
    /// `[shield] message_sensitivity`.
    pub message_sensitivity: MessageSensitivity,
}

impl Config {
    /// Reads and validates a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            file: path.to_path_buf(),
            line: 0,
            column: 0,
            reason: format!("cannot read the file: {e}"),
        })?;
        Config::parse(&text, path)
    }

    /// Validates configuration text; `path` is used in error messages only.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let locate = |span: Option<Range<usize>>, reason: String| {
            let (line, column) = span.map_or((1, 1), |s| line_col(text, s.start));
            ConfigError {
                file: path.to_path_buf(),
                line,
                column,
                reason,
            }
        };
        let raw: RawConfig =
            toml::from_str(text).map_err(|e| locate(e.span(), e.message().to_owned()))?;
        validate(raw).map_err(|(span, reason)| locate(Some(span), reason))
    }

    /// The field of the catalogue with this name.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Whether `role` may read data for `purpose`.
    pub fn role_may_use(&self, role: Role, purpose: &str) -> bool {
        self.role_purposes
            .get(&role)
            .is_some_and(|p| p.contains(purpose))
    }

    /// The default locale.
    pub fn default_locale(&self) -> &str {
        self.locales.first().map_or("en", String::as_str)
    }
}

fn serialize_tz<S: serde::Serializer>(tz: &chrono_tz::Tz, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(tz.name())
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

pub(crate) type Invalid = (Range<usize>, String);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    business: RawBusiness,
    #[serde(default)]
    channels: RawChannels,
    #[serde(default)]
    support: RawSupport,
    #[serde(default)]
    purposes: Vec<RawPurpose>,
    #[serde(default)]
    fields: Vec<RawField>,
    #[serde(default)]
    roles: BTreeMap<Spanned<String>, RawRole>,
    #[serde(default)]
    retention: RawRetention,
    #[serde(default)]
    aggregates: RawAggregates,
    #[serde(default)]
    auth: crate::auth_config::RawAuth,
    #[serde(default)]
    notify: crate::auth_config::RawNotify,
    #[serde(default)]
    staff: RawStaff,
    #[serde(default)]
    privacy: RawPrivacy,
    #[serde(default)]
    shield: RawShield,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawShield {
    message_sensitivity: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPrivacy {
    due_months: Option<Spanned<u32>>,
    extension_months: Option<Spanned<u32>>,
    #[serde(default)]
    complaint_authority: BTreeMap<String, String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawStaff {
    terms_sha256: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBusiness {
    name: Spanned<String>,
    #[serde(default)]
    brand_names: Vec<String>,
    locales: Spanned<Vec<Spanned<String>>>,
    time_zone: Spanned<String>,
    default_region: Spanned<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawChannels {
    #[serde(default)]
    web_origins: Vec<Spanned<String>>,
    #[serde(default)]
    email_domains: Vec<Spanned<String>>,
    #[serde(default)]
    support_emails: Vec<Spanned<String>>,
    #[serde(default)]
    phones: Vec<Spanned<String>>,
    #[serde(default)]
    short_codes: Vec<Spanned<String>>,
    #[serde(default)]
    social_pages: Vec<Spanned<String>>,
    #[serde(default)]
    never_ask: Vec<Spanned<String>>,
    #[serde(default)]
    promotions: Vec<RawPromotion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPromotion {
    code: Spanned<String>,
    title: BTreeMap<String, String>,
    valid_from: Spanned<String>,
    valid_to: Spanned<String>,
    official_url: Spanned<String>,
    #[serde(default)]
    winners_contacted: BTreeMap<String, String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSupport {
    #[serde(default)]
    hours: Vec<RawHours>,
    #[serde(default)]
    holidays: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHours {
    days: Vec<Spanned<String>>,
    open: Spanned<String>,
    close: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPurpose {
    id: Spanned<String>,
    legal_basis: LegalBasis,
    description: Option<Spanned<BTreeMap<String, String>>>,
    #[serde(default)]
    channels: Vec<ContactChannel>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    name: Spanned<String>,
    kind: FieldKind,
    purposes: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    required_at_signup: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRole {
    purposes: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRetention {
    inactive_days: Option<Spanned<u32>>,
    #[serde(default = "default_notice_days")]
    notice_days: u32,
    #[serde(default = "default_order_years")]
    order_reference_years: u32,
}

impl Default for RawRetention {
    fn default() -> Self {
        RawRetention {
            inactive_days: None,
            notice_days: default_notice_days(),
            order_reference_years: default_order_years(),
        }
    }
}

fn default_notice_days() -> u32 {
    30
}

fn default_order_years() -> u32 {
    5
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAggregates {
    #[serde(default = "default_k")]
    k: Spanned<u32>,
}

impl Default for RawAggregates {
    fn default() -> Self {
        RawAggregates {
            k: Spanned::new(0..0, default_k_value()),
        }
    }
}

fn default_k() -> Spanned<u32> {
    Spanned::new(0..0, default_k_value())
}

fn default_k_value() -> u32 {
    10
}

pub(crate) fn bad<T>(s: &Spanned<T>, reason: impl Into<String>) -> Invalid {
    (s.span(), reason.into())
}

fn is_snake_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn validate(raw: RawConfig) -> Result<Config, Invalid> {
    let business = raw.business;
    let name = business.name.get_ref().trim().to_owned();
    if name.is_empty() {
        return Err(bad(
            &business.name,
            "business.name is empty; give the business's name",
        ));
    }
    let mut locales = Vec::new();
    for l in business.locales.get_ref() {
        if !SUPPORTED_LOCALES.contains(&l.get_ref().as_str()) {
            return Err(bad(
                l,
                format!(
                    "unsupported locale {:?}; use some of en, az, fa, ar, vi",
                    l.get_ref()
                ),
            ));
        }
        if locales.contains(l.get_ref()) {
            return Err(bad(l, "locale listed twice"));
        }
        locales.push(l.get_ref().clone());
    }
    if locales.is_empty() {
        return Err(bad(
            &business.locales,
            "business.locales is empty; list at least one of en, az, fa, ar, vi (the first is the default)",
        ));
    }
    let time_zone: chrono_tz::Tz = business.time_zone.get_ref().parse().map_err(|_| {
        bad(
            &business.time_zone,
            format!(
                "unknown time zone {:?}; use an IANA name such as Asia/Baku or Asia/Tehran",
                business.time_zone.get_ref()
            ),
        )
    })?;
    let region = business.default_region.get_ref().to_ascii_uppercase();
    if region.len() != 2 || region.parse::<phonenumber::country::Id>().is_err() {
        return Err(bad(
            &business.default_region,
            "default_region must be a two-letter ISO 3166 country code, such as AZ",
        ));
    }

    let purposes = validate_purposes(&raw.purposes, &locales)?;
    let fields = validate_fields(&raw.fields, &purposes)?;
    let role_purposes = validate_roles(&raw.roles, &purposes)?;
    let channels = validate_channels(&raw.channels, &region)?;
    let support = validate_support(&raw.support)?;

    if let Some(days) = &raw.retention.inactive_days
        && *days.get_ref() < 30
    {
        return Err(bad(days, "retention.inactive_days must be at least 30"));
    }
    let auth = crate::auth_config::validate_auth(&raw.auth, &region)?;
    let notify = crate::auth_config::validate_notify(&raw.notify, &channels.email_domains)?;
    let staff_terms_sha256 = match &raw.staff.terms_sha256 {
        None => None,
        Some(h) => {
            let v = h.get_ref().trim().to_ascii_lowercase();
            if v.len() != 64 || !v.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(bad(
                    h,
                    "staff.terms_sha256 is the SHA-256 of the terms document in hex (64 characters; `sha256sum FILE`)",
                ));
            }
            Some(v)
        }
    };
    let privacy = validate_privacy(&raw.privacy, &locales)?;
    let message_sensitivity = match &raw.shield.message_sensitivity {
        None => MessageSensitivity::High,
        Some(v) => match v.get_ref().trim() {
            "standard" => MessageSensitivity::Standard,
            "high" => MessageSensitivity::High,
            "highest" => MessageSensitivity::Highest,
            _ => {
                return Err(bad(
                    v,
                    "shield.message_sensitivity is high (the default; about 0.75% of genuine messages flagged), standard (0.5%) or highest (1%)",
                ));
            }
        },
    };
    let k = *raw.aggregates.k.get_ref();
    if k < 2 {
        return Err(bad(
            &raw.aggregates.k,
            "aggregates.k must be at least 2: a group of one identifies a customer",
        ));
    }

    Ok(Config {
        name,
        brand_names: business
            .brand_names
            .iter()
            .map(|b| b.trim().to_owned())
            .filter(|b| !b.is_empty())
            .collect(),
        locales,
        time_zone,
        default_region: region,
        channels,
        support,
        purposes,
        fields,
        role_purposes,
        retention: Retention {
            inactive_days: raw.retention.inactive_days.map(|d| *d.get_ref()),
            notice_days: raw.retention.notice_days,
            order_reference_years: raw.retention.order_reference_years,
        },
        aggregate_k: k,
        privacy,
        auth,
        notify,
        staff_terms_sha256,
        message_sensitivity,
    })
}

fn validate_privacy(raw: &RawPrivacy, locales: &[String]) -> Result<Privacy, Invalid> {
    let due_months = match &raw.due_months {
        Some(m) if !(1..=3).contains(m.get_ref()) => {
            return Err(bad(m, "privacy.due_months must be 1, 2 or 3"));
        }
        Some(m) => *m.get_ref(),
        None => 1,
    };
    let extension_months = match &raw.extension_months {
        Some(m) if !(1..=3).contains(m.get_ref()) => {
            return Err(bad(m, "privacy.extension_months must be 1, 2 or 3"));
        }
        Some(m) => *m.get_ref(),
        None => 2,
    };
    let mut complaint_authority = BTreeMap::new();
    for (lang, text) in &raw.complaint_authority {
        if !locales.contains(lang) {
            return Err((
                0..0,
                format!(
                    "privacy.complaint_authority has text for `{lang}`, which is not in business.locales"
                ),
            ));
        }
        let text = text.trim();
        if text.is_empty() || text.chars().count() > 300 || text.chars().any(char::is_control) {
            return Err((
                0..0,
                format!(
                    "privacy.complaint_authority.{lang} must be one line of 1 to 300 characters"
                ),
            ));
        }
        complaint_authority.insert(lang.clone(), text.to_owned());
    }
    Ok(Privacy {
        due_months,
        extension_months,
        complaint_authority,
    })
}

fn validate_purposes(
    raw: &[RawPurpose],
    locales: &[String],
) -> Result<BTreeMap<String, Purpose>, Invalid> {
    let mut purposes = BTreeMap::new();
    for p in raw {
        let id = p.id.get_ref();
        if !is_snake_id(id) {
            return Err(bad(
                &p.id,
                "a purpose id is lower-case letters, digits and underscores, like fraud_prevention",
            ));
        }
        let description = p
            .description
            .as_ref()
            .map(|d| d.get_ref().clone())
            .unwrap_or_default();
        for l in locales {
            if !description.contains_key(l) {
                let at = p.description.as_ref().map_or(p.id.span(), Spanned::span);
                return Err((
                    at,
                    format!(
                        "purpose {id:?} has no description in locale {l:?}; add description.{l}"
                    ),
                ));
            }
        }
        let purpose = Purpose {
            id: id.clone(),
            legal_basis: p.legal_basis,
            description,
            channels: p.channels.clone(),
        };
        if purposes.insert(id.clone(), purpose).is_some() {
            return Err(bad(&p.id, format!("purpose {id:?} is defined twice")));
        }
    }
    if purposes.is_empty() {
        return Err((
            0..0,
            "no [[purposes]]: declare at least one purpose (service, security, ...)".into(),
        ));
    }
    Ok(purposes)
}

fn validate_fields(
    raw: &[RawField],
    purposes: &BTreeMap<String, Purpose>,
) -> Result<Vec<Field>, Invalid> {
    let mut fields: Vec<Field> = Vec::new();
    for f in raw {
        let name = f.name.get_ref();
        if !is_snake_id(name) {
            return Err(bad(
                &f.name,
                "a field name is lower-case letters, digits and underscores, like given_name",
            ));
        }
        if fields.iter().any(|x| &x.name == name) {
            return Err(bad(&f.name, format!("field {name:?} is defined twice")));
        }
        let listed = f
            .purposes
            .as_ref()
            .map(|p| p.get_ref().as_slice())
            .unwrap_or_default();
        if listed.is_empty() {
            return Err(bad(
                &f.name,
                format!(
                    "field {name:?} has no purpose; data without a declared purpose cannot be stored (MQ-1): add purposes = [...]"
                ),
            ));
        }
        let mut ps = Vec::new();
        for p in listed {
            if !purposes.contains_key(p.get_ref()) {
                return Err(bad(
                    p,
                    format!(
                        "field {name:?} names unknown purpose {:?}; declare it under [[purposes]]",
                        p.get_ref()
                    ),
                ));
            }
            ps.push(p.get_ref().clone());
        }
        fields.push(Field {
            name: name.clone(),
            kind: f.kind,
            purposes: ps,
            required_at_signup: f.required_at_signup,
        });
    }
    if fields.is_empty() {
        return Err((0..0, "no [[fields]]: declare the field catalogue".into()));
    }
    Ok(fields)
}

fn validate_roles(
    raw: &BTreeMap<Spanned<String>, RawRole>,
    purposes: &BTreeMap<String, Purpose>,
) -> Result<BTreeMap<Role, BTreeSet<String>>, Invalid> {
    let mut map: BTreeMap<Role, BTreeSet<String>> = Role::ALL
        .into_iter()
        .map(|r| {
            let set = r
                .default_purposes()
                .iter()
                .flat_map(|p| {
                    if *p == "*" {
                        purposes.keys().cloned().collect::<Vec<_>>()
                    } else if purposes.contains_key(*p) {
                        vec![(*p).to_owned()]
                    } else {
                        vec![]
                    }
                })
                .collect();
            (r, set)
        })
        .collect();
    for (name, role) in raw {
        let r: Role = name
            .get_ref()
            .parse()
            .map_err(|e: crate::roles::UnknownRole| bad(name, e.to_string()))?;
        let mut set = BTreeSet::new();
        for p in &role.purposes {
            if !purposes.contains_key(p.get_ref()) {
                return Err(bad(
                    p,
                    format!(
                        "role {:?} names unknown purpose {:?}",
                        name.get_ref(),
                        p.get_ref()
                    ),
                ));
            }
            set.insert(p.get_ref().clone());
        }
        map.insert(r, set);
    }
    Ok(map)
}

fn validate_channels(raw: &RawChannels, region: &str) -> Result<Channels, Invalid> {
    let mut c = Channels::default();
    for o in &raw.web_origins {
        c.web_origins.push(parse_origin(o.get_ref()).ok_or_else(|| {
            bad(
                o,
                "a web origin is https://host (no path), like https://odero.az",
            )
        })?);
    }
    for d in &raw.email_domains {
        let v = d.get_ref().to_lowercase();
        if !fields::is_domain(&v) {
            return Err(bad(d, "an email domain is a host name like odero.az"));
        }
        c.email_domains.push(v);
    }
    for e in &raw.support_emails {
        let v = fields::parse_email(e.get_ref()).map_err(|_| {
            bad(
                e,
                "a support address must be an email address, like support@odero.az",
            )
        })?;
        c.support_emails.push(v);
    }
    for p in &raw.phones {
        let v = fields::parse_phone(p.get_ref(), region).map_err(|_| {
            bad(
                p,
                "not a valid phone number; write it in E.164, like +994124001234",
            )
        })?;
        c.phones.push(v);
    }
    for s in &raw.short_codes {
        let v = s.get_ref();
        if !(3..=8).contains(&v.len()) || !v.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad(s, "a short code is 3-8 digits"));
        }
        c.short_codes.push(v.clone());
    }
    for s in &raw.social_pages {
        if parse_url(s.get_ref()).is_none() {
            return Err(bad(s, "a social page is an https:// URL"));
        }
        c.social_pages.push(s.get_ref().clone());
    }
    for n in &raw.never_ask {
        if !NEVER_ASK_ITEMS.contains(&n.get_ref().as_str()) {
            return Err(bad(
                n,
                format!(
                    "unknown never_ask item; use some of {}",
                    NEVER_ASK_ITEMS.join(", ")
                ),
            ));
        }
        c.never_ask.push(n.get_ref().clone());
    }
    for p in &raw.promotions {
        let date = |s: &Spanned<String>| {
            NaiveDate::parse_from_str(s.get_ref(), "%Y-%m-%d")
                .map_err(|_| bad(s, "a date is YYYY-MM-DD"))
        };
        let from = date(&p.valid_from)?;
        let to = date(&p.valid_to)?;
        if to < from {
            return Err(bad(&p.valid_to, "valid_to is before valid_from"));
        }
        if p.code.get_ref().trim().is_empty() {
            return Err(bad(&p.code, "a promotion code is empty"));
        }
        if parse_url(p.official_url.get_ref()).is_none() {
            return Err(bad(&p.official_url, "official_url is an https:// URL"));
        }
        c.promotions.push(Promotion {
            code: p.code.get_ref().clone(),
            title: p.title.clone(),
            valid_from: from,
            valid_to: to,
            official_url: p.official_url.get_ref().clone(),
            winners_contacted: p.winners_contacted.clone(),
        });
    }
    Ok(c)
}

/// `https://host[:port]` with an optional trailing slash; the host lower-cased.
fn parse_origin(s: &str) -> Option<String> {
    let (scheme, rest) = s.split_once("://")?;
    if scheme != "https" && !(scheme == "http" && rest.starts_with("localhost")) {
        return None;
    }
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    if rest.contains(['/', '?', '#', '@']) {
        return None;
    }
    let (host, port) = match rest.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (rest, None),
    };
    if let Some(p) = port
        && p.parse::<u16>().is_err()
    {
        return None;
    }
    let host = host.to_lowercase();
    if host != "localhost" && !fields::is_domain(&host) {
        return None;
    }
    Some(match port {
        Some(p) => format!("{scheme}://{host}:{p}"),
        None => format!("{scheme}://{host}"),
    })
}

fn parse_url(s: &str) -> Option<()> {
    let rest = s.strip_prefix("https://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (fields::is_domain(&host.to_lowercase()) && !host.contains('@')).then_some(())
}

fn validate_support(raw: &RawSupport) -> Result<Support, Invalid> {
    let mut s = Support::default();
    for h in &raw.hours {
        let mut days = Vec::new();
        for d in &h.days {
            days.push(
                d.get_ref()
                    .parse::<Weekday>()
                    .map_err(|_| bad(d, "a day is mon, tue, wed, thu, fri, sat or sun"))?,
            );
        }
        let time = |t: &Spanned<String>| {
            NaiveTime::parse_from_str(t.get_ref(), "%H:%M")
                .map_err(|_| bad(t, "a time is HH:MM, like 09:00"))
        };
        let open = time(&h.open)?;
        let close = time(&h.close)?;
        if close <= open {
            return Err(bad(&h.close, "close must be after open"));
        }
        s.hours.push(SupportHours { days, open, close });
    }
    for d in &raw.holidays {
        s.holidays.push(
            NaiveDate::parse_from_str(d.get_ref(), "%Y-%m-%d")
                .map_err(|_| bad(d, "a holiday is YYYY-MM-DD"))?,
        );
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[business]
name = "Test"
locales = ["en", "az"]
time_zone = "Asia/Baku"
default_region = "AZ"

[channels]
web_origins = ["https://odero.az"]
email_domains = ["odero.az"]
phones = ["+994124001234"]

[[purposes]]
id = "service"
legal_basis = "contract"
description = { en = "To serve you", az = "Xidmət üçün" }

[[fields]]
name = "email"
kind = "email"
purposes = ["service"]
required_at_signup = true
"#;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("t.toml"))
    }

    #[test]
    fn a_good_file_loads() {
        let c = parse(GOOD).unwrap();
        assert_eq!(c.name, "Test");
        assert_eq!(c.fields[0].kind, FieldKind::Email);
        assert!(c.role_may_use(Role::Support, "service"));
        assert!(!c.role_may_use(Role::Fraud, "service"));
        assert!(c.role_may_use(Role::Dpo, "service"));
    }

    #[test]
    fn the_message_sensitivity_is_one_of_three_levels() {
        assert_eq!(
            parse(GOOD).unwrap().message_sensitivity,
            MessageSensitivity::High
        );
        for (v, want) in [
            ("standard", MessageSensitivity::Standard),
            ("high", MessageSensitivity::High),
            ("highest", MessageSensitivity::Highest),
        ] {
            let text = format!("{GOOD}\n[shield]\nmessage_sensitivity = \"{v}\"\n");
            assert_eq!(parse(&text).unwrap().message_sensitivity, want);
        }
        let text = format!("{GOOD}\n[shield]\nmessage_sensitivity = \"paranoid\"\n");
        let e = parse(&text).unwrap_err();
        assert!(
            e.reason.contains("standard") && e.reason.contains("highest"),
            "{e}"
        );
        // GOOD ends with a newline; then a blank line, `[shield]`, and the value.
        assert_eq!(e.line, GOOD.lines().count() + 3, "{e}");
        let text = format!("{GOOD}\n[shield]\nsensitivity = \"high\"\n");
        assert!(parse(&text).is_err(), "unknown keys are refused");
    }

    #[test]
    fn a_field_with_no_purpose_is_refused_with_its_line() {
        let text = GOOD.replace("purposes = [\"service\"]\n", "");
        let e = parse(&text).unwrap_err();
        assert!(e.reason.contains("no purpose"), "{e}");
        assert_eq!(e.line, 19, "{e}");
    }

    #[test]
    fn an_unknown_purpose_is_refused_with_its_line() {
        let e = parse(&GOOD.replace(
            "purposes = [\"service\"]",
            "purposes = [\"service\", \"spying\"]",
        ))
        .unwrap_err();
        assert!(e.reason.contains("spying"), "{e}");
        assert_eq!(e.line, 21);
        assert!(e.to_string().starts_with("t.toml:21:"));
    }

    #[test]
    fn a_bad_time_zone_is_refused() {
        let e = parse(&GOOD.replace("Asia/Baku", "Mars/Olympus")).unwrap_err();
        assert_eq!(e.line, 5);
        assert!(e.reason.contains("time zone"));
    }

    #[test]
    fn malformed_channels_are_refused() {
        for (from, to) in [
            ("https://odero.az\"]", "odero.az\"]"),
            (
                "email_domains = [\"odero.az\"]",
                "email_domains = [\"odero\"]",
            ),
            ("+994124001234", "12"),
        ] {
            let e = parse(&GOOD.replace(from, to)).unwrap_err();
            assert!(e.line >= 9 && e.line <= 11, "{from}: {e}");
        }
    }

    #[test]
    fn an_unknown_key_or_kind_is_refused() {
        let e = parse(&GOOD.replace("kind = \"email\"", "kind = \"mood\"")).unwrap_err();
        assert_eq!(e.line, 20, "{e}");
        let e = parse(&GOOD.replace("[channels]", "[channels]\nfax = 1")).unwrap_err();
        assert!(e.reason.contains("fax"), "{e}");
    }

    #[test]
    fn missing_description_in_a_locale_is_refused() {
        let e = parse(&GOOD.replace(", az = \"Xidmət üçün\"", "")).unwrap_err();
        assert!(e.reason.contains("\"az\""), "{e}");
    }
}
