//! Folding of domain labels and brand names into a comparable "looks like" form.
//!
//! A label is reduced to its UTS #39 skeleton (confusable characters replaced by their
//! prototype), lower-cased after the skeleton, with combining marks stripped, and then a few
//! multi-letter look-alikes that the Unicode data does not cover (`cl` for `d`, `vv` for `w`, `lc` for `k`; `rn` is folded into `m`, the
//! reverse of the Unicode data, so that one look-alike stays one edit)
//! are folded. Characters that stay outside ASCII become one placeholder byte.

use unicode_normalization::char::is_combining_mark;

/// Placeholder for a character that has no ASCII look-alike.
pub(crate) const OTHER: u8 = 0xFF;

/// Folds an ASCII byte as the UTS #39 skeleton does for domain characters, appending to `out`.
#[inline]
fn push_ascii(b: u8, out: &mut Vec<u8>) {
    match b.to_ascii_lowercase() {
        b'0' => out.push(b'o'),
        b'1' | b'|' => out.push(b'l'),
        c => out.push(c),
    }
}

/// Folds `s` into `out`; returns how many characters had no ASCII look-alike.
pub(crate) fn fold_into(s: &str, keep_hyphens: bool, out: &mut Vec<u8>) -> usize {
    let start = out.len();
    let mut other = 0;
    if s.is_ascii() {
        for &b in s.as_bytes() {
            if b == b'-' && !keep_hyphens {
                continue;
            }
            push_ascii(b, out);
        }
    } else {
        for c in unicode_security::skeleton(s) {
            if is_combining_mark(c) {
                continue;
            }
            for lc in c.to_lowercase() {
                if lc.is_ascii() {
                    if lc == '-' && !keep_hyphens {
                        continue;
                    }
                    push_ascii(lc as u8, out);
                } else if let Some(m) = latin_extra(lc) {
                    out.push(m);
                } else {
                    other += 1;
                    out.push(OTHER);
                }
            }
        }
    }
    fold_digraphs(out, start);
    other
}

/// Letters that lose their look to a stroke rather than a combining mark.
fn latin_extra(c: char) -> Option<u8> {
    Some(match c {
        'đ' | 'ɗ' | 'ď' => b'd',
        'ø' | 'ɵ' | 'ǿ' => b'o',
        'ł' | 'ƚ' | 'ɫ' => b'l',
        'ı' | 'ɩ' => b'i',
        'ħ' => b'h',
        'ŧ' => b't',
        'ƀ' => b'b',
        'ǝ' | 'ə' => b'e',
        'ɑ' | 'α' => b'a',
        _ => return None,
    })
}

/// Replaces `cl` by `d`, `vv` by `w`, `rn`, `nn`, `rr` by `m` and `lc` by `k` in `out[start..]`.
fn fold_digraphs(out: &mut Vec<u8>, start: usize) {
    let mut w = start;
    let mut r = start;
    while r < out.len() {
        let a = out[r];
        let b = out.get(r + 1).copied();
        let (byte, step) = match (a, b) {
            (b'c', Some(b'l')) => (b'd', 2),
            (b'v', Some(b'v')) => (b'w', 2),
            (b'r', Some(b'n')) => (b'm', 2),
            (b'l', Some(b'c')) => (b'k', 2),
            (b'n', Some(b'n')) | (b'r', Some(b'r')) => (b'm', 2),
            _ => (a, 1),
        };
        out[w] = byte;
        w += 1;
        r += step;
    }
    out.truncate(w);
}

/// Folds `s` into a fresh vector, without hyphens.
pub(crate) fn fold(s: &str) -> Vec<u8> {
    let mut v = Vec::with_capacity(s.len() + 4);
    fold_into(s, false, &mut v);
    v
}

/// Reduces a brand name to ASCII letters and digits: "Thế Giới Di Động" -> "thegioididong".
pub(crate) fn brand_compact(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    for c in name.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        for lc in c.to_lowercase() {
            let lc = match lc {
                'đ' => 'd',
                'ı' => 'i',
                'ə' => 'e',
                other => other,
            };
            if lc.is_ascii_alphanumeric() {
                out.push(lc);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn digit_and_letter_lookalikes_fold_together() {
        assert_eq!(fold("0dero"), fold("odero"));
        assert_eq!(fold("toke1nc"), fold("tokelnc"));
        assert_eq!(fold("rnodern"), fold("modern"));
    }

    #[test]
    fn digraph_lookalikes_fold_together() {
        assert_eq!(fold("oclero"), fold("odero"));
        assert_eq!(fold("vvorld"), fold("world"));
        assert_eq!(fold("ornantel"), fold("omantel"));
    }

    #[test]
    fn cyrillic_greek_armenian_fold_to_latin() {
        assert_eq!(fold("оdеrо"), fold("odero")); // Cyrillic о, е
        assert_eq!(fold("tοkenιnc"), fold("tokeninc")); // Greek ο, ι
        assert_eq!(fold("օdero"), fold("odero")); // Armenian օ
    }

    #[test]
    fn accents_are_stripped() {
        assert_eq!(fold("ódèrọ"), fold("odero"));
        assert_eq!(fold("đigikala"), fold("digikala"));
    }

    #[test]
    fn brand_names_lose_spaces_and_tones() {
        assert_eq!(brand_compact("Thế Giới Di Động"), "thegioididong");
        assert_eq!(brand_compact("Token Inc."), "tokeninc");
    }
}
