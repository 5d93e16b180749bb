//! The guessable pieces of a customer's data (and of the business's own name
//! and domains), written the way the password views are written, so a single
//! substring search per view finds them. SP 800-63B-4 §3.1.1.2 asks verifiers
//! to refuse "context-specific words, such as the name of the service, the
//! username, and derivatives thereof".

use unicode_normalization::UnicodeNormalization;

use crate::dates;
use crate::normalize::{self, Squeeze};
use crate::translit;
use crate::{Context, PersonalData};

/// What a found piece is about; each maps to one reason code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Category {
    Name,
    BirthDate,
    Phone,
    Email,
    Username,
    Business,
    Walk,
    Repeat,
}

impl Category {
    pub const ALL: [Category; 8] = [
        Category::Name,
        Category::BirthDate,
        Category::Phone,
        Category::Email,
        Category::Username,
        Category::Business,
        Category::Walk,
        Category::Repeat,
    ];

    pub fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// Which view of the password a token is searched in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ViewKind {
    /// Letters and digits, leetspeak decoded.
    Leet,
    /// Letters and digits as typed.
    Literal,
    /// Consonant classes across scripts.
    Skeleton,
    /// A two-class skeleton of a short name (یوسف: `SF`), matched only as a
    /// whole word so that it does not fire inside longer words.
    SkeletonWord,
}

/// Shortest token searched for: two letters ("an", "le") would match by chance.
const MIN_TOKEN_CHARS: usize = 3;
/// Phone fragments shorter than this are not specific to the customer.
const MIN_PHONE_DIGITS: usize = 6;
/// Spelling variants kept per name part.
const ARABIC_VARIANTS: usize = 40;
const ARABIC_VARIANTS_LONG: usize = 12;
const LATIN_TO_ARABIC_VARIANTS: usize = 16;
const LATIN_VARIANTS: usize = 12;
/// User inputs handed to zxcvbn, most specific first.
const MAX_ZXCVBN_INPUTS: usize = 120;

/// Words of a business name that say nothing about the business: legal forms
/// and generic nouns in our users' languages.
const GENERIC_BUSINESS_WORDS: [&str; 24] = [
    "inc",
    "ltd",
    "llc",
    "co",
    "corp",
    "company",
    "group",
    "the",
    "and",
    "bank",
    "shop",
    "store",
    "mmc",
    "asc",
    "qsc",
    "tnhh",
    "cong",
    "ty",
    "شرکت",
    "فروشگاه",
    "شركة",
    "مؤسسة",
    "sirketi",
    "sherkat",
];

/// Webmail domains say nothing about the customer.
const WEBMAIL: [&str; 16] = [
    "gmail",
    "googlemail",
    "yahoo",
    "hotmail",
    "outlook",
    "live",
    "msn",
    "icloud",
    "me",
    "mail",
    "yandex",
    "proton",
    "protonmail",
    "aol",
    "gmx",
    "zoho",
];

/// Tokens to search for, per view, and the strings zxcvbn gets as user inputs.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tokens {
    pub items: Vec<(ViewKind, String, Category)>,
    pub zxcvbn_inputs: Vec<String>,
}

impl Tokens {
    fn add(&mut self, view: ViewKind, token: String, category: Category) {
        if token.chars().count() >= MIN_TOKEN_CHARS {
            self.items.push((view, token, category));
        }
    }

    fn input(&mut self, s: &str) {
        let s = normalize::fold_str(s);
        if s.chars().count() >= MIN_TOKEN_CHARS {
            self.zxcvbn_inputs.push(s);
        }
    }

    /// Removes duplicates, keeping the first category seen.
    pub fn finish(&mut self) {
        let mut seen = std::collections::HashSet::new();
        self.items
            .retain(|(v, t, _)| seen.insert((*v as u8, t.clone())));
        let mut seen = std::collections::HashSet::new();
        self.zxcvbn_inputs.retain(|s| seen.insert(s.clone()));
        self.zxcvbn_inputs.truncate(MAX_ZXCVBN_INPUTS);
    }

