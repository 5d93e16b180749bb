//! Email sender check: official mail domain, lookalike domain, or a display name that claims
//! the business while the address is someone else's.

use crate::Shield;
use crate::domain::{self, stronger};
use crate::encoded_words;
use crate::fold::{brand_compact, fold};
use crate::i18n::Lang;
use crate::normalise::normalise_text;
use crate::verdict::{Verdict, VerdictKind};

/// A parsed sender: optional display name (RFC 2047 encoded words decoded) and a
/// lower-cased address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Address {
    pub(crate) display: Option<String>,
    /// Charset of an encoded word in the display name that could not be read.
    pub(crate) undecodable: Option<String>,
    pub(crate) local: String,
    pub(crate) domain: String,
    pub(crate) address: String,
}

/// Reads `Name <user@host>`, `"Name" <user@host>` or a bare `user@host`; a display name
/// in encoded words (`=?UTF-8?B?...?=`) is decoded.
pub(crate) fn parse_address(input: &str) -> Option<Address> {
    let s = input.trim();
    let s = s
        .strip_prefix("From:")
        .or_else(|| s.strip_prefix("from:"))
        .unwrap_or(s)
        .trim();
    if s.is_empty() || s.len() > 1024 {
        return None;
    }
    let (display, undecodable, addr) = match (s.rfind('<'), s.rfind('>')) {
        (Some(a), Some(b)) if a < b => {
            let decoded = encoded_words::decode(s[..a].trim().trim_matches('"').trim());
            let name = decoded.text.trim().trim_matches('"').trim();
            let name = (!name.is_empty()).then(|| name.to_string());
            (name, decoded.undecodable, s[a + 1..b].trim())
        }
        _ => (None, None, s),
    };
    let at = addr.rfind('@')?;
    let local = addr[..at].trim().trim_matches('"');
    let host = addr[at + 1..].trim().trim_end_matches('.');
    if local.is_empty() || host.is_empty() || host.contains(char::is_whitespace) {
        return None;
    }
    let link = domain::parse_link(host).ok()?;
    if link.userinfo.is_some() || !host.contains('.') {
        return None;
    }
    let domain = link.host_ascii;
    let local = local.to_lowercase();
    Some(Address {
        display,
        undecodable,
        address: format!("{local}@{domain}"),
        local,
        domain,
    })
}

/// Finds brand names in free text such as a display name, in Latin or Arabic script.
#[derive(Debug, Clone, Default)]
pub(crate) struct NameMatcher {
    latin: Vec<Vec<u8>>,
    arabic: Vec<String>,
    consonants: Vec<String>,
}

impl NameMatcher {
    /// Prepares the business name and brand names.
    pub(crate) fn new(brands: &[String]) -> NameMatcher {
        let mut m = NameMatcher::default();
        for b in brands {
            let compact = brand_compact(b);
            if compact.chars().filter(char::is_ascii_alphabetic).count() >= 3 {
                m.latin.push(fold(&compact));
                let sk = latin_consonants(&compact);
                if sk.chars().count() >= 3 {
                    m.consonants.push(sk);
                }
            }
            let n = arabic_compact(b);
            if n.chars().count() >= 3 {
                // A skeleton of two consonants would match half the dictionary.
                let cons = arabic_consonants(&n);
                if cons.chars().count() >= 3 {
                    m.consonants.push(cons);
                }
                m.arabic.push(n);
            }
        }
        m.consonants.sort();
        m.consonants.dedup();
        m
    }

    /// True when `text` names the business.
    pub(crate) fn claims(&self, text: &str) -> bool {
        let compact = brand_compact(text);
        let folded = fold(&compact);
        if self.latin.iter().any(|b| contains(&folded, b)) {
            return true;
        }
        let ar = arabic_compact(text);
        if ar.chars().count() >= 3 {
            if self.arabic.iter().any(|b| ar.contains(b.as_str())) {
                return true;
            }
            let cons = arabic_consonants(&ar);
            if self.consonants.iter().any(|c| cons.contains(c.as_str())) {
                return true;
            }
        }
        false
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty()
        && hay.len() >= needle.len()
        && hay.windows(needle.len()).any(|w| w == needle)
}

fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Arabic-script letters of `s`, normalised, without spaces.
fn arabic_compact(s: &str) -> String {
    normalise_text(s)
        .text
        .chars()
        .filter(|c| is_arabic(*c))
        .collect()
}

/// Consonant skeleton of Arabic-script text in a Latin transliteration class.
fn arabic_consonants(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            Some(match c {
                'ب' | 'پ' => 'b',
                'ت' | 'ط' | 'ث' => 't',
                'ج' => 'j',
                'چ' => 'c',
                'ح' | 'خ' | 'ه' => return None,
                'د' | 'ذ' => 'd',
                'ر' => 'r',
                'ز' | 'ژ' | 'ض' | 'ظ' => 'z',
                'س' | 'ص' | 'ش' => 's',
                'ف' => 'f',
                'ق' | 'ک' | 'گ' | 'غ' => 'k',
                'ل' => 'l',
                'م' => 'm',
                'ن' => 'n',
                'و' | 'ی' | 'ا' | 'ع' | 'ء' => return None,
                _ => return None,
            })
        })
        .collect()
}

