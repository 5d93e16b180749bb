use amanat_notify::{Ctx, Lang, Notice, check_locales, render_email, render_sms};

const CODE: &str = "482913";
const RESET_URL: &str = "https://id.amanat.example/reset?t=Zk3q9";
const FREEZE_URL: &str = "https://id.amanat.example/freeze";
const SUPPORT_URL: &str = "https://amanat.example/help";

fn ctx() -> Ctx {
    Ctx {
        business: "Amanat Bank".into(),
        support_url: Some(SUPPORT_URL.into()),
        freeze_url: Some(FREEZE_URL.into()),
        origin_host: Some("amanat.example".into()),
        code_minutes: 0,
    }
}

fn all_notices() -> Vec<Notice> {
    let at = "1 March 2025, 14:32 (UTC+4)".to_string();
    vec![
        Notice::EmailVerifyCode { code: CODE.into() },
        Notice::PhoneVerifyCode { code: CODE.into() },
        Notice::SignInCode { code: CODE.into() },
        Notice::FreezeEmailCode { code: CODE.into() },
        Notice::PasswordResetLink {
            url: RESET_URL.into(),
            minutes: 30,
        },
        Notice::NewSignIn {
            at: at.clone(),
            device: "Firefox on Linux".into(),
        },
        Notice::PasswordChanged { at: at.clone() },
        Notice::EmailChanged {
            at: at.clone(),
            new_masked: "a***@example.org".into(),
        },
        Notice::PhoneChanged {
            at: at.clone(),
            new_masked: "+994 ** *** 45 67".into(),
        },
        Notice::Frozen { at: at.clone() },
        Notice::Unfrozen { at },
        Notice::RetentionNotice {
            erase_on: "2027-01-05".into(),
        },
    ]
    .into_iter()
    .chain(privacy_notices())
    .collect()
}

const DUE: &str = "5 April 2025";
const SUPERVISOR: &str = "Data Protection Agency, https://dpa.example";
const DISCLOSED_TO: &str = "Baku City Court";
const ORDER_REF: &str = "2-1234/2025";

const REQUESTS: [&str; 5] = [
    "access",
    "rectification",
    "erasure",
    "restriction",
    "objection",
];
const EXTENSION_REASONS: [&str; 3] = ["complex", "many_requests", "third_party"];
const KEPT: [&str; 2] = ["order_references", "legal_hold"];
const REFUSAL_REASONS: [&str; 6] = [
    "identity_not_verified",
    "manifestly_unfounded",
    "excessive",
    "legal_hold",
    "legal_obligation",
    "not_applicable",
];
/// A code no message knows: it must read as the `*[other]` variant.
const UNKNOWN: &str = "brand_new_code";

fn received(request: &str) -> Notice {
    Notice::PrivacyRequestReceived {
        request: request.into(),
        due: DUE.into(),
    }
}

fn extended(request: &str, reason: &str) -> Notice {
    Notice::PrivacyRequestExtended {
        request: request.into(),
        due: DUE.into(),
        reason: reason.into(),
    }
}

fn completed(request: &str, kept: &str) -> Notice {
    Notice::PrivacyRequestCompleted {
        request: request.into(),
        kept: kept.into(),
    }
}

fn refused(request: &str, reason: &str, authority: &str) -> Notice {
    Notice::PrivacyRequestRefused {
        request: request.into(),
        reason: reason.into(),
        authority: authority.into(),
    }
}

fn disclosure() -> Notice {
    Notice::LawfulDisclosure {
        authority: DISCLOSED_TO.into(),
        reference: ORDER_REF.into(),
        at: "3 March 2025".into(),
    }
}

fn privacy_notices() -> Vec<Notice> {
    vec![
        received("access"),
        extended("erasure", "complex"),
        completed("erasure", "order_references"),
        refused("access", "manifestly_unfounded", SUPERVISOR),
        Notice::ProcessingRestricted {
            at: "2 March 2025".into(),
        },
        Notice::RestrictionLifted {
            at: "9 March 2025".into(),
        },
        disclosure(),
    ]
}

const ISOLATION_MARKS: [char; 2] = ['\u{2068}', '\u{2069}'];

fn has_six_digit_token(s: &str) -> bool {
    s.split(|c: char| !c.is_ascii_digit())
        .any(|tok| tok.len() == 6)
}

