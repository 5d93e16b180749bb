//! Patterns that carry no secret: keyboard walks on the layouts our customers
//! type on, alphabet and digit runs, and repetition. SP 800-63B-4 §3.1.1.2
//! (and rev. 3 §5.1.1.2) names "repetitive or sequential characters" among the
//! values a verifier refuses.
//!
//! Each finder returns the positions (indices into the view) it explains.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::normalize::View;

/// Key positions of one layout: (row, column), all shift layers merged.
struct Layout {
    keys: HashMap<char, (i32, i32)>,
    /// Keypads are square grids; typing keyboards have staggered rows.
    square: bool,
}

impl Layout {
    fn new(layers: &[&[&str]], square: bool) -> Self {
        let mut keys = HashMap::new();
        for rows in layers {
            for (r, row) in rows.iter().enumerate() {
                for (c, ch) in row.chars().enumerate() {
                    for l in ch.to_lowercase() {
                        let l = crate::normalize::light(&[l])
                            .chars
                            .first()
                            .copied()
                            .unwrap_or(l);
                        keys.entry(l).or_insert((r as i32, c as i32));
                    }
                }
            }
        }
        Layout { keys, square }
    }

    /// The step from `a` to `b` if they are neighbouring keys.
    fn step(&self, a: char, b: char) -> Option<(i32, i32)> {
        let (ra, ca) = *self.keys.get(&a)?;
        let (rb, cb) = *self.keys.get(&b)?;
        let d = (rb - ra, cb - ca);
        let near = if self.square {
            d.0.abs() <= 1 && d.1.abs() <= 1
        } else {
            // On staggered rows a key touches (r+1, c-1), (r+1, c), (r-1, c), (r-1, c+1).
            matches!(d, (0, 1) | (0, -1) | (1, 0) | (1, -1) | (-1, 0) | (-1, 1))
        };
        (near && d != (0, 0)).then_some(d)
    }
}

/// Layouts typed by our customers: US QWERTY (English, Vietnamese Telex),
/// AZERTY, QWERTZ, Azerbaijani Latin, Russian (Azerbaijani Cyrillic users),
/// Persian (ISIRI 9147), Arabic, and the numeric keypad.
static LAYOUTS: LazyLock<Vec<Layout>> = LazyLock::new(|| {
    vec![
        Layout::new(
            &[
                &[
                    "1234567890-=",
                    "qwertyuiop[]\\",
                    "asdfghjkl;'",
                    "zxcvbnm,./",
                ],
                &[
                    "!@#$%^&*()_+",
                    "qwertyuiop{}|",
                    "asdfghjkl:\"",
                    "zxcvbnm<>?",
                ],
            ],
            false,
        ),
        Layout::new(
            &[
                &[
                    "&é\"'(-è_çà)=",
                    "azertyuiop^$",
                    "qsdfghjklmù*",
                    "wxcvbn,;:!",
                ],
                &["1234567890°+", "azertyuiop¨£", "qsdfghjklm%µ", "wxcvbn?./§"],
            ],
            false,
        ),
        Layout::new(
            &[&["1234567890ß", "qwertzuiopü+", "asdfghjklöä#", "yxcvbnm,.-"]],
            false,
        ),
        Layout::new(
            &[&["1234567890-=", "qüertyuiopöğ", "asdfghjklıə", "zxcvbnmçş."]],
            false,
        ),
        Layout::new(
            &[&["1234567890-=", "йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю."]],
            false,
        ),
        Layout::new(
            &[&["1234567890-=", "ضصثقفغعهخحجچ", "شسیبلاتنمکگ", "ظطزرذدپو./"]],
            false,
        ),
        Layout::new(
            // The لا key types two letters; a private-use placeholder keeps the columns.
            &[&[
                "1234567890-=",
                "ضصثقفغعهخحجد",
                "شسيبلاتنمكط",
                "ئءؤر\u{E000}ىةوزظ",
            ]],
            false,
        ),
        Layout::new(&[&["789", "456", "123", "0"]], true),
    ]
});

/// Alphabets in their conventional order, for runs like "abcd" or "الفبا".
const ALPHABETS: [&str; 4] = [
    "0123456789",
    "abcdefghijklmnopqrstuvwxyz",
    "абвгдежзийклмнопрстуфхцчшщъыьэюя",
    "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی",
];

/// Positions of the view that belong to a keyboard walk: a run of keys typed
/// in one straight line (row, column or diagonal) of at least 4 keys, or
/// straight lines of 3+ keys that follow each other ("qazwsx"), or a zigzag of
/// at least 6 neighbouring keys ("1q2w3e").
pub(crate) fn keyboard_walks(view: &View) -> Vec<usize> {
    let chars = &view.chars;
    let mut hits = Vec::new();
    if chars.len() < 4 {
        return hits;
    }
    for layout in LAYOUTS.iter() {
        let steps: Vec<Option<(i32, i32)>> =
            chars.windows(2).map(|w| layout.step(w[0], w[1])).collect();
        let mut marked = vec![false; chars.len()];
        // Straight segments: maximal runs of equal steps, 3+ keys each.
        let mut segments: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i < steps.len() {
            let Some(d) = steps[i] else {
                i += 1;
                continue;
            };
            let mut j = i;
            while j + 1 < steps.len() && steps[j + 1] == Some(d) {
                j += 1;
            }
            // Steps i..=j join keys i..=j+1.
            if j + 1 - i >= 2 {
                segments.push((i, j + 1));
            }
            i = j + 1;
        }
        // Chain segments that touch or overlap; mark chains of 4+ keys.
        let mut k = 0;
        while k < segments.len() {
            let (start, mut end) = segments[k];
            let mut m = k + 1;
            while m < segments.len() && segments[m].0 <= end + 1 {
                end = end.max(segments[m].1);
                m += 1;
            }
            if end + 1 - start >= 4 {
                marked[start..=end].iter_mut().for_each(|x| *x = true);
            }
            k = m;
        }
        // Zigzags: any 6+ keys each next to the one before.
        let mut i = 0;
        while i < steps.len() {
            if steps[i].is_none() {
                i += 1;
                continue;
            }
            let mut j = i;
            while j + 1 < steps.len() && steps[j + 1].is_some() {
                j += 1;
            }
            if j + 2 - i >= 6 {
                marked[i..=j + 1].iter_mut().for_each(|x| *x = true);
            }
            i = j + 1;
        }
        hits.extend(
            marked
                .iter()
                .enumerate()
                .filter(|(_, m)| **m)
                .map(|(i, _)| i),
        );
    }
    hits.sort_unstable();
    hits.dedup();
    hits
}

