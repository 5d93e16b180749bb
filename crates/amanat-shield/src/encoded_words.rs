//! RFC 2047 encoded words in header fields (`=?UTF-8?B?...?=`, `=?windows-1256?Q?...?=`).
//!
//! A display name that claims the business in Persian or Arabic nearly always travels
//! encoded, so the sender check must read it as the customer's mail program shows it.
//! Decoding is lenient the way mail programs are (encoded words inside quotes, missing
//! base64 padding), every charset `encoding_rs` knows is read (UTF-8, ISO-8859-*,
//! Windows-125*, KOI8 ...), and a word that cannot be read is kept as written and named,
//! never a panic.

use std::borrow::Cow;

use base64::Engine;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

/// A header value with its encoded words decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decoded {
    /// The text as a mail program would show it (control characters made spaces).
    pub(crate) text: String,
    /// The charset of the first encoded word that could not be read, if any.
    pub(crate) undecodable: Option<String>,
}

/// One `=?charset?encoding?text?=` found in a header value.
struct Word<'a> {
    charset: &'a str,
    base64: bool,
    text: &'a str,
}

/// Base64 as mail writers produce it: padding optional, stray trailing bits tolerated.
const LENIENT_BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Reads one encoded word starting at `s` (which begins with `=?`); returns it and its length.
fn word_at(s: &str) -> Option<(Word<'_>, usize)> {
    let body = s.strip_prefix("=?")?;
    let q1 = body.find('?')?;
    let charset = &body[..q1];
    let valid_charset = !charset.is_empty()
        && charset
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':' | b'*'));
    if !valid_charset {
        return None;
    }
    let after = &body[q1 + 1..];
    let base64 = match after.as_bytes() {
        [b'B' | b'b', b'?', ..] => true,
        [b'Q' | b'q', b'?', ..] => false,
        _ => return None,
    };
    let text_and_rest = &after[2..];
    let end = text_and_rest.find("?=")?;
    let text = &text_and_rest[..end];
    if text.contains(|c: char| c.is_whitespace() || c == '?') {
        return None;
    }
    // `=?` + charset + `?` + encoding + `?` + text + `?=`.
    let len = 2 + q1 + 1 + 2 + end + 2;
    Some((
        Word {
            // RFC 2231 lets a language follow the charset: `UTF-8*fa`.
            charset: charset.split('*').next().unwrap_or(charset),
            base64,
            text,
        },
        len,
    ))
}

/// The next encoded word in `s`: its byte offset, the word and its length.
fn next_word(s: &str) -> Option<(usize, Word<'_>, usize)> {
    let mut from = 0;
    while let Some(i) = s[from..].find("=?") {
        let at = from + i;
        if let Some((w, len)) = word_at(&s[at..]) {
            return Some((at, w, len));
        }
        from = at + 2;
    }
    None
}

