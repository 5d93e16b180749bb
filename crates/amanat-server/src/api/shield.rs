//! The fraud shield over HTTP: public, for customers asking "is this really you?".

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::error::ErrorBody;
use super::{ApiJson, AppState};

/// Something to check.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckIn {
    /// The link, sender (`Name <address>`), phone number, promotion code or text, or message.
    pub input: String,
    /// Language of the answer: en, az, fa, ar, vi (for messages: the message's language,
    /// detected when left out).
    pub lang: Option<String>,
}

/// A verdict on a link, sender, phone or promotion.
#[derive(Serialize, ToSchema)]
pub struct VerdictOut {
    /// `official`, `impersonation`, `suspicious` or `unknown`.
    pub verdict: String,
    /// Reasons, each with a stable `code` and a `message`.
    #[schema(value_type = Vec<Object>)]
    pub reasons: serde_json::Value,
    /// The official channel imitated, for impersonation.
    pub imitates: Option<String>,
}

fn lang_of(s: &AppState, q: &CheckIn) -> String {
    q.lang
        .clone()
        .unwrap_or_else(|| s.vault.config().default_locale().to_owned())
}

fn json<T: Serialize>(v: &T) -> Json<serde_json::Value> {
    Json(serde_json::to_value(v).unwrap_or_default())
}

fn limit(q: &CheckIn) -> Result<(), super::error::ApiError> {
    if q.input.len() > 20_000 {
        return Err(super::error::ApiError::new(
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            "send at most 20,000 bytes to check",
        ));
    }
    Ok(())
}

/// The business's official channels (OD-13): site, mail domains, support, phones, social
/// pages, promotions, and what it never asks for.
#[utoipa::path(get, path = "/api/v1/channels", tag = "shield", responses((status = 200, description = "the channel registry", body = Object)))]
pub async fn channels(State(s): State<AppState>) -> Json<serde_json::Value> {
    let c = s.vault.config();
    Json(serde_json::json!({
        "business": c.name,
        "channels": c.channels,
    }))
}

/// Customers' reports (last 30 days) of what `key` names; none without a key.
async fn reports(
    s: &AppState,
    key: Option<crate::shield::Reported<'_>>,
) -> Result<u64, super::error::ApiError> {
    let Some(key) = key else {
        return Ok(0);
    };
    crate::shield::recent_reports(s.vault.store(), key, s.now())
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "report count failed");
            super::error::ApiError::internal()
        })
}

/// Is this link or domain the business's, or a lookalike? Customers' reports of its
/// domain in the last 30 days make an otherwise unknown link `suspicious`
/// (`domain_reported_by_customers`); an official link stays official.
#[utoipa::path(post, path = "/api/v1/check/link", tag = "shield", request_body = CheckIn, responses((status = 200, body = VerdictOut), (status = 422, body = ErrorBody)))]
pub async fn link(
    State(s): State<AppState>,
    ApiJson(q): ApiJson<CheckIn>,
) -> Result<Json<serde_json::Value>, super::error::ApiError> {
    limit(&q)?;
    let domain = amanat_shield::link_report_domain(&q.input);
    let n = reports(&s, domain.as_deref().map(crate::shield::Reported::Domain)).await?;
    Ok(json(&s.shield.check_link_reported(
        &q.input,
        n,
        &lang_of(&s, &q),
    )))
}

/// Is this sender really the business? Customers' reports of the address's domain count
/// as for links.
#[utoipa::path(post, path = "/api/v1/check/sender", tag = "shield", request_body = CheckIn, responses((status = 200, body = VerdictOut), (status = 422, body = ErrorBody)))]
pub async fn sender(
    State(s): State<AppState>,
    ApiJson(q): ApiJson<CheckIn>,
) -> Result<Json<serde_json::Value>, super::error::ApiError> {
    limit(&q)?;
    let domain = amanat_shield::sender_report_domain(&q.input);
    let n = reports(&s, domain.as_deref().map(crate::shield::Reported::Domain)).await?;
    Ok(json(&s.shield.check_sender_reported(
        &q.input,
        n,
        &lang_of(&s, &q),
    )))
}

