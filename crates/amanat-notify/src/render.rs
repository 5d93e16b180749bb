//! Rendering notices into email and SMS text with Fluent.
//!
//! # Bidirectional isolation
//!
//! Fluent can wrap every placeable in FIRST STRONG ISOLATE / POP DIRECTIONAL
//! ISOLATE marks (U+2068 / U+2069) so that a left-to-right value (a device
//! name, a masked address, a time) does not scramble the surrounding
//! right-to-left sentence. The marks are invisible but are real characters.
//!
//! * SMS: isolation is **off**. Every character is billed, and a single
//!   non-GSM character already forces the whole message into UCS-2.
//! * Email subjects: **off**. Subjects are shown in lists and previews that
//!   often mangle or show the marks, and they are RFC 2047 encoded anyway.
//! * Email bodies (text and HTML): **on for Persian and Arabic**, off for the
//!   left-to-right languages. In a right-to-left paragraph the marks keep
//!   values such as `Chrome on Windows` or `14:32 (UTC+4)` in one piece.
//!   Codes and URLs are never placed inside translated sentences (they get
//!   lines of their own), so the marks can never end up inside a copied code
//!   or an auto-linked URL. The same goes for the supervisory authority a
//!   refusal names: it is free text that may hold a web address, so it gets
//!   a line of its own, outside Fluent, as given.
//!
//! # Codes turned into words
//!
//! Privacy notices carry stable codes (`request`, `reason`, `kept`) that the
//! messages turn into words with Fluent selectors; an unknown code takes the
//! `*[other]` variant, so a raw code is never shown. A message that selects
//! is a selector and nothing else (each variant a whole sentence): Fluent
//! would otherwise wrap the chosen sentence in isolation marks too.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::{Arc, LazyLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use crate::html::escape_html;
use crate::lang::Lang;

/// How long a one-time code stays valid, as stated in every code message.
pub const CODE_TTL_MINUTES: u32 = 5;

/// One notice to a customer, with the values it mentions.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Notice {
    /// Code that confirms an email address (sign-up or email change); by email.
    EmailVerifyCode { code: String },
    /// Code that confirms a phone number; by SMS.
    PhoneVerifyCode { code: String },
    /// Second-factor code for signing in; by SMS.
    SignInCode { code: String },
    /// Code that proves the email owner wants to freeze or unfreeze; by email.
    FreezeEmailCode { code: String },
    /// Link to choose a new password, valid for `minutes`; by email.
    PasswordResetLink { url: String, minutes: u32 },
    /// Someone signed in. `at` is an already formatted local time.
    NewSignIn { at: String, device: String },
    /// The password was changed.
    PasswordChanged { at: String },
    /// The email address was changed; sent to the old and the new address.
    EmailChanged { at: String, new_masked: String },
    /// The phone number was changed; sent to the old and the new number.
    PhoneChanged { at: String, new_masked: String },
    /// The account was frozen.
    Frozen { at: String },
    /// The account was unfrozen.
    Unfrozen { at: String },
    /// The account has been unused so long that it will be erased on `erase_on` (an
    /// already formatted date) unless the customer signs in before.
    RetentionNotice { erase_on: String },
    /// A privacy request was received. `request` is a code (`access`,
    /// `rectification`, `erasure`, `restriction`, `objection`); `due` is the
    /// already formatted date by which it will be answered.
    PrivacyRequestReceived { request: String, due: String },
    /// The answer to a privacy request needs more time (the one extension the
    /// law allows). `due` is the new date; `reason` is a code (`complex`,
    /// `many_requests`, `third_party`; anything else reads as a generic reason).
    PrivacyRequestExtended {
        request: String,
        due: String,
        reason: String,
    },
    /// A privacy request was carried out. `kept` is a code: `none` (or empty)
    /// when nothing is kept, `order_references` or `legal_hold`; anything else
    /// reads as "kept because the law requires it". For `erasure` this is the
    /// last email the customer gets, and says so.
    PrivacyRequestCompleted { request: String, kept: String },
    /// A privacy request is refused. `reason` is a code (`identity_not_verified`,
    /// `manifestly_unfounded`, `excessive`, `legal_hold`, `legal_obligation`,
    /// `not_applicable`; anything else reads as a generic reason). `authority`
    /// is the supervisory authority, as the business gives it in the customer's
    /// language (name, web address), shown as is; empty to name none.
    PrivacyRequestRefused {
        request: String,
        reason: String,
        authority: String,
    },
    /// From `at` (already formatted), the customer's data is only stored.
    ProcessingRestricted { at: String },
    /// The restriction of processing ended at `at` (already formatted).
    RestrictionLifted { at: String },
    /// Part of the customer's data was disclosed on `at` (already formatted) to
    /// `authority` under the legal order `reference`, as the law requires.
    LawfulDisclosure {
        authority: String,
        reference: String,
        at: String,
    },
}

