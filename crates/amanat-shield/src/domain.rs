//! Reverse lookalike detection: "is this link or domain a twist of one of ours?".
//!
//! Detection works by similarity, not by generating permutations: the registrable label of
//! the candidate (and each sub-label) is folded to its look-alike skeleton and compared with
//! every official label and brand name by exact skeleton, weighted edit distance, and
//! containment next to known words. This generalises to lookalikes nobody listed.

use std::collections::HashSet;

use url::{Host, Url};

use crate::distance::{self, within, within_substring};
use crate::fold::{fold, fold_into};
use crate::verdict::VerdictKind;

/// One official name a lookalike may imitate.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// Skeleton of the label or brand, without hyphens.
    folded: Vec<u8>,
    /// The label or brand as written (ASCII, lower case, no hyphens).
    raw: String,
    /// `raw` with only digit look-alikes folded, for a second opinion on digraph folds.
    plain: Vec<u8>,
    /// The official registrable domain shown as "imitates".
    official: String,
    /// Public suffix of the official domain, for domain targets.
    suffix: Option<String>,
}

/// Precomputed official domains and brand names.
#[derive(Debug, Clone, Default)]
pub(crate) struct DomainIndex {
    /// Registrable domains (ASCII) that are official.
    pub(crate) official: HashSet<String>,
    /// Official registrable domains in the order configured (for "imitates").
    pub(crate) official_list: Vec<String>,
    targets: Vec<Target>,
    words: HashSet<Vec<u8>>,
    max_word: usize,
}

/// What the analysis found, before it is put into a language.
#[derive(Debug, Clone)]
pub(crate) struct LinkFinding {
    pub(crate) verdict: VerdictKind,
    /// Reason codes with their placeholder values.
    pub(crate) reasons: Vec<(&'static str, Vec<(&'static str, String)>)>,
    pub(crate) imitates: Option<String>,
    /// Registrable domain in readable (Unicode) form, when there is one.
    pub(crate) domain: Option<String>,
}

impl LinkFinding {
    fn new(verdict: VerdictKind) -> Self {
        LinkFinding {
            verdict,
            reasons: Vec::new(),
            imitates: None,
            domain: None,
        }
    }

    fn reason(&mut self, code: &'static str, args: Vec<(&'static str, String)>) {
        if !self.reasons.iter().any(|(c, _)| *c == code) {
            self.reasons.push((code, args));
        }
    }
}

/// How a label resembles a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    TldSwap,
    Hyphenation,
    Confusable,
    Typo,
    Combo,
}

#[derive(Debug, Clone, Copy)]
struct Hit {
    target: usize,
    kind: Kind,
    strong: bool,
}

const COMBO_WORDS: &str = include_str!("../lexicon/combo_words.txt");

/// Reads the host of a URL or bare domain.
pub(crate) struct ParsedLink {
    pub(crate) host_ascii: String,
    /// Path without a trailing slash, lower case (for matching official social pages).
    pub(crate) path: String,
    pub(crate) userinfo: Option<String>,
    pub(crate) is_ip: bool,
}