    pub fn extend(&mut self, other: &Tokens) {
        self.items.extend(other.items.iter().cloned());
        for i in &other.zxcvbn_inputs {
            if !self.zxcvbn_inputs.contains(i) {
                self.zxcvbn_inputs.push(i.clone());
            }
        }
    }
}

/// Splits a name or a value into word parts (spaces, hyphens, ZWNJ, dots ...).
fn parts(s: &str) -> Vec<String> {
    s.nfc()
        .collect::<String>()
        .split(|c: char| !c.is_alphanumeric() && !is_arabic_mark(c))
        .filter(|p| !p.is_empty())
        .map(|p| p.to_lowercase())
        .collect()
}

/// Arabic vowel marks are not alphanumeric but belong inside a word.
fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

/// Splits "ali1990" into "ali" and "1990" as well.
fn letter_digit_runs(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut last_digit: Option<bool> = None;
    for c in s.chars() {
        let d = normalize::ascii_digit(c).is_some();
        if last_digit.is_some_and(|l| l != d) && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        cur.push(c);
        last_digit = Some(d);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Adds one word (a name part, a business word) with all its spellings.
fn add_word(t: &mut Tokens, word: &str, category: Category, zx: bool) {
    let folded = normalize::fold_str(word);
    // The Arabic article is often dropped: البلوشي is also written Balushi.
    if let Some(rest) = folded.strip_prefix("ال")
        && rest.chars().count() >= 3
    {
        add_word(t, rest, category, zx);
    }
    // Names of three or more consonants are matched across scripts and
    // spellings by their skeleton; spelled-out variants matter most for short
    // names (Ali, Reza, Leyla), whose skeleton is too short to search for.
    let short = normalize::skeleton_str(word).chars().count() < MIN_TOKEN_CHARS;
    let mut spellings: Vec<String> = vec![word.to_string()];
    if translit::is_arabic_word(&folded) {
        let cap = if short {
            ARABIC_VARIANTS
        } else {
            ARABIC_VARIANTS_LONG
        };
        spellings.extend(translit::arabic_to_latin(&folded, cap));
    } else {
        spellings.extend(translit::latin_alternatives(word, LATIN_VARIANTS));
        if short {
            let latin = if word.chars().any(|c| matches!(c, '\u{0400}'..='\u{04FF}')) {
                folded.clone()
            } else {
                word.to_string()
            };
            spellings.extend(translit::latin_to_arabic(&latin, LATIN_TO_ARABIC_VARIANTS));
        }
    }
    let mut seen = std::collections::HashSet::new();
    spellings.retain(|s| seen.insert(s.clone()));
    for (i, s) in spellings.iter().enumerate() {
        let folded = normalize::fold(&normalize::nfkc_chars(s), false);
        t.add(
            ViewKind::Leet,
            normalize::squeeze(&folded, Squeeze::Leet).text(),
            category,
        );
        let sk = normalize::skeleton(&folded)
            .text()
            .trim_matches(normalize::BREAK)
            .to_string();
        add_skeleton(t, sk, category);
        if zx && i < 4 {
            t.input(s);
        }
    }
}

fn add_skeleton(t: &mut Tokens, sk: String, category: Category) {
    if sk.contains(normalize::BREAK) {
        return;
    }
    if category == Category::Name && sk.chars().count() == 2 {
        t.items.push((ViewKind::SkeletonWord, sk, category));
        return;
    }
    // "fatemeh" and "fateme" are one name; the final h is often dropped.
    if sk.ends_with('H') && sk.chars().count() > MIN_TOKEN_CHARS {
        let mut short = sk.clone();
        short.pop();
        t.add(ViewKind::Skeleton, short, category);
    }
    // Turkish and Azerbaijani spellings devoice a final d (Mehmet, Mahmut).
    if sk.ends_with('D') && sk.chars().count() >= MIN_TOKEN_CHARS {
        let mut devoiced = sk.clone();
        devoiced.pop();
        devoiced.push('T');
        t.add(ViewKind::Skeleton, devoiced, category);
    }
    t.add(ViewKind::Skeleton, sk, category);
}

/// Adds the joined forms of several parts ("nguyenvanan", "vanannguyen").
fn add_joined(t: &mut Tokens, words: &[&str], category: Category) {
    let joined: String = words.concat();
    t.add(
        ViewKind::Leet,
        normalize::squeeze_str(&joined, Squeeze::Leet),
        category,
    );
    add_skeleton(t, normalize::skeleton_str(&joined), category);
    // Arabic-script names joined in their most common Latin spelling too.
    if words.iter().any(|w| translit::is_arabic_word(w)) {
        let latin: Vec<String> = words
            .iter()
            .map(|w| {
                let f = normalize::fold_str(w);
                if translit::is_arabic_word(&f) {
                    translit::arabic_to_latin(&f, 1)
                        .into_iter()
                        .next()
                        .unwrap_or(f)
                } else {
                    f
                }
            })
            .collect();
        t.add(
            ViewKind::Leet,
            normalize::squeeze_str(&latin.concat(), Squeeze::Leet),
            category,
        );
    }
}

fn add_names(t: &mut Tokens, given: &[String], family: &[String]) {
    for w in given.iter().chain(family) {
        add_word(t, w, Category::Name, true);
    }
    let g: Vec<&str> = given.iter().map(String::as_str).collect();
    let f: Vec<&str> = family.iter().map(String::as_str).collect();
    let mut combos: Vec<Vec<&str>> = Vec::new();
    if g.len() > 1 {
        combos.push(g.clone());
    }
    if f.len() > 1 {
        combos.push(f.clone());
    }
    if !g.is_empty() && !f.is_empty() {
        combos.push(g.iter().chain(&f).copied().collect());
        combos.push(f.iter().chain(&g).copied().collect());
        for a in &g {
            for b in &f {
                combos.push(vec![a, b]);
                combos.push(vec![b, a]);
            }
        }
    }
    // Neighbouring parts of a long name ("van an" in "nguyen van an").
    for list in [&g, &f] {
        for pair in list.windows(2) {
            combos.push(pair.to_vec());
        }
    }
    for c in &combos {
        add_joined(t, c, Category::Name);
    }
    if let (Some(a), Some(b)) = (g.first(), f.first()) {
        t.input(&format!("{a}{b}"));
        t.input(&format!("{b}{a}"));
    }
}

fn add_birth_date(t: &mut Tokens, date: chrono::NaiveDate) {
    for ymd in dates::in_all_calendars(date) {
        // Spelled-out months only for the exact date: each form is a token
        // to search, and a one-day shift spelled out is rare.
        let named = if ymd.shifted {
            Vec::new()
        } else {
            dates::named_tokens(ymd)
        };
        for token in named {
            t.add(ViewKind::Leet, token, Category::BirthDate);
        }
        // Gregorian and Persian years are written short; Hijri ones not.
        let solar = ymd.calendar != dates::Calendar::Hijri;
        for form in dates::forms(ymd, solar) {
            // Two-digit forms are shorter than MIN_TOKEN_CHARS but a year
            // written "90" is exactly what people append.
            if form.len() < MIN_TOKEN_CHARS {
                t.items.push((ViewKind::Literal, form, Category::BirthDate));
            } else {
                t.add(ViewKind::Literal, form, Category::BirthDate);
            }
        }
        let d = format!("{:02}{:02}", ymd.day, ymd.month);
        let y = format!("{:04}", ymd.year);
        if solar {
            t.input(&y);
            t.input(&format!("{d}{y}"));
            t.input(&format!("{y}{:02}{:02}", ymd.month, ymd.day));
        }
    }
}

fn add_phone(t: &mut Tokens, phone: &str) {
    let digits: String = phone.chars().filter_map(normalize::ascii_digit).collect();
    if digits.len() < MIN_PHONE_DIGITS {
        return;
    }
    let mut forms: Vec<String> = vec![digits.clone(), format!("00{digits}")];
    // Every tail of 6+ digits: the national number without the country code
    // and the last digits people reuse.
    for start in 1..=digits.len() - MIN_PHONE_DIGITS {
        forms.push(digits[start..].to_string());
    }
    // National form with a trunk 0, for country codes of 1 to 3 digits.
    for cc in 1..=3 {
        if digits.len() > cc + MIN_PHONE_DIGITS {
            forms.push(format!("0{}", &digits[cc..]));
        }
    }
    for f in &forms {
        t.add(ViewKind::Literal, f.clone(), Category::Phone);
    }
    t.input(&digits);
    for f in forms
        .iter()
        .filter(|f| f.starts_with('0') && !f.starts_with("00"))
    {
        t.input(f);
    }
}

/// Tokens of a handle such as an email local part or a username.
fn add_handle(t: &mut Tokens, handle: &str, category: Category) {
    t.add(
        ViewKind::Leet,
        normalize::squeeze_str(handle, Squeeze::Leet),
        category,
    );
    t.input(handle);
    let pieces = parts(handle);
    let mut words: Vec<String> = pieces.clone();
    for p in &pieces {
        words.extend(letter_digit_runs(p));
    }
    words.sort();
    words.dedup();
    for w in &words {
        if w.chars().all(|c| normalize::ascii_digit(c).is_some()) {
            t.add(
                ViewKind::Literal,
                normalize::squeeze_str(w, Squeeze::Literal),
                category,
            );
        } else {
            add_word(t, w, category, false);
        }
        t.input(w);
    }
}

fn add_email(t: &mut Tokens, email: &str) {
    let email = email.trim().to_lowercase();
    let (local, domain) = email.rsplit_once('@').unwrap_or((email.as_str(), ""));
    add_handle(t, local, Category::Email);
    t.add(
        ViewKind::Leet,
        normalize::squeeze_str(&email, Squeeze::Leet),
        Category::Email,
    );
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() >= 2 {
        for label in &labels[..labels.len() - 1] {
            if !WEBMAIL.contains(label) && *label != "www" && *label != "co" && *label != "com" {
                add_handle(t, label, Category::Email);
            }
        }
    }
}

/// Longest personal value looked at, in characters, and most name parts:
/// real values are far shorter, and the bound keeps the work per check small.
const MAX_VALUE_CHARS: usize = 100;
const MAX_NAME_PARTS: usize = 6;

fn clip(s: &str) -> String {
    s.chars().take(MAX_VALUE_CHARS).collect()
}

fn name_parts(s: &str) -> Vec<String> {
    let mut p = parts(&clip(s));
    p.truncate(MAX_NAME_PARTS);
    p
}

/// Tokens of the customer's own data.
pub(crate) fn personal(data: &PersonalData) -> Tokens {
    let mut t = Tokens::default();
    let given = data
        .given_name
        .as_deref()
        .map(name_parts)
        .unwrap_or_default();
    let family = data
        .family_name
        .as_deref()
        .map(name_parts)
        .unwrap_or_default();
    add_names(&mut t, &given, &family);
    if let Some(d) = data.birth_date {
        add_birth_date(&mut t, d);
    }
    if let Some(p) = &data.phone {
        add_phone(&mut t, &clip(p));
    }
    if let Some(e) = &data.email {
        add_email(&mut t, &clip(e));
    }
    if let Some(u) = &data.username {
        add_handle(&mut t, &clip(u).to_lowercase(), Category::Username);
    }
    t.finish();
    t
}

/// Tokens of the business's names and domains (built once per policy).
pub(crate) fn business(context: &Context) -> Tokens {
    let mut t = Tokens::default();
    for name in &context.business_names {
        let words: Vec<String> = parts(name)
            .into_iter()
            .filter(|w| !GENERIC_BUSINESS_WORDS.contains(&normalize::fold_str(w).as_str()))
            .collect();
        for w in &words {
            add_word(&mut t, w, Category::Business, true);
        }
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        if refs.len() > 1 {
            add_joined(&mut t, &refs, Category::Business);
        }
    }
    for domain in &context.business_domains {
        let domain = domain.trim().trim_start_matches("www.").to_lowercase();
        t.add(
            ViewKind::Leet,
            normalize::squeeze_str(&domain, Squeeze::Leet),
            Category::Business,
        );
        let labels: Vec<&str> = domain.split('.').collect();
        let keep = labels.len().saturating_sub(1).max(1);
        for label in &labels[..keep] {
            add_word(&mut t, label, Category::Business, true);
        }
    }
    t.finish();
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(t: &Tokens, view: ViewKind, token: &str) -> bool {
        t.items.iter().any(|(v, s, _)| *v == view && s == token)
    }

    #[test]
    fn vietnamese_full_name_is_joined_both_ways() {
        let t = personal(&PersonalData {
            given_name: Some("Văn An".into()),
            family_name: Some("Nguyễn".into()),
            ..PersonalData::default()
        });
        assert!(has(
            &t,
            ViewKind::Leet,
            &normalize::squeeze_str("nguyenvanan", Squeeze::Leet)
        ));
        assert!(has(
            &t,
            ViewKind::Leet,
            &normalize::squeeze_str("vanannguyen", Squeeze::Leet)
        ));
    }

    #[test]
    fn phone_gives_national_form_and_tails() {
        let t = personal(&PersonalData {
            phone: Some("+989121234567".into()),
            ..PersonalData::default()
        });
        for want in ["989121234567", "09121234567", "9121234567", "234567"] {
            assert!(has(&t, ViewKind::Literal, want), "{want}");
        }
    }

    #[test]
    fn generic_words_of_a_business_name_are_not_tokens() {
        let t = business(&Context {
            business_names: vec!["Token Inc".into(), "شرکت اودرو".into()],
            business_domains: vec!["www.odero.az".into()],
            second_factor: true,
        });
        assert!(has(
            &t,
            ViewKind::Leet,
            &normalize::squeeze_str("token", Squeeze::Leet)
        ));
        assert!(has(&t, ViewKind::Leet, "اودرو"));
        assert!(has(
            &t,
            ViewKind::Leet,
            &normalize::squeeze_str("odero", Squeeze::Leet)
        ));
        assert!(!has(
            &t,
            ViewKind::Leet,
            &normalize::squeeze_str("inc", Squeeze::Leet)
        ));
        assert!(!has(&t, ViewKind::Leet, "شرکت"));
        assert!(!t.items.iter().any(|(_, s, _)| s == "www" || s == "az"));
    }

    #[test]
    fn hijri_years_are_not_matched_as_two_digits() {
        let t = personal(&PersonalData {
            birth_date: chrono::NaiveDate::from_ymd_opt(1990, 3, 15),
            ..PersonalData::default()
        });
        assert!(has(&t, ViewKind::Literal, "90"));
        assert!(has(&t, ViewKind::Literal, "68"));
        assert!(has(&t, ViewKind::Literal, "1410"));
        assert!(!has(&t, ViewKind::Literal, "10"));
    }

    #[test]
    fn email_local_part_is_split() {
        let t = personal(&PersonalData {
            email: Some("Leyla.Aliyeva+shop@gmail.com".into()),
            ..PersonalData::default()
        });
        assert!(has(
            &t,
            ViewKind::Leet,
            &normalize::squeeze_str("leyla", Squeeze::Leet)
        ));
        assert!(has(
            &t,
            ViewKind::Leet,
            &normalize::squeeze_str("aliyeva", Squeeze::Leet)
        ));
        assert!(!has(
            &t,
            ViewKind::Leet,
            &normalize::squeeze_str("gmail", Squeeze::Leet)
        ));
    }
}
