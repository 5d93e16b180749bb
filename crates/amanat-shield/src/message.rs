//! Scam-message and call-transcript scoring in Arabic, Persian, Azerbaijani, Vietnamese and
//! English.
//!
//! The text is folded (see `normalise`) with a byte map back to the original, scanned with the
//! language's lexicon (and the English one, since English words appear in every language's
//! SMS), split into sentences, and each sentence is read in context: a sentence that warns
//! ("we will never ask for your PIN", "هرگز ... نمی‌خواهیم", "không bao giờ", "heç vaxt",
//! "لن نطلب أبداً") cancels the asking, prize, fee, urgency and threat signals inside it.
//! Links go through the lookalike-domain check and phone numbers through the registry.

use crate::Shield;
use crate::domain::{self, ParsedLink};
use crate::i18n::{self, Lang};
use crate::lexicon::{self, Cat, Hit};
use crate::model::{self, Mark};
use crate::normalise::{Normalised, normalise_text};
use crate::verdict::{MessageKind, MessageVerdict, Signal, VerdictKind};

/// Score at or above which a message is a scam.
const SCAM_AT: u32 = 50;
/// Score at or above which a message is suspicious.
const SUSPICIOUS_AT: u32 = 30;
/// How much less an unknown link weighs when nothing about it looks made for fraud.
const PLAIN_LINK_DISCOUNT: u32 = 20;
/// Longest text read; the rest is ignored so a huge paste cannot stall the checker.
const MAX_TEXT: usize = 64 * 1024;

fn weight(code: &str) -> u32 {
    match code {
        "prize" => 20,
        "fee_to_claim" => 20,
        "urgency" => 10,
        "threat" => 15,
        "asks_password" | "asks_pin" | "asks_otp" | "asks_cvv" | "asks_card_number" => 45,
        "asks_bank_details" => 35,
        "asks_personal_data" => 25,
        "unofficial_callback_number" => 20,
        "unofficial_link" => 25,
        "impersonation_link" => 60,
        // Naming the business is no warning by itself; it only adds weight next to a request
        // or an unofficial outlet (see the combinations in `check_message`).
        "claims_business" => 0,
        _ => 0,
    }
}

fn ask_code(cat: Cat) -> &'static str {
    match cat {
        Cat::Password => "asks_password",
        Cat::Pin => "asks_pin",
        Cat::Otp => "asks_otp",
        Cat::CardNumber => "asks_card_number",
        Cat::Cvv => "asks_cvv",
        Cat::BankDetails => "asks_bank_details",
        _ => "asks_personal_data",
    }
}

/// What the lexicon hits say about one sentence.
#[derive(Clone, Copy, Default)]
struct SentFlags {
    /// A negation or a warning: the evidence words in it do not count.
    guarded: bool,
    /// A negation ("do not call"): its links and numbers are no outlet either.
    negated: bool,
    /// A request verb: the asked-for items in it count.
    requested: bool,
    /// A call or contact word: its numbers and handles are call-back outlets.
    call_cue: bool,
    /// A warning about scams: the cover stories in it are quoted, not told.
    warned: bool,
    /// The business's own link: requests in it send the customer to the official site.
    official_sent: bool,
}

/// What the rules made of a message, before the model reads it.
struct Rules<'t> {
    /// The text read (cut at `MAX_TEXT`).
    text: &'t str,
    n: Normalised,
    lang: Lang,
    found: Vec<Found>,
    /// The rules' own score, 0-100.
    score: u32,
    /// Rule conclusions that are not signals ("outlet", "pretext", ...).
    flags: Vec<&'static str>,
    /// Folded spans the model reads as placeholders (links by class, the business's name).
    marks: Vec<Mark>,
    /// Lexicon categories found: (key, in a guarded sentence).
    cats: Vec<(&'static str, bool)>,
}

impl Rules<'_> {
    /// What the model reads of this message; `codes` are the codes of `found`.
    fn model_input<'a>(&'a self, codes: &'a [&'static str]) -> model::Input<'a> {
        model::Input {
            folded: &self.n.text,
            marks: &self.marks,
            signals: codes,
            flags: &self.flags,
            cats: &self.cats,
            lang: self.lang.code(),
            rule_score: self.score,
        }
    }
}

/// The model's logit as a 0-100 score.
fn model_score(z: f32) -> u32 {
    let p = 1.0 / (1.0 + (-z).exp());
    (p * 100.0).round().clamp(0.0, 100.0) as u32
}

