//! Raw email checks, fully offline: DKIM keys are generated and messages signed at test
//! time, and every DNS record the check needs is preloaded into an offline [`EmailDns`].

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::{IpAddr, Ipv4Addr};

use amanat_shield::{Channels, EmailContext, EmailDns, Shield, Verdict, VerdictKind};
use base64::Engine;
use mail_auth::common::crypto::Ed25519Key;
use mail_auth::common::headers::HeaderWriter;
use mail_auth::dkim::DkimSigner;

const ODERO_IP: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 10);
const EVIL_IP: Ipv4Addr = Ipv4Addr::new(198, 51, 100, 7);
const STRANGER_IP: Ipv4Addr = Ipv4Addr::new(203, 0, 113, 5);

fn shield() -> Shield {
    Shield::new(Channels {
        business_name: "Odero".into(),
        web_origins: vec!["https://odero.az".into()],
        email_domains: vec!["odero.az".into()],
        support_emails: vec!["support@odero.az".into()],
        ..Channels::default()
    })
    .unwrap()
}

/// A key pair and the DKIM TXT record publishing its public half.
struct Key {
    private: Vec<u8>,
    record: String,
}

fn new_key() -> Key {
    let private = Ed25519Key::generate_pkcs8().unwrap();
    let public = Ed25519Key::from_pkcs8_der(&private).unwrap().public_key();
    let encoded = base64::engine::general_purpose::STANDARD.encode(public);
    Key {
        record: format!("v=DKIM1; k=ed25519; p={encoded}"),
        private,
    }
}

fn message(from: &str, body: &str) -> String {
    format!(
        "From: {from}\r\nTo: customer@example.com\r\nSubject: Your order has shipped\r\n\
         Date: Fri, 27 Nov 2026 05:00:00 +0000\r\nMessage-ID: <order-1234@mailer>\r\n\
         \r\n{body}\r\n"
    )
}

fn sign(key: &Key, domain: &str, selector: &str, raw: &str) -> String {
    let signer = DkimSigner::from_key(Ed25519Key::from_pkcs8_der(&key.private).unwrap())
        .domain(domain)
        .selector(selector)
        .headers(["From", "To", "Subject", "Date", "Message-ID"]);
    let signature = signer.sign(raw.as_bytes()).unwrap();
    format!("{}{raw}", signature.to_header())
}

/// Offline DNS with odero.az's DKIM key, SPF and DMARC, and evil.example's key and SPF.
fn dns(odero: &Key, evil: &Key) -> EmailDns {
    let dns = EmailDns::offline().unwrap();
    dns.add_txt("s1._domainkey.odero.az", &odero.record)
        .unwrap();
    dns.add_txt("odero.az", &format!("v=spf1 ip4:{ODERO_IP} -all"))
        .unwrap();
    dns.add_txt("_dmarc.odero.az", "v=DMARC1; p=reject")
        .unwrap();
    dns.add_txt("s1._domainkey.evil.example", &evil.record)
        .unwrap();
    dns.add_txt("evil.example", &format!("v=spf1 ip4:{EVIL_IP} -all"))
        .unwrap();
    dns
}

fn ctx(ip: Option<Ipv4Addr>, helo: &str, mail_from: &str) -> EmailContext {
    EmailContext {
        client_ip: ip.map(IpAddr::V4),
        helo: Some(helo.into()),
        mail_from: Some(mail_from.into()),
    }
}

fn codes(v: &Verdict) -> Vec<&str> {
    v.reasons.iter().map(|r| r.code.as_str()).collect()
}

fn has(v: &Verdict, code: &str) -> bool {
    codes(v).contains(&code)
}

