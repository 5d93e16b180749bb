//! Fraud reports (OO-7, OO-9, OD-11): anyone can report a scam call, SMS, email or link;
//! fraud staff see the most reported counterparts; a reporter downloads the evidence of
//! their own reports (JSON, or a page to print) with the receipts they were given, and a
//! signed-in customer, whose reports are linked to the account, without them.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use amanat_core::Role;
use amanat_store::{AuditEvent, FraudReport, Trending};

use super::auth::{CustomerSession, MaybeCustomer, Staff};
use super::error::{ApiError, ErrorBody};
use super::{ApiJson, AppState, RequestId};

/// A report.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportIn {
    /// `call`, `sms`, `email` or `link`.
    pub channel: String,
    /// The number that called or wrote, the sender address, or the link.
    pub counterpart: String,
    /// What was said or written (a card number in it is refused).
    pub text: Option<String>,
    /// When it happened, RFC 3339.
    pub occurred_at: Option<String>,
    /// Optional key that makes a retried submission count once.
    pub idempotency_key: Option<String>,
}

/// A received report.
#[derive(Serialize, ToSchema)]
pub struct ReportOut {
    /// Id.
    pub id: String,
    /// Keep this: it retrieves the evidence of this report later. Shown once.
    pub receipt: String,
    /// True when the same report was already received (nothing new stored).
    pub duplicate: bool,
    /// The normalised counterpart.
    pub counterpart: String,
    /// The shield's verdict on the counterpart.
    pub verdict: String,
}

fn unprocessable(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
}

