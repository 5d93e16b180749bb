//! Behaviour tests of the whole shield, one per technique a customer would recognise.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;

use super::*;

fn odero() -> Shield {
    let mut promo = Promotion {
        code: "NOVRUZ2026".into(),
        valid_from: NaiveDate::from_ymd_opt(2026, 3, 1),
        valid_to: NaiveDate::from_ymd_opt(2026, 3, 31),
        official_url: "https://odero.az/novruz".into(),
        ..Default::default()
    };
    promo.title.insert("en".into(), "Novruz draw".into());
    promo.title.insert("az".into(), "Novruz tirajı".into());
    promo.how_winners_are_contacted.insert(
        "en".into(),
        "Winners are invited to the head office in person.".into(),
    );
    promo.how_winners_are_contacted.insert(
        "az".into(),
        "Qaliblər baş ofisə şəxsən dəvət olunur.".into(),
    );
    Shield::new(Channels {
        business_name: "Odero".into(),
        brand_names: vec!["اودرو".into(), "Token Inc".into()],
        web_origins: vec!["https://odero.az".into()],
        email_domains: vec!["odero.az".into(), "tokeninc.com".into()],
        support_emails: vec!["support@odero.az".into()],
        phones: vec!["+994 12 490 00 00".into()],
        short_codes: vec!["8877".into()],
        social_pages: vec!["https://instagram.com/odero.az".into()],
        promotions: vec![promo],
        never_ask: vec!["password".into(), "pin".into(), "otp".into(), "cvv".into()],
        default_region: "AZ".into(),
    })
    .unwrap()
}

fn tap() -> Shield {
    Shield::new(Channels {
        business_name: "Tap".into(),
        web_origins: vec!["https://tap.az".into()],
        default_region: "AZ".into(),
        ..Default::default()
    })
    .unwrap()
}

fn kind(s: &Shield, url: &str) -> VerdictKind {
    s.check_link(url, "en").verdict
}

fn codes(v: &Verdict) -> Vec<&str> {
    v.reasons.iter().map(|r| r.code.as_str()).collect()
}

// ---- links: official ----

#[test]
fn official_origin_and_its_subdomains_are_official() {
    let s = odero();
    for u in [
        "https://odero.az",
        "odero.az",
        "https://www.odero.az/login?x=1",
        "http://pay.odero.az",
        "tokeninc.com",
        "ODERO.AZ.",
    ] {
        assert_eq!(kind(&s, u), VerdictKind::Official, "{u}");
    }
}

#[test]
fn official_social_page_is_official_but_the_rest_of_the_site_is_not() {
    let s = odero();
    let v = s.check_link("https://www.instagram.com/odero.az/", "en");
    assert_eq!(v.verdict, VerdictKind::Official);
    assert!(codes(&v).contains(&"official_social_page"));
    assert_eq!(
        kind(&s, "https://instagram.com/odero.az.bonus"),
        VerdictKind::Unknown
    );
    assert_eq!(kind(&s, "https://instagram.com/"), VerdictKind::Unknown);
}

#[test]
fn unrelated_domains_are_unknown_not_accused() {
    let s = odero();
    for u in [
        "google.com",
        "https://wikipedia.org/wiki/Baku",
        "modern.az",
        "order.com",
        "hero.az",
        "odessa-hotel.com",
    ] {
        let v = s.check_link(u, "en");
        assert_eq!(v.verdict, VerdictKind::Unknown, "{u}: {:?}", v.reasons);
        assert!(codes(&v).contains(&"not_official"), "{u}: {:?}", codes(&v));
    }
}

// ---- links: each typo class ----

#[test]
fn each_typo_class_is_impersonation() {
    let s = odero();
    let cases = [
        ("odro.az", "omission"),
        ("oderoo.az", "repetition"),
        ("odexro.az", "insertion"),
        ("odefo.az", "replacement (keyboard neighbour r/f)"),
        ("oedro.az", "transposition"),
        ("odera.az", "vowel swap"),
        ("odaro.az", "vowel swap"),
        ("odero1.az", "addition"),
        ("ofero.az", "bitsquatting d->f"),
        ("oderc.az", "bitsquatting o->c... and look-alike"),
        ("0dero.az", "digit zero for o"),
        ("oclero.az", "cl for d"),
        ("tokenlnc.com", "l for i"),
        ("tokeninc-1.com", "addition with hyphen"),
    ];
    for (d, why) in cases {
        let v = s.check_link(d, "en");
        assert_eq!(
            v.verdict,
            VerdictKind::Impersonation,
            "{d} ({why}): {:?}",
            codes(&v)
        );
        assert!(v.imitates.is_some(), "{d}");
    }
}