#[tokio::test]
async fn signed_from_official_domain_is_official() {
    let (odero, evil) = (new_key(), new_key());
    let dns = dns(&odero, &evil);
    let shield = shield();
    let raw = sign(
        &odero,
        "odero.az",
        "s1",
        &message("Odero <noreply@odero.az>", "Your order 1234 has shipped."),
    );
    // Full envelope from an allowed server: SPF, DKIM and DMARC all pass.
    let envelope = ctx(Some(ODERO_IP), "mail.odero.az", "bounce@odero.az");
    let v = shield
        .check_email(raw.as_bytes(), &envelope, &dns, "en")
        .await;
    assert_eq!(v.verdict, VerdictKind::Official, "{:?}", codes(&v));
    for code in ["official_sender", "dmarc_pass", "dkim_pass", "spf_pass"] {
        assert!(has(&v, code), "{code}: {:?}", codes(&v));
    }
    assert_eq!(v.imitates, None);

    // Without the envelope SPF is none, but aligned DKIM alone makes DMARC pass.
    let v = shield
        .check_email(raw.as_bytes(), &EmailContext::default(), &dns, "az")
        .await;
    assert_eq!(v.verdict, VerdictKind::Official, "{:?}", codes(&v));
    assert!(has(&v, "spf_none") && has(&v, "dkim_pass") && has(&v, "dmarc_pass"));
    // Sentences come in the requested language, not as raw codes.
    let dmarc = v.reasons.iter().find(|r| r.code == "dmarc_pass").unwrap();
    assert!(dmarc.message.contains("təsdiqlənib"), "{}", dmarc.message);
}

#[tokio::test]
async fn subdomain_sender_aligns_with_organisational_domain() {
    let (odero, evil) = (new_key(), new_key());
    let dns = dns(&odero, &evil);
    let raw = sign(
        &odero,
        "odero.az",
        "s1",
        &message("news@news.odero.az", "This week's offers."),
    );
    let v = shield()
        .check_email(raw.as_bytes(), &EmailContext::default(), &dns, "en")
        .await;
    assert_eq!(v.verdict, VerdictKind::Official, "{:?}", codes(&v));
    assert!(has(&v, "dmarc_pass"));
}

#[tokio::test]
async fn body_altered_after_signing_is_not_official() {
    let (odero, evil) = (new_key(), new_key());
    let dns = dns(&odero, &evil);
    let signed = sign(
        &odero,
        "odero.az",
        "s1",
        &message("Odero <noreply@odero.az>", "Your order 1234 has shipped."),
    );
    let tampered = signed.replace(
        "Your order 1234 has shipped.",
        "Pay the customs fee at https://odero-pay.example now.",
    );
    assert_ne!(signed, tampered);
    // Relayed from a server odero.az does not allow.
    let envelope = ctx(Some(STRANGER_IP), "relay.example", "bounce@odero.az");
    let v = shield()
        .check_email(tampered.as_bytes(), &envelope, &dns, "en")
        .await;
    assert_eq!(v.verdict, VerdictKind::Impersonation, "{:?}", codes(&v));
    for code in [
        "spoofed_official_sender",
        "dmarc_fail",
        "dkim_fail",
        "spf_fail",
    ] {
        assert!(has(&v, code), "{code}: {:?}", codes(&v));
    }
    assert_eq!(v.imitates.as_deref(), Some("odero.az"));
    assert_eq!(codes(&v)[0], "spoofed_official_sender");

    // Same without any envelope.
    let v = shield()
        .check_email(tampered.as_bytes(), &EmailContext::default(), &dns, "en")
        .await;
    assert_eq!(v.verdict, VerdictKind::Impersonation, "{:?}", codes(&v));
    assert!(has(&v, "dkim_fail") && has(&v, "dmarc_fail"));
}

#[tokio::test]
async fn official_from_signed_by_another_domain_is_spoofed() {
    let (odero, evil) = (new_key(), new_key());
    let dns = dns(&odero, &evil);
    let raw = sign(
        &evil,
        "evil.example",
        "s1",
        &message(
            "Odero Security <security@odero.az>",
            "Confirm your card now.",
        ),
    );
    // SPF passes, but for evil.example: not aligned with the From domain.
    let envelope = ctx(Some(EVIL_IP), "mx.evil.example", "bounce@evil.example");
    let v = shield()
        .check_email(raw.as_bytes(), &envelope, &dns, "en")
        .await;
    assert_eq!(v.verdict, VerdictKind::Impersonation, "{:?}", codes(&v));
    for code in [
        "spoofed_official_sender",
        "dmarc_fail",
        "dkim_pass",
        "spf_pass",
    ] {
        assert!(has(&v, code), "{code}: {:?}", codes(&v));
    }
    let dkim = v.reasons.iter().find(|r| r.code == "dkim_pass").unwrap();
    assert!(dkim.message.contains("evil.example"), "{}", dkim.message);
}

