//! Behaviour of the password policy as a customer meets it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::LazyLock;

use amanat_password::{
    Context, LANGUAGES, PersonalData, Policy, ReasonCode, Verdict, breached_list_len,
};
use chrono::NaiveDate;

/// Policy of a business whose sign-in also asks for an SMS code (min 8).
static POLICY: LazyLock<Policy> = LazyLock::new(|| {
    Policy::new(Context {
        business_names: vec!["Odero".into(), "Token Inc".into()],
        business_domains: vec!["odero.az".into(), "tokeninc.com".into()],
        second_factor: true,
    })
});

/// Policy of a business where the password is the only factor (min 15).
static SINGLE: LazyLock<Policy> = LazyLock::new(|| Policy::new(Context::default()));

fn born_15_march_1990() -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1990, 3, 15)
}

fn vietnamese() -> PersonalData {
    PersonalData {
        given_name: Some("Văn An".into()),
        family_name: Some("Nguyễn".into()),
        birth_date: born_15_march_1990(),
        phone: Some("+84912345678".into()),
        email: Some("tiger.lily88@gmail.com".into()),
        username: Some("darkwolf77".into()),
    }
}

fn azerbaijani() -> PersonalData {
    PersonalData {
        given_name: Some("Şəmsi".into()),
        family_name: Some("Məmmədova".into()),
        birth_date: born_15_march_1990(),
        phone: Some("+994501234567".into()),
        email: Some("semsi.m@mail.az".into()),
        username: Some("semsi_m".into()),
    }
}

fn persian() -> PersonalData {
    PersonalData {
        given_name: Some("محمد".into()),
        family_name: Some("رضایی".into()),
        birth_date: born_15_march_1990(),
        phone: Some("+989121234567".into()),
        email: Some("m.rezaei@gmail.com".into()),
        username: Some("mrezaei".into()),
    }
}

fn cyrillic() -> PersonalData {
    PersonalData {
        given_name: Some("Шамиль".into()),
        family_name: Some("Алиев".into()),
        ..PersonalData::default()
    }
}

fn only_birth_date() -> PersonalData {
    PersonalData {
        birth_date: born_15_march_1990(),
        ..PersonalData::default()
    }
}

fn check(password: &str, data: &PersonalData) -> Verdict {
    POLICY.check(password, data, "en")
}

#[track_caller]
fn assert_refused_for(password: &str, data: &PersonalData, code: ReasonCode) {
    let v = check(password, data);
    assert!(!v.accepted, "{password:?} was accepted (score {})", v.score);
    assert!(
        v.codes().contains(&code.as_str()),
        "{password:?}: wanted {}, got {:?}",
        code.as_str(),
        v.codes()
    );
}

#[track_caller]
fn assert_accepted(password: &str, data: &PersonalData) {
    let v = check(password, data);
    assert!(
        v.accepted,
        "{password:?} was refused: {:?} (score {})",
        v.codes(),
        v.score
    );
}

// ---- length and characters (SP 800-63B-4 §3.1.1.2) ----

#[test]
fn password_under_8_characters_is_too_short_even_with_a_second_factor() {
    assert_refused_for("xK7#qL2", &PersonalData::default(), ReasonCode::TooShort);
}

#[test]
fn random_8_characters_are_enough_with_a_second_factor() {
    assert_accepted("xK7#qL2v", &PersonalData::default());
}

#[test]
fn password_alone_needs_15_characters() {
    let v = SINGLE.check("xK7#qL2v!mZ9", &PersonalData::default(), "en");
    assert_eq!(v.codes(), vec!["too_short"]);
    let v = SINGLE.check("xK7#qL2v!mZ9pW4r", &PersonalData::default(), "en");
    assert!(v.accepted, "{:?}", v.codes());
}

#[test]
fn length_is_counted_in_code_points_not_bytes() {
    // Eight Persian letters are 16 bytes but 8 characters.
    assert_accepted("ژکپغچثضظ", &PersonalData::default());
    // Fifteen letters of Vietnamese with tones, composed or not, count 15.
    let composed = "Mưaơihồngđỏtímx";
    assert_eq!(composed.chars().count(), 15);
    let v = SINGLE.check(composed, &PersonalData::default(), "en");
    assert!(!v.codes().contains(&"too_short"), "{:?}", v.codes());
}

