//! Phone numbers: E.164 normalisation and the official / reported / unknown check.

use phonenumber::country::Id;

use crate::Shield;
use crate::error::PhoneError;
use crate::i18n::Lang;
use crate::normalise::fold_digits;
use crate::verdict::{Verdict, VerdictKind};

/// Reads an ISO 3166 alpha-2 region code.
pub(crate) fn region(code: &str) -> Result<Id, PhoneError> {
    code.trim()
        .to_ascii_uppercase()
        .parse::<Id>()
        .map_err(|_| PhoneError::Region(code.to_string()))
}

/// Normalises a phone number to E.164 (`+994501234567`), reading national numbers in `region`.
pub fn normalise_phone(input: &str, region_code: &str) -> Result<String, PhoneError> {
    let folded = fold_digits(input.trim());
    if folded.is_empty() || folded.len() > 64 {
        return Err(PhoneError::Parse("empty or too long".into()));
    }
    let folded = match folded.strip_prefix("00") {
        Some(rest) => format!("+{rest}"),
        None => folded,
    };
    let reg = if region_code.trim().is_empty() {
        None
    } else {
        Some(region(region_code)?)
    };
    let n = phonenumber::parse(reg, &folded).map_err(|e| PhoneError::Parse(e.to_string()))?;
    if !phonenumber::is_valid(&n) {
        return Err(PhoneError::Invalid);
    }
    Ok(n.format().mode(phonenumber::Mode::E164).to_string())
}

/// Digits of a short code (3 to 8 digits; spaces, dashes, dots and brackets allowed between
/// them), or None.
fn short_code(input: &str) -> Option<String> {
    let digits: String = fold_digits(input.trim())
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.'))
        .collect();
    ((3..=8).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()))
        .then_some(digits)
}

/// The key customers' reports of a caller or SMS sender are counted under: the E.164 number,
/// or the digits of a short code (`8877`). None when it is neither.
pub fn phone_report_key(input: &str, region_code: &str) -> Option<String> {
    short_code(input).or_else(|| normalise_phone(input, region_code).ok())
}

impl Shield {
    /// Is this number official, reported by customers (`reported` reports), or unknown?
    pub fn check_phone(&self, number: &str, reported: u64, lang: &str) -> Verdict {
        let lang = Lang::parse(lang);
        if let Some(digits) = short_code(number) {
            if self.short_codes.contains(&digits) {
                return Verdict {
                    verdict: VerdictKind::Official,
                    reasons: self
                        .reasons(lang, &[("official_short_code", vec![("number", digits)])]),
                    imitates: None,
                };
            }
            return self.unofficial_phone(digits, reported, lang);
        }
        let region = self
            .region
            .map(|r| r.as_ref().to_string())
            .unwrap_or_default();
        match normalise_phone(number, &region) {
            Ok(e164) if self.phones.contains(&e164) => Verdict {
                verdict: VerdictKind::Official,
                reasons: self.reasons(lang, &[("official_phone", vec![("number", e164)])]),
                imitates: None,
            },
            Ok(e164) => self.unofficial_phone(e164, reported, lang),
            Err(e) => Verdict {
                verdict: if reported > 0 {
                    VerdictKind::Suspicious
                } else {
                    VerdictKind::Unknown
                },
                reasons: self.reasons(lang, &[("invalid_phone", vec![("detail", e.to_string())])]),
                imitates: None,
            },
        }
    }

    fn unofficial_phone(&self, number: String, reported: u64, lang: Lang) -> Verdict {
        let mut reasons = Vec::new();
        let verdict = if reported > 0 {
            reasons.push((
                "reported_by_customers",
                vec![("count", reported.to_string())],
            ));
            VerdictKind::Suspicious
        } else {
            VerdictKind::Unknown
        };
        reasons.push(("unknown_phone", vec![("number", number)]));
        Verdict {
            verdict,
            reasons: self.reasons(lang, &reasons),
            imitates: None,
        }
    }

    /// Cheap E.164 form of a number written in a message, without validation: phone-number
    /// parsing builds regular expressions and is far too slow for scanning text, and a number
    /// only has to be compared with the registry here.
    pub(crate) fn quick_e164(&self, written: &str) -> Option<String> {
        let folded = fold_digits(written);
        let digits: String = folded.chars().filter(char::is_ascii_digit).collect();
        if folded.trim_start().starts_with('+') {
            return Some(format!("+{digits}"));
        }
        if let Some(rest) = digits.strip_prefix("00") {
            return Some(format!("+{rest}"));
        }
        let (cc, prefix) = self.region_dialling.as_ref()?;
        let national = match prefix {
            Some(p) if !p.is_empty() => digits.strip_prefix(p.as_str()).unwrap_or(&digits),
            _ => digits.as_str(),
        };
        Some(format!("+{cc}{national}"))
    }

    /// True when `e164` is an official number or short code.
    pub(crate) fn is_official_number(&self, e164_or_code: &str) -> bool {
        self.phones.contains(e164_or_code) || self.short_codes.contains(e164_or_code)
    }
}