#[tokio::test]
async fn official_from_without_any_authentication_is_spoofed() {
    let (odero, evil) = (new_key(), new_key());
    let dns = dns(&odero, &evil);
    let raw = message("Odero <noreply@odero.az>", "You won a prize!");
    let envelope = ctx(Some(STRANGER_IP), "relay.example", "x@odero.az");
    let v = shield()
        .check_email(raw.as_bytes(), &envelope, &dns, "fa")
        .await;
    assert_eq!(v.verdict, VerdictKind::Impersonation, "{:?}", codes(&v));
    assert!(has(&v, "spoofed_official_sender") && has(&v, "dkim_none") && has(&v, "spf_fail"));
}

#[tokio::test]
async fn lookalike_from_domain_is_impersonation() {
    let (odero, evil) = (new_key(), new_key());
    let dns = dns(&odero, &evil);
    // Even correctly signed and SPF-authorised by its own domain.
    dns.add_txt("s1._domainkey.odero-az-secure.com", &evil.record)
        .unwrap();
    dns.add_txt("odero-az-secure.com", &format!("v=spf1 ip4:{EVIL_IP} -all"))
        .unwrap();
    dns.add_txt("_dmarc.odero-az-secure.com", "v=DMARC1; p=reject")
        .unwrap();
    let raw = sign(
        &evil,
        "odero-az-secure.com",
        "s1",
        &message("Odero <info@odero-az-secure.com>", "Verify your account."),
    );
    let envelope = ctx(
        Some(EVIL_IP),
        "odero-az-secure.com",
        "b@odero-az-secure.com",
    );
    let v = shield()
        .check_email(raw.as_bytes(), &envelope, &dns, "en")
        .await;
    assert_eq!(v.verdict, VerdictKind::Impersonation, "{:?}", codes(&v));
    assert!(has(&v, "combosquat"), "{:?}", codes(&v));
    assert!(has(&v, "dmarc_pass") && has(&v, "dkim_pass") && has(&v, "spf_pass"));
    assert_eq!(v.imitates.as_deref(), Some("odero.az"));
}

#[tokio::test]
async fn unrelated_sender_is_unknown() {
    let (odero, evil) = (new_key(), new_key());
    let dns = dns(&odero, &evil);
    let raw = message("A friend <friend@example.org>", "Lunch tomorrow?");
    let v = shield()
        .check_email(raw.as_bytes(), &EmailContext::default(), &dns, "en")
        .await;
    assert_eq!(v.verdict, VerdictKind::Unknown, "{:?}", codes(&v));
    assert!(has(&v, "unofficial_sender") && has(&v, "dmarc_none") && has(&v, "dkim_none"));
    assert!(has(&v, "spf_none"));
}

#[tokio::test]
async fn official_domain_without_dmarc_policy_is_only_suspicious() {
    let odero = new_key();
    let dns = EmailDns::offline().unwrap();
    dns.add_txt("s1._domainkey.odero.az", &odero.record)
        .unwrap();
    let raw = sign(
        &odero,
        "odero.az",
        "s1",
        &message("noreply@odero.az", "Your order 1234 has shipped."),
    );
    let v = shield()
        .check_email(raw.as_bytes(), &EmailContext::default(), &dns, "en")
        .await;
    assert_eq!(v.verdict, VerdictKind::Suspicious, "{:?}", codes(&v));
    assert!(has(&v, "unverified_official_sender") && has(&v, "dmarc_none"));
    assert!(has(&v, "dkim_pass"));
}

