//! Consent over HTTP: recording by integrations and staff, by the customer, "may I
//! contact", the history, and the audience stream.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use amanat_core::Role;

use super::auth::{CustomerSession, Staff};
use super::customers::parse_id;
use super::error::{ApiError, ErrorBody};
use super::{ApiJson, AppState, RequestId};
use crate::consent::{self, MayContact};
use crate::vault::{Actor, VaultError};

/// A grant or withdrawal of consent.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentBody {
    /// A purpose whose legal basis is consent, e.g. `marketing`.
    pub purpose: String,
    /// `email`, `sms`, `post` or `phone`.
    pub channel: String,
    /// true grants, false withdraws.
    pub granted: bool,
    /// The privacy policy version the customer saw.
    pub policy_version: String,
    /// `api` (default for integrations), `staff` (default for staff) or `import`.
    pub source: Option<String>,
}

/// An objection to a purpose, or its lifting.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectionBody {
    /// A consent-based (direct marketing) or legitimate-interest purpose.
    pub purpose: String,
    /// true lifts an earlier objection; default false (object).
    #[serde(default)]
    pub lifted: bool,
    /// The privacy policy version the customer saw.
    pub policy_version: String,
    /// Source, as for consent.
    pub source: Option<String>,
}

/// A recorded event.
#[derive(Serialize, ToSchema)]
pub struct Recorded {
    /// Its position in the ledger.
    pub seq: i64,
}

/// The purpose and channel asked about.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ContactQuery {
    /// The purpose.
    pub purpose: String,
    /// `email`, `sms`, `post` or `phone`.
    pub channel: String,
}

/// A customer's consent history.
#[derive(Serialize, ToSchema)]
pub struct History {
    /// Every grant, withdrawal and objection, oldest first.
    #[schema(value_type = Vec<Object>)]
    pub history: Vec<amanat_store::ConsentRecord>,
}

fn writer(actor: &Actor) -> Result<(), ApiError> {
    if actor.role.may_write_customers() {
        Ok(())
    } else {
        Err(VaultError::Forbidden(actor.role).into())
    }
}

fn source_of(actor: &Actor, given: Option<String>) -> String {
    given.unwrap_or_else(|| {
        if actor.role == Role::Integration {
            "api"
        } else {
            "staff"
        }
        .to_owned()
    })
}

/// Record a customer's grant or withdrawal of consent (integrations, staff).
#[utoipa::path(post, path = "/api/v1/customers/{id}/consents", tag = "consent", params(("id" = String, Path, description = "customer id")),
    request_body = ConsentBody, responses((status = 201, body = Recorded), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn record(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ConsentBody>,
) -> Result<(StatusCode, Json<Recorded>), ApiError> {
    writer(&actor)?;
    let id = parse_id(&id)?;
    let source = source_of(&actor, b.source);
    let seq = consent::record(
        &s.vault,
        (&actor.id, actor.role.as_str()),
        id.as_str(),
        &b.purpose,
        &b.channel,
        b.granted,
        &b.policy_version,
        &source,
        &rid,
        s.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(Recorded { seq })))
}

/// Record a customer's objection to a purpose, or its lifting (integrations, staff).
#[utoipa::path(post, path = "/api/v1/customers/{id}/objections", tag = "consent", params(("id" = String, Path, description = "customer id")),
    request_body = ObjectionBody, responses((status = 201, body = Recorded), (status = 400, body = ErrorBody)), security(("bearer" = [])))]
pub async fn objection(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ObjectionBody>,
) -> Result<(StatusCode, Json<Recorded>), ApiError> {
    writer(&actor)?;
    let id = parse_id(&id)?;
    let source = source_of(&actor, b.source);
    let seq = consent::object(
        &s.vault,
        (&actor.id, actor.role.as_str()),
        id.as_str(),
        &b.purpose,
        b.lifted,
        &b.policy_version,
        &source,
        &rid,
        s.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(Recorded { seq })))
}