/// The visible text of an HTML page: tags (and the CSS inside them) dropped.
fn visible(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn locale_files_are_complete() {
    check_locales().unwrap();
}

#[test]
fn every_notice_renders_in_every_language() {
    for lang in Lang::ALL {
        for n in all_notices() {
            let e = render_email(&n, lang, &ctx())
                .unwrap_or_else(|err| panic!("{lang:?} {n:?}: {err}"));
            let sms = render_sms(&n, lang, &ctx()).unwrap();
            for (what, s) in [
                ("subject", &e.subject),
                ("text", &e.text),
                ("html", &e.html),
                ("sms", &sms),
            ] {
                assert!(
                    !s.contains('{') && !s.contains('}'),
                    "{lang:?} {n:?} {what}: {s}"
                );
                assert!(!s.contains('$'), "{lang:?} {n:?} {what}: {s}");
                assert!(!s.trim().is_empty());
            }
            assert!(e.text.contains("Amanat Bank"));
            assert!(e.html.contains(&format!("<html lang=\"{}\"", lang.code())));
            let rtl = e.html.contains("dir=\"rtl\"");
            assert_eq!(rtl, lang.is_rtl(), "{lang:?}");
            // no isolation marks where every character counts
            assert!(!sms.contains(ISOLATION_MARKS), "{lang:?} {n:?}");
            assert!(!e.subject.contains(ISOLATION_MARKS), "{lang:?} {n:?}");
            if !lang.is_rtl() {
                assert!(!e.text.contains(ISOLATION_MARKS));
            }

            if let Some(code) = n.code() {
                assert!(e.text.contains(&format!("\n    {code}\n")), "{lang:?}");
                assert!(e.html.contains(code));
                assert!(sms.contains(code));
                let last = sms.lines().last().unwrap();
                assert_eq!(last, format!("@amanat.example #{code}"));
                assert!(e.text.contains('5'), "expiry minutes missing: {lang:?}");
            }
            if let Notice::PasswordResetLink { .. } = n {
                assert!(e.text.contains(&format!("\n{RESET_URL}\n")));
                assert!(e.html.contains(&format!("href=\"{RESET_URL}\"")));
                assert!(sms.contains(RESET_URL));
                assert!(e.text.contains("30"));
            }
            if n.is_security_notice() {
                for s in [&e.subject, &e.text, &visible(&e.html), &sms] {
                    assert!(!has_six_digit_token(s), "{lang:?} {n:?}: {s}");
                    assert!(!s.contains(RESET_URL));
                }
                assert!(e.text.contains("14:32"));
                assert!(e.text.contains(SUPPORT_URL), "{lang:?} {n:?}");
                if !matches!(n, Notice::Frozen { .. }) {
                    assert!(e.text.contains(FREEZE_URL), "{lang:?} {n:?}");
                    assert!(e.html.contains(&format!("href=\"{FREEZE_URL}\"")));
                    assert!(sms.contains(FREEZE_URL));
                }
            }
        }
    }
}

#[test]
fn translations_are_not_english_and_use_their_scripts() {
    let en: Vec<_> = all_notices()
        .iter()
        .map(|n| render_email(n, Lang::En, &ctx()).unwrap())
        .collect();
    for lang in [Lang::Az, Lang::Fa, Lang::Ar, Lang::Vi] {
        let mut all_text = String::new();
        for (n, en) in all_notices().iter().zip(&en) {
            let e = render_email(n, lang, &ctx()).unwrap();
            let sms = render_sms(n, lang, &ctx()).unwrap();
            assert_ne!(e.subject, en.subject, "{lang:?} {n:?}");
            assert_ne!(sms, render_sms(n, Lang::En, &ctx()).unwrap());
            for (a, b) in e.text.lines().zip(en.text.lines()) {
                if a.trim().contains(' ') && !a.contains("://") {
                    assert_ne!(a, b, "{lang:?}: untranslated line");
                }
            }
            all_text.push_str(&e.text);
            all_text.push_str(&sms);
        }
        let must_have: &[char] = match lang {
            Lang::Az => &['ə', 'ş', 'ğ', 'ı', 'ö', 'ü', 'ç'],
            Lang::Fa => &['گ', 'پ', 'ی', 'ک', '\u{200c}'],
            Lang::Ar => &['ة', 'ي', 'ك', 'إ'],
            Lang::Vi => &['ă', 'â', 'đ', 'ê', 'ô', 'ớ', 'ư', 'ạ', 'ế', 'ử'],
            Lang::En => &[],
        };
        for c in must_have {
            assert!(all_text.contains(*c), "{lang:?} lacks {c}");
        }
    }
}

#[test]
fn html_escapes_the_business_name() {
    let mut c = ctx();
    c.business = "<script>alert('x')</script> & Co".into();
    for lang in Lang::ALL {
        for n in all_notices() {
            let e = render_email(&n, lang, &c).unwrap();
            assert!(!e.html.contains("<script"), "{lang:?} {n:?}");
            assert!(
                e.html
                    .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co")
            );
            // plain text and subject are not HTML and keep the name as is
            assert!(e.text.contains("<script>"));
        }
    }
}

#[test]
fn rejects_unsafe_inputs() {
    let mut c = ctx();
    c.freeze_url = Some("javascript:alert(1)".into());
    assert!(render_email(&Notice::Frozen { at: "x".into() }, Lang::En, &c).is_ok());
    assert!(render_email(&Notice::Unfrozen { at: "x".into() }, Lang::En, &c).is_err());
    let mut c = ctx();
    c.origin_host = Some("evil.example #000000\n@x".into());
    assert!(render_sms(&Notice::SignInCode { code: CODE.into() }, Lang::En, &c).is_err());
    assert!(
        render_sms(
            &Notice::SignInCode {
                code: "12 34".into()
            },
            Lang::En,
            &ctx()
        )
        .is_err()
    );
}

#[test]
fn sms_without_origin_host_has_no_origin_line() {
    let mut c = ctx();
    c.origin_host = None;
    let sms = render_sms(&Notice::SignInCode { code: CODE.into() }, Lang::En, &c).unwrap();
    assert!(!sms.contains('@') && !sms.contains('#'));
    assert_eq!(sms.lines().count(), 1);
}

fn is_gsm7_basic(c: char) -> bool {
    c.is_ascii_alphanumeric() || " \n\r@$!\"#%&'()*+,-./:;<=>?_".contains(c)
}

#[test]
fn sms_lengths() {
    let codes = [
        Notice::EmailVerifyCode { code: CODE.into() },
        Notice::PhoneVerifyCode { code: CODE.into() },
        Notice::SignInCode { code: CODE.into() },
        Notice::FreezeEmailCode { code: CODE.into() },
    ];
    for lang in Lang::ALL {
        for n in &codes {
            let sms = render_sms(n, lang, &ctx()).unwrap();
            let chars = sms.chars().count();
            let gsm = sms.chars().all(is_gsm7_basic);
            let per_segment = if gsm { 160 } else { 70 };
            let segments = if chars <= per_segment {
                1
            } else {
                chars.div_ceil(if gsm { 153 } else { 67 })
            };
            println!(
                "{:>2} {:<22} {:>3} chars, {} → {} segment(s)",
                lang.code(),
                format!("{n:?}").split(' ').next().unwrap_or(""),
                chars,
                if gsm { "GSM-7" } else { "UCS-2" },
                segments
            );
            if lang == Lang::En {
                assert!(gsm, "English code SMS must stay in GSM-7: {sms}");
                assert!(chars <= 160, "{chars}: {sms}");
            }
        }
    }
}

// ----- privacy notices -----

/// Everything a customer can read of a notice: subject, text, visible HTML, SMS.
fn readable(n: &Notice, lang: Lang) -> String {
    let e = render_email(n, lang, &ctx()).unwrap_or_else(|err| panic!("{lang:?} {n:?}: {err}"));
    let sms = render_sms(n, lang, &ctx()).unwrap_or_else(|err| panic!("{lang:?} {n:?}: {err}"));
    format!("{}\n{}\n{}\n{}", e.subject, e.text, visible(&e.html), sms)
}

fn paragraphs(n: &Notice, lang: Lang) -> usize {
    render_email(n, lang, &ctx())
        .unwrap()
        .text
        .split("\n\n")
        .count()
}

fn all_codes() -> Vec<&'static str> {
    let mut codes: Vec<&str> = REQUESTS.to_vec();
    codes.extend(EXTENSION_REASONS);
    codes.extend(KEPT);
    codes.extend(REFUSAL_REASONS);
    codes.push(UNKNOWN);
    codes
}

