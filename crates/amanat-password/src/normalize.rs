//! Text views of a password or a personal value, each character tied to the
//! NFKC code point it came from, so that a match in any view can be mapped back
//! onto the password and counted in code points (SP 800-63B-4 §3.1.1.2).
//!
//! Views, from the most literal to the fuzziest:
//! - [`fold`]: lower-cased, accents stripped, Cyrillic written in Latin,
//!   Persian and Arabic-Indic digits written 0-9, Arabic letter shapes unified.
//! - [`squeeze`]: the fold without separators (spaces, dots, dashes ...), with
//!   or without leetspeak decoding.
//! - [`skeleton`]: consonant classes only, across Latin and Arabic script, so
//!   that "mohammad", "Muhammed" and "محمد" share one skeleton.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A derived text and, for every char of it, the index of the source code point.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct View {
    pub chars: Vec<char>,
    pub origin: Vec<usize>,
}

impl View {
    pub fn push(&mut self, c: char, origin: usize) {
        self.chars.push(c);
        self.origin.push(origin);
    }

    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    /// The text plus, per UTF-8 byte, the origin of the char holding that byte.
    pub fn text_with_byte_origins(&self) -> (String, Vec<usize>) {
        let mut text = String::with_capacity(self.chars.len() * 2);
        let mut origins = Vec::with_capacity(self.chars.len() * 2);
        for (c, o) in self.chars.iter().zip(&self.origin) {
            text.push(*c);
            origins.extend(std::iter::repeat_n(*o, c.len_utf8()));
        }
        (text, origins)
    }
}

/// NFKC code points of a string (the unit NIST counts length in).
pub(crate) fn nfkc_chars(s: &str) -> Vec<char> {
    if s.is_ascii() {
        return s.chars().collect();
    }
    s.nfkc().collect()
}

/// Persian (U+06F0..) and Arabic-Indic (U+0660..) digits as ASCII digits.
pub(crate) fn ascii_digit(c: char) -> Option<char> {
    let n = match c {
        '0'..='9' => return Some(c),
        '\u{0660}'..='\u{0669}' => c as u32 - 0x0660,
        '\u{06F0}'..='\u{06F9}' => c as u32 - 0x06F0,
        _ => return None,
    };
    char::from_digit(n, 10)
}

/// Invisible joiners, direction marks and the Arabic tatweel carry no meaning
/// for guessing; they are dropped from every view (they still count in length).
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{0640}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
    )
}

/// Arabic letters that Persian, Arabic and Azerbaijani keyboards write in
/// different shapes, unified to one shape (after marks are stripped).
fn unify_arabic(c: char) -> char {
    match c {
        'ي' | 'ى' | 'ئ' | 'ۍ' | 'ې' => 'ی',
        'ك' | 'ڪ' => 'ک',
        'ة' | 'ە' | 'ۀ' | 'ہ' | 'ھ' => 'ه',
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ؤ' => 'و',
        _ => c,
    }
}

/// Latin letters that do not decompose into base + mark, folded by hand.
fn special_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'ı' => "i",
        'ə' | 'ǝ' => "e",
        'đ' | 'ð' => "d",
        'ø' => "o",
        'ł' => "l",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'þ' => "th",
        'ħ' => "h",
        'ŋ' => "ng",
        _ => return None,
    })
}

/// Cyrillic letters in Latin, following the Azerbaijani Latin alphabet with its
/// accents already folded (ш -> ş -> s, ч -> ç -> c, х -> x, ж -> j).
fn cyrillic_to_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ғ' | 'ҝ' | 'ґ' => "g",
        'д' => "d",
        'е' | 'ә' | 'э' | 'є' => "e",
        'ё' => "yo",
        'ж' => "j",
        'з' => "z",
        'и' | 'ы' | 'і' | 'ї' => "i",
        'й' | 'ј' => "y",
        'к' => "k",
        'қ' => "q",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' | 'ө' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' | 'ү' | 'ұ' | 'ў' => "u",
        'ф' => "f",
        'х' => "x",
        'һ' => "h",
        'ц' => "ts",
        'ч' | 'ҹ' => "c",
        'ш' => "s",
        'щ' => "sc",
        'ъ' | 'ь' => "",
        'ю' => "yu",
        'я' => "ya",
        _ => return None,
    })
}