impl Notice {
    /// The one-time code this notice carries, if any.
    pub fn code(&self) -> Option<&str> {
        match self {
            Notice::EmailVerifyCode { code }
            | Notice::PhoneVerifyCode { code }
            | Notice::SignInCode { code }
            | Notice::FreezeEmailCode { code } => Some(code),
            _ => None,
        }
    }

    /// Whether this is a security notice (something happened to the account).
    pub fn is_security_notice(&self) -> bool {
        matches!(
            self,
            Notice::NewSignIn { .. }
                | Notice::PasswordChanged { .. }
                | Notice::EmailChanged { .. }
                | Notice::PhoneChanged { .. }
                | Notice::Frozen { .. }
                | Notice::Unfrozen { .. }
        )
    }

    /// A stable name of the notice kind (for metrics and queues; never a value).
    pub fn kind(&self) -> &'static str {
        self.prefix()
    }

    fn prefix(&self) -> &'static str {
        match self {
            Notice::EmailVerifyCode { .. } => "email-verify",
            Notice::PhoneVerifyCode { .. } => "phone-verify",
            Notice::SignInCode { .. } => "sign-in-code",
            Notice::FreezeEmailCode { .. } => "freeze-code",
            Notice::PasswordResetLink { .. } => "password-reset",
            Notice::NewSignIn { .. } => "new-sign-in",
            Notice::PasswordChanged { .. } => "password-changed",
            Notice::EmailChanged { .. } => "email-changed",
            Notice::PhoneChanged { .. } => "phone-changed",
            Notice::Frozen { .. } => "frozen",
            Notice::Unfrozen { .. } => "unfrozen",
            Notice::RetentionNotice { .. } => "retention",
            Notice::PrivacyRequestReceived { .. } => "privacy-received",
            Notice::PrivacyRequestExtended { .. } => "privacy-extended",
            Notice::PrivacyRequestCompleted { .. } => "privacy-completed",
            Notice::PrivacyRequestRefused { .. } => "privacy-refused",
            Notice::ProcessingRestricted { .. } => "restricted",
            Notice::RestrictionLifted { .. } => "restriction-lifted",
            Notice::LawfulDisclosure { .. } => "lawful-disclosure",
        }
    }
}

/// Who is writing, and where the customer can act.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ctx {
    /// The business's display name.
    pub business: String,
    /// Where the customer reaches support (http or https URL).
    pub support_url: Option<String>,
    /// Where the customer freezes the account (http or https URL).
    pub freeze_url: Option<String>,
    /// Host name the codes are bound to; adds the `@host #code` SMS line.
    pub origin_host: Option<String>,
    /// How long codes stay valid, in minutes, as the messages state it (0: 5 minutes).
    pub code_minutes: u32,
}

/// A rendered email: subject, plain-text part and HTML part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderedEmail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Why a notice could not be rendered. Never contains the rendered values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RenderError {
    /// A message id is missing from a locale file.
    MissingMessage { lang: &'static str, id: String },
    /// Fluent reported errors while formatting a message.
    Format {
        lang: &'static str,
        id: String,
        detail: String,
    },
    /// A field of [`Ctx`] or [`Notice`] cannot be used as given.
    InvalidInput(&'static str),
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::MissingMessage { lang, id } => {
                write!(f, "message `{id}` is missing in locale `{lang}`")
            }
            RenderError::Format { lang, id, detail } => {
                write!(
                    f,
                    "message `{id}` in locale `{lang}` failed to format: {detail}"
                )
            }
            RenderError::InvalidInput(what) => write!(f, "invalid input: {what}"),
        }
    }
}

