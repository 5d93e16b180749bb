//! Scam-message lexicons: one data file per language, folded and compiled into one automaton.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::i18n::Lang;
use unicode_normalization::UnicodeNormalization;

use crate::normalise::{Normalised, is_word_char, normalise_text};

/// What a lexicon term is evidence of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Cat {
    Prize,
    Fee,
    Urgency,
    Threat,
    Request,
    Password,
    Pin,
    Otp,
    CardNumber,
    Cvv,
    BankDetails,
    PersonalData,
    Negation,
    Warning,
    Call,
    Statement,
    /// A cover story that only matters next to a money request: "this is my new number",
    /// "I lost my phone", "I'm in a meeting and can't talk", "a safe account".
    Pretext,
    /// A harmless compound that contains a sensitive word: "door code", "promo code",
    /// "postal code"; the words inside it are not read on their own.
    Benign,
    /// A conditional clause ("if you did not request it", "siz etməmisinizsə", "إذا لم تطلب"):
    /// the negation inside it is a condition, not a warning, so it hides its own words but
    /// does not guard the rest of the sentence.
    Condition,
}

impl Cat {
    /// Every category, for reading keys back.
    const ALL: [Cat; 19] = [
        Cat::Prize,
        Cat::Fee,
        Cat::Urgency,
        Cat::Threat,
        Cat::Request,
        Cat::Password,
        Cat::Pin,
        Cat::Otp,
        Cat::CardNumber,
        Cat::Cvv,
        Cat::BankDetails,
        Cat::PersonalData,
        Cat::Negation,
        Cat::Warning,
        Cat::Call,
        Cat::Statement,
        Cat::Pretext,
        Cat::Benign,
        Cat::Condition,
    ];

    fn from_key(k: &str) -> Option<Cat> {
        Cat::ALL.into_iter().find(|c| c.key() == k)
    }

    /// The category's key in the lexicon files.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Cat::Prize => "prize",
            Cat::Fee => "fee",
            Cat::Urgency => "urgency",
            Cat::Threat => "threat",
            Cat::Request => "request",
            Cat::Password => "password",
            Cat::Pin => "pin",
            Cat::Otp => "otp",
            Cat::CardNumber => "card_number",
            Cat::Cvv => "cvv",
            Cat::BankDetails => "bank_details",
            Cat::PersonalData => "personal_data",
            Cat::Negation => "negation",
            Cat::Warning => "warning",
            Cat::Call => "call",
            Cat::Statement => "statement",
            Cat::Pretext => "pretext",
            Cat::Benign => "benign",
            Cat::Condition => "condition",
        }
    }

    /// The never-ask item this category asks for, if any.
    pub(crate) fn item(self) -> Option<&'static str> {
        Some(match self {
            Cat::Password => "password",
            Cat::Pin => "pin",
            Cat::Otp => "otp",
            Cat::CardNumber => "card_number",
            Cat::Cvv => "cvv",
            Cat::BankDetails => "bank_details",
            Cat::PersonalData => "personal_data",
            _ => return None,
        })
    }
}

/// The category keys every lexicon file must have.
#[cfg(test)]
pub(crate) fn keys() -> [&'static str; 19] {
    Cat::ALL.map(Cat::key)
}

/// The raw lexicon files, embedded at build time.
pub(crate) const FILES: [(Lang, &str, &str); 5] = [
    (
        Lang::En,
        "lexicon/en.toml",
        include_str!("../lexicon/en.toml"),
    ),
    (
        Lang::Az,
        "lexicon/az.toml",
        include_str!("../lexicon/az.toml"),
    ),
    (
        Lang::Fa,
        "lexicon/fa.toml",
        include_str!("../lexicon/fa.toml"),
    ),
    (
        Lang::Ar,
        "lexicon/ar.toml",
        include_str!("../lexicon/ar.toml"),
    ),
    (
        Lang::Vi,
        "lexicon/vi.toml",
        include_str!("../lexicon/vi.toml"),
    ),
];

#[derive(Debug, Clone)]
struct Pat {
    cat: Cat,
    /// For terms written `=term`: the exact lower-case spelling the original text must have,
    /// because folding would make them collide with common words (Vietnamese đừng vs dùng).
    exact: Option<String>,
    left_open: bool,
    right_open: bool,
    clitic: bool,
}

