//! Property tests: no input, however odd, makes a check panic, and spans stay inside the text.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use amanat_shield::{Channels, Shield, normalise_text};
use chrono::NaiveDate;
use proptest::prelude::*;

fn shield() -> Shield {
    Shield::new(Channels {
        business_name: "Odero".into(),
        brand_names: vec!["اودرو".into()],
        web_origins: vec!["https://odero.az".into()],
        email_domains: vec!["odero.az".into()],
        phones: vec!["+994124900000".into()],
        short_codes: vec!["8877".into()],
        default_region: "AZ".into(),
        ..Default::default()
    })
    .unwrap()
}

/// Text drawn from the scripts the shield reads, plus digits, marks and punctuation.
fn mixed_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            "[a-zA-Z0-9 .,:/@+-]{1,8}",
            "[ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكةأإآـًٌٍَُِّ۰-۹٠-٩]{1,6}",
            "[àáâãèéêìíòóôõùúýăđĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]{1,4}",
            "[əğıöüşçİ]{1,3}",
            "[оаеросхуіјԁԛѕԝ]{1,3}",
            any::<char>().prop_map(String::from),
        ],
        0..24,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn link_check_never_panics(s in mixed_text()) {
        let _ = shield().check_link(&s, "fa");
    }

    #[test]
    fn link_check_never_panics_on_any_string(s in any::<String>()) {
        let _ = shield().check_link(&s, "en");
        let _ = shield().check_sender(&s, "ar");
        let _ = shield().check_phone(&s, 3, "vi");
    }

    #[test]
    fn message_check_never_panics_and_spans_are_valid(s in mixed_text()) {
        let v = shield().check_message(&s, None);
        prop_assert!(v.score <= 100);
        for sig in &v.signals {
            prop_assert!(sig.span.0 <= sig.span.1 && sig.span.1 <= s.len());
            prop_assert!(s.is_char_boundary(sig.span.0) && s.is_char_boundary(sig.span.1));
            prop_assert_eq!(&s[sig.span.0..sig.span.1], sig.matched.as_str());
        }
    }

    #[test]
    fn promo_check_never_panics(s in mixed_text(), d in 0i32..3000) {
        let today = NaiveDate::from_num_days_from_ce_opt(730_000 + d).unwrap();
        let _ = shield().check_promo(&s, today, "az");
    }

    #[test]
    fn offset_map_points_at_char_boundaries(s in mixed_text()) {
        let n = normalise_text(&s);
        prop_assert_eq!(n.starts.len(), n.text.len());
        prop_assert_eq!(n.ends.len(), n.text.len());
        for i in 0..n.text.len() {
            prop_assert!(s.is_char_boundary(n.starts[i]) && s.is_char_boundary(n.ends[i]));
            prop_assert!(n.starts[i] < n.ends[i]);
        }
    }

    #[test]
    fn domain_like_strings_never_panic(label in "[a-z0-9-]{1,30}", tld in "(az|com|net|ir|vn|om|co\\.uk|xn--p1ai)") {
        let s = shield();
        let _ = s.check_link(&format!("{label}.{tld}"), "en");
        let _ = s.check_link(&format!("https://odero.az@{label}.{tld}/x"), "en");
        let _ = s.check_link(&format!("{label}.odero.az.{tld}"), "en");
    }
}