/// Folds one code point into `out`. `keep_case` keeps upper case for the text
/// handed to zxcvbn, which credits capitals itself.
fn fold_char(c: char, keep_case: bool, origin: usize, out: &mut View) {
    if c.is_ascii() {
        out.push(if keep_case { c } else { c.to_ascii_lowercase() }, origin);
        return;
    }
    if is_invisible(c) {
        return;
    }
    if let Some(d) = ascii_digit(c) {
        out.push(d, origin);
        return;
    }
    let mut lowered: [char; 4] = ['\0'; 4];
    let mut n = 0;
    for l in c.to_lowercase() {
        if n < lowered.len() {
            lowered[n] = l;
            n += 1;
        }
    }
    let upper = keep_case && c.is_uppercase();
    for &l in &lowered[..n] {
        // Letters with their own Latin form are mapped before decomposition:
        // й is not и with a mark to drop, it is y.
        if let Some(s) = special_latin(l).or_else(|| cyrillic_to_latin(l)) {
            for (i, m) in s.chars().enumerate() {
                out.push(
                    if upper && i == 0 {
                        m.to_ascii_uppercase()
                    } else {
                        m
                    },
                    origin,
                );
            }
            continue;
        }
        for d in std::iter::once(l).nfd() {
            if is_combining_mark(d) {
                continue;
            }
            let mapped = special_latin(d).or_else(|| cyrillic_to_latin(d));
            match mapped {
                Some(s) => {
                    for (i, m) in s.chars().enumerate() {
                        let m = if upper && i == 0 {
                            m.to_ascii_uppercase()
                        } else {
                            m
                        };
                        out.push(m, origin);
                    }
                }
                None => {
                    let d = unify_arabic(d);
                    let d = if upper {
                        d.to_uppercase().next().unwrap_or(d)
                    } else {
                        d
                    };
                    out.push(d, origin);
                }
            }
        }
    }
}

/// The folded view of NFKC code points (lower case unless `keep_case`).
pub(crate) fn fold(nfkc: &[char], keep_case: bool) -> View {
    let mut out = View::default();
    for (i, &c) in nfkc.iter().enumerate() {
        fold_char(c, keep_case, i, &mut out);
    }
    out
}

/// A light view for keyboard patterns: lower case, digits as ASCII, Arabic
/// letter shapes unified, invisible characters dropped, letters otherwise as
/// typed (keyboard rows are written in their own alphabets).
pub(crate) fn light(nfkc: &[char]) -> View {
    let mut out = View::default();
    for (i, &c) in nfkc.iter().enumerate() {
        if is_invisible(c) {
            continue;
        }
        if let Some(d) = ascii_digit(c) {
            out.push(d, i);
            continue;
        }
        for l in c.to_lowercase() {
            out.push(unify_arabic(l), i);
        }
    }
    out
}

/// Folds a personal value into a plain lower-case string.
pub(crate) fn fold_str(s: &str) -> String {
    fold(&nfkc_chars(s), false).text()
}

/// Leetspeak decoding to one canonical letter per look-alike group. `l` joins
/// `i` because `1` and `|` stand for either.
pub(crate) fn leet(c: char) -> char {
    match c {
        '0' => 'o',
        '1' | '!' | '|' | 'l' | '¡' | '£' => 'i',
        '2' => 'z',
        '3' | '€' => 'e',
        '4' | '@' => 'a',
        '5' | '$' | '§' => 's',
        '6' | '8' => 'b',
        '7' | '+' => 't',
        '9' => 'g',
        _ => c,
    }
}

/// Symbols that leetspeak uses as letters; they survive the squeeze.
fn is_leet_symbol(c: char) -> bool {
    matches!(c, '@' | '$' | '!' | '|' | '+' | '€' | '£' | '¡' | '§')
}

