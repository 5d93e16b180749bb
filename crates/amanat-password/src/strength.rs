//! zxcvbn's guess estimate for the part of a password that the customer's own
//! data does not explain.
//!
//! zxcvbn 3 grows faster than linearly with length (about 0.2-0.5 ms at 24
//! characters but 2-22 ms at 48 on this machine, worst with many symbols), so
//! long text is scored in chunks of at most [`CHUNK_CHARS`] characters, cut at
//! a space where one is near, and the guesses of the chunks multiply (their
//! log10 add). Scoring stops as soon as the total reaches the top score. The
//! price: a pattern that straddles a cut is scored as two; walks, repeats and
//! personal data were already removed before this step, which is where such
//! long patterns come from.

/// Longest piece handed to zxcvbn at once.
pub(crate) const CHUNK_CHARS: usize = 20;

/// zxcvbn's score bands, in log10 of guesses: below 10^3 is 0, below 10^6 is
/// 1, below 10^8 is 2, below 10^10 is 3, anything above is 4.
const BANDS: [f64; 4] = [3.0, 6.0, 8.0, 10.0];

/// Score from 0 to 4 for log10 of guesses.
pub(crate) fn score_of(log10_guesses: f64) -> u8 {
    BANDS.iter().filter(|b| log10_guesses >= **b).count() as u8
}

/// Splits text into chunks of at most `CHUNK_CHARS`, preferring to cut after
/// a whitespace in the second half of a window.
fn chunks(chars: &[char]) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let mut end = (start + CHUNK_CHARS).min(chars.len());
        if end < chars.len() {
            let half = start + CHUNK_CHARS / 2;
            if let Some(ws) = (half..end).rev().find(|&i| chars[i].is_whitespace()) {
                end = ws + 1;
            }
        }
        out.push(chars[start..end].iter().collect());
        start = end;
    }
    out
}

/// Log10 of the guesses zxcvbn needs for `text`, given the user inputs.
pub(crate) fn log10_guesses(text: &str, inputs: &[&str]) -> f64 {
    let chars: Vec<char> = text.chars().collect();
    let mut total = 0.0;
    for chunk in chunks(&chars) {
        let entropy = zxcvbn::zxcvbn(&chunk, inputs);
        let g = entropy.guesses_log10();
        if g.is_finite() {
            total += g;
        }
        if score_of(total) == 4 {
            break;
        }
    }
    total
}

/// Runs zxcvbn once so its dictionaries are built before the first customer.
pub(crate) fn warm_up() {
    let _ = zxcvbn::zxcvbn("warm-up", &[]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_bands_follow_zxcvbn() {
        assert_eq!(score_of(0.0), 0);
        assert_eq!(score_of(5.9), 1);
        assert_eq!(score_of(7.0), 2);
        assert_eq!(score_of(9.0), 3);
        assert_eq!(score_of(12.0), 4);
    }

    #[test]
    fn long_text_is_cut_at_spaces() {
        let text: Vec<char> = "correct horse battery staple and more words here"
            .chars()
            .collect();
        let parts = chunks(&text);
        assert!(parts.iter().all(|p| p.chars().count() <= CHUNK_CHARS));
        assert_eq!(parts.concat(), text.iter().collect::<String>());
        assert!(parts[0].ends_with(' '));
    }

    #[test]
    fn weak_words_score_low_and_random_text_high() {
        assert!(score_of(log10_guesses("password", &[])) < 2);
        assert_eq!(score_of(log10_guesses("vK#9q!zT2&mW", &[])), 4);
    }
}