#[test]
fn homoglyph_pairs_rn_vv_fold() {
    let s = Shield::new(Channels {
        business_name: "Omantel".into(),
        web_origins: vec!["https://omantel.om".into()],
        ..Default::default()
    })
    .unwrap();
    assert_eq!(kind(&s, "ornantel.om"), VerdictKind::Impersonation);
    let w = Shield::new(Channels {
        web_origins: vec!["https://wallet.az".into()],
        ..Default::default()
    })
    .unwrap();
    assert_eq!(kind(&w, "vvallet.az"), VerdictKind::Impersonation);
}

#[test]
fn hyphenation_and_tld_swap_are_named() {
    let s = odero();
    let v = s.check_link("o-dero.az", "en");
    assert_eq!(v.verdict, VerdictKind::Impersonation);
    assert!(codes(&v).contains(&"hyphenation"));
    for d in ["odero.com", "odero.net", "odero.com.az", "odero.co"] {
        let v = s.check_link(d, "en");
        assert_eq!(v.verdict, VerdictKind::Impersonation, "{d}");
        assert!(codes(&v).contains(&"tld_swap"), "{d}: {:?}", codes(&v));
        assert_eq!(v.imitates.as_deref(), Some("odero.az"));
    }
}

// ---- links: confusable scripts ----

#[test]
fn cyrillic_greek_armenian_lookalikes_are_impersonation() {
    let s = odero();
    for d in ["оdero.az", "odеro.az", "οdero.az", "օdero.az", "ódero.az"] {
        let v = s.check_link(d, "en");
        assert_eq!(
            v.verdict,
            VerdictKind::Impersonation,
            "{d}: {:?}",
            codes(&v)
        );
        assert!(
            codes(&v).contains(&"confusable_characters"),
            "{d}: {:?}",
            codes(&v)
        );
    }
}

#[test]
fn mixed_script_label_is_reported() {
    let s = odero();
    let v = s.check_link("оdero.az", "en"); // Cyrillic о with Latin dero
    assert!(codes(&v).contains(&"mixed_script"), "{:?}", codes(&v));
}

#[test]
fn whole_script_confusable_is_reported() {
    // "сор" is all Cyrillic and looks like Latin "cop".
    let s = Shield::new(Channels {
        web_origins: vec!["https://cop.az".into()],
        ..Default::default()
    })
    .unwrap();
    let v = s.check_link("сор.az", "en");
    assert_eq!(v.verdict, VerdictKind::Impersonation, "{:?}", codes(&v));
    assert!(
        codes(&v).contains(&"whole_script_confusable"),
        "{:?}",
        codes(&v)
    );
}

#[test]
fn punycode_is_decoded_and_explained() {
    let s = odero();
    let ascii = idna::domain_to_ascii("оdero.az").unwrap();
    assert!(ascii.starts_with("xn--"));
    let v = s.check_link(&format!("https://{ascii}/login"), "en");
    assert_eq!(v.verdict, VerdictKind::Impersonation);
    let r = v
        .reasons
        .iter()
        .find(|r| r.code == "internationalized_domain")
        .unwrap();
    assert!(r.message.contains("оdero.az"), "{}", r.message);
}

// ---- links: userinfo and subdomain abuse ----

#[test]
fn userinfo_is_seen_through() {
    let s = odero();
    let v = s.check_link("https://odero.az@evil.example/login", "en");
    assert_eq!(v.verdict, VerdictKind::Impersonation);
    let r = v
        .reasons
        .iter()
        .find(|r| r.code == "userinfo_trick")
        .unwrap();
    assert!(r.message.contains("evil.example"), "{}", r.message);
    let v = s.check_link("odero.az:secure@203.0.113.9", "en");
    assert_eq!(v.verdict, VerdictKind::Impersonation);
    // Userinfo pointing at the real host is still the real host.
    assert_eq!(kind(&s, "https://someone@odero.az/"), VerdictKind::Official);
}

