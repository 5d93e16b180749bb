//! Raw email (`.eml`) check: SPF, DKIM and DMARC (with alignment) through `mail-auth`, judged
//! against the official mail domains of the business.
//!
//! The only network access in the crate lives here, behind [`EmailDns`]: a resolver with
//! its own record caches. [`EmailDns::system`] resolves through the system's name servers;
//! [`EmailDns::offline`] answers only from records preloaded with [`EmailDns::add_txt`] and
//! friends (every other name does not exist), so tests and air-gapped checks never touch
//! the network.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mail_auth::common::parse::TxtRecordParser;
use mail_auth::common::resolver::ToFqdn;
use mail_auth::common::verify::DomainKey;
use mail_auth::dmarc::Dmarc;
use mail_auth::dmarc::verify::DmarcParameters;
use mail_auth::hickory_resolver::config::{ResolverConfig, ResolverOpts};
use mail_auth::hickory_resolver::proto::op::ResponseCode;
use mail_auth::spf::Spf;
use mail_auth::spf::verify::SpfParameters;
use mail_auth::{
    AuthenticatedMessage, DkimResult, DmarcResult, DnsError, DnssecStatus, MX,
    MessageAuthenticator, Parameters, RecordSet, ResolverCache, SpfOutput, SpfResult, Txt,
};
use thiserror::Error;

use crate::Shield;
use crate::domain;
use crate::i18n::Lang;
use crate::verdict::{Verdict, VerdictKind};

/// Largest message accepted; bigger input is refused rather than parsed.
const MAX_MESSAGE_BYTES: usize = 25 * 1024 * 1024;
/// Entries kept per cache before expired ones are dropped (and, if still full, all of them).
const MAX_CACHE_ENTRIES: usize = 50_000;
/// Lifetime of a preloaded record.
const PRELOAD_TTL: Duration = Duration::from_secs(10 * 365 * 24 * 3600);
/// Host name used for the `%{r}` SPF macro.
const RECEIVING_HOST: &str = "amanat.invalid";

/// The SMTP envelope of a message, as seen by the receiving server. SPF needs the client IP;
/// without it SPF is `none` and only DKIM can make DMARC pass.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmailContext {
    /// Address of the server that delivered the message to the customer's provider.
    pub client_ip: Option<IpAddr>,
    /// The HELO/EHLO name that server gave.
    pub helo: Option<String>,
    /// The SMTP `MAIL FROM` (return path) address, without angle brackets.
    pub mail_from: Option<String>,
}

/// The From header of a raw message (or its bare address), None when it cannot be read.
pub(crate) fn from_header(raw_eml: &[u8]) -> Option<String> {
    if raw_eml.len() > MAX_MESSAGE_BYTES {
        return None;
    }
    let msg = AuthenticatedMessage::parse(raw_eml)?;
    header(&msg, b"from").or_else(|| {
        let f = msg.from();
        (!f.is_empty()).then(|| f.to_string())
    })
}

impl EmailContext {
    /// Reads the envelope from the headers the customer's mail provider added on delivery:
    /// the topmost `Received:` field (`from HELO (... [IP]) by ...`) and `Return-Path:`.
    /// Fields that are missing or unreadable stay `None`.
    pub fn from_headers(raw_eml: &[u8]) -> EmailContext {
        match AuthenticatedMessage::parse(raw_eml) {
            Some(msg) => EmailContext::from_message(&msg),
            None => EmailContext::default(),
        }
    }

    fn from_message(msg: &AuthenticatedMessage<'_>) -> EmailContext {
        let mut ctx = EmailContext::default();
        if let Some(received) = header(msg, b"received") {
            // Only the part before " by " describes the sending side.
            let lower = received.to_ascii_lowercase();
            let from_part = match lower.find(" by ") {
                Some(i) => &received[..i],
                None if lower.starts_with("by ") => "",
                None => received.as_str(),
            };
            let mut words = from_part.split_whitespace();
            if words.next().is_some_and(|w| w.eq_ignore_ascii_case("from")) {
                ctx.helo = words
                    .next()
                    .map(|h| h.trim_matches(|c| c == '[' || c == ']' || c == ';'))
                    .filter(|h| !h.is_empty() && !h.starts_with('('))
                    .map(str::to_string);
            }
            ctx.client_ip = from_part.split('[').skip(1).find_map(|rest| {
                let inside = rest.split(']').next().unwrap_or("");
                let inside = inside
                    .strip_prefix("IPv6:")
                    .or_else(|| inside.strip_prefix("ipv6:"))
                    .unwrap_or(inside);
                inside.trim().parse::<IpAddr>().ok()
            });
        }
        if let Some(path) = header(msg, b"return-path") {
            let path = path
                .trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .trim();
            if path.contains('@') && !path.contains(char::is_whitespace) {
                ctx.mail_from = Some(path.to_string());
            }
        }
        ctx
    }
}

