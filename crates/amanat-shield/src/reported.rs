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

/// The key customers' reports of a link are counted under: the registrable domain of its
/// host (ASCII, `xn--` for IDN), or the address itself for an IP host. None when the link
/// cannot be read.
pub fn link_report_domain(url_or_domain: &str) -> Option<String> {
    let link = domain::parse_link(url_or_domain).ok()?;
    if link.is_ip {
        return Some(link.host_ascii);
    }
    domain::registrable(&link.host_ascii).map(|(rd, _)| rd.to_string())
}

/// The key customers' reports of a sender are counted under: the registrable domain of
/// the address (ASCII). None when the sender cannot be read.
pub fn sender_report_domain(from_header_or_address: &str) -> Option<String> {
    let addr = parse_address(from_header_or_address)?;
    domain::registrable(&addr.domain).map(|(rd, _)| rd.to_string())
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