impl std::error::Error for RenderError {}

type Bundle = FluentBundle<Arc<FluentResource>>;

struct LangBundles {
    plain: Bundle,
    isolating: Bundle,
    /// Parse and load problems, reported by [`check_locales`].
    problems: Vec<String>,
    ids: BTreeSet<String>,
}

static BUNDLES: LazyLock<Vec<LangBundles>> =
    LazyLock::new(|| Lang::ALL.iter().map(|l| load(*l)).collect());

fn load(lang: Lang) -> LangBundles {
    let mut problems = Vec::new();
    let resource = match FluentResource::try_new(lang.source().to_owned()) {
        Ok(r) => r,
        Err((r, errors)) => {
            for e in errors {
                problems.push(format!("{}: parse error {e:?}", lang.code()));
            }
            r
        }
    };
    let ids = resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
            _ => None,
        })
        .collect();
    let resource = Arc::new(resource);
    let langid: LanguageIdentifier = lang.code().parse().unwrap_or_default();
    let mut make = |isolating: bool| {
        let mut b = FluentBundle::new_concurrent(vec![langid.clone()]);
        b.set_use_isolating(isolating);
        if let Err(errors) = b.add_resource(Arc::clone(&resource)) {
            for e in errors {
                problems.push(format!("{}: load error {e:?}", lang.code()));
            }
        }
        b
    };
    let plain = make(false);
    let isolating = make(true);
    LangBundles {
        plain,
        isolating,
        problems,
        ids,
    }
}