/// The host of a link, lower-cased, without scheme, user info, port or path.
fn link_host(input: &str) -> Option<String> {
    let rest = input
        .trim()
        .split_once("://")
        .map_or(input.trim(), |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority
        .rsplit('@')
        .next()?
        .split(':')
        .next()?
        .trim_end_matches('.')
        .to_lowercase();
    (amanat_core::fields::is_domain(&host) || host.parse::<std::net::IpAddr>().is_ok())
        .then_some(host)
}

/// A reported counterpart, normalised for its channel.
struct Counterpart {
    /// E.164 number or short code, lower-case address, or host.
    value: String,
    /// `phone`, `email` or `domain`.
    kind: &'static str,
    /// The shield's verdict on it now.
    verdict: String,
    /// Registrable domain of a link or address, which the domain checks count reports by.
    domain: Option<String>,
}

/// Normalises the counterpart for its channel.
fn counterpart(s: &AppState, channel: &str, raw: &str) -> Result<Counterpart, ApiError> {
    let lang = s.vault.config().default_locale().to_owned();
    let verdict = |v: amanat_shield::Verdict| {
        serde_json::to_value(&v)
            .ok()
            .and_then(|j| j["verdict"].as_str().map(str::to_owned))
            .unwrap_or_default()
    };
    match channel {
        "call" | "sms" => {
            let value =
                amanat_shield::phone_report_key(raw, &s.vault.config().default_region)
                    .ok_or_else(|| {
                        unprocessable(
                            "invalid_counterpart",
                            "counterpart must be the phone number or short code that called or wrote, like +994 50 123 45 67",
                        )
                    })?;
            Ok(Counterpart {
                verdict: verdict(s.shield.check_phone(&value, 0, &lang)),
                value,
                kind: "phone",
                domain: None,
            })
        }
        "email" => {
            let addr = raw
                .trim()
                .rsplit('<')
                .next()
                .unwrap_or(raw)
                .trim_end_matches('>')
                .trim();
            let value = amanat_core::fields::parse_email(addr)
                .map_err(|_| {
                    unprocessable(
                        "invalid_counterpart",
                        "counterpart must be the sender's email address",
                    )
                })?
                .to_lowercase();
            Ok(Counterpart {
                verdict: verdict(s.shield.check_sender(&value, &lang)),
                domain: amanat_shield::sender_report_domain(&value),
                value,
                kind: "email",
            })
        }
        "link" => {
            let host = link_host(raw).ok_or_else(|| {
                unprocessable(
                    "invalid_counterpart",
                    "counterpart must be the link or domain, like https://example.com/page",
                )
            })?;
            // On a shared platform (bit.ly, t.me, ...) the reported thing is the link, not
            // the platform: fraud staff see `bit.ly/3xYz` in the trending list, not `bit.ly`.
            let domain = amanat_shield::link_report_domain(raw);
            let value = match &domain {
                Some(d) if d.contains('/') => d.clone(),
                _ => host,
            };
            Ok(Counterpart {
                value,
                kind: "domain",
                verdict: verdict(s.shield.check_link(raw, &lang)),
                domain,
            })
        }
        _ => Err(unprocessable(
            "invalid_channel",
            "channel must be one of call, sms, email, link",
        )),
    }
}

/// Report a scam call, SMS, email or link (public). Sent with a customer's session
/// (bearer or cookie), the report is linked to the account and joins the customer's
/// evidence bundle (`GET /api/v1/me/reports/evidence`).
#[utoipa::path(post, path = "/api/v1/reports", tag = "shield", request_body = ReportIn,
    responses((status = 201, body = ReportOut), (status = 200, body = ReportOut, description = "already received"),
        (status = 401, body = ErrorBody, description = "a bearer token that is not a live session"), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    MaybeCustomer(owner): MaybeCustomer,
    ApiJson(r): ApiJson<ReportIn>,
) -> Result<(StatusCode, Json<ReportOut>), ApiError> {
    let Counterpart {
        value,
        kind,
        verdict,
        domain,
    } = counterpart(&s, &r.channel, &r.counterpart)?;
    let owner = owner.map(|session| session.subject);
    let text = match r.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => None,
        Some(t) => {
            amanat_core::card::guard(t)
                .map_err(|e| unprocessable("card_number_refused", format!("text: {e}")))?;
            if t.chars().count() > 5000 {
                return Err(unprocessable(
                    "invalid_field_value",
                    "text must be at most 5,000 characters",
                ));
            }
            if t.chars()
                .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
            {
                return Err(unprocessable(
                    "invalid_field_value",
                    "text must not contain control characters",
                ));
            }
            Some(t.to_owned())
        }
    };
    let occurred_at = match &r.occurred_at {
        None => None,
        Some(t) => {
            let at = chrono::DateTime::parse_from_rfc3339(t).map_err(|_| {
                unprocessable(
                    "invalid_field_value",
                    "occurred_at must be RFC 3339, like 2026-11-27T10:15:00+04:00",
                )
            })?;
            if at.with_timezone(&chrono::Utc) > s.now() + chrono::Duration::minutes(5) {
                return Err(unprocessable(
                    "invalid_field_value",
                    "occurred_at is in the future",
                ));
            }
            Some(at.timestamp_millis())
        }
    };
    let secret: [u8; 24] = amanat_crypto::random_bytes();
    let receipt = format!(
        "rcpt_{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret)
    );
    let dedup_source = dedup_source(
        &r.channel,
        &value,
        text.as_deref(),
        occurred_at,
        r.idempotency_key.as_deref(),
        owner.as_deref(),
        s.now().timestamp_millis(),
    );
    let dedup_key = s.vault.keyed_digest("fraud_report", &dedup_source);
    let report_id = uuid::Uuid::now_v7().to_string();
    // The text may describe the reporter too: it is kept sealed, so a copy of the data
    // store alone does not show it.
    let text = text.map(|t| seal_text(&s, &report_id, &t));
    let report = FraudReport {
        id: report_id,
        channel: r.channel.clone(),
        counterpart: value.clone(),
        counterpart_kind: kind.to_owned(),
        occurred_at,
        received_at: s.now().timestamp_millis(),
        report_text: text,
        verdict: verdict.clone(),
        counterpart_domain: domain,
        customer_id: owner.clone(),
    };
    let (actor, role) = match &owner {
        Some(id) => (format!("customer:{id}"), "customer"),
        None => ("public".to_owned(), "reporter"),
    };
    let audit = AuditEvent {
        at: report.received_at,
        actor,
        role: role.into(),
        action: "fraud.report".into(),
        subject: report.id.clone(),
        purpose: "fraud_prevention".into(),
        fields: vec![],
        request_id: rid,
    };
    let new = s
        .vault
        .store()
        .add_fraud_report(
            &report,
            &amanat_crypto::token_digest(&receipt),
            &dedup_key,
            &audit,
        )
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "storing a fraud report failed");
            ApiError::internal()
        })?;
    metrics::counter!("amanat_fraud_reports_total", "channel" => report.channel.clone(), "new" => new.to_string()).increment(1);
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(ReportOut {
            id: if new { report.id } else { String::new() },
            receipt: if new { receipt } else { String::new() },
            duplicate: !new,
            counterpart: value,
            verdict,
        }),
    ))
}