#[test]
fn subdomain_abuse_is_impersonation() {
    let s = odero();
    for d in [
        "odero.az.evil.example",
        "https://www.odero.az.secure-login.info/x",
        "login.odero.az.account-restore.co",
    ] {
        let v = s.check_link(d, "en");
        assert_eq!(v.verdict, VerdictKind::Impersonation, "{d}");
        assert!(
            codes(&v).contains(&"subdomain_abuse"),
            "{d}: {:?}",
            codes(&v)
        );
    }
    let v = s.check_link("odero.az-verify.com", "en");
    assert_eq!(v.verdict, VerdictKind::Impersonation);
    assert!(codes(&v).contains(&"brand_in_subdomain"), "{:?}", codes(&v));
    // A brand split by a dot: o.dero.az
    assert_eq!(kind(&s, "o.dero.az"), VerdictKind::Impersonation);
}

// ---- links: combosquatting positions ----

#[test]
fn combosquats_in_every_position() {
    let s = odero();
    for d in [
        "odero-az-login.com",
        "secure-odero.com",
        "oderoaz.net",
        "odero-login.com",
        "loginodero.com",
        "my-odero-bonus.xyz",
        "oderosupport.info",
        "odero-kampaniya.top",
        "tokeninc-verify.com",
        "secure-token-inc.net",
        "0dero-login.com",
    ] {
        let v = s.check_link(d, "en");
        assert_eq!(
            v.verdict,
            VerdictKind::Impersonation,
            "{d}: {:?}",
            codes(&v)
        );
    }
}

#[test]
fn short_brand_does_not_match_inside_other_words() {
    let s = tap();
    for d in [
        "laptop.com",
        "tapestry.com",
        "startap.org",
        "tape.com",
        "capital.az",
        "top.com",
        "map.com",
        "tapas.es",
    ] {
        let v = kind(&s, d);
        assert_eq!(v, VerdictKind::Unknown, "{d}");
    }
    for d in [
        "tap-login.com",
        "tapaz.com",
        "tap-az.net",
        "secure-tap.com",
        "tapp.az",
        "tap.com",
    ] {
        let v = kind(&s, d);
        assert!(
            matches!(v, VerdictKind::Impersonation | VerdictKind::Suspicious),
            "{d}: {v:?}"
        );
    }
}

#[test]
fn bad_input_gives_unknown_with_reason() {
    let s = odero();
    for (input, code) in [
        ("", "invalid_input"),
        ("   ", "invalid_input"),
        ("http://", "invalid_url"),
        ("odero az", "invalid_url"),
        ("javascript:alert(1)", "invalid_url"),
        ("localhost", "no_registrable_domain"),
    ] {
        let v = s.check_link(input, "en");
        assert_eq!(v.verdict, VerdictKind::Unknown, "{input:?}");
        assert!(codes(&v).contains(&code), "{input:?}: {:?}", codes(&v));
    }
    assert_eq!(kind(&s, "http://192.0.2.7/odero"), VerdictKind::Suspicious);
}

#[test]
fn reasons_come_in_the_requested_language() {
    let s = odero();
    let en = s.check_link("odero.com", "en");
    let fa = s.check_link("odero.com", "fa-IR");
    let xx = s.check_link("odero.com", "xx");
    assert_ne!(en.reasons[0].message, fa.reasons[0].message);
    assert_eq!(en.reasons[0].message, xx.reasons[0].message);
}

// ---- sender ----