/// No code is ever shown raw. (Plain English words such as "restriction" may appear
/// in sentences; codes with an underscore never can, and neither can an unknown one.)
fn assert_no_raw_code(s: &str, what: &str) {
    for code in all_codes() {
        if code.contains('_') {
            assert!(!s.contains(code), "{what}: raw `{code}` in {s}");
        }
    }
}

#[test]
fn privacy_notice_kinds_and_serde_tags() {
    let cases = [
        (
            received("access"),
            "privacy-received",
            "privacy_request_received",
        ),
        (
            extended("access", "complex"),
            "privacy-extended",
            "privacy_request_extended",
        ),
        (
            completed("access", "none"),
            "privacy-completed",
            "privacy_request_completed",
        ),
        (
            refused("access", "excessive", ""),
            "privacy-refused",
            "privacy_request_refused",
        ),
        (
            Notice::ProcessingRestricted { at: "x".into() },
            "restricted",
            "processing_restricted",
        ),
        (
            Notice::RestrictionLifted { at: "x".into() },
            "restriction-lifted",
            "restriction_lifted",
        ),
        (disclosure(), "lawful-disclosure", "lawful_disclosure"),
    ];
    for (n, kind, tag) in cases {
        assert_eq!(n.kind(), kind);
        assert!(!n.is_security_notice());
        assert_eq!(n.code(), None);
        let json = serde_json::to_value(&n).unwrap();
        assert_eq!(json["kind"], tag);
        assert_eq!(serde_json::from_value::<Notice>(json).unwrap(), n);
    }
    let n: Notice = serde_json::from_str(
        r#"{"kind":"privacy_request_refused","request":"erasure","reason":"legal_hold","authority":""}"#,
    )
    .unwrap();
    assert_eq!(n, refused("erasure", "legal_hold", ""));
}