/// The trending window.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct TrendingQuery {
    /// `24h` (default) or `7d`.
    pub window: Option<String>,
}

/// The most reported counterparts.
#[derive(Serialize, ToSchema)]
pub struct TrendingOut {
    /// The window.
    pub window: String,
    /// Most reported first.
    #[schema(value_type = Vec<Object>)]
    pub counterparts: Vec<Trending>,
}

/// The most reported numbers, addresses and domains over 24 hours or 7 days (fraud staff).
#[utoipa::path(get, path = "/api/v1/reports/trending", tag = "shield", params(TrendingQuery),
    responses((status = 200, body = TrendingOut), (status = 403, body = ErrorBody)), security(("bearer" = [])))]
pub async fn trending(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    q: Result<Query<TrendingQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<TrendingOut>, ApiError> {
    let Query(q) = q?;
    if !matches!(actor.role, Role::Fraud | Role::Admin | Role::Dpo) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "only the fraud, admin and dpo roles see fraud reports",
        ));
    }
    let window = q.window.unwrap_or_else(|| "24h".into());
    let span = match window.as_str() {
        "24h" => chrono::Duration::hours(24),
        "7d" => chrono::Duration::days(7),
        _ => {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_query",
                "window must be 24h or 7d",
            ));
        }
    };
    let now = s.now();
    let fail = |e: amanat_store::StoreError| {
        tracing::error!(error = %e, "fraud report query failed");
        ApiError::internal()
    };
    let counterparts = s
        .vault
        .store()
        .trending_fraud((now - span).timestamp_millis(), 50)
        .await
        .map_err(fail)?;
    let audit = AuditEvent {
        at: now.timestamp_millis(),
        actor: actor.id,
        role: actor.role.as_str().into(),
        action: "fraud.trending".into(),
        subject: String::new(),
        purpose: "fraud_prevention".into(),
        fields: vec![],
        request_id: rid,
    };
    s.vault.store().append_audit(&audit).await.map_err(fail)?;
    Ok(Json(TrendingOut {
        window,
        counterparts,
    }))
}

/// Receipts of one's own reports.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceIn {
    /// The receipts given when the reports were made.
    pub receipts: Vec<String>,
}

/// Output format.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct FormatQuery {
    /// `json` (default) or `html` (a page to print and hand to the public prosecutor).
    pub format: Option<String>,
}

/// The evidence bundle of one's own reports, as JSON or as a printable page.
#[utoipa::path(post, path = "/api/v1/reports/evidence", tag = "shield", params(FormatQuery), request_body = EvidenceIn,
    responses((status = 200, description = "the bundle", body = Object), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn evidence(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    q: Result<Query<FormatQuery>, axum::extract::rejection::QueryRejection>,
    ApiJson(body): ApiJson<EvidenceIn>,
) -> Result<Response, ApiError> {
    let Query(q) = q?;
    check_format(&q)?;
    if body.receipts.is_empty() || body.receipts.len() > 100 {
        return Err(unprocessable("invalid_body", "give 1 to 100 receipts"));
    }
    let hashes: Vec<Vec<u8>> = body
        .receipts
        .iter()
        .map(|r| amanat_crypto::token_digest(r.trim()).to_vec())
        .collect();
    let reports = s
        .vault
        .store()
        .fraud_reports_by_receipts(&hashes)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "evidence query failed");
            ApiError::internal()
        })?;
    if reports.is_empty() {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "no report matches these receipts",
        ));
    }
    // Whoever holds the receipts reads the reports' texts: recorded like any other read,
    // one entry per report (the subject is the report id, never a receipt).
    for r in &reports {
        s.vault
            .audit(&AuditEvent {
                at: s.now().timestamp_millis(),
                actor: "public".into(),
                role: "reporter".into(),
                action: "fraud.evidence".into(),
                subject: r.id.clone(),
                purpose: "access".into(),
                fields: Vec::new(),
                request_id: rid.clone(),
            })
            .await?;
    }
    evidence_response(&s, q.format.as_deref(), reports)
}