#[test]
fn compatibility_forms_are_normalised_before_counting() {
    // U+FB01 (ﬁ) is two code points after NFKC.
    let v = POLICY.check("ﬁ7#qL2v", &PersonalData::default(), "en");
    assert!(!v.codes().contains(&"too_short"), "{:?}", v.codes());
}

#[test]
fn sixty_four_characters_are_accepted() {
    let p = "Lantern quiet 7 mosaic drifts over amber rooftops while owls hum";
    assert_eq!(p.chars().count(), 64);
    assert_accepted(p, &vietnamese());
}

#[test]
fn up_to_256_characters_are_accepted_and_longer_is_refused() {
    let unit = "kq7 Zeb!r mv3 ";
    let long: String = unit.repeat(40).chars().take(256).collect();
    let v = check(&long, &PersonalData::default());
    assert!(!v.codes().contains(&"too_long"), "{:?}", v.codes());
    let longer: String = unit.repeat(40).chars().take(257).collect();
    let v = check(&longer, &PersonalData::default());
    assert_eq!(v.codes(), vec!["too_long"]);
}

#[test]
fn spaces_and_all_printable_unicode_are_allowed() {
    assert_accepted("  spaced out ☕ emoji 🐪 words  ", &PersonalData::default());
}

#[test]
fn control_characters_are_refused() {
    assert_refused_for(
        "velvet\totter\njuggles",
        &PersonalData::default(),
        ReasonCode::ControlCharacter,
    );
}

#[test]
fn no_composition_rule_applies() {
    // All lower case, no digit, no symbol: fine when long and unpredictable.
    assert_accepted(
        "brisk walrus ponders copper tulips",
        &PersonalData::default(),
    );
}

// ---- common passwords ----

#[test]
fn breached_list_holds_at_least_100000_passwords() {
    assert!(breached_list_len() >= 100_000);
}

#[test]
fn common_passwords_are_refused() {
    for p in [
        "password123",
        "iloveyou1",
        "sunshine",
        "football",
        "baseball1",
        "letmein123",
        "P@ssw0rd",
    ] {
        assert_refused_for(p, &PersonalData::default(), ReasonCode::CommonPassword);
    }
}

#[test]
fn common_passwords_in_our_users_languages_are_refused() {
    for p in [
        "anhyeuem123",
        "matkhau123",
        "bismillah",
        "Seni Sevirem",
        "یا حسین علی",
        "دوستت دارم",
    ] {
        let v = check(p, &PersonalData::default());
        assert!(!v.accepted, "{p} accepted");
    }
    assert_refused_for(
        "Anh Yêu Em",
        &PersonalData::default(),
        ReasonCode::CommonPassword,
    );
}

#[test]
fn common_password_is_refused_even_when_long_enough_for_single_factor() {
    let v = SINGLE.check("qwertyuiopasdfgh", &PersonalData::default(), "en");
    assert!(!v.accepted);
}

// ---- keyboard walks, runs and repetition ----

#[test]
fn qwerty_walks_are_refused() {
    for p in [
        "qwertyuiop",
        "asdfghjkl;",
        "1qaz2wsx3edc",
        "zaq12wsxcde3",
        "1q2w3e4r5t",
        "poiuytrewq",
    ] {
        assert_refused_for(p, &PersonalData::default(), ReasonCode::KeyboardWalk);
    }
}

#[test]
fn azerty_persian_arabic_and_azerbaijani_keyboard_rows_are_refused() {
    for p in [
        "azertyuiop",
        "ضصثقفغعهخح",
        "شسیبلاتنمک",
        "شسيبلاتنمك",
        "qüertyuiopöğ",
        "йцукенгшщз",
    ] {
        assert_refused_for(p, &PersonalData::default(), ReasonCode::KeyboardWalk);
    }
}