/// Positions in runs of 4+ consecutive letters or digits of one alphabet,
/// ascending or descending ("1234", "9876", "abcd", "ابپت").
pub(crate) fn sequences(view: &View) -> Vec<usize> {
    let rank = |c: char| -> Option<(usize, i64)> {
        ALPHABETS
            .iter()
            .enumerate()
            .find_map(|(a, alphabet)| alphabet.chars().position(|x| x == c).map(|p| (a, p as i64)))
    };
    let ranks: Vec<Option<(usize, i64)>> = view.chars.iter().map(|&c| rank(c)).collect();
    let mut hits = Vec::new();
    let mut i = 0;
    while i + 1 < ranks.len() {
        let step = match (ranks[i], ranks[i + 1]) {
            (Some((a, x)), Some((b, y))) if a == b && (y - x).abs() == 1 => y - x,
            _ => {
                i += 1;
                continue;
            }
        };
        let mut j = i + 1;
        while j + 1 < ranks.len() {
            match (ranks[j], ranks[j + 1]) {
                (Some((a, x)), Some((b, y))) if a == b && y - x == step => j += 1,
                _ => break,
            }
        }
        if j + 1 - i >= 4 {
            hits.extend(i..=j);
        }
        i = j;
    }
    hits
}

/// Positions that repeat what came just before: every copy of a repeated
/// block after the first ("abcabcabc" marks the last six), and the rest of a
/// run of one character after its first ("aaaa" marks three). The first copy
/// stays, since it still has to be guessed.
pub(crate) fn repeats(view: &View) -> Vec<usize> {
    let c = &view.chars;
    let n = c.len();
    let mut hits = Vec::new();
    let mut i = 0;
    while i < n {
        let mut best_len = 0;
        let mut best_copies = 0;
        for len in 1..=(n - i) / 2 {
            let mut copies = 1;
            while i + (copies + 1) * len <= n
                && c[i + copies * len..i + (copies + 1) * len] == c[i..i + len]
            {
                copies += 1;
            }
            let enough = if len == 1 { copies >= 3 } else { copies >= 2 };
            if enough && (copies - 1) * len > (best_copies.max(1) - 1) * best_len {
                best_len = len;
                best_copies = copies;
            }
        }
        if best_len > 0 {
            hits.extend(i + best_len..i + best_copies * best_len);
            i += best_copies * best_len;
        } else {
            i += 1;
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{light, nfkc_chars};

    fn view(s: &str) -> View {
        light(&nfkc_chars(s))
    }

    #[test]
    fn qwerty_rows_and_columns_are_walks() {
        assert_eq!(keyboard_walks(&view("qwerty")).len(), 6);
        assert_eq!(keyboard_walks(&view("asdfgh")).len(), 6);
        assert_eq!(keyboard_walks(&view("1qaz2wsx")).len(), 8);
        assert_eq!(keyboard_walks(&view("zaq1xsw2")).len(), 8);
        assert_eq!(keyboard_walks(&view("1q2w3e4r")).len(), 8);
        assert_eq!(keyboard_walks(&view("!QAZ@WSX")).len(), 8);
    }

    #[test]
    fn azerty_persian_arabic_and_russian_rows_are_walks() {
        assert_eq!(keyboard_walks(&view("azertyuiop")).len(), 10);
        assert_eq!(keyboard_walks(&view("ضصثقفغ")).len(), 6);
        assert_eq!(keyboard_walks(&view("شسیبل")).len(), 5);
        assert_eq!(keyboard_walks(&view("شسيبل")).len(), 5);
        assert_eq!(keyboard_walks(&view("йцукен")).len(), 6);
        assert_eq!(keyboard_walks(&view("qüertyu")).len(), 7);
    }

    #[test]
    fn ordinary_words_are_not_walks() {
        for w in [
            "were", "tree", "sweater", "password", "nguyen", "salam", "دوست",
        ] {
            assert!(keyboard_walks(&view(w)).is_empty(), "{w}");
        }
    }

    #[test]
    fn digit_and_letter_runs_are_sequences() {
        assert_eq!(sequences(&view("123456")).len(), 6);
        assert_eq!(sequences(&view("987654")).len(), 6);
        assert_eq!(sequences(&view("xabcdx")).len(), 4);
        assert_eq!(sequences(&view("۱۲۳۴۵۶")).len(), 6);
        assert!(sequences(&view("1357")).is_empty());
    }

    #[test]
    fn repeats_keep_the_first_copy() {
        assert_eq!(repeats(&view("aaaa")), vec![1, 2, 3]);
        assert_eq!(repeats(&view("abcabcabc")), vec![3, 4, 5, 6, 7, 8]);
        assert!(repeats(&view("abcdef")).is_empty());
        assert!(repeats(&view("aab")).is_empty());
    }
}
