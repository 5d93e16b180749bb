//! Text folding for matching, with a map from every folded byte back to the original text.
//!
//! Folding: lower case, combining marks dropped (Arabic harakat, Vietnamese tones, Latin
//! accents), Arabic/Persian letter variants unified (ي ى ی -> ی, ك ک -> ک, ة -> ه, أ إ آ ٱ -> ا),
//! tatweel removed, Eastern Arabic and Persian digits made ASCII, Azerbaijani ı ə folded to i e,
//! Vietnamese đ to d, ZWNJ and whitespace runs to one space.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Folded text plus, for each of its bytes, the byte range of the original character.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Normalised {
    /// The folded text used for matching.
    pub text: String,
    /// `starts[i]` is the original byte offset of the character that produced folded byte `i`.
    pub starts: Vec<usize>,
    /// `ends[i]` is the original byte offset just past that character.
    pub ends: Vec<usize>,
}

impl Normalised {
    /// Maps a folded byte range back to a byte range of the original text.
    pub fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        if self.starts.is_empty() || start >= end {
            return (0, 0);
        }
        let s = self.starts[start.min(self.starts.len() - 1)];
        let e = self.ends[(end - 1).min(self.ends.len() - 1)];
        (s, e.max(s))
    }
}

/// Folds one character (already decomposed) into zero or more characters.
#[inline]
fn fold_char(c: char, mut push: impl FnMut(char)) {
    match c {
        '\u{0640}' => {}                                                // tatweel
        '\u{200C}' | '\u{200D}' | '\u{200B}' | '\u{FEFF}' => push(' '), // ZWNJ, ZWJ, ZWSP, BOM
        '\u{0660}'..='\u{0669}' => push(char::from(b'0' + (c as u32 - 0x0660) as u8)),
        '\u{06F0}'..='\u{06F9}' => push(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
        'ي' | 'ى' | 'ی' | 'ې' | 'ۍ' => push('ی'),
        'ك' | 'ک' => push('ک'),
        'ة' | 'ۀ' | 'ە' => push('ه'),
        'ٱ' => push('ا'),
        'ı' | 'İ' => push('i'),
        'ə' | 'Ə' => push('e'),
        'đ' | 'Đ' => push('d'),
        '’' | '‘' | '`' | 'ʼ' => push('\''),
        '«' | '»' | '“' | '”' => push('"'),
        '،' => push(','),
        '؟' => push('?'),
        '؛' => push(';'),
        c if c.is_whitespace() => push(' '),
        c => {
            for l in c.to_lowercase() {
                push(l);
            }
        }
    }
}

/// Appends one folded character, collapsing runs of spaces.
#[inline]
fn emit(out: &mut Normalised, last_space: &mut bool, c: char, off: usize, end: usize) {
    if c == ' ' {
        if *last_space {
            return;
        }
        *last_space = true;
    } else {
        *last_space = false;
    }
    let before = out.text.len();
    out.text.push(c);
    for _ in before..out.text.len() {
        out.starts.push(off);
        out.ends.push(end);
    }
}

/// Arabic-script letters that neither decompose nor fold (all two bytes in UTF-8).
#[inline]
fn passes_through(ch: char) -> bool {
    matches!(ch, '\u{0627}'..='\u{063A}' | '\u{0641}'..='\u{0648}' | '\u{067E}' | '\u{0686}' | '\u{0698}' | '\u{06AF}' | '\u{06CC}' | '\u{06A9}' | '\u{0621}')
        && !matches!(ch, 'ة' | 'ك')
}

/// First code point of the table of Latin letters that fold to one ASCII letter.
const LATIN_FROM: usize = 0x00C0;
/// One past the last code point of that table (Latin Extended Additional ends at U+1EFF).
const LATIN_TO: usize = 0x1F00;

/// For each code point from `LATIN_FROM` to `LATIN_TO`, the ASCII letter it folds to, or 0
/// when it folds to anything else (several characters, a non-ASCII letter, nothing).
fn latin_table() -> &'static [u8] {
    static T: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        (LATIN_FROM..LATIN_TO)
            .map(|cp| {
                let Some(ch) = char::from_u32(cp as u32) else {
                    return 0;
                };
                if is_combining_mark(ch) {
                    return 0;
                }
                let mut folded = String::new();
                decompose_canonical(ch, |d| {
                    if !is_combining_mark(d) {
                        fold_char(d, |c| folded.push(c));
                    }
                });
                let mut it = folded.chars();
                match (it.next(), it.next()) {
                    (Some(c), None) if c.is_ascii_alphanumeric() => c as u8,
                    _ => 0,
                }
            })
            .collect()
    })
}