#[test]
fn digit_runs_are_refused_in_any_digit_script() {
    for p in [
        "123456789",
        "987654321",
        "۱۲۳۴۵۶۷۸۹",
        "٩٨٧٦٥٤٣٢١",
        "abcdefgh12",
    ] {
        assert_refused_for(p, &PersonalData::default(), ReasonCode::KeyboardWalk);
    }
}

#[test]
fn repeated_characters_are_refused() {
    for p in [
        "aaaaaaaaaa",
        "zzzzzzzz!",
        "abcabcabcabc",
        "hello hello hello",
    ] {
        assert_refused_for(p, &PersonalData::default(), ReasonCode::RepeatedCharacters);
    }
}

// ---- names ----

#[test]
fn vietnamese_name_is_refused_with_or_without_tones() {
    let d = vietnamese();
    for p in [
        "Nguyễn2024!!",
        "nguyen2024!!",
        "NGUYENVANAN",
        "nguyen van an",
        "vananNguyen!",
        "AnNguyen2024",
    ] {
        assert_refused_for(p, &d, ReasonCode::ContainsName);
    }
}

#[test]
fn name_in_leetspeak_or_reversed_is_refused() {
    let d = vietnamese();
    for p in [
        "ngUy3n!!2024",
        "n6uy3nv4n",
        "neyugn2024!",
        "nayvneyugn",
        "Nguy€n#7",
    ] {
        assert_refused_for(p, &d, ReasonCode::ContainsName);
    }
}

#[test]
fn azerbaijani_name_is_refused_in_every_typing() {
    let d = azerbaijani();
    for p in [
        "Şəmsi2024!",
        "semsi2024!",
        "shamsi2024",
        "Shemsi#2024",
        "memmedova77",
        "mammadova77",
        "Шәмси2024!",
        "isməs2024!",
    ] {
        assert_refused_for(p, &d, ReasonCode::ContainsName);
    }
}

#[test]
fn azerbaijani_name_written_in_persian_letters_is_refused() {
    assert_refused_for("شمسی۲۰۲۴!!", &azerbaijani(), ReasonCode::ContainsName);
}

#[test]
fn persian_name_is_refused_in_latin_transliterations() {
    let d = persian();
    for p in [
        "mohammad2024",
        "Mehmet2024!!",
        "Muhammad!!24",
        "mohamed2024!",
        "Mohammed2024",
        "mohamad#2024",
        "m0hamm4d77",
        "Rezaei2024!!",
        "rezayi2024!!",
    ] {
        assert_refused_for(p, &d, ReasonCode::ContainsName);
    }
}

#[test]
fn persian_name_is_refused_in_persian_letters_and_reversed() {
    let d = persian();
    for p in [
        "محمد۲۰۲۴!!",
        "مُحَمَّد2024!",
        "dammahom2024",
        "محمد رضایی",
        "mohammadrezaei",
    ] {
        assert_refused_for(p, &d, ReasonCode::ContainsName);
    }
}

#[test]
fn common_persian_and_arabic_names_are_refused_in_their_usual_spellings() {
    let cases: [(&str, &[&str]); 5] = [
        (
            "حسین",
            &["hossein", "hussein", "husain", "hosein", "hoseyn", "Huseyn"],
        ),
        ("قاسم", &["ghasem", "qasim", "kasim", "gasim", "Qasım"]),
        ("زهرا", &["zahra", "zehra", "Zahraa"]),
        ("فاطمه", &["fatemeh", "fatima", "fateme", "fatma"]),
        ("یوسف", &["yousef", "yusuf", "youssef", "yosef", "Yusif"]),
    ];
    for (name, spellings) in cases {
        let d = PersonalData {
            given_name: Some(name.into()),
            ..PersonalData::default()
        };
        for s in spellings {
            assert_refused_for(&format!("{s}2024!x"), &d, ReasonCode::ContainsName);
        }
    }
}