/// Why an [`EmailDns`] could not be set up or a record could not be preloaded.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum EmailDnsError {
    /// The system resolver configuration could not be read.
    #[error("DNS resolver: {0}")]
    Resolver(String),
    /// A preloaded TXT record does not parse as the record type its name calls for.
    #[error("TXT record for {name}: {why}")]
    Record {
        /// The DNS name.
        name: String,
        /// What was wrong.
        why: String,
    },
}

/// A bounded in-memory DNS cache; when `negative` is set, a miss returns it (offline mode).
struct MemCache<K, V> {
    map: Mutex<HashMap<K, (V, Instant)>>,
    negative: Option<V>,
}

impl<K: Hash + Eq, V: Clone> MemCache<K, V> {
    fn new(negative: Option<V>) -> Self {
        MemCache {
            map: Mutex::new(HashMap::new()),
            negative,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, (V, Instant)>> {
        // A panic while holding the lock leaves a usable map; keep going.
        self.map
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl<K: Hash + Eq, V: Clone> ResolverCache<K, V> for MemCache<K, V> {
    fn get<Q>(&self, name: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let now = Instant::now();
        let found = {
            let map = self.lock();
            map.get(name)
                .filter(|(_, until)| *until > now)
                .map(|(v, _)| v.clone())
        };
        found.or_else(|| self.negative.clone())
    }

    fn remove<Q>(&self, name: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.lock().remove(name).map(|(v, _)| v)
    }

    fn insert(&self, key: K, value: V, valid_until: Instant) {
        let mut map = self.lock();
        if map.len() >= MAX_CACHE_ENTRIES {
            let now = Instant::now();
            map.retain(|_, (_, until)| *until > now);
            if map.len() >= MAX_CACHE_ENTRIES {
                map.clear();
            }
        }
        map.insert(key, (value, valid_until));
    }
}

/// DNS for email authentication: `mail-auth`'s resolver plus caches that can be preloaded.
pub struct EmailDns {
    resolver: MessageAuthenticator,
    txt: MemCache<Box<str>, Txt>,
    mx: MemCache<Box<str>, RecordSet<MX>>,
    ipv4: MemCache<Box<str>, RecordSet<Ipv4Addr>>,
    ipv6: MemCache<Box<str>, RecordSet<Ipv6Addr>>,
    ptr: MemCache<IpAddr, RecordSet<Box<str>>>,
}

impl std::fmt::Debug for EmailDns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmailDns")
            .field("offline", &self.txt.negative.is_some())
            .finish_non_exhaustive()
    }
}

fn empty_set<T>() -> RecordSet<T> {
    RecordSet {
        rrset: Arc::from(Vec::new().into_boxed_slice()),
        dnssec_status: DnssecStatus::Indeterminate,
    }
}

fn set<T>(items: Vec<T>) -> RecordSet<T> {
    RecordSet {
        rrset: Arc::from(items.into_boxed_slice()),
        dnssec_status: DnssecStatus::Indeterminate,
    }
}

fn key(name: &str) -> Box<str> {
    name.trim().to_fqdn().into_owned().into_boxed_str()
}

fn preload_until() -> Instant {
    let now = Instant::now();
    now.checked_add(PRELOAD_TTL)
        .unwrap_or_else(|| now + Duration::from_secs(24 * 3600))
}

impl EmailDns {
    /// Resolves through the system's name servers (`/etc/resolv.conf`), caching answers.
    /// Lookups need a Tokio runtime.
    pub fn system() -> Result<EmailDns, EmailDnsError> {
        let resolver = MessageAuthenticator::new_system_conf()
            .map_err(|e| EmailDnsError::Resolver(e.to_string()))?;
        Ok(EmailDns::with(resolver, false))
    }

    /// Answers only from preloaded records; every other name does not exist. No network.
    pub fn offline() -> Result<EmailDns, EmailDnsError> {
        let resolver = MessageAuthenticator::new(
            ResolverConfig::from_parts(None, vec![], vec![]),
            ResolverOpts::default(),
        )
        .map_err(|e| EmailDnsError::Resolver(e.to_string()))?;
        Ok(EmailDns::with(resolver, true))
    }

    fn with(resolver: MessageAuthenticator, offline: bool) -> EmailDns {
        let nx = Txt::Error(mail_auth::Error::Dns(DnsError::RecordNotFound(
            ResponseCode::NXDomain,
        )));
        EmailDns {
            resolver,
            txt: MemCache::new(offline.then_some(nx)),
            mx: MemCache::new(offline.then(empty_set)),
            ipv4: MemCache::new(offline.then(empty_set)),
            ipv6: MemCache::new(offline.then(empty_set)),
            ptr: MemCache::new(offline.then(empty_set)),
        }
    }

    /// Preloads a TXT record: a DMARC policy at `_dmarc.<domain>`, a DKIM key at
    /// `<selector>._domainkey.<domain>`, or an SPF policy (`v=spf1 ...`) anywhere else.
    pub fn add_txt(&self, name: &str, record: &str) -> Result<(), EmailDnsError> {
        let k = key(name);
        let bytes = record.trim().as_bytes();
        let lower = k.to_ascii_lowercase();
        let err = |e: mail_auth::Error| EmailDnsError::Record {
            name: name.to_string(),
            why: e.to_string(),
        };
        let txt: Txt = if lower.starts_with("_dmarc.") {
            Dmarc::parse(bytes).map_err(err)?.into()
        } else if lower.contains("._domainkey.") {
            DomainKey::parse(bytes).map_err(err)?.into()
        } else {
            Spf::parse(bytes).map_err(err)?.into()
        };
        self.txt.insert(k, txt, preload_until());
        Ok(())
    }

    /// Preloads the IPv4 addresses of a name (for SPF `a` mechanisms and MX targets).
    pub fn add_ipv4(&self, name: &str, addresses: Vec<Ipv4Addr>) {
        self.ipv4.insert(key(name), set(addresses), preload_until());
    }

    /// Preloads the IPv6 addresses of a name.
    pub fn add_ipv6(&self, name: &str, addresses: Vec<Ipv6Addr>) {
        self.ipv6.insert(key(name), set(addresses), preload_until());
    }

    /// Preloads the mail exchangers of a domain (for SPF `mx` mechanisms), all at one preference.
    pub fn add_mx(&self, name: &str, exchanges: &[&str]) {
        let mx = MX {
            exchanges: exchanges.iter().map(|e| key(e)).collect(),
            preference: 10,
        };
        self.mx.insert(key(name), set(vec![mx]), preload_until());
    }
}

/// Outcome of one mechanism, as a reason code and its arguments.
type Item = (&'static str, Vec<(&'static str, String)>);

/// What authentication found, before judging it against the registry.
struct AuthFindings {
    dmarc: DmarcResult,
    /// Reason codes for DMARC, DKIM and SPF, in that order.
    items: Vec<Item>,
}

fn spf_item(out: &SpfOutput, have_ip: bool) -> Item {
    let domain = out.domain().to_string();
    let code = match out.result() {
        _ if !have_ip => "spf_none",
        SpfResult::Pass => "spf_pass",
        SpfResult::Fail | SpfResult::SoftFail => "spf_fail",
        SpfResult::Neutral | SpfResult::None => "spf_none",
        SpfResult::TempError | SpfResult::PermError => "spf_error",
    };
    (code, vec![("domain", domain)])
}

fn dmarc_item(result: &DmarcResult, domain: &str) -> Item {
    let code = match result {
        DmarcResult::Pass => "dmarc_pass",
        DmarcResult::Fail(_) | DmarcResult::PermError(_) => "dmarc_fail",
        DmarcResult::TempError(_) => "dmarc_error",
        DmarcResult::None => "dmarc_none",
    };
    (code, vec![("domain", domain::to_unicode(domain))])
}

/// The value of the first (topmost) header field called `name`, unfolded.
fn header(msg: &AuthenticatedMessage<'_>, name: &[u8]) -> Option<String> {
    msg.headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, value)| {
            String::from_utf8_lossy(value)
                .split(['\r', '\n'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
}

async fn authenticate(
    dns: &EmailDns,
    msg: &AuthenticatedMessage<'_>,
    ctx: &EmailContext,
) -> AuthFindings {
    macro_rules! caches {
        ($p:expr) => {
            Parameters::new($p)
                .with_txt_cache(&dns.txt)
                .with_mx_cache(&dns.mx)
                .with_ipv4_cache(&dns.ipv4)
                .with_ipv6_cache(&dns.ipv6)
                .with_ptr_cache(&dns.ptr)
        };
    }
    let r = &dns.resolver;

    // DKIM.
    let dkim = r.verify_dkim(caches!(msg)).await;
    let mut dkim_pass: Vec<String> = Vec::new();
    let mut dkim_code = "dkim_none";
    let mut dkim_domain = String::new();
    for out in &dkim {
        let d = out.signature().map(|s| s.d.clone()).unwrap_or_default();
        let code = match out.result() {
            DkimResult::Pass => "dkim_pass",
            DkimResult::Fail(_) | DkimResult::Neutral(_) | DkimResult::PermError(_) => "dkim_fail",
            DkimResult::TempError(_) => "dkim_error",
            DkimResult::None => "dkim_none",
        };
        if code == "dkim_pass" {
            dkim_pass.push(d.clone());
        }
        // Report the best outcome: pass over error over fail over none.
        let rank = |c: &str| match c {
            "dkim_pass" => 3,
            "dkim_error" => 2,
            "dkim_fail" => 1,
            _ => 0,
        };
        if rank(code) > rank(dkim_code) {
            dkim_code = code;
            dkim_domain = d;
        }
    }
    if dkim_code == "dkim_pass" {
        dkim_domain = dkim_pass.join(", ");
    }

    // SPF: MAIL FROM (or HELO when the return path is empty).
    let helo = ctx
        .helo
        .as_deref()
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .map(|h| h.trim_start_matches('[').trim_end_matches(']').to_string());
    let mail_from = ctx
        .mail_from
        .as_deref()
        .map(|m| {
            m.trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .trim()
        })
        .filter(|m| !m.is_empty())
        .map(str::to_ascii_lowercase);
    let mail_from_domain = mail_from
        .as_deref()
        .and_then(|m| m.rsplit_once('@').map(|(_, d)| d.to_string()));
    let spf_domain = mail_from_domain
        .clone()
        .or_else(|| helo.clone())
        .unwrap_or_default();
    let spf = match (ctx.client_ip, &mail_from, &helo) {
        (Some(ip), Some(sender), helo) => {
            let helo = helo
                .as_deref()
                .or(mail_from_domain.as_deref())
                .unwrap_or("");
            r.verify_spf(caches!(SpfParameters::verify_mail_from(
                ip,
                helo,
                RECEIVING_HOST,
                sender,
            )))
            .await
        }
        (Some(ip), None, Some(helo)) => {
            r.verify_spf(caches!(SpfParameters::verify_ehlo(
                ip,
                helo,
                RECEIVING_HOST
            )))
            .await
        }
        _ => SpfOutput::new(spf_domain.clone()).with_result(SpfResult::None),
    };

    // DMARC, with alignment of the SPF and DKIM domains to the From domain.
    let dmarc_params = DmarcParameters::new(msg, &dkim, &spf_domain, &spf);
    let dmarc = r.verify_dmarc(caches!(dmarc_params)).await;
    let result = dmarc.result();
    let from_domain = if dmarc.domain().is_empty() {
        msg.from()
            .rsplit_once('@')
            .map(|(_, d)| d.to_string())
            .unwrap_or_default()
    } else {
        dmarc.domain().to_string()
    };
    AuthFindings {
        items: vec![
            dmarc_item(&result, &from_domain),
            (dkim_code, vec![("domain", dkim_domain)]),
            spf_item(&spf, ctx.client_ip.is_some()),
        ],
        dmarc: result,
    }
}

impl Shield {
    /// Is this raw email (`.eml` bytes) really from the business? Verifies SPF (needs the
    /// envelope in `ctx`), DKIM and DMARC with alignment. `official` only when the From
    /// domain is official and DMARC passes; an official From domain that fails DMARC is
    /// `impersonation` (`spoofed_official_sender`); a lookalike From is `impersonation` as in
    /// [`Shield::check_sender`]. The reasons always include the DMARC, DKIM and SPF outcomes.
    /// When `ctx` is empty (`EmailContext::default()`), the envelope is read from the
    /// message's topmost `Received:` and `Return-Path:` fields ([`EmailContext::from_headers`]).
    pub async fn check_email(
        &self,
        raw_eml: &[u8],
        ctx: &EmailContext,
        dns: &EmailDns,
        lang: &str,
    ) -> Verdict {
        let language = Lang::parse(lang);
        let invalid = |detail: &str| Verdict {
            verdict: VerdictKind::Unknown,
            reasons: self.reasons(
                language,
                &[("invalid_email", vec![("detail", detail.to_string())])],
            ),
            imitates: None,
        };
        if raw_eml.len() > MAX_MESSAGE_BYTES {
            return invalid("message too large");
        }
        if raw_eml.iter().all(u8::is_ascii_whitespace) {
            return invalid("empty message");
        }
        let Some(msg) = AuthenticatedMessage::parse(raw_eml) else {
            return invalid("no message headers");
        };
        if msg.from().is_empty() {
            return invalid("no From address");
        }
        // The sender check on the From header (falls back to the bare address).
        let mut sender = header(&msg, b"from")
            .map(|h| self.check_sender(&h, lang))
            .filter(|v| !v.reasons.iter().any(|r| r.code == "invalid_address"))
            .unwrap_or_else(|| self.check_sender(msg.from(), lang));
        if sender.reasons.iter().any(|r| r.code == "invalid_address") {
            return invalid("no readable From address");
        }
        // No envelope given: use what the customer's provider recorded on delivery.
        let from_headers;
        let ctx = if *ctx == EmailContext::default() {
            from_headers = EmailContext::from_message(&msg);
            &from_headers
        } else {
            ctx
        };
        let mut auth = authenticate(dns, &msg, ctx).await;
        // Several authors from different domains are exempt from DMARC (RFC 7489 6.6.1):
        // a message that names an official author among others cannot be confirmed.
        let mut domains: Vec<&str> = msg
            .froms()
            .iter()
            .filter_map(|f| f.rsplit_once('@').map(|(_, d)| d))
            .collect();
        domains.sort_unstable();
        domains.dedup();
        let from_domain = msg
            .from()
            .rsplit_once('@')
            .map(|(_, d)| domain::to_unicode(d))
            .unwrap_or_default();
        if domains.len() > 1 {
            auth.dmarc = DmarcResult::Fail(mail_auth::Error::NotAligned);
            if let Some(first) = auth.items.first_mut() {
                *first = ("dmarc_fail", vec![("domain", from_domain.clone())]);
            }
        }
        let dmarc = auth.dmarc;
        let auth_reasons = self.reasons(language, &auth.items);
        if sender.verdict != VerdictKind::Official {
            sender.reasons.extend(auth_reasons);
            return sender;
        }
        let (verdict, lead) = match dmarc {
            DmarcResult::Pass => (VerdictKind::Official, sender.reasons),
            DmarcResult::Fail(_) | DmarcResult::PermError(_) => (
                VerdictKind::Impersonation,
                self.reasons(
                    language,
                    &[(
                        "spoofed_official_sender",
                        vec![("domain", from_domain.clone())],
                    )],
                ),
            ),
            // No DMARC record, or DNS trouble: the claim cannot be confirmed either way.
            DmarcResult::None => (
                VerdictKind::Suspicious,
                self.reasons(
                    language,
                    &[(
                        "unverified_official_sender",
                        vec![("domain", from_domain.clone())],
                    )],
                ),
            ),
            DmarcResult::TempError(_) => (
                VerdictKind::Unknown,
                self.reasons(
                    language,
                    &[(
                        "unverified_official_sender",
                        vec![("domain", from_domain.clone())],
                    )],
                ),
            ),
        };
        let imitates = (verdict == VerdictKind::Impersonation).then_some(from_domain);
        let mut reasons = lead;
        reasons.extend(auth_reasons);
        Verdict {
            verdict,
            reasons,
            imitates,
        }
    }
}