/// Which squeezed view to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Squeeze {
    /// Letters and digits as typed (dates, phone numbers).
    Literal,
    /// Letters with leetspeak decoded (names, email, username, business).
    Leet,
}

/// Drops separators from a folded view and optionally decodes leetspeak.
pub(crate) fn squeeze(folded: &View, mode: Squeeze) -> View {
    let mut out = View::default();
    for (&c, &o) in folded.chars.iter().zip(&folded.origin) {
        match mode {
            Squeeze::Literal => {
                if c.is_alphanumeric() {
                    out.push(c, o);
                }
            }
            Squeeze::Leet => {
                if c.is_alphanumeric() || is_leet_symbol(c) {
                    out.push(leet(c), o);
                }
            }
        }
    }
    out
}

/// Squeezes a personal value the way the password is squeezed.
pub(crate) fn squeeze_str(s: &str, mode: Squeeze) -> String {
    let folded = fold(&nfkc_chars(s), false);
    squeeze(&folded, mode).text()
}

/// Consonant class of an Arabic-script letter (None: a vowel carrier, dropped).
fn arabic_class(c: char) -> Option<char> {
    Some(match c {
        'ب' => 'B',
        'پ' => 'P',
        'ت' | 'ط' => 'T',
        'ث' | 'س' | 'ص' | 'ش' => 'S',
        'ج' | 'ژ' => 'J',
        'چ' => 'C',
        'ح' | 'خ' | 'ه' => 'H',
        'د' => 'D',
        'ذ' | 'ز' | 'ض' | 'ظ' => 'Z',
        'ر' => 'R',
        // k, g and q trade places across transliterations (Qasim, Kasim,
        // Gasim, Ghasem for قاسم), so they share one class.
        'غ' | 'ق' | 'گ' | 'ک' => 'G',
        'ف' => 'F',
        'ل' => 'L',
        'م' => 'M',
        'ن' => 'N',
        _ => return None,
    })
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}')
}

/// Consonant class of a Latin digraph, if `a` and `b` form one.
fn latin_digraph(a: char, b: char) -> Option<char> {
    Some(match (a, b) {
        ('s', 'h') | ('t', 'h') | ('t', 's') => 'S',
        ('k', 'h') => 'H',
        ('c', 'h') => 'C',
        ('z', 'h') | ('d', 'j') => 'J',
        ('g', 'h') => 'G',
        ('d', 'h') => 'Z',
        ('p', 'h') => 'F',
        ('c', 'k') => 'G',
        _ => return None,
    })
}

/// Consonant class of a Latin letter (None: a vowel or semi-vowel, dropped).
fn latin_class(c: char) -> Option<char> {
    Some(match c {
        'b' => 'B',
        'p' => 'P',
        't' => 'T',
        's' => 'S',
        'j' => 'J',
        'c' => 'C',
        'h' | 'x' => 'H',
        'd' => 'D',
        'z' => 'Z',
        'r' => 'R',
        'g' | 'q' | 'k' => 'G',
        'f' => 'F',
        'l' => 'L',
        'm' => 'M',
        'n' => 'N',
        _ => return None,
    })
}

/// Leetspeak decoding for the skeleton, where `1` reads as the vowel `i` and
/// `l` stays a consonant.
fn skeleton_leet(c: char) -> char {
    match c {
        '1' | '!' | '|' => 'i',
        'l' => 'l',
        _ => leet(c),
    }
}

/// True for a folded character the skeleton drops as a vowel or semi-vowel
/// (a, e, i, o, u, y, w, v, their leetspeak digits, ا و ی ع ء).
pub(crate) fn is_skeleton_vowel(c: char) -> bool {
    let c = skeleton_leet(c);
    if c.is_ascii_lowercase() {
        return latin_class(c).is_none();
    }
    is_arabic_letter(c) && arabic_class(c).is_none()
}

