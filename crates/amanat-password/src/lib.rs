//! amanat's password policy (promises OD-5 and MQ-9): NIST SP 800-63B rules,
//! plus refusal of passwords that can be guessed from the customer's own data
//! in every script and calendar amanat's users live in.
//!
//! Pure logic: no I/O beyond data embedded at build time, no clock.
//!
//! # The rule
//!
//! A targeted attacker knows the customer's name, birth date, phone, email
//! and username, the business's name, keyboard layouts and the usual
//! substitutions. Whatever those explain costs such an attacker (almost)
//! nothing to guess. So the policy:
//!
//! 1. refuses lengths outside [min, 256] code points after NFKC, with min 8
//!    when a second factor is used and 15 otherwise, and control characters;
//! 2. refuses common and breached passwords (whole-password match);
//! 3. marks every code point that a personal token (in any spelling, script,
//!    calendar, digit set, leetspeak, reversed), a business token, a keyboard
//!    walk, an alphabet run or a repetition explains;
//! 4. scores what is left with zxcvbn, given the customer's data as user
//!    inputs, and refuses when that residue scores below 3 (fewer than about
//!    10^8 guesses), naming the kinds of data that were found.
//!
//! A long passphrase that happens to contain the customer's first name is
//! accepted when the rest of it is strong on its own; "Nguyen1990!" is not.
//!
//! ```
//! use amanat_password::{Context, PersonalData, Policy};
//!
//! let policy = Policy::new(Context {
//!     business_names: vec!["Odero".into()],
//!     business_domains: vec!["odero.az".into()],
//!     second_factor: true,
//! });
//! let customer = PersonalData {
//!     given_name: Some("Şəmsi".into()),
//!     birth_date: chrono::NaiveDate::from_ymd_opt(1990, 3, 15),
//!     ..PersonalData::default()
//! };
//! let verdict = policy.check("Shamsi1368", &customer, "az");
//! assert!(!verdict.accepted);
//! assert_eq!(verdict.codes(), ["contains_name", "contains_birth_date"]);
//!
//! let verdict = policy.check("Bənövşəyi pişik gecə yarısı tullandı", &customer, "az");
//! assert!(verdict.accepted);
//! ```

mod common;
mod dates;
mod messages;
mod normalize;
mod patterns;
mod strength;
mod tokens;
mod translit;

use std::collections::BTreeSet;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use messages::{LANGUAGES, ReasonCode};

use normalize::{Squeeze, View};
use tokens::{Category, Tokens, ViewKind};

/// SP 800-63B-4 §3.1.1.2: at least 8 characters when the password is one
/// factor of a multi-factor authentication.
pub const MIN_LENGTH_WITH_SECOND_FACTOR: usize = 8;
/// SP 800-63B-4 §3.1.1.2: at least 15 characters when the password is the
/// only factor.
pub const MIN_LENGTH_SINGLE_FACTOR: usize = 15;
/// SP 800-63B-4 §3.1.1.2 asks verifiers to accept at least 64 characters; we
/// accept up to 256 and refuse longer input rather than truncate it (the same
/// section forbids truncation).
pub const MAX_LENGTH: usize = 256;
const _: () = assert!(MAX_LENGTH >= 64);

/// Lowest zxcvbn score (0-4) of the unexplained residue that is accepted.
/// Score 3 means more than 10^8 guesses.
pub const MIN_SCORE: u8 = 3;

/// A residue this long that still scores low is itself too guessable, beyond
/// the personal data found around it.
const RESIDUE_WORTH_NAMING: usize = 4;

/// The customer's data a password must not be built from.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalData {
    /// Given name(s), in any script.
    pub given_name: Option<String>,
    /// Family name(s), in any script.
    pub family_name: Option<String>,
    /// Birth date (Gregorian).
    pub birth_date: Option<NaiveDate>,
    /// Phone number in E.164 (+994501234567).
    pub phone: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Username.
    pub username: Option<String>,
}

impl fmt::Debug for PersonalData {
    /// Shows which fields are present, never their values.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let present = |b: bool| if b { "<set>" } else { "<none>" };
        f.debug_struct("PersonalData")
            .field("given_name", &present(self.given_name.is_some()))
            .field("family_name", &present(self.family_name.is_some()))
            .field("birth_date", &present(self.birth_date.is_some()))
            .field("phone", &present(self.phone.is_some()))
            .field("email", &present(self.email.is_some()))
            .field("username", &present(self.username.is_some()))
            .finish()
    }
}