/// Checks the embedded locale files: each parses cleanly and defines exactly
/// the message ids of the English file. Call it at startup or in a test.
pub fn check_locales() -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    let english = &BUNDLES[Lang::En.index()].ids;
    for lang in Lang::ALL {
        let b = &BUNDLES[lang.index()];
        problems.extend(b.problems.iter().cloned());
        for id in english.difference(&b.ids) {
            problems.push(format!("{}: missing message `{id}`", lang.code()));
        }
        for id in b.ids.difference(english) {
            problems.push(format!("{}: extra message `{id}`", lang.code()));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

struct Formatter<'a> {
    lang: Lang,
    bundle: &'a Bundle,
    args: FluentArgs<'a>,
}

impl<'a> Formatter<'a> {
    fn new(lang: Lang, isolating: bool, n: &'a Notice, ctx: &'a Ctx) -> Self {
        let b = &BUNDLES[lang.index()];
        let bundle = if isolating { &b.isolating } else { &b.plain };
        let mut args = FluentArgs::new();
        args.set("business", FluentValue::from(ctx.business.as_str()));
        let minutes = if ctx.code_minutes == 0 {
            CODE_TTL_MINUTES
        } else {
            ctx.code_minutes
        };
        args.set("minutes", FluentValue::from(minutes));
        match n {
            Notice::EmailVerifyCode { code }
            | Notice::PhoneVerifyCode { code }
            | Notice::SignInCode { code }
            | Notice::FreezeEmailCode { code } => {
                args.set("code", FluentValue::from(code.as_str()));
            }
            Notice::PasswordResetLink { minutes, .. } => {
                args.set("minutes", FluentValue::from(*minutes));
            }
            Notice::NewSignIn { at, device } => {
                args.set("at", FluentValue::from(at.as_str()));
                args.set("device", FluentValue::from(device.as_str()));
            }
            Notice::EmailChanged { at, new_masked } | Notice::PhoneChanged { at, new_masked } => {
                args.set("at", FluentValue::from(at.as_str()));
                args.set("new", FluentValue::from(new_masked.as_str()));
            }
            Notice::PasswordChanged { at }
            | Notice::Frozen { at }
            | Notice::Unfrozen { at }
            | Notice::ProcessingRestricted { at }
            | Notice::RestrictionLifted { at } => {
                args.set("at", FluentValue::from(at.as_str()));
            }
            Notice::RetentionNotice { erase_on } => {
                args.set("erase_on", FluentValue::from(erase_on.as_str()));
            }
            Notice::PrivacyRequestReceived { request, due } => {
                args.set("request", FluentValue::from(request.as_str()));
                args.set("due", FluentValue::from(due.as_str()));
            }
            Notice::PrivacyRequestExtended {
                request,
                due,
                reason,
            } => {
                args.set("request", FluentValue::from(request.as_str()));
                args.set("due", FluentValue::from(due.as_str()));
                args.set("reason", FluentValue::from(reason.as_str()));
            }
            Notice::PrivacyRequestCompleted { request, kept } => {
                args.set("request", FluentValue::from(request.as_str()));
                args.set("kept", FluentValue::from(kept.as_str()));
            }
            Notice::PrivacyRequestRefused {
                request, reason, ..
            } => {
                // The authority is never a Fluent argument: it gets a line of its own.
                args.set("request", FluentValue::from(request.as_str()));
                args.set("reason", FluentValue::from(reason.as_str()));
            }
            Notice::LawfulDisclosure {
                authority,
                reference,
                at,
            } => {
                args.set("authority", FluentValue::from(authority.as_str()));
                args.set("reference", FluentValue::from(reference.as_str()));
                args.set("at", FluentValue::from(at.as_str()));
            }
        }
        Formatter { lang, bundle, args }
    }

    fn msg(&self, id: &str) -> Result<String, RenderError> {
        let missing = || RenderError::MissingMessage {
            lang: self.lang.code(),
            id: id.to_owned(),
        };
        let message = self.bundle.get_message(id).ok_or_else(missing)?;
        let pattern = message.value().ok_or_else(missing)?;
        let mut errors = Vec::new();
        let out = self
            .bundle
            .format_pattern(pattern, Some(&self.args), &mut errors);
        if let Some(first) = errors.first() {
            return Err(RenderError::Format {
                lang: self.lang.code(),
                id: id.to_owned(),
                detail: format!("{first:?}"),
            });
        }
        Ok(out.into_owned())
    }
}

/// A rendered body, before it becomes text or HTML.
enum Block {
    Para(String),
    Code(String),
    Link {
        label: String,
        url: String,
    },
    /// A free text the business gave (not translated, never through Fluent),
    /// on a line of its own; its own direction in HTML (`dir="auto"`).
    Given(String),
}

struct Doc {
    subject: String,
    blocks: Vec<Block>,
    footer: String,
}

fn checked_url(url: &str, what: &'static str) -> Result<String, RenderError> {
    let lower = url.to_ascii_lowercase();
    let scheme_ok = lower.starts_with("https://") || lower.starts_with("http://");
    if !scheme_ok || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(RenderError::InvalidInput(what));
    }
    Ok(url.to_owned())
}

fn checked_code(code: &str) -> Result<&str, RenderError> {
    if code.is_empty() || code.len() > 32 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(RenderError::InvalidInput(
            "code must be 1 to 32 ASCII letters or digits",
        ));
    }
    Ok(code)
}

/// The "what to do if it was not you" part of a security notice.
fn not_you_blocks(n: &Notice, ctx: &Ctx, f: &Formatter<'_>) -> Result<Vec<Block>, RenderError> {
    let mut blocks = Vec::new();
    let freeze = match n {
        Notice::Frozen { .. } => None,
        _ => ctx.freeze_url.as_deref(),
    };
    if let Some(url) = freeze {
        blocks.push(Block::Para(f.msg("not-you-freeze")?));
        blocks.push(Block::Link {
            label: f.msg("freeze-button")?,
            url: checked_url(url, "freeze_url must be an http(s) URL")?,
        });
        if let Some(support) = ctx.support_url.as_deref() {
            blocks.push(Block::Para(f.msg("also-support")?));
            blocks.push(Block::Link {
                label: f.msg("support-button")?,
                url: checked_url(support, "support_url must be an http(s) URL")?,
            });
        }
    } else {
        blocks.push(Block::Para(f.msg("not-you-support")?));
        if let Some(support) = ctx.support_url.as_deref() {
            blocks.push(Block::Link {
                label: f.msg("support-button")?,
                url: checked_url(support, "support_url must be an http(s) URL")?,
            });
        }
    }
    Ok(blocks)
}