#[test]
fn sender_checks() {
    let s = odero();
    assert_eq!(
        s.check_sender("Odero <noreply@odero.az>", "en").verdict,
        VerdictKind::Official
    );
    assert_eq!(
        s.check_sender("billing@mail.tokeninc.com", "en").verdict,
        VerdictKind::Official
    );
    let v = s.check_sender("support@odero.az", "en");
    assert!(codes(&v).contains(&"official_support_address"));
    let v = s.check_sender("Odero Security <alerts@gmail.com>", "en");
    assert_eq!(v.verdict, VerdictKind::Impersonation);
    assert!(codes(&v).contains(&"display_name_claims_business"));
    let v = s.check_sender("\"پشتیبانی اودرو\" <help@mail.ru>", "fa");
    assert_eq!(v.verdict, VerdictKind::Impersonation, "{:?}", codes(&v));
    let v = s.check_sender("Support <help@odero-az.com>", "en");
    assert_eq!(v.verdict, VerdictKind::Impersonation);
    // Arabic-script name that merely shares two consonants with the brand is not a claim.
    assert_eq!(
        s.check_sender("مدیر فروش <sales@example.org>", "fa")
            .verdict,
        VerdictKind::Unknown
    );
    // The Latin brand written in Arabic script is recognised by its consonants.
    let om = Shield::new(Channels {
        business_name: "Omantel".into(),
        web_origins: vec!["https://omantel.om".into()],
        ..Default::default()
    })
    .unwrap();
    let v = om.check_sender("خدمة عملاء عمانتل <care@gmail.com>", "ar");
    assert_eq!(v.verdict, VerdictKind::Impersonation, "{:?}", codes(&v));
    let v = s.check_sender("Anna <anna@example.org>", "en");
    assert_eq!(v.verdict, VerdictKind::Unknown);
    assert!(codes(&v).contains(&"unofficial_sender"));
    assert_eq!(
        s.check_sender("not an address", "en").verdict,
        VerdictKind::Unknown
    );
}

// ---- phone ----

#[test]
fn phone_checks() {
    let s = odero();
    assert_eq!(
        s.check_phone("012 490 00 00", 0, "en").verdict,
        VerdictKind::Official
    );
    assert_eq!(
        s.check_phone("+994124900000", 0, "en").verdict,
        VerdictKind::Official
    );
    assert_eq!(
        s.check_phone("8877", 0, "en").verdict,
        VerdictKind::Official
    );
    let v = s.check_phone("+994 55 712 90 90", 7, "az");
    assert_eq!(v.verdict, VerdictKind::Suspicious);
    assert!(v.reasons[0].message.contains('7'));
    assert_eq!(
        s.check_phone("055 712 90 90", 0, "en").verdict,
        VerdictKind::Unknown
    );
    assert_eq!(
        s.check_phone("hello", 0, "en").verdict,
        VerdictKind::Unknown
    );
}

#[test]
fn normalise_phone_reads_national_and_eastern_digits() {
    assert_eq!(
        normalise_phone("055 712 90 90", "AZ").unwrap(),
        "+994557129090"
    );
    assert_eq!(
        normalise_phone("۰۹۱۲ ۳۴۵ ۶۷۸۹", "IR").unwrap(),
        "+989123456789"
    );
    assert_eq!(
        normalise_phone("00994557129090", "").unwrap(),
        "+994557129090"
    );
    assert!(normalise_phone("12", "AZ").is_err());
    assert!(normalise_phone("055 712 90 90", "XX").is_err());
}

// ---- promotions ----

#[test]
fn promotion_checks() {
    let s = odero();
    let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    let v = s.check_promo("novruz2026", d(3, 10), "az");
    assert_eq!(v.verdict, VerdictKind::Official);
    assert!(
        v.reasons.iter().any(|r| r.message.contains("baş ofis")),
        "{:?}",
        v.reasons
    );
    assert_eq!(
        s.check_promo("NOVRUZ2026", d(4, 2), "en").verdict,
        VerdictKind::Suspicious
    );
    assert!(codes(&s.check_promo("NOVRUZ2026", d(4, 2), "en")).contains(&"promotion_expired"));
    assert_eq!(
        s.check_promo("NOVRUZ2026", d(2, 2), "en").verdict,
        VerdictKind::Suspicious
    );
    let v = s.check_promo(
        "Congratulations! You won an iPhone in the Odero summer lottery",
        d(3, 10),
        "en",
    );
    assert_eq!(v.verdict, VerdictKind::Impersonation);
    assert!(codes(&v).contains(&"no_such_promotion"));
    assert_eq!(
        s.check_promo("", d(3, 10), "en").verdict,
        VerdictKind::Unknown
    );
}

// ---- registry errors ----