#[test]
fn short_name_skeleton_only_matches_a_whole_word() {
    let d = PersonalData {
        given_name: Some("یوسف".into()),
        ..PersonalData::default()
    };
    let v = check("software2024", &d);
    assert!(!v.codes().contains(&"contains_name"), "{:?}", v.codes());
    assert_refused_for("Youssef-2024", &d, ReasonCode::ContainsName);
}

#[test]
fn full_width_and_presentation_forms_are_normalised() {
    assert_refused_for(
        "ｐａｓｓｗｏｒｄ１２３",
        &PersonalData::default(),
        ReasonCode::CommonPassword,
    );
    let d = PersonalData {
        given_name: Some("محمد".into()),
        ..PersonalData::default()
    };
    // Arabic presentation forms (isolated/initial/final shapes) fold by NFKC.
    assert_refused_for(
        "\u{FEE3}\u{FEA4}\u{FEE4}\u{FEAA}2024!x",
        &d,
        ReasonCode::ContainsName,
    );
}

#[test]
fn latin_name_written_in_persian_letters_is_refused() {
    let d = PersonalData {
        given_name: Some("Ali".into()),
        family_name: Some("Hosseini".into()),
        ..PersonalData::default()
    };
    assert_refused_for("علی۲۰۲۴!!", &d, ReasonCode::ContainsName);
    assert_refused_for("حسینی۲۰۲۴!", &d, ReasonCode::ContainsName);
}

#[test]
fn cyrillic_name_is_refused_in_latin_and_cyrillic() {
    let d = cyrillic();
    for p in [
        "Шамиль2024!",
        "shamil2024!",
        "Samil#2024",
        "aliyev2024!",
        "Aliev2024!!",
    ] {
        assert_refused_for(p, &d, ReasonCode::ContainsName);
    }
}

#[test]
fn cyrillic_short_i_is_read_as_y() {
    let latin = PersonalData {
        given_name: Some("Leyla".into()),
        ..PersonalData::default()
    };
    assert_refused_for("Лейла2024!", &latin, ReasonCode::ContainsName);
    let cyr = PersonalData {
        given_name: Some("Лейла".into()),
        ..PersonalData::default()
    };
    assert_refused_for("Leyla2024!", &cyr, ReasonCode::ContainsName);
}

#[test]
fn arabic_name_is_refused_with_and_without_the_article() {
    let d = PersonalData {
        given_name: Some("عبدالله".into()),
        family_name: Some("البلوشي".into()),
        ..PersonalData::default()
    };
    for p in [
        "Abdullah2024",
        "abdallah2024",
        "Balushi2024!",
        "albalushi2024",
        "عبدالله٢٠٢٤",
        "البلوشي2024",
    ] {
        assert_refused_for(p, &d, ReasonCode::ContainsName);
    }
}

// ---- birth date ----

#[test]
fn birth_date_is_refused_in_gregorian_forms() {
    let d = only_birth_date();
    for p in [
        "15031990",
        "19900315",
        "03151990",
        "15.03.1990",
        "1990-03-15",
        "03/15/1990",
        "150390xq",
        "kitten1503",
        "kitten0315",
        "kitten1990",
        "pumpkin90",
    ] {
        assert_refused_for(p, &d, ReasonCode::ContainsBirthDate);
    }
}

#[test]
fn birth_date_is_refused_in_the_persian_calendar() {
    let d = only_birth_date();
    for p in [
        "13681224",
        "1368/12/24",
        "۱۳۶۸۱۲۲۴",
        "۱۳۶۸/۱۲/۲۴",
        "kitten۱۳۶۸",
        "24121368",
    ] {
        assert_refused_for(p, &d, ReasonCode::ContainsBirthDate);
    }
}

#[test]
fn birth_date_is_refused_in_the_hijri_calendar() {
    // 15 March 1990 is 17 Sha'ban 1410.
    let d = only_birth_date();
    for p in [
        "14100817",
        "17081410",
        "١٤١٠٠٨١٧",
        "١٧/٠٨/١٤١٠",
        "kitten1410",
    ] {
        assert_refused_for(p, &d, ReasonCode::ContainsBirthDate);
    }
}