/// Parses user input into a host, seeing through userinfo; errors name what was wrong.
pub(crate) fn parse_link(input: &str) -> Result<ParsedLink, (&'static str, String)> {
    let s = input
        .trim()
        .trim_matches(|c: char| matches!(c, '<' | '>' | '"' | '\''));
    if s.is_empty() || s.len() > 4096 {
        return Err(("invalid_input", String::new()));
    }
    if s.chars().any(char::is_whitespace) {
        return Err(("invalid_url", "it contains spaces".to_string()));
    }
    let lower = s.to_ascii_lowercase();
    let url = if lower.contains("://") {
        Url::parse(s)
    } else if lower.starts_with("//") {
        Url::parse(&format!("http:{s}"))
    } else {
        Url::parse(&format!("http://{s}"))
    }
    .map_err(|e| ("invalid_url", e.to_string()))?;
    let userinfo = if !url.username().is_empty() || url.password().is_some() {
        let mut u = url.username().to_string();
        if let Some(p) = url.password() {
            u.push(':');
            u.push_str(p);
        }
        Some(percent_decode(&u))
    } else {
        None
    };
    let path = url.path().trim_end_matches('/').to_lowercase();
    match url.host() {
        Some(Host::Domain(d)) => {
            let host = d.trim_end_matches('.').to_ascii_lowercase();
            if host.is_empty() {
                return Err(("invalid_url", "it has no host name".to_string()));
            }
            Ok(ParsedLink {
                host_ascii: host,
                path,
                userinfo,
                is_ip: false,
            })
        }
        Some(Host::Ipv4(ip)) => Ok(ParsedLink {
            host_ascii: ip.to_string(),
            path: path.clone(),
            userinfo,
            is_ip: true,
        }),
        Some(Host::Ipv6(ip)) => Ok(ParsedLink {
            host_ascii: ip.to_string(),
            path,
            userinfo,
            is_ip: true,
        }),
        None => Err(("invalid_url", "it has no host name".to_string())),
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Registrable domain and public suffix of an ASCII host, via the public suffix list.
pub(crate) fn registrable(host_ascii: &str) -> Option<(&str, &str)> {
    let d = psl::domain(host_ascii.as_bytes())?;
    let rd_len = d.as_bytes().len();
    let sfx_len = d.suffix().as_bytes().len();
    let rd = host_ascii.get(host_ascii.len().checked_sub(rd_len)?..)?;
    let sfx = rd.get(rd.len().checked_sub(sfx_len)?..)?;
    Some((rd, sfx))
}

/// Decodes `xn--` labels of an ASCII host into Unicode.
pub(crate) fn to_unicode(host_ascii: &str) -> String {
    if !host_ascii.contains("xn--") {
        return host_ascii.to_string();
    }
    // Label by label: the host is already lower-case ASCII from the URL parser, so plain
    // punycode decoding is enough and much cheaper than full UTS #46 processing.
    let mut out = String::with_capacity(host_ascii.len() + 8);
    for (i, label) in host_ascii.split('.').enumerate() {
        if i > 0 {
            out.push('.');
        }
        match label
            .strip_prefix("xn--")
            .and_then(idna::punycode::decode_to_string)
        {
            Some(u) => out.push_str(&u),
            None => out.push_str(label),
        }
    }
    out
}

fn threshold(n: usize, same_suffix: bool) -> u16 {
    match n {
        0..=2 => 0,
        3..=4 => {
            if same_suffix {
                2
            } else {
                0
            }
        }
        5..=6 => 2,
        7..=12 => 3,
        _ => 4,
    }
}

impl DomainIndex {
    /// Builds the index from official registrable domains and brand names.
    pub(crate) fn build(officials: &[String], brands: &[String]) -> DomainIndex {
        let mut idx = DomainIndex::default();
        let primary = officials.first().cloned().unwrap_or_default();
        for rd in officials {
            if idx.official.insert(rd.clone()) {
                idx.official_list.push(rd.clone());
            }
            if let Some((_, sfx)) = registrable(rd) {
                let label = rd
                    .strip_suffix(sfx)
                    .unwrap_or(rd)
                    .trim_end_matches('.')
                    .to_string();
                let label_u = to_unicode(&label);
                idx.push_target(Target {
                    folded: fold(&label_u),
                    plain: plain(&label),
                    raw: label.replace('-', ""),
                    official: rd.clone(),
                    suffix: Some(sfx.to_string()),
                });
                for part in sfx.split('.') {
                    idx.words.insert(fold(part));
                }
            }
        }
        for b in brands {
            let compact = crate::fold::brand_compact(b);
            if compact.chars().filter(char::is_ascii_alphabetic).count() >= 3 {
                idx.push_target(Target {
                    folded: fold(&compact),
                    plain: plain(&compact),
                    raw: compact,
                    official: primary.clone(),
                    suffix: None,
                });
            }
        }
        for line in COMBO_WORDS.lines() {
            let w = line.trim();
            if w.is_empty() || w.starts_with('#') {
                continue;
            }
            idx.words.insert(fold(w));
        }
        idx.max_word = idx.words.iter().map(Vec::len).max().unwrap_or(0);
        idx
    }

    fn push_target(&mut self, t: Target) {
        if t.folded.len() >= 3 && !self.targets.iter().any(|x| x.folded == t.folded) {
            self.targets.push(t);
        }
    }

    /// True when `s` is empty or splits into known words and digit runs.
    fn known(&self, s: &[u8]) -> bool {
        if s.is_empty() {
            return true;
        }
        if s.len() > distance::MAX_LEN {
            return false;
        }
        let mut ok = [false; distance::MAX_LEN + 1];
        ok[0] = true;
        for end in 1..=s.len() {
            if s[end - 1].is_ascii_digit() && (ok[end - 1]) {
                ok[end] = true;
                continue;
            }
            let lo = end.saturating_sub(self.max_word);
            for start in lo..end {
                if ok[start] && self.words.contains(&s[start..end]) {
                    ok[end] = true;
                    break;
                }
            }
        }
        ok[s.len()]
    }

    /// Compares one label with every target; `suffix` is the candidate's public suffix.
    fn resemble(&self, label_ascii: &str, suffix: &str, buf: &mut Vec<u8>) -> Option<Hit> {
        let label_u = to_unicode(label_ascii);
        buf.clear();
        fold_into(&label_u, true, buf);
        let hyph = buf.clone();
        let folded: Vec<u8> = hyph.iter().copied().filter(|&b| b != b'-').collect();
        let raw_compact = label_ascii.replace('-', "");
        let plain_c = plain(label_ascii);
        let plain_h = plain_hyphens(label_ascii);
        let ascii = label_ascii.is_ascii();
        let mut best: Option<Hit> = None;
        let consider = |h: Hit, best: &mut Option<Hit>| match best {
            Some(b) if b.strong && !h.strong => {}
            Some(b) if b.strong == h.strong && rank(b.kind) <= rank(h.kind) => {}
            _ => *best = Some(h),
        };
        for (ti, t) in self.targets.iter().enumerate() {
            let n = t.folded.len();
            let same_suffix = t.suffix.as_deref() == Some(suffix);
            if folded == t.folded {
                let kind = if raw_compact == t.raw && !label_ascii.contains('-') {
                    Kind::TldSwap
                } else if raw_compact == t.raw {
                    Kind::Hyphenation
                } else {
                    Kind::Confusable
                };
                consider(
                    Hit {
                        target: ti,
                        kind,
                        strong: true,
                    },
                    &mut best,
                );
                continue;
            }
            let thr = threshold(n, same_suffix);
            if thr > 0
                && (within(&folded, &t.folded, thr).is_some()
                    || (ascii && within(&plain_c, &t.plain, thr).is_some()))
            {
                consider(
                    Hit {
                        target: ti,
                        kind: Kind::Typo,
                        strong: n >= 5,
                    },
                    &mut best,
                );
                continue;
            }
            if folded.len() > n || label_ascii.len() > t.plain.len() {
                let found = self
                    .combo(&hyph, &folded, &t.folded)
                    .or_else(|| self.combo(&plain_h, &plain_c, &t.plain));
                if let Some(strong) = found {
                    consider(
                        Hit {
                            target: ti,
                            kind: Kind::Combo,
                            strong,
                        },
                        &mut best,
                    );
                }
            }
        }
        best
    }

    /// Combosquat test: the brand next to other words. Returns whether the match is strong.
    fn combo(&self, hyph: &[u8], folded: &[u8], brand: &[u8]) -> Option<bool> {
        let n = brand.len();
        if folded.len() <= n {
            return None;
        }
        let tokens: Vec<&[u8]> = hyph
            .split(|&b| b == b'-')
            .filter(|s| !s.is_empty())
            .collect();
        let others_known = |skip: usize| {
            tokens
                .iter()
                .enumerate()
                .all(|(i, tok)| i == skip || self.known(tok))
        };
        // Whole token equal to the brand, or a typo of it.
        for (i, tok) in tokens.iter().enumerate() {
            if *tok == brand {
                return Some(n >= 4 || others_known(i));
            }
            if tokens.len() > 1 && n >= 5 {
                let thr = threshold(n, false);
                if within(tok, brand, thr).is_some() {
                    return Some(true);
                }
            }
        }
        // Brand inside a token, with known words (or nothing) around it.
        for (i, tok) in tokens.iter().enumerate() {
            if tok.len() <= n {
                continue;
            }
            let mut from = 0;
            while let Some(p) = find(&tok[from..], brand) {
                let p = from + p;
                let left = &tok[..p];
                let right = &tok[p + n..];
                let ok = match n {
                    0..=4 => self.known(left) && self.known(right),
                    5..=6 => self.known(left) || self.known(right),
                    _ => true,
                };
                if ok {
                    return Some(n >= 5 || others_known(i));
                }
                from = p + 1;
            }
        }
        // Long brands: a typo of the brand anywhere inside.
        if n >= 8 && folded.len() > n {
            let thr = threshold(n, false).min(2);
            if within_substring(brand, folded, thr).is_some() {
                return Some(true);
            }
        }
        None
    }

    /// Full analysis of a parsed host.
    pub(crate) fn analyse(&self, link: &ParsedLink) -> LinkFinding {
        if link.is_ip {
            let mut f = LinkFinding::new(VerdictKind::Suspicious);
            f.reason("ip_address_host", vec![("host", link.host_ascii.clone())]);
            self.userinfo_reasons(link, &mut f);
            return f;
        }
        let host = link.host_ascii.as_str();
        let Some((rd, sfx)) = registrable(host) else {
            let mut f = LinkFinding::new(VerdictKind::Unknown);
            f.reason("no_registrable_domain", vec![("host", to_unicode(host))]);
            return f;
        };
        let host_u = to_unicode(host);
        let rd_u = to_unicode(rd);
        if self.official.contains(rd) {
            let mut f = LinkFinding::new(VerdictKind::Official);
            f.domain = Some(rd_u.clone());
            f.reason("official_domain", vec![("domain", rd_u)]);
            return f;
        }
        let mut f = LinkFinding::new(VerdictKind::Unknown);
        f.domain = Some(rd_u.clone());
        self.userinfo_reasons(link, &mut f);
        if host.contains("xn--") {
            f.reason(
                "internationalized_domain",
                vec![("ascii", host.to_string()), ("unicode", host_u.clone())],
            );
        }
        let label = rd
            .strip_suffix(sfx)
            .unwrap_or(rd)
            .trim_end_matches('.')
            .to_string();
        let sub = host
            .strip_suffix(rd)
            .unwrap_or("")
            .trim_end_matches('.')
            .to_string();
        let mut buf = Vec::with_capacity(64);

        // Official domain written in front of somebody else's domain.
        let dotted = format!(".{sub}.");
        for off in self.official_list.iter().filter(|_| !sub.is_empty()) {
            if dotted.contains(&format!(".{off}.")) {
                f.verdict = VerdictKind::Impersonation;
                f.imitates = Some(to_unicode(off));
                f.reason(
                    "subdomain_abuse",
                    vec![
                        ("host", host_u.clone()),
                        ("official", to_unicode(off)),
                        ("domain", rd_u.clone()),
                    ],
                );
                return f;
            }
        }

        let label_u = to_unicode(&label);
        self.script_reasons(&label_u, &rd_u, &mut f);

        if let Some(hit) = self.resemble(&label, sfx, &mut buf) {
            self.apply_hit(hit, &rd_u, &label_u, &mut f);
            return f;
        }
        if !sub.is_empty() {
            // Sub-labels carrying the brand, and a brand split by dots ("o.dero.az").
            for part in sub.split('.') {
                if let Some(hit) = self.resemble(part, "", &mut buf) {
                    let t = &self.targets[hit.target];
                    let sure = hit.strong && hit.kind != Kind::Typo;
                    f.verdict = stronger(
                        f.verdict,
                        if sure {
                            VerdictKind::Impersonation
                        } else {
                            VerdictKind::Suspicious
                        },
                    );
                    f.imitates = Some(to_unicode(&t.official));
                    f.reason(
                        "brand_in_subdomain",
                        vec![("host", host_u.clone()), ("domain", rd_u.clone())],
                    );
                    return f;
                }
            }
            let joined: String = host
                .strip_suffix(sfx)
                .unwrap_or(host)
                .split('.')
                .collect::<Vec<_>>()
                .concat();
            if joined.len() <= distance::MAX_LEN
                && let Some(hit) = self.resemble(&joined, sfx, &mut buf)
                && hit.kind != Kind::Combo
            {
                let t = &self.targets[hit.target];
                f.verdict = VerdictKind::Impersonation;
                f.imitates = Some(to_unicode(&t.official));
                f.reason(
                    "typosquat",
                    vec![
                        ("domain", host_u.clone()),
                        ("official", to_unicode(&t.official)),
                    ],
                );
                return f;
            }
        }
        if f.verdict == VerdictKind::Unknown {
            f.reason("not_official", vec![("domain", rd_u)]);
        }
        f
    }

    fn apply_hit(&self, hit: Hit, rd_u: &str, label_u: &str, f: &mut LinkFinding) {
        let t = &self.targets[hit.target];
        let official = to_unicode(&t.official);
        let args = vec![("domain", rd_u.to_string()), ("official", official.clone())];
        let code = match hit.kind {
            Kind::TldSwap => "tld_swap",
            Kind::Hyphenation => "hyphenation",
            Kind::Confusable => "confusable_characters",
            Kind::Typo => "typosquat",
            Kind::Combo => "combosquat",
        };
        f.reason(code, args.clone());
        if hit.kind == Kind::Typo && !label_u.is_ascii() {
            f.reason("confusable_characters", args);
        }
        f.verdict = stronger(
            f.verdict,
            if hit.strong {
                VerdictKind::Impersonation
            } else {
                VerdictKind::Suspicious
            },
        );
        f.imitates = Some(official);
    }

    fn script_reasons(&self, label_u: &str, rd_u: &str, f: &mut LinkFinding) {
        use unicode_security::MixedScript;
        if label_u.is_ascii() {
            return;
        }
        if !label_u.is_single_script() {
            f.reason("mixed_script", vec![("domain", rd_u.to_string())]);
            return;
        }
        let has_latin = label_u.chars().any(|c| c.is_ascii_alphabetic());
        if !has_latin {
            let folded = fold(label_u);
            if let Some(t) = self.targets.iter().find(|t| t.folded == folded) {
                f.reason(
                    "whole_script_confusable",
                    vec![
                        ("domain", rd_u.to_string()),
                        ("official", to_unicode(&t.official)),
                    ],
                );
            }
        }
    }

    fn userinfo_reasons(&self, link: &ParsedLink, f: &mut LinkFinding) {
        let Some(ui) = &link.userinfo else {
            return;
        };
        let host_u = to_unicode(&link.host_ascii);
        f.reason("userinfo_trick", vec![("host", host_u)]);
        let lower = ui.to_lowercase();
        let folded_ui = fold(&lower);
        let imitated = self
            .targets
            .iter()
            .find(|t| lower.contains(&t.official) || find(&folded_ui, &t.folded).is_some());
        match imitated {
            Some(t) => {
                f.verdict = VerdictKind::Impersonation;
                f.imitates = Some(to_unicode(&t.official));
            }
            None => f.verdict = stronger(f.verdict, VerdictKind::Suspicious),
        }
    }
}

/// Lower case without hyphens, only `0` and `1` folded: the label before digraph folding.
fn plain(s: &str) -> Vec<u8> {
    s.bytes()
        .filter(|&b| b != b'-')
        .map(|b| match b.to_ascii_lowercase() {
            b'0' => b'o',
            b'1' => b'l',
            c => c,
        })
        .collect()
}

/// Like [`plain`] but keeping hyphens, for token boundaries.
fn plain_hyphens(s: &str) -> Vec<u8> {
    s.bytes()
        .map(|b| match b.to_ascii_lowercase() {
            b'0' => b'o',
            b'1' => b'l',
            c => c,
        })
        .collect()
}

fn rank(k: Kind) -> u8 {
    match k {
        Kind::TldSwap => 0,
        Kind::Hyphenation => 1,
        Kind::Confusable => 2,
        Kind::Typo => 3,
        Kind::Combo => 4,
    }
}

/// The more alarming of two verdicts.
pub(crate) fn stronger(a: VerdictKind, b: VerdictKind) -> VerdictKind {
    fn level(v: VerdictKind) -> u8 {
        match v {
            VerdictKind::Official => 0,
            VerdictKind::Unknown => 1,
            VerdictKind::Suspicious => 2,
            VerdictKind::Impersonation => 3,
        }
    }
    if level(b) > level(a) { b } else { a }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}