/// A compiled lexicon for one language.
#[derive(Debug)]
pub(crate) struct Lexicon {
    ac: AhoCorasick,
    pats: Vec<Pat>,
}

/// One lexicon hit in folded coordinates.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub(crate) cat: Cat,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// Parses a lexicon file into category -> terms; used by the compiler and by tests.
pub(crate) fn parse_file(text: &str) -> Result<BTreeMap<String, Vec<String>>, String> {
    toml::from_str::<BTreeMap<String, Vec<String>>>(text).map_err(|e| e.to_string())
}

fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}')
}

/// The key under which a language's file lists English terms that mean something else in
/// that language and must not be merged into it (Vietnamese "pin" is a battery).
pub(crate) const NOT_FROM_ENGLISH: &str = "not_from_english";

/// Compiles one automaton from a language's lexicon file and, when given, the English one
/// (minus the terms the language's file lists under [`NOT_FROM_ENGLISH`]).
fn compile(text: &str, english: Option<&str>) -> Option<Lexicon> {
    let mut patterns = Vec::new();
    let mut pats = Vec::new();
    let mut map = parse_file(text).ok()?;
    let excluded = map.remove(NOT_FROM_ENGLISH).unwrap_or_default();
    add_terms(&map, &mut patterns, &mut pats)?;
    if let Some(en) = english {
        let mut en = parse_file(en).ok()?;
        for terms in en.values_mut() {
            terms.retain(|t| !excluded.contains(t));
        }
        add_terms(&en, &mut patterns, &mut pats)?;
    }
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&patterns)
        .ok()?;
    Some(Lexicon { ac, pats })
}

fn add_terms(
    map: &BTreeMap<String, Vec<String>>,
    patterns: &mut Vec<String>,
    pats: &mut Vec<Pat>,
) -> Option<()> {
    for (key, terms) in map {
        let cat = Cat::from_key(key)?;
        for t in terms {
            let (exact, t) = match t.strip_prefix('=') {
                Some(rest) => (Some(rest.trim_matches('*').to_lowercase()), rest),
                None => (None, t.as_str()),
            };
            let left_open = t.starts_with('*');
            let right_open = t.ends_with('*');
            let core = t.trim_matches('*');
            let folded = normalise_text(core).text.trim().to_string();
            if folded.is_empty() {
                continue;
            }
            let clitic = folded.chars().next().is_some_and(is_arabic);
            patterns.push(folded);
            pats.push(Pat {
                cat,
                exact,
                left_open,
                right_open,
                clitic,
            });
        }
    }
    Some(())
}

/// The compiled lexicon of `lang`, English terms included (English turns up in every
/// language's SMS).
pub(crate) fn lexicon(lang: Lang) -> Option<&'static Lexicon> {
    static ALL: OnceLock<Vec<Option<Lexicon>>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        let en = FILES[0].2;
        FILES
            .iter()
            .map(|(l, _, t)| {
                if *l == Lang::En {
                    compile(t, None)
                } else {
                    compile(t, Some(en))
                }
            })
            .collect()
    });
    all.get(lang as usize).and_then(Option::as_ref)
}

impl Lexicon {
    /// All hits in `folded`, whole words unless the term says otherwise.
    pub(crate) fn scan(&self, n: &Normalised, original: &str, out: &mut Vec<Hit>) {
        let folded = n.text.as_str();
        for m in self.ac.find_overlapping_iter(folded) {
            let p = &self.pats[m.pattern().as_usize()];
            if let Some(exact) = &p.exact {
                let (s, e) = n.original_span(m.start(), m.end());
                let orig = original.get(s..e).unwrap_or("").to_lowercase();
                if orig.nfc().collect::<String>() != *exact {
                    continue;
                }
            }
            let before = folded[..m.start()].chars().next_back();
            let after = folded[m.end()..].chars().next();
            let edge = |c: Option<char>| c.is_none_or(|c| !is_word_char(c));
            let left_ok = p.left_open
                || edge(before)
                || (p.clitic && {
                    let mut it = folded[..m.start()].chars().rev();
                    let c1 = it.next();
                    let c2 = it.next();
                    matches!(c1, Some('و' | 'ب' | 'ل' | 'ف' | 'ک')) && edge(c2)
                });
            let right_ok = p.right_open || edge(after);
            if left_ok && right_ok {
                out.push(Hit {
                    cat: p.cat,
                    start: m.start(),
                    end: m.end(),
                });
            }
        }
    }
}