/// What the policy knows about the business and the sign-in it protects.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Context {
    /// Names the business is known by, in any script ("Odero", "اودرو").
    pub business_names: Vec<String>,
    /// Its domains ("odero.az").
    pub business_domains: Vec<String>,
    /// Whether sign-in also needs a second factor (SMS or TOTP code).
    pub second_factor: bool,
}

/// One reason for a refusal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// Stable snake_case code, see [`ReasonCode`].
    pub code: String,
    /// What to do, in the requested language.
    pub message: String,
}

/// The policy's answer for one password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// True when the password may be used.
    pub accepted: bool,
    /// Why it was refused (empty when accepted).
    pub reasons: Vec<Reason>,
    /// zxcvbn score 0-4 of what the customer's data does not explain.
    pub score: u8,
}

impl Verdict {
    /// The codes of the reasons, for matching in code.
    pub fn codes(&self) -> Vec<&str> {
        self.reasons.iter().map(|r| r.code.as_str()).collect()
    }
}

/// The password policy of one business. Cheap to clone and share.
#[derive(Debug, Clone)]
pub struct Policy {
    context: Context,
    business: Tokens,
}

impl Policy {
    /// Builds the policy; the embedded lists are loaded once per process.
    pub fn new(context: Context) -> Policy {
        common::warm_up();
        strength::warm_up();
        let business = tokens::business(&context);
        Policy { context, business }
    }

    /// Minimum length in code points for this business's sign-in.
    pub fn min_length(&self) -> usize {
        if self.context.second_factor {
            MIN_LENGTH_WITH_SECOND_FACTOR
        } else {
            MIN_LENGTH_SINGLE_FACTOR
        }
    }

    /// Checks a password against the customer's data; messages in `lang`
    /// (en, az, fa, ar, vi; anything else gets English).
    pub fn check(&self, password: &str, data: &PersonalData, lang: &str) -> Verdict {
        let min = self.min_length();
        let nfkc = normalize::nfkc_chars(password);
        let mut found: BTreeSet<ReasonCode> = BTreeSet::new();

        if nfkc.len() > MAX_LENGTH {
            // Nothing else is computed for oversized input.
            return self.verdict(found_one(ReasonCode::TooLong), 0, lang);
        }
        if nfkc.len() < min {
            found.insert(ReasonCode::TooShort);
        }
        if nfkc.iter().any(|c| c.is_control()) {
            found.insert(ReasonCode::ControlCharacter);
        }

        let folded = normalize::fold(&nfkc, false);
        let folded_text = folded.text();
        let common = common::is_common(&folded_text);
        if common {
            found.insert(ReasonCode::CommonPassword);
        }

        let mut personal = tokens::personal(data);
        personal.extend(&self.business);
        let cover = coverage(&nfkc, &folded, &personal);

        // What nothing explains, in the case-keeping fold zxcvbn scores.
        // Spaces go: zxcvbn credits each as a random character and breaks
        // its dictionary matches around them, while an attacker combining
        // words gets spaces for free ("ya hossein ali" vs "yahosseinali").
        let residue_chars: Vec<char> = nfkc
            .iter()
            .zip(&cover)
            .filter(|(_, m)| **m == 0)
            .map(|(c, _)| *c)
            .collect();
        let residue: String = normalize::fold(&residue_chars, true)
            .chars
            .into_iter()
            .filter(|c| !c.is_whitespace())
            .collect();
        // zxcvbn rebuilds its user-input dictionary on every call, so only
        // inputs that occur in the residue (forwards or backwards) go in.
        let lower = residue.to_lowercase();
        let reversed: String = lower.chars().rev().collect();
        let inputs: Vec<&str> = personal
            .zxcvbn_inputs
            .iter()
            .chain(common::local_words())
            .map(String::as_str)
            .filter(|w| lower.contains(w) || reversed.contains(w))
            .collect();
        let mut score = strength::score_of(strength::log10_guesses(&residue, &inputs));
        if common {
            // The list holds about 2 x 10^5 entries: zxcvbn's band 1.
            score = score.min(1);
        }

        if score < MIN_SCORE {
            let mut named = false;
            for cat in Category::ALL {
                if cover.iter().any(|m| m & cat.bit() != 0) {
                    found.insert(code_of(cat));
                    named = true;
                }
            }
            let residue_len = residue.chars().filter(|c| c.is_alphanumeric()).count();
            let residue_is_common = residue_len >= RESIDUE_WORTH_NAMING
                && common::is_common(&normalize::fold_str(residue.trim()));
            if residue_is_common {
                found.insert(ReasonCode::CommonPassword);
            } else if (!named && !common) || (named && residue_len >= RESIDUE_WORTH_NAMING) {
                found.insert(ReasonCode::TooGuessable);
            }
        }
        self.verdict(found, score, lang)
    }