/// "Questions? Contact support", with the support link when there is one.
fn questions_blocks(ctx: &Ctx, f: &Formatter<'_>) -> Result<Vec<Block>, RenderError> {
    let mut blocks = vec![Block::Para(f.msg("privacy-questions")?)];
    if let Some(support) = ctx.support_url.as_deref() {
        blocks.push(Block::Link {
            label: f.msg("support-button")?,
            url: checked_url(support, "support_url must be an http(s) URL")?,
        });
    }
    Ok(blocks)
}

/// A free text given by the business, trimmed; `None` when nothing is left.
fn given_text(s: &str) -> Option<&str> {
    let s = s.trim();
    (!s.is_empty()).then_some(s)
}

/// Whether a `kept` code says that nothing is kept (`none`, or not given).
fn nothing_kept(kept: &str) -> bool {
    matches!(kept.trim(), "" | "none")
}

fn build_doc(n: &Notice, lang: Lang, ctx: &Ctx) -> Result<Doc, RenderError> {
    let subject_f = Formatter::new(lang, false, n, ctx);
    let f = Formatter::new(lang, lang.is_rtl(), n, ctx);
    let p = n.prefix();
    let subject = subject_f.msg(&format!("{p}-subject"))?;
    let mut blocks = Vec::new();
    match n {
        Notice::EmailVerifyCode { code }
        | Notice::PhoneVerifyCode { code }
        | Notice::SignInCode { code }
        | Notice::FreezeEmailCode { code } => {
            blocks.push(Block::Para(f.msg(&format!("{p}-intro"))?));
            blocks.push(Block::Code(checked_code(code)?.to_owned()));
            blocks.push(Block::Para(f.msg("code-expires")?));
            blocks.push(Block::Para(f.msg("code-never-share")?));
            blocks.push(Block::Para(f.msg("code-not-requested")?));
        }
        Notice::PasswordResetLink { url, .. } => {
            blocks.push(Block::Para(f.msg("password-reset-intro")?));
            blocks.push(Block::Link {
                label: f.msg("password-reset-button")?,
                url: checked_url(url, "password reset url must be an http(s) URL")?,
            });
            blocks.push(Block::Para(f.msg("password-reset-expires")?));
            blocks.push(Block::Para(f.msg("password-reset-not-requested")?));
            blocks.push(Block::Para(f.msg("never-password")?));
        }
        Notice::PrivacyRequestReceived { .. } => {
            blocks.push(Block::Para(f.msg("privacy-received-body")?));
            blocks.push(Block::Para(f.msg("privacy-received-due")?));
            blocks.extend(questions_blocks(ctx, &f)?);
        }
        Notice::PrivacyRequestExtended { .. } => {
            blocks.push(Block::Para(f.msg("privacy-extended-body")?));
            blocks.push(Block::Para(f.msg("privacy-extended-reason")?));
            blocks.push(Block::Para(f.msg("privacy-extended-due")?));
            blocks.extend(questions_blocks(ctx, &f)?);
        }
        Notice::PrivacyRequestCompleted { request, kept } => {
            blocks.push(Block::Para(f.msg("privacy-completed-body")?));
            if !nothing_kept(kept) {
                blocks.push(Block::Para(f.msg("privacy-completed-kept")?));
            }
            if request == "erasure" {
                blocks.push(Block::Para(f.msg("privacy-completed-last")?));
            }
            blocks.extend(questions_blocks(ctx, &f)?);
        }
        Notice::PrivacyRequestRefused { authority, .. } => {
            blocks.push(Block::Para(f.msg("privacy-refused-body")?));
            blocks.push(Block::Para(f.msg("privacy-refused-reason")?));
            match given_text(authority) {
                Some(authority) => {
                    blocks.push(Block::Para(f.msg("privacy-complain-named")?));
                    blocks.push(Block::Given(authority.to_owned()));
                }
                None => blocks.push(Block::Para(f.msg("privacy-complain")?)),
            }
            blocks.push(Block::Para(f.msg("privacy-court")?));
            blocks.extend(questions_blocks(ctx, &f)?);
        }
        Notice::ProcessingRestricted { .. } | Notice::RestrictionLifted { .. } => {
            blocks.push(Block::Para(f.msg(&format!("{p}-body"))?));
            blocks.extend(questions_blocks(ctx, &f)?);
        }
        Notice::LawfulDisclosure { .. } => {
            blocks.push(Block::Para(f.msg("lawful-disclosure-body")?));
            blocks.push(Block::Para(f.msg("lawful-disclosure-list")?));
            blocks.extend(questions_blocks(ctx, &f)?);
        }
        Notice::RetentionNotice { .. } => {
            blocks.push(Block::Para(f.msg("retention-body")?));
            blocks.push(Block::Para(f.msg("retention-keep")?));
            if let Some(support) = ctx.support_url.as_deref() {
                blocks.push(Block::Link {
                    label: f.msg("support-button")?,
                    url: checked_url(support, "support_url must be an http(s) URL")?,
                });
            }
        }
        Notice::NewSignIn { .. }
        | Notice::PasswordChanged { .. }
        | Notice::EmailChanged { .. }
        | Notice::PhoneChanged { .. }
        | Notice::Frozen { .. }
        | Notice::Unfrozen { .. } => {
            blocks.push(Block::Para(f.msg(&format!("{p}-body"))?));
            blocks.push(Block::Para(f.msg("if-you-ok")?));
            blocks.extend(not_you_blocks(n, ctx, &f)?);
        }
    }
    let footer = f.msg("footer-auto")?;
    Ok(Doc {
        subject,
        blocks,
        footer,
    })
}

