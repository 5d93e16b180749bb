//! The one guard every free-text input passes through: card numbers are never stored
//! (promises EN-5 and OS-5). A value is refused when it holds a Luhn-valid run of 13 to
//! 19 digits, where single spaces or dashes may stand between digits (how people type
//! "4111 1111 1111 1111" or "4111-1111-1111-1111").

/// Why a value was refused by the card guard. Carries no part of the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "the value looks like a payment card number; card numbers are never stored, remove it and try again"
)]
pub struct CardNumberRefused;

/// Refuses `value` when it contains something that looks like a payment card number.
pub fn guard(value: &str) -> Result<(), CardNumberRefused> {
    if contains_card_number(value) {
        Err(CardNumberRefused)
    } else {
        Ok(())
    }
}

/// True when `value` holds a Luhn-valid run of 13-19 digits (ISO/IEC 7812 lengths).
pub fn contains_card_number(value: &str) -> bool {
    // A run is a sequence of digit groups joined by exactly one space or dash.
    let mut groups: Vec<Vec<u8>> = Vec::new();
    let mut current: Vec<u8> = Vec::new();
    let mut pending_separator = false;
    for c in value.chars() {
        if let Some(d) = digit_value(c) {
            if pending_separator {
                groups.push(std::mem::take(&mut current));
                pending_separator = false;
            }
            current.push(d);
        } else if (c == ' ' || c == '-' || c == '\u{a0}')
            && !current.is_empty()
            && !pending_separator
        {
            pending_separator = true;
        } else {
            if !current.is_empty() {
                groups.push(std::mem::take(&mut current));
            }
            if run_has_card(&groups) {
                return true;
            }
            groups.clear();
            pending_separator = false;
        }
    }
    if !current.is_empty() {
        groups.push(current);
    }
    run_has_card(&groups)
}

/// Checks one run: the whole run, and every window of consecutive groups, so two card
/// numbers typed one after the other are both seen while a long unbroken reference
/// number is not cut at arbitrary places.
fn run_has_card(groups: &[Vec<u8>]) -> bool {
    for start in 0..groups.len() {
        let mut digits: Vec<u8> = Vec::with_capacity(19);
        for group in &groups[start..] {
            digits.extend_from_slice(group);
            if digits.len() > 19 {
                break;
            }
            if digits.len() >= 13 && luhn_valid(&digits) {
                return true;
            }
        }
    }
    false
}

fn digit_value(c: char) -> Option<u8> {
    let base = match c {
        '0'..='9' => '0',
        '\u{0660}'..='\u{0669}' => '\u{0660}', // Arabic-Indic
        '\u{06F0}'..='\u{06F9}' => '\u{06F0}', // Extended Arabic-Indic (Persian)
        '\u{FF10}'..='\u{FF19}' => '\u{FF10}', // full-width
        _ => return None,
    };
    u8::try_from(c as u32 - base as u32).ok()
}

/// The Luhn (mod 10) check used by payment card numbers.
pub fn luhn_valid(digits: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, d) in digits.iter().rev().enumerate() {
        let mut v = u32::from(*d);
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_card_number_is_refused() {
        assert!(contains_card_number("4111111111111111"));
        assert!(contains_card_number(
            "my card is 4111 1111 1111 1111 thanks"
        ));
        assert!(contains_card_number("5500-0000-0000-0004"));
        assert!(contains_card_number("378282246310005")); // 15-digit Amex test number
    }

    #[test]
    fn persian_and_arabic_digits_are_seen() {
        assert!(contains_card_number("۴۱۱۱۱۱۱۱۱۱۱۱۱۱۱۱"));
        assert!(contains_card_number("٤١١١ ١١١١ ١١١١ ١١١١"));
    }

    #[test]
    fn luhn_invalid_or_short_runs_pass() {
        assert!(!contains_card_number("4111111111111112"));
        assert!(!contains_card_number("order 123456789012"));
        assert!(!contains_card_number("+994 50 123 45 67"));
        assert!(!contains_card_number("2026-11-27"));
    }

    #[test]
    fn double_separators_break_a_run() {
        // Two spaces are not how a card number is typed; the halves are too short alone.
        assert!(!contains_card_number("4111111  111111111"));
    }

    #[test]
    fn two_cards_in_one_run_are_both_seen() {
        assert!(contains_card_number("1234 4111 1111 1111 1111"));
    }
}