/// A customer's consent history (audited).
#[utoipa::path(get, path = "/api/v1/customers/{id}/consents", tag = "consent", params(("id" = String, Path, description = "customer id")),
    responses((status = 200, body = History), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub async fn history(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
) -> Result<Json<History>, ApiError> {
    let id = parse_id(&id)?;
    let history = consent::history(&s.vault, id.as_str()).await?;
    s.vault
        .audit(&amanat_store::AuditEvent {
            at: s.now().timestamp_millis(),
            actor: actor.id.clone(),
            role: actor.role.as_str().into(),
            action: "consent.view".into(),
            subject: id.to_string(),
            purpose: "service".into(),
            fields: Vec::new(),
            request_id: rid,
        })
        .await?;
    Ok(Json(History { history }))
}

/// May this customer be contacted for this purpose by this channel? Yes or no, with the
/// reason: the consent record, an objection, or the legal basis.
#[utoipa::path(get, path = "/api/v1/customers/{id}/may-contact", tag = "consent", params(("id" = String, Path, description = "customer id"), ContactQuery),
    responses((status = 200, body = MayContact), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub async fn may_contact(
    State(s): State<AppState>,
    Staff(_actor): Staff,
    Path(id): Path<String>,
    q: Result<Query<ContactQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<MayContact>, ApiError> {
    let Query(q) = q?;
    let id = parse_id(&id)?;
    Ok(Json(
        consent::may_contact(&s.vault, id.as_str(), &q.purpose, &q.channel).await?,
    ))
}

/// The ids of every customer who may be contacted for a purpose by a channel, streamed
/// as NDJSON (`{"customer_id": "..."}` per line), for campaigns of millions. Integration,
/// admin and DPO; audited once per export.
#[utoipa::path(get, path = "/api/v1/audience", tag = "consent", params(ContactQuery),
    responses((status = 200, description = "application/x-ndjson, one {\"customer_id\"} per line"), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn audience(
    State(s): State<AppState>,
    Staff(actor): Staff,
    RequestId(rid): RequestId,
    q: Result<Query<ContactQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    if !matches!(actor.role, Role::Integration | Role::Admin | Role::Dpo) {
        return Err(VaultError::Forbidden(actor.role).into());
    }
    let Query(q) = q?;
    let rule = consent::audience_rule(&s.vault, &q.purpose, &q.channel)?;
    s.vault
        .audit(&amanat_store::AuditEvent {
            at: s.now().timestamp_millis(),
            actor: actor.id.clone(),
            role: actor.role.as_str().into(),
            action: "audience.export".into(),
            subject: String::new(),
            purpose: q.purpose.clone(),
            fields: vec![q.channel.clone()],
            request_id: rid,
        })
        .await?;
    let (tx, rx) = tokio::sync::mpsc::channel(8);
    let store = s.vault.store().clone();
    tokio::spawn(async move {
        let tx2 = tx.clone();
        if let Err(e) = store
            .stream_audience(&q.purpose, &q.channel, rule, 4096, tx)
            .await
        {
            tracing::error!(error = %e, "the audience stream failed");
            let _ = tx2.send(Err(e)).await;
        }
    });
    let body = futures_util::stream::unfold(rx, |mut rx| async move {
        let batch = rx.recv().await?;
        let chunk = batch.map(|ids| {
            let mut out = String::with_capacity(ids.len() * 54);
            for id in ids {
                out.push_str("{\"customer_id\":\"");
                out.push_str(&id);
                out.push_str("\"}\n");
            }
            axum::body::Bytes::from(out)
        });
        Some((chunk.map_err(|e| std::io::Error::other(e.to_string())), rx))
    });
    Ok((
        [(header::CONTENT_TYPE, "application/x-ndjson")],
        Body::from_stream(body),
    )
        .into_response())
}

/// The signed-in customer grants or withdraws consent (source `portal`).
#[utoipa::path(post, path = "/api/v1/me/consents", tag = "me", request_body = ConsentBody,
    responses((status = 201, body = Recorded), (status = 400, body = ErrorBody)))]
pub async fn my_consent(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    CustomerSession(sess): CustomerSession,
    ApiJson(b): ApiJson<ConsentBody>,
) -> Result<(StatusCode, Json<Recorded>), ApiError> {
    if b.source.as_deref().is_some_and(|x| x != "portal") {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "a customer's own consent has the source `portal`; leave source out",
        ));
    }
    let actor = format!("customer:{}", sess.subject);
    let seq = consent::record(
        &s.vault,
        (&actor, "customer"),
        &sess.subject,
        &b.purpose,
        &b.channel,
        b.granted,
        &b.policy_version,
        "portal",
        &rid,
        s.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(Recorded { seq })))
}

/// The signed-in customer objects to a purpose (or lifts the objection).
#[utoipa::path(post, path = "/api/v1/me/objections", tag = "me", request_body = ObjectionBody,
    responses((status = 201, body = Recorded), (status = 400, body = ErrorBody)))]
pub async fn my_objection(
    State(s): State<AppState>,
    RequestId(rid): RequestId,
    CustomerSession(sess): CustomerSession,
    ApiJson(b): ApiJson<ObjectionBody>,
) -> Result<(StatusCode, Json<Recorded>), ApiError> {
    let actor = format!("customer:{}", sess.subject);
    let seq = consent::object(
        &s.vault,
        (&actor, "customer"),
        &sess.subject,
        &b.purpose,
        b.lifted,
        &b.policy_version,
        "portal",
        &rid,
        s.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(Recorded { seq })))
}

/// The signed-in customer's consent history.
#[utoipa::path(get, path = "/api/v1/me/consents", tag = "me", responses((status = 200, body = History)))]
pub async fn my_history(
    State(s): State<AppState>,
    CustomerSession(sess): CustomerSession,
) -> Result<Json<History>, ApiError> {
    Ok(Json(History {
        history: consent::history(&s.vault, &sess.subject).await?,
    }))
}