/// A raw signal before rendering: code, folded or original span, and placeholder values.
struct Found {
    code: &'static str,
    span: (usize, usize),
    args: Vec<(&'static str, String)>,
}

/// Sentence index of each folded byte boundary.
fn sentences(folded: &str) -> Vec<(usize, usize)> {
    let b = folded.as_bytes();
    let mut out = Vec::with_capacity(8);
    let mut start = 0;
    for i in 0..b.len() {
        let c = b[i];
        let next_space = b.get(i + 1).is_none_or(|&n| n == b' ');
        let ends = matches!(c, b'!' | b'?' | b';') || (c == b'.' && next_space);
        if ends {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < b.len() {
        out.push((start, b.len()));
    }
    if out.is_empty() {
        out.push((0, 0));
    }
    out
}

fn sentence_of(sents: &[(usize, usize)], pos: usize) -> usize {
    sents
        .iter()
        .position(|&(s, e)| pos >= s && pos < e)
        .unwrap_or(sents.len().saturating_sub(1))
}

/// True when a code word is followed by the code itself ("your code is 482913"): the
/// message hands a code over instead of asking for one.
fn delivers_code(folded: &str, from: usize, sentence_end: usize) -> bool {
    let tail = folded
        .get(from..sentence_end.min(folded.len()))
        .unwrap_or("");
    let mut run = 0;
    for c in tail.chars().take(40) {
        if c.is_ascii_digit() {
            run += 1;
            if run >= 4 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// Folded index of an original byte offset.
fn folded_index(n: &Normalised, orig: usize) -> usize {
    n.starts.partition_point(|&s| s < orig)
}

/// Candidate links in the original text: byte span and the token.
/// A program sent as a file or a download ("invoice.pdf.exe", "app.apk"): a business does not
/// ask customers to install software from a message.
pub(crate) fn executable_file(folded: &str) -> bool {
    const EXT: [&str; 10] = [
        ".exe", ".apk", ".scr", ".bat", ".msi", ".jar", ".vbs", ".ps1", ".cmd", ".xapk",
    ];
    EXT.iter().any(|ext| {
        folded.match_indices(ext).any(|(i, _)| {
            let before = folded[..i].chars().next_back();
            let after = folded[i + ext.len()..].chars().next();
            before.is_some_and(crate::normalise::is_word_char)
                && after.is_none_or(|c| !crate::normalise::is_word_char(c))
        })
    })
}

/// A bare IPv4 address with a path or port ("185.220.33.14/login", "10.0.0.7:8080"), the way
/// phishing kits are linked. Octets with leading zeros ("1.200.000.000", a price) are no
/// address, and a bare dotted quad without a path is more often a version or a number.
pub(crate) fn ip_link(lower: &str) -> bool {
    if !lower.is_ascii() {
        return false;
    }
    let end = lower.find(['/', ':']).unwrap_or(lower.len());
    let (host, rest) = lower.split_at(end);
    let octets: Vec<&str> = host.split('.').collect();
    octets.len() == 4
        && octets.iter().all(|o| {
            !o.is_empty()
                && o.len() <= 3
                && o.bytes().all(|b| b.is_ascii_digit())
                && !(o.len() > 1 && o.starts_with('0'))
                && o.parse::<u16>().is_ok_and(|v| v <= 255)
        })
        && (rest.starts_with('/') && rest.len() > 1
            || rest.starts_with(':')
                && rest[1..].bytes().take_while(u8::is_ascii_digit).count() >= 2)
}

fn find_links(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let is_sep = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '(' | ')' | '[' | ']' | '"' | '«' | '»' | '<' | '>' | '،' | ',' | '\''
            )
    };
    let push = |s: usize, e: usize, out: &mut Vec<(usize, usize)>| {
        let tok = &text[s..e];
        let mut trimmed = tok.trim_end_matches(['.', '!', '?', ':', ';', '؟', '۔']);
        // A case ending glued to the domain with a hyphen ("odero.az-da", "tap.az-a"): the
        // suffix is grammar, not part of the host.
        if let Some(dot) = trimmed.rfind('.')
            && !trimmed[dot..].contains('/')
            && let Some(h) = trimmed[dot..].find('-')
        {
            trimmed = &trimmed[..dot + h];
        }
        let e = s + trimmed.len();
        let t = &text[s..e];
        if t.len() < 4 || !t.contains('.') {
            return;
        }
        let lower = t.to_ascii_lowercase();
        let looks = lower.starts_with("http://")
            || lower.starts_with("https://")
            || lower.starts_with("www.")
            || ip_link(&lower)
            || {
                let host = lower.split(['/', '?', '#']).next().unwrap_or("");
                let host = host.rsplit('@').next().unwrap_or(host);
                let tld = host.rsplit('.').next().unwrap_or("");
                host.contains('.')
                    && tld.len() >= 2
                    && tld.chars().all(|c| c.is_alphabetic())
                    && host.chars().next().is_some_and(|c| c.is_alphanumeric())
                    && psl::suffix(host.as_bytes()).is_some_and(|s| s.is_known())
            };
        if looks {
            out.push((s, e));
        }
    };
    // Every link has a dot: only the tokens around dots are read, not every word.
    let mut done = 0;
    for (dot, _) in text.match_indices('.') {
        if dot < done {
            continue;
        }
        let start = text[..dot]
            .char_indices()
            .rev()
            .find(|&(_, c)| is_sep(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let end = text[dot..]
            .char_indices()
            .find(|&(_, c)| is_sep(c))
            .map_or(text.len(), |(i, _)| dot + i);
        if start < done {
            continue;
        }
        push(start, end, &mut out);
        done = end.max(dot + 1);
    }
    out
}

/// Whether a longer hit of kind `outer` hides a hit of kind `inner` inside it. Harmless
/// compounds, negations, warnings and statements hide anything; among the evidence kinds
/// (prize, fee, urgency, threat, the asked-for items) the longer reading wins. Contact and
/// request cues stay, so "liên hệ ngay" is both urgency and a contact cue.
fn swallows(outer: Cat, inner: Cat) -> bool {
    let evidence = |c: Cat| {
        matches!(c, Cat::Prize | Cat::Fee | Cat::Urgency | Cat::Threat) || c.item().is_some()
    };
    matches!(
        outer,
        Cat::Benign | Cat::Negation | Cat::Warning | Cat::Statement | Cat::Condition
    ) || (evidence(outer) && evidence(inner))
}

/// URL shorteners: the real destination is hidden.
pub(crate) const SHORTENERS: &[&str] = &[
    "bit.ly",
    "tinyurl.com",
    "cutt.ly",
    "is.gd",
    "goo.gl",
    "rb.gy",
    "shorturl.at",
    "t.ly",
    "ow.ly",
    "rebrand.ly",
    "s.id",
    "tiny.cc",
    "clck.ru",
    "v.gd",
];
/// Top-level domains that are cheap and rarely used by established businesses.
const THROWAWAY_TLDS: &[&str] = &[
    "info", "xyz", "top", "site", "online", "click", "win", "pro", "help", "club", "icu", "buzz",
    "live", "shop", "vip", "cc", "tk", "ml", "ga", "cf", "gq", "work", "link", "support", "store",
    "fun", "space", "website", "life", "today", "cam", "rest", "bond", "sbs", "cfd", "monster",
    "quest", "cyou", "loan", "mobi",
];
/// Words fraudsters put in a domain name, in the five languages (ASCII, as typed in domains),
/// on top of `combo_words.txt`.
const LINK_WORDS: &[&str] = &[
    "refund",
    "rebate",
    "track",
    "tracking",
    "delivery",
    "redelivery",
    "parcel",
    "post",
    "claim",
    "reward",
    "rewards",
    "points",
    "lucky",
    "spin",
    "wallet",
    "unlock",
    "billing",
    "renew",
    "cancel",
    "restore",
    "device",
    "card",
    "invest",
    "profit",
    "fine",
    "fines",
    "tax",
    "taxes",
    "subsidy",
    "free",
    "jobs",
    "cashback",
    "appeal",
    "loan",
    "odenis",
    "odeme",
    "berpa",
    "tesdiq",
    "yenile",
    "hediyye",
    "yardim",
    "cerime",
    "legv",
    "kilid",
    "pulsuz",
    "vaziz",
    "pardakht",
    "tamdid",
    "jayeze",
    "hediye",
    "taeed",
    "emtiaz",
    "eblagh",
    "jarimeh",
    "tarkhis",
    "gomrok",
    "rahgiri",
    "jamarek",
    "fawz",
    "arbah",
    "minha",
    "daam",
    "hadiya",
    "takid",
    "thanhtoan",
    "hoantien",
    "khoiphuc",
    "xacminh",
    "mokhoa",
    "trungthuong",
    "capnhat",
    "dautu",
    "trocap",
    "hotro",
    "phatnguoi",
    "giahan",
    "mienphi",
    "buukien",
    "haiquan",
    "sinhtrachoc",
    "khangnghi",
    "baomat",
    "qazanc",
    "qazan",
    "hedie",
    "loinhuan",
    "crypto",
    "kripto",
    "earn",
    "income",
];

/// Words of `combo_words.txt` that are only places or filler: glued to the business's brand
/// they make a combosquat, but in a name that is not the brand's ("baku-parking.az",
/// "tehran-online.ir") they say nothing about fraud.
const PLAIN_COMBO: &[&str] = &[
    "azerbaijan",
    "iran",
    "vietnam",
    "oman",
    "baku",
    "tehran",
    "hanoi",
    "muscat",
    "the",
    "get",
    "app",
    "apps",
    "web",
    "www",
    "online",
    "mobile",
    "mob",
    "home",
    "main",
    "new",
    "now",
    "net",
    "com",
    "org",
    "inc",
    "site",
    "info",
    "news",
    "center",
    "centre",
    "team",
    "group",
    "shop",
    "store",
    "sale",
    "sales",
    "deal",
    "deals",
    "service",
    "services",
    "customer",
    "care",
    "client",
    "clients",
    "mail",
    "email",
    "sms",
    "my",
];

/// Whether an unknown host looks made for fraud: a shortener, a throw-away TLD, a numeric
/// host, many labels, or a hyphenated name with a lure word or a country code glued on.
fn risky_host(host: &str) -> bool {
    static COMBO: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    let combo = COMBO.get_or_init(|| {
        include_str!("../lexicon/combo_words.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    });
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if SHORTENERS.contains(&host.as_str()) {
        return true;
    }
    let tld = host.rsplit('.').next().unwrap_or("");
    if THROWAWAY_TLDS.contains(&tld) || tld.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    let suffix_len = psl::suffix(host.as_bytes()).map_or(tld.len(), |s| s.as_bytes().len());
    let name = host[..host.len().saturating_sub(suffix_len)].trim_end_matches('.');
    if name.split('.').count() > 3 {
        return true;
    }
    let registrable = name.rsplit('.').next().unwrap_or("");
    let rest = &name[..name.len() - registrable.len()];
    // Hyphens in a subdomain stacked on another name ("verify-odero.az.kyc-center.net").
    if rest.contains('-') {
        return true;
    }
    let hyphens = registrable.matches('-').count();
    if hyphens >= 2 {
        return true;
    }
    hyphens == 1
        && registrable.split('-').enumerate().any(|(i, part)| {
            (i > 0 && part.len() == 2)
                || LINK_WORDS.contains(&part)
                || (part.len() >= 3 && combo.contains(&part) && !PLAIN_COMBO.contains(&part))
        })
}

/// Hosts under a government-only suffix (`gov`, `mil`, `gov.az`, `gov.ir`, `gov.vn`, ...):
/// registration there is restricted, so a link to them is no outlet of a fraudster.
fn is_public_sector(host: &str) -> bool {
    let mut labels = host.trim_end_matches('.').rsplit('.');
    let tld = labels.next().unwrap_or("");
    if matches!(tld, "gov" | "mil") {
        return true;
    }
    let second = labels.next().unwrap_or("");
    tld.len() == 2 && matches!(second, "gov" | "gouv" | "mil") && labels.next().is_some()
}

/// Messenger handles written `@name` (not the domain part of an email address).
fn find_handles(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(p) = text[i..].find('@') {
        let at = i + p;
        let prev_ok = at == 0 || !(b[at - 1].is_ascii_alphanumeric() || b[at - 1] == b'.');
        let mut e = at + 1;
        while e < b.len() && (b[e].is_ascii_alphanumeric() || b[e] == b'_') {
            e += 1;
        }
        let next_dot = b.get(e) == Some(&b'.') && b.get(e + 1).is_some_and(u8::is_ascii_alphabetic);
        if prev_ok && e - at > 3 && !next_dot {
            out.push((at, e));
        }
        i = e.max(at + 1);
    }
    out
}

/// How many digits `text` holds: ASCII, Arabic-Indic (U+0660..) and Persian (U+06F0..).
fn digit_count(text: &str) -> usize {
    let b = text.as_bytes();
    let mut n = 0;
    for (i, &c) in b.iter().enumerate() {
        if c.is_ascii_digit() {
            n += 1;
        } else if let Some(&next) = b.get(i + 1) {
            n += usize::from(
                (c == 0xD9 && (0xA0..=0xA9).contains(&next))
                    || (c == 0xDB && (0xB0..=0xB9).contains(&next)),
            );
        }
    }
    n
}

/// Full card numbers (16 digits, grouped by four or not) and IBANs written in the text, and
/// (with `true`) other runs of 10 to 19 digits that are an account or card number only when a
/// bank or payment word stands just before them ("STK: 1903 4455 6677 88").
fn find_card_numbers(digits: usize, chars: &[(usize, char)]) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    // Account numbers have at least 10 digits, and so have the IBANs of the five countries.
    if digits < 10 {
        return out;
    }
    let is_digit = |c: char| {
        c.is_ascii_digit()
            || ('\u{0660}'..='\u{0669}').contains(&c)
            || ('\u{06F0}'..='\u{06F9}').contains(&c)
    };
    let mut i = 0;
    while i < chars.len() {
        let (off, c) = chars[i];
        if !(c.is_ascii_uppercase() || is_digit(c)) {
            i += 1;
            continue;
        }
        let prev_alnum = i > 0 && chars[i - 1].1.is_alphanumeric();
        // IBAN: two capital letters, two digits, then at least ten letters or digits.
        if c.is_ascii_uppercase()
            && !prev_alnum
            && chars.get(i + 1).is_some_and(|x| x.1.is_ascii_uppercase())
            && chars.get(i + 2).is_some_and(|x| x.1.is_ascii_digit())
            && chars.get(i + 3).is_some_and(|x| x.1.is_ascii_digit())
        {
            let mut j = i + 4;
            let mut n = 0;
            let mut end = chars[i + 3].0 + 1;
            while j < chars.len() && (chars[j].1.is_ascii_alphanumeric() || chars[j].1 == ' ') {
                if chars[j].1 != ' ' {
                    n += 1;
                    end = chars[j].0 + 1;
                }
                j += 1;
            }
            if (10..=30).contains(&n) {
                out.push((off, end, false));
                i = j;
                continue;
            }
        }
        if is_digit(c) && !prev_alnum {
            let mut j = i;
            let mut digits = 0;
            let mut end = off;
            while j < chars.len() {
                let ch = chars[j].1;
                if is_digit(ch) {
                    digits += 1;
                    end = chars[j].0 + ch.len_utf8();
                } else if !(matches!(ch, ' ' | '-')
                    && chars.get(j + 1).is_some_and(|x| is_digit(x.1)))
                {
                    break;
                }
                j += 1;
            }
            let next_alnum = chars.get(j).is_some_and(|x| x.1.is_alphanumeric());
            let after_plus = i > 0 && chars[i - 1].1 == '+';
            if digits == 16 && !next_alnum {
                out.push((off, end, false));
            } else if (10..=19).contains(&digits) && !next_alnum && !after_plus {
                out.push((off, end, true));
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// Candidate phone numbers in the original text: byte span and the digits as written.
fn find_numbers(digits: usize, chars: &[(usize, char)]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if digits < 7 {
        return out;
    }
    let is_digit = |c: char| {
        c.is_ascii_digit()
            || ('\u{0660}'..='\u{0669}').contains(&c)
            || ('\u{06F0}'..='\u{06F9}').contains(&c)
    };
    let mut i = 0;
    while i < chars.len() {
        let (off, c) = chars[i];
        if is_digit(c) || (c == '+' && chars.get(i + 1).is_some_and(|&(_, n)| is_digit(n))) {
            let prev_alnum = i > 0 && chars[i - 1].1.is_alphanumeric();
            let mut j = i;
            let mut digits = 0;
            let mut last_digit_end = off;
            let mut last_digit_idx = i;
            while j < chars.len() {
                let (o, ch) = chars[j];
                if is_digit(ch) {
                    digits += 1;
                    last_digit_end = o + ch.len_utf8();
                    last_digit_idx = j;
                } else if !(matches!(ch, ' ' | '-' | '(' | ')') || (ch == '+' && j == i)) {
                    break;
                }
                j += 1;
            }
            let next_alnum = chars
                .get(last_digit_idx + 1)
                .is_some_and(|&(_, n)| n.is_alphanumeric() && !is_digit(n));
            if (7..=15).contains(&digits) && !prev_alnum && !next_alnum {
                out.push((off, last_digit_end));
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// Multiplier of a money word after a number, or `None` when the word is no money.
fn money_unit(word: &str) -> Option<u64> {
    Some(match word {
        "k" | "nghin" | "ngan" | "hezar" | "هزار" | "الف" | "آلاف" | "الاف" => 1_000,
        "m" | "mln" | "million" | "millions" | "milyon" | "trieu" | "tr" | "میلیون" | "ملیون"
        | "ملایین" | "مليون" => 1_000_000,
        "ty" | "billion" | "milyard" | "میلیارد" | "ملیار" => 1_000_000_000,
        "azn" | "manat" | "usd" | "usdt" | "eur" | "euro" | "dollar" | "dollars" | "$" | "€"
        | "£" | "rial" | "riyal" | "ریال" | "تومان" | "تومن" | "toman" | "omr" | "aed" | "sar"
        | "درهم" | "دولار" | "دلار" | "vnd" | "d" | "dong" | "دينار" | "دینار" | "ر.ع" => {
            1
        }
        _ => return None,
    })
}

/// Folded stems of "get back / receive / earn" in the five languages.
const RETURN_WORDS: &[&str] = &[
    "get",
    "receive",
    "earn",
    "make",
    "return",
    "withdraw",
    "profit",
    "alin",
    "alacaq",
    "qazan",
    "gelir",
    "qaytar",
    "بگیر",
    "دریافت",
    "سود",
    "برداشت",
    "احصل",
    "تحصل",
    "استلم",
    "اربح",
    "ربح",
    "ترجع",
    "nhan",
    "lai ",
    "loi",
    "thu ve",
    "rut",
];

/// Folded stems of "day", "week", "hour" in the five languages: returns promised that soon.
const QUICK_WORDS: &[&str] = &[
    "day",
    "week",
    "hour",
    "gun",
    "hefte",
    "saat",
    "روز",
    "هفته",
    "ساعت",
    "ایام",
    "یوم",
    "اسبوع",
    "ساعه",
    "ngay",
    "tuan",
    "gio",
];

/// Folded stems of "put in / invest / pay / send" said before the sum ("put 500 AZN",
/// "استثمر 100", "góp 5 triệu").
const PUT_BEFORE: &[&str] = &[
    "put",
    "invest",
    "deposit",
    "pay",
    "send",
    "transfer",
    "top up",
    "stake",
    "ضع",
    "استثمر",
    "ادفع",
    "اودع",
    "حول",
    "gop",
    "dau tu",
    "nap",
    "chuyen",
    "bo ra",
    "yatir",
    "investisiya",
];
/// The same said after the sum, where Azerbaijani and Persian put the verb ("500 AZN qoyun",
/// "۵ میلیون بگذارید").
const PUT_AFTER: &[&str] = &[
    "qoy",
    "yatir",
    "odey",
    "gonder",
    "kocur",
    "بگذار",
    "بذار",
    "سرمایه",
    "واریز",
    "بریز",
    "بپرداز",
];

/// Whether the sum at `s..e` of `sent` is money put in: a put-in word just before it, or just
/// after it and before the next sum (which starts at `limit`).
fn put_in(sent: &str, s: usize, e: usize, limit: usize) -> bool {
    let mut from = s.saturating_sub(24);
    while !sent.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (e + 24).min(limit);
    while !sent.is_char_boundary(to) {
        to -= 1;
    }
    PUT_BEFORE.iter().any(|w| sent[from..s].contains(w))
        || PUT_AFTER.iter().any(|w| sent[e..to].contains(w))
}

/// Byte span of the first sum in `sent` (folded) that is money put in and is followed later in
/// the sentence by a sum at least three times as large that comes back, and whether that is
/// promised within hours, days or weeks; sums are numbers with a money word or sign next to
/// them.
fn multiplied_sums(sent: &str) -> Option<(usize, usize, bool)> {
    let b = sent.as_bytes();
    let mut sums: Vec<(usize, usize, u64)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let start = i;
        let mut value: u64 = 0;
        while i < b.len()
            && (b[i].is_ascii_digit()
                || (matches!(b[i], b'.' | b',') && b.get(i + 1).is_some_and(u8::is_ascii_digit)))
        {
            if b[i].is_ascii_digit() {
                value = value
                    .saturating_mul(10)
                    .saturating_add(u64::from(b[i] - b'0'));
            }
            i += 1;
        }
        let end = i;
        // The money word after the number (one space allowed), or a sign before it.
        let rest = sent[end..].strip_prefix(' ').unwrap_or(&sent[end..]);
        let word_len = rest
            .find(|c: char| c == ' ' || (c.is_ascii_punctuation() && c != '$' && c != '.'))
            .unwrap_or(rest.len());
        let word = rest[..word_len].trim_end_matches('.');
        let sign_before = sent[..start].trim_end().ends_with(['$', '€', '£']);
        let unit = money_unit(word).or(if sign_before { Some(1) } else { None });
        if let Some(m) = unit {
            let v = value.saturating_mul(m);
            if v > 0 {
                // The larger sum is what comes back: a "get", "receive", "earn" word stands
                // between the two ("put 500, get 5,000") or just after the second, where verbs
                // go in Azerbaijani and Persian ("5000 AZN alın"); a receipt's items and total
                // have none.
                let mut upto = (end + 40).min(sent.len());
                while !sent.is_char_boundary(upto) {
                    upto -= 1;
                }
                if let Some(&(s, e, _)) = sums.iter().find(|&&(s, e, a)| {
                    v >= a.saturating_mul(3)
                        && put_in(sent, s, e, start)
                        && RETURN_WORDS.iter().any(|w| sent[e..upto].contains(w))
                }) {
                    let quick = QUICK_WORDS.iter().any(|w| sent[e..upto].contains(w));
                    return Some((s, e, quick));
                }
                sums.push((start, end, v));
            }
        }
    }
    None
}

impl Shield {
    /// Reads a message with the rules: signals with spans, the rule score and what the model
    /// needs besides the text.
    fn rules<'t>(&self, text: &'t str, lang: Option<&str>) -> Rules<'t> {
        let mut end = text.len().min(MAX_TEXT);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let text = &text[..end];
        let n = normalise_text(text);
        let lang = match lang {
            Some(l) if !l.trim().is_empty() => Lang::parse(l),
            _ => crate::langdetect::detect_with(text, &n.text),
        };
        let folded = n.text.as_str();
        let sents = sentences(folded);

        let mut hits: Vec<Hit> = Vec::with_capacity(32);
        if let Some(lx) = lexicon::lexicon(lang) {
            lx.scan(&n, text, &mut hits);
        }
        // The language's lexicon carries the English terms too. (Running the Arabic lexicon on
        // Persian text and back was tried: shared words such as رمز mean different things, and
        // false alarms rose.)
        hits.sort_by_key(|h| (h.start, h.end));
        // Words inside a link ("odero-bonus.com") are the link's business, and a request verb
        // inside a statement ("the code we sent", "được gửi") is not a request.
        let links = find_links(text);
        let link_spans: Vec<(usize, usize)> = links
            .iter()
            .map(|&(s, e)| (folded_index(&n, s), folded_index(&n, e)))
            .collect();
        // A sentence that says money came in ("was credited", "واریز شد") asks for none.
        let credit_sents: Vec<usize> = hits
            .iter()
            .filter(|h| h.cat == Cat::Statement)
            .map(|h| sentence_of(&sents, h.start))
            .collect();
        hits.retain(|h| h.cat != Cat::Fee || !credit_sents.contains(&sentence_of(&sents, h.start)));
        let statements: Vec<(usize, usize)> = hits
            .iter()
            .filter(|h| h.cat == Cat::Statement)
            .map(|h| (h.start, h.end))
            .collect();
        hits.retain(|h| {
            let in_link = link_spans.iter().any(|&(s, e)| h.start < e && h.end > s);
            let in_statement = h.cat == Cat::Request
                && statements.iter().any(|&(s, e)| h.start >= s && h.end <= e);
            !in_link && !in_statement
        });
        // A hit inside a longer hit of another kind is read as part of it: "mã cửa" (door
        // code) is no one-time code, "miễn phí" (free of charge) no fee, "do not send" no
        // request. Hits are few, so the quadratic pass costs nothing.
        let contained: Vec<bool> = hits
            .iter()
            .map(|h| {
                hits.iter().any(|o| {
                    o.cat != h.cat
                        && swallows(o.cat, h.cat)
                        && o.start <= h.start
                        && o.end >= h.end
                        && o.end - o.start > h.end - h.start
                })
            })
            .collect();
        let mut k = 0;
        hits.retain(|_| {
            k += 1;
            !contained[k - 1]
        });

        let mut sf = vec![SentFlags::default(); sents.len()];
        for h in &hits {
            let s = sentence_of(&sents, h.start);
            match h.cat {
                Cat::Negation => {
                    sf[s].guarded = true;
                    sf[s].negated = true;
                }
                Cat::Warning => {
                    sf[s].guarded = true;
                    sf[s].warned = true;
                }
                Cat::Request => sf[s].requested = true,
                Cat::Call => sf[s].call_cue = true,
                _ => {}
            }
        }

        // The lexicon's categories as the model reads them: (key, in a guarded sentence).
        let mut cats: Vec<(&'static str, bool)> = Vec::with_capacity(hits.len());
        for h in &hits {
            let c = (h.cat.key(), sf[sentence_of(&sents, h.start)].guarded);
            if !cats.contains(&c) {
                cats.push(c);
            }
        }

        // A cover story counts unless the sentence warns about it ("scammers say they have a
        // new number"); it is often negated itself ("don't tell mum", "don't call").
        let pretext = hits
            .iter()
            .any(|h| h.cat == Cat::Pretext && !sf[sentence_of(&sents, h.start)].warned);

        let mut found: Vec<Found> = Vec::new();
        let push = |f: Found, found: &mut Vec<Found>| {
            if !found.iter().any(|x| x.code == f.code) {
                found.push(f);
            }
        };
        for h in &hits {
            let s = sentence_of(&sents, h.start);
            if sf[s].guarded {
                continue;
            }
            let code = match h.cat {
                Cat::Prize => "prize",
                Cat::Fee => "fee_to_claim",
                Cat::Urgency => "urgency",
                // "If this wasn't you, call us and block your card": after a condition the
                // blocking is the remedy offered, not a threat.
                Cat::Threat
                    if hits.iter().any(|c| {
                        c.cat == Cat::Condition
                            && c.end <= h.start
                            && sentence_of(&sents, c.start) == s
                    }) =>
                {
                    continue;
                }
                Cat::Threat => "threat",
                c if c.item().is_some() => {
                    if !sf[s].requested || delivers_code(folded, h.end, sents[s].1) {
                        continue;
                    }
                    ask_code(c)
                }
                _ => continue,
            };
            push(
                Found {
                    code,
                    span: n.original_span(h.start, h.end),
                    args: vec![],
                },
                &mut found,
            );
        }

        // Links, through the lookalike check.
        let mut risky_link = false;
        let mut marks: Vec<Mark> = Vec::with_capacity(links.len() + 2);
        for (s, e) in links {
            let tok = &text[s..e];
            let mark = marks.len();
            marks.push((folded_index(&n, s), folded_index(&n, e), "\u{1}link"));
            let host_part = if tok.contains("://") {
                tok.to_string()
            } else {
                // An email address: check its domain.
                match tok.rsplit_once('@') {
                    Some((_, d)) if !tok.contains('/') => d.to_string(),
                    _ => tok.to_string(),
                }
            };
            if sf[sentence_of(&sents, folded_index(&n, s))].negated {
                continue;
            }
            let Ok(link) = domain::parse_link(&host_part) else {
                continue;
            };
            if self.is_social_page(&link) {
                marks[mark].2 = "\u{1}link:social";
                continue;
            }
            let link = ParsedLink { ..link };
            if is_public_sector(&link.host_ascii) {
                marks[mark].2 = "\u{1}link:public";
                continue;
            }
            let f = self.domains.analyse(&link);
            let dom = f.domain.clone().unwrap_or_else(|| link.host_ascii.clone());
            match f.verdict {
                VerdictKind::Official => {
                    marks[mark].2 = "\u{1}link:official";
                    sf[sentence_of(&sents, folded_index(&n, s))].official_sent = true;
                }
                VerdictKind::Impersonation => {
                    marks[mark].2 = "\u{1}link:lookalike";
                    push(
                        Found {
                            code: "impersonation_link",
                            span: (s, e),
                            args: vec![
                                ("domain", dom),
                                ("official", f.imitates.unwrap_or_default()),
                            ],
                        },
                        &mut found,
                    )
                }
                kind => {
                    if kind == VerdictKind::Suspicious || risky_host(&link.host_ascii) {
                        risky_link = true;
                        marks[mark].2 = "\u{1}link:risky";
                    } else {
                        marks[mark].2 = "\u{1}link:other";
                    }
                    push(
                        Found {
                            code: "unofficial_link",
                            span: (s, e),
                            args: vec![("domain", dom)],
                        },
                        &mut found,
                    )
                }
            }
        }

        // Call-back numbers that are not official.
        let digits = digit_count(text);
        let chars: Vec<(usize, char)> = if digits >= 7 {
            let mut v = Vec::with_capacity(text.len());
            v.extend(text.char_indices());
            v
        } else {
            Vec::new()
        };
        for (s, e) in find_numbers(digits, &chars) {
            let written = &text[s..e];
            let fi = folded_index(&n, s);
            let sent = sentence_of(&sents, fi);
            let intl = written.starts_with('+')
                || crate::normalise::fold_digits(written).starts_with("00");
            // A number is an outlet after a call or contact word, in international form, or
            // in a sentence that asks for something ("send the code to 0910 555 3412").
            if sf[sent].negated || (!sf[sent].call_cue && !sf[sent].requested && !intl) {
                continue;
            }
            let Some(e164) = self.quick_e164(written) else {
                continue;
            };
            let digits: String = crate::normalise::fold_digits(written)
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            if self.is_official_number(&e164) || self.is_official_number(&digits) {
                continue;
            }
            push(
                Found {
                    code: "unofficial_callback_number",
                    span: (s, e),
                    args: vec![("number", e164)],
                },
                &mut found,
            );
        }

        // A request in the same sentence as the business's own link sends the customer to the
        // official site ("sign in at odero.az with your code"), not to the sender.
        if sf.iter().any(|f| f.official_sent) {
            found.retain(|f| {
                !(f.code.starts_with("asks_")
                    && sf[sentence_of(&sents, folded_index(&n, f.span.0))].official_sent)
            });
        }

        // Messenger handles ("Telegram @hr_jobs") next to a contact word: an outlet the
        // business does not publish.
        for (s, e) in find_handles(text) {
            let sent = sentence_of(&sents, folded_index(&n, s));
            if sf[sent].negated || !sf[sent].call_cue {
                continue;
            }
            push(
                Found {
                    code: "unofficial_callback_number",
                    span: (s, e),
                    args: vec![("number", text[s..e].to_string())],
                },
                &mut found,
            );
        }

        // A full card number or IBAN written out is where the money is meant to go: a
        // business never asks to be paid into a private card.
        let fee_word = found.iter().any(|f| f.code == "fee_to_claim");
        let mut pays_to_card = false;
        for (s, e, needs_cue) in find_card_numbers(digits, &chars) {
            let fs = folded_index(&n, s);
            let sent = sentence_of(&sents, fs);
            if sf[sent].guarded || credit_sents.contains(&sent) {
                continue;
            }
            // A shorter run is an account only right after "STK", "account", "به کارت", ...
            if needs_cue
                && !hits.iter().any(|h| {
                    matches!(h.cat, Cat::BankDetails | Cat::CardNumber | Cat::Fee)
                        && h.end <= fs
                        && fs - h.end <= 24
                })
            {
                continue;
            }
            pays_to_card = true;
            if !found.iter().any(|f| f.code == "fee_to_claim") {
                found.push(Found {
                    code: "fee_to_claim",
                    span: (s, e),
                    args: vec![],
                });
            }
        }

        // A returns promise: a sum and, later in the same sentence, three times that sum or
        // more ("put 500 AZN today, get 5,000 in 10 days", "góp 5 triệu, nhận 50 triệu"),
        // next to an earnings or prize word or a cover story. The first sum is the money asked.
        // Returns promised within days or weeks are a lure by themselves.
        let lure = pretext || found.iter().any(|f| f.code == "prize");
        if digits >= 2 {
            for (si, &(ss, se)) in sents.iter().enumerate() {
                if sf[si].guarded || sf[si].official_sent || credit_sents.contains(&si) {
                    continue;
                }
                let Some((a, b, quick)) = multiplied_sums(&folded[ss..se]) else {
                    continue;
                };
                if !(lure || quick) {
                    continue;
                }
                let span = n.original_span(ss + a, ss + b);
                for code in ["fee_to_claim", "prize"] {
                    push(
                        Found {
                            code,
                            span,
                            args: vec![],
                        },
                        &mut found,
                    );
                }
                break;
            }
        }
        // "If this wasn't you, cancel at secure-bank.info": the condition is the lure when the
        // only way offered is a link made for fraud (a bank's own message gives its site or
        // number, which are not risky).
        let pretext = pretext || (risky_link && hits.iter().any(|h| h.cat == Cat::Condition));

        // A claim to be the business.
        if let Some(span) = self.find_business_name(&n) {
            push(
                Found {
                    code: "claims_business",
                    span,
                    args: vec![],
                },
                &mut found,
            );
        }

        let mut score: u32 = found.iter().map(|f| weight(f.code)).sum();
        let has = |c: &str| found.iter().any(|f| f.code == c);
        let asks = found.iter().any(|f| f.code.starts_with("asks_"));
        // An unknown but plain-looking link (another company's own site, a public portal) is
        // weak evidence; a shortener, a throw-away TLD or a keyword-stuffed name is not.
        let plain_link = has("unofficial_link") && !risky_link;
        if plain_link {
            score -= PLAIN_LINK_DISCOUNT;
        }
        let outlet = (has("unofficial_link") && (risky_link || asks))
            || has("impersonation_link")
            || has("unofficial_callback_number")
            || pays_to_card;
        // Prize, fee, urgency and threat words alone are the everyday language of bills,
        // fines, promotions and good news between friends; without somewhere to send money
        // or data, a request for a secret, a cover story or a fee to claim a prize they stay
        // below the suspicious line.
        let prize_for_fee = has("prize") && has("fee_to_claim");
        if !(asks || outlet || pretext || prize_for_fee) {
            score = score.min(SUSPICIOUS_AT - 5);
        }
        // Paying a fee or a sum into a card or account number written out, with a prize, a
        // threat, a deadline or a cover story (a friend's "send 20 to my card 4169 ..." has
        // none of them).
        if pays_to_card && fee_word && (pretext || has("prize") || has("threat") || has("urgency"))
        {
            score += 20;
        }
        if pretext && (has("fee_to_claim") || outlet || asks) {
            score += 30;
        }
        if has("prize") && (has("fee_to_claim") || outlet || asks) {
            score += 15;
        }
        if has("claims_business") && (asks || outlet) {
            score += 10;
        }
        if (has("threat") || has("urgency")) && (asks || outlet) {
            score += 10;
        }
        for f in &found {
            if let Some(item) = f.code.strip_prefix("asks_")
                && self.never_ask.contains(item)
            {
                score += 5;
            }
        }
        let mut flags: Vec<&'static str> = Vec::with_capacity(8);
        if executable_file(&n.text) {
            flags.push("executable_file");
        }
        for (on, name) in [
            (asks, "asks"),
            (outlet, "outlet"),
            (pretext, "pretext"),
            (prize_for_fee, "prize_for_fee"),
            (risky_link, "risky_link"),
            (plain_link, "plain_link"),
            (pays_to_card, "pays_to_card"),
        ] {
            if on {
                flags.push(name);
            }
        }
        self.mark_names(&n.text, &mut marks);
        Rules {
            text,
            n,
            lang,
            found,
            score: score.min(100),
            flags,
            marks,
            cats,
        }
    }

    /// Scores a message or call transcript; `lang` is the language if known, else detected.
    ///
    /// The score is the model's (see `model`), fed with the rule signals; the signals listed
    /// are the rules', plus `scam_wording` pointing at the most scam-like words when the model
    /// alone raised the alarm.
    pub fn check_message(&self, text: &str, lang: Option<&str>) -> MessageVerdict {
        let r = self.rules(text, lang);
        let (text, lang) = (r.text, r.lang);
        let mut wording = None;
        let score = match model::MODEL.as_ref() {
            Some(m) => {
                let codes: Vec<&'static str> = r.found.iter().map(|f| f.code).collect();
                let input = r.model_input(&codes);
                let z = m.logit(&input);
                let s = model_score(z + m.shift_for(self.sensitivity, lang.code()));
                let counted = r.found.iter().any(|f| weight(f.code) > 0);
                if s >= SUSPICIOUS_AT
                    && !counted
                    && let Some((a, b)) = m.explain(&input)
                {
                    wording = Some(Found {
                        code: "scam_wording",
                        span: r.n.original_span(a, b),
                        args: vec![],
                    });
                }
                s
            }
            None => r.score,
        };
        let mut found = r.found;
        found.extend(wording);
        let verdict = if score >= SCAM_AT {
            MessageKind::Scam
        } else if score >= SUSPICIOUS_AT {
            MessageKind::Suspicious
        } else {
            MessageKind::Ok
        };
        found.sort_by_key(|f| std::cmp::Reverse(weight(f.code)));
        let signals = found
            .into_iter()
            .map(|f| {
                let mut a: Vec<(&str, &str)> =
                    f.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                a.push(("business", self.business.as_str()));
                Signal {
                    code: f.code.to_string(),
                    message: i18n::message(lang, f.code, &a),
                    span: f.span,
                    matched: text.get(f.span.0..f.span.1).unwrap_or("").to_string(),
                }
            })
            .collect();
        MessageVerdict {
            verdict,
            score: score as u8,
            language: lang.code().to_string(),
            signals,
        }
    }

    /// The model's features of a labelled message, for training (`examples/train.rs`).
    #[doc(hidden)]
    pub fn message_example(&self, text: &str, lang: Option<&str>, scam: bool) -> model::Example {
        let r = self.rules(text, lang);
        let codes: Vec<&'static str> = r.found.iter().map(|f| f.code).collect();
        let input = r.model_input(&codes);
        let mut ex = model::Example {
            text: Vec::with_capacity(256),
            fixed: Vec::with_capacity(32),
            scam,
            rule_score: r.score,
            rule_codes: codes.iter().chain(&r.flags).copied().collect(),
        };
        let mut toks = Vec::new();
        model::features(&input, &mut toks, |b, src| match src {
            model::Source::Fixed => ex.fixed.push(b),
            _ => ex.text.push(b),
        });
        ex
    }

    /// Adds a placeholder mark for every mention of the business or a brand name that no
    /// link mark covers, keeping `marks` sorted.
    fn mark_names(&self, folded: &str, marks: &mut Vec<Mark>) {
        let before = marks.len();
        for key in &self.name_keys {
            let mut from = 0;
            while let Some(p) = folded[from..].find(key.as_str()) {
                let s = from + p;
                let e = s + key.len();
                let edge = |c: Option<char>| c.is_none_or(|c| !crate::normalise::is_word_char(c));
                if edge(folded[..s].chars().next_back())
                    && edge(folded[e..].chars().next())
                    && !marks.iter().any(|m| s < m.1 && e > m.0)
                {
                    marks.push((s, e, "\u{1}biz"));
                }
                from = e;
            }
        }
        if marks.len() > before {
            marks.sort_unstable_by_key(|m| m.0);
        }
    }

    /// Original span of the first mention of the business or a brand name.
    fn find_business_name(&self, n: &Normalised) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize)> = None;
        for key in &self.name_keys {
            let key = key.as_str();
            let mut from = 0;
            while let Some(p) = n.text[from..].find(key) {
                let s = from + p;
                let e = s + key.len();
                let before = n.text[..s].chars().next_back();
                let after = n.text[e..].chars().next();
                let edge = |c: Option<char>| c.is_none_or(|c| !crate::normalise::is_word_char(c));
                if edge(before) && (edge(after) || key.chars().count() >= 5) {
                    if best.is_none_or(|(bs, _)| s < bs) {
                        best = Some((s, e));
                    }
                    break;
                }
                from = s + key.chars().next().map_or(1, char::len_utf8);
            }
        }
        best.map(|(s, e)| n.original_span(s, e))
    }
}