    fn verdict(&self, found: BTreeSet<ReasonCode>, score: u8, lang: &str) -> Verdict {
        let min = self.min_length();
        let reasons: Vec<Reason> = found
            .into_iter()
            .map(|code| Reason {
                code: code.as_str().to_string(),
                message: messages::message(code, lang, min, MAX_LENGTH),
            })
            .collect();
        Verdict {
            accepted: reasons.is_empty(),
            reasons,
            score,
        }
    }
}

fn found_one(code: ReasonCode) -> BTreeSet<ReasonCode> {
    BTreeSet::from([code])
}

fn code_of(cat: Category) -> ReasonCode {
    match cat {
        Category::Name => ReasonCode::ContainsName,
        Category::BirthDate => ReasonCode::ContainsBirthDate,
        Category::Phone => ReasonCode::ContainsPhone,
        Category::Email => ReasonCode::ContainsEmail,
        Category::Username => ReasonCode::ContainsUsername,
        Category::Business => ReasonCode::ContainsBusinessName,
        Category::Walk => ReasonCode::KeyboardWalk,
        Category::Repeat => ReasonCode::RepeatedCharacters,
    }
}

/// For each NFKC code point of the password, the categories that explain it
/// (bit set of [`Category::bit`]); 0 means unexplained.
fn coverage(nfkc: &[char], folded: &View, tokens: &Tokens) -> Vec<u16> {
    let mut cover = vec![0u16; nfkc.len()];
    // Code points whose folded form is only vowels: a skeleton match (which
    // sees consonants only) takes in the vowels around it ("zahraa").
    let mut vowelish = vec![false; nfkc.len()];
    let mut seen = vec![false; nfkc.len()];
    for (&c, &o) in folded.chars.iter().zip(&folded.origin) {
        let v = normalize::is_skeleton_vowel(c);
        vowelish[o] = if seen[o] { vowelish[o] && v } else { v };
        seen[o] = true;
    }
    let leet = normalize::squeeze(folded, Squeeze::Leet);
    let literal = normalize::squeeze(folded, Squeeze::Literal);
    let skeleton = normalize::skeleton(folded);
    let views = [
        (ViewKind::Leet, &leet),
        (ViewKind::Literal, &literal),
        (ViewKind::Skeleton, &skeleton),
        (ViewKind::SkeletonWord, &skeleton),
    ];
    let is_letter = |i: usize| nfkc.get(i).is_some_and(|c| c.is_alphabetic());
    for (kind, view) in &views {
        if view.chars.is_empty() {
            continue;
        }
        let (text, origins) = view.text_with_byte_origins();
        let mut mark = |token: &str, cat: Category| {
            // Every occurrence, overlapping ones included.
            let mut from = 0;
            while let Some(pos) = text.get(from..).and_then(|rest| rest.find(token)) {
                let start = from + pos;
                let end = start + token.len();
                if let (Some(&first), Some(&last)) = (origins.get(start), origins.get(end - 1)) {
                    let (mut first, mut last) = (first, last);
                    if matches!(kind, ViewKind::Skeleton | ViewKind::SkeletonWord) {
                        while first > 0 && vowelish[first - 1] {
                            first -= 1;
                        }
                        while last + 1 < vowelish.len() && vowelish[last + 1] {
                            last += 1;
                        }
                    }
                    // A two-consonant skeleton only counts as a whole word.
                    let whole_word = *kind != ViewKind::SkeletonWord
                        || ((first == 0 || !is_letter(first - 1)) && !is_letter(last + 1));
                    if whole_word {
                        for c in cover.iter_mut().take(last + 1).skip(first) {
                            *c |= cat.bit();
                        }
                    }
                }
                from = start + text[start..].chars().next().map_or(1, char::len_utf8);
            }
        };
        for (k, token, cat) in &tokens.items {
            if k != kind || token.len() > text.len() {
                continue;
            }
            mark(token, *cat);
            let reversed: String = token.chars().rev().collect();
            if reversed != *token {
                mark(&reversed, *cat);
            }
        }
    }

    let light = normalize::light(nfkc);
    let marks = [
        (patterns::keyboard_walks(&light), &light, Category::Walk),
        (patterns::sequences(&light), &light, Category::Walk),
        (patterns::repeats(&light), &light, Category::Repeat),
        (patterns::repeats(&literal), &literal, Category::Repeat),
    ];
    for (positions, view, cat) in marks {
        for p in positions {
            if let Some(&o) = view.origin.get(p) {
                cover[o] |= cat.bit();
            }
        }
    }
    cover
}

/// Number of entries in the embedded list of breached passwords.
pub fn breached_list_len() -> usize {
    common::breach_len()
}