#[test]
fn every_request_kind_reads_in_words_in_every_language() {
    for lang in Lang::ALL {
        let makers: [fn(&str) -> Notice; 4] = [
            received,
            |r| extended(r, "complex"),
            |r| completed(r, "none"),
            |r| refused(r, "excessive", SUPERVISOR),
        ];
        for make in makers {
            let fallback = readable(&make(UNKNOWN), lang);
            assert_no_raw_code(&fallback, &format!("{lang:?}"));
            assert!(!fallback.contains(UNKNOWN));
            // an unknown code reads exactly like any other unknown code
            assert_eq!(fallback, readable(&make("zzz"), lang), "{lang:?}");
            let mut seen = vec![fallback];
            for request in REQUESTS {
                let n = make(request);
                let s = readable(&n, lang);
                assert_no_raw_code(&s, &format!("{lang:?} {n:?}"));
                assert!(
                    !seen.contains(&s),
                    "{lang:?} {n:?}: reads like another kind or the fallback"
                );
                seen.push(s);
            }
        }
    }
}

#[test]
fn every_reason_and_kept_code_reads_in_words_in_every_language() {
    type Maker = fn(&str) -> Notice;
    let cases: [(Maker, &[&str]); 3] = [
        (|r| extended("access", r), &EXTENSION_REASONS),
        (|k| completed("rectification", k), &KEPT),
        (|r| refused("erasure", r, SUPERVISOR), &REFUSAL_REASONS),
    ];
    for lang in Lang::ALL {
        for (make, codes) in cases {
            let fallback = readable(&make(UNKNOWN), lang);
            assert!(!fallback.contains(UNKNOWN), "{lang:?}");
            assert_eq!(fallback, readable(&make("other"), lang), "{lang:?}");
            let mut seen = vec![fallback];
            for code in codes {
                let n = make(code);
                let s = readable(&n, lang);
                assert_no_raw_code(&s, &format!("{lang:?} {n:?}"));
                assert!(!seen.contains(&s), "{lang:?} {n:?}: not its own wording");
                seen.push(s);
            }
        }
    }
}

#[test]
fn unknown_codes_take_the_generic_wording() {
    let text = |n: &Notice| render_email(n, Lang::En, &ctx()).unwrap().text;
    assert!(text(&received(UNKNOWN)).contains("your request about your personal data"));
    assert!(
        text(&extended("access", UNKNOWN)).contains("We need more time to answer it properly.")
    );
    assert!(text(&completed("access", UNKNOWN)).contains("because the law requires it"));
    assert!(text(&refused("access", UNKNOWN, "")).contains("we cannot carry it out in this case"));
    assert!(
        render_sms(&completed(UNKNOWN, "none"), Lang::En, &ctx())
            .unwrap()
            .ends_with("your privacy request is done.")
    );
}