/// Marks a word break in the skeleton; tokens never contain it.
pub(crate) const BREAK: char = '_';

/// The consonant skeleton of a folded view: Latin and Arabic letters become
/// shared consonant classes (upper-case ASCII), vowels and semi-vowels
/// (a e i o u y w v, ا و ی ع ء) vanish, doubled classes collapse, a word-final
/// ه (a vowel in Persian names such as فاطمه) vanishes, digits are read as
/// leetspeak (so "m0hammad" keeps its skeleton) and any other character
/// becomes a word break that no token crosses.
pub(crate) fn skeleton(folded: &View) -> View {
    let chars: Vec<char> = folded.chars.iter().map(|&c| skeleton_leet(c)).collect();
    let mut out = View::default();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let o = folded.origin[i];
        let next = chars.get(i + 1).copied();
        let (class, step) = if let Some(d) = next.and_then(|n| latin_digraph(c, n)) {
            (Some(d), 2)
        } else if c.is_ascii_lowercase() {
            (latin_class(c), 1)
        } else if is_arabic_letter(c) {
            let word_final = !next.is_some_and(is_arabic_letter);
            if c == 'ه' && word_final && i > 0 && is_arabic_letter(chars[i - 1]) {
                (None, 1)
            } else {
                (arabic_class(c), 1)
            }
        } else if c.is_alphabetic() || c.is_ascii_digit() {
            // Letters of other scripts are kept as they are.
            (Some(c), 1)
        } else {
            (Some(BREAK), 1)
        };
        if let Some(k) = class
            && out.chars.last() != Some(&k)
        {
            out.push(k, o);
        }
        i += step;
    }
    out
}

/// The skeleton of a personal value, trimmed of word breaks at both ends.
pub(crate) fn skeleton_str(s: &str) -> String {
    let folded = fold(&nfkc_chars(s), false);
    skeleton(&folded).text().trim_matches(BREAK).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_and_azerbaijani_accents_fold_to_ascii() {
        assert_eq!(fold_str("Nguyễn Văn Đức"), "nguyen van duc");
        assert_eq!(fold_str("Şəmsi Qılıç"), "semsi qilic");
        assert_eq!(fold_str("İlqar Ağayev"), "ilqar agayev");
    }

    #[test]
    fn cyrillic_is_written_in_latin() {
        assert_eq!(fold_str("Шәмси"), "semsi");
        assert_eq!(fold_str("Лейла"), "leyla");
        assert_eq!(fold_str("Алёна"), "alyona");
        assert_eq!(fold_str("Məmmədov"), fold_str("Мәммәдов"));
    }

    #[test]
    fn persian_and_arabic_digits_become_ascii() {
        assert_eq!(fold_str("۱۳۶۸"), "1368");
        assert_eq!(fold_str("١٤١٠"), "1410");
    }

    #[test]
    fn arabic_letter_shapes_are_unified() {
        assert_eq!(fold_str("علي"), fold_str("علی"));
        assert_eq!(fold_str("فاطمة"), fold_str("فاطمه"));
        assert_eq!(fold_str("مُحَمَّد"), fold_str("محمد"));
        assert_eq!(fold_str("مـحـمـد"), fold_str("محمد"));
    }

    #[test]
    fn skeletons_agree_across_scripts_and_spellings() {
        let arabic = skeleton_str("محمد");
        assert_eq!(arabic, "MHMD");
        for latin in ["mohammad", "Muhammad", "mohamed", "Mohammed", "m0hammad"] {
            assert_eq!(skeleton_str(latin), arabic, "{latin}");
        }
        assert_eq!(skeleton_str("فاطمه"), "FTM");
        assert!(skeleton_str("fatemeh").starts_with("FTM"));
    }

    #[test]
    fn leet_squeeze_decodes_symbols_and_drops_separators() {
        assert_eq!(squeeze_str("P@$$-w0rd 1", Squeeze::Leet), "passwordi");
        assert_eq!(squeeze_str("15.03.1990", Squeeze::Literal), "15031990");
    }
}