/// How long an anonymous report without an idempotency key is taken for a resend of the
/// same one (a double click, a retry): after that the same content is another person's
/// report of the same scam, and counts.
const ANONYMOUS_RESEND_WINDOW_MS: i64 = 10 * 60 * 1000;

/// What makes two reports the same one. A signed-in customer's resent report counts once,
/// but it does not swallow another customer's report of the same scam; a client's
/// idempotency key names one report; an anonymous report with neither is the same one only
/// within `ANONYMOUS_RESEND_WINDOW_MS`, so many people reporting the same number without a
/// text are all counted.
fn dedup_source(
    channel: &str,
    value: &str,
    text: Option<&str>,
    occurred_at: Option<i64>,
    idempotency_key: Option<&str>,
    owner: Option<&str>,
    now_ms: i64,
) -> String {
    let who = match (owner, idempotency_key) {
        (Some(id), _) => format!("customer:{id}"),
        (None, Some(_)) => String::new(),
        (None, None) => format!("window:{}", now_ms.div_euclid(ANONYMOUS_RESEND_WINDOW_MS)),
    };
    format!(
        "{channel}\u{0}{value}\u{0}{}\u{0}{}\u{0}{}\u{0}{who}",
        text.unwrap_or(""),
        occurred_at.map(|t| t.to_string()).unwrap_or_default(),
        idempotency_key.unwrap_or(""),
    )
}

/// Marks a sealed report text (base64 of the ciphertext follows).
const SEALED_TEXT: &str = "sealed:v1:";

/// Seals a report's text under a key of the installation bound to the report id.
fn seal_text(s: &AppState, report_id: &str, text: &str) -> String {
    let key = s.vault.keyed_digest("fraud-report-text", report_id);
    let sealed = amanat_crypto::seal(&key, report_id.as_bytes(), text.as_bytes());
    format!(
        "{SEALED_TEXT}{}",
        base64::engine::general_purpose::STANDARD_NO_PAD.encode(sealed)
    )
}

/// Opens the texts [`seal_text`] sealed (texts stored before sealing are shown as they are).
fn open_texts(s: &AppState, reports: &mut [FraudReport]) -> Result<(), ApiError> {
    for r in reports.iter_mut() {
        let Some(sealed) = r
            .report_text
            .as_deref()
            .and_then(|t| t.strip_prefix(SEALED_TEXT))
        else {
            continue;
        };
        let key = s.vault.keyed_digest("fraud-report-text", &r.id);
        let plain = base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(sealed)
            .ok()
            .and_then(|b| amanat_crypto::open(&key, r.id.as_bytes(), &b).ok())
            .and_then(|p| String::from_utf8(p.to_vec()).ok())
            .ok_or_else(|| crate::vault::VaultError::Integrity)?;
        r.report_text = Some(plain);
    }
    Ok(())
}

/// The bundle as JSON or as the printable page.
/// An evidence bundle comes as `json` (the default) or `html`.
fn check_format(q: &FormatQuery) -> Result<(), ApiError> {
    if matches!(q.format.as_deref(), None | Some("json" | "html")) {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_query",
            "format must be json or html",
        ))
    }
}

fn evidence_response(
    s: &AppState,
    format: Option<&str>,
    mut reports: Vec<FraudReport>,
) -> Result<Response, ApiError> {
    open_texts(s, &mut reports)?;
    let reports = reports.as_slice();
    let generated_at = s.now().to_rfc3339();
    let business = s.vault.config().name.clone();
    let mut res = match format.unwrap_or("json") {
        "json" => Json(serde_json::json!({ "business": business, "generated_at": generated_at, "reports": reports })).into_response(),
        "html" => ([(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CONTENT_SECURITY_POLICY, "default-src 'none'; style-src 'unsafe-inline'")], evidence_page(&business, &generated_at, reports)).into_response(),
        _ => return Err(ApiError::new(StatusCode::BAD_REQUEST, "bad_query", "format must be json or html")),
    };
    // What a customer wrote about a scam stays out of shared caches.
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(res)
}

