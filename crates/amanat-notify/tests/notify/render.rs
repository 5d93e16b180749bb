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