fn doc_text(doc: &Doc) -> String {
    let mut out = String::new();
    for block in &doc.blocks {
        match block {
            Block::Para(s) => out.push_str(s),
            Block::Code(c) => {
                out.push_str("    ");
                out.push_str(c);
            }
            // The label only makes sense as a button; in plain text the URL
            // stands alone on its line so mail clients can link it cleanly.
            Block::Link { url, .. } => out.push_str(url),
            Block::Given(s) => out.push_str(s),
        }
        out.push_str("\n\n");
    }
    out.push_str("-- \n");
    out.push_str(&doc.footer);
    out.push('\n');
    out
}

const FONT: &str = "font-family:Tahoma,Arial,Helvetica,sans-serif;";

fn doc_html(doc: &Doc, lang: Lang) -> String {
    let dir = if lang.is_rtl() { "rtl" } else { "ltr" };
    let align = if lang.is_rtl() { "right" } else { "left" };
    let subject = escape_html(&doc.subject);
    let mut out = String::with_capacity(4096);
    out.push_str("<!DOCTYPE html>\n");
    out.push_str(&format!(
        "<html lang=\"{code}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{subject}</title>\n</head>\n",
        code = lang.code()
    ));
    out.push_str(&format!(
        "<body style=\"margin:0;padding:0;background-color:#f3f4f6;\">\n\
         <div role=\"article\" aria-label=\"{subject}\" lang=\"{code}\" dir=\"{dir}\" \
         style=\"max-width:560px;margin:0 auto;padding:24px;background-color:#ffffff;\
         color:#1f2933;{FONT}font-size:16px;line-height:1.6;text-align:{align};\">\n\
         <h1 style=\"margin:0 0 20px;font-size:20px;line-height:1.4;color:#111827;\">{subject}</h1>\n",
        code = lang.code()
    ));
    for block in &doc.blocks {
        match block {
            Block::Para(s) => {
                out.push_str(&format!(
                    "<p style=\"margin:0 0 16px;\">{}</p>\n",
                    escape_html(s)
                ));
            }
            Block::Code(c) => {
                out.push_str(&format!(
                    "<p style=\"margin:0 0 20px;text-align:center;\">\
                     <span dir=\"ltr\" style=\"display:inline-block;padding:8px 16px;\
                     font-family:'Courier New',Courier,monospace;font-size:28px;\
                     font-weight:bold;letter-spacing:6px;color:#111827;\
                     background-color:#eef2ff;border-radius:6px;\">{}</span></p>\n",
                    escape_html(c)
                ));
            }
            Block::Link { label, url } => {
                let url = escape_html(url);
                out.push_str(&format!(
                    "<p style=\"margin:0 0 8px;\"><a href=\"{url}\" \
                     style=\"display:inline-block;padding:10px 18px;background-color:#1d4ed8;\
                     color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold;\">{}</a></p>\n\
                     <p dir=\"ltr\" style=\"margin:0 0 16px;font-size:13px;color:#4b5563;\
                     word-break:break-all;text-align:left;\">{url}</p>\n",
                    escape_html(label)
                ));
            }
            Block::Given(s) => {
                out.push_str(&format!(
                    "<p dir=\"auto\" style=\"margin:0 0 16px;\">{}</p>\n",
                    escape_html(s)
                ));
            }
        }
    }
    out.push_str(&format!(
        "<hr style=\"border:none;border-top:1px solid #e5e7eb;margin:24px 0 12px;\">\n\
         <p style=\"margin:0;font-size:13px;color:#4b5563;\">{}</p>\n</div>\n</body>\n</html>\n",
        escape_html(&doc.footer)
    ));
    out
}

