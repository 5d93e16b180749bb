//! Weighted edit distance (optimal string alignment) over folded labels.
//!
//! Costs are in half-edits: inserting, deleting, transposing or replacing a character costs 2;
//! replacing it by a character that looks alike (`i`/`l`, `c`/`e`, `b`/`d`, ...) or inserting
//! or deleting a thin letter (`i`, `l`) costs 1.

use crate::fold::OTHER;

/// Longest string compared; longer ones are never close to a brand name anyway.
pub(crate) const MAX_LEN: usize = 64;

#[inline]
fn sub_cost(a: u8, b: u8) -> u16 {
    if a == b {
        return 0;
    }
    if a == OTHER || b == OTHER {
        return 1;
    }
    let (x, y) = if a < b { (a, b) } else { (b, a) };
    match (x, y) {
        (b'i', b'l')
        | (b'c', b'e')
        | (b'b', b'd')
        | (b'g', b'q')
        | (b'u', b'v')
        | (b'n', b'r')
        | (b'm', b'n')
        | (b'c', b'd')
        | (b'5', b's')
        | (b'2', b'z')
        | (b'i', b'j')
        | (b'8', b'b')
        | (b'6', b'b')
        | (b'9', b'g') => 1,
        _ => 2,
    }
}

/// Inserting or deleting a thin letter (`i`, `l`) is hard to see, so it costs half.
#[inline]
fn indel_cost(c: u8) -> u16 {
    if matches!(c, b'i' | b'l') { 1 } else { 2 }
}

/// Distance between `a` and `b` in half-edits, or `None` when it exceeds `limit`.
pub(crate) fn within(a: &[u8], b: &[u8], limit: u16) -> Option<u16> {
    let (n, m) = (a.len(), b.len());
    if n > MAX_LEN || m > MAX_LEN {
        return None;
    }
    if n.abs_diff(m) as u16 > limit {
        return None;
    }
    let mut prev2 = [0u16; MAX_LEN + 1];
    let mut prev = [0u16; MAX_LEN + 1];
    let mut cur = [0u16; MAX_LEN + 1];
    for j in 1..=m {
        prev[j] = prev[j - 1] + indel_cost(b[j - 1]);
    }
    for i in 1..=n {
        cur[0] = prev[0] + indel_cost(a[i - 1]);
        let mut row_min = cur[0];
        for j in 1..=m {
            let mut v = (prev[j] + indel_cost(a[i - 1]))
                .min(cur[j - 1] + indel_cost(b[j - 1]))
                .min(prev[j - 1] + sub_cost(a[i - 1], b[j - 1]));
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 2);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > limit {
            return None;
        }
        prev2[..=m].copy_from_slice(&prev[..=m]);
        prev[..=m].copy_from_slice(&cur[..=m]);
    }
    let d = prev[m];
    (d <= limit).then_some(d)
}

/// Best distance of `pattern` against any substring of `text` (free start and end).
pub(crate) fn within_substring(pattern: &[u8], text: &[u8], limit: u16) -> Option<u16> {
    let (n, m) = (pattern.len(), text.len());
    if n > MAX_LEN || m > MAX_LEN || n == 0 {
        return None;
    }
    // Rows run over the pattern, columns over the text; row 0 is free everywhere.
    let mut prev = [0u16; MAX_LEN + 1];
    let mut cur = [0u16; MAX_LEN + 1];
    for i in 1..=n {
        cur[0] = prev[0] + indel_cost(pattern[i - 1]);
        for j in 1..=m {
            cur[j] = (prev[j] + indel_cost(pattern[i - 1]))
                .min(cur[j - 1] + indel_cost(text[j - 1]))
                .min(prev[j - 1] + sub_cost(pattern[i - 1], text[j - 1]));
        }
        prev[..=m].copy_from_slice(&cur[..=m]);
    }
    let best = prev[..=m].iter().copied().min().unwrap_or(u16::MAX);
    (best <= limit).then_some(best)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn each_typo_class_is_one_edit() {
        let base = b"odero";
        for typo in [
            &b"oder"[..],
            b"odezro",
            b"odexo",
            b"oddero",
            b"oedro",
            b"odaro",
        ] {
            assert_eq!(
                within(typo, base, 2),
                Some(2),
                "{}",
                String::from_utf8_lossy(typo)
            );
        }
    }

    #[test]
    fn lookalike_replacement_is_half_an_edit() {
        assert_eq!(within(b"obero", b"odero", 2), Some(1));
        assert_eq!(within(b"tokenlnc", b"tokeninc", 2), Some(1));
    }

    #[test]
    fn distant_strings_are_rejected() {
        assert_eq!(within(b"google", b"odero", 2), None);
    }

    #[test]
    fn substring_search_finds_typo_inside_longer_label() {
        assert_eq!(
            within_substring(b"tokeninc", b"securetokexincverify", 2),
            Some(2)
        );
    }
}
