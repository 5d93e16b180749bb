//! Language detection by script and distinctive words, for the five languages the shield reads.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use crate::i18n::Lang;
use crate::normalise::{is_word_char, normalise_text};

const FA_WORDS: &[&str] = &[
    "است", "می", "این", "را", "شما", "که", "با", "برای", "کنید", "شده", "خود", "هست", "نمی", "ما",
];
const AR_WORDS: &[&str] = &[
    "في", "من", "على", "إلى", "الى", "أن", "هذا", "التي", "الذي", "عن", "لقد", "تم", "لك", "قد",
];
const AZ_WORDS: &[&str] = &[
    "ve",
    "və",
    "siz",
    "sizin",
    "ucun",
    "üçün",
    "bu",
    "hormetli",
    "hörmətli",
    "edin",
    "olunur",
    "olun",
    "qazandiniz",
    "qazandınız",
    "kart",
    "sifre",
    "şifrə",
    "kod",
    "musteri",
    "müştəri",
    "zeng",
    "zəng",
    "hesab",
    "hesabiniz",
    "hesabınız",
    "deyil",
    "bizim",
    "biz",
    "ile",
    "ilə",
    "sifaris",
    "sifariş",
    "gonderin",
    "göndərin",
    "heç",
    "hec",
    "vaxt",
    "odenis",
    "ödəniş",
];
const VI_WORDS: &[&str] = &[
    "ban",
    "bạn",
    "cua",
    "của",
    "va",
    "và",
    "khong",
    "không",
    "quy",
    "quý",
    "khach",
    "khách",
    "tai",
    "tài",
    "khoan",
    "khoản",
    "vui",
    "long",
    "lòng",
    "nhan",
    "nhận",
    "duoc",
    "được",
    "trung",
    "trúng",
    "thuong",
    "thưởng",
    "ma",
    "mã",
    "don",
    "đơn",
    "hang",
    "hàng",
    "cho",
    "voi",
    "với",
    "la",
    "là",
    "cac",
    "các",
    "ngay",
    "gui",
    "gửi",
];
const EN_WORDS: &[&str] = &[
    "the", "you", "your", "is", "and", "to", "of", "for", "we", "our", "have", "has", "please",
    "will", "this", "won", "account", "code", "call", "now", "with", "are", "not",
];

/// Lower-cased words of `text`, at most `limit` of them.
fn words(lower: &str, limit: usize) -> impl Iterator<Item = &str> + '_ {
    lower
        .split(|c: char| !is_word_char(c) && c != '\u{200C}')
        .filter(|w| !w.is_empty())
        .take(limit)
}

/// FNV-1a: the words looked up are short, and SipHash's setup cost dominated detection.
#[derive(Default, Clone, Copy)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

const FA: u8 = 1;
const AR: u8 = 2;
const AZ: u8 = 4;
const VI: u8 = 8;
const EN: u8 = 16;

/// Every listed word (folded like the text it is compared with) and the languages it marks.
struct Sets {
    words: HashMap<String, u8, BuildHasherDefault<Fnv>>,
}

impl Sets {
    #[inline]
    fn get(&self, w: &str) -> u8 {
        self.words.get(w).copied().unwrap_or(0)
    }
}

fn sets() -> &'static Sets {
    static S: OnceLock<Sets> = OnceLock::new();
    S.get_or_init(|| {
        let mut words: HashMap<String, u8, BuildHasherDefault<Fnv>> = HashMap::default();
        for (list, bit) in [
            (FA_WORDS, FA),
            (AR_WORDS, AR),
            (AZ_WORDS, AZ),
            (VI_WORDS, VI),
            (EN_WORDS, EN),
        ] {
            for w in list {
                *words.entry(normalise_text(w).text).or_default() |= bit;
            }
        }
        Sets { words }
    })
}

/// Detects the language of `text` (en, az, fa, ar or vi); English when nothing else fits.
pub fn detect_language(text: &str) -> Lang {
    detect_with(text, &normalise_text(text).text)
}