/// The bytes an encoded word carries, or None when its text is malformed.
fn word_bytes(w: &Word<'_>) -> Option<Vec<u8>> {
    if w.base64 {
        return LENIENT_BASE64.decode(w.text).ok();
    }
    let b = w.text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'_' => out.push(b' '),
            b'=' => {
                let hex = b.get(i + 1..i + 3)?;
                if !hex.iter().all(u8::is_ascii_hexdigit) {
                    return None;
                }
                out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    Some(out)
}

/// Text of `bytes` in `charset`, and whether it was read cleanly: false when the charset
/// is unknown or the bytes are not valid in it (the text then holds what could be read).
/// Labels are the WHATWG ones browsers use, so ISO-8859-1 and US-ASCII read as their
/// superset Windows-1252, as mail programs show them.
fn charset_text(charset: &str, bytes: &[u8]) -> (String, bool) {
    match encoding_rs::Encoding::for_label_no_replacement(charset.trim().as_bytes()) {
        Some(enc) => {
            let (text, had_errors) = enc.decode_without_bom_handling(bytes);
            (text.into_owned(), !had_errors)
        }
        None => (String::from_utf8_lossy(bytes).into_owned(), false),
    }
}

/// Decodes every encoded word of a header value. Whitespace between two encoded words
/// disappears (RFC 2047 section 6.2), and adjacent words in one charset are joined before
/// decoding, so a character split across two words comes out whole.
pub(crate) fn decode(value: &str) -> Decoded {
    if !value.contains("=?") {
        return Decoded {
            text: clean(Cow::Borrowed(value)),
            undecodable: None,
        };
    }
    let mut out = String::with_capacity(value.len());
    let mut undecodable: Option<String> = None;
    // Bytes of the current run of encoded words sharing one charset.
    let mut pending: Option<(&str, Vec<u8>)> = None;
    let mut rest = value;
    let mut after_word = false;
    while let Some((at, word, len)) = next_word(rest) {
        let gap = &rest[..at];
        if !(after_word && gap.chars().all(char::is_whitespace)) {
            flush(&mut pending, &mut out, &mut undecodable);
            out.push_str(gap);
        }
        match word_bytes(&word) {
            Some(bytes) => {
                match &mut pending {
                    Some((charset, run)) if charset.eq_ignore_ascii_case(word.charset) => {
                        run.extend_from_slice(&bytes);
                    }
                    _ => {
                        flush(&mut pending, &mut out, &mut undecodable);
                        pending = Some((word.charset, bytes));
                    }
                }
                after_word = true;
            }
            None => {
                flush(&mut pending, &mut out, &mut undecodable);
                if undecodable.is_none() {
                    undecodable = Some(word.charset.to_string());
                }
                out.push_str(&rest[at..at + len]);
                after_word = false;
            }
        }
        rest = &rest[at + len..];
    }
    flush(&mut pending, &mut out, &mut undecodable);
    out.push_str(rest);
    Decoded {
        text: clean(Cow::Owned(out)),
        undecodable,
    }
}

/// Decodes the pending run of encoded words into `out`.
fn flush(
    pending: &mut Option<(&str, Vec<u8>)>,
    out: &mut String,
    undecodable: &mut Option<String>,
) {
    if let Some((charset, bytes)) = pending.take() {
        let (text, ok) = charset_text(charset, &bytes);
        if !ok && undecodable.is_none() {
            *undecodable = Some(charset.to_string());
        }
        out.push_str(&text);
    }
}

/// Control characters (a decoded CR or LF, say) become spaces: a name is one line.
fn clean(s: Cow<'_, str>) -> String {
    if s.chars().any(char::is_control) {
        s.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect()
    } else {
        s.into_owned()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::decode;

    fn text(s: &str) -> String {
        let d = decode(s);
        assert_eq!(d.undecodable, None, "{s}");
        d.text
    }

    #[test]
    fn plain_text_is_unchanged() {
        assert_eq!(text("Odero Support"), "Odero Support");
        assert_eq!(text("a =? b ?= c"), "a =? b ?= c");
    }

    #[test]
    fn base64_and_q_in_utf8() {
        // "پشتیبانی اودرو" (Persian: Odero support).
        assert_eq!(
            text("=?UTF-8?B?2b7YtNiq24zYqNin2YbbjCDYp9mI2K/YsdmI?="),
            "پشتیبانی اودرو"
        );
        assert_eq!(text("=?utf-8?q?Odero_D=C9=99st=C9=99k?="), "Odero Dəstək");
        // Missing padding is tolerated.
        assert_eq!(text("=?UTF-8?B?T2Rlcm8?="), "Odero");
    }

    #[test]
    fn whitespace_between_words_goes_and_split_characters_join() {
        // "اودرو" in three words folded across lines.
        assert_eq!(
            text("=?UTF-8?B?2Kc=?=\r\n =?UTF-8?B?2Yg=?= =?UTF-8?B?2K/YsdmI?="),
            "اودرو"
        );
        assert_eq!(
            text("=?UTF-8?Q?=D8=A7=D9?= =?UTF-8?Q?=88?="),
            "او",
            "a character split between two Q words"
        );
        // Text between words stays, with its spaces.
        assert_eq!(text("Team =?UTF-8?Q?Od=C9=99ro?= Bank"), "Team Odəro Bank");
    }

    #[test]
    fn single_byte_charsets() {
        assert_eq!(text("=?ISO-8859-1?Q?Caf=E9?="), "Café");
        // "عمانتل" in Windows-1256 and in ISO-8859-6.
        assert_eq!(text("=?windows-1256?Q?=DA=E3=C7=E4=CA=E1?="), "عمانتل");
        assert_eq!(text("=?iso-8859-6?Q?=D9=E5=C7=E6=CA=E4?="), "عمانتل");
        // Persian letters only Windows-1256 has: "پ" and "ک".
        assert_eq!(text("=?windows-1256?B?gZg=?="), "پک");
        assert_eq!(text("=?UTF-8*fa?B?2KfZiNiv2LHZiA==?="), "اودرو");
    }

    #[test]
    fn unreadable_words_are_named_not_fatal() {
        let d = decode("=?x-unknown-charset?B?T2Rlcm8=?= <a@b.c>");
        assert_eq!(d.undecodable.as_deref(), Some("x-unknown-charset"));
        let d = decode("=?UTF-8?B?!!!notbase64?=");
        assert_eq!(d.undecodable.as_deref(), Some("UTF-8"));
        assert!(d.text.contains("notbase64"));
        let d = decode("=?UTF-8?B?/w==?=");
        assert_eq!(d.undecodable.as_deref(), Some("UTF-8"), "invalid UTF-8");
        let d = decode("=?UTF-8?Q?bad=ZZ?=");
        assert_eq!(d.undecodable.as_deref(), Some("UTF-8"));
        // Control characters never reach the name.
        assert_eq!(text("=?UTF-8?Q?a=0D=0Ab?="), "a  b");
        // Odd fragments do not panic.
        for s in [
            "=?",
            "=??",
            "=?a?",
            "=?a?b?",
            "=?a?B??=",
            "=?utf-8?Q?=?=",
            "=?utf-8?Q?=C?=",
            "=?=?utf-8?b?2K?=",
        ] {
            let _ = decode(s);
        }
    }
}