#[test]
fn malformed_registry_names_the_entry() {
    let bad = |c: Channels| Shield::new(c).unwrap_err().to_string();
    let e = bad(Channels {
        web_origins: vec!["https://ok.az".into(), "http://".into()],
        ..Default::default()
    });
    assert!(e.starts_with("web_origins[1]"), "{e}");
    let e = bad(Channels {
        never_ask: vec!["shoe_size".into()],
        ..Default::default()
    });
    assert!(e.contains("never_ask[0]"), "{e}");
    let e = bad(Channels {
        phones: vec!["abc".into()],
        default_region: "AZ".into(),
        ..Default::default()
    });
    assert!(e.contains("phones[0]"), "{e}");
    let e = bad(Channels {
        default_region: "Narnia".into(),
        ..Default::default()
    });
    assert!(e.contains("default_region"), "{e}");
    let e = bad(Channels {
        short_codes: vec!["12".into()],
        ..Default::default()
    });
    assert!(e.contains("short_codes[0]"), "{e}");
    let e = bad(Channels {
        promotions: vec![Promotion {
            code: "X".into(),
            valid_from: NaiveDate::from_ymd_opt(2026, 5, 1),
            valid_to: NaiveDate::from_ymd_opt(2026, 4, 1),
            ..Default::default()
        }],
        ..Default::default()
    });
    assert!(e.contains("promotions[0]"), "{e}");
}

#[test]
fn channels_read_from_a_toml_config() {
    let text = r#"
        business_name = "Omantel"
        brand_names = ["عمانتل"]
        web_origins = ["https://omantel.om"]
        phones = ["+968 2400 0000"]
        never_ask = ["pin", "otp", "bank_details"]
        default_region = "OM"

        [[promotions]]
        code = "EID2026"
        valid_from = "2026-03-15"
        valid_to = "2026-04-15"
        official_url = "https://omantel.om/eid"
        title = { en = "Eid draw", ar = "سحب العيد" }
        how_winners_are_contacted = { ar = "يُدعى الفائزون إلى المقر الرئيسي شخصياً" }
    "#;
    let c: Channels = toml::from_str(text).unwrap();
    let s = Shield::new(c).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
    let v = s.check_promo("سحب العيد", today, "ar");
    assert_eq!(v.verdict, VerdictKind::Official);
    assert!(
        v.reasons
            .iter()
            .any(|r| r.message.contains("المقر الرئيسي"))
    );
}

