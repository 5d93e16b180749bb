//! Whatever a customer types, and whatever their stored data holds, the
//! policy answers without panicking and its answer is consistent.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::LazyLock;

use amanat_password::{Context, PersonalData, Policy, ReasonCode};
use chrono::NaiveDate;
use proptest::prelude::*;

static POLICY: LazyLock<Policy> = LazyLock::new(|| {
    Policy::new(Context {
        business_names: vec!["Odero".into(), "اودرو".into()],
        business_domains: vec!["odero.az".into()],
        second_factor: true,
    })
});

/// Text mixing the scripts and symbols the policy treats specially.
fn mixed_text(max: usize) -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        any::<char>().prop_map(String::from),
        "[a-zA-Z0-9 @$!|+.\\-_/]{1,4}",
        "[ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكةۀأإآ]{1,4}",
        "[۰-۹٠-٩]{1,4}",
        "[а-яәөүҹғһА-Я]{1,4}",
        "[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]{1,3}",
        "[şçğıəöüŞÇĞİƏÖÜ]{1,3}",
        Just("\u{200C}".to_string()),
        Just("\u{0640}".to_string()),
        Just("\u{FB01}".to_string()),
        Just("\u{0651}".to_string()),
    ];
    prop::collection::vec(pieces, 0..max).prop_map(|v| v.concat())
}

fn personal() -> impl Strategy<Value = PersonalData> {
    (
        prop::option::of(mixed_text(6)),
        prop::option::of(mixed_text(6)),
        prop::option::of((1i32..=2100, 1u32..=12, 1u32..=31)),
        prop::option::of("\\+?[0-9۰-۹ ()-]{0,20}"),
        prop::option::of(mixed_text(6)),
        prop::option::of(mixed_text(4)),
    )
        .prop_map(
            |(given_name, family_name, date, phone, email, username)| PersonalData {
                given_name,
                family_name,
                birth_date: date.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
                phone,
                email,
                username,
            },
        )
}

fn assert_consistent(password: &str, data: &PersonalData, lang: &str) {
    let v = POLICY.check(password, data, lang);
    assert_eq!(v.accepted, v.reasons.is_empty());
    assert!(v.score <= 4);
    for r in &v.reasons {
        assert!(
            ReasonCode::ALL.iter().any(|c| c.as_str() == r.code),
            "unknown code {}",
            r.code
        );
        assert!(!r.message.is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_unicode_password_gets_an_answer(password in any::<String>(), data in personal()) {
        assert_consistent(&password, &data, "en");
    }

    #[test]
    fn mixed_script_passwords_get_an_answer(password in mixed_text(40), data in personal(), lang in "[a-z]{0,3}") {
        assert_consistent(&password, &data, &lang);
    }

    #[test]
    fn long_passwords_get_an_answer(password in mixed_text(120)) {
        assert_consistent(&password, &PersonalData::default(), "fa");
    }
}

#[test]
fn extreme_inputs_get_an_answer() {
    let d = PersonalData {
        given_name: Some("ا".repeat(300)),
        family_name: Some("Nguyễn ".repeat(50)),
        birth_date: NaiveDate::from_ymd_opt(1, 1, 1),
        phone: Some("9".repeat(40)),
        email: Some("@@@".into()),
        username: Some(String::new()),
    };
    for p in [
        "",
        " ",
        "a",
        &"a".repeat(256),
        &"۱".repeat(257),
        &"\u{0651}".repeat(100),
        "\0\0\0\0\0\0\0\0",
    ] {
        assert_consistent(p, &d, "ar");
    }
}