#[test]
fn kept_sentence_only_when_something_is_kept() {
    for lang in Lang::ALL {
        let none = paragraphs(&completed("rectification", "none"), lang);
        assert_eq!(none, paragraphs(&completed("rectification", ""), lang));
        for kept in KEPT.into_iter().chain([UNKNOWN]) {
            assert_eq!(
                paragraphs(&completed("rectification", kept), lang),
                none + 1,
                "{lang:?} {kept}"
            );
        }
    }
    let e = render_email(&completed("access", "order_references"), Lang::En, &ctx()).unwrap();
    assert!(e.text.contains("accounting law"));
    assert!(e.text.contains("data export"));
}

#[test]
fn erasure_completion_says_it_is_the_last_email() {
    for lang in Lang::ALL {
        for other in [
            "access",
            "rectification",
            "restriction",
            "objection",
            UNKNOWN,
        ] {
            assert_eq!(
                paragraphs(&completed("erasure", "none"), lang),
                paragraphs(&completed(other, "none"), lang) + 1,
                "{lang:?} {other}"
            );
        }
    }
    let e = render_email(&completed("erasure", "legal_hold"), Lang::En, &ctx()).unwrap();
    assert!(
        e.text
            .contains("This is the last email you will receive from Amanat Bank.")
    );
    assert!(e.text.contains("court"));
    let sms = render_sms(&completed("erasure", "none"), Lang::En, &ctx()).unwrap();
    assert!(sms.contains("last message"), "{sms}");
    let e = render_email(&completed("access", "none"), Lang::En, &ctx()).unwrap();
    assert!(!e.text.contains("last email"));
}

#[test]
fn refusals_name_the_right_to_complain_and_the_authority() {
    for lang in Lang::ALL {
        for reason in REFUSAL_REASONS.into_iter().chain([UNKNOWN]) {
            let n = refused("erasure", reason, SUPERVISOR);
            let e = render_email(&n, lang, &ctx()).unwrap();
            let sms = render_sms(&n, lang, &ctx()).unwrap();
            for s in [&e.subject, &e.text, &visible(&e.html), &sms] {
                assert!(!s.contains("manifestly_unfounded"), "{lang:?}: {s}");
                if reason.contains('_') {
                    assert!(!s.contains(reason), "{lang:?}: {s}");
                }
            }
            // the authority stands on a line of its own, as given, never a link
            assert!(
                e.text.contains(&format!("\n\n{SUPERVISOR}\n\n")),
                "{lang:?}"
            );
            assert!(
                e.html.contains(&format!(
                    "<p dir=\"auto\" style=\"margin:0 0 16px;\">{SUPERVISOR}</p>"
                )),
                "{lang:?}"
            );
            assert!(!e.html.contains("href=\"https://dpa.example"));
            assert!(!e.text.contains(&format!("\u{2068}{SUPERVISOR}")));
        }
        // without an authority the right to complain is still there, one line shorter
        let named = refused("access", "excessive", SUPERVISOR);
        let unnamed = refused("access", "excessive", "  ");
        assert_eq!(paragraphs(&named, lang), paragraphs(&unnamed, lang) + 1);
        let named = render_email(&named, lang, &ctx()).unwrap().text;
        let unnamed = render_email(&unnamed, lang, &ctx()).unwrap().text;
        let complain_line = named
            .lines()
            .find(|l| l.trim_end().ends_with(':') && !l.contains("://"))
            .unwrap_or_else(|| panic!("{lang:?}: no line introduces the authority: {named}"));
        let unnamed_complain = complain_line.trim_end().trim_end_matches(':');
        assert!(unnamed.contains(unnamed_complain), "{lang:?}");
        assert!(!unnamed.contains(complain_line), "{lang:?}");
    }
    let e = render_email(
        &refused("access", "manifestly_unfounded", SUPERVISOR),
        Lang::En,
        &ctx(),
    )
    .unwrap();
    assert!(e.text.contains(
        "You have the right to complain to the data protection supervisory authority:\n\n\
         Data Protection Agency, https://dpa.example\n"
    ));
    assert!(e.text.contains("clearly unfounded"));
    assert!(e.text.contains(SUPPORT_URL));
}

#[test]
fn the_authority_is_escaped_in_html() {
    let n = refused("access", "excessive", "<b>Agency</b> & Co");
    let e = render_email(&n, Lang::Fa, &ctx()).unwrap();
    assert!(e.html.contains("&lt;b&gt;Agency&lt;/b&gt; &amp; Co"));
    assert!(!e.html.contains("<b>"));
    assert!(e.text.contains("\n<b>Agency</b> & Co\n"));
}

