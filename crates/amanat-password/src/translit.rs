//! Spelling variants of names across scripts: Arabic/Persian letters in the
//! Latin spellings people actually use (محمد -> mohammad, muhammad, mohamed),
//! Latin names written in Arabic/Persian letters (Ali -> علی), and the
//! Azerbaijani/Turkish letters that are typed several ways (ş -> s, sh).
//!
//! Each name is cut into slots; each slot lists its spellings, most common
//! first. Variants are enumerated cheapest first (sum of the costs picked), so
//! a cap keeps the likely spellings rather than only varying the first slot.

/// Alternatives for one position, most common first.
#[derive(Debug, Clone)]
enum Slot {
    /// Alternatives costing their rank (0, 1, 2, ...).
    Choices(Vec<&'static str>),
    /// Alternatives with explicit costs, in non-decreasing cost order, where
    /// several spellings are about equally common ("yousef" and "yusuf").
    Weighted(Vec<(&'static str, u8)>),
    /// A character kept as it is.
    Owned(String),
}

impl Slot {
    fn len(&self) -> usize {
        match self {
            Slot::Choices(v) => v.len(),
            Slot::Weighted(v) => v.len(),
            Slot::Owned(_) => 1,
        }
    }

    fn get(&self, rank: usize) -> Option<&str> {
        match self {
            Slot::Choices(v) => v.get(rank).copied(),
            Slot::Weighted(v) => v.get(rank).map(|(s, _)| *s),
            Slot::Owned(s) => (rank == 0).then_some(s.as_str()),
        }
    }

    fn cost(&self, rank: usize) -> usize {
        match self {
            Slot::Weighted(v) => v.get(rank).map_or(rank, |(_, c)| usize::from(*c)),
            _ => rank,
        }
    }
}

impl From<Vec<&'static str>> for Slot {
    fn from(v: Vec<&'static str>) -> Self {
        Slot::Choices(v)
    }
}

/// Enumerates spellings from slots in order of total rank, at most `cap`.
///
/// Best-first search over rank vectors: each vector is reached from exactly
/// one parent (the same vector with its last raised position lowered by one),
/// so no spelling is produced twice and the work is about `cap x slots`.
fn enumerate(slots: &[Slot], cap: usize) -> Vec<String> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;

    if slots.is_empty() || cap == 0 {
        return Vec::new();
    }
    // (cost, ranks, first position that may still be raised)
    let mut heap: BinaryHeap<Reverse<(usize, Vec<u8>, usize)>> = BinaryHeap::new();
    heap.push(Reverse((0, vec![0u8; slots.len()], 0)));
    let mut out: Vec<String> = Vec::with_capacity(cap);
    while let Some(Reverse((cost, ranks, from))) = heap.pop() {
        let mut spelling = String::new();
        for (slot, &r) in slots.iter().zip(&ranks) {
            spelling.push_str(slot.get(r as usize).unwrap_or(""));
        }
        out.push(spelling);
        if out.len() >= cap {
            break;
        }
        for j in from..slots.len() {
            let r = ranks[j] as usize;
            if r + 1 < slots[j].len() {
                let mut next = ranks.clone();
                next[j] += 1;
                let step = slots[j].cost(r + 1).saturating_sub(slots[j].cost(r));
                heap.push(Reverse((cost + step, next, j)));
            }
        }
    }
    // Most likely first; equal spellings from different slots kept once.
    let mut seen = std::collections::HashSet::new();
    out.retain(|s| seen.insert(s.clone()));
    out
}

fn is_arabic_script(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// True when the word is written (mostly) in Arabic script.
pub(crate) fn is_arabic_word(word: &str) -> bool {
    word.chars().any(is_arabic_script)
}

/// Letters that may stand for a vowel; no short vowel is guessed next to them.
fn vowel_capable(c: char) -> bool {
    matches!(c, 'ا' | 'و' | 'ی' | 'ع' | 'ء')
}

/// Latin spellings of one Arabic-script letter in its position.
fn arabic_letter(c: char, initial: bool, last: bool) -> Slot {
    let single: &'static str = match c {
        'ب' => "b",
        'پ' => "p",
        'ت' | 'ط' => "t",
        'ر' => "r",
        'ز' => "z",
        'س' | 'ص' => "s",
        'ف' => "f",
        'ک' => "k",
        'گ' => "g",
        'ل' => "l",
        'م' => "m",
        'ن' => "n",
        'د' => "d",
        _ => "",
    };
    if !single.is_empty() {
        // Mid-word consonants may be doubled (shadda is rarely written).
        return if initial || last {
            vec![single].into()
        } else {
            let doubled: &'static str = match single {
                "b" => "bb",
                "p" => "pp",
                "t" => "tt",
                "r" => "rr",
                "z" => "zz",
                "s" => "ss",
                "f" => "ff",
                "k" => "kk",
                "g" => "gg",
                "l" => "ll",
                "m" => "mm",
                "n" => "nn",
                _ => "dd",
            };
            Slot::Weighted(vec![(single, 0), (doubled, 2)])
        };
    }
    let weighted = |v: &[(&'static str, u8)]| Slot::Weighted(v.to_vec());
    let choices: Vec<&'static str> = match c {
        // Persian writes و and ی for o/ou/u and i/y/ee about equally often.
        'و' if initial => return weighted(&[("v", 0), ("o", 1), ("u", 1), ("w", 1)]),
        'و' => return weighted(&[("o", 0), ("ou", 1), ("u", 1), ("v", 1), ("w", 2), ("oo", 2)]),
        'ی' if initial => vec!["y", "i"],
        'ی' if last => return weighted(&[("i", 0), ("y", 1), ("ee", 1), ("a", 2), ("ey", 2)]),
        'ی' => {
            return weighted(&[
                ("i", 0),
                ("y", 1),
                ("e", 1),
                ("ee", 1),
                ("ey", 2),
                ("ei", 2),
            ]);
        }
        'ا' if initial => return weighted(&[("a", 0), ("e", 1), ("o", 1), ("i", 1)]),
        'ا' => vec!["a", "aa"],
        'ث' => vec!["s", "th"],
        'ج' => vec!["j", "dj", "g"],
        'چ' => vec!["ch", "c"],
        'خ' => vec!["kh", "x", "h"],
        'ذ' => vec!["z", "dh", "th"],
        'ژ' => vec!["zh", "j"],
        'ش' => vec!["sh", "s"],
        'ض' => vec!["z", "d", "dh"],
        'ظ' => vec!["z", "dh"],
        'ع' if initial => vec!["a", "e", "o", "i"],
        'ع' if last => vec!["", "a"],
        'ع' => vec!["", "a", "e", "'"],
        'غ' => vec!["gh", "g", "q"],
        'ق' => vec!["gh", "q", "g", "k"],
        'ه' if last && !initial => vec!["eh", "e", "a", "ah", "h"],
        'ه' => vec!["h"],
        'ء' => vec!["", "'"],
        'ح' => vec!["h"],
        _ => vec![""],
    };
    choices.into()
}

/// Latin spellings of an Arabic-script word (already folded and unified).
pub(crate) fn arabic_to_latin(word: &str, cap: usize) -> Vec<String> {
    let letters: Vec<char> = word.chars().filter(|c| is_arabic_script(*c)).collect();
    if letters.is_empty() {
        return Vec::new();
    }
    let mut slots: Vec<Slot> = Vec::new();
    for (i, &c) in letters.iter().enumerate() {
        let last = i + 1 == letters.len();
        // A final "یی" (رضایی, حسینی after a long vowel) is one sound group.
        if c == 'ی' && i + 2 == letters.len() && letters[i + 1] == 'ی' {
            slots.push(vec!["ei", "yi", "i", "ee", "ii", "eyi"].into());
            break;
        }
        slots.push(arabic_letter(c, i == 0, last));
        if let Some(&next) = letters.get(i + 1) {
            if next == 'ی' && i + 3 == letters.len() && letters[i + 2] == 'ی' {
                // The vowel group that follows carries its own vowels.
                continue;
            }
            // Short vowels are not written; guess one between two consonants.
            let before_final_h = next == 'ه' && i + 2 == letters.len();
            let gap: Vec<(&'static str, u8)> =
                match (vowel_capable(c), vowel_capable(next) || before_final_h) {
                    (true, true) => vec![("", 0)],
                    (true, false) | (false, true) => vec![("", 0), ("a", 2), ("e", 2), ("o", 2)],
                    (false, false) => {
                        vec![("a", 0), ("e", 1), ("o", 1), ("u", 1), ("", 1), ("i", 2)]
                    }
                };
            slots.push(Slot::Weighted(gap));
        }
    }
    enumerate(&slots, cap)
}

/// Arabic/Persian spellings of a Latin (or Azerbaijani Latin) word, lower case.
pub(crate) fn latin_to_arabic(word: &str, cap: usize) -> Vec<String> {
    let chars: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    if chars.is_empty() || chars.iter().any(|c| is_arabic_script(*c)) {
        return Vec::new();
    }
    let mut slots: Vec<Slot> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let initial = i == 0;
        let pair = chars.get(i + 1).map(|&n| (chars[i], n));
        let digraph: Option<Vec<&'static str>> = match pair {
            Some(('s', 'h')) => Some(vec!["ش"]),
            Some(('k', 'h')) => Some(vec!["خ"]),
            Some(('c', 'h')) => Some(vec!["چ"]),
            Some(('z', 'h')) => Some(vec!["ژ"]),
            Some(('g', 'h')) => Some(vec!["غ", "ق"]),
            Some(('t', 'h')) => Some(vec!["ث", "ت"]),
            Some(('d', 'h')) => Some(vec!["ذ", "ض"]),
            Some(('p', 'h')) => Some(vec!["ف"]),
            Some(('e', 'e')) if !initial => Some(vec!["ی"]),
            Some(('o', 'o')) | Some(('o', 'u')) if !initial => Some(vec!["و"]),
            Some(('a', 'a')) if !initial => Some(vec!["ا"]),
            Some((a, b)) if a == b && !"aeiouəıöü".contains(a) => None,
            _ => None,
        };
        if let Some(slot) = digraph {
            slots.push(slot.into());
            i += 2;
            continue;
        }
        // A doubled consonant is written once.
        if let Some((a, b)) = pair
            && a == b
            && !"aeiouəıöü".contains(a)
        {
            i += 1;
            continue;
        }
        let last = i + 1 == chars.len();
        let slot: Vec<&'static str> = match chars[i] {
            'a' if initial => vec!["ا", "ع"],
            'a' if last => vec!["ا", "ه"],
            'a' => vec!["ا", ""],
            'e' | 'ə' if initial => vec!["ا", "ع"],
            'e' | 'ə' if last => vec!["ه", ""],
            'e' | 'ə' => vec!["", "ا"],
            'i' | 'ı' if initial => vec!["ا", "ای", "ع"],
            'i' | 'ı' if last => vec!["ی"],
            'i' | 'ı' => vec!["ی", ""],
            'o' | 'ö' if initial => vec!["ا", "او"],
            'o' | 'ö' if last => vec!["و", "ه"],
            'o' | 'ö' => vec!["", "و"],
            'u' | 'ü' if initial => vec!["او", "ا"],
            'u' | 'ü' if last => vec!["و"],
            'u' | 'ü' => vec!["و", ""],
            'y' => vec!["ی"],
            'w' | 'v' => vec!["و"],
            'b' => vec!["ب"],
            'p' => vec!["پ"],
            't' => vec!["ت", "ط"],
            's' => vec!["س", "ص", "ث"],
            'j' => vec!["ج", "ژ"],
            'c' => vec!["ج", "ک"],
            'ç' => vec!["چ"],
            'ş' => vec!["ش"],
            'ğ' => vec!["غ", "ق"],
            'x' => vec!["خ"],
            'q' => vec!["ق", "غ"],
            'd' => vec!["د", "ض"],
            'z' => vec!["ز", "ذ", "ض", "ظ"],
            'r' => vec!["ر"],
            'f' => vec!["ف"],
            'k' => vec!["ک", "ق"],
            'g' => vec!["گ", "ق", "غ"],
            'l' => vec!["ل"],
            'm' => vec!["م"],
            'n' => vec!["ن"],
            'h' => vec!["ه", "ح"],
            _ => vec![""],
        };
        slots.push(slot.into());
        i += 1;
    }
    enumerate(&slots, cap)
}