#[test]
fn birth_date_with_the_month_spelled_out_is_refused() {
    let d = only_birth_date();
    for p in [
        "15march1990",
        "March15xq!",
        "15mar1990",
        "esfand1368",
        "24esfand!x",
        "۲۴ اسفند ۱۳۶۸",
        "shaban1410",
        "17 شعبان 1410",
        "mart1990!!",
    ] {
        assert_refused_for(p, &d, ReasonCode::ContainsBirthDate);
    }
}

#[test]
fn hijri_date_a_day_off_is_refused_too() {
    // Local moon sighting can put the day one off from Umm al-Qura.
    let d = only_birth_date();
    for p in ["14100816", "14100818"] {
        assert_refused_for(p, &d, ReasonCode::ContainsBirthDate);
    }
}

#[test]
fn birth_date_in_arabic_indic_digits_is_refused() {
    assert_refused_for(
        "١٥٠٣١٩٩٠",
        &only_birth_date(),
        ReasonCode::ContainsBirthDate,
    );
}

#[test]
fn name_and_birth_year_together_name_both_reasons() {
    let v = check("Nguyen1990", &vietnamese());
    assert!(!v.accepted);
    assert!(v.codes().contains(&"contains_name"), "{:?}", v.codes());
    assert!(
        v.codes().contains(&"contains_birth_date"),
        "{:?}",
        v.codes()
    );
}

#[test]
fn reversed_birth_date_is_refused() {
    assert_refused_for(
        "09913051",
        &only_birth_date(),
        ReasonCode::ContainsBirthDate,
    );
}

// ---- phone, email, username, business ----

#[test]
fn phone_number_is_refused_in_full_national_and_tail_forms() {
    let d = vietnamese();
    for p in [
        "84912345678",
        "+84912345678",
        "0912345678",
        "0912-345-678",
        "kitten345678",
        "۰۹۱۲۳۴۵۶۷۸",
    ] {
        assert_refused_for(p, &d, ReasonCode::ContainsPhone);
    }
}

#[test]
fn email_local_part_and_its_pieces_are_refused() {
    let d = vietnamese();
    for p in ["tiger.lily88", "tigerlily88!", "lilytiger!!", "t1g3rl1ly"] {
        assert_refused_for(p, &d, ReasonCode::ContainsEmail);
    }
}

#[test]
fn username_is_refused() {
    let d = vietnamese();
    for p in ["darkwolf77", "Darkwolf77!!", "77flowkrad", "d4rkw0lf!!"] {
        assert_refused_for(p, &d, ReasonCode::ContainsUsername);
    }
}

#[test]
fn business_name_and_domain_are_refused() {
    let d = PersonalData::default();
    for p in [
        "odero2024!",
        "Odero.az2024",
        "oredo2024!!",
        "tokeninc123",
        "اودرو۲۰۲۴!",
    ] {
        assert_refused_for(p, &d, ReasonCode::ContainsBusinessName);
    }
}

// ---- combinations and the residue rule ----

#[test]
fn personal_data_glued_together_is_refused() {
    let d = persian();
    for p in [
        "mohammad1368!",
        "Rezaei۱۳۶۸۱۲۲۴",
        "mrezaei09121234567",
        "dammahom1990",
    ] {
        let v = check(p, &d);
        assert!(!v.accepted, "{p} accepted");
    }
}

#[test]
fn personal_data_with_a_weak_remainder_is_too_guessable_as_well() {
    let v = check("nguyen sunshine", &vietnamese());
    assert!(!v.accepted);
    assert!(v.codes().contains(&"contains_name"), "{:?}", v.codes());
}

#[test]
fn name_inside_a_strong_passphrase_is_accepted() {
    assert_accepted(
        "Nguyễn thích ăn phở bò với rau thơm mỗi sáng thứ bảy",
        &vietnamese(),
    );
    assert_accepted("velvet otter juggles nine lanterns for Shamil", &cyrillic());
}