/// Renders `n` as an email in `lang`.
pub fn render_email(n: &Notice, lang: Lang, ctx: &Ctx) -> Result<RenderedEmail, RenderError> {
    let doc = build_doc(n, lang, ctx)?;
    Ok(RenderedEmail {
        text: doc_text(&doc),
        html: doc_html(&doc, lang),
        subject: doc.subject,
    })
}

fn checked_host(host: &str) -> Result<&str, RenderError> {
    let ok = !host.is_empty()
        && host.len() <= 253
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    if ok {
        Ok(host)
    } else {
        Err(RenderError::InvalidInput(
            "origin_host must be a bare ASCII host name",
        ))
    }
}

/// Renders `n` as an SMS text in `lang`.
///
/// Code messages end with the origin-bound line `@host #code` (WebOTP and
/// the iOS/Android one-time-code format) when `ctx.origin_host` is set, so
/// browsers fill the code only on that site.
pub fn render_sms(n: &Notice, lang: Lang, ctx: &Ctx) -> Result<String, RenderError> {
    let f = Formatter::new(lang, false, n, ctx);
    let p = n.prefix();
    let mut lines = vec![f.msg(&format!("{p}-sms"))?];
    match n {
        Notice::EmailVerifyCode { code }
        | Notice::PhoneVerifyCode { code }
        | Notice::SignInCode { code }
        | Notice::FreezeEmailCode { code } => {
            let code = checked_code(code)?;
            if let Some(host) = ctx.origin_host.as_deref() {
                lines.push(format!("@{} #{code}", checked_host(host)?));
            }
        }
        Notice::PasswordResetLink { url, .. } => {
            lines.push(checked_url(
                url,
                "password reset url must be an http(s) URL",
            )?);
        }
        Notice::RetentionNotice { .. }
        | Notice::PrivacyRequestReceived { .. }
        | Notice::PrivacyRequestExtended { .. }
        | Notice::PrivacyRequestCompleted { .. }
        | Notice::PrivacyRequestRefused { .. }
        | Notice::ProcessingRestricted { .. }
        | Notice::RestrictionLifted { .. }
        | Notice::LawfulDisclosure { .. } => {}
        Notice::NewSignIn { .. }
        | Notice::PasswordChanged { .. }
        | Notice::EmailChanged { .. }
        | Notice::PhoneChanged { .. }
        | Notice::Frozen { .. }
        | Notice::Unfrozen { .. } => {
            let freeze = match n {
                Notice::Frozen { .. } => None,
                _ => ctx.freeze_url.as_deref(),
            };
            if let Some(url) = freeze {
                lines.push(format!(
                    "{} {}",
                    f.msg("sms-not-you-freeze")?,
                    checked_url(url, "freeze_url must be an http(s) URL")?
                ));
            } else if let Some(url) = ctx.support_url.as_deref() {
                lines.push(format!(
                    "{} {}",
                    f.msg("sms-not-you-support")?,
                    checked_url(url, "support_url must be an http(s) URL")?
                ));
            } else {
                lines.push(f.msg("sms-not-you")?);
            }
        }
    }
    Ok(lines.join("\n"))
}