/// The evidence bundle of every report the signed-in customer made while signed in, as
/// JSON or as a printable page for the public prosecutor (OO-9). Only the customer's own
/// reports; the read is audited.
#[utoipa::path(get, path = "/api/v1/me/reports/evidence", tag = "me", params(FormatQuery),
    responses((status = 200, description = "the bundle (JSON, or an HTML page)", body = Object), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn my_evidence(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    CustomerSession(sess): CustomerSession,
    q: Result<Query<FormatQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = q?;
    check_format(&q)?;
    let id = &sess.subject;
    let reports = s
        .vault
        .store()
        .fraud_reports_of_customer(id)
        .await
        .map_err(crate::vault::VaultError::from)?;
    s.vault
        .audit(&AuditEvent {
            at: s.now().timestamp_millis(),
            actor: format!("customer:{id}"),
            role: "customer".into(),
            action: "fraud.evidence".into(),
            subject: id.clone(),
            purpose: "access".into(),
            fields: Vec::new(),
            request_id: rid,
        })
        .await?;
    evidence_response(&s, q.format.as_deref(), reports)
}

fn escape(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            '&' => "&amp;".to_owned(),
            '"' => "&quot;".to_owned(),
            '\'' => "&#39;".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

fn evidence_page(business: &str, generated_at: &str, reports: &[FraudReport]) -> String {
    let time = |ms: i64| {
        chrono::DateTime::from_timestamp_millis(ms)
            .map(|t| t.to_rfc3339())
            .unwrap_or_default()
    };
    let mut rows = String::new();
    for r in reports {
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td dir=\"auto\">{}</td><td>{}</td></tr>\n",
            escape(&r.id),
            escape(&r.channel),
            escape(&r.counterpart),
            r.occurred_at.map(time).map(|t| escape(&t)).unwrap_or_default(),
            escape(&time(r.received_at)),
            escape(r.report_text.as_deref().unwrap_or("")),
            escape(&r.verdict),
        ));
    }
    if reports.is_empty() {
        rows.push_str("<tr><td colspan=\"7\">No reports.</td></tr>\n");
    }
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Evidence of fraud reports</title>\
         <style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}td,th{{border:1px solid #999;padding:.4em;vertical-align:top}}</style></head>\
         <body><h1>Evidence of fraud reports</h1><p>Reports received by {} (generated {}). Each report id can be confirmed with {}.</p>\
         <table><tr><th>Report</th><th>Channel</th><th>Counterpart</th><th>Happened</th><th>Received</th><th>What was said or written</th><th>Verdict at the time</th></tr>\n{}</table></body></html>",
        escape(business),
        escape(generated_at),
        escape(business),
        rows
    )
}

#[cfg(test)]
mod tests {
    use super::dedup_source;

    #[test]
    fn anonymous_identical_reports_are_one_only_within_the_resend_window() {
        let at = |ms| dedup_source("sms", "+994501234567", None, None, None, None, ms);
        // A multiple of the window, so the offsets below stay inside or cross it.
        let t0 = 1_800_000_000_000i64;
        // A double click is one report...
        assert_eq!(at(t0 + 1_000), at(t0 + 30_000));
        // ... the same content a quarter of an hour later is someone else's report.
        assert_ne!(at(t0 + 1_000), at(t0 + 15 * 60 * 1000));
        // An idempotency key or a signed-in customer names the report whenever it comes.
        let keyed = |ms| dedup_source("sms", "+994501234567", None, None, Some("k1"), None, ms);
        assert_eq!(keyed(t0), keyed(t0 + 86_400_000));
        let mine = |ms| dedup_source("sms", "+994501234567", None, None, None, Some("c1"), ms);
        assert_eq!(mine(t0), mine(t0 + 86_400_000));
        assert_ne!(
            mine(t0),
            dedup_source("sms", "+994501234567", None, None, None, Some("c2"), t0)
        );
        // A different text or number is a different report.
        assert_ne!(
            at(t0),
            dedup_source("sms", "+994501234567", Some("x"), None, None, None, t0)
        );
        assert_ne!(
            at(t0),
            dedup_source("sms", "+994501234568", None, None, None, None, t0)
        );
    }
}