#[test]
fn zxcvbn_score_is_reported() {
    let weak = check("password123", &PersonalData::default());
    assert!(weak.score <= 1, "{}", weak.score);
    let strong = check(
        "velvet otter juggles nine lanterns",
        &PersonalData::default(),
    );
    assert!(strong.score >= 3, "{}", strong.score);
}

// ---- good passphrases in every language ----

#[test]
fn good_passphrases_in_every_language_are_accepted_with_full_personal_data() {
    let phrases = [
        "velvet otter juggles nine lanterns",
        "Con mèo tím nhảy qua cầu tre lúc nửa đêm",
        "گربه بنفش نیمه شب از پل چوبی پرید",
        "القطة البنفسجية قفزت فوق الجسر الخشبي ليلا",
        "Bənövşəyi pişik gecə yarısı taxta körpüdən tullandı",
        "Фиолетовый кот прыгнул через мост",
    ];
    for data in [vietnamese(), azerbaijani(), persian(), cyrillic()] {
        for p in phrases {
            let v = SINGLE.check(p, &data, "en");
            assert!(
                v.accepted,
                "{p:?} refused: {:?} (score {})",
                v.codes(),
                v.score
            );
        }
    }
}

#[test]
fn random_looking_persian_and_vietnamese_passphrases_are_accepted() {
    assert_accepted("ژاله کوچ دلفین سرمه‌ای پنج", &persian());
    assert_accepted("gió bấc lượm sáu viên sỏi hồng", &vietnamese());
}

// ---- messages and serialisation ----

#[test]
fn messages_come_in_the_customers_language() {
    let d = persian();
    for lang in LANGUAGES {
        let v = POLICY.check("mohammad1368", &d, lang);
        assert!(!v.reasons.is_empty());
        for r in &v.reasons {
            assert!(!r.message.is_empty());
            assert_ne!(r.message, r.code, "{lang}: {} has no message", r.code);
        }
    }
    let fa = POLICY.check("abc", &d, "fa-IR");
    assert!(
        fa.reasons[0].message.contains("۸"),
        "{}",
        fa.reasons[0].message
    );
    let unknown = POLICY.check("abc", &d, "de");
    let en = POLICY.check("abc", &d, "en");
    assert_eq!(unknown, en);
}

#[test]
fn messages_never_echo_the_password_or_personal_values() {
    let d = vietnamese();
    let secrets = [
        "nguyen",
        "Nguyễn",
        "darkwolf",
        "tiger",
        "lily",
        "0912345678",
        "1990",
        "15031990",
    ];
    for p in [
        "Nguyễn1990",
        "darkwolf77",
        "tiger.lily88",
        "0912345678",
        "15031990",
    ] {
        for lang in LANGUAGES {
            let v = POLICY.check(p, &d, lang);
            for r in &v.reasons {
                assert!(!r.message.contains(p), "{lang} echoes the password");
                for s in secrets {
                    assert!(
                        !r.message.to_lowercase().contains(&s.to_lowercase()),
                        "{lang}: {} echoes {s}",
                        r.code
                    );
                }
            }
        }
    }
}

#[test]
fn verdict_serialises_with_accepted_reasons_and_score() {
    let v = check("password", &PersonalData::default());
    let json: serde_json::Value = serde_json::to_value(&v).unwrap();
    let obj = json.as_object().unwrap();
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, vec!["accepted", "reasons", "score"]);
    assert_eq!(obj["accepted"], false);
    assert!(obj["reasons"][0]["code"].is_string());
    assert!(obj["reasons"][0]["message"].is_string());
}

#[test]
fn personal_data_debug_output_hides_values() {
    let shown = format!("{:?}", vietnamese());
    assert!(!shown.contains("Nguy"));
    assert!(!shown.contains("0912"));
    assert!(shown.contains("<set>"));
}

#[test]
fn every_reason_code_is_snake_case_and_distinct() {
    let mut seen = std::collections::HashSet::new();
    for c in ReasonCode::ALL {
        let s = c.as_str();
        assert!(
            s.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'),
            "{s}"
        );
        assert!(seen.insert(s), "{s} twice");
    }
}