#[tokio::test]
async fn malformed_input_is_unknown_and_never_panics() {
    let dns = EmailDns::offline().unwrap();
    let shield = shield();
    let mut inputs: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"   \r\n\r\n".to_vec(),
        b"no headers here at all".to_vec(),
        b"Subject: hello\r\n\r\nno from header\r\n".to_vec(),
        b"From: not an address\r\n\r\nbody\r\n".to_vec(),
        b"From: <@>\r\n\r\n".to_vec(),
        b"\xff\xfe\x00\x01From: \xff@\xfe\r\n\r\n".to_vec(),
        b"DKIM-Signature: v=1; a=ed25519-sha256; d=odero.az; s=s1; b=!!!\r\nFrom: a@odero.az\r\n\r\nx".to_vec(),
    ];
    // Deterministic pseudo-random bytes of several lengths.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for len in [1usize, 7, 64, 513, 4096] {
        let bytes = (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect();
        inputs.push(bytes);
    }
    for input in &inputs {
        let v = shield
            .check_email(input, &EmailContext::default(), &dns, "vi")
            .await;
        assert_ne!(v.verdict, VerdictKind::Official, "{input:?}");
        assert!(!v.reasons.is_empty(), "{input:?}");
    }
    for input in &inputs[..6] {
        let v = shield
            .check_email(input, &EmailContext::default(), &dns, "en")
            .await;
        assert_eq!(
            v.verdict,
            VerdictKind::Unknown,
            "{input:?}: {:?}",
            codes(&v)
        );
        assert!(has(&v, "invalid_email"), "{input:?}: {:?}", codes(&v));
    }
}

#[test]
fn bad_preloaded_records_are_refused() {
    let dns = EmailDns::offline().unwrap();
    assert!(
        dns.add_txt("_dmarc.odero.az", "not a dmarc record")
            .is_err()
    );
    assert!(dns.add_txt("odero.az", "hello").is_err());
    assert!(
        dns.add_txt("s1._domainkey.odero.az", "v=DKIM1; k=ed25519; p=@@")
            .is_err()
    );
}

#[tokio::test]
async fn envelope_is_read_from_topmost_received_and_return_path() {
    let (odero, evil) = (new_key(), new_key());
    let dns = dns(&odero, &evil);
    let delivered = |ip: Ipv4Addr| {
        format!(
            "Return-Path: <bounce@odero.az>\r\n\
             Received: from mail.odero.az (mail.odero.az [{ip}])\r\n\tby mx.example.com with ESMTPS id 42;\r\n\
             \tFri, 27 Nov 2026 05:00:01 +0000\r\n\
             Received: from internal (internal [10.0.0.1]) by mail.odero.az; Fri, 27 Nov 2026 05:00:00 +0000\r\n{}",
            message("Odero <noreply@odero.az>", "Your order 1234 has shipped.")
        )
    };
    let raw = delivered(ODERO_IP);
    let ctx = EmailContext::from_headers(raw.as_bytes());
    assert_eq!(
        ctx,
        EmailContext {
            client_ip: Some(IpAddr::V4(ODERO_IP)),
            helo: Some("mail.odero.az".into()),
            mail_from: Some("bounce@odero.az".into()),
        }
    );
    // Unsigned, but SPF from the delivery headers passes and aligns.
    let v = shield()
        .check_email(raw.as_bytes(), &EmailContext::default(), &dns, "en")
        .await;
    assert_eq!(v.verdict, VerdictKind::Official, "{:?}", codes(&v));
    assert!(has(&v, "spf_pass") && has(&v, "dkim_none") && has(&v, "dmarc_pass"));

    // Delivered by a server odero.az does not allow.
    let raw = delivered(STRANGER_IP);
    let v = shield()
        .check_email(raw.as_bytes(), &EmailContext::default(), &dns, "en")
        .await;
    assert_eq!(v.verdict, VerdictKind::Impersonation, "{:?}", codes(&v));
    assert!(has(&v, "spf_fail") && has(&v, "spoofed_official_sender"));

    let v6 = EmailContext::from_headers(
        b"Received: from [IPv6:2001:db8::5] (unknown [IPv6:2001:db8::5]) by mx; x\r\nFrom: a@b.example\r\n\r\n",
    );
    assert_eq!(v6.client_ip, Some("2001:db8::5".parse().unwrap()));
    assert_eq!(EmailContext::from_headers(b""), EmailContext::default());
}

#[tokio::test]
async fn several_author_domains_cannot_be_official() {
    let (odero, evil) = (new_key(), new_key());
    let dns = dns(&odero, &evil);
    let raw = sign(
        &odero,
        "odero.az",
        "s1",
        &message("noreply@odero.az, boss@evil.example", "Hello."),
    );
    let v = shield()
        .check_email(raw.as_bytes(), &EmailContext::default(), &dns, "en")
        .await;
    assert_ne!(v.verdict, VerdictKind::Official, "{:?}", codes(&v));
    assert!(has(&v, "dmarc_fail"), "{:?}", codes(&v));
}