#[test]
fn channels_round_trip_through_json() {
    let c = odero().channels().clone();
    let j = serde_json::to_string(&c).unwrap();
    let back: Channels = serde_json::from_str(&j).unwrap();
    assert_eq!(c, back);
    let partial: Channels = serde_json::from_str(r#"{"business_name":"X"}"#).unwrap();
    assert_eq!(partial.business_name, "X");
}

// ---- messages ----

fn msg(s: &Shield, t: &str) -> MessageVerdict {
    s.check_message(t, None)
}

#[test]
fn sign_in_code_message_is_ok_in_every_language() {
    let s = odero();
    for t in [
        "Odero: your sign-in code is 482913. Never share this code with anyone, we will never ask for it.",
        "Odero: giriş kodunuz 482913. Bu kodu heç kimə verməyin, biz onu heç vaxt istəmirik.",
        "اودرو: کد ورود شما ۴۸۲۹۱۳ است. این کد را به هیچ‌کس ندهید؛ ما هرگز آن را از شما نمی‌خواهیم.",
        "اودرو: رمز الدخول 482913. لا تشارك هذا الرمز مع أي شخص، لن نطلب منك هذا الرمز أبداً.",
        "Odero: mã đăng nhập của bạn là 482913. Không chia sẻ mã này cho bất kỳ ai, chúng tôi không bao giờ hỏi mã này.",
    ] {
        let v = msg(&s, t);
        assert_eq!(v.verdict, MessageKind::Ok, "{t}: {:?}", v.signals);
    }
}

#[test]
fn security_awareness_notice_is_ok() {
    let s = odero();
    let t = "Beware of scams: fraudsters promise prizes and ask for your PIN or card number. Odero will never ask for your PIN, password or one-time code.";
    assert_eq!(msg(&s, t).verdict, MessageKind::Ok);
}

#[test]
fn prize_with_fee_and_lookalike_link_is_scam_with_spans() {
    let s = odero();
    let t =
        "Congratulations! You won 5000 AZN. Pay a 25 AZN processing fee at odero-bonus.com today.";
    let v = msg(&s, t);
    assert_eq!(v.verdict, MessageKind::Scam);
    assert_eq!(v.language, "en");
    let link = v
        .signals
        .iter()
        .find(|x| x.code == "impersonation_link")
        .unwrap();
    assert_eq!(&t[link.span.0..link.span.1], "odero-bonus.com");
    assert_eq!(link.matched, "odero-bonus.com");
    let prize = v.signals.iter().find(|x| x.code == "prize").unwrap();
    assert_eq!(&t[prize.span.0..prize.span.1], prize.matched);
}

#[test]
fn asking_for_otp_is_scam_in_every_language() {
    let s = odero();
    for t in [
        "Hi, I sent you a code by mistake, please send me the code you received.",
        "Salam, səhvən sizə kod göndərdim, zəhmət olmasa gələn kodu mənə göndərin.",
        "سلام، کد تایید را اشتباهی فرستادم، لطفاً کد را برایم ارسال کنید و شماره کارت را هم بفرستید.",
        "مرحبا، أرسل لي رمز التحقق الذي وصلك ورقم البطاقة.",
        "Chào bạn, vui lòng gửi mã OTP và số thẻ để nhận quà.",
    ] {
        let v = msg(&s, t);
        assert_ne!(v.verdict, MessageKind::Ok, "{t}: {:?}", v.signals);
        assert!(v.signals.iter().any(|x| x.code.starts_with("asks_")), "{t}");
    }
}

#[test]
fn a_vietnamese_battery_is_not_a_pin() {
    let s = odero();
    // "pin" is a phone's battery in Vietnamese; the card PIN is "mã PIN".
    let battery = msg(
        &s,
        "Cần mua điện thoại cho mẹ, pin trâu, màn hình to, sạc pin nhanh.",
    );
    let has_pin = |v: &MessageVerdict| v.signals.iter().any(|x| x.code == "asks_pin");
    assert!(!has_pin(&battery), "{:?}", battery.signals);
    let card = msg(&s, "Vui lòng gửi mã PIN thẻ ATM của bạn để xác minh.");
    assert!(has_pin(&card), "{:?}", card.signals);
}

#[test]
fn spans_point_into_original_arabic_persian_vietnamese_text() {
    let s = odero();
    for t in [
        "مبروك! لقد فزت بجائزةٍ قيمة، ادفع رسوم التحويل الآن",
        "تبریک! شما برنده جایزه شدید، هزینه ارسال را فوراً واریز کنید",
        "Chúc mừng bạn đã trúng thưởng, vui lòng đóng phí ngay lập tức",
    ] {
        let v = msg(&s, t);
        assert!(!v.signals.is_empty(), "{t}");
        for sig in &v.signals {
            assert!(t.is_char_boundary(sig.span.0) && t.is_char_boundary(sig.span.1));
            assert_eq!(&t[sig.span.0..sig.span.1], sig.matched);
        }
    }
}

#[test]
fn unofficial_callback_number_is_named_and_official_one_is_not() {
    let s = odero();
    let v = msg(
        &s,
        "Your card is blocked. Call +994 55 812 33 41 immediately.",
    );
    let sig = v
        .signals
        .iter()
        .find(|x| x.code == "unofficial_callback_number")
        .unwrap();
    assert!(sig.message.contains("+994558123341"), "{}", sig.message);
    let v = msg(&s, "Questions? Call us on 012 490 00 00.");
    assert!(
        v.signals
            .iter()
            .all(|x| x.code != "unofficial_callback_number")
    );
}

#[test]
fn message_language_detection_and_override() {
    let s = odero();
    assert_eq!(msg(&s, "Chúc mừng bạn").language, "vi");
    assert_eq!(s.check_message("hello", Some("az")).language, "az");
    assert_eq!(s.check_message("hello", Some("zz")).language, "en");
}

#[test]
fn every_code_has_a_message_in_every_language() {
    let mut en = None;
    for (lang, file, text) in i18n::FILES {
        let map = i18n::parse_file(text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let keys: Vec<String> = map.keys().cloned().collect();
        for (k, v) in &map {
            assert!(!v.trim().is_empty(), "{file}: {k} is empty");
        }
        match &en {
            None => en = Some(keys),
            Some(e) => assert_eq!(e, &keys, "{file} ({lang:?}) has different codes from en"),
        }
    }
    // Every code the checks emit is in the files.
    let all = all_codes();
    for code in [
        "invalid_input",
        "invalid_url",
        "ip_address_host",
        "no_registrable_domain",
        "official_domain",
        "userinfo_trick",
        "subdomain_abuse",
        "brand_in_subdomain",
        "tld_swap",
        "typosquat",
        "confusable_characters",
        "mixed_script",
        "whole_script_confusable",
        "internationalized_domain",
        "hyphenation",
        "combosquat",
        "not_official",
        "invalid_address",
        "official_sender",
        "official_support_address",
        "unofficial_sender",
        "invalid_email",
        "spoofed_official_sender",
        "unverified_official_sender",
        "dmarc_pass",
        "dmarc_fail",
        "dmarc_none",
        "dmarc_error",
        "dkim_pass",
        "dkim_fail",
        "dkim_none",
        "dkim_error",
        "spf_pass",
        "spf_fail",
        "spf_none",
        "spf_error",
        "display_name_claims_business",
        "invalid_phone",
        "official_phone",
        "official_short_code",
        "reported_by_customers",
        "unknown_phone",
        "official_promotion",
        "how_winners_are_contacted",
        "promotion_official_url",
        "promotion_expired",
        "promotion_not_started",
        "no_such_promotion",
        "prize",
        "asks_password",
        "asks_pin",
        "asks_otp",
        "asks_card_number",
        "asks_cvv",
        "asks_bank_details",
        "asks_personal_data",
        "fee_to_claim",
        "urgency",
        "threat",
        "unofficial_callback_number",
        "unofficial_link",
        "impersonation_link",
        "claims_business",
        "scam_wording",
        "official_social_page",
    ] {
        assert!(all.iter().any(|c| c == code), "{code} has no message");
    }
}

#[test]
fn every_lexicon_parses_with_every_category() {
    for (lang, file, text) in lexicon::FILES {
        let map = lexicon::parse_file(text).unwrap_or_else(|e| panic!("{file}: {e}"));
        for k in lexicon::keys() {
            assert!(
                map.get(k).is_some_and(|v| !v.is_empty()),
                "{file} ({lang:?}) lacks {k}"
            );
        }
        let english = lexicon::parse_file(lexicon::FILES[0].2).unwrap_or_default();
        for (k, terms) in &map {
            if k == lexicon::NOT_FROM_ENGLISH {
                // Each excluded term must be an English term, or the exclusion is a typo.
                for t in terms {
                    assert!(
                        english.values().any(|v| v.contains(t)),
                        "{file}: {t} is not an English term"
                    );
                }
                continue;
            }
            assert!(
                lexicon::keys().contains(&k.as_str()),
                "{file}: unknown category {k}"
            );
        }
        assert!(lexicon::lexicon(lang).is_some(), "{file} does not compile");
    }
}

#[test]
fn a_conditional_clause_does_not_silence_the_rest_of_its_sentence() {
    let s = odero();
    let scam = "SIM swap requested for your number. If you did not request it, call our agent on +994 55 812 33 90 and confirm your ID number.";
    assert_ne!(msg(&s, scam).verdict, MessageKind::Ok);
    let legit = "Odero: your account settings were updated. If you did not make this change, call us on +994 12 490 00 00.";
    assert_eq!(msg(&s, legit).verdict, MessageKind::Ok);
}

#[test]
fn money_to_an_account_number_or_a_multiplied_sum_is_caught() {
    let s = odero();
    for t in [
        "Customs: your parcel holds banned goods. Pay the 80 AZN fine today. Account number: 1903 4455 6677 88",
        "Investment opportunity: put 500 AZN today and get 5,000 AZN in 10 days. Guaranteed profit!",
    ] {
        assert_ne!(msg(&s, t).verdict, MessageKind::Ok, "{t}");
    }
    // The rules find the money asked for and the threat; the verdict is the model's. At the
    // default sensitivity (high, since session 11) this one is suspicious (39; it was ok at
    // 20-23 before). Without the "Police:" line ("Transfer your savings to a safe account
    // today.") it still scores about 1: a known miss (NOTES.md). Short textbook scams are the
    // model's weak spot: the training data holds many genuine notices that quote them.
    let t = "Police: your card was used in money laundering. Transfer your savings to a safe account today.";
    let v = msg(&s, t);
    let codes: Vec<&str> = v.signals.iter().map(|x| x.code.as_str()).collect();
    assert!(
        codes.contains(&"fee_to_claim") && codes.contains(&"threat"),
        "{codes:?}"
    );
    assert_ne!(v.verdict, MessageKind::Ok, "{t}");
    // A receipt's items and total are no returns promise.
    let t = "Odero order 4412: 2 items for 15 AZN, total 45 AZN with a free gift.";
    assert_eq!(msg(&s, t).verdict, MessageKind::Ok);
}

#[test]
fn compounds_are_not_read_as_their_parts() {
    let s = odero();
    for t in [
        "Hôm nay trúng ly cà phê miễn phí ở quán mới, đúng ngày may mắn!",
        "Đăng nhập vào tài khoản bị chặn do nhập sai mật khẩu 5 lần. Đặt lại mật khẩu nếu cần.",
        "Reminder: your parking permit expires in 7 days. Renew at baku-parking.az.",
    ] {
        let v = msg(&s, t);
        assert_eq!(v.verdict, MessageKind::Ok, "{t}: {:?}", v.signals);
    }
}

#[test]
fn the_model_raises_the_alarm_where_no_rule_fires_and_points_at_the_words() {
    // A romance opener that turns to crypto: no prize, fee, code, link or number for the
    // rules, but worded like the scams in the training data.
    let s = Shield::new(crate::eval::sample_channels("en")).unwrap();
    let text = "Hi it's Jessica, we matched on Tinder 😊 I don't use the app much, can we talk here? I'm a fashion designer in Dubai, and I also do some crypto trading on the side, I'll tell you about it later.";
    let v = s.check_message(text, None);
    assert_ne!(v.verdict, MessageKind::Ok, "{v:?}");
    let sig = v
        .signals
        .iter()
        .find(|x| x.code == "scam_wording")
        .unwrap_or_else(|| panic!("{v:?}"));
    assert!(!sig.matched.is_empty());
    assert_eq!(&text[sig.span.0..sig.span.1], sig.matched);
    assert!(!sig.message.is_empty());
    // A real sign-in code from the business stays ok, with no such signal.
    let v = s.check_message(
        "Odero: your sign-in code is 552190. It expires in 5 minutes. Never share it with anyone; Odero staff will never ask for it.",
        None,
    );
    assert_eq!(v.verdict, MessageKind::Ok, "{v:?}");
    assert!(v.signals.iter().all(|x| x.code != "scam_wording"));
}

#[test]
fn bare_ip_links_executables_and_numbers_to_send_to_are_read() {
    use crate::message::{executable_file, ip_link};
    for (t, want) in [
        ("185.220.33.14/login", true),
        ("10.0.0.7:8080", true),
        ("45.88.107.12/odero/auth", true),
        ("1.200.000.000/thang", false),
        ("1.2.3.4", false),
        ("256.1.1.1/x", false),
        ("1.2.3/x", false),
    ] {
        assert_eq!(ip_link(t), want, "{t}");
    }
    for (t, want) in [
        ("لیست حقوق مهر.pdf.exe را باز کنید", true),
        ("install odero_update.apk now", true),
        ("an .exe file", false),
        ("daily exercise", false),
        ("see report.pdf", false),
    ] {
        assert_eq!(executable_file(t), want, "{t}");
    }
    let s = odero();
    let v = msg(
        &s,
        "Your login failed our checks. Confirm at 45.88.107.12/odero/auth today.",
    );
    let link = v.signals.iter().find(|x| x.code == "unofficial_link");
    assert_eq!(
        link.map(|x| x.matched.as_str()),
        Some("45.88.107.12/odero/auth")
    );
    let v = msg(
        &s,
        "Odero courier: send the code from the SMS to 055 812 33 90 to confirm delivery.",
    );
    assert!(
        v.signals
            .iter()
            .any(|x| x.code == "unofficial_callback_number"),
        "{:?}",
        v.signals
    );
}