/// Consonant skeleton of a Latin brand in the same classes as [`arabic_consonants`].
fn latin_consonants(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let m = match c {
            'b' | 'p' => 'b',
            't' => 't',
            'j' => 'j',
            'c' => 'k',
            'd' => 'd',
            'r' => 'r',
            'z' => 'z',
            's' | 'x' => 's',
            'f' | 'v' => 'f',
            'k' | 'q' | 'g' => 'k',
            'l' => 'l',
            'm' => 'm',
            'n' => 'n',
            _ => continue,
        };
        out.push(m);
    }
    out
}

impl Shield {
    /// Is this email sender (a From header or a bare address) official, an imitation, or unknown?
    pub fn check_sender(&self, from_header_or_address: &str, lang: &str) -> Verdict {
        let lang = Lang::parse(lang);
        let Some(addr) = parse_address(from_header_or_address) else {
            return Verdict {
                verdict: VerdictKind::Unknown,
                reasons: self.reasons(lang, &[("invalid_address", vec![])]),
                imitates: None,
            };
        };
        let rd = domain::registrable(&addr.domain).map(|(rd, _)| rd.to_string());
        let official = self.email_domains.contains(&addr.domain)
            || rd.as_ref().is_some_and(|rd| {
                self.email_domains
                    .iter()
                    .any(|d| d == rd || d.ends_with(&format!(".{rd}")))
                    || self.domains.official.contains(rd)
            });
        if official {
            let mut reasons = vec![(
                "official_sender",
                vec![("domain", domain::to_unicode(&addr.domain))],
            )];
            if self.support_emails.contains(&addr.address) {
                reasons.push((
                    "official_support_address",
                    vec![("address", addr.address.clone())],
                ));
            }
            return Verdict {
                verdict: VerdictKind::Official,
                reasons: self.reasons(lang, &reasons),
                imitates: None,
            };
        }
        let link = domain::ParsedLink {
            host_ascii: addr.domain.clone(),
            path: String::new(),
            userinfo: None,
            is_ip: false,
        };
        let finding = self.domains.analyse(&link);
        let mut verdict = VerdictKind::Unknown;
        let mut imitates = None;
        let mut reasons = Vec::new();
        if matches!(
            finding.verdict,
            VerdictKind::Impersonation | VerdictKind::Suspicious
        ) {
            verdict = finding.verdict;
            imitates = finding.imitates.clone();
            reasons.extend(
                finding
                    .reasons
                    .iter()
                    .filter(|(c, _)| *c != "not_official")
                    .cloned(),
            );
        }
        let display_claims = addr
            .display
            .as_deref()
            .is_some_and(|d| self.names.claims(d));
        let local_claims = self.names.claims(&addr.local);
        if display_claims || local_claims {
            verdict = stronger(verdict, VerdictKind::Impersonation);
            imitates = imitates.or_else(|| self.primary_mail_domain());
            let name = addr.display.clone().unwrap_or_else(|| addr.local.clone());
            reasons.insert(0, ("display_name_claims_business", vec![("name", name)]));
        }
        if let Some(charset) = &addr.undecodable {
            // The customer's mail program may show a name we cannot read: it could claim
            // anything, so an unofficial sender that hides its name this way is suspect.
            verdict = stronger(verdict, VerdictKind::Suspicious);
            reasons.push((
                "undecodable_sender_name",
                vec![("charset", charset.clone())],
            ));
        }
        let list = self.official_mail_list();
        reasons.push((
            "unofficial_sender",
            vec![("domain", domain::to_unicode(&addr.domain)), ("list", list)],
        ));
        Verdict {
            verdict,
            reasons: self.reasons(lang, &reasons),
            imitates,
        }
    }

    fn primary_mail_domain(&self) -> Option<String> {
        self.channels
            .email_domains
            .first()
            .cloned()
            .or_else(|| self.domains.official_list.first().cloned())
    }

    fn official_mail_list(&self) -> String {
        let mut v: Vec<String> = self.channels.email_domains.clone();
        if v.is_empty() {
            v = self.domains.official_list.clone();
        }
        v.join(", ")
    }
}
