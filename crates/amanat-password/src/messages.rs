//! Reason codes and their messages in the customer's language. Messages live
//! in `lang/<code>.toml`, embedded at build time; they name what to avoid but
//! never repeat the password or a personal value.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Serialize;

/// Why a password was refused. The string form is stable and part of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    /// Fewer code points than the minimum (8 with a second factor, else 15).
    TooShort,
    /// More code points than the policy accepts.
    TooLong,
    /// A control character (tab, line break, NUL ...).
    ControlCharacter,
    /// Found in the list of common or breached passwords.
    CommonPassword,
    /// A keyboard walk or an alphabet/digit run explains part of it.
    KeyboardWalk,
    /// Repetition explains part of it.
    RepeatedCharacters,
    /// The customer's name in some spelling explains part of it.
    ContainsName,
    /// The birth date in some form or calendar explains part of it.
    ContainsBirthDate,
    /// The phone number or a part of it.
    ContainsPhone,
    /// The email address or a part of it.
    ContainsEmail,
    /// The username or a part of it.
    ContainsUsername,
    /// The business's name or domain.
    ContainsBusinessName,
    /// Too easy to guess, beyond the specific reasons above.
    TooGuessable,
}

impl ReasonCode {
    /// Every code, in the order reasons are reported.
    pub const ALL: [ReasonCode; 13] = [
        ReasonCode::TooShort,
        ReasonCode::TooLong,
        ReasonCode::ControlCharacter,
        ReasonCode::CommonPassword,
        ReasonCode::KeyboardWalk,
        ReasonCode::RepeatedCharacters,
        ReasonCode::ContainsName,
        ReasonCode::ContainsBirthDate,
        ReasonCode::ContainsPhone,
        ReasonCode::ContainsEmail,
        ReasonCode::ContainsUsername,
        ReasonCode::ContainsBusinessName,
        ReasonCode::TooGuessable,
    ];

    /// The stable snake_case code.
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::TooShort => "too_short",
            ReasonCode::TooLong => "too_long",
            ReasonCode::ControlCharacter => "control_character",
            ReasonCode::CommonPassword => "common_password",
            ReasonCode::KeyboardWalk => "keyboard_walk",
            ReasonCode::RepeatedCharacters => "repeated_characters",
            ReasonCode::ContainsName => "contains_name",
            ReasonCode::ContainsBirthDate => "contains_birth_date",
            ReasonCode::ContainsPhone => "contains_phone",
            ReasonCode::ContainsEmail => "contains_email",
            ReasonCode::ContainsUsername => "contains_username",
            ReasonCode::ContainsBusinessName => "contains_business_name",
            ReasonCode::TooGuessable => "too_guessable",
        }
    }
}

/// Languages with a message file; the first is the fallback.
pub const LANGUAGES: [&str; 5] = ["en", "az", "fa", "ar", "vi"];

static FILES: [(&str, &str); 5] = [
    ("en", include_str!("../lang/en.toml")),
    ("az", include_str!("../lang/az.toml")),
    ("fa", include_str!("../lang/fa.toml")),
    ("ar", include_str!("../lang/ar.toml")),
    ("vi", include_str!("../lang/vi.toml")),
];

static MESSAGES: LazyLock<HashMap<&'static str, HashMap<String, String>>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|(lang, text)| {
            (
                *lang,
                toml::from_str::<HashMap<String, String>>(text).unwrap_or_default(),
            )
        })
        .collect()
});

/// The supported language for a tag such as "fa-IR" or "AZ"; English otherwise.
pub(crate) fn language(tag: &str) -> &'static str {
    let primary = tag
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    LANGUAGES
        .iter()
        .copied()
        .find(|l| *l == primary)
        .unwrap_or(LANGUAGES[0])
}

/// Writes a number in the digits a Persian or Arabic reader expects.
fn localized_number(n: usize, lang: &str) -> String {
    let zero = match lang {
        "fa" => 0x06F0,
        "ar" => 0x0660,
        _ => return n.to_string(),
    };
    n.to_string()
        .chars()
        .map(|c| {
            c.to_digit(10)
                .and_then(|d| char::from_u32(zero + d))
                .unwrap_or(c)
        })
        .collect()
}

/// The message for a code in a language (falls back to English, then the code).
pub(crate) fn message(code: ReasonCode, lang: &str, min: usize, max: usize) -> String {
    let lang = language(lang);
    let text = MESSAGES
        .get(lang)
        .and_then(|m| m.get(code.as_str()))
        .or_else(|| {
            MESSAGES
                .get(LANGUAGES[0])
                .and_then(|m| m.get(code.as_str()))
        });
    match text {
        Some(t) => t
            .replace("{min}", &localized_number(min, lang))
            .replace("{max}", &localized_number(max, lang)),
        None => code.as_str().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_message_in_every_language() {
        for lang in LANGUAGES {
            let file = MESSAGES.get(lang).map(|m| m.len()).unwrap_or(0);
            assert_eq!(file, ReasonCode::ALL.len(), "{lang} has {file} messages");
            for code in ReasonCode::ALL {
                let m = MESSAGES.get(lang).and_then(|m| m.get(code.as_str()));
                assert!(
                    m.is_some_and(|m| !m.trim().is_empty()),
                    "{lang}: {}",
                    code.as_str()
                );
            }
        }
    }

    #[test]
    fn code_strings_match_their_serde_names() {
        for code in ReasonCode::ALL {
            let json = serde_json::to_string(&code).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn language_tags_fall_back_to_english() {
        assert_eq!(language("fa-IR"), "fa");
        assert_eq!(language("AZ"), "az");
        assert_eq!(language("vi_VN"), "vi");
        assert_eq!(language("de"), "en");
        assert_eq!(language(""), "en");
    }

    #[test]
    fn numbers_are_written_in_persian_and_arabic_digits() {
        assert!(message(ReasonCode::TooShort, "fa", 15, 256).contains("۱۵"));
        assert!(message(ReasonCode::TooShort, "ar", 8, 256).contains("٨"));
        assert!(message(ReasonCode::TooShort, "en", 15, 256).contains("15"));
        assert!(!message(ReasonCode::TooShort, "vi", 15, 256).contains("{min}"));
    }
}