/// Other Latin spellings of an Azerbaijani/Turkish name (ş -> s, sh; x -> kh;
/// c -> j; q -> g; ə -> e, a), from the lower-case NFC text before folding.
pub(crate) fn latin_alternatives(word: &str, cap: usize) -> Vec<String> {
    let mut slots: Vec<Slot> = Vec::new();
    let mut has_alternative = false;
    for c in word.chars() {
        let slot: Vec<&'static str> = match c {
            'ş' | 'ш' => vec!["s", "sh"],
            'ç' | 'ч' => vec!["c", "ch"],
            'ğ' | 'ғ' => vec!["g", "gh"],
            'ə' | 'ә' => vec!["e", "a"],
            'ı' | 'ы' => vec!["i", "y"],
            'ö' | 'ө' => vec!["o", "oe"],
            'ü' | 'ү' => vec!["u", "ue"],
            'x' | 'х' => vec!["x", "kh", "h"],
            'q' | 'қ' => vec!["q", "g", "gh"],
            'c' | 'ҹ' => vec!["c", "j"],
            'ж' => vec!["j", "zh"],
            'е' => vec!["e", "ye"],
            'и' => vec!["i", "y"],
            'й' => vec!["y", "i"],
            'j' => vec!["j", "zh"],
            'w' => vec!["w", "v"],
            'v' => vec!["v", "w"],
            _ => {
                slots.push(Slot::Owned(c.to_string()));
                continue;
            }
        };
        has_alternative = true;
        slots.push(slot.into());
    }
    if !has_alternative {
        return Vec::new();
    }
    enumerate(&slots, cap)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::fold_str;

    #[test]
    fn mohammad_gets_the_usual_latin_spellings() {
        let v = arabic_to_latin(&fold_str("محمد"), 64);
        // Doubled and rarer spellings (mohammad, mehmet) are left to the
        // consonant skeleton, which every spelling of محمد shares.
        for want in ["mohamad", "muhamad", "mohamed"] {
            assert!(v.iter().any(|x| x == want), "{want} missing from {v:?}");
        }
    }

    #[test]
    fn short_persian_names_get_their_spellings() {
        assert!(arabic_to_latin(&fold_str("رضا"), 48).contains(&"reza".to_string()));
        assert!(arabic_to_latin(&fold_str("علی"), 48).contains(&"ali".to_string()));
        assert!(arabic_to_latin(&fold_str("امید"), 48).contains(&"omid".to_string()));
        assert!(arabic_to_latin(&fold_str("فاطمه"), 48).contains(&"fatemeh".to_string()));
        let rezaei = arabic_to_latin(&fold_str("رضایی"), 40);
        assert!(rezaei.contains(&"rezaei".to_string()), "{rezaei:?}");
        assert!(rezaei.contains(&"rezayi".to_string()), "{rezaei:?}");
    }

    #[test]
    fn latin_names_get_arabic_spellings() {
        let ali: Vec<String> = latin_to_arabic("ali", 24)
            .iter()
            .map(|s| fold_str(s))
            .collect();
        assert!(ali.contains(&fold_str("علی")), "{ali:?}");
        let semsi = latin_to_arabic("şəmsi", 24);
        assert!(semsi.contains(&"شمسی".to_string()), "{semsi:?}");
    }

    #[test]
    fn azerbaijani_letters_get_their_typed_forms() {
        let v = latin_alternatives("şəmsi", 16);
        assert!(v.contains(&"shamsi".to_string()), "{v:?}");
        assert!(v.contains(&"semsi".to_string()), "{v:?}");
        let c = latin_alternatives("cavid", 16);
        assert!(c.contains(&"javid".to_string()), "{c:?}");
    }
}