#[test]
fn privacy_notices_isolate_values_in_right_to_left_bodies() {
    for lang in Lang::ALL {
        let e = render_email(&disclosure(), lang, &ctx()).unwrap();
        let sms = render_sms(&disclosure(), lang, &ctx()).unwrap();
        let isolated = |v: &str| format!("\u{2068}{v}\u{2069}");
        if lang.is_rtl() {
            assert!(
                e.text.contains(&isolated(ORDER_REF)),
                "{lang:?}: {}",
                e.text
            );
            assert!(e.text.contains(&isolated(DISCLOSED_TO)), "{lang:?}");
            assert!(e.html.contains(&isolated(ORDER_REF)), "{lang:?}");
        } else {
            assert!(!e.text.contains(ISOLATION_MARKS), "{lang:?}");
        }
        assert!(e.text.contains(ORDER_REF) && e.text.contains(DISCLOSED_TO));
        assert!(sms.contains(DISCLOSED_TO) && !sms.contains(ISOLATION_MARKS));
        assert!(!e.subject.contains(ISOLATION_MARKS));

        // the due date is isolated, but a sentence picked by a code is not wrapped whole
        for n in [
            received("erasure"),
            extended("erasure", "third_party"),
            completed("erasure", "legal_hold"),
            refused("erasure", "legal_hold", SUPERVISOR),
        ] {
            let e = render_email(&n, lang, &ctx()).unwrap();
            if lang.is_rtl()
                && !matches!(
                    n,
                    Notice::PrivacyRequestCompleted { .. } | Notice::PrivacyRequestRefused { .. }
                )
            {
                assert!(e.text.contains(&isolated(DUE)), "{lang:?} {n:?}");
            }
            for para in e.text.split("\n\n") {
                assert!(
                    !para.starts_with('\u{2068}') || para.contains("Amanat Bank"),
                    "{lang:?} {n:?}: {para:?}"
                );
                assert!(
                    !para.contains("\u{2068}\u{2068}"),
                    "{lang:?} {n:?}: {para:?}"
                );
            }
        }
    }
}

#[test]
fn privacy_sms_are_one_line_without_links() {
    for lang in Lang::ALL {
        for n in privacy_notices() {
            let sms = render_sms(&n, lang, &ctx()).unwrap();
            assert_eq!(sms.lines().count(), 1, "{lang:?} {n:?}: {sms}");
            assert!(!sms.contains("://"), "{lang:?} {n:?}: {sms}");
            assert!(sms.contains("Amanat Bank"));
        }
        let s = render_sms(&received("access"), lang, &ctx()).unwrap();
        assert!(s.contains(DUE));
        let s = render_sms(
            &Notice::ProcessingRestricted {
                at: "2 March 2025".into(),
            },
            lang,
            &ctx(),
        )
        .unwrap();
        assert!(s.contains("2 March 2025"));
    }
}

#[test]
fn privacy_emails_say_what_they_must() {
    let en = |n: &Notice| render_email(n, Lang::En, &ctx()).unwrap();
    let e = en(&received("objection"));
    assert!(e.text.contains("objection") && e.text.contains(DUE));
    assert!(e.text.contains("let you know when it is done"));
    assert!(e.text.contains(&format!("\n{SUPPORT_URL}\n")));
    assert!(!e.text.contains(FREEZE_URL), "not a security notice");
    let e = en(&extended("access", "third_party"));
    assert!(e.text.contains("third party") && e.text.contains(DUE));
    assert!(e.text.contains("only once"));
    let e = en(&Notice::ProcessingRestricted {
        at: "2 March 2025".into(),
    });
    assert!(e.text.contains("defend legal claims") && e.text.contains("consent"));
    let e = en(&Notice::RestrictionLifted {
        at: "9 March 2025".into(),
    });
    assert!(e.text.contains("privacy policy") && e.text.contains("9 March 2025"));
    let e = en(&disclosure());
    assert!(e.text.contains("transparency page") && e.text.contains("data export"));
    assert!(e.text.contains(&format!(
        "to {DISCLOSED_TO} under the legal order with reference {ORDER_REF}"
    )));
    // without a support URL the notices still tell the customer whom to ask
    let mut c = ctx();
    c.support_url = None;
    for lang in Lang::ALL {
        for n in privacy_notices() {
            let e = render_email(&n, lang, &c).unwrap();
            assert!(!e.html.contains("<a "), "{lang:?} {n:?}");
        }
    }
    assert!(
        render_email(&disclosure(), Lang::En, &c)
            .unwrap()
            .text
            .contains("If you have any questions, contact Amanat Bank support.")
    );
}