#[test]
fn check_email_future_is_send_and_dns_is_shareable() {
    fn assert_send<T: Send>(_: &T) {}
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<EmailDns>();
    let dns = EmailDns::offline().unwrap();
    let shield = shield();
    let ctx = EmailContext::default();
    let future = shield.check_email(b"", &ctx, &dns, "en");
    assert_send(&future);
}

/// Odero with its Persian name, and an Omani operator known by its Latin name only.
fn odero_with_persian_name() -> Shield {
    Shield::new(Channels {
        business_name: "Odero".into(),
        brand_names: vec!["اودرو".into()],
        web_origins: vec!["https://odero.az".into()],
        email_domains: vec!["odero.az".into()],
        ..Channels::default()
    })
    .unwrap()
}

fn omantel() -> Shield {
    Shield::new(Channels {
        business_name: "Omantel".into(),
        web_origins: vec!["https://omantel.om".into()],
        email_domains: vec!["omantel.om".into()],
        ..Channels::default()
    })
    .unwrap()
}

#[test]
fn encoded_display_name_claiming_the_business_in_persian_or_arabic_is_caught() {
    let odero = odero_with_persian_name();
    // "پشتیبانی اودرو" (Odero support) in UTF-8 base64, then the same split over two
    // folded Q-encoded words.
    for from in [
        "=?UTF-8?B?2b7YtNiq24zYqNin2YbbjCDYp9mI2K/YsdmI?= <help@mail-center.example>",
        "\"=?utf-8?Q?=D9=BE=D8=B4=D8=AA=DB=8C=D8=A8=D8=A7=D9=86=DB=8C_?=\r\n =?utf-8?Q?=D8=A7=D9=88=D8=AF=D8=B1=D9=88?=\" <help@mail-center.example>",
    ] {
        let v = odero.check_sender(from, "fa");
        assert_eq!(
            v.verdict,
            VerdictKind::Impersonation,
            "{from}: {:?}",
            codes(&v)
        );
        let claim = v
            .reasons
            .iter()
            .find(|r| r.code == "display_name_claims_business")
            .unwrap();
        assert!(
            claim.message.contains("پشتیبانی اودرو"),
            "the decoded name is shown: {}",
            claim.message
        );
        assert_eq!(v.imitates.as_deref(), Some("odero.az"));
    }
    // "خدمة عملاء عمانتل" (Omantel customer care) in Windows-1256 and in ISO-8859-6.
    let om = omantel();
    for from in [
        "=?windows-1256?Q?=CE=CF=E3=C9_=DA=E3=E1=C7=C1_=DA=E3=C7=E4=CA=E1?= <care@gmail.com>",
        "=?ISO-8859-6?B?zs/lySDZ5eTHwSDZ5cfmyuQ=?= <care@gmail.com>",
    ] {
        let v = om.check_sender(from, "ar");
        assert_eq!(
            v.verdict,
            VerdictKind::Impersonation,
            "{from}: {:?}",
            codes(&v)
        );
        assert!(has(&v, "display_name_claims_business"), "{:?}", codes(&v));
    }
    // Encoded, but an honest name: still only an unknown sender.
    let v = odero.check_sender("=?UTF-8?B?2LnZhNuM?= <ali@example.org>", "fa");
    assert_eq!(v.verdict, VerdictKind::Unknown, "{:?}", codes(&v));
    // The official domain with an encoded name stays official.
    let v = odero.check_sender("=?UTF-8?B?2KfZiNiv2LHZiA==?= <noreply@odero.az>", "fa");
    assert_eq!(v.verdict, VerdictKind::Official, "{:?}", codes(&v));
}