/// Is this phone number or short code the business's? Customers' reports of it (E.164, or
/// the short code's digits) in the last 30 days make an unknown one suspicious.
#[utoipa::path(post, path = "/api/v1/check/phone", tag = "shield", request_body = CheckIn, responses((status = 200, body = VerdictOut), (status = 422, body = ErrorBody)))]
pub async fn phone(
    State(s): State<AppState>,
    ApiJson(q): ApiJson<CheckIn>,
) -> Result<Json<serde_json::Value>, super::error::ApiError> {
    limit(&q)?;
    // Customers' reports of this number in the last 30 days make an unknown number suspicious.
    let e164 = amanat_shield::phone_report_key(&q.input, &s.vault.config().default_region);
    let n = reports(&s, e164.as_deref().map(crate::shield::Reported::Phone)).await?;
    Ok(json(&s.shield.check_phone(&q.input, n, &lang_of(&s, &q))))
}

/// Is this promotion or prize real and running today?
#[utoipa::path(post, path = "/api/v1/check/promo", tag = "shield", request_body = CheckIn, responses((status = 200, body = VerdictOut), (status = 422, body = ErrorBody)))]
pub async fn promo(
    State(s): State<AppState>,
    ApiJson(q): ApiJson<CheckIn>,
) -> Result<Json<serde_json::Value>, super::error::ApiError> {
    limit(&q)?;
    let today = s
        .now()
        .with_timezone(&s.vault.config().time_zone)
        .date_naive();
    Ok(json(&s.shield.check_promo(
        &q.input,
        today,
        &lang_of(&s, &q),
    )))
}

/// Does this message or call transcript look like a scam? Answers `verdict` (scam,
/// suspicious, ok), `score` 0-100, the detected `language` and the `signals` with spans.
#[utoipa::path(post, path = "/api/v1/check/message", tag = "shield", request_body = CheckIn, responses((status = 200, body = Object), (status = 422, body = ErrorBody)))]
pub async fn message(
    State(s): State<AppState>,
    ApiJson(q): ApiJson<CheckIn>,
) -> Result<Json<serde_json::Value>, super::error::ApiError> {
    limit(&q)?;
    Ok(json(&s.shield.check_message(&q.input, q.lang.as_deref())))
}

/// Is this raw email (the whole message, as `message/rfc822`) really from the business?
/// SPF, DKIM and DMARC with alignment against the official sender domains; the envelope
/// is read from the message's own delivery headers. Customers' reports of the sender's
/// domain in the last 30 days count as for `check/sender`.
#[utoipa::path(post, path = "/api/v1/check/email", tag = "shield", request_body(content = String, content_type = "message/rfc822"),
    params(("lang" = Option<String>, Query, description = "en, az, fa, ar or vi")),
    responses((status = 200, body = VerdictOut), (status = 503, body = ErrorBody, description = "no DNS configured")))]
pub async fn email(
    State(s): State<AppState>,
    q: Result<axum::extract::Query<LangParam>, axum::extract::rejection::QueryRejection>,
    body: axum::body::Bytes,
) -> Result<Json<serde_json::Value>, super::error::ApiError> {
    let lang = q
        .ok()
        .and_then(|axum::extract::Query(q)| q.lang)
        .unwrap_or_else(|| s.vault.config().default_locale().to_owned());
    let Some(dns) = s.email_dns.clone() else {
        return Err(super::error::ApiError::new(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "email_check_unavailable",
            "email authentication needs DNS, and this server has no usable DNS configuration",
        ));
    };
    let ctx = amanat_shield::EmailContext::from_headers(&body);
    // Customers' reports of the sender's domain (or free-mail address) count as for senders.
    let domain = amanat_shield::email_report_domain(&body);
    let n = reports(&s, domain.as_deref().map(crate::shield::Reported::Domain)).await?;
    Ok(json(
        &s.shield
            .check_email_reported(&body, &ctx, &dns, (domain, n), &lang)
            .await,
    ))
}

/// The language of an answer.
#[derive(Deserialize, utoipa::IntoParams)]
pub struct LangParam {
    /// en, az, fa, ar or vi.
    pub lang: Option<String>,
}