/// Detection when the folded text is already at hand: letters are counted on `text`, words
/// are looked up in `folded`.
pub(crate) fn detect_with(text: &str, folded: &str) -> Lang {
    let mut arabic_script = 0usize;
    let mut latin = 0usize;
    let mut fa_letters = 0usize;
    let mut ar_letters = 0usize;
    let mut az_letters = 0usize;
    let mut vi_letters = 0usize;
    let mut cut = text.len().min(2000);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let text = &text[..cut];
    let mut fcut = folded.len().min(2000);
    while !folded.is_char_boundary(fcut) {
        fcut -= 1;
    }
    let lower = &folded[..fcut];
    let sets = sets();
    for c in text.chars() {
        if c.is_ascii() {
            latin += usize::from(c.is_ascii_alphabetic());
            continue;
        }
        match c {
            'پ' | 'چ' | 'ژ' | 'گ' | 'ک' | 'ی' | '۰'..='۹' => {
                fa_letters += 1;
                arabic_script += 1;
            }
            'ة' | 'ي' | 'ك' | 'ى' | 'إ' | 'ؤ' | '٠'..='٩' => {
                ar_letters += 1;
                arabic_script += 1;
            }
            '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FEFF}' => {
                arabic_script += 1
            }
            'ə' | 'Ə' | 'ğ' | 'Ğ' | 'ı' | 'İ' => {
                az_letters += 2;
                latin += 1;
            }
            'ş' | 'Ş' | 'ç' | 'Ç' | 'ö' | 'Ö' | 'ü' | 'Ü' => {
                az_letters += 1;
                latin += 1;
            }
            'đ' | 'Đ' | 'ă' | 'Ă' | 'ơ' | 'Ơ' | 'ư' | 'Ư' | '\u{1EA0}'..='\u{1EF9}' => {
                vi_letters += 2;
                latin += 1;
            }
            'â' | 'ê' | 'ô' | 'à' | 'á' | 'ã' | 'è' | 'é' | 'ì' | 'í' | 'ò' | 'ó' | 'õ' | 'ù'
            | 'ú' | 'ý' | 'Â' | 'Ê' | 'Ô' => {
                vi_letters += 1;
                latin += 1;
            }
            c if c.is_ascii_alphabetic() => latin += 1,
            _ => {}
        }
    }
    // Letters only one of the languages has settle it without the word lists.
    if arabic_script > latin && fa_letters >= 4 && ar_letters == 0 {
        return Lang::Fa;
    }
    if arabic_script > latin && ar_letters >= 4 && fa_letters == 0 {
        return Lang::Ar;
    }
    if arabic_script <= latin && latin > 0 && vi_letters >= 8 && az_letters == 0 {
        return Lang::Vi;
    }
    if arabic_script <= latin && latin > 0 && az_letters >= 6 && vi_letters == 0 {
        return Lang::Az;
    }
    if arabic_script > latin {
        let mut fa = fa_letters * 2;
        let mut ar = ar_letters * 2;
        for w in words(lower, 400) {
            let bits = sets.get(w);
            if bits & FA != 0 {
                fa += 3;
            }
            if bits & AR != 0 {
                ar += 3;
            }
            if w.starts_with("ال") && w.chars().count() > 3 {
                ar += 1;
            }
            if w.starts_with("می") || w.starts_with("نمی") || w.ends_with("ها") {
                fa += 1;
            }
        }
        return if fa > ar { Lang::Fa } else { Lang::Ar };
    }
    if latin == 0 {
        return Lang::En;
    }
    let (mut az, mut vi, mut en) = (az_letters * 2, vi_letters * 2, 0usize);
    for w in words(lower, 400) {
        let bits = sets.get(w);
        if bits & AZ != 0 {
            az += 3;
        }
        if bits & VI != 0 {
            vi += 3;
        }
        if bits & EN != 0 {
            en += 3;
        }
    }
    if vi > az && vi > en {
        Lang::Vi
    } else if az > en && az >= vi {
        Lang::Az
    } else {
        Lang::En
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_language() {
        assert_eq!(
            detect_language("Congratulations! You have won a prize, call now"),
            Lang::En
        );
        assert_eq!(
            detect_language("Təbrik edirik! Siz 1000 AZN qazandınız"),
            Lang::Az
        );
        assert_eq!(
            detect_language("Hormetli musteri, siz hediyye qazandiniz, kodu gonderin"),
            Lang::Az
        );
        assert_eq!(
            detect_language("تبریک! شما برنده جایزه شده‌اید، کد را بفرستید"),
            Lang::Fa
        );
        assert_eq!(
            detect_language("مبروك! لقد فزت بجائزة قيمة، أرسل الرمز"),
            Lang::Ar
        );
        assert_eq!(
            detect_language("Chúc mừng bạn đã trúng thưởng một chiếc xe"),
            Lang::Vi
        );
        assert_eq!(
            detect_language("Chuc mung ban da trung thuong, vui long nhan qua"),
            Lang::Vi
        );
    }

    #[test]
    fn arabic_and_persian_are_told_apart_without_distinct_letters() {
        assert_eq!(
            detect_language("لقد تم إيقاف حسابك، اتصل على الرقم"),
            Lang::Ar
        );
        assert_eq!(detect_language("حساب شما مسدود شده است"), Lang::Fa);
    }
}