/// Folds `text` for matching and keeps the offset map.
pub fn normalise_text(text: &str) -> Normalised {
    let mut out = Normalised {
        text: String::with_capacity(text.len()),
        starts: Vec::with_capacity(text.len()),
        ends: Vec::with_capacity(text.len()),
    };
    let mut last_space = true;
    let bytes = text.as_bytes();
    let mut pos = 0;
    while pos < bytes.len() {
        let b = bytes[pos];
        if b.is_ascii() {
            if b.is_ascii_whitespace() {
                emit(&mut out, &mut last_space, ' ', pos, pos + 1);
                pos += 1;
                continue;
            }
            // A run of ASCII letters, digits and signs goes over in one piece: one byte each,
            // lower-cased, each mapping to itself.
            let mut run_end = pos + 1;
            while run_end < bytes.len()
                && bytes[run_end].is_ascii()
                && !bytes[run_end].is_ascii_whitespace()
            {
                run_end += 1;
            }
            let at = out.text.len();
            out.text.push_str(&text[pos..run_end]);
            out.text[at..].make_ascii_lowercase();
            out.starts.extend(pos..run_end);
            out.ends.extend(pos + 1..run_end + 1);
            last_space = false;
            pos = run_end;
            continue;
        }
        let Some(ch) = text[pos..].chars().next() else {
            break;
        };
        let off = pos;
        let end = off + ch.len_utf8();
        pos = end;
        // Arabic-script letters that neither decompose nor fold: straight through, skipping
        // the Unicode decomposition tables that dominate the cost of Persian and Arabic text.
        if passes_through(ch) {
            // The whole run of such letters is copied at once (each is two bytes).
            let mut run_end = end;
            while let Some(next) = text[run_end..].chars().next()
                && passes_through(next)
            {
                run_end += next.len_utf8();
            }
            out.text.push_str(&text[off..run_end]);
            let mut at = off;
            while at < run_end {
                out.starts.extend([at, at]);
                out.ends.extend([at + 2, at + 2]);
                at += 2;
            }
            last_space = false;
            pos = run_end;
            continue;
        }
        // Latin letters with accents and Vietnamese tones that fold to one ASCII letter: one
        // table look-up instead of the decomposition and lower-casing tables.
        if let Some(&a) = (ch as usize)
            .checked_sub(LATIN_FROM)
            .and_then(|i| latin_table().get(i))
            && a != 0
        {
            emit(&mut out, &mut last_space, char::from(a), off, end);
            continue;
        }
        let before = out.text.len();
        decompose_canonical(ch, |d| {
            if is_combining_mark(d) {
                return;
            }
            fold_char(d, |c| emit(&mut out, &mut last_space, c, off, end));
        });
        // A mark written as its own character (Arabic harakat, tanween) belongs to the letter
        // before it: stretch that letter's span so a match ends after its marks.
        if out.text.len() == before
            && is_combining_mark(ch)
            && let Some(last) = out.ends.last().copied()
        {
            let mut i = out.ends.len();
            while i > 0 && out.ends[i - 1] == last {
                out.ends[i - 1] = end;
                i -= 1;
            }
        }
    }
    out
}

/// A letter, digit or mark of a word, cheaper than `char::is_alphanumeric` for the scripts
/// read here: everything from U+00C0 up counts except spaces and punctuation blocks.
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    !matches!(c,
        '\u{00D7}' | '\u{00F7}'
        | '\u{060C}' | '\u{061B}' | '\u{061F}' | '\u{066A}'..='\u{066D}' | '\u{06D4}'
        | '\u{2000}'..='\u{206F}' | '\u{3000}'..='\u{303F}' | '\u{FE50}'..='\u{FE6F}'
        | '\u{FF00}'..='\u{FF20}' | '\u{00A0}'..='\u{00BF}'
    ) && !c.is_whitespace()
}

/// Eastern Arabic and Persian digits to ASCII, everything else unchanged.
pub(crate) fn fold_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn back<'a>(orig: &'a str, n: &Normalised, needle: &str) -> &'a str {
        let p = n.text.find(needle).expect("needle in folded text");
        let (s, e) = n.original_span(p, p + needle.len());
        &orig[s..e]
    }

    #[test]
    fn arabic_variants_fold_and_map_back() {
        let orig = "مبروك! لقد فزت بجائزةٍ كبيرة";
        let n = normalise_text(orig);
        assert!(n.text.contains("مبروک"));
        assert_eq!(back(orig, &n, "مبروک"), "مبروك");
        assert_eq!(back(orig, &n, "بجایزه"), "بجائزةٍ");
    }

    #[test]
    fn persian_digits_tatweel_and_zwnj() {
        let orig = "کد ۱۲۳۴ را هرگز به کسی ندهید؛ ما آن را نمی‌خواهیم. جـایزه";
        let n = normalise_text(orig);
        assert!(n.text.contains("کد 1234"));
        assert!(n.text.contains("نمی خواهیم"));
        assert_eq!(back(orig, &n, "1234"), "۱۲۳۴");
        assert_eq!(back(orig, &n, "جایزه"), "جـایزه");
        assert_eq!(back(orig, &n, "ما ان را"), "ما آن را");
    }

    #[test]
    fn vietnamese_tones_fold_and_map_back() {
        let orig = "Chúc mừng bạn đã trúng thưởng xe máy";
        let n = normalise_text(orig);
        assert!(n.text.contains("chuc mung ban da trung thuong"));
        assert_eq!(back(orig, &n, "trung thuong"), "trúng thưởng");
        assert_eq!(back(orig, &n, "da"), "đã");
    }

    #[test]
    fn azerbaijani_letters_fold() {
        let orig = "Təbrik edirik, siz QAZANDINIZ! İndi şifrənizi göndərin";
        let n = normalise_text(orig);
        assert!(n.text.contains("tebrik edirik, siz qazandiniz"));
        assert!(n.text.contains("indi sifrenizi gonderin"));
        assert_eq!(back(orig, &n, "sifrenizi"), "şifrənizi");
    }

    #[test]
    fn whitespace_runs_collapse() {
        let n = normalise_text("a \n\t b");
        assert_eq!(n.text, "a b");
        assert_eq!(n.original_span(2, 3), (5, 6));
    }
}
