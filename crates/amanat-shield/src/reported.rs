//! Customers' fraud reports in link and sender verdicts.
//!
//! The shield keeps no reports: whoever holds them (the server's database) counts the
//! recent reports of a domain, keyed by [`link_report_domain`] or [`sender_report_domain`],
//! and passes the count in. Reports are counted per registrable domain, because scammers
//! rotate host names under the one domain they bought (`login.odero-bonus.example`,
//! `pay.odero-bonus.example`).
//!
//! Reports never change an official verdict: the official channels come from the
//! business's own configuration, and anyone can send a report, so a handful of mistaken or
//! malicious reports must not turn the real site into a "suspicious" one in front of every
//! customer. Fraud staff still see an official domain among the trending reports, which is
//! where a compromised official site, or customers misled by a real message, show up.

use crate::Shield;
use crate::domain;
use crate::i18n::Lang;
use crate::sender::parse_address;
use crate::verdict::{Reason, Verdict, VerdictKind};

/// Hosts shared by millions of unrelated users (shorteners, site builders, file and form
/// hosts, messengers): a report of one link there says nothing about the next one, so
/// reports are counted per host and first path segment (`bit.ly/3xYz`, `t.me/odero_bonus`).
const SHARED_PLATFORMS: &[&str] = &[
    "1drv.ms",
    "000webhostapp.com",
    "canva.site",
    "docs.google.com",
    "drive.google.com",
    "dropbox.com",
    "facebook.com",
    "forms.gle",
    "forms.office.com",
    "glitch.me",
    "instagram.com",
    "linktr.ee",
    "onedrive.live.com",
    "sites.google.com",
    "t.me",
    "telegram.me",
    "tiktok.com",
    "wa.me",
    "weebly.com",
    "wixsite.com",
    "youtu.be",
    "youtube.com",
];

fn shared_platform(host: &str) -> bool {
    let host = host.trim_start_matches("www.");
    crate::message::SHORTENERS.contains(&host) || SHARED_PLATFORMS.contains(&host)
}

/// The key customers' reports of a link are counted under: the registrable domain of its
/// host (ASCII, `xn--` for IDN), or the address itself for an IP host; on a shared platform
/// (a shortener, a site builder, a messenger) the host and the first path segment. None when
/// the link cannot be read.
pub fn link_report_domain(url_or_domain: &str) -> Option<String> {
    let link = domain::parse_link(url_or_domain).ok()?;
    if link.is_ip {
        return Some(link.host_ascii);
    }
    if shared_platform(&link.host_ascii) {
        let host = link.host_ascii.trim_start_matches("www.");
        return Some(match link.path.split('/').find(|p| !p.is_empty()) {
            Some(first) => format!("{host}/{first}"),
            None => host.to_string(),
        });
    }
    domain::registrable(&link.host_ascii).map(|(rd, _)| rd.to_string())
}

/// Free mailbox providers: anyone can open an address there, so a report of one address
/// says nothing about the provider's other users.
const FREE_MAIL: &[&str] = &[
    "aol.com",
    "gmail.com",
    "gmx.com",
    "gmx.de",
    "googlemail.com",
    "hotmail.com",
    "icloud.com",
    "inbox.ru",
    "list.ru",
    "live.com",
    "mail.com",
    "mail.ru",
    "me.com",
    "msn.com",
    "outlook.com",
    "proton.me",
    "protonmail.com",
    "rambler.ru",
    "yahoo.com",
    "yandex.com",
    "yandex.ru",
    "ymail.com",
    "zoho.com",
];

/// The key customers' reports of a sender are counted under: the registrable domain of
/// the address (ASCII), or the whole address (lower case) at a free mailbox provider
/// (`gmail.com`, `mail.ru`, ...). None when the sender cannot be read.
pub fn sender_report_domain(from_header_or_address: &str) -> Option<String> {
    let addr = parse_address(from_header_or_address)?;
    let (rd, _) = domain::registrable(&addr.domain)?;
    if FREE_MAIL.contains(&rd) || rd.starts_with("yahoo.") || rd.starts_with("hotmail.") {
        return Some(format!("{}@{rd}", addr.local.to_lowercase()));
    }
    Some(rd.to_string())
}

/// The key customers' reports of a raw email's sender are counted under: the
/// [`sender_report_domain`] of its From header. None when the message has no readable From.
pub fn email_report_domain(raw_eml: &[u8]) -> Option<String> {
    crate::email::from_header(raw_eml).and_then(|from| sender_report_domain(&from))
}

impl Shield {
    /// [`Shield::check_link`], knowing that `reported` recent customer reports name the
    /// link's domain ([`link_report_domain`]): an otherwise unknown link becomes
    /// `suspicious`, and the reason `domain_reported_by_customers` gives the count. An
    /// official link stays official.
    pub fn check_link_reported(&self, url_or_domain: &str, reported: u64, lang: &str) -> Verdict {
        let verdict = self.check_link(url_or_domain, lang);
        self.with_reports(verdict, link_report_domain(url_or_domain), reported, lang)
    }

    /// [`Shield::check_sender`], knowing that `reported` recent customer reports name the
    /// sender's domain ([`sender_report_domain`]); as [`Shield::check_link_reported`].
    pub fn check_sender_reported(
        &self,
        from_header_or_address: &str,
        reported: u64,
        lang: &str,
    ) -> Verdict {
        let verdict = self.check_sender(from_header_or_address, lang);
        let key = sender_report_domain(from_header_or_address);
        self.with_reports(verdict, key, reported, lang)
    }

    /// [`Shield::check_email`], knowing that `reported` recent customer reports name the
    /// sender's domain `key` (the caller's [`email_report_domain`] of the same message, read
    /// once to count the reports): an unknown sender becomes `suspicious`, a forged or
    /// lookalike one gains the count; a message that passes DMARC for an official domain
    /// stays official.
    pub async fn check_email_reported(
        &self,
        raw_eml: &[u8],
        ctx: &crate::EmailContext,
        dns: &crate::EmailDns,
        (key, reported): (Option<String>, u64),
        lang: &str,
    ) -> Verdict {
        let verdict = self.check_email(raw_eml, ctx, dns, lang).await;
        if verdict.reasons.iter().any(|r| r.code == "invalid_email") {
            return verdict;
        }
        self.with_reports(verdict, key, reported, lang)
    }

    fn with_reports(
        &self,
        mut verdict: Verdict,
        key: Option<String>,
        reported: u64,
        lang: &str,
    ) -> Verdict {
        let Some(key) = key else {
            return verdict;
        };
        if reported == 0 || verdict.verdict == VerdictKind::Official {
            return verdict;
        }
        let reason = Reason {
            code: "domain_reported_by_customers".to_string(),
            message: self.say(
                Lang::parse(lang),
                "domain_reported_by_customers",
                &[
                    ("count", reported.to_string()),
                    ("domain", domain::to_unicode(&key)),
                ],
            ),
        };
        if verdict.verdict == VerdictKind::Unknown {
            // The reports are the whole case against it: they come first.
            verdict.verdict = VerdictKind::Suspicious;
            verdict.reasons.insert(0, reason);
        } else {
            // Impersonation or suspicious already: the imitation named stays the lead reason.
            verdict.reasons.push(reason);
        }
        verdict
    }
}