#[test]
fn unreadable_encoded_name_is_named_and_never_panics() {
    let odero = odero_with_persian_name();
    let v = odero.check_sender("=?x-martian?B?2LnZhNuM?= <help@example.org>", "en");
    assert_eq!(v.verdict, VerdictKind::Suspicious, "{:?}", codes(&v));
    let why = v
        .reasons
        .iter()
        .find(|r| r.code == "undecodable_sender_name")
        .unwrap();
    assert!(why.message.contains("x-martian"), "{}", why.message);
    // Its bytes are still read as UTF-8 where they can be, so a claim shows through.
    let v = odero.check_sender("=?x-martian?B?2KfZiNiv2LHZiA==?= <help@example.org>", "en");
    assert_eq!(v.verdict, VerdictKind::Impersonation, "{:?}", codes(&v));
    assert!(has(&v, "undecodable_sender_name"));
    // Malformed words anywhere in the name do not panic and keep the address readable.
    for from in [
        "=?UTF-8?B?@@@?= <a@example.org>",
        "=?UTF-8?Q?=F?= <a@example.org>",
        "=?UTF-8?B?/w==?= <a@example.org>",
        "=??B?x?= <a@example.org>",
        "=?UTF-8?X?abc?= <a@example.org>",
        "\"=?\" <a@example.org>",
    ] {
        let v = odero.check_sender(from, "vi");
        assert_ne!(v.verdict, VerdictKind::Official, "{from}");
        assert!(has(&v, "unofficial_sender"), "{from}: {:?}", codes(&v));
    }
}

#[tokio::test]
async fn raw_email_with_encoded_persian_display_name_is_impersonation() {
    let (odero, evil) = (new_key(), new_key());
    let dns = dns(&odero, &evil);
    // Signed and SPF-authorised by its own domain: authentication is no defence for a
    // name that claims the business.
    let raw = sign(
        &evil,
        "evil.example",
        "s1",
        &message(
            "=?UTF-8?B?2b7YtNiq24zYqNin2YbbjCDYp9mI2K/YsdmI?= <support@evil.example>",
            "Confirm your account.",
        ),
    );
    let envelope = ctx(Some(EVIL_IP), "mx.evil.example", "bounce@evil.example");
    let v = odero_with_persian_name()
        .check_email(raw.as_bytes(), &envelope, &dns, "fa")
        .await;
    assert_eq!(v.verdict, VerdictKind::Impersonation, "{:?}", codes(&v));
    assert_eq!(codes(&v)[0], "display_name_claims_business");
    assert!(
        v.reasons[0].message.contains("اودرو"),
        "{}",
        v.reasons[0].message
    );
    assert!(has(&v, "dkim_pass") && has(&v, "spf_pass"));
}

#[tokio::test]
async fn reports_of_the_sender_count_but_never_against_an_official_message() {
    let (odero, evil) = (new_key(), new_key());
    let dns = dns(&odero, &evil);
    let s = shield();
    // Reports are counted under the From domain, or the address at a free mail provider.
    let raw = message(
        "Prize Desk <win@prize-desk.example>",
        "You won, pay the fee.",
    );
    assert_eq!(
        amanat_shield::email_report_domain(raw.as_bytes()).as_deref(),
        Some("prize-desk.example")
    );
    let free = message("Odero <odero.support.az@gmail.com>", "Verify now.");
    assert_eq!(
        amanat_shield::email_report_domain(free.as_bytes()).as_deref(),
        Some("odero.support.az@gmail.com")
    );
    assert_eq!(amanat_shield::email_report_domain(b"not a message"), None);
    // An unknown sender that customers reported is suspicious, with the count.
    let v = s
        .check_email_reported(
            raw.as_bytes(),
            &EmailContext::default(),
            &dns,
            (amanat_shield::email_report_domain(raw.as_bytes()), 3),
            "en",
        )
        .await;
    assert_eq!(v.verdict, VerdictKind::Suspicious, "{:?}", codes(&v));
    assert!(has(&v, "domain_reported_by_customers"));
    let v = s
        .check_email_reported(
            raw.as_bytes(),
            &EmailContext::default(),
            &dns,
            (amanat_shield::email_report_domain(raw.as_bytes()), 0),
            "en",
        )
        .await;
    assert!(!has(&v, "domain_reported_by_customers"));
    // A message that passes DMARC for the official domain stays official whatever the reports.
    let signed = sign(
        &odero,
        "odero.az",
        "s1",
        &message("Odero <noreply@odero.az>", "Your order 1234 has shipped."),
    );
    let v = s
        .check_email_reported(
            signed.as_bytes(),
            &EmailContext::default(),
            &dns,
            (amanat_shield::email_report_domain(signed.as_bytes()), 50),
            "en",
        )
        .await;
    assert_eq!(v.verdict, VerdictKind::Official, "{:?}", codes(&v));
    assert!(!has(&v, "domain_reported_by_customers"));
}
