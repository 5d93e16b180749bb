//! Customers' fraud reports in link and sender verdicts: counted by the caller, per
//! registrable domain, never able to turn an official channel into a suspicious one.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use amanat_shield::{
    Channels, Lang, Shield, Verdict, VerdictKind, all_codes, link_report_domain,
    sender_report_domain,
};

fn shield() -> Shield {
    Shield::new(Channels {
        business_name: "Odero".into(),
        web_origins: vec!["https://odero.az".into()],
        email_domains: vec!["odero.az".into(), "tokeninc.com".into()],
        social_pages: vec!["https://instagram.com/odero.az".into()],
        ..Channels::default()
    })
    .unwrap()
}

fn codes(v: &Verdict) -> Vec<&str> {
    v.reasons.iter().map(|r| r.code.as_str()).collect()
}

#[test]
fn reports_are_counted_per_registrable_domain() {
    for (link, key) in [
        (
            "https://pay.odero-bonus.example/claim?id=1",
            "odero-bonus.example",
        ),
        ("HTTPS://Login.Odero-Bonus.Example", "odero-bonus.example"),
        ("https://odero.az@win-prize.example/", "win-prize.example"),
        ("gift.shop.co.uk/x", "shop.co.uk"),
        ("http://203.0.113.9/login", "203.0.113.9"),
        ("https://одеро.com/", "xn--d1aczcj.com"),
    ] {
        assert_eq!(link_report_domain(link).as_deref(), Some(key), "{link}");
    }
    assert_eq!(link_report_domain("not a link"), None);
}

#[test]
fn on_shared_platforms_reports_count_per_link_not_per_platform() {
    for (link, key) in [
        ("https://bit.ly/3xYzAb", "bit.ly/3xyzab"),
        ("bit.ly/3xyzab?utm=1", "bit.ly/3xyzab"),
        ("https://t.me/odero_bonus_bot", "t.me/odero_bonus_bot"),
        (
            "https://docs.google.com/forms/d/e/1FAIpQL/viewform",
            "docs.google.com/forms",
        ),
        (
            "https://www.instagram.com/odero.prize/",
            "instagram.com/odero.prize",
        ),
        ("https://bit.ly", "bit.ly"),
    ] {
        assert_eq!(link_report_domain(link).as_deref(), Some(key), "{link}");
    }
    // A report of one shortened link does not make the next one suspicious.
    let s = shield();
    let reported = link_report_domain("https://bit.ly/3xYzAb").unwrap();
    let other = link_report_domain("https://bit.ly/9qWeRt").unwrap();
    assert_ne!(reported, other);
    // At a free mailbox provider the address is the key, not the provider.
    assert_eq!(
        sender_report_domain("Odero Prize <Odero.Prize@Gmail.com>").as_deref(),
        Some("odero.prize@gmail.com")
    );
    assert_eq!(
        sender_report_domain("x@yahoo.co.uk").as_deref(),
        Some("x@yahoo.co.uk")
    );
    let v = s.check_link_reported("https://bit.ly/3xYzAb", 4, "en");
    assert!(codes(&v).contains(&"domain_reported_by_customers"));
    assert_eq!(
        sender_report_domain("Odero <Bonus@Mail.Odero-Gift.example>").as_deref(),
        Some("odero-gift.example")
    );
    assert_eq!(sender_report_domain("nobody"), None);
}

#[test]
fn a_reported_unknown_link_is_suspicious_with_the_count() {
    let s = shield();
    let plain = s.check_link("https://cheap-flights.example/deal", "en");
    assert_eq!(plain.verdict, VerdictKind::Unknown);
    assert_eq!(
        s.check_link_reported("https://cheap-flights.example/deal", 0, "en"),
        plain,
        "no reports, no change"
    );
    let v = s.check_link_reported("https://cheap-flights.example/deal", 3, "en");
    assert_eq!(v.verdict, VerdictKind::Suspicious, "{:?}", codes(&v));
    assert_eq!(codes(&v)[0], "domain_reported_by_customers");
    assert!(
        v.reasons[0].message.contains('3'),
        "{}",
        v.reasons[0].message
    );
    assert!(v.reasons[0].message.contains("cheap-flights.example"));
    assert!(
        codes(&v).contains(&"not_official"),
        "the other reasons stay"
    );
    // In every language, and never the raw code.
    for lang in Lang::ALL {
        let v = s.check_link_reported("cheap-flights.example", 12, lang.code());
        let m = &v.reasons[0].message;
        assert!(
            m.contains("12") && m != "domain_reported_by_customers",
            "{lang:?}: {m}"
        );
    }
    // An IDN host is named readably.
    let v = s.check_link_reported("https://xn--mgbh0fb.example/", 2, "fa");
    let m = &v
        .reasons
        .iter()
        .find(|r| r.code == "domain_reported_by_customers")
        .unwrap()
        .message;
    assert!(m.contains("مثال.example"), "{m}");
}

#[test]
fn a_reported_lookalike_stays_impersonation_and_gains_the_count() {
    let s = shield();
    let v = s.check_link_reported("https://odero-az-login.com", 5, "en");
    assert_eq!(v.verdict, VerdictKind::Impersonation, "{:?}", codes(&v));
    assert_eq!(v.imitates.as_deref(), Some("odero.az"));
    assert_ne!(
        codes(&v)[0],
        "domain_reported_by_customers",
        "the imitation leads"
    );
    assert!(codes(&v).contains(&"domain_reported_by_customers"));
}

#[test]
fn reports_never_flip_an_official_channel() {
    let s = shield();
    for link in [
        "https://odero.az/login",
        "https://www.odero.az",
        "https://instagram.com/odero.az",
    ] {
        let v = s.check_link_reported(link, 1000, "en");
        assert_eq!(v.verdict, VerdictKind::Official, "{link}");
        assert!(!codes(&v).contains(&"domain_reported_by_customers"));
    }
    let v = s.check_sender_reported("Odero <noreply@odero.az>", 1000, "az");
    assert_eq!(v.verdict, VerdictKind::Official);
    assert!(!codes(&v).contains(&"domain_reported_by_customers"));
}

#[test]
fn a_reported_sender_domain_is_suspicious() {
    let s = shield();
    let v = s.check_sender_reported("Anna <anna@parcel-notice.example>", 0, "en");
    assert_eq!(v.verdict, VerdictKind::Unknown);
    let v = s.check_sender_reported("Anna <anna@mail.parcel-notice.example>", 2, "ar");
    assert_eq!(v.verdict, VerdictKind::Suspicious, "{:?}", codes(&v));
    assert_eq!(codes(&v)[0], "domain_reported_by_customers");
    assert!(v.reasons[0].message.contains("parcel-notice.example"));
    // A display name claiming the business stays impersonation, with the count after it.
    let v = s.check_sender_reported("Odero <anna@parcel-notice.example>", 2, "en");
    assert_eq!(v.verdict, VerdictKind::Impersonation);
    assert_eq!(codes(&v)[0], "display_name_claims_business");
    assert!(codes(&v).contains(&"domain_reported_by_customers"));
    // An unreadable sender cannot be counted.
    let v = s.check_sender_reported("no address here", 9, "en");
    assert_eq!(v.verdict, VerdictKind::Unknown);
}

#[test]
fn new_reason_codes_have_messages() {
    let all = all_codes();
    for code in ["domain_reported_by_customers", "undecodable_sender_name"] {
        assert!(all.iter().any(|c| c == code), "{code} has no message");
    }
}
